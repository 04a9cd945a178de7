/* stp-followups-page.h: the front desk's follow-up queue: overdue, today and upcoming
 * follow-ups with their client, reason, contact details and last outcome.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include <stipple/stipple.h>

G_BEGIN_DECLS

#define STP_TYPE_FOLLOWUPS_PAGE (stp_followups_page_get_type ())
G_DECLARE_FINAL_TYPE (StpFollowupsPage, stp_followups_page, STP, FOLLOWUPS_PAGE, GtkBox)

StpFollowupsPage *stp_followups_page_new        (StpStore          *store);
/* Reads the follow-ups again (done by itself on store changes, after the change). */
void              stp_followups_page_reload     (StpFollowupsPage  *self);
void              stp_followups_page_get_counts (StpFollowupsPage  *self,
                                                 StpFollowupCounts *counts);
/* The ids shown, in order (overdue, today, upcoming). */
GArray           *stp_followups_page_get_ids    (StpFollowupsPage  *self);
/* Selects or unselects a follow-up for the bulk actions. */
void              stp_followups_page_set_selected (StpFollowupsPage *self,
                                                   gint64            id,
                                                   gboolean          selected);
/* The outcome dialog the Done action opens (NULL when none is open). */
AdwMessageDialog *stp_followups_page_get_dialog (StpFollowupsPage  *self);

G_END_DECLS
