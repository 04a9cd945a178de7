/* stp-store-sessions.c: treatment plans and the session log; a session with its areas,
 * lots and photo links is one transaction, and a correction keeps what it replaced.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "stp-store-private.h"
#include "stp-store-sessions-private.h"
#include "stp-store-followups-private.h"  /* aftercare hooks (issue 6) */
#include "stp-validate-private.h"
#include "stipple/stp-store-sessions.h"
#include "stipple/stp-store-sketches.h"
#include "stipple/stp-text.h"

#define SESSION_COLUMNS \
  "id, client_id, coalesce(plan_id, 0), kind, started_at, coalesce(duration_minutes, 0), " \
  "coalesce(practitioner_id, 0), depth, angle, spacing, machine_model, " \
  "coalesce(stroke_mm, 0), coalesce(voltage, 0), coalesce(speed_hz, 0), " \
  "coalesce(pain, -1), bleeding, redness, swelling, notes, coalesce(sketch_version_id, 0), " \
  "coalesce(expired_ack_by, 0), coalesce(expired_ack_at, 0), expired_ack_lots, status, " \
  "cancel_reason, revision, created_at, coalesce(created_by, 0), updated_at"

#define PLAN_COLUMNS \
  "id, client_id, coalesce(consultation_id, 0), coalesce(referral_id, 0), " \
  "coalesce(sketch_version_id, 0), planned_sessions, spacing_days, status, notes, " \
  "created_at, updated_at"

const char *
_stp_column_text (sqlite3_stmt *stmt,
                  int           column)
{
  const char *text = (const char *)sqlite3_column_text (stmt, column);
  return text != NULL ? text : "";
}

void
_stp_bind_id_or_null (sqlite3_stmt *stmt,
                      int           column,
                      gint64        value)
{
  if (value > 0)
    sqlite3_bind_int64 (stmt, column, value);
  else
    sqlite3_bind_null (stmt, column);
}

static void
bind_double_or_null (sqlite3_stmt *stmt,
                     int           column,
                     double        value)
{
  if (value > 0.0)
    sqlite3_bind_double (stmt, column, value);
  else
    sqlite3_bind_null (stmt, column);
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           column,
                   const char   *text)
{
  if (text != NULL && *text != '\0')
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

/* Stored product names and lots without the spaces a paste brings along. */
static void
bind_stripped (sqlite3_stmt *stmt,
               int           column,
               const char   *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  sqlite3_bind_text (stmt, column, copy, -1, SQLITE_TRANSIENT);
}

/* Returns 0 and sets error on a failed step. */
gint64
_stp_store_query_int (StpStore    *self,
                      const char  *sql,
                      gint64       arg,
                      gint64       fallback,
                      GError     **error)
{
  g_autoptr(StpStmt) stmt = _stp_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return fallback;
  sqlite3_bind_int64 (stmt, 1, arg);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_type (stmt, 0) == SQLITE_NULL ? fallback
                                                        : sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    _stp_store_set_error (self, rc, error);
  return fallback;
}

void
_stp_local_day_bounds (const char *iso,
                       gint64     *start,
                       gint64     *end)
{
  GDate date;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) next = NULL;

  *start = *end = 0;
  if (iso == NULL || !_stp_parse_iso_date (iso, &date))
    return;
  day = g_date_time_new (tz, g_date_get_year (&date), g_date_get_month (&date),
                         g_date_get_day (&date), 0, 0, 0);
  next = g_date_time_add_days (day, 1);
  *start = g_date_time_to_unix (day);
  *end = g_date_time_to_unix (next);
}

#define SESSION_MISSING_MSG \
  N_("This session no longer exists. It may have been erased with its client on another " \
     "workstation.")

static void
set_session_not_found (GError **error)
{
  g_set_error_literal (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND,
                       _(SESSION_MISSING_MSG));
}

static void
set_plan_not_found (GError **error)
{
  g_set_error_literal (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND,
                       _("This treatment plan no longer exists."));
}

/* Plans */

static StpTreatmentPlan *
read_plan_row (sqlite3_stmt *stmt)
{
  StpTreatmentPlan *plan = stp_treatment_plan_new ();

  plan->id = sqlite3_column_int64 (stmt, 0);
  plan->client_id = sqlite3_column_int64 (stmt, 1);
  plan->consultation_id = sqlite3_column_int64 (stmt, 2);
  plan->referral_id = sqlite3_column_int64 (stmt, 3);
  plan->sketch_version_id = sqlite3_column_int64 (stmt, 4);
  plan->planned_sessions = sqlite3_column_int (stmt, 5);
  plan->spacing_days = sqlite3_column_int (stmt, 6);
  plan->status = stp_treatment_plan_status_from_string (_stp_column_text (stmt, 7));
  g_free (plan->notes);
  plan->notes = g_strdup (_stp_column_text (stmt, 8));
  plan->created_at = sqlite3_column_int64 (stmt, 9);
  plan->updated_at = sqlite3_column_int64 (stmt, 10);
  return plan;
}

static gboolean
client_exists (StpStore *self,
               gint64    client_id)
{
  return _stp_store_query_int (self, "SELECT 1 FROM client WHERE id = ?1", client_id, 0,
                               NULL) == 1;
}

static void
set_client_gone (GError **error)
{
  g_set_error_literal (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND,
                       _("This client no longer exists. It may have been erased on another "
                         "workstation."));
}

static gint64
insert_plan (StpStore          *self,
             StpTreatmentPlan  *plan,
             gint64             now,
             GError           **error)
{
  g_autoptr(StpStmt) stmt = NULL;

  stmt = _stp_store_prepare (self,
                             "INSERT INTO treatment_plan (client_id, consultation_id, "
                             "referral_id, sketch_version_id, planned_sessions, spacing_days, "
                             "status, notes, created_at, updated_at) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, plan->client_id);
  _stp_bind_id_or_null (stmt, 2, plan->consultation_id);
  _stp_bind_id_or_null (stmt, 3, plan->referral_id);
  _stp_bind_id_or_null (stmt, 4, plan->sketch_version_id);
  sqlite3_bind_int (stmt, 5, plan->planned_sessions);
  sqlite3_bind_int (stmt, 6, plan->spacing_days);
  sqlite3_bind_text (stmt, 7, stp_treatment_plan_status_to_string (plan->status), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, plan->notes != NULL ? plan->notes : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 9, now);
  if (!_stp_store_run (self, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (_stp_store_get_db (self));
}

gint64
stp_store_create_plan (StpStore          *self,
                       StpTreatmentPlan  *plan,
                       GError           **error)
{
  gint64 now = _stp_store_now ();
  gint64 id;

  g_return_val_if_fail (STP_IS_STORE (self), 0);
  g_return_val_if_fail (plan != NULL, 0);

  if (!stp_treatment_plan_validate (plan, error) || !_stp_store_begin (self, error))
    return 0;
  if (!client_exists (self, plan->client_id))
    {
      set_client_gone (error);
      goto fail;
    }
  id = insert_plan (self, plan, now, error);
  if (id == 0 || !_stp_store_audit (self, now, "create", "treatment_plan", id, NULL, error) ||
      !_stp_store_commit (self, error))
    goto fail;

  plan->id = id;
  plan->created_at = plan->updated_at = now;
  _stp_store_emit_changed (self, STP_ENTITY_PLAN, id, STP_CHANGE_CREATED);
  return id;

fail:
  _stp_store_rollback (self);
  return 0;
}

gint64
stp_store_create_plan_from_consultation (StpStore  *self,
                                         gint64     consultation_id,
                                         GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  g_autoptr(StpTreatmentPlan) plan = stp_treatment_plan_new ();

  g_return_val_if_fail (STP_IS_STORE (self), 0);

  stmt = _stp_store_prepare (self,
                             "SELECT c.client_id, p.sessions, p.spacing_days "
                             "FROM consultation c LEFT JOIN consultation_plan p "
                             "ON p.consultation_id = c.id WHERE c.id = ?1", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, consultation_id);
  if (!_stp_store_step_row (self, stmt, _("This consultation no longer exists."), error))
    return 0;
  if (sqlite3_column_type (stmt, 1) == SQLITE_NULL ||
      sqlite3_column_type (stmt, 2) == SQLITE_NULL)
    {
      g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_REQUIRED,
                           _("The consultation’s plan has no number of sessions or spacing "
                             "yet. Fill them in on the consultation, or make the plan by "
                             "hand."));
      return 0;
    }
  plan->client_id = sqlite3_column_int64 (stmt, 0);
  plan->consultation_id = consultation_id;
  plan->planned_sessions = sqlite3_column_int (stmt, 1);
  plan->spacing_days = sqlite3_column_int (stmt, 2);
  g_clear_pointer (&stmt, _stp_stmt_release);

  return stp_store_create_plan (self, plan, error);
}

StpTreatmentPlan *
stp_store_get_plan (StpStore  *self,
                    gint64     id,
                    GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  stmt = _stp_store_prepare (self, "SELECT " PLAN_COLUMNS " FROM treatment_plan WHERE id = ?1",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_plan_row (stmt);
  if (rc == SQLITE_DONE)
    set_plan_not_found (error);
  else
    _stp_store_set_error (self, rc, error);
  return NULL;
}

StpTreatmentPlan *
stp_store_get_current_plan (StpStore  *self,
                            gint64     client_id,
                            GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  stmt = _stp_store_prepare (self, "SELECT " PLAN_COLUMNS " FROM treatment_plan "
                             "WHERE client_id = ?1 AND status IN ('active', 'paused') "
                             "ORDER BY status = 'active' DESC, created_at DESC, id DESC "
                             "LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, client_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_plan_row (stmt);
  if (rc != SQLITE_DONE)
    _stp_store_set_error (self, rc, error);
  return NULL;
}

gboolean
stp_store_set_plan_status (StpStore                *self,
                           gint64                   plan_id,
                           StpTreatmentPlanStatus   status,
                           GError                 **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  gint64 now = _stp_store_now ();

  g_return_val_if_fail (STP_IS_STORE (self), FALSE);
  g_return_val_if_fail (status < STP_TREATMENT_PLAN_N_STATUSES, FALSE);

  if (!_stp_store_begin (self, error))
    return FALSE;
  stmt = _stp_store_prepare (self, "UPDATE treatment_plan SET status = ?2, updated_at = ?3 "
                             "WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, plan_id);
  sqlite3_bind_text (stmt, 2, stp_treatment_plan_status_to_string (status), -1,
                     SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, now);
  if (!_stp_store_run (self, stmt, error))
    goto fail;
  if (sqlite3_changes (_stp_store_get_db (self)) == 0)
    {
      set_plan_not_found (error);
      goto fail;
    }
  if (!_stp_store_audit (self, now, "update", "treatment_plan", plan_id, "status", error) ||
      /* Aftercare: a cancelled plan's open follow-ups are cancelled. */
      (status == STP_TREATMENT_PLAN_CANCELLED &&
       !_stp_store_cancel_plan_followups (self, plan_id, error)) ||
      !_stp_store_commit (self, error))
    goto fail;

  _stp_store_emit_changed (self, STP_ENTITY_PLAN, plan_id, STP_CHANGE_UPDATED);
  return TRUE;

fail:
  _stp_store_rollback (self);
  return FALSE;
}

gboolean
stp_store_get_plan_progress (StpStore         *self,
                             gint64            client_id,
                             StpPlanProgress  *progress,
                             GError          **error)
{
  g_autoptr(StpTreatmentPlan) plan = NULL;
  g_autoptr(StpStmt) stmt = NULL;
  GError *local_error = NULL;
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), FALSE);
  g_return_val_if_fail (progress != NULL, FALSE);

  memset (progress, 0, sizeof *progress);
  g_date_clear (&progress->next_due, 1);

  plan = stp_store_get_current_plan (self, client_id, &local_error);
  if (plan == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      return FALSE;
    }

  stmt = _stp_store_prepare (self, "SELECT count(*), max(started_at) FROM treatment_session "
                             "WHERE plan_id = ?1 AND status = 'logged'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, plan->id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _stp_store_set_error (self, rc, error);
      return FALSE;
    }

  progress->plan_id = plan->id;
  progress->planned = plan->planned_sessions;
  progress->status = plan->status;
  progress->logged = sqlite3_column_int (stmt, 0);
  progress->last_started_at = sqlite3_column_int64 (stmt, 1);
  if (progress->last_started_at > 0)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (progress->last_started_at);
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);

      /* Due counts in calendar days from the local day of the last session. */
      g_date_set_dmy (&progress->next_due, g_date_time_get_day_of_month (local),
                      g_date_time_get_month (local), g_date_time_get_year (local));
      g_date_add_days (&progress->next_due, plan->spacing_days);
    }
  return TRUE;
}

/* Reading sessions */

static gboolean
read_session_children (StpStore             *self,
                       StpTreatmentSession  *s,
                       GError              **error)
{
  g_autoptr(StpStmt) areas = NULL;
  g_autoptr(StpStmt) pigments = NULL;
  g_autoptr(StpStmt) needles = NULL;
  g_autoptr(StpStmt) photos = NULL;
  g_autoptr(StpStmt) regions = NULL;
  int rc;

  areas = _stp_store_prepare (self, "SELECT area FROM session_area WHERE session_id = ?1",
                              error);
  if (areas == NULL)
    return FALSE;
  sqlite3_bind_int64 (areas, 1, s->id);
  while ((rc = sqlite3_step (areas)) == SQLITE_ROW)
    for (guint bit = 1; bit <= STP_AREAS_ALL; bit <<= 1)
      if (g_strcmp0 (stp_area_to_string (bit), _stp_column_text (areas, 0)) == 0)
        s->areas |= bit;
  if (rc != SQLITE_DONE)
    goto sql_fail;

  pigments = _stp_store_prepare (self, "SELECT lot_id, brand, shade, dilution, lot, expiry "
                                 "FROM session_pigment WHERE session_id = ?1 "
                                 "ORDER BY position", error);
  if (pigments == NULL)
    return FALSE;
  sqlite3_bind_int64 (pigments, 1, s->id);
  while ((rc = sqlite3_step (pigments)) == SQLITE_ROW)
    {
      StpSessionPigment *p =
        stp_session_pigment_new (_stp_column_text (pigments, 1),
                                 _stp_column_text (pigments, 2),
                                 _stp_column_text (pigments, 3),
                                 _stp_column_text (pigments, 4),
                                 (const char *)sqlite3_column_text (pigments, 5));
      p->lot_id = sqlite3_column_int64 (pigments, 0);
      g_ptr_array_add (s->pigments, p);
    }
  if (rc != SQLITE_DONE)
    goto sql_fail;

  needles = _stp_store_prepare (self, "SELECT lot_id, configuration, diameter_mm, taper, lot, "
                                "expiry FROM session_needle WHERE session_id = ?1 "
                                "ORDER BY position", error);
  if (needles == NULL)
    return FALSE;
  sqlite3_bind_int64 (needles, 1, s->id);
  while ((rc = sqlite3_step (needles)) == SQLITE_ROW)
    {
      StpSessionNeedle *n =
        stp_session_needle_new (_stp_column_text (needles, 1),
                                sqlite3_column_double (needles, 2),
                                _stp_column_text (needles, 3),
                                _stp_column_text (needles, 4),
                                (const char *)sqlite3_column_text (needles, 5));
      n->lot_id = sqlite3_column_int64 (needles, 0);
      g_ptr_array_add (s->needles, n);
    }
  if (rc != SQLITE_DONE)
    goto sql_fail;

  photos = _stp_store_prepare (self, "SELECT photo_id, role FROM session_photo "
                               "WHERE session_id = ?1 ORDER BY role = 'after', photo_id",
                               error);
  if (photos == NULL)
    return FALSE;
  sqlite3_bind_int64 (photos, 1, s->id);
  while ((rc = sqlite3_step (photos)) == SQLITE_ROW)
    {
      StpSessionPhoto ph = {
        sqlite3_column_int64 (photos, 0),
        g_strcmp0 (_stp_column_text (photos, 1), "after") == 0 ? STP_PHOTO_ROLE_AFTER
                                                               : STP_PHOTO_ROLE_BEFORE,
      };
      g_array_append_val (s->photos, ph);
    }
  if (rc != SQLITE_DONE)
    goto sql_fail;

  regions = _stp_store_prepare (self, "SELECT item_id, area, label FROM session_region "
                                "WHERE session_id = ?1 ORDER BY item_id", error);
  if (regions == NULL)
    return FALSE;
  sqlite3_bind_int64 (regions, 1, s->id);
  while ((rc = sqlite3_step (regions)) == SQLITE_ROW)
    {
      StpAreas area = 0;

      for (guint bit = 1; bit <= STP_AREAS_ALL; bit <<= 1)
        if (g_strcmp0 (stp_area_to_string (bit),
                       (const char *)sqlite3_column_text (regions, 1)) == 0)
          area = bit;
      g_ptr_array_add (s->regions,
                       stp_session_region_new ((guint32)sqlite3_column_int64 (regions, 0), area,
                                               _stp_column_text (regions, 2)));
    }
  if (rc != SQLITE_DONE)
    goto sql_fail;

  return TRUE;

sql_fail:
  _stp_store_set_error (self, rc, error);
  return FALSE;
}

StpTreatmentSession *
stp_store_get_session (StpStore  *self,
                       gint64     id,
                       GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  g_autoptr(StpTreatmentSession) s = NULL;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  stmt = _stp_store_prepare (self, "SELECT " SESSION_COLUMNS " FROM treatment_session "
                             "WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_stp_store_step_row (self, stmt, _(SESSION_MISSING_MSG), error))
    return NULL;

  s = stp_treatment_session_new ();
  s->id = sqlite3_column_int64 (stmt, 0);
  s->client_id = sqlite3_column_int64 (stmt, 1);
  s->plan_id = sqlite3_column_int64 (stmt, 2);
  stp_session_kind_from_string (_stp_column_text (stmt, 3), &s->kind);
  s->started_at = sqlite3_column_int64 (stmt, 4);
  s->duration_minutes = sqlite3_column_int (stmt, 5);
  s->practitioner_id = sqlite3_column_int64 (stmt, 6);
  g_free (s->depth);
  s->depth = g_strdup (_stp_column_text (stmt, 7));
  g_free (s->angle);
  s->angle = g_strdup (_stp_column_text (stmt, 8));
  g_free (s->spacing);
  s->spacing = g_strdup (_stp_column_text (stmt, 9));
  g_free (s->machine_model);
  s->machine_model = g_strdup (_stp_column_text (stmt, 10));
  s->stroke_mm = sqlite3_column_double (stmt, 11);
  s->voltage = sqlite3_column_double (stmt, 12);
  s->speed_hz = sqlite3_column_int (stmt, 13);
  s->pain = sqlite3_column_int (stmt, 14);
  s->bleeding = stp_reaction_from_string ((const char *)sqlite3_column_text (stmt, 15));
  s->redness = stp_reaction_from_string ((const char *)sqlite3_column_text (stmt, 16));
  s->swelling = stp_reaction_from_string ((const char *)sqlite3_column_text (stmt, 17));
  g_free (s->notes);
  s->notes = g_strdup (_stp_column_text (stmt, 18));
  s->sketch_version_id = sqlite3_column_int64 (stmt, 19);
  s->expired_ack_by = sqlite3_column_int64 (stmt, 20);
  s->expired_ack_at = sqlite3_column_int64 (stmt, 21);
  s->expired_ack_lots = g_strdup ((const char *)sqlite3_column_text (stmt, 22));
  s->status = g_strcmp0 (_stp_column_text (stmt, 23), "cancelled") == 0
              ? STP_SESSION_STATUS_CANCELLED : STP_SESSION_STATUS_LOGGED;
  g_free (s->cancel_reason);
  s->cancel_reason = g_strdup (_stp_column_text (stmt, 24));
  s->revision = sqlite3_column_int (stmt, 25);
  s->created_at = sqlite3_column_int64 (stmt, 26);
  s->created_by = sqlite3_column_int64 (stmt, 27);
  s->updated_at = sqlite3_column_int64 (stmt, 28);
  g_clear_pointer (&stmt, _stp_stmt_release);

  if (!read_session_children (self, s, error))
    return NULL;
  return g_steal_pointer (&s);
}

static GArray *
list_ids (StpStore    *self,
          const char  *sql,
          gint64       arg,
          GError     **error)
{
  g_autoptr(StpStmt) stmt = _stp_store_prepare (self, sql, error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, arg);
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

GPtrArray *
stp_store_list_sessions (StpStore  *self,
                         gint64     client_id,
                         GError   **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  ids = list_ids (self, "SELECT id FROM treatment_session WHERE client_id = ?1 "
                  "ORDER BY started_at, id", client_id, error);
  if (ids == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify)stp_treatment_session_free);
  for (guint i = 0; i < ids->len; i++)
    {
      StpTreatmentSession *s = stp_store_get_session (self, g_array_index (ids, gint64, i),
                                                      error);
      if (s == NULL)
        return NULL;
      g_ptr_array_add (list, s);
    }
  return g_steal_pointer (&list);
}

StpTreatmentSession *
stp_store_prefill_session (StpStore  *self,
                           gint64     client_id,
                           GError   **error)
{
  g_autoptr(StpTreatmentPlan) plan = NULL;
  g_autoptr(StpTreatmentSession) fresh = NULL;
  GError *local_error = NULL;
  gint64 last_id;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  if (!client_exists (self, client_id))
    {
      set_client_gone (error);
      return NULL;
    }

  plan = stp_store_get_current_plan (self, client_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  last_id = _stp_store_query_int (self, "SELECT id FROM treatment_session WHERE client_id = ?1 "
                                  "AND status = 'logged' ORDER BY started_at DESC, id DESC "
                                  "LIMIT 1", client_id, 0, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  if (last_id > 0)
    {
      g_autoptr(StpTreatmentSession) last = stp_store_get_session (self, last_id, error);

      if (last == NULL)
        return NULL;
      fresh = stp_treatment_session_copy (last);
      fresh->kind = stp_session_kind_next (last->kind);
      /* What happened on the day is never carried over: it must be recorded fresh. */
      fresh->duration_minutes = 0;
      fresh->pain = -1;
      fresh->bleeding = fresh->redness = fresh->swelling = STP_REACTION_UNKNOWN;
      g_free (fresh->notes);
      fresh->notes = g_strdup ("");
      g_array_set_size (fresh->photos, 0);
      g_free (fresh->cancel_reason);
      fresh->cancel_reason = g_strdup ("");
      g_clear_pointer (&fresh->expired_ack_lots, g_free);
      fresh->expired_ack_by = fresh->expired_ack_at = 0;
      fresh->created_at = fresh->created_by = fresh->updated_at = 0;
    }
  else
    {
      fresh = stp_treatment_session_new ();
      fresh->client_id = client_id;
      fresh->practitioner_id = stp_store_get_actor (self);
    }

  fresh->id = 0;
  fresh->status = STP_SESSION_STATUS_LOGGED;
  fresh->revision = 1;
  fresh->started_at = _stp_store_now ();
  if (plan != NULL)
    fresh->plan_id = plan->id;
  return g_steal_pointer (&fresh);
}

/* Writing sessions */

/* The remembered lot for a product and lot, created or refreshed; its id. */
static gint64
upsert_pigment_lot (StpStore                 *self,
                    const StpSessionPigment  *p,
                    gint64                    now,
                    GError                  **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  int rc;

  stmt = _stp_store_prepare (self,
                             "INSERT INTO pigment_lot (brand, shade, lot, expiry, created_at, "
                             "last_used_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5) "
                             "ON CONFLICT (brand, shade, lot) DO UPDATE SET "
                             "expiry = coalesce(excluded.expiry, expiry), "
                             "last_used_at = max(last_used_at, excluded.last_used_at) "
                             "RETURNING id", error);
  if (stmt == NULL)
    return 0;
  bind_stripped (stmt, 1, p->brand);
  bind_stripped (stmt, 2, p->shade);
  bind_stripped (stmt, 3, p->lot);
  bind_text_or_null (stmt, 4, p->expiry);
  sqlite3_bind_int64 (stmt, 5, now);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _stp_store_set_error (self, rc, error);
      return 0;
    }
  return sqlite3_column_int64 (stmt, 0);
}

static gint64
upsert_needle_lot (StpStore                *self,
                   const StpSessionNeedle  *n,
                   gint64                   now,
                   GError                 **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  int rc;

  stmt = _stp_store_prepare (self,
                             "INSERT INTO needle_lot (configuration, diameter_mm, taper, lot, "
                             "expiry, created_at, last_used_at) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) "
                             "ON CONFLICT (configuration, diameter_mm, taper, lot) DO UPDATE "
                             "SET expiry = coalesce(excluded.expiry, expiry), "
                             "last_used_at = max(last_used_at, excluded.last_used_at) "
                             "RETURNING id", error);
  if (stmt == NULL)
    return 0;
  bind_stripped (stmt, 1, n->configuration);
  sqlite3_bind_double (stmt, 2, n->diameter_mm);
  bind_stripped (stmt, 3, n->taper);
  bind_stripped (stmt, 4, n->lot);
  bind_text_or_null (stmt, 5, n->expiry);
  sqlite3_bind_int64 (stmt, 6, now);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _stp_store_set_error (self, rc, error);
      return 0;
    }
  return sqlite3_column_int64 (stmt, 0);
}

static gboolean
run_for_id (StpStore    *self,
            const char  *sql,
            gint64       id,
            GError     **error)
{
  g_autoptr(StpStmt) stmt = _stp_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return _stp_store_run (self, stmt, error);
}

/* Replaces the session's areas, pigments, needles and photo links, inside the caller's
 * transaction; any refused row rolls the whole log back. */
static gboolean
write_children (StpStore             *self,
                gint64                id,
                StpTreatmentSession  *s,
                gint64                now,
                GError              **error)
{
  g_autoptr(StpStmt) area = NULL;
  g_autoptr(StpStmt) pigment = NULL;
  g_autoptr(StpStmt) needle = NULL;
  g_autoptr(StpStmt) photo = NULL;
  g_autoptr(StpStmt) region = NULL;

  if (!run_for_id (self, "DELETE FROM session_region WHERE session_id = ?1", id, error) ||
      !run_for_id (self, "DELETE FROM session_area WHERE session_id = ?1", id, error) ||
      !run_for_id (self, "DELETE FROM session_pigment WHERE session_id = ?1", id, error) ||
      !run_for_id (self, "DELETE FROM session_needle WHERE session_id = ?1", id, error) ||
      !run_for_id (self, "DELETE FROM session_photo WHERE session_id = ?1", id, error))
    return FALSE;

  area = _stp_store_prepare (self, "INSERT INTO session_area (session_id, area) "
                             "VALUES (?1, ?2)", error);
  if (area == NULL)
    return FALSE;
  for (guint bit = 1; bit <= STP_AREAS_ALL; bit <<= 1)
    {
      if ((s->areas & bit) == 0)
        continue;
      sqlite3_bind_int64 (area, 1, id);
      sqlite3_bind_text (area, 2, stp_area_to_string (bit), -1, SQLITE_STATIC);
      if (!_stp_store_run (self, area, error))
        return FALSE;
      sqlite3_reset (area);
    }

  pigment = _stp_store_prepare (self, "INSERT INTO session_pigment (session_id, position, "
                                "lot_id, brand, shade, dilution, lot, expiry) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);
  if (pigment == NULL)
    return FALSE;
  for (guint i = 0; i < s->pigments->len; i++)
    {
      StpSessionPigment *p = s->pigments->pdata[i];

      p->lot_id = upsert_pigment_lot (self, p, now, error);
      if (p->lot_id == 0)
        return FALSE;
      sqlite3_bind_int64 (pigment, 1, id);
      sqlite3_bind_int (pigment, 2, i);
      sqlite3_bind_int64 (pigment, 3, p->lot_id);
      bind_stripped (pigment, 4, p->brand);
      bind_stripped (pigment, 5, p->shade);
      bind_stripped (pigment, 6, p->dilution);
      bind_stripped (pigment, 7, p->lot);
      bind_text_or_null (pigment, 8, p->expiry);
      if (!_stp_store_run (self, pigment, error))
        return FALSE;
      sqlite3_reset (pigment);
    }

  needle = _stp_store_prepare (self, "INSERT INTO session_needle (session_id, position, "
                               "lot_id, configuration, diameter_mm, taper, lot, expiry) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);
  if (needle == NULL)
    return FALSE;
  for (guint i = 0; i < s->needles->len; i++)
    {
      StpSessionNeedle *n = s->needles->pdata[i];

      n->lot_id = upsert_needle_lot (self, n, now, error);
      if (n->lot_id == 0)
        return FALSE;
      sqlite3_bind_int64 (needle, 1, id);
      sqlite3_bind_int (needle, 2, i);
      sqlite3_bind_int64 (needle, 3, n->lot_id);
      bind_stripped (needle, 4, n->configuration);
      sqlite3_bind_double (needle, 5, n->diameter_mm);
      bind_stripped (needle, 6, n->taper);
      bind_stripped (needle, 7, n->lot);
      bind_text_or_null (needle, 8, n->expiry);
      if (!_stp_store_run (self, needle, error))
        return FALSE;
      sqlite3_reset (needle);
    }

  photo = _stp_store_prepare (self, "INSERT INTO session_photo (session_id, photo_id, role) "
                              "SELECT ?1, id, ?3 FROM photo WHERE id = ?2 AND client_id = ?4",
                              error);
  if (photo == NULL)
    return FALSE;
  for (guint i = 0; i < s->photos->len; i++)
    {
      const StpSessionPhoto *ph = &g_array_index (s->photos, StpSessionPhoto, i);

      sqlite3_bind_int64 (photo, 1, id);
      sqlite3_bind_int64 (photo, 2, ph->photo_id);
      sqlite3_bind_text (photo, 3, ph->role == STP_PHOTO_ROLE_AFTER ? "after" : "before", -1,
                         SQLITE_STATIC);
      sqlite3_bind_int64 (photo, 4, s->client_id);
      if (!_stp_store_run (self, photo, error))
        return FALSE;
      if (sqlite3_changes (_stp_store_get_db (self)) == 0)
        {
          g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_INVALID_CHOICE,
                               _("A chosen photo is not one of this client’s photos any "
                                 "more. Pick the photos again."));
          return FALSE;
        }
      sqlite3_reset (photo);
    }

  region = _stp_store_prepare (self, "INSERT INTO session_region (session_id, item_id, area, "
                               "label) VALUES (?1, ?2, ?3, ?4)", error);
  if (region == NULL)
    return FALSE;
  for (guint i = 0; i < s->regions->len; i++)
    {
      const StpSessionRegion *r = s->regions->pdata[i];

      sqlite3_bind_int64 (region, 1, id);
      sqlite3_bind_int64 (region, 2, r->item_id);
      bind_text_or_null (region, 3, r->area != 0 ? stp_area_to_string (r->area) : NULL);
      bind_stripped (region, 4, r->label);
      if (!_stp_store_run (self, region, error))
        return FALSE;
      sqlite3_reset (region);
    }

  return TRUE;
}

/* The links a session makes must stay within its client. */
static gboolean
check_links (StpStore                   *self,
             const StpTreatmentSession  *s,
             GError                    **error)
{
  if (s->sketch_version_id > 0 &&
      _stp_store_query_int (self, "SELECT client_id FROM sketch_version WHERE id = ?1",
                            s->sketch_version_id, 0, NULL) != s->client_id)
    {
      g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_INVALID_CHOICE,
                           _("The chosen sketch version is not one of this client’s. Choose "
                             "the sketch again."));
      return FALSE;
    }
  if (s->plan_id > 0 &&
      _stp_store_query_int (self, "SELECT client_id FROM treatment_plan WHERE id = ?1",
                            s->plan_id, 0, NULL) != s->client_id)
    {
      g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_INVALID_CHOICE,
                           _("The chosen treatment plan is not this client’s."));
      return FALSE;
    }
  if (s->regions->len > 0)
    {
      /* The drawing is read as any file is; a region must still be one of its regions. */
      g_autoptr(StpSketch) sketch = stp_store_load_sketch (self, s->sketch_version_id, error);

      if (sketch == NULL)
        return FALSE;
      for (guint i = 0; i < s->regions->len; i++)
        {
          const StpSessionRegion *r = s->regions->pdata[i];
          const StpSketchItem *item = stp_sketch_lookup_item (sketch, r->item_id);

          if (item == NULL || item->kind != STP_SKETCH_ITEM_REGION)
            {
              g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_INVALID_CHOICE,
                                   _("A chosen region is not in the sketch version followed. "
                                     "Pick the regions again."));
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* A region that is a named area counts as that area treated, so area lists and reports
 * need not know about sketches. */
static void
fold_region_areas (StpTreatmentSession *s)
{
  for (guint i = 0; i < s->regions->len; i++)
    s->areas |= ((const StpSessionRegion *)s->regions->pdata[i])->area;
}

/* Binds the recorded content, ?2 to ?21, shared by insert and correction. */
static void
bind_content (sqlite3_stmt               *stmt,
              const StpTreatmentSession  *s)
{
  _stp_bind_id_or_null (stmt, 2, s->plan_id);
  sqlite3_bind_text (stmt, 3, stp_session_kind_to_string (s->kind), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, s->started_at);
  _stp_bind_id_or_null (stmt, 5, s->duration_minutes);
  _stp_bind_id_or_null (stmt, 6, s->practitioner_id);
  bind_stripped (stmt, 7, s->depth);
  bind_stripped (stmt, 8, s->angle);
  bind_stripped (stmt, 9, s->spacing);
  bind_stripped (stmt, 10, s->machine_model);
  bind_double_or_null (stmt, 11, s->stroke_mm);
  bind_double_or_null (stmt, 12, s->voltage);
  _stp_bind_id_or_null (stmt, 13, s->speed_hz);
  if (s->pain >= 0)
    sqlite3_bind_int (stmt, 14, s->pain);
  else
    sqlite3_bind_null (stmt, 14);
  bind_text_or_null (stmt, 15, stp_reaction_to_string (s->bleeding));
  bind_text_or_null (stmt, 16, stp_reaction_to_string (s->redness));
  bind_text_or_null (stmt, 17, stp_reaction_to_string (s->swelling));
  sqlite3_bind_text (stmt, 18, s->notes != NULL ? s->notes : "", -1, SQLITE_TRANSIENT);
  _stp_bind_id_or_null (stmt, 19, s->sketch_version_id);
}

static gboolean
check_expired (const StpTreatmentSession  *s,
               gint64                      ack_staff_id,
               char                      **expired,
               GError                    **error)
{
  *expired = stp_treatment_session_describe_expired (s);
  if (*expired == NULL || ack_staff_id > 0)
    return TRUE;

  g_set_error (error, STP_SESSION_ERROR, STP_SESSION_ERROR_EXPIRED_LOT,
               _("These lots had expired before the session date:\n%s\nUse a lot that has "
                 "not expired, or confirm that the expired lot was used."), *expired);
  g_clear_pointer (expired, g_free);
  return FALSE;
}

gint64
stp_store_log_session (StpStore             *self,
                       StpTreatmentSession  *session,
                       gint64                ack_staff_id,
                       GError              **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  g_autofree char *expired = NULL;
  gint64 now = _stp_store_now ();
  gint64 id;

  g_return_val_if_fail (STP_IS_STORE (self), 0);
  g_return_val_if_fail (session != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!stp_treatment_session_validate (session, NULL, error))
    return 0;
  fold_region_areas (session);
  if (!check_expired (session, ack_staff_id, &expired, error) ||
      !_stp_store_begin (self, error))
    return 0;

  if (!client_exists (self, session->client_id))
    {
      set_client_gone (error);
      goto fail;
    }
  if (!check_links (self, session, error))
    goto fail;

  stmt = _stp_store_prepare (self,
                             "INSERT INTO treatment_session (client_id, plan_id, kind, "
                             "started_at, duration_minutes, practitioner_id, depth, angle, "
                             "spacing, machine_model, stroke_mm, voltage, speed_hz, pain, "
                             "bleeding, redness, swelling, notes, sketch_version_id, "
                             "expired_ack_by, expired_ack_at, expired_ack_lots, created_at, "
                             "created_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                             "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, "
                             "?22, ?23, ?24, ?23)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, session->client_id);
  bind_content (stmt, session);
  if (expired != NULL)
    {
      sqlite3_bind_int64 (stmt, 20, ack_staff_id);
      sqlite3_bind_int64 (stmt, 21, now);
      sqlite3_bind_text (stmt, 22, expired, -1, SQLITE_TRANSIENT);
    }
  sqlite3_bind_int64 (stmt, 23, now);
  _stp_bind_id_or_null (stmt, 24, stp_store_get_actor (self));
  if (!_stp_store_run (self, stmt, error))
    goto fail;
  id = sqlite3_last_insert_rowid (_stp_store_get_db (self));
  g_clear_pointer (&stmt, _stp_stmt_release);

  if (!write_children (self, id, session, now, error) ||
      !_stp_store_audit (self, now, "create", "treatment_session", id, NULL, error) ||
      (expired != NULL &&
       !_stp_store_audit (self, now, "acknowledge-expired", "treatment_session", id,
                          "expired_ack", error)) ||
      /* Aftercare: the session's follow-ups, in the same transaction. */
      !_stp_store_schedule_followups (self, id, error) ||
      !_stp_store_commit (self, error))
    goto fail;

  session->id = id;
  session->status = STP_SESSION_STATUS_LOGGED;
  session->revision = 1;
  session->created_at = session->updated_at = now;
  session->created_by = stp_store_get_actor (self);
  if (expired != NULL)
    {
      session->expired_ack_by = ack_staff_id;
      session->expired_ack_at = now;
      g_free (session->expired_ack_lots);
      session->expired_ack_lots = g_steal_pointer (&expired);
    }
  _stp_store_emit_changed (self, STP_ENTITY_SESSION, id, STP_CHANGE_CREATED);
  _stp_store_emit_changed (self, STP_ENTITY_LOT, 0, STP_CHANGE_UPDATED);
  return id;

fail:
  _stp_store_rollback (self);
  return 0;
}

static gboolean
check_reason (const char  *reason,
              const char  *message,
              GError     **error)
{
  g_autofree char *stripped = stp_text_strip_dup (reason);

  if (stripped == NULL)
    {
      g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_REASON_REQUIRED,
                           message);
      return FALSE;
    }
  return _stp_check_text (reason, STP_SESSION_REASON_MAX, FALSE, _("reason"),
                          STP_SESSION_ERROR, STP_SESSION_ERROR_INVALID_TEXT,
                          STP_SESSION_ERROR_TOO_LONG, error);
}

static gboolean
check_logged (const StpTreatmentSession  *s,
              GError                    **error)
{
  if (s->status == STP_SESSION_STATUS_LOGGED)
    return TRUE;
  g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_READ_ONLY,
                       _("This session was cancelled and can no longer be changed."));
  return FALSE;
}

gboolean
stp_store_correct_session (StpStore             *self,
                           StpTreatmentSession  *session,
                           const char           *reason,
                           gint64                ack_staff_id,
                           GError              **error)
{
  g_autoptr(StpTreatmentSession) before = NULL;
  g_autoptr(StpStmt) revision = NULL;
  g_autoptr(StpStmt) row = NULL;
  g_autofree char *expired = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *old_json = NULL;
  gint64 now = _stp_store_now ();
  gint64 id;

  g_return_val_if_fail (STP_IS_STORE (self), FALSE);
  g_return_val_if_fail (session != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  id = session->id;
  if (id <= 0)
    {
      set_session_not_found (error);
      return FALSE;
    }
  if (!check_reason (reason, _("Say why the session is corrected; the reason is kept with "
                               "the previous version."), error) ||
      !stp_treatment_session_validate (session, NULL, error))
    return FALSE;
  fold_region_areas (session);
  if (!_stp_store_begin (self, error))
    return FALSE;

  /* Read inside the transaction: another workstation may have changed it. */
  before = stp_store_get_session (self, id, error);
  if (before == NULL || !check_logged (before, error))
    goto fail;
  session->client_id = before->client_id;

  /* Lots acknowledged when the session was logged need no second acknowledgement. */
  expired = stp_treatment_session_describe_expired (session);
  if (expired != NULL && ack_staff_id <= 0 &&
      g_strcmp0 (expired, before->expired_ack_lots) != 0)
    {
      g_clear_pointer (&expired, g_free);
      if (!check_expired (session, 0, &expired, error))
        goto fail;
    }

  fields = stp_treatment_session_diff_fields (before, session);
  if (*fields == '\0')
    {
      _stp_store_rollback (self);
      return TRUE;
    }
  if (!check_links (self, session, error))
    goto fail;

  old_json = stp_treatment_session_to_json (before);
  revision = _stp_store_prepare (self, "INSERT INTO session_revision (session_id, revision, "
                                 "changed_at, changed_by, reason, old_values) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (revision == NULL)
    goto fail;
  sqlite3_bind_int64 (revision, 1, id);
  sqlite3_bind_int (revision, 2, before->revision);
  sqlite3_bind_int64 (revision, 3, now);
  _stp_bind_id_or_null (revision, 4, stp_store_get_actor (self));
  bind_stripped (revision, 5, reason);
  sqlite3_bind_text (revision, 6, old_json, -1, SQLITE_TRANSIENT);
  if (!_stp_store_run (self, revision, error))
    goto fail;

  row = _stp_store_prepare (self,
                            "UPDATE treatment_session SET plan_id = ?2, kind = ?3, "
                            "started_at = ?4, duration_minutes = ?5, practitioner_id = ?6, "
                            "depth = ?7, angle = ?8, spacing = ?9, machine_model = ?10, "
                            "stroke_mm = ?11, voltage = ?12, speed_hz = ?13, pain = ?14, "
                            "bleeding = ?15, redness = ?16, swelling = ?17, notes = ?18, "
                            "sketch_version_id = ?19, "
                            "expired_ack_by = CASE WHEN ?20 > 0 THEN ?20 ELSE expired_ack_by END, "
                            "expired_ack_at = CASE WHEN ?20 > 0 THEN ?21 ELSE expired_ack_at END, "
                            "expired_ack_lots = CASE WHEN ?20 > 0 THEN ?22 "
                            "ELSE expired_ack_lots END, "
                            "revision = revision + 1, updated_at = ?21 WHERE id = ?1", error);
  if (row == NULL)
    goto fail;
  sqlite3_bind_int64 (row, 1, id);
  bind_content (row, session);
  sqlite3_bind_int64 (row, 20, expired != NULL ? ack_staff_id : 0);
  sqlite3_bind_int64 (row, 21, now);
  bind_text_or_null (row, 22, expired);
  if (!_stp_store_run (self, row, error) ||
      !write_children (self, id, session, now, error) ||
      !_stp_store_audit (self, now, "correct", "treatment_session", id, fields, error) ||
      /* Aftercare: a corrected date moves the open follow-ups. */
      !_stp_store_move_followups (self, id, error) ||
      !_stp_store_commit (self, error))
    goto fail;

  session->revision = before->revision + 1;
  session->updated_at = now;
  _stp_store_emit_changed (self, STP_ENTITY_SESSION, id, STP_CHANGE_UPDATED);
  _stp_store_emit_changed (self, STP_ENTITY_LOT, 0, STP_CHANGE_UPDATED);
  return TRUE;

fail:
  _stp_store_rollback (self);
  return FALSE;
}

gboolean
stp_store_cancel_session (StpStore    *self,
                          gint64       id,
                          const char  *reason,
                          GError     **error)
{
  g_autoptr(StpTreatmentSession) before = NULL;
  g_autoptr(StpStmt) stmt = NULL;
  gint64 now = _stp_store_now ();

  g_return_val_if_fail (STP_IS_STORE (self), FALSE);

  if (!check_reason (reason, _("Say why the session is cancelled."), error) ||
      !_stp_store_begin (self, error))
    return FALSE;

  before = stp_store_get_session (self, id, error);
  if (before == NULL || !check_logged (before, error))
    goto fail;

  stmt = _stp_store_prepare (self, "UPDATE treatment_session SET status = 'cancelled', "
                             "cancel_reason = ?2, updated_at = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  bind_stripped (stmt, 2, reason);
  sqlite3_bind_int64 (stmt, 3, now);
  if (!_stp_store_run (self, stmt, error) ||
      !_stp_store_audit (self, now, "cancel", "treatment_session", id, "status,cancel_reason",
                         error) ||
      /* Aftercare: a cancelled session's open follow-ups are cancelled. */
      !_stp_store_cancel_followups (self, id, error) ||
      !_stp_store_commit (self, error))
    goto fail;

  _stp_store_emit_changed (self, STP_ENTITY_SESSION, id, STP_CHANGE_UPDATED);
  return TRUE;

fail:
  _stp_store_rollback (self);
  return FALSE;
}

void
stp_session_revision_free (StpSessionRevision *revision)
{
  if (revision == NULL)
    return;
  g_free (revision->reason);
  g_free (revision->old_values);
  g_free (revision);
}

GPtrArray *
stp_store_list_session_revisions (StpStore  *self,
                                  gint64     session_id,
                                  GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  stmt = _stp_store_prepare (self, "SELECT revision, changed_at, coalesce(changed_by, 0), "
                             "reason, old_values FROM session_revision WHERE session_id = ?1 "
                             "ORDER BY revision", error);
  if (stmt == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify)stp_session_revision_free);
  sqlite3_bind_int64 (stmt, 1, session_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      StpSessionRevision *r = g_new0 (StpSessionRevision, 1);

      r->revision = sqlite3_column_int (stmt, 0);
      r->changed_at = sqlite3_column_int64 (stmt, 1);
      r->changed_by = sqlite3_column_int64 (stmt, 2);
      r->reason = g_strdup (_stp_column_text (stmt, 3));
      r->old_values = g_strdup (_stp_column_text (stmt, 4));
      g_ptr_array_add (list, r);
    }
  if (rc != SQLITE_DONE)
    {
      _stp_store_set_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}
