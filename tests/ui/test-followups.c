/* test-followups.c: the real window's Follow-ups page marks one follow-up done (with an
 * outcome typed into its dialog) and snoozes another, asserted on the database; and
 * without a notification server the reminder banner appears and nothing is lost.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "test-followups"

#include "ui-window-fixture.h"

#include "stp-aftercare-prefs-page.h"
#include "stp-background.h"
#include "stp-notifier.h"
#include "stp-window-aftercare.h"

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* A client with a session eight days ago: day 0, 4 and 7 are due, the rest upcoming. */
static gint64
log_session (Fixture    *f,
             const char *given)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpClient) client = stp_client_new ();
  g_autoptr(StpStaff) who = stp_staff_new ("Pat Practitioner", STP_STAFF_ROLE_PRACTITIONER);
  g_autoptr(StpTreatmentSession) s = stp_treatment_session_new ();
  gint64 id;

  stp_client_set_given_name (client, given);
  stp_client_set_family_name (client, "Tester");
  stp_client_set_phone (client, "+44 7700 900555");
  s->client_id = stp_store_create_client (f->store, client, &error);
  g_assert_no_error (error);
  s->practitioner_id = stp_store_create_staff (f->store, who, &error);
  s->kind = STP_SESSION_KIND_INITIAL;
  s->started_at = now_unix () - 8 * 86400;
  s->areas = STP_AREA_CROWN;
  g_ptr_array_add (s->pigments, stp_session_pigment_new ("Inkredible", "Charcoal 3", "1:20",
                                                         "L1", "2099-12-31"));
  id = stp_store_log_session (f->store, s, 0, &error);
  g_assert_no_error (error);
  return id;
}

static void
test_page_done_and_snooze (Fixture       *f,
                           gconstpointer  data)
{
  StpFollowupsPage *page;
  GtkStack *stack;
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  GArray *ids;
  gint64 first, second;
  g_autoptr(StpFollowup) done = NULL;
  g_autoptr(StpFollowup) snoozed = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = now_unix ();

  log_session (f, "Robin");
  activate (f, "win.show-followups");
  page = stp_window_get_followups_page (f->window);
  stack = GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (page)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "followups");
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)));
  WAIT_UNTIL (stp_followups_page_get_ids (page)->len == 5);
  ids = stp_followups_page_get_ids (page);
  first = g_array_index (ids, gint64, 0);
  second = g_array_index (ids, gint64, 1);

  /* Done: the button's action opens the outcome dialog; type a note and confirm. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "followups.done", "x", first));
  dialog = stp_followups_page_get_dialog (page);
  g_assert_nonnull (dialog);
  entry = adw_message_dialog_get_extra_child (dialog);
  gtk_editable_set_text (GTK_EDITABLE (entry), "Sheet given, all understood");
  adw_message_dialog_response (dialog, "done");
  gtk_window_destroy (GTK_WINDOW (dialog));

  done = stp_store_get_followup (f->store, first, &error);
  g_assert_no_error (error);
  g_assert_cmpint (done->status, ==, STP_FOLLOWUP_STATUS_DONE);
  g_assert_cmpstr (done->outcome, ==, "Sheet given, all understood");

  /* Snooze the next one for an hour. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "followups.snooze-hour", "x",
                                             second));
  snoozed = stp_store_get_followup (f->store, second, &error);
  g_assert_cmpint (snoozed->status, ==, STP_FOLLOWUP_STATUS_SNOOZED);
  g_assert_cmpint (snoozed->snoozed_until, >=, before + 3600);
  g_assert_cmpint (snoozed->snoozed_until, <=, now_unix () + 3600);

  /* The page re-reads: the done one is gone, the snoozed one moved on. */
  WAIT_UNTIL (stp_followups_page_get_ids (page)->len == 4);
  for (guint i = 0; i < stp_followups_page_get_ids (page)->len; i++)
    g_assert_cmpint (g_array_index (stp_followups_page_get_ids (page), gint64, i), !=, first);

  /* Open Client shows that client's page. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "followups.open-client", "x",
                                             second));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "client");
  g_assert_cmpint (stp_window_get_current_id (f->window), ==, snoozed->client_id);
}

static void
test_page_bulk (Fixture       *f,
                gconstpointer  data)
{
  StpFollowupsPage *page;
  GArray *ids;
  gint64 a, b;
  AdwMessageDialog *dialog;

  log_session (f, "Alex");
  activate (f, "win.show-followups");
  page = stp_window_get_followups_page (f->window);
  WAIT_UNTIL (stp_followups_page_get_ids (page)->len == 5);
  ids = stp_followups_page_get_ids (page);
  a = g_array_index (ids, gint64, 0);
  b = g_array_index (ids, gint64, 2);
  stp_followups_page_set_selected (page, a, TRUE);
  stp_followups_page_set_selected (page, b, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "followups.done-selected",
                                             NULL));
  dialog = stp_followups_page_get_dialog (page);
  adw_message_dialog_response (dialog, "done");
  gtk_window_destroy (GTK_WINDOW (dialog));
  {
    g_autoptr(StpFollowup) fa = stp_store_get_followup (f->store, a, NULL);
    g_autoptr(StpFollowup) fb = stp_store_get_followup (f->store, b, NULL);
    g_assert_cmpint (fa->status, ==, STP_FOLLOWUP_STATUS_DONE);
    g_assert_cmpint (fb->status, ==, STP_FOLLOWUP_STATUS_DONE);
  }
}

/* The test runs in a D-Bus session without a notification server. */
static void
test_banner_without_daemon (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(StpNotifier) notifier = NULL;
  g_autoptr(GPtrArray) still = NULL;
  g_autoptr(GPtrArray) after = NULL;
  GtkRevealer *banner = stp_window_get_reminder_banner (f->window);

  log_session (f, "Morgan");
  g_assert_false (gtk_revealer_get_reveal_child (banner));
  notifier = stp_notifier_new (f->store, NULL);
  stp_window_aftercare_set_notifier (f->window, notifier);
  stp_notifier_start (notifier);

  /* Three due (day 0, 4, 7), missed while "closed": one line in the banner for all. */
  g_assert_true (gtk_revealer_get_reveal_child (banner));
  g_assert_nonnull (strstr (stp_window_get_reminder_banner_text (f->window),
                            "3 follow-ups are due"));
  g_assert_nonnull (strstr (stp_window_get_reminder_banner_text (f->window),
                            "Morgan Tester"));
  g_assert_cmpuint (stp_notifier_get_fallback (notifier)->len, ==, 3);

  /* Nothing is lost: until the banner was seen, they still count as not notified. */
  still = stp_store_list_unnotified (f->store, now_unix (), NULL);
  g_assert_cmpuint (still->len, ==, 3);
  stp_notifier_check (notifier);
  g_assert_cmpuint (stp_notifier_get_fallback (notifier)->len, ==, 3);

  /* "Show Follow-ups" (icon, text, this button, close) opens the page; they count as seen. */
  {
    GtkWidget *box = gtk_revealer_get_child (banner);
    GtkWidget *show = gtk_widget_get_prev_sibling (gtk_widget_get_last_child (box));

    g_assert_true (GTK_IS_BUTTON (show));
    g_signal_emit_by_name (show, "clicked");
  }
  g_assert_cmpstr (gtk_stack_get_visible_child_name (
    GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (stp_window_get_followups_page (f->window))))),
    ==, "followups");
  g_assert_false (gtk_revealer_get_reveal_child (banner));
  after = stp_store_list_unnotified (f->store, now_unix (), NULL);
  g_assert_cmpuint (after->len, ==, 0);
  stp_window_aftercare_set_notifier (f->window, NULL);
}

/* The autostart entry the background preference installs and removes. */
static gboolean
entry_with_text (GtkWidget     *widget,
                 gconstpointer  text)
{
  return GTK_IS_ENTRY (widget) &&
         g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (widget)), text) == 0;
}

static gboolean
button_with_label (GtkWidget     *widget,
                   gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
error_label (GtkWidget     *widget,
             gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "error") &&
         gtk_widget_get_visible (widget);
}

/* The protocol editor in Preferences: an empty step title is refused with the
 * protocol's message and nothing is written; a fixed one is saved. */
static void
test_protocol_editor (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(StpStaff) admin = stp_staff_new ("Dana Admin", STP_STAFF_ROLE_ADMIN);
  g_autoptr(StpProtocol) before = NULL;
  g_autoptr(StpProtocol) after = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *page;
  GtkWidget *title;
  GtkWidget *save;
  GtkWidget *message;

  stp_store_set_actor (f->store, stp_store_create_staff (f->store, admin, &error));
  g_assert_no_error (error);
  page = GTK_WIDGET (g_object_ref_sink (stp_aftercare_prefs_page_new (f->store, NULL)));

  title = find_descendant (page, entry_with_text, "Day 4 check-in: how is it healing?");
  g_assert_nonnull (title);
  /* The Save button of the same protocol: the nearest one after the entry. */
  save = gtk_widget_get_ancestor (title, ADW_TYPE_EXPANDER_ROW);
  save = find_descendant (save, button_with_label, "_Save Protocol");
  g_assert_nonnull (save);

  gtk_editable_set_text (GTK_EDITABLE (title), "   ");
  g_signal_emit_by_name (save, "clicked");
  message = find_descendant (gtk_widget_get_ancestor (title, ADW_TYPE_EXPANDER_ROW), error_label,
                         NULL);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (message)), "Step 2 has no title"));
  before = stp_store_get_protocol_for_service (f->store, "initial", &error);
  g_assert_cmpstr (((StpProtocolStep *)g_ptr_array_index (before->steps, 1))->title, ==,
                   "Day 4 check-in: how is it healing?");

  gtk_editable_set_text (GTK_EDITABLE (title), "Day 4 call");
  g_signal_emit_by_name (save, "clicked");
  after = stp_store_get_protocol_for_service (f->store, "initial", &error);
  g_assert_cmpstr (((StpProtocolStep *)g_ptr_array_index (after->steps, 1))->title, ==,
                   "Day 4 call");
  g_assert_cmpuint (after->services->len, ==, 6);
  g_object_unref (page);
}

/* main () points XDG_CONFIG_HOME here before GLib reads it. */
static char *config_home;

/* The autostart entry the background preference installs and removes. */
static void
test_autostart (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = stp_background_autostart_path ();
  g_autofree char *expected = g_build_filename (config_home, "autostart",
                                                "org.stipple.Stipple.desktop", NULL);
  g_autoptr(GKeyFile) entry = g_key_file_new ();
  g_autofree char *exec = NULL;
  g_autofree char *type = NULL;

  g_assert_cmpstr (path, ==, expected);
  g_assert_true (stp_background_set_autostart (TRUE, "/srv/clinic data", &error));
  g_assert_no_error (error);
  g_assert_true (g_key_file_load_from_file (entry, path, 0, &error));
  exec = g_key_file_get_string (entry, G_KEY_FILE_DESKTOP_GROUP, "Exec", &error);
  g_assert_nonnull (strstr (exec, " --background --data-dir '/srv/clinic data'"));
  type = g_key_file_get_string (entry, G_KEY_FILE_DESKTOP_GROUP, "Type", NULL);
  g_assert_cmpstr (type, ==, "Application");

  g_assert_true (stp_background_set_autostart (FALSE, NULL, &error));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  /* Removing what is not there is fine. */
  g_assert_true (stp_background_set_autostart (FALSE, NULL, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  config_home = g_dir_make_tmp ("stipple-config-XXXXXX", NULL);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_timeout_add (20, tick_cb, NULL);

  g_test_add ("/ui/followups/done-and-snooze", Fixture, NULL, fixture_setup,
              test_page_done_and_snooze, fixture_teardown);
  g_test_add ("/ui/followups/bulk-done", Fixture, NULL, fixture_setup, test_page_bulk,
              fixture_teardown);
  g_test_add ("/ui/followups/banner-without-daemon", Fixture, NULL, fixture_setup,
              test_banner_without_daemon, fixture_teardown);
  g_test_add_func ("/ui/followups/autostart", test_autostart);
  g_test_add ("/ui/followups/protocol-editor", Fixture, NULL, fixture_setup,
              test_protocol_editor, fixture_teardown);

  status = g_test_run ();
  remove_tree (config_home);
  g_free (config_home);
  return status;
}
