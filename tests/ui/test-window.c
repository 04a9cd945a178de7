/* test-window.c: the real main window on a temporary data folder, driven by its actions.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "test-window"

#include "ui-window-fixture.h"

#include "stp-client-row.h"

static void
set_field (Fixture        *f,
           StpClientField  field,
           const char     *text)
{
  StpClientPage *page = stp_window_get_client_page (f->window);
  GtkWidget *widget = stp_client_page_get_field_widget (page, field);

  if (GTK_IS_TEXT_VIEW (widget))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (widget), text);
}

static guint
n_listed (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (stp_window_get_client_list (f->window)));
}

static gboolean
listed (Fixture *f,
        gint64   id)
{
  return stp_client_list_find (stp_window_get_client_list (f->window), id) != G_MAXUINT;
}

static gint64
add_client (Fixture    *f,
            const char *given,
            const char *family,
            const char *phone,
            const char *email)
{
  activate (f, "win.new-client");
  g_assert_cmpint (stp_window_get_current_id (f->window), ==, 0);
  set_field (f, STP_CLIENT_FIELD_GIVEN_NAME, given);
  set_field (f, STP_CLIENT_FIELD_FAMILY_NAME, family);
  set_field (f, STP_CLIENT_FIELD_PHONE, phone);
  set_field (f, STP_CLIENT_FIELD_EMAIL, email);
  activate (f, "win.save-client");

  return stp_window_get_current_id (f->window);
}

static void
search (Fixture    *f,
        const char *text)
{
  gtk_editable_set_text (stp_window_get_search_entry (f->window), text);
}

static void
test_create_find_archive_undo (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (StpClient) stored = NULL;
  g_autoptr (StpClient) archived = NULL;
  g_autoptr (StpClient) restored = NULL;
  StpClientList *list = stp_window_get_client_list (f->window);
  gint64 zoe, adam;

  g_assert_cmpuint (n_listed (f), ==, 0);

  /* Create through the window's actions and form. */
  activate (f, "win.new-client");
  set_field (f, STP_CLIENT_FIELD_GIVEN_NAME, "Zoë");
  set_field (f, STP_CLIENT_FIELD_FAMILY_NAME, "Müller");
  set_field (f, STP_CLIENT_FIELD_BIRTH_DATE, "1985-03-14");
  set_field (f, STP_CLIENT_FIELD_PHONE, "+44 20 7946 0958");
  set_field (f, STP_CLIENT_FIELD_EMAIL, "zoe@example.com");
  set_field (f, STP_CLIENT_FIELD_NOTES, "Prefers morning sessions.");
  activate (f, "win.save-client");

  zoe = stp_window_get_current_id (f->window);
  g_assert_cmpint (zoe, >, 0);
  g_assert_false (stp_client_page_get_dirty (stp_window_get_client_page (f->window)));
  g_assert_cmpuint (n_listed (f), ==, 1);
  g_assert_true (listed (f, zoe));

  stored = stp_store_get_client (f->store, zoe, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stp_client_get_given_name (stored), ==, "Zoë");
  g_assert_cmpstr (stp_client_get_family_name (stored), ==, "Müller");
  g_assert_cmpstr (stp_client_get_birth_date (stored), ==, "1985-03-14");
  g_assert_cmpstr (stp_client_get_email (stored), ==, "zoe@example.com");
  g_assert_cmpstr (stp_client_get_notes (stored), ==, "Prefers morning sessions.");
  g_assert_false (stp_client_get_archived (stored));

  adam = add_client (f, "Adam", "Smith", "020 7946 0000", "adam@example.org");
  g_assert_cmpint (adam, >, 0);
  g_assert_cmpint (adam, !=, zoe);
  g_assert_cmpuint (n_listed (f), ==, 2);

  /* Search narrows the list, without accents too. */
  search (f, "mull");
  WAIT_UNTIL (g_strcmp0 (stp_client_list_get_query (list), "mull") == 0);
  g_assert_cmpuint (n_listed (f), ==, 1);
  g_assert_cmpuint (stp_client_list_find (list, zoe), ==, 0);
  g_assert_false (listed (f, adam));

  search (f, "");
  WAIT_UNTIL (n_listed (f) == 2);

  /* Enter in the search opens the best match. */
  search (f, "zoe");
  WAIT_UNTIL (n_listed (f) == 1 && listed (f, zoe));
  g_signal_emit_by_name (stp_window_get_search_entry (f->window), "activate");
  g_assert_cmpint (stp_window_get_current_id (f->window), ==, zoe);
  search (f, "");
  WAIT_UNTIL (n_listed (f) == 2);

  /* Archive: gone from the list, flagged in the database. */
  activate (f, "win.archive-client");
  g_assert_false (listed (f, zoe));
  g_assert_true (listed (f, adam));
  g_assert_cmpuint (n_listed (f), ==, 1);
  g_assert_cmpint (stp_window_get_current_id (f->window), ==, 0);
  archived = stp_store_get_client (f->store, zoe, &error);
  g_assert_no_error (error);
  g_assert_true (stp_client_get_archived (archived));

  /* The toast's Undo brings the client back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo-archive", "x",
                                             zoe));
  g_assert_true (listed (f, zoe));
  g_assert_cmpuint (n_listed (f), ==, 2);
  g_assert_cmpint (stp_window_get_current_id (f->window), ==, zoe);
  restored = stp_store_get_client (f->store, zoe, &error);
  g_assert_no_error (error);
  g_assert_false (stp_client_get_archived (restored));

  /* Archived clients have their own list, and restore from there. */
  activate (f, "win.archive-client");
  g_action_group_change_action_state (G_ACTION_GROUP (f->window), "show-archived",
                                      g_variant_new_boolean (TRUE));
  g_assert_cmpint (stp_client_list_get_scope (list), ==, STP_CLIENT_SCOPE_ARCHIVED);
  g_assert_cmpuint (n_listed (f), ==, 1);
  g_assert_true (listed (f, zoe));
  g_action_group_change_action_state (G_ACTION_GROUP (f->window), "show-archived",
                                      g_variant_new_boolean (FALSE));
  g_assert_cmpuint (n_listed (f), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo-archive", "x",
                                             zoe));
  g_assert_cmpuint (n_listed (f), ==, 2);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

/* What a click on a response button does: the response, then the dialog closes. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  WAIT_UNTIL (find_message_dialog () == NULL);
}

/* A search that fills the list says it shows only the best matches; a narrower one
 * does not. */
static void
test_search_limit_note (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  GtkLabel *note = stp_window_get_search_note (f->window);

  g_assert_true (stp_demo_fill (f->store, STP_CLIENT_LIST_SEARCH_LIMIT + 300, 7, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (n_listed (f) == STP_CLIENT_LIST_SEARCH_LIMIT + 300);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (note)));

  search (f, "a");
  WAIT_UNTIL (n_listed (f) == STP_CLIENT_LIST_SEARCH_LIMIT);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (note)));
  g_assert_nonnull (strstr (gtk_label_get_label (note), "500"));

  search (f, "Kowalski");
  WAIT_UNTIL (n_listed (f) < STP_CLIENT_LIST_SEARCH_LIMIT);
  g_assert_cmpuint (n_listed (f), >, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (note)));
}

static gpointer
list_clients_thread (gpointer store)
{
  return stp_client_list_new (store);
}

/* The application lists the clients on its opening thread while GTK starts, and hands
 * the list to its first window: the window shows that list, and it stays live. */
static void
test_prefetched_list (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (StpClientList) clients = NULL;
  g_autoptr (StpClient) late = stp_client_new ();
  g_autoptr (GError) error = NULL;
  gint64 id;

  g_assert_true (stp_demo_fill (f->store, 40, 3, &error));
  g_assert_no_error (error);
  clients = g_thread_join (g_thread_new ("list", list_clients_thread, f->store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (clients)), ==, 40);

  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  f->window = g_object_ref_sink (stp_window_new_with_clients (NULL, f->store, f->settings,
                                                              clients));
  gtk_window_present (GTK_WINDOW (f->window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (f->window)));

  g_assert_true (stp_window_get_client_list (f->window) == clients);
  g_assert_cmpuint (n_listed (f), ==, 40);
  stp_client_set_given_name (late, "Noor");
  stp_client_set_family_name (late, "Late");
  id = stp_store_create_client (f->store, late, &error);
  g_assert_no_error (error);
  WAIT_UNTIL (listed (f, id));
  g_assert_cmpuint (n_listed (f), ==, 41);
}

static gboolean
visible_with_tooltip (GtkWidget     *widget,
                      gconstpointer  text)
{
  return gtk_widget_get_visible (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) == 0;
}

/* The visible widget under root whose tooltip is text, or NULL. */
static GtkWidget *
find_tooltip (GtkWidget  *root,
              const char *text)
{
  return find_descendant (root, visible_with_tooltip, text);
}

static gboolean
shown_label (GtkWidget     *widget,
             gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

/* The mapped label under root that shows text, or NULL. */
static GtkLabel *
find_shown_label (GtkWidget  *root,
                  const char *text)
{
  return (GtkLabel *)find_descendant (root, shown_label, text);
}

/* The content's empty state: a welcome in a new clinic, then "No Client Selected" once
 * there are clients and none is open; its text wraps in a narrow window. */
static void
test_empty_state (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  GtkLabel *description;
  gint64 id;

  /* Wide enough for the list and the content side by side. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  WAIT_UNTIL (find_shown_label (window, "Welcome to Stipple") != NULL);
  g_assert_null (find_shown_label (window, "No Client Selected"));

  id = add_client (f, "Nora", "Empty", "", "");
  g_assert_cmpint (id, >, 0);
  add_client (f, "Omar", "Empty", "", "");
  activate (f, "win.archive-client");
  WAIT_UNTIL (find_shown_label (window, "No Client Selected") != NULL);
  g_assert_null (find_shown_label (window, "Welcome to Stipple"));
  description = find_shown_label (window, "Choose a client from the list, or add a new one "
                                          "with Ctrl+N.");
  g_assert_nonnull (description);

  /* One line at full width; more than one when the content is narrow. */
  WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (description)) > 0);
  {
    int wide = gtk_widget_get_height (GTK_WIDGET (description));
    int narrow = 0;

    gtk_widget_measure (GTK_WIDGET (description), GTK_ORIENTATION_VERTICAL, 200,
                        NULL, &narrow, NULL, NULL);
    g_assert_cmpint (narrow, >=, 2 * wide);
  }
}

static gboolean
row_with_text (GtkWidget     *widget,
               gconstpointer  text)
{
  return STP_IS_CLIENT_ROW (widget) &&
         g_strcmp0 (stp_client_row_get_text (STP_CLIENT_ROW (widget)), text) == 0;
}

/* The list row showing text, under root, or NULL. */
static StpClientRow *
find_row (GtkWidget  *root,
          const char *text)
{
  return (StpClientRow *)find_descendant (root, row_with_text, text);
}

/* How far the row's drawing reaches, in its own coordinates. */
static graphene_rect_t
drawn_bounds (StpClientRow *row)
{
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, 0, 0);

  GTK_WIDGET_GET_CLASS (row)->snapshot (GTK_WIDGET (row), snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node != NULL)
    gsk_render_node_get_bounds (node, &bounds);
  return bounds;
}

/* List rows: the name over the phone, or the email without one; a name wider than the
 * list is cut short with an ellipsis and drawn within the row; all rows are as tall. */
static void
test_client_rows (Fixture       *f,
                  gconstpointer  data)
{
  StpClientRow *short_row, *long_row;
  graphene_rect_t bounds;
  int natural = 0;

  add_client (f, "Ana", "Short", "+44 7700 900123", "ana@example.org");
  add_client (f, "Maximiliana", "Wolfeschlegelsteinhausenbergerdorff-Montgomery", "",
              "maxi@example.org");

  WAIT_UNTIL (find_row (GTK_WIDGET (f->window), "Ana Short\n+44 7700 900123") != NULL &&
              find_row (GTK_WIDGET (f->window), "Maximiliana Wolfeschlegelsteinhausenbergerdorff"
                        "-Montgomery\nmaxi@example.org") != NULL);
  short_row = find_row (GTK_WIDGET (f->window), "Ana Short\n+44 7700 900123");
  long_row = find_row (GTK_WIDGET (f->window), "Maximiliana Wolfeschlegelsteinhausenbergerdorff"
                       "-Montgomery\nmaxi@example.org");
  WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (long_row)) > 0);

  g_assert_false (stp_client_row_get_ellipsized (short_row));
  g_assert_true (stp_client_row_get_ellipsized (long_row));
  gtk_widget_measure (GTK_WIDGET (long_row), GTK_ORIENTATION_HORIZONTAL, -1,
                      NULL, &natural, NULL, NULL);
  g_assert_cmpint (natural, >, gtk_widget_get_width (GTK_WIDGET (long_row)));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (short_row)), ==,
                   gtk_widget_get_height (GTK_WIDGET (long_row)));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (short_row)), >, 20);

  bounds = drawn_bounds (long_row);
  g_assert_cmpfloat (bounds.size.width, >, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=,
                     gtk_widget_get_width (GTK_WIDGET (long_row)) + 1);
  bounds = drawn_bounds (short_row);
  g_assert_cmpfloat (bounds.size.width, >, 40);
  g_assert_cmpfloat (bounds.size.height, >, 20);
}

/* The header bar's buttons get their tooltips before the window is on screen (while
 * briefly hidden, see stp-tooltip.c): they must have them, and be visible. */
static void
test_tooltips (Fixture       *f,
               gconstpointer  data)
{
  static const char *expected[] = {
    "New Client (Ctrl+N)", "Main Menu", "Calls and messages due (Ctrl+U)",
  };
  GtkWidget *button;

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      button = find_tooltip (GTK_WIDGET (f->window), expected[i]);
      g_assert_nonnull (button);
      g_assert_true (gtk_widget_get_mapped (button));
      g_assert_true (gtk_widget_get_has_tooltip (button));
    }

  /* Hidden until a client is shown, with its tooltip all the same. */
  button = find_tooltip (GTK_WIDGET (f->window), "Save the Client (Ctrl+S)");
  g_assert_null (button);
  add_client (f, "Tess", "Tooltip", "", "");
  button = find_tooltip (GTK_WIDGET (f->window), "Save the Client (Ctrl+S)");
  g_assert_nonnull (button);
}

static void
test_erase (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (StpClient) gone = NULL;
  AdwMessageDialog *dialog;
  gint64 id;

  id = add_client (f, "Erin", "Bråthen", "", "erin@example.com");
  g_assert_cmpint (id, >, 0);

  /* Cancelling keeps the client. */
  activate (f, "win.erase-client");
  WAIT_UNTIL ((dialog = find_message_dialog ()) != NULL);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "Erin Bråthen"));
  g_assert_true (adw_message_dialog_has_response (dialog, "erase"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "erase"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  respond (dialog, "cancel");
  g_assert_true (listed (f, id));

  activate (f, "win.erase-client");
  WAIT_UNTIL ((dialog = find_message_dialog ()) != NULL);
  respond (dialog, "erase");

  g_assert_false (listed (f, id));
  g_assert_cmpint (stp_window_get_current_id (f->window), ==, 0);
  gone = stp_store_get_client (f->store, id, &error);
  g_assert_null (gone);
  g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND);
}

static void
test_unsaved_changes (Fixture       *f,
                      gconstpointer  data)
{
  StpClientPage *page = stp_window_get_client_page (f->window);
  GtkWidget *family = stp_client_page_get_field_widget (page, STP_CLIENT_FIELD_FAMILY_NAME);
  g_autoptr (StpClient) stored = NULL;
  AdwMessageDialog *dialog;
  gint64 id;

  id = add_client (f, "Lena", "Fischer", "", "");
  g_assert_cmpint (id, >, 0);

  set_field (f, STP_CLIENT_FIELD_FAMILY_NAME, "Fischer-Braun");
  g_assert_true (stp_client_page_get_dirty (page));

  /* Leaving asks first; Cancel keeps every typed character on screen. */
  activate (f, "win.new-client");
  WAIT_UNTIL ((dialog = find_message_dialog ()) != NULL);
  g_assert_true (adw_message_dialog_has_response (dialog, "discard"));
  respond (dialog, "cancel");
  g_assert_cmpint (stp_window_get_current_id (f->window), ==, id);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (family)), ==, "Fischer-Braun");

  /* Save from the question writes the edit, then goes on to the new form. */
  activate (f, "win.new-client");
  WAIT_UNTIL ((dialog = find_message_dialog ()) != NULL);
  respond (dialog, "save");
  g_assert_cmpint (stp_window_get_current_id (f->window), ==, 0);
  g_assert_false (stp_client_page_get_dirty (page));
  stored = stp_store_get_client (f->store, id, NULL);
  g_assert_nonnull (stored);
  g_assert_cmpstr (stp_client_get_family_name (stored), ==, "Fischer-Braun");
}

static void
test_invalid_input (Fixture       *f,
                    gconstpointer  data)
{
  StpClientPage *page = stp_window_get_client_page (f->window);
  GtkWidget *email_row = stp_client_page_get_field_widget (page, STP_CLIENT_FIELD_EMAIL);
  GtkWidget *focus;
  gint64 id;

  activate (f, "win.new-client");
  set_field (f, STP_CLIENT_FIELD_GIVEN_NAME, "Ada");
  set_field (f, STP_CLIENT_FIELD_FAMILY_NAME, "Lovelace");
  set_field (f, STP_CLIENT_FIELD_EMAIL, "ada-at-example");
  activate (f, "win.save-client");

  /* The message is under the email field, the field is marked and focused, nothing saved. */
  g_assert_nonnull (stp_client_page_get_field_error (page, STP_CLIENT_FIELD_EMAIL));
  g_assert_null (stp_client_page_get_field_error (page, STP_CLIENT_FIELD_GIVEN_NAME));
  g_assert_true (gtk_widget_has_css_class (email_row, "error"));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_nonnull (focus);
  g_assert_true (focus == email_row || gtk_widget_is_ancestor (focus, email_row));
  g_assert_cmpint (stp_window_get_current_id (f->window), ==, 0);
  g_assert_cmpuint (stp_store_count_clients (f->store, STP_CLIENT_SCOPE_ACTIVE), ==, 0);
  g_assert_cmpuint (n_listed (f), ==, 0);

  /* What was typed is still there, and fixing it clears the message. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (email_row)), ==, "ada-at-example");
  set_field (f, STP_CLIENT_FIELD_EMAIL, "ada@example.com");
  g_assert_null (stp_client_page_get_field_error (page, STP_CLIENT_FIELD_EMAIL));
  g_assert_false (gtk_widget_has_css_class (email_row, "error"));

  /* No name at all, and a birth date that is not a date. */
  set_field (f, STP_CLIENT_FIELD_GIVEN_NAME, "");
  set_field (f, STP_CLIENT_FIELD_FAMILY_NAME, "");
  set_field (f, STP_CLIENT_FIELD_BIRTH_DATE, "31/02/1990");
  activate (f, "win.save-client");
  g_assert_nonnull (stp_client_page_get_field_error (page, STP_CLIENT_FIELD_GIVEN_NAME));
  g_assert_nonnull (stp_client_page_get_field_error (page, STP_CLIENT_FIELD_BIRTH_DATE));
  g_assert_cmpuint (stp_store_count_clients (f->store, STP_CLIENT_SCOPE_ACTIVE), ==, 0);

  set_field (f, STP_CLIENT_FIELD_GIVEN_NAME, "Ada");
  set_field (f, STP_CLIENT_FIELD_BIRTH_DATE, "1990-02-28");
  activate (f, "win.save-client");
  id = stp_window_get_current_id (f->window);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpuint (stp_store_count_clients (f->store, STP_CLIENT_SCOPE_ACTIVE), ==, 1);
  g_assert_true (listed (f, id));
}

static void
test_staff_chooser (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (StpStaff) staff = stp_staff_new ("Maya Okafor", STP_STAFF_ROLE_PRACTITIONER);
  g_autoptr (GVariant) state = NULL;
  gint64 id;

  g_assert_cmpint (stp_store_get_actor (f->store), ==, 0);

  id = stp_store_create_staff (f->store, staff, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.current-staff", "x",
                                             id));
  g_assert_cmpint (stp_store_get_actor (f->store), ==, id);
  state = g_action_group_get_action_state (G_ACTION_GROUP (f->window), "current-staff");
  g_assert_cmpint (g_variant_get_int64 (state), ==, id);
  if (f->settings != NULL)
    g_assert_cmpint (g_settings_get_int64 (f->settings, "current-staff-id"), ==, id);

  /* Changes are recorded in their name. */
  g_assert_cmpint (add_client (f, "Noor", "Haddad", "", ""), >, 0);
  {
    g_autoptr (GPtrArray) audit = stp_store_list_audit (f->store, "client", 0, 1, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (audit->len, ==, 1);
    g_assert_cmpint (((StpAuditEntry *) g_ptr_array_index (audit, 0))->staff_id, ==, id);
  }
}

/* Ctrl+? shows the keyboard shortcuts, built only when asked for; the sketch keys are
 * among them. */
static void
test_shortcuts_window (Fixture       *f,
                       gconstpointer  data)
{
  GtkWindow *shortcuts;

  g_assert_null (find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));
  activate (f, "win.show-help-overlay");
  WAIT_UNTIL (find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW) != NULL);
  shortcuts = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_true (gtk_window_get_transient_for (shortcuts) == GTK_WINDOW (f->window));

  /* Closing hides it; asking again shows the same window. */
  gtk_window_close (shortcuts);
  WAIT_UNTIL (find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW) == NULL);
  activate (f, "win.show-help-overlay");
  WAIT_UNTIL (find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW) == shortcuts);
}

int
main (int   argc,
      char *argv[])
{
  /* The cairo renderer draws everything here; without GL, Mesa's one-off allocations at
   * display open do not show up as leaks in the sanitizer build. */
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_timeout_add (20, tick_cb, NULL);

  g_test_add ("/ui/window/create-find-archive-undo", Fixture, NULL,
              fixture_setup, test_create_find_archive_undo, fixture_teardown);
  g_test_add ("/ui/window/search-limit-note", Fixture, NULL,
              fixture_setup, test_search_limit_note, fixture_teardown);
  g_test_add ("/ui/window/shortcuts", Fixture, NULL,
              fixture_setup, test_shortcuts_window, fixture_teardown);
  g_test_add ("/ui/window/prefetched-list", Fixture, NULL,
              fixture_setup, test_prefetched_list, fixture_teardown);
  g_test_add ("/ui/window/empty-state", Fixture, NULL,
              fixture_setup, test_empty_state, fixture_teardown);
  g_test_add ("/ui/window/client-rows", Fixture, NULL,
              fixture_setup, test_client_rows, fixture_teardown);
  g_test_add ("/ui/window/tooltips", Fixture, NULL,
              fixture_setup, test_tooltips, fixture_teardown);
  g_test_add ("/ui/window/erase", Fixture, NULL,
              fixture_setup, test_erase, fixture_teardown);
  g_test_add ("/ui/window/unsaved-changes", Fixture, NULL,
              fixture_setup, test_unsaved_changes, fixture_teardown);
  g_test_add ("/ui/window/invalid-input", Fixture, NULL,
              fixture_setup, test_invalid_input, fixture_teardown);
  g_test_add ("/ui/window/staff-chooser", Fixture, NULL,
              fixture_setup, test_staff_chooser, fixture_teardown);

  return g_test_run ();
}
