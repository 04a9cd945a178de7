/* stp-application.c: the Stipple desktop application.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "stp-application"

#include "stp-application.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>

#include "stp-preferences-window.h"
#include "stp-window.h"
/* Aftercare reminders and running in the background (issue 6). */
#include "stp-background.h"
#include "stp-notifier.h"
#include "stp-window-aftercare.h"

struct _StpApplication
{
  AdwApplication  parent_instance;

  char           *data_dir_option;
  char           *data_dir;
  StpStore       *store;
  StpClientList  *clients;  /* listed on the opening thread, for the first window */
  GSettings      *settings;
  GError         *open_error;

  /* Aftercare reminders and running in the background. */
  StpNotifier    *notifier;
  gboolean        background_start;  /* --background: the first activation shows nothing */
  gboolean        held;              /* kept running without a window */

  /* The database's quick check, left until the window is on screen. */
  GCancellable   *check_cancellable;  /* set once the check has been started */
  guint           check_idle;         /* the idle that starts it after the first frame */
  gboolean        check_running;

  gboolean        own_icons_added;  /* to the icon theme, after the first frame */
};

G_DEFINE_FINAL_TYPE (StpApplication, stp_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "data-dir", 'd', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
    N_("Use the clinic database in DIR instead of the usual folder"), N_("DIR") },
  { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and quit"), NULL },
  { "background", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Start without a window and show aftercare reminders"), NULL },
  { NULL }
};

GSettings *
stp_settings_new_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

  if (schema == NULL)
    {
      g_message ("The settings schema %s is not installed; window size and the chosen "
                 "staff member will not be remembered", APP_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static char *
resolve_data_dir (StpApplication *self)
{
  const char *env = g_getenv ("STIPPLE_DATA_DIR");
  g_autofree char *setting = NULL;

  if (self->data_dir_option != NULL && self->data_dir_option[0] != '\0')
    return g_strdup (self->data_dir_option);

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  if (self->settings != NULL)
    {
      setting = g_settings_get_string (self->settings, "data-dir");
      if (setting != NULL && setting[0] != '\0')
        return g_steal_pointer (&setting);
    }

  return stp_store_default_data_dir ();
}

static void
open_error_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        StpApplication   *self)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Says what went wrong, what to do about it, and that nothing was written. */
static void
show_open_error (StpApplication *self)
{
  GtkWidget *dialog;
  g_autofree char *body = NULL;
  g_autofree char *advice = NULL;
  const char *heading;
  const char *path = self->data_dir;

  if (g_error_matches (self->open_error, STP_STORE_ERROR, STP_STORE_ERROR_NEWER_VERSION))
    {
      heading = _("This Clinic Database Is From a Newer Stipple");
      advice = g_strdup_printf (_("The database in “%s” was last used by a newer version "
                                  "of Stipple. Install that version, or a later one, to "
                                  "open it."), path);
    }
  else if (g_error_matches (self->open_error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_STIPPLE))
    {
      heading = _("This Is Not a Stipple Database");
      advice = g_strdup_printf (_("The data folder “%s” holds a file that Stipple did not "
                                  "create. Move that file elsewhere, or start Stipple "
                                  "with another folder:\n\nstipple --data-dir FOLDER"),
                                path);
    }
  else if (g_error_matches (self->open_error, STP_STORE_ERROR, STP_STORE_ERROR_CORRUPT))
    {
      heading = _("The Clinic Database Is Damaged");
      advice = g_strdup_printf (_("The database in “%s” failed its integrity check. "
                                  "Restore the folder from your latest backup, or run "
                                  "“stipplectl check” and ask for help with the report "
                                  "it prints."), path);
    }
  else if (g_error_matches (self->open_error, STP_STORE_ERROR, STP_STORE_ERROR_BUSY))
    {
      heading = _("The Clinic Database Is in Use");
      advice = g_strdup_printf (_("Another program is holding the database in “%s” "
                                  "locked. Close it, then start Stipple again."), path);
    }
  else
    {
      heading = _("Stipple Cannot Open Its Data Folder");
      advice = g_strdup_printf (_("The folder “%s” could not be read or written. Check "
                                  "that the disk is connected and that you are allowed "
                                  "to write to the folder."), path);
    }

  /* The core's own words name the exact cause only for plain input/output failures; for
   * the others the advice above already says everything. */
  if (self->open_error->domain == STP_STORE_ERROR &&
      self->open_error->code != STP_STORE_ERROR_IO &&
      self->open_error->code != STP_STORE_ERROR_FAILED)
    body = g_strdup_printf ("%s\n\n%s", advice, _("The file was not changed."));
  else
    body = g_strdup_printf ("%s\n\n%s\n\n%s", advice, self->open_error->message,
                            _("The file was not changed."));

  dialog = adw_message_dialog_new (NULL, heading, NULL);
  /* Named like its heading, so it can be told apart in the window list. */
  gtk_window_set_title (GTK_WINDOW (dialog), heading);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "quit", _("_Quit"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "quit");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "quit");
  g_signal_connect (dialog, "response", G_CALLBACK (open_error_response_cb), self);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The store was found damaged (or unreadable) after the window opened: the same dialog
 * as at startup replaces every window, and nothing more is read or written. */
static void
refuse_store (StpApplication *self,
              GError         *error)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  g_clear_error (&self->open_error);
  self->open_error = error;
  /* The dialog first, so the application does not end with its last window. */
  show_open_error (self);
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (GTK_WINDOW (l->data));
  g_list_free (windows);

  g_clear_object (&self->notifier);
  g_clear_object (&self->clients);
  g_clear_object (&self->store);
  self->background_start = FALSE;
  if (self->held)
    {
      self->held = FALSE;
      g_application_release (G_APPLICATION (self));
    }
}

static void
store_checked_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(StpApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  self->check_running = FALSE;
  if (stp_store_check_finish (STP_STORE (source), result, &error))
    {
      /* Reminders only from a database that passed. */
      if (self->notifier != NULL)
        stp_notifier_start (self->notifier);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      STP_STORE (source) != self->store)
    return;

  g_message ("The clinic database in %s failed its check: %s", self->data_dir,
             error->message);
  refuse_store (self, g_steal_pointer (&error));
}

/* Starts the quick check of the database that the store left for later (once). */
static void
start_store_check (StpApplication *self)
{
  g_clear_handle_id (&self->check_idle, g_source_remove);
  if (self->check_cancellable != NULL || self->store == NULL)
    return;

  self->check_cancellable = g_cancellable_new ();
  self->check_running = TRUE;
  stp_store_check_async (self->store, self->check_cancellable, store_checked_cb,
                         g_object_ref (self));
}

/* Stipple's icons: the window icon and the sketch tools. They join the icon theme only
 * once the main window is on screen (see stp_application_startup). GTK then reads the
 * theme again (about 15 ms), but with the window already there; nothing before the first
 * frame uses them. The window icon is drawn from an SVG, and loading librsvg alone takes
 * about 10 ms. */
static void
add_own_icons (StpApplication *self)
{
  GdkDisplay *display = gdk_display_get_default ();

  if (self->own_icons_added || display == NULL)
    return;
  self->own_icons_added = TRUE;

  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display),
                                    RESOURCE_BASE "/icons");
  gtk_window_set_default_icon_name (APP_ID);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (gtk_window_get_icon_name (l->data) == NULL)
      gtk_window_set_icon_name (l->data, APP_ID);
}

/* What waits for the first frame: Stipple's icons, and the database check. */
static gboolean
after_first_frame_idle_cb (gpointer user_data)
{
  StpApplication *self = user_data;

  self->check_idle = 0;
  add_own_icons (self);
  start_store_check (self);
  return G_SOURCE_REMOVE;
}

static void
first_frame_painted_cb (GdkFrameClock  *clock,
                        StpApplication *self)
{
  if (clock != NULL)
    g_signal_handlers_disconnect_by_func (clock, first_frame_painted_cb, self);

  /* The benchmark hook: quit as soon as the main window's first frame is on screen. */
  if (g_strcmp0 (g_getenv ("STIPPLE_EXIT_AFTER_FIRST_FRAME"), "1") == 0)
    g_application_quit (G_APPLICATION (self));

  /* The check reads the whole file: it waits until the window is there to look at. */
  if (self->check_cancellable == NULL && self->check_idle == 0)
    self->check_idle = g_idle_add (after_first_frame_idle_cb, self);
}

static void
window_mapped_cb (GtkWidget      *window,
                  StpApplication *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_handlers_disconnect_by_func (window, window_mapped_cb, self);
  if (clock == NULL)
    {
      first_frame_painted_cb (NULL, self);
      return;
    }
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (first_frame_painted_cb),
                           self, 0);
}

static void
stp_application_activate (GApplication *app)
{
  StpApplication *self = STP_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  if (self->store == NULL)
    {
      show_open_error (self);
      return;
    }

  /* Aftercare: `stipple --background` starts hidden; the reminders run without a window. */
  if (self->background_start)
    {
      self->background_start = FALSE;
      add_own_icons (self);
      start_store_check (self);
      return;
    }

  if (self->clients != NULL)
    {
      g_autoptr(StpClientList) clients = g_steal_pointer (&self->clients);

      window = GTK_WINDOW (stp_window_new_with_clients (GTK_APPLICATION (self), self->store,
                                                        self->settings, clients));
    }
  else
    window = GTK_WINDOW (stp_window_new (GTK_APPLICATION (self), self->store,
                                         self->settings));
  stp_window_aftercare_set_notifier (STP_WINDOW (window), self->notifier);

  if (self->check_cancellable == NULL)
    g_signal_connect_object (window, "map", G_CALLBACK (window_mapped_cb), self,
                             G_CONNECT_AFTER);

  gtk_window_present (window);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  StpApplication *self = user_data;
  GList *windows;

  /* Closing each window lets it save its size; the app ends with the last one. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free (windows);

  /* Quit means quit, also when running in the background for reminders. */
  if (self->held)
    {
      self->held = FALSE;
      g_application_release (G_APPLICATION (self));
    }
}

/* Aftercare: the window for a reminder's buttons, made when only the background ran. */
static StpWindow *
find_main_window (StpApplication *self)
{
  /* The most recently focused first; Preferences or a dialog may be the active one. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (STP_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static StpWindow *
ensure_window (StpApplication *self)
{
  StpWindow *window = find_main_window (self);

  self->background_start = FALSE;
  if (window == NULL)
    {
      g_application_activate (G_APPLICATION (self));
      window = find_main_window (self);
    }
  if (window == NULL)
    return NULL;
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
open_client_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  StpWindow *window = ensure_window (user_data);

  if (window != NULL)
    stp_window_open_client (window, g_variant_get_int64 (parameter));
}

static void
show_followups_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  StpWindow *window = ensure_window (user_data);

  if (window != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (window), "show-followups", NULL);
}

/* Holds the application while "run-in-background" is on (or it started with
 * --background), and keeps the autostart entry in step with the setting. */
static void
update_background (StpApplication *self,
                   gboolean        write_autostart)
{
  gboolean wanted = self->settings != NULL &&
                    g_settings_get_boolean (self->settings, "run-in-background");
  g_autoptr(GError) error = NULL;

  if ((wanted || self->background_start) && !self->held)
    {
      self->held = TRUE;
      g_application_hold (G_APPLICATION (self));
    }
  else if (!wanted && !self->background_start && self->held)
    {
      self->held = FALSE;
      g_application_release (G_APPLICATION (self));
    }
  if (write_autostart &&
      !stp_background_set_autostart (wanted, self->data_dir_option, &error))
    g_warning ("%s", error->message);
}

static void
run_in_background_changed_cb (GSettings      *settings,
                              const char     *key,
                              StpApplication *self)
{
  update_background (self, TRUE);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  StpApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWindow *prefs;

  if (self->store == NULL)
    return;

  prefs = GTK_WINDOW (stp_preferences_window_new (self->store, parent));
  gtk_window_present (prefs);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  StpApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "The Stipple developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", _("Stipple"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Stipple developers"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "comments", _("Client records, hairline sketches, treatment logs "
                                      "and aftercare reminders for scalp "
                                      "micropigmentation clinics."),
                        "copyright", "© 2026 The Stipple developers",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "preferences", preferences_activated },
  { "about", about_activated },
  { "open-client", open_client_activated, "x" },
  { "show-followups", show_followups_activated },
};

static const struct
{
  const char *action;
  const char *accels[3];
} app_accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "win.new-client", { "<Control>n", NULL } },
  { "win.find", { "<Control>f", NULL } },
  { "win.save-client", { "<Control>s", NULL } },
  { "win.import-photos", { "<Control>i", NULL } },
  { "win.archive-client", { "<Control>Delete", NULL } },
  { "win.show-archived", { "<Control><Shift>a", NULL } },
  { "win.log-session", { "<Control><Shift>l", NULL } },
  { "win.save-session", { "<Control>s", NULL } },
  { "win.lot-recall", { "<Control><Shift>r", NULL } },
  { "win.back", { "<Alt>Left", NULL } },
  { "win.show-followups", { "<Control>u", NULL } },
  { "win.show-help-overlay", { "<Control>question", NULL } },
};

/* A polite request to stop (logout, kill) ends the main loop so the database closes
 * cleanly instead of mid-flight. */
static gboolean
quit_signal_cb (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

/* Opening the database includes an integrity check that reads the whole file; it runs on
 * its own thread while GTK connects to the display and loads its theme, so a large
 * clinic's database adds little to the wait for the window. Nothing else touches the store
 * until the thread has been joined. */
static gpointer
open_store_thread (gpointer data)
{
  StpApplication *self = data;

  self->store = stp_store_open_unchecked (self->data_dir, &self->open_error);
  /* The first window's list, read here while the main thread starts GTK. */
  if (self->store != NULL && !self->background_start)
    self->clients = stp_client_list_new (self->store);
  return NULL;
}

static void
load_style_sheet (void)
{
  g_autoptr (GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, RESOURCE_BASE "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
stp_application_startup (GApplication *app)
{
  StpApplication *self = STP_APPLICATION (app);
  GThread *opener;

  self->settings = stp_settings_new_if_installed ();
  self->data_dir = resolve_data_dir (self);
  g_clear_error (&self->open_error);
  /* Reads the migrations from the resources here, before GTK starts registering its own. */
  (void)stp_store_get_latest_schema_version ();
  opener = g_thread_new ("stipple-open", open_store_thread, self);

  /* Stipple loads its style sheet and icons itself rather than through the resource base
   * path. GTK starts reading the icon theme on a thread the moment the theme exists, and
   * libadwaita adds its own icons to it straight away. When GtkApplication makes the theme
   * first, for Stipple's icons, libadwaita's addition most often comes while that reading
   * runs: it waits for it (about 12 ms) and throws it away, and the theme is read again on
   * the main thread before the first frame. Left to libadwaita, the theme is read once, in
   * the background; Stipple's icons are needed only after the first frame. */
  g_application_set_resource_base_path (app, NULL);
  G_APPLICATION_CLASS (stp_application_parent_class)->startup (app);
  load_style_sheet ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (app_accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), app_accels[i].action,
                                           app_accels[i].accels);

  g_unix_signal_add (SIGTERM, quit_signal_cb, self);
  g_unix_signal_add (SIGINT, quit_signal_cb, self);

  g_thread_join (opener);
  if (self->store == NULL)
    g_message ("Could not open the clinic database in %s: %s", self->data_dir,
               self->open_error->message);

  /* Aftercare reminders, with or without a window. */
  if (self->store != NULL)
    {
      /* Started once the store has passed its check (store_checked_cb). */
      self->notifier = stp_notifier_new (self->store, G_APPLICATION (self));
      if (self->settings != NULL)
        g_signal_connect (self->settings, "changed::run-in-background",
                          G_CALLBACK (run_in_background_changed_cb), self);
      update_background (self, FALSE);
    }
}

static void
stp_application_shutdown (GApplication *app)
{
  StpApplication *self = STP_APPLICATION (app);

  G_APPLICATION_CLASS (stp_application_parent_class)->shutdown (app);

  /* A check still reading is interrupted; its callback drops the store's last use. */
  g_clear_handle_id (&self->check_idle, g_source_remove);
  if (self->check_cancellable != NULL)
    g_cancellable_cancel (self->check_cancellable);
  while (self->check_running)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&self->check_cancellable);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_func (self->settings, run_in_background_changed_cb, self);
  g_clear_object (&self->notifier);
  g_clear_object (&self->clients);
  g_clear_object (&self->store);
}

static int
stp_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  StpApplication *self = STP_APPLICATION (app);
  const char *data_dir = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_contains (options, "background"))
    self->background_start = TRUE;

  if (g_variant_dict_lookup (options, "data-dir", "^&ay", &data_dir))
    {
      g_free (self->data_dir_option);
      self->data_dir_option = g_strdup (data_dir);
    }

  return -1;
}

static void
stp_application_finalize (GObject *object)
{
  StpApplication *self = STP_APPLICATION (object);

  g_clear_object (&self->notifier);
  g_clear_object (&self->clients);
  g_clear_object (&self->store);
  g_clear_object (&self->check_cancellable);
  g_clear_object (&self->settings);
  g_clear_error (&self->open_error);
  g_free (self->data_dir_option);
  g_free (self->data_dir);

  G_OBJECT_CLASS (stp_application_parent_class)->finalize (object);
}

static void
stp_application_class_init (StpApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = stp_application_finalize;

  app_class->startup = stp_application_startup;
  app_class->activate = stp_application_activate;
  app_class->shutdown = stp_application_shutdown;
  app_class->handle_local_options = stp_application_handle_local_options;
}

static void
stp_application_init (StpApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Client records for scalp "
                                              "micropigmentation clinics."));
}

StpApplication *
stp_application_new (void)
{
  return g_object_new (STP_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

StpStore *
stp_application_get_store (StpApplication *self)
{
  g_return_val_if_fail (STP_IS_APPLICATION (self), NULL);

  return self->store;
}

GSettings *
stp_application_get_settings (StpApplication *self)
{
  g_return_val_if_fail (STP_IS_APPLICATION (self), NULL);

  return self->settings;
}

const char *
stp_application_get_data_dir (StpApplication *self)
{
  g_return_val_if_fail (STP_IS_APPLICATION (self), NULL);

  return self->data_dir;
}

StpNotifier *
stp_application_get_notifier (StpApplication *self)
{
  g_return_val_if_fail (STP_IS_APPLICATION (self), NULL);

  return self->notifier;
}
