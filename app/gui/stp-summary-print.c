/* stp-summary-print.c: the consultation summary laid out with Pango, printed or as a PDF.
 *
 * The content comes from the core (StpSummary); this file only flows it onto pages, line
 * by line, so long texts such as the consent break across pages cleanly.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "stp-summary-print"

#include "stp-summary-print.h"

#include <glib/gi18n.h>
#include <string.h>

#include "stp-window.h"

#define LABEL_COLUMN   150.0   /* points: where values start beside their labels */
#define FOOTER_HEIGHT  28.0
#define SIGNATURE_MAX_WIDTH  220.0
/* A section's picture takes at most this share of the page's height, so a picture and
 * the one after it (the plan and its simulated result) fit on a page together with
 * their captions. */
#define IMAGE_MAX_PAGE_SHARE  0.42
/* Room kept under a picture for the first line of its caption. */
#define CAPTION_ROOM          16.0

typedef struct
{
  PangoLayout      *layout;        /* NULL for an image */
  cairo_surface_t  *image;
  double            x;             /* of the image, in points from the left margin */
  double            width;         /* of the image, in points */
  double            height;
  double            space_before;
  gboolean          keep_with_next;
} Block;

/* One line (or the image) of a block, where it goes on its page. */
typedef struct
{
  Block   *block;
  int      line;       /* -1 for the image */
  double   x;
  double   y;          /* baseline of a line; top of an image */
} Placement;

typedef struct
{
  StpSummary  *summary;
  GPtrArray   *blocks;   /* Block */
  GPtrArray   *pages;    /* GArray of Placement */
} PrintJob;

static void
block_free (Block *block)
{
  g_clear_object (&block->layout);
  g_clear_pointer (&block->image, cairo_surface_destroy);
  g_free (block);
}

static void
print_job_free (PrintJob *job)
{
  g_clear_pointer (&job->summary, stp_summary_free);
  g_clear_pointer (&job->blocks, g_ptr_array_unref);
  g_clear_pointer (&job->pages, g_ptr_array_unref);
  g_free (job);
}

static Block *
add_text (PrintJob        *job,
          GtkPrintContext *context,
          const char      *font,
          const char      *markup,
          double           space_before)
{
  Block *block = g_new0 (Block, 1);
  g_autoptr (PangoFontDescription) description = pango_font_description_from_string (font);

  block->layout = gtk_print_context_create_pango_layout (context);
  pango_layout_set_font_description (block->layout, description);
  pango_layout_set_width (block->layout,
                          (int) (gtk_print_context_get_width (context) * PANGO_SCALE));
  pango_layout_set_wrap (block->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_markup (block->layout, markup, -1);
  block->space_before = space_before;
  g_ptr_array_add (job->blocks, block);
  return block;
}

static void
add_escaped (PrintJob        *job,
             GtkPrintContext *context,
             const char      *font,
             const char      *text,
             double           space_before)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  add_text (job, context, font, escaped, space_before);
}

/* "Label<tab>value", the value's wrapped lines and further paragraphs hanging at the
 * label column. */
static void
add_row (PrintJob        *job,
         GtkPrintContext *context,
         StpSummaryRow   *row)
{
  g_autofree char *label = NULL;
  g_autofree char *value = NULL;
  g_auto (GStrv) paragraphs = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *markup = NULL;
  PangoTabArray *tabs;
  Block *block;

  if (row->label == NULL)
    {
      add_escaped (job, context, "Sans 9.5", row->value, 4);
      return;
    }

  label = g_markup_escape_text (row->label, -1);
  value = g_markup_escape_text (row->value, -1);
  paragraphs = g_strsplit (value, "\n", -1);
  joined = g_strjoinv ("\n\t", paragraphs);
  markup = g_strdup_printf ("<b>%s</b>\t%s", label, joined);

  block = add_text (job, context, "Sans 9.5", markup, 3);
  tabs = pango_tab_array_new_with_positions (1, TRUE, PANGO_TAB_LEFT, (int) LABEL_COLUMN);
  pango_layout_set_tabs (block->layout, tabs);
  pango_tab_array_free (tabs);
  pango_layout_set_indent (block->layout, (int) (-LABEL_COLUMN * PANGO_SCALE));
}

static void
add_signature (PrintJob *job,
               GBytes   *png)
{
  g_autoptr (GError) error = NULL;
  cairo_surface_t *surface = stp_signature_decode_png (png, &error);
  Block *block;
  int width, height;

  if (surface == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);

  block = g_new0 (Block, 1);
  block->image = surface;
  block->width = MIN (SIGNATURE_MAX_WIDTH, width);
  block->height = block->width * height / width;
  block->space_before = 8;
  g_ptr_array_add (job->blocks, block);
}

/* Gives the picture's surface a JPEG of itself, which PDF output embeds instead of the
 * pixels: a photo takes a fifth of the space that way, and summaries go out by e-mail.
 * Without it (no JPEG encoder) the pixels go in, compressed without loss. */
static void
attach_jpeg (cairo_surface_t *surface,
             GdkPixbuf       *pixbuf)
{
  g_autoptr (GError) error = NULL;
  char *jpeg = NULL;
  gsize length = 0;

  if (!gdk_pixbuf_save_to_buffer (pixbuf, &jpeg, &length, "jpeg", &error, "quality", "90",
                                  NULL))
    {
      g_debug ("A summary picture goes into the PDF without JPEG: %s", error->message);
      return;
    }
  cairo_surface_set_mime_data (surface, CAIRO_MIME_TYPE_JPEG, (const guchar *) jpeg, length,
                               g_free, jpeg);
}

/* A section's picture at the page's width (or less, so it keeps within its share of the
 * page's height), centred, its caption under it. */
static void
add_image (PrintJob        *job,
           GtkPrintContext *context,
           StpSummaryImage *image)
{
  g_autoptr (GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("png", NULL);
  g_autoptr (GError) error = NULL;
  double page_width = gtk_print_context_get_width (context);
  double max_height = (gtk_print_context_get_height (context) - FOOTER_HEIGHT) *
                      IMAGE_MAX_PAGE_SHARE;
  g_autofree char *caption = NULL;
  cairo_surface_t *surface;
  GdkPixbuf *pixbuf;
  int width, height;
  Block *block;

  /* The core made this PNG a moment ago: only memory can be short here. */
  if (loader == NULL || !gdk_pixbuf_loader_write_bytes (loader, image->png, &error) ||
      !gdk_pixbuf_loader_close (loader, &error))
    {
      g_warning ("A summary picture cannot be decoded: %s",
                 error != NULL ? error->message : "no PNG loader");
      return;
    }
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  surface = stp_preview_surface_from_pixbuf (pixbuf);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_warning ("A summary picture cannot be drawn: %s",
                 cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return;
    }
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  attach_jpeg (surface, pixbuf);

  block = g_new0 (Block, 1);
  block->image = surface;
  block->width = page_width;
  block->height = page_width * height / width;
  if (block->height > max_height)
    {
      block->height = max_height;
      block->width = max_height * width / height;
    }
  block->x = (page_width - block->width) / 2;
  block->space_before = 8;
  block->keep_with_next = TRUE;
  g_ptr_array_add (job->blocks, block);

  caption = g_markup_escape_text (image->caption, -1);
  block = add_text (job, context, "Sans Italic 9", caption, 4);
  pango_layout_set_alignment (block->layout, PANGO_ALIGN_CENTER);
}

static void
build_blocks (PrintJob        *job,
              GtkPrintContext *context)
{
  StpSummary *summary = job->summary;
  g_autofree char *subtitle = NULL;

  if (summary->clinic_name != NULL)
    add_escaped (job, context, "Sans Bold 13", summary->clinic_name, 0);
  if (summary->clinic_details != NULL)
    add_escaped (job, context, "Sans 9", summary->clinic_details, 2);
  add_escaped (job, context, "Sans Bold 18", summary->title, 14);
  /* Translators: the client's name and the consultation date under the title. */
  subtitle = g_strdup_printf (_("%s · %s"), summary->client_name,
                              summary->date != NULL ? summary->date : "");
  add_escaped (job, context, "Sans 11", subtitle, 2);

  for (guint i = 0; i < summary->sections->len; i++)
    {
      StpSummarySection *section = g_ptr_array_index (summary->sections, i);
      g_autofree char *escaped = g_markup_escape_text (section->title, -1);
      g_autofree char *markup = g_strdup_printf ("<span foreground=\"#1c3d6e\">%s</span>",
                                                 escaped);
      Block *heading = add_text (job, context, "Sans Bold 12", markup, 16);

      heading->keep_with_next = TRUE;
      for (guint j = 0; j < section->rows->len; j++)
        add_row (job, context, g_ptr_array_index (section->rows, j));
      for (guint j = 0; section->images != NULL && j < section->images->len; j++)
        add_image (job, context, g_ptr_array_index (section->images, j));
    }

  if (summary->signature_png != NULL)
    add_signature (job, summary->signature_png);
}

static void
paginate (PrintJob *job,
          double    page_height)
{
  GArray *page = g_array_new (FALSE, FALSE, sizeof (Placement));
  double y = 0;

  g_ptr_array_add (job->pages, page);

  for (guint i = 0; i < job->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (job->blocks, i);
      PangoLayoutIter *iter;
      int line = 0;

      if (page->len > 0)
        y += block->space_before;

      if (block->image != NULL)
        {
          Placement placement = { block, -1, block->x, 0 };
          double needed = block->height + (block->keep_with_next ? CAPTION_ROOM : 0);

          if (y + needed > page_height && page->len > 0)
            {
              page = g_array_new (FALSE, FALSE, sizeof (Placement));
              g_ptr_array_add (job->pages, page);
              y = 0;
            }
          placement.y = y;
          g_array_append_val (page, placement);
          y += block->height;
          continue;
        }

      /* A heading moves to the next page unless a few lines, or the picture that follows
       * it, fit after it. */
      if (block->keep_with_next && page->len > 0)
        {
          Block *next = i + 1 < job->blocks->len ? g_ptr_array_index (job->blocks, i + 1)
                                                  : NULL;
          double after = 40;
          PangoRectangle logical;

          if (next != NULL && next->image != NULL)
            after = next->space_before + next->height + CAPTION_ROOM;
          pango_layout_get_extents (block->layout, NULL, &logical);
          if (y + logical.height / (double) PANGO_SCALE + after > page_height)
            {
              page = g_array_new (FALSE, FALSE, sizeof (Placement));
              g_ptr_array_add (job->pages, page);
              y = 0;
            }
        }

      iter = pango_layout_get_iter (block->layout);
      do
        {
          PangoRectangle logical;
          Placement placement;
          double height;

          pango_layout_iter_get_line_extents (iter, NULL, &logical);
          height = logical.height / (double) PANGO_SCALE;
          if (y + height > page_height && page->len > 0)
            {
              page = g_array_new (FALSE, FALSE, sizeof (Placement));
              g_ptr_array_add (job->pages, page);
              y = 0;
            }
          placement.block = block;
          placement.line = line++;
          placement.x = logical.x / (double) PANGO_SCALE;
          placement.y = y + (pango_layout_iter_get_baseline (iter) - logical.y) /
                            (double) PANGO_SCALE;
          g_array_append_val (page, placement);
          y += height;
        }
      while (pango_layout_iter_next_line (iter));
      pango_layout_iter_free (iter);
    }
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  g_clear_pointer (&job->blocks, g_ptr_array_unref);
  g_clear_pointer (&job->pages, g_ptr_array_unref);
  job->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  job->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  build_blocks (job, context);
  paginate (job, gtk_print_context_get_height (context) - FOOTER_HEIGHT);
  gtk_print_operation_set_n_pages (operation, job->pages->len);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintJob          *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  GArray *page;
  g_autoptr (PangoLayout) footer = NULL;
  g_autoptr (PangoFontDescription) font = NULL;
  g_autofree char *footer_text = NULL;
  int footer_width, footer_height;

  g_return_if_fail (page_nr >= 0 && (guint) page_nr < job->pages->len);
  page = g_ptr_array_index (job->pages, page_nr);

  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint i = 0; i < page->len; i++)
    {
      const Placement *p = &g_array_index (page, Placement, i);

      if (p->line < 0)
        {
          cairo_save (cr);
          cairo_translate (cr, p->x, p->y);
          cairo_scale (cr, p->block->width / cairo_image_surface_get_width (p->block->image),
                       p->block->height / cairo_image_surface_get_height (p->block->image));
          cairo_set_source_surface (cr, p->block->image, 0, 0);
          cairo_paint (cr);
          cairo_restore (cr);
          continue;
        }

      cairo_move_to (cr, p->x, p->y);
      pango_cairo_show_layout_line (cr, pango_layout_get_line_readonly (p->block->layout,
                                                                        p->line));
    }

  /* Footer: whose summary this is, and the page, on every page. */
  /* Translators: the client's name, the consultation date, the page number and count. */
  footer_text = g_strdup_printf (_("%s · %s · Page %d of %u"), job->summary->client_name,
                                 job->summary->date != NULL ? job->summary->date : "",
                                 page_nr + 1, job->pages->len);
  footer = gtk_print_context_create_pango_layout (context);
  font = pango_font_description_from_string ("Sans 8");
  pango_layout_set_font_description (footer, font);
  pango_layout_set_text (footer, footer_text, -1);
  pango_layout_get_pixel_size (footer, &footer_width, &footer_height);
  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  cairo_move_to (cr, gtk_print_context_get_width (context) - footer_width,
                 gtk_print_context_get_height (context) - footer_height);
  pango_cairo_show_layout (cr, footer);
}

static GtkPrintOperation *
print_operation_new (StpStore  *store,
                     gint64     consultation_id,
                     GError   **error)
{
  g_autoptr (StpSummary) summary = stp_summary_new_for_consultation (store, consultation_id,
                                                                     NULL, error);
  GtkPrintOperation *operation;
  PrintJob *job;
  g_autofree char *job_name = NULL;

  if (summary == NULL)
    return NULL;

  job = g_new0 (PrintJob, 1);
  job->summary = g_steal_pointer (&summary);
  operation = gtk_print_operation_new ();
  job_name = g_strdup_printf (_("Consultation Summary – %s"), job->summary->client_name);
  gtk_print_operation_set_job_name (operation, job_name);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);
  g_object_set_data_full (G_OBJECT (operation), "stp-print-job", job,
                          (GDestroyNotify) print_job_free);
  return operation;
}

char *
stp_summary_dup_default_filename (StpStore *store,
                                  gint64    consultation_id)
{
  g_autoptr (StpConsultation) consultation = stp_store_get_consultation (store, consultation_id,
                                                                         NULL);
  g_autoptr (StpClient) client = NULL;
  g_autofree char *name = NULL;

  if (consultation != NULL)
    client = stp_store_get_client (store, stp_consultation_get_client_id (consultation), NULL);
  name = client != NULL ? stp_client_dup_display_name (client) : g_strdup (_("Client"));
  /* A name is a file name here: no folder separators. */
  g_strdelimit (name, "/\\:", '-');

  /* Translators: the default file name of an exported summary: client name, then date. */
  return g_strdup_printf (_("Consultation - %s - %s.pdf"), name,
                          consultation != NULL && stp_consultation_get_date (consultation)
                          ? stp_consultation_get_date (consultation) : "");
}

gboolean
stp_summary_export_pdf (GtkWindow   *parent,
                        StpStore    *store,
                        gint64       consultation_id,
                        const char  *filename,
                        GError     **error)
{
  g_autoptr (GtkPrintOperation) operation = NULL;
  GtkPrintOperationResult result;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), FALSE);
  g_return_val_if_fail (STP_IS_STORE (store), FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);

  operation = print_operation_new (store, consultation_id, error);
  if (operation == NULL)
    return FALSE;

  gtk_print_operation_set_export_filename (operation, filename);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, parent,
                                    error);
  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}

void
stp_summary_print (GtkWindow *window,
                   StpStore  *store,
                   gint64     consultation_id)
{
  g_autoptr (GtkPrintOperation) operation = NULL;
  g_autoptr (GError) error = NULL;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (STP_IS_STORE (store));

  /* The print dialog is modal: run it to the end here, then say what went wrong, if
   * anything. Cancelling is not an error. */
  operation = print_operation_new (store, consultation_id, &error);
  if (operation == NULL ||
      gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, window,
                               &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autofree char *message = g_strdup_printf (_("The summary could not be printed: %s"),
                                                  error != NULL ? error->message
                                                                : _("unknown error"));
      g_autofree char *escaped = g_markup_escape_text (message, -1);

      if (STP_IS_WINDOW (window))
        stp_window_add_toast (STP_WINDOW (window), adw_toast_new (escaped));
    }
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  GtkWindow *window = GTK_WINDOW (user_data);
  StpStore *store = g_object_get_data (G_OBJECT (chooser), "store");
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (chooser), "consultation-id"));
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;
  g_autofree char *escaped = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    path = g_file_get_path (file);

  if (path == NULL)
    ;
  else if (!stp_summary_export_pdf (window, store, id, path, &error))
    message = g_strdup_printf (_("The summary could not be saved: %s"), error->message);
  else
    message = g_strdup_printf (_("Summary saved to %s"), path);

  if (message != NULL && STP_IS_WINDOW (window))
    {
      escaped = g_markup_escape_text (message, -1);
      stp_window_add_toast (STP_WINDOW (window), adw_toast_new (escaped));
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (window);
}

void
stp_summary_export_with_chooser (GtkWindow *window,
                                 StpStore  *store,
                                 gint64     consultation_id)
{
  GtkFileChooserNative *chooser;
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = stp_summary_dup_default_filename (store, consultation_id);

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (STP_IS_STORE (store));

  chooser = gtk_file_chooser_native_new (_("Export Summary"), window,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_set_data_full (G_OBJECT (chooser), "store", g_object_ref (store), g_object_unref);
  g_object_set_data (G_OBJECT (chooser), "consultation-id",
                     GSIZE_TO_POINTER ((gsize) consultation_id));
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb),
                    g_object_ref (window));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
