/* stp-preferences-window.h: staff, clinic details and the data folder.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include <stipple/stipple.h>

G_BEGIN_DECLS

#define STP_TYPE_PREFERENCES_WINDOW (stp_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (StpPreferencesWindow, stp_preferences_window, STP, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GtkWidget *stp_preferences_window_new (StpStore  *store,
                                       GtkWindow *parent);

G_END_DECLS
