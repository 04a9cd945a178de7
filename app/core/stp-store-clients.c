/* stp-store-clients.c: client records, their search index and the erase that leaves
 * nothing behind.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "stp-client-private.h"
#include "stp-store-private.h"
#include "stipple/stp-text.h"

#define CLIENT_COLUMNS \
  "id, given_name, family_name, preferred_name, birth_date, phone, email, notes, " \
  "photo_consent, marketing_consent, archived, created_at, updated_at"

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *)sqlite3_column_text (stmt, column);
  return text != NULL ? text : "";
}

static StpClient *
client_from_row (sqlite3_stmt *stmt)
{
  StpClient *client = stp_client_new ();

  _stp_client_set_id (client, sqlite3_column_int64 (stmt, 0));
  stp_client_set_given_name (client, column_text (stmt, 1));
  stp_client_set_family_name (client, column_text (stmt, 2));
  stp_client_set_preferred_name (client, column_text (stmt, 3));
  stp_client_set_birth_date (client, (const char *)sqlite3_column_text (stmt, 4));
  stp_client_set_phone (client, column_text (stmt, 5));
  stp_client_set_email (client, column_text (stmt, 6));
  stp_client_set_notes (client, column_text (stmt, 7));
  stp_client_set_photo_consent (client, sqlite3_column_int (stmt, 8));
  stp_client_set_marketing_consent (client, sqlite3_column_int (stmt, 9));
  _stp_client_set_archived (client, sqlite3_column_int (stmt, 10));
  _stp_client_set_times (client, sqlite3_column_int64 (stmt, 11), sqlite3_column_int64 (stmt, 12));

  return client;
}

/* Binds the editable fields to parameters 1-10 (10 is the sort key). */
static void
bind_client_fields (sqlite3_stmt *stmt,
                    StpClient    *client,
                    char         *sort_key)
{
  const char *birth_date = stp_client_get_birth_date (client);

  sqlite3_bind_text (stmt, 1, stp_client_get_given_name (client), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, stp_client_get_family_name (client), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, stp_client_get_preferred_name (client), -1, SQLITE_TRANSIENT);
  if (birth_date != NULL)
    sqlite3_bind_text (stmt, 4, birth_date, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 4);
  sqlite3_bind_text (stmt, 5, stp_client_get_phone (client), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, stp_client_get_email (client), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, stp_client_get_notes (client), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 8, stp_client_get_photo_consent (client));
  sqlite3_bind_int (stmt, 9, stp_client_get_marketing_consent (client));
  sqlite3_bind_text (stmt, 10, sort_key, -1, g_free);
}

static void
set_not_found (GError **error)
{
  g_set_error (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND,
               _("This client no longer exists. It may have been erased on another "
                 "workstation."));
}

gint64
_stp_store_insert_client (StpStore   *self,
                          StpClient  *client,
                          gint64      now,
                          GError    **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  gint64 id;

  stmt = _stp_store_prepare (self,
                             "INSERT INTO client (given_name, family_name, preferred_name, "
                             "birth_date, phone, email, notes, photo_consent, "
                             "marketing_consent, sort_key, created_at, updated_at) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
                             error);
  if (stmt == NULL)
    return 0;

  bind_client_fields (stmt, client, _stp_client_dup_sort_key (client));
  sqlite3_bind_int64 (stmt, 11, now);

  if (!_stp_store_run (self, stmt, error))
    return 0;

  id = sqlite3_last_insert_rowid (_stp_store_get_db (self));
  if (!_stp_store_audit (self, now, "create", "client", id, NULL, error))
    return 0;

  return id;
}

gint64
stp_store_create_client (StpStore   *self,
                         StpClient  *client,
                         GError    **error)
{
  gint64 now = _stp_store_now ();
  gint64 id;

  g_return_val_if_fail (STP_IS_STORE (self), 0);
  g_return_val_if_fail (STP_IS_CLIENT (client), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!stp_client_validate (client, NULL, NULL, error))
    return 0;

  if (!_stp_store_begin (self, error))
    return 0;

  id = _stp_store_insert_client (self, client, now, error);
  if (id == 0 || !_stp_store_commit (self, error))
    {
      _stp_store_rollback (self);
      return 0;
    }

  _stp_client_set_id (client, id);
  _stp_client_set_archived (client, FALSE);
  _stp_client_set_times (client, now, now);
  _stp_store_emit_changed (self, STP_ENTITY_CLIENT, id, STP_CHANGE_CREATED);

  return id;
}

StpClient *
stp_store_get_client (StpStore  *self,
                      gint64     id,
                      GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  stmt = _stp_store_prepare (self, "SELECT " CLIENT_COLUMNS " FROM client WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return client_from_row (stmt);

  if (rc == SQLITE_DONE)
    set_not_found (error);
  else
    _stp_store_set_error (self, rc, error);

  return NULL;
}

/* The names of the fields that differ, for the audit log: which, never what. */
static char *
changed_fields (StpClient *before,
                StpClient *after)
{
  static const char *names[] = {
    "given_name", "family_name", "preferred_name", "birth_date", "phone", "email", "notes",
    "photo_consent", "marketing_consent",
  };
  const gboolean differs[] = {
    g_strcmp0 (stp_client_get_given_name (before), stp_client_get_given_name (after)) != 0,
    g_strcmp0 (stp_client_get_family_name (before), stp_client_get_family_name (after)) != 0,
    g_strcmp0 (stp_client_get_preferred_name (before),
               stp_client_get_preferred_name (after)) != 0,
    g_strcmp0 (stp_client_get_birth_date (before), stp_client_get_birth_date (after)) != 0,
    g_strcmp0 (stp_client_get_phone (before), stp_client_get_phone (after)) != 0,
    g_strcmp0 (stp_client_get_email (before), stp_client_get_email (after)) != 0,
    g_strcmp0 (stp_client_get_notes (before), stp_client_get_notes (after)) != 0,
    stp_client_get_photo_consent (before) != stp_client_get_photo_consent (after),
    stp_client_get_marketing_consent (before) != stp_client_get_marketing_consent (after),
  };
  GString *fields = g_string_new (NULL);

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == G_N_ELEMENTS (differs));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (!differs[i])
        continue;
      if (fields->len > 0)
        g_string_append_c (fields, ',');
      g_string_append (fields, names[i]);
    }

  return g_string_free (fields, FALSE);
}

gboolean
stp_store_update_client (StpStore   *self,
                         StpClient  *client,
                         GError    **error)
{
  g_autoptr(StpClient) before = NULL;
  g_autoptr(StpStmt) stmt = NULL;
  g_autofree char *fields = NULL;
  gint64 now = _stp_store_now ();
  gint64 id;

  g_return_val_if_fail (STP_IS_STORE (self), FALSE);
  g_return_val_if_fail (STP_IS_CLIENT (client), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  id = stp_client_get_id (client);
  if (id <= 0)
    {
      set_not_found (error);
      return FALSE;
    }

  if (!stp_client_validate (client, NULL, NULL, error))
    return FALSE;

  if (!_stp_store_begin (self, error))
    return FALSE;

  before = stp_store_get_client (self, id, error);
  if (before == NULL)
    goto fail;

  fields = changed_fields (before, client);
  if (*fields == '\0')
    {
      /* Nothing changed: no write, no audit row, no signal. */
      _stp_store_rollback (self);
      return TRUE;
    }

  stmt = _stp_store_prepare (self,
                             "UPDATE client SET given_name = ?1, family_name = ?2, "
                             "preferred_name = ?3, birth_date = ?4, phone = ?5, email = ?6, "
                             "notes = ?7, photo_consent = ?8, marketing_consent = ?9, "
                             "sort_key = ?10, updated_at = ?11 WHERE id = ?12",
                             error);
  if (stmt == NULL)
    goto fail;

  bind_client_fields (stmt, client, _stp_client_dup_sort_key (client));
  sqlite3_bind_int64 (stmt, 11, now);
  sqlite3_bind_int64 (stmt, 12, id);

  if (!_stp_store_run (self, stmt, error) ||
      !_stp_store_audit (self, now, "update", "client", id, fields, error) ||
      !_stp_store_commit (self, error))
    goto fail;

  _stp_client_set_archived (client, stp_client_get_archived (before));
  _stp_client_set_times (client, stp_client_get_created_at (before), now);
  _stp_store_emit_changed (self, STP_ENTITY_CLIENT, id, STP_CHANGE_UPDATED);
  return TRUE;

fail:
  _stp_store_rollback (self);
  return FALSE;
}

gboolean
stp_store_set_client_archived (StpStore  *self,
                               gint64     id,
                               gboolean   archived,
                               GError   **error)
{
  g_autoptr(StpClient) before = NULL;
  g_autoptr(StpStmt) stmt = NULL;
  gint64 now = _stp_store_now ();

  g_return_val_if_fail (STP_IS_STORE (self), FALSE);

  archived = !!archived;

  if (!_stp_store_begin (self, error))
    return FALSE;

  before = stp_store_get_client (self, id, error);
  if (before == NULL)
    goto fail;

  if (stp_client_get_archived (before) == archived)
    {
      _stp_store_rollback (self);
      return TRUE;
    }

  stmt = _stp_store_prepare (self,
                             "UPDATE client SET archived = ?1, updated_at = ?2 WHERE id = ?3",
                             error);
  if (stmt == NULL)
    goto fail;

  sqlite3_bind_int (stmt, 1, archived);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, id);

  if (!_stp_store_run (self, stmt, error) ||
      !_stp_store_audit (self, now, archived ? "archive" : "restore", "client", id,
                         "archived", error) ||
      !_stp_store_commit (self, error))
    goto fail;

  _stp_store_emit_changed (self, STP_ENTITY_CLIENT, id, STP_CHANGE_UPDATED);
  return TRUE;

fail:
  _stp_store_rollback (self);
  return FALSE;
}

gboolean
stp_store_erase_client (StpStore  *self,
                        gint64     id,
                        GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  g_autoptr(GPtrArray) photo_files = NULL;
  gint64 now = _stp_store_now ();

  g_return_val_if_fail (STP_IS_STORE (self), FALSE);

  if (!_stp_store_begin (self, error))
    return FALSE;

  /* The photo rows go with the client (ON DELETE CASCADE); their files are removed
   * after the commit, each once no other client's photo refers to it. */
  photo_files = _stp_store_list_photo_files (self, id, error);
  if (photo_files == NULL)
    goto fail;

  stmt = _stp_store_prepare (self, "DELETE FROM client WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;

  sqlite3_bind_int64 (stmt, 1, id);
  if (!_stp_store_run (self, stmt, error))
    goto fail;

  if (sqlite3_changes (_stp_store_get_db (self)) == 0)
    {
      set_not_found (error);
      goto fail;
    }

  /* The search indexes keep deleted terms in older segments until they are merged;
   * 'optimize' merges them all so the erased name is dropped from them. */
  if (!_stp_store_exec (self,
                        "INSERT INTO client_search (client_search) VALUES ('optimize');"
                        "INSERT INTO client_name_search (client_name_search) VALUES ('optimize');",
                        error) ||
      !_stp_store_audit (self, now, "erase", "client", id, NULL, error) ||
      !_stp_store_commit (self, error))
    goto fail;

  g_clear_pointer (&stmt, _stp_stmt_release);
  _stp_store_remove_unreferenced_photo_files (self, photo_files);
  _stp_store_scrub (self);
  _stp_store_emit_changed (self, STP_ENTITY_CLIENT, id, STP_CHANGE_REMOVED);
  return TRUE;

fail:
  _stp_store_rollback (self);
  return FALSE;
}

guint
stp_store_count_clients (StpStore       *self,
                         StpClientScope  scope)
{
  g_autoptr(StpStmt) stmt = NULL;

  g_return_val_if_fail (STP_IS_STORE (self), 0);

  stmt = _stp_store_prepare (self, "SELECT count(*) FROM client WHERE archived = ?1", NULL);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int (stmt, 1, scope == STP_CLIENT_SCOPE_ARCHIVED);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int (stmt, 0);
}

static GArray *
collect_ids (StpStore      *self,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }

  if (rc != SQLITE_DONE)
    {
      _stp_store_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

GArray *
stp_store_list_client_ids (StpStore        *self,
                           StpClientScope   scope,
                           GError         **error)
{
  g_autoptr(StpStmt) stmt = NULL;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  stmt = _stp_store_prepare (self,
                             "SELECT id FROM client WHERE archived = ?1 ORDER BY sort_key, id",
                             error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int (stmt, 1, scope == STP_CLIENT_SCOPE_ARCHIVED);
  return collect_ids (self, stmt, error);
}

/* Search ranks by where the words match, most telling first: whole words of the name
 * ("ann" finds Ann before Anna), then name prefixes, then any field. Within a tier
 * clients are in list order. Each tier reads at most `limit` matches in the index's own
 * order rather than scoring every match, so a one-letter search on 100,000 clients costs
 * about as much as a precise one; a tier cut short by the limit shows a subset, which is
 * why the list says to keep typing when it is full. Names have an index of their own so
 * that a phone number or a word in the notes never has to be checked against them. */
#define SEARCH_SQL(table) \
  "WITH hits AS MATERIALIZED (" \
  " SELECT c.id, c.sort_key FROM " table " s CROSS JOIN client c ON c.id = s.rowid" \
  " WHERE " table " MATCH ?1 AND c.archived = ?2 LIMIT ?3" \
  ") SELECT id FROM hits ORDER BY sort_key, id"

static const struct {
  const char *sql;
  gboolean    prefix;
} search_tiers[] = {
  { SEARCH_SQL ("client_name_search"), FALSE },
  { SEARCH_SQL ("client_name_search"), TRUE },
  { SEARCH_SQL ("client_search"), TRUE },
};

GArray *
stp_store_search_clients (StpStore        *self,
                          const char      *text,
                          StpClientScope   scope,
                          guint            limit,
                          GError         **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autofree char *query = NULL;
  g_autofree char *words = NULL;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    return g_array_new (FALSE, FALSE, sizeof (gint64));

  query = stp_text_to_fts_query (text);
  if (query == NULL)
    {
      g_autofree char *stripped = stp_text_strip_dup (text);

      /* Only punctuation was typed: nothing can match it. */
      if (stripped != NULL)
        return g_array_new (FALSE, FALSE, sizeof (gint64));

      ids = stp_store_list_client_ids (self, scope, error);
      if (ids != NULL && limit > 0 && ids->len > limit)
        g_array_set_size (ids, limit);
      return g_steal_pointer (&ids);
    }

  if (limit == 0)
    limit = G_MAXINT;

  words = stp_text_to_fts_words (text);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint tier = 0; tier < G_N_ELEMENTS (search_tiers) && ids->len < limit; tier++)
    {
      const char *expression = search_tiers[tier].prefix ? query : words;
      g_autoptr(StpStmt) stmt = NULL;
      int rc;

      /* CROSS JOIN keeps the search index as the outer loop, so LIMIT stops it early;
       * left to itself the planner may walk every client and probe the index for each.
       * MATERIALIZED stops SQLite from merging the two levels, which would sort every
       * match before applying the limit. */
      stmt = _stp_store_prepare (self, search_tiers[tier].sql, error);
      if (stmt == NULL)
        return NULL;

      sqlite3_bind_text (stmt, 1, expression, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, scope == STP_CLIENT_SCOPE_ARCHIVED);
      /* Earlier tiers' clients come up again here; read enough to still fill the list. */
      sqlite3_bind_int64 (stmt, 3, (gint64)limit + ids->len);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && ids->len < limit)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          if (g_hash_table_contains (seen, &id))
            continue;
          g_array_append_val (ids, id);
          g_hash_table_add (seen, g_memdup2 (&id, sizeof id));
        }

      if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        {
          _stp_store_set_error (self, rc, error);
          return NULL;
        }
    }

  return g_steal_pointer (&ids);
}

guint
stp_store_client_list_position (StpStore  *self,
                                StpClient *client)
{
  g_autoptr(StpStmt) stmt = NULL;

  g_return_val_if_fail (STP_IS_STORE (self), 0);
  g_return_val_if_fail (STP_IS_CLIENT (client), 0);

  stmt = _stp_store_prepare (self,
                             "SELECT count(*) FROM client WHERE archived = ?1 AND "
                             "(sort_key < ?2 OR (sort_key = ?2 AND id < ?3))",
                             NULL);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int (stmt, 1, stp_client_get_archived (client));
  sqlite3_bind_text (stmt, 2, _stp_client_dup_sort_key (client), -1, g_free);
  sqlite3_bind_int64 (stmt, 3, stp_client_get_id (client));

  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int (stmt, 0);
}
