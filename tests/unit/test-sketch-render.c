/* test-sketch-render.c: golden images of each item kind, the render cache, exports.
 *
 * References live in tests/data/sketch/. Run with STIPPLE_UPDATE_GOLDEN=1 to rewrite them
 * (then look at each one before committing it).
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "stipple/stipple.h"
#include "test-sketch-util.h"
#include "test-util.h"

#define W 240
#define H 160

static cairo_surface_t *
render_scene (StpSketch            *sketch,
              StpSketchRenderFlags  flags)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  stp_sketch_render (sketch, cr, NULL, flags);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* Pixels whose channels differ by more than tolerance. */
static guint
count_differences (cairo_surface_t *a,
                   cairo_surface_t *b,
                   int              tolerance)
{
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  guint differ = 0;

  g_assert_cmpint (cairo_image_surface_get_width (b), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (b), ==, h);
  cairo_surface_flush (a);
  cairo_surface_flush (b);
  for (int y = 0; y < h; y++)
    {
      const guint32 *ra = (const guint32 *) (cairo_image_surface_get_data (a) +
                                             y * cairo_image_surface_get_stride (a));
      const guint32 *rb = (const guint32 *) (cairo_image_surface_get_data (b) +
                                             y * cairo_image_surface_get_stride (b));
      for (int x = 0; x < w; x++)
        for (int shift = 0; shift < 32; shift += 8)
          if (abs ((int) ((ra[x] >> shift) & 0xff) - (int) ((rb[x] >> shift) & 0xff)) >
              tolerance)
            {
              differ++;
              break;
            }
    }
  return differ;
}

static guint
count_inked (cairo_surface_t *s)
{
  cairo_surface_t *white = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
  cairo_t *cr = cairo_create (white);
  guint n;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_destroy (cr);
  n = count_differences (s, white, 40);
  cairo_surface_destroy (white);
  return n;
}

static guint32
pixel_at (cairo_surface_t *s,
          int              x,
          int              y)
{
  cairo_surface_flush (s);
  return ((const guint32 *) (cairo_image_surface_get_data (s) +
                             y * cairo_image_surface_get_stride (s)))[x];
}

/* Compares with the reference; max_fraction of pixels may differ by more than a small
 * tolerance (antialiasing and font rasterising vary a little between cairo and FreeType
 * versions). */
static void
assert_golden (StpSketch  *sketch,
               const char *name,
               double      max_fraction,
               guint       min_inked)
{
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "sketch", file, NULL);
  cairo_surface_t *got = render_scene (sketch, STP_SKETCH_RENDER_DEFAULT);
  cairo_surface_t *expected;
  guint differ, inked;

  inked = count_inked (got);
  if (inked < min_inked)
    g_error ("%s: only %u pixels drawn, expected at least %u", name, inked, min_inked);
  if (g_getenv ("STIPPLE_UPDATE_GOLDEN") != NULL)
    {
      g_assert_cmpint (cairo_surface_write_to_png (got, path), ==, CAIRO_STATUS_SUCCESS);
      g_test_message ("wrote %s", path);
    }
  expected = cairo_image_surface_create_from_png (path);
  if (cairo_surface_status (expected) != CAIRO_STATUS_SUCCESS)
    g_error ("%s: no reference image at %s", name, path);
  differ = count_differences (got, expected, 48);
  if (differ > max_fraction * W * H)
    {
      g_autofree char *out = g_strdup_printf ("%s/sketch-%s-got.png", g_get_tmp_dir (), name);
      cairo_surface_write_to_png (got, out);
      g_error ("%s: %u of %u pixels differ from the reference (rendered: %s)", name, differ,
               W * H, out);
    }
  cairo_surface_destroy (got);
  cairo_surface_destroy (expected);
}

static void
test_golden_stroke (void)
{
  g_autoptr(StpSketch) sketch = stp_sketch_new (W, H);
  StpSketchItem *item = stp_sketch_item_new (STP_SKETCH_ITEM_STROKE);

  item->width = 18;
  for (int i = 0; i <= 40; i++)
    {
      double t = i / 40.0;
      stp_sketch_item_add_point (item, 20 + t * 200, 80 + 40 * sin (t * 2 * G_PI),
                                 0.1 + 0.9 * sin (t * G_PI));
    }
  stp_sketch_insert_item (sketch, -1, item);
  assert_golden (sketch, "stroke-pressure", 0.005, 1500);

  /* Pressure shapes the width: thick in the middle, thin at the ends. */
  {
    cairo_surface_t *s = render_scene (sketch, STP_SKETCH_RENDER_DEFAULT);
    guint thick = 0, thin = 0;

    for (int y = 0; y < H; y++)
      {
        thick += (pixel_at (s, 120, y) & 0xffffff) != 0xffffff;
        thin += (pixel_at (s, 22, y) & 0xffffff) != 0xffffff;
      }
    g_assert_cmpuint (thick, >=, 22);
    g_assert_cmpuint (thin, <=, 9);
    cairo_surface_destroy (s);
  }
}

static StpSketchItem *
hairline_curve (void)
{
  StpSketchItem *item = stp_sketch_item_new (STP_SKETCH_ITEM_CURVE);
  StpSketchNode nodes[] = {
    { 20, 110, 0, 0, 0, 0 }, { 45, 60, 0, 0, 0, 0 }, { 85, 45, 0, 0, 0, 0 },
    { 120, 50, 0, 0, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (nodes); i++)
    stp_sketch_item_add_node (item, &nodes[i]);
  stp_sketch_item_auto_handles (item, FALSE);
  item->width = 5;
  return item;
}

static void
test_golden_curve (void)
{
  g_autoptr(StpSketch) sketch = stp_sketch_new (W, H);
  StpSketchItem *item = hairline_curve ();
  cairo_surface_t *s;

  item->mirrored = TRUE;
  stp_sketch_insert_item (sketch, -1, item);
  assert_golden (sketch, "curve-mirrored", 0.005, 1000);

  /* The mirror image is drawn: both temples are inked, symmetric about x = 120. */
  s = render_scene (sketch, STP_SKETCH_RENDER_ITEMS);
  g_assert_cmphex (pixel_at (s, 20, 108) & 0xffffff, !=, 0xffffff);
  g_assert_cmphex (pixel_at (s, 219, 108) & 0xffffff, !=, 0xffffff);
  g_assert_cmphex (pixel_at (s, 20, 108), ==, pixel_at (s, 219, 108));
  cairo_surface_destroy (s);
}

static void
test_golden_treatment (void)
{
  g_autoptr(StpSketch) sketch = stp_sketch_new (W, H);
  StpSketchItem *item = stp_sketch_item_new (STP_SKETCH_ITEM_REGION);
  StpSketchNode nodes[] = {
    { 40, 40, 0, 0, 0, 0 }, { 120, 25, 0, 0, 0, 0 }, { 200, 45, 0, 0, 0, 0 },
    { 180, 120, 0, 0, 0, 0 }, { 70, 125, 0, 0, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (nodes); i++)
    stp_sketch_item_add_node (item, &nodes[i]);
  stp_sketch_item_auto_handles (item, TRUE);
  item->smooth = TRUE;
  item->density = 40;
  stp_sketch_item_set_shade (item, "Charcoal 2");
  stp_sketch_insert_item (sketch, -1, item);
  assert_golden (sketch, "region-treatment", 0.005, 10000);
}

static void
test_golden_scar (void)
{
  g_autoptr(StpSketch) sketch = stp_sketch_new (W, H);
  StpSketchItem *item = stp_sketch_item_new (STP_SKETCH_ITEM_REGION);
  double pts[][2] = { { 20, 70 }, { 120, 60 }, { 220, 72 }, { 218, 86 }, { 120, 78 }, { 22, 84 } };

  item->role = STP_SKETCH_ROLE_SCAR;
  item->layer = STP_SKETCH_LAYER_SCARS;
  item->color = 0xc01c28ff;
  for (guint i = 0; i < G_N_ELEMENTS (pts); i++)
    stp_sketch_item_add_point (item, pts[i][0], pts[i][1], 1);
  stp_sketch_insert_item (sketch, -1, item);
  assert_golden (sketch, "region-scar", 0.005, 2000);
}

static void
test_golden_label (void)
{
  g_autoptr(StpSketch) sketch = stp_sketch_new (W, H);
  StpSketchItem *item = stp_sketch_item_new (STP_SKETCH_ITEM_LABEL);

  item->x = 20;
  item->y = 90;
  item->font_size = 36;
  stp_sketch_item_set_text (item, "Temple");
  stp_sketch_insert_item (sketch, -1, item);
  /* Fonts vary most between machines: a looser bound, still far below a missing or
   * misplaced label (which differs on thousands of pixels). */
  assert_golden (sketch, "label", 0.04, 1200);
}

static void
test_golden_measure (void)
{
  g_autoptr(StpSketch) sketch = stp_sketch_new (W, H);
  StpSketchItem *item = stp_sketch_item_new (STP_SKETCH_ITEM_MEASURE);

  g_assert_true (stp_sketch_set_calibration (sketch, 20, 130, 220, 130, 50, NULL));
  stp_sketch_item_add_point (item, 30, 120, 1);
  stp_sketch_item_add_point (item, 190, 120, 1);
  stp_sketch_insert_item (sketch, -1, item);
  assert_golden (sketch, "measure", 0.04, 600);
}

/* Layer visibility and opacity: the hairline at half opacity, the hidden scar absent,
 * guides and midline drawn. */
static void
test_golden_layers (void)
{
  g_autoptr(StpSketch) sketch = stp_sketch_new (W, H);
  StpSketchItem *curve = hairline_curve ();
  StpSketchItem *scar = stp_sketch_item_new (STP_SKETCH_ITEM_REGION);
  double guides[3] = { 80, 110, 140 };
  cairo_surface_t *s;

  curve->mirrored = TRUE;
  stp_sketch_insert_item (sketch, -1, curve);
  scar->layer = STP_SKETCH_LAYER_SCARS;
  scar->role = STP_SKETCH_ROLE_SCAR;
  stp_sketch_item_add_point (scar, 100, 100, 1);
  stp_sketch_item_add_point (scar, 140, 100, 1);
  stp_sketch_item_add_point (scar, 140, 140, 1);
  stp_sketch_insert_item (sketch, -1, scar);
  stp_sketch_set_layer_opacity (sketch, STP_SKETCH_LAYER_HAIRLINE, 0.5);
  stp_sketch_set_layer_visible (sketch, STP_SKETCH_LAYER_SCARS, FALSE);
  stp_sketch_set_guides (sketch, guides);
  stp_sketch_set_guides_visible (sketch, TRUE);
  assert_golden (sketch, "layers", 0.005, 800);

  s = render_scene (sketch, STP_SKETCH_RENDER_ITEMS);
  /* Inside the hidden scar: white. */
  g_assert_cmphex (pixel_at (s, 130, 125) & 0xffffff, ==, 0xffffff);
  cairo_surface_destroy (s);
}

/* The cache after edits and pans matches a full render of the same view. cairo's
 * rasteriser computes edge coverage a little differently under a clip, so pixels where an
 * antialiased edge crosses a redrawn rectangle's border may differ by a few levels; a
 * missing or stale item differs by far more. */
static void
assert_cache_matches (StpSketch            *sketch,
                      StpSketchRenderCache *cache,
                      const StpSketchView  *view)
{
  cairo_surface_t *full = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
  cairo_t *cr = cairo_create (full);
  guint differ;

  stp_sketch_render_items (sketch, cr, view, NULL);
  cairo_destroy (cr);
  stp_sketch_render_cache_update (cache, view, W, H);
  differ = count_differences (stp_sketch_render_cache_get_surface (cache), full, 24);
  if (differ != 0)
    {
      cairo_surface_write_to_png (full, "/tmp/sketch-cache-full.png");
      cairo_surface_write_to_png (stp_sketch_render_cache_get_surface (cache),
                                  "/tmp/sketch-cache-got.png");
    }
  g_assert_cmpuint (differ, ==, 0);
  cairo_surface_destroy (full);
}

static void
test_cache (void)
{
  g_autoptr(StpSketch) sketch = stp_sketch_new (W, H);
  g_autoptr(StpSketchHistory) history = stp_sketch_history_new (sketch);
  g_autoptr(StpSketchRenderCache) cache = stp_sketch_render_cache_new (sketch);
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  StpSketchView view;
  guint32 first = 0;

  stp_sketch_view_init (&view);
  stp_sketch_view_zoom_at (&view, 1.5, 0, 0);
  stp_sketch_view_pan (&view, -20, -10);
  assert_cache_matches (sketch, cache, &view);
  g_assert_cmpuint (stp_sketch_render_cache_get_n_full_redraws (cache), ==, 1);

  for (int i = 0; i < 30; i++)
    {
      StpSketchItem *item = stp_sketch_item_new (STP_SKETCH_ITEM_STROKE);
      guint32 id;

      item->width = 6;
      for (int k = 0; k < 10; k++)
        stp_sketch_item_add_point (item, g_rand_double_range (rand, 0, W),
                                   g_rand_double_range (rand, 0, H), g_rand_double (rand));
      id = stp_sketch_history_add_item (history, item);
      if (first == 0)
        first = id;
      /* Edits redraw only their area. */
      assert_cache_matches (sketch, cache, &view);
    }
  g_assert_cmpuint (stp_sketch_render_cache_get_n_full_redraws (cache), ==, 1);
  g_assert_cmpuint (stp_sketch_render_cache_get_n_partial_redraws (cache), ==, 30);

  stp_sketch_history_move_items (history, &first, 1, 25, 13);
  assert_cache_matches (sketch, cache, &view);
  stp_sketch_history_undo (history);
  assert_cache_matches (sketch, cache, &view);

  /* A whole-pixel pan shifts pixels and draws the strips that came into view. */
  stp_sketch_view_pan (&view, 17, -9);
  assert_cache_matches (sketch, cache, &view);
  g_assert_cmpuint (stp_sketch_render_cache_get_n_full_redraws (cache), ==, 1);

  /* Hidden items (being dragged) leave the cache; a zoom redraws everything. */
  stp_sketch_render_cache_set_hidden (cache, &first, 1);
  stp_sketch_render_cache_update (cache, &view, W, H);
  stp_sketch_render_cache_set_hidden (cache, NULL, 0);
  assert_cache_matches (sketch, cache, &view);
  /* During a zoom gesture the old pixels are shown scaled, without a redraw. */
  {
    StpSketchView zoomed = view;
    cairo_surface_t *target = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
    cairo_t *cr = cairo_create (target);
    guint full = stp_sketch_render_cache_get_n_full_redraws (cache);

    g_assert_true (stp_sketch_render_cache_draw_stale (cache, cr, &view, W, H));
    cairo_set_source_rgb (cr, 1, 1, 1);
    cairo_paint (cr);
    stp_sketch_view_zoom_by (&zoomed, 2, 0, 0);
    g_assert_false (stp_sketch_render_cache_draw_stale (cache, cr, &zoomed, W, H));
    g_assert_cmpuint (stp_sketch_render_cache_get_n_full_redraws (cache), ==, full);
    /* The top-left quarter, doubled, covers the target with strokes. */
    cairo_destroy (cr);
    g_assert_cmpuint (count_inked (target), >, W * H / 10);
    cairo_surface_destroy (target);
  }
  stp_sketch_view_zoom_by (&view, 1.25, 100, 80);
  assert_cache_matches (sketch, cache, &view);
  g_assert_cmpuint (stp_sketch_render_cache_get_n_full_redraws (cache), ==, 2);
  stp_sketch_history_set_layer_opacity (history, STP_SKETCH_LAYER_HAIRLINE, 0.4);
  assert_cache_matches (sketch, cache, &view);
}

/* Everything a label or measurement inks lies inside its bounds, so the cache clears all
 * of it when the item moves. */
static void
test_text_bounds (void)
{
  static const char *texts[] = { "WWWWWWWW", "Temple gjpqy", "ÅÉÎ ÖÜ", "i" };

  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    for (int kind = 0; kind < 2; kind++)
      {
        g_autoptr(StpSketch) sketch = stp_sketch_new (W, H);
        StpSketchItem *item;
        const StpSketchItem *added;
        cairo_surface_t *s;
        StpSketchRect b;
        guint outside = 0, inked = 0;

        if (kind == 0)
          {
            item = stp_sketch_item_new (STP_SKETCH_ITEM_LABEL);
            stp_sketch_item_set_text (item, texts[t]);
            item->x = 5;
            item->y = 70;
            item->font_size = 26;
          }
        else
          {
            item = stp_sketch_item_new (STP_SKETCH_ITEM_MEASURE);
            stp_sketch_item_add_point (item, 10, 100, 1);
            stp_sketch_item_add_point (item, 90, 100, 1);
            /* 9999.9 mm: about the longest reading there is. */
            g_assert_true (stp_sketch_set_calibration (sketch, 0, 0, 80, 0, 9999.9, NULL));
          }
        stp_sketch_insert_item (sketch, -1, item);
        added = stp_sketch_get_item (sketch, 0);
        stp_sketch_item_get_bounds (added, &b);
        s = render_scene (sketch, STP_SKETCH_RENDER_ITEMS);
        for (int y = 0; y < H; y++)
          for (int x = 0; x < W; x++)
            if ((pixel_at (s, x, y) & 0xffffff) != 0xffffff)
              {
                inked++;
                if (x < b.x - 1 || y < b.y - 1 || x > b.x + b.width || y > b.y + b.height)
                  outside++;
              }
        g_assert_cmpuint (inked, >, 20);
        g_assert_cmpuint (outside, ==, 0);
        cairo_surface_destroy (s);
      }
}

static GdkPixbuf *
solid_photo (int     w,
             int     h,
             guint32 rgba)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, w, h);

  gdk_pixbuf_fill (pixbuf, rgba);
  return pixbuf;
}

static void
test_export_png (void)
{
  g_autoptr(StpSketch) sketch = stp_sketch_new (400, 300);
  g_autoptr(GdkPixbuf) photo = solid_photo (400, 300, 0xd0a080ff);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  StpSketchItem *item = stp_sketch_item_new (STP_SKETCH_ITEM_STROKE);
  GdkPixbuf *read;
  const guint8 *px;
  int stride, nc;

  item->width = 10;
  item->color = 0x0000ffff;
  stp_sketch_item_add_point (item, 50, 150, 1);
  stp_sketch_item_add_point (item, 350, 150, 1);
  stp_sketch_insert_item (sketch, -1, item);

  png = stp_sketch_export_png_bytes (sketch, photo, STP_SKETCH_RENDER_EXPORT, &error);
  g_assert_no_error (error);
  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, png, &error));
  g_assert_true (gdk_pixbuf_loader_close (loader, &error));
  read = gdk_pixbuf_loader_get_pixbuf (loader);
  g_assert_cmpint (gdk_pixbuf_get_width (read), ==, 400);
  g_assert_cmpint (gdk_pixbuf_get_height (read), ==, 300);
  px = gdk_pixbuf_read_pixels (read);
  stride = gdk_pixbuf_get_rowstride (read);
  nc = gdk_pixbuf_get_n_channels (read);
  /* The photo where nothing is drawn, the stroke's blue over it. */
  g_assert_cmpint (px[20 * stride + 20 * nc + 0], ==, 0xd0);
  g_assert_cmpint (px[20 * stride + 20 * nc + 1], ==, 0xa0);
  g_assert_cmpint (px[20 * stride + 20 * nc + 2], ==, 0x80);
  g_assert_cmpint (px[150 * stride + 200 * nc + 0], ==, 0);
  g_assert_cmpint (px[150 * stride + 200 * nc + 2], ==, 0xff);

  /* The thumbnail keeps the aspect ratio. */
  {
    g_autoptr(GBytes) thumb = stp_sketch_render_thumbnail (sketch, photo, 160, &error);
    g_autoptr(GdkPixbufLoader) l2 = gdk_pixbuf_loader_new ();

    g_assert_no_error (error);
    g_assert_true (gdk_pixbuf_loader_write_bytes (l2, thumb, &error));
    g_assert_true (gdk_pixbuf_loader_close (l2, &error));
    g_assert_cmpint (gdk_pixbuf_get_width (gdk_pixbuf_loader_get_pixbuf (l2)), ==, 160);
    g_assert_cmpint (gdk_pixbuf_get_height (gdk_pixbuf_loader_get_pixbuf (l2)), ==, 120);
  }
}

typedef struct
{
  GPtrArray *groups;     /* "id|label|style" of each <g> */
  GString   *texts;      /* all text content */
  guint      paths;
} SvgSeen;

static void
svg_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              user_data,
           GError              **error)
{
  SvgSeen *seen = user_data;

  if (strcmp (element, "g") == 0)
    {
      const char *id = "", *label = "", *style = "";
      for (int i = 0; names[i] != NULL; i++)
        {
          if (strcmp (names[i], "id") == 0)
            id = values[i];
          else if (strcmp (names[i], "inkscape:label") == 0)
            label = values[i];
          else if (strcmp (names[i], "style") == 0)
            style = values[i];
        }
      g_ptr_array_add (seen->groups, g_strdup_printf ("%s|%s|%s", id, label, style));
    }
  else if (strcmp (element, "path") == 0)
    seen->paths++;
}

static void
svg_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 len,
          gpointer              user_data,
          GError              **error)
{
  SvgSeen *seen = user_data;
  const char *element = g_markup_parse_context_get_element (context);

  if (g_strcmp0 (element, "text") == 0 || g_strcmp0 (element, "title") == 0)
    {
      g_string_append_len (seen->texts, text, len);
      g_string_append_c (seen->texts, '\n');
    }
}

static void
test_export_svg (void)
{
  g_autoptr(StpSketch) sketch = stp_sketch_new (640, 480);
  g_autofree char *svg = NULL;
  g_autoptr(GError) error = NULL;
  GMarkupParser parser = { svg_start, NULL, svg_text, NULL, NULL };
  SvgSeen seen = { g_ptr_array_new_with_free_func (g_free), g_string_new (NULL), 0 };
  GMarkupParseContext *context;
  StpSketchItem *item;

  stp_sketch_set_name (sketch, "Revision <2027> & \"more\"");
  item = hairline_curve ();
  item->mirrored = TRUE;
  stp_sketch_insert_item (sketch, -1, item);
  item = stp_sketch_item_new (STP_SKETCH_ITEM_LABEL);
  stp_sketch_item_set_text (item, "Scar <left> & 'graft' \"2019\"\x01");
  item->x = 10;
  item->y = 20;
  stp_sketch_insert_item (sketch, -1, item);
  item = stp_sketch_item_new (STP_SKETCH_ITEM_STROKE);
  for (int i = 0; i < 5; i++)
    stp_sketch_item_add_point (item, 100 + i * 10, 200, 0.5);
  stp_sketch_insert_item (sketch, -1, item);
  stp_sketch_set_layer_visible (sketch, STP_SKETCH_LAYER_SCARS, FALSE);

  svg = stp_sketch_to_svg (sketch, NULL);
  g_assert_true (g_str_has_prefix (svg, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "));
  g_assert_nonnull (strstr (svg, "viewBox=\"0 0 640 480\""));
  /* Well-formed XML: GMarkup refuses anything else, control characters included. */
  context = g_markup_parse_context_new (&parser, 0, &seen, NULL);
  g_assert_true (g_markup_parse_context_parse (context, svg, -1, &error));
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_markup_parse_context_free (context);

  g_assert_cmpuint (seen.groups->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (seen.groups, 0), ==, "layer-hairline|Hairline|");
  g_assert_cmpstr (g_ptr_array_index (seen.groups, 1), ==, "layer-areas|Treatment areas|");
  g_assert_cmpstr (g_ptr_array_index (seen.groups, 2), ==, "layer-scars|Scars|display:none");
  g_assert_cmpstr (g_ptr_array_index (seen.groups, 3), ==, "layer-notes|Notes|");
  g_assert_cmpuint (seen.paths, ==, 2);
  g_assert_nonnull (strstr (seen.texts->str, "Revision <2027> & \"more\"\n"));
  g_assert_nonnull (strstr (seen.texts->str, "Scar <left> & 'graft' \"2019\"\n"));

  g_ptr_array_unref (seen.groups);
  g_string_free (seen.texts, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sketch/render/golden/stroke-pressure", test_golden_stroke);
  g_test_add_func ("/sketch/render/golden/curve-mirrored", test_golden_curve);
  g_test_add_func ("/sketch/render/golden/region-treatment", test_golden_treatment);
  g_test_add_func ("/sketch/render/golden/region-scar", test_golden_scar);
  g_test_add_func ("/sketch/render/golden/label", test_golden_label);
  g_test_add_func ("/sketch/render/golden/measure", test_golden_measure);
  g_test_add_func ("/sketch/render/golden/layers", test_golden_layers);
  g_test_add_func ("/sketch/render/cache", test_cache);
  g_test_add_func ("/sketch/render/text-bounds", test_text_bounds);
  g_test_add_func ("/sketch/render/export-png", test_export_png);
  g_test_add_func ("/sketch/render/export-svg", test_export_svg);

  return g_test_run ();
}
