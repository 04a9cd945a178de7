/* test-followup-util.h: helpers shared by the protocol, follow-up and calendar tests.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "test-consultation-util.h"

/* A unix time from a UTC "YYYY-MM-DDTHH:MM:SSZ". */
static inline gint64
test_utc (const char *iso)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (t);
  return g_date_time_to_unix (t);
}

/* A unix time as UTC ISO 8601, for readable assertions. */
static inline char *
test_iso (gint64 t)
{
  g_autoptr(GDateTime) d = g_date_time_new_from_unix_utc (t);
  return g_date_time_format (d, "%Y-%m-%dT%H:%M:%SZ");
}

#define test_assert_time(t, iso) \
  G_STMT_START { \
    g_autofree char *_s = test_iso (t); \
    g_assert_cmpstr (_s, ==, iso); \
  } G_STMT_END

/* A valid session of a kind for a client at a time, with one unexpired pigment. */
static inline gint64
test_log_session (StpStore       *store,
                  gint64          client_id,
                  gint64          plan_id,
                  StpSessionKind  kind,
                  gint64          started_at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpTreatmentSession) s = stp_treatment_session_new ();
  g_autoptr(StpStaff) who = stp_staff_new ("Pat Practitioner", STP_STAFF_ROLE_PRACTITIONER);
  gint64 id;

  s->practitioner_id = stp_store_create_staff (store, who, &error);
  g_assert_no_error (error);
  s->client_id = client_id;
  s->plan_id = plan_id;
  s->kind = kind;
  s->started_at = started_at;
  s->areas = STP_AREA_FRONTAL_HAIRLINE;
  g_ptr_array_add (s->pigments, stp_session_pigment_new ("Inkredible", "Charcoal 3", "1:20",
                                                         "L100", "2099-12-31"));
  id = stp_store_log_session (store, s, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static inline GPtrArray *
test_session_followups (StpStore *store,
                        gint64    session_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list = stp_store_list_session_followups (store, session_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (list);
  return list;
}

/* The follow-up of a kind (the first by due time) in a list. */
static inline StpFollowup *
test_find_kind (GPtrArray       *list,
                StpFollowupKind  kind,
                guint            nth)
{
  for (guint i = 0; i < list->len; i++)
    {
      StpFollowup *f = g_ptr_array_index (list, i);
      if (f->kind == kind && nth-- == 0)
        return f;
    }
  g_assert_not_reached ();
  return NULL;
}
