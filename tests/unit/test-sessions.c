/* test-sessions.c: treatment plans and the session log in the store: round trips, prefill,
 * the expired-lot acknowledgement, corrections with history, atomic saves, remembered
 * lots, the timeline and referrals.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>

#include "test-session-util.h"

typedef struct
{
  char      *tmp;
  char      *db_path;
  StpStore  *store;
  sqlite3   *raw;
  gint64     client;
  gint64     anna;
  gint64     ben;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->tmp = test_make_tmp ();
  f->store = test_open_store (f->tmp);
  f->db_path = test_db_path (f->tmp);
  f->raw = test_raw_open (f->db_path, SQLITE_OPEN_READWRITE);
  f->client = test_add_client (f->store, "Zoë", "Müller", "+44 20 7946 0000",
                               "zoe@example.org", NULL);
  f->anna = test_add_staff (f->store, "Anna Practitioner");
  f->ben = test_add_staff (f->store, "Ben Senior");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sqlite3_close (f->raw);
  g_clear_object (&f->store);
  test_rm_rf (f->tmp);
  g_free (f->tmp);
  g_free (f->db_path);
}

static gint64
count (Fixture    *f,
       const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  return test_raw_int (f->raw, sql);
}

static StpTreatmentSession *
get_session (Fixture *f,
             gint64   id)
{
  g_autoptr(GError) error = NULL;
  StpTreatmentSession *s = stp_store_get_session (f->store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (s);
  return s;
}

/* A session with every field filled, as a practitioner would log it. */
static StpTreatmentSession *
full_session (Fixture *f,
              gint64   started_at)
{
  StpTreatmentSession *s = test_session_new (f->client, f->anna, started_at, "PG-1001", "ND-77");

  s->kind = STP_SESSION_KIND_BUILD_UP;
  s->duration_minutes = 150;
  s->areas = STP_AREA_TEMPLE_LEFT | STP_AREA_TEMPLE_RIGHT | STP_AREA_MID_SCALP;
  g_ptr_array_add (s->pigments, stp_session_pigment_new ("Inkredible", "Slate 5", "1:10",
                                                         "PG-2002", "2098-06-30"));
  g_ptr_array_add (s->needles, stp_session_needle_new ("1RL", 0.18, "", "ND-88",
                                                       "2097-01-01"));
  g_free (s->depth);
  s->depth = g_strdup ("upper dermis, 1 mm");
  g_free (s->angle);
  s->angle = g_strdup ("90°");
  g_free (s->spacing);
  s->spacing = g_strdup ("0.5 mm");
  g_free (s->machine_model);
  s->machine_model = g_strdup ("Orion Pen");
  s->stroke_mm = 3.5;
  s->voltage = 8.2;
  s->speed_hz = 120;
  s->pain = 4;
  s->bleeding = STP_REACTION_MILD;
  s->redness = STP_REACTION_MODERATE;
  s->swelling = STP_REACTION_NONE;
  g_free (s->notes);
  s->notes = g_strdup ("Client, \"calm\";\nno breaks.");
  return s;
}

/* Validation */

static void
expect_invalid (StpTreatmentSession *s,
                int                  code,
                StpSessionField      expected_field)
{
  g_autoptr(GError) error = NULL;
  StpSessionField field = STP_SESSION_FIELD_NONE;

  g_assert_false (stp_treatment_session_validate (s, &field, &error));
  g_assert_error (error, STP_SESSION_ERROR, code);
  g_assert_cmpint (field, ==, expected_field);
  g_assert_cmpuint (strlen (error->message), >, 10);
}

static void
test_validate (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(StpTreatmentSession) s = full_session (f, test_local_time (2026, 3, 1, 10, 0));
  StpSessionPigment *p = s->pigments->pdata[0];
  StpSessionNeedle *n = s->needles->pdata[0];
  g_autoptr(GError) error = NULL;

  g_assert_true (stp_treatment_session_validate (s, NULL, &error));
  g_assert_no_error (error);

  s->pain = 11;
  expect_invalid (s, STP_SESSION_ERROR_OUT_OF_RANGE, STP_SESSION_FIELD_PAIN);
  s->pain = 10;

  g_free (p->dilution);
  p->dilution = g_strdup ("1-20");
  expect_invalid (s, STP_SESSION_ERROR_DILUTION_INVALID, STP_SESSION_FIELD_PIGMENTS);
  g_free (p->dilution);
  p->dilution = g_strdup ("1:20");

  g_free (p->lot);
  p->lot = g_strdup ("AB\t12");
  expect_invalid (s, STP_SESSION_ERROR_LOT_INVALID, STP_SESSION_FIELD_PIGMENTS);
  g_free (p->lot);
  p->lot = g_strdup ("  ");
  expect_invalid (s, STP_SESSION_ERROR_REQUIRED, STP_SESSION_FIELD_PIGMENTS);
  g_free (p->lot);
  p->lot = g_strdup ("PG-1001");

  g_free (p->expiry);
  p->expiry = g_strdup ("2026-02-30");
  expect_invalid (s, STP_SESSION_ERROR_DATE_INVALID, STP_SESSION_FIELD_PIGMENTS);
  g_free (p->expiry);
  p->expiry = g_strdup ("2099-01-01");

  n->diameter_mm = 2.0;
  expect_invalid (s, STP_SESSION_ERROR_OUT_OF_RANGE, STP_SESSION_FIELD_NEEDLES);
  n->diameter_mm = 0.25;

  s->areas = 0;
  expect_invalid (s, STP_SESSION_ERROR_REQUIRED, STP_SESSION_FIELD_AREAS);
  s->areas = STP_AREA_CROWN;

  s->practitioner_id = 0;
  expect_invalid (s, STP_SESSION_ERROR_REQUIRED, STP_SESSION_FIELD_PRACTITIONER);
  s->practitioner_id = f->anna;

  g_ptr_array_set_size (s->pigments, 0);
  expect_invalid (s, STP_SESSION_ERROR_REQUIRED, STP_SESSION_FIELD_PIGMENTS);

  g_assert_true (stp_dilution_is_valid (""));
  g_assert_true (stp_dilution_is_valid ("1:20"));
  g_assert_false (stp_dilution_is_valid ("0:20"));
  g_assert_false (stp_dilution_is_valid (":20"));
  g_assert_false (stp_dilution_is_valid ("1:"));
  g_assert_false (stp_dilution_is_valid ("a:b"));
}

/* Round trip */

static void
assert_same_content (const StpTreatmentSession *a,
                     const StpTreatmentSession *b)
{
  g_autofree char *diff = stp_treatment_session_diff_fields (a, b);
  g_assert_cmpstr (diff, ==, "");
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  gint64 when = test_local_time (2026, 3, 1, 10, 30);
  g_autoptr(StpTreatmentSession) s = full_session (f, when);
  g_autoptr(StpTreatmentSession) back = NULL;
  gint64 before = test_raw_photo (f->raw, f->client, "front", when - 60);
  gint64 after = test_raw_photo (f->raw, f->client, "front", when + 9000);
  gint64 sketch = test_raw_sketch (f->raw, f->client, "Consultation hairline", when - 86400);
  StpSessionPhoto photos[] = { { before, STP_PHOTO_ROLE_BEFORE },
                               { after, STP_PHOTO_ROLE_AFTER } };
  gint64 id;

  g_array_append_vals (s->photos, photos, 2);
  s->sketch_version_id = sketch;
  g_assert_cmpint (test_raw_int (f->raw, "SELECT count(*) FROM sketch_version "
                                 "WHERE locked_at IS NOT NULL"), ==, 0);
  stp_store_set_actor (f->store, f->anna);
  id = test_log (f->store, s);

  back = get_session (f, id);
  assert_same_content (s, back);
  g_assert_cmpint (back->client_id, ==, f->client);
  g_assert_cmpint (back->started_at, ==, when);
  g_assert_cmpuint (back->duration_minutes, ==, 150);
  g_assert_cmpuint (back->areas, ==, STP_AREA_TEMPLE_LEFT | STP_AREA_TEMPLE_RIGHT |
                                     STP_AREA_MID_SCALP);
  g_assert_cmpuint (back->pigments->len, ==, 2);
  g_assert_cmpstr (((StpSessionPigment *)back->pigments->pdata[1])->shade, ==, "Slate 5");
  g_assert_cmpstr (((StpSessionPigment *)back->pigments->pdata[1])->dilution, ==, "1:10");
  g_assert_cmpuint (back->needles->len, ==, 2);
  g_assert_cmpfloat (((StpSessionNeedle *)back->needles->pdata[1])->diameter_mm, ==, 0.18);
  g_assert_cmpstr (back->notes, ==, "Client, \"calm\";\nno breaks.");
  g_assert_cmpint (back->pain, ==, 4);
  g_assert_cmpint (back->redness, ==, STP_REACTION_MODERATE);
  g_assert_cmpuint (back->photos->len, ==, 2);
  g_assert_cmpint (g_array_index (back->photos, StpSessionPhoto, 1).role, ==,
                   STP_PHOTO_ROLE_AFTER);
  g_assert_cmpint (back->created_by, ==, f->anna);
  g_assert_cmpuint (back->revision, ==, 1);
  g_assert_null (back->expired_ack_lots);

  /* The lots are remembered once per product and lot; the sketch followed is locked. */
  g_assert_cmpint (count (f, "pigment_lot"), ==, 2);
  g_assert_cmpint (count (f, "needle_lot"), ==, 2);
  g_assert_cmpint (test_raw_int (f->raw, "SELECT count(*) FROM sketch_version "
                                 "WHERE locked_at IS NOT NULL"), ==, 1);

  /* A second session with the same lots adds no remembered lot. */
  {
    g_autoptr(StpTreatmentSession) again = full_session (f, when + 14 * 86400);
    test_log (f->store, again);
    g_assert_cmpint (count (f, "pigment_lot"), ==, 2);
    g_assert_cmpint (count (f, "needle_lot"), ==, 2);
  }
}

static void
test_photo_of_other_client (Fixture       *f,
                            gconstpointer  data)
{
  gint64 other = test_add_client (f->store, "Other", "Person", NULL, NULL, NULL);
  gint64 when = test_local_time (2026, 3, 1, 10, 30);
  g_autoptr(StpTreatmentSession) s = full_session (f, when);
  StpSessionPhoto photo = { test_raw_photo (f->raw, other, "top", when), STP_PHOTO_ROLE_BEFORE };
  g_autoptr(GError) error = NULL;

  g_array_append_val (s->photos, photo);
  g_assert_cmpint (stp_store_log_session (f->store, s, 0, &error), ==, 0);
  g_assert_error (error, STP_SESSION_ERROR, STP_SESSION_ERROR_INVALID_CHOICE);
  g_assert_cmpint (count (f, "treatment_session"), ==, 0);
  g_assert_cmpint (count (f, "pigment_lot"), ==, 0);
}

/* Prefill */

static void
test_prefill (Fixture       *f,
              gconstpointer  data)
{
  gint64 when = test_local_time (2026, 3, 1, 10, 30);
  g_autoptr(StpTreatmentSession) first = full_session (f, when);
  g_autoptr(StpTreatmentSession) fresh = NULL;
  g_autoptr(GError) error = NULL;
  StpSessionPhoto photo = { test_raw_photo (f->raw, f->client, "front", when),
                            STP_PHOTO_ROLE_BEFORE };
  gint64 sketch = test_raw_sketch (f->raw, f->client, "Hairline", when - 100);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_array_append_val (first->photos, photo);
  first->sketch_version_id = sketch;
  test_log (f->store, first);

  fresh = stp_store_prefill_session (f->store, f->client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fresh);

  /* Carried over: who, where, with what, how. */
  g_assert_cmpint (fresh->id, ==, 0);
  g_assert_cmpint (fresh->client_id, ==, f->client);
  g_assert_cmpint (fresh->kind, ==, STP_SESSION_KIND_REFINEMENT);   /* after a build-up */
  g_assert_cmpint (fresh->practitioner_id, ==, f->anna);
  g_assert_cmpuint (fresh->areas, ==, first->areas);
  g_assert_cmpuint (fresh->pigments->len, ==, 2);
  g_assert_cmpstr (((StpSessionPigment *)fresh->pigments->pdata[0])->lot, ==, "PG-1001");
  g_assert_cmpstr (((StpSessionPigment *)fresh->pigments->pdata[1])->dilution, ==, "1:10");
  g_assert_cmpstr (((StpSessionPigment *)fresh->pigments->pdata[1])->expiry, ==,
                   "2098-06-30");
  g_assert_cmpuint (fresh->needles->len, ==, 2);
  g_assert_cmpstr (((StpSessionNeedle *)fresh->needles->pdata[1])->configuration, ==, "1RL");
  g_assert_cmpstr (fresh->machine_model, ==, "Orion Pen");
  g_assert_cmpfloat (fresh->stroke_mm, ==, 3.5);
  g_assert_cmpfloat (fresh->voltage, ==, 8.2);
  g_assert_cmpuint (fresh->speed_hz, ==, 120);
  g_assert_cmpstr (fresh->depth, ==, "upper dermis, 1 mm");
  g_assert_cmpstr (fresh->angle, ==, "90°");
  g_assert_cmpstr (fresh->spacing, ==, "0.5 mm");
  g_assert_cmpint (fresh->sketch_version_id, ==, sketch);

  /* Fresh: what happened on the day. */
  g_assert_cmpint (fresh->started_at, >=, now);
  g_assert_cmpint (fresh->started_at, <=, now + 5);
  g_assert_cmpuint (fresh->duration_minutes, ==, 0);
  g_assert_cmpuint (fresh->photos->len, ==, 0);
  g_assert_cmpint (fresh->pain, ==, -1);
  g_assert_cmpint (fresh->bleeding, ==, STP_REACTION_UNKNOWN);
  g_assert_cmpint (fresh->redness, ==, STP_REACTION_UNKNOWN);
  g_assert_cmpint (fresh->swelling, ==, STP_REACTION_UNKNOWN);
  g_assert_cmpstr (fresh->notes, ==, "");
  g_assert_null (fresh->expired_ack_lots);
}

static void
test_prefill_first (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(StpTreatmentPlan) plan = stp_treatment_plan_new ();
  g_autoptr(StpTreatmentSession) fresh = NULL;
  g_autoptr(GError) error = NULL;
  gint64 plan_id;

  plan->client_id = f->client;
  plan_id = stp_store_create_plan (f->store, plan, &error);
  g_assert_no_error (error);
  stp_store_set_actor (f->store, f->ben);

  fresh = stp_store_prefill_session (f->store, f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fresh->kind, ==, STP_SESSION_KIND_INITIAL);
  g_assert_cmpint (fresh->plan_id, ==, plan_id);
  g_assert_cmpint (fresh->practitioner_id, ==, f->ben);
  g_assert_cmpuint (fresh->pigments->len, ==, 0);
  g_assert_cmpuint (fresh->areas, ==, 0);

  /* A cancelled session is not a source for the next one. */
  {
    g_autoptr(StpTreatmentSession) s = full_session (f, test_local_time (2026, 1, 5, 9, 0));
    g_autoptr(StpTreatmentSession) again = NULL;
    gint64 id = test_log (f->store, s);

    g_assert_true (stp_store_cancel_session (f->store, id, "Logged for the wrong client",
                                             &error));
    g_assert_no_error (error);
    again = stp_store_prefill_session (f->store, f->client, &error);
    g_assert_no_error (error);
    g_assert_cmpint (again->kind, ==, STP_SESSION_KIND_INITIAL);
    g_assert_cmpuint (again->pigments->len, ==, 0);
  }
}

/* Expired lots */

static void
test_expired_needs_ack (Fixture       *f,
                        gconstpointer  data)
{
  gint64 when = test_local_time (2026, 3, 1, 10, 30);
  g_autoptr(StpTreatmentSession) s = full_session (f, when);
  g_autoptr(StpTreatmentSession) back = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GError) error = NULL;
  StpSessionPigment *p = s->pigments->pdata[1];
  StpSessionNeedle *n = s->needles->pdata[0];
  gint64 before_ack, id;

  /* Expiring on the session day is still good that day. */
  g_free (p->expiry);
  p->expiry = g_strdup ("2026-03-01");
  g_assert_null (stp_treatment_session_describe_expired (s));

  g_free (p->expiry);
  p->expiry = g_strdup ("2026-02-28");
  g_free (n->expiry);
  n->expiry = g_strdup ("2025-12-31");

  g_assert_cmpint (stp_store_log_session (f->store, s, 0, &error), ==, 0);
  g_assert_error (error, STP_SESSION_ERROR, STP_SESSION_ERROR_EXPIRED_LOT);
  g_assert_nonnull (strstr (error->message, "PG-2002"));
  g_assert_nonnull (strstr (error->message, "ND-77"));
  g_clear_error (&error);
  g_assert_cmpint (count (f, "treatment_session"), ==, 0);
  g_assert_cmpint (count (f, "pigment_lot"), ==, 0);

  stp_store_set_actor (f->store, f->anna);
  before_ack = g_get_real_time () / G_USEC_PER_SEC;
  id = stp_store_log_session (f->store, s, f->ben, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  back = get_session (f, id);
  g_assert_cmpint (back->expired_ack_by, ==, f->ben);
  g_assert_cmpint (back->expired_ack_at, >=, before_ack);
  g_assert_nonnull (back->expired_ack_lots);
  g_assert_nonnull (strstr (back->expired_ack_lots, "PG-2002"));
  g_assert_nonnull (strstr (back->expired_ack_lots, "2026-02-28"));
  g_assert_nonnull (strstr (back->expired_ack_lots, "ND-77"));
  g_assert_null (strstr (back->expired_ack_lots, "PG-1001"));

  audit = stp_store_list_audit (f->store, "treatment_session", id, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 2);
  g_assert_cmpstr (((StpAuditEntry *)audit->pdata[0])->action, ==, "acknowledge-expired");
  g_assert_cmpint (((StpAuditEntry *)audit->pdata[0])->staff_id, ==, f->anna);
}

/* Corrections */

static void
test_correct_keeps_history (Fixture       *f,
                            gconstpointer  data)
{
  gint64 when = test_local_time (2026, 3, 1, 10, 30);
  g_autoptr(StpTreatmentSession) s = full_session (f, when);
  g_autoptr(StpTreatmentSession) edit = NULL;
  g_autoptr(StpTreatmentSession) back = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GError) error = NULL;
  StpSessionRevision *r;
  StpAuditEntry *entry;
  gint64 id;

  stp_store_set_actor (f->store, f->anna);
  id = test_log (f->store, s);

  edit = get_session (f, id);
  edit->pain = 6;
  g_free (edit->notes);
  edit->notes = g_strdup ("Pain was 6, not 4.");
  g_free (((StpSessionPigment *)edit->pigments->pdata[0])->lot);
  ((StpSessionPigment *)edit->pigments->pdata[0])->lot = g_strdup ("PG-1009");

  /* A correction without a reason is refused and changes nothing. */
  g_assert_false (stp_store_correct_session (f->store, edit, "  ", 0, &error));
  g_assert_error (error, STP_SESSION_ERROR, STP_SESSION_ERROR_REASON_REQUIRED);
  g_clear_error (&error);
  back = get_session (f, id);
  g_assert_cmpint (back->pain, ==, 4);
  g_clear_pointer (&back, stp_treatment_session_free);

  stp_store_set_actor (f->store, f->ben);
  g_assert_true (stp_store_correct_session (f->store, edit, "Client reported 6 afterwards",
                                            0, &error));
  g_assert_no_error (error);

  back = get_session (f, id);
  g_assert_cmpint (back->pain, ==, 6);
  g_assert_cmpstr (back->notes, ==, "Pain was 6, not 4.");
  g_assert_cmpstr (((StpSessionPigment *)back->pigments->pdata[0])->lot, ==, "PG-1009");
  g_assert_cmpuint (back->revision, ==, 2);
  g_assert_cmpint (back->created_by, ==, f->anna);

  revisions = stp_store_list_session_revisions (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, ==, 1);
  r = revisions->pdata[0];
  g_assert_cmpuint (r->revision, ==, 1);
  g_assert_cmpint (r->changed_by, ==, f->ben);
  g_assert_cmpstr (r->reason, ==, "Client reported 6 afterwards");
  g_assert_nonnull (strstr (r->old_values, "\"pain\":4"));
  g_assert_nonnull (strstr (r->old_values, "PG-1001"));
  g_assert_nonnull (strstr (r->old_values, "no breaks."));

  audit = stp_store_list_audit (f->store, "treatment_session", id, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 2);
  entry = audit->pdata[0];
  g_assert_cmpstr (entry->action, ==, "correct");
  g_assert_cmpint (entry->staff_id, ==, f->ben);
  g_assert_cmpstr (entry->fields, ==, "pigments,pain,notes");
  entry = audit->pdata[1];
  g_assert_cmpstr (entry->action, ==, "create");
  g_assert_cmpint (entry->staff_id, ==, f->anna);

  /* The old lot is history, not a current use: recall finds the corrected one. */
  {
    g_autoptr(GPtrArray) old_hits = stp_store_recall (f->store, STP_LOT_PIGMENT, "PG-1001",
                                                      NULL, NULL, &error);
    g_autoptr(GPtrArray) new_hits = stp_store_recall (f->store, STP_LOT_PIGMENT, "PG-1009",
                                                      NULL, NULL, &error);
    g_assert_cmpuint (old_hits->len, ==, 0);
    g_assert_cmpuint (new_hits->len, ==, 1);
  }

  /* The revision history cannot be rewritten or deleted. */
  g_assert_cmpint (test_raw_try_exec (f->raw, "UPDATE session_revision SET reason = 'x'"), !=,
                   SQLITE_OK);
  g_assert_cmpint (test_raw_try_exec (f->raw, "DELETE FROM session_revision"), !=, SQLITE_OK);

  /* A cancelled session is read-only. */
  g_assert_true (stp_store_cancel_session (f->store, id, "Duplicate entry", &error));
  g_assert_no_error (error);
  edit->pain = 7;
  g_assert_false (stp_store_correct_session (f->store, edit, "again", 0, &error));
  g_assert_error (error, STP_SESSION_ERROR, STP_SESSION_ERROR_READ_ONLY);
}

static void
test_correct_expired (Fixture       *f,
                      gconstpointer  data)
{
  gint64 when = test_local_time (2026, 3, 1, 10, 30);
  g_autoptr(StpTreatmentSession) s = full_session (f, when);
  g_autoptr(StpTreatmentSession) edit = NULL;
  g_autoptr(StpTreatmentSession) back = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = test_log (f->store, s);

  edit = get_session (f, id);
  g_free (((StpSessionPigment *)edit->pigments->pdata[0])->expiry);
  ((StpSessionPigment *)edit->pigments->pdata[0])->expiry = g_strdup ("2026-01-01");
  g_assert_false (stp_store_correct_session (f->store, edit, "Expiry misread", 0, &error));
  g_assert_error (error, STP_SESSION_ERROR, STP_SESSION_ERROR_EXPIRED_LOT);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "session_revision"), ==, 0);

  g_assert_true (stp_store_correct_session (f->store, edit, "Expiry misread", f->ben, &error));
  g_assert_no_error (error);
  back = get_session (f, id);
  g_assert_cmpint (back->expired_ack_by, ==, f->ben);
  g_assert_nonnull (strstr (back->expired_ack_lots, "PG-1001"));
}

/* Atomic saves */

static void
test_failed_save_writes_nothing (Fixture       *f,
                                 gconstpointer  data)
{
  static const char *tables[] = {
    "treatment_session", "session_area", "session_pigment", "session_needle",
    "session_photo", "session_region", "pigment_lot", "needle_lot", "audit_log",
  };
  gint64 before[G_N_ELEMENTS (tables)];
  gint64 when = test_local_time (2026, 3, 1, 10, 30);
  g_autoptr(StpTreatmentSession) s = full_session (f, when);
  g_autoptr(StpTreatmentSession) ok = full_session (f, when - 86400 * 20);
  g_autoptr(GError) error = NULL;

  test_log (f->store, ok);

  /* The second needle row is refused by the database, after the session row, its areas,
   * its pigments (with their new remembered lots) and the first needle were written. */
  g_free (((StpSessionPigment *)s->pigments->pdata[1])->lot);
  ((StpSessionPigment *)s->pigments->pdata[1])->lot = g_strdup ("PG-NEW");
  g_free (((StpSessionNeedle *)s->needles->pdata[1])->lot);
  ((StpSessionNeedle *)s->needles->pdata[1])->lot = g_strdup ("BOOM");
  test_raw_exec (f->raw, "CREATE TRIGGER inject BEFORE INSERT ON session_needle "
                 "WHEN new.lot = 'BOOM' BEGIN SELECT RAISE (ABORT, 'injected'); END");

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    before[i] = count (f, tables[i]);

  g_assert_cmpint (stp_store_log_session (f->store, s, 0, &error), ==, 0);
  g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_test_message ("%s", tables[i]);
      g_assert_cmpint (count (f, tables[i]), ==, before[i]);
    }
  g_assert_cmpint (test_raw_int (f->raw, "SELECT count(*) FROM pigment_lot "
                                 "WHERE lot = 'PG-NEW'"), ==, 0);

  /* The same failure in a correction keeps the logged content and writes no revision. */
  {
    g_autoptr(StpTreatmentSession) edit = get_session (f, 1);
    g_autoptr(StpTreatmentSession) back = NULL;

    g_free (((StpSessionNeedle *)edit->needles->pdata[1])->lot);
    ((StpSessionNeedle *)edit->needles->pdata[1])->lot = g_strdup ("BOOM");
    g_assert_false (stp_store_correct_session (f->store, edit, "typo", 0, &error));
    g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_CONSTRAINT);
    back = get_session (f, 1);
    g_assert_cmpstr (((StpSessionNeedle *)back->needles->pdata[1])->lot, ==, "ND-88");
    g_assert_cmpuint (back->revision, ==, 1);
    g_assert_cmpint (count (f, "session_revision"), ==, 0);
  }
}

/* Plans */

static void
test_plan_progress (Fixture       *f,
                    gconstpointer  data)
{
  gint64 consultation = test_add_consultation (f->store, f->client, f->anna, "2026-02-01");
  g_autoptr(StpConsultation) c = test_get_consultation (f->store, consultation);
  g_autoptr(StpPlan) plan = stp_plan_copy (stp_consultation_get_plan (c));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  StpPlanProgress progress;
  gint64 plan_id;

  /* Not decided yet: refused with a message saying what to do. */
  g_assert_cmpint (stp_store_create_plan_from_consultation (f->store, consultation, &error),
                   ==, 0);
  g_assert_error (error, STP_SESSION_ERROR, STP_SESSION_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_false (stp_store_get_plan_progress (f->store, f->client, &progress, &error));
  g_assert_no_error (error);

  plan->sessions = 3;
  plan->spacing_days = 14;
  stp_consultation_set_plan (c, plan);
  test_save (f->store, c);

  plan_id = stp_store_create_plan_from_consultation (f->store, consultation, &error);
  g_assert_no_error (error);
  g_assert_true (stp_store_get_plan_progress (f->store, f->client, &progress, &error));
  g_assert_cmpuint (progress.planned, ==, 3);
  g_assert_cmpuint (progress.logged, ==, 0);
  g_assert_false (g_date_valid (&progress.next_due));
  text = stp_plan_progress_describe (&progress);
  g_assert_cmpstr (text, ==, "Session 1 of 3 — not started yet");
  g_clear_pointer (&text, g_free);

  {
    g_autoptr(StpTreatmentSession) s = test_session_new (f->client, f->anna,
                                                         test_local_time (2026, 2, 28, 23, 30),
                                                         "L1", NULL);
    s->plan_id = plan_id;
    test_log (f->store, s);
  }

  g_assert_true (stp_store_get_plan_progress (f->store, f->client, &progress, &error));
  g_assert_cmpint (progress.plan_id, ==, plan_id);
  g_assert_cmpuint (progress.logged, ==, 1);
  g_assert_true (g_date_valid (&progress.next_due));
  g_assert_cmpint (g_date_get_year (&progress.next_due), ==, 2026);
  g_assert_cmpint (g_date_get_month (&progress.next_due), ==, 3);
  g_assert_cmpint (g_date_get_day (&progress.next_due), ==, 14);
  {
    GDate before, after;

    g_date_clear (&before, 1);
    g_date_clear (&after, 1);
    g_date_set_dmy (&before, 14, G_DATE_MARCH, 2026);
    g_date_set_dmy (&after, 15, G_DATE_MARCH, 2026);
    text = stp_plan_progress_describe_on (&progress, &before);
    g_assert_cmpstr (text, ==, "Session 2 of 3 — next due 14 March");
    g_clear_pointer (&text, g_free);
    text = stp_plan_progress_describe_on (&progress, &after);
    g_assert_cmpstr (text, ==, "Session 2 of 3 — overdue since 14 March");
    g_clear_pointer (&text, g_free);
  }

  g_assert_true (stp_store_set_plan_status (f->store, plan_id, STP_TREATMENT_PLAN_PAUSED,
                                            &error));
  g_assert_true (stp_store_get_plan_progress (f->store, f->client, &progress, &error));
  text = stp_plan_progress_describe (&progress);
  g_assert_cmpstr (text, ==, "Session 2 of 3 — plan paused");
}

/* Remembered lots */

static void
test_lot_completion (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lots = NULL;
  const char *order[] = { "B-3", "B-2", "B-1" };

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(StpTreatmentSession) s = test_session_new (f->client, f->anna,
                                                           test_local_time (2026, 1, 1 + i,
                                                                            9, 0),
                                                           order[2 - i],
                                                           i == 0 ? "NX1" : "N_1");
      g_free (((StpSessionPigment *)s->pigments->pdata[0])->shade);
      ((StpSessionPigment *)s->pigments->pdata[0])->shade = g_strdup_printf ("Shade %u", i);
      test_log (f->store, s);
      g_usleep (1100 * 1000);   /* last use is in seconds */
    }

  lots = stp_store_complete_pigment_lots (f->store, "b-", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lots->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (((StpSessionPigment *)lots->pdata[i])->lot, ==, order[i]);
  g_clear_pointer (&lots, g_ptr_array_unref);

  lots = stp_store_complete_pigment_lots (f->store, "inkredible shade 1", 10, &error);
  g_assert_cmpuint (lots->len, ==, 1);
  g_assert_cmpstr (((StpSessionPigment *)lots->pdata[0])->lot, ==, "B-2");
  g_assert_cmpstr (((StpSessionPigment *)lots->pdata[0])->expiry, ==, "2099-12-31");
  g_clear_pointer (&lots, g_ptr_array_unref);

  lots = stp_store_complete_pigment_lots (f->store, "zzz", 10, &error);
  g_assert_cmpuint (lots->len, ==, 0);
  g_clear_pointer (&lots, g_ptr_array_unref);

  /* LIKE wildcards are plain text. */
  lots = stp_store_complete_needle_lots (f->store, "N_", 10, &error);
  g_assert_cmpuint (lots->len, ==, 1);
  g_assert_cmpstr (((StpSessionNeedle *)lots->pdata[0])->lot, ==, "N_1");
  g_clear_pointer (&lots, g_ptr_array_unref);
  lots = stp_store_complete_needle_lots (f->store, "N%", 10, &error);
  g_assert_cmpuint (lots->len, ==, 0);
}

/* History and timeline */

static void
test_pigment_history (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(StpTreatmentSession) a = full_session (f, test_local_time (2024, 5, 1, 9, 0));
  g_autoptr(StpTreatmentSession) b = test_session_new (f->client, f->anna,
                                                       test_local_time (2027, 5, 1, 9, 0),
                                                       "TU-9", NULL);
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  StpPigmentUse *use;

  test_log (f->store, a);
  test_log (f->store, b);
  history = stp_store_list_pigment_history (f->store, f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 3);
  use = history->pdata[0];
  g_assert_cmpstr (use->lot, ==, "TU-9");
  use = history->pdata[2];
  g_assert_cmpstr (use->brand, ==, "Inkredible");
  g_assert_cmpstr (use->shade, ==, "Slate 5");
  g_assert_cmpstr (use->dilution, ==, "1:10");
  g_assert_cmpstr (use->lot, ==, "PG-2002");
  g_assert_cmpint (use->started_at, ==, test_local_time (2024, 5, 1, 9, 0));
}

static void
test_timeline (Fixture       *f,
               gconstpointer  data)
{
  gint64 consultation = test_add_consultation (f->store, f->client, f->anna, "2026-01-10");
  gint64 photo = test_raw_photo (f->raw, f->client, "front", test_local_time (2026, 1, 10, 11, 0));
  gint64 sketch = test_raw_sketch (f->raw, f->client, "Soft hairline",
                                   test_local_time (2026, 1, 10, 12, 0));
  g_autoptr(StpTreatmentSession) s1 = test_session_new (f->client, f->anna,
                                                        test_local_time (2026, 2, 1, 9, 0),
                                                        "L1", NULL);
  g_autoptr(StpTreatmentSession) s2 = test_session_new (f->client, f->anna,
                                                        test_local_time (2026, 2, 15, 9, 0),
                                                        "L1", NULL);
  g_autoptr(GPtrArray) timeline = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id1, id2;
  StpTimelineEntry *e;

  StpSessionPhoto before = { photo, STP_PHOTO_ROLE_BEFORE };

  s2->kind = STP_SESSION_KIND_BUILD_UP;
  id2 = test_log (f->store, s2);
  g_array_append_val (s1->photos, before);
  id1 = test_log (f->store, s1);

  timeline = stp_store_list_timeline (f->store, f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (timeline->len, ==, 5);
  e = timeline->pdata[0];
  g_assert_cmpint (e->kind, ==, STP_TIMELINE_CONSULTATION);
  g_assert_cmpint (e->id, ==, consultation);
  e = timeline->pdata[1];
  g_assert_cmpint (e->kind, ==, STP_TIMELINE_PHOTO);
  g_assert_cmpint (e->id, ==, photo);
  g_assert_cmpstr (e->title, ==, "Photo — Front");
  g_assert_cmpstr (e->subtitle, ==, "Before a session");
  e = timeline->pdata[2];
  g_assert_cmpint (e->kind, ==, STP_TIMELINE_SKETCH);
  g_assert_cmpint (e->id, ==, sketch);
  e = timeline->pdata[3];
  g_assert_cmpint (e->kind, ==, STP_TIMELINE_SESSION);
  g_assert_cmpint (e->id, ==, id1);
  g_assert_cmpstr (e->title, ==, "Session 1 — Initial");
  g_assert_cmpstr (e->subtitle, ==, "By Anna Practitioner");
  e = timeline->pdata[4];
  g_assert_cmpint (e->id, ==, id2);
  g_assert_cmpstr (e->title, ==, "Session 2 — Build-up");
  for (guint i = 1; i < timeline->len; i++)
    g_assert_cmpint (((StpTimelineEntry *)timeline->pdata[i - 1])->at, <=,
                     ((StpTimelineEntry *)timeline->pdata[i])->at);
}

/* Referrals */

static void
test_referral (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(StpReferral) r = stp_referral_new ();
  g_autoptr(StpReferral) back = NULL;
  g_autoptr(StpTreatmentPlan) plan = stp_treatment_plan_new ();
  g_autoptr(StpTreatmentPlan) plan_back = NULL;
  g_autoptr(GError) error = NULL;
  gint64 other = test_add_client (f->store, "Other", "Person", NULL, NULL, NULL);
  gint64 sketch = test_raw_sketch (f->raw, f->client, "Revision 2026", 1000);
  gint64 foreign_sketch = test_raw_sketch (f->raw, other, "Not yours", 1000);
  gint64 id, plan_id;

  r->client_id = f->client;
  g_free (r->clinic);
  r->clinic = g_strdup ("   ");
  r->referred_on = g_strdup ("2026-01-05");
  g_assert_cmpint (stp_store_create_referral (f->store, r, &error), ==, 0);
  g_assert_error (error, STP_SESSION_ERROR, STP_SESSION_ERROR_REQUIRED);
  g_clear_error (&error);

  g_free (r->clinic);
  r->clinic = g_strdup ("Clearskin Laser");
  g_free (r->reason);
  r->reason = g_strdup ("Hairline too low, too sharp");
  r->areas = STP_AREA_FRONTAL_HAIRLINE | STP_AREA_TEMPLE_LEFT;
  id = stp_store_create_referral (f->store, r, &error);
  g_assert_no_error (error);

  g_assert_cmpint (stp_store_report_laser_session (f->store, id, "2026-13-01", "", &error),
                   ==, 0);
  g_assert_error (error, STP_SESSION_ERROR, STP_SESSION_ERROR_DATE_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (stp_store_report_laser_session (f->store, id, "2026-02-20", "Session 2",
                                                   &error), >, 0);
  g_assert_cmpint (stp_store_report_laser_session (f->store, id, "2026-01-10", "Session 1",
                                                   &error), >, 0);
  back = stp_store_get_referral (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->clinic, ==, "Clearskin Laser");
  g_assert_cmpuint (back->areas, ==, STP_AREA_FRONTAL_HAIRLINE | STP_AREA_TEMPLE_LEFT);
  g_assert_cmpuint (back->laser_sessions->len, ==, 2);
  g_assert_cmpstr (((StpLaserSession *)back->laser_sessions->pdata[0])->notes, ==,
                   "Session 1");

  plan->client_id = f->client;
  plan->planned_sessions = 1;
  plan_id = stp_store_create_plan (f->store, plan, &error);
  g_assert_no_error (error);
  g_assert_false (stp_store_link_revision (f->store, plan_id, id, foreign_sketch, &error));
  g_assert_error (error, STP_SESSION_ERROR, STP_SESSION_ERROR_INVALID_CHOICE);
  g_clear_error (&error);
  g_assert_true (stp_store_link_revision (f->store, plan_id, id, sketch, &error));
  g_assert_no_error (error);
  plan_back = stp_store_get_plan (f->store, plan_id, &error);
  g_assert_cmpint (plan_back->referral_id, ==, id);
  g_assert_cmpint (plan_back->sketch_version_id, ==, sketch);
}

/* Sketch lock */

static void
test_sketch_locked_by_correction (Fixture       *f,
                                  gconstpointer  data)
{
  gint64 when = test_local_time (2026, 3, 1, 10, 30);
  g_autoptr(StpTreatmentSession) s = full_session (f, when);
  g_autoptr(StpTreatmentSession) edit = NULL;
  g_autoptr(GError) error = NULL;
  gint64 sketch = test_raw_sketch (f->raw, f->client, "Hairline v2", when - 3600);
  gint64 id = test_log (f->store, s);

  g_assert_cmpint (test_raw_try_exec (f->raw, "UPDATE sketch_version SET body = '{\"a\":1}'"),
                   ==, SQLITE_OK);
  edit = get_session (f, id);
  edit->sketch_version_id = sketch;
  g_assert_true (stp_store_correct_session (f->store, edit, "Followed the new sketch", 0,
                                            &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_raw_int (f->raw, "SELECT count(*) FROM sketch_version "
                                 "WHERE locked_at IS NOT NULL"), ==, 1);
  /* Schema 3 now refuses to change the drawing the session followed. */
  g_assert_cmpint (test_raw_try_exec (f->raw, "UPDATE sketch_version SET body = '{}'"), !=,
                   SQLITE_OK);
}

static void
test_progress_words (void)
{
  StpPlanProgress p = { 0 };
  g_autofree char *done = NULL;
  g_autofree char *cancelled = NULL;

  g_date_clear (&p.next_due, 1);
  p.planned = 3;
  p.logged = 3;
  p.status = STP_TREATMENT_PLAN_ACTIVE;
  done = stp_plan_progress_describe (&p);
  g_assert_cmpstr (done, ==, "All 3 sessions done");
  p.logged = 1;
  p.status = STP_TREATMENT_PLAN_CANCELLED;
  cancelled = stp_plan_progress_describe (&p);
  g_assert_cmpstr (cancelled, ==, "Plan cancelled after 1 of 3 sessions");
}

static void
test_csv_write_fails_cleanly (void)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (stp_recall_write_csv (hits, "L", "/nonexistent-folder/recall.csv", &error));
  g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_IO);
}

/* A data-protection erase takes the client's sessions, lots used, history and referrals. */
static void
test_erase_takes_everything (Fixture       *f,
                             gconstpointer  data)
{
  static const char *tables[] = {
    "treatment_session", "session_area", "session_pigment", "session_needle",
    "session_revision", "treatment_plan", "removal_referral", "laser_session",
  };
  g_autoptr(StpTreatmentSession) s = full_session (f, test_local_time (2026, 3, 1, 10, 0));
  g_autoptr(StpTreatmentSession) edit = NULL;
  g_autoptr(StpTreatmentPlan) plan = stp_treatment_plan_new ();
  g_autoptr(StpReferral) referral = stp_referral_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  plan->client_id = f->client;
  g_assert_cmpint (stp_store_create_plan (f->store, plan, &error), >, 0);
  s->plan_id = plan->id;
  id = test_log (f->store, s);
  edit = get_session (f, id);
  edit->pain = 9;
  g_assert_true (stp_store_correct_session (f->store, edit, "typo", 0, &error));
  referral->client_id = f->client;
  g_free (referral->clinic);
  referral->clinic = g_strdup ("Clearskin");
  referral->referred_on = g_strdup ("2026-01-01");
  g_assert_cmpint (stp_store_create_referral (f->store, referral, &error), >, 0);
  g_assert_cmpint (stp_store_report_laser_session (f->store, referral->id, "2026-02-01", "",
                                                   &error), >, 0);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    g_assert_cmpint (count (f, tables[i]), >, 0);

  g_assert_true (stp_store_erase_client (f->store, f->client, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_test_message ("%s", tables[i]);
      g_assert_cmpint (count (f, tables[i]), ==, 0);
    }
}

/* Photos and sketch regions */

static void
test_guess_photo_role (void)
{
  gint64 start = test_local_time (2026, 3, 2, 10, 0);

  g_assert_cmpint (stp_session_guess_photo_role (start, start - 3600), ==, STP_PHOTO_ROLE_BEFORE);
  /* Typed to the minute: a photo in the first minute is still before. */
  g_assert_cmpint (stp_session_guess_photo_role (start, start + 59), ==, STP_PHOTO_ROLE_BEFORE);
  g_assert_cmpint (stp_session_guess_photo_role (start, start + 9000), ==, STP_PHOTO_ROLE_AFTER);
}

static void
test_area_from_words (void)
{
  g_assert_cmpuint (stp_area_from_words ("Crown"), ==, STP_AREA_CROWN);
  g_assert_cmpuint (stp_area_from_words ("  left TEMPLE, soft "), ==, STP_AREA_TEMPLE_LEFT);
  g_assert_cmpuint (stp_area_from_words ("Temple (right)"), ==, STP_AREA_TEMPLE_RIGHT);
  g_assert_cmpuint (stp_area_from_words ("donor scar"), ==, STP_AREA_DONOR_AREA);
  g_assert_cmpuint (stp_area_from_words ("Mid-scalp"), ==, STP_AREA_MID_SCALP);
  g_assert_cmpuint (stp_area_from_words ("Hairline"), ==, STP_AREA_FRONTAL_HAIRLINE);
  /* Not obvious: two areas, a word inside another word, or none at all. */
  g_assert_cmpuint (stp_area_from_words ("left temple hairline"), ==, 0);
  g_assert_cmpuint (stp_area_from_words ("Crowning glory"), ==, 0);
  g_assert_cmpuint (stp_area_from_words ("FUT scar"), ==, 0);
  g_assert_cmpuint (stp_area_from_words (""), ==, 0);
}

static void
test_regions_listed (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint32 ids[3];
  gint64 version = test_sketch_with_regions (f->store, f->client, "Plan A", ids);
  g_autoptr(StpSketch) sketch = stp_store_load_sketch (f->store, version, &error);
  g_autoptr(GPtrArray) regions = NULL;
  StpSessionRegion *r;

  g_assert_no_error (error);
  regions = stp_sketch_list_session_regions (sketch);
  /* The stroke and the label are not regions; numbering counts regions only. */
  g_assert_cmpuint (regions->len, ==, 3);
  r = regions->pdata[0];
  g_assert_cmpuint (r->item_id, ==, ids[0]);
  g_assert_cmpstr (r->label, ==, "Region 1 — treatment area, 40 dots/cm²");
  g_assert_cmpuint (r->area, ==, 0);
  r = regions->pdata[1];
  g_assert_cmpuint (r->item_id, ==, ids[1]);
  g_assert_cmpstr (r->label, ==, "Region 2 — scar");
  g_assert_cmpuint (r->area, ==, 0);
  r = regions->pdata[2];
  g_assert_cmpuint (r->item_id, ==, ids[2]);
  g_assert_cmpstr (r->label, ==, "Crown");
  g_assert_cmpuint (r->area, ==, STP_AREA_CROWN);
}

static StpSessionRegion *
find_region (StpTreatmentSession *s,
             guint32              item_id)
{
  for (guint i = 0; i < s->regions->len; i++)
    if (((StpSessionRegion *)s->regions->pdata[i])->item_id == item_id)
      return s->regions->pdata[i];
  return NULL;
}

/* A session with a before and an after photo and two regions of a sketch version. */
static gint64
log_with_media (Fixture  *f,
                gint64    when,
                gint64    photos[2],
                gint64   *version,
                guint32   ids[3])
{
  g_autoptr(StpTreatmentSession) s = full_session (f, when);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(StpSketch) sketch = NULL;
  StpSessionPhoto chosen[2];

  photos[0] = test_raw_photo (f->raw, f->client, "front", when - 60);
  photos[1] = test_raw_photo (f->raw, f->client, "top", when + 9000);
  chosen[0] = (StpSessionPhoto) { photos[0], STP_PHOTO_ROLE_BEFORE };
  chosen[1] = (StpSessionPhoto) { photos[1], STP_PHOTO_ROLE_AFTER };
  g_array_append_vals (s->photos, chosen, 2);
  *version = test_sketch_with_regions (f->store, f->client, "Plan A", ids);
  s->sketch_version_id = *version;
  sketch = stp_store_load_sketch (f->store, *version, NULL);
  listed = stp_sketch_list_session_regions (sketch);
  g_ptr_array_add (s->regions, stp_session_region_copy (listed->pdata[1]));   /* the scar */
  g_ptr_array_add (s->regions, stp_session_region_copy (listed->pdata[2]));   /* "Crown" */
  s->areas = STP_AREA_TEMPLE_LEFT;
  return test_log (f->store, s);
}

static void
test_media_round_trip (Fixture       *f,
                       gconstpointer  data)
{
  gint64 photos[2], version;
  guint32 ids[3];
  gint64 id = log_with_media (f, test_local_time (2026, 3, 2, 10, 0), photos, &version, ids);
  g_autoptr(StpTreatmentSession) back = get_session (f, id);
  StpSessionRegion *scar, *crown;

  g_assert_cmpint (back->sketch_version_id, ==, version);
  g_assert_cmpuint (back->photos->len, ==, 2);
  g_assert_cmpint (g_array_index (back->photos, StpSessionPhoto, 0).photo_id, ==, photos[0]);
  g_assert_cmpint (g_array_index (back->photos, StpSessionPhoto, 0).role, ==,
                   STP_PHOTO_ROLE_BEFORE);
  g_assert_cmpint (g_array_index (back->photos, StpSessionPhoto, 1).photo_id, ==, photos[1]);
  g_assert_cmpint (g_array_index (back->photos, StpSessionPhoto, 1).role, ==,
                   STP_PHOTO_ROLE_AFTER);

  g_assert_cmpuint (back->regions->len, ==, 2);
  scar = find_region (back, ids[1]);
  crown = find_region (back, ids[2]);
  g_assert_nonnull (scar);
  g_assert_nonnull (crown);
  g_assert_null (find_region (back, ids[0]));
  g_assert_cmpstr (scar->label, ==, "Region 2 — scar");
  g_assert_cmpuint (scar->area, ==, 0);
  g_assert_cmpstr (crown->label, ==, "Crown");
  g_assert_cmpuint (crown->area, ==, STP_AREA_CROWN);
  /* The labelled crown region counts as the crown treated. */
  g_assert_cmpuint (back->areas, ==, STP_AREA_TEMPLE_LEFT | STP_AREA_CROWN);
  g_assert_cmpint (test_raw_int (f->raw, "SELECT count(*) FROM session_region "
                                 "WHERE area IS NULL"), ==, 1);
  g_assert_cmpint (test_raw_int (f->raw, "SELECT count(*) FROM session_area "
                                 "WHERE area = 'crown'"), ==, 1);

  /* The next session is prefilled with the same sketch and regions, never the photos. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(StpTreatmentSession) fresh = stp_store_prefill_session (f->store, f->client,
                                                                      &error);
    g_assert_no_error (error);
    g_assert_cmpint (fresh->sketch_version_id, ==, version);
    g_assert_cmpuint (fresh->regions->len, ==, 2);
    g_assert_cmpuint (fresh->photos->len, ==, 0);
  }
}

static void
test_regions_refused (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 when = test_local_time (2026, 3, 2, 10, 0);
  guint32 ids[3];
  gint64 version = test_sketch_with_regions (f->store, f->client, "Plan A", ids);
  guint32 other_ids[3];
  gint64 other_version = test_sketch_with_regions (f->store, f->client, "Plan B", other_ids);
  g_autoptr(StpTreatmentSession) s = full_session (f, when);
  StpSessionField field;
  guint32 stroke_id = ids[0] - 1;   /* inserted just before the first region */

  /* Regions without a sketch version are refused before the store. */
  g_ptr_array_add (s->regions, stp_session_region_new (ids[0], 0, "Region 1"));
  g_assert_false (stp_treatment_session_validate (s, &field, &error));
  g_assert_error (error, STP_SESSION_ERROR, STP_SESSION_ERROR_INVALID_CHOICE);
  g_assert_cmpint (field, ==, STP_SESSION_FIELD_SKETCH);
  g_clear_error (&error);

  /* A region id that is the stroke, not a region: nothing is written. */
  s->sketch_version_id = version;
  ((StpSessionRegion *)s->regions->pdata[0])->item_id = stroke_id;
  g_assert_cmpint (stp_store_log_session (f->store, s, 0, &error), ==, 0);
  g_assert_error (error, STP_SESSION_ERROR, STP_SESSION_ERROR_INVALID_CHOICE);
  g_clear_error (&error);
  /* An id that exists only in another version. */
  ((StpSessionRegion *)s->regions->pdata[0])->item_id = other_ids[2] + 1000;
  g_assert_cmpint (stp_store_log_session (f->store, s, 0, &error), ==, 0);
  g_assert_error (error, STP_SESSION_ERROR, STP_SESSION_ERROR_INVALID_CHOICE);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "treatment_session"), ==, 0);
  g_assert_cmpint (count (f, "session_region"), ==, 0);
  /* Nothing was locked either. */
  g_assert_cmpint (test_raw_int (f->raw, "SELECT count(*) FROM sketch_version "
                                 "WHERE locked_at IS NOT NULL"), ==, 0);
  (void)other_version;

  /* A region alone (a scar) is enough of an answer to "which areas". */
  ((StpSessionRegion *)s->regions->pdata[0])->item_id = ids[1];
  s->areas = 0;
  g_assert_cmpint (stp_store_log_session (f->store, s, 0, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "session_region"), ==, 1);
}

static void
test_correct_keeps_media (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 photos[2], version;
  guint32 ids[3];
  gint64 id = log_with_media (f, test_local_time (2026, 3, 2, 10, 0), photos, &version, ids);
  g_autoptr(StpTreatmentSession) edit = get_session (f, id);
  g_autoptr(StpTreatmentSession) back = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *old;
  JsonArray *old_photos, *old_regions;
  g_autofree char *changed = NULL;
  gint64 third = test_raw_photo (f->raw, f->client, "crown", test_local_time (2026, 3, 2, 13, 0));
  StpSessionPhoto after = { third, STP_PHOTO_ROLE_AFTER };

  /* The after photo is replaced by a better one; the scar was not treated after all. */
  g_array_remove_index (edit->photos, 1);
  g_array_append_val (edit->photos, after);
  for (guint i = 0; i < edit->regions->len; i++)
    if (((StpSessionRegion *)edit->regions->pdata[i])->item_id == ids[1])
      g_ptr_array_remove_index (edit->regions, i);
  g_ptr_array_add (edit->regions, stp_session_region_new (ids[0], 0, "Region 1 — treatment "
                                                          "area, 40 dots/cm²"));
  g_assert_true (stp_store_correct_session (f->store, edit, "Wrong after photo", 0, &error));
  g_assert_no_error (error);

  back = get_session (f, id);
  g_assert_cmpuint (back->photos->len, ==, 2);
  g_assert_cmpint (g_array_index (back->photos, StpSessionPhoto, 1).photo_id, ==, third);
  g_assert_cmpuint (back->regions->len, ==, 2);
  g_assert_nonnull (find_region (back, ids[0]));
  g_assert_nonnull (find_region (back, ids[2]));
  g_assert_null (find_region (back, ids[1]));

  /* The history holds the photos and regions as they were. */
  revisions = stp_store_list_session_revisions (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, ==, 1);
  g_assert_true (json_parser_load_from_data (parser,
                                             ((StpSessionRevision *)revisions->pdata[0])->old_values,
                                             -1, &error));
  old = json_node_get_object (json_parser_get_root (parser));
  old_photos = json_object_get_array_member (old, "photos");
  g_assert_cmpuint (json_array_get_length (old_photos), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (old_photos, 1),
                                               "photo_id"), ==, photos[1]);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (old_photos, 1),
                                                  "role"), ==, "after");
  old_regions = json_object_get_array_member (old, "regions");
  g_assert_cmpuint (json_array_get_length (old_regions), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (old_regions, 0),
                                               "item_id"), ==, ids[1]);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (old_regions, 0),
                                                  "label"), ==, "Region 2 — scar");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (old_regions, 1),
                                                  "area"), ==, "crown");

  /* The audit row names what changed. */
  changed = test_raw_text (f->raw, "SELECT fields FROM audit_log WHERE action = 'correct' "
                           "ORDER BY id DESC LIMIT 1");
  g_assert_nonnull (strstr (changed, "photos"));
  g_assert_nonnull (strstr (changed, "regions"));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("TZ", "Europe/London", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)

  ADD ("/session/validate/messages", test_validate);
  ADD ("/session/store/round-trip", test_round_trip);
  ADD ("/session/store/photo-of-other-client", test_photo_of_other_client);
  ADD ("/session/prefill/copies-the-right-fields", test_prefill);
  ADD ("/session/prefill/first-session", test_prefill_first);
  ADD ("/session/expired-lot/needs-acknowledgement", test_expired_needs_ack);
  ADD ("/session/correct/keeps-history", test_correct_keeps_history);
  ADD ("/session/correct/expired-lot", test_correct_expired);
  ADD ("/session/atomic/failed-save-writes-nothing", test_failed_save_writes_nothing);
  ADD ("/session/plan/progress", test_plan_progress);
  ADD ("/session/lots/completion", test_lot_completion);
  ADD ("/session/pigment-history", test_pigment_history);
  ADD ("/session/timeline", test_timeline);
  ADD ("/session/referral", test_referral);
  ADD ("/session/sketch/locked-by-correction", test_sketch_locked_by_correction);
  ADD ("/session/erase/takes-everything", test_erase_takes_everything);
  ADD ("/session/regions/listed-from-sketch", test_regions_listed);
  ADD ("/session/media/round-trip", test_media_round_trip);
  ADD ("/session/regions/refused", test_regions_refused);
  ADD ("/session/correct/keeps-photos-and-regions", test_correct_keeps_media);
  g_test_add_func ("/session/regions/area-from-words", test_area_from_words);
  g_test_add_func ("/session/photos/guess-role", test_guess_photo_role);
  g_test_add_func ("/session/plan/progress-words", test_progress_words);
  g_test_add_func ("/session/recall/csv-write-fails-cleanly", test_csv_write_fails_cleanly);

  return g_test_run ();
}
