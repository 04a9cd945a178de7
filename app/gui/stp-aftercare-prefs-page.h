/* stp-aftercare-prefs-page.h: the Aftercare page of Preferences: running in the
 * background, the clinic's opening hours and closed days, and the protocols (edited by
 * administrators).
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include <stipple/stipple.h>

G_BEGIN_DECLS

#define STP_TYPE_AFTERCARE_PREFS_PAGE (stp_aftercare_prefs_page_get_type ())
G_DECLARE_FINAL_TYPE (StpAftercarePrefsPage, stp_aftercare_prefs_page, STP,
                      AFTERCARE_PREFS_PAGE, AdwPreferencesPage)

/* settings may be NULL (no schema installed): the background switch is then hidden. */
StpAftercarePrefsPage *stp_aftercare_prefs_page_new (StpStore  *store,
                                                     GSettings *settings);

G_END_DECLS
