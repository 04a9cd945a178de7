/* draft-writer.c: helper of test-draft-saver. Opens the store in argv[1] and edits the
 * draft argv[2] through a StpDraftSaver every 50 ms for ever, printing each edit's number
 * and monotonic time once the edit is made (not saved: saving is the saver's job).
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>

#include "stipple/stipple.h"

typedef struct
{
  StpConsultation  *consultation;
  GString          *notes;
  guint             n;
} Writer;

static gboolean
edit_cb (gpointer user_data)
{
  Writer *w = user_data;

  w->n++;
  g_string_append_printf (w->notes, " e%u", w->n);
  stp_consultation_set_notes (w->consultation, w->notes->str);
  printf ("%u %" G_GINT64_FORMAT "\n", w->n, g_get_monotonic_time ());
  fflush (stdout);
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpStore) store = NULL;
  g_autoptr(StpDraftSaver) saver = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Writer w = { 0 };

  if (argc != 3)
    {
      fprintf (stderr, "usage: %s DATA_DIR CONSULTATION_ID\n", argv[0]);
      return 2;
    }

  store = stp_store_open (argv[1], &error);
  if (store != NULL)
    w.consultation = stp_store_get_consultation (store, g_ascii_strtoll (argv[2], NULL, 10),
                                                 &error);
  if (w.consultation == NULL)
    {
      fprintf (stderr, "draft-writer: %s\n", error->message);
      return 1;
    }

  w.notes = g_string_new ("edits:");
  saver = stp_draft_saver_new (store, w.consultation);
  printf ("ready\n");
  fflush (stdout);

  g_timeout_add (50, edit_cb, &w);
  g_main_loop_run (loop);
  return 0;
}
