/* test-crash.c: a writer is killed with SIGKILL at random moments; every id it reported
 * as committed must survive, and the database must pass its integrity check.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <signal.h>
#include <stdlib.h>

#include "test-util.h"

#ifndef CRASH_WRITER_PATH
#define CRASH_WRITER_PATH "crash-writer"
#endif

#define N_RUNS 50

static const char *
writer_path (void)
{
  const char *env = g_getenv ("STIPPLE_CRASH_WRITER");

  return env && *env ? env : CRASH_WRITER_PATH;
}

/* Ids from complete lines only: a line cut short by the kill was never fully reported. */
static void
parse_ids (GBytes *out,
           GArray *ids)
{
  gsize len = 0;
  const char *data = out ? g_bytes_get_data (out, &len) : NULL;
  gsize start = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (data[i] != '\n')
        continue;
      {
        g_autofree char *line = g_strndup (data + start, i - start);
        gint64 id;
        char *end = NULL;

        start = i + 1;
        if (g_str_equal (line, "ready"))
          continue;
        id = g_ascii_strtoll (line, &end, 10);
        g_assert_true (end != line && *end == '\0');
        g_assert_cmpint (id, >, 0);
        g_array_append_val (ids, id);
      }
    }
}

static GBytes *
read_to_end (GInputStream *stream)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) all = g_byte_array_new ();
  guint8 buffer[4096];
  gssize n;

  while ((n = g_input_stream_read (stream, buffer, sizeof buffer, NULL, &error)) > 0)
    g_byte_array_append (all, buffer, (guint) n);
  g_assert_no_error (error);
  return g_byte_array_free_to_bytes (g_steal_pointer (&all));
}

static void
test_crash_kill9 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) all_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *tmp = test_make_tmp ();
  g_autofree char *data_dir = g_build_filename (tmp, "data", NULL);
  const char *writer = writer_path ();
  guint runs_with_ids = 0;
  gint64 t0 = g_get_monotonic_time ();

  g_assert_true (g_file_test (writer, G_FILE_TEST_IS_EXECUTABLE));

  for (guint run = 0; run < N_RUNS; run++)
    {
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(GDataInputStream) lines = NULL;
      g_autoptr(GBytes) out = NULL;
      g_autoptr(GBytes) err = NULL;
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(StpStore) store = NULL;
      g_autofree char *seed = g_strdup_printf ("%u", run);
      g_autofree char *report = NULL;
      guint delay_ms = (guint) g_test_rand_int_range (5, 151);

      proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error, writer, data_dir, seed, NULL);
      g_assert_no_error (error);
      lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));

      /* Even runs time the kill from the start, so it may land while the store opens or
       * migrates; odd runs from the moment the store is open, so that commits happen
       * even on a slow, loaded machine. */
      if (run % 2 == 1)
        {
          g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
          g_assert_no_error (error);
          if (g_strcmp0 (line, "ready") != 0)
            {
              g_autoptr(GBytes) e = read_to_end (g_subprocess_get_stderr_pipe (proc));
              gsize n = 0;
              const char *msg = g_bytes_get_data (e, &n);
              g_error ("run %u: the writer did not open the store: %.*s", run, (int) n,
                       msg ? msg : "");
            }
        }
      g_usleep (delay_ms * 1000);
      g_subprocess_send_signal (proc, SIGKILL);
      out = read_to_end (G_INPUT_STREAM (lines));
      err = read_to_end (g_subprocess_get_stderr_pipe (proc));
      g_assert_true (g_subprocess_wait (proc, NULL, &error));
      g_assert_no_error (error);

      if (!g_subprocess_get_if_signaled (proc))
        {
          gsize n = 0;
          const char *msg = err ? g_bytes_get_data (err, &n) : NULL;
          g_error ("run %u: the writer stopped by itself (status %d) before the kill: %.*s",
                   run, g_subprocess_get_status (proc), (int) n, msg ? msg : "");
        }
      g_assert_cmpint (g_subprocess_get_term_sig (proc), ==, SIGKILL);

      parse_ids (out, ids);
      g_array_append_vals (all_ids, ids->data, ids->len);
      if (ids->len > 0)
        runs_with_ids++;
      g_test_message ("run %u: killed after %u ms, %u ids committed", run, delay_ms, ids->len);

      /* Reopen after the crash: recovery, then every reported id of every run so far. */
      store = stp_store_open (data_dir, &error);
      if (store == NULL)
        g_error ("run %u: reopening after the kill failed: %s (%s %d)", run,
                 error->message, g_quark_to_string (error->domain), error->code);

      for (guint i = 0; i < all_ids->len; i++)
        {
          gint64 id = g_array_index (all_ids, gint64, i);
          g_autoptr(StpClient) c = stp_store_get_client (store, id, &error);
          if (c == NULL)
            g_error ("run %u: committed id %" G_GINT64_FORMAT " is missing: %s", run, id,
                     error ? error->message : "?");
          g_assert_true (g_str_has_prefix (stp_client_get_family_name (c), "Writer"));
        }

      g_assert_true (stp_store_check_integrity (store, &report, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (report, ==, "ok");
      g_assert_cmpuint (stp_store_count_clients (store, STP_CLIENT_SCOPE_ACTIVE), >=,
                        all_ids->len);
      g_assert_finalize_object (g_steal_pointer (&store));
    }

  /* Ids are unique: nothing reported twice. */
  {
    g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
    for (guint i = 0; i < all_ids->len; i++)
      g_assert_true (g_hash_table_add (seen, &g_array_index (all_ids, gint64, i)));
  }

  g_test_message ("%u runs, %u with committed ids, %u ids in all, %.1f s", N_RUNS,
                  runs_with_ids, all_ids->len, (g_get_monotonic_time () - t0) / 1e6);
  /* The test only proves something if the writer got to commit. */
  g_assert_cmpuint (all_ids->len, >, 0);
  g_assert_cmpuint (runs_with_ids, >=, N_RUNS / 4);

  test_rm_rf (tmp);
}

/* The first crash of a brand-new database: the writer is killed as soon as it reported a
 * few commits, before anything could have checkpointed the write-ahead log into the main
 * file. The database must open again with everything in it. Deterministic: it waits for
 * the ids rather than for a random time. */
static void
test_crash_new_database (void)
{
  for (guint round = 0; round < 5; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(GDataInputStream) lines = NULL;
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(StpStore) store = NULL;
      g_autofree char *tmp = test_make_tmp ();
      g_autofree char *data_dir = g_build_filename (tmp, "data", NULL);
      g_autofree char *report = NULL;
      guint want = 1 + round * 3;

      proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                               &error, writer_path (), data_dir, "7", NULL);
      g_assert_no_error (error);
      lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));

      while (ids->len < want)
        {
          g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
          gint64 id;

          g_assert_no_error (error);
          if (line == NULL)
            g_error ("round %u: the writer stopped after %u ids", round, ids->len);
          if (g_str_equal (line, "ready"))
            continue;
          id = g_ascii_strtoll (line, NULL, 10);
          g_assert_cmpint (id, >, 0);
          g_array_append_val (ids, id);
        }
      g_subprocess_send_signal (proc, SIGKILL);
      g_assert_true (g_subprocess_wait (proc, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_signaled (proc));
      /* Lines printed between our last read and the kill count as committed too. */
      for (;;)
        {
          g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, NULL);
          gint64 id;
          if (line == NULL)
            break;
          id = g_ascii_strtoll (line, NULL, 10);
          if (id > 0)
            g_array_append_val (ids, id);
        }

      store = stp_store_open (data_dir, &error);
      if (store == NULL)
        g_error ("round %u: a new database killed after %u commits does not open again: "
                 "%s (%s %d)", round, ids->len, error->message,
                 g_quark_to_string (error->domain), error->code);
      for (guint i = 0; i < ids->len; i++)
        {
          g_autoptr(StpClient) c = stp_store_get_client (store, g_array_index (ids, gint64, i),
                                                         &error);
          g_assert_no_error (error);
          g_assert_nonnull (c);
        }
      g_assert_true (stp_store_check_integrity (store, &report, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (report, ==, "ok");
      g_assert_cmpint (stp_store_get_schema_version (store), ==,
                       stp_store_get_latest_schema_version ());
      g_assert_finalize_object (g_steal_pointer (&store));
      test_rm_rf (tmp);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/crash/kill9", test_crash_kill9);
  g_test_add_func ("/crash/kill9-new-database", test_crash_new_database);

  return g_test_run ();
}
