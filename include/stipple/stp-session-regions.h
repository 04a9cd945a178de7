/* stp-session-regions.h: the regions of a sketch version a session can say it treated.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "stp-session.h"
#include "stp-sketch.h"

G_BEGIN_DECLS

/* The sketch's treatment and scar regions in drawing order, as a session form offers
 * them (elements StpSessionRegion). Each is named by the text of a label placed inside
 * it, else "Region 2 — treatment area, 40 dots/cm²" (numbered among the regions), and
 * mapped to the consultation area its label obviously names ("Crown", "left temple"),
 * else 0. */
GPtrArray  *stp_sketch_list_session_regions (StpSketch  *sketch);

/* The one consultation area the words name ("Crown", "Left temple", "donor scar"); 0
 * when they name none or more than one. Case and punctuation do not matter. */
StpAreas    stp_area_from_words             (const char *text);

G_END_DECLS
