/* stp-summary-sketch.c: the summary's hairline plan and its simulated healed result.
 *
 * The client takes the summary home: it shows the plan drawn over their photo and, under
 * it, the SMP preview of that plan after the last session. Both pictures are made at
 * STP_SUMMARY_IMAGE_MAX_SIDE at most from a photo decoded at that size, never from the
 * full-resolution original, so the PDF stays small and the summary quick.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-summary"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "stp-summary-private.h"
#include "stipple/stp-preview.h"
#include "stipple/stp-sketch-render.h"
#include "stipple/stp-store-photos.h"
#include "stipple/stp-store-sketches.h"

/* A preview of a sketch without a photo is drawn on this plain, mid skin tone: the dot
 * pattern reads on it as it would on a scalp, and nobody takes it for a photo. */
static const double skin_tone[3] = { 0.87, 0.74, 0.64 };

/* The RGB24 surface as PNG bytes; NULL when it cannot be encoded (out of memory). The
 * PNG only carries the picture to the page layout, which decodes it again at once, so it
 * is compressed at zlib's fastest level: cairo's own PNG writer takes over a second for a
 * 1600-pixel photo, this a tenth of that. */
static GBytes *
encode_png (cairo_surface_t *surface)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *src;
  guint8 *dst;
  int width, height, src_stride, dst_stride;
  char *png = NULL;
  gsize length = 0;

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return NULL;
  cairo_surface_flush (surface);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  if (pixbuf == NULL)
    return NULL;
  src = cairo_image_surface_get_data (surface);
  src_stride = cairo_image_surface_get_stride (surface);
  dst = gdk_pixbuf_get_pixels (pixbuf);
  dst_stride = gdk_pixbuf_get_rowstride (pixbuf);
  for (int y = 0; y < height; y++)
    {
      const guint32 *s = (const guint32 *) (src + (gsize) y * src_stride);
      guint8 *d = dst + (gsize) y * dst_stride;

      for (int x = 0; x < width; x++, d += 3)
        {
          d[0] = (s[x] >> 16) & 0xff;
          d[1] = (s[x] >> 8) & 0xff;
          d[2] = s[x] & 0xff;
        }
    }

  if (!gdk_pixbuf_save_to_buffer (pixbuf, &png, &length, "png", &error, "compression", "1",
                                  NULL))
    {
      g_warning ("A summary picture cannot be made a PNG: %s", error->message);
      return NULL;
    }
  return g_bytes_new_take (png, length);
}

/* A new RGB24 surface of width x height showing the photo (scaled to fill it) or, without
 * one, the colour rgb. */
static cairo_surface_t *
new_background (GdkPixbuf    *photo,
                int           width,
                int           height,
                const double  rgb[3])
{
  cairo_surface_t *surface;
  cairo_t *cr;

  if (photo != NULL && gdk_pixbuf_get_width (photo) == width &&
      gdk_pixbuf_get_height (photo) == height)
    return stp_preview_surface_from_pixbuf (photo);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cr = cairo_create (surface);
  if (photo != NULL)
    {
      cairo_surface_t *image = stp_preview_surface_from_pixbuf (photo);

      cairo_scale (cr, (double) width / gdk_pixbuf_get_width (photo),
                   (double) height / gdk_pixbuf_get_height (photo));
      cairo_set_source_surface (cr, image, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
      cairo_surface_destroy (image);
    }
  else
    cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
  cairo_paint (cr);
  cairo_destroy (cr);
  return surface;
}

/* The photo the version is drawn over, upright and at most STP_SUMMARY_IMAGE_MAX_SIDE
 * pixels a side. */
static GdkPixbuf *
load_photo (StpStore  *store,
            gint64     photo_id,
            GError   **error)
{
  g_autoptr(StpPhoto) photo = stp_store_get_photo (store, photo_id, error);
  g_autofree char *path = NULL;

  if (photo == NULL)
    return NULL;
  path = stp_store_dup_photo_path (store, photo);
  return stp_photo_load_at_size (path, STP_SUMMARY_IMAGE_MAX_SIDE, STP_SUMMARY_IMAGE_MAX_SIDE,
                                 NULL, error);
}

/* The edge the consultation's plan recommends; soft, the preview's default, when the
 * plan names no edge (no style, a widow's peak, temple points). */
static StpPreviewEdge
plan_edge (StpConsultation *consultation)
{
  return stp_consultation_get_plan (consultation)->hairline_style == STP_HAIRLINE_STYLE_SHARP
         ? STP_PREVIEW_EDGE_SHARP : STP_PREVIEW_EDGE_SOFT;
}

void
_stp_summary_add_sketch (StpSummary      *summary,
                         StpStore        *store,
                         StpConsultation *consultation)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpSketchVersion) version = NULL;
  g_autoptr(StpSketch) sketch = NULL;
  g_autoptr(GdkPixbuf) photo = NULL;
  g_autoptr(StpPreviewDots) dots = NULL;
  g_autoptr(GBytes) plan_png = NULL;
  g_autoptr(GBytes) preview_png = NULL;
  g_autofree char *caption = NULL;
  StpSummarySection *section;
  StpPreviewParams params;
  StpSketchView view;
  cairo_surface_t *surface;
  cairo_t *cr;
  int sketch_width, sketch_height, width, height;

  /* The version linked to this consultation (or to the one it amends), else the
   * client's newest: nothing links versions to consultations yet, and the newest is the
   * plan the client last saw. */
  version = stp_store_get_sketch_version_for_consultation (store,
                                                           stp_consultation_get_id (consultation),
                                                           &error);
  if (version == NULL && g_error_matches (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND))
    return;

  section = _stp_summary_add_section (summary, _("Hairline Plan and Preview"));
  summary->sketch_section = section;
  if (version == NULL)
    {
      _stp_summary_take_row (section, NULL,
                             g_strdup_printf (_("The hairline sketch could not be read: %s"),
                                              error->message));
      return;
    }

  sketch = stp_store_load_sketch (store, version->id, &error);
  if (sketch == NULL)
    {
      _stp_summary_take_row (section, NULL,
                             g_strdup_printf (_("The sketch “%s” could not be read: %s"),
                                              version->name, error->message));
      return;
    }

  if (version->photo_id > 0)
    {
      photo = load_photo (store, version->photo_id, &error);
      if (photo == NULL)
        {
          _stp_summary_take_row (section, NULL,
                                 g_strdup_printf (_("The plan and preview are left out: the "
                                                    "sketch’s photo could not be loaded (%s)"),
                                                  error->message));
          return;
        }
    }

  /* The pictures' size: the decoded photo's, or the sketch's photo size brought within
   * the bound. The view maps the sketch's photo pixels onto them. */
  sketch_width = stp_sketch_get_photo_width (sketch);
  sketch_height = stp_sketch_get_photo_height (sketch);
  stp_sketch_view_init (&view);
  if (photo != NULL)
    {
      width = gdk_pixbuf_get_width (photo);
      height = gdk_pixbuf_get_height (photo);
      view.scale = MIN ((double) width / sketch_width, (double) height / sketch_height);
    }
  else
    {
      view.scale = MIN (1.0, (double) STP_SUMMARY_IMAGE_MAX_SIDE / MAX (sketch_width,
                                                                        sketch_height));
      width = MAX ((int) round (sketch_width * view.scale), 1);
      height = MAX ((int) round (sketch_height * view.scale), 1);
    }

  /* The drawn plan, over the photo or on white. */
  surface = new_background (photo, width, height, (const double[3]) { 1, 1, 1 });
  cr = cairo_create (surface);
  stp_sketch_render (sketch, cr, &view, STP_SKETCH_RENDER_EXPORT);
  cairo_destroy (cr);
  plan_png = encode_png (surface);
  cairo_surface_destroy (surface);
  if (plan_png == NULL)
    {
      _stp_summary_take_row (section, NULL,
                             g_strdup (_("The plan and preview are left out: there is not "
                                         "enough memory to draw them.")));
      return;
    }
  caption = g_strdup_printf (_("Drawn plan (%s)"), version->name);
  _stp_summary_add_image (section, plan_png, width, height, caption);
  g_clear_pointer (&caption, g_free);

  /* The simulated result after the last session, at the edge the plan recommends. */
  stp_preview_params_init (&params);
  params.session = STP_PREVIEW_SESSION_3;
  params.edge = plan_edge (consultation);
  dots = stp_preview_generate (sketch, &params, NULL, &error);
  if (dots == NULL)
    {
      _stp_summary_take_row (section, NULL,
                             g_strdup_printf (_("The simulated result is left out: %s"),
                                              error->message));
      return;
    }
  if (dots->n_dots == 0)
    {
      _stp_summary_take_row (section, NULL,
                             g_strdup (_("The simulated result is left out: the sketch has "
                                         "no treatment area.")));
      return;
    }

  surface = new_background (photo, width, height, skin_tone);
  stp_preview_render (dots, surface, &view);
  preview_png = encode_png (surface);
  cairo_surface_destroy (surface);
  if (preview_png == NULL)
    {
      _stp_summary_take_row (section, NULL,
                             g_strdup (_("The simulated result is left out: there is not "
                                         "enough memory to draw it.")));
      return;
    }

  caption = g_strconcat (_("Simulated healed result after session 3 — an illustration, "
                           "not a promise."),
                         photo == NULL ? "\n" : "",
                         photo == NULL ? _("Shown on a plain skin tone: the sketch has no "
                                           "photo.") : "",
                         dots->calibrated ? "" : "\n",
                         dots->calibrated ? "" : _("Uncalibrated: density is approximate."),
                         NULL);
  _stp_summary_add_image (section, preview_png, width, height, caption);
}
