/* stp-client-private.h: what the store needs to fill in a client it read.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "stipple/stp-client.h"

G_BEGIN_DECLS

void   _stp_client_set_id          (StpClient *self,
                                    gint64     id);
void   _stp_client_set_archived    (StpClient *self,
                                    gboolean   archived);
void   _stp_client_set_times       (StpClient *self,
                                    gint64     created_at,
                                    gint64     updated_at);
/* The folded "family given" key the list is ordered by. */
char  *_stp_client_dup_sort_key    (StpClient *self);

G_END_DECLS
