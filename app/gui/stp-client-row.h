/* stp-client-row.h: one row of the client list, the name over the phone or email.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include <stipple/stipple.h>

G_BEGIN_DECLS

#define STP_TYPE_CLIENT_ROW (stp_client_row_get_type ())
G_DECLARE_FINAL_TYPE (StpClientRow, stp_client_row, STP, CLIENT_ROW, GtkWidget)

GtkWidget  *stp_client_row_new        (void);
void        stp_client_row_set_client (StpClientRow *self,
                                       StpClient    *client);
/* The row's text, name and detail on two lines, as a screen reader reads it. */
const char *stp_client_row_get_text   (StpClientRow *self);
/* Whether a line is cut short with an ellipsis to fit the row's width. */
gboolean    stp_client_row_get_ellipsized (StpClientRow *self);

G_END_DECLS
