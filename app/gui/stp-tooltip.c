/* stp-tooltip.c: setting tooltips without asking the X server where the pointer is.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8 answers every new tooltip on a visible widget by asking where the pointer is,
 * in case the tooltip should show at once; on X11 that is two round trips to the server.
 * The main window sets a dozen tooltips before its first frame, when no tooltip can be
 * showing, and those round trips were about 7 ms of the wait for it under Xvfb. A widget
 * that is not on screen yet gets its tooltip while briefly hidden, which GTK does not
 * query for; once mapped it is left to GTK.
 */

#include "config.h"

#include "stp-tooltip.h"

void
stp_widget_set_tooltip (GtkWidget  *widget,
                        const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (gtk_widget_get_mapped (widget) || !gtk_widget_get_visible (widget))
    {
      gtk_widget_set_tooltip_text (widget, text);
      return;
    }

  gtk_widget_set_visible (widget, FALSE);
  gtk_widget_set_tooltip_text (widget, text);
  gtk_widget_set_visible (widget, TRUE);
}
