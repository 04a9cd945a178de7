/* stp-draft-saver.h: saves a consultation draft shortly after each edit.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "stp-consultation.h"
#include "stp-store.h"

G_BEGIN_DECLS

/* An edit is saved once the draft has been quiet for STP_DRAFT_SAVER_QUIET_MS, and never
 * later than STP_DRAFT_SAVER_MAX_DELAY_MS after it, even while edits keep coming: so a
 * crash loses at most the last 2 seconds, with the save's own time to spare. */
#define STP_DRAFT_SAVER_QUIET_MS      1000
#define STP_DRAFT_SAVER_MAX_DELAY_MS  1500

#define STP_TYPE_DRAFT_SAVER (stp_draft_saver_get_type ())
G_DECLARE_FINAL_TYPE (StpDraftSaver, stp_draft_saver, STP, DRAFT_SAVER, GObject)

/* Watches the consultation's "changed" signal; timeouts run on the thread-default main
 * context of the caller. The "saved" signal follows each save; "failed" (GError) a
 * failed one, which is retried on the next edit or flush. */
StpDraftSaver  *stp_draft_saver_new          (StpStore        *store,
                                              StpConsultation *consultation);
/* Tells the saver about an edit it cannot see (the signal does this for setters). */
void            stp_draft_saver_changed      (StpDraftSaver   *self);
gboolean        stp_draft_saver_get_pending  (StpDraftSaver   *self);
/* Saves now when an edit is pending (on window close). */
gboolean        stp_draft_saver_flush        (StpDraftSaver   *self,
                                              GError         **error);

G_END_DECLS
