/* stp-consultation-page.h: one consultation's intake, screening and plan, saved as typed.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include <stipple/stipple.h>

G_BEGIN_DECLS

#define STP_TYPE_CONSULTATION_PAGE (stp_consultation_page_get_type ())
G_DECLARE_FINAL_TYPE (StpConsultationPage, stp_consultation_page, STP, CONSULTATION_PAGE,
                      AdwBin)

GtkWidget        *stp_consultation_page_new          (void);
void              stp_consultation_page_set_store    (StpConsultationPage *self,
                                                      StpStore            *store);
/* Shows a consultation (0: none, after saving what is pending). A draft is saved
 * automatically after each edit; complete and amended ones are read-only. */
gboolean          stp_consultation_page_load         (StpConsultationPage *self,
                                                      gint64               id,
                                                      GError             **error);
gint64            stp_consultation_page_get_id       (StpConsultationPage *self);
/* Saves a pending edit now (when leaving the page or closing the window). */
gboolean          stp_consultation_page_flush        (StpConsultationPage *self,
                                                      GError             **error);
/* "Saved", "Saving…", "Not saved: …" or "Read only", for the header. */
const char       *stp_consultation_page_get_save_status (StpConsultationPage *self);
const char       *stp_consultation_page_get_title    (StpConsultationPage *self);

/* A short count of flags, e.g. "2 contraindications · 1 needs clearance"; NULL when
 * there are none. *blocks is set when any uncleared one blocks booking. */
char             *stp_consultation_format_flags      (GPtrArray           *flags,
                                                      gboolean            *blocks);

/* For tests: the consultation as edited, and the controls a person would use. */
StpConsultation  *stp_consultation_page_get_consultation  (StpConsultationPage *self);
GtkCheckButton   *stp_consultation_page_get_goal_check    (StpConsultationPage *self,
                                                           StpGoals             goal);
AdwComboRow      *stp_consultation_page_get_scale_row     (StpConsultationPage *self);
AdwComboRow      *stp_consultation_page_get_stage_row     (StpConsultationPage *self);
AdwComboRow      *stp_consultation_page_get_phototype_row (StpConsultationPage *self);
/* How far down the form is scrolled, in pixels, to reopen a draft where it was left. */
double            stp_consultation_page_get_scroll_position     (StpConsultationPage *self);
void              stp_consultation_page_restore_scroll_position (StpConsultationPage *self,
                                                                 double               position);
GtkTextView      *stp_consultation_page_get_expectations_view (StpConsultationPage *self);
GtkToggleButton  *stp_consultation_page_get_answer_button (StpConsultationPage *self,
                                                           const char          *key,
                                                           StpAnswerValue       value);
/* The date entry of a question that asks for one, else NULL. */
GtkEditable      *stp_consultation_page_get_answer_date   (StpConsultationPage *self,
                                                           const char          *key);
/* The "Record Clearance…" button of an uncleared blocking flag, else NULL. */
GtkWidget        *stp_consultation_page_get_clearance_button (StpConsultationPage *self,
                                                              const char          *key);
GtkWidget        *stp_consultation_page_get_complete_button (StpConsultationPage *self);
GtkWidget        *stp_consultation_page_get_amend_button    (StpConsultationPage *self);
/* The message shown at the top after a refused action, or NULL. */
const char       *stp_consultation_page_get_message        (StpConsultationPage *self);
/* FALSE when the editors are insensitive (a complete or amended consultation). */
gboolean          stp_consultation_page_get_editable       (StpConsultationPage *self);

G_END_DECLS
