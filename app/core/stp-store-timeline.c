/* stp-store-timeline.c: one chronological list of a client's records, and laser-removal
 * referrals with the laser sessions the client reports.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "stp-store-followups-private.h"  /* aftercare hooks (issue 6) */
#include "stp-store-sessions-private.h"
#include "stp-validate-private.h"
#include "stipple/stp-store-sessions.h"
#include "stipple/stp-text.h"
#include "stipple/stp-vocabulary.h"

void
stp_timeline_entry_free (StpTimelineEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->title);
  g_free (entry->subtitle);
  g_free (entry);
}

static const char *
photo_view_label (const char *view)
{
  static const struct { const char *key; const char *label; } views[] = {
    { "front", N_("Front") }, { "left", N_("Left") }, { "right", N_("Right") },
    { "top", N_("Top") }, { "crown", N_("Crown") }, { "back", N_("Back") },
    { "scar", N_("Scar close-up") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    if (g_strcmp0 (view, views[i].key) == 0)
      return _(views[i].label);
  return _("Other view");
}

static const char *
consultation_status_label (const char *status)
{
  if (g_strcmp0 (status, "complete") == 0)
    return _("Complete");
  if (g_strcmp0 (status, "amended") == 0)
    return _("Amended");
  return _("Draft");
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const StpTimelineEntry *x = *(StpTimelineEntry * const *)a;
  const StpTimelineEntry *y = *(StpTimelineEntry * const *)b;

  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

static StpTimelineEntry *
entry_new (StpTimelineKind  kind,
           gint64           id,
           gint64           at,
           char            *title,
           char            *subtitle)
{
  StpTimelineEntry *entry = g_new0 (StpTimelineEntry, 1);

  entry->kind = kind;
  entry->id = id;
  entry->at = at;
  entry->title = title;
  entry->subtitle = subtitle;
  return entry;
}

GPtrArray *
stp_store_list_timeline (StpStore  *self,
                         gint64     client_id,
                         GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  guint session_number = 0;
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  /* Sessions come in time order so each gets its number in the client's course. */
  stmt = _stp_store_prepare (self,
                             "SELECT 0, id, 0, held_on, status, version FROM consultation "
                             "WHERE client_id = ?1 "
                             "UNION ALL SELECT 1, s.id, s.started_at, s.kind, s.status, "
                             "coalesce(st.name, '') FROM treatment_session s "
                             "LEFT JOIN staff st ON st.id = s.practitioner_id "
                             "WHERE s.client_id = ?1 "
                             "UNION ALL SELECT 2, p.id, p.taken_at, p.view, p.caption, "
                             "(SELECT min (role) FROM session_photo WHERE photo_id = p.id) "
                             "FROM photo p WHERE p.client_id = ?1 "
                             "UNION ALL SELECT 3, id, created_at, name, locked_at, NULL "
                             "FROM sketch_version WHERE client_id = ?1 "
                             "UNION ALL SELECT 4, id, 0, referred_on, clinic, reason "
                             "FROM removal_referral WHERE client_id = ?1 "
                             "ORDER BY 1, 3, 2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, client_id);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify)stp_timeline_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      StpTimelineKind kind = sqlite3_column_int (stmt, 0);
      gint64 id = sqlite3_column_int64 (stmt, 1);
      gint64 at = sqlite3_column_int64 (stmt, 2);
      const char *a = _stp_column_text (stmt, 3);
      const char *b = _stp_column_text (stmt, 4);
      const char *c = _stp_column_text (stmt, 5);
      gint64 ignored;

      switch (kind)
        {
        case STP_TIMELINE_CONSULTATION:
          _stp_local_day_bounds (a, &at, &ignored);
          g_ptr_array_add (list, entry_new (kind, id, at, g_strdup (_("Consultation")),
                                            g_strdup_printf (_("%s, version %s"),
                                                             consultation_status_label (b),
                                                             c)));
          break;

        case STP_TIMELINE_SESSION:
          {
            StpSessionKind session_kind = STP_SESSION_KIND_INITIAL;
            gboolean cancelled = g_strcmp0 (b, "cancelled") == 0;
            char *title;

            stp_session_kind_from_string (a, &session_kind);
            if (cancelled)
              title = g_strdup_printf (_("Session — %s (cancelled)"),
                                       stp_session_kind_get_label (session_kind));
            else
              title = g_strdup_printf (_("Session %u — %s"), ++session_number,
                                       stp_session_kind_get_label (session_kind));
            g_ptr_array_add (list, entry_new (kind, id, at, title,
                                              *c != '\0' ? g_strdup_printf (_("By %s"), c)
                                                         : g_strdup ("")));
          }
          break;

        case STP_TIMELINE_PHOTO:
          {
            /* A photo a session took as its before or after says so ("after" sorts
             * first when it is both, which a second session can make it). */
            const char *role = g_strcmp0 (c, "after") == 0 ? _("After a session")
                               : g_strcmp0 (c, "before") == 0 ? _("Before a session") : NULL;

            g_ptr_array_add (list, entry_new (kind, id, at,
                                              g_strdup_printf (_("Photo — %s"),
                                                               photo_view_label (a)),
                                              role == NULL ? g_strdup (b)
                                              : *b != '\0' ? g_strdup_printf ("%s · %s", b,
                                                                               role)
                                              : g_strdup (role)));
          }
          break;

        case STP_TIMELINE_SKETCH:
          g_ptr_array_add (list, entry_new (kind, id, at,
                                            g_strdup_printf (_("Sketch “%s”"), a),
                                            g_strdup (*b != '\0'
                                                      ? _("Locked: a session follows it")
                                                      : _("Can still be edited"))));
          break;

        case STP_TIMELINE_REFERRAL:
        default:
          _stp_local_day_bounds (a, &at, &ignored);
          g_ptr_array_add (list, entry_new (STP_TIMELINE_REFERRAL, id, at,
                                            g_strdup_printf (_("Laser referral — %s"), b),
                                            g_strdup (c)));
          break;
        }
    }
  if (rc != SQLITE_DONE)
    {
      _stp_store_set_error (self, rc, error);
      return NULL;
    }

  g_ptr_array_sort (list, compare_entries);
  return g_steal_pointer (&list);
}

/* Referrals */

static void
laser_session_free (StpLaserSession *l)
{
  g_free (l->done_on);
  g_free (l->notes);
  g_free (l);
}

StpReferral *
stp_referral_new (void)
{
  StpReferral *r = g_new0 (StpReferral, 1);

  r->clinic = g_strdup ("");
  r->reason = g_strdup ("");
  r->laser_sessions = g_ptr_array_new_with_free_func ((GDestroyNotify)laser_session_free);
  return r;
}

void
stp_referral_free (StpReferral *referral)
{
  if (referral == NULL)
    return;
  g_free (referral->clinic);
  g_free (referral->referred_on);
  g_free (referral->reason);
  g_ptr_array_unref (referral->laser_sessions);
  g_free (referral);
}

static gboolean
check_date (const char  *iso,
            const char  *message,
            GError     **error)
{
  GDate date;

  if (iso != NULL && _stp_parse_iso_date (iso, &date))
    return TRUE;
  g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_DATE_INVALID, message);
  return FALSE;
}

gint64
stp_store_create_referral (StpStore     *self,
                           StpReferral  *referral,
                           GError      **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  g_autoptr(StpStmt) area = NULL;
  g_autofree char *clinic = stp_text_strip_dup (referral->clinic);
  gint64 now = _stp_store_now ();
  gint64 id;

  g_return_val_if_fail (STP_IS_STORE (self), 0);

  if (clinic == NULL)
    {
      g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_REQUIRED,
                           _("Enter the laser clinic the client is referred to."));
      return 0;
    }
  if (!_stp_check_text (clinic, 200, TRUE, _("clinic"), STP_SESSION_ERROR,
                        STP_SESSION_ERROR_INVALID_TEXT, STP_SESSION_ERROR_TOO_LONG, error) ||
      !_stp_check_text (referral->reason, 2000, FALSE, _("reason"), STP_SESSION_ERROR,
                        STP_SESSION_ERROR_INVALID_TEXT, STP_SESSION_ERROR_TOO_LONG, error) ||
      !check_date (referral->referred_on, _("Enter the referral date as YYYY-MM-DD."), error))
    return 0;
  if ((referral->areas & ~STP_AREAS_ALL) != 0)
    {
      g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_INVALID_CHOICE,
                           _("Choose the areas from the list."));
      return 0;
    }

  if (!_stp_store_begin (self, error))
    return 0;
  stmt = _stp_store_prepare (self, "INSERT INTO removal_referral (client_id, clinic, "
                             "referred_on, reason, created_at, created_by) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, referral->client_id);
  sqlite3_bind_text (stmt, 2, clinic, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, referral->referred_on, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, referral->reason != NULL ? referral->reason : "", -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, now);
  _stp_bind_id_or_null (stmt, 6, stp_store_get_actor (self));
  if (!_stp_store_run (self, stmt, error))
    goto fail;
  id = sqlite3_last_insert_rowid (_stp_store_get_db (self));

  area = _stp_store_prepare (self, "INSERT INTO referral_area (referral_id, area) "
                             "VALUES (?1, ?2)", error);
  if (area == NULL)
    goto fail;
  for (guint bit = 1; bit <= STP_AREAS_ALL; bit <<= 1)
    {
      if ((referral->areas & bit) == 0)
        continue;
      sqlite3_bind_int64 (area, 1, id);
      sqlite3_bind_text (area, 2, stp_area_to_string (bit), -1, SQLITE_STATIC);
      if (!_stp_store_run (self, area, error))
        goto fail;
      sqlite3_reset (area);
    }

  if (!_stp_store_audit (self, now, "create", "removal_referral", id, NULL, error) ||
      /* Aftercare: the laser-referral protocol's follow-ups. */
      !_stp_store_schedule_referral_followups (self, id, error) ||
      !_stp_store_commit (self, error))
    goto fail;

  referral->id = id;
  _stp_store_emit_changed (self, STP_ENTITY_REFERRAL, id, STP_CHANGE_CREATED);
  return id;

fail:
  _stp_store_rollback (self);
  return 0;
}

gint64
stp_store_report_laser_session (StpStore    *self,
                                gint64       referral_id,
                                const char  *done_on,
                                const char  *notes,
                                GError     **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  gint64 now = _stp_store_now ();
  gint64 id;

  g_return_val_if_fail (STP_IS_STORE (self), 0);

  if (!check_date (done_on, _("Enter the date of the laser session as YYYY-MM-DD."), error) ||
      !_stp_check_text (notes, 2000, FALSE, _("notes"), STP_SESSION_ERROR,
                        STP_SESSION_ERROR_INVALID_TEXT, STP_SESSION_ERROR_TOO_LONG, error) ||
      !_stp_store_begin (self, error))
    return 0;

  stmt = _stp_store_prepare (self, "INSERT INTO laser_session (referral_id, done_on, notes, "
                             "reported_at) VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, referral_id);
  sqlite3_bind_text (stmt, 2, done_on, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, notes != NULL ? notes : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, now);
  if (!_stp_store_run (self, stmt, error))
    goto fail;
  id = sqlite3_last_insert_rowid (_stp_store_get_db (self));
  if (!_stp_store_audit (self, now, "report-laser", "removal_referral", referral_id,
                         "laser_session", error) ||
      !_stp_store_commit (self, error))
    goto fail;

  _stp_store_emit_changed (self, STP_ENTITY_REFERRAL, referral_id, STP_CHANGE_UPDATED);
  return id;

fail:
  _stp_store_rollback (self);
  return 0;
}

StpReferral *
stp_store_get_referral (StpStore  *self,
                        gint64     id,
                        GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  g_autoptr(StpStmt) areas = NULL;
  g_autoptr(StpStmt) lasers = NULL;
  g_autoptr(StpReferral) r = NULL;
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  stmt = _stp_store_prepare (self, "SELECT client_id, clinic, referred_on, reason "
                             "FROM removal_referral WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_stp_store_step_row (self, stmt, _("This referral no longer exists."), error))
    return NULL;
  r = stp_referral_new ();
  r->id = id;
  r->client_id = sqlite3_column_int64 (stmt, 0);
  g_free (r->clinic);
  r->clinic = g_strdup (_stp_column_text (stmt, 1));
  r->referred_on = g_strdup (_stp_column_text (stmt, 2));
  g_free (r->reason);
  r->reason = g_strdup (_stp_column_text (stmt, 3));

  areas = _stp_store_prepare (self, "SELECT area FROM referral_area WHERE referral_id = ?1",
                              error);
  if (areas == NULL)
    return NULL;
  sqlite3_bind_int64 (areas, 1, id);
  while ((rc = sqlite3_step (areas)) == SQLITE_ROW)
    for (guint bit = 1; bit <= STP_AREAS_ALL; bit <<= 1)
      if (g_strcmp0 (stp_area_to_string (bit), _stp_column_text (areas, 0)) == 0)
        r->areas |= bit;
  if (rc != SQLITE_DONE)
    {
      _stp_store_set_error (self, rc, error);
      return NULL;
    }

  lasers = _stp_store_prepare (self, "SELECT id, done_on, notes FROM laser_session "
                               "WHERE referral_id = ?1 ORDER BY done_on, id", error);
  if (lasers == NULL)
    return NULL;
  sqlite3_bind_int64 (lasers, 1, id);
  while ((rc = sqlite3_step (lasers)) == SQLITE_ROW)
    {
      StpLaserSession *l = g_new0 (StpLaserSession, 1);

      l->id = sqlite3_column_int64 (lasers, 0);
      l->done_on = g_strdup (_stp_column_text (lasers, 1));
      l->notes = g_strdup (_stp_column_text (lasers, 2));
      g_ptr_array_add (r->laser_sessions, l);
    }
  if (rc != SQLITE_DONE)
    {
      _stp_store_set_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&r);
}

gboolean
stp_store_link_revision (StpStore  *self,
                         gint64     plan_id,
                         gint64     referral_id,
                         gint64     sketch_version_id,
                         GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  gint64 now = _stp_store_now ();
  gint64 client_id;

  g_return_val_if_fail (STP_IS_STORE (self), FALSE);

  if (!_stp_store_begin (self, error))
    return FALSE;

  client_id = _stp_store_query_int (self, "SELECT client_id FROM treatment_plan WHERE id = ?1",
                                    plan_id, 0, NULL);
  if (client_id == 0 ||
      _stp_store_query_int (self, "SELECT client_id FROM removal_referral WHERE id = ?1",
                            referral_id, -1, NULL) != client_id ||
      (sketch_version_id > 0 &&
       _stp_store_query_int (self, "SELECT client_id FROM sketch_version WHERE id = ?1",
                             sketch_version_id, -1, NULL) != client_id))
    {
      g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_INVALID_CHOICE,
                           _("The plan, referral and sketch version must belong to the same "
                             "client."));
      goto fail;
    }

  stmt = _stp_store_prepare (self, "UPDATE treatment_plan SET referral_id = ?2, "
                             "sketch_version_id = ?3, updated_at = ?4 WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, plan_id);
  sqlite3_bind_int64 (stmt, 2, referral_id);
  _stp_bind_id_or_null (stmt, 3, sketch_version_id);
  sqlite3_bind_int64 (stmt, 4, now);
  if (!_stp_store_run (self, stmt, error) ||
      !_stp_store_audit (self, now, "link-revision", "treatment_plan", plan_id,
                         "referral_id,sketch_version_id", error) ||
      !_stp_store_commit (self, error))
    goto fail;

  _stp_store_emit_changed (self, STP_ENTITY_PLAN, plan_id, STP_CHANGE_UPDATED);
  return TRUE;

fail:
  _stp_store_rollback (self);
  return FALSE;
}
