/* stp-store-followups.c: follow-ups: scheduling them from sessions and referrals, the due
 * queries, done, snooze and reschedule, and the reminders' bookkeeping.
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
#include "stipple/stp-text.h"

G_DEFINE_QUARK (stp-followup-error-quark, stp_followup_error)

#define FOLLOWUP_COLUMNS \
  "f.id, f.client_id, coalesce(f.session_id, 0), coalesce(f.referral_id, 0), f.kind, " \
  "f.title, f.message, f.channel, f.due_at, f.status, coalesce(f.snoozed_until, 0), " \
  "coalesce(f.remind_at, 0), f.outcome, coalesce(f.done_at, 0), coalesce(f.done_by, 0), " \
  "coalesce(f.notified_for, 0), trim(c.given_name || ' ' || c.family_name), c.phone, " \
  "c.email, coalesce((SELECT o.outcome FROM followup o WHERE o.client_id = f.client_id " \
  "AND o.status = 'done' AND o.outcome != '' ORDER BY o.done_at DESC LIMIT 1), ''), " \
  "coalesce(s.practitioner_id, 0), coalesce(s.kind, 'laser-referral')"

#define FOLLOWUP_FROM \
  " FROM followup f JOIN client c ON c.id = f.client_id " \
  "LEFT JOIN treatment_session s ON s.id = f.session_id "

/* Open follow-ups with remind_at in [?1, ?2), of kind ?3 (NULL: any) and practitioner ?4
 * (0: any), earliest first, at most ?5. */
static const char due_sql[] =
  "SELECT " FOLLOWUP_COLUMNS FOLLOWUP_FROM
  "WHERE f.remind_at IS NOT NULL AND f.remind_at >= ?1 AND f.remind_at < ?2 "
  "AND (?3 IS NULL OR f.kind = ?3) AND (?4 = 0 OR s.practitioner_id = ?4) "
  "ORDER BY f.remind_at, f.id LIMIT ?5";

static const char * const status_names[] = { "pending", "done", "cancelled", "snoozed" };

const char *
stp_followup_status_to_string (StpFollowupStatus status)
{
  g_return_val_if_fail ((guint)status < G_N_ELEMENTS (status_names), NULL);
  return status_names[status];
}

static StpFollowupStatus
status_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_strcmp0 (text, status_names[i]) == 0)
      return (StpFollowupStatus)i;
  return STP_FOLLOWUP_STATUS_PENDING;
}

void
stp_followup_free (StpFollowup *followup)
{
  if (followup == NULL)
    return;
  g_free (followup->title);
  g_free (followup->message);
  g_free (followup->outcome);
  g_free (followup->client_name);
  g_free (followup->phone);
  g_free (followup->email);
  g_free (followup->last_outcome);
  g_free (followup->service);
  g_free (followup);
}

const char *
stp_store_due_query_sql (void)
{
  return due_sql;
}

static StpFollowup *
read_followup_row (sqlite3_stmt *stmt)
{
  StpFollowup *f = g_new0 (StpFollowup, 1);

  f->id = sqlite3_column_int64 (stmt, 0);
  f->client_id = sqlite3_column_int64 (stmt, 1);
  f->session_id = sqlite3_column_int64 (stmt, 2);
  f->referral_id = sqlite3_column_int64 (stmt, 3);
  stp_followup_kind_from_string (_stp_column_text (stmt, 4), &f->kind);
  f->title = g_strdup (_stp_column_text (stmt, 5));
  f->message = g_strdup (_stp_column_text (stmt, 6));
  stp_channel_from_string (_stp_column_text (stmt, 7), &f->channel);
  f->due_at = sqlite3_column_int64 (stmt, 8);
  f->status = status_from_string (_stp_column_text (stmt, 9));
  f->snoozed_until = sqlite3_column_int64 (stmt, 10);
  f->remind_at = sqlite3_column_int64 (stmt, 11);
  f->outcome = g_strdup (_stp_column_text (stmt, 12));
  f->done_at = sqlite3_column_int64 (stmt, 13);
  f->done_by = sqlite3_column_int64 (stmt, 14);
  f->notified_for = sqlite3_column_int64 (stmt, 15);
  f->client_name = g_strdup (_stp_column_text (stmt, 16));
  f->phone = g_strdup (_stp_column_text (stmt, 17));
  f->email = g_strdup (_stp_column_text (stmt, 18));
  f->last_outcome = g_strdup (_stp_column_text (stmt, 19));
  f->staff_id = sqlite3_column_int64 (stmt, 20);
  f->service = g_strdup (_stp_column_text (stmt, 21));
  return f;
}

static GPtrArray *
collect (StpStore      *self,
         sqlite3_stmt  *stmt,
         GError       **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)stp_followup_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, read_followup_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _stp_store_set_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

StpFollowup *
stp_store_get_followup (StpStore  *self,
                        gint64     id,
                        GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  stmt = _stp_store_prepare (self, "SELECT " FOLLOWUP_COLUMNS FOLLOWUP_FROM "WHERE f.id = ?1",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_followup_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error_literal (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND,
                         _("This follow-up no longer exists. Its client may have been "
                           "erased."));
  else
    _stp_store_set_error (self, rc, error);
  return NULL;
}

/* The UTC bounds of the local day containing now, and of the next. */
static void
today_bounds (StpStore *self,
              gint64    now,
              gint64   *today,
              gint64   *tomorrow)
{
  GTimeZone *tz = stp_store_get_time_zone (self);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
  g_autoptr(GDateTime) start = g_date_time_new (tz, g_date_time_get_year (local),
                                                g_date_time_get_month (local),
                                                g_date_time_get_day_of_month (local),
                                                0, 0, 0);
  g_autoptr(GDateTime) next = g_date_time_add_days (start, 1);

  *today = g_date_time_to_unix (start);
  *tomorrow = g_date_time_to_unix (next);
}

GPtrArray *
stp_store_list_followups (StpStore                 *self,
                          StpFollowupRange          range,
                          gint64                    now,
                          const StpFollowupFilter  *filter,
                          guint                     limit,
                          GError                  **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  gint64 from = G_MININT64, to = G_MAXINT64, today, tomorrow;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  today_bounds (self, now, &today, &tomorrow);
  switch (range)
    {
    case STP_FOLLOWUP_RANGE_DUE: to = now + 1; break;
    case STP_FOLLOWUP_RANGE_OVERDUE: to = today; break;
    case STP_FOLLOWUP_RANGE_TODAY: from = today; to = tomorrow; break;
    case STP_FOLLOWUP_RANGE_UPCOMING: from = tomorrow; break;
    case STP_FOLLOWUP_RANGE_OPEN:
    default: break;
    }

  stmt = _stp_store_prepare (self, due_sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  if (filter != NULL && filter->kind >= 0 && filter->kind < STP_FOLLOWUP_N_KINDS)
    sqlite3_bind_text (stmt, 3, stp_followup_kind_to_string (filter->kind), -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_int64 (stmt, 4, filter != NULL ? filter->staff_id : 0);
  sqlite3_bind_int64 (stmt, 5, limit > 0 ? (gint64)limit : -1);
  return collect (self, stmt, error);
}

gboolean
stp_store_count_followups (StpStore           *self,
                           gint64              now,
                           StpFollowupCounts  *counts,
                           GError            **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  gint64 today, tomorrow;
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  *counts = (StpFollowupCounts) { 0, };
  today_bounds (self, now, &today, &tomorrow);
  stmt = _stp_store_prepare (self, "SELECT coalesce(sum(remind_at <= ?1), 0), "
                             "coalesce(sum(remind_at < ?2), 0), "
                             "coalesce(sum(remind_at >= ?2 AND remind_at < ?3), 0), "
                             "coalesce(sum(remind_at >= ?3), 0) "
                             "FROM followup WHERE remind_at IS NOT NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, today);
  sqlite3_bind_int64 (stmt, 3, tomorrow);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _stp_store_set_error (self, rc, error);
      return FALSE;
    }
  counts->due = sqlite3_column_int (stmt, 0);
  counts->overdue = sqlite3_column_int (stmt, 1);
  counts->today = sqlite3_column_int (stmt, 2);
  counts->upcoming = sqlite3_column_int (stmt, 3);
  return TRUE;
}

static GPtrArray *
list_for (StpStore    *self,
          const char  *column_test,
          gint64       id,
          GError     **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT " FOLLOWUP_COLUMNS FOLLOWUP_FROM
                                          "WHERE %s ORDER BY f.due_at, f.id", column_test);

  stmt = _stp_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  return collect (self, stmt, error);
}

GPtrArray *
stp_store_list_session_followups (StpStore  *self,
                                  gint64     session_id,
                                  GError   **error)
{
  g_return_val_if_fail (STP_IS_STORE (self), NULL);
  return list_for (self, "f.session_id = ?1", session_id, error);
}

GPtrArray *
stp_store_list_referral_followups (StpStore  *self,
                                   gint64     referral_id,
                                   GError   **error)
{
  g_return_val_if_fail (STP_IS_STORE (self), NULL);
  return list_for (self, "f.referral_id = ?1", referral_id, error);
}

/* Scheduling */

static gboolean
insert_followup (StpStore               *self,
                 gint64                  protocol_id,
                 gint64                  client_id,
                 gint64                  session_id,
                 gint64                  referral_id,
                 const StpProtocolStep  *step,
                 guint                   days,
                 gint64                  due_at,
                 gint64                  now,
                 GError                **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  gint64 id;

  stmt = _stp_store_prepare (self, "INSERT INTO followup (client_id, session_id, referral_id, "
                             "step_id, kind, title, message, channel, offset_days, "
                             "offset_hours, repeat_days, due_at, remind_at, created_at, "
                             "updated_at, protocol_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                             "?9, ?10, ?11, ?12, ?12, ?13, ?13, ?14)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client_id);
  _stp_bind_id_or_null (stmt, 2, session_id);
  _stp_bind_id_or_null (stmt, 3, referral_id);
  _stp_bind_id_or_null (stmt, 4, step->id);
  sqlite3_bind_text (stmt, 5, stp_followup_kind_to_string (step->kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, step->title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, step->message, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, stp_channel_to_string (step->channel), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 9, (int)days);
  sqlite3_bind_int (stmt, 10, (int)step->offset_hours);
  sqlite3_bind_int (stmt, 11, (int)step->repeat_days);
  sqlite3_bind_int64 (stmt, 12, due_at);
  sqlite3_bind_int64 (stmt, 13, now);
  _stp_bind_id_or_null (stmt, 14, protocol_id);
  if (!_stp_store_run (self, stmt, error))
    return FALSE;
  id = sqlite3_last_insert_rowid (_stp_store_get_db (self));
  return _stp_store_audit (self, now, "create", "followup", id, NULL, error);
}

gboolean
_stp_store_schedule_followups (StpStore  *self,
                               gint64     session_id,
                               GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  g_autoptr(StpStmt) supersede = NULL;
  g_autoptr(StpProtocol) protocol = NULL;
  g_autoptr(StpOpeningHours) hours = NULL;
  g_autofree char *kind = NULL;
  gint64 client_id, started_at, now = _stp_store_now ();
  guint spacing = 0;
  gboolean sessions_left = FALSE;
  gboolean later;

  stmt = _stp_store_prepare (self, "SELECT s.client_id, s.kind, s.started_at, "
                             "coalesce(p.spacing_days, 0), "
                             "coalesce(p.status = 'active' AND p.planned_sessions > "
                             "(SELECT count(*) FROM treatment_session o WHERE o.plan_id = p.id "
                             "AND o.status = 'logged'), 0) "
                             "FROM treatment_session s LEFT JOIN treatment_plan p "
                             "ON p.id = s.plan_id WHERE s.id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, session_id);
  if (!_stp_store_step_row (self, stmt, _("This session no longer exists."), error))
    return FALSE;
  client_id = sqlite3_column_int64 (stmt, 0);
  kind = g_strdup (_stp_column_text (stmt, 1));
  started_at = sqlite3_column_int64 (stmt, 2);
  spacing = (guint)sqlite3_column_int (stmt, 3);
  sessions_left = sqlite3_column_int (stmt, 4) != 0;
  g_clear_pointer (&stmt, _stp_stmt_release);

  /* A session replaces the earlier sessions' "next session" and "touch-up" reminders:
   * the client came back, so they count from this session now. A session logged after
   * the fact, older than another, leaves the newer one's reminders alone and gets none. */
  later = _stp_store_query_int (self, "SELECT count(*) FROM treatment_session o, "
                                "treatment_session s WHERE s.id = ?1 AND o.id != s.id "
                                "AND o.client_id = s.client_id AND o.status = 'logged' "
                                "AND o.started_at > s.started_at", session_id, 0, error) > 0;
  supersede = _stp_store_prepare (self, "UPDATE followup SET status = 'cancelled', "
                                  "remind_at = NULL, snoozed_until = NULL, updated_at = ?3 "
                                  "WHERE client_id = ?1 AND session_id != ?2 "
                                  "AND remind_at IS NOT NULL "
                                  "AND kind IN ('next-session', 'touch-up') "
                                  "AND session_id IN (SELECT id FROM treatment_session "
                                  "WHERE client_id = ?1 AND started_at <= ?4)", error);
  if (supersede == NULL)
    return FALSE;
  sqlite3_bind_int64 (supersede, 1, client_id);
  sqlite3_bind_int64 (supersede, 2, session_id);
  sqlite3_bind_int64 (supersede, 3, now);
  sqlite3_bind_int64 (supersede, 4, started_at);
  if (!_stp_store_run (self, supersede, error))
    return FALSE;
  if (sqlite3_changes (_stp_store_get_db (self)) > 0)
    _stp_store_followups_touched (self);

  protocol = stp_store_get_protocol_for_service (self, kind, error);
  if (protocol == NULL)
    return error == NULL || *error == NULL;
  hours = stp_store_get_opening_hours (self, error);
  if (hours == NULL)
    return FALSE;

  for (guint i = 0; i < protocol->steps->len; i++)
    {
      const StpProtocolStep *step = g_ptr_array_index (protocol->steps, i);
      guint days = step->offset_days;
      gint64 due;

      if (later && (step->kind == STP_FOLLOWUP_KIND_NEXT_SESSION ||
                    step->kind == STP_FOLLOWUP_KIND_TOUCH_UP))
        continue;
      /* The next session is only due while the plan has sessions left. */
      if (step->use_plan_spacing)
        {
          if (!sessions_left || spacing == 0)
            continue;
          days = spacing;
        }
      due = stp_protocol_step_due (step, started_at, days, hours,
                                   stp_store_get_time_zone (self));
      if (!insert_followup (self, protocol->id, client_id, session_id, 0, step, days, due, now,
                            error))
        return FALSE;
    }
  _stp_store_followups_touched (self);
  return TRUE;
}

gboolean
_stp_store_schedule_referral_followups (StpStore  *self,
                                        gint64     referral_id,
                                        GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  g_autoptr(StpProtocol) protocol = NULL;
  g_autoptr(StpOpeningHours) hours = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  GTimeZone *tz = stp_store_get_time_zone (self);
  gint64 client_id, now = _stp_store_now ();
  GDate date;
  int rc;

  protocol = stp_store_get_protocol_for_service (self, STP_SERVICE_LASER_REFERRAL, error);
  if (protocol == NULL)
    return error == NULL || *error == NULL;

  stmt = _stp_store_prepare (self, "SELECT client_id, referred_on FROM removal_referral "
                             "WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, referral_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _stp_store_set_error (self, rc == SQLITE_DONE ? SQLITE_NOTFOUND : rc, error);
      return FALSE;
    }
  client_id = sqlite3_column_int64 (stmt, 0);
  if (!_stp_parse_iso_date (_stp_column_text (stmt, 1), &date))
    return TRUE;
  /* A referral has a date, not a time: its checks fall at the clinic's opening. */
  midnight = g_date_time_new (tz, g_date_get_year (&date), g_date_get_month (&date),
                              g_date_get_day (&date), 0, 0, 0);
  hours = stp_store_get_opening_hours (self, error);
  if (hours == NULL || midnight == NULL)
    return FALSE;

  for (guint i = 0; i < protocol->steps->len; i++)
    {
      const StpProtocolStep *step = g_ptr_array_index (protocol->steps, i);
      gint64 due = stp_protocol_step_due (step, g_date_time_to_unix (midnight), 0, hours, tz);

      if (!insert_followup (self, protocol->id, client_id, 0, referral_id, step,
                            step->offset_days, due, now, error))
        return FALSE;
    }
  _stp_store_followups_touched (self);
  return TRUE;
}

static gboolean cancel_where (StpStore    *self,
                              const char  *where,
                              gint64       id,
                              GError     **error);

/* Whether a corrected session now follows another protocol than its open follow-ups came
 * from (its kind changed), or has a protocol and no follow-ups at all. */
static gboolean
protocol_changed (StpStore  *self,
                  gint64     session_id,
                  GError   **error)
{
  gint64 any, other;

  any = _stp_store_query_int (self, "SELECT count(*) FROM followup WHERE session_id = ?1",
                              session_id, 0, error);
  if (any == 0)
    return _stp_store_query_int (self, "SELECT count(*) FROM protocol_service p "
                                 "JOIN treatment_session s ON s.kind = p.service "
                                 "WHERE s.id = ?1", session_id, 0, error) > 0;
  other = _stp_store_query_int (self, "SELECT count(*) FROM followup f "
                                "JOIN treatment_session s ON s.id = f.session_id "
                                "WHERE f.session_id = ?1 AND f.remind_at IS NOT NULL "
                                "AND f.protocol_id IS NOT (SELECT protocol_id FROM "
                                "protocol_service WHERE service = s.kind)",
                                session_id, 0, error);
  return other > 0;
}

/* Writes moves (pairs of follow-up id and new due time) with their audit rows. A moved
 * follow-up is pending again at its new time, whatever snooze it had. */
static gboolean
write_moves (StpStore  *self,
             GArray    *moves,
             gint64     now,
             GError   **error)
{
  g_autoptr(StpStmt) write = NULL;

  if (moves->len == 0)
    return TRUE;
  write = _stp_store_prepare (self, "UPDATE followup SET due_at = ?2, remind_at = ?2, "
                              "status = 'pending', snoozed_until = NULL, updated_at = ?3 "
                              "WHERE id = ?1", error);
  if (write == NULL)
    return FALSE;
  for (guint i = 0; i < moves->len; i++)
    {
      const gint64 *move = &g_array_index (moves, gint64, i * 2);

      sqlite3_bind_int64 (write, 1, move[0]);
      sqlite3_bind_int64 (write, 2, move[1]);
      sqlite3_bind_int64 (write, 3, now);
      if (!_stp_store_run (self, write, error) ||
          !_stp_store_audit (self, now, "reschedule", "followup", move[0], "due_at", error))
        return FALSE;
      sqlite3_reset (write);
    }
  _stp_store_followups_touched (self);
  return TRUE;
}

gboolean
_stp_store_move_followups (StpStore  *self,
                           gint64     session_id,
                           GError   **error)
{
  g_autoptr(StpStmt) read = NULL;
  g_autoptr(StpOpeningHours) hours = NULL;
  g_autoptr(GArray) moves = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);
  gint64 started_at, now = _stp_store_now ();
  int rc;

  started_at = _stp_store_query_int (self, "SELECT started_at FROM treatment_session "
                                     "WHERE id = ?1", session_id, 0, error);
  if (started_at == 0)
    return error == NULL || *error == NULL;

  /* A corrected kind with another protocol: the open follow-ups of the old one go, the
   * new one's come (done ones stay as they are). */
  if (protocol_changed (self, session_id, error))
    return cancel_where (self, "session_id = ?1", session_id, error) &&
           _stp_store_schedule_followups (self, session_id, error);
  if (error != NULL && *error != NULL)
    return FALSE;
  hours = stp_store_get_opening_hours (self, error);
  if (hours == NULL)
    return FALSE;

  read = _stp_store_prepare (self, "SELECT id, kind, offset_days, offset_hours, due_at "
                             "FROM followup WHERE session_id = ?1 AND remind_at IS NOT NULL",
                             error);
  if (read == NULL)
    return FALSE;
  sqlite3_bind_int64 (read, 1, session_id);
  while ((rc = sqlite3_step (read)) == SQLITE_ROW)
    {
      StpProtocolStep step = { 0, };
      gint64 move[2];

      step.offset_days = sqlite3_column_int (read, 2);
      step.offset_hours = sqlite3_column_int (read, 3);
      move[0] = sqlite3_column_int64 (read, 0);
      move[1] = stp_protocol_step_due (&step, started_at, 0, hours,
                                       stp_store_get_time_zone (self));
      if (move[1] != sqlite3_column_int64 (read, 4))
        g_array_append_vals (moves, move, 1);
    }
  if (rc != SQLITE_DONE)
    {
      _stp_store_set_error (self, rc, error);
      return FALSE;
    }

  return write_moves (self, moves, now, error);
}

/* Pending follow-ups still to come that the new hours leave outside opening time move to
 * the next opening; those inside the hours stay where they are, and so do snoozed ones
 * (a snooze is somebody's choice of time) and anything done or cancelled. */
gboolean
_stp_store_fit_followups_to_hours (StpStore              *self,
                                   const StpOpeningHours *hours,
                                   gint64                 now,
                                   guint                 *n_moved,
                                   GError               **error)
{
  g_autoptr(StpStmt) read = NULL;
  g_autoptr(GArray) moves = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);
  GTimeZone *tz = stp_store_get_time_zone (self);
  int rc;

  *n_moved = 0;
  read = _stp_store_prepare (self, "SELECT id, due_at FROM followup WHERE status = 'pending' "
                             "AND remind_at IS NOT NULL AND due_at > ?1", error);
  if (read == NULL)
    return FALSE;
  sqlite3_bind_int64 (read, 1, now);
  while ((rc = sqlite3_step (read)) == SQLITE_ROW)
    {
      gint64 move[2];

      move[0] = sqlite3_column_int64 (read, 0);
      move[1] = stp_opening_hours_next_open (hours, tz, sqlite3_column_int64 (read, 1));
      if (move[1] != sqlite3_column_int64 (read, 1))
        g_array_append_vals (moves, move, 1);
    }
  if (rc != SQLITE_DONE)
    {
      _stp_store_set_error (self, rc, error);
      return FALSE;
    }

  if (!write_moves (self, moves, now, error))
    return FALSE;
  *n_moved = moves->len;
  return TRUE;
}

static gboolean
cancel_where (StpStore    *self,
              const char  *where,
              gint64       id,
              GError     **error)
{
  g_autoptr(StpStmt) ids = NULL;
  g_autoptr(StpStmt) stmt = NULL;
  g_autoptr(GArray) cancelled = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *select = g_strdup_printf ("SELECT id FROM followup WHERE (%s) "
                                             "AND remind_at IS NOT NULL", where);
  gint64 now = _stp_store_now ();
  int rc;

  ids = _stp_store_prepare (self, select, error);
  if (ids == NULL)
    return FALSE;
  sqlite3_bind_int64 (ids, 1, id);
  while ((rc = sqlite3_step (ids)) == SQLITE_ROW)
    {
      gint64 fid = sqlite3_column_int64 (ids, 0);
      g_array_append_val (cancelled, fid);
    }
  if (rc != SQLITE_DONE)
    {
      _stp_store_set_error (self, rc, error);
      return FALSE;
    }

  stmt = _stp_store_prepare (self, "UPDATE followup SET status = 'cancelled', "
                             "remind_at = NULL, snoozed_until = NULL, updated_at = ?2 "
                             "WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < cancelled->len; i++)
    {
      gint64 fid = g_array_index (cancelled, gint64, i);

      sqlite3_bind_int64 (stmt, 1, fid);
      sqlite3_bind_int64 (stmt, 2, now);
      if (!_stp_store_run (self, stmt, error) ||
          !_stp_store_audit (self, now, "cancel", "followup", fid, "status", error))
        return FALSE;
      sqlite3_reset (stmt);
    }
  if (cancelled->len > 0)
    _stp_store_followups_touched (self);
  return TRUE;
}

gboolean
_stp_store_cancel_followups (StpStore  *self,
                             gint64     session_id,
                             GError   **error)
{
  return cancel_where (self, "session_id = ?1", session_id, error);
}

gboolean
_stp_store_cancel_plan_followups (StpStore  *self,
                                  gint64     plan_id,
                                  GError   **error)
{
  return cancel_where (self, "session_id IN (SELECT id FROM treatment_session "
                       "WHERE plan_id = ?1)", plan_id, error);
}

/* Done, snooze, reschedule */

typedef enum
{
  ACTION_DONE,
  ACTION_SNOOZE,
  ACTION_RESCHEDULE,
} Action;

static gboolean
schedule_repeat (StpStore     *self,
                 gint64        id,
                 gint64        now,
                 GError      **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  g_autoptr(StpOpeningHours) hours = NULL;
  StpProtocolStep step = { 0, };
  gint64 client_id, session_id, referral_id, due_at, protocol_id;
  guint days;
  int rc;

  stmt = _stp_store_prepare (self, "SELECT client_id, coalesce(session_id, 0), "
                             "coalesce(referral_id, 0), coalesce(step_id, 0), kind, title, "
                             "message, channel, offset_hours, repeat_days, due_at, "
                             "coalesce(protocol_id, 0) "
                             "FROM followup WHERE id = ?1 AND repeat_days > 0", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    {
      _stp_store_set_error (self, rc, error);
      return FALSE;
    }
  hours = stp_store_get_opening_hours (self, error);
  if (hours == NULL)
    return FALSE;
  client_id = sqlite3_column_int64 (stmt, 0);
  session_id = sqlite3_column_int64 (stmt, 1);
  referral_id = sqlite3_column_int64 (stmt, 2);
  step.id = sqlite3_column_int64 (stmt, 3);
  stp_followup_kind_from_string (_stp_column_text (stmt, 4), &step.kind);
  step.title = g_strdup (_stp_column_text (stmt, 5));
  step.message = g_strdup (_stp_column_text (stmt, 6));
  stp_channel_from_string (_stp_column_text (stmt, 7), &step.channel);
  step.repeat_days = sqlite3_column_int (stmt, 9);
  days = step.repeat_days;
  due_at = sqlite3_column_int64 (stmt, 10);
  protocol_id = sqlite3_column_int64 (stmt, 11);
  g_clear_pointer (&stmt, _stp_stmt_release);

  {
    gint64 next;
    gboolean ok;

    /* Whole periods from the original due time, so a due moved off a Sunday does not
     * shift every later year; never in the past (a reminder years overdue). */
    for (guint k = 1; ; k++)
      {
        step.offset_days = days * k;
        next = stp_protocol_step_due (&step, due_at, 0, hours, stp_store_get_time_zone (self));
        if (next > now || step.offset_days > STP_PROTOCOL_OFFSET_MAX * 10)
          break;
      }
    ok = insert_followup (self, protocol_id, client_id, session_id, referral_id, &step, days,
                          next, now, error);
    g_free (step.title);
    g_free (step.message);
    return ok;
  }
}

static gboolean
apply (StpStore      *self,
       Action         action,
       const gint64  *ids,
       guint          n_ids,
       const char    *outcome,
       gint64         at,
       GError       **error)
{
  g_autoptr(StpStmt) check = NULL;
  g_autoptr(StpStmt) stmt = NULL;
  g_autofree char *note = NULL;
  gint64 now = _stp_store_now ();
  const char *sql, *verb, *fields;

  g_return_val_if_fail (STP_IS_STORE (self), FALSE);
  g_return_val_if_fail (ids != NULL || n_ids == 0, FALSE);

  if (action == ACTION_DONE)
    {
      if (!_stp_check_text (outcome != NULL ? outcome : "", STP_FOLLOWUP_OUTCOME_MAX, FALSE,
                            _("outcome"), STP_FOLLOWUP_ERROR, STP_FOLLOWUP_ERROR_INVALID_TEXT,
                            STP_FOLLOWUP_ERROR_TOO_LONG, error))
        return FALSE;
      note = g_strstrip (g_strdup (outcome != NULL ? outcome : ""));
      sql = "UPDATE followup SET status = 'done', remind_at = NULL, snoozed_until = NULL, "
            "outcome = ?2, done_at = ?3, done_by = ?4, updated_at = ?3 WHERE id = ?1";
      verb = "done";
      fields = "status,outcome";
    }
  else if (at <= now)
    {
      g_set_error_literal (error, STP_FOLLOWUP_ERROR, STP_FOLLOWUP_ERROR_TIME_INVALID,
                           _("Choose a time later than now."));
      return FALSE;
    }
  else if (action == ACTION_SNOOZE)
    {
      sql = "UPDATE followup SET status = 'snoozed', snoozed_until = ?5, remind_at = ?5, "
            "updated_at = ?3 WHERE id = ?1";
      verb = "snooze";
      fields = "status,snoozed_until";
    }
  else
    {
      sql = "UPDATE followup SET status = 'pending', snoozed_until = NULL, due_at = ?5, "
            "remind_at = ?5, updated_at = ?3 WHERE id = ?1";
      verb = "reschedule";
      fields = "due_at";
    }

  if (n_ids == 0)
    return TRUE;
  if (!_stp_store_begin (self, error))
    return FALSE;
  check = _stp_store_prepare (self, "SELECT remind_at IS NOT NULL FROM followup WHERE id = ?1",
                              error);
  stmt = _stp_store_prepare (self, sql, error);
  if (check == NULL || stmt == NULL)
    goto fail;
  for (guint i = 0; i < n_ids; i++)
    {
      int rc;

      sqlite3_bind_int64 (check, 1, ids[i]);
      rc = sqlite3_step (check);
      if (rc == SQLITE_DONE)
        {
          g_set_error_literal (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND,
                               _("A follow-up no longer exists. Its client may have been "
                                 "erased."));
          goto fail;
        }
      if (rc != SQLITE_ROW)
        {
          _stp_store_set_error (self, rc, error);
          goto fail;
        }
      if (sqlite3_column_int (check, 0) == 0)
        {
          g_set_error_literal (error, STP_FOLLOWUP_ERROR, STP_FOLLOWUP_ERROR_CLOSED,
                               _("This follow-up is already done or cancelled. Reload the "
                                 "list: someone else may have dealt with it."));
          goto fail;
        }
      sqlite3_reset (check);

      sqlite3_bind_int64 (stmt, 1, ids[i]);
      if (action == ACTION_DONE)
        {
          sqlite3_bind_text (stmt, 2, note, -1, SQLITE_TRANSIENT);
          _stp_bind_id_or_null (stmt, 4, stp_store_get_actor (self));
        }
      sqlite3_bind_int64 (stmt, 3, now);
      if (action != ACTION_DONE)
        sqlite3_bind_int64 (stmt, 5, at);
      if (!_stp_store_run (self, stmt, error) ||
          !_stp_store_audit (self, now, verb, "followup", ids[i], fields, error) ||
          (action == ACTION_DONE && !schedule_repeat (self, ids[i], now, error)))
        goto fail;
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
  if (!_stp_store_commit (self, error))
    goto fail;
  for (guint i = 0; i < n_ids; i++)
    _stp_store_emit_changed (self, STP_ENTITY_FOLLOWUP, ids[i], STP_CHANGE_UPDATED);
  return TRUE;

fail:
  _stp_store_rollback (self);
  return FALSE;
}

gboolean
stp_store_complete_followups (StpStore      *self,
                              const gint64  *ids,
                              guint          n_ids,
                              const char    *outcome,
                              GError       **error)
{
  return apply (self, ACTION_DONE, ids, n_ids, outcome, 0, error);
}

gboolean
stp_store_snooze_followups (StpStore      *self,
                            const gint64  *ids,
                            guint          n_ids,
                            gint64         until,
                            GError       **error)
{
  return apply (self, ACTION_SNOOZE, ids, n_ids, NULL, until, error);
}

gboolean
stp_store_reschedule_followups (StpStore      *self,
                                const gint64  *ids,
                                guint          n_ids,
                                gint64         due_at,
                                GError       **error)
{
  return apply (self, ACTION_RESCHEDULE, ids, n_ids, NULL, due_at, error);
}

gint64
stp_store_snooze_hour (StpStore *self,
                       gint64    now)
{
  return now + 3600;
}

gint64
stp_store_snooze_tomorrow (StpStore *self,
                           gint64    now)
{
  g_autoptr(StpOpeningHours) hours = stp_store_get_opening_hours (self, NULL);
  gint64 today, tomorrow;

  today_bounds (self, now, &today, &tomorrow);
  if (hours == NULL)
    return tomorrow;
  return stp_opening_hours_next_open (hours, stp_store_get_time_zone (self), tomorrow);
}

/* Reminders */

GPtrArray *
stp_store_list_unnotified (StpStore  *self,
                           gint64     now,
                           GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  stmt = _stp_store_prepare (self, "SELECT " FOLLOWUP_COLUMNS FOLLOWUP_FROM
                             "WHERE f.remind_at IS NOT NULL AND f.remind_at <= ?1 "
                             "AND f.notified_for IS NOT f.remind_at "
                             "ORDER BY f.remind_at, f.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now);
  return collect (self, stmt, error);
}

gboolean
stp_store_mark_notified (StpStore      *self,
                         const gint64  *ids,
                         guint          n_ids,
                         GError       **error)
{
  g_autoptr(StpStmt) stmt = NULL;

  g_return_val_if_fail (STP_IS_STORE (self), FALSE);

  if (n_ids == 0)
    return TRUE;
  if (!_stp_store_begin (self, error))
    return FALSE;
  stmt = _stp_store_prepare (self, "UPDATE followup SET notified_for = remind_at "
                             "WHERE id = ?1 AND remind_at IS NOT NULL", error);
  if (stmt == NULL)
    goto fail;
  for (guint i = 0; i < n_ids; i++)
    {
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      if (!_stp_store_run (self, stmt, error))
        goto fail;
      sqlite3_reset (stmt);
    }
  if (!_stp_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  _stp_store_rollback (self);
  return FALSE;
}

gint64
stp_store_next_reminder_at (StpStore  *self,
                            gint64     now,
                            GError   **error)
{
  g_return_val_if_fail (STP_IS_STORE (self), 0);

  /* The index on remind_at gives the first open follow-up after now directly. */
  return _stp_store_query_int (self, "SELECT min(remind_at) FROM followup "
                               "WHERE remind_at IS NOT NULL AND remind_at > ?1",
                               now, 0, error);
}
