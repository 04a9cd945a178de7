/* stp-notifier.h: desktop reminders of due follow-ups through libnotify, with an in-app
 * fallback when no notification server answers.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include <stipple/stipple.h>

G_BEGIN_DECLS

#define STP_TYPE_NOTIFIER (stp_notifier_get_type ())
G_DECLARE_FINAL_TYPE (StpNotifier, stp_notifier, STP, NOTIFIER, GObject)

/* More follow-ups than this falling due together make one summary notification. */
#define STP_NOTIFIER_SUMMARY_THRESHOLD 3

/* application receives "app.open-client" (int64) and "app.show-followups" from the
 * notifications' buttons; it may be NULL in tests. */
StpNotifier  *stp_notifier_new              (StpStore     *store,
                                             GApplication *application);
/* Checks now (reminders missed while Stipple was closed come as one summary), then
 * keeps a timer to the next due time. */
void          stp_notifier_start            (StpNotifier  *self);
/* Checks for due follow-ups now (also called on store changes and by the timer). */
void          stp_notifier_check            (StpNotifier  *self);

/* The follow-ups that could not be shown on the desktop (no notification server): ids
 * (gint64), in due order. The window shows them in its banner; ::fallback-changed says
 * when the list changes. */
GArray       *stp_notifier_get_fallback     (StpNotifier  *self);
/* The banner's text for them; NULL when there are none. */
char         *stp_notifier_dup_fallback_text (StpNotifier *self);
/* The person saw the banner: its follow-ups count as notified for their due time. */
void          stp_notifier_dismiss_fallback (StpNotifier  *self);

/* How many times the scheduler's timer has fired (for the idle-wakeups benchmark). */
guint         stp_notifier_get_wakeups      (StpNotifier  *self);

/* Notification actions, as the notification server's buttons run them. */
void          stp_notifier_invoke           (StpNotifier  *self,
                                             gint64        followup_id,
                                             const char   *action);

G_END_DECLS
