/* stp-client-list.h: a live GListModel of clients, filtered by search text.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "stp-store.h"

G_BEGIN_DECLS

/* How many results a search shows; typing more narrows it. */
#define STP_CLIENT_LIST_SEARCH_LIMIT 500

#define STP_TYPE_CLIENT_LIST (stp_client_list_get_type ())
G_DECLARE_FINAL_TYPE (StpClientList, stp_client_list, STP, CLIENT_LIST, GObject)

/* Items are StpClient, loaded lazily: only the rows a view asks for are read. The model
 * follows the store's change signals, updating only the rows that changed. */
StpClientList  *stp_client_list_new          (StpStore       *store);
StpStore       *stp_client_list_get_store    (StpClientList  *self);
const char     *stp_client_list_get_query    (StpClientList  *self);
void            stp_client_list_set_query    (StpClientList  *self,
                                              const char     *query);
StpClientScope  stp_client_list_get_scope    (StpClientList  *self);
void            stp_client_list_set_scope    (StpClientList  *self,
                                              StpClientScope  scope);
/* Position of a client id in the model, or G_MAXUINT when not shown. */
guint           stp_client_list_find         (StpClientList  *self,
                                              gint64          id);

G_END_DECLS
