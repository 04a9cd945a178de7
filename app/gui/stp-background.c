/* stp-background.c: the autostart entry that starts Stipple hidden at login, so its
 * aftercare reminders reach the desktop without anyone opening the window.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "stp-background"

#include "stp-background.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

char *
stp_background_autostart_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "autostart", APP_ID ".desktop", NULL);
}

/* The installed stipple when it is on the PATH, else this very program (a build folder). */
static char *
program_path (void)
{
  char *path = g_find_program_in_path ("stipple");

  if (path == NULL)
    path = g_file_read_link ("/proc/self/exe", NULL);
  return path != NULL ? path : g_strdup ("stipple");
}

gboolean
stp_background_set_autostart (gboolean     enabled,
                              const char  *data_dir,
                              GError     **error)
{
  g_autofree char *path = stp_background_autostart_path ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *program = NULL;
  g_autofree char *exec = NULL;
  g_autoptr(GKeyFile) entry = NULL;
  g_autofree char *contents = NULL;

  if (!enabled)
    {
      if (g_remove (path) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       _("The autostart entry “%s” could not be removed: %s."), path,
                       g_strerror (saved_errno));
          return FALSE;
        }
      return TRUE;
    }

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("The folder “%s” could not be created: %s."), folder,
                   g_strerror (saved_errno));
      return FALSE;
    }

  program = program_path ();
  {
    g_autofree char *quoted_program = g_shell_quote (program);
    g_autofree char *quoted_dir = data_dir != NULL ? g_shell_quote (data_dir) : NULL;

    exec = quoted_dir != NULL
           ? g_strdup_printf ("%s --background --data-dir %s", quoted_program, quoted_dir)
           : g_strdup_printf ("%s --background", quoted_program);
  }

  entry = g_key_file_new ();
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_TYPE,
                         G_KEY_FILE_DESKTOP_TYPE_APPLICATION);
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NAME,
                         "Stipple");
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_COMMENT,
                         _("Aftercare reminders for the clinic"));
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, exec);
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_ICON, APP_ID);
  g_key_file_set_boolean (entry, G_KEY_FILE_DESKTOP_GROUP,
                          G_KEY_FILE_DESKTOP_KEY_NO_DISPLAY, TRUE);
  g_key_file_set_boolean (entry, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-Autostart-enabled", TRUE);
  contents = g_key_file_to_data (entry, NULL, NULL);
  return g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
                                   error);
}
