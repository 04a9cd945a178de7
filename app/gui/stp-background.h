/* stp-background.h: running in the background for reminders: the autostart entry.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* $XDG_CONFIG_HOME/autostart/org.stipple.Stipple.desktop */
char     *stp_background_autostart_path (void);
/* Installs (with enabled) or removes the entry that starts `stipple --background` at
 * login; data_dir (may be NULL) is passed on with --data-dir. */
gboolean  stp_background_set_autostart  (gboolean     enabled,
                                         const char  *data_dir,
                                         GError     **error);

G_END_DECLS
