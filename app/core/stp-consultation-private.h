/* stp-consultation-private.h: what the store sets on a consultation it read or saved.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "stipple/stp-consultation.h"

G_BEGIN_DECLS

void   _stp_consultation_set_identity (StpConsultation       *self,
                                       gint64                 id,
                                       gint64                 client_id,
                                       StpConsultationStatus  status,
                                       guint                  version,
                                       gint64                 amends_id,
                                       gint64                 superseded_by);
void   _stp_consultation_set_times    (StpConsultation       *self,
                                       gint64                 created_at,
                                       gint64                 updated_at);
/* Comma-separated names of the fields that differ, for the audit log; "" when none. */
char  *_stp_consultation_diff_fields  (StpConsultation       *before,
                                       StpConsultation       *after);

G_END_DECLS
