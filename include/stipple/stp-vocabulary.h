/* stp-vocabulary.h: the translated words people read for the consultation's fixed
 * choices, defined once for the form, the client page and the printed summary.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "stp-consultation.h"
#include "stp-plan.h"
#include "stp-screening.h"

G_BEGIN_DECLS

#define STP_N_GOALS 6
#define STP_N_AREAS 7

/* index: the goal's bit number (STP_GOAL_BUZZ_CUT is 0) */
const char *stp_goal_get_label            (guint             index);
/* index: the area's bit number (STP_AREA_FRONTAL_HAIRLINE is 0) */
const char *stp_area_get_label            (guint             index);
const char *stp_scar_kind_get_label       (StpScarKind       kind);
const char *stp_severity_get_label        (StpSeverity       severity);
/* NULL for STP_HAIRLINE_STYLE_NONE */
const char *stp_hairline_style_get_label  (StpHairlineStyle  style);

G_END_DECLS
