/* main.c: the entry point of the Stipple desktop application.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "stipple"

#include <glib/gi18n.h>
#include <locale.h>

#include "stp-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr (StpApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = stp_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
