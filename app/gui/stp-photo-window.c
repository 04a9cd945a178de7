/* stp-photo-window.c: one photo full size, with zoom, and its view and marketing consent.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "stp-photo-window"

#include "stp-photo-window.h"

#include <glib/gi18n.h>

struct _StpPhotoWindow
{
  AdwWindow        parent_instance;

  StpStore        *store;
  StpPhoto        *photo;
  gboolean         updating;

  AdwWindowTitle  *title;
  StpPhotoViewer  *viewer;
  GtkDropDown     *view_dropdown;
  GtkSwitch       *consent_switch;
  GtkLabel        *error_label;
};

G_DEFINE_FINAL_TYPE (StpPhotoWindow, stp_photo_window, ADW_TYPE_WINDOW)

char *
stp_photo_dup_title (const StpPhoto *photo)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (photo->taken_at);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
  g_autofree char *iso = local != NULL ? g_date_time_format (local, "%Y-%m-%d") : NULL;
  g_autofree char *date = iso != NULL ? stp_date_format_local (iso) : NULL;
  g_autofree char *time = local != NULL ? g_date_time_format (local, "%H:%M") : NULL;

  /* Translators: a photo's date, time and view: "14/03/2026 10:30 · Front". */
  return g_strdup_printf (_("%s %s · %s"), date != NULL ? date : "", time != NULL ? time : "",
                          stp_photo_view_get_label (photo->view));
}

static void
show_error (StpPhotoWindow *self,
            const GError   *error)
{
  gtk_label_set_label (self->error_label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
}

static void
update_title (StpPhotoWindow *self)
{
  g_autofree char *title = stp_photo_dup_title (self->photo);
  g_autofree char *subtitle = NULL;

  /* Translators: the original file name and the photo's size in pixels. */
  subtitle = g_strdup_printf (_("%s · %u × %u"), self->photo->original_name,
                              self->photo->width, self->photo->height);
  adw_window_title_set_title (self->title, title);
  adw_window_title_set_subtitle (self->title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->viewer),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}

static void
view_selected_cb (StpPhotoWindow *self)
{
  g_autoptr(GError) error = NULL;
  guint view = gtk_drop_down_get_selected (self->view_dropdown);

  if (self->updating || view >= STP_N_PHOTO_VIEWS || view == self->photo->view)
    return;

  if (!stp_store_set_photo_view (self->store, self->photo->id, view, &error))
    {
      show_error (self, error);
      self->updating = TRUE;
      gtk_drop_down_set_selected (self->view_dropdown, self->photo->view);
      self->updating = FALSE;
      return;
    }
  self->photo->view = view;
  show_error (self, NULL);
  update_title (self);
}

static void
consent_changed_cb (StpPhotoWindow *self)
{
  g_autoptr(GError) error = NULL;
  gboolean active = gtk_switch_get_active (self->consent_switch);

  if (self->updating || active == self->photo->marketing_consent)
    return;

  if (!stp_store_set_photo_marketing_consent (self->store, self->photo->id, active, &error))
    {
      show_error (self, error);
      self->updating = TRUE;
      gtk_switch_set_active (self->consent_switch, self->photo->marketing_consent);
      self->updating = FALSE;
      return;
    }
  self->photo->marketing_consent = active;
  show_error (self, NULL);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    StpPhotoWindow   *self)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0)
    return;

  if (!stp_store_delete_photo (self->store, self->photo->id, &error))
    {
      show_error (self, error);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  StpPhotoWindow *self = STP_PHOTO_WINDOW (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Delete This Photo?"),
                                   _("The photo is removed from the client's record and "
                                     "cannot be brought back."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
zoom_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  StpPhotoWindow *self = STP_PHOTO_WINDOW (widget);

  if (g_str_equal (action_name, "photo.zoom-in"))
    stp_photo_viewer_zoom_in (self->viewer);
  else if (g_str_equal (action_name, "photo.zoom-out"))
    stp_photo_viewer_zoom_out (self->viewer);
  else if (g_str_equal (action_name, "photo.zoom-fit"))
    stp_photo_viewer_zoom_fit (self->viewer);
  else
    stp_photo_viewer_zoom_actual (self->viewer);
}

static GtkWidget *
icon_button (const char *icon,
             const char *tooltip,
             const char *action)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);
  return button;
}

/* The views' labels in their order, for drop-downs. */
static GtkStringList *
view_labels (void)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint v = 0; v < STP_N_PHOTO_VIEWS; v++)
    gtk_string_list_append (list, stp_photo_view_get_label (v));
  return list;
}

static void
build (StpPhotoWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label, *consent_label;

  self->title = ADW_WINDOW_TITLE (adw_window_title_new ("", ""));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header),
                             icon_button ("zoom-out-symbolic", _("Zoom Out (−)"),
                                          "photo.zoom-out"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header),
                             icon_button ("zoom-in-symbolic", _("Zoom In (+)"),
                                          "photo.zoom-in"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header),
                             icon_button ("zoom-fit-best-symbolic", _("Fit (0)"),
                                          "photo.zoom-fit"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header),
                             icon_button ("zoom-original-symbolic", _("Actual Size (1)"),
                                          "photo.zoom-actual"));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header),
                           icon_button ("user-trash-symbolic", _("Delete Photo"),
                                        "photo.delete"));
  gtk_box_append (GTK_BOX (box), header);

  self->viewer = STP_PHOTO_VIEWER (stp_photo_viewer_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->viewer));

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));

  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  gtk_widget_set_margin_top (bar, 6);
  gtk_widget_set_margin_bottom (bar, 6);

  label = gtk_label_new_with_mnemonic (_("_View"));
  gtk_box_append (GTK_BOX (bar), label);
  self->view_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (view_labels ()), NULL));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->view_dropdown));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->view_dropdown),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->view_dropdown));

  consent_label = gtk_label_new_with_mnemonic (_("_Marketing use allowed"));
  gtk_widget_set_hexpand (consent_label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (consent_label), 1.0);
  gtk_box_append (GTK_BOX (bar), consent_label);
  self->consent_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->consent_switch), GTK_ALIGN_CENTER);
  gtk_label_set_mnemonic_widget (GTK_LABEL (consent_label), GTK_WIDGET (self->consent_switch));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->consent_switch),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, consent_label, NULL, -1);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->consent_switch));
  gtk_box_append (GTK_BOX (box), bar);

  g_signal_connect_swapped (self->view_dropdown, "notify::selected",
                            G_CALLBACK (view_selected_cb), self);
  g_signal_connect_swapped (self->consent_switch, "notify::active",
                            G_CALLBACK (consent_changed_cb), self);

  adw_window_set_content (ADW_WINDOW (self), box);
}

static void
stp_photo_window_dispose (GObject *object)
{
  StpPhotoWindow *self = STP_PHOTO_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->photo, stp_photo_free);

  G_OBJECT_CLASS (stp_photo_window_parent_class)->dispose (object);
}

static void
stp_photo_window_class_init (StpPhotoWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stp_photo_window_dispose;

  gtk_widget_class_install_action (widget_class, "photo.zoom-in", NULL, zoom_activated);
  gtk_widget_class_install_action (widget_class, "photo.zoom-out", NULL, zoom_activated);
  gtk_widget_class_install_action (widget_class, "photo.zoom-fit", NULL, zoom_activated);
  gtk_widget_class_install_action (widget_class, "photo.zoom-actual", NULL, zoom_activated);
  gtk_widget_class_install_action (widget_class, "photo.delete", NULL, delete_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK,
                                       "photo.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK,
                                       "photo.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK,
                                       "photo.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "photo.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
stp_photo_window_init (StpPhotoWindow *self)
{
  build (self);
  gtk_window_set_default_size (GTK_WINDOW (self), 1000, 760);
}

GtkWidget *
stp_photo_window_new (GtkWindow *parent,
                      StpStore  *store,
                      gint64     photo_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  StpPhotoWindow *self;
  StpPhoto *photo;

  g_return_val_if_fail (STP_IS_STORE (store), NULL);

  photo = stp_store_get_photo (store, photo_id, &error);
  if (photo == NULL)
    {
      g_warning ("Cannot show photo %" G_GINT64_FORMAT ": %s", photo_id, error->message);
      return NULL;
    }

  self = g_object_new (STP_TYPE_PHOTO_WINDOW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->photo = photo;

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->view_dropdown, photo->view);
  gtk_switch_set_active (self->consent_switch, photo->marketing_consent);
  self->updating = FALSE;
  update_title (self);

  path = stp_store_dup_photo_path (store, photo);
  stp_photo_viewer_load (self->viewer, path, photo->width, photo->height, photo->thumbnail);
  gtk_widget_grab_focus (GTK_WIDGET (self->viewer));

  return GTK_WIDGET (self);
}

StpPhotoViewer *
stp_photo_window_get_viewer (StpPhotoWindow *self)
{
  g_return_val_if_fail (STP_IS_PHOTO_WINDOW (self), NULL);

  return self->viewer;
}
