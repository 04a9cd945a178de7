/* stp-recall-window.h: "who got lot X?": a lot, an optional date range, the clients and
 * sessions that used it, and the list exported to CSV.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include <stipple/stipple.h>

G_BEGIN_DECLS

#define STP_TYPE_RECALL_WINDOW (stp_recall_window_get_type ())
G_DECLARE_FINAL_TYPE (StpRecallWindow, stp_recall_window, STP, RECALL_WINDOW, AdwWindow)

GtkWidget   *stp_recall_window_new          (GtkWindow   *parent,
                                             StpStore    *store);
/* Runs the search the fields hold; for tests, after setting them. */
void         stp_recall_window_search       (StpRecallWindow *self);
GtkEditable *stp_recall_window_get_lot_entry (StpRecallWindow *self);
/* Sessions found by the last search. */
guint        stp_recall_window_get_n_results (StpRecallWindow *self);

G_END_DECLS
