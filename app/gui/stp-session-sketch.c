/* stp-session-sketch.c: the sketch version a session follows, chosen from the client's
 * versions with their thumbnails, and that version's treatment and scar regions as
 * toggles. Ticking a region that is a named area ("area-chosen") lets the form tick the
 * area too. Without a version, or when its drawing cannot be read, there is no region
 * list, and the form still works.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "stp-session-sketch"

#include "stp-session-sketch.h"

#include <glib/gi18n.h>

#include "stp-photo-import.h"

#define LIST_THUMB_SIZE 56
#define ROW_THUMB_WIDTH 96
#define ROW_THUMB_HEIGHT 72

enum
{
  SIGNAL_AREA_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  gint64       id;
  char        *name;
  char        *when;       /* the local date it was drawn */
  GdkTexture  *thumbnail;  /* NULL when none could be read */
} Version;

struct _StpSessionSketch
{
  AdwPreferencesGroup  parent_instance;

  StpStore            *store;
  gint64               client_id;
  gint64               loaded_version;    /* the session's version, whose regions ... */
  GPtrArray           *loaded_regions;    /* ... were saved: StpSessionRegion */
  GPtrArray           *versions;          /* Version, the combo row's order; [0] is none */
  GPtrArray           *region_rows;       /* AdwActionRow, "region" and "check" data */
  gboolean             filling;

  AdwComboRow         *version_row;
  GtkPicture          *version_picture;
  GtkWidget           *message_row;
};

G_DEFINE_FINAL_TYPE (StpSessionSketch, stp_session_sketch, ADW_TYPE_PREFERENCES_GROUP)

static void
version_free (Version *v)
{
  g_free (v->name);
  g_free (v->when);
  g_clear_object (&v->thumbnail);
  g_free (v);
}

static Version *
version_at (StpSessionSketch *self,
            guint             position)
{
  return position < self->versions->len ? self->versions->pdata[position] : NULL;
}

/* Regions */

static void
clear_regions (StpSessionSketch *self)
{
  for (guint i = 0; i < self->region_rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->region_rows->pdata[i]);
  g_ptr_array_set_size (self->region_rows, 0);
  gtk_widget_set_visible (self->message_row, FALSE);
}

static void
region_toggled_cb (GtkCheckButton   *check,
                   StpSessionSketch *self)
{
  StpSessionRegion *region = g_object_get_data (G_OBJECT (check), "region");

  if (!self->filling && gtk_check_button_get_active (check) && region->area != 0)
    g_signal_emit (self, signals[SIGNAL_AREA_CHOSEN], 0, (guint)region->area);
}

static void
add_region_row (StpSessionSketch       *self,
                const StpSessionRegion *region,
                gboolean                ticked)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  StpSessionRegion *copy = stp_session_region_copy (region);
  g_autofree char *subtitle = NULL;
  g_autofree char *name = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), region->label);
  if (region->area != 0)
    {
      /* Translators: a sketch region that is one of the consultation's areas. */
      subtitle = g_strdup_printf (_("Counts as “%s” in the areas treated"),
                                  stp_area_get_label (g_bit_nth_lsf (region->area, -1)));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("A region of the sketch"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), ticked);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  region->label, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_object_set_data_full (G_OBJECT (check), "region", copy,
                          (GDestroyNotify)stp_session_region_free);
  g_signal_connect (check, "toggled", G_CALLBACK (region_toggled_cb), self);
  name = g_strdup_printf ("region-%u", region->item_id);
  gtk_widget_set_name (check, name);
  g_object_set_data (G_OBJECT (row), "check", check);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  g_ptr_array_add (self->region_rows, row);
}

static gboolean
region_saved (StpSessionSketch *self,
              gint64            version_id,
              guint32           item_id)
{
  if (version_id != self->loaded_version || self->loaded_regions == NULL)
    return FALSE;
  for (guint i = 0; i < self->loaded_regions->len; i++)
    if (((StpSessionRegion *)self->loaded_regions->pdata[i])->item_id == item_id)
      return TRUE;
  return FALSE;
}

static void
show_message (StpSessionSketch *self,
              const char       *message)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->message_row), message);
  gtk_widget_set_visible (self->message_row, TRUE);
}

static void
fill_regions (StpSessionSketch *self,
              gint64            version_id)
{
  g_autoptr(StpSketch) sketch = NULL;
  g_autoptr(GPtrArray) regions = NULL;
  g_autoptr(GError) error = NULL;

  self->filling = TRUE;
  clear_regions (self);
  if (version_id <= 0 || self->store == NULL)
    {
      self->filling = FALSE;
      return;
    }

  sketch = stp_store_load_sketch (self->store, version_id, &error);
  if (sketch != NULL)
    regions = stp_sketch_list_session_regions (sketch);
  else
    {
      g_autofree char *message = NULL;

      /* Translators: %s says why the stored drawing could not be read. */
      message = g_strdup_printf (_("The regions of this sketch cannot be listed: %s"),
                                 error->message);
      show_message (self, message);
    }
  for (guint i = 0; regions != NULL && i < regions->len; i++)
    {
      StpSessionRegion *r = regions->pdata[i];

      add_region_row (self, r, region_saved (self, version_id, r->item_id));
    }
  /* What was saved stays offered even when the drawing no longer lists it, so that a
   * correction never drops it unseen. */
  if (version_id == self->loaded_version && self->loaded_regions != NULL)
    for (guint i = 0; i < self->loaded_regions->len; i++)
      {
        StpSessionRegion *saved = self->loaded_regions->pdata[i];
        gboolean listed = FALSE;

        for (guint j = 0; regions != NULL && j < regions->len && !listed; j++)
          listed = ((StpSessionRegion *)regions->pdata[j])->item_id == saved->item_id;
        if (!listed)
          add_region_row (self, saved, TRUE);
      }
  if (sketch != NULL && self->region_rows->len == 0)
    show_message (self, _("This sketch has no treatment areas or scars drawn as regions."));
  self->filling = FALSE;
}

/* Versions */

static void
update_picture (StpSessionSketch *self)
{
  Version *v = version_at (self, adw_combo_row_get_selected (self->version_row));

  gtk_picture_set_paintable (self->version_picture,
                             v != NULL && v->thumbnail != NULL
                             ? GDK_PAINTABLE (v->thumbnail) : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->version_picture),
                          v != NULL && v->thumbnail != NULL);
}

static void
selected_cb (StpSessionSketch *self)
{
  Version *v = version_at (self, adw_combo_row_get_selected (self->version_row));

  update_picture (self);
  if (!self->filling)
    fill_regions (self, v != NULL ? v->id : 0);
}

static void
setup_list_item_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  with_picture)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *when = gtk_label_new (NULL);

  if (with_picture != NULL)
    {
      GtkWidget *picture = gtk_picture_new ();

      gtk_widget_set_size_request (picture, LIST_THUMB_SIZE, LIST_THUMB_SIZE);
      gtk_box_append (GTK_BOX (box), picture);
      g_object_set_data (G_OBJECT (box), "picture", picture);
    }
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (when), 0);
  gtk_widget_add_css_class (when, "dim-label");
  gtk_widget_add_css_class (when, "caption");
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (labels), name);
  gtk_box_append (GTK_BOX (labels), when);
  gtk_widget_set_visible (when, with_picture != NULL);
  gtk_widget_set_margin_top (box, with_picture != NULL ? 3 : 0);
  gtk_widget_set_margin_bottom (box, with_picture != NULL ? 3 : 0);
  gtk_box_append (GTK_BOX (box), labels);
  g_object_set_data (G_OBJECT (box), "name", name);
  g_object_set_data (G_OBJECT (box), "when", when);
  gtk_list_item_set_child (item, box);
}

static void
bind_list_item_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   StpSessionSketch         *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *picture = g_object_get_data (G_OBJECT (box), "picture");
  GtkStringObject *id = gtk_list_item_get_item (item);
  Version *v = NULL;

  /* By the item, not the position: the row's own display of the choice has none. */
  for (guint i = 0; id != NULL && i < self->versions->len && v == NULL; i++)
    if (((Version *)self->versions->pdata[i])->id ==
        g_ascii_strtoll (gtk_string_object_get_string (id), NULL, 10))
      v = self->versions->pdata[i];

  if (v == NULL)
    return;
  gtk_label_set_label (g_object_get_data (G_OBJECT (box), "name"),
                       v->id == 0 ? _("None") : v->name);
  gtk_label_set_label (g_object_get_data (G_OBJECT (box), "when"), v->when);
  if (picture != NULL)
    {
      gtk_picture_set_paintable (GTK_PICTURE (picture),
                                 v->thumbnail != NULL ? GDK_PAINTABLE (v->thumbnail) : NULL);
      /* "None" keeps the room, so the names line up. */
      gtk_widget_set_opacity (picture, v->id != 0 ? 1.0 : 0.0);
    }
}

static GtkListItemFactory *
factory_new (StpSessionSketch *self,
             gboolean          with_picture)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_list_item_cb),
                    with_picture ? GINT_TO_POINTER (1) : NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_list_item_cb), self);
  return factory;
}

void
stp_session_sketch_load (StpSessionSketch *self,
                         gint64            client_id,
                         gint64            version_id,
                         GPtrArray        *regions)
{
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  GtkStringList *model = gtk_string_list_new (NULL);
  Version *none = g_new0 (Version, 1);
  guint selected = 0;

  g_return_if_fail (STP_IS_SESSION_SKETCH (self));

  self->client_id = client_id;
  self->loaded_version = version_id;
  g_clear_pointer (&self->loaded_regions, g_ptr_array_unref);
  self->loaded_regions = g_ptr_array_new_with_free_func ((GDestroyNotify)stp_session_region_free);
  for (guint i = 0; regions != NULL && i < regions->len; i++)
    g_ptr_array_add (self->loaded_regions, stp_session_region_copy (regions->pdata[i]));

  g_ptr_array_set_size (self->versions, 0);
  none->when = g_strdup ("");
  g_ptr_array_add (self->versions, none);
  gtk_string_list_append (model, "0");
  listed = stp_store_list_sketch_versions (self->store, client_id, &error);
  if (listed == NULL)
    g_warning ("Sketch versions not listed: %s", error->message);
  /* Newest first: the one to follow next is usually the latest drawn. */
  for (guint i = listed != NULL ? listed->len : 0; i-- > 0;)
    {
      StpSketchVersion *sv = listed->pdata[i];
      Version *v = g_new0 (Version, 1);
      g_autoptr(GDateTime) t = g_date_time_new_from_unix_local (sv->created_at);
      g_autofree char *iso = t != NULL ? g_date_time_format (t, "%Y-%m-%d") : NULL;
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, sv->id);

      v->id = sv->id;
      v->name = g_strdup (sv->name);
      v->when = iso != NULL ? stp_date_format_local (iso) : g_strdup ("");
      if (sv->locked_at != 0)
        {
          char *locked = g_strdup_printf (_("%s · locked"), v->when);
          g_free (v->when);
          v->when = locked;
        }
      if (sv->thumbnail != NULL)
        v->thumbnail = stp_png_texture_new_at_scale (sv->thumbnail, LIST_THUMB_SIZE * 2,
                                                     LIST_THUMB_SIZE * 2, NULL);
      g_ptr_array_add (self->versions, v);
      gtk_string_list_append (model, id);
      if (sv->id == version_id)
        selected = self->versions->len - 1;
    }

  self->filling = TRUE;
  adw_combo_row_set_model (self->version_row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (self->version_row, selected);
  g_object_unref (model);
  self->filling = FALSE;
  update_picture (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->version_row), self->versions->len > 1);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->version_row),
                               self->versions->len > 1 ? NULL
                               : _("This client has no sketch yet"));
  fill_regions (self, version_at (self, selected)->id);
}

gint64
stp_session_sketch_get_version (StpSessionSketch *self)
{
  Version *v;

  g_return_val_if_fail (STP_IS_SESSION_SKETCH (self), 0);

  v = version_at (self, adw_combo_row_get_selected (self->version_row));
  return v != NULL ? v->id : 0;
}

gboolean
stp_session_sketch_set_version (StpSessionSketch *self,
                                gint64            version_id)
{
  g_return_val_if_fail (STP_IS_SESSION_SKETCH (self), FALSE);

  for (guint i = 0; i < self->versions->len; i++)
    if (((Version *)self->versions->pdata[i])->id == version_id)
      {
        adw_combo_row_set_selected (self->version_row, i);
        return TRUE;
      }
  return FALSE;
}

void
stp_session_sketch_read_regions (StpSessionSketch *self,
                                 GPtrArray        *regions)
{
  g_return_if_fail (STP_IS_SESSION_SKETCH (self));

  g_ptr_array_set_size (regions, 0);
  for (guint i = 0; i < self->region_rows->len; i++)
    {
      GtkCheckButton *check = g_object_get_data (self->region_rows->pdata[i], "check");

      if (gtk_check_button_get_active (check))
        g_ptr_array_add (regions,
                         stp_session_region_copy (g_object_get_data (G_OBJECT (check), "region")));
    }
}

guint
stp_session_sketch_get_n_regions (StpSessionSketch *self)
{
  g_return_val_if_fail (STP_IS_SESSION_SKETCH (self), 0);
  return self->region_rows->len;
}

GtkWidget *
stp_session_sketch_get_widget (StpSessionSketch *self,
                               const char       *name)
{
  g_return_val_if_fail (STP_IS_SESSION_SKETCH (self), NULL);

  if (g_str_equal (name, "sketch"))
    return GTK_WIDGET (self->version_row);
  for (guint i = 0; i < self->region_rows->len; i++)
    {
      GtkWidget *check = g_object_get_data (self->region_rows->pdata[i], "check");

      if (g_str_equal (gtk_widget_get_name (check), name))
        return check;
    }
  return NULL;
}

/* GObject */

static void
stp_session_sketch_dispose (GObject *object)
{
  StpSessionSketch *self = STP_SESSION_SKETCH (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->loaded_regions, g_ptr_array_unref);
  g_clear_pointer (&self->versions, g_ptr_array_unref);
  g_clear_pointer (&self->region_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (stp_session_sketch_parent_class)->dispose (object);
}

static void
stp_session_sketch_class_init (StpSessionSketchClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = stp_session_sketch_dispose;

  /* A ticked region is one of the consultation's areas (the area's bit). */
  signals[SIGNAL_AREA_CHOSEN] =
    g_signal_new ("area-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
stp_session_sketch_init (StpSessionSketch *self)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (self);
  g_autoptr(GtkListItemFactory) factory = factory_new (self, FALSE);
  g_autoptr(GtkListItemFactory) list_factory = factory_new (self, TRUE);

  self->versions = g_ptr_array_new_with_free_func ((GDestroyNotify)version_free);
  self->region_rows = g_ptr_array_new ();
  adw_preferences_group_set_title (group, _("Sketch Followed"));
  adw_preferences_group_set_description (group,
                                         _("The version followed is locked, so the drawing "
                                           "stays as it was. Tick the regions treated."));

  self->version_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->version_row), _("Sketch Version"));
  adw_combo_row_set_factory (self->version_row, factory);
  adw_combo_row_set_list_factory (self->version_row, list_factory);
  self->version_picture = GTK_PICTURE (gtk_picture_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->version_picture), ROW_THUMB_WIDTH,
                               ROW_THUMB_HEIGHT);
  gtk_widget_set_margin_top (GTK_WIDGET (self->version_picture), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->version_picture), 6);
  gtk_widget_set_visible (GTK_WIDGET (self->version_picture), FALSE);
  adw_action_row_add_prefix (ADW_ACTION_ROW (self->version_row),
                             GTK_WIDGET (self->version_picture));
  g_signal_connect_swapped (self->version_row, "notify::selected", G_CALLBACK (selected_cb),
                            self);
  adw_preferences_group_add (group, GTK_WIDGET (self->version_row));

  self->message_row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->message_row), FALSE);
  gtk_widget_add_css_class (self->message_row, "dim-label");
  gtk_widget_set_visible (self->message_row, FALSE);
  adw_preferences_group_add (group, self->message_row);
}

GtkWidget *
stp_session_sketch_new (void)
{
  return g_object_new (STP_TYPE_SESSION_SKETCH, NULL);
}

void
stp_session_sketch_set_store (StpSessionSketch *self,
                              StpStore         *store)
{
  g_return_if_fail (STP_IS_SESSION_SKETCH (self));
  g_set_object (&self->store, store);
}
