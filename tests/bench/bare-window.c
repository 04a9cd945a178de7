/* bare-window.c: the floor for the window benchmarks: a minimal AdwApplicationWindow
 * with a header bar, which quits right after its first frame has been painted.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bare-window"

#include <adwaita.h>

static void
frame_clock_after_paint_cb (GdkFrameClock  *clock,
                            GApplication   *app)
{
  g_signal_handlers_disconnect_by_func (clock, frame_clock_after_paint_cb, app);
  g_application_quit (app);
}

/* The same hook as Stipple's STIPPLE_EXIT_AFTER_FIRST_FRAME: once mapped, quit after the
 * next paint. */
static void
window_map_cb (GtkWidget    *window,
               GApplication *app)
{
  g_signal_handlers_disconnect_by_func (window, window_map_cb, app);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (frame_clock_after_paint_cb), app);
}

static void
app_activate_cb (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *status = adw_status_page_new ();

  adw_status_page_set_title (ADW_STATUS_PAGE (status), "Bare window");
  gtk_widget_set_vexpand (status, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), status);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_title (GTK_WINDOW (window), "Bare window");
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);

  g_signal_connect_after (window, "map", G_CALLBACK (window_map_cb), app);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(AdwApplication) app = NULL;

  app = adw_application_new ("org.stipple.Stipple.BenchBareWindow", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (app_activate_cb), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
