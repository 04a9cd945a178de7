/* test-sessions.c: the real window logs a session through its form, prefilled from the
 * client's previous one; it appears in the timeline; an expired lot asks for an
 * acknowledgement; a correction asks for a reason; the recall window finds the clients.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "test-sessions"

#include <sqlite3.h>

#include "ui-window-fixture.h"

/* This test walks more of the application than any other (sessions, photos, the sketch
 * editor), and its process registers more than 2048 GLib quarks: GLib then drops the
 * first block of its quark table, allocated while the library loaded, by design.
 * LeakSanitizer tells that block from a real leak only by its whole stack (see
 * tests/lsan.supp), which costs this test full unwinding on every allocation. */
#if defined(__SANITIZE_ADDRESS__)
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}
#endif
#include "../unit/test-photo-util.h"
#include "stp-photo-window.h"
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

/* Photos and sketch regions */

static gboolean
widget_named (GtkWidget     *widget,
              gconstpointer  name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

/* A photo file whose EXIF says it was taken at the local time t. */
static GFile *
write_photo_at (const char *dir,
                const char *name,
                gint64      t)
{
  g_autoptr (GDateTime) local = g_date_time_new_from_unix_local (t);
  g_autofree char *when = g_date_time_format (local, "%Y:%m:%d %H:%M:%S");
  g_autoptr (GdkPixbuf) upright = photo_make_upright (120, 80);
  GByteArray *tiff = photo_make_tiff (TRUE, 1, when, NULL);
  g_autoptr (GBytes) jpeg = photo_make_jpeg (upright, tiff);
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_byte_array_unref (tiff);
  photo_write (path, jpeg);
  return g_file_new_for_path (path);
}

static StpSketchItem *
square_region (StpSketchRegionRole role,
               double              density,
               double              x,
               double              y,
               double              size)
{
  StpSketchItem *item = stp_sketch_item_new (STP_SKETCH_ITEM_REGION);

  item->role = role;
  item->density = density;
  stp_sketch_item_add_point (item, x, y, 1);
  stp_sketch_item_add_point (item, x + size, y, 1);
  stp_sketch_item_add_point (item, x + size, y + size, 1);
  stp_sketch_item_add_point (item, x, y + size, 1);
  return item;
}

static gint64
raw_int (const char *db_path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
test_photos_and_regions (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (StpStaff) anna = stp_staff_new ("Anna Practitioner", STP_STAFF_ROLE_PRACTITIONER);
  g_autoptr (StpSketch) sketch = stp_sketch_new (1000, 800);
  g_autoptr (GFile) old_file = NULL;
  g_autoptr (GFile) new_file = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autofree char *camera = NULL;
  g_autofree char *name = NULL;
  g_autofree char *db_path = g_build_filename (f->dir, "stipple.db", NULL);
  g_autofree char *sql = NULL;
  StpSketchItem *label = stp_sketch_item_new (STP_SKETCH_ITEM_LABEL);
  StpClientPage *client_page;
  StpSessionPage *page;
  StpSessionPhotos *photos;
  StpTimeline *timeline;
  StpTreatmentSession *logged;
  AdwMessageDialog *dialog;
  GtkWidget *row, *window;
  gint64 anna_id, client, old_photo, new_photo = 0, version;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint32 scar, crown;

  anna_id = stp_store_create_staff (f->store, anna, &error);
  g_assert_no_error (error);
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "current-staff",
                                  g_variant_new_int64 (anna_id));
  activate (f, "win.new-client");
  client_page = stp_window_get_client_page (f->window);
  gtk_editable_set_text (GTK_EDITABLE (stp_client_page_get_field_widget (client_page,
                                                                          STP_CLIENT_FIELD_GIVEN_NAME)),
                         "Ines");
  gtk_editable_set_text (GTK_EDITABLE (stp_client_page_get_field_widget (client_page,
                                                                          STP_CLIENT_FIELD_FAMILY_NAME)),
                         "Moreau");
  activate (f, "win.save-client");
  client = stp_client_page_get_client_id (client_page);
  g_assert_cmpint (client, >, 0);

  /* The client already has a photo from an hour ago and a sketch with a scar and a
   * region labelled "Crown". */
  camera = g_dir_make_tmp ("stipple-camera-XXXXXX", &error);
  g_assert_no_error (error);
  old_file = write_photo_at (camera, "before.jpg", now - 3600);
  old_photo = stp_store_import_photo (f->store, client, g_file_peek_path (old_file), NULL, &error);
  g_assert_no_error (error);
  stp_sketch_insert_item (sketch, -1, square_region (STP_SKETCH_ROLE_TREATMENT, 40, 10, 10, 100));
  scar = stp_sketch_insert_item (sketch, -1, square_region (STP_SKETCH_ROLE_SCAR, 0, 300, 10, 50));
  crown = stp_sketch_insert_item (sketch, -1,
                                  square_region (STP_SKETCH_ROLE_TREATMENT, 25, 500, 300, 250));
  stp_sketch_item_set_text (label, "Crown");
  label->x = 560;
  label->y = 420;
  stp_sketch_insert_item (sketch, -1, label);
  version = stp_store_create_sketch_version (f->store, client, old_photo, "Consultation plan",
                                             sketch, NULL, &error);
  g_assert_no_error (error);

  /* In the timeline, the photo opens full size and the sketch row opens the version in
   * the sketch editor. */
  timeline = stp_client_page_get_timeline (client_page);
  WAIT_UNTIL (stp_timeline_get_n_entries (timeline) == 2);
  for (guint i = 0; i < 2; i++)
    {
      row = stp_timeline_get_entry_row (timeline, i);
      g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
      if (g_str_equal (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                       "Sketch “Consultation plan”"))
        continue;
      g_signal_emit_by_name (row, "activated");
      WAIT_UNTIL (find_toplevel (STP_TYPE_PHOTO_WINDOW) != NULL);
      window = GTK_WIDGET (find_toplevel (STP_TYPE_PHOTO_WINDOW));
      gtk_window_destroy (GTK_WINDOW (window));
    }
  for (guint i = 0; i < 2; i++)
    {
      row = stp_timeline_get_entry_row (timeline, i);
      if (g_str_equal (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                       "Sketch “Consultation plan”"))
        gtk_widget_activate (row);
    }
  WAIT_UNTIL (stp_sketch_page_get_version_id (stp_window_get_sketch_page (f->window)) ==
              version);
  activate (f, "win.back");
  g_assert_cmpint (stp_window_get_current_id (f->window), ==, client);

  /* The form: no photos yet; the sketch is chosen and its regions listed. */
  activate (f, "win.log-session");
  page = stp_window_get_session_page (f->window);
  photos = stp_session_page_get_photos (page);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_null (stp_session_page_get_widget (page, "region-1"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (stp_session_page_get_widget (page, "sketch")), 1);
  g_assert_cmpint (stp_session_sketch_get_version (stp_session_page_get_sketch (page)), ==,
                   version);
  g_assert_cmpuint (stp_session_sketch_get_n_regions (stp_session_page_get_sketch (page)), ==, 3);
  name = g_strdup_printf ("region-%u", crown);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (field (page, "area-4"))));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (field (page, name)), TRUE);
  /* "Crown" is the crown: ticking the region ticks the area. */
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (field (page, "area-4"))));
  g_free (name);
  name = g_strdup_printf ("region-%u", scar);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (field (page, name)), TRUE);

  /* Pick Existing… shows the client's photo; it is ticked as before. */
  gtk_widget_activate (field (page, "pick"));
  WAIT_UNTIL (find_dialog () != NULL);
  dialog = find_dialog ();
  g_free (name);
  name = g_strdup_printf ("pick-before-%" G_GINT64_FORMAT, old_photo);
  row = find_descendant (GTK_WIDGET (dialog), widget_named, name);
  g_assert_nonnull (row);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (row), TRUE);
  adw_message_dialog_response (dialog, "use");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_free (name);
  name = g_strdup_printf ("photo-%" G_GINT64_FORMAT "-role", old_photo);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (field (page, name))), ==, 0);

  /* Import Photos… imports one taken two hours from now: an after photo. */
  new_file = write_photo_at (camera, "after.jpg", now + 7200);
  g_assert_true (stp_session_photos_import_files (photos, &new_file, 1));
  WAIT_UNTIL (!stp_session_photos_is_importing (photos));
  list = stp_store_list_photos (f->store, client, &error);
  g_assert_cmpuint (list->len, ==, 2);
  for (guint i = 0; i < list->len; i++)
    if (((StpPhoto *)list->pdata[i])->id != old_photo)
      new_photo = ((StpPhoto *)list->pdata[i])->id;
  g_clear_pointer (&list, g_ptr_array_unref);
  g_free (name);
  name = g_strdup_printf ("photo-%" G_GINT64_FORMAT "-role", new_photo);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (field (page, name))), ==, 1);

  /* A third, picked by mistake and removed again with its button. */
  g_free (name);
  name = g_strdup_printf ("photo-%" G_GINT64_FORMAT "-remove", new_photo);
  g_assert_true (stp_session_photos_add (photos, new_photo, STP_PHOTO_ROLE_AFTER));
  gtk_widget_activate (field (page, name));
  g_free (name);
  name = g_strdup_printf ("photo-%" G_GINT64_FORMAT, new_photo);
  WAIT_UNTIL (stp_session_page_get_widget (page, name) == NULL);
  g_assert_true (stp_session_photos_add (photos, new_photo, STP_PHOTO_ROLE_AFTER));

  /* The first session of this client: the tray is typed in. */
  gtk_editable_set_text (GTK_EDITABLE (field (page, "pigment-0-brand")), "Inkredible");
  gtk_editable_set_text (GTK_EDITABLE (field (page, "pigment-0-shade")), "Charcoal 3");
  gtk_editable_set_text (GTK_EDITABLE (field (page, "pigment-0-lot")), "PG-7");
  gtk_editable_set_text (GTK_EDITABLE (field (page, "pigment-0-expiry")), "2099-01-31");
  activate (f, "win.save-session");
  g_assert_null (stp_session_page_get_message (page));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (client_page)));

  /* The database has the session with both photos and both regions. */
  list = sessions_of (f, client);
  g_assert_cmpuint (list->len, ==, 1);
  logged = list->pdata[0];
  g_assert_cmpint (logged->sketch_version_id, ==, version);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM session_photo WHERE session_id = %" G_GINT64_FORMAT
                         " AND ((photo_id = %" G_GINT64_FORMAT " AND role = 'before') OR "
                         "(photo_id = %" G_GINT64_FORMAT " AND role = 'after'))",
                         logged->id, old_photo, new_photo);
  g_assert_cmpint (raw_int (db_path, sql), ==, 2);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM session_region WHERE session_id = %"
                         G_GINT64_FORMAT, logged->id);
  g_assert_cmpint (raw_int (db_path, sql), ==, 2);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM session_region WHERE session_id = %"
                         G_GINT64_FORMAT " AND item_id = %u AND area = 'crown' AND "
                         "label = 'Crown'", logged->id, crown);
  g_assert_cmpint (raw_int (db_path, sql), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM session_region WHERE session_id = %"
                         G_GINT64_FORMAT " AND item_id = %u AND area IS NULL AND "
                         "label = 'Region 2 — scar'", logged->id, scar);
  g_assert_cmpint (raw_int (db_path, sql), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM session_area WHERE session_id = %"
                         G_GINT64_FORMAT " AND area = 'crown'", logged->id);
  g_assert_cmpint (raw_int (db_path, sql), ==, 1);

  /* Opened again, the form shows them as saved. */
  WAIT_UNTIL (stp_timeline_get_n_entries (timeline) == 4);
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "open-session",
                                  g_variant_new_int64 (logged->id));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_nonnull (stp_session_page_get_widget (page, name));
  g_free (name);
  name = g_strdup_printf ("region-%u", crown);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (field (page, name))));
  g_free (name);
  name = g_strdup_printf ("region-%u", scar);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (field (page, name))));
  g_assert_false (stp_session_page_get_dirty (page));

  g_unlink (g_file_peek_path (old_file));
  g_unlink (g_file_peek_path (new_file));
  g_rmdir (camera);
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
  g_test_add ("/ui/sessions/photos-and-regions", Fixture, NULL, fixture_setup,
              test_photos_and_regions, fixture_teardown);

  return g_test_run ();
}
