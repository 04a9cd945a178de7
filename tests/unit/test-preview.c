/* test-preview.c: the SMP preview's dots (density, blue noise, determinism, hairline
 * edges, scars, sessions, shades) and their rendering.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "stipple/stipple.h"
#include "test-util.h"

/* A polygon region; returns its id. */
static guint32
add_polygon (StpSketch           *sketch,
             const double        *xy,
             guint                n,
             StpSketchRegionRole  role,
             double               density,
             const char          *shade)
{
  StpSketchItem *item = stp_sketch_item_new (STP_SKETCH_ITEM_REGION);

  for (guint i = 0; i < n; i++)
    stp_sketch_item_add_point (item, xy[2 * i], xy[2 * i + 1], 1.0);
  item->role = role;
  item->layer = role == STP_SKETCH_ROLE_SCAR ? STP_SKETCH_LAYER_SCARS : STP_SKETCH_LAYER_AREAS;
  item->density = density;
  stp_sketch_item_set_shade (item, shade);
  return stp_sketch_insert_item (sketch, -1, item);
}

static guint32
add_rect (StpSketch           *sketch,
          double               x0,
          double               y0,
          double               x1,
          double               y1,
          StpSketchRegionRole  role,
          double               density)
{
  double xy[8] = { x0, y0, x1, y0, x1, y1, x0, y1 };

  return add_polygon (sketch, xy, 4, role, density, "black");
}

/* A smooth closed region through the points. */
static guint32
add_blob (StpSketch    *sketch,
          const double *xy,
          guint         n,
          double        density)
{
  StpSketchItem *item = stp_sketch_item_new (STP_SKETCH_ITEM_REGION);

  for (guint i = 0; i < n; i++)
    {
      StpSketchNode node = { xy[2 * i], xy[2 * i + 1], 0, 0, 0, 0 };
      stp_sketch_item_add_node (item, &node);
    }
  item->smooth = TRUE;
  item->density = density;
  stp_sketch_item_auto_handles (item, TRUE);
  return stp_sketch_insert_item (sketch, -1, item);
}

/* A straight hairline curve through the points (handles on the line). */
static guint32
add_curve (StpSketch    *sketch,
           const double *xy,
           guint         n)
{
  StpSketchItem *item = stp_sketch_item_new (STP_SKETCH_ITEM_CURVE);

  for (guint i = 0; i < n; i++)
    {
      StpSketchNode node = { xy[2 * i], xy[2 * i + 1], xy[2 * i], xy[2 * i + 1],
                             xy[2 * i], xy[2 * i + 1] };
      stp_sketch_item_add_node (item, &node);
    }
  return stp_sketch_insert_item (sketch, -1, item);
}

static void
calibrate (StpSketch *sketch,
           double     mm_per_px)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (stp_sketch_set_calibration (sketch, 0, 0, 100, 0, 100 * mm_per_px, &error));
  g_assert_no_error (error);
}

static StpPreviewDots *
generate (StpSketch        *sketch,
          StpPreviewParams *params)
{
  g_autoptr(GError) error = NULL;
  StpPreviewParams defaults;
  StpPreviewDots *dots;

  if (params == NULL)
    {
      stp_preview_params_init (&defaults);
      params = &defaults;
    }
  dots = stp_preview_generate (sketch, params, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dots);
  return dots;
}

static gboolean
in_polygon (const double *xy,
            guint         n,
            double        x,
            double        y)
{
  gboolean inside = FALSE;

  for (guint i = 0, j = n - 1; i < n; j = i++)
    if ((xy[2 * i + 1] > y) != (xy[2 * j + 1] > y) &&
        x < xy[2 * i] + (y - xy[2 * i + 1]) * (xy[2 * j] - xy[2 * i]) /
                        (xy[2 * j + 1] - xy[2 * i + 1]))
      inside = !inside;
  return inside;
}

static double
polygon_area (const double *xy,
              guint         n)
{
  double a = 0;

  for (guint i = 0, j = n - 1; i < n; j = i++)
    a += xy[2 * j] * xy[2 * i + 1] - xy[2 * i] * xy[2 * j + 1];
  return fabs (a) / 2;
}

static guint
count_in_polygon (const StpPreviewDots *dots,
                  const double         *xy,
                  guint                 n)
{
  guint count = 0;

  for (guint k = 0; k < dots->n_dots; k++)
    count += in_polygon (xy, n, dots->x[k], dots->y[k]);
  return count;
}

static void
assert_near_count (guint  got,
                   double expected,
                   double tolerance)
{
  if (fabs (got - expected) > tolerance * expected)
    g_error ("%u dots where %.1f were asked (more than %.0f%% off)", got, expected,
             tolerance * 100);
}

/* Several regions of different shapes and densities, at several scales: the count of
 * dots in each is its density times its area, within 5%. */
static void
test_density (void)
{
  static const double scales[] = { 0.0, 0.08, 0.2 };  /* 0: not calibrated */
  static const double tri[] = { 1100, 900, 1800, 950, 1400, 1500 };
  static const double poly[] = { 200, 1000, 700, 1000, 900, 1300, 600, 1700, 300, 1500,
                                 450, 1300 };
  static const double blob[] = { 1300, 200, 1800, 300, 1700, 700, 1200, 600 };

  for (guint s = 0; s < G_N_ELEMENTS (scales); s++)
    {
      g_autoptr(StpSketch) sketch = stp_sketch_new (2000, 2000);
      g_autoptr(StpPreviewDots) dots = NULL;
      double rect[8] = { 100, 100, 900, 100, 900, 700, 100, 700 };
      double mm, cm2_per_px2;
      guint in_blob;

      if (scales[s] > 0)
        calibrate (sketch, scales[s]);
      add_polygon (sketch, rect, 4, STP_SKETCH_ROLE_TREATMENT, 60, "black");
      add_polygon (sketch, tri, 3, STP_SKETCH_ROLE_TREATMENT, 150, "dark brown");
      add_polygon (sketch, poly, 6, STP_SKETCH_ROLE_TREATMENT, 0, "");  /* the default */
      add_blob (sketch, blob, 4, 250);
      dots = generate (sketch, NULL);

      g_assert_cmpint (dots->calibrated, ==, scales[s] > 0);
      mm = scales[s] > 0 ? scales[s] : STP_PREVIEW_UNCALIBRATED_SPAN_MM / 2000.0;
      g_assert_cmpfloat_with_epsilon (dots->mm_per_pixel, mm, 1e-9);
      g_assert_cmpuint (dots->n_regions, ==, 4);
      cm2_per_px2 = mm * mm / 100.0;

      assert_near_count (count_in_polygon (dots, rect, 4),
                         60 * polygon_area (rect, 4) * cm2_per_px2, 0.05);
      assert_near_count (count_in_polygon (dots, tri, 3),
                         150 * polygon_area (tri, 3) * cm2_per_px2, 0.05);
      assert_near_count (count_in_polygon (dots, poly, 6),
                         STP_PREVIEW_DEFAULT_DENSITY * polygon_area (poly, 6) * cm2_per_px2,
                         0.05);
      in_blob = dots->n_dots - count_in_polygon (dots, rect, 4) -
                count_in_polygon (dots, tri, 3) - count_in_polygon (dots, poly, 6);
      if (scales[s] > 0)
        {
          g_autoptr(GError) error = NULL;
          const StpSketchItem *item = stp_sketch_get_item (sketch, 3);
          double area = stp_sketch_region_area_cm2 (sketch, item, &error);

          g_assert_no_error (error);
          assert_near_count (in_blob, 250 * area, 0.05);
        }
    }
}

/* Pairs closer than d, found with a grid of cells d wide. */
static guint
count_close_pairs (const float *x,
                   const float *y,
                   guint        n,
                   double       d)
{
  g_autoptr(GHashTable) cells = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       (GDestroyNotify)g_array_unref);
  guint close = 0;

  for (guint k = 0; k < n; k++)
    {
      gint64 *key = g_new (gint64, 1);
      GArray *list;

      *key = ((gint64)floor (x[k] / d) << 32) + (gint64)floor (y[k] / d);
      list = g_hash_table_lookup (cells, key);
      if (list == NULL)
        {
          list = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (cells, key, list);
        }
      else
        g_free (key);
      g_array_append_val (list, k);
    }
  for (guint k = 0; k < n; k++)
    for (int j = -1; j <= 1; j++)
      for (int i = -1; i <= 1; i++)
        {
          gint64 key = ((gint64)(floor (x[k] / d) + i) << 32) + (gint64)floor (y[k] / d) + j;
          GArray *list = g_hash_table_lookup (cells, &key);

          for (guint m = 0; list != NULL && m < list->len; m++)
            {
              guint o = g_array_index (list, guint, m);
              if (o > k && hypot (x[o] - x[k], y[o] - y[k]) < d)
                close++;
            }
        }
  return close;
}

/* The largest distance from a point well inside the rectangle to its nearest dot, over
 * a fine lattice of points: the radius of the largest empty disc, about. */
static double
largest_gap (const float *x,
             const float *y,
             guint        n,
             double       x0,
             double       y0,
             double       x1,
             double       y1,
             double       step)
{
  double worst = 0;

  for (double py = y0; py <= y1; py += step)
    for (double px = x0; px <= x1; px += step)
      {
        double best = G_MAXDOUBLE;
        for (guint k = 0; k < n; k++)
          {
            double d = (x[k] - px) * (x[k] - px) + (y[k] - py) * (y[k] - py);
            best = MIN (best, d);
          }
        worst = MAX (worst, sqrt (best));
      }
  return worst;
}

/* No two dots closer than the minimum distance; no holes much larger than it; and a
 * white-noise set of the same density, tested the same way, has both faults (so the
 * test can tell). */
static void
test_blue_noise (void)
{
  g_autoptr(StpSketch) sketch = stp_sketch_new (1200, 1200);
  g_autoptr(StpPreviewDots) dots = NULL;
  g_autofree float *wx = NULL, *wy = NULL;
  guint n_window = 0;
  g_autofree float *sx = NULL, *sy = NULL;
  GRand *rand;
  double d, gap, white_gap;

  calibrate (sketch, 0.1);
  add_rect (sketch, 100, 100, 1100, 1100, STP_SKETCH_ROLE_TREATMENT, 120);
  dots = generate (sketch, NULL);
  d = dots->min_distance;
  g_assert_cmpfloat (d, >, 1.0);
  g_assert_cmpuint (dots->n_dots, >, 10000);

  /* Float coordinates round in the last bit; a hundredth of a pixel covers that. */
  g_assert_cmpuint (count_close_pairs (dots->x, dots->y, dots->n_dots, d - 0.01), ==, 0);

  /* Holes: only within a window, to keep the brute-force search short. */
  sx = g_new (float, dots->n_dots);
  sy = g_new (float, dots->n_dots);
  for (guint k = 0; k < dots->n_dots; k++)
    if (dots->x[k] > 350 && dots->x[k] < 650 && dots->y[k] > 350 && dots->y[k] < 650)
      {
        sx[n_window] = dots->x[k];
        sy[n_window] = dots->y[k];
        n_window++;
      }
  gap = largest_gap (sx, sy, n_window, 400, 400, 600, 600, d / 4);
  g_test_message ("min distance %.2f px, largest gap %.2f px", d, gap);
  g_assert_cmpfloat (gap, <=, 1.45 * d);

  /* The same number of dots at random. */
  rand = g_rand_new_with_seed (7);
  wx = g_new (float, n_window);
  wy = g_new (float, n_window);
  for (guint k = 0; k < n_window; k++)
    {
      wx[k] = g_rand_double_range (rand, 350, 650);
      wy[k] = g_rand_double_range (rand, 350, 650);
    }
  g_rand_free (rand);
  white_gap = largest_gap (wx, wy, n_window, 400, 400, 600, 600, d / 4);
  g_test_message ("white noise: largest gap %.2f px", white_gap);
  g_assert_cmpfloat (white_gap, >, 1.45 * d);
  g_assert_cmpuint (count_close_pairs (wx, wy, n_window, d - 0.01), >, 0);
}

static gboolean
dots_equal (const StpPreviewDots *a,
            const StpPreviewDots *b)
{
  return a->n_dots == b->n_dots && a->n_colors == b->n_colors &&
         memcmp (a->x, b->x, a->n_dots * sizeof (float)) == 0 &&
         memcmp (a->y, b->y, a->n_dots * sizeof (float)) == 0 &&
         memcmp (a->radius, b->radius, a->n_dots * sizeof (float)) == 0 &&
         memcmp (a->opacity, b->opacity, a->n_dots * sizeof (float)) == 0 &&
         memcmp (a->softness, b->softness, a->n_dots * sizeof (float)) == 0 &&
         memcmp (a->color, b->color, a->n_dots) == 0 &&
         memcmp (a->palette, b->palette, a->n_colors * sizeof (StpPreviewColor)) == 0;
}

static StpSketch *
hairline_sketch (double region_bottom)
{
  StpSketch *sketch = stp_sketch_new (1000, 800);
  double line[6] = { 50, 600, 500, 600, 950, 600 };

  calibrate (sketch, 0.1);
  add_rect (sketch, 100, 100, 900, region_bottom, STP_SKETCH_ROLE_TREATMENT, 300);
  add_curve (sketch, line, 3);
  return sketch;
}

/* The same sketch and seed give byte-identical dots, also from a copy of the sketch;
 * another seed gives other dots. */
static void
test_determinism (void)
{
  g_autoptr(StpSketch) sketch = hairline_sketch (600);
  g_autoptr(StpSketch) copy = stp_sketch_copy (sketch);
  g_autoptr(StpPreviewDots) a = NULL, b = NULL, c = NULL;
  StpPreviewParams params;
  double scar[8] = { 300, 300, 500, 300, 500, 330, 300, 330 };

  add_polygon (sketch, scar, 4, STP_SKETCH_ROLE_SCAR, 0, "");
  add_polygon (copy, scar, 4, STP_SKETCH_ROLE_SCAR, 0, "");
  stp_preview_params_init (&params);
  params.seed = 42;
  a = generate (sketch, &params);
  b = generate (copy, &params);
  g_assert_cmpuint (a->n_dots, >, 1000);
  g_assert_true (dots_equal (a, b));

  params.seed = 43;
  c = generate (sketch, &params);
  g_assert_false (dots_equal (a, c));
  /* Not merely shifted in order: most positions differ. */
  g_assert_cmpint (memcmp (a->x, c->x, MIN (a->n_dots, c->n_dots) * sizeof (float)), !=, 0);
}

/* Counts of dots by signed depth inside the line (y = 600, inside is above), in bins of
 * width px from -2 bins up, for x away from the region's sides. */
static void
depth_histogram (const StpPreviewDots *dots,
                 double                width,
                 guint                *bins,
                 guint                 n_bins)
{
  memset (bins, 0, n_bins * sizeof (guint));
  for (guint k = 0; k < dots->n_dots; k++)
    {
      double depth = 600 - dots->y[k];
      int bin = (int)floor (depth / width) + 2;

      if (dots->x[k] < 200 || dots->x[k] > 800 || bin < 0 || bin >= (int)n_bins)
        continue;
      bins[bin]++;
    }
}

/* Soft: the density rises steadily from the line across the band, a few dots stray
 * below the line but not beyond half the band, and the full density is reached. */
static void
test_edge_soft (void)
{
  g_autoptr(StpSketch) sketch = hairline_sketch (600);
  g_autoptr(StpPreviewDots) dots = NULL;
  StpPreviewParams params;
  guint bins[10];
  double band_px = 80;   /* 8 mm at 0.1 mm per pixel */
  double bin_width = band_px / 4;
  double plateau;
  guint strays = 0;

  stp_preview_params_init (&params);
  params.edge = STP_PREVIEW_EDGE_SOFT;
  params.band_mm = 8;
  dots = generate (sketch, &params);
  depth_histogram (dots, bin_width, bins, G_N_ELEMENTS (bins));
  for (guint i = 0; i < G_N_ELEMENTS (bins); i++)
    g_test_message ("depth %+.0f..%+.0f px: %u dots", (i - 2.0) * bin_width,
                    (i - 1.0) * bin_width, bins[i]);

  /* Outside (bins 0 and 1): the strays, fewer further out, none beyond half the band. */
  g_assert_cmpuint (bins[0], >, 0);
  for (guint k = 0; k < dots->n_dots; k++)
    if (dots->y[k] > 600)
      {
        g_assert_cmpfloat (dots->y[k] - 600, <=, band_px / 2 + 0.01);
        strays++;
      }
  g_assert_cmpuint (strays, >, 5);
  /* Rising from the strays across the band (bins 2..5: the last of them is within a few
   * percent of full, so it is only compared with the one before), then level at the
   * full density beyond it. */
  plateau = (bins[6] + bins[7] + bins[8] + bins[9]) / 4.0;
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (bins[i], <, bins[i + 1]);
  g_assert_cmpfloat (bins[2], <, 0.4 * plateau);
  g_assert_cmpfloat (bins[5], >, 0.8 * plateau);
  for (guint i = 6; i < 10; i++)
    g_assert_cmpfloat (fabs (bins[i] - plateau), <, 0.12 * plateau);
}

/* Sharp: the region is drawn 60 px past the line; no dot lies below the line, and the
 * density right inside the line is the full density (a crisp edge, not a fade). */
static void
test_edge_sharp (void)
{
  g_autoptr(StpSketch) sketch = hairline_sketch (660);
  g_autoptr(StpPreviewDots) dots = NULL;
  StpPreviewParams params;
  guint bins[10];

  stp_preview_params_init (&params);
  params.edge = STP_PREVIEW_EDGE_SHARP;
  dots = generate (sketch, &params);
  for (guint k = 0; k < dots->n_dots; k++)
    if (dots->x[k] >= 50 && dots->x[k] <= 950)
      g_assert_cmpfloat (dots->y[k], <=, 600.0);
  depth_histogram (dots, 20, bins, G_N_ELEMENTS (bins));
  g_assert_cmpuint (bins[0] + bins[1], ==, 0);
  g_assert_cmpfloat (fabs ((double)bins[2] - bins[6]), <, 0.15 * bins[6]);

  /* The soft style on the same drawing does put dots below the line. */
  params.edge = STP_PREVIEW_EDGE_SOFT;
  g_clear_pointer (&dots, stp_preview_dots_unref);
  dots = generate (sketch, &params);
  depth_histogram (dots, 20, bins, G_N_ELEMENTS (bins));
  g_assert_cmpuint (bins[1], >, 0);
}

/* A mirrored hairline shapes both sides: drawn on the right only, its mirror image
 * about the midline (x = 500) cuts the left side's dots as well. */
static void
test_edge_mirrored (void)
{
  g_autoptr(StpSketch) sketch = stp_sketch_new (1000, 800);
  g_autoptr(StpPreviewDots) dots = NULL;
  StpSketchItem *curve = stp_sketch_item_new (STP_SKETCH_ITEM_CURVE);
  StpPreviewParams params;
  StpSketchNode a = { 530, 600, 530, 600, 530, 600 };
  StpSketchNode b = { 950, 600, 950, 600, 950, 600 };
  guint below_left = 0, below_gap = 0;

  calibrate (sketch, 0.1);
  add_rect (sketch, 100, 100, 900, 660, STP_SKETCH_ROLE_TREATMENT, 300);
  stp_sketch_item_add_node (curve, &a);
  stp_sketch_item_add_node (curve, &b);
  curve->mirrored = TRUE;
  stp_sketch_insert_item (sketch, -1, curve);
  stp_preview_params_init (&params);
  params.edge = STP_PREVIEW_EDGE_SHARP;
  dots = generate (sketch, &params);

  g_assert_cmpfloat (stp_sketch_get_midline_x (sketch), ==, 500);
  for (guint k = 0; k < dots->n_dots; k++)
    {
      if (dots->y[k] <= 600)
        continue;
      if (dots->x[k] < 465 || dots->x[k] > 535)
        g_error ("dot at %.1f, %.1f below a hairline", dots->x[k], dots->y[k]);
      below_gap++;
    }
  for (guint k = 0; k < dots->n_dots; k++)
    below_left += dots->x[k] < 470 && dots->y[k] <= 600;
  /* Between the curve and its mirror image there is no line: the region goes on. */
  g_assert_cmpuint (below_gap, >, 0);
  g_assert_cmpuint (below_left, >, 1000);
}

/* A scar inside a treatment area is filled at that area's density; one outside every
 * area gets the density of the nearest. */
static void
test_scar (void)
{
  g_autoptr(StpSketch) sketch = stp_sketch_new (2000, 1000);
  g_autoptr(StpPreviewDots) dots = NULL;
  double inner[8] = { 300, 300, 700, 300, 700, 420, 300, 420 };
  double outer[8] = { 1300, 300, 1700, 300, 1700, 420, 1300, 420 };
  double around[8] = { 100, 100, 900, 100, 900, 900, 100, 900 };
  double cm2 = 0.1 * 0.1 / 100;

  calibrate (sketch, 0.1);
  add_polygon (sketch, around, 4, STP_SKETCH_ROLE_TREATMENT, 200, "black");
  add_polygon (sketch, inner, 4, STP_SKETCH_ROLE_SCAR, 0, "");
  add_polygon (sketch, outer, 4, STP_SKETCH_ROLE_SCAR, 0, "");
  dots = generate (sketch, NULL);

  /* Inside: one pattern, not two laid on each other. */
  assert_near_count (count_in_polygon (dots, inner, 4), 200 * polygon_area (inner, 4) * cm2,
                     0.08);
  assert_near_count (count_in_polygon (dots, around, 4), 200 * polygon_area (around, 4) * cm2,
                     0.05);
  assert_near_count (count_in_polygon (dots, outer, 4), 200 * polygon_area (outer, 4) * cm2,
                     0.08);
  /* Scars count as regions only when they stand alone. */
  g_assert_cmpuint (dots->n_regions, ==, 2);
}

/* Two treatment areas drawn over each other: the overlap has the density of the first,
 * not the sum of both. */
static void
test_overlap (void)
{
  g_autoptr(StpSketch) sketch = stp_sketch_new (1200, 800);
  g_autoptr(StpPreviewDots) dots = NULL;
  double first[8] = { 100, 100, 700, 100, 700, 700, 100, 700 };
  double second[8] = { 400, 100, 1100, 100, 1100, 700, 400, 700 };
  double overlap[8] = { 400, 100, 700, 100, 700, 700, 400, 700 };
  double only_second[8] = { 700, 100, 1100, 100, 1100, 700, 700, 700 };
  double cm2 = 0.1 * 0.1 / 100;

  calibrate (sketch, 0.1);
  add_polygon (sketch, first, 4, STP_SKETCH_ROLE_TREATMENT, 150, "black");
  add_polygon (sketch, second, 4, STP_SKETCH_ROLE_TREATMENT, 300, "brown");
  dots = generate (sketch, NULL);
  assert_near_count (count_in_polygon (dots, overlap, 4), 150 * polygon_area (overlap, 4) * cm2,
                     0.06);
  assert_near_count (count_in_polygon (dots, only_second, 4),
                     300 * polygon_area (only_second, 4) * cm2, 0.05);
}

/* Session 1 is about half the dots and lighter, session 2 most of them; each session's
 * dots are among the next one's; years later the same dots are lighter, larger and
 * softer. */
static void
test_sessions (void)
{
  g_autoptr(StpSketch) sketch = stp_sketch_new (1000, 1000);
  StpPreviewDots *dots[STP_PREVIEW_N_SESSIONS];
  StpPreviewParams params;
  double mean_opacity[STP_PREVIEW_N_SESSIONS], mean_radius[STP_PREVIEW_N_SESSIONS];
  double mean_soft[STP_PREVIEW_N_SESSIONS];
  g_autoptr(GHashTable) full = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree gint64 *keys = NULL;

  calibrate (sketch, 0.1);
  add_rect (sketch, 100, 100, 900, 900, STP_SKETCH_ROLE_TREATMENT, 150);
  stp_preview_params_init (&params);
  for (int s = 0; s < STP_PREVIEW_N_SESSIONS; s++)
    {
      params.session = s;
      dots[s] = generate (sketch, &params);
      mean_opacity[s] = mean_radius[s] = mean_soft[s] = 0;
      for (guint k = 0; k < dots[s]->n_dots; k++)
        {
          mean_opacity[s] += dots[s]->opacity[k] / dots[s]->n_dots;
          mean_radius[s] += dots[s]->radius[k] / dots[s]->n_dots;
          mean_soft[s] += dots[s]->softness[k] / dots[s]->n_dots;
        }
      g_assert_nonnull (stp_preview_session_get_label (s));
    }

  assert_near_count (dots[STP_PREVIEW_SESSION_1]->n_dots,
                     0.5 * dots[STP_PREVIEW_SESSION_3]->n_dots, 0.05);
  assert_near_count (dots[STP_PREVIEW_SESSION_2]->n_dots,
                     0.8 * dots[STP_PREVIEW_SESSION_3]->n_dots, 0.05);
  g_assert_cmpuint (dots[STP_PREVIEW_FADED]->n_dots, ==, dots[STP_PREVIEW_SESSION_3]->n_dots);
  g_assert_cmpfloat (mean_opacity[STP_PREVIEW_SESSION_1], <, mean_opacity[STP_PREVIEW_SESSION_2]);
  g_assert_cmpfloat (mean_opacity[STP_PREVIEW_SESSION_2], <, mean_opacity[STP_PREVIEW_SESSION_3]);
  g_assert_cmpfloat (mean_opacity[STP_PREVIEW_FADED], <, 0.8 * mean_opacity[STP_PREVIEW_SESSION_3]);
  g_assert_cmpfloat (mean_radius[STP_PREVIEW_FADED], >, mean_radius[STP_PREVIEW_SESSION_3]);
  g_assert_cmpfloat (mean_soft[STP_PREVIEW_FADED], >, mean_soft[STP_PREVIEW_SESSION_3]);

  /* Nested: every dot of session 1 and 2 is a dot of session 3. */
  keys = g_new (gint64, dots[STP_PREVIEW_SESSION_3]->n_dots);
  for (guint k = 0; k < dots[STP_PREVIEW_SESSION_3]->n_dots; k++)
    {
      guint32 xb, yb;
      memcpy (&xb, &dots[STP_PREVIEW_SESSION_3]->x[k], 4);
      memcpy (&yb, &dots[STP_PREVIEW_SESSION_3]->y[k], 4);
      keys[k] = ((gint64)xb << 32) | yb;
      g_hash_table_add (full, &keys[k]);
    }
  for (int s = STP_PREVIEW_SESSION_1; s <= STP_PREVIEW_SESSION_2; s++)
    for (guint k = 0; k < dots[s]->n_dots; k++)
      {
        guint32 xb, yb;
        gint64 key;
        memcpy (&xb, &dots[s]->x[k], 4);
        memcpy (&yb, &dots[s]->y[k], 4);
        key = ((gint64)xb << 32) | yb;
        g_assert_true (g_hash_table_contains (full, &key));
      }

  for (int s = 0; s < STP_PREVIEW_N_SESSIONS; s++)
    stp_preview_dots_unref (dots[s]);
}

static double
luma (const StpPreviewColor *c)
{
  return 0.3 * c->r + 0.59 * c->g + 0.11 * c->b;
}

static void
test_shades (void)
{
  StpPreviewColor black, brown, dark_brown, diluted, grey, hex, none;

  g_assert_true (stp_preview_shade_to_color ("#ff8000", &hex));
  g_assert_cmpfloat_with_epsilon (hex.r, 1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (hex.g, 128 / 255.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (hex.b, 0.0, 1e-6);
  g_assert_true (stp_preview_shade_to_color ("Black", &black));
  g_assert_true (stp_preview_shade_to_color ("brown", &brown));
  g_assert_true (stp_preview_shade_to_color ("Dark Brown", &dark_brown));
  g_assert_true (stp_preview_shade_to_color ("black 1:40", &diluted));
  g_assert_true (stp_preview_shade_to_color ("light grey", &grey));
  g_assert_false (stp_preview_shade_to_color ("", &none));
  g_assert_false (stp_preview_shade_to_color ("house blend no. 7", &none));

  g_assert_cmpfloat (brown.r, >, brown.b);                /* warm */
  g_assert_cmpfloat (luma (&dark_brown), <, luma (&brown));
  g_assert_cmpfloat (luma (&diluted), >, luma (&black) + 0.15);
  g_assert_cmpfloat (luma (&grey), >, luma (&black));
  g_assert_cmpfloat (luma (&none), <, 0.3);               /* the default is dark */
}

static GdkPixbuf *
skin_photo (int width,
            int height)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  guint8 *p = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);

  /* A warm skin tone with a gentle gradient, as a scalp under clinic light. */
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *q = p + y * stride + 3 * x;
        q[0] = 224 - (x * 24) / width;
        q[1] = 182 - (y * 20) / height;
        q[2] = 150;
      }
  return pixbuf;
}

static void
get_rgb (cairo_surface_t *surface,
         int              x,
         int              y,
         int             *r,
         int             *g,
         int             *b)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint32 v = *(const guint32 *)(data + y * cairo_image_surface_get_stride (surface) + 4 * x);

  *r = (v >> 16) & 0xff;
  *g = (v >> 8) & 0xff;
  *b = v & 0xff;
}

static StpSketch *
reference_sketch (void)
{
  StpSketch *sketch = stp_sketch_new (240, 160);
  double line[6] = { 10, 110, 120, 95, 230, 110 };

  calibrate (sketch, 0.08);
  add_rect (sketch, 20, 20, 220, 120, STP_SKETCH_ROLE_TREATMENT, 150);
  add_curve (sketch, line, 3);
  return sketch;
}

/* The photo with the dots matches the reference image within a small tolerance, and
 * pixels away from every dot are the photo's own. Set STIPPLE_UPDATE_GOLDEN=1 to
 * write the reference again (then look at it). */
static void
test_render_reference (void)
{
  g_autoptr(StpSketch) sketch = reference_sketch ();
  g_autoptr(StpPreviewDots) dots = generate (sketch, NULL);
  g_autoptr(GdkPixbuf) photo = skin_photo (240, 160);
  cairo_surface_t *plain = stp_preview_surface_from_pixbuf (photo);
  cairo_surface_t *got = stp_preview_render_photo (dots, photo);
  cairo_surface_t *want;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "preview", "reference.png",
                                                 NULL);
  guint differing = 0, darker = 0;
  int width = 240, height = 160;

  if (g_getenv ("STIPPLE_UPDATE_GOLDEN") != NULL)
    g_assert_cmpint (cairo_surface_write_to_png (got, path), ==, CAIRO_STATUS_SUCCESS);
  want = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (want), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (want), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (want), ==, height);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        int r, g, b, wr, wg, wb, pr, pg, pb;

        get_rgb (got, x, y, &r, &g, &b);
        get_rgb (want, x, y, &wr, &wg, &wb);
        get_rgb (plain, x, y, &pr, &pg, &pb);
        if (ABS (r - wr) > 6 || ABS (g - wg) > 6 || ABS (b - wb) > 6)
          differing++;
        /* Above and beside the region (with a margin for a dot's edge) the photo is
         * untouched; below it the soft hairline's strays may fall. */
        if (y < 10 || ((x < 10 || x > 230) && y < 90))
          {
            g_assert_cmpint (r, ==, pr);
            g_assert_cmpint (g, ==, pg);
            g_assert_cmpint (b, ==, pb);
          }
        else if (x > 20 && x < 220 && y > 20 && y < 90 && r + g + b < pr + pg + pb - 30)
          darker++;
      }
  g_test_message ("%u pixels differ from the reference, %u darker than the photo",
                  differing, darker);
  g_assert_cmpuint (differing, <=, width * height / 100);
  /* The dots show: a good share of the region is visibly darker. */
  g_assert_cmpuint (darker, >, 200 * 70 / 8);

  cairo_surface_destroy (plain);
  cairo_surface_destroy (got);
  cairo_surface_destroy (want);
}

/* Dots across a small surface's edges, through a view that zooms and pans, change only
 * the surface's own pixels (ASan watches the writes) and the corners far from any dot
 * stay as they were. */
static void
test_render_clip (void)
{
  g_autoptr(StpSketch) sketch = stp_sketch_new (400, 400);
  g_autoptr(StpPreviewDots) dots = NULL;
  StpSketchView view;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 50, 40);
  const guint8 *data;
  int stride;

  calibrate (sketch, 0.1);
  add_rect (sketch, 0, 0, 400, 400, STP_SKETCH_ROLE_TREATMENT, 300);
  dots = generate (sketch, NULL);
  stp_sketch_view_init (&view);
  for (int zoom = 0; zoom < 3; zoom++)
    {
      view.scale = zoom == 0 ? 0.1 : zoom == 1 ? 1.0 : 12.0;
      view.offset_x = -30 * view.scale;
      view.offset_y = -20 * view.scale;
      stp_preview_render (dots, surface, &view);
    }
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  /* Some pixels were drawn on, and they are opaque enough to see. */
  {
    guint drawn = 0;
    for (int y = 0; y < 40; y++)
      for (int x = 0; x < 50; x++)
        drawn += (((const guint32 *)(data + y * stride))[x] >> 24) > 16;
    g_assert_cmpuint (drawn, >, 200);
  }
  cairo_surface_destroy (surface);
}

static void
test_export (void)
{
  g_autoptr(StpSketch) sketch = reference_sketch ();
  g_autoptr(StpPreviewDots) dots = generate (sketch, NULL);
  g_autoptr(GdkPixbuf) photo = skin_photo (240, 160);
  g_autoptr(GdkPixbuf) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_make_tmp ();
  g_autofree char *path = g_build_filename (dir, "preview.png", NULL);
  g_autofree char *bad = g_build_filename (dir, "missing", "preview.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad);
  cairo_surface_t *expected = stp_preview_render_photo (dots, photo);
  const guint8 *p;
  int stride;

  g_assert_true (stp_preview_export_png (dots, photo, file, NULL, &error));
  g_assert_no_error (error);
  back = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (back), ==, 240);
  g_assert_cmpint (gdk_pixbuf_get_height (back), ==, 160);
  /* The file holds what the renderer drew, pixel for pixel. */
  p = gdk_pixbuf_read_pixels (back);
  stride = gdk_pixbuf_get_rowstride (back);
  for (int y = 0; y < 160; y++)
    for (int x = 0; x < 240; x++)
      {
        int r, g, b, n = gdk_pixbuf_get_n_channels (back);
        get_rgb (expected, x, y, &r, &g, &b);
        g_assert_cmpint (p[y * stride + n * x], ==, r);
        g_assert_cmpint (p[y * stride + n * x + 1], ==, g);
        g_assert_cmpint (p[y * stride + n * x + 2], ==, b);
      }
  cairo_surface_destroy (expected);

  g_assert_false (stp_preview_export_png (dots, photo, bad_file, NULL, &error));
  g_assert_error (error, STP_PREVIEW_ERROR, STP_PREVIEW_ERROR_IO);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  test_rm_rf (dir);
}

/* A smaller picture for documents: the photo's proportions, never larger than asked,
 * never enlarged, and the dots show in the region and nowhere above it. */
static void
test_render_fitted (void)
{
  g_autoptr(StpSketch) sketch = reference_sketch ();
  g_autoptr(StpPreviewDots) dots = generate (sketch, NULL);
  g_autoptr(GdkPixbuf) photo = skin_photo (240, 160);
  cairo_surface_t *small = stp_preview_render_fitted (dots, photo, 120, 120);
  cairo_surface_t *same = stp_preview_render_fitted (dots, photo, 1000, 1000);
  guint darker = 0;

  g_assert_cmpint (cairo_image_surface_get_width (small), ==, 120);
  g_assert_cmpint (cairo_image_surface_get_height (small), ==, 80);
  g_assert_cmpint (cairo_image_surface_get_width (same), ==, 240);
  g_assert_cmpint (cairo_image_surface_get_height (same), ==, 160);
  for (int y = 0; y < 80; y++)
    for (int x = 0; x < 120; x++)
      {
        int r, g, b;

        get_rgb (small, x, y, &r, &g, &b);
        if (y < 4)
          g_assert_cmpint (r + g + b, >, 500);
        else if (x > 12 && x < 108 && y > 12 && y < 40 && r + g + b < 500)
          darker++;
      }
  g_assert_cmpuint (darker, >, 100);
  cairo_surface_destroy (small);
  cairo_surface_destroy (same);
}

/* A whole large photo at the highest density is refused with a message, not drawn. */
static void
test_too_many (void)
{
  g_autoptr(StpSketch) sketch = stp_sketch_new (20000, 20000);
  g_autoptr(GError) error = NULL;
  StpPreviewParams params;
  StpPreviewDots *dots;

  calibrate (sketch, 1.0);   /* 2 m by 2 m: forty million dots */
  add_rect (sketch, 0, 0, 20000, 20000, STP_SKETCH_ROLE_TREATMENT, STP_SKETCH_MAX_DENSITY);
  stp_preview_params_init (&params);
  dots = stp_preview_generate (sketch, &params, NULL, &error);
  g_assert_null (dots);
  g_assert_error (error, STP_PREVIEW_ERROR, STP_PREVIEW_ERROR_TOO_MANY_DOTS);
}

/* No regions, or only degenerate ones: no dots, no error. */
static void
test_empty (void)
{
  g_autoptr(StpSketch) sketch = stp_sketch_new (300, 300);
  g_autoptr(StpPreviewDots) dots = NULL;
  double line[4] = { 0, 0, 10, 10 };

  add_polygon (sketch, line, 2, STP_SKETCH_ROLE_TREATMENT, 100, "");
  add_curve (sketch, line, 2);
  dots = generate (sketch, NULL);
  g_assert_cmpuint (dots->n_dots, ==, 0);
  g_assert_cmpuint (dots->n_regions, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/preview/density", test_density);
  g_test_add_func ("/preview/blue-noise", test_blue_noise);
  g_test_add_func ("/preview/determinism", test_determinism);
  g_test_add_func ("/preview/edge/soft", test_edge_soft);
  g_test_add_func ("/preview/edge/sharp", test_edge_sharp);
  g_test_add_func ("/preview/edge/mirrored", test_edge_mirrored);
  g_test_add_func ("/preview/scar", test_scar);
  g_test_add_func ("/preview/overlap", test_overlap);
  g_test_add_func ("/preview/sessions", test_sessions);
  g_test_add_func ("/preview/shades", test_shades);
  g_test_add_func ("/preview/render/reference", test_render_reference);
  g_test_add_func ("/preview/render/clip", test_render_clip);
  g_test_add_func ("/preview/render/fitted", test_render_fitted);
  g_test_add_func ("/preview/export", test_export);
  g_test_add_func ("/preview/too-many", test_too_many);
  g_test_add_func ("/preview/empty", test_empty);

  return g_test_run ();
}
