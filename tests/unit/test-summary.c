/* test-summary.c: the consultation summary's hairline plan and simulated result: which
 * sketch version it shows, the pictures' size and pixels, the captions, and a summary
 * that still comes out when the sketch's photo is gone.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "stipple/stipple.h"
#include "test-consultation-util.h"
#include "test-photo-util.h"

/* The photo: 2400 x 1800 upright, stored sideways (EXIF orientation 6), so a summary
 * picture of 1600 x 1200 shows it was decoded upright and bounded. */
#define PHOTO_W 2400
#define PHOTO_H 1800
#define SHOWN_W 1600
#define SHOWN_H 1200

/* The treatment area, in photo pixels. */
#define AREA_X0 600
#define AREA_Y0 300
#define AREA_X1 1800
#define AREA_Y1 1500

typedef struct
{
  char     *tmp;
  StpStore *store;
  gint64    client;
  gint64    consultation;
  gint64    photo;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = photo_make_oriented_jpeg (PHOTO_W, PHOTO_H, 6);
  g_autofree char *path = NULL;

  f->tmp = test_make_tmp ();
  f->store = test_open_store (f->tmp);
  f->client = test_add_client (f->store, "Marco", "Bellini", NULL, NULL, NULL);
  f->consultation = test_add_consultation (f->store, f->client,
                                           test_add_staff (f->store, "Dana Consultant"),
                                           "2026-11-20");
  path = g_build_filename (f->tmp, "front.jpg", NULL);
  photo_write (path, jpeg);
  f->photo = stp_store_import_photo (f->store, f->client, path, "front.jpg", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->store);
  test_rm_rf (f->tmp);
  g_free (f->tmp);
}

/* A sketch of the photo with one treatment area (and, when curve, a hairline across its
 * top edge); calibrated at mm_per_px when above 0. */
static StpSketch *
make_sketch (gboolean curve,
             double   mm_per_px)
{
  StpSketch *sketch = stp_sketch_new (PHOTO_W, PHOTO_H);
  StpSketchItem *item = stp_sketch_item_new (STP_SKETCH_ITEM_REGION);
  const double xy[8] = { AREA_X0, AREA_Y0, AREA_X1, AREA_Y0, AREA_X1, AREA_Y1,
                         AREA_X0, AREA_Y1 };

  for (guint i = 0; i < 4; i++)
    stp_sketch_item_add_point (item, xy[2 * i], xy[2 * i + 1], 1.0);
  item->role = STP_SKETCH_ROLE_TREATMENT;
  item->layer = STP_SKETCH_LAYER_AREAS;
  item->density = 120;
  stp_sketch_item_set_shade (item, "charcoal");
  stp_sketch_insert_item (sketch, -1, item);

  if (curve)
    {
      item = stp_sketch_item_new (STP_SKETCH_ITEM_CURVE);
      for (int i = 0; i < 3; i++)
        {
          double x = AREA_X0 - 100 + i * (AREA_X1 - AREA_X0 + 200) / 2.0;
          double y = AREA_Y0 + 150;
          StpSketchNode node = { x, y, x, y, x, y };

          stp_sketch_item_add_node (item, &node);
        }
      item->layer = STP_SKETCH_LAYER_HAIRLINE;
      stp_sketch_insert_item (sketch, -1, item);
    }
  if (mm_per_px > 0)
    g_assert_true (stp_sketch_set_calibration (sketch, 0, 0, 100, 0, 100 * mm_per_px, NULL));
  return sketch;
}

static gint64
save_version (Fixture    *f,
              gint64      photo,
              const char *name,
              StpSketch  *sketch)
{
  g_autoptr(GError) error = NULL;
  gint64 id = stp_store_create_sketch_version (f->store, f->client, photo, name, sketch, NULL,
                                               &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
raw_update (Fixture    *f,
            const char *sql)
{
  g_autofree char *path = test_db_path (stp_store_get_data_dir (f->store));
  sqlite3 *db = test_raw_open (path, SQLITE_OPEN_READWRITE);

  test_raw_exec (db, sql);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);
}

/* Nothing in the store links a version to a consultation yet; the schema has the column. */
static void
link_version (Fixture *f,
              gint64   version,
              gint64   consultation)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE sketch_version SET consultation_id = %"
                                          G_GINT64_FORMAT " WHERE id = %" G_GINT64_FORMAT,
                                          consultation, version);

  raw_update (f, sql);
}

static void
set_plan_style (Fixture          *f,
                StpHairlineStyle  style)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpConsultation) c = test_get_consultation (f->store, f->consultation);
  g_autoptr(StpPlan) plan = stp_plan_copy (stp_consultation_get_plan (c));

  plan->hairline_style = style;
  stp_consultation_set_plan (c, plan);
  g_assert_true (stp_store_save_consultation (f->store, c, &error));
  g_assert_no_error (error);
}

static StpSummary *
make_summary (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  StpSummary *summary = stp_summary_new_for_consultation (f->store, f->consultation, NULL,
                                                          &error);

  g_assert_no_error (error);
  g_assert_nonnull (summary);
  return summary;
}

static GdkPixbuf *
decode_png (GBytes *png)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("png", &error);
  GdkPixbuf *pixbuf;

  g_assert_no_error (error);
  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, png, &error));
  g_assert_no_error (error);
  g_assert_true (gdk_pixbuf_loader_close (loader, &error));
  g_assert_no_error (error);
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  g_assert_nonnull (pixbuf);
  return g_object_ref (pixbuf);
}

static const guint8 *
pixel (GdkPixbuf *pixbuf,
       int        x,
       int        y)
{
  return gdk_pixbuf_read_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf) +
         x * gdk_pixbuf_get_n_channels (pixbuf);
}

/* Pixels of a that differ from b by more than tolerance in some channel, in the box
 * [x0, x1) x [y0, y1). */
static guint
count_changed (GdkPixbuf *a,
               GdkPixbuf *b,
               int        x0,
               int        y0,
               int        x1,
               int        y1,
               int        tolerance)
{
  guint n = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        const guint8 *p = pixel (a, x, y), *q = pixel (b, x, y);

        for (int c = 0; c < 3; c++)
          if (ABS ((int) p[c] - (int) q[c]) > tolerance)
            {
              n++;
              break;
            }
      }
  return n;
}

static const StpSummaryImage *
get_image (StpSummary *summary,
           guint       index)
{
  g_assert_nonnull (summary->sketch_section);
  g_assert_nonnull (summary->sketch_section->images);
  g_assert_cmpuint (index, <, summary->sketch_section->images->len);
  return g_ptr_array_index (summary->sketch_section->images, index);
}

static void
test_photo_images (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(StpSketch) sketch = make_sketch (FALSE, 0);
  g_autoptr(StpSummary) summary = NULL;
  g_autoptr(StpPhoto) photo = NULL;
  g_autoptr(GdkPixbuf) plain = NULL;
  g_autoptr(GdkPixbuf) plan = NULL;
  g_autoptr(GdkPixbuf) preview = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  const StpSummaryImage *image;
  StpSummarySection *last_but_one;
  /* The area where the summary pictures show it, a few pixels in from its edges. */
  const int ax0 = AREA_X0 * SHOWN_W / PHOTO_W + 4, ay0 = AREA_Y0 * SHOWN_H / PHOTO_H + 4;
  const int ax1 = AREA_X1 * SHOWN_W / PHOTO_W - 4, ay1 = AREA_Y1 * SHOWN_H / PHOTO_H - 4;
  guint area_pixels = (ax1 - ax0) * (ay1 - ay0);
  guint changed;

  save_version (f, f->photo, "Hairline A", sketch);
  summary = make_summary (f);

  /* The section comes after the plan, before the consent. */
  g_assert_nonnull (summary->sketch_section);
  g_assert_cmpstr (summary->sketch_section->title, ==, "Hairline Plan and Preview");
  last_but_one = g_ptr_array_index (summary->sections, summary->sections->len - 2);
  g_assert_true (last_but_one == summary->sketch_section);
  g_assert_cmpuint (summary->sketch_section->images->len, ==, 2);
  g_assert_cmpuint (summary->sketch_section->rows->len, ==, 0);

  /* The plain photo as the summary decodes it, to compare with. */
  photo = stp_store_get_photo (f->store, f->photo, &error);
  g_assert_no_error (error);
  path = stp_store_dup_photo_path (f->store, photo);
  plain = stp_photo_load_at_size (path, STP_SUMMARY_IMAGE_MAX_SIDE,
                                  STP_SUMMARY_IMAGE_MAX_SIDE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (plain), ==, SHOWN_W);
  g_assert_cmpint (gdk_pixbuf_get_height (plain), ==, SHOWN_H);
  photo_assert_upright (plain);

  image = get_image (summary, 0);
  g_assert_cmpint (image->width, ==, SHOWN_W);
  g_assert_cmpint (image->height, ==, SHOWN_H);
  g_assert_cmpstr (image->caption, ==, "Drawn plan (Hairline A)");
  plan = decode_png (image->png);
  g_assert_cmpint (gdk_pixbuf_get_width (plan), ==, SHOWN_W);
  g_assert_cmpint (gdk_pixbuf_get_height (plan), ==, SHOWN_H);
  g_assert_false (gdk_pixbuf_get_has_alpha (plan));
  /* The area is drawn over the photo; the rest of the photo is as it was (upright, as
   * the plain photo is). */
  g_assert_cmpuint (count_changed (plan, plain, ax0 - 8, ay0 - 8, ax1 + 8, ay1 + 8, 8), >,
                    area_pixels / 20);
  g_assert_cmpuint (count_changed (plan, plain, 0, 0, SHOWN_W, ay0 - 20, 1), ==, 0);
  g_assert_cmpuint (count_changed (plan, plain, 0, ay1 + 20, SHOWN_W, SHOWN_H, 1), ==, 0);

  image = get_image (summary, 1);
  g_assert_cmpint (image->width, ==, SHOWN_W);
  g_assert_cmpint (image->height, ==, SHOWN_H);
  g_assert_cmpstr (image->caption, ==,
                   "Simulated healed result after session 3 — an illustration, not a promise."
                   "\nUncalibrated: density is approximate.");
  preview = decode_png (image->png);
  g_assert_cmpint (gdk_pixbuf_get_width (preview), ==, SHOWN_W);
  g_assert_cmpint (gdk_pixbuf_get_height (preview), ==, SHOWN_H);
  /* Dots darken a good share of the area's pixels, and none outside it. */
  changed = count_changed (preview, plain, ax0, ay0, ax1, ay1, 12);
  g_assert_cmpuint (changed, >, area_pixels / 10);
  g_assert_cmpuint (changed, <, area_pixels);
  g_assert_cmpuint (count_changed (preview, plain, 0, 0, SHOWN_W, ay0 - 20, 1), ==, 0);
  g_assert_cmpuint (count_changed (preview, plain, 0, ay1 + 20, SHOWN_W, SHOWN_H, 1), ==, 0);
  /* The simulated result is not the drawn plan. */
  g_assert_cmpuint (count_changed (preview, plan, ax0, ay0, ax1, ay1, 12), >,
                    area_pixels / 10);

  text = stp_summary_to_text (summary);
  g_assert_nonnull (strstr (text, "Hairline Plan and Preview\n[1600 × 1200 image]\n"
                                  "Drawn plan (Hairline A)\n"));
  g_assert_nonnull (strstr (text, "Simulated healed result after session 3"));
}

/* The version linked to the consultation wins over a newer one; without a link the
 * newest is shown. A calibrated sketch has no "uncalibrated" line; one without a photo
 * is drawn on white and previewed on a plain skin tone. */
static void
test_which_version (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(StpSketch) linked_sketch = make_sketch (FALSE, 0.1);
  g_autoptr(StpSketch) newest_sketch = make_sketch (FALSE, 0.1);
  g_autoptr(StpSummary) summary = NULL;
  g_autoptr(GdkPixbuf) plan = NULL;
  g_autoptr(GdkPixbuf) preview = NULL;
  const StpSummaryImage *image;
  const guint8 *p;
  gint64 linked;

  linked = save_version (f, 0, "At the consultation", linked_sketch);
  save_version (f, 0, "Later idea", newest_sketch);

  summary = make_summary (f);
  g_assert_cmpstr (get_image (summary, 0)->caption, ==, "Drawn plan (Later idea)");
  g_clear_pointer (&summary, stp_summary_free);

  link_version (f, linked, f->consultation);
  summary = make_summary (f);
  image = get_image (summary, 0);
  g_assert_cmpstr (image->caption, ==, "Drawn plan (At the consultation)");
  /* No photo: the sketch's photo size brought within the bound, on white. */
  g_assert_cmpint (image->width, ==, SHOWN_W);
  g_assert_cmpint (image->height, ==, SHOWN_H);
  plan = decode_png (image->png);
  p = pixel (plan, 20, 20);
  g_assert_cmpint (p[0], ==, 255);
  g_assert_cmpint (p[1], ==, 255);
  g_assert_cmpint (p[2], ==, 255);

  image = get_image (summary, 1);
  g_assert_cmpstr (image->caption, ==,
                   "Simulated healed result after session 3 — an illustration, not a promise."
                   "\nShown on a plain skin tone: the sketch has no photo.");
  preview = decode_png (image->png);
  p = pixel (preview, 20, 20);
  g_assert_cmpint (p[0], >, p[1]);
  g_assert_cmpint (p[1], >, p[2]);
  g_assert_cmpint (p[2], >, 120);
  g_assert_cmpuint (count_changed (preview, plan, 0, 0, 100, 100, 1), ==, 100 * 100);
}

/* An amendment shows the sketch linked to the consultation it amends, unless one is
 * linked to the amendment itself. */
static void
test_amendment (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(StpSketch) sketch = make_sketch (FALSE, 0.1);
  g_autoptr(StpSummary) summary = NULL;
  g_autofree char *sql = NULL;
  gint64 original = f->consultation;
  gint64 first, amendment;

  first = save_version (f, 0, "First plan", sketch);
  save_version (f, 0, "Unlinked, newest", sketch);
  link_version (f, first, original);
  amendment = test_add_consultation (f->store, f->client, 0, "2026-11-21");
  sql = g_strdup_printf ("UPDATE consultation SET amends_id = %" G_GINT64_FORMAT
                         ", version = 2 WHERE id = %" G_GINT64_FORMAT, original, amendment);
  raw_update (f, sql);

  f->consultation = amendment;
  summary = make_summary (f);
  g_assert_cmpstr (get_image (summary, 0)->caption, ==, "Drawn plan (First plan)");
  g_clear_pointer (&summary, stp_summary_free);

  link_version (f, save_version (f, 0, "Revised plan", sketch), amendment);
  save_version (f, 0, "Unlinked, newer still", sketch);
  summary = make_summary (f);
  g_assert_cmpstr (get_image (summary, 0)->caption, ==, "Drawn plan (Revised plan)");
  g_clear_pointer (&summary, stp_summary_free);

  /* The original still shows its own. */
  f->consultation = original;
  summary = make_summary (f);
  g_assert_cmpstr (get_image (summary, 0)->caption, ==, "Drawn plan (First plan)");
}

/* The plan's recommended hairline style chooses the preview's edge: sharp differs from
 * soft, and no style is the soft default. */
static void
test_edge_follows_plan (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(StpSketch) sketch = make_sketch (TRUE, 0.1);
  g_autoptr(StpSummary) none = NULL;
  g_autoptr(StpSummary) soft = NULL;
  g_autoptr(StpSummary) sharp = NULL;

  save_version (f, f->photo, "Hairline", sketch);
  none = make_summary (f);
  set_plan_style (f, STP_HAIRLINE_STYLE_SOFT);
  soft = make_summary (f);
  set_plan_style (f, STP_HAIRLINE_STYLE_SHARP);
  sharp = make_summary (f);

  g_assert_true (g_bytes_equal (get_image (none, 1)->png, get_image (soft, 1)->png));
  g_assert_false (g_bytes_equal (get_image (soft, 1)->png, get_image (sharp, 1)->png));
  /* The drawn plan does not depend on it. */
  g_assert_true (g_bytes_equal (get_image (soft, 0)->png, get_image (sharp, 0)->png));
}

static void
test_no_sketch (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(StpSummary) summary = make_summary (f);
  g_autofree char *text = stp_summary_to_text (summary);

  g_assert_null (summary->sketch_section);
  for (guint i = 0; i < summary->sections->len; i++)
    g_assert_null (((StpSummarySection *) g_ptr_array_index (summary->sections, i))->images);
  g_assert_null (strstr (text, "Hairline Plan"));
  g_assert_null (strstr (text, "image]"));
}

/* The photo's file is gone: the summary still comes, without pictures, saying why. */
static void
test_photo_missing (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(StpSketch) sketch = make_sketch (FALSE, 0);
  g_autoptr(StpSummary) summary = NULL;
  g_autoptr(StpPhoto) photo = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  StpSummaryRow *row;

  save_version (f, f->photo, "Hairline A", sketch);
  photo = stp_store_get_photo (f->store, f->photo, &error);
  g_assert_no_error (error);
  path = stp_store_dup_photo_path (f->store, photo);
  g_assert_cmpint (g_unlink (path), ==, 0);

  summary = make_summary (f);
  g_assert_nonnull (summary->sketch_section);
  g_assert_null (summary->sketch_section->images);
  g_assert_cmpuint (summary->sketch_section->rows->len, ==, 1);
  row = g_ptr_array_index (summary->sketch_section->rows, 0);
  g_assert_null (row->label);
  g_assert_true (g_str_has_prefix (row->value, "The plan and preview are left out: the "
                                               "sketch’s photo could not be loaded ("));
  g_assert_null (strchr (row->value, '\n'));
}

/* A sketch without a treatment area: the plan, and a line instead of a result. */
static void
test_no_area (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(StpSketch) sketch = stp_sketch_new (PHOTO_W, PHOTO_H);
  g_autoptr(StpSummary) summary = NULL;
  StpSketchItem *item = stp_sketch_item_new (STP_SKETCH_ITEM_STROKE);

  for (int i = 0; i < 20; i++)
    stp_sketch_item_add_point (item, 400 + i * 20, 300 + i, 0.5);
  stp_sketch_insert_item (sketch, -1, item);
  save_version (f, f->photo, "Just a line", sketch);

  summary = make_summary (f);
  g_assert_cmpuint (summary->sketch_section->images->len, ==, 1);
  g_assert_cmpstr (get_image (summary, 0)->caption, ==, "Drawn plan (Just a line)");
  g_assert_cmpuint (summary->sketch_section->rows->len, ==, 1);
  g_assert_cmpstr (((StpSummaryRow *) g_ptr_array_index (summary->sketch_section->rows,
                                                         0))->value, ==,
                   "The simulated result is left out: the sketch has no treatment area.");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/summary/sketch/photo-images", test_photo_images);
  ADD ("/summary/sketch/which-version", test_which_version);
  ADD ("/summary/sketch/amendment", test_amendment);
  ADD ("/summary/sketch/edge-follows-plan", test_edge_follows_plan);
  ADD ("/summary/sketch/none", test_no_sketch);
  ADD ("/summary/sketch/photo-missing", test_photo_missing);
  ADD ("/summary/sketch/no-area", test_no_area);
#undef ADD

  return g_test_run ();
}
