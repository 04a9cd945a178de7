/* test-sketch-format.c: saving and loading sketches, and refusing malformed files.
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

/* A sketch with every kind of item and every setting away from its default. */
static StpSketch *
make_full_sketch (void)
{
  StpSketch *sketch = stp_sketch_new (1600, 1200);
  StpSketchItem *item;
  StpSketchNode nodes[3] = {
    { 500, 300, 0, 0, 0, 0 }, { 650, 250, 0, 0, 0, 0 }, { 800, 240, 0, 0, 0, 0 },
  };
  double guides[3] = { 420.5, 640.25, 900 };

  stp_sketch_set_name (sketch, "Consultation \"hairline\" \\ ünïcode ✓\n2nd line");
  stp_sketch_set_layer_visible (sketch, STP_SKETCH_LAYER_NOTES, FALSE);
  stp_sketch_set_layer_opacity (sketch, STP_SKETCH_LAYER_AREAS, 0.35);
  stp_sketch_set_midline (sketch, 801.5, -2.75);
  stp_sketch_set_guides (sketch, guides);
  stp_sketch_set_guides_visible (sketch, TRUE);
  g_assert_true (stp_sketch_set_calibration (sketch, 100, 100, 300.5, 100, 40, NULL));

  item = stp_sketch_item_new (STP_SKETCH_ITEM_STROKE);
  for (int i = 0; i < 30; i++)
    stp_sketch_item_add_point (item, 100 + i * 3.3333, 200 + sin (i) * 7.77, i / 30.0);
  stp_sketch_insert_item (sketch, -1, item);

  item = stp_sketch_item_new (STP_SKETCH_ITEM_CURVE);
  for (int i = 0; i < 3; i++)
    stp_sketch_item_add_node (item, &nodes[i]);
  stp_sketch_item_auto_handles (item, FALSE);
  item->mirrored = TRUE;
  stp_sketch_insert_item (sketch, -1, item);

  item = stp_sketch_item_new (STP_SKETCH_ITEM_REGION);
  for (int i = 0; i < 3; i++)
    stp_sketch_item_add_node (item, &nodes[i]);
  stp_sketch_item_auto_handles (item, TRUE);
  item->smooth = TRUE;
  item->density = 42.5;
  stp_sketch_item_set_shade (item, "Charcoal 3 (1:20)");
  stp_sketch_insert_item (sketch, -1, item);

  item = stp_sketch_item_new (STP_SKETCH_ITEM_REGION);
  item->role = STP_SKETCH_ROLE_SCAR;
  item->layer = STP_SKETCH_LAYER_SCARS;
  item->color = 0xc01c28ff;
  stp_sketch_item_add_point (item, 10, 10, 1);
  stp_sketch_item_add_point (item, 200, 15, 1);
  stp_sketch_item_add_point (item, 190, 40, 1);
  stp_sketch_insert_item (sketch, -1, item);

  item = stp_sketch_item_new (STP_SKETCH_ITEM_LABEL);
  item->x = 50.25;
  item->y = 60.75;
  item->font_size = 24.5;
  stp_sketch_item_set_text (item, "Temple <point> & \"peak\"\t\x01");
  stp_sketch_insert_item (sketch, -1, item);

  item = stp_sketch_item_new (STP_SKETCH_ITEM_MEASURE);
  stp_sketch_item_add_point (item, -5.5, 10, 1);
  stp_sketch_item_add_point (item, 99999, -99999, 1);
  stp_sketch_insert_item (sketch, -1, item);
  return sketch;
}

static void
test_round_trip (void)
{
  g_autoptr(StpSketch) sketch = make_full_sketch ();
  g_autoptr(StpSketch) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  gsize length;

  json = stp_sketch_to_json (sketch, &length);
  g_assert_cmpuint (strlen (json), ==, length);
  g_assert_true (g_str_has_prefix (json, "{\"format\":\"stipple-sketch\",\"version\":1,"));
  loaded = stp_sketch_new_from_json (json, length, &error);
  g_assert_no_error (error);
  test_assert_sketch_equal (loaded, sketch);
  g_assert_cmpuint (stp_sketch_get_next_id (loaded), ==, stp_sketch_get_next_id (sketch));
  again = stp_sketch_to_json (loaded, NULL);
  g_assert_cmpstr (again, ==, json);
}

/* Random sketches: whatever the model holds comes back exactly. */
static void
test_round_trip_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (int round = 0; round < 20; round++)
    {
      g_autoptr(StpSketch) sketch = stp_sketch_new (g_rand_int_range (rand, 1, 20001),
                                                    g_rand_int_range (rand, 1, 20001));
      g_autoptr(StpSketch) loaded = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *json = NULL;

      for (int i = 0; i < 50; i++)
        {
          StpSketchItem *item = stp_sketch_item_new (STP_SKETCH_ITEM_STROKE);
          int n = g_rand_int_range (rand, 1, 30);

          for (int k = 0; k < n; k++)
            stp_sketch_item_add_point (item, g_rand_double_range (rand, -1e5, 1e5),
                                       g_rand_double_range (rand, -1e5, 1e5),
                                       g_rand_double (rand));
          item->width = g_rand_double_range (rand, 0.1, 1000);
          item->color = g_rand_int (rand);
          stp_sketch_insert_item (sketch, -1, item);
        }
      stp_sketch_set_midline (sketch, g_rand_double_range (rand, -1e5, 1e5),
                              g_rand_double_range (rand, -45, 45));
      json = stp_sketch_to_json (sketch, NULL);
      loaded = stp_sketch_new_from_json (json, -1, &error);
      g_assert_no_error (error);
      test_assert_sketch_equal (loaded, sketch);
    }
}

static void
test_file_round_trip (void)
{
  g_autofree char *dir = test_make_tmp ();
  g_autofree char *path = g_build_filename (dir, "sketch.json", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);
  g_autoptr(StpSketch) sketch = make_full_sketch ();
  g_autoptr(StpSketch) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (stp_sketch_save_to_file (sketch, path, &error));
  g_assert_no_error (error);
  loaded = stp_sketch_new_from_file (path, &error);
  g_assert_no_error (error);
  test_assert_sketch_equal (loaded, sketch);
  g_assert_null (stp_sketch_new_from_file (missing, &error));
  g_assert_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_IO);
  test_rm_rf (dir);
}

#define HEAD "{\"format\":\"stipple-sketch\",\"version\":1,\"photo\":{\"width\":100,\"height\":100}"
#define DOC(items) HEAD ",\"items\":[" items "]}"
#define STROKE(points) "{\"id\":1,\"kind\":\"stroke\",\"points\":[" points "]}"

typedef struct
{
  const char *name;
  const char *json;
  int         code;
} Malformed;

static const Malformed corpus[] = {
  { "empty", "", STP_SKETCH_ERROR_EMPTY },
  { "blank", " \n\t ", STP_SKETCH_ERROR_EMPTY },
  { "not-json", "this is a shopping list, not a sketch", STP_SKETCH_ERROR_NOT_JSON },
  { "trailing-garbage", DOC ("") " and more", STP_SKETCH_ERROR_NOT_JSON },
  { "single-quotes", "{'format':'stipple-sketch'}", STP_SKETCH_ERROR_NOT_JSON },
  { "trailing-comma", DOC (STROKE ("1,2,0.5,")), STP_SKETCH_ERROR_NOT_JSON },
  { "bad-escape", HEAD ",\"name\":\"\\q\",\"items\":[]}", STP_SKETCH_ERROR_NOT_JSON },
  { "lone-surrogate", HEAD ",\"name\":\"\\ud800\",\"items\":[]}", STP_SKETCH_ERROR_NOT_JSON },
  { "nul-escape", HEAD ",\"name\":\"a\\u0000b\",\"items\":[]}", STP_SKETCH_ERROR_NOT_JSON },
  { "bad-utf8", HEAD ",\"name\":\"\xc3\x28\",\"items\":[]}", STP_SKETCH_ERROR_NOT_JSON },
  { "raw-control", HEAD ",\"name\":\"a\x01\",\"items\":[]}", STP_SKETCH_ERROR_NOT_JSON },
  { "leading-zero", DOC (STROKE ("01,2,0.5")), STP_SKETCH_ERROR_NOT_JSON },
  { "truncated", DOC (STROKE ("1,2,0.5")) "", -1 },   /* cut below, at every length */
  { "truncated-mid-string", HEAD ",\"name\":\"Hair", STP_SKETCH_ERROR_TRUNCATED },
  { "truncated-literal", HEAD ",\"calibration\":nu", STP_SKETCH_ERROR_TRUNCATED },
  { "array-top", "[1,2,3]", STP_SKETCH_ERROR_NOT_SKETCH },
  { "string-top", "\"stipple-sketch\"", STP_SKETCH_ERROR_NOT_SKETCH },
  { "null-top", "null", STP_SKETCH_ERROR_NOT_SKETCH },
  { "empty-object", "{}", STP_SKETCH_ERROR_NOT_SKETCH },
  { "other-format", "{\"format\":\"svg\",\"version\":1}", STP_SKETCH_ERROR_NOT_SKETCH },
  { "format-number", "{\"format\":7,\"version\":1}", STP_SKETCH_ERROR_WRONG_TYPE },
  { "deep-nesting", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]"
                    "]]]]]]]]]]]]]]]]]]]]]]]]]", STP_SKETCH_ERROR_NOT_SKETCH },
  { "version-newer", "{\"format\":\"stipple-sketch\",\"version\":2,\"photo\":{\"width\":1,"
                     "\"height\":1},\"items\":[]}", STP_SKETCH_ERROR_UNSUPPORTED_VERSION },
  { "version-zero", "{\"format\":\"stipple-sketch\",\"version\":0}",
    STP_SKETCH_ERROR_UNSUPPORTED_VERSION },
  { "version-string", "{\"format\":\"stipple-sketch\",\"version\":\"1\"}",
    STP_SKETCH_ERROR_WRONG_TYPE },
  { "version-missing", "{\"format\":\"stipple-sketch\"}", STP_SKETCH_ERROR_MISSING_FIELD },
  { "photo-missing", "{\"format\":\"stipple-sketch\",\"version\":1,\"items\":[]}",
    STP_SKETCH_ERROR_MISSING_FIELD },
  { "photo-huge", "{\"format\":\"stipple-sketch\",\"version\":1,\"photo\":{\"width\":30000,"
                  "\"height\":100},\"items\":[]}", STP_SKETCH_ERROR_OUT_OF_RANGE },
  { "photo-fraction", "{\"format\":\"stipple-sketch\",\"version\":1,\"photo\":{\"width\":10.5,"
                      "\"height\":100},\"items\":[]}", STP_SKETCH_ERROR_WRONG_TYPE },
  { "items-missing", HEAD "}", STP_SKETCH_ERROR_MISSING_FIELD },
  { "items-object", HEAD ",\"items\":{}}", STP_SKETCH_ERROR_WRONG_TYPE },
  { "item-number", DOC ("7"), STP_SKETCH_ERROR_WRONG_TYPE },
  { "item-no-id", DOC ("{\"kind\":\"stroke\",\"points\":[1,2,1]}"), STP_SKETCH_ERROR_MISSING_FIELD },
  { "item-id-zero", DOC ("{\"id\":0,\"kind\":\"stroke\",\"points\":[1,2,1]}"),
    STP_SKETCH_ERROR_OUT_OF_RANGE },
  { "item-id-fraction", DOC ("{\"id\":1.5,\"kind\":\"stroke\",\"points\":[1,2,1]}"),
    STP_SKETCH_ERROR_WRONG_TYPE },
  { "item-id-string", DOC ("{\"id\":\"1\",\"kind\":\"stroke\",\"points\":[1,2,1]}"),
    STP_SKETCH_ERROR_WRONG_TYPE },
  { "duplicate-id", DOC (STROKE ("1,2,1") "," STROKE ("3,4,1")), STP_SKETCH_ERROR_DUPLICATE_ID },
  { "unknown-kind", DOC ("{\"id\":1,\"kind\":\"hologram\",\"points\":[1,2,1]}"),
    STP_SKETCH_ERROR_UNKNOWN_KIND },
  { "unknown-layer", DOC ("{\"id\":1,\"kind\":\"stroke\",\"layer\":\"basement\","
                          "\"points\":[1,2,1]}"), STP_SKETCH_ERROR_UNKNOWN_KIND },
  { "unknown-role", DOC ("{\"id\":1,\"kind\":\"region\",\"role\":\"tattoo\","
                         "\"points\":[1,2,1,3,4,1,5,0,1]}"), STP_SKETCH_ERROR_UNKNOWN_KIND },
  { "kind-number", DOC ("{\"id\":1,\"kind\":3}"), STP_SKETCH_ERROR_WRONG_TYPE },
  { "stroke-no-points", DOC ("{\"id\":1,\"kind\":\"stroke\"}"), STP_SKETCH_ERROR_MISSING_FIELD },
  { "points-object", DOC ("{\"id\":1,\"kind\":\"stroke\",\"points\":{}}"),
    STP_SKETCH_ERROR_WRONG_TYPE },
  { "points-ragged", DOC (STROKE ("1,2,0.5,3")), STP_SKETCH_ERROR_WRONG_TYPE },
  { "points-string", DOC (STROKE ("1,\"2\",0.5")), STP_SKETCH_ERROR_WRONG_TYPE },
  { "points-null", DOC (STROKE ("1,null,0.5")), STP_SKETCH_ERROR_WRONG_TYPE },
  { "nan", DOC (STROKE ("NaN,2,0.5")), STP_SKETCH_ERROR_NOT_FINITE },
  { "nan-later", DOC (STROKE ("1,2,0.5,NaN,2,0.5")), STP_SKETCH_ERROR_NOT_FINITE },
  { "infinity", DOC (STROKE ("1,Infinity,0.5")), STP_SKETCH_ERROR_NOT_FINITE },
  { "minus-infinity", DOC (STROKE ("1,-Infinity,0.5")), STP_SKETCH_ERROR_NOT_FINITE },
  { "overflow", DOC (STROKE ("1e999,2,0.5")), STP_SKETCH_ERROR_NOT_FINITE },
  { "midline-nan", HEAD ",\"midline\":{\"x\":NaN},\"items\":[]}", STP_SKETCH_ERROR_NOT_FINITE },
  { "far-point", DOC (STROKE ("1e6,2,0.5")), STP_SKETCH_ERROR_OUT_OF_RANGE },
  { "pressure-high", DOC (STROKE ("1,2,1.5")), STP_SKETCH_ERROR_OUT_OF_RANGE },
  { "pressure-negative", DOC (STROKE ("1,2,-0.1")), STP_SKETCH_ERROR_OUT_OF_RANGE },
  { "width-negative", DOC ("{\"id\":1,\"kind\":\"stroke\",\"width\":-3,\"points\":[1,2,1]}"),
    STP_SKETCH_ERROR_OUT_OF_RANGE },
  { "color-word", DOC ("{\"id\":1,\"kind\":\"stroke\",\"color\":\"blue\",\"points\":[1,2,1]}"),
    STP_SKETCH_ERROR_WRONG_TYPE },
  { "density-negative", DOC ("{\"id\":1,\"kind\":\"region\",\"density\":-5,"
                             "\"points\":[1,2,1,3,4,1,5,0,1]}"), STP_SKETCH_ERROR_OUT_OF_RANGE },
  { "mirrored-string", DOC ("{\"id\":1,\"kind\":\"curve\",\"mirrored\":\"yes\","
                            "\"nodes\":[1,2,1,2,1,2]}"), STP_SKETCH_ERROR_WRONG_TYPE },
  { "nodes-ragged", DOC ("{\"id\":1,\"kind\":\"curve\",\"nodes\":[1,2,1,2,1]}"),
    STP_SKETCH_ERROR_WRONG_TYPE },
  { "label-no-text", DOC ("{\"id\":1,\"kind\":\"label\",\"x\":1,\"y\":2}"),
    STP_SKETCH_ERROR_MISSING_FIELD },
  { "label-text-number", DOC ("{\"id\":1,\"kind\":\"label\",\"text\":5,\"x\":1,\"y\":2}"),
    STP_SKETCH_ERROR_WRONG_TYPE },
  { "measure-one-point", DOC ("{\"id\":1,\"kind\":\"measure\",\"points\":[1,2,1]}"),
    STP_SKETCH_ERROR_WRONG_TYPE },
  { "layers-too-many", HEAD ",\"layers\":[{},{},{},{},{}],\"items\":[]}",
    STP_SKETCH_ERROR_TOO_LARGE },
  { "layer-opacity", HEAD ",\"layers\":[{\"id\":\"areas\",\"visible\":true,\"opacity\":3}],"
                     "\"items\":[]}", STP_SKETCH_ERROR_OUT_OF_RANGE },
  { "guides-two", HEAD ",\"guides\":{\"y\":[1,2]},\"items\":[]}", STP_SKETCH_ERROR_WRONG_TYPE },
  { "calibration-zero", HEAD ",\"calibration\":{\"x1\":1,\"y1\":1,\"x2\":1,\"y2\":1,\"mm\":5},"
                        "\"items\":[]}", STP_SKETCH_ERROR_OUT_OF_RANGE },
  { "calibration-string", HEAD ",\"calibration\":\"20 mm\",\"items\":[]}",
    STP_SKETCH_ERROR_WRONG_TYPE },
  { "name-number", HEAD ",\"name\":12,\"items\":[]}", STP_SKETCH_ERROR_WRONG_TYPE },
};

static void
assert_refused (const char *name,
                const char *json,
                gssize      length,
                int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpSketch) sketch = stp_sketch_new_from_json (json, length, &error);

  if (sketch != NULL || error == NULL || error->domain != STP_SKETCH_ERROR ||
      error->code != code)
    g_error ("%s: expected error %d, got %s (%d: %s)", name, code,
             sketch != NULL ? "a sketch" : "an error", error != NULL ? error->code : -1,
             error != NULL ? error->message : "");
  /* Every refusal tells a person what is wrong. */
  g_assert_cmpuint (strlen (error->message), >, 20);
}

static void
test_malformed_corpus (void)
{
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < G_N_ELEMENTS (corpus); i++)
    {
      if (corpus[i].code < 0)
        continue;
      assert_refused (corpus[i].name, corpus[i].json, -1, corpus[i].code);
    }
  /* Sanity: the template the corpus is built from loads. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(StpSketch) ok = stp_sketch_new_from_json (DOC (STROKE ("1,2,0.5")), -1, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (stp_sketch_get_n_items (ok), ==, 1);
  }
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

/* Every proper prefix of a real sketch is reported as truncated, never as a crash or a
 * vague "not JSON". */
static void
test_truncated_everywhere (void)
{
  g_autoptr(StpSketch) sketch = make_full_sketch ();
  g_autofree char *json = stp_sketch_to_json (sketch, NULL);
  gsize length = strlen (json);

  for (gsize cut = 1; cut < length; cut++)
    {
      g_autofree char *name = g_strdup_printf ("cut at %" G_GSIZE_FORMAT, cut);
      assert_refused (name, json, cut, STP_SKETCH_ERROR_TRUNCATED);
    }
}

/* A file that is not text at all (a PNG). */
static void
test_binary (void)
{
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";

  assert_refused ("png", png, sizeof png - 1, STP_SKETCH_ERROR_NOT_JSON);
}

static char *
make_huge (guint n_items,
           guint points_per_item)
{
  GString *s = g_string_new (HEAD ",\"items\":[");

  for (guint i = 0; i < n_items; i++)
    {
      g_string_append_printf (s, "%s{\"id\":%u,\"kind\":\"stroke\",\"points\":[", i ? "," : "",
                              i + 1);
      for (guint k = 0; k < points_per_item; k++)
        g_string_append (s, k ? ",1,2,1" : "1,2,1");
      g_string_append (s, "]}");
    }
  g_string_append (s, "]}");
  return g_string_free (s, FALSE);
}

static void
test_huge_arrays (void)
{
  gint64 start = g_get_monotonic_time ();
  g_autofree char *many_items = make_huge (STP_SKETCH_MAX_ITEMS + 1, 1);
  g_autofree char *long_stroke = make_huge (1, STP_SKETCH_MAX_ITEM_POINTS + 1);
  g_autofree char *many_points = make_huge (11, STP_SKETCH_MAX_POINTS / 10);
  g_autofree char *too_big = g_malloc (STP_SKETCH_MAX_BYTES + 2);
  g_autofree char *long_text = NULL;
  GString *text = g_string_new (NULL);

  assert_refused ("many-items", many_items, -1, STP_SKETCH_ERROR_TOO_LARGE);
  assert_refused ("long-stroke", long_stroke, -1, STP_SKETCH_ERROR_TOO_LARGE);
  assert_refused ("many-points", many_points, -1, STP_SKETCH_ERROR_TOO_LARGE);

  memset (too_big, ' ', STP_SKETCH_MAX_BYTES + 1);
  too_big[0] = '{';
  too_big[STP_SKETCH_MAX_BYTES + 1] = '\0';
  assert_refused ("too-many-bytes", too_big, -1, STP_SKETCH_ERROR_TOO_LARGE);

  for (int i = 0; i <= STP_SKETCH_MAX_TEXT; i++)
    g_string_append (text, "é");
  long_text = g_strdup_printf (DOC ("{\"id\":1,\"kind\":\"label\",\"x\":1,\"y\":2,\"text\":\"%s\"}"),
                               text->str);
  g_string_free (text, TRUE);
  assert_refused ("long-text", long_text, -1, STP_SKETCH_ERROR_OUT_OF_RANGE);

  /* A deeply nested hostile file must not recurse without end. */
  {
    g_autofree char *deep = g_malloc (200001);
    memset (deep, '[', 100000);
    memset (deep + 100000, ']', 100000);
    deep[200000] = '\0';
    assert_refused ("very-deep", deep, -1, STP_SKETCH_ERROR_NOT_SKETCH);
  }
  /* Generous: the machines are shared; a real problem (quadratic work) takes minutes. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

/* Random damage to a real file: every result is a sketch or a STP_SKETCH_ERROR with a
 * message, never a crash (run under ASan too), and a loaded sketch saves again. */
static void
test_mutations (void)
{
  g_autoptr(StpSketch) sketch = make_full_sketch ();
  g_autofree char *json = stp_sketch_to_json (sketch, NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  static const char alphabet[] = "{}[]\",:-.0123456789eEtrufalsnNI \\u\x01\xc3\xff";
  gsize length = strlen (json);
  guint loaded = 0, refused = 0;

  for (int round = 0; round < 3000; round++)
    {
      g_autofree char *copy = g_memdup2 (json, length + 1);
      g_autoptr(GError) error = NULL;
      g_autoptr(StpSketch) result = NULL;
      int edits = g_rand_int_range (rand, 1, 4);

      for (int e = 0; e < edits; e++)
        {
          gsize at = g_rand_int_range (rand, 0, length);
          copy[at] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
        }
      result = stp_sketch_new_from_json (copy, length, &error);
      if (result != NULL)
        {
          g_autofree char *again = stp_sketch_to_json (result, NULL);
          g_assert_no_error (error);
          g_assert_nonnull (again);
          loaded++;
        }
      else
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == STP_SKETCH_ERROR);
          g_assert_cmpuint (strlen (error->message), >, 20);
          refused++;
        }
    }
  /* Both outcomes happen: the damage is neither always fatal nor always harmless. */
  g_assert_cmpuint (loaded, >, 50);
  g_assert_cmpuint (refused, >, 50);
}

/* Unknown members are ignored (a later 1.x writer may add some); known ones count. */
static void
test_defaults_and_unknown_members (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpSketch) sketch = stp_sketch_new_from_json (
    "{\"format\":\"stipple-sketch\",\"version\":1,\"future\":[1,{\"a\":null}],"
    "\"photo\":{\"width\":640,\"height\":480},\"calibration\":null,"
    "\"items\":[{\"id\":7,\"kind\":\"label\",\"text\":\"Crown\",\"x\":1.5,\"y\":2}]}", -1, &error);
  const StpSketchItem *item;

  g_assert_no_error (error);
  g_assert_cmpint (stp_sketch_get_photo_width (sketch), ==, 640);
  g_assert_false (stp_sketch_is_calibrated (sketch));
  g_assert_cmpfloat (stp_sketch_get_midline_x (sketch), ==, 320);
  item = stp_sketch_lookup_item (sketch, 7);
  g_assert_nonnull (item);
  g_assert_cmpint (item->layer, ==, STP_SKETCH_LAYER_NOTES);
  g_assert_cmpstr (item->text, ==, "Crown");
  /* New items never reuse a loaded id. */
  g_assert_cmpuint (stp_sketch_get_next_id (sketch), ==, 8);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sketch/format/round-trip", test_round_trip);
  g_test_add_func ("/sketch/format/round-trip-random", test_round_trip_random);
  g_test_add_func ("/sketch/format/file", test_file_round_trip);
  g_test_add_func ("/sketch/format/malformed-corpus", test_malformed_corpus);
  g_test_add_func ("/sketch/format/truncated-everywhere", test_truncated_everywhere);
  g_test_add_func ("/sketch/format/binary", test_binary);
  g_test_add_func ("/sketch/format/huge-arrays", test_huge_arrays);
  g_test_add_func ("/sketch/format/defaults", test_defaults_and_unknown_members);
  g_test_add_func ("/sketch/format/mutations", test_mutations);

  return g_test_run ();
}
