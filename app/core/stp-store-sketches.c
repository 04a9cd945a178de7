/* stp-store-sketches.c: named sketch versions over a client's photos.
 *
 * A version's drawing is the sketch's JSON; loading it goes through the same checks as
 * any file. A version followed by a treatment session is locked: the schema's trigger
 * refuses changes to it, and every call here checks first (inside the transaction) so
 * the person gets a clear reason instead of a database error.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "stp-store-private.h"
#include "stipple/stp-sketch-export.h"
#include "stipple/stp-sketch-format.h"
#include "stipple/stp-store-sketches.h"

#define THUMBNAIL_SIDE 256

#define VERSION_COLUMNS \
  "id, client_id, coalesce(photo_id, 0), coalesce(copied_from, 0), name, format_version, " \
  "created_at, coalesce(created_by, 0), updated_at, coalesce(locked_at, 0), thumbnail"

void
stp_sketch_version_free (StpSketchVersion *version)
{
  if (version == NULL)
    return;
  g_free (version->name);
  g_clear_pointer (&version->thumbnail, g_bytes_unref);
  g_free (version);
}

static StpSketchVersion *
read_version (sqlite3_stmt *stmt)
{
  StpSketchVersion *v = g_new0 (StpSketchVersion, 1);
  const void *blob;

  v->id = sqlite3_column_int64 (stmt, 0);
  v->client_id = sqlite3_column_int64 (stmt, 1);
  v->photo_id = sqlite3_column_int64 (stmt, 2);
  v->copied_from = sqlite3_column_int64 (stmt, 3);
  v->name = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  v->format_version = sqlite3_column_int (stmt, 5);
  v->created_at = sqlite3_column_int64 (stmt, 6);
  v->created_by = sqlite3_column_int64 (stmt, 7);
  v->updated_at = sqlite3_column_int64 (stmt, 8);
  v->locked_at = sqlite3_column_int64 (stmt, 9);
  blob = sqlite3_column_blob (stmt, 10);
  if (blob != NULL)
    v->thumbnail = g_bytes_new (blob, sqlite3_column_bytes (stmt, 10));
  return v;
}

/* The name as stored: trimmed, 1-100 characters. */
static char *
clean_name (const char  *name,
            GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  glong len;

  if (!g_utf8_validate (trimmed, -1, NULL))
    len = -1;
  else
    len = g_utf8_strlen (trimmed, -1);
  if (len < 1)
    {
      g_set_error_literal (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_INVALID_NAME,
                           _("Give the sketch version a name, such as “Consultation "
                             "hairline”."));
      return NULL;
    }
  if (len > STP_SKETCH_MAX_NAME)
    {
      g_set_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_INVALID_NAME,
                   _("The name is %ld characters long; a sketch version name can have up "
                     "to %d."), len, STP_SKETCH_MAX_NAME);
      return NULL;
    }
  return g_steal_pointer (&trimmed);
}

static gboolean
exists (StpStore   *self,
        const char *sql,
        gint64      a,
        gint64      b)
{
  g_autoptr(StpStmt) stmt = _stp_store_prepare (self, sql, NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, a);
  sqlite3_bind_int64 (stmt, 2, b);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* Refuses a name the client's other versions already use (except version `except`). */
static gboolean
check_name_free (StpStore    *self,
                 gint64       client_id,
                 const char  *name,
                 gint64       except,
                 GError     **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  int rc;

  stmt = _stp_store_prepare (self, "SELECT 1 FROM sketch_version "
                             "WHERE client_id = ?1 AND name = ?2 AND id != ?3", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client_id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, except);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_set_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_NAME_TAKEN,
                   _("This client already has a sketch version called “%s”. Choose another "
                     "name."), name);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      _stp_store_set_error (self, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* Reads the row's client and lock state; NOT_FOUND when it is gone. */
static gboolean
lookup_row (StpStore  *self,
            gint64     id,
            gint64    *client_id,
            gboolean  *locked,
            GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  int rc;

  stmt = _stp_store_prepare (self, "SELECT client_id, locked_at IS NOT NULL "
                             "FROM sketch_version WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (client_id != NULL)
        *client_id = sqlite3_column_int64 (stmt, 0);
      if (locked != NULL)
        *locked = sqlite3_column_int (stmt, 1) != 0;
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    g_set_error_literal (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND,
                         _("This sketch version no longer exists. It may have been deleted on "
                           "another workstation."));
  else
    _stp_store_set_error (self, rc, error);
  return FALSE;
}

static gboolean
check_unlocked (StpStore  *self,
                gint64     id,
                gint64    *client_id,
                GError   **error)
{
  gboolean locked = FALSE;

  if (!lookup_row (self, id, client_id, &locked, error))
    return FALSE;
  if (locked)
    {
      g_set_error_literal (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_LOCKED,
                           _("This version is followed by a treatment session; copy it to "
                             "edit."));
      return FALSE;
    }
  return TRUE;
}

/* The sketch's JSON and the thumbnail to store (given, or rendered from the sketch). */
static gboolean
encode (StpSketch  *sketch,
        GBytes     *thumbnail,
        char      **json,
        gsize      *length,
        GBytes    **thumb_out,
        GError    **error)
{
  *json = stp_sketch_to_json (sketch, length);
  if (*length > STP_SKETCH_MAX_BYTES)
    {
      g_clear_pointer (json, g_free);
      g_set_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_TOO_LARGE,
                   _("This sketch is too large to save (%" G_GSIZE_FORMAT " MB; the limit is "
                     "%d MB). Remove some strokes and try again."),
                   *length / (1024 * 1024), STP_SKETCH_MAX_BYTES / (1024 * 1024));
      return FALSE;
    }
  if (thumbnail != NULL)
    *thumb_out = g_bytes_ref (thumbnail);
  else if ((*thumb_out = stp_sketch_render_thumbnail (sketch, NULL, THUMBNAIL_SIDE, error)) == NULL)
    {
      g_clear_pointer (json, g_free);
      return FALSE;
    }
  return TRUE;
}

static void
bind_bytes (sqlite3_stmt *stmt,
            int           column,
            GBytes       *bytes)
{
  gsize size;
  gconstpointer data = g_bytes_get_data (bytes, &size);

  sqlite3_bind_blob64 (stmt, column, data != NULL ? data : "", size, SQLITE_TRANSIENT);
}

gint64
stp_store_create_sketch_version (StpStore    *self,
                                 gint64       client_id,
                                 gint64       photo_id,
                                 const char  *name,
                                 StpSketch   *sketch,
                                 GBytes      *thumbnail,
                                 GError     **error)
{
  g_autofree char *clean = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GBytes) thumb = NULL;
  g_autoptr(StpStmt) stmt = NULL;
  gint64 now = _stp_store_now ();
  gint64 actor;
  gsize length;
  gint64 id;
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), 0);
  g_return_val_if_fail (STP_IS_SKETCH (sketch), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if ((clean = clean_name (name, error)) == NULL ||
      !encode (sketch, thumbnail, &json, &length, &thumb, error) ||
      !_stp_store_begin (self, error))
    return 0;

  if (!exists (self, "SELECT 1 FROM client WHERE id = ?1 AND ?2 = ?2", client_id, 0))
    {
      g_set_error_literal (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND,
                           _("This client no longer exists. It may have been erased on another "
                             "workstation."));
      goto fail;
    }
  if (photo_id != 0 &&
      !exists (self, "SELECT 1 FROM photo WHERE id = ?1 AND client_id = ?2", photo_id,
               client_id))
    {
      g_set_error_literal (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND,
                           _("The photo this sketch is drawn over no longer exists."));
      goto fail;
    }
  if (!check_name_free (self, client_id, clean, 0, error))
    goto fail;

  stmt = _stp_store_prepare (self,
                             "INSERT INTO sketch_version (client_id, photo_id, name, "
                             "format_version, body, thumbnail, created_at, created_by, "
                             "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7)", error);
  if (stmt == NULL)
    goto fail;
  actor = stp_store_get_actor (self);
  sqlite3_bind_int64 (stmt, 1, client_id);
  if (photo_id != 0)
    sqlite3_bind_int64 (stmt, 2, photo_id);
  else
    sqlite3_bind_null (stmt, 2);
  sqlite3_bind_text (stmt, 3, clean, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, STP_SKETCH_FORMAT_VERSION);
  sqlite3_bind_text64 (stmt, 5, json, length, SQLITE_STATIC, SQLITE_UTF8);
  bind_bytes (stmt, 6, thumb);
  sqlite3_bind_int64 (stmt, 7, now);
  if (actor > 0)
    sqlite3_bind_int64 (stmt, 8, actor);
  else
    sqlite3_bind_null (stmt, 8);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _stp_store_set_error (self, rc, error);
      goto fail;
    }
  id = sqlite3_last_insert_rowid (_stp_store_get_db (self));
  g_clear_pointer (&stmt, _stp_stmt_release);

  if (!_stp_store_audit (self, now, "create", "sketch_version", id, NULL, error) ||
      !_stp_store_commit (self, error))
    goto fail;
  _stp_store_emit_changed (self, STP_ENTITY_SKETCH, id, STP_CHANGE_CREATED);
  return id;

fail:
  g_clear_pointer (&stmt, _stp_stmt_release);
  _stp_store_rollback (self);
  return 0;
}

GPtrArray *
stp_store_list_sketch_versions (StpStore  *self,
                                gint64     client_id,
                                GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  stmt = _stp_store_prepare (self, "SELECT " VERSION_COLUMNS " FROM sketch_version "
                             "WHERE client_id = ?1 ORDER BY created_at, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, client_id);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) stp_sketch_version_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, read_version (stmt));
  if (rc != SQLITE_DONE)
    {
      _stp_store_set_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

StpSketchVersion *
stp_store_get_sketch_version (StpStore  *self,
                              gint64     id,
                              GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  stmt = _stp_store_prepare (self, "SELECT " VERSION_COLUMNS " FROM sketch_version "
                             "WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_version (stmt);
  if (rc == SQLITE_DONE)
    g_set_error_literal (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND,
                         _("This sketch version no longer exists. It may have been deleted on "
                           "another workstation."));
  else
    _stp_store_set_error (self, rc, error);
  return NULL;
}

StpSketchVersion *
stp_store_get_sketch_version_for_consultation (StpStore  *self,
                                               gint64     consultation_id,
                                               GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  /* The version linked to this consultation first, then one linked to the version it
   * amends (and so on back: an amendment keeps its sketch), then the newest, as the
   * client's version list orders them. */
  stmt = _stp_store_prepare (self,
                             "WITH RECURSIVE chain (cid, depth) AS ("
                             " SELECT ?1, 0"
                             " UNION ALL SELECT consultation.amends_id, chain.depth + 1"
                             " FROM consultation JOIN chain ON consultation.id = chain.cid"
                             " WHERE consultation.amends_id IS NOT NULL AND chain.depth < 1000) "
                             "SELECT " VERSION_COLUMNS " FROM sketch_version "
                             "LEFT JOIN chain ON sketch_version.consultation_id = chain.cid "
                             "WHERE client_id = (SELECT client_id FROM consultation "
                             "WHERE id = ?1) "
                             "ORDER BY chain.depth IS NULL, chain.depth, created_at DESC, "
                             "sketch_version.id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, consultation_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_version (stmt);
  if (rc == SQLITE_DONE)
    g_set_error_literal (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND,
                         _("This client has no hairline sketch yet."));
  else
    _stp_store_set_error (self, rc, error);
  return NULL;
}

StpSketch *
stp_store_load_sketch (StpStore  *self,
                       gint64     id,
                       GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  stmt = _stp_store_prepare (self, "SELECT body FROM sketch_version WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return stp_sketch_new_from_json ((const char *) sqlite3_column_text (stmt, 0),
                                     sqlite3_column_bytes (stmt, 0), error);
  if (rc == SQLITE_DONE)
    g_set_error_literal (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND,
                         _("This sketch version no longer exists. It may have been deleted on "
                           "another workstation."));
  else
    _stp_store_set_error (self, rc, error);
  return NULL;
}

/* Runs a version's prepared UPDATE inside the open transaction, audits the fields it
 * changed and commits; on failure rolls back. */
static gboolean
finish_update (StpStore    *self,
               StpStmt     *stmt,
               gint64       id,
               gint64       now,
               const char  *fields,
               GError     **error)
{
  gboolean ran = _stp_store_run (self, stmt, error);

  /* Done with before the audit and the commit use the connection (as elsewhere). */
  sqlite3_reset (stmt);
  if (!ran ||
      !_stp_store_audit (self, now, "update", "sketch_version", id, fields, error) ||
      !_stp_store_commit (self, error))
    {
      _stp_store_rollback (self);
      return FALSE;
    }
  _stp_store_emit_changed (self, STP_ENTITY_SKETCH, id, STP_CHANGE_UPDATED);
  return TRUE;
}

gboolean
stp_store_update_sketch_version (StpStore    *self,
                                 gint64       id,
                                 StpSketch   *sketch,
                                 GBytes      *thumbnail,
                                 GError     **error)
{
  g_autofree char *json = NULL;
  g_autoptr(GBytes) thumb = NULL;
  g_autoptr(StpStmt) stmt = NULL;
  gint64 now = _stp_store_now ();
  gsize length;

  g_return_val_if_fail (STP_IS_STORE (self), FALSE);
  g_return_val_if_fail (STP_IS_SKETCH (sketch), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!encode (sketch, thumbnail, &json, &length, &thumb, error) ||
      !_stp_store_begin (self, error))
    return FALSE;
  if (!check_unlocked (self, id, NULL, error))
    goto fail;

  stmt = _stp_store_prepare (self, "UPDATE sketch_version SET body = ?2, format_version = ?3, "
                             "thumbnail = ?4, updated_at = ?5 WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text64 (stmt, 2, json, length, SQLITE_STATIC, SQLITE_UTF8);
  sqlite3_bind_int (stmt, 3, STP_SKETCH_FORMAT_VERSION);
  bind_bytes (stmt, 4, thumb);
  sqlite3_bind_int64 (stmt, 5, now);
  return finish_update (self, stmt, id, now, "body,thumbnail", error);

fail:
  _stp_store_rollback (self);
  return FALSE;
}

gboolean
stp_store_rename_sketch_version (StpStore    *self,
                                 gint64       id,
                                 const char  *name,
                                 GError     **error)
{
  g_autofree char *clean = NULL;
  g_autoptr(StpStmt) stmt = NULL;
  gint64 now = _stp_store_now ();
  gint64 client_id = 0;

  g_return_val_if_fail (STP_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((clean = clean_name (name, error)) == NULL || !_stp_store_begin (self, error))
    return FALSE;
  if (!check_unlocked (self, id, &client_id, error) ||
      !check_name_free (self, client_id, clean, id, error))
    goto fail;
  stmt = _stp_store_prepare (self, "UPDATE sketch_version SET name = ?2, updated_at = ?3 "
                             "WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, clean, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, now);
  return finish_update (self, stmt, id, now, "name", error);

fail:
  _stp_store_rollback (self);
  return FALSE;
}

gint64
stp_store_copy_sketch_version (StpStore    *self,
                               gint64       id,
                               const char  *new_name,
                               GError     **error)
{
  g_autofree char *clean = NULL;
  g_autoptr(StpStmt) stmt = NULL;
  gint64 now = _stp_store_now ();
  gint64 client_id = 0, copy, actor;

  g_return_val_if_fail (STP_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if ((clean = clean_name (new_name, error)) == NULL || !_stp_store_begin (self, error))
    return 0;
  if (!lookup_row (self, id, &client_id, NULL, error) ||
      !check_name_free (self, client_id, clean, 0, error))
    goto fail;

  stmt = _stp_store_prepare (self,
                             "INSERT INTO sketch_version (client_id, photo_id, "
                             "consultation_id, copied_from, name, format_version, body, "
                             "thumbnail, created_at, created_by, updated_at) "
                             "SELECT client_id, photo_id, consultation_id, id, ?2, "
                             "format_version, body, thumbnail, ?3, ?4, ?3 "
                             "FROM sketch_version WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  actor = stp_store_get_actor (self);
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, clean, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, now);
  if (actor > 0)
    sqlite3_bind_int64 (stmt, 4, actor);
  else
    sqlite3_bind_null (stmt, 4);
  if (!_stp_store_run (self, stmt, error))
    goto fail;
  copy = sqlite3_last_insert_rowid (_stp_store_get_db (self));
  g_clear_pointer (&stmt, _stp_stmt_release);
  if (!_stp_store_audit (self, now, "create", "sketch_version", copy, "copied_from", error) ||
      !_stp_store_commit (self, error))
    goto fail;
  _stp_store_emit_changed (self, STP_ENTITY_SKETCH, copy, STP_CHANGE_CREATED);
  return copy;

fail:
  g_clear_pointer (&stmt, _stp_stmt_release);
  _stp_store_rollback (self);
  return 0;
}

gboolean
stp_store_delete_sketch_version (StpStore    *self,
                                 gint64       id,
                                 GError     **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  gint64 now = _stp_store_now ();

  g_return_val_if_fail (STP_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_stp_store_begin (self, error))
    return FALSE;
  if (!check_unlocked (self, id, NULL, error))
    goto fail;
  stmt = _stp_store_prepare (self, "DELETE FROM sketch_version WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_stp_store_run (self, stmt, error))
    goto fail;
  g_clear_pointer (&stmt, _stp_stmt_release);
  if (!_stp_store_audit (self, now, "delete", "sketch_version", id, NULL, error) ||
      !_stp_store_commit (self, error))
    goto fail;
  _stp_store_emit_changed (self, STP_ENTITY_SKETCH, id, STP_CHANGE_REMOVED);
  return TRUE;

fail:
  g_clear_pointer (&stmt, _stp_stmt_release);
  _stp_store_rollback (self);
  return FALSE;
}
