/* stp-application.h: the Stipple desktop application.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include <stipple/stipple.h>

G_BEGIN_DECLS

#define STP_TYPE_APPLICATION (stp_application_get_type ())
G_DECLARE_FINAL_TYPE (StpApplication, stp_application, STP, APPLICATION, AdwApplication)

StpApplication *stp_application_new          (void);
/* The clinic database, or NULL when it could not be opened (the app then only shows why). */
StpStore       *stp_application_get_store    (StpApplication *self);
/* The workstation's settings, or NULL when the schema is not installed. */
GSettings      *stp_application_get_settings (StpApplication *self);
/* Where the database lives: --data-dir, $STIPPLE_DATA_DIR, the data-dir setting or the
 * standard folder, in that order. Valid after startup. */
const char     *stp_application_get_data_dir (StpApplication *self);

/* Aftercare reminders (stp-notifier.c); NULL when the database could not be opened. */
typedef struct _StpNotifier StpNotifier;
StpNotifier    *stp_application_get_notifier (StpApplication *self);

/* Looks the schema up first so a missing schema is a message, not an abort. */
GSettings      *stp_settings_new_if_installed (void);

G_END_DECLS
