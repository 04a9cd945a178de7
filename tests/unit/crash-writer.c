/* crash-writer.c: helper of test-crash. Opens the store in argv[1] and creates clients
 * for ever, one transaction each, printing each id only after the create returned.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <stdlib.h>

#include "stipple/stipple.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpStore) store = NULL;
  guint32 seed;

  if (argc != 3)
    {
      fprintf (stderr, "usage: %s DATA_DIR SEED\n", argv[0]);
      return 2;
    }
  seed = (guint32) g_ascii_strtoull (argv[2], NULL, 10);

  store = stp_store_open (argv[1], &error);
  if (store == NULL)
    {
      fprintf (stderr, "crash-writer: open: %s\n", error->message);
      return 1;
    }
  printf ("ready\n");
  fflush (stdout);

  for (guint64 n = 0;; n++)
    {
      g_autoptr(StpClient) client = stp_client_new ();
      g_autofree char *given = g_strdup_printf ("Crash%u", seed);
      g_autofree char *family = g_strdup_printf ("Writer%06" G_GUINT64_FORMAT, n);
      g_autofree char *notes = g_strdup_printf ("Run %u, client %" G_GUINT64_FORMAT
                                                ": written right before a SIGKILL, "
                                                "perhaps. Shade 2, density medium.",
                                                seed, n);
      gint64 id;

      stp_client_set_given_name (client, given);
      stp_client_set_family_name (client, family);
      stp_client_set_phone (client, "+44 7700 900123");
      stp_client_set_email (client, "crash.writer@example.com");
      stp_client_set_notes (client, notes);
      if (n % 3 == 0)
        stp_client_set_birth_date (client, "1980-01-31");

      id = stp_store_create_client (store, client, &error);
      if (id <= 0)
        {
          fprintf (stderr, "crash-writer: create: %s\n",
                   error ? error->message : "no id and no error");
          return 1;
        }
      /* Only now is it committed: tell the parent. */
      printf ("%" G_GINT64_FORMAT "\n", id);
      fflush (stdout);
    }
}
