/* test-followups.c: follow-ups in the store: scheduled with a session in exact local due
 * times, moved by a corrected date, cancelled with the session or plan (done ones never
 * touched), the due queries, done, snooze, reschedule, repeats and reminders' bookkeeping.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-followup-util.h"

typedef struct
{
  char      *tmp;
  char      *data_dir;
  StpStore  *store;
  GTimeZone *london;
  gint64     client;
  gint64     admin;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(StpStaff) admin = stp_staff_new ("Alex Admin", STP_STAFF_ROLE_ADMIN);

  f->tmp = test_make_tmp ();
  f->data_dir = g_build_filename (f->tmp, "data", NULL);
  f->store = test_open_store (f->data_dir);
  f->london = g_time_zone_new_identifier ("Europe/London");
  g_assert_nonnull (f->london);
  stp_store_set_time_zone (f->store, f->london);
  f->client = test_add_client (f->store, "Sam", "Okafor", "+44 7700 900123",
                               "sam@example.org", NULL);
  f->admin = stp_store_create_staff (f->store, admin, NULL);
  g_assert_cmpint (f->admin, >, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->london, g_time_zone_unref);
  test_rm_rf (f->tmp);
  g_free (f->data_dir);
  g_free (f->tmp);
}

static gint64
add_plan (Fixture *f,
          guint    sessions,
          guint    spacing)
{
  g_autoptr(StpTreatmentPlan) plan = stp_treatment_plan_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  plan->client_id = f->client;
  plan->planned_sessions = sessions;
  plan->spacing_days = spacing;
  id = stp_store_create_plan (f->store, plan, &error);
  g_assert_no_error (error);
  return id;
}

static void
test_seeded (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) protocols = NULL;
  g_autoptr(StpProtocol) referral = NULL;
  g_autoptr(GError) error = NULL;

  protocols = stp_store_list_protocols (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (protocols->len, ==, 2);
  g_assert_cmpstr (((StpProtocol *)g_ptr_array_index (protocols, 0))->name, ==,
                   "Laser removal referral");
  g_assert_cmpuint (((StpProtocol *)g_ptr_array_index (protocols, 1))->steps->len, ==, 6);
  referral = stp_store_get_protocol_for_service (f->store, "laser-referral", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (referral->steps->len, ==, 3);

  /* An administrator removes one; reopening does not bring it back or duplicate any. */
  stp_store_set_actor (f->store, f->admin);
  g_assert_true (stp_store_delete_protocol (f->store, referral->id, &error));
  g_assert_no_error (error);
  g_clear_object (&f->store);
  f->store = test_open_store (f->data_dir);
  g_clear_pointer (&protocols, g_ptr_array_unref);
  protocols = stp_store_list_protocols (f->store, &error);
  g_assert_cmpuint (protocols->len, ==, 1);
}

static void
test_protocol_admin (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(StpProtocol) p = stp_protocol_new ();
  g_autoptr(StpProtocolStep) step = stp_protocol_step_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_free (p->name);
  p->name = g_strdup ("Scar camouflage");
  g_free (step->title);
  step->title = g_strdup ("Day 2 call");
  step->offset_days = 2;
  g_ptr_array_add (p->steps, stp_protocol_step_copy (step));
  g_ptr_array_add (p->services, g_strdup ("scar-camouflage"));

  /* Nobody chosen: refused. */
  g_assert_cmpint (stp_store_save_protocol (f->store, p, &error), ==, 0);
  g_assert_error (error, STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_ADMIN_REQUIRED);
  g_clear_error (&error);

  /* The service belongs to the SMP protocol. */
  stp_store_set_actor (f->store, f->admin);
  g_assert_cmpint (stp_store_save_protocol (f->store, p, &error), ==, 0);
  g_assert_error (error, STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_SERVICE_TAKEN);
  g_clear_error (&error);

  /* The same name as another protocol, in other letter case. */
  g_free (p->name);
  p->name = g_strdup ("smp AFTERCARE");
  g_ptr_array_set_size (p->services, 0);
  g_assert_cmpint (stp_store_save_protocol (f->store, p, &error), ==, 0);
  g_assert_error (error, STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_DUPLICATE_NAME);
  g_clear_error (&error);

  g_free (p->name);
  p->name = g_strdup ("Scar camouflage");
  id = stp_store_save_protocol (f->store, p, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  {
    g_autoptr(GPtrArray) all = stp_store_list_protocols (f->store, &error);
    g_assert_cmpuint (all->len, ==, 3);
  }
}

/* A session with a plan of 3 sessions 14 days apart, Tuesday 24 March 2026 10:00 GMT. */
static void
test_schedule (Fixture       *f,
               gconstpointer  data)
{
  gint64 plan = add_plan (f, 3, 14);
  gint64 session = test_log_session (f->store, f->client, plan, STP_SESSION_KIND_INITIAL,
                                     test_utc ("2026-03-24T10:00:00Z"));
  g_autoptr(GPtrArray) list = test_session_followups (f->store, session);
  StpFollowup *f0;

  g_assert_cmpuint (list->len, ==, 6);
  f0 = test_find_kind (list, STP_FOLLOWUP_KIND_AFTERCARE_SHEET, 0);
  test_assert_time (f0->due_at, "2026-03-24T10:00:00Z");
  g_assert_cmpint (f0->channel, ==, STP_CHANNEL_IN_CLINIC);
  g_assert_cmpstr (f0->client_name, ==, "Sam Okafor");
  g_assert_cmpstr (f0->phone, ==, "+44 7700 900123");
  g_assert_cmpstr (f0->service, ==, "initial");
  test_assert_time (test_find_kind (list, STP_FOLLOWUP_KIND_CHECK_IN, 0)->due_at,
                    "2026-03-28T10:00:00Z");
  /* After the clocks went forward: 10:00 BST. */
  test_assert_time (test_find_kind (list, STP_FOLLOWUP_KIND_CHECK_IN, 1)->due_at,
                    "2026-03-31T09:00:00Z");
  test_assert_time (test_find_kind (list, STP_FOLLOWUP_KIND_PHOTO_CHECK, 0)->due_at,
                    "2026-04-23T09:00:00Z");
  test_assert_time (test_find_kind (list, STP_FOLLOWUP_KIND_NEXT_SESSION, 0)->due_at,
                    "2026-04-07T09:00:00Z");
  test_assert_time (test_find_kind (list, STP_FOLLOWUP_KIND_TOUCH_UP, 0)->due_at,
                    "2029-03-23T10:00:00Z");
  for (guint i = 0; i < list->len; i++)
    {
      StpFollowup *fu = g_ptr_array_index (list, i);
      g_assert_cmpint (fu->status, ==, STP_FOLLOWUP_STATUS_PENDING);
      g_assert_cmpint (fu->remind_at, ==, fu->due_at);
    }
}

/* The last session of a plan and a session without a plan: no "next session" step. A
 * second session supersedes the first one's touch-up reminder. */
static void
test_schedule_without_next (Fixture       *f,
                            gconstpointer  data)
{
  gint64 first = test_log_session (f->store, f->client, 0, STP_SESSION_KIND_INITIAL,
                                   test_utc ("2026-05-05T09:30:00Z"));
  g_autoptr(GPtrArray) list = test_session_followups (f->store, first);
  g_autoptr(GPtrArray) first_after = NULL;
  gint64 second;

  g_assert_cmpuint (list->len, ==, 5);
  for (guint i = 0; i < list->len; i++)
    g_assert_cmpint (((StpFollowup *)g_ptr_array_index (list, i))->kind, !=,
                     STP_FOLLOWUP_KIND_NEXT_SESSION);

  second = test_log_session (f->store, f->client, 0, STP_SESSION_KIND_BUILD_UP,
                             test_utc ("2026-05-19T09:30:00Z"));
  g_assert_cmpint (second, >, first);
  first_after = test_session_followups (f->store, first);
  g_assert_cmpint (test_find_kind (first_after, STP_FOLLOWUP_KIND_TOUCH_UP, 0)->status, ==,
                   STP_FOLLOWUP_STATUS_CANCELLED);
  g_assert_cmpint (test_find_kind (first_after, STP_FOLLOWUP_KIND_CHECK_IN, 1)->status, ==,
                   STP_FOLLOWUP_STATUS_PENDING);

  /* A session logged after the fact, older than both, leaves the newest one's touch-up
   * alone and gets no touch-up of its own. */
  {
    gint64 old = test_log_session (f->store, f->client, 0, STP_SESSION_KIND_INITIAL,
                                   test_utc ("2026-01-13T09:30:00Z"));
    g_autoptr(GPtrArray) old_list = test_session_followups (f->store, old);
    g_autoptr(GPtrArray) second_list = test_session_followups (f->store, second);

    g_assert_cmpuint (old_list->len, ==, 4);
    for (guint i = 0; i < old_list->len; i++)
      g_assert_cmpint (((StpFollowup *)g_ptr_array_index (old_list, i))->kind, !=,
                       STP_FOLLOWUP_KIND_TOUCH_UP);
    g_assert_cmpint (test_find_kind (second_list, STP_FOLLOWUP_KIND_TOUCH_UP, 0)->status, ==,
                     STP_FOLLOWUP_STATUS_PENDING);
  }
}

static void
test_move_on_correction (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpTreatmentSession) s = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  gint64 session = test_log_session (f->store, f->client, 0, STP_SESSION_KIND_INITIAL,
                                     test_utc ("2026-03-24T10:00:00Z"));
  gint64 done_id, snoozed_id;
  gint64 later = (g_get_real_time () / G_USEC_PER_SEC) + 7200;

  before = test_session_followups (f->store, session);
  done_id = test_find_kind (before, STP_FOLLOWUP_KIND_AFTERCARE_SHEET, 0)->id;
  snoozed_id = test_find_kind (before, STP_FOLLOWUP_KIND_CHECK_IN, 0)->id;
  g_assert_true (stp_store_complete_followups (f->store, &done_id, 1, "Sheet given", &error));
  g_assert_no_error (error);
  g_assert_true (stp_store_snooze_followups (f->store, &snoozed_id, 1, later, &error));
  g_assert_no_error (error);

  /* The session really was on Thursday 26 March at 14:00 GMT. */
  s = stp_store_get_session (f->store, session, &error);
  g_assert_no_error (error);
  s->started_at = test_utc ("2026-03-26T14:00:00Z");
  g_assert_true (stp_store_correct_session (f->store, s, "Wrong day typed", 0, &error));
  g_assert_no_error (error);

  after = test_session_followups (f->store, session);
  g_assert_cmpuint (after->len, ==, 5);
  /* Done: untouched, at the old time with its outcome. */
  {
    g_autoptr(StpFollowup) d = stp_store_get_followup (f->store, done_id, &error);
    g_assert_cmpint (d->status, ==, STP_FOLLOWUP_STATUS_DONE);
    test_assert_time (d->due_at, "2026-03-24T10:00:00Z");
    g_assert_cmpstr (d->outcome, ==, "Sheet given");
  }
  /* Day 4 from Thursday is Monday 30th, 14:00 BST; the snooze is gone. */
  {
    g_autoptr(StpFollowup) m = stp_store_get_followup (f->store, snoozed_id, &error);
    g_assert_cmpint (m->status, ==, STP_FOLLOWUP_STATUS_PENDING);
    test_assert_time (m->due_at, "2026-03-30T13:00:00Z");
    g_assert_cmpint (m->snoozed_until, ==, 0);
    g_assert_cmpint (m->remind_at, ==, m->due_at);
  }
  /* Day 7 is Thursday 2 April 14:00 BST. */
  test_assert_time (test_find_kind (after, STP_FOLLOWUP_KIND_CHECK_IN, 1)->due_at,
                    "2026-04-02T13:00:00Z");
}

/* Correcting the kind to a service with another protocol swaps the open follow-ups. */
static void
test_kind_correction (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpProtocol) smp = NULL;
  g_autoptr(StpProtocol) scar = stp_protocol_new ();
  g_autoptr(StpProtocolStep) step = stp_protocol_step_new ();
  g_autoptr(StpTreatmentSession) s = NULL;
  g_autoptr(GPtrArray) after = NULL;
  gint64 session = test_log_session (f->store, f->client, 0, STP_SESSION_KIND_INITIAL,
                                     test_utc ("2026-03-24T10:00:00Z"));
  g_autoptr(GPtrArray) before = test_session_followups (f->store, session);
  gint64 done_id = test_find_kind (before, STP_FOLLOWUP_KIND_AFTERCARE_SHEET, 0)->id;
  guint open = 0, done = 0, cancelled = 0;

  g_assert_true (stp_store_complete_followups (f->store, &done_id, 1, "", &error));

  /* Scar camouflage gets a protocol of its own: a day-2 call. */
  stp_store_set_actor (f->store, f->admin);
  smp = stp_store_get_protocol_for_service (f->store, "scar-camouflage", &error);
  for (guint i = 0; i < smp->services->len; i++)
    if (g_strcmp0 (g_ptr_array_index (smp->services, i), "scar-camouflage") == 0)
      g_ptr_array_remove_index (smp->services, i);
  g_assert_cmpint (stp_store_save_protocol (f->store, smp, &error), >, 0);
  g_assert_no_error (error);
  g_free (scar->name);
  scar->name = g_strdup ("Scar camouflage");
  g_free (step->title);
  step->title = g_strdup ("Day 2 call");
  step->offset_days = 2;
  g_ptr_array_add (scar->steps, stp_protocol_step_copy (step));
  g_ptr_array_add (scar->services, g_strdup ("scar-camouflage"));
  g_assert_cmpint (stp_store_save_protocol (f->store, scar, &error), >, 0);
  g_assert_no_error (error);

  s = stp_store_get_session (f->store, session, &error);
  s->kind = STP_SESSION_KIND_SCAR_CAMOUFLAGE;
  g_assert_true (stp_store_correct_session (f->store, s, "It was a scar session", 0, &error));
  g_assert_no_error (error);

  after = test_session_followups (f->store, session);
  for (guint i = 0; i < after->len; i++)
    {
      StpFollowup *fu = g_ptr_array_index (after, i);

      if (fu->status == STP_FOLLOWUP_STATUS_DONE)
        {
          done++;
          g_assert_cmpint (fu->id, ==, done_id);
        }
      else if (fu->status == STP_FOLLOWUP_STATUS_CANCELLED)
        cancelled++;
      else
        {
          open++;
          g_assert_cmpstr (fu->title, ==, "Day 2 call");
          test_assert_time (fu->due_at, "2026-03-26T10:00:00Z");
        }
    }
  g_assert_cmpuint (done, ==, 1);
  g_assert_cmpuint (cancelled, ==, 4);
  g_assert_cmpuint (open, ==, 1);
}

static void
test_cancel_session (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) others = NULL;
  gint64 other_client = test_add_client (f->store, "Kim", "Other", NULL, NULL, NULL);
  gint64 session = test_log_session (f->store, f->client, 0, STP_SESSION_KIND_INITIAL,
                                     test_utc ("2026-03-24T10:00:00Z"));
  gint64 other = test_log_session (f->store, other_client, 0, STP_SESSION_KIND_INITIAL,
                                   test_utc ("2026-03-24T11:00:00Z"));
  gint64 done_id;

  before = test_session_followups (f->store, session);
  done_id = test_find_kind (before, STP_FOLLOWUP_KIND_AFTERCARE_SHEET, 0)->id;
  g_assert_true (stp_store_complete_followups (f->store, &done_id, 1, "", &error));

  g_assert_true (stp_store_cancel_session (f->store, session, "Logged twice", &error));
  g_assert_no_error (error);
  after = test_session_followups (f->store, session);
  for (guint i = 0; i < after->len; i++)
    {
      StpFollowup *fu = g_ptr_array_index (after, i);
      g_assert_cmpint (fu->status, ==, fu->id == done_id ? STP_FOLLOWUP_STATUS_DONE
                                                         : STP_FOLLOWUP_STATUS_CANCELLED);
      g_assert_cmpint (fu->remind_at, ==, 0);
    }
  /* The other client's session keeps every follow-up. */
  others = test_session_followups (f->store, other);
  for (guint i = 0; i < others->len; i++)
    g_assert_cmpint (((StpFollowup *)g_ptr_array_index (others, i))->status, ==,
                     STP_FOLLOWUP_STATUS_PENDING);
}

static void
test_cancel_plan (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) outside = NULL;
  gint64 plan = add_plan (f, 3, 10);
  gint64 session = test_log_session (f->store, f->client, plan, STP_SESSION_KIND_INITIAL,
                                     test_utc ("2026-06-02T10:00:00Z"));
  gint64 unplanned = test_log_session (f->store, test_add_client (f->store, "Jo", "Free", NULL,
                                                                  NULL, NULL),
                                       0, STP_SESSION_KIND_TOUCH_UP,
                                       test_utc ("2026-06-02T12:00:00Z"));

  g_assert_true (stp_store_set_plan_status (f->store, plan, STP_TREATMENT_PLAN_CANCELLED,
                                            &error));
  g_assert_no_error (error);
  after = test_session_followups (f->store, session);
  g_assert_cmpuint (after->len, ==, 6);
  for (guint i = 0; i < after->len; i++)
    g_assert_cmpint (((StpFollowup *)g_ptr_array_index (after, i))->status, ==,
                     STP_FOLLOWUP_STATUS_CANCELLED);
  outside = test_session_followups (f->store, unplanned);
  g_assert_cmpint (((StpFollowup *)g_ptr_array_index (outside, 0))->status, ==,
                   STP_FOLLOWUP_STATUS_PENDING);
}

static void
test_due_queries (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) overdue = NULL;
  g_autoptr(GPtrArray) today = NULL;
  g_autoptr(GPtrArray) upcoming = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  StpFollowupFilter filter = { STP_FOLLOWUP_KIND_CHECK_IN, 0 };
  StpFollowupCounts counts;
  gint64 session = test_log_session (f->store, f->client, 0, STP_SESSION_KIND_INITIAL,
                                     test_utc ("2026-03-24T10:00:00Z"));
  /* Tuesday 31 March 2026, 12:00 BST: day 0 and 4 are overdue, day 7 (10:00) is due
   * today, day 30 and the touch-up are upcoming. */
  gint64 now = test_utc ("2026-03-31T11:00:00Z");

  due = stp_store_list_followups (f->store, STP_FOLLOWUP_RANGE_DUE, now, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 3);
  overdue = stp_store_list_followups (f->store, STP_FOLLOWUP_RANGE_OVERDUE, now, NULL, 0,
                                      &error);
  g_assert_cmpuint (overdue->len, ==, 2);
  g_assert_cmpint (((StpFollowup *)g_ptr_array_index (overdue, 0))->kind, ==,
                   STP_FOLLOWUP_KIND_AFTERCARE_SHEET);
  today = stp_store_list_followups (f->store, STP_FOLLOWUP_RANGE_TODAY, now, NULL, 0, &error);
  g_assert_cmpuint (today->len, ==, 1);
  g_assert_cmpstr (((StpFollowup *)g_ptr_array_index (today, 0))->title, ==,
                   "Day 7 check-in");
  g_assert_cmpstr (((StpFollowup *)g_ptr_array_index (today, 0))->email, ==,
                   "sam@example.org");
  upcoming = stp_store_list_followups (f->store, STP_FOLLOWUP_RANGE_UPCOMING, now, NULL, 0,
                                       &error);
  g_assert_cmpuint (upcoming->len, ==, 2);
  calls = stp_store_list_followups (f->store, STP_FOLLOWUP_RANGE_OPEN, now, &filter, 0,
                                    &error);
  g_assert_cmpuint (calls->len, ==, 2);
  filter.kind = -1;
  filter.staff_id = 999;
  g_clear_pointer (&calls, g_ptr_array_unref);
  calls = stp_store_list_followups (f->store, STP_FOLLOWUP_RANGE_OPEN, now, &filter, 0,
                                    &error);
  g_assert_cmpuint (calls->len, ==, 0);
  /* The session's practitioner sees all five of the client's open follow-ups. */
  filter.staff_id = ((StpFollowup *)g_ptr_array_index (today, 0))->staff_id;
  g_assert_cmpint (filter.staff_id, >, 0);
  g_clear_pointer (&calls, g_ptr_array_unref);
  calls = stp_store_list_followups (f->store, STP_FOLLOWUP_RANGE_OPEN, now, &filter, 0,
                                    &error);
  g_assert_cmpuint (calls->len, ==, 5);

  g_assert_true (stp_store_count_followups (f->store, now, &counts, &error));
  g_assert_cmpuint (counts.due, ==, 3);
  g_assert_cmpuint (counts.overdue, ==, 2);
  g_assert_cmpuint (counts.today, ==, 1);
  g_assert_cmpuint (counts.upcoming, ==, 2);

  /* The last outcome travels with the client's next follow-ups. */
  {
    gint64 first = ((StpFollowup *)g_ptr_array_index (overdue, 0))->id;
    g_autoptr(StpFollowup) next = NULL;

    g_assert_true (stp_store_complete_followups (f->store, &first, 1,
                                                 "  Healing well, no redness  ", &error));
    next = stp_store_get_followup (f->store, ((StpFollowup *)g_ptr_array_index (today, 0))->id,
                                   &error);
    g_assert_cmpstr (next->last_outcome, ==, "Healing well, no redness");
  }
  (void)session;
}

static void
test_actions (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 now = (g_get_real_time () / G_USEC_PER_SEC);
  gint64 session = test_log_session (f->store, f->client, 0, STP_SESSION_KIND_INITIAL,
                                     now - 3600);
  gint64 ids[2];
  gint64 tomorrow;

  list = test_session_followups (f->store, session);
  ids[0] = ((StpFollowup *)g_ptr_array_index (list, 0))->id;
  ids[1] = ((StpFollowup *)g_ptr_array_index (list, 1))->id;

  /* Snooze two at once until the next opening tomorrow. */
  tomorrow = stp_store_snooze_tomorrow (f->store, now);
  g_assert_cmpint (tomorrow, >, now);
  g_assert_true (stp_store_snooze_followups (f->store, ids, 2, tomorrow, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(StpFollowup) s = stp_store_get_followup (f->store, ids[i], &error);
      g_assert_cmpint (s->status, ==, STP_FOLLOWUP_STATUS_SNOOZED);
      g_assert_cmpint (s->snoozed_until, ==, tomorrow);
      g_assert_cmpint (s->remind_at, ==, tomorrow);
    }

  /* A snooze into the past is refused and changes nothing. */
  g_assert_false (stp_store_snooze_followups (f->store, ids, 2, now - 60, &error));
  g_assert_error (error, STP_FOLLOWUP_ERROR, STP_FOLLOWUP_ERROR_TIME_INVALID);
  g_clear_error (&error);

  /* Reschedule one: pending again at the new time. */
  g_assert_true (stp_store_reschedule_followups (f->store, ids, 1, now + 86400 * 3, &error));
  {
    g_autoptr(StpFollowup) r = stp_store_get_followup (f->store, ids[0], &error);
    g_assert_cmpint (r->status, ==, STP_FOLLOWUP_STATUS_PENDING);
    g_assert_cmpint (r->due_at, ==, now + 86400 * 3);
    g_assert_cmpint (r->snoozed_until, ==, 0);
  }

  /* Done in bulk, with who did it; then done again is refused as a whole. */
  stp_store_set_actor (f->store, f->admin);
  g_assert_true (stp_store_complete_followups (f->store, ids, 2, "Called, all fine", &error));
  g_assert_no_error (error);
  {
    g_autoptr(StpFollowup) d = stp_store_get_followup (f->store, ids[1], &error);
    g_assert_cmpint (d->status, ==, STP_FOLLOWUP_STATUS_DONE);
    g_assert_cmpint (d->done_by, ==, f->admin);
    g_assert_cmpint (d->remind_at, ==, 0);
  }
  g_assert_false (stp_store_complete_followups (f->store, ids, 2, "", &error));
  g_assert_error (error, STP_FOLLOWUP_ERROR, STP_FOLLOWUP_ERROR_CLOSED);
  g_clear_error (&error);
  {
    g_autofree char *long_note = g_strnfill (2001, 'x');
    gint64 third = ((StpFollowup *)g_ptr_array_index (list, 2))->id;

    g_assert_false (stp_store_complete_followups (f->store, &third, 1, long_note, &error));
    g_assert_error (error, STP_FOLLOWUP_ERROR, STP_FOLLOWUP_ERROR_TOO_LONG);
  }

  /* Audit rows name the follow-up and the fields. */
  {
    g_autoptr(GPtrArray) audit = stp_store_list_audit (f->store, "followup", ids[1], 0, NULL);
    g_assert_cmpuint (audit->len, ==, 3);   /* create, snooze, done */
    g_assert_cmpstr (((StpAuditEntry *)g_ptr_array_index (audit, 0))->action, ==, "done");
  }
}

static void
test_repeat (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) after = NULL;
  gint64 session = test_log_session (f->store, f->client, 0, STP_SESSION_KIND_TOUCH_UP,
                                     test_utc ("2020-03-24T10:00:00Z"));
  StpFollowup *touch;
  gint64 id;

  list = test_session_followups (f->store, session);
  touch = test_find_kind (list, STP_FOLLOWUP_KIND_TOUCH_UP, 0);
  test_assert_time (touch->due_at, "2023-03-24T10:00:00Z");
  id = touch->id;
  g_assert_true (stp_store_complete_followups (f->store, &id, 1, "Not yet", &error));
  g_assert_no_error (error);
  after = test_session_followups (f->store, session);
  g_assert_cmpuint (after->len, ==, list->len + 1);
  /* Every 365 days from the first due time, never in the past: the 2024, 2025 and 2026
   * ones have gone by (it is November 2026 or later), so the next is in March 2027
   * (Tuesday 23rd), at 10:00 like the session. */
  touch = test_find_kind (after, STP_FOLLOWUP_KIND_TOUCH_UP, 1);
  g_assert_cmpint (touch->status, ==, STP_FOLLOWUP_STATUS_PENDING);
  g_assert_cmpint (touch->due_at, >, (g_get_real_time () / G_USEC_PER_SEC));
  {
    g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (touch->due_at);
    g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, f->london);
    g_assert_cmpint (g_date_time_get_month (local), ==, 3);
    g_assert_cmpint (g_date_time_get_hour (local), ==, 10);
  }
}

static void
test_notified (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) third = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 now = (g_get_real_time () / G_USEC_PER_SEC);
  gint64 session = test_log_session (f->store, f->client, 0, STP_SESSION_KIND_INITIAL,
                                     now - 86400 * 8);
  gint64 next;

  first = stp_store_list_unnotified (f->store, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, >=, 3);   /* day 0, 4 and 7 */
  for (guint i = 0; i < first->len; i++)
    g_array_append_val (ids, ((StpFollowup *)g_ptr_array_index (first, i))->id);
  g_assert_true (stp_store_mark_notified (f->store, (gint64 *)ids->data, ids->len, &error));

  /* Reopening the store (a restart) does not bring them back. */
  g_clear_object (&f->store);
  f->store = test_open_store (f->data_dir);
  second = stp_store_list_unnotified (f->store, now, &error);
  g_assert_cmpuint (second->len, ==, 0);

  /* A snooze gives a new due time, which is notified again once it comes. */
  next = now + 3600;
  g_assert_true (stp_store_snooze_followups (f->store, (gint64 *)ids->data, 1, next, &error));
  g_assert_cmpint (stp_store_next_reminder_at (f->store, now, &error), ==, next);
  third = stp_store_list_unnotified (f->store, next, &error);
  g_assert_cmpuint (third->len, ==, 1);
  g_assert_cmpint (((StpFollowup *)g_ptr_array_index (third, 0))->id, ==,
                   g_array_index (ids, gint64, 0));
  (void)session;
}

static void
count_followup_cb (StpStore *store,
                   int       entity,
                   gint64    id,
                   int       kind,
                   guint    *count)
{
  if (entity == STP_ENTITY_FOLLOWUP)
    (*count)++;
}

static void
test_signal_and_referral (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(StpReferral) r = stp_referral_new ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  guint count = 0;
  gint64 id;

  g_signal_connect (f->store, "changed", G_CALLBACK (count_followup_cb), &count);
  test_log_session (f->store, f->client, 0, STP_SESSION_KIND_INITIAL,
                    test_utc ("2026-03-24T10:00:00Z"));
  g_assert_cmpuint (count, ==, 1);

  r->client_id = f->client;
  g_free (r->clinic);
  r->clinic = g_strdup ("Clear Skin Laser");
  g_free (r->referred_on);
  r->referred_on = g_strdup ("2026-04-01");
  r->areas = STP_AREA_FRONTAL_HAIRLINE;
  id = stp_store_create_referral (f->store, r, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 2);
  list = stp_store_list_referral_followups (f->store, id, &error);
  g_assert_cmpuint (list->len, ==, 3);
  /* 14 days after Wednesday 1 April is Wednesday 15th, at opening (09:00 BST). */
  test_assert_time (((StpFollowup *)g_ptr_array_index (list, 0))->due_at,
                    "2026-04-15T08:00:00Z");
  g_assert_cmpstr (((StpFollowup *)g_ptr_array_index (list, 0))->service, ==,
                   "laser-referral");
}

static void
test_opening_hours_store (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(StpOpeningHours) hours = NULL;
  g_autoptr(StpOpeningHours) back = NULL;
  g_autoptr(GError) error = NULL;

  hours = stp_store_get_opening_hours (f->store, &error);
  g_assert_no_error (error);
  g_assert_true (hours->days[1].open);
  g_assert_cmpuint (hours->days[1].opens_minute, ==, 540);
  g_assert_false (hours->days[7].open);

  hours->days[3].open = FALSE;
  stp_opening_hours_set_closed_day (hours, "2026-12-25", TRUE);
  g_assert_true (stp_store_set_opening_hours (f->store, hours, NULL, &error));
  back = stp_store_get_opening_hours (f->store, &error);
  g_assert_false (back->days[3].open);
  g_assert_true (stp_opening_hours_is_closed_day (back, "2026-12-25"));

  hours->days[1].closes_minute = 100;
  g_assert_false (stp_store_set_opening_hours (f->store, hours, NULL, &error));
  g_assert_error (error, STP_OPENING_HOURS_ERROR, STP_OPENING_HOURS_ERROR_INVALID_TIME);
}

static int
compare_by_id (gconstpointer a,
               gconstpointer b)
{
  const StpFollowup *x = *(StpFollowup * const *)a;
  const StpFollowup *y = *(StpFollowup * const *)b;

  return (x->id > y->id) - (x->id < y->id);
}

/* New hours move the pending follow-ups still to come that now fall outside them, in the
 * same transaction, and leave the rest alone. */
static void
test_opening_hours_move (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(StpOpeningHours) hours = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 session = test_log_session (f->store, f->client, 0, STP_SESSION_KIND_INITIAL,
                                     now - 3600);
  gint64 snoozed_id, done_id, snooze_to;
  guint moved = 99, expected = 0;

  before = test_session_followups (f->store, session);
  g_assert_cmpuint (before->len, >=, 4);
  /* One snoozed and one done: both stay as they are. */
  snoozed_id = ((StpFollowup *)g_ptr_array_index (before, 1))->id;
  done_id = ((StpFollowup *)g_ptr_array_index (before, 2))->id;
  snooze_to = stp_store_snooze_tomorrow (f->store, now);
  g_assert_true (stp_store_snooze_followups (f->store, &snoozed_id, 1, snooze_to, &error));
  g_assert_true (stp_store_complete_followups (f->store, &done_id, 1, "", &error));
  g_assert_no_error (error);
  g_clear_pointer (&before, g_ptr_array_unref);
  before = test_session_followups (f->store, session);

  /* Open only on Sundays, 10:00 to 14:00. */
  hours = stp_store_get_opening_hours (f->store, &error);
  for (guint d = 1; d <= 6; d++)
    hours->days[d].open = FALSE;
  hours->days[7].open = TRUE;
  hours->days[7].opens_minute = 600;
  hours->days[7].closes_minute = 840;
  for (guint i = 0; i < before->len; i++)
    {
      StpFollowup *fu = g_ptr_array_index (before, i);

      if (fu->status == STP_FOLLOWUP_STATUS_PENDING && fu->due_at > now &&
          stp_opening_hours_next_open (hours, f->london, fu->due_at) != fu->due_at)
        expected++;
    }
  g_assert_cmpuint (expected, >, 0);

  g_assert_true (stp_store_set_opening_hours (f->store, hours, &moved, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (moved, ==, expected);

  /* Compared by id: the list is in order of due time, which the moves may change. */
  after = test_session_followups (f->store, session);
  g_assert_cmpuint (after->len, ==, before->len);
  g_ptr_array_sort (before, compare_by_id);
  g_ptr_array_sort (after, compare_by_id);
  for (guint i = 0; i < after->len; i++)
    {
      StpFollowup *old = g_ptr_array_index (before, i);
      StpFollowup *fu = g_ptr_array_index (after, i);

      g_assert_cmpint (fu->id, ==, old->id);
      if (old->status != STP_FOLLOWUP_STATUS_PENDING || old->due_at <= now)
        {
          /* Snoozed, done, or already due: untouched. */
          g_assert_cmpint (fu->due_at, ==, old->due_at);
          g_assert_cmpint (fu->remind_at, ==, old->remind_at);
          g_assert_cmpint (fu->status, ==, old->status);
          continue;
        }
      /* Inside the new hours, never earlier than before, and reminded then. */
      g_assert_cmpint (stp_opening_hours_next_open (hours, f->london, fu->due_at), ==,
                       fu->due_at);
      g_assert_cmpint (fu->due_at, >=, old->due_at);
      g_assert_cmpint (fu->remind_at, ==, fu->due_at);
      if (fu->due_at != old->due_at)
        {
          g_autoptr(GPtrArray) audit = stp_store_list_audit (f->store, "followup", fu->id,
                                                             0, NULL);
          g_assert_cmpstr (((StpAuditEntry *)g_ptr_array_index (audit, 0))->action, ==,
                           "reschedule");
        }
    }
  {
    g_autoptr(StpFollowup) s = stp_store_get_followup (f->store, snoozed_id, &error);
    g_assert_cmpint (s->status, ==, STP_FOLLOWUP_STATUS_SNOOZED);
    g_assert_cmpint (s->remind_at, ==, snooze_to);
  }

  /* Saving the same hours again moves nothing. */
  g_assert_true (stp_store_set_opening_hours (f->store, hours, &moved, &error));
  g_assert_cmpuint (moved, ==, 0);
}

#define ADD(path, fn) \
  g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/followup/protocols/seeded", test_seeded);
  ADD ("/followup/opening-hours/move", test_opening_hours_move);
  ADD ("/followup/protocols/admin", test_protocol_admin);
  ADD ("/followup/schedule/session", test_schedule);
  ADD ("/followup/schedule/no-next-session", test_schedule_without_next);
  ADD ("/followup/move/correction", test_move_on_correction);
  ADD ("/followup/move/kind-correction", test_kind_correction);
  ADD ("/followup/cancel/session", test_cancel_session);
  ADD ("/followup/cancel/plan", test_cancel_plan);
  ADD ("/followup/query/due", test_due_queries);
  ADD ("/followup/actions", test_actions);
  ADD ("/followup/repeat", test_repeat);
  ADD ("/followup/notified", test_notified);
  ADD ("/followup/signal-and-referral", test_signal_and_referral);
  ADD ("/followup/opening-hours", test_opening_hours_store);

  return g_test_run ();
}
