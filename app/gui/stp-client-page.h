/* stp-client-page.h: the form that shows and edits one client.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include <stipple/stipple.h>

#include "stp-timeline.h"

G_BEGIN_DECLS

#define STP_TYPE_CLIENT_PAGE (stp_client_page_get_type ())
G_DECLARE_FINAL_TYPE (StpClientPage, stp_client_page, STP, CLIENT_PAGE, AdwBin)

GtkWidget   *stp_client_page_new             (void);
void         stp_client_page_set_store       (StpClientPage  *self,
                                              StpStore       *store);
/* Shows a saved client, or an empty form for a new one when client is NULL. */
void         stp_client_page_load            (StpClientPage  *self,
                                              StpClient      *client);
/* The record as last loaded or saved; NULL for a new, unsaved client. */
StpClient   *stp_client_page_get_client      (StpClientPage  *self);
gint64       stp_client_page_get_client_id   (StpClientPage  *self);
/* TRUE when the form holds edits that are not saved yet. */
gboolean     stp_client_page_get_dirty       (StpClientPage  *self);
/* What the header shows: the client's name, or "New Client". */
const char  *stp_client_page_get_title       (StpClientPage  *self);

/* Validates every field (showing each problem under its field and focusing the first),
 * then creates or updates the client. The form keeps what was typed on any failure.
 * Returns FALSE with STP_CLIENT_ERROR when a field is invalid, or the store's error. */
gboolean     stp_client_page_save            (StpClientPage  *self,
                                              gint64         *out_id,
                                              GError        **error);
void         stp_client_page_focus_first     (StpClientPage  *self);

/* The editable of a field (an AdwEntryRow, or the notes GtkTextView), for tests. */
GtkWidget   *stp_client_page_get_field_widget (StpClientPage  *self,
                                               StpClientField  field);
/* The validation message shown under a field, or NULL when it shows none. */
const char  *stp_client_page_get_field_error  (StpClientPage  *self,
                                               StpClientField  field);

/* The treatment group: plan progress and the timeline. */
StpTimeline *stp_client_page_get_timeline     (StpClientPage  *self);

G_END_DECLS
