/* stp-photo-import.c: the file chooser, the import report and thumbnail textures that the
 * photo gallery and the session form share.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "stp-photo-import"

#include "stp-photo-import.h"

#include <glib/gi18n.h>

GtkFileChooserNative *
stp_photo_import_chooser_new (GtkWindow *parent)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) photos = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Import Photos"), parent,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), NULL);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  gtk_file_filter_set_name (photos, _("Photos (JPEG, PNG, HEIC)"));
  gtk_file_filter_add_mime_type (photos, "image/jpeg");
  gtk_file_filter_add_mime_type (photos, "image/png");
  gtk_file_filter_add_mime_type (photos, "image/heic");
  gtk_file_filter_add_mime_type (photos, "image/heif");
  gtk_file_filter_add_suffix (photos, "jpg");
  gtk_file_filter_add_suffix (photos, "jpeg");
  gtk_file_filter_add_suffix (photos, "png");
  gtk_file_filter_add_suffix (photos, "heic");
  gtk_file_filter_add_suffix (photos, "heif");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), photos);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  return chooser;
}

GPtrArray *
stp_photo_import_chooser_get_files (GtkFileChooser *chooser)
{
  g_autoptr(GListModel) list = gtk_file_chooser_get_files (chooser);
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; list != NULL && i < g_list_model_get_n_items (list); i++)
    g_ptr_array_add (files, g_list_model_get_item (list, i));
  return files;
}

void
stp_photo_import_report_init (StpPhotoImportReport *report,
                              GPtrArray            *results)
{
  g_autoptr(GString) refusals = g_string_new (NULL);
  GString *text;

  memset (report, 0, sizeof *report);
  for (guint i = 0; results != NULL && i < results->len; i++)
    {
      StpPhotoImportResult *r = g_ptr_array_index (results, i);

      if (r->photo_id > 0)
        report->imported++;
      else if (g_error_matches (r->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        report->cancelled++;
      else
        {
          report->refused++;
          g_string_append_printf (refusals, "\n• %s", r->error->message);
        }
    }

  report->summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u photo imported.",
                                                  "%u photos imported.", report->imported),
                                     report->imported);
  text = g_string_new (report->summary);
  if (report->cancelled > 0)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u file was not imported: the import was "
                                           "cancelled.",
                                           "%u files were not imported: the import was "
                                           "cancelled.", report->cancelled),
                              report->cancelled);
    }
  if (report->refused > 0)
    {
      g_string_append_c (text, ' ');
      g_string_append (text, g_dngettext (GETTEXT_PACKAGE, "This file was not imported:",
                                          "These files were not imported:", report->refused));
      g_string_append (text, refusals->str);
    }
  report->report = g_string_free (text, FALSE);
}

void
stp_photo_import_report_clear (StpPhotoImportReport *report)
{
  g_clear_pointer (&report->summary, g_free);
  g_clear_pointer (&report->report, g_free);
}

GdkTexture *
stp_png_texture_new_at_scale (GBytes  *png,
                              int      width,
                              int      height,
                              GError **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  g_return_val_if_fail (png != NULL, NULL);

  /* Scaled here: a picture's natural size is its texture's, and boxes lay out by it. */
  stream = g_memory_input_stream_new_from_bytes (png);
  pixbuf = gdk_pixbuf_new_from_stream_at_scale (stream, width, height, TRUE, NULL, error);
  return pixbuf != NULL ? gdk_texture_new_for_pixbuf (pixbuf) : NULL;
}

GdkTexture *
stp_photo_thumbnail_texture_new (StpStore  *store,
                                 gint64     photo_id,
                                 int        width,
                                 int        height,
                                 GError   **error)
{
  g_autoptr(GBytes) bytes = stp_store_get_photo_thumbnail (store, photo_id, error);

  return bytes != NULL ? stp_png_texture_new_at_scale (bytes, width, height, error) : NULL;
}
