/* bench-search.c: the store's as-you-type search on 100,000 clients, beside the same FTS5
 * query through raw sqlite3 on a second connection to the same file.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints bench search-median and search-p95 (ms). Options: --clients N, --rounds N.
 * Exits 1 when the two paths disagree on any result: the floor must be the same work.
 */

#define G_LOG_DOMAIN "bench-search"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include <stipple/stipple.h>

#include "bench-util.h"

/* The store's queries, as in app/core/stp-store-clients.c (stp_store_search_clients):
 * kept identical on purpose, so the floor is the same SQLite work without the store
 * around it. The store searches in tiers (whole name words, name prefixes, any field),
 * each reading at most the limit, until the list is full. */
#define TIER_SQL(table) \
  "WITH hits AS MATERIALIZED (" \
  " SELECT c.id, c.sort_key FROM " table " s CROSS JOIN client c ON c.id = s.rowid" \
  " WHERE " table " MATCH ?1 AND c.archived = ?2 LIMIT ?3" \
  ") SELECT id FROM hits ORDER BY sort_key, id"

static const struct {
  const char *sql;
  gboolean    prefix;
} tiers[] = {
  { TIER_SQL ("client_name_search"), FALSE },
  { TIER_SQL ("client_name_search"), TRUE },
  { TIER_SQL ("client_search"), TRUE },
};

#define N_TIERS G_N_ELEMENTS (tiers)

/* One prefix as the raw path runs it: the FTS5 expression of each tier. */
typedef struct
{
  char *prefix;
  char *expressions[N_TIERS];
} Query;

static void
query_free (gpointer data)
{
  Query *query = data;

  g_free (query->prefix);
  for (guint t = 0; t < N_TIERS; t++)
    g_free (query->expressions[t]);
  g_free (query);
}

/* The FTS5 expression of each tier, as the store builds it: whole words first, then
 * prefixes. */
static Query *
query_new (const char *prefix)
{
  Query *query = g_new0 (Query, 1);

  query->prefix = g_strdup (prefix);
  for (guint t = 0; t < N_TIERS; t++)
    query->expressions[t] = tiers[t].prefix ? stp_text_to_fts_query (prefix)
                                            : stp_text_to_fts_words (prefix);

  return query;
}

/* How many demo clients' names the prefixes come from. */
#define N_NAMES 100

static int opt_clients = 100000;
static int opt_rounds = 3;

static const GOptionEntry entries[] = {
  { "clients", 0, 0, G_OPTION_ARG_INT, &opt_clients, "Demo clients to search (100000)", "N" },
  { "rounds", 0, 0, G_OPTION_ARG_INT, &opt_rounds, "Timed passes over the prefixes (3)", "N" },
  { NULL }
};

/* What a receptionist types: the first 1, 2, 3 and 4 letters of a name. */
static GPtrArray *
collect_prefixes (StpStore *store)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *prefixes = g_ptr_array_new_with_free_func (g_free);
  guint step;

  ids = stp_store_list_client_ids (store, STP_CLIENT_SCOPE_ACTIVE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >, 0);

  step = MAX (ids->len / N_NAMES, 1);
  for (guint i = 0, n = 0; i < ids->len && n < N_NAMES; i += step, n++)
    {
      g_autoptr(StpClient) client = NULL;
      const char *name;

      client = stp_store_get_client (store, g_array_index (ids, gint64, i), &error);
      g_assert_no_error (error);

      /* Alternate family and given names, as people search by either. */
      name = n % 2 == 0 ? stp_client_get_family_name (client)
                        : stp_client_get_given_name (client);
      if (name == NULL || *name == '\0')
        name = stp_client_get_given_name (client);
      if (name == NULL || *name == '\0')
        continue;

      for (glong len = 1; len <= 4 && len <= g_utf8_strlen (name, -1); len++)
        g_ptr_array_add (prefixes, g_utf8_substring (name, 0, len));
    }

  return prefixes;
}

static GArray *
raw_search (sqlite3_stmt **stmts,
            Query         *query,
            GHashTable    *seen)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const guint limit = STP_CLIENT_LIST_SEARCH_LIMIT;

  g_hash_table_remove_all (seen);

  for (guint t = 0; t < N_TIERS && query->expressions[t] != NULL && ids->len < limit; t++)
    {
      sqlite3_stmt *stmt = stmts[t];
      int rc;

      sqlite3_bind_text (stmt, 1, query->expressions[t], -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, 0);
      sqlite3_bind_int64 (stmt, 3, (gint64)limit + ids->len);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && ids->len < limit)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          if (!g_hash_table_add (seen, GSIZE_TO_POINTER ((gsize)id)))
            continue;
          g_array_append_val (ids, id);
        }
      if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        g_error ("raw search for %s failed: %s", query->expressions[t],
                 sqlite3_errmsg (sqlite3_db_handle (stmt)));

      sqlite3_reset (stmt);
    }

  return ids;
}

static GArray *
store_search (StpStore   *store,
              const char *prefix)
{
  g_autoptr(GError) error = NULL;
  GArray *ids;

  ids = stp_store_search_clients (store, prefix, STP_CLIENT_SCOPE_ACTIVE,
                                  STP_CLIENT_LIST_SEARCH_LIMIT, &error);
  g_assert_no_error (error);
  return ids;
}

static double
elapsed_ms (gint64 since)
{
  return (g_get_monotonic_time () - since) / 1000.0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(StpStore) store = NULL;
  g_autoptr(GPtrArray) prefixes = NULL;
  g_autoptr(GPtrArray) queries = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GArray) store_ms = NULL;
  g_autoptr(GArray) raw_ms = NULL;
  g_autofree char *data_dir = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmts[N_TIERS] = { NULL };
  guint mismatches = 0;
  gint64 started;
  double store_median, store_p95, raw_median, raw_p95;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-search: %s\n", error->message);
      return 2;
    }

  data_dir = g_dir_make_tmp ("stipple-bench-search-XXXXXX", &error);
  g_assert_no_error (error);

  store = stp_store_open (data_dir, &error);
  g_assert_no_error (error);

  started = g_get_monotonic_time ();
  if (!stp_demo_fill (store, (guint)opt_clients, 1, &error))
    g_error ("demo fill failed: %s", error->message);
  g_printerr ("bench-search: %d demo clients in %.1f s\n", opt_clients,
              elapsed_ms (started) / 1000.0);

  prefixes = collect_prefixes (store);
  queries = g_ptr_array_new_with_free_func (query_free);
  for (guint i = 0; i < prefixes->len; i++)
    g_ptr_array_add (queries, query_new (g_ptr_array_index (prefixes, i)));

  if (sqlite3_open_v2 (stp_store_get_path (store), &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    g_error ("raw sqlite3: %s", sqlite3_errmsg (db));
  for (guint t = 0; t < N_TIERS; t++)
    if (sqlite3_prepare_v2 (db, tiers[t].sql, -1, &stmts[t], NULL) != SQLITE_OK)
      g_error ("raw sqlite3: %s", sqlite3_errmsg (db));

  /* Warm up both paths (page cache, statement caches), and check they agree. */
  for (guint i = 0; i < prefixes->len; i++)
    {
      g_autoptr(GArray) a = store_search (store, g_ptr_array_index (prefixes, i));
      g_autoptr(GArray) b = raw_search (stmts, g_ptr_array_index (queries, i), seen);

      if (a->len != b->len || memcmp (a->data, b->data, a->len * sizeof (gint64)) != 0)
        mismatches++;
    }
  if (mismatches > 0)
    g_printerr ("bench-search: %u prefixes gave other results through raw sqlite3: the "
                "store's search has changed: update tests/bench/bench-search.c to match\n",
                mismatches);

  store_ms = g_array_new (FALSE, FALSE, sizeof (double));
  raw_ms = g_array_new (FALSE, FALSE, sizeof (double));

  /* Interleaved, alternating which goes first, so drift on a shared machine hits both. */
  for (int round = 0; round < opt_rounds; round++)
    for (guint i = 0; i < prefixes->len; i++)
      {
        Query *query = g_ptr_array_index (queries, i);

        for (int turn = 0; turn < 2; turn++)
          {
            gboolean raw_turn = (turn == 0) == ((i + round) % 2 == 0);
            gint64 t0 = g_get_monotonic_time ();
            double ms;

            if (raw_turn)
              {
                g_array_unref (raw_search (stmts, query, seen));
                ms = elapsed_ms (t0);
                g_array_append_val (raw_ms, ms);
              }
            else
              {
                g_array_unref (store_search (store, g_ptr_array_index (prefixes, i)));
                ms = elapsed_ms (t0);
                g_array_append_val (store_ms, ms);
              }
          }
      }

  store_median = bench_median (store_ms);
  store_p95 = bench_quantile (store_ms, 0.95);
  raw_median = bench_median (raw_ms);
  raw_p95 = bench_quantile (raw_ms, 0.95);

  g_printerr ("bench-search: %u prefixes x %d rounds; store max %.2f ms, raw max %.2f ms\n",
              prefixes->len, opt_rounds,
              g_array_index (store_ms, double, store_ms->len - 1),
              g_array_index (raw_ms, double, raw_ms->len - 1));
  bench_print ("search-median", store_median, raw_median, "ms");
  bench_print ("search-p95", store_p95, raw_p95, "ms");

  for (guint t = 0; t < N_TIERS; t++)
    sqlite3_finalize (stmts[t]);
  sqlite3_close (db);
  g_clear_object (&store);
  bench_remove_tree (data_dir);

  return mismatches > 0 ? 1 : 0;
}
