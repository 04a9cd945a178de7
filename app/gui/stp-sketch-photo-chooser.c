/* stp-sketch-photo-chooser.c: asks which of the client's photos a new sketch goes over.
 *
 * The hairline is drawn over the client's own photo, so "New Sketch…" first asks which
 * one, showing the stored thumbnails (no original is decoded here). A sketch on plain
 * paper stays possible, for a client who has no photo yet.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "stipple-sketch-photo-chooser"

#include "config.h"

#include "stp-sketch-photo-chooser.h"

#include <glib/gi18n.h>
#include <string.h>

#include "stp-photo-import.h"

#define TILE_SIZE 160

struct _StpSketchPhotoChooser
{
  AdwWindow     parent_instance;

  GtkFlowBox   *flow_box;
  GArray       *photo_ids;  /* gint64, in the order of the tiles */
};

G_DEFINE_FINAL_TYPE (StpSketchPhotoChooser, stp_sketch_photo_chooser, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
stp_sketch_photo_chooser_choose (StpSketchPhotoChooser *self,
                                 int                    position)
{
  gint64 photo_id = 0;

  g_return_if_fail (STP_IS_SKETCH_PHOTO_CHOOSER (self));
  g_return_if_fail (position < (int)self->photo_ids->len);

  if (position >= 0)
    photo_id = g_array_index (self->photo_ids, gint64, position);

  /* Kept alive through the handlers, which may present other windows. */
  g_object_ref (self);
  g_signal_emit (self, signals[SIGNAL_CHOSEN], 0, photo_id);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

guint
stp_sketch_photo_chooser_get_n_photos (StpSketchPhotoChooser *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_PHOTO_CHOOSER (self), 0);

  return self->photo_ids->len;
}

static void
child_activated_cb (StpSketchPhotoChooser *self,
                    GtkFlowBoxChild       *child)
{
  stp_sketch_photo_chooser_choose (self, gtk_flow_box_child_get_index (child));
}

static void
plain_clicked_cb (StpSketchPhotoChooser *self)
{
  stp_sketch_photo_chooser_choose (self, -1);
}

/* One photo: its thumbnail, and its view and day underneath, which is how a consultant
 * tells "front, today" from last year's. */
static GtkWidget *
photo_tile_new (StpStore       *store,
                const StpPhoto *photo)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = stp_photo_thumbnail_texture_new (store, photo->id,
                                                                     TILE_SIZE, TILE_SIZE,
                                                                     &error);
  g_autofree char *when = stp_time_format_local (photo->taken_at);
  g_autofree char *caption = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *label;
  char *space;

  /* The day is enough here; the time of day would only crowd the caption. */
  space = when != NULL ? strchr (when, ' ') : NULL;
  if (space != NULL)
    *space = '\0';
  caption = g_strdup_printf ("%s · %s", stp_photo_view_get_label (photo->view),
                             when != NULL ? when : "");

  if (texture != NULL)
    gtk_picture_set_paintable (GTK_PICTURE (picture), GDK_PAINTABLE (texture));
  else
    g_warning ("A thumbnail could not be read: %s", error->message);
  gtk_widget_set_size_request (picture, TILE_SIZE, TILE_SIZE);
  gtk_box_append (GTK_BOX (box), picture);

  label = gtk_label_new (caption);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), label);

  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  caption, -1);
  return box;
}

static void
fill (StpSketchPhotoChooser *self,
      StpStore              *store,
      gint64                 client_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) photos = stp_store_list_photos (store, client_id, &error);

  if (photos == NULL)
    {
      g_warning ("The client's photos could not be listed: %s", error->message);
      return;
    }

  /* The store lists oldest first; the photo of today's consultation is wanted first. */
  for (guint i = photos->len; i > 0; i--)
    {
      const StpPhoto *photo = g_ptr_array_index (photos, i - 1);

      g_array_append_val (self->photo_ids, photo->id);
      gtk_flow_box_append (self->flow_box, photo_tile_new (store, photo));
    }
}

StpSketchPhotoChooser *
stp_sketch_photo_chooser_new (GtkWindow *parent,
                              StpStore  *store,
                              gint64     client_id)
{
  StpSketchPhotoChooser *self;

  g_return_val_if_fail (STP_IS_STORE (store), NULL);

  self = g_object_new (STP_TYPE_SKETCH_PHOTO_CHOOSER,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  fill (self, store, client_id);
  return self;
}

static void
stp_sketch_photo_chooser_finalize (GObject *object)
{
  StpSketchPhotoChooser *self = STP_SKETCH_PHOTO_CHOOSER (object);

  g_clear_pointer (&self->photo_ids, g_array_unref);

  G_OBJECT_CLASS (stp_sketch_photo_chooser_parent_class)->finalize (object);
}

static void
stp_sketch_photo_chooser_class_init (StpSketchPhotoChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = stp_sketch_photo_chooser_finalize;

  signals[SIGNAL_CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close",
                                       NULL);
}

static void
stp_sketch_photo_chooser_init (StpSketchPhotoChooser *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *hint = gtk_label_new (_("Choose the photo to draw the hairline on. A sketch "
                                     "can also start on a plain background."));
  GtkWidget *plain = gtk_button_new_with_mnemonic (_("_Plain Background"));

  self->photo_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  gtk_window_set_title (GTK_WINDOW (self), _("New Sketch"));
  gtk_window_set_default_size (GTK_WINDOW (self), 720, 560);

  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_box_append (GTK_BOX (box), hint);

  self->flow_box = GTK_FLOW_BOX (gtk_flow_box_new ());
  gtk_flow_box_set_selection_mode (self->flow_box, GTK_SELECTION_NONE);
  gtk_flow_box_set_activate_on_single_click (self->flow_box, TRUE);
  gtk_flow_box_set_homogeneous (self->flow_box, TRUE);
  gtk_flow_box_set_max_children_per_line (self->flow_box, 6);
  gtk_flow_box_set_column_spacing (self->flow_box, 12);
  gtk_flow_box_set_row_spacing (self->flow_box, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->flow_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("The client's photos"), -1);
  g_signal_connect_swapped (self->flow_box, "child-activated",
                            G_CALLBACK (child_activated_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->flow_box));

  gtk_widget_set_halign (plain, GTK_ALIGN_START);
  g_signal_connect_swapped (plain, "clicked", G_CALLBACK (plain_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), plain);

  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 1000);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);

  gtk_box_append (GTK_BOX (content), header);
  gtk_box_append (GTK_BOX (content), scrolled);
  adw_window_set_content (ADW_WINDOW (self), content);
}
