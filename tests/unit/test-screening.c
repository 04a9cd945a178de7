/* test-screening.c: the question table's flags, date rules at their boundaries, and the
 * "ready to book" gate with and without clearance.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "test-consultation-util.h"

typedef struct
{
  char      *tmp;
  StpStore  *store;
  GPtrArray *questions;
  gint64     client;
  gint64     consultant;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *data_dir = NULL;

  f->tmp = test_make_tmp ();
  data_dir = g_build_filename (f->tmp, "data", NULL);
  f->store = test_open_store (data_dir);
  f->questions = test_questions (f->store);
  f->client = test_add_client (f->store, "Ada", "Okafor", NULL, NULL, NULL);
  f->consultant = test_add_staff (f->store, "Dr Lee");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_ptr_array_unref (f->questions);
  g_assert_finalize_object (f->store);
  test_rm_rf (f->tmp);
  g_free (f->tmp);
}

static const StpScreeningQuestion *
question (Fixture    *f,
          const char *key)
{
  for (guint i = 0; i < f->questions->len; i++)
    {
      StpScreeningQuestion *q = g_ptr_array_index (f->questions, i);
      if (g_str_equal (q->key, key))
        return q;
    }
  g_error ("no question %s", key);
}

/* Every DOMAIN.md screening item is in the table with the severity it ships with. */
static void
test_table (Fixture       *f,
            gconstpointer  data)
{
  static const struct {
    const char  *key;
    StpSeverity  severity;
    gboolean     asks_date;
  } expected[] = {
    { "keloid", STP_SEVERITY_CONTRAINDICATION, FALSE },
    { "bleeding", STP_SEVERITY_NEEDS_CLEARANCE, FALSE },
    { "heart", STP_SEVERITY_NEEDS_CLEARANCE, FALSE },
    { "diabetes", STP_SEVERITY_NEEDS_CLEARANCE, FALSE },
    { "scalp-condition", STP_SEVERITY_CONTRAINDICATION, FALSE },
    { "herpes", STP_SEVERITY_NEEDS_CLEARANCE, FALSE },
    { "vitiligo", STP_SEVERITY_CAUTION, FALSE },
    { "skin-cancer", STP_SEVERITY_NEEDS_CLEARANCE, FALSE },
    { "allergies", STP_SEVERITY_NEEDS_CLEARANCE, FALSE },
    { "pregnancy", STP_SEVERITY_CONTRAINDICATION, FALSE },
    { "chemotherapy", STP_SEVERITY_CONTRAINDICATION, TRUE },
    { "retinoids", STP_SEVERITY_NEEDS_CLEARANCE, FALSE },
    { "epilepsy", STP_SEVERITY_NEEDS_CLEARANCE, FALSE },
    { "sunburn", STP_SEVERITY_CONTRAINDICATION, FALSE },
    { "hair-loss-medication", STP_SEVERITY_INFO, FALSE },
    { "laser-removal", STP_SEVERITY_NEEDS_CLEARANCE, TRUE },
    { "temporary-alopecia", STP_SEVERITY_CAUTION, FALSE },
  };

  g_assert_cmpuint (f->questions->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      StpScreeningQuestion *q = g_ptr_array_index (f->questions, i);

      g_assert_cmpstr (q->key, ==, expected[i].key);
      g_assert_cmpint (q->severity, ==, expected[i].severity);
      g_assert_cmpint (q->asks_date, ==, expected[i].asks_date);
      g_assert_cmpuint (strlen (q->question), >, 10);
      g_assert_cmpuint (strlen (q->reason), >, 10);
    }
}

/* A "yes" to each question alone raises exactly its flag, with the table's severity and
 * reason (dated questions dated on the consultation day, inside their window). */
static void
test_every_question (Fixture       *f,
                     gconstpointer  data)
{
  for (guint i = 0; i < f->questions->len; i++)
    {
      StpScreeningQuestion *q = g_ptr_array_index (f->questions, i);
      g_autoptr(StpConsultation) c = stp_consultation_new ();
      g_autoptr(GPtrArray) flags = NULL;
      StpScreeningFlag *flag;

      stp_consultation_set_date (c, "2024-06-15");
      for (guint j = 0; j < f->questions->len; j++)
        {
          StpScreeningQuestion *other = g_ptr_array_index (f->questions, j);
          stp_consultation_set_answer (c, other->key, i == j ? STP_ANSWER_YES : STP_ANSWER_NO,
                                       i == j && q->asks_date ? "2024-06-15" : NULL, NULL);
        }

      flags = stp_screening_evaluate (f->questions, c, NULL, NULL);
      g_assert_cmpuint (flags->len, ==, 1);
      flag = flags->pdata[0];
      g_assert_cmpstr (flag->key, ==, q->key);
      g_assert_cmpint (flag->severity, ==, q->severity);
      g_assert_cmpstr (flag->reason, ==, q->reason);
      g_assert_cmpstr (flag->question, ==, q->question);
      g_assert_false (flag->cleared);
      g_assert_cmpint (stp_screening_blocks_booking (flags), ==,
                       q->severity >= STP_SEVERITY_NEEDS_CLEARANCE);
    }
}

static StpSeverity
severity_for (Fixture    *f,
              const char *key,
              const char *answer_date,
              gboolean   *flagged)
{
  g_autoptr(StpConsultation) c = stp_consultation_new ();
  g_autoptr(GPtrArray) flags = NULL;

  stp_consultation_set_date (c, "2024-06-15");
  stp_consultation_set_answer (c, key, STP_ANSWER_YES, answer_date, NULL);
  flags = stp_screening_evaluate (f->questions, c, NULL, NULL);
  *flagged = flags->len == 1;
  return flags->len == 1 ? ((StpScreeningFlag *)flags->pdata[0])->severity : STP_SEVERITY_INFO;
}

static char *
days_from (int days)
{
  g_autoptr(GDate) date = g_date_new_dmy (15, G_DATE_JUNE, 2024);

  if (days >= 0)
    g_date_add_days (date, days);
  else
    g_date_subtract_days (date, -days);
  return stp_date_to_iso (date);
}

static void
assert_severity (Fixture     *f,
                 const char  *key,
                 int          days,
                 StpSeverity  expected)
{
  g_autofree char *date = days_from (days);
  gboolean flagged = FALSE;
  StpSeverity got = severity_for (f, key, date, &flagged);

  g_assert_true (flagged);
  if (got != expected)
    g_error ("%s dated %s (%+d days): %s, expected %s", key, date, days,
             stp_severity_to_string (got), stp_severity_to_string (expected));
}

static void
test_laser_boundaries (Fixture       *f,
                       gconstpointer  data)
{
  gboolean flagged;

  g_assert_cmpint (question (f, "laser-removal")->window_past_days, ==, 90);
  assert_severity (f, "laser-removal", 0, STP_SEVERITY_NEEDS_CLEARANCE);
  assert_severity (f, "laser-removal", -89, STP_SEVERITY_NEEDS_CLEARANCE);
  assert_severity (f, "laser-removal", -90, STP_SEVERITY_NEEDS_CLEARANCE);
  assert_severity (f, "laser-removal", -91, STP_SEVERITY_INFO);
  assert_severity (f, "laser-removal", -400, STP_SEVERITY_INFO);
  /* A "yes" without a date is treated as recent. */
  g_assert_cmpint (severity_for (f, "laser-removal", NULL, &flagged), ==,
                   STP_SEVERITY_NEEDS_CLEARANCE);
  g_assert_true (flagged);
}

static void
test_chemo_boundaries (Fixture       *f,
                       gconstpointer  data)
{
  gboolean flagged;

  g_assert_cmpint (question (f, "chemotherapy")->window_past_days, ==, 183);
  g_assert_cmpint (question (f, "chemotherapy")->window_ahead_days, ==, 28);
  assert_severity (f, "chemotherapy", -182, STP_SEVERITY_CONTRAINDICATION);
  assert_severity (f, "chemotherapy", -183, STP_SEVERITY_CONTRAINDICATION);
  assert_severity (f, "chemotherapy", -184, STP_SEVERITY_NEEDS_CLEARANCE);
  assert_severity (f, "chemotherapy", -365, STP_SEVERITY_NEEDS_CLEARANCE);
  assert_severity (f, "chemotherapy", 27, STP_SEVERITY_CONTRAINDICATION);
  assert_severity (f, "chemotherapy", 28, STP_SEVERITY_CONTRAINDICATION);
  assert_severity (f, "chemotherapy", 29, STP_SEVERITY_NEEDS_CLEARANCE);
  g_assert_cmpint (severity_for (f, "chemotherapy", NULL, &flagged), ==,
                   STP_SEVERITY_CONTRAINDICATION);
}

static void
test_unknown_answers (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(StpConsultation) c = stp_consultation_new ();
  g_autoptr(GPtrArray) flags = NULL;
  StpScreeningFlag *flag;

  stp_consultation_set_date (c, "2024-06-15");
  stp_consultation_set_answer (c, "pregnancy", STP_ANSWER_UNKNOWN, NULL, NULL);
  stp_consultation_set_answer (c, "vitiligo", STP_ANSWER_UNKNOWN, NULL, NULL);
  stp_consultation_set_answer (c, "keloid", STP_ANSWER_NO, NULL, NULL);
  flags = stp_screening_evaluate (f->questions, c, NULL, NULL);
  g_assert_cmpuint (flags->len, ==, 1);
  flag = flags->pdata[0];
  g_assert_cmpstr (flag->key, ==, "pregnancy");
  g_assert_cmpint (flag->severity, ==, STP_SEVERITY_NEEDS_CLEARANCE);
  g_assert_true (g_str_has_suffix (flag->reason, question (f, "pregnancy")->reason));
}

/* Dates that can only lie in the past are refused in the future; a planned chemotherapy
 * date may be ahead. */
static void
test_future_dates (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpConsultation) c = stp_consultation_new ();
  g_autoptr(GDate) today = g_date_new_dmy (15, G_DATE_JUNE, 2024);

  stp_consultation_set_answer (c, "laser-removal", STP_ANSWER_YES, "2024-06-16", NULL);
  g_assert_false (stp_screening_validate_answers (f->questions, c, today, &error));
  g_assert_error (error, STP_CONSULTATION_ERROR, STP_CONSULTATION_ERROR_DATE_FUTURE);
  g_clear_error (&error);
  stp_consultation_set_answer (c, "laser-removal", STP_ANSWER_YES, "2024-06-15", NULL);
  stp_consultation_set_answer (c, "chemotherapy", STP_ANSWER_YES, "2024-07-01", NULL);
  g_assert_true (stp_screening_validate_answers (f->questions, c, today, &error));
  g_assert_no_error (error);
}

static gint64
draft_with (Fixture    *f,
            const char *key,
            const char *answer_date)
{
  gint64 id = test_add_consultation (f->store, f->client, f->consultant, NULL);
  g_autoptr(StpConsultation) c = test_get_consultation (f->store, id);

  test_fill_required (f->store, c);
  if (key != NULL)
    stp_consultation_set_answer (c, key, STP_ANSWER_YES, answer_date, "told at intake");
  test_save (f->store, c);
  return id;
}

static void
assert_not_ready (Fixture *f,
                  gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpConsultation) c = NULL;

  g_assert_false (stp_store_complete_consultation (f->store, id, &error));
  g_assert_error (error, STP_CONSULTATION_ERROR, STP_CONSULTATION_ERROR_NOT_READY);
  c = test_get_consultation (f->store, id);
  g_assert_cmpint (stp_consultation_get_status (c), ==, STP_CONSULTATION_STATUS_DRAFT);
}

static void
assert_completes (Fixture *f,
                  gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpConsultation) c = NULL;

  g_assert_true (stp_store_complete_consultation (f->store, id, &error));
  g_assert_no_error (error);
  c = test_get_consultation (f->store, id);
  g_assert_cmpint (stp_consultation_get_status (c), ==, STP_CONSULTATION_STATUS_COMPLETE);
}

static void
test_gate (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) flags = NULL;
  g_autoptr(GPtrArray) clearances = NULL;
  gint64 nothing = draft_with (f, NULL, NULL);
  gint64 caution = draft_with (f, "vitiligo", NULL);
  gint64 needs = draft_with (f, "bleeding", NULL);
  gint64 contra = draft_with (f, "pregnancy", NULL);
  gint64 old_laser = draft_with (f, "laser-removal", "2000-01-01");
  gint64 id;

  assert_completes (f, nothing);
  assert_completes (f, caution);
  assert_completes (f, old_laser);

  /* A clearance of another question does not open the gate; its own does. */
  assert_not_ready (f, needs);
  id = stp_store_record_clearance (f->store, needs, "heart", f->consultant, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  assert_not_ready (f, needs);
  flags = stp_store_get_screening_flags (f->store, needs, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (flags->len, ==, 1);
  g_assert_false (((StpScreeningFlag *)flags->pdata[0])->cleared);
  g_clear_pointer (&flags, g_ptr_array_unref);

  g_assert_cmpint (stp_store_record_clearance (f->store, needs, "bleeding", f->consultant,
                                               "GP letter: warfarin paused 5 days", &error),
                   >, 0);
  g_assert_no_error (error);
  flags = stp_store_get_screening_flags (f->store, needs, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (((StpScreeningFlag *)flags->pdata[0])->cleared);
  clearances = stp_store_list_clearances (f->store, needs, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (clearances->len, ==, 2);
  g_assert_cmpstr (((StpClearance *)clearances->pdata[1])->question_key, ==, "bleeding");
  g_assert_cmpint (((StpClearance *)clearances->pdata[1])->cleared_by, ==, f->consultant);
  g_assert_cmpint (((StpClearance *)clearances->pdata[1])->cleared_at, >, 0);
  g_assert_cmpstr (((StpClearance *)clearances->pdata[1])->note, ==,
                   "GP letter: warfarin paused 5 days");
  assert_completes (f, needs);

  /* A contraindication too needs a clearance; one for the whole consultation does. */
  assert_not_ready (f, contra);
  g_assert_cmpint (stp_store_record_clearance (f->store, contra, NULL, 0, NULL, &error), ==, 0);
  g_assert_error (error, STP_CONSULTATION_ERROR, STP_CONSULTATION_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_cmpint (stp_store_record_clearance (f->store, contra, NULL, f->consultant,
                                               "No longer breastfeeding", &error), >, 0);
  g_assert_no_error (error);
  assert_completes (f, contra);

  /* Recent laser blocks; an unknown key cannot be cleared. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) recent = g_date_time_add_days (now, -10);
    g_autofree char *iso = g_date_time_format (recent, "%Y-%m-%d");

    id = draft_with (f, "laser-removal", iso);
  }
  assert_not_ready (f, id);
  g_assert_cmpint (stp_store_record_clearance (f->store, id, "no-such-key", f->consultant,
                                               NULL, &error), ==, 0);
  g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_CONSTRAINT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

  ADD ("/screening/table", test_table);
  ADD ("/screening/every-question", test_every_question);
  ADD ("/screening/laser-boundaries", test_laser_boundaries);
  ADD ("/screening/chemo-boundaries", test_chemo_boundaries);
  ADD ("/screening/unknown-answers", test_unknown_answers);
  ADD ("/screening/future-dates", test_future_dates);
  ADD ("/screening/gate", test_gate);

  return g_test_run ();
}
