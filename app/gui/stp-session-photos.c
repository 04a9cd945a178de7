/* stp-session-photos.c: the session form's before and after photos. Importing goes
 * through the store's batch import and the chooser and report the gallery uses; picking
 * shows the stored thumbnails. The choice is read back by the form, which saves it.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "stp-session-photos"

#include "stp-session-photos.h"

#include <glib/gi18n.h>

#include "stp-photo-import.h"
#include "stp-photo-window.h"

#define ROW_THUMB_WIDTH   96
#define ROW_THUMB_HEIGHT  72
#define PICK_THUMB_WIDTH  150
#define PICK_THUMB_HEIGHT 112

struct _StpSessionPhotos
{
  AdwPreferencesGroup  parent_instance;

  StpStore            *store;
  gint64               client_id;
  gint64               started_at;
  GPtrArray           *rows;            /* AdwActionRow; "photo-id" and "role" data */
  GCancellable        *cancellable;
  gboolean             importing;
  gint64               import_client_id;

  GtkWidget           *import_button;
  GtkWidget           *pick_button;
  GtkWidget           *empty_row;
  GtkWidget           *progress_row;
  GtkWidget           *progress_spinner;
};

G_DEFINE_FINAL_TYPE (StpSessionPhotos, stp_session_photos, ADW_TYPE_PREFERENCES_GROUP)

static GtkWindow *
parent_window (StpSessionPhotos *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static gint64
row_photo_id (GtkWidget *row)
{
  return *(gint64 *)g_object_get_data (G_OBJECT (row), "photo-id");
}

static GtkWidget *
find_row (StpSessionPhotos *self,
          gint64            photo_id)
{
  for (guint i = 0; i < self->rows->len; i++)
    if (row_photo_id (self->rows->pdata[i]) == photo_id)
      return self->rows->pdata[i];
  return NULL;
}

static void
update_empty (StpSessionPhotos *self)
{
  gtk_widget_set_visible (self->empty_row, self->rows->len == 0 && !self->importing);
  gtk_widget_set_sensitive (self->import_button, self->client_id != 0 && !self->importing);
  gtk_widget_set_sensitive (self->pick_button, self->client_id != 0);
}

static void
open_photo_cb (AdwActionRow     *row,
               StpSessionPhotos *self)
{
  GtkWidget *window = stp_photo_window_new (parent_window (self), self->store,
                                            row_photo_id (GTK_WIDGET (row)));

  gtk_window_present (GTK_WINDOW (window));
}

static void
remove_clicked_cb (GtkButton        *button,
                   StpSessionPhotos *self)
{
  gint64 id = *(gint64 *)g_object_get_data (G_OBJECT (button), "photo-id");

  stp_session_photos_remove (self, id);
}

static GtkWidget *
add_row (StpSessionPhotos *self,
         const StpPhoto   *photo,
         StpPhotoRole      role)
{
  static const char *roles[] = { N_("Before"), N_("After"), NULL };
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = stp_photo_dup_title (photo);
  g_autofree char *role_label = NULL;
  g_autofree char *remove_label = NULL;
  const char *translated[3] = { _(roles[0]), _(roles[1]), NULL };
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *dropdown = gtk_drop_down_new_from_strings (translated);
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  gint64 *id = g_new (gint64, 1);

  *id = photo->id;
  texture = stp_photo_thumbnail_texture_new (self->store, photo->id, ROW_THUMB_WIDTH,
                                             ROW_THUMB_HEIGHT, &error);
  if (texture != NULL)
    gtk_picture_set_paintable (GTK_PICTURE (picture), GDK_PAINTABLE (texture));
  else
    g_warning ("No thumbnail for photo %" G_GINT64_FORMAT ": %s", photo->id, error->message);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_widget_set_size_request (picture, ROW_THUMB_WIDTH, ROW_THUMB_HEIGHT);
  gtk_widget_set_margin_top (picture, 6);
  gtk_widget_set_margin_bottom (picture, 6);
  gtk_widget_add_css_class (picture, "stp-photo-thumbnail");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), picture);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (photo->caption != NULL && *photo->caption != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), photo->caption);
  else if (photo->original_name != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), photo->original_name);
  gtk_widget_set_tooltip_text (row, _("Open the photo full size"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_signal_connect (row, "activated", G_CALLBACK (open_photo_cb), self);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), role == STP_PHOTO_ROLE_AFTER ? 1 : 0);
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  /* Translators: accessible name of the before/after choice of a photo. */
  role_label = g_strdup_printf (_("Role of the photo of %s"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  role_label, -1);
  gtk_widget_set_tooltip_text (dropdown, _("Taken before or after the session"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), dropdown);

  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove from this session (the photo stays with the "
                                         "client)"));
  remove_label = g_strdup_printf (_("Remove the photo of %s from this session"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
  g_object_set_data (G_OBJECT (remove), "photo-id", id);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

  g_object_set_data_full (G_OBJECT (row), "photo-id", id, g_free);
  g_object_set_data_full (G_OBJECT (row), "taken-at", g_memdup2 (&photo->taken_at,
                                                                 sizeof photo->taken_at), g_free);
  g_object_set_data (G_OBJECT (row), "role", dropdown);
  g_object_set_data (G_OBJECT (row), "remove", remove);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  g_ptr_array_add (self->rows, row);
  update_empty (self);
  return row;
}

static void
clear_rows (StpSessionPhotos *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
}

void
stp_session_photos_load (StpSessionPhotos *self,
                         gint64            client_id,
                         gint64            started_at,
                         GArray           *photos)
{
  g_return_if_fail (STP_IS_SESSION_PHOTOS (self));

  clear_rows (self);
  self->client_id = client_id;
  self->started_at = started_at;
  for (guint i = 0; photos != NULL && i < photos->len; i++)
    {
      StpSessionPhoto *ph = &g_array_index (photos, StpSessionPhoto, i);

      stp_session_photos_add (self, ph->photo_id, ph->role);
    }
  update_empty (self);
}

void
stp_session_photos_read (StpSessionPhotos *self,
                         GArray           *photos)
{
  g_return_if_fail (STP_IS_SESSION_PHOTOS (self));

  g_array_set_size (photos, 0);
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = self->rows->pdata[i];
      GtkDropDown *role = g_object_get_data (G_OBJECT (row), "role");
      StpSessionPhoto ph = {
        row_photo_id (row),
        gtk_drop_down_get_selected (role) == 1 ? STP_PHOTO_ROLE_AFTER : STP_PHOTO_ROLE_BEFORE,
      };

      g_array_append_val (photos, ph);
    }
}

gboolean
stp_session_photos_add (StpSessionPhotos *self,
                        gint64            photo_id,
                        StpPhotoRole      role)
{
  g_autoptr(StpPhoto) photo = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *row;

  g_return_val_if_fail (STP_IS_SESSION_PHOTOS (self), FALSE);

  row = find_row (self, photo_id);
  if (row != NULL)
    {
      gtk_drop_down_set_selected (g_object_get_data (G_OBJECT (row), "role"),
                                  role == STP_PHOTO_ROLE_AFTER ? 1 : 0);
      return TRUE;
    }
  photo = stp_store_get_photo (self->store, photo_id, &error);
  if (photo == NULL)
    {
      /* Removed meanwhile: the form cannot offer it, and the save would refuse it. */
      g_warning ("Photo %" G_GINT64_FORMAT " is gone: %s", photo_id, error->message);
      return FALSE;
    }
  add_row (self, photo, role);
  return TRUE;
}

void
stp_session_photos_remove (StpSessionPhotos *self,
                           gint64            photo_id)
{
  GtkWidget *row;

  g_return_if_fail (STP_IS_SESSION_PHOTOS (self));

  row = find_row (self, photo_id);
  if (row == NULL)
    return;
  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), row);
  g_ptr_array_remove (self->rows, row);
  update_empty (self);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  GObject *ra = *(GObject **)a, *rb = *(GObject **)b;
  guint role_a = gtk_drop_down_get_selected (g_object_get_data (ra, "role"));
  guint role_b = gtk_drop_down_get_selected (g_object_get_data (rb, "role"));
  gint64 ta = *(gint64 *)g_object_get_data (ra, "taken-at");
  gint64 tb = *(gint64 *)g_object_get_data (rb, "taken-at");

  if (role_a != role_b)
    return role_a < role_b ? -1 : 1;
  return ta < tb ? -1 : ta > tb;
}

/* Before photos first, then after, each oldest first: how they are looked at. */
static void
sort_rows (StpSessionPhotos *self)
{
  g_ptr_array_sort (self->rows, compare_rows);
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_object_ref (self->rows->pdata[i]);

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_object_unref (row);
    }
}

/* Importing */

static void
import_progress_cb (guint        done,
                    guint        total,
                    const char  *name,
                    gpointer     user_data)
{
  StpSessionPhotos *self = user_data;
  g_autofree char *text = NULL;

  /* Translators: import progress, "3 of 10 · IMG_0042.HEIC". */
  text = g_strdup_printf (_("%u of %u · %s"), done, total, name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->progress_row), text);
}

static void
show_report (StpSessionPhotos *self,
             const char       *heading,
             const char       *body)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(StpSessionPhotos) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  StpPhotoImportReport report;
  gboolean same_client;

  results = stp_store_import_photos_finish (STP_STORE (source), result, &error);
  self->importing = FALSE;
  g_clear_object (&self->cancellable);
  gtk_spinner_stop (GTK_SPINNER (self->progress_spinner));
  gtk_widget_set_visible (self->progress_row, FALSE);
  update_empty (self);

  if (results == NULL)
    {
      show_report (self, _("Photos Not Imported"), error->message);
      return;
    }

  /* The photos are the client's either way; the form shows them only if it still shows
   * that client (the gallery lists them in any case). */
  same_client = self->import_client_id == self->client_id;
  for (guint i = 0; same_client && i < results->len; i++)
    {
      StpPhotoImportResult *r = g_ptr_array_index (results, i);
      g_autoptr(StpPhoto) photo = NULL;

      if (r->photo_id <= 0)
        continue;
      photo = stp_store_get_photo (self->store, r->photo_id, NULL);
      if (photo != NULL)
        add_row (self, photo, stp_session_guess_photo_role (self->started_at, photo->taken_at));
    }
  sort_rows (self);

  stp_photo_import_report_init (&report, results);
  if (report.refused > 0 || report.cancelled > 0)
    show_report (self, report.imported > 0 ? _("Some Photos Not Imported")
                                           : _("Photos Not Imported"), report.report);
  stp_photo_import_report_clear (&report);
}

static void
cancel_import_cb (StpSessionPhotos *self)
{
  g_cancellable_cancel (self->cancellable);
}

gboolean
stp_session_photos_import_files (StpSessionPhotos  *self,
                                 GFile            **files,
                                 guint              n_files)
{
  g_return_val_if_fail (STP_IS_SESSION_PHOTOS (self), FALSE);

  if (self->store == NULL || self->client_id == 0 || self->importing || n_files == 0)
    return FALSE;

  self->importing = TRUE;
  self->import_client_id = self->client_id;
  self->cancellable = g_cancellable_new ();
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->progress_row), _("Starting…"));
  gtk_widget_set_visible (self->progress_row, TRUE);
  gtk_spinner_start (GTK_SPINNER (self->progress_spinner));
  update_empty (self);

  stp_store_import_photos_async (self->store, self->client_id, files, n_files,
                                 self->cancellable, import_progress_cb, self,
                                 import_done_cb, g_object_ref (self));
  return TRUE;
}

gboolean
stp_session_photos_is_importing (StpSessionPhotos *self)
{
  g_return_val_if_fail (STP_IS_SESSION_PHOTOS (self), FALSE);
  return self->importing;
}

static void
chooser_response_cb (GtkNativeDialog  *dialog,
                     int               response,
                     StpSessionPhotos *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GPtrArray) files = stp_photo_import_chooser_get_files (GTK_FILE_CHOOSER (dialog));

      stp_session_photos_import_files (self, (GFile **)files->pdata, files->len);
    }
  g_object_unref (dialog);
}

void
stp_session_photos_choose_files (StpSessionPhotos *self)
{
  GtkFileChooserNative *chooser;

  g_return_if_fail (STP_IS_SESSION_PHOTOS (self));

  if (self->client_id == 0 || self->importing)
    return;
  chooser = stp_photo_import_chooser_new (parent_window (self));
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Picking */

typedef struct
{
  StpSessionPhotos *self;
  GPtrArray        *tiles;   /* GtkWidget with "photo-id", "before" and "after" data */
} Pick;

static void
pick_free (Pick *pick)
{
  g_object_unref (pick->self);
  g_ptr_array_unref (pick->tiles);
  g_free (pick);
}

static void
pick_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  Pick             *pick)
{
  if (g_strcmp0 (response, "use") == 0)
    for (guint i = 0; i < pick->tiles->len; i++)
      {
        GObject *tile = pick->tiles->pdata[i];
        gint64 id = *(gint64 *)g_object_get_data (tile, "photo-id");
        GtkToggleButton *before = g_object_get_data (tile, "before");
        GtkToggleButton *after = g_object_get_data (tile, "after");

        if (gtk_toggle_button_get_active (before))
          stp_session_photos_add (pick->self, id, STP_PHOTO_ROLE_BEFORE);
        else if (gtk_toggle_button_get_active (after))
          stp_session_photos_add (pick->self, id, STP_PHOTO_ROLE_AFTER);
        else
          stp_session_photos_remove (pick->self, id);
      }
  sort_rows (pick->self);
  pick_free (pick);
}

/* Before and after exclude each other, and a second click unticks. */
static void
role_toggled_cb (GtkToggleButton *button,
                 GtkToggleButton *other)
{
  if (gtk_toggle_button_get_active (button))
    gtk_toggle_button_set_active (other, FALSE);
}

static GtkWidget *
pick_tile (StpSessionPhotos *self,
           const StpPhoto   *photo,
           int               role)   /* -1: not chosen */
{
  GtkWidget *tile = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *label;
  GtkWidget *roles = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *before = gtk_toggle_button_new_with_label (_("Before"));
  GtkWidget *after = gtk_toggle_button_new_with_label (_("After"));
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *title = stp_photo_dup_title (photo);
  g_autofree char *name = NULL;
  g_autofree char *before_label = NULL;
  g_autofree char *after_label = NULL;
  gint64 *id = g_new (gint64, 1);

  *id = photo->id;
  texture = stp_photo_thumbnail_texture_new (self->store, photo->id, PICK_THUMB_WIDTH,
                                             PICK_THUMB_HEIGHT, NULL);
  if (texture != NULL)
    gtk_picture_set_paintable (GTK_PICTURE (picture), GDK_PAINTABLE (texture));
  gtk_widget_set_size_request (picture, PICK_THUMB_WIDTH, PICK_THUMB_HEIGHT);
  gtk_widget_add_css_class (picture, "stp-photo-thumbnail");
  gtk_box_append (GTK_BOX (tile), picture);

  label = gtk_label_new (title);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 18);
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (tile), label);

  gtk_widget_add_css_class (roles, "linked");
  gtk_widget_set_halign (roles, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (roles), before);
  gtk_box_append (GTK_BOX (roles), after);
  gtk_box_append (GTK_BOX (tile), roles);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (before), role == STP_PHOTO_ROLE_BEFORE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (after), role == STP_PHOTO_ROLE_AFTER);
  g_signal_connect (before, "toggled", G_CALLBACK (role_toggled_cb), after);
  g_signal_connect (after, "toggled", G_CALLBACK (role_toggled_cb), before);
  /* Translators: accessible names of the picker's toggles; %s is the photo's date and view. */
  before_label = g_strdup_printf (_("%s taken before the session"), title);
  after_label = g_strdup_printf (_("%s taken after the session"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (before), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  before_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (after), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  after_label, -1);
  name = g_strdup_printf ("pick-before-%" G_GINT64_FORMAT, photo->id);
  gtk_widget_set_name (before, name);
  g_free (name);
  name = g_strdup_printf ("pick-after-%" G_GINT64_FORMAT, photo->id);
  gtk_widget_set_name (after, name);

  g_object_set_data_full (G_OBJECT (tile), "photo-id", id, g_free);
  g_object_set_data (G_OBJECT (tile), "before", before);
  g_object_set_data (G_OBJECT (tile), "after", after);
  return tile;
}

GtkWidget *
stp_session_photos_pick (StpSessionPhotos *self)
{
  g_autoptr(GPtrArray) photos = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) chosen = g_array_new (FALSE, FALSE, sizeof (StpSessionPhoto));
  GtkWidget *dialog, *flow, *scrolled;
  Pick *pick;

  g_return_val_if_fail (STP_IS_SESSION_PHOTOS (self), NULL);

  if (self->store == NULL || self->client_id == 0)
    return NULL;

  photos = stp_store_list_photos (self->store, self->client_id, &error);
  if (photos == NULL)
    {
      show_report (self, _("Photos Not Shown"), error->message);
      return NULL;
    }
  if (photos->len == 0)
    {
      dialog = adw_message_dialog_new (parent_window (self), _("No Photos Yet"),
                                       _("This client has no photos yet. Import the before "
                                         "and after photos with Import Photos…"));
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return dialog;
    }

  stp_session_photos_read (self, chosen);
  dialog = adw_message_dialog_new (parent_window (self), _("Pick Photos"),
                                   _("Choose the client’s photos taken before and after this "
                                     "session."));
  flow = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), 2);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 3);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 12);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 12);

  pick = g_new0 (Pick, 1);
  pick->self = g_object_ref (self);
  pick->tiles = g_ptr_array_new ();
  /* Newest first: the photos of this session's day are the likely ones. */
  for (guint i = photos->len; i-- > 0;)
    {
      StpPhoto *photo = photos->pdata[i];
      GtkWidget *tile;
      int role = -1;

      for (guint c = 0; c < chosen->len; c++)
        if (g_array_index (chosen, StpSessionPhoto, c).photo_id == photo->id)
          role = g_array_index (chosen, StpSessionPhoto, c).role;
      tile = pick_tile (self, photo, role);
      gtk_flow_box_append (GTK_FLOW_BOX (flow), tile);
      g_ptr_array_add (pick->tiles, tile);
    }

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  /* One row of tiles, or room for two (and a scroll bar beyond). */
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled),
                                              photos->len > 3 ? 440 : 220);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), flow);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "use", _("_Use Photos"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "use",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "use");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (pick_response_cb), pick);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

GtkWidget *
stp_session_photos_get_widget (StpSessionPhotos *self,
                               const char       *name)
{
  g_return_val_if_fail (STP_IS_SESSION_PHOTOS (self), NULL);

  if (g_str_equal (name, "import"))
    return self->import_button;
  if (g_str_equal (name, "pick"))
    return self->pick_button;
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = self->rows->pdata[i];
      g_autofree char *prefix = g_strdup_printf ("photo-%" G_GINT64_FORMAT, row_photo_id (row));

      if (g_str_equal (name, prefix))
        return row;
      if (g_str_has_prefix (name, prefix) && g_str_equal (name + strlen (prefix), "-role"))
        return g_object_get_data (G_OBJECT (row), "role");
      if (g_str_has_prefix (name, prefix) && g_str_equal (name + strlen (prefix), "-remove"))
        return g_object_get_data (G_OBJECT (row), "remove");
    }
  return NULL;
}

/* GObject */

static void
stp_session_photos_dispose (GObject *object)
{
  StpSessionPhotos *self = STP_SESSION_PHOTOS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (stp_session_photos_parent_class)->dispose (object);
}

static void
stp_session_photos_class_init (StpSessionPhotosClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = stp_session_photos_dispose;
}

static GtkWidget *
header_button (const char *label,
               const char *tooltip)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

static void
stp_session_photos_init (StpSessionPhotos *self)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (self);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->rows = g_ptr_array_new ();
  adw_preferences_group_set_title (group, _("Before and After Photos"));

  self->import_button = header_button (_("_Import Photos…"),
                                       _("Import photos for this client and add them here"));
  g_signal_connect_swapped (self->import_button, "clicked",
                            G_CALLBACK (stp_session_photos_choose_files), self);
  self->pick_button = header_button (_("Pick _Existing…"),
                                     _("Choose from the client’s photos"));
  g_signal_connect_swapped (self->pick_button, "clicked", G_CALLBACK (stp_session_photos_pick),
                            self);
  gtk_box_append (GTK_BOX (buttons), self->import_button);
  gtk_box_append (GTK_BOX (buttons), self->pick_button);
  adw_preferences_group_set_header_suffix (group, buttons);

  self->empty_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->empty_row), _("No photos chosen"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->empty_row),
                               _("Import the photos taken today, or pick them from the "
                                 "client’s photos."));
  adw_preferences_group_add (group, self->empty_row);

  self->progress_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->progress_row),
                                 _("Importing photos…"));
  self->progress_spinner = gtk_spinner_new ();
  adw_action_row_add_prefix (ADW_ACTION_ROW (self->progress_row), self->progress_spinner);
  {
    GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));

    gtk_widget_set_valign (cancel, GTK_ALIGN_CENTER);
    g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (cancel_import_cb), self);
    adw_action_row_add_suffix (ADW_ACTION_ROW (self->progress_row), cancel);
  }
  gtk_widget_set_visible (self->progress_row, FALSE);
  adw_preferences_group_add (group, self->progress_row);
  update_empty (self);
}

GtkWidget *
stp_session_photos_new (void)
{
  return g_object_new (STP_TYPE_SESSION_PHOTOS, NULL);
}

void
stp_session_photos_set_store (StpSessionPhotos *self,
                              StpStore         *store)
{
  g_return_if_fail (STP_IS_SESSION_PHOTOS (self));
  g_set_object (&self->store, store);
}
