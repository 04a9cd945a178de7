/* stp-store-sessions-private.h: helpers the session, lot and timeline store files share.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "stp-store-private.h"
#include "stipple/stp-store-sessions.h"

G_BEGIN_DECLS

/* The column's text, "" for NULL. */
const char *_stp_column_text       (sqlite3_stmt *stmt,
                                    int           column);
/* Binds value, or NULL when it is 0 or less ("none"). */
void        _stp_bind_id_or_null   (sqlite3_stmt *stmt,
                                    int           column,
                                    gint64        value);
/* The first column of the first row of sql with ?1 = arg; fallback when there is no row
 * or it is NULL (error set only when SQLite failed). */
gint64      _stp_store_query_int   (StpStore     *self,
                                    const char   *sql,
                                    gint64        arg,
                                    gint64        fallback,
                                    GError      **error);
/* The UTC unix bounds [start, end) of a local calendar day given as ISO; 0, 0 when iso is
 * not a date. */
void        _stp_local_day_bounds  (const char   *iso,
                                    gint64       *start,
                                    gint64       *end);

/* The recall query (?1 lot, ?2 and ?3 the UTC bounds), shared with its benchmark. */
const char *_stp_store_recall_sql  (StpLotKind    kind);

G_END_DECLS
