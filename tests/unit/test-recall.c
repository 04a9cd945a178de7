/* test-recall.c: lot recall on a generated data set whose answers are known, date range
 * edges, and the CSV text.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "test-session-util.h"

#define N_CLIENTS  30
#define N_SESSIONS 160

static const char *pigment_lots[] = { "P-A", "P-B", "P-C", "P-D" };
static const char *needle_lots[] = { "N-1", "N-2", "N-3" };

typedef struct
{
  gint64   id;
  gint64   client_id;
  char    *day;          /* local ISO date */
  guint    pigments;     /* bit i: pigment_lots[i] */
  guint    needles;      /* bit i: needle_lots[i] */
  gboolean cancelled;
} Generated;

typedef struct
{
  char      *tmp;
  StpStore  *store;
  gint64     staff;
  gint64     clients[N_CLIENTS];
  Generated  sessions[N_SESSIONS];
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260301);
  g_autoptr(GError) error = NULL;

  f->tmp = test_make_tmp ();
  f->store = test_open_store (f->tmp);
  f->staff = test_add_staff (f->store, "Anna");

  for (guint i = 0; i < N_CLIENTS; i++)
    {
      g_autofree char *given = g_strdup_printf ("Given%02u", i);
      g_autofree char *family = g_strdup_printf ("Family%02u", (i * 7) % N_CLIENTS);
      g_autofree char *phone = g_strdup_printf ("+44 7700 9000%02u", i);
      f->clients[i] = test_add_client (f->store, given, family, phone, NULL, NULL);
    }

  for (guint i = 0; i < N_SESSIONS; i++)
    {
      Generated *g = &f->sessions[i];
      g_autoptr(StpTreatmentSession) s = stp_treatment_session_new ();
      g_autoptr(GDateTime) start = g_date_time_new_local (2025, 1, 1, 0, 0, 0);
      g_autoptr(GDateTime) day = g_date_time_add_days (start, g_rand_int_range (rand, 0, 730));
      /* Some sessions end the local day at 23:59, the edge of a range. */
      int hour = g_rand_int_range (rand, 0, 4) == 0 ? 23 : g_rand_int_range (rand, 8, 18);
      g_autoptr(GDateTime) at = g_date_time_add_full (day, 0, 0, 0, hour, hour == 23 ? 59 : 0,
                                                      0);

      g->client_id = f->clients[g_rand_int_range (rand, 0, N_CLIENTS)];
      g->day = g_date_time_format (at, "%Y-%m-%d");
      do
        g->pigments = g_rand_int_range (rand, 0, 1 << G_N_ELEMENTS (pigment_lots));
      while (g->pigments == 0);
      g->needles = g_rand_int_range (rand, 0, 1 << G_N_ELEMENTS (needle_lots));

      s->client_id = g->client_id;
      s->practitioner_id = f->staff;
      s->started_at = g_date_time_to_unix (at);
      s->areas = STP_AREA_CROWN;
      for (guint p = 0; p < G_N_ELEMENTS (pigment_lots); p++)
        if (g->pigments & (1u << p))
          /* Two products share lot P-A: a recall by lot finds both. */
          g_ptr_array_add (s->pigments,
                           stp_session_pigment_new (p == 0 && i % 2 ? "OtherBrand" : "Ink",
                                                    "Shade", "1:20", pigment_lots[p],
                                                    "2099-01-01"));
      for (guint n = 0; n < G_N_ELEMENTS (needle_lots); n++)
        if (g->needles & (1u << n))
          g_ptr_array_add (s->needles, stp_session_needle_new ("3RL", 0.25, "", needle_lots[n],
                                                               NULL));
      g->id = stp_store_log_session (f->store, s, 0, &error);
      g_assert_no_error (error);

      g->cancelled = g_rand_int_range (rand, 0, 10) == 0;
      if (g->cancelled)
        {
          g_assert_true (stp_store_cancel_session (f->store, g->id, "test", &error));
          g_assert_no_error (error);
        }
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  for (guint i = 0; i < N_SESSIONS; i++)
    g_free (f->sessions[i].day);
  g_clear_object (&f->store);
  test_rm_rf (f->tmp);
  g_free (f->tmp);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
  return x < y ? -1 : x > y;
}

static void
check_recall (Fixture    *f,
              StpLotKind  kind,
              guint       index,
              const char *typed,
              const char *from,
              const char *to)
{
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) clients = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) seen_clients = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < N_SESSIONS; i++)
    {
      Generated *g = &f->sessions[i];
      guint bits = kind == STP_LOT_PIGMENT ? g->pigments : g->needles;

      if (g->cancelled || (bits & (1u << index)) == 0 ||
          (from != NULL && strcmp (g->day, from) < 0) ||
          (to != NULL && strcmp (g->day, to) > 0))
        continue;
      g_array_append_val (expected, g->id);
      g_hash_table_add (clients, &g->client_id);
    }

  hits = stp_store_recall (f->store, kind, typed, from, to, &error);
  g_assert_no_error (error);
  g_assert_nonnull (hits);

  for (guint i = 0; i < hits->len; i++)
    {
      StpRecallHit *hit = hits->pdata[i];

      g_array_append_val (got, hit->session_id);
      /* Grouped by client: once a client's run ends, it never comes back. */
      if (i > 0 && ((StpRecallHit *)hits->pdata[i - 1])->client_id != hit->client_id)
        g_assert_false (g_hash_table_contains (seen_clients, &hit->client_id));
      g_hash_table_add (seen_clients, &hit->client_id);
      g_assert_true (g_str_has_prefix (hit->phone, "+44 7700 9000"));
      g_assert_true (g_str_has_prefix (hit->family_name, "Family"));
    }

  g_array_sort (expected, compare_ids);
  g_array_sort (got, compare_ids);
  g_test_message ("lot %s from %s to %s: %u sessions", typed, from, to, expected->len);
  g_assert_cmpuint (got->len, ==, expected->len);
  for (guint i = 0; i < got->len; i++)
    g_assert_cmpint (g_array_index (got, gint64, i), ==, g_array_index (expected, gint64, i));
  g_assert_cmpuint (stp_recall_count_clients (hits), ==, g_hash_table_size (clients));
}

static void
test_generated (Fixture       *f,
                gconstpointer  data)
{
  static const char *ranges[][2] = {
    { NULL, NULL },
    { "2025-06-01", "2025-12-31" },
    { "2026-03-15", NULL },
    { NULL, "2025-02-28" },
    { "2025-07-04", "2025-07-04" },
  };
  guint non_empty = 0;

  for (guint r = 0; r < G_N_ELEMENTS (ranges); r++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (pigment_lots); i++)
        check_recall (f, STP_LOT_PIGMENT, i, pigment_lots[i], ranges[r][0], ranges[r][1]);
      for (guint i = 0; i < G_N_ELEMENTS (needle_lots); i++)
        check_recall (f, STP_LOT_NEEDLE, i, needle_lots[i], ranges[r][0], ranges[r][1]);
    }

  /* As typed at the desk: other case, stray spaces. */
  check_recall (f, STP_LOT_PIGMENT, 0, "  p-a ", NULL, NULL);
  check_recall (f, STP_LOT_NEEDLE, 2, "n-3", "2025-06-01", "2025-12-31");

  /* The data set is not trivially empty. */
  for (guint i = 0; i < N_SESSIONS; i++)
    if (!f->sessions[i].cancelled && (f->sessions[i].pigments & 1))
      non_empty++;
  g_assert_cmpuint (non_empty, >, 40);
}

static void
test_unknown_and_bad_input (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;

  hits = stp_store_recall (f->store, STP_LOT_PIGMENT, "P-Z", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* A pigment lot is not a needle lot. */
  hits = stp_store_recall (f->store, STP_LOT_NEEDLE, "P-A", NULL, NULL, &error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  g_assert_null (stp_store_recall (f->store, STP_LOT_PIGMENT, " ", NULL, NULL, &error));
  g_assert_error (error, STP_SESSION_ERROR, STP_SESSION_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_null (stp_store_recall (f->store, STP_LOT_PIGMENT, "P-A", "2025-02-30", NULL,
                                   &error));
  g_assert_error (error, STP_SESSION_ERROR, STP_SESSION_ERROR_DATE_INVALID);
  g_clear_error (&error);
  g_assert_null (stp_store_recall (f->store, STP_LOT_PIGMENT, "P-A", "2026-01-02",
                                   "2026-01-01", &error));
  g_assert_error (error, STP_SESSION_ERROR, STP_SESSION_ERROR_OUT_OF_RANGE);
}

static void
test_csv_text (void)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify)stp_recall_hit_free);
  StpRecallHit *hit = g_new0 (StpRecallHit, 1);
  g_autofree char *csv = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *when = NULL;
  g_autoptr(GDateTime) local = g_date_time_new_local (2026, 3, 14, 9, 5, 0);

  hit->client_id = 1;
  hit->given_name = g_strdup ("Zoë");
  hit->family_name = g_strdup ("O\"Brien, Jr");
  hit->phone = g_strdup ("+44 1");
  hit->email = g_strdup ("");
  hit->session_id = 7;
  hit->started_at = g_date_time_to_unix (local);
  hit->products = g_strdup ("Ink Shade,Other Shade");
  hit->notes = g_strdup ("line 1\r\nline 2");
  g_ptr_array_add (hits, hit);

  csv = stp_recall_to_csv (hits, "P-A");
  when = g_date_time_format (local, "%Y-%m-%d %H:%M");
  expected = g_strdup_printf ("Family name,Given name,Phone,Email,Session date,Products,Lot,"
                              "Session notes\r\n"
                              "\"O\"\"Brien, Jr\",Zoë,+44 1,,%s,\"Ink Shade,Other Shade\","
                              "P-A,\"line 1\r\nline 2\"\r\n", when);
  g_assert_cmpstr (csv, ==, expected);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("TZ", "America/New_York", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/recall/generated/known-answers", Fixture, NULL, fixture_set_up, test_generated,
              fixture_tear_down);
  g_test_add ("/recall/unknown-and-bad-input", Fixture, NULL, fixture_set_up,
              test_unknown_and_bad_input, fixture_tear_down);
  g_test_add_func ("/recall/csv/quoting", test_csv_text);

  return g_test_run ();
}
