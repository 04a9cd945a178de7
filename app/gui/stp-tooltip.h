/* stp-tooltip.h: setting tooltips without asking the X server where the pointer is.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* gtk_widget_set_tooltip_text(), for widgets whose window may not be on screen yet. */
void stp_widget_set_tooltip (GtkWidget  *widget,
                             const char *text);

G_END_DECLS
