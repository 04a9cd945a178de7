/* stp-timeline.h: the client page's treatment group: plan progress, "Log Session…", and
 * the client's consultations, sessions, photos and sketch versions in time order.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include <stipple/stipple.h>

G_BEGIN_DECLS

#define STP_TYPE_TIMELINE (stp_timeline_get_type ())
G_DECLARE_FINAL_TYPE (StpTimeline, stp_timeline, STP, TIMELINE, AdwPreferencesGroup)

GtkWidget   *stp_timeline_new              (void);
void         stp_timeline_set_store        (StpTimeline *self,
                                            StpStore    *store);
/* 0 hides the group (a new client has no history yet). */
void         stp_timeline_set_client_id    (StpTimeline *self,
                                            gint64       client_id);
/* What the progress row says ("Session 2 of 3 — next due 14 March"), for tests. */
const char  *stp_timeline_get_progress_text (StpTimeline *self);
/* The rows shown, oldest first (AdwActionRow), for tests. */
guint        stp_timeline_get_n_entries    (StpTimeline *self);
GtkWidget   *stp_timeline_get_entry_row    (StpTimeline *self,
                                            guint        index);

G_END_DECLS
