/* test-consultation.c: intake validation (one test per rule), round trips of every field,
 * listing, amendments, atomic saves and the data-protection erase.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <locale.h>

#include "test-consultation-util.h"

typedef struct
{
  char      *tmp;
  char      *data_dir;
  StpStore  *store;
  gint64     client;
  gint64     consultant;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->tmp = test_make_tmp ();
  f->data_dir = g_build_filename (f->tmp, "data", NULL);
  f->store = test_open_store (f->data_dir);
  f->client = test_add_client (f->store, "Zoë", "Müller", NULL, NULL, NULL);
  f->consultant = test_add_staff (f->store, "Dana Consultant");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->store != NULL)
    g_assert_finalize_object (f->store);
  test_rm_rf (f->tmp);
  g_free (f->data_dir);
  g_free (f->tmp);
}

static GDate *
fixed_today (void)
{
  return g_date_new_dmy (15, G_DATE_JUNE, 2024);
}

static StpConsultation *
valid_consultation (void)
{
  StpConsultation *c = stp_consultation_new ();

  stp_consultation_set_consultant_id (c, 1);
  stp_consultation_set_date (c, "2024-06-15");
  return c;
}

static void
assert_invalid (StpConsultation      *c,
                StpConsultationField  field,
                GQuark                domain,
                int                   code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) today = fixed_today ();
  StpConsultationField failed = STP_CONSULTATION_FIELD_NONE;

  g_assert_false (stp_consultation_validate (c, today, &failed, &error));
  g_assert_error (error, domain, code);
  g_assert_cmpint (failed, ==, field);
  g_clear_error (&error);
  g_assert_false (stp_consultation_validate_field (c, field, today, &error));
  g_assert_error (error, domain, code);
}

static void
test_validate (void)
{
  g_autoptr(GDate) today = fixed_today ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) long_text = g_string_new (NULL);
  StpConsultation *c;

  c = valid_consultation ();
  g_assert_true (stp_consultation_validate (c, today, NULL, &error));
  g_assert_no_error (error);
  g_object_unref (c);

#define CASE(setup, field, ...) \
  G_STMT_START { \
    c = valid_consultation (); \
    setup; \
    assert_invalid (c, STP_CONSULTATION_FIELD_##field, __VA_ARGS__); \
    g_object_unref (c); \
  } G_STMT_END
#define CE(name) STP_CONSULTATION_ERROR, STP_CONSULTATION_ERROR_##name

  CASE (stp_consultation_set_date (c, NULL), DATE, CE (REQUIRED));
  CASE (stp_consultation_set_date (c, "2024-02-30"), DATE, CE (DATE_INVALID));
  CASE (stp_consultation_set_date (c, "15/06/2024"), DATE, CE (DATE_INVALID));
  CASE (stp_consultation_set_consultant_id (c, -4), CONSULTANT, CE (OUT_OF_RANGE));
  CASE (stp_consultation_set_goals (c, 1 << 9), GOALS, CE (INVALID_CHOICE));
  CASE (stp_consultation_set_staging (c, STP_STAGING_LUDWIG, "2A"), STAGING,
        CE (INVALID_CHOICE));
  CASE (stp_consultation_set_staging (c, STP_STAGING_NORWOOD, "8"), STAGING,
        CE (INVALID_CHOICE));
  CASE (stp_consultation_set_staging (c, STP_STAGING_NONE, "3"), STAGING, CE (INVALID_CHOICE));
  CASE (stp_consultation_set_areas (c, 1 << 12), AREAS, CE (INVALID_CHOICE));
  CASE (stp_consultation_add_scar (c, STP_SCAR_FUE, "crown", -1, 2), SCARS, CE (OUT_OF_RANGE));
  CASE (stp_consultation_add_scar (c, STP_SCAR_FUE, "crown", 3, 1001), SCARS,
        CE (OUT_OF_RANGE));
  CASE (stp_consultation_add_scar (c, STP_SCAR_N_KINDS, "crown", 3, 1), SCARS,
        CE (INVALID_CHOICE));
  CASE (stp_consultation_add_scar (c, STP_SCAR_OTHER, "back\nof head", 3, 1), SCARS,
        CE (INVALID_TEXT));
  CASE (stp_consultation_set_phototype (c, 7), PHOTOTYPE, CE (OUT_OF_RANGE));
  CASE (stp_consultation_set_hair_colour (c, "dark\x01brown"), HAIR_COLOUR, CE (INVALID_TEXT));
  CASE (stp_consultation_set_scalp_tone (c, "olive\xff"), SCALP_TONE, CE (INVALID_TEXT));
  CASE (stp_consultation_set_pigmentation (c, 9), PIGMENTATION, CE (INVALID_CHOICE));
  CASE (stp_consultation_set_hairline_style (c, 17), HAIRLINE, CE (INVALID_CHOICE));
  CASE (stp_consultation_add_transplant (c, "FUE", "2024-06-16", "Istanbul"), TRANSPLANTS,
        CE (DATE_FUTURE));
  CASE (stp_consultation_add_transplant (c, "FUE", "2023-13-01", "Istanbul"), TRANSPLANTS,
        CE (DATE_INVALID));
  CASE (stp_consultation_set_prior_smp (c, TRUE, "Other clinic", 6), PRIOR_SMP,
        CE (OUT_OF_RANGE));
  CASE (stp_consultation_set_laser_removal (c, TRUE, "2024-06-16"), LASER, CE (DATE_FUTURE));
  CASE (stp_consultation_set_answer (c, "keloid", STP_ANSWER_YES, "2024-99-01", NULL), ANSWERS,
        CE (DATE_INVALID));

  for (guint i = 0; i <= STP_CONSULTATION_NOTES_MAX; i++)
    g_string_append_c (long_text, 'x');
  CASE (stp_consultation_set_notes (c, long_text->str), NOTES, CE (TOO_LONG));
  g_string_truncate (long_text, STP_CONSULTATION_LONG_MAX + 1);
  CASE (stp_consultation_set_expectations (c, long_text->str), EXPECTATIONS, CE (TOO_LONG));
  g_string_truncate (long_text, STP_CONSULTATION_MEDIUM_MAX + 1);
  CASE (stp_consultation_set_medication (c, long_text->str), MEDICATION, CE (TOO_LONG));

  /* Plan errors keep the plan's domain. */
  {
    g_autoptr(StpPlan) plan = stp_plan_new ();

    plan->price_minor = 100000;
    plan->deposit_minor = 100001;
    CASE (stp_consultation_set_plan (c, plan), PLAN, STP_PLAN_ERROR,
          STP_PLAN_ERROR_DEPOSIT_ABOVE_PRICE);
    plan->deposit_minor = 20000;
    g_free (plan->currency);
    plan->currency = g_strdup ("eur");
    CASE (stp_consultation_set_plan (c, plan), PLAN, STP_PLAN_ERROR,
          STP_PLAN_ERROR_CURRENCY_INVALID);
    g_free (plan->currency);
    plan->currency = g_strdup ("GBP");
    g_free (plan->dilution);
    plan->dilution = g_strdup ("1-20");
    CASE (stp_consultation_set_plan (c, plan), PLAN, STP_PLAN_ERROR,
          STP_PLAN_ERROR_DILUTION_INVALID);
    g_free (plan->dilution);
    plan->dilution = g_strdup ("1:20");
    plan->sessions = 11;
    CASE (stp_consultation_set_plan (c, plan), PLAN, STP_PLAN_ERROR, STP_PLAN_ERROR_OUT_OF_RANGE);
    plan->sessions = 3;
    plan->minutes_per_session = 10;
    CASE (stp_consultation_set_plan (c, plan), PLAN, STP_PLAN_ERROR, STP_PLAN_ERROR_OUT_OF_RANGE);
    plan->minutes_per_session = 180;
    g_assert_true (stp_plan_validate (plan, &error));
    g_assert_no_error (error);
  }

#undef CASE
#undef CE

  /* Completion needs answers a draft may still leave out. */
  {
    const char *keys[] = { "keloid", "chemotherapy", NULL };
    const char *date_keys[] = { "chemotherapy", NULL };
    StpConsultationField failed;

    c = valid_consultation ();
    g_assert_false (stp_consultation_check_complete (c, keys, date_keys, &failed, &error));
    g_assert_error (error, STP_CONSULTATION_ERROR, STP_CONSULTATION_ERROR_REQUIRED);
    g_assert_cmpint (failed, ==, STP_CONSULTATION_FIELD_GOALS);
    g_clear_error (&error);
    stp_consultation_set_goals (c, STP_GOAL_SCAR_CAMOUFLAGE);
    stp_consultation_set_phototype (c, 2);
    stp_consultation_set_answer (c, "keloid", STP_ANSWER_NO, NULL, NULL);
    g_assert_false (stp_consultation_check_complete (c, keys, date_keys, &failed, &error));
    g_assert_error (error, STP_CONSULTATION_ERROR, STP_CONSULTATION_ERROR_REQUIRED);
    g_assert_cmpint (failed, ==, STP_CONSULTATION_FIELD_ANSWERS);
    g_clear_error (&error);
    stp_consultation_set_answer (c, "chemotherapy", STP_ANSWER_YES, NULL, NULL);
    g_assert_false (stp_consultation_check_complete (c, keys, date_keys, &failed, &error));
    g_assert_error (error, STP_CONSULTATION_ERROR, STP_CONSULTATION_ERROR_REQUIRED);
    g_clear_error (&error);
    stp_consultation_set_answer (c, "chemotherapy", STP_ANSWER_YES, "2023-01-10", NULL);
    g_assert_true (stp_consultation_check_complete (c, keys, date_keys, &failed, &error));
    g_assert_no_error (error);
    g_object_unref (c);
  }
}

/* Invalid values never reach the database. */
static void
test_save_refuses_invalid (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpConsultation) c = NULL;
  g_autoptr(StpConsultation) back = NULL;
  gint64 id = test_add_consultation (f->store, f->client, f->consultant, "2024-06-15");

  c = test_get_consultation (f->store, id);
  stp_consultation_set_notes (c, "Should not be stored");
  stp_consultation_set_phototype (c, 9);
  g_assert_false (stp_store_save_consultation (f->store, c, &error));
  g_assert_error (error, STP_CONSULTATION_ERROR, STP_CONSULTATION_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);

  stp_consultation_set_phototype (c, 2);
  stp_consultation_set_answer (c, "no-such-question", STP_ANSWER_YES, NULL, NULL);
  g_assert_false (stp_store_save_consultation (f->store, c, &error));
  g_assert_error (error, STP_CONSULTATION_ERROR, STP_CONSULTATION_ERROR_INVALID_CHOICE);

  back = test_get_consultation (f->store, id);
  g_assert_cmpstr (stp_consultation_get_notes (back), ==, "");
}

static void
fill_everything (StpConsultation *c)
{
  g_autoptr(StpPlan) plan = stp_plan_new ();

  stp_consultation_set_goals (c, STP_GOAL_SCAR_CAMOUFLAGE | STP_GOAL_DENSITY_FILL |
                                 STP_GOAL_REMOVAL_REFERRAL);
  stp_consultation_set_staging (c, STP_STAGING_NORWOOD, "3V");
  stp_consultation_set_areas (c, STP_AREA_CROWN | STP_AREA_DONOR_AREA | STP_AREA_TEMPLE_LEFT);
  stp_consultation_add_scar (c, STP_SCAR_FUT_STRIP, "Occipital, ear to ear", 182.5, 4);
  stp_consultation_add_scar (c, STP_SCAR_FUE, "Donor area, ~2000 dots", 0, 0);
  stp_consultation_add_scar (c, STP_SCAR_INJURY, "Linke Schläfe – Narbe", 12, 1.5);
  stp_consultation_set_phototype (c, 4);
  stp_consultation_set_hair_colour (c, "Dunkelbraun, grau meliert");
  stp_consultation_set_scalp_tone (c, "Olive, warm");
  stp_consultation_set_pigmentation (c, STP_PIGMENTATION_MODERATE);
  stp_consultation_set_hairline_style (c, STP_HAIRLINE_STYLE_SOFT);
  stp_consultation_set_hairline_position (c, "1 cm above the forehead creases");
  stp_consultation_set_hairline_notes (c, "Age 52: keep the temples recessed.\nNo widow's peak.");
  stp_consultation_add_transplant (c, "FUT", "2015-03-01", "Clínica Capilar, Madrid");
  stp_consultation_add_transplant (c, "FUE", NULL, "İstanbul Saç");
  stp_consultation_set_prior_smp (c, TRUE, "Ink & Dots Ltd", 2);
  stp_consultation_set_laser_removal (c, TRUE, "2024-01-20");
  stp_consultation_set_medication (c, "Finasteride 1 mg daily");
  stp_consultation_set_expectations (c, "Wants the strip scar invisible at a #2 guard.");
  stp_consultation_set_notes (c, "Brought photos from 1998. Très motivé. 日本語のメモ");
  stp_consultation_set_answer (c, "hair-loss-medication", STP_ANSWER_YES, NULL, "Finasteride");
  stp_consultation_set_answer (c, "laser-removal", STP_ANSWER_YES, "2024-01-20", "Two sessions");
  stp_consultation_set_answer (c, "keloid", STP_ANSWER_NO, NULL, NULL);
  stp_consultation_set_answer (c, "vitiligo", STP_ANSWER_UNKNOWN, NULL, "Unsure");

  plan->sessions = 3;
  plan->spacing_days = 10;
  plan->minutes_per_session = 210;
  plan->price_minor = 185000;
  plan->deposit_minor = 25000;
  g_free (plan->currency);
  plan->currency = g_strdup ("GBP");
  g_free (plan->pigment_shade);
  plan->pigment_shade = g_strdup ("Shade 2 – warm");
  g_free (plan->dilution);
  plan->dilution = g_strdup ("1:20");
  plan->hairline_style = STP_HAIRLINE_STYLE_SOFT;
  g_free (plan->notes);
  plan->notes = g_strdup ("First session light; scar first.");
  stp_consultation_set_plan (c, plan);
}

static void
assert_same_content (StpConsultation *a,
                     StpConsultation *b)
{
  GPtrArray *sa = stp_consultation_get_scars (a);
  GPtrArray *sb = stp_consultation_get_scars (b);
  GPtrArray *ta = stp_consultation_get_transplants (a);
  GPtrArray *tb = stp_consultation_get_transplants (b);

  g_assert_cmpint (stp_consultation_get_consultant_id (a), ==,
                   stp_consultation_get_consultant_id (b));
  g_assert_cmpstr (stp_consultation_get_date (a), ==, stp_consultation_get_date (b));
  g_assert_cmpuint (stp_consultation_get_goals (a), ==, stp_consultation_get_goals (b));
  g_assert_cmpint (stp_consultation_get_staging_scale (a), ==,
                   stp_consultation_get_staging_scale (b));
  g_assert_cmpstr (stp_consultation_get_staging_stage (a), ==,
                   stp_consultation_get_staging_stage (b));
  g_assert_cmpuint (stp_consultation_get_areas (a), ==, stp_consultation_get_areas (b));
  g_assert_cmpuint (sa->len, ==, sb->len);
  for (guint i = 0; i < sa->len; i++)
    {
      StpScar *x = sa->pdata[i], *y = sb->pdata[i];
      g_assert_cmpint (x->kind, ==, y->kind);
      g_assert_cmpstr (x->location, ==, y->location);
      g_assert_cmpfloat (x->length_mm, ==, y->length_mm);
      g_assert_cmpfloat (x->width_mm, ==, y->width_mm);
    }
  g_assert_cmpuint (stp_consultation_get_phototype (a), ==, stp_consultation_get_phototype (b));
  g_assert_cmpstr (stp_consultation_get_hair_colour (a), ==,
                   stp_consultation_get_hair_colour (b));
  g_assert_cmpstr (stp_consultation_get_scalp_tone (a), ==, stp_consultation_get_scalp_tone (b));
  g_assert_cmpint (stp_consultation_get_pigmentation (a), ==,
                   stp_consultation_get_pigmentation (b));
  g_assert_cmpint (stp_consultation_get_hairline_style (a), ==,
                   stp_consultation_get_hairline_style (b));
  g_assert_cmpstr (stp_consultation_get_hairline_position (a), ==,
                   stp_consultation_get_hairline_position (b));
  g_assert_cmpstr (stp_consultation_get_hairline_notes (a), ==,
                   stp_consultation_get_hairline_notes (b));
  g_assert_cmpuint (ta->len, ==, tb->len);
  for (guint i = 0; i < ta->len; i++)
    {
      StpTransplant *x = ta->pdata[i], *y = tb->pdata[i];
      g_assert_cmpstr (x->kind, ==, y->kind);
      g_assert_cmpstr (x->date, ==, y->date);
      g_assert_cmpstr (x->clinic, ==, y->clinic);
    }
  g_assert_cmpint (stp_consultation_get_prior_smp (a), ==, stp_consultation_get_prior_smp (b));
  g_assert_cmpstr (stp_consultation_get_prior_smp_provider (a), ==,
                   stp_consultation_get_prior_smp_provider (b));
  g_assert_cmpuint (stp_consultation_get_prior_smp_satisfaction (a), ==,
                    stp_consultation_get_prior_smp_satisfaction (b));
  g_assert_cmpint (stp_consultation_get_laser_removal (a), ==,
                   stp_consultation_get_laser_removal (b));
  g_assert_cmpstr (stp_consultation_get_laser_last_date (a), ==,
                   stp_consultation_get_laser_last_date (b));
  g_assert_cmpstr (stp_consultation_get_medication (a), ==, stp_consultation_get_medication (b));
  g_assert_cmpstr (stp_consultation_get_expectations (a), ==,
                   stp_consultation_get_expectations (b));
  g_assert_cmpstr (stp_consultation_get_notes (a), ==, stp_consultation_get_notes (b));
  g_assert_cmpuint (stp_consultation_get_answers (a)->len, ==,
                    stp_consultation_get_answers (b)->len);
  for (guint i = 0; i < stp_consultation_get_answers (a)->len; i++)
    {
      StpAnswer *x = stp_consultation_get_answers (a)->pdata[i];
      const StpAnswer *y = stp_consultation_get_answer (b, x->key);
      g_assert_nonnull (y);
      g_assert_cmpint (x->value, ==, y->value);
      g_assert_cmpstr (x->date, ==, y->date);
      g_assert_cmpstr (x->note, ==, y->note);
    }
  g_assert_true (stp_plan_equal (stp_consultation_get_plan (a), stp_consultation_get_plan (b)));
}

static void
changed_count_cb (StpStore *store,
                  int       entity,
                  gint64    id,
                  int       kind,
                  guint    *count)
{
  if (entity == STP_ENTITY_CONSULTATION)
    (*count)++;
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpConsultation) c = NULL;
  g_autoptr(StpConsultation) back = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  StpAuditEntry *entry;
  guint signals = 0;
  gint64 id;

  g_signal_connect (f->store, "changed", G_CALLBACK (changed_count_cb), &signals);
  id = test_add_consultation (f->store, f->client, f->consultant, "2024-06-15");
  g_assert_cmpuint (signals, ==, 1);

  c = test_get_consultation (f->store, id);
  g_assert_cmpint (stp_consultation_get_status (c), ==, STP_CONSULTATION_STATUS_DRAFT);
  g_assert_cmpint (stp_consultation_get_client_id (c), ==, f->client);
  g_assert_cmpuint (stp_consultation_get_version (c), ==, 1);
  g_assert_cmpint (stp_consultation_get_created_at (c), >, 0);
  fill_everything (c);
  test_save (f->store, c);
  g_assert_cmpuint (signals, ==, 2);

  /* Saving an unchanged draft writes nothing. */
  test_save (f->store, c);
  g_assert_cmpuint (signals, ==, 2);

  back = test_get_consultation (f->store, id);
  assert_same_content (c, back);
  g_assert_cmpuint (stp_consultation_get_scars (back)->len, ==, 3);
  g_assert_cmpuint (stp_consultation_get_transplants (back)->len, ==, 2);

  /* The audit names the changed fields, never their values. */
  audit = stp_store_list_audit (f->store, "consultation", id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 2);
  entry = audit->pdata[0];
  g_assert_cmpstr (entry->action, ==, "update");
  g_assert_cmpstr (entry->fields, ==, "goals,staging,areas,scars,phototype,hair_colour,"
                   "scalp_tone,pigmentation,hairline,transplants,prior_smp,laser,medication,"
                   "expectations,notes,answers,plan");
  g_assert_null (strstr (entry->fields, "Finasteride"));

  /* One field changed: one field named; removing a scar is a change of scars. */
  stp_consultation_remove_scar (back, 1);
  test_save (f->store, back);
  g_clear_pointer (&audit, g_ptr_array_unref);
  audit = stp_store_list_audit (f->store, "consultation", id, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((StpAuditEntry *)audit->pdata[0])->fields, ==, "scars");
  g_clear_object (&c);
  c = test_get_consultation (f->store, id);
  g_assert_cmpuint (stp_consultation_get_scars (c)->len, ==, 2);
  g_assert_cmpstr (((StpScar *)stp_consultation_get_scars (c)->pdata[1])->location, ==,
                   "Linke Schläfe – Narbe");

  g_signal_handlers_disconnect_by_func (f->store, changed_count_cb, &signals);
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 other = test_add_client (f->store, "Bob", "Baker", NULL, NULL, NULL);
  gint64 first = test_add_consultation (f->store, f->client, f->consultant, "2021-02-01");
  gint64 latest = test_add_consultation (f->store, f->client, f->consultant, "2024-05-01");
  gint64 middle = test_add_consultation (f->store, f->client, f->consultant, "2023-09-09");

  test_add_consultation (f->store, other, f->consultant, "2024-06-01");

  list = stp_store_list_consultations (f->store, f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpint (stp_consultation_get_id (list->pdata[0]), ==, latest);
  g_assert_cmpint (stp_consultation_get_id (list->pdata[1]), ==, middle);
  g_assert_cmpint (stp_consultation_get_id (list->pdata[2]), ==, first);
  for (guint i = 0; i < list->len; i++)
    g_assert_cmpint (stp_consultation_get_status (list->pdata[i]), ==,
                     STP_CONSULTATION_STATUS_DRAFT);

  g_clear_pointer (&list, g_ptr_array_unref);
  list = stp_store_list_consultations (f->store, 424242, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);

  g_assert_cmpint (stp_store_create_consultation (f->store, 424242, f->consultant, NULL,
                                                  &error), ==, 0);
  g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND);
}

static void
test_complete_and_amend (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpConsultation) c = NULL;
  g_autoptr(StpConsultation) old = NULL;
  g_autoptr(StpConsultation) amended = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 id = test_add_consultation (f->store, f->client, f->consultant, "2024-06-15");
  gint64 new_id;

  c = test_get_consultation (f->store, id);
  fill_everything (c);
  test_save (f->store, c);

  /* Not every question is answered yet. */
  g_assert_false (stp_store_complete_consultation (f->store, id, &error));
  g_assert_error (error, STP_CONSULTATION_ERROR, STP_CONSULTATION_ERROR_REQUIRED);
  g_clear_error (&error);

  /* Amending a draft makes no sense. */
  g_assert_cmpint (stp_store_amend_consultation (f->store, id, &error), ==, 0);
  g_assert_error (error, STP_CONSULTATION_ERROR, STP_CONSULTATION_ERROR_READ_ONLY);
  g_clear_error (&error);

  test_fill_required (f->store, c);
  test_save (f->store, c);
  g_assert_true (stp_store_complete_consultation (f->store, id, &error));
  g_assert_no_error (error);

  /* A complete consultation is read-only. */
  stp_consultation_set_notes (c, "Changed after completion");
  g_assert_false (stp_store_save_consultation (f->store, c, &error));
  g_assert_error (error, STP_CONSULTATION_ERROR, STP_CONSULTATION_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (stp_store_complete_consultation (f->store, id, &error));
  g_assert_error (error, STP_CONSULTATION_ERROR, STP_CONSULTATION_ERROR_READ_ONLY);
  g_clear_error (&error);

  new_id = stp_store_amend_consultation (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (new_id, >, id);

  old = test_get_consultation (f->store, id);
  amended = test_get_consultation (f->store, new_id);
  g_assert_cmpint (stp_consultation_get_status (old), ==, STP_CONSULTATION_STATUS_AMENDED);
  g_assert_cmpint (stp_consultation_get_superseded_by (old), ==, new_id);
  g_assert_cmpint (stp_consultation_get_status (amended), ==, STP_CONSULTATION_STATUS_DRAFT);
  g_assert_cmpuint (stp_consultation_get_version (amended), ==, 2);
  g_assert_cmpint (stp_consultation_get_amends_id (amended), ==, id);
  assert_same_content (old, amended);
  g_assert_cmpstr (stp_consultation_get_notes (old), ==,
                   "Brought photos from 1998. Très motivé. 日本語のメモ");

  /* The new version is editable; the old one keeps what it said. */
  stp_consultation_set_notes (amended, "Amended: scar longer than measured.");
  test_save (f->store, amended);
  g_clear_object (&old);
  old = test_get_consultation (f->store, id);
  g_assert_cmpstr (stp_consultation_get_notes (old), ==,
                   "Brought photos from 1998. Très motivé. 日本語のメモ");
  g_assert_cmpint (stp_store_amend_consultation (f->store, id, &error), ==, 0);
  g_assert_error (error, STP_CONSULTATION_ERROR, STP_CONSULTATION_ERROR_READ_ONLY);
  g_clear_error (&error);

  list = stp_store_list_consultations (f->store, f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (stp_consultation_get_id (list->pdata[0]), ==, new_id);
}

/* A save that fails half-way (a refusal injected after the row and some scars were
 * written) leaves the draft exactly as it was. */
static void
test_atomic_save (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpConsultation) c = NULL;
  g_autoptr(StpConsultation) back = NULL;
  g_autofree char *db_path = test_db_path (f->data_dir);
  gint64 id = test_add_consultation (f->store, f->client, f->consultant, "2024-06-15");
  sqlite3 *raw;

  c = test_get_consultation (f->store, id);
  fill_everything (c);
  test_save (f->store, c);

  raw = test_raw_open (db_path, SQLITE_OPEN_READWRITE);
  test_raw_exec (raw, "CREATE TRIGGER test_refuse_scar BEFORE INSERT ON consultation_scar "
                      "WHEN new.location = 'REFUSE ME' BEGIN "
                      "SELECT RAISE (ABORT, 'injected failure'); END");
  sqlite3_close (raw);

  stp_consultation_set_notes (c, "New notes that must not stay");
  stp_consultation_set_phototype (c, 6);
  stp_consultation_remove_scar (c, 0);
  stp_consultation_add_scar (c, STP_SCAR_SURGICAL, "REFUSE ME", 5, 1);
  stp_consultation_add_scar (c, STP_SCAR_OTHER, "after the refused one", 5, 1);
  stp_consultation_set_answer (c, "keloid", STP_ANSWER_YES, NULL, NULL);
  g_assert_false (stp_store_save_consultation (f->store, c, &error));
  g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_CONSTRAINT);

  back = test_get_consultation (f->store, id);
  g_assert_cmpstr (stp_consultation_get_notes (back), ==,
                   "Brought photos from 1998. Très motivé. 日本語のメモ");
  g_assert_cmpuint (stp_consultation_get_phototype (back), ==, 4);
  g_assert_cmpuint (stp_consultation_get_scars (back)->len, ==, 3);
  g_assert_cmpint (stp_consultation_get_answer (back, "keloid")->value, ==, STP_ANSWER_NO);
  g_assert_true (stp_plan_equal (stp_consultation_get_plan (back),
                                 stp_consultation_get_plan (c)));

  /* The schema's own CHECK catches what validation would (a bypass through raw SQL). */
  raw = test_raw_open (db_path, SQLITE_OPEN_READWRITE);
  g_assert_cmpint (test_raw_try_exec (raw, "UPDATE consultation_scar SET length_mm = -3"), ==,
                   SQLITE_CONSTRAINT);
  g_assert_cmpint (test_raw_try_exec (raw, "UPDATE consultation SET staging_stage = 'II' "
                                           "WHERE staging_scale = 'norwood'"), ==,
                   SQLITE_CONSTRAINT);
  sqlite3_close (raw);
}

/* Every row of a consultation goes with its client, and no byte of it stays on disk. */
static void
test_erase (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpConsultation) c = NULL;
  g_autoptr(StpConsentSignature) sig = NULL;
  g_autoptr(StpConsentText) text = NULL;
  g_autofree char *db = test_db_path (f->data_dir);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  static const char *tables[] = {
    "consultation", "consultation_goal", "consultation_area", "consultation_scar",
    "consultation_transplant", "screening_answer", "screening_clearance", "consultation_plan",
    "consent_signature",
  };
  gint64 keep = test_add_client (f->store, "Kept", "Client", NULL, NULL, NULL);
  gint64 kept_consultation = test_add_consultation (f->store, keep, f->consultant, NULL);
  gint64 id = test_add_consultation (f->store, f->client, f->consultant, "2024-06-15");
  sqlite3 *raw;

  c = test_get_consultation (f->store, id);
  fill_everything (c);
  stp_consultation_set_notes (c, "Xylofrumptious wants the Xylofrumptious look.");
  stp_consultation_add_scar (c, STP_SCAR_OTHER, "Qwibblestone ridge", 3, 1);
  stp_consultation_set_answer (c, "bleeding", STP_ANSWER_YES, NULL, "Takes Zorvanex daily");
  test_save (f->store, c);
  g_assert_cmpint (stp_store_record_clearance (f->store, id, "bleeding", f->consultant,
                                               "GP letter Plinkertaw", &error), >, 0);
  g_assert_no_error (error);
  text = stp_store_get_current_consent_text (f->store, &error);
  g_assert_no_error (error);
  sig = test_signature_new (id, text->id);
  g_free (sig->signer_name);
  sig->signer_name = g_strdup ("GRIMBLEWORTH");
  g_assert_cmpint (stp_store_sign_consent (f->store, sig, &error), >, 0);
  g_assert_no_error (error);

  /* The test can see the words before the erase (otherwise it proves nothing). */
  {
    gsize db_len = 0, wal_len = 0;
    g_autofree char *db_bytes = test_read_file (db, &db_len);
    g_autofree char *wal_bytes = test_read_file (wal, &wal_len);

    g_assert_true (test_memcasemem (db_bytes, db_len, "Xylofrumptious") ||
                   test_memcasemem (wal_bytes, wal_len, "Xylofrumptious"));
  }
  g_assert_true (stp_store_erase_client (f->store, f->client, &error));
  g_assert_no_error (error);

  raw = test_raw_open (db, SQLITE_OPEN_READONLY);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE %s = %"
                                              G_GINT64_FORMAT, tables[i],
                                              i == 0 ? "client_id" : "consultation_id",
                                              i == 0 ? f->client : id);
      g_assert_cmpint (test_raw_int (raw, sql), ==, 0);
    }
  g_assert_cmpint (test_raw_int (raw, "SELECT count(*) FROM consultation"), ==, 1);
  g_assert_cmpint (test_raw_int (raw, "SELECT count(*) FROM consultation_plan"), ==, 1);
  g_assert_cmpint (test_raw_int (raw, "SELECT count(*) FROM consent_text"), ==, 1);
  sqlite3_close (raw);
  g_clear_object (&c);
  c = test_get_consultation (f->store, kept_consultation);

  g_assert_finalize_object (g_steal_pointer (&f->store));
  for (guint round = 0; round < 2; round++)
    {
      const char *paths[] = { db, wal };

      for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
        {
          gsize len = 0;
          g_autofree char *bytes = test_read_file (paths[i], &len);
          const char *needles[] = {
            "Xylofrumptious", "Qwibblestone", "Zorvanex", "Plinkertaw", "GRIMBLEWORTH",
            "Ink & Dots", "Capilar",
          };

          for (guint n = 0; bytes != NULL && n < G_N_ELEMENTS (needles); n++)
            if (test_memcasemem (bytes, len, needles[n]))
              g_error ("\"%s\" is still in %s after the erase", needles[n], paths[i]);
        }
      f->store = test_open_store (f->data_dir);
      if (round == 0)
        g_assert_finalize_object (g_steal_pointer (&f->store));
    }
}

static void
test_money (void)
{
  g_autofree char *eur = NULL;
  g_autofree char *jpy = NULL;
  g_autofree char *kwd = NULL;
  g_autofree char *zero = NULL;

  /* Tests run in the C locale (the only one guaranteed on a build machine): no grouping,
   * a dot, and the ISO code since the C locale has no currency of its own. */
  g_assert_cmpuint (stp_currency_get_digits ("EUR"), ==, 2);
  g_assert_cmpuint (stp_currency_get_digits ("JPY"), ==, 0);
  g_assert_cmpuint (stp_currency_get_digits ("KWD"), ==, 3);
  eur = stp_money_format (185050, "EUR");
  jpy = stp_money_format (150000, "JPY");
  kwd = stp_money_format (12345, "KWD");
  zero = stp_money_format (0, "GBP");
  g_assert_cmpstr (eur, ==, "1850.50 EUR");
  g_assert_cmpstr (jpy, ==, "150000 JPY");
  g_assert_cmpstr (kwd, ==, "12.345 KWD");
  g_assert_cmpstr (zero, ==, "0.00 GBP");
}

/* Builds a locale from the C library's sources into dir (no root needed), so the test
 * does not depend on which locales the machine has generated. */
static gboolean
compile_locale (const char *dir,
                const char *name,
                const char *source)
{
  g_autofree char *out = g_build_filename (dir, name, NULL);
  const char *argv[] = { "localedef", "-i", source, "-f", "UTF-8", out, NULL };
  g_autoptr (GError) error = NULL;
  int status = -1;

  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                     G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error))
    return FALSE;
  return g_spawn_check_wait_status (status, NULL);
}

/* Prices follow the clinic's locale: German grouping and comma with the euro sign after
 * the amount, British pounds before it; a foreign currency keeps its ISO code. */
static void
test_money_locale (void)
{
  g_autofree char *dir = g_dir_make_tmp ("stipple-locale-XXXXXX", NULL);
  g_autofree char *eur = NULL;
  g_autofree char *usd = NULL;
  g_autofree char *gbp = NULL;

  g_assert_nonnull (dir);
  if (!compile_locale (dir, "de_DE.UTF-8", "de_DE") ||
      !compile_locale (dir, "en_GB.UTF-8", "en_GB"))
    {
      test_rm_rf (dir);
      g_test_skip ("localedef and the C library's locale sources (Debian: locales) are "
                   "needed to build test locales");
      return;
    }
  g_setenv ("LOCPATH", dir, TRUE);

  g_assert_nonnull (setlocale (LC_MONETARY, "de_DE.UTF-8"));
  eur = stp_money_format (185050, "EUR");
  usd = stp_money_format (185050, "USD");
  g_assert_cmpstr (eur, ==, "1.850,50 €");
  g_assert_cmpstr (usd, ==, "1.850,50 USD");

  g_assert_nonnull (setlocale (LC_MONETARY, "en_GB.UTF-8"));
  gbp = stp_money_format (185050, "GBP");
  g_assert_cmpstr (gbp, ==, "£1,850.50");

  setlocale (LC_MONETARY, "C");
  g_unsetenv ("LOCPATH");
  test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

  g_test_add_func ("/consultation/validate", test_validate);
  g_test_add_func ("/consultation/money", test_money);
  g_test_add_func ("/consultation/money/locale", test_money_locale);
  ADD ("/consultation/save-refuses-invalid", test_save_refuses_invalid);
  ADD ("/consultation/round-trip", test_round_trip);
  ADD ("/consultation/list", test_list);
  ADD ("/consultation/complete-and-amend", test_complete_and_amend);
  ADD ("/consultation/atomic-save", test_atomic_save);
  ADD ("/consultation/erase", test_erase);

  return g_test_run ();
}
