/* test-draft-saver.c: the draft saver's timing on a driven main context, and a writer
 * killed with SIGKILL that must not lose any edit older than 2 seconds.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "test-consultation-util.h"

#ifndef DRAFT_WRITER_PATH
#define DRAFT_WRITER_PATH "draft-writer"
#endif

#define N_RUNS 4

static void
count_cb (StpDraftSaver *saver,
          guint         *count)
{
  (*count)++;
}

static char *
stored_notes (StpStore *store,
              gint64    id)
{
  g_autoptr(StpConsultation) c = test_get_consultation (store, id);

  return g_strdup (stp_consultation_get_notes (c));
}

/* Spins the thread-default context until `wanted` saves happened or the deadline. */
static gint64
spin_until_saved (guint *saves,
                  guint  wanted,
                  gint64 deadline_us)
{
  while (*saves < wanted && g_get_monotonic_time () < deadline_us)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return g_get_monotonic_time ();
}

static void
test_debounce (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = test_make_tmp ();
  g_autoptr(StpStore) store = test_open_store (tmp);
  gint64 client = test_add_client (store, "Deb", "Ounce", NULL, NULL, NULL);
  gint64 id = test_add_consultation (store, client, test_add_staff (store, "S"), NULL);
  g_autoptr(StpConsultation) c = test_get_consultation (store, id);
  g_autoptr(StpDraftSaver) saver = stp_draft_saver_new (store, c);
  g_autofree char *notes = NULL;
  guint saves = 0;
  gint64 start, saved_at, end;

  g_signal_connect (saver, "saved", G_CALLBACK (count_cb), &saves);

  /* One edit: not written at once, written after the quiet time. */
  start = g_get_monotonic_time ();
  stp_consultation_set_notes (c, "first");
  g_assert_true (stp_draft_saver_get_pending (saver));
  test_drain_main_context ();
  notes = stored_notes (store, id);
  g_assert_cmpstr (notes, ==, "");
  g_clear_pointer (&notes, g_free);
  saved_at = spin_until_saved (&saves, 1, start + 5 * G_USEC_PER_SEC);
  g_assert_cmpuint (saves, ==, 1);
  g_assert_cmpint (saved_at - start, >=, (STP_DRAFT_SAVER_QUIET_MS - 50) * 1000);
  g_assert_cmpint (saved_at - start, <, 2 * G_USEC_PER_SEC);
  g_assert_false (stp_draft_saver_get_pending (saver));
  notes = stored_notes (store, id);
  g_assert_cmpstr (notes, ==, "first");
  g_clear_pointer (&notes, g_free);

  /* Edits that never pause still reach the disk within the maximum delay. */
  start = g_get_monotonic_time ();
  for (guint i = 0; g_get_monotonic_time () - start < 3 * G_USEC_PER_SEC; i++)
    {
      g_autofree char *text = g_strdup_printf ("typing %u", i);

      stp_consultation_set_notes (c, text);
      for (gint64 until = g_get_monotonic_time () + 100000; g_get_monotonic_time () < until;)
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (2000);
        }
    }
  g_assert_cmpuint (saves, >=, 2);

  /* Flush writes what is pending at once, and is a no-op when nothing is. */
  stp_consultation_set_notes (c, "closing the window");
  end = g_get_monotonic_time ();
  g_assert_true (stp_draft_saver_flush (saver, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - end, <, G_USEC_PER_SEC);
  notes = stored_notes (store, id);
  g_assert_cmpstr (notes, ==, "closing the window");
  g_assert_true (stp_draft_saver_flush (saver, &error));

  /* A failed save stays pending and reports why. */
  stp_consultation_set_phototype (c, 9);
  g_assert_false (stp_draft_saver_flush (saver, &error));
  g_assert_error (error, STP_CONSULTATION_ERROR, STP_CONSULTATION_ERROR_OUT_OF_RANGE);
  g_assert_true (stp_draft_saver_get_pending (saver));

  g_clear_object (&saver);
  g_clear_object (&c);
  g_assert_finalize_object (g_steal_pointer (&store));
  test_rm_rf (tmp);
}

typedef struct
{
  guint   n;
  gint64  at_us;
} Edit;

static void
test_kill9 (void)
{
  g_autofree char *tmp = test_make_tmp ();
  g_autofree char *data_dir = g_build_filename (tmp, "data", NULL);
  guint checked = 0;

  g_assert_true (g_file_test (DRAFT_WRITER_PATH, G_FILE_TEST_IS_EXECUTABLE));

  for (guint run = 0; run < N_RUNS; run++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(StpStore) store = test_open_store (data_dir);
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(GDataInputStream) lines = NULL;
      g_autoptr(GArray) edits = g_array_new (FALSE, FALSE, sizeof (Edit));
      g_autoptr(StpConsultation) c = NULL;
      g_autofree char *id_text = NULL;
      g_autofree char *ready = NULL;
      g_auto(GStrv) tokens = NULL;
      g_autoptr(GHashTable) saved = g_hash_table_new (g_direct_hash, g_direct_equal);
      guint run_ms = (guint)g_test_rand_int_range (2500, 4500);
      gint64 client = test_add_client (store, "Kill", "Nine", NULL, NULL, NULL);
      gint64 id = test_add_consultation (store, client, test_add_staff (store, "K"), NULL);
      gint64 killed_at;

      g_assert_finalize_object (g_steal_pointer (&store));

      id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
      proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, DRAFT_WRITER_PATH,
                               data_dir, id_text, NULL);
      g_assert_no_error (error);
      lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
      ready = g_data_input_stream_read_line (lines, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (ready, ==, "ready");

      g_usleep (run_ms * 1000);
      /* Taken before the signal: an edit printed up to this moment is at least as old. */
      killed_at = g_get_monotonic_time ();
      g_subprocess_send_signal (proc, SIGKILL);
      g_assert_true (g_subprocess_wait (proc, NULL, &error));
      g_assert_true (g_subprocess_get_if_signaled (proc));

      for (;;)
        {
          g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, NULL);
          Edit e;

          if (line == NULL)
            break;
          if (sscanf (line, "%u %" G_GINT64_FORMAT, &e.n, &e.at_us) == 2)
            g_array_append_val (edits, e);
        }
      g_assert_cmpuint (edits->len, >, 10);

      store = test_open_store (data_dir);
      c = test_get_consultation (store, id);
      tokens = g_strsplit (stp_consultation_get_notes (c), " ", -1);
      for (guint i = 0; tokens[i] != NULL; i++)
        if (tokens[i][0] == 'e')
          g_hash_table_add (saved, GUINT_TO_POINTER (atoi (tokens[i] + 1)));

      for (guint i = 0; i < edits->len; i++)
        {
          Edit *e = &g_array_index (edits, Edit, i);

          if (killed_at - e->at_us <= 2 * G_USEC_PER_SEC)
            continue;
          if (!g_hash_table_contains (saved, GUINT_TO_POINTER (e->n)))
            g_error ("run %u: edit %u, made %.2f s before the kill, was lost", run, e->n,
                     (killed_at - e->at_us) / 1e6);
          checked++;
        }
      g_test_message ("run %u: killed after %u ms, %u edits, %u saved", run, run_ms,
                      edits->len, g_hash_table_size (saved));
      g_clear_object (&c);
      g_assert_finalize_object (g_steal_pointer (&store));
    }

  g_assert_cmpuint (checked, >, 0);
  test_rm_rf (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/draft-saver/debounce", test_debounce);
  g_test_add_func ("/draft-saver/kill9", test_kill9);

  return g_test_run ();
}
