/* bench-recall.c: the store's lot recall over 1,000,000 session-lot rows, beside the same
 * SQL through raw sqlite3 on a second connection to the same file.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints bench recall-query (ms, median). Options: --rows N, --lots N, --rounds N.
 * Exits 1 when the two paths disagree on a result: the floor must be the same work.
 */

#define G_LOG_DOMAIN "bench-recall"

#include "config.h"

#include <stdlib.h>

#include <sqlite3.h>

#include <stipple/stipple.h>

#include "stp-store-sessions-private.h"
#include "bench-util.h"

static gint64 rows = 1000000;
static gint64 lots = 2000;
static gint64 rounds = 201;
static const gint64 clients = 20000;

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Two pigment rows per session, each lot picked at random: about rows / lots sessions per
 * lot, spread over ten years of clients. Raw SQL in one transaction, untimed. */
/* Name and CREATE statement of each index on the generated tables, in pairs. */
static GPtrArray *
collect_indexes (sqlite3 *db)
{
  GPtrArray *indexes = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                          "AND sql IS NOT NULL AND tbl_name IN ('treatment_session', "
                          "'session_pigment', 'pigment_lot')", -1, &stmt, NULL) != SQLITE_OK)
    g_error ("indexes: %s", sqlite3_errmsg (db));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (indexes, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (indexes, g_strdup ((const char *)sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);
  return indexes;
}

static void
generate (const char *db_path)
{
  sqlite3 *db = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) indexes = NULL;

  if (sqlite3_open (db_path, &db) != SQLITE_OK)
    g_error ("open %s", db_path);
  exec_or_die (db, "PRAGMA synchronous = OFF");
  exec_or_die (db, "PRAGMA cache_size = -262144");
  exec_or_die (db, "BEGIN");
  /* Indexes are built once after the rows, which is several times faster than keeping
   * them up to date row by row; they come back exactly as the schema defines them. */
  indexes = collect_indexes (db);
  for (guint i = 0; i < indexes->len; i += 2)
    {
      g_autofree char *drop = g_strdup_printf ("DROP INDEX %s", (char *)indexes->pdata[i]);
      exec_or_die (db, drop);
    }
  exec_or_die (db, "INSERT INTO staff (name, role, created_at, updated_at) "
                   "VALUES ('Anna', 'practitioner', 0, 0)");
  sql = g_strdup_printf ("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n "
                         "WHERE x < %" G_GINT64_FORMAT ") "
                         "INSERT INTO client (id, given_name, family_name, phone, email, "
                         "sort_key, created_at, updated_at) SELECT x, 'Given' || x, "
                         "'Family' || (x * 7919 %% %" G_GINT64_FORMAT "), "
                         "'+44 7700 ' || (100000 + x), 'c' || x || '@example.org', "
                         "'family' || (x * 7919 %% %" G_GINT64_FORMAT ") || ' given' || x, "
                         "0, 0 FROM n", clients, clients, clients);
  exec_or_die (db, sql);
  g_free (sql);
  sql = g_strdup_printf ("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n "
                         "WHERE x < %" G_GINT64_FORMAT ") "
                         "INSERT INTO pigment_lot (id, brand, shade, lot, expiry, created_at, "
                         "last_used_at) SELECT x, 'Brand' || (x %% 7), 'Shade' || (x %% 13), "
                         "printf('LOT-%%05d', x), '2099-01-01', 0, x FROM n", lots);
  exec_or_die (db, sql);
  g_free (sql);
  sql = g_strdup_printf ("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n "
                         "WHERE x < %" G_GINT64_FORMAT ") "
                         "INSERT INTO treatment_session (id, client_id, kind, started_at, "
                         "practitioner_id, created_at, updated_at) SELECT x, "
                         "1 + abs(random()) %% %" G_GINT64_FORMAT ", 'build-up', "
                         "1500000000 + abs(random()) %% 315360000, 1, 0, 0 FROM n",
                         rows / 2, clients);
  exec_or_die (db, sql);
  g_free (sql);
  /* Materialized, so random () is drawn once per row rather than folded into the join. */
  sql = g_strdup_printf ("WITH r AS MATERIALIZED (SELECT s.id AS sid, p.x AS pos, "
                         "1 + abs(random()) %% %" G_GINT64_FORMAT " AS lid "
                         "FROM treatment_session s "
                         "CROSS JOIN (SELECT 0 AS x UNION ALL SELECT 1) p) "
                         "INSERT INTO session_pigment (session_id, position, lot_id, brand, "
                         "shade, dilution, lot, expiry) SELECT r.sid, r.pos, l.id, l.brand, "
                         "l.shade, '1:20', l.lot, l.expiry FROM r "
                         "JOIN pigment_lot l ON l.id = r.lid", lots);
  exec_or_die (db, sql);
  for (guint i = 0; i < indexes->len; i += 2)
    exec_or_die (db, indexes->pdata[i + 1]);
  exec_or_die (db, "COMMIT");
  exec_or_die (db, "ANALYZE");
  sqlite3_close (db);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* The raw path reads every column the store reads, so both do the same SQLite work. */
static guint
raw_recall (sqlite3_stmt *stmt,
            const char   *lot)
{
  guint n = 0;
  gsize bytes = 0;

  sqlite3_bind_text (stmt, 1, lot, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, G_MININT64);
  sqlite3_bind_int64 (stmt, 3, G_MAXINT64);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < 9; c++)
        bytes += sqlite3_column_bytes (stmt, c) + (sqlite3_column_text (stmt, c) != NULL);
      n++;
    }
  sqlite3_reset (stmt);
  g_assert (bytes > 0 || n == 0);
  return n;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr(GArray) store_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) raw_ms = g_array_new (FALSE, FALSE, sizeof (double));
  GOptionEntry entries[] = {
    { "rows", 0, 0, G_OPTION_ARG_INT64, &rows, "Session-lot rows", "N" },
    { "lots", 0, 0, G_OPTION_ARG_INT64, &lots, "Pigment lots", "N" },
    { "rounds", 0, 0, G_OPTION_ARG_INT64, &rounds, "Timed queries per path", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- recall benchmark");
  StpStore *store;
  sqlite3 *raw = NULL;
  sqlite3_stmt *stmt = NULL;
  double started;
  guint total_hits = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  tmp = g_dir_make_tmp ("stipple-bench-recall-XXXXXX", &error);
  g_assert_no_error (error);

  /* The store creates the schema; the rows come through raw SQL, untimed. */
  store = stp_store_open (tmp, &error);
  g_assert_no_error (error);
  db_path = g_strdup (stp_store_get_path (store));
  g_object_unref (store);
  started = now_ms ();
  generate (db_path);
  g_printerr ("generated %" G_GINT64_FORMAT " session-lot rows in %.1f s\n", rows,
              (now_ms () - started) / 1000.0);

  store = stp_store_open (tmp, &error);
  g_assert_no_error (error);
  if (sqlite3_open_v2 (db_path, &raw, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v3 (raw, _stp_store_recall_sql (STP_LOT_PIGMENT), -1,
                          SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    g_error ("raw: %s", sqlite3_errmsg (raw));

  /* Interleaved, each lot once per path, after one warm-up round of both. t2 - t1 is
   * always the raw time and t1 - t0 the store's. */
  for (gint64 r = -1; r < rounds; r++)
    {
      g_autofree char *lot = g_strdup_printf ("LOT-%05" G_GINT64_FORMAT,
                                              1 + (r * 7919 + 13) % lots);
      g_autoptr(GPtrArray) hits = NULL;
      double t0, t1, t2, t3;
      guint raw_hits;

      /* Alternating which path goes first, so neither always finds the pages warm. */
      if (r % 2 == 0)
        {
          t0 = now_ms ();
          hits = stp_store_recall (store, STP_LOT_PIGMENT, lot, NULL, NULL, &error);
          t1 = now_ms ();
          raw_hits = raw_recall (stmt, lot);
          t2 = now_ms ();
        }
      else
        {
          t3 = now_ms ();
          raw_hits = raw_recall (stmt, lot);
          t0 = now_ms ();
          hits = stp_store_recall (store, STP_LOT_PIGMENT, lot, NULL, NULL, &error);
          t1 = now_ms ();
          t2 = t1 + (t0 - t3);
        }
      g_assert_no_error (error);

      if (hits->len != raw_hits)
        {
          g_printerr ("lot %s: store found %u sessions, raw SQL %u\n", lot, hits->len,
                      raw_hits);
          return 1;
        }
      if (r < 0)
        continue;
      total_hits += raw_hits;
      g_array_append_val (store_ms, (double){ t1 - t0 });
      g_array_append_val (raw_ms, (double){ t2 - t1 });
    }

  g_printerr ("%" G_GINT64_FORMAT " lots, %.0f sessions per recalled lot on average\n", lots,
              (double)total_hits / rounds);
  {
    double store_median = bench_median (store_ms);
    double raw_median = bench_median (raw_ms);

    bench_print ("recall-query", store_median, raw_median, "ms");
  }

  sqlite3_finalize (stmt);
  sqlite3_close (raw);
  g_object_unref (store);
  bench_remove_tree (tmp);
  return 0;
}
