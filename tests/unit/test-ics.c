/* test-ics.c: the follow-ups' iCalendar export parses back with libical into the same
 * events: UID, DTSTART, SUMMARY and DESCRIPTION, including text that needs escaping.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libical/ical.h>

#include "test-followup-util.h"
#include "stp-ics.h"

static void
test_round_trip (void)
{
  g_autofree char *tmp = test_make_tmp ();
  g_autofree char *data_dir = g_build_filename (tmp, "data", NULL);
  g_autofree char *path = g_build_filename (tmp, "followups.ics", NULL);
  g_autoptr(StpStore) store = test_open_store (data_dir);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *contents = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 client = test_add_client (store, "Zoë, \"Jo\"", "Ní Bhriain; Smith", "+353 1 234",
                                   "zoe@example.org", NULL);
  icalcomponent *calendar;
  guint n_events = 0;

  test_log_session (store, client, 0, STP_SESSION_KIND_INITIAL, now - 86400);
  test_log_session (store, test_add_client (store, "Ade", "Bello", NULL, NULL, NULL), 0,
                    STP_SESSION_KIND_REFINEMENT, now - 3 * 86400);
  list = stp_store_list_followups (store, STP_FOLLOWUP_RANGE_OPEN, now, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, >=, 8);

  g_assert_true (stp_ics_write_followups (list, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));

  calendar = icalparser_parse_string (contents);
  g_assert_nonnull (calendar);
  g_assert_cmpint (icalcomponent_isa (calendar), ==, ICAL_VCALENDAR_COMPONENT);
  for (icalcomponent *event = icalcomponent_get_first_component (calendar,
                                                                 ICAL_VEVENT_COMPONENT);
       event != NULL;
       event = icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT))
    {
      const char *uid = icalcomponent_get_uid (event);
      struct icaltimetype start = icalcomponent_get_dtstart (event);
      const StpFollowup *match = NULL;

      for (guint i = 0; i < list->len; i++)
        {
          g_autofree char *want = stp_ics_followup_uid (g_ptr_array_index (list, i));
          if (g_strcmp0 (want, uid) == 0)
            match = g_ptr_array_index (list, i);
        }
      g_assert_nonnull (match);
      g_assert_false (g_hash_table_contains (seen, uid));
      g_hash_table_add (seen, g_strdup (uid));
      {
        g_autofree char *summary = stp_ics_followup_summary (match);
        g_autofree char *description = stp_ics_followup_description (match);

        g_assert_true (icaltime_is_utc (start));
        g_assert_cmpint ((gint64)icaltime_as_timet (start), ==, match->remind_at);
        g_assert_cmpstr (icalcomponent_get_summary (event), ==, summary);
        g_assert_cmpstr (icalcomponent_get_description (event), ==, description);
        g_assert_nonnull (strstr (summary, match->client_name));
        g_assert_nonnull (strstr (summary, match->title));
      }
      n_events++;
    }
  g_assert_cmpuint (n_events, ==, list->len);
  /* The escaped name came back whole. */
  g_assert_nonnull (strstr (contents, "Zo\xc3\xab\\, \"Jo\" N\xc3\xad Bhriain\\; Smith"));
  icalcomponent_free (calendar);
  g_clear_object (&store);
  test_rm_rf (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ics/round-trip", test_round_trip);
  return g_test_run ();
}
