/* stp-photo-compare.c: two of a client's photos side by side, zoomed and panned in step.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "stp-photo-compare"

#include "stp-photo-compare.h"

#include <glib/gi18n.h>

#include "stp-photo-window.h"

struct _StpPhotoCompare
{
  AdwWindow        parent_instance;

  StpStore        *store;
  GPtrArray       *photos;      /* StpPhoto, oldest first */
  StpPhotoViewer  *viewers[2];
  GtkDropDown     *choosers[2];
  gint64           ids[2];
};

G_DEFINE_FINAL_TYPE (StpPhotoCompare, stp_photo_compare, ADW_TYPE_WINDOW)

/* The local calendar day of a time, as a number that orders days. */
static gint
local_day (gint64 unix_utc)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_utc);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  if (local == NULL)
    return 0;
  return g_date_time_get_year (local) * 400 + g_date_time_get_day_of_year (local);
}

gint64
stp_photo_compare_pick_partner (GPtrArray      *photos,
                                const StpPhoto *photo)
{
  const StpPhoto *earliest = NULL, *latest = NULL, *same_view = NULL, *nearest = NULL;
  gint day = local_day (photo->taken_at);
  gint64 best_gap = G_MAXINT64;

  for (guint i = 0; i < photos->len; i++)
    {
      const StpPhoto *other = g_ptr_array_index (photos, i);
      gint64 gap;

      if (other->id == photo->id)
        continue;
      gap = ABS (other->taken_at - photo->taken_at);
      if (gap < best_gap)
        {
          best_gap = gap;
          nearest = other;
        }
      if (other->view != photo->view)
        continue;
      if (same_view == NULL)
        same_view = other;
      if (local_day (other->taken_at) == day)
        continue;
      if (earliest == NULL || other->taken_at < earliest->taken_at)
        earliest = other;
      if (latest == NULL || other->taken_at > latest->taken_at)
        latest = other;
    }

  if (earliest != NULL)
    return latest->taken_at < photo->taken_at ? earliest->id : latest->id;
  if (same_view != NULL)
    return same_view->id;
  return nearest != NULL ? nearest->id : 0;
}

gboolean
stp_photo_compare_pick_pair (GPtrArray *photos,
                             gint64    *first,
                             gint64    *second)
{
  g_return_val_if_fail (photos != NULL, FALSE);

  if (photos->len < 2)
    return FALSE;

  /* The newest photo that has its view on another day: the latest before-and-after. */
  for (guint i = photos->len; i > 0; i--)
    {
      const StpPhoto *photo = g_ptr_array_index (photos, i - 1);
      gint64 partner = stp_photo_compare_pick_partner (photos, photo);

      for (guint j = 0; j < photos->len; j++)
        {
          const StpPhoto *other = g_ptr_array_index (photos, j);

          if (other->id == partner && other->view == photo->view &&
              local_day (other->taken_at) != local_day (photo->taken_at))
            {
              *first = photo->id;
              *second = partner;
              return TRUE;
            }
        }
    }

  /* Otherwise the newest photo and its nearest. */
  *first = ((const StpPhoto *)g_ptr_array_index (photos, photos->len - 1))->id;
  *second = stp_photo_compare_pick_partner (photos, g_ptr_array_index (photos,
                                                                       photos->len - 1));
  return TRUE;
}

static const StpPhoto *
find_photo (StpPhotoCompare *self,
            gint64           id,
            guint           *index)
{
  for (guint i = 0; i < self->photos->len; i++)
    {
      const StpPhoto *photo = g_ptr_array_index (self->photos, i);

      if (photo->id == id)
        {
          if (index != NULL)
            *index = i;
          return photo;
        }
    }
  return NULL;
}

static void
show_side (StpPhotoCompare *self,
           guint            side,
           gint64           id)
{
  g_autoptr(GBytes) thumbnail = NULL;
  g_autofree char *path = NULL;
  g_autofree char *title = NULL;
  const StpPhoto *photo = find_photo (self, id, NULL);

  if (photo == NULL)
    return;

  self->ids[side] = id;
  thumbnail = stp_store_get_photo_thumbnail (self->store, id, NULL);
  path = stp_store_dup_photo_path (self->store, photo);
  stp_photo_viewer_load (self->viewers[side], path, photo->width, photo->height, thumbnail);

  title = stp_photo_dup_title (photo);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->viewers[side]),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}

static void
chooser_selected_cb (GtkDropDown     *dropdown,
                     GParamSpec      *pspec,
                     StpPhotoCompare *self)
{
  guint side = dropdown == self->choosers[1];
  guint index = gtk_drop_down_get_selected (dropdown);

  if (index < self->photos->len)
    {
      const StpPhoto *photo = g_ptr_array_index (self->photos, index);

      if (photo->id != self->ids[side])
        show_side (self, side, photo->id);
    }
}

static void
zoom_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  StpPhotoCompare *self = STP_PHOTO_COMPARE (widget);
  /* The viewers are bound, so either one moves both. */
  StpPhotoViewer *viewer = self->viewers[0];

  if (g_str_equal (action_name, "compare.zoom-in"))
    stp_photo_viewer_zoom_in (viewer);
  else if (g_str_equal (action_name, "compare.zoom-out"))
    stp_photo_viewer_zoom_out (viewer);
  else
    stp_photo_viewer_zoom_fit (viewer);
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

static void
build (StpPhotoCompare *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *panes = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (_("Compare Photos"),
                                                         _("Zoom and pan move both")));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header),
                             icon_button ("zoom-out-symbolic", _("Zoom Out (−)"),
                                          "compare.zoom-out"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header),
                             icon_button ("zoom-in-symbolic", _("Zoom In (+)"),
                                          "compare.zoom-in"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header),
                             icon_button ("zoom-fit-best-symbolic", _("Fit (0)"),
                                          "compare.zoom-fit"));
  gtk_box_append (GTK_BOX (box), header);

  gtk_box_set_homogeneous (GTK_BOX (panes), TRUE);
  gtk_widget_set_vexpand (panes, TRUE);
  for (guint side = 0; side < 2; side++)
    {
      GtkWidget *pane = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

      self->choosers[side] = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
      gtk_widget_set_margin_start (GTK_WIDGET (self->choosers[side]), 6);
      gtk_widget_set_margin_end (GTK_WIDGET (self->choosers[side]), 6);
      gtk_widget_set_margin_top (GTK_WIDGET (self->choosers[side]), 6);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->choosers[side]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      side == 0 ? _("Left photo") : _("Right photo"), -1);
      gtk_box_append (GTK_BOX (pane), GTK_WIDGET (self->choosers[side]));

      self->viewers[side] = STP_PHOTO_VIEWER (stp_photo_viewer_new ());
      gtk_box_append (GTK_BOX (pane), GTK_WIDGET (self->viewers[side]));
      gtk_box_append (GTK_BOX (panes), pane);
    }
  gtk_box_append (GTK_BOX (box), panes);

  /* Zoom and the centre point, relative to each photo, kept equal both ways. */
  g_object_bind_property (self->viewers[0], "zoom", self->viewers[1], "zoom",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->viewers[0], "center-x", self->viewers[1], "center-x",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->viewers[0], "center-y", self->viewers[1], "center-y",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  adw_window_set_content (ADW_WINDOW (self), box);
}

static void
stp_photo_compare_dispose (GObject *object)
{
  StpPhotoCompare *self = STP_PHOTO_COMPARE (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->photos, g_ptr_array_unref);

  G_OBJECT_CLASS (stp_photo_compare_parent_class)->dispose (object);
}

static void
stp_photo_compare_class_init (StpPhotoCompareClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stp_photo_compare_dispose;

  gtk_widget_class_install_action (widget_class, "compare.zoom-in", NULL, zoom_activated);
  gtk_widget_class_install_action (widget_class, "compare.zoom-out", NULL, zoom_activated);
  gtk_widget_class_install_action (widget_class, "compare.zoom-fit", NULL, zoom_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK,
                                       "compare.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK,
                                       "compare.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK,
                                       "compare.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
stp_photo_compare_init (StpPhotoCompare *self)
{
  build (self);
  gtk_window_set_default_size (GTK_WINDOW (self), 1200, 760);
  gtk_window_set_title (GTK_WINDOW (self), _("Compare Photos"));
}

GtkWidget *
stp_photo_compare_new (GtkWindow *parent,
                       StpStore  *store,
                       GPtrArray *photos,
                       gint64     left_id,
                       gint64     right_id)
{
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  StpPhotoCompare *self;
  gint64 ids[2] = { left_id, right_id };

  g_return_val_if_fail (STP_IS_STORE (store), NULL);
  g_return_val_if_fail (photos != NULL, NULL);

  self = g_object_new (STP_TYPE_PHOTO_COMPARE, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->photos = g_ptr_array_new_with_free_func ((GDestroyNotify)stp_photo_free);
  for (guint i = 0; i < photos->len; i++)
    {
      const StpPhoto *photo = g_ptr_array_index (photos, i);
      g_autofree char *title = stp_photo_dup_title (photo);

      g_ptr_array_add (self->photos, stp_photo_copy (photo));
      gtk_string_list_append (titles, title);
    }

  for (guint side = 0; side < 2; side++)
    {
      guint index = 0;

      gtk_drop_down_set_model (self->choosers[side], G_LIST_MODEL (titles));
      if (find_photo (self, ids[side], &index) != NULL)
        gtk_drop_down_set_selected (self->choosers[side], index);
      show_side (self, side, ids[side]);
      g_signal_connect_object (self->choosers[side], "notify::selected",
                               G_CALLBACK (chooser_selected_cb), self, 0);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->viewers[0]));

  return GTK_WIDGET (self);
}

StpPhotoViewer *
stp_photo_compare_get_viewer (StpPhotoCompare *self,
                              guint            side)
{
  g_return_val_if_fail (STP_IS_PHOTO_COMPARE (self), NULL);
  g_return_val_if_fail (side < 2, NULL);

  return self->viewers[side];
}

gint64
stp_photo_compare_get_photo_id (StpPhotoCompare *self,
                                guint            side)
{
  g_return_val_if_fail (STP_IS_PHOTO_COMPARE (self), 0);
  g_return_val_if_fail (side < 2, 0);

  return self->ids[side];
}
