/* test-protocols.c: protocol validation with exact error codes, the shipped defaults, and
 * expansion into exact due times across clock changes and around closed days.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-followup-util.h"

static StpProtocol *
load_smp (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) defaults = stp_protocol_load_defaults (&error);

  g_assert_no_error (error);
  g_assert_cmpuint (defaults->len, ==, 2);
  /* Sorted by file name: laser-referral.json, smp.json. */
  g_assert_cmpstr (((StpProtocol *)g_ptr_array_index (defaults, 1))->name, ==, "SMP aftercare");
  return stp_protocol_copy (g_ptr_array_index (defaults, 1));
}

static void
test_defaults (void)
{
  g_autoptr(StpProtocol) smp = load_smp ();
  const StpProtocolStep *step;

  g_assert_cmpuint (smp->steps->len, ==, 6);
  g_assert_cmpuint (smp->services->len, ==, 6);
  step = g_ptr_array_index (smp->steps, 0);
  g_assert_cmpint (step->kind, ==, STP_FOLLOWUP_KIND_AFTERCARE_SHEET);
  g_assert_cmpuint (step->offset_days, ==, 0);
  g_assert_cmpint (step->channel, ==, STP_CHANNEL_IN_CLINIC);
  step = g_ptr_array_index (smp->steps, 3);
  g_assert_cmpint (step->kind, ==, STP_FOLLOWUP_KIND_PHOTO_CHECK);
  g_assert_cmpuint (step->offset_days, ==, 30);
  step = g_ptr_array_index (smp->steps, 4);
  g_assert_true (step->use_plan_spacing);
  step = g_ptr_array_index (smp->steps, 5);
  g_assert_cmpint (step->kind, ==, STP_FOLLOWUP_KIND_TOUCH_UP);
  g_assert_cmpuint (step->offset_days, ==, 1095);
  g_assert_cmpuint (step->repeat_days, ==, 365);
}

static void
test_json_round_trip (void)
{
  g_autoptr(StpProtocol) smp = load_smp ();
  g_autoptr(StpProtocol) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = stp_protocol_to_json (smp);
  g_autofree char *again = NULL;

  back = stp_protocol_from_json (json, -1, &error);
  g_assert_no_error (error);
  again = stp_protocol_to_json (back);
  g_assert_cmpstr (json, ==, again);
}

static void
expect_invalid (StpProtocol *p,
                int          code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (stp_protocol_validate (p, &error));
  g_assert_error (error, STP_PROTOCOL_ERROR, code);
}

static void
test_validation (void)
{
  g_autoptr(StpProtocol) p = load_smp ();
  StpProtocolStep *step = g_ptr_array_index (p->steps, 1);
  g_autoptr(GError) error = NULL;

  g_assert_true (stp_protocol_validate (p, NULL));

  g_free (p->name);
  p->name = g_strdup ("   ");
  expect_invalid (p, STP_PROTOCOL_ERROR_NAME_REQUIRED);
  g_free (p->name);
  p->name = g_strdup ("SMP");

  g_free (step->title);
  step->title = g_strdup (" ");
  expect_invalid (p, STP_PROTOCOL_ERROR_TITLE_REQUIRED);
  g_free (step->title);
  step->title = g_strdup ("Bad\x01title");
  expect_invalid (p, STP_PROTOCOL_ERROR_INVALID_TEXT);
  g_free (step->title);
  step->title = g_strnfill (201, 'a');
  expect_invalid (p, STP_PROTOCOL_ERROR_TOO_LONG);
  g_free (step->title);
  step->title = g_strdup ("Day 4");

  step->offset_days = 4000;
  expect_invalid (p, STP_PROTOCOL_ERROR_OFFSET_OUT_OF_RANGE);
  step->offset_days = 4;
  step->offset_hours = 24;
  expect_invalid (p, STP_PROTOCOL_ERROR_OFFSET_OUT_OF_RANGE);
  step->offset_hours = 0;
  step->repeat_days = 3;
  expect_invalid (p, STP_PROTOCOL_ERROR_OFFSET_OUT_OF_RANGE);
  step->repeat_days = 0;
  step->channel = (StpChannel)7;
  expect_invalid (p, STP_PROTOCOL_ERROR_INVALID_CHANNEL);
  step->channel = STP_CHANNEL_CALL;
  step->kind = (StpFollowupKind)42;
  expect_invalid (p, STP_PROTOCOL_ERROR_INVALID_KIND);
  step->kind = STP_FOLLOWUP_KIND_CHECK_IN;

  g_ptr_array_add (p->services, g_strdup ("cryoskin"));
  expect_invalid (p, STP_PROTOCOL_ERROR_INVALID_SERVICE);
  g_ptr_array_remove_index (p->services, p->services->len - 1);
  g_ptr_array_add (p->services, g_strdup ("initial"));
  expect_invalid (p, STP_PROTOCOL_ERROR_SERVICE_TAKEN);
  g_ptr_array_remove_index (p->services, p->services->len - 1);

  g_ptr_array_set_size (p->steps, 0);
  expect_invalid (p, STP_PROTOCOL_ERROR_NO_STEPS);

  g_assert_null (stp_protocol_from_json ("{\"name\": \"X\", \"steps\": [{\"kind\": \"call\"}]}",
                                         -1, &error));
  g_assert_error (error, STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_INVALID_KIND);
  g_clear_error (&error);
  g_assert_null (stp_protocol_from_json ("[1, 2", -1, &error));
  g_assert_error (error, STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_INVALID_FILE);
  g_clear_error (&error);
  g_assert_null (stp_protocol_from_json ("{\"name\": \"X\", \"steps\": [{\"kind\": "
                                         "\"check-in\", \"channel\": \"call\", \"title\": "
                                         "\"T\", \"offset_days\": -3}]}", -1, &error));
  g_assert_error (error, STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_INVALID_FILE);
}

/* Session Tuesday 24 March 2026, 10:00 in London (GMT); clocks go forward on Sunday 29th. */
static void
test_expand_spring (void)
{
  g_autoptr(StpProtocol) smp = load_smp ();
  g_autoptr(GTimeZone) london = g_time_zone_new_identifier ("Europe/London");
  g_autoptr(StpOpeningHours) hours = stp_opening_hours_new_default ();
  g_autoptr(GArray) dues = NULL;

  g_assert_nonnull (london);
  dues = stp_protocol_expand (smp, test_utc ("2026-03-24T10:00:00Z"), 14, hours, london);
  g_assert_cmpuint (dues->len, ==, 6);
  /* Day 0 at the session time; day 4 a Saturday 10:00 (GMT); day 7 Tuesday 31st at 10:00
   * BST, which is 09:00 UTC; day 30 at 10:00 BST; next session 14 days on; touch-up three
   * years on (Friday 23 March 2029, 10:00 GMT). */
  test_assert_time (g_array_index (dues, StpProtocolDue, 0).due_at, "2026-03-24T10:00:00Z");
  test_assert_time (g_array_index (dues, StpProtocolDue, 1).due_at, "2026-03-28T10:00:00Z");
  test_assert_time (g_array_index (dues, StpProtocolDue, 2).due_at, "2026-03-31T09:00:00Z");
  test_assert_time (g_array_index (dues, StpProtocolDue, 3).due_at, "2026-04-23T09:00:00Z");
  test_assert_time (g_array_index (dues, StpProtocolDue, 4).due_at, "2026-04-07T09:00:00Z");
  test_assert_time (g_array_index (dues, StpProtocolDue, 5).due_at, "2029-03-23T10:00:00Z");
}

/* Session Tuesday 20 October 2026, 10:00 BST; clocks go back on Sunday 25th. */
static void
test_expand_autumn (void)
{
  g_autoptr(StpProtocol) smp = load_smp ();
  g_autoptr(GTimeZone) london = g_time_zone_new_identifier ("Europe/London");
  g_autoptr(StpOpeningHours) hours = stp_opening_hours_new_default ();
  g_autoptr(GArray) dues = NULL;

  dues = stp_protocol_expand (smp, test_utc ("2026-10-20T09:00:00Z"), 0, hours, london);
  test_assert_time (g_array_index (dues, StpProtocolDue, 1).due_at, "2026-10-24T09:00:00Z");
  /* Tuesday 27th at 10:00 GMT is 10:00 UTC: still 10:00 on the clinic's clock. */
  test_assert_time (g_array_index (dues, StpProtocolDue, 2).due_at, "2026-10-27T10:00:00Z");
  /* Without a plan spacing, the next-session step keeps its own 10 days: Friday 30th. */
  test_assert_time (g_array_index (dues, StpProtocolDue, 4).due_at, "2026-10-30T10:00:00Z");
}

/* Around closed days: a Sunday and Easter Monday, after hours, before opening. */
static void
test_expand_closed_days (void)
{
  g_autoptr(GTimeZone) london = g_time_zone_new_identifier ("Europe/London");
  g_autoptr(StpOpeningHours) hours = stp_opening_hours_new_default ();
  g_autoptr(StpProtocolStep) step = stp_protocol_step_new ();
  gint64 session = test_utc ("2026-04-01T16:30:00Z");   /* Wednesday 17:30 BST */

  g_assert_true (stp_opening_hours_set_closed_day (hours, "2026-04-06", TRUE));
  g_assert_false (stp_opening_hours_set_closed_day (hours, "2026-02-30", TRUE));

  /* Day 0 at 17:30 is inside hours and stays. */
  test_assert_time (stp_protocol_step_due (step, session, 0, hours, london),
                    "2026-04-01T16:30:00Z");
  /* Day 0 + 2 hours is 19:30, after closing: Thursday at opening, 09:00 BST. */
  step->offset_hours = 2;
  test_assert_time (stp_protocol_step_due (step, session, 0, hours, london),
                    "2026-04-02T08:00:00Z");
  /* Day 4 is Sunday (closed), Monday 6th is a closed day: Tuesday 7th at 09:00 BST. */
  step->offset_hours = 0;
  step->offset_days = 4;
  test_assert_time (stp_protocol_step_due (step, session, 0, hours, london),
                    "2026-04-07T08:00:00Z");
  /* Day 3 is Saturday, open 10:00-16:00: 17:30 is after closing, so Tuesday again. */
  step->offset_days = 3;
  test_assert_time (stp_protocol_step_due (step, session, 0, hours, london),
                    "2026-04-07T08:00:00Z");
  /* Before opening on an open day: moved to that day's opening. */
  test_assert_time (stp_opening_hours_next_open (hours, london,
                                                 test_utc ("2026-04-08T05:00:00Z")),
                    "2026-04-08T08:00:00Z");
  /* Opening on the day the clocks go forward (Sunday 29 March is closed anyway; open the
   * Sunday and the opening is 09:00 BST, 08:00 UTC). */
  hours->days[7] = (StpOpeningDay) { TRUE, 9 * 60, 12 * 60 };
  test_assert_time (stp_opening_hours_next_open (hours, london,
                                                 test_utc ("2026-03-29T00:30:00Z")),
                    "2026-03-29T08:00:00Z");
}

static void
test_opening_hours_validation (void)
{
  g_autoptr(StpOpeningHours) hours = stp_opening_hours_new_default ();
  g_autoptr(GError) error = NULL;
  guint minute = 0;

  g_assert_true (stp_opening_hours_validate (hours, NULL));
  hours->days[2].closes_minute = hours->days[2].opens_minute;
  g_assert_false (stp_opening_hours_validate (hours, &error));
  g_assert_error (error, STP_OPENING_HOURS_ERROR, STP_OPENING_HOURS_ERROR_INVALID_TIME);
  g_clear_error (&error);
  for (guint d = 1; d <= 7; d++)
    hours->days[d].open = FALSE;
  g_assert_false (stp_opening_hours_validate (hours, &error));
  g_assert_error (error, STP_OPENING_HOURS_ERROR, STP_OPENING_HOURS_ERROR_NEVER_OPEN);

  g_assert_true (stp_parse_minute_of_day ("9:30", &minute));
  g_assert_cmpuint (minute, ==, 570);
  g_assert_true (stp_parse_minute_of_day ("24:00", &minute));
  g_assert_cmpuint (minute, ==, 1440);
  g_assert_false (stp_parse_minute_of_day ("24:01", &minute));
  g_assert_false (stp_parse_minute_of_day ("9.30", &minute));
  g_assert_false (stp_parse_minute_of_day ("09:3", &minute));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/protocol/defaults", test_defaults);
  g_test_add_func ("/protocol/json-round-trip", test_json_round_trip);
  g_test_add_func ("/protocol/validation", test_validation);
  g_test_add_func ("/protocol/expand/dst-spring", test_expand_spring);
  g_test_add_func ("/protocol/expand/dst-autumn", test_expand_autumn);
  g_test_add_func ("/protocol/expand/closed-days", test_expand_closed_days);
  g_test_add_func ("/opening-hours/validation", test_opening_hours_validation);

  return g_test_run ();
}
