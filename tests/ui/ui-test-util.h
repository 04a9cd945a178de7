/* ui-test-util.h: what every UI test needs: waiting on the main loop, temporary folders.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#define WAIT_MS 10000

/* Spins the main loop until expr holds; fails the test after WAIT_MS. Never sleeps. */
#define WAIT_UNTIL(expr)                                                        \
  G_STMT_START {                                                                \
    gint64 wait_end_ = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND; \
    while (!(expr))                                                             \
      {                                                                         \
        if (g_get_monotonic_time () > wait_end_)                                \
          g_error ("Timed out waiting for %s", #expr);                          \
        g_main_context_iteration (NULL, TRUE);                                  \
      }                                                                         \
  } G_STMT_END

G_GNUC_UNUSED static gboolean
tick_cb (gpointer data)
{
  /* Keeps blocking main loop iterations waking up so WAIT_UNTIL checks its condition. */
  return G_SOURCE_CONTINUE;
}

G_GNUC_UNUSED static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
              !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

typedef gboolean (*WidgetMatch) (GtkWidget *widget, gconstpointer data);

/* The first widget at or below root (depth first) that matches, or NULL. */
G_GNUC_UNUSED static GtkWidget *
find_descendant (GtkWidget     *root,
                 WidgetMatch    match,
                 gconstpointer  data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Matches a widget of the type that data points to. */
G_GNUC_UNUSED static gboolean
widget_of_type (GtkWidget     *widget,
                gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, *(const GType *)type);
}

/* The visible toplevel window of that type (a dialog, a chooser), or NULL. */
G_GNUC_UNUSED static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (item, type) && gtk_widget_get_visible (GTK_WIDGET (item)))
        return GTK_WINDOW (item);
    }
  return NULL;
}
