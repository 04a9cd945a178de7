/* stp-store-followups-private.h: the hooks other store files call so a session's or a
 * referral's follow-ups change in the same transaction as the session or referral.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "stp-store-private.h"
#include "stipple/stp-store-followups.h"

G_BEGIN_DECLS

/* Called by stp_store_open once migrations are applied: copies the shipped protocols in
 * on first run, and relays follow-up changes made inside other entities' transactions. */
gboolean  _stp_store_open_followups              (StpStore  *self,
                                                  GError   **error);

/* Inside an open transaction. */
gboolean  _stp_store_schedule_followups          (StpStore  *self,
                                                  gint64     session_id,
                                                  GError   **error);
gboolean  _stp_store_move_followups              (StpStore  *self,
                                                  gint64     session_id,
                                                  GError   **error);
gboolean  _stp_store_cancel_followups            (StpStore  *self,
                                                  gint64     session_id,
                                                  GError   **error);
gboolean  _stp_store_cancel_plan_followups       (StpStore  *self,
                                                  gint64     plan_id,
                                                  GError   **error);
gboolean  _stp_store_schedule_referral_followups (StpStore  *self,
                                                  gint64     referral_id,
                                                  GError   **error);
/* After the opening hours changed: see stp_store_set_opening_hours. */
gboolean  _stp_store_fit_followups_to_hours      (StpStore  *self,
                                                  const StpOpeningHours *hours,
                                                  gint64     now,
                                                  guint     *n_moved,
                                                  GError   **error);

/* Within the follow-up files. */
void      _stp_store_followups_touched           (StpStore  *self);

G_END_DECLS
