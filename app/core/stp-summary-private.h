/* stp-summary-private.h: what the summary's own files share.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "stipple/stp-consultation.h"
#include "stipple/stp-summary.h"

G_BEGIN_DECLS

StpSummarySection *_stp_summary_add_section (StpSummary        *summary,
                                             const char        *title);
/* Adds a row unless value is empty; takes value. */
void               _stp_summary_take_row    (StpSummarySection *section,
                                             const char        *label,
                                             char              *value);
/* Adds a picture (png holds width x height pixels) after the section's rows. */
void               _stp_summary_add_image   (StpSummarySection *section,
                                             GBytes            *png,
                                             int                width,
                                             int                height,
                                             const char        *caption);

/* The "Hairline Plan and Preview" section (stp-summary-sketch.c): nothing when the client
 * has no sketch; a line saying why when a picture cannot be made. Never fails. */
void               _stp_summary_add_sketch  (StpSummary        *summary,
                                             StpStore          *store,
                                             StpConsultation   *consultation);

G_END_DECLS
