/* stp-window.h: the main window: the client list beside the selected client.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include <stipple/stipple.h>

#include "stp-client-page.h"
#include "stp-consultation-page.h"
#include "stp-session-page.h"
#include "stp-sketch-page.h"

G_BEGIN_DECLS

#define STP_TYPE_WINDOW (stp_window_get_type ())
G_DECLARE_FINAL_TYPE (StpWindow, stp_window, STP, WINDOW, AdwApplicationWindow)

/* application and settings may be NULL (tests drive a window without either). */
StpWindow      *stp_window_new                (GtkApplication *application,
                                               StpStore       *store,
                                               GSettings      *settings);
StpWindow      *stp_window_new_with_clients   (GtkApplication *application,
                                               StpStore       *store,
                                               GSettings      *settings,
                                               StpClientList  *clients);
StpStore       *stp_window_get_store          (StpWindow      *self);
StpClientList  *stp_window_get_client_list    (StpWindow      *self);
StpClientPage  *stp_window_get_client_page    (StpWindow      *self);
/* The consultation form (built on first use). */
StpConsultationPage *stp_window_get_consultation_page (StpWindow *self);
/* The session form (built on first use). */
StpSessionPage *stp_window_get_session_page   (StpWindow      *self);
/* The lot recall window while it is open, else NULL. */
GtkWidget      *stp_window_get_recall_window  (StpWindow      *self);
/* The sketch editor (built on first use). */
StpSketchPage  *stp_window_get_sketch_page    (StpWindow      *self);
GtkEditable    *stp_window_get_search_entry   (StpWindow      *self);
/* The note under the search field that says a search shows only its best matches. */
GtkLabel       *stp_window_get_search_note    (StpWindow      *self);
/* The id of the client the content shows; 0 when none or a new, unsaved one. */
gint64          stp_window_get_current_id     (StpWindow      *self);
/* Shows the client, asking first about unsaved edits (aftercare reminders use it). */
void            stp_window_open_client        (StpWindow      *self,
                                               gint64          id);
/* Shows a toast; the window's one place for short feedback. */
void            stp_window_add_toast          (StpWindow      *self,
                                               AdwToast       *toast);

G_END_DECLS
