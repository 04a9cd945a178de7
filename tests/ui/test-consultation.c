/* test-consultation.c: the real window runs a consultation through its form, from a new
 * client to a completed, then amended, consultation; asserted on the database.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "test-consultation"

#include "ui-window-fixture.h"

static StpConsultation *
get_consultation (Fixture *f,
                  gint64   id)
{
  g_autoptr (GError) error = NULL;
  StpConsultation *c = stp_store_get_consultation (f->store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (item) && gtk_widget_get_visible (GTK_WIDGET (item)))
        return ADW_MESSAGE_DIALOG (item);
    }
  return NULL;
}

static guint
n_clearances (Fixture *f,
              gint64   id)
{
  g_autoptr (GPtrArray) list = stp_store_list_clearances (f->store, id, NULL);

  return list != NULL ? list->len : 0;
}

static StpConsultationStatus
status_of (Fixture *f,
           gint64   id)
{
  g_autoptr (StpConsultation) c = get_consultation (f, id);

  return stp_consultation_get_status (c);
}

/* New client, new consultation, the form filled, refused, cleared, completed, amended. */
static void
test_consultation_workflow (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (StpStaff) staff = stp_staff_new ("Dr Lee", STP_STAFF_ROLE_CONSULTANT);
  g_autoptr (GPtrArray) questions = NULL;
  g_autoptr (StpConsultation) saved = NULL;
  g_autoptr (StpConsultation) amended = NULL;
  StpClientPage *client_page;
  StpConsultationPage *page;
  const char *heart_question = NULL;
  gint64 staff_id, id, new_id;
  GtkWidget *widget;

  staff_id = stp_store_create_staff (f->store, staff, &error);
  g_assert_no_error (error);
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "current-staff",
                                  g_variant_new_int64 (staff_id));
  g_assert_cmpint (stp_store_get_actor (f->store), ==, staff_id);

  /* A new client, typed into the client form. */
  activate (f, "win.new-client");
  client_page = stp_window_get_client_page (f->window);
  gtk_editable_set_text (GTK_EDITABLE (stp_client_page_get_field_widget (client_page,
                                                                          STP_CLIENT_FIELD_GIVEN_NAME)),
                         "Ada");
  activate (f, "win.save-client");
  g_assert_cmpint (stp_client_page_get_client_id (client_page), >, 0);

  /* "New Consultation" opens a draft with the staff member as consultant. */
  activate (f, "win.new-consultation");
  page = stp_window_get_consultation_page (f->window);
  id = stp_consultation_page_get_id (page);
  g_assert_cmpint (id, >, 0);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_true (stp_consultation_page_get_editable (page));

  /* Goals, staging (Norwood 3V: "Not staged yet" comes first) and phototype III. */
  gtk_check_button_set_active (stp_consultation_page_get_goal_check (page, STP_GOAL_BUZZ_CUT),
                               TRUE);
  gtk_check_button_set_active (stp_consultation_page_get_goal_check (page,
                                                                      STP_GOAL_SCAR_CAMOUFLAGE),
                               TRUE);
  adw_combo_row_set_selected (stp_consultation_page_get_scale_row (page), STP_STAGING_NORWOOD);
  adw_combo_row_set_selected (stp_consultation_page_get_stage_row (page), 6);
  adw_combo_row_set_selected (stp_consultation_page_get_phototype_row (page), 3);

  /* Expectations run over several lines, as a client says them. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (
                              stp_consultation_page_get_expectations_view (page)),
                            "A natural, soft hairline.\nNo harsh temples.", -1);

  /* Every screening question: "no", except one that needs clearance. */
  questions = stp_store_list_screening_questions (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (questions->len, >, 0);
  for (guint i = 0; i < questions->len; i++)
    {
      StpScreeningQuestion *q = g_ptr_array_index (questions, i);
      gboolean yes = g_str_equal (q->key, "heart");

      g_assert_nonnull (stp_consultation_page_get_answer_button (page, q->key, STP_ANSWER_NO));
      if (yes)
        {
          g_assert_cmpint (q->severity, ==, STP_SEVERITY_NEEDS_CLEARANCE);
          heart_question = q->question;
        }
      gtk_toggle_button_set_active (stp_consultation_page_get_answer_button (page, q->key,
                                                                             yes ?
                                                                             STP_ANSWER_YES :
                                                                             STP_ANSWER_NO),
                                    TRUE);
    }
  g_assert_nonnull (heart_question);

  /* The autosave writes it within its delay; the database holds what the form shows. */
  WAIT_UNTIL (g_strcmp0 (stp_consultation_page_get_save_status (page), "Saved") == 0);
  saved = get_consultation (f, id);
  g_assert_cmpint (stp_consultation_get_consultant_id (saved), ==, staff_id);
  g_assert_cmpint (stp_consultation_get_goals (saved), ==,
                   STP_GOAL_BUZZ_CUT | STP_GOAL_SCAR_CAMOUFLAGE);
  g_assert_cmpint (stp_consultation_get_staging_scale (saved), ==, STP_STAGING_NORWOOD);
  g_assert_cmpstr (stp_consultation_get_staging_stage (saved), ==, "3V");
  g_assert_cmpuint (stp_consultation_get_phototype (saved), ==, 3);
  g_assert_cmpstr (stp_consultation_get_expectations (saved), ==,
                   "A natural, soft hairline.\nNo harsh temples.");
  g_assert_cmpuint (stp_consultation_get_answers (saved)->len, ==, questions->len);
  g_assert_cmpint (stp_consultation_get_answer (saved, "heart")->value, ==, STP_ANSWER_YES);
  g_assert_cmpint (stp_consultation_get_answer (saved, "keloid")->value, ==, STP_ANSWER_NO);

  /* Completing is refused, and the message names the question that blocks booking. */
  widget = stp_consultation_page_get_complete_button (page);
  gtk_widget_activate (widget);
  WAIT_UNTIL (stp_consultation_page_get_message (page) != NULL);
  g_assert_nonnull (strstr (stp_consultation_page_get_message (page), heart_question));
  g_assert_cmpint (status_of (f, id), ==, STP_CONSULTATION_STATUS_DRAFT);

  /* "Record Clearance…" asks for a note and records the clearance in the staff's name. */
  widget = stp_consultation_page_get_clearance_button (page, "heart");
  g_assert_nonnull (widget);
  gtk_widget_activate (widget);
  WAIT_UNTIL (find_dialog () != NULL);
  adw_message_dialog_response (find_dialog (), "record");
  WAIT_UNTIL (n_clearances (f, id) == 1);
  g_assert_null (stp_consultation_page_get_clearance_button (page, "heart"));

  /* Now it completes, and the page turns read-only. */
  gtk_widget_activate (stp_consultation_page_get_complete_button (page));
  WAIT_UNTIL (status_of (f, id) == STP_CONSULTATION_STATUS_COMPLETE);
  WAIT_UNTIL (!stp_consultation_page_get_editable (page));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (
    stp_consultation_page_get_goal_check (page, STP_GOAL_BUZZ_CUT))));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (
    stp_consultation_page_get_answer_button (page, "heart", STP_ANSWER_NO))));
  g_assert_true (gtk_widget_get_visible (stp_consultation_page_get_amend_button (page)));

  /* "Amend" opens a new draft version; the old one is kept, marked amended. */
  gtk_widget_activate (stp_consultation_page_get_amend_button (page));
  WAIT_UNTIL (stp_consultation_page_get_id (page) != id);
  new_id = stp_consultation_page_get_id (page);
  g_assert_cmpint (status_of (f, id), ==, STP_CONSULTATION_STATUS_AMENDED);
  amended = get_consultation (f, new_id);
  g_assert_cmpint (stp_consultation_get_status (amended), ==, STP_CONSULTATION_STATUS_DRAFT);
  g_assert_cmpuint (stp_consultation_get_version (amended), ==, 2);
  g_assert_cmpint (stp_consultation_get_amends_id (amended), ==, id);
  g_assert_true (stp_consultation_page_get_editable (page));

  /* Back to the client: both versions are listed there. */
  activate (f, "win.back");
  g_assert_cmpint (stp_window_get_current_id (f->window), ==,
                   stp_client_page_get_client_id (client_page));
}

/* TRUE when the focus walk reached target or a widget inside it. */
static gboolean
reached (GHashTable *focused,
         GtkWidget  *target)
{
  GHashTableIter iter;
  gpointer widget;

  g_hash_table_iter_init (&iter, focused);
  while (g_hash_table_iter_next (&iter, &widget, NULL))
    if (widget == target || gtk_widget_is_ancestor (widget, target))
      return TRUE;
  return FALSE;
}

/* The whole form can be filled without a mouse: pressing Tab from the top reaches every
 * goal, the staging and phototype choices, both answers of every screening question, the
 * multi-line fields and "Complete". */
static void
test_consultation_keyboard (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (StpClient) client = stp_client_new ();
  g_autoptr (GHashTable) focused = g_hash_table_new (NULL, NULL);
  g_autoptr (GPtrArray) questions = NULL;
  StpConsultationPage *page;
  gint64 client_id, id;

  stp_client_set_given_name (client, "Kai");
  client_id = stp_store_create_client (f->store, client, &error);
  g_assert_no_error (error);
  id = stp_store_create_consultation (f->store, client_id, 0, NULL, &error);
  g_assert_no_error (error);
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "open-consultation",
                                  g_variant_new_int64 (id));
  page = stp_window_get_consultation_page (f->window);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)));

  gtk_widget_grab_focus (GTK_WIDGET (page));
  for (guint i = 0; i < 1000; i++)
    {
      GtkWidget *focus;

      if (!gtk_widget_child_focus (GTK_WIDGET (f->window), GTK_DIR_TAB_FORWARD))
        break;
      focus = gtk_root_get_focus (GTK_ROOT (f->window));
      if (focus != NULL)
        g_hash_table_add (focused, focus);
    }

  for (StpGoals goal = STP_GOAL_BUZZ_CUT; goal <= STP_GOAL_REMOVAL_REFERRAL; goal <<= 1)
    g_assert_true (reached (focused,
                            GTK_WIDGET (stp_consultation_page_get_goal_check (page, goal))));
  g_assert_true (reached (focused, GTK_WIDGET (stp_consultation_page_get_scale_row (page))));
  g_assert_true (reached (focused,
                          GTK_WIDGET (stp_consultation_page_get_phototype_row (page))));
  g_assert_true (reached (focused,
                          GTK_WIDGET (stp_consultation_page_get_expectations_view (page))));
  questions = stp_store_list_screening_questions (f->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < questions->len; i++)
    {
      StpScreeningQuestion *q = g_ptr_array_index (questions, i);

      g_assert_true (reached (focused, GTK_WIDGET (
        stp_consultation_page_get_answer_button (page, q->key, STP_ANSWER_YES))));
      g_assert_true (reached (focused, GTK_WIDGET (
        stp_consultation_page_get_answer_button (page, q->key, STP_ANSWER_NO))));
    }
  g_assert_true (reached (focused, stp_consultation_page_get_complete_button (page)));
}

/* A window closed (or a Stipple stopped) with a draft open reopens it where it was left;
 * going back to the client first means nothing reopens. */
static void
test_consultation_reopen (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (StpClient) client = stp_client_new ();
  StpConsultationPage *page;
  StpWindow *window;
  gint64 client_id, id;

  stp_client_set_given_name (client, "Noor");
  client_id = stp_store_create_client (f->store, client, &error);
  g_assert_no_error (error);
  id = stp_store_create_consultation (f->store, client_id, 0, NULL, &error);
  g_assert_no_error (error);
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "open-consultation",
                                  g_variant_new_int64 (id));
  page = stp_window_get_consultation_page (f->window);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)));
  stp_consultation_page_restore_scroll_position (page, 900);
  WAIT_UNTIL (stp_consultation_page_get_scroll_position (page) == 900);
  gtk_window_close (GTK_WINDOW (f->window));
  g_clear_object (&f->window);

  window = stp_window_new (NULL, f->store, f->settings);
  f->window = g_object_ref_sink (window);
  gtk_window_present (GTK_WINDOW (f->window));
  page = stp_window_get_consultation_page (f->window);
  g_assert_cmpint (stp_consultation_page_get_id (page), ==, id);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)));
  WAIT_UNTIL (stp_consultation_page_get_scroll_position (page) == 900);

  /* Another clinic's database (a demo, say) with a draft of the same number: nothing of
   * this clinic's opens there. */
  {
    g_autofree char *other_dir = g_dir_make_tmp ("stipple-ui-other-XXXXXX", &error);
    g_autoptr (StpStore) other = NULL;
    g_autoptr (StpClient) stranger = stp_client_new ();
    StpWindow *other_window;
    gint64 stranger_id;

    g_assert_no_error (error);
    other = stp_store_open (other_dir, &error);
    g_assert_no_error (error);
    stp_client_set_given_name (stranger, "Stranger");
    stranger_id = stp_store_create_client (other, stranger, &error);
    g_assert_no_error (error);
    g_assert_cmpint (stp_store_create_consultation (other, stranger_id, 0, NULL, &error), ==,
                     id);
    other_window = g_object_ref_sink (stp_window_new (NULL, other, f->settings));
    gtk_window_present (GTK_WINDOW (other_window));
    WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (other_window)));
    g_assert_cmpint (stp_consultation_page_get_id (
                       stp_window_get_consultation_page (other_window)), ==, 0);
    gtk_window_destroy (GTK_WINDOW (other_window));
    g_object_unref (other_window);
    g_clear_object (&other);
    remove_tree (other_dir);
  }

  activate (f, "win.back");
  g_assert_cmpint (stp_window_get_current_id (f->window), ==, client_id);
  gtk_window_close (GTK_WINDOW (f->window));
  g_clear_object (&f->window);

  window = stp_window_new (NULL, f->store, f->settings);
  f->window = g_object_ref_sink (window);
  gtk_window_present (GTK_WINDOW (f->window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (f->window)));
  g_assert_cmpint (stp_consultation_page_get_id (stp_window_get_consultation_page (f->window)),
                   ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  /* As in test-window: the cairo renderer draws everything, without GL. */
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_timeout_add (20, tick_cb, NULL);

  g_test_add ("/ui/consultation/workflow", Fixture, NULL, fixture_setup,
              test_consultation_workflow, fixture_teardown);
  g_test_add ("/ui/consultation/keyboard", Fixture, NULL, fixture_setup,
              test_consultation_keyboard, fixture_teardown);
  g_test_add ("/ui/consultation/reopen", Fixture, NULL, fixture_setup,
              test_consultation_reopen, fixture_teardown);

  return g_test_run ();
}
