/* bench-due-query.c: finding the follow-ups due now among 1,000,000 through the store,
 * beside the same SQL through raw sqlite3 on a second connection (the floor).
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include <stipple/stipple.h>

#include "bench-util.h"

#define N_FOLLOWUPS 1000000
#define N_CLIENTS   10000
#define N_DUE       40
#define ROUNDS      400
/* Every tenth row is open in the future, so of the first N_DUE rows these are due. */
#define EXPECTED    (N_DUE - N_DUE / 10)

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("bench-due-query: %s", message);
}

/* Clients, one session each, and a million follow-ups in one transaction: most done
 * long ago (with outcomes), a tenth open in the coming years, N_DUE due now. */
static void
generate (sqlite3 *db,
          gint64   now)
{
  g_autofree char *sql = NULL;

  exec_or_die (db, "BEGIN IMMEDIATE");
  sql = g_strdup_printf (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d) "
    "INSERT INTO client (id, given_name, family_name, phone, sort_key, created_at, updated_at) "
    "SELECT i, 'Given' || i, 'Family' || i, '+44 7700 ' || i, 'family' || i, 0, 0 FROM n;"
    "INSERT INTO treatment_session (id, client_id, kind, started_at, created_at, updated_at) "
    "SELECT id, id, 'initial', %" G_GINT64_FORMAT ", 0, 0 FROM client;",
    N_CLIENTS, now - 86400 * 400);
  exec_or_die (db, sql);
  g_free (sql);
  sql = g_strdup_printf (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d) "
    "INSERT INTO followup (client_id, session_id, kind, title, message, channel, due_at, "
    "status, remind_at, outcome, done_at, created_at, updated_at) "
    "SELECT 1 + i %% %d, 1 + i %% %d, 'check-in', 'Day 7 check-in', 'Wash gently.', 'call', "
    "CASE WHEN i %% 10 = 0 THEN %" G_GINT64_FORMAT " + 3600 + i * 60 "
    "     WHEN i <= %d THEN %" G_GINT64_FORMAT " - i * 600 "
    "     ELSE %" G_GINT64_FORMAT " - i END, "
    "CASE WHEN i %% 10 = 0 OR i <= %d THEN 'pending' ELSE 'done' END, "
    "CASE WHEN i %% 10 = 0 THEN %" G_GINT64_FORMAT " + 3600 + i * 60 "
    "     WHEN i <= %d THEN %" G_GINT64_FORMAT " - i * 600 ELSE NULL END, "
    "CASE WHEN i %% 10 = 0 OR i <= %d THEN '' ELSE 'Called, healing well' END, "
    "CASE WHEN i %% 10 = 0 OR i <= %d THEN NULL ELSE %" G_GINT64_FORMAT " - i END, 0, 0 "
    "FROM n",
    N_FOLLOWUPS, N_CLIENTS, N_CLIENTS,
    now, N_DUE, now, now,
    N_DUE,
    now, N_DUE, now,
    N_DUE,
    N_DUE, now);
  exec_or_die (db, sql);
  exec_or_die (db, "COMMIT");
  exec_or_die (db, "ANALYZE");
}

static guint
raw_due (sqlite3_stmt *stmt,
         gint64        now)
{
  guint n = 0;
  int rc;

  sqlite3_bind_int64 (stmt, 1, G_MININT64);
  sqlite3_bind_int64 (stmt, 2, now + 1);
  sqlite3_bind_null (stmt, 3);
  sqlite3_bind_int64 (stmt, 4, 0);
  sqlite3_bind_int64 (stmt, 5, -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      /* Read every column, as the store does, so the floor does the same work in SQLite. */
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        (void)sqlite3_column_text (stmt, c);
      n++;
    }
  if (rc != SQLITE_DONE)
    g_error ("bench-due-query: raw query failed: %d", rc);
  sqlite3_reset (stmt);
  return n;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("stipple-bench-due-XXXXXX", &error);
  g_autoptr(StpStore) store = NULL;
  g_autoptr(GArray) store_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) raw_ms = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  double store_p95, raw_p95, store_median, raw_median;

  g_assert_no_error (error);
  store = stp_store_open (tmp, &error);
  g_assert_no_error (error);
  if (sqlite3_open_v2 (stp_store_get_path (store), &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    g_error ("bench-due-query: %s", sqlite3_errmsg (db));
  sqlite3_busy_timeout (db, 10000);
  generate (db, now);
  if (sqlite3_prepare_v2 (db, stp_store_due_query_sql (), -1, &stmt, NULL) != SQLITE_OK)
    g_error ("bench-due-query: %s", sqlite3_errmsg (db));

  /* Both paths must find the same rows. */
  {
    g_autoptr(GPtrArray) due = stp_store_list_followups (store, STP_FOLLOWUP_RANGE_DUE, now,
                                                         NULL, 0, &error);
    g_assert_no_error (error);
    if (due->len != EXPECTED || raw_due (stmt, now) != EXPECTED)
      g_error ("bench-due-query: expected %d due follow-ups, found %u", EXPECTED, due->len);
  }

  for (guint round = 0; round < ROUNDS; round++)
    for (guint turn = 0; turn < 2; turn++)
      {
        gboolean raw_turn = (turn == 0) == (round % 2 == 0);
        gint64 start = g_get_monotonic_time ();
        double ms;

        if (raw_turn)
          raw_due (stmt, now);
        else
          {
            g_autoptr(GPtrArray) due = stp_store_list_followups (store, STP_FOLLOWUP_RANGE_DUE,
                                                                 now, NULL, 0, NULL);
            g_assert (due != NULL && due->len == EXPECTED);
          }
        ms = (g_get_monotonic_time () - start) / 1000.0;
        g_array_append_val (raw_turn ? raw_ms : store_ms, ms);
      }

  store_median = bench_median (store_ms);
  raw_median = bench_median (raw_ms);
  store_p95 = bench_quantile (store_ms, 0.95);
  raw_p95 = bench_quantile (raw_ms, 0.95);
  printf ("# %d follow-ups, %d due now, %d rounds; p95 first, then the median\n",
          N_FOLLOWUPS, EXPECTED, ROUNDS);
  bench_print ("due-query", store_p95, raw_p95, "ms");
  bench_print ("due-query-median", store_median, raw_median, "ms");

  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_clear_object (&store);
  bench_remove_tree (tmp);
  return 0;
}
