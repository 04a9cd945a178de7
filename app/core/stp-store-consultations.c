/* stp-store-consultations.c: consultations with their intake, screening answers,
 * clearances and plan; completion behind the screening gate; amendments as new versions.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "stp-consultation-private.h"
#include "stp-store-private.h"
#include "stp-validate-private.h"
#include "stipple/stp-store-consultations.h"
#include "stipple/stp-text.h"

#define CONSULTATION_COLUMNS \
  "id, client_id, coalesce(consultant_id, 0), held_on, status, version, " \
  "coalesce(amends_id, 0), coalesce(superseded_by, 0), staging_scale, staging_stage, " \
  "coalesce(phototype, 0), hair_colour, scalp_tone, pigmentation, hairline_style, " \
  "hairline_position, hairline_notes, prior_smp, prior_smp_provider, " \
  "coalesce(prior_smp_satisfaction, 0), laser_removal, laser_last_date, medication, " \
  "expectations, notes, created_at, updated_at"

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *)sqlite3_column_text (stmt, column);
  return text != NULL ? text : "";
}

static const char *
column_nullable (sqlite3_stmt *stmt,
                 int           column)
{
  return (const char *)sqlite3_column_text (stmt, column);
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           column,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

static void
bind_positive_or_null (sqlite3_stmt *stmt,
                       int           column,
                       gint64        value)
{
  if (value > 0)
    sqlite3_bind_int64 (stmt, column, value);
  else
    sqlite3_bind_null (stmt, column);
}

/* The enum value whose stable spelling is text; n_values tried from 0. */
static guint
parse_choice (const char *(*to_string) (guint),
              guint         n_values,
              const char   *text)
{
  for (guint i = 0; text != NULL && i < n_values; i++)
    if (g_strcmp0 (to_string (i), text) == 0)
      return i;
  return 0;
}

#define PARSE(fn, n, text) parse_choice ((const char *(*) (guint))(fn), (n), (text))

#define CONSULTATION_MISSING_MSG \
  N_("This consultation no longer exists. It may have been erased with its client on " \
     "another workstation.")

static void
set_not_found (GError **error)
{
  g_set_error_literal (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND,
                       _(CONSULTATION_MISSING_MSG));
}

/* Reading */

static gboolean
read_children (StpStore         *self,
               StpConsultation  *c,
               GError          **error)
{
  g_autoptr(StpStmt) goals = NULL;
  g_autoptr(StpStmt) areas = NULL;
  g_autoptr(StpStmt) scars = NULL;
  g_autoptr(StpStmt) transplants = NULL;
  g_autoptr(StpStmt) answers = NULL;
  g_autoptr(StpStmt) plan_stmt = NULL;
  gint64 id = stp_consultation_get_id (c);
  StpGoals goal_set = 0;
  StpAreas area_set = 0;

  goals = _stp_store_prepare (self, "SELECT goal FROM consultation_goal "
                              "WHERE consultation_id = ?1", error);
  areas = _stp_store_prepare (self, "SELECT area FROM consultation_area "
                              "WHERE consultation_id = ?1", error);
  scars = _stp_store_prepare (self, "SELECT kind, location, coalesce(length_mm, 0), "
                              "coalesce(width_mm, 0) FROM consultation_scar "
                              "WHERE consultation_id = ?1 ORDER BY position", error);
  transplants = _stp_store_prepare (self, "SELECT kind, done_on, clinic "
                                    "FROM consultation_transplant WHERE consultation_id = ?1 "
                                    "ORDER BY position", error);
  answers = _stp_store_prepare (self, "SELECT a.question_key, a.answer, a.answer_date, a.note "
                                "FROM screening_answer a JOIN screening_question q "
                                "ON q.key = a.question_key WHERE a.consultation_id = ?1 "
                                "ORDER BY q.position", error);
  plan_stmt = _stp_store_prepare (self, "SELECT coalesce(sessions, 0), "
                                  "coalesce(spacing_days, 0), "
                                  "coalesce(minutes_per_session, 0), "
                                  "coalesce(price_minor, -1), coalesce(deposit_minor, -1), "
                                  "currency, pigment_shade, dilution, hairline_style, notes "
                                  "FROM consultation_plan WHERE consultation_id = ?1", error);
  if (goals == NULL || areas == NULL || scars == NULL || transplants == NULL ||
      answers == NULL || plan_stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (goals, 1, id);
  while (sqlite3_step (goals) == SQLITE_ROW)
    for (guint bit = 1; bit <= STP_GOALS_ALL; bit <<= 1)
      if (g_strcmp0 (stp_goal_to_string (bit), column_nullable (goals, 0)) == 0)
        goal_set |= bit;
  stp_consultation_set_goals (c, goal_set);

  sqlite3_bind_int64 (areas, 1, id);
  while (sqlite3_step (areas) == SQLITE_ROW)
    for (guint bit = 1; bit <= STP_AREAS_ALL; bit <<= 1)
      if (g_strcmp0 (stp_area_to_string (bit), column_nullable (areas, 0)) == 0)
        area_set |= bit;
  stp_consultation_set_areas (c, area_set);

  sqlite3_bind_int64 (scars, 1, id);
  while (sqlite3_step (scars) == SQLITE_ROW)
    stp_consultation_add_scar (c, PARSE (stp_scar_kind_to_string, STP_SCAR_N_KINDS,
                                         column_nullable (scars, 0)),
                               column_text (scars, 1), sqlite3_column_double (scars, 2),
                               sqlite3_column_double (scars, 3));

  sqlite3_bind_int64 (transplants, 1, id);
  while (sqlite3_step (transplants) == SQLITE_ROW)
    stp_consultation_add_transplant (c, column_text (transplants, 0),
                                     column_nullable (transplants, 1),
                                     column_text (transplants, 2));

  sqlite3_bind_int64 (answers, 1, id);
  while (sqlite3_step (answers) == SQLITE_ROW)
    stp_consultation_set_answer (c, column_text (answers, 0),
                                 PARSE (stp_answer_value_to_string, STP_ANSWER_UNKNOWN + 1,
                                        column_nullable (answers, 1)),
                                 column_nullable (answers, 2), column_text (answers, 3));

  sqlite3_bind_int64 (plan_stmt, 1, id);
  if (sqlite3_step (plan_stmt) == SQLITE_ROW)
    {
      g_autoptr(StpPlan) plan = stp_plan_new ();

      plan->sessions = sqlite3_column_int (plan_stmt, 0);
      plan->spacing_days = sqlite3_column_int (plan_stmt, 1);
      plan->minutes_per_session = sqlite3_column_int (plan_stmt, 2);
      plan->price_minor = sqlite3_column_int64 (plan_stmt, 3);
      plan->deposit_minor = sqlite3_column_int64 (plan_stmt, 4);
      g_free (plan->currency);
      plan->currency = g_strdup (column_text (plan_stmt, 5));
      g_free (plan->pigment_shade);
      plan->pigment_shade = g_strdup (column_text (plan_stmt, 6));
      g_free (plan->dilution);
      plan->dilution = g_strdup (column_text (plan_stmt, 7));
      stp_hairline_style_from_string (column_nullable (plan_stmt, 8), &plan->hairline_style);
      g_free (plan->notes);
      plan->notes = g_strdup (column_text (plan_stmt, 9));
      stp_consultation_set_plan (c, plan);
    }

  return TRUE;
}

StpConsultation *
stp_store_get_consultation (StpStore  *self,
                            gint64     id,
                            GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  g_autoptr(StpConsultation) c = NULL;
  StpHairlineStyle style = STP_HAIRLINE_STYLE_NONE;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  stmt = _stp_store_prepare (self, "SELECT " CONSULTATION_COLUMNS " FROM consultation "
                             "WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  if (!_stp_store_step_row (self, stmt, _(CONSULTATION_MISSING_MSG), error))
    return NULL;

  c = stp_consultation_new ();
  _stp_consultation_set_identity (c, sqlite3_column_int64 (stmt, 0),
                                  sqlite3_column_int64 (stmt, 1),
                                  PARSE (stp_consultation_status_to_string, 3,
                                         column_nullable (stmt, 4)),
                                  sqlite3_column_int (stmt, 5), sqlite3_column_int64 (stmt, 6),
                                  sqlite3_column_int64 (stmt, 7));
  stp_consultation_set_consultant_id (c, sqlite3_column_int64 (stmt, 2));
  stp_consultation_set_date (c, column_nullable (stmt, 3));
  stp_consultation_set_staging (c, PARSE (stp_staging_scale_to_string, 4,
                                          column_nullable (stmt, 8)),
                                column_nullable (stmt, 9));
  stp_consultation_set_phototype (c, sqlite3_column_int (stmt, 10));
  stp_consultation_set_hair_colour (c, column_text (stmt, 11));
  stp_consultation_set_scalp_tone (c, column_text (stmt, 12));
  stp_consultation_set_pigmentation (c, PARSE (stp_pigmentation_to_string, 5,
                                               column_nullable (stmt, 13)));
  stp_hairline_style_from_string (column_nullable (stmt, 14), &style);
  stp_consultation_set_hairline_style (c, style);
  stp_consultation_set_hairline_position (c, column_text (stmt, 15));
  stp_consultation_set_hairline_notes (c, column_text (stmt, 16));
  stp_consultation_set_prior_smp (c, sqlite3_column_int (stmt, 17), column_text (stmt, 18),
                                  sqlite3_column_int (stmt, 19));
  stp_consultation_set_laser_removal (c, sqlite3_column_int (stmt, 20),
                                      column_nullable (stmt, 21));
  stp_consultation_set_medication (c, column_text (stmt, 22));
  stp_consultation_set_expectations (c, column_text (stmt, 23));
  stp_consultation_set_notes (c, column_text (stmt, 24));
  _stp_consultation_set_times (c, sqlite3_column_int64 (stmt, 25),
                               sqlite3_column_int64 (stmt, 26));

  if (!read_children (self, c, error))
    return NULL;

  return g_steal_pointer (&c);
}

GPtrArray *
stp_store_list_consultations (StpStore  *self,
                              gint64     client_id,
                              GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  stmt = _stp_store_prepare (self, "SELECT id FROM consultation WHERE client_id = ?1 "
                             "ORDER BY held_on DESC, id DESC", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, client_id);
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

  for (guint i = 0; i < ids->len; i++)
    {
      StpConsultation *c = stp_store_get_consultation (self, g_array_index (ids, gint64, i),
                                                       error);
      if (c == NULL)
        return NULL;
      g_ptr_array_add (list, c);
    }

  return g_steal_pointer (&list);
}

GPtrArray *
stp_store_list_screening_questions (StpStore  *self,
                                    GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  g_autoptr(GPtrArray) questions = NULL;
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  stmt = _stp_store_prepare (self, "SELECT key, position, question, severity, reason, "
                             "asks_date, coalesce(window_past_days, -1), "
                             "coalesce(window_ahead_days, -1), severity_outside "
                             "FROM screening_question ORDER BY position", error);
  if (stmt == NULL)
    return NULL;

  questions = g_ptr_array_new_with_free_func ((GDestroyNotify)stp_screening_question_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      StpScreeningQuestion *q = g_new0 (StpScreeningQuestion, 1);

      q->key = g_strdup (column_text (stmt, 0));
      q->position = sqlite3_column_int (stmt, 1);
      q->question = g_strdup (column_text (stmt, 2));
      stp_severity_from_string (column_nullable (stmt, 3), &q->severity);
      q->reason = g_strdup (column_text (stmt, 4));
      q->asks_date = sqlite3_column_int (stmt, 5);
      q->window_past_days = sqlite3_column_int (stmt, 6);
      q->window_ahead_days = sqlite3_column_int (stmt, 7);
      q->severity_outside = q->severity;
      stp_severity_from_string (column_nullable (stmt, 8), &q->severity_outside);
      g_ptr_array_add (questions, q);
    }
  if (rc != SQLITE_DONE)
    {
      _stp_store_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&questions);
}

GPtrArray *
stp_store_list_clearances (StpStore  *self,
                           gint64     consultation_id,
                           GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  g_autoptr(GPtrArray) clearances = NULL;
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  stmt = _stp_store_prepare (self, "SELECT id, question_key, cleared_by, cleared_at, note "
                             "FROM screening_clearance WHERE consultation_id = ?1 "
                             "ORDER BY id", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, consultation_id);
  clearances = g_ptr_array_new_with_free_func ((GDestroyNotify)stp_clearance_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      StpClearance *cl = g_new0 (StpClearance, 1);

      cl->id = sqlite3_column_int64 (stmt, 0);
      cl->consultation_id = consultation_id;
      cl->question_key = g_strdup (column_nullable (stmt, 1));
      cl->cleared_by = sqlite3_column_int64 (stmt, 2);
      cl->cleared_at = sqlite3_column_int64 (stmt, 3);
      cl->note = g_strdup (column_text (stmt, 4));
      g_ptr_array_add (clearances, cl);
    }
  if (rc != SQLITE_DONE)
    {
      _stp_store_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&clearances);
}

static GPtrArray *
evaluate (StpStore         *self,
          StpConsultation  *c,
          const GDate      *today,
          GError          **error)
{
  g_autoptr(GPtrArray) questions = stp_store_list_screening_questions (self, error);
  g_autoptr(GPtrArray) clearances = NULL;

  if (questions == NULL)
    return NULL;
  clearances = stp_store_list_clearances (self, stp_consultation_get_id (c), error);
  if (clearances == NULL)
    return NULL;

  return stp_screening_evaluate (questions, c, clearances, today);
}

GPtrArray *
stp_store_get_screening_flags (StpStore     *self,
                               gint64        consultation_id,
                               const GDate  *today,
                               GError      **error)
{
  g_autoptr(StpConsultation) c = NULL;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  c = stp_store_get_consultation (self, consultation_id, error);
  return c != NULL ? evaluate (self, c, today, error) : NULL;
}

/* Writing */

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

static gboolean
write_set (StpStore    *self,
           const char  *sql,
           gint64       id,
           guint        bits,
           const char *(*to_string) (guint),
           GError     **error)
{
  g_autoptr(StpStmt) stmt = _stp_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  for (guint bit = 1; bit != 0 && bit <= bits; bit <<= 1)
    {
      if ((bits & bit) == 0)
        continue;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, to_string (bit), -1, SQLITE_STATIC);
      if (!_stp_store_run (self, stmt, error))
        return FALSE;
      sqlite3_reset (stmt);
    }
  return TRUE;
}

static gboolean
write_plan (StpStore       *self,
            gint64          id,
            const StpPlan  *plan,
            GError        **error)
{
  g_autoptr(StpStmt) stmt = NULL;

  stmt = _stp_store_prepare (self,
                             "INSERT INTO consultation_plan (consultation_id, sessions, "
                             "spacing_days, minutes_per_session, price_minor, deposit_minor, "
                             "currency, pigment_shade, dilution, hairline_style, notes) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                             error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  bind_positive_or_null (stmt, 2, plan->sessions);
  bind_positive_or_null (stmt, 3, plan->spacing_days);
  bind_positive_or_null (stmt, 4, plan->minutes_per_session);
  if (plan->price_minor >= 0)
    sqlite3_bind_int64 (stmt, 5, plan->price_minor);
  if (plan->deposit_minor >= 0)
    sqlite3_bind_int64 (stmt, 6, plan->deposit_minor);
  sqlite3_bind_text (stmt, 7, plan->currency, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, plan->pigment_shade, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, plan->dilution, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 10, stp_hairline_style_to_string (plan->hairline_style));
  sqlite3_bind_text (stmt, 11, plan->notes, -1, SQLITE_TRANSIENT);

  return _stp_store_run (self, stmt, error);
}

/* Replaces everything a draft holds, inside the caller's transaction. The row comes
 * first, so any later failure (a refused scar, say) rolls the whole save back. */
static gboolean
write_content (StpStore         *self,
               gint64            id,
               StpConsultation  *c,
               gint64            now,
               GError          **error)
{
  g_autoptr(StpStmt) row = NULL;
  g_autoptr(StpStmt) scar_stmt = NULL;
  g_autoptr(StpStmt) transplant_stmt = NULL;
  g_autoptr(StpStmt) answer_stmt = NULL;
  GPtrArray *scars = stp_consultation_get_scars (c);
  GPtrArray *transplants = stp_consultation_get_transplants (c);
  GPtrArray *answers = stp_consultation_get_answers (c);
  static const char *clear_children[] = {
    "DELETE FROM consultation_goal WHERE consultation_id = ?1",
    "DELETE FROM consultation_area WHERE consultation_id = ?1",
    "DELETE FROM consultation_scar WHERE consultation_id = ?1",
    "DELETE FROM consultation_transplant WHERE consultation_id = ?1",
    "DELETE FROM screening_answer WHERE consultation_id = ?1",
    "DELETE FROM consultation_plan WHERE consultation_id = ?1",
  };

  row = _stp_store_prepare (self,
                            "UPDATE consultation SET consultant_id = ?2, held_on = ?3, "
                            "staging_scale = ?4, staging_stage = ?5, phototype = ?6, "
                            "hair_colour = ?7, scalp_tone = ?8, pigmentation = ?9, "
                            "hairline_style = ?10, hairline_position = ?11, "
                            "hairline_notes = ?12, prior_smp = ?13, prior_smp_provider = ?14, "
                            "prior_smp_satisfaction = ?15, laser_removal = ?16, "
                            "laser_last_date = ?17, medication = ?18, expectations = ?19, "
                            "notes = ?20, updated_at = ?21 WHERE id = ?1",
                            error);
  if (row == NULL)
    return FALSE;

  sqlite3_bind_int64 (row, 1, id);
  bind_positive_or_null (row, 2, stp_consultation_get_consultant_id (c));
  bind_text_or_null (row, 3, stp_consultation_get_date (c));
  bind_text_or_null (row, 4, stp_staging_scale_to_string (stp_consultation_get_staging_scale (c)));
  bind_text_or_null (row, 5, stp_consultation_get_staging_stage (c));
  bind_positive_or_null (row, 6, stp_consultation_get_phototype (c));
  sqlite3_bind_text (row, 7, stp_consultation_get_hair_colour (c), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (row, 8, stp_consultation_get_scalp_tone (c), -1, SQLITE_TRANSIENT);
  bind_text_or_null (row, 9, stp_pigmentation_to_string (stp_consultation_get_pigmentation (c)));
  bind_text_or_null (row, 10,
                     stp_hairline_style_to_string (stp_consultation_get_hairline_style (c)));
  sqlite3_bind_text (row, 11, stp_consultation_get_hairline_position (c), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (row, 12, stp_consultation_get_hairline_notes (c), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (row, 13, stp_consultation_get_prior_smp (c));
  sqlite3_bind_text (row, 14, stp_consultation_get_prior_smp_provider (c), -1,
                     SQLITE_TRANSIENT);
  bind_positive_or_null (row, 15, stp_consultation_get_prior_smp_satisfaction (c));
  sqlite3_bind_int (row, 16, stp_consultation_get_laser_removal (c));
  bind_text_or_null (row, 17, stp_consultation_get_laser_last_date (c));
  sqlite3_bind_text (row, 18, stp_consultation_get_medication (c), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (row, 19, stp_consultation_get_expectations (c), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (row, 20, stp_consultation_get_notes (c), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (row, 21, now);
  if (!_stp_store_run (self, row, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (clear_children); i++)
    if (!run_for_id (self, clear_children[i], id, error))
      return FALSE;

  if (!write_set (self, "INSERT INTO consultation_goal (consultation_id, goal) VALUES (?1, ?2)",
                  id, stp_consultation_get_goals (c),
                  (const char *(*) (guint))stp_goal_to_string, error) ||
      !write_set (self, "INSERT INTO consultation_area (consultation_id, area) VALUES (?1, ?2)",
                  id, stp_consultation_get_areas (c),
                  (const char *(*) (guint))stp_area_to_string, error))
    return FALSE;

  scar_stmt = _stp_store_prepare (self,
                                  "INSERT INTO consultation_scar (consultation_id, position, "
                                  "kind, location, length_mm, width_mm) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (scar_stmt == NULL)
    return FALSE;
  for (guint i = 0; i < scars->len; i++)
    {
      StpScar *scar = g_ptr_array_index (scars, i);

      sqlite3_bind_int64 (scar_stmt, 1, id);
      sqlite3_bind_int (scar_stmt, 2, i);
      sqlite3_bind_text (scar_stmt, 3, stp_scar_kind_to_string (scar->kind), -1, SQLITE_STATIC);
      sqlite3_bind_text (scar_stmt, 4, scar->location, -1, SQLITE_TRANSIENT);
      /* 0 means not measured; anything else goes to the CHECK constraint as it is. */
      if (scar->length_mm != 0)
        sqlite3_bind_double (scar_stmt, 5, scar->length_mm);
      else
        sqlite3_bind_null (scar_stmt, 5);
      if (scar->width_mm != 0)
        sqlite3_bind_double (scar_stmt, 6, scar->width_mm);
      else
        sqlite3_bind_null (scar_stmt, 6);
      if (!_stp_store_run (self, scar_stmt, error))
        return FALSE;
      sqlite3_reset (scar_stmt);
    }

  transplant_stmt = _stp_store_prepare (self,
                                        "INSERT INTO consultation_transplant (consultation_id, "
                                        "position, kind, done_on, clinic) "
                                        "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (transplant_stmt == NULL)
    return FALSE;
  for (guint i = 0; i < transplants->len; i++)
    {
      StpTransplant *t = g_ptr_array_index (transplants, i);

      sqlite3_bind_int64 (transplant_stmt, 1, id);
      sqlite3_bind_int (transplant_stmt, 2, i);
      sqlite3_bind_text (transplant_stmt, 3, t->kind, -1, SQLITE_TRANSIENT);
      bind_text_or_null (transplant_stmt, 4, t->date);
      sqlite3_bind_text (transplant_stmt, 5, t->clinic, -1, SQLITE_TRANSIENT);
      if (!_stp_store_run (self, transplant_stmt, error))
        return FALSE;
      sqlite3_reset (transplant_stmt);
    }

  answer_stmt = _stp_store_prepare (self,
                                    "INSERT INTO screening_answer (consultation_id, "
                                    "question_key, answer, answer_date, note) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (answer_stmt == NULL)
    return FALSE;
  for (guint i = 0; i < answers->len; i++)
    {
      StpAnswer *a = g_ptr_array_index (answers, i);

      sqlite3_bind_int64 (answer_stmt, 1, id);
      sqlite3_bind_text (answer_stmt, 2, a->key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (answer_stmt, 3, stp_answer_value_to_string (a->value), -1,
                         SQLITE_STATIC);
      bind_text_or_null (answer_stmt, 4, a->date);
      sqlite3_bind_text (answer_stmt, 5, a->note, -1, SQLITE_TRANSIENT);
      if (!_stp_store_run (self, answer_stmt, error))
        return FALSE;
      sqlite3_reset (answer_stmt);
    }

  return write_plan (self, id, stp_consultation_get_plan (c), error);
}

static gint64
insert_row (StpStore    *self,
            gint64       client_id,
            gint64       consultant_id,
            const char  *iso_date,
            guint        version,
            gint64       amends_id,
            gint64       now,
            GError     **error)
{
  g_autoptr(StpStmt) stmt = NULL;

  stmt = _stp_store_prepare (self,
                             "INSERT INTO consultation (client_id, consultant_id, held_on, "
                             "version, amends_id, created_at, updated_at) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)", error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, client_id);
  bind_positive_or_null (stmt, 2, consultant_id);
  sqlite3_bind_text (stmt, 3, iso_date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, version);
  bind_positive_or_null (stmt, 5, amends_id);
  sqlite3_bind_int64 (stmt, 6, now);
  if (!_stp_store_run (self, stmt, error))
    return 0;

  return sqlite3_last_insert_rowid (_stp_store_get_db (self));
}

static gboolean
client_exists (StpStore *self,
               gint64    client_id)
{
  g_autoptr(StpStmt) stmt = _stp_store_prepare (self, "SELECT 1 FROM client WHERE id = ?1",
                                                NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client_id);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

gint64
stp_store_create_consultation (StpStore    *self,
                               gint64       client_id,
                               gint64       consultant_id,
                               const char  *iso_date,
                               GError     **error)
{
  g_autoptr(StpConsultation) c = stp_consultation_new ();
  g_autofree char *today = NULL;
  gint64 now = _stp_store_now ();
  gint64 id;

  g_return_val_if_fail (STP_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (iso_date == NULL)
    {
      GDate date;

      _stp_get_today (NULL, &date);
      iso_date = today = stp_date_to_iso (&date);
    }
  stp_consultation_set_consultant_id (c, consultant_id);
  stp_consultation_set_date (c, iso_date);
  if (!stp_consultation_validate (c, NULL, NULL, error) || !_stp_store_begin (self, error))
    return 0;

  if (!client_exists (self, client_id))
    {
      g_set_error (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND,
                   _("This client no longer exists. It may have been erased on another "
                     "workstation."));
      goto fail;
    }

  id = insert_row (self, client_id, consultant_id, iso_date, 1, 0, now, error);
  if (id == 0 || !write_plan (self, id, stp_consultation_get_plan (c), error) ||
      !_stp_store_audit (self, now, "create", "consultation", id, NULL, error) ||
      !_stp_store_commit (self, error))
    goto fail;

  _stp_store_emit_changed (self, STP_ENTITY_CONSULTATION, id, STP_CHANGE_CREATED);
  return id;

fail:
  _stp_store_rollback (self);
  return 0;
}

static gboolean
check_draft (StpConsultation  *c,
             GError          **error)
{
  if (stp_consultation_get_status (c) == STP_CONSULTATION_STATUS_DRAFT)
    return TRUE;

  g_set_error_literal (error, STP_CONSULTATION_ERROR, STP_CONSULTATION_ERROR_READ_ONLY,
                       _("This consultation is complete and can no longer be changed. Use "
                         "Amend to make a new version."));
  return FALSE;
}

gboolean
stp_store_save_consultation (StpStore         *self,
                             StpConsultation  *consultation,
                             GError          **error)
{
  g_autoptr(StpConsultation) before = NULL;
  g_autoptr(GPtrArray) questions = NULL;
  g_autofree char *fields = NULL;
  gint64 now = _stp_store_now ();
  gint64 id;

  g_return_val_if_fail (STP_IS_STORE (self), FALSE);
  g_return_val_if_fail (STP_IS_CONSULTATION (consultation), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  id = stp_consultation_get_id (consultation);
  if (id <= 0)
    {
      set_not_found (error);
      return FALSE;
    }

  questions = stp_store_list_screening_questions (self, error);
  if (questions == NULL ||
      !stp_consultation_validate (consultation, NULL, NULL, error) ||
      !stp_screening_validate_answers (questions, consultation, NULL, error))
    return FALSE;

  if (!_stp_store_begin (self, error))
    return FALSE;

  /* Read inside the transaction: the status may have changed on another workstation. */
  before = stp_store_get_consultation (self, id, error);
  if (before == NULL || !check_draft (before, error))
    goto fail;

  fields = _stp_consultation_diff_fields (before, consultation);
  if (*fields == '\0')
    {
      _stp_store_rollback (self);
      return TRUE;
    }

  if (!write_content (self, id, consultation, now, error) ||
      !_stp_store_audit (self, now, "update", "consultation", id, fields, error) ||
      !_stp_store_commit (self, error))
    goto fail;

  _stp_consultation_set_identity (consultation, id, stp_consultation_get_client_id (before),
                                  STP_CONSULTATION_STATUS_DRAFT,
                                  stp_consultation_get_version (before),
                                  stp_consultation_get_amends_id (before),
                                  stp_consultation_get_superseded_by (before));
  _stp_consultation_set_times (consultation, stp_consultation_get_created_at (before), now);
  _stp_store_emit_changed (self, STP_ENTITY_CONSULTATION, id, STP_CHANGE_UPDATED);
  return TRUE;

fail:
  _stp_store_rollback (self);
  return FALSE;
}

static gboolean
set_status (StpStore    *self,
            gint64       id,
            const char  *status,
            gint64       superseded_by,
            gint64       now,
            GError     **error)
{
  g_autoptr(StpStmt) stmt = NULL;

  stmt = _stp_store_prepare (self, "UPDATE consultation SET status = ?2, superseded_by = ?3, "
                             "updated_at = ?4 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, status, -1, SQLITE_STATIC);
  bind_positive_or_null (stmt, 3, superseded_by);
  sqlite3_bind_int64 (stmt, 4, now);
  return _stp_store_run (self, stmt, error);
}

/* The "ready to book" gate, with the questions that hold it closed. */
static gboolean
check_ready (GPtrArray  *flags,
             GError    **error)
{
  g_autoptr(GString) blocking = g_string_new (NULL);

  if (!stp_screening_blocks_booking (flags))
    return TRUE;

  for (guint i = 0; i < flags->len; i++)
    {
      StpScreeningFlag *flag = g_ptr_array_index (flags, i);

      if (flag->severity < STP_SEVERITY_NEEDS_CLEARANCE || flag->cleared)
        continue;
      if (blocking->len > 0)
        g_string_append (blocking, "; ");
      g_string_append (blocking, flag->question);
    }

  g_set_error (error, STP_CONSULTATION_ERROR, STP_CONSULTATION_ERROR_NOT_READY,
               _("The client cannot be booked until a clearance is recorded for: %s"),
               blocking->str);
  return FALSE;
}

gboolean
stp_store_complete_consultation (StpStore  *self,
                                 gint64     id,
                                 GError   **error)
{
  g_autoptr(StpConsultation) c = NULL;
  g_autoptr(GPtrArray) questions = NULL;
  g_autoptr(GPtrArray) flags = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) date_keys = g_ptr_array_new ();
  gint64 now = _stp_store_now ();

  g_return_val_if_fail (STP_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_stp_store_begin (self, error))
    return FALSE;

  c = stp_store_get_consultation (self, id, error);
  if (c == NULL || !check_draft (c, error))
    goto fail;

  questions = stp_store_list_screening_questions (self, error);
  if (questions == NULL)
    goto fail;
  for (guint i = 0; i < questions->len; i++)
    {
      StpScreeningQuestion *q = g_ptr_array_index (questions, i);

      g_ptr_array_add (keys, q->key);
      if (q->asks_date)
        g_ptr_array_add (date_keys, q->key);
    }
  g_ptr_array_add (keys, NULL);
  g_ptr_array_add (date_keys, NULL);

  if (!stp_consultation_check_complete (c, (const char * const *)keys->pdata,
                                        (const char * const *)date_keys->pdata, NULL, error))
    goto fail;

  flags = evaluate (self, c, NULL, error);
  if (flags == NULL || !check_ready (flags, error))
    goto fail;

  if (!set_status (self, id, "complete", 0, now, error) ||
      !_stp_store_audit (self, now, "complete", "consultation", id, "status", error) ||
      !_stp_store_commit (self, error))
    goto fail;

  _stp_store_emit_changed (self, STP_ENTITY_CONSULTATION, id, STP_CHANGE_UPDATED);
  return TRUE;

fail:
  _stp_store_rollback (self);
  return FALSE;
}

gint64
stp_store_amend_consultation (StpStore  *self,
                              gint64     id,
                              GError   **error)
{
  g_autoptr(StpConsultation) old = NULL;
  g_autoptr(StpStmt) clearances = NULL;
  gint64 now = _stp_store_now ();
  gint64 new_id;

  g_return_val_if_fail (STP_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!_stp_store_begin (self, error))
    return 0;

  old = stp_store_get_consultation (self, id, error);
  if (old == NULL)
    goto fail;
  if (stp_consultation_get_status (old) != STP_CONSULTATION_STATUS_COMPLETE)
    {
      g_set_error_literal (error, STP_CONSULTATION_ERROR, STP_CONSULTATION_ERROR_READ_ONLY,
                           _("Only the current version of a completed consultation can be "
                             "amended; a draft can be edited directly."));
      goto fail;
    }

  new_id = insert_row (self, stp_consultation_get_client_id (old),
                       stp_consultation_get_consultant_id (old),
                       stp_consultation_get_date (old),
                       stp_consultation_get_version (old) + 1, id, now, error);
  if (new_id == 0 || !write_content (self, new_id, old, now, error))
    goto fail;

  /* Clearances are facts about the client's answers: they carry over. The consent does
   * not: it stays with the version that was signed. */
  clearances = _stp_store_prepare (self,
                                   "INSERT INTO screening_clearance (consultation_id, "
                                   "question_key, cleared_by, cleared_at, note) "
                                   "SELECT ?2, question_key, cleared_by, cleared_at, note "
                                   "FROM screening_clearance WHERE consultation_id = ?1 "
                                   "ORDER BY id", error);
  if (clearances == NULL)
    goto fail;
  sqlite3_bind_int64 (clearances, 1, id);
  sqlite3_bind_int64 (clearances, 2, new_id);

  if (!_stp_store_run (self, clearances, error) ||
      !set_status (self, id, "amended", new_id, now, error) ||
      !_stp_store_audit (self, now, "amend", "consultation", id, "status", error) ||
      !_stp_store_audit (self, now, "create", "consultation", new_id, NULL, error) ||
      !_stp_store_commit (self, error))
    goto fail;

  _stp_store_emit_changed (self, STP_ENTITY_CONSULTATION, id, STP_CHANGE_UPDATED);
  _stp_store_emit_changed (self, STP_ENTITY_CONSULTATION, new_id, STP_CHANGE_CREATED);
  return new_id;

fail:
  _stp_store_rollback (self);
  return 0;
}

gint64
stp_store_record_clearance (StpStore    *self,
                            gint64       consultation_id,
                            const char  *question_key,
                            gint64       cleared_by,
                            const char  *note,
                            GError     **error)
{
  g_autoptr(StpConsultation) c = NULL;
  g_autoptr(StpStmt) stmt = NULL;
  gint64 now = _stp_store_now ();
  gint64 id;

  g_return_val_if_fail (STP_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (cleared_by <= 0)
    {
      g_set_error_literal (error, STP_CONSULTATION_ERROR, STP_CONSULTATION_ERROR_REQUIRED,
                           _("Choose who gave the clearance."));
      return 0;
    }
  if (!_stp_check_text (note, STP_CONSULTATION_MEDIUM_MAX, FALSE, _("clearance note"),
                        STP_CONSULTATION_ERROR, STP_CONSULTATION_ERROR_INVALID_TEXT,
                        STP_CONSULTATION_ERROR_TOO_LONG, error))
    return 0;

  if (!_stp_store_begin (self, error))
    return 0;

  c = stp_store_get_consultation (self, consultation_id, error);
  if (c == NULL)
    goto fail;
  if (stp_consultation_get_status (c) == STP_CONSULTATION_STATUS_AMENDED)
    {
      g_set_error_literal (error, STP_CONSULTATION_ERROR, STP_CONSULTATION_ERROR_READ_ONLY,
                           _("This version was replaced by an amendment. Record the "
                             "clearance on the current version."));
      goto fail;
    }

  stmt = _stp_store_prepare (self,
                             "INSERT INTO screening_clearance (consultation_id, question_key, "
                             "cleared_by, cleared_at, note) VALUES (?1, ?2, ?3, ?4, ?5)",
                             error);
  if (stmt == NULL)
    goto fail;

  sqlite3_bind_int64 (stmt, 1, consultation_id);
  bind_text_or_null (stmt, 2, question_key);
  sqlite3_bind_int64 (stmt, 3, cleared_by);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_text (stmt, 5, note != NULL ? note : "", -1, SQLITE_TRANSIENT);
  if (!_stp_store_run (self, stmt, error))
    goto fail;

  id = sqlite3_last_insert_rowid (_stp_store_get_db (self));
  if (!_stp_store_audit (self, now, "clear", "consultation", consultation_id, "clearance",
                         error) ||
      !_stp_store_commit (self, error))
    goto fail;

  _stp_store_emit_changed (self, STP_ENTITY_CONSULTATION, consultation_id,
                           STP_CHANGE_UPDATED);
  return id;

fail:
  _stp_store_rollback (self);
  return 0;
}
