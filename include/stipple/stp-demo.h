/* stp-demo.h: realistic, deterministic synthetic data for demos, tests and benchmarks.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "stp-store.h"

G_BEGIN_DECLS

/* Adds n_clients clients (and, when the clinic has no staff yet, a few staff members),
 * the same ones for the same seed, in batches of one transaction each. */
gboolean stp_demo_fill (StpStore  *store,
                        guint      n_clients,
                        guint32    seed,
                        GError   **error);

/* Gives the first n_clients active clients a treatment plan and one to three sessions in
 * the past, with lots from a small made-up shelf. Needs a practitioner among the staff. */
gboolean stp_demo_add_sessions (StpStore  *store,
                                guint      n_clients,
                                guint32    seed,
                                GError   **error);

G_END_DECLS
