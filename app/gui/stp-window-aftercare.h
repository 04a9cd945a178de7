/* stp-window-aftercare.h: what aftercare adds to the main window: the Follow-ups page
 * with its sidebar entry and counts, win.show-followups, and the reminder banner.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "stp-followups-page.h"
#include "stp-notifier.h"

G_BEGIN_DECLS

typedef struct _StpWindow StpWindow;

/* Called once by the window as it is built. */
void              stp_window_aftercare_attach       (StpWindow   *window);
/* The banner shows the reminders the notifier could not put on the desktop. */
void              stp_window_aftercare_set_notifier (StpWindow   *window,
                                                     StpNotifier *notifier);
StpFollowupsPage *stp_window_get_followups_page     (StpWindow   *window);
/* The banner (a GtkRevealer) and its text, for tests. */
GtkRevealer      *stp_window_get_reminder_banner    (StpWindow   *window);
const char       *stp_window_get_reminder_banner_text (StpWindow *window);

G_END_DECLS
