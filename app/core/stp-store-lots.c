/* stp-store-lots.c: the remembered pigment and needle lots, lot recall with its CSV
 * export, and a client's pigment history.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "stp-store-sessions-private.h"
#include "stipple/stp-store-sessions.h"
#include "stipple/stp-text.h"

/* LIKE patterns match text literally: % and _ typed by a user are escaped. */
static char *
like_prefix (const char *text)
{
  g_autofree char *stripped = stp_text_strip_dup (text);
  GString *pattern = g_string_new (NULL);

  for (const char *p = stripped != NULL ? stripped : ""; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

GPtrArray *
stp_store_complete_pigment_lots (StpStore    *self,
                                 const char  *text,
                                 guint        limit,
                                 GError     **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *pattern = like_prefix (text);
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  stmt = _stp_store_prepare (self, "SELECT id, brand, shade, lot, expiry FROM pigment_lot "
                             "WHERE brand LIKE ?1 ESCAPE '\\' OR shade LIKE ?1 ESCAPE '\\' "
                             "OR lot LIKE ?1 ESCAPE '\\' OR (brand || ' ' || shade) LIKE ?1 "
                             "ESCAPE '\\' ORDER BY last_used_at DESC, id DESC LIMIT ?2",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64)limit : -1);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify)stp_session_pigment_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      StpSessionPigment *p = stp_session_pigment_new (_stp_column_text (stmt, 1),
                                                      _stp_column_text (stmt, 2), "",
                                                      _stp_column_text (stmt, 3),
                                                      (const char *)sqlite3_column_text (stmt,
                                                                                         4));
      p->lot_id = sqlite3_column_int64 (stmt, 0);
      g_ptr_array_add (list, p);
    }
  if (rc != SQLITE_DONE)
    {
      _stp_store_set_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

GPtrArray *
stp_store_complete_needle_lots (StpStore    *self,
                                const char  *text,
                                guint        limit,
                                GError     **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *pattern = like_prefix (text);
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  stmt = _stp_store_prepare (self, "SELECT id, configuration, diameter_mm, taper, lot, expiry "
                             "FROM needle_lot WHERE configuration LIKE ?1 ESCAPE '\\' "
                             "OR taper LIKE ?1 ESCAPE '\\' OR lot LIKE ?1 ESCAPE '\\' "
                             "ORDER BY last_used_at DESC, id DESC LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64)limit : -1);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify)stp_session_needle_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      StpSessionNeedle *n = stp_session_needle_new (_stp_column_text (stmt, 1),
                                                    sqlite3_column_double (stmt, 2),
                                                    _stp_column_text (stmt, 3),
                                                    _stp_column_text (stmt, 4),
                                                    (const char *)sqlite3_column_text (stmt,
                                                                                       5));
      n->lot_id = sqlite3_column_int64 (stmt, 0);
      g_ptr_array_add (list, n);
    }
  if (rc != SQLITE_DONE)
    {
      _stp_store_set_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* Recall */

void
stp_recall_hit_free (StpRecallHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->given_name);
  g_free (hit->family_name);
  g_free (hit->phone);
  g_free (hit->email);
  g_free (hit->products);
  g_free (hit->notes);
  g_free (hit);
}

/* The lot is found through its index first, then its sessions through
 * session_*_by_lot; the date range filters the few rows left. CROSS JOIN fixes that order:
 * left free, the planner may walk the whole session table by date instead. */
#define RECALL_PIGMENT_SQL \
  "SELECT c.id, c.given_name, c.family_name, c.phone, c.email, s.id, s.started_at, " \
  "group_concat(DISTINCT l.brand || ' ' || l.shade), s.notes " \
  "FROM pigment_lot l CROSS JOIN session_pigment x ON x.lot_id = l.id " \
  "CROSS JOIN treatment_session s ON s.id = x.session_id " \
  "CROSS JOIN client c ON c.id = s.client_id " \
  "WHERE l.lot = ?1 AND s.status = 'logged' AND s.started_at >= ?2 AND s.started_at < ?3 " \
  "GROUP BY s.id ORDER BY c.sort_key, c.id, s.started_at, s.id"

#define RECALL_NEEDLE_SQL \
  "SELECT c.id, c.given_name, c.family_name, c.phone, c.email, s.id, s.started_at, " \
  "group_concat(DISTINCT l.configuration || ' ' || printf('%.2f mm', l.diameter_mm)), " \
  "s.notes " \
  "FROM needle_lot l CROSS JOIN session_needle x ON x.lot_id = l.id " \
  "CROSS JOIN treatment_session s ON s.id = x.session_id " \
  "CROSS JOIN client c ON c.id = s.client_id " \
  "WHERE l.lot = ?1 AND s.status = 'logged' AND s.started_at >= ?2 AND s.started_at < ?3 " \
  "GROUP BY s.id ORDER BY c.sort_key, c.id, s.started_at, s.id"

const char *
_stp_store_recall_sql (StpLotKind kind)
{
  return kind == STP_LOT_NEEDLE ? RECALL_NEEDLE_SQL : RECALL_PIGMENT_SQL;
}

GPtrArray *
stp_store_recall (StpStore     *self,
                  StpLotKind    kind,
                  const char   *lot,
                  const char   *from_iso,
                  const char   *to_iso,
                  GError      **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *wanted = stp_text_strip_dup (lot);
  gint64 from = G_MININT64, to = G_MAXINT64, ignored;
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  if (wanted == NULL)
    {
      g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_REQUIRED,
                           _("Enter the lot number to recall, as printed on the label."));
      return NULL;
    }
  if (from_iso != NULL && *from_iso != '\0')
    {
      _stp_local_day_bounds (from_iso, &from, &ignored);
      if (from == 0)
        goto bad_date;
    }
  if (to_iso != NULL && *to_iso != '\0')
    {
      _stp_local_day_bounds (to_iso, &ignored, &to);
      if (to == 0)
        goto bad_date;
    }
  if (from >= to)
    {
      g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_OUT_OF_RANGE,
                           _("The first date of the range is after the last one."));
      return NULL;
    }

  stmt = _stp_store_prepare (self, _stp_store_recall_sql (kind), error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, wanted, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, to);

  hits = g_ptr_array_new_with_free_func ((GDestroyNotify)stp_recall_hit_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      StpRecallHit *hit = g_new0 (StpRecallHit, 1);

      hit->client_id = sqlite3_column_int64 (stmt, 0);
      hit->given_name = g_strdup (_stp_column_text (stmt, 1));
      hit->family_name = g_strdup (_stp_column_text (stmt, 2));
      hit->phone = g_strdup (_stp_column_text (stmt, 3));
      hit->email = g_strdup (_stp_column_text (stmt, 4));
      hit->session_id = sqlite3_column_int64 (stmt, 5);
      hit->started_at = sqlite3_column_int64 (stmt, 6);
      hit->products = g_strdup (_stp_column_text (stmt, 7));
      hit->notes = g_strdup (_stp_column_text (stmt, 8));
      g_ptr_array_add (hits, hit);
    }
  if (rc != SQLITE_DONE)
    {
      _stp_store_set_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&hits);

bad_date:
  g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_DATE_INVALID,
                       _("A date of the range is not a real date; write it as YYYY-MM-DD."));
  return NULL;
}

guint
stp_recall_count_clients (GPtrArray *hits)
{
  guint count = 0;

  /* Hits come grouped by client. */
  for (guint i = 0; i < hits->len; i++)
    {
      const StpRecallHit *hit = hits->pdata[i];

      if (i == 0 || ((const StpRecallHit *)hits->pdata[i - 1])->client_id != hit->client_id)
        count++;
    }
  return count;
}

/* RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
static void
append_field (GString    *csv,
              const char *field,
              gboolean    last)
{
  if (field == NULL)
    field = "";
  if (strpbrk (field, ",\"\r\n") != NULL)
    {
      g_string_append_c (csv, '"');
      for (const char *p = field; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (csv, '"');
          g_string_append_c (csv, *p);
        }
      g_string_append_c (csv, '"');
    }
  else
    g_string_append (csv, field);
  g_string_append (csv, last ? "\r\n" : ",");
}

char *
stp_recall_to_csv (GPtrArray  *hits,
                   const char *lot)
{
  GString *csv = g_string_new (NULL);

  g_return_val_if_fail (hits != NULL, NULL);

  append_field (csv, _("Family name"), FALSE);
  append_field (csv, _("Given name"), FALSE);
  append_field (csv, _("Phone"), FALSE);
  append_field (csv, _("Email"), FALSE);
  append_field (csv, _("Session date"), FALSE);
  append_field (csv, _("Products"), FALSE);
  append_field (csv, _("Lot"), FALSE);
  append_field (csv, _("Session notes"), TRUE);

  for (guint i = 0; i < hits->len; i++)
    {
      const StpRecallHit *hit = hits->pdata[i];
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (hit->started_at);
      g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
      g_autofree char *when = local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M")
                                            : g_strdup ("");

      append_field (csv, hit->family_name, FALSE);
      append_field (csv, hit->given_name, FALSE);
      append_field (csv, hit->phone, FALSE);
      append_field (csv, hit->email, FALSE);
      append_field (csv, when, FALSE);
      append_field (csv, hit->products, FALSE);
      append_field (csv, lot, FALSE);
      append_field (csv, hit->notes, TRUE);
    }

  return g_string_free (csv, FALSE);
}

gboolean
stp_recall_write_csv (GPtrArray   *hits,
                      const char  *lot,
                      const char  *path,
                      GError     **error)
{
  g_autofree char *csv = stp_recall_to_csv (hits, lot);
  g_autoptr(GError) local_error = NULL;

  /* Written to a temporary file and renamed, so a full disk never leaves half a list. */
  if (!g_file_set_contents_full (path, csv, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &local_error))
    {
      g_set_error (error, STP_STORE_ERROR, STP_STORE_ERROR_IO,
                   _("The recall list could not be saved (%s). Choose another folder."),
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* Pigment history */

void
stp_pigment_use_free (StpPigmentUse *use)
{
  if (use == NULL)
    return;
  g_free (use->brand);
  g_free (use->shade);
  g_free (use->dilution);
  g_free (use->lot);
  g_free (use);
}

GPtrArray *
stp_store_list_pigment_history (StpStore  *self,
                                gint64     client_id,
                                GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  stmt = _stp_store_prepare (self, "SELECT s.id, s.started_at, p.brand, p.shade, p.dilution, "
                             "p.lot FROM treatment_session s JOIN session_pigment p "
                             "ON p.session_id = s.id WHERE s.client_id = ?1 "
                             "AND s.status = 'logged' "
                             "ORDER BY s.started_at DESC, s.id DESC, p.position", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, client_id);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify)stp_pigment_use_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      StpPigmentUse *use = g_new0 (StpPigmentUse, 1);

      use->session_id = sqlite3_column_int64 (stmt, 0);
      use->started_at = sqlite3_column_int64 (stmt, 1);
      use->brand = g_strdup (_stp_column_text (stmt, 2));
      use->shade = g_strdup (_stp_column_text (stmt, 3));
      use->dilution = g_strdup (_stp_column_text (stmt, 4));
      use->lot = g_strdup (_stp_column_text (stmt, 5));
      g_ptr_array_add (list, use);
    }
  if (rc != SQLITE_DONE)
    {
      _stp_store_set_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}
