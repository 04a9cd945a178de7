/* stp-store-staff.c: the clinic's staff list. Staff are deactivated, never deleted, so
 * the audit log always names who made a change.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "stp-staff-private.h"
#include "stp-store-private.h"

static StpStaff *
staff_from_row (sqlite3_stmt *stmt)
{
  StpStaffRole role = STP_STAFF_ROLE_CONSULTANT;
  StpStaff *staff;

  stp_staff_role_from_string ((const char *)sqlite3_column_text (stmt, 2), &role);
  staff = stp_staff_new ((const char *)sqlite3_column_text (stmt, 1), role);
  _stp_staff_set_id (staff, sqlite3_column_int64 (stmt, 0));
  stp_staff_set_active (staff, sqlite3_column_int (stmt, 3));

  return staff;
}

gint64
stp_store_create_staff (StpStore  *self,
                        StpStaff  *staff,
                        GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  gint64 now = _stp_store_now ();
  gint64 id;

  g_return_val_if_fail (STP_IS_STORE (self), 0);
  g_return_val_if_fail (STP_IS_STAFF (staff), 0);

  if (!stp_staff_validate (staff, error) || !_stp_store_begin (self, error))
    return 0;

  stmt = _stp_store_prepare (self,
                             "INSERT INTO staff (name, role, active, created_at, updated_at) "
                             "VALUES (?1, ?2, ?3, ?4, ?4)",
                             error);
  if (stmt == NULL)
    goto fail;

  sqlite3_bind_text (stmt, 1, stp_staff_get_name (staff), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, stp_staff_role_to_string (stp_staff_get_role (staff)), -1,
                     SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, stp_staff_get_active (staff));
  sqlite3_bind_int64 (stmt, 4, now);

  if (!_stp_store_run (self, stmt, error))
    goto fail;

  id = sqlite3_last_insert_rowid (_stp_store_get_db (self));
  if (!_stp_store_audit (self, now, "create", "staff", id, NULL, error) ||
      !_stp_store_commit (self, error))
    goto fail;

  _stp_staff_set_id (staff, id);
  _stp_store_emit_changed (self, STP_ENTITY_STAFF, id, STP_CHANGE_CREATED);
  return id;

fail:
  _stp_store_rollback (self);
  return 0;
}

gboolean
stp_store_update_staff (StpStore  *self,
                        StpStaff  *staff,
                        GError   **error)
{
  g_autoptr(StpStaff) before = NULL;
  g_autoptr(StpStmt) stmt = NULL;
  g_autoptr(GString) fields = g_string_new (NULL);
  gint64 now = _stp_store_now ();
  gint64 id;

  g_return_val_if_fail (STP_IS_STORE (self), FALSE);
  g_return_val_if_fail (STP_IS_STAFF (staff), FALSE);

  id = stp_staff_get_id (staff);
  if (!stp_staff_validate (staff, error) || !_stp_store_begin (self, error))
    return FALSE;

  before = stp_store_get_staff (self, id, error);
  if (before == NULL)
    goto fail;

  if (g_strcmp0 (stp_staff_get_name (before), stp_staff_get_name (staff)) != 0)
    g_string_append (fields, "name,");
  if (stp_staff_get_role (before) != stp_staff_get_role (staff))
    g_string_append (fields, "role,");
  if (stp_staff_get_active (before) != stp_staff_get_active (staff))
    g_string_append (fields, "active,");
  if (fields->len == 0)
    {
      _stp_store_rollback (self);
      return TRUE;
    }
  g_string_truncate (fields, fields->len - 1);

  stmt = _stp_store_prepare (self,
                             "UPDATE staff SET name = ?1, role = ?2, active = ?3, "
                             "updated_at = ?4 WHERE id = ?5",
                             error);
  if (stmt == NULL)
    goto fail;

  sqlite3_bind_text (stmt, 1, stp_staff_get_name (staff), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, stp_staff_role_to_string (stp_staff_get_role (staff)), -1,
                     SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, stp_staff_get_active (staff));
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, id);

  if (!_stp_store_run (self, stmt, error) ||
      !_stp_store_audit (self, now, "update", "staff", id, fields->str, error) ||
      !_stp_store_commit (self, error))
    goto fail;

  _stp_store_emit_changed (self, STP_ENTITY_STAFF, id, STP_CHANGE_UPDATED);
  return TRUE;

fail:
  _stp_store_rollback (self);
  return FALSE;
}

StpStaff *
stp_store_get_staff (StpStore  *self,
                     gint64     id,
                     GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  stmt = _stp_store_prepare (self, "SELECT id, name, role, active FROM staff WHERE id = ?1",
                             error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return staff_from_row (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND,
                 _("This staff member is not in the staff list."));
  else
    _stp_store_set_error (self, rc, error);

  return NULL;
}

GPtrArray *
stp_store_list_staff (StpStore  *self,
                      gboolean   include_inactive,
                      GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  stmt = _stp_store_prepare (self,
                             "SELECT id, name, role, active FROM staff "
                             "WHERE active = 1 OR ?1 ORDER BY name COLLATE NOCASE, id",
                             error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int (stmt, 1, !!include_inactive);
  staff = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (staff, staff_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      _stp_store_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&staff);
}

gboolean
stp_store_actor_has_role (StpStore     *self,
                          StpStaffRole  role)
{
  g_autoptr(StpStaff) staff = NULL;
  gint64 actor;

  g_return_val_if_fail (STP_IS_STORE (self), FALSE);

  actor = stp_store_get_actor (self);
  if (actor <= 0)
    return FALSE;

  staff = stp_store_get_staff (self, actor, NULL);
  return staff != NULL && stp_staff_get_active (staff) && stp_staff_get_role (staff) == role;
}
