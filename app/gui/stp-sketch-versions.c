/* stp-sketch-versions.c: a client's saved sketch versions, for the client page.
 *
 * Each row shows the thumbnail, name and date of a version, and whether a treatment
 * session follows it (then it cannot change: copy it to edit). Opening goes through
 * win.open-sketch; copy and delete go straight to the store.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "stp-sketch-versions"

#include "stp-sketch-versions.h"

#include <glib/gi18n.h>

#define THUMB_SIZE 56

struct _StpSketchVersions
{
  AdwPreferencesGroup  parent_instance;

  StpStore            *store;
  gint64               client_id;
  AdwPreferencesGroup *group;          /* self, typed for the adw_preferences_group calls */
  GtkWidget           *empty_row;
  GPtrArray           *rows;
  guint                reload_source;
};

G_DEFINE_FINAL_TYPE (StpSketchVersions, stp_sketch_versions, ADW_TYPE_PREFERENCES_GROUP)

static void reload (StpSketchVersions *self);

static GtkWindow *
parent_window (StpSketchVersions *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* Problems are told in a small dialog: the client page has no toast overlay of its own. */
static void
show_error (StpSketchVersions *self,
            const char        *heading,
            const GError      *error)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Copy: asks the new version's name. */

static void
copy_entry_changed_cb (GtkEditable      *entry,
                       AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  GPtrArray *taken = g_object_get_data (G_OBJECT (dialog), "taken");
  GtkWidget *error_label = g_object_get_data (G_OBJECT (dialog), "error-label");
  g_autofree char *problem = NULL;
  gboolean ok = name[0] != '\0' && g_utf8_strlen (name, -1) <= STP_SKETCH_MAX_NAME;

  for (guint i = 0; ok && i < taken->len; i++)
    if (g_utf8_collate (g_ptr_array_index (taken, i), name) == 0)
      {
        problem = g_strdup_printf (_("This client already has a version called “%s”. "
                                     "Choose another name."), name);
        ok = FALSE;
      }
  gtk_label_set_label (GTK_LABEL (error_label), problem != NULL ? problem : "");
  gtk_widget_set_visible (error_label, problem != NULL);
  adw_message_dialog_set_response_enabled (dialog, "copy", ok);
}

static void
copy_response_cb (AdwMessageDialog  *dialog,
                  const char        *response,
                  StpSketchVersions *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "version-id");
  g_autoptr (GError) error = NULL;
  gint64 copy;

  if (g_strcmp0 (response, "copy") != 0)
    return;

  copy = stp_store_copy_sketch_version (self->store, id, gtk_editable_get_text (entry), &error);
  if (copy == 0)
    {
      show_error (self, _("The Version Was Not Copied"), error);
      return;
    }
  reload (self);
  /* The copy is what the person wants to edit: open it. */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-sketch", "x", copy);
}

static void
copy_clicked_cb (GtkButton         *button,
                 StpSketchVersions *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "name");
  gint64 *id = g_new (gint64, 1);
  g_autoptr (GPtrArray) versions = stp_store_list_sketch_versions (self->store, self->client_id,
                                                                   NULL);
  GPtrArray *taken = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *suggested = g_strdup_printf (_("%s (copy)"), name);
  GtkWidget *dialog, *box, *entry, *error_label;

  *id = *(gint64 *) g_object_get_data (G_OBJECT (button), "version-id");
  for (guint i = 0; versions != NULL && i < versions->len; i++)
    g_ptr_array_add (taken, g_strdup (((StpSketchVersion *) g_ptr_array_index (versions,
                                                                               i))->name));

  dialog = adw_message_dialog_new (parent_window (self), _("Copy Sketch Version"),
                                   _("The copy can be edited; the original stays as it is."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Name of the copy"), -1);
  gtk_entry_set_max_length (GTK_ENTRY (entry), STP_SKETCH_MAX_NAME);
  error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (error_label), 0);
  gtk_widget_add_css_class (error_label, "error");
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), error_label);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "copy", _("C_opy"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "copy",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "copy");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data (G_OBJECT (dialog), "error-label", error_label);
  g_object_set_data_full (G_OBJECT (dialog), "taken", taken, (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (dialog), "version-id", id, g_free);
  g_signal_connect_object (entry, "changed", G_CALLBACK (copy_entry_changed_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (copy_response_cb), self, 0);
  gtk_editable_set_text (GTK_EDITABLE (entry), suggested);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* Delete: confirmed first. */

static void
delete_response_cb (AdwMessageDialog  *dialog,
                    const char        *response,
                    StpSketchVersions *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "version-id");
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0)
    return;
  if (!stp_store_delete_sketch_version (self->store, id, &error))
    show_error (self, _("The Version Was Not Deleted"), error);
  reload (self);
}

static void
delete_clicked_cb (GtkButton         *button,
                   StpSketchVersions *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "name");
  g_autofree char *heading = g_strdup_printf (_("Delete “%s”?"), name);
  gint64 *id = g_new (gint64, 1);
  GtkWidget *dialog;

  *id = *(gint64 *) g_object_get_data (G_OBJECT (button), "version-id");
  dialog = adw_message_dialog_new (parent_window (self), heading,
                                   _("The drawing of this version is removed for good."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "version-id", id, g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Rows. */

static GtkWidget *
thumbnail_widget (GBytes *png)
{
  g_autoptr (GdkTexture) texture = NULL;
  GtkWidget *picture;

  if (png != NULL)
    texture = gdk_texture_new_from_bytes (png, NULL);
  if (texture == NULL)
    {
      GtkWidget *image = gtk_image_new_from_icon_name ("stp-tool-curve-symbolic");

      gtk_image_set_pixel_size (GTK_IMAGE (image), 32);
      gtk_widget_set_size_request (image, THUMB_SIZE, THUMB_SIZE);
      return image;
    }

  picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_widget_set_size_request (picture, THUMB_SIZE, THUMB_SIZE);
  gtk_widget_set_margin_top (picture, 6);
  gtk_widget_set_margin_bottom (picture, 6);
  gtk_widget_add_css_class (picture, "sketch-thumbnail");
  return picture;
}

static GtkWidget *
suffix_button (const char *icon,
               const char *tooltip,
               const char *name,
               gint64      id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);
  gint64 *stored = g_new (gint64, 1);

  *stored = id;
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "name", g_strdup (name), g_free);
  g_object_set_data_full (G_OBJECT (button), "version-id", stored, g_free);
  return button;
}

static GtkWidget *
version_row (StpSketchVersions      *self,
             const StpSketchVersion *v)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = stp_time_format_local (v->updated_at != 0 ? v->updated_at :
                                                 v->created_at);
  GtkWidget *copy, *delete;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), v->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when != NULL ? when : "");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), thumbnail_widget (v->thumbnail));

  if (v->locked_at != 0)
    {
      GtkWidget *badge = gtk_label_new (_("Locked"));

      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (badge, "sketch-locked-badge");
      gtk_widget_add_css_class (badge, "caption-heading");
      gtk_widget_set_tooltip_text (badge, _("Followed by a session — copy to edit"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
    }

  copy = suffix_button ("edit-copy-symbolic", _("Copy to Edit"), v->name, v->id);
  g_signal_connect (copy, "clicked", G_CALLBACK (copy_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), copy);

  delete = suffix_button ("user-trash-symbolic",
                          v->locked_at != 0 ? _("Followed by a session: it cannot be deleted") :
                                              _("Delete Version"),
                          v->name, v->id);
  gtk_widget_set_sensitive (delete, v->locked_at == 0);
  g_signal_connect (delete, "clicked", G_CALLBACK (delete_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), delete);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  /* The target first: a name without its target would not match the action. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", v->id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-sketch");
  return row;
}

static void
reload (StpSketchVersions *self)
{
  g_autoptr (GPtrArray) versions = NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  gtk_widget_set_visible (GTK_WIDGET (self), self->client_id != 0 && self->store != NULL);
  if (self->client_id == 0 || self->store == NULL)
    return;

  versions = stp_store_list_sketch_versions (self->store, self->client_id, &error);
  if (versions == NULL)
    {
      g_warning ("Could not list sketch versions: %s", error->message);
      return;
    }

  gtk_widget_set_visible (self->empty_row, versions->len == 0);
  /* Newest first: the version being worked on is usually the last one saved. */
  for (guint i = versions->len; i > 0; i--)
    {
      GtkWidget *row = version_row (self, g_ptr_array_index (versions, i - 1));

      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
    }
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  StpSketchVersions *self = user_data;

  self->reload_source = 0;
  reload (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (StpStore          *store,
                  StpEntity          entity,
                  gint64             id,
                  StpChangeKind      kind,
                  StpSketchVersions *self)
{
  /* Erasing a client takes their versions too, and a session may lock one. */
  if (entity != STP_ENTITY_SKETCH && entity != STP_ENTITY_CLIENT)
    return;
  if (self->client_id == 0 || self->reload_source != 0)
    return;
  self->reload_source = g_idle_add (reload_idle_cb, self);
}

GtkWidget *
stp_sketch_versions_new (void)
{
  return g_object_new (STP_TYPE_SKETCH_VERSIONS, NULL);
}

void
stp_sketch_versions_set_store (StpSketchVersions *self,
                               StpStore          *store)
{
  g_return_if_fail (STP_IS_SKETCH_VERSIONS (self));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, 0);
  reload (self);
}

void
stp_sketch_versions_set_client (StpSketchVersions *self,
                                gint64             client_id)
{
  g_return_if_fail (STP_IS_SKETCH_VERSIONS (self));

  self->client_id = client_id;
  reload (self);
}

guint
stp_sketch_versions_get_n_rows (StpSketchVersions *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_VERSIONS (self), 0);
  return self->rows->len;
}

static void
stp_sketch_versions_dispose (GObject *object)
{
  StpSketchVersions *self = STP_SKETCH_VERSIONS (object);

  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (stp_sketch_versions_parent_class)->dispose (object);
}

static void
stp_sketch_versions_class_init (StpSketchVersionsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = stp_sketch_versions_dispose;
}

static void
stp_sketch_versions_init (StpSketchVersions *self)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("New _Sketch…"));

  self->rows = g_ptr_array_new ();
  self->group = ADW_PREFERENCES_GROUP (self);
  adw_preferences_group_set_title (self->group, _("Hairline Sketches"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.new-sketch");
  gtk_widget_set_tooltip_text (button, _("Draw the hairline, treatment areas and scars"));
  adw_preferences_group_set_header_suffix (self->group, button);

  self->empty_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->empty_row), _("No sketches yet"));
  gtk_widget_add_css_class (self->empty_row, "dim-label");
  adw_preferences_group_add (self->group, self->empty_row);

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
