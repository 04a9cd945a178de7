/* ui-window-fixture.h: the real main window on a temporary data folder, for the UI tests.
 *
 * Each test program includes this once, after defining G_LOG_DOMAIN.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ui-test-util.h"

#include "stp-application.h"
#include "stp-window.h"

typedef struct
{
  char       *dir;
  StpStore   *store;
  GSettings  *settings;
  StpWindow  *window;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("stipple-ui-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("STIPPLE_DATA_DIR", f->dir, TRUE);

  f->store = stp_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);

  f->settings = stp_settings_new_if_installed ();
  f->window = stp_window_new (NULL, f->store, f->settings);
  g_object_ref_sink (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (f->window)));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  g_clear_object (&f->settings);
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->dir);
}

static void
activate (Fixture    *f,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), action, NULL));
}
