/* stp-photo-gallery.c: a client's photos as thumbnails grouped by visit day, with a view
 * filter, importing (chooser, drop, paste) and the way into the full view and compare.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "stp-photo-gallery"

#include "stp-photo-gallery.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "stp-photo-compare.h"
#include "stp-photo-import.h"
#include "stp-photo-window.h"

#define TILE_WIDTH 160
#define TILE_HEIGHT 120

struct _StpPhotoGallery
{
  GtkBox          parent_instance;

  StpStore       *store;
  gint64          client_id;
  GPtrArray      *photos;       /* StpPhoto without thumbnails, oldest first */
  GHashTable     *textures;     /* photo id -> GdkTexture of its thumbnail */
  GArray         *chosen;       /* ids marked for comparison, oldest mark first */
  int             filter;       /* -1: every view */
  guint           reload_source;
  guint           n_shown;
  GPtrArray      *headings;     /* char*, the day headings shown */

  GCancellable   *import_cancellable;
  GPtrArray      *paste_files;  /* temporary files a paste wrote, removed afterwards */
  char           *report;
  gboolean        importing;
  gint64          import_client_id;  /* the client the running import is for */

  GtkDropDown    *filter_dropdown;
  GtkWidget      *import_button;
  GtkWidget      *compare_button;
  GtkRevealer    *progress_revealer;
  GtkProgressBar *progress_bar;
  GtkLabel       *progress_label;
  GtkRevealer    *report_revealer;
  GtkLabel       *report_label;
  GtkStack       *stack;
  GtkLabel       *empty_title;
  GtkLabel       *empty_label;
  GtkBox         *groups_box;
};

G_DEFINE_FINAL_TYPE (StpPhotoGallery, stp_photo_gallery, GTK_TYPE_BOX)

enum
{
  SIGNAL_IMPORT_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void reload (StpPhotoGallery *self);
static gboolean reload_idle_cb (gpointer data);

static void
toast (StpPhotoGallery *self,
       const char      *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
}

/* A hidden revealer takes no room: the box's spacing would show around an empty one. */
static void
reveal (GtkRevealer *revealer,
        gboolean     shown)
{
  gtk_widget_set_visible (GTK_WIDGET (revealer), shown);
  gtk_revealer_set_reveal_child (revealer, shown);
}

static GtkWindow *
parent_window (StpPhotoGallery *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* Thumbnails */

static GdkTexture *
get_texture (StpPhotoGallery *self,
             gint64           id)
{
  GdkTexture *texture = g_hash_table_lookup (self->textures, &id);
  g_autoptr(GError) error = NULL;

  if (texture != NULL)
    return texture;

  texture = stp_photo_thumbnail_texture_new (self->store, id, TILE_WIDTH, TILE_HEIGHT, &error);
  if (texture == NULL)
    {
      g_warning ("No thumbnail for photo %" G_GINT64_FORMAT ": %s", id, error->message);
      return NULL;
    }

  g_hash_table_insert (self->textures, g_memdup2 (&id, sizeof id), texture);
  return texture;
}

/* Comparison marks */

static gboolean
is_chosen (StpPhotoGallery *self,
           gint64           id)
{
  for (guint i = 0; i < self->chosen->len; i++)
    if (g_array_index (self->chosen, gint64, i) == id)
      return TRUE;
  return FALSE;
}

void
stp_photo_gallery_set_chosen (StpPhotoGallery *self,
                              gint64           photo_id,
                              gboolean         chosen)
{
  g_return_if_fail (STP_IS_PHOTO_GALLERY (self));

  for (guint i = 0; i < self->chosen->len; i++)
    if (g_array_index (self->chosen, gint64, i) == photo_id)
      g_array_remove_index (self->chosen, i--);
  if (chosen)
    {
      g_array_append_val (self->chosen, photo_id);
      /* Comparing takes two: a third mark replaces the oldest. */
      if (self->chosen->len > 2)
        {
          g_array_remove_index (self->chosen, 0);
          /* Later: this runs inside the toggled handler of a check button it rebuilds. */
          if (self->reload_source == 0)
            self->reload_source = g_idle_add (reload_idle_cb, self);
        }
    }
}

static void
check_toggled_cb (GtkCheckButton  *check,
                  StpPhotoGallery *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "photo-id"));

  stp_photo_gallery_set_chosen (self, id, gtk_check_button_get_active (check));
}

/* Building the groups */

static char *
day_heading (GDateTime *local,
             guint      count)
{
  g_autofree char *iso = g_date_time_format (local, "%Y-%m-%d");
  g_autofree char *date = stp_date_format_local (iso);

  /* Translators: a visit day and how many photos it has: "14/03/2026 · 4 photos". */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u photo", "%s · %u photos",
                                       count),
                          date != NULL ? date : iso, count);
}

static GtkWidget *
make_tile (StpPhotoGallery *self,
           const StpPhoto  *photo,
           GDateTime       *local)
{
  GtkWidget *child = gtk_flow_box_child_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *label;
  g_autofree char *time = g_date_time_format (local, "%H:%M");
  g_autofree char *caption = NULL;
  g_autofree char *description = NULL;
  g_autofree char *check_label = NULL;

  gtk_picture_set_paintable (GTK_PICTURE (picture),
                             GDK_PAINTABLE (get_texture (self, photo->id)));
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_widget_set_size_request (picture, TILE_WIDTH, TILE_HEIGHT);
  gtk_widget_add_css_class (picture, "stp-photo-thumbnail");
  gtk_overlay_set_child (GTK_OVERLAY (overlay), picture);

  g_object_set_data (G_OBJECT (check), "photo-id", GSIZE_TO_POINTER (photo->id));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), is_chosen (self, photo->id));
  gtk_widget_set_halign (check, GTK_ALIGN_END);
  gtk_widget_set_valign (check, GTK_ALIGN_START);
  gtk_widget_set_margin_top (check, 4);
  gtk_widget_set_margin_end (check, 4);
  gtk_widget_add_css_class (check, "osd");
  gtk_widget_set_tooltip_text (check, _("Choose for comparison"));
  g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), check);
  gtk_box_append (GTK_BOX (box), overlay);

  /* Translators: a photo tile's caption: its view and time, "Front · 10:30". */
  caption = g_strdup_printf (_("%s · %s"), stp_photo_view_get_label (photo->view), time);
  label = gtk_label_new (caption);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), label);

  if (photo->marketing_consent)
    {
      GtkWidget *consent = gtk_label_new (_("Marketing use allowed"));

      gtk_widget_add_css_class (consent, "caption");
      gtk_widget_add_css_class (consent, "dim-label");
      gtk_box_append (GTK_BOX (box), consent);
    }

  /* The tile keeps its size when the flow box hands it a wider cell. */
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), box);
  g_object_set_data (G_OBJECT (child), "photo-id", GSIZE_TO_POINTER (photo->id));

  {
    g_autofree char *title = stp_photo_dup_title (photo);

    description = g_strdup_printf ("%s%s", title,
                                   photo->marketing_consent ? _(", marketing use allowed") :
                                   "");
    /* Translators: %s is a photo's date, time and view. */
    check_label = g_strdup_printf (_("Compare %s"), title);
  }
  gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  description, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  check_label, -1);
  gtk_widget_set_tooltip_text (child, description);
  return child;
}

static void
child_activated_cb (GtkFlowBox      *box,
                    GtkFlowBoxChild *child,
                    StpPhotoGallery *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (child), "photo-id"));

  stp_photo_gallery_open_photo (self, id);
}

static void
clear_groups (StpPhotoGallery *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);
  g_ptr_array_set_size (self->headings, 0);
  self->n_shown = 0;
}

static void
rebuild (StpPhotoGallery *self)
{
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  gboolean any = self->photos != NULL && self->photos->len > 0;

  clear_groups (self);

  for (guint i = 0; self->photos != NULL && i < self->photos->len; i++)
    {
      StpPhoto *photo = g_ptr_array_index (self->photos, i);

      if (self->filter < 0 || (int)photo->view == self->filter)
        g_ptr_array_add (shown, photo);
    }

  /* Newest visit first; within a visit, in the order taken. */
  for (guint end = shown->len; end > 0;)
    {
      StpPhoto *last = g_ptr_array_index (shown, end - 1);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (last->taken_at);
      g_autoptr(GDateTime) day = g_date_time_to_local (utc);
      guint start = end;
      GtkWidget *heading, *flow;
      g_autofree char *title = NULL;

      while (start > 0)
        {
          StpPhoto *p = g_ptr_array_index (shown, start - 1);
          g_autoptr(GDateTime) putc = g_date_time_new_from_unix_utc (p->taken_at);
          g_autoptr(GDateTime) plocal = g_date_time_to_local (putc);

          if (g_date_time_get_year (plocal) != g_date_time_get_year (day) ||
              g_date_time_get_day_of_year (plocal) != g_date_time_get_day_of_year (day))
            break;
          start--;
        }

      title = day_heading (day, end - start);
      heading = gtk_label_new (title);
      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_widget_add_css_class (heading, "heading");
      gtk_widget_set_margin_top (heading, 6);
      gtk_accessible_update_property (GTK_ACCESSIBLE (heading), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      title, -1);
      gtk_box_append (self->groups_box, heading);
      g_ptr_array_add (self->headings, g_strdup (title));

      flow = gtk_flow_box_new ();
      gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
      gtk_flow_box_set_activate_on_single_click (GTK_FLOW_BOX (flow), TRUE);
      gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
      gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), 1);
      gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 12);
      gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 6);
      gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (flow), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                      heading, NULL, -1);
      g_signal_connect (flow, "child-activated", G_CALLBACK (child_activated_cb), self);
      for (guint i = start; i < end; i++)
        {
          StpPhoto *photo = g_ptr_array_index (shown, i);
          g_autoptr(GDateTime) putc = g_date_time_new_from_unix_utc (photo->taken_at);
          g_autoptr(GDateTime) plocal = g_date_time_to_local (putc);

          gtk_flow_box_append (GTK_FLOW_BOX (flow), make_tile (self, photo, plocal));
          self->n_shown++;
        }
      gtk_box_append (self->groups_box, flow);
      end = start;
    }

  gtk_widget_set_sensitive (self->compare_button, any && self->photos->len >= 2);
  gtk_widget_set_sensitive (self->import_button, self->client_id != 0 && !self->importing);

  if (shown->len > 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "photos");
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "empty");
  if (any)
    {
      gtk_label_set_label (self->empty_title, _("No Photos of This View"));
      gtk_label_set_label (self->empty_label, _("Choose “All views” to see every photo."));
    }
  else
    {
      gtk_label_set_label (self->empty_title, _("No Photos Yet"));
      gtk_label_set_label (self->empty_label,
                           _("Import the client's photos with Import Photos… (Ctrl+I), drag "
                             "them onto this page, or paste a picture with Ctrl+V."));
    }
}

static void
reload (StpPhotoGallery *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_pointer (&self->photos, g_ptr_array_unref);

  if (self->store != NULL && self->client_id != 0)
    {
      self->photos = stp_store_list_photos (self->store, self->client_id, &error);
      if (self->photos == NULL)
        g_warning ("Could not list photos: %s", error->message);
    }

  /* Marks for photos that are gone are dropped. */
  for (guint i = 0; i < self->chosen->len; i++)
    {
      gint64 id = g_array_index (self->chosen, gint64, i);
      gboolean found = FALSE;

      for (guint j = 0; self->photos != NULL && j < self->photos->len && !found; j++)
        found = ((StpPhoto *)g_ptr_array_index (self->photos, j))->id == id;
      if (!found)
        g_array_remove_index (self->chosen, i--);
    }

  rebuild (self);
}

static gboolean
reload_idle_cb (gpointer data)
{
  StpPhotoGallery *self = data;

  self->reload_source = 0;
  reload (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (StpStore        *store,
                  StpEntity        entity,
                  gint64           id,
                  StpChangeKind    kind,
                  StpPhotoGallery *self)
{
  if (entity != STP_ENTITY_PHOTO || self->client_id == 0)
    return;
  if (kind != STP_CHANGE_CREATED)
    g_hash_table_remove (self->textures, &id);
  /* A batch import adds many photos in a row: one rebuild after them is enough. */
  if (self->reload_source == 0)
    self->reload_source = g_idle_add (reload_idle_cb, self);
}

void
stp_photo_gallery_set_client (StpPhotoGallery *self,
                              StpStore        *store,
                              gint64           client_id)
{
  g_return_if_fail (STP_IS_PHOTO_GALLERY (self));
  g_return_if_fail (store == NULL || STP_IS_STORE (store));

  if (store != self->store)
    {
      if (self->store != NULL)
        g_signal_handlers_disconnect_by_data (self->store, self);
      g_set_object (&self->store, store);
      if (store != NULL)
        g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, 0);
    }

  if (client_id != self->client_id)
    {
      /* An import in progress belongs to the client it started for; it finishes there. */
      self->client_id = client_id;
      g_array_set_size (self->chosen, 0);
      g_hash_table_remove_all (self->textures);
      reveal (self->report_revealer, FALSE);
      g_clear_pointer (&self->report, g_free);
    }
  reload (self);
}

/* Importing */

static void
import_progress_cb (guint        done,
                    guint        total,
                    const char  *name,
                    gpointer     user_data)
{
  StpPhotoGallery *self = user_data;
  g_autofree char *text = NULL;

  /* Translators: import progress, "3 of 10 · IMG_0042.HEIC". */
  text = g_strdup_printf (_("%u of %u · %s"), done, total, name);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double)done / total : 1.0);
  gtk_label_set_label (self->progress_label, text);
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(StpPhotoGallery) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  StpPhotoImportReport report;

  results = stp_store_import_photos_finish (STP_STORE (source), result, &error);
  self->importing = FALSE;
  g_clear_object (&self->import_cancellable);
  reveal (self->progress_revealer, FALSE);
  gtk_widget_set_sensitive (self->import_button, self->client_id != 0);

  for (guint i = 0; self->paste_files != NULL && i < self->paste_files->len; i++)
    g_unlink (g_ptr_array_index (self->paste_files, i));
  g_clear_pointer (&self->paste_files, g_ptr_array_unref);

  /* Shown at once: the last rows' change signals may still wait for an idle. */
  reload (self);

  if (results == NULL)
    {
      toast (self, error->message);
      return;
    }

  stp_photo_import_report_init (&report, results);
  g_free (self->report);
  if (report.refused > 0 || report.cancelled > 0)
    {
      self->report = g_strdup (report.report);
      gtk_label_set_label (self->report_label, self->report);
      /* Only under the photos of the client the files were for. */
      reveal (self->report_revealer, self->import_client_id == self->client_id);
    }
  else
    {
      self->report = g_strdup (report.summary);
      reveal (self->report_revealer, FALSE);
    }

  if (report.refused > 0)
    {
      g_autofree char *message = NULL;

      /* Translators: "3 photos imported, 1 file refused: see the list under Photos." */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%s %u file refused: see the list under Photos.",
                                              "%s %u files refused: see the list under Photos.",
                                              report.refused),
                                 report.summary, report.refused);
      toast (self, message);
    }
  else
    toast (self, report.summary);

  g_signal_emit (self, signals[SIGNAL_IMPORT_FINISHED], 0, report.imported, report.refused);
  stp_photo_import_report_clear (&report);
}

gboolean
stp_photo_gallery_import_files (StpPhotoGallery  *self,
                                GFile           **files,
                                guint             n_files)
{
  g_return_val_if_fail (STP_IS_PHOTO_GALLERY (self), FALSE);

  if (self->store == NULL || self->client_id == 0 || self->importing || n_files == 0)
    return FALSE;

  self->importing = TRUE;
  self->import_client_id = self->client_id;
  self->import_cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (self->import_button, FALSE);
  reveal (self->report_revealer, FALSE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_label_set_label (self->progress_label, _("Starting…"));
  reveal (self->progress_revealer, TRUE);

  stp_store_import_photos_async (self->store, self->client_id, files, n_files,
                                 self->import_cancellable, import_progress_cb, self,
                                 import_done_cb, g_object_ref (self));
  return TRUE;
}

gboolean
stp_photo_gallery_is_importing (StpPhotoGallery *self)
{
  g_return_val_if_fail (STP_IS_PHOTO_GALLERY (self), FALSE);

  return self->importing;
}

void
stp_photo_gallery_cancel_import (StpPhotoGallery *self)
{
  g_return_if_fail (STP_IS_PHOTO_GALLERY (self));

  g_cancellable_cancel (self->import_cancellable);
}

const char *
stp_photo_gallery_get_report (StpPhotoGallery *self)
{
  g_return_val_if_fail (STP_IS_PHOTO_GALLERY (self), NULL);

  return self->report != NULL ? self->report : "";
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     StpPhotoGallery *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GPtrArray) files = stp_photo_import_chooser_get_files (GTK_FILE_CHOOSER (dialog));

      stp_photo_gallery_import_files (self, (GFile **)files->pdata, files->len);
    }
  g_object_unref (dialog);
}

void
stp_photo_gallery_choose_files (StpPhotoGallery *self)
{
  GtkFileChooserNative *chooser;

  g_return_if_fail (STP_IS_PHOTO_GALLERY (self));

  if (self->client_id == 0 || self->importing)
    return;

  chooser = stp_photo_import_chooser_new (parent_window (self));
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Pasting */

static void
paste_files_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(StpPhotoGallery) self = user_data;
  g_autoptr(GError) error = NULL;
  const GValue *value;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  value = gdk_clipboard_read_value_finish (GDK_CLIPBOARD (source), result, &error);
  if (value == NULL)
    {
      toast (self, error->message);
      return;
    }
  for (GSList *l = g_value_get_boxed (value); l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);
  stp_photo_gallery_import_files (self, (GFile **)files->pdata, files->len);
}

static void
paste_texture_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(StpPhotoGallery) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (source), result, &error);
  if (texture == NULL)
    {
      toast (self, error->message);
      return;
    }

  /* The picture goes through the same gate and import as a file does. */
  dir = g_dir_make_tmp ("stipple-paste-XXXXXX", &error);
  if (dir == NULL)
    {
      toast (self, error->message);
      return;
    }
  path = g_build_filename (dir, _("Pasted picture.png"), NULL);
  if (!gdk_texture_save_to_png (texture, path))
    {
      toast (self, _("The pasted picture could not be saved for import."));
      g_rmdir (dir);
      return;
    }

  file = g_file_new_for_path (path);
  if (!stp_photo_gallery_import_files (self, &file, 1))
    {
      g_unlink (path);
      g_rmdir (dir);
      return;
    }
  self->paste_files = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->paste_files, g_steal_pointer (&path));
  g_ptr_array_add (self->paste_files, g_steal_pointer (&dir));
}

gboolean
stp_photo_gallery_paste (StpPhotoGallery *self)
{
  GdkClipboard *clipboard;
  GdkContentFormats *formats;

  g_return_val_if_fail (STP_IS_PHOTO_GALLERY (self), FALSE);

  if (self->client_id == 0 || self->importing)
    return FALSE;

  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self));
  formats = gdk_clipboard_get_formats (clipboard);
  if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST))
    {
      gdk_clipboard_read_value_async (clipboard, GDK_TYPE_FILE_LIST, G_PRIORITY_DEFAULT, NULL,
                                      paste_files_cb, g_object_ref (self));
      return TRUE;
    }
  if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE))
    {
      gdk_clipboard_read_texture_async (clipboard, NULL, paste_texture_cb, g_object_ref (self));
      return TRUE;
    }
  return FALSE;
}

/* Viewing and comparing */

GtkWidget *
stp_photo_gallery_open_photo (StpPhotoGallery *self,
                              gint64           photo_id)
{
  GtkWidget *window;

  g_return_val_if_fail (STP_IS_PHOTO_GALLERY (self), NULL);

  window = stp_photo_window_new (parent_window (self), self->store, photo_id);
  if (window != NULL)
    gtk_window_present (GTK_WINDOW (window));
  return window;
}

static const StpPhoto *
find_photo (StpPhotoGallery *self,
            gint64           id)
{
  for (guint i = 0; self->photos != NULL && i < self->photos->len; i++)
    if (((StpPhoto *)g_ptr_array_index (self->photos, i))->id == id)
      return g_ptr_array_index (self->photos, i);
  return NULL;
}

GtkWidget *
stp_photo_gallery_compare (StpPhotoGallery *self)
{
  const StpPhoto *first = NULL;
  gint64 left, right;
  GtkWidget *window;

  g_return_val_if_fail (STP_IS_PHOTO_GALLERY (self), NULL);

  if (self->photos == NULL || self->photos->len < 2)
    return NULL;

  if (self->chosen->len > 0)
    first = find_photo (self, g_array_index (self->chosen, gint64, 0));

  if (first == NULL)
    {
      stp_photo_compare_pick_pair (self->photos, &left, &right);
      first = find_photo (self, left);
    }
  else if (self->chosen->len > 1)
    right = g_array_index (self->chosen, gint64, 1);
  else
    right = stp_photo_compare_pick_partner (self->photos, first);
  left = first->id;

  /* Earlier on the left, as before-and-after reads. */
  {
    const StpPhoto *r = find_photo (self, right);

    if (r != NULL && r->taken_at < first->taken_at)
      {
        right = left;
        left = r->id;
      }
  }

  window = stp_photo_compare_new (parent_window (self), self->store, self->photos, left, right);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
compare_clicked_cb (StpPhotoGallery *self)
{
  stp_photo_gallery_compare (self);
}

/* Filter */

void
stp_photo_gallery_set_view_filter (StpPhotoGallery *self,
                                   int              view)
{
  g_return_if_fail (STP_IS_PHOTO_GALLERY (self));
  g_return_if_fail (view >= -1 && view < STP_N_PHOTO_VIEWS);

  gtk_drop_down_set_selected (self->filter_dropdown, view + 1);
}

static void
filter_selected_cb (StpPhotoGallery *self)
{
  guint selected = gtk_drop_down_get_selected (self->filter_dropdown);

  self->filter = selected == 0 || selected == GTK_INVALID_LIST_POSITION ? -1 : (int)selected - 1;
  rebuild (self);
}

GStrv
stp_photo_gallery_dup_headings (StpPhotoGallery *self)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv result;

  g_return_val_if_fail (STP_IS_PHOTO_GALLERY (self), NULL);

  for (guint i = 0; i < self->headings->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->headings, i));
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return result;
}

guint
stp_photo_gallery_get_n_shown (StpPhotoGallery *self)
{
  g_return_val_if_fail (STP_IS_PHOTO_GALLERY (self), 0);

  return self->n_shown;
}

/* Building */

static void
cancel_clicked_cb (StpPhotoGallery *self)
{
  stp_photo_gallery_cancel_import (self);
}

static void
dismiss_clicked_cb (StpPhotoGallery *self)
{
  reveal (self->report_revealer, FALSE);
}

static void
import_clicked_cb (StpPhotoGallery *self)
{
  stp_photo_gallery_choose_files (self);
}

static void
build (StpPhotoGallery *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *progress_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *progress_text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *report_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *empty = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *filter_label, *cancel, *dismiss, *icon, *report_card;
  g_autoptr(GtkStringList) filters = gtk_string_list_new (NULL);

  /* The toolbar: filter, compare, import. */
  filter_label = gtk_label_new_with_mnemonic (_("_Show"));
  gtk_box_append (GTK_BOX (toolbar), filter_label);
  gtk_string_list_append (filters, _("All views"));
  for (guint v = 0; v < STP_N_PHOTO_VIEWS; v++)
    gtk_string_list_append (filters, stp_photo_view_get_label (v));
  self->filter_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (filters)),
                                                            NULL));
  gtk_label_set_mnemonic_widget (GTK_LABEL (filter_label), GTK_WIDGET (self->filter_dropdown));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->filter_dropdown),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, filter_label, NULL, -1);
  g_signal_connect_swapped (self->filter_dropdown, "notify::selected",
                            G_CALLBACK (filter_selected_cb), self);
  gtk_box_append (GTK_BOX (toolbar), GTK_WIDGET (self->filter_dropdown));

  self->compare_button = gtk_button_new_with_mnemonic (_("_Compare…"));
  gtk_widget_set_hexpand (self->compare_button, TRUE);
  gtk_widget_set_halign (self->compare_button, GTK_ALIGN_END);
  gtk_widget_set_tooltip_text (self->compare_button,
                               _("Show two photos side by side: the two ticked, or the same "
                                 "view on another day"));
  g_signal_connect_swapped (self->compare_button, "clicked", G_CALLBACK (compare_clicked_cb),
                            self);
  gtk_box_append (GTK_BOX (toolbar), self->compare_button);

  self->import_button = gtk_button_new_with_mnemonic (_("_Import Photos…"));
  gtk_widget_add_css_class (self->import_button, "suggested-action");
  gtk_widget_set_tooltip_text (self->import_button,
                               _("Import JPEG, PNG or HEIC photos (Ctrl+I); you can also drop "
                                 "them here or paste with Ctrl+V"));
  g_signal_connect_swapped (self->import_button, "clicked", G_CALLBACK (import_clicked_cb),
                            self);
  gtk_box_append (GTK_BOX (toolbar), self->import_button);
  gtk_box_append (GTK_BOX (self), toolbar);

  /* Progress of an import, with its Cancel. */
  self->progress_bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Import progress"), -1);
  self->progress_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->progress_label, 0);
  gtk_label_set_ellipsize (self->progress_label, PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (GTK_WIDGET (self->progress_label), "caption");
  gtk_widget_set_hexpand (progress_text, TRUE);
  gtk_widget_set_valign (progress_text, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (progress_text), GTK_WIDGET (self->progress_label));
  gtk_box_append (GTK_BOX (progress_text), GTK_WIDGET (self->progress_bar));
  gtk_box_append (GTK_BOX (progress_box), progress_text);
  cancel = gtk_button_new_with_mnemonic (_("C_ancel Import"));
  gtk_widget_set_valign (cancel, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (cancel_clicked_cb), self);
  gtk_box_append (GTK_BOX (progress_box), cancel);
  self->progress_revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_child (self->progress_revealer, progress_box);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->progress_revealer));

  /* The report of refused files, until dismissed. */
  icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, "warning");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (report_box), icon);
  self->report_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->report_label, TRUE);
  gtk_label_set_xalign (self->report_label, 0);
  gtk_label_set_selectable (self->report_label, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->report_label), TRUE);
  gtk_box_append (GTK_BOX (report_box), GTK_WIDGET (self->report_label));
  dismiss = gtk_button_new_with_mnemonic (_("_Dismiss"));
  gtk_widget_set_valign (dismiss, GTK_ALIGN_START);
  g_signal_connect_swapped (dismiss, "clicked", G_CALLBACK (dismiss_clicked_cb), self);
  gtk_box_append (GTK_BOX (report_box), dismiss);
  gtk_widget_set_margin_start (report_box, 12);
  gtk_widget_set_margin_end (report_box, 12);
  gtk_widget_set_margin_top (report_box, 12);
  gtk_widget_set_margin_bottom (report_box, 12);
  report_card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (report_card, "card");
  gtk_box_append (GTK_BOX (report_card), report_box);
  self->report_revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_child (self->report_revealer, report_card);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->report_revealer));

  /* The photos, or what to do when there are none. */
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_vhomogeneous (self->stack, FALSE);
  icon = gtk_image_new_from_icon_name ("camera-photo-symbolic");
  gtk_image_set_pixel_size (GTK_IMAGE (icon), 48);
  gtk_widget_add_css_class (icon, "dim-label");
  gtk_box_append (GTK_BOX (empty), icon);
  self->empty_title = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->empty_title), "title-4");
  gtk_box_append (GTK_BOX (empty), GTK_WIDGET (self->empty_title));
  self->empty_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->empty_label, TRUE);
  gtk_label_set_justify (self->empty_label, GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->empty_label), "dim-label");
  gtk_box_append (GTK_BOX (empty), GTK_WIDGET (self->empty_label));
  gtk_widget_set_margin_top (empty, 18);
  gtk_widget_set_margin_bottom (empty, 18);
  gtk_stack_add_named (self->stack, empty, "empty");

  self->groups_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->groups_box), "photos");
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->stack));

  reveal (self->progress_revealer, FALSE);
  reveal (self->report_revealer, FALSE);
}

static void
stp_photo_gallery_dispose (GObject *object)
{
  StpPhotoGallery *self = STP_PHOTO_GALLERY (object);

  g_cancellable_cancel (self->import_cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->photos, g_ptr_array_unref);
  g_clear_pointer (&self->textures, g_hash_table_unref);
  g_clear_pointer (&self->chosen, g_array_unref);
  g_clear_pointer (&self->headings, g_ptr_array_unref);
  g_clear_pointer (&self->report, g_free);

  G_OBJECT_CLASS (stp_photo_gallery_parent_class)->dispose (object);
}

static void
stp_photo_gallery_class_init (StpPhotoGalleryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = stp_photo_gallery_dispose;

  /**
   * StpPhotoGallery::import-finished:
   * @imported: how many photos were added
   * @refused: how many files were refused (cancelled ones not counted)
   */
  signals[SIGNAL_IMPORT_FINISHED] =
    g_signal_new ("import-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
stp_photo_gallery_init (StpPhotoGallery *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 12);

  self->filter = -1;
  self->textures = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->chosen = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->headings = g_ptr_array_new_with_free_func (g_free);

  build (self);
  rebuild (self);
}

GtkWidget *
stp_photo_gallery_new (void)
{
  return g_object_new (STP_TYPE_PHOTO_GALLERY, NULL);
}
