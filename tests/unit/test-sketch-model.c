/* test-sketch-model.c: the sketch model's maths: mirror, calibration and measuring,
 * splines through their points, smoothing, hit testing, and the view transform.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "stipple/stipple.h"
#include "test-sketch-util.h"

#define EPS 1e-9

static void
test_mirror_point (void)
{
  g_autoptr(StpSketch) sketch = stp_sketch_new (1000, 800);
  double mx, my;

  /* Vertical midline at the centre. */
  stp_sketch_mirror_point (sketch, 300, 123, &mx, &my);
  g_assert_cmpfloat_with_epsilon (mx, 700, EPS);
  g_assert_cmpfloat_with_epsilon (my, 123, EPS);

  /* Moved midline. */
  stp_sketch_set_midline (sketch, 450, 0);
  stp_sketch_mirror_point (sketch, 400, 10, &mx, &my);
  g_assert_cmpfloat_with_epsilon (mx, 500, EPS);

  /* Tilted 90 degrees would be horizontal; at 30 degrees, a point on the line stays put
   * and mirroring twice is the identity. */
  stp_sketch_set_midline (sketch, 500, 30);
  {
    double on_x = 500 + sin (G_PI / 6) * 100, on_y = 400 - cos (G_PI / 6) * 100;
    double ax, ay, bx, by;

    stp_sketch_mirror_point (sketch, on_x, on_y, &mx, &my);
    g_assert_cmpfloat_with_epsilon (mx, on_x, 1e-6);
    g_assert_cmpfloat_with_epsilon (my, on_y, 1e-6);
    stp_sketch_mirror_point (sketch, 123, 456, &ax, &ay);
    stp_sketch_mirror_point (sketch, ax, ay, &bx, &by);
    g_assert_cmpfloat_with_epsilon (bx, 123, 1e-6);
    g_assert_cmpfloat_with_epsilon (by, 456, 1e-6);
    /* The midpoint of a point and its image lies on the midline, and the segment
     * between them is perpendicular to it. */
    {
      double cx = (123 + ax) / 2 - 500, cy = (456 + ay) / 2 - 400;
      double dx = sin (G_PI / 6), dy = -cos (G_PI / 6);
      g_assert_cmpfloat_with_epsilon (cx * dy - cy * dx, 0, 1e-6);
      g_assert_cmpfloat_with_epsilon ((ax - 123) * dx + (ay - 456) * dy, 0, 1e-6);
    }
  }
}

static void
test_mirror_item (void)
{
  g_autoptr(StpSketch) sketch = stp_sketch_new (1000, 800);
  g_autoptr(StpSketchItem) stroke = stp_sketch_item_new (STP_SKETCH_ITEM_STROKE);
  g_autoptr(StpSketchItem) mirror = NULL;
  g_autoptr(StpSketchItem) curve = stp_sketch_item_new (STP_SKETCH_ITEM_CURVE);
  g_autoptr(GArray) image = NULL;
  g_autoptr(StpSketchHistory) history = stp_sketch_history_new (sketch);
  StpSketchNode node = { 300, 200, 280, 210, 320, 190 };
  guint32 id;

  stroke->id = 5;
  stp_sketch_item_add_point (stroke, 100, 50, 0.25);
  stp_sketch_item_add_point (stroke, 200, 60, 0.75);
  mirror = stp_sketch_mirror_item (sketch, stroke);
  g_assert_cmpuint (mirror->id, ==, 0);
  g_assert_cmpuint (mirror->points->len, ==, 2);
  g_assert_cmpfloat (g_array_index (mirror->points, StpSketchPoint, 0).x, ==, 900);
  g_assert_cmpfloat (g_array_index (mirror->points, StpSketchPoint, 1).x, ==, 800);
  g_assert_cmpfloat (g_array_index (mirror->points, StpSketchPoint, 1).y, ==, 60);
  g_assert_cmpfloat (g_array_index (mirror->points, StpSketchPoint, 1).pressure, ==, 0.75);

  /* Mirrored drawing adds both sides as one step. */
  id = stp_sketch_history_add_item_mirrored (history, stp_sketch_item_copy (stroke));
  g_assert_cmpuint (id, !=, 0);
  g_assert_cmpuint (stp_sketch_get_n_items (sketch), ==, 2);
  g_assert_cmpuint (stp_sketch_history_get_n_undo (history), ==, 1);
  stp_sketch_history_undo (history);
  g_assert_cmpuint (stp_sketch_get_n_items (sketch), ==, 0);

  /* A mirrored curve keeps one set of nodes; its image follows every edit and every
   * move of the midline. */
  stp_sketch_item_add_node (curve, &node);
  stp_sketch_item_add_node (curve, &node);
  g_array_index (curve->nodes, StpSketchNode, 1).x = 480;
  id = stp_sketch_history_add_item_mirrored (history, stp_sketch_item_copy (curve));
  g_assert_cmpuint (stp_sketch_get_n_items (sketch), ==, 1);
  g_assert_true (stp_sketch_lookup_item (sketch, id)->mirrored);
  stp_sketch_history_set_node (history, id, 0, STP_SKETCH_HANDLE_NODE, 250, 220, FALSE);
  image = stp_sketch_get_mirror_nodes (sketch, stp_sketch_lookup_item (sketch, id));
  g_assert_cmpfloat_with_epsilon (g_array_index (image, StpSketchNode, 0).x, 750, EPS);
  g_assert_cmpfloat_with_epsilon (g_array_index (image, StpSketchNode, 0).y, 220, EPS);
  /* The handles moved with the node and are mirrored too. */
  g_assert_cmpfloat_with_epsilon (g_array_index (image, StpSketchNode, 0).in_x, 770, EPS);
  g_assert_cmpfloat_with_epsilon (g_array_index (image, StpSketchNode, 0).out_x, 730, EPS);
  g_clear_pointer (&image, g_array_unref);
  stp_sketch_history_set_midline (history, 600, 0);
  image = stp_sketch_get_mirror_nodes (sketch, stp_sketch_lookup_item (sketch, id));
  g_assert_cmpfloat_with_epsilon (g_array_index (image, StpSketchNode, 0).x, 950, EPS);
  /* Its nodes and handles can be grabbed on either side. */
  {
    guint index = 99;
    StpSketchHandle handle = STP_SKETCH_HANDLE_IN;
    gboolean on_mirror = TRUE;
    const StpSketchItem *item = stp_sketch_lookup_item (sketch, id);

    g_assert_true (stp_sketch_hit_node (sketch, item, 251, 221, 3, &index, &handle, &on_mirror));
    g_assert_cmpuint (index, ==, 0);
    g_assert_cmpint (handle, ==, STP_SKETCH_HANDLE_NODE);
    g_assert_false (on_mirror);
    /* On the image of node 0's in handle (230, 230, mirrored about x = 600). */
    g_assert_true (stp_sketch_hit_node (sketch, item, 970, 230, 3, &index, &handle, &on_mirror));
    g_assert_cmpint (handle, ==, STP_SKETCH_HANDLE_IN);
    g_assert_true (on_mirror);
    g_assert_false (stp_sketch_hit_node (sketch, item, 600, 600, 3, NULL, NULL, NULL));
  }
  /* The mirror image can be picked at the canvas like the curve itself. */
  g_assert_cmpuint (stp_sketch_hit_test (sketch, 950, 220, 3), ==, id);
  g_assert_cmpuint (stp_sketch_hit_test (sketch, 950, 300, 3), ==, 0);
}

/* A hairline drawn from the left temple to the midline joins its mirror image smoothly. */
static void
test_midline_join (void)
{
  g_autoptr(StpSketch) sketch = stp_sketch_new (1000, 800);
  g_autoptr(StpSketchItem) curve = stp_sketch_item_new (STP_SKETCH_ITEM_CURVE);
  g_autoptr(GArray) image = NULL;
  StpSketchNode nodes[] = {
    { 200, 400, 0, 0, 0, 0 }, { 300, 250, 0, 0, 0, 0 }, { 497, 230, 0, 0, 0, 0 },
  };
  const StpSketchNode *end, *mirror_end;

  for (guint i = 0; i < G_N_ELEMENTS (nodes); i++)
    stp_sketch_item_add_node (curve, &nodes[i]);
  stp_sketch_item_auto_handles (curve, FALSE);
  /* Not mirrored: left alone. */
  g_assert_false (stp_sketch_smooth_midline_join (sketch, curve, 5));
  curve->mirrored = TRUE;
  /* The first node is far from the midline; only the last one moves. */
  g_assert_true (stp_sketch_smooth_midline_join (sketch, curve, 5));
  end = &g_array_index (curve->nodes, StpSketchNode, 2);
  g_assert_cmpfloat_with_epsilon (end->x, 500, EPS);
  g_assert_cmpfloat_with_epsilon (end->y, 230, EPS);
  /* Its handles are horizontal (square to a vertical midline), the inner one to the
   * left where the curve comes from. */
  g_assert_cmpfloat_with_epsilon (end->in_y, 230, EPS);
  g_assert_cmpfloat_with_epsilon (end->out_y, 230, EPS);
  g_assert_cmpfloat (end->in_x, <, 500);
  /* The image's end handle continues the curve's in a straight line: smooth (C1). */
  image = stp_sketch_get_mirror_nodes (sketch, curve);
  mirror_end = &g_array_index (image, StpSketchNode, 2);
  g_assert_cmpfloat_with_epsilon (mirror_end->x, end->x, EPS);
  g_assert_cmpfloat_with_epsilon (mirror_end->in_x - 500, 500 - end->in_x, EPS);
  g_assert_cmpfloat (g_array_index (curve->nodes, StpSketchNode, 0).x, ==, 200);
  /* Far from the midline: nothing to join. */
  g_array_index (curve->nodes, StpSketchNode, 2).x = 450;
  g_assert_false (stp_sketch_smooth_midline_join (sketch, curve, 5));
}

static void
test_calibration (void)
{
  g_autoptr(StpSketch) sketch = stp_sketch_new (1000, 800);
  g_autoptr(GError) error = NULL;
  g_autoptr(StpSketchItem) measure = stp_sketch_item_new (STP_SKETCH_ITEM_MEASURE);
  g_autoptr(StpSketchItem) square = stp_sketch_item_new (STP_SKETCH_ITEM_REGION);
  g_autofree char *text = NULL;
  double mm;

  stp_sketch_item_add_point (measure, 10, 10, 1);
  stp_sketch_item_add_point (measure, 40, 50, 1);

  /* Uncalibrated: NaN with a clear error, and the label reads pixels. */
  g_assert_false (stp_sketch_is_calibrated (sketch));
  g_assert_true (isnan (stp_sketch_get_mm_per_pixel (sketch)));
  mm = stp_sketch_measure_mm (sketch, 0, 0, 30, 40, &error);
  g_assert_true (isnan (mm));
  g_assert_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_NOT_CALIBRATED);
  g_clear_error (&error);
  text = stp_sketch_format_measure (sketch, measure);
  g_assert_cmpstr (text, ==, "50 px");
  g_clear_pointer (&text, g_free);

  /* A ruler 200 px long is 50 mm: 0.25 mm per pixel. */
  g_assert_true (stp_sketch_set_calibration (sketch, 100, 700, 300, 700, 50, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (stp_sketch_get_mm_per_pixel (sketch), 0.25, EPS);
  g_assert_cmpfloat_with_epsilon (stp_sketch_measure_mm (sketch, 0, 0, 30, 40, &error), 12.5,
                                  EPS);
  g_assert_cmpfloat_with_epsilon (stp_sketch_item_length_mm (sketch, measure, &error), 12.5,
                                  EPS);
  text = stp_sketch_format_measure (sketch, measure);
  g_assert_cmpstr (text, ==, "12.5 mm");

  /* A 100 px square is 25 mm x 25 mm: 6.25 cm², perimeter 100 mm. */
  stp_sketch_item_add_point (square, 0, 0, 1);
  stp_sketch_item_add_point (square, 100, 0, 1);
  stp_sketch_item_add_point (square, 100, 100, 1);
  stp_sketch_item_add_point (square, 0, 100, 1);
  g_assert_cmpfloat_with_epsilon (stp_sketch_region_area_cm2 (sketch, square, &error), 6.25,
                                  EPS);
  g_assert_cmpfloat_with_epsilon (stp_sketch_item_length_mm (sketch, square, &error), 100, EPS);

  /* Diagonal calibration. */
  g_assert_true (stp_sketch_set_calibration (sketch, 0, 0, 300, 400, 100, &error));
  g_assert_cmpfloat_with_epsilon (stp_sketch_get_mm_per_pixel (sketch), 0.2, EPS);

  /* Refused calibrations leave the old one. */
  g_assert_false (stp_sketch_set_calibration (sketch, 5, 5, 5.5, 5, 10, &error));
  g_assert_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_false (stp_sketch_set_calibration (sketch, 0, 0, 100, 0, 0, &error));
  g_assert_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_false (stp_sketch_set_calibration (sketch, 0, 0, 100, 0, NAN, &error));
  g_assert_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_cmpfloat_with_epsilon (stp_sketch_get_mm_per_pixel (sketch), 0.2, EPS);
  stp_sketch_clear_calibration (sketch);
  g_assert_true (isnan (stp_sketch_measure_mm (sketch, 0, 0, 1, 1, NULL)));
}

/* The hairline spline passes through every control point, and turns smoothly there. */
static void
test_spline_through_points (void)
{
  g_autoptr(StpSketchItem) curve = stp_sketch_item_new (STP_SKETCH_ITEM_CURVE);
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  guint n = 9;

  for (guint i = 0; i < n; i++)
    {
      StpSketchNode node = { i * 50.0, g_rand_double_range (rand, 0, 300), 0, 0, 0, 0 };
      stp_sketch_item_add_node (curve, &node);
    }
  for (int closed = 0; closed <= 1; closed++)
    {
      stp_sketch_item_auto_handles (curve, closed);
      for (guint i = 0; i + 1 < n; i++)
        {
          const StpSketchNode *a = &g_array_index (curve->nodes, StpSketchNode, i);
          const StpSketchNode *b = &g_array_index (curve->nodes, StpSketchNode, i + 1);
          double x, y, ix, iy, ox, oy;

          stp_sketch_node_segment_eval (a, b, 0, &x, &y);
          g_assert_cmpfloat_with_epsilon (x, a->x, EPS);
          g_assert_cmpfloat_with_epsilon (y, a->y, EPS);
          stp_sketch_node_segment_eval (a, b, 1, &x, &y);
          g_assert_cmpfloat_with_epsilon (x, b->x, EPS);
          g_assert_cmpfloat_with_epsilon (y, b->y, EPS);
          /* Smooth at b: its handles lie on one line through it, on opposite sides. */
          ix = b->in_x - b->x;
          iy = b->in_y - b->y;
          ox = b->out_x - b->x;
          oy = b->out_y - b->y;
          g_assert_cmpfloat_with_epsilon (ix * oy - iy * ox, 0, 1e-6);
          g_assert_cmpfloat (ix * ox + iy * oy, <=, 0);
          /* An open curve through points left to right runs left to right between
           * them (no loops). */
          if (!closed)
            {
              stp_sketch_node_segment_eval (a, b, 0.5, &x, &y);
              g_assert_cmpfloat (x, >, a->x);
              g_assert_cmpfloat (x, <, b->x);
            }
        }
    }
}

static void
test_smoothing (void)
{
  g_autoptr(StpSketchItem) stroke = stp_sketch_item_new (STP_SKETCH_ITEM_STROKE);
  double jitter = 0, smoothed = 0;

  /* A straight line with alternating jitter: smoothing takes most of it out and keeps
   * the ends where the pen touched. */
  for (int i = 0; i <= 100; i++)
    stp_sketch_item_add_point (stroke, i * 2.0, 100 + (i % 2 ? 3 : -3), 0.5);
  for (guint i = 1; i + 1 < stroke->points->len; i++)
    jitter += fabs (g_array_index (stroke->points, StpSketchPoint, i).y - 100);
  stp_sketch_item_smooth_stroke (stroke, 3.0);
  for (guint i = 1; i + 1 < stroke->points->len; i++)
    smoothed += fabs (g_array_index (stroke->points, StpSketchPoint, i).y - 100);
  g_assert_cmpfloat (smoothed / (stroke->points->len - 2), <, jitter / 99 / 4);
  g_assert_cmpfloat (g_array_index (stroke->points, StpSketchPoint, 0).x, ==, 0);
  g_assert_cmpfloat (g_array_index (stroke->points, StpSketchPoint,
                                    stroke->points->len - 1).x, ==, 200);
  /* Points closer than 3 px were dropped. */
  g_assert_cmpuint (stroke->points->len, <=, 70);
  for (guint i = 1; i + 1 < stroke->points->len; i++)
    {
      const StpSketchPoint *a = &g_array_index (stroke->points, StpSketchPoint, i - 1);
      const StpSketchPoint *b = &g_array_index (stroke->points, StpSketchPoint, i);
      g_assert_cmpfloat (hypot (b->x - a->x, b->y - a->y), >=, 3.0 - 1e-9);
    }
}

static void
test_hit_and_layers (void)
{
  g_autoptr(StpSketch) sketch = stp_sketch_new (500, 500);
  StpSketchItem *region = stp_sketch_item_new (STP_SKETCH_ITEM_REGION);
  StpSketchItem *stroke = stp_sketch_item_new (STP_SKETCH_ITEM_STROKE);
  guint32 rid, sid;

  stp_sketch_item_add_point (region, 100, 100, 1);
  stp_sketch_item_add_point (region, 300, 100, 1);
  stp_sketch_item_add_point (region, 300, 300, 1);
  stp_sketch_item_add_point (region, 100, 300, 1);
  rid = stp_sketch_insert_item (sketch, -1, region);
  stroke->width = 10;
  stp_sketch_item_add_point (stroke, 0, 200, 1);
  stp_sketch_item_add_point (stroke, 400, 200, 1);
  sid = stp_sketch_insert_item (sketch, -1, stroke);

  /* The region's layer (areas) is drawn above the hairline: inside it wins. */
  g_assert_cmpuint (stp_sketch_hit_test (sketch, 200, 200, 2), ==, rid);
  g_assert_cmpuint (stp_sketch_hit_test (sketch, 50, 203, 2), ==, sid);
  g_assert_cmpuint (stp_sketch_hit_test (sketch, 50, 220, 2), ==, 0);
  stp_sketch_set_layer_visible (sketch, STP_SKETCH_LAYER_AREAS, FALSE);
  g_assert_cmpuint (stp_sketch_hit_test (sketch, 200, 200, 2), ==, sid);

  /* Rubber-band selection takes items wholly inside. */
  {
    StpSketchRect all = { -20, -20, 540, 540 }, part = { 90, 90, 220, 220 };
    g_autoptr(GArray) ids = stp_sketch_find_items_in_rect (sketch, &all);
    g_autoptr(GArray) some = NULL;

    g_assert_cmpuint (ids->len, ==, 1);   /* the areas layer is hidden now */
    g_assert_cmpuint (g_array_index (ids, guint32, 0), ==, sid);
    stp_sketch_set_layer_visible (sketch, STP_SKETCH_LAYER_AREAS, TRUE);
    some = stp_sketch_find_items_in_rect (sketch, &part);
    g_assert_cmpuint (some->len, ==, 1);
    g_assert_cmpuint (g_array_index (some, guint32, 0), ==, rid);
  }

  /* Ids stay unique and stable: removing and adding never reuses one. */
  stp_sketch_item_free (stp_sketch_take_item (sketch, sid, NULL));
  g_assert_cmpuint (stp_sketch_insert_item (sketch, -1,
                                            stp_sketch_item_new (STP_SKETCH_ITEM_LABEL)),
                    ==, sid + 1);
  /* An explicit duplicate id is refused. */
  {
    StpSketchItem *dup = stp_sketch_item_new (STP_SKETCH_ITEM_LABEL);
    dup->id = rid;
    g_assert_cmpuint (stp_sketch_insert_item (sketch, -1, dup), ==, 0);
  }
}

static void
test_view (void)
{
  StpSketchView view;
  double px, py, wx, wy, x, y, w, h;

  stp_sketch_view_init (&view);
  /* Fit a 4000x3000 photo into 800x600 with a 10 px margin, centred. */
  stp_sketch_view_fit (&view, 4000, 3000, 800, 600, 10);
  g_assert_cmpfloat_with_epsilon (view.scale, 580.0 / 3000, EPS);
  stp_sketch_view_to_widget (&view, 2000, 1500, &wx, &wy);
  g_assert_cmpfloat_with_epsilon (wx, 400, EPS);
  g_assert_cmpfloat_with_epsilon (wy, 300, EPS);

  /* Zooming about a point keeps that photo point under it. */
  stp_sketch_view_to_photo (&view, 123, 456, &px, &py);
  stp_sketch_view_zoom_by (&view, 3.7, 123, 456);
  stp_sketch_view_to_widget (&view, px, py, &wx, &wy);
  g_assert_cmpfloat_with_epsilon (wx, 123, 1e-9);
  g_assert_cmpfloat_with_epsilon (wy, 456, 1e-9);
  stp_sketch_view_to_photo (&view, wx, wy, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, px, 1e-9);

  /* The zoom range clamps. */
  stp_sketch_view_zoom_at (&view, 1000, 0, 0);
  g_assert_cmpfloat (view.scale, ==, STP_SKETCH_VIEW_MAX_SCALE);
  stp_sketch_view_set_scale_range (&view, 0.5, 4);
  g_assert_cmpfloat (view.scale, ==, 4);
  stp_sketch_view_zoom_at (&view, 0.001, 0, 0);
  g_assert_cmpfloat (view.scale, ==, 0.5);
  stp_sketch_view_zoom_at (&view, NAN, 0, 0);
  g_assert_cmpfloat (view.scale, ==, 0.5);

  /* Pan and the visible area. */
  stp_sketch_view_init (&view);
  stp_sketch_view_zoom_at (&view, 2, 0, 0);
  stp_sketch_view_pan (&view, -100, -50);
  stp_sketch_view_get_visible (&view, 800, 600, &x, &y, &w, &h);
  g_assert_cmpfloat_with_epsilon (x, 50, EPS);
  g_assert_cmpfloat_with_epsilon (y, 25, EPS);
  g_assert_cmpfloat_with_epsilon (w, 400, EPS);
  g_assert_cmpfloat_with_epsilon (h, 300, EPS);

  /* Snapping rounds the offset to device pixels and keeps the scale. */
  stp_sketch_view_pan (&view, 0.3, -0.7);
  stp_sketch_view_snap_to_pixels (&view, 1);
  g_assert_cmpfloat (view.offset_x, ==, -100);
  g_assert_cmpfloat (view.offset_y, ==, -51);
  stp_sketch_view_pan (&view, 0.3, 0.2);
  stp_sketch_view_snap_to_pixels (&view, 2);
  g_assert_cmpfloat (view.offset_x, ==, -99.5);
  g_assert_cmpfloat (view.offset_y, ==, -51);
  g_assert_cmpfloat (view.scale, ==, 2);

  /* A fit into nothing leaves the view alone. */
  stp_sketch_view_fit (&view, 4000, 3000, 0, 0, 10);
  g_assert_cmpfloat (view.scale, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sketch/model/mirror-point", test_mirror_point);
  g_test_add_func ("/sketch/model/mirror-item", test_mirror_item);
  g_test_add_func ("/sketch/model/midline-join", test_midline_join);
  g_test_add_func ("/sketch/model/calibration", test_calibration);
  g_test_add_func ("/sketch/model/spline-through-points", test_spline_through_points);
  g_test_add_func ("/sketch/model/smoothing", test_smoothing);
  g_test_add_func ("/sketch/model/hit-and-layers", test_hit_and_layers);
  g_test_add_func ("/sketch/model/view", test_view);

  return g_test_run ();
}
