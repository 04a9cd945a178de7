/* stp-store-private.h: what the store's own files share. SQL stays inside the store.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "stipple/stp-store.h"

G_BEGIN_DECLS

/* A cached prepared statement; g_autoptr(StpStmt) resets it and clears its bindings when
 * it goes out of scope, so a statement is never left running between calls. */
typedef sqlite3_stmt StpStmt;

void      _stp_stmt_release        (StpStmt        *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StpStmt, _stp_stmt_release)

sqlite3  *_stp_store_get_db        (StpStore       *self);
StpStmt  *_stp_store_prepare       (StpStore       *self,
                                    const char     *sql,
                                    GError        **error);
/* Steps a statement that returns no rows. */
gboolean  _stp_store_run           (StpStore       *self,
                                    StpStmt        *stmt,
                                    GError        **error);
/* Steps a statement that should give one row: TRUE with the row ready to read; when there
 * is none, STP_STORE_ERROR_NOT_FOUND with the message missing (translated). */
gboolean  _stp_store_step_row      (StpStore       *self,
                                    StpStmt        *stmt,
                                    const char     *missing,
                                    GError        **error);
/* Runs SQL text that has no parameters. */
gboolean  _stp_store_exec          (StpStore       *self,
                                    const char     *sql,
                                    GError        **error);
void      _stp_store_set_error     (StpStore       *self,
                                    int             rc,
                                    GError        **error);

/* One user action is one transaction: begin, write (with its audit rows), commit. */
gboolean  _stp_store_begin         (StpStore       *self,
                                    GError        **error);
gboolean  _stp_store_commit        (StpStore       *self,
                                    GError        **error);
void      _stp_store_rollback      (StpStore       *self);

gboolean  _stp_store_audit         (StpStore       *self,
                                    gint64          at,
                                    const char     *action,
                                    const char     *entity,
                                    gint64          entity_id,
                                    const char     *fields,
                                    GError        **error);
void      _stp_store_emit_changed  (StpStore       *self,
                                    StpEntity       entity,
                                    gint64          id,
                                    StpChangeKind   kind);
/* Now, in unix seconds (UTC). */
gint64    _stp_store_now           (void);

/* Inserts a validated client inside an open transaction, with its audit row. */
gint64    _stp_store_insert_client (StpStore       *self,
                                    StpClient      *client,
                                    gint64          now,
                                    GError        **error);
/* The photo files ("<sha256>.<format>") a client's rows refer to, and their removal once
 * no row refers to them any more (after a commit). */
GPtrArray *_stp_store_list_photo_files (StpStore   *self,
                                        gint64      client_id,
                                        GError    **error);
void      _stp_store_remove_unreferenced_photo_files (StpStore  *self,
                                                      GPtrArray *files);

/* Called once a client's rows are gone: rewrites the file so nothing of them remains. */
void      _stp_store_scrub         (StpStore       *self);

G_END_DECLS
