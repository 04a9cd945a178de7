/* test-sessions.c: the real window logs a session through its form, prefilled from the
 * client's previous one; it appears in the timeline; an expired lot asks for an
 * acknowledgement; a correction asks for a reason; the recall window finds the clients.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "test-sessions"

#include "ui-window-fixture.h"
#include "stp-recall-window.h"

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

static GPtrArray *
sessions_of (Fixture *f,
             gint64   client)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *list = stp_store_list_sessions (f->store, client, &error);

  g_assert_no_error (error);
  return list;
}

static GtkWidget *
field (StpSessionPage *page,
       const char     *name)
{
  GtkWidget *widget = stp_session_page_get_widget (page, name);

  g_assert_nonnull (widget);
  return widget;
}

static const char *
text_of (StpSessionPage *page,
         const char     *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (field (page, name)));
}

static void
test_log_session (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (StpStaff) anna = stp_staff_new ("Anna Practitioner", STP_STAFF_ROLE_PRACTITIONER);
  g_autoptr (StpTreatmentSession) previous = stp_treatment_session_new ();
  g_autoptr (StpTreatmentPlan) plan = stp_treatment_plan_new ();
  g_autoptr (GPtrArray) list = NULL;
  StpClientPage *client_page;
  StpSessionPage *page;
  StpTimeline *timeline;
  StpTreatmentSession *logged;
  AdwMessageDialog *dialog;
  GtkTextBuffer *notes;
  gint64 anna_id, client;
  guint n_rows;

  anna_id = stp_store_create_staff (f->store, anna, &error);
  g_assert_no_error (error);
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "current-staff",
                                  g_variant_new_int64 (anna_id));

  /* A client, typed in, with a plan and an earlier session logged two weeks ago. */
  activate (f, "win.new-client");
  client_page = stp_window_get_client_page (f->window);
  gtk_editable_set_text (GTK_EDITABLE (stp_client_page_get_field_widget (client_page,
                                                                          STP_CLIENT_FIELD_GIVEN_NAME)),
                         "Zoë");
  gtk_editable_set_text (GTK_EDITABLE (stp_client_page_get_field_widget (client_page,
                                                                          STP_CLIENT_FIELD_FAMILY_NAME)),
                         "Okafor");
  activate (f, "win.save-client");
  client = stp_client_page_get_client_id (client_page);
  g_assert_cmpint (client, >, 0);

  plan->client_id = client;
  plan->planned_sessions = 3;
  plan->spacing_days = 14;
  g_assert_cmpint (stp_store_create_plan (f->store, plan, &error), >, 0);
  previous->client_id = client;
  previous->plan_id = plan->id;
  previous->practitioner_id = anna_id;
  previous->started_at = g_get_real_time () / G_USEC_PER_SEC - 14 * 86400;
  previous->duration_minutes = 180;
  previous->areas = STP_AREA_FRONTAL_HAIRLINE | STP_AREA_CROWN;
  previous->pain = 5;
  g_free (previous->notes);
  previous->notes = g_strdup ("First pass, light.");
  g_free (previous->machine_model);
  previous->machine_model = g_strdup ("Orion Pen");
  g_ptr_array_add (previous->pigments, stp_session_pigment_new ("Inkredible", "Charcoal 3",
                                                                "1:20", "PG-1", "2099-01-31"));
  g_ptr_array_add (previous->needles, stp_session_needle_new ("3RL", 0.25, "long", "ND-1",
                                                              NULL));
  g_assert_cmpint (stp_store_log_session (f->store, previous, 0, &error), >, 0);
  g_assert_no_error (error);

  timeline = stp_client_page_get_timeline (client_page);
  WAIT_UNTIL (stp_timeline_get_n_entries (timeline) == 1);
  g_assert_true (g_str_has_prefix (stp_timeline_get_progress_text (timeline),
                                   "Session 2 of 3 — next due "));

  /* "Log Session…" opens the form prefilled from the previous session. */
  activate (f, "win.log-session");
  page = stp_window_get_session_page (f->window);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (field (page, "kind"))), ==,
                    STP_SESSION_KIND_BUILD_UP);
  g_assert_cmpstr (gtk_string_object_get_string (GTK_STRING_OBJECT (
                     adw_combo_row_get_selected_item (ADW_COMBO_ROW (field (page, "practitioner"))))),
                   ==, "Anna Practitioner");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (field (page, "area-0"))));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (field (page, "area-4"))));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (field (page, "area-1"))));
  g_assert_cmpstr (text_of (page, "pigment-0-brand"), ==, "Inkredible");
  g_assert_cmpstr (text_of (page, "pigment-0-lot"), ==, "PG-1");
  g_assert_cmpstr (text_of (page, "pigment-0-expiry"), ==, "2099-01-31");
  g_assert_cmpstr (text_of (page, "needle-0-configuration"), ==, "3RL");
  g_assert_cmpstr (text_of (page, "machine"), ==, "Orion Pen");
  /* ... but what happens on the day starts empty. */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (field (page, "duration"))),
                   ==, 0);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (field (page, "pain"))), ==, 0);
  notes = gtk_text_view_get_buffer (GTK_TEXT_VIEW (field (page, "notes")));
  g_assert_cmpint (gtk_text_buffer_get_char_count (notes), ==, 0);

  /* The practitioner fills in the day: duration, pain 3, notes, a new dilution. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (field (page, "duration")), 150);
  adw_combo_row_set_selected (ADW_COMBO_ROW (field (page, "pain")), 4);
  adw_combo_row_set_selected (ADW_COMBO_ROW (field (page, "redness")), STP_REACTION_MILD);
  gtk_text_buffer_set_text (notes, "Tolerated well, \"calm\"; density up.", -1);
  gtk_editable_set_text (GTK_EDITABLE (field (page, "pigment-0-dilution")), "1:15");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (field (page, "area-1")), TRUE);

  /* A broken dilution is refused with a message on the form, and nothing is stored. */
  gtk_editable_set_text (GTK_EDITABLE (field (page, "pigment-0-dilution")), "1-15");
  activate (f, "win.save-session");
  g_assert_nonnull (stp_session_page_get_message (page));
  g_assert_nonnull (strstr (stp_session_page_get_message (page), "1:20"));
  list = sessions_of (f, client);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  gtk_editable_set_text (GTK_EDITABLE (field (page, "pigment-0-dilution")), "1:15");

  /* Ctrl+S saves and goes back to the client. */
  activate (f, "win.save-session");
  g_assert_null (stp_session_page_get_message (page));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (client_page)));

  list = sessions_of (f, client);
  g_assert_cmpuint (list->len, ==, 2);
  logged = list->pdata[1];
  g_assert_cmpint (logged->kind, ==, STP_SESSION_KIND_BUILD_UP);
  g_assert_cmpint (logged->practitioner_id, ==, anna_id);
  g_assert_cmpint (logged->plan_id, ==, plan->id);
  g_assert_cmpuint (logged->duration_minutes, ==, 150);
  g_assert_cmpint (logged->pain, ==, 3);
  g_assert_cmpint (logged->redness, ==, STP_REACTION_MILD);
  g_assert_cmpuint (logged->areas, ==, STP_AREA_FRONTAL_HAIRLINE | STP_AREA_TEMPLE_LEFT |
                                       STP_AREA_CROWN);
  g_assert_cmpstr (logged->notes, ==, "Tolerated well, \"calm\"; density up.");
  g_assert_cmpuint (logged->pigments->len, ==, 1);
  g_assert_cmpstr (((StpSessionPigment *)logged->pigments->pdata[0])->lot, ==, "PG-1");
  g_assert_cmpstr (((StpSessionPigment *)logged->pigments->pdata[0])->dilution, ==, "1:15");
  g_assert_cmpuint (logged->needles->len, ==, 1);
  g_assert_cmpuint (logged->photos->len, ==, 0);
  g_assert_null (logged->expired_ack_lots);

  /* It appears in the timeline, numbered, and the plan moves on. */
  WAIT_UNTIL (stp_timeline_get_n_entries (timeline) == 2);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (
                     stp_timeline_get_entry_row (timeline, 1))), ==, "Session 2 — Build-up");
  g_assert_true (g_str_has_prefix (stp_timeline_get_progress_text (timeline),
                                   "Session 3 of 3 — next due "));

  /* An expired lot asks first, and the acknowledgement is kept with the session. */
  activate (f, "win.log-session");
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (field (page, "kind"))), ==,
                    STP_SESSION_KIND_REFINEMENT);
  g_assert_cmpstr (text_of (page, "pigment-0-dilution"), ==, "1:15");
  gtk_editable_set_text (GTK_EDITABLE (field (page, "pigment-0-expiry")), "2020-01-31");
  activate (f, "win.save-session");
  WAIT_UNTIL (find_dialog () != NULL);
  dialog = find_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "PG-1"));
  /* A clicked response closes the dialog itself; a response sent from code does not. */
  adw_message_dialog_response (dialog, "log");
  gtk_window_destroy (GTK_WINDOW (dialog));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (client_page)));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sessions_of (f, client);
  g_assert_cmpuint (list->len, ==, 3);
  logged = list->pdata[2];
  g_assert_cmpint (logged->expired_ack_by, ==, anna_id);
  g_assert_nonnull (strstr (logged->expired_ack_lots, "2020-01-31"));

  /* A row of the timeline opens the session; a correction asks why. */
  WAIT_UNTIL (stp_timeline_get_n_entries (timeline) == 3);
  n_rows = stp_timeline_get_n_entries (timeline);
  gtk_widget_activate (stp_timeline_get_entry_row (timeline, n_rows - 1));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_true (g_str_has_prefix (stp_session_page_get_title (page), "Session of "));
  adw_combo_row_set_selected (ADW_COMBO_ROW (field (page, "pain")), 7);
  activate (f, "win.save-session");
  WAIT_UNTIL (find_dialog () != NULL);
  dialog = find_dialog ();
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)),
                         "Pain asked again after the break");
  adw_message_dialog_response (dialog, "ok");
  gtk_window_destroy (GTK_WINDOW (dialog));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (client_page)));
  {
    g_autoptr (GPtrArray) revisions = stp_store_list_session_revisions (f->store, logged->id,
                                                                        &error);
    g_autoptr (StpTreatmentSession) corrected = stp_store_get_session (f->store, logged->id,
                                                                       &error);

    g_assert_no_error (error);
    g_assert_cmpuint (revisions->len, ==, 1);
    g_assert_cmpstr (((StpSessionRevision *)revisions->pdata[0])->reason, ==,
                     "Pain asked again after the break");
    g_assert_cmpint (corrected->pain, ==, 6);
    g_assert_cmpuint (corrected->revision, ==, 2);
  }

  /* Leaving a form with unsaved entries asks first; discarding stores nothing. */
  activate (f, "win.log-session");
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_false (stp_session_page_get_dirty (page));
  gtk_text_buffer_set_text (notes, "Half-typed", -1);
  g_assert_true (stp_session_page_get_dirty (page));
  activate (f, "win.back");
  WAIT_UNTIL (find_dialog () != NULL);
  dialog = find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Leave the Session Form?");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  adw_message_dialog_response (dialog, "discard");
  gtk_window_destroy (GTK_WINDOW (dialog));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (client_page)));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sessions_of (f, client);
  g_assert_cmpuint (list->len, ==, 3);

  /* Lot Recall finds the client by the pigment lot. */
  activate (f, "win.lot-recall");
  WAIT_UNTIL (stp_window_get_recall_window (f->window) != NULL &&
              gtk_widget_get_mapped (stp_window_get_recall_window (f->window)));
  {
    StpRecallWindow *recall = STP_RECALL_WINDOW (stp_window_get_recall_window (f->window));

    gtk_editable_set_text (stp_recall_window_get_lot_entry (recall), "pg-1");
    stp_recall_window_search (recall);
    g_assert_cmpuint (stp_recall_window_get_n_results (recall), ==, 3);
    gtk_window_destroy (GTK_WINDOW (recall));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_timeout_add (20, tick_cb, NULL);

  g_test_add ("/ui/sessions/log-prefill-timeline", Fixture, NULL, fixture_setup,
              test_log_session, fixture_teardown);

  return g_test_run ();
}
