/* stp-store-protocols.c: aftercare protocols and opening hours in the store, and copying
 * the shipped protocols in on first run.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "stp-store-followups-private.h"
#include "stp-store-sessions-private.h"
#include "stp-validate-private.h"

/* Set once the shipped protocols were copied in, so a protocol an administrator removed
 * does not come back at the next start. */
#define SEEDED_SETTING "protocols-seeded"
#define TIME_ZONE_KEY "stp-time-zone"
#define TOUCHED_KEY "stp-followups-touched"

void
stp_store_set_time_zone (StpStore  *self,
                         GTimeZone *tz)
{
  g_return_if_fail (STP_IS_STORE (self));

  g_object_set_data_full (G_OBJECT (self), TIME_ZONE_KEY,
                          tz != NULL ? g_time_zone_ref (tz) : NULL,
                          (GDestroyNotify)g_time_zone_unref);
}

GTimeZone *
stp_store_get_time_zone (StpStore *self)
{
  GTimeZone *tz;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  tz = g_object_get_data (G_OBJECT (self), TIME_ZONE_KEY);
  if (tz == NULL)
    {
      /* The local zone is read once per store: a clinic does not move while running. */
      tz = g_time_zone_new_local ();
      g_object_set_data_full (G_OBJECT (self), TIME_ZONE_KEY, tz,
                              (GDestroyNotify)g_time_zone_unref);
    }
  return tz;
}

/* Relay */

void
_stp_store_followups_touched (StpStore *self)
{
  g_object_set_data (G_OBJECT (self), TOUCHED_KEY, GINT_TO_POINTER (1));
}

/* A session, plan or referral change that scheduled, moved or cancelled follow-ups is
 * followed by one follow-up change signal, so the reminders and the page re-read. */
static void
store_changed_cb (StpStore      *self,
                  int            entity,
                  gint64         id,
                  int            kind,
                  gpointer       user_data)
{
  if (entity == STP_ENTITY_FOLLOWUP ||
      g_object_get_data (G_OBJECT (self), TOUCHED_KEY) == NULL)
    return;
  g_object_set_data (G_OBJECT (self), TOUCHED_KEY, NULL);
  _stp_store_emit_changed (self, STP_ENTITY_FOLLOWUP, 0, STP_CHANGE_UPDATED);
}

/* Protocols */

static StpProtocol *
read_protocol (StpStore  *self,
               gint64     id,
               GError   **error)
{
  g_autoptr(StpProtocol) protocol = NULL;
  g_autoptr(StpStmt) head = NULL;
  g_autoptr(StpStmt) services = NULL;
  g_autoptr(StpStmt) steps = NULL;
  int rc;

  head = _stp_store_prepare (self, "SELECT name FROM protocol WHERE id = ?1", error);
  if (head == NULL)
    return NULL;
  sqlite3_bind_int64 (head, 1, id);
  if (!_stp_store_step_row (self, head, _("This protocol no longer exists."), error))
    return NULL;
  protocol = stp_protocol_new ();
  protocol->id = id;
  g_free (protocol->name);
  protocol->name = g_strdup (_stp_column_text (head, 0));

  services = _stp_store_prepare (self, "SELECT service FROM protocol_service "
                                 "WHERE protocol_id = ?1 ORDER BY service", error);
  if (services == NULL)
    return NULL;
  sqlite3_bind_int64 (services, 1, id);
  while ((rc = sqlite3_step (services)) == SQLITE_ROW)
    g_ptr_array_add (protocol->services, g_strdup (_stp_column_text (services, 0)));
  if (rc != SQLITE_DONE)
    {
      _stp_store_set_error (self, rc, error);
      return NULL;
    }

  steps = _stp_store_prepare (self, "SELECT id, kind, offset_days, offset_hours, "
                              "use_plan_spacing, repeat_days, title, message, channel "
                              "FROM protocol_step WHERE protocol_id = ?1 ORDER BY position",
                              error);
  if (steps == NULL)
    return NULL;
  sqlite3_bind_int64 (steps, 1, id);
  while ((rc = sqlite3_step (steps)) == SQLITE_ROW)
    {
      StpProtocolStep *step = stp_protocol_step_new ();

      step->id = sqlite3_column_int64 (steps, 0);
      stp_followup_kind_from_string (_stp_column_text (steps, 1), &step->kind);
      step->offset_days = sqlite3_column_int (steps, 2);
      step->offset_hours = sqlite3_column_int (steps, 3);
      step->use_plan_spacing = sqlite3_column_int (steps, 4) != 0;
      step->repeat_days = sqlite3_column_int (steps, 5);
      g_free (step->title);
      step->title = g_strdup (_stp_column_text (steps, 6));
      g_free (step->message);
      step->message = g_strdup (_stp_column_text (steps, 7));
      stp_channel_from_string (_stp_column_text (steps, 8), &step->channel);
      g_ptr_array_add (protocol->steps, step);
    }
  if (rc != SQLITE_DONE)
    {
      _stp_store_set_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&protocol);
}

GPtrArray *
stp_store_list_protocols (StpStore  *self,
                          GError   **error)
{
  g_autoptr(GPtrArray) protocols = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(StpStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  stmt = _stp_store_prepare (self, "SELECT id FROM protocol ORDER BY name, id", error);
  if (stmt == NULL)
    return NULL;
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
  g_clear_pointer (&stmt, _stp_stmt_release);

  protocols = g_ptr_array_new_with_free_func ((GDestroyNotify)stp_protocol_free);
  for (guint i = 0; i < ids->len; i++)
    {
      StpProtocol *protocol = read_protocol (self, g_array_index (ids, gint64, i), error);

      if (protocol == NULL)
        return NULL;
      g_ptr_array_add (protocols, protocol);
    }
  return g_steal_pointer (&protocols);
}

StpProtocol *
stp_store_get_protocol_for_service (StpStore    *self,
                                    const char  *service,
                                    GError     **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  gint64 id;
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);
  g_return_val_if_fail (service != NULL, NULL);

  stmt = _stp_store_prepare (self, "SELECT protocol_id FROM protocol_service "
                             "WHERE service = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, service, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      _stp_store_set_error (self, rc, error);
      return NULL;
    }
  id = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, _stp_stmt_release);
  return read_protocol (self, id, error);
}

/* Writes a validated protocol inside an open transaction; returns its id. */
static gint64
write_protocol (StpStore     *self,
                StpProtocol  *protocol,
                gint64        now,
                GError      **error)
{
  g_autoptr(StpStmt) head = NULL;
  g_autoptr(StpStmt) clear = NULL;
  g_autoptr(StpStmt) service = NULL;
  g_autoptr(StpStmt) step = NULL;
  g_autofree char *name = g_strstrip (g_strdup (protocol->name));
  gint64 id = protocol->id;

  {
    g_autoptr(StpStmt) dup = _stp_store_prepare (self, "SELECT 1 FROM protocol WHERE "
                                                 "name = ?1 COLLATE NOCASE AND id != ?2",
                                                 error);
    if (dup == NULL)
      return 0;
    sqlite3_bind_text (dup, 1, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (dup, 2, id);
    if (sqlite3_step (dup) == SQLITE_ROW)
      {
        g_set_error (error, STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_DUPLICATE_NAME,
                     _("There is already a protocol called “%s”. Choose another name."),
                     name);
        return 0;
      }
  }

  if (id > 0)
    {
      head = _stp_store_prepare (self, "UPDATE protocol SET name = ?2, updated_at = ?3 "
                                 "WHERE id = ?1", error);
      if (head == NULL)
        return 0;
      sqlite3_bind_int64 (head, 1, id);
      sqlite3_bind_text (head, 2, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (head, 3, now);
      if (!_stp_store_run (self, head, error))
        return 0;
      if (sqlite3_changes (_stp_store_get_db (self)) == 0)
        {
          g_set_error_literal (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND,
                               _("This protocol no longer exists."));
          return 0;
        }
      /* Steps are replaced; follow-ups keep their own copy of the words and lose only
       * the link to the step they came from. */
      clear = _stp_store_prepare (self, "DELETE FROM protocol_step WHERE protocol_id = ?1",
                                  error);
      if (clear == NULL)
        return 0;
      sqlite3_bind_int64 (clear, 1, id);
      if (!_stp_store_run (self, clear, error))
        return 0;
      g_clear_pointer (&clear, _stp_stmt_release);
      clear = _stp_store_prepare (self, "DELETE FROM protocol_service WHERE protocol_id = ?1",
                                  error);
      if (clear == NULL)
        return 0;
      sqlite3_bind_int64 (clear, 1, id);
      if (!_stp_store_run (self, clear, error))
        return 0;
    }
  else
    {
      head = _stp_store_prepare (self, "INSERT INTO protocol (name, created_at, updated_at) "
                                 "VALUES (?1, ?2, ?2)", error);
      if (head == NULL)
        return 0;
      sqlite3_bind_text (head, 1, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (head, 2, now);
      if (!_stp_store_run (self, head, error))
        return 0;
      id = sqlite3_last_insert_rowid (_stp_store_get_db (self));
    }

  service = _stp_store_prepare (self, "INSERT INTO protocol_service (service, protocol_id) "
                                "VALUES (?1, ?2)", error);
  if (service == NULL)
    return 0;
  for (guint i = 0; i < protocol->services->len; i++)
    {
      const char *name_of_service = g_ptr_array_index (protocol->services, i);
      g_autoptr(StpStmt) taken = _stp_store_prepare (self, "SELECT p.name FROM "
                                                     "protocol_service s JOIN protocol p "
                                                     "ON p.id = s.protocol_id "
                                                     "WHERE s.service = ?1", error);
      if (taken == NULL)
        return 0;
      sqlite3_bind_text (taken, 1, name_of_service, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (taken) == SQLITE_ROW)
        {
          g_set_error (error, STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_SERVICE_TAKEN,
                       _("The service “%s” already follows the protocol “%s”. Remove it "
                         "there first."), name_of_service, _stp_column_text (taken, 0));
          return 0;
        }
      sqlite3_bind_text (service, 1, name_of_service, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (service, 2, id);
      if (!_stp_store_run (self, service, error))
        return 0;
      sqlite3_reset (service);
    }

  step = _stp_store_prepare (self, "INSERT INTO protocol_step (protocol_id, position, kind, "
                             "offset_days, offset_hours, use_plan_spacing, repeat_days, "
                             "title, message, channel) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", error);
  if (step == NULL)
    return 0;
  for (guint i = 0; i < protocol->steps->len; i++)
    {
      StpProtocolStep *s = g_ptr_array_index (protocol->steps, i);
      g_autofree char *title = g_strstrip (g_strdup (s->title));

      sqlite3_bind_int64 (step, 1, id);
      sqlite3_bind_int (step, 2, (int)i);
      sqlite3_bind_text (step, 3, stp_followup_kind_to_string (s->kind), -1, SQLITE_STATIC);
      sqlite3_bind_int (step, 4, (int)s->offset_days);
      sqlite3_bind_int (step, 5, (int)s->offset_hours);
      sqlite3_bind_int (step, 6, s->use_plan_spacing ? 1 : 0);
      sqlite3_bind_int (step, 7, (int)s->repeat_days);
      sqlite3_bind_text (step, 8, title, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (step, 9, s->message != NULL ? s->message : "", -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (step, 10, stp_channel_to_string (s->channel), -1, SQLITE_STATIC);
      if (!_stp_store_run (self, step, error))
        return 0;
      s->id = sqlite3_last_insert_rowid (_stp_store_get_db (self));
      sqlite3_reset (step);
    }
  return id;
}

static gboolean
check_admin (StpStore  *self,
             GError   **error)
{
  if (stp_store_actor_has_role (self, STP_STAFF_ROLE_ADMIN))
    return TRUE;
  g_set_error_literal (error, STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_ADMIN_REQUIRED,
                       _("Only an administrator can change aftercare protocols. Choose an "
                         "administrator in the header bar first."));
  return FALSE;
}

gint64
stp_store_save_protocol (StpStore     *self,
                         StpProtocol  *protocol,
                         GError      **error)
{
  gint64 now = _stp_store_now ();
  gboolean created;
  gint64 id;

  g_return_val_if_fail (STP_IS_STORE (self), 0);
  g_return_val_if_fail (protocol != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!check_admin (self, error) || !stp_protocol_validate (protocol, error) ||
      !_stp_store_begin (self, error))
    return 0;
  created = protocol->id <= 0;
  id = write_protocol (self, protocol, now, error);
  if (id == 0 ||
      !_stp_store_audit (self, now, created ? "create" : "update", "protocol", id,
                         created ? NULL : "name,services,steps", error) ||
      !_stp_store_commit (self, error))
    {
      _stp_store_rollback (self);
      return 0;
    }
  protocol->id = id;
  _stp_store_emit_changed (self, STP_ENTITY_PROTOCOL, id,
                           created ? STP_CHANGE_CREATED : STP_CHANGE_UPDATED);
  return id;
}

gboolean
stp_store_delete_protocol (StpStore  *self,
                           gint64     id,
                           GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  gint64 now = _stp_store_now ();

  g_return_val_if_fail (STP_IS_STORE (self), FALSE);

  if (!check_admin (self, error) || !_stp_store_begin (self, error))
    return FALSE;
  stmt = _stp_store_prepare (self, "DELETE FROM protocol WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_stp_store_run (self, stmt, error))
    goto fail;
  if (sqlite3_changes (_stp_store_get_db (self)) == 0)
    {
      g_set_error_literal (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND,
                           _("This protocol no longer exists."));
      goto fail;
    }
  if (!_stp_store_audit (self, now, "delete", "protocol", id, NULL, error) ||
      !_stp_store_commit (self, error))
    goto fail;
  _stp_store_emit_changed (self, STP_ENTITY_PROTOCOL, id, STP_CHANGE_REMOVED);
  return TRUE;

fail:
  _stp_store_rollback (self);
  return FALSE;
}

/* Opening hours */

StpOpeningHours *
stp_store_get_opening_hours (StpStore  *self,
                             GError   **error)
{
  g_autoptr(StpOpeningHours) hours = stp_opening_hours_new_always ();
  g_autoptr(StpStmt) days = NULL;
  g_autoptr(StpStmt) closed = NULL;
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  for (guint day = 1; day <= 7; day++)
    hours->days[day].open = FALSE;
  days = _stp_store_prepare (self, "SELECT weekday, opens_minute, closes_minute "
                             "FROM opening_hours", error);
  if (days == NULL)
    return NULL;
  while ((rc = sqlite3_step (days)) == SQLITE_ROW)
    {
      int day = sqlite3_column_int (days, 0);

      if (day < 1 || day > 7)
        continue;
      hours->days[day].open = TRUE;
      hours->days[day].opens_minute = sqlite3_column_int (days, 1);
      hours->days[day].closes_minute = sqlite3_column_int (days, 2);
    }
  if (rc != SQLITE_DONE)
    {
      _stp_store_set_error (self, rc, error);
      return NULL;
    }
  closed = _stp_store_prepare (self, "SELECT day FROM closed_day ORDER BY day", error);
  if (closed == NULL)
    return NULL;
  while ((rc = sqlite3_step (closed)) == SQLITE_ROW)
    g_ptr_array_add (hours->closed_days, g_strdup (_stp_column_text (closed, 0)));
  if (rc != SQLITE_DONE)
    {
      _stp_store_set_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&hours);
}

gboolean
stp_store_set_opening_hours (StpStore               *self,
                             const StpOpeningHours  *hours,
                             guint                  *n_moved,
                             GError                **error)
{
  g_autoptr(StpStmt) day = NULL;
  g_autoptr(StpStmt) closed = NULL;
  gint64 now = _stp_store_now ();
  guint moved = 0;

  g_return_val_if_fail (STP_IS_STORE (self), FALSE);
  g_return_val_if_fail (hours != NULL, FALSE);

  if (!stp_opening_hours_validate (hours, error) || !_stp_store_begin (self, error))
    return FALSE;
  if (!_stp_store_exec (self, "DELETE FROM opening_hours; DELETE FROM closed_day;", error))
    goto fail;
  day = _stp_store_prepare (self, "INSERT INTO opening_hours (weekday, opens_minute, "
                            "closes_minute) VALUES (?1, ?2, ?3)", error);
  if (day == NULL)
    goto fail;
  for (guint d = 1; d <= 7; d++)
    {
      if (!hours->days[d].open)
        continue;
      sqlite3_bind_int (day, 1, (int)d);
      sqlite3_bind_int (day, 2, (int)hours->days[d].opens_minute);
      sqlite3_bind_int (day, 3, (int)hours->days[d].closes_minute);
      if (!_stp_store_run (self, day, error))
        goto fail;
      sqlite3_reset (day);
    }
  closed = _stp_store_prepare (self, "INSERT OR IGNORE INTO closed_day (day) VALUES (?1)",
                               error);
  if (closed == NULL)
    goto fail;
  for (guint i = 0; i < hours->closed_days->len; i++)
    {
      sqlite3_bind_text (closed, 1, g_ptr_array_index (hours->closed_days, i), -1,
                         SQLITE_TRANSIENT);
      if (!_stp_store_run (self, closed, error))
        goto fail;
      sqlite3_reset (closed);
    }
  if (!_stp_store_audit (self, now, "update", "setting", 0, "opening_hours", error) ||
      !_stp_store_fit_followups_to_hours (self, hours, now, &moved, error) ||
      !_stp_store_commit (self, error))
    goto fail;
  _stp_store_emit_changed (self, STP_ENTITY_SETTING, 0, STP_CHANGE_UPDATED);
  if (n_moved != NULL)
    *n_moved = moved;
  return TRUE;

fail:
  _stp_store_rollback (self);
  return FALSE;
}

/* First run */

gboolean
_stp_store_open_followups (StpStore  *self,
                           GError   **error)
{
  g_autoptr(GPtrArray) defaults = NULL;
  g_autofree char *seeded = NULL;
  gint64 now = _stp_store_now ();

  g_signal_connect (self, "changed", G_CALLBACK (store_changed_cb), NULL);

  seeded = stp_store_get_setting (self, SEEDED_SETTING);
  if (seeded != NULL)
    return TRUE;
  defaults = stp_protocol_load_defaults (error);
  if (defaults == NULL)
    return FALSE;
  if (!_stp_store_begin (self, error))
    return FALSE;
  for (guint i = 0; i < defaults->len; i++)
    if (write_protocol (self, g_ptr_array_index (defaults, i), now, error) == 0)
      goto fail;
  {
    g_autoptr(StpStmt) mark = _stp_store_prepare (self, "INSERT INTO setting (key, value) "
                                                  "VALUES ('" SEEDED_SETTING "', '1')",
                                                  error);
    if (mark == NULL || !_stp_store_run (self, mark, error))
      goto fail;
  }
  if (!_stp_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  _stp_store_rollback (self);
  g_prefix_error (error, _("Copying the aftercare protocols into the database failed: "));
  return FALSE;
}
