/* test-signature.c: signature strokes render to a PNG with ink where the pen went and
 * nothing elsewhere; malformed or hostile stroke JSON is refused with a clear error.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "test-util.h"

#include <cairo.h>

static cairo_surface_t *
decode (GBytes *png)
{
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (png, &size);
  cairo_surface_t *surface;

  g_assert_cmpuint (size, >, 8);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  surface = stp_signature_decode_png (png, &error);
  g_assert_no_error (error);
  g_assert_nonnull (surface);
  return surface;
}

/* ARGB32, premultiplied: returns the alpha byte and the red byte. */
static guint32
pixel (cairo_surface_t *surface,
       int              x,
       int              y)
{
  const guint8 *row;

  cairo_surface_flush (surface);
  row = cairo_image_surface_get_data (surface) + y * cairo_image_surface_get_stride (surface);
  return ((const guint32 *) row)[x];
}

static void
test_render_transparent (void)
{
  /* A horizontal line across the middle, then a vertical one in the right half. */
  const char *json = "[[{\"x\":20,\"y\":50,\"p\":0.5,\"t\":0},{\"x\":100,\"y\":50,\"p\":0.5},"
                     "{\"x\":180,\"y\":50,\"p\":0.9,\"t\":40}],"
                     "[{\"x\":150,\"y\":10},{\"x\":150,\"y\":30}]]";
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = stp_signature_render_png (json, 200, 100,
                                                    STP_SIGNATURE_BACKGROUND_TRANSPARENT,
                                                    &error);
  cairo_surface_t *surface;

  g_assert_no_error (error);
  g_assert_nonnull (png);
  surface = decode (png);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 200);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 100);

  /* Opaque dark ink on the strokes. */
  for (int x = 25; x <= 175; x += 10)
    {
      guint32 p = pixel (surface, x, 50);

      g_assert_cmpuint (p >> 24, ==, 0xff);
      g_assert_cmpuint ((p >> 16) & 0xff, <, 0x40);
    }
  g_assert_cmpuint (pixel (surface, 150, 20) >> 24, ==, 0xff);

  /* Nothing anywhere else. */
  g_assert_cmpuint (pixel (surface, 0, 0), ==, 0);
  g_assert_cmpuint (pixel (surface, 100, 10), ==, 0);
  g_assert_cmpuint (pixel (surface, 100, 90), ==, 0);
  g_assert_cmpuint (pixel (surface, 5, 50), ==, 0);
  g_assert_cmpuint (pixel (surface, 195, 50), ==, 0);

  /* Harder pressure draws a wider line. */
  g_assert_cmpuint (pixel (surface, 170, 51) >> 24, >, pixel (surface, 30, 51) >> 24);

  cairo_surface_destroy (surface);
}

static void
test_render_white (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = stp_signature_render_png ("[[{\"x\":10,\"y\":10}]]", 40, 30,
                                                    STP_SIGNATURE_BACKGROUND_WHITE, &error);
  cairo_surface_t *surface;

  g_assert_no_error (error);
  surface = decode (png);
  /* A single point is a dot. */
  g_assert_cmpuint ((pixel (surface, 10, 10) >> 16) & 0xff, <, 0x40);
  g_assert_cmphex (pixel (surface, 30, 25), ==, 0xffffffff);
  g_assert_cmphex (pixel (surface, 0, 0), ==, 0xffffffff);
  cairo_surface_destroy (surface);
}

static void
test_round_trip (void)
{
  const char *json = "[[{\"x\":1.5,\"y\":2,\"p\":0.25,\"t\":0},{\"x\":3,\"y\":4,\"t\":16}]]";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) strokes = stp_signature_parse (json, &error);
  g_autoptr(GPtrArray) again = NULL;
  g_autofree char *text = NULL;
  StpSignaturePoint *p;

  g_assert_no_error (error);
  g_assert_cmpuint (strokes->len, ==, 1);
  g_assert_cmpuint (((GArray *) strokes->pdata[0])->len, ==, 2);
  p = &g_array_index ((GArray *) strokes->pdata[0], StpSignaturePoint, 1);
  g_assert_cmpfloat (p->x, ==, 3);
  g_assert_cmpfloat (p->pressure, ==, 0.5);   /* absent: a mouse's pressure */
  g_assert_cmpint (p->time_ms, ==, 16);

  text = stp_signature_to_json (strokes);
  again = stp_signature_parse (text, &error);
  g_assert_no_error (error);
  p = &g_array_index ((GArray *) again->pdata[0], StpSignaturePoint, 0);
  g_assert_cmpfloat (p->x, ==, 1.5);
  g_assert_cmpfloat (p->pressure, ==, 0.25);
}

static void
expect_error (const char *json,
              int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) strokes = stp_signature_parse (json, &error);
  g_autoptr(GBytes) png = NULL;

  g_assert_null (strokes);
  g_assert_error (error, STP_SIGNATURE_ERROR, code);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);

  png = stp_signature_render_png (json, 100, 100, STP_SIGNATURE_BACKGROUND_WHITE, &error);
  g_assert_null (png);
  g_assert_error (error, STP_SIGNATURE_ERROR, code);
}

static void
test_hostile (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) many = g_string_new ("[");
  g_autoptr(GString) points = g_string_new ("[[");
  g_autofree char *huge = NULL;

  expect_error (NULL, STP_SIGNATURE_ERROR_EMPTY);
  expect_error ("", STP_SIGNATURE_ERROR_EMPTY);
  expect_error ("[]", STP_SIGNATURE_ERROR_EMPTY);
  expect_error ("[[],[]]", STP_SIGNATURE_ERROR_EMPTY);
  expect_error ("[[{\"x\":1,", STP_SIGNATURE_ERROR_INVALID);
  expect_error ("not json", STP_SIGNATURE_ERROR_INVALID);
  expect_error ("{\"x\":1,\"y\":2}", STP_SIGNATURE_ERROR_INVALID);
  expect_error ("[{\"x\":1,\"y\":2}]", STP_SIGNATURE_ERROR_INVALID);
  expect_error ("[[1,2]]", STP_SIGNATURE_ERROR_INVALID);
  expect_error ("[[{\"x\":1}]]", STP_SIGNATURE_ERROR_INVALID);
  expect_error ("[[{\"x\":\"1\",\"y\":2}]]", STP_SIGNATURE_ERROR_INVALID);
  expect_error ("[[{\"x\":true,\"y\":2}]]", STP_SIGNATURE_ERROR_INVALID);
  expect_error ("[[{\"x\":null,\"y\":2}]]", STP_SIGNATURE_ERROR_INVALID);
  expect_error ("[[{\"x\":[1],\"y\":2}]]", STP_SIGNATURE_ERROR_INVALID);
  expect_error ("[[{\"x\":-1,\"y\":2}]]", STP_SIGNATURE_ERROR_INVALID);
  expect_error ("[[{\"x\":1e308,\"y\":2}]]", STP_SIGNATURE_ERROR_INVALID);
  expect_error ("[[{\"x\":1,\"y\":2,\"p\":7}]]", STP_SIGNATURE_ERROR_INVALID);
  expect_error ("[[{\"x\":1,\"y\":2,\"p\":-0.1}]]", STP_SIGNATURE_ERROR_INVALID);
  expect_error ("[[{\"x\":1,\"y\":2,\"t\":-5}]]", STP_SIGNATURE_ERROR_INVALID);
  expect_error ("[[{\"x\":1,\"y\":2}]]\xff", STP_SIGNATURE_ERROR_INVALID);

  /* Nesting a million deep is refused before any parser recursion. */
  for (int i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  expect_error (deep->str, STP_SIGNATURE_ERROR_INVALID);
  expect_error ("[[{\"x\":1,\"y\":2,\"z\":{\"a\":[1]}}]]", STP_SIGNATURE_ERROR_INVALID);

  /* Limits: strokes, points, length. */
  for (int i = 0; i <= STP_SIGNATURE_STROKES_MAX; i++)
    g_string_append_printf (many, "%s[{\"x\":1,\"y\":1}]", i > 0 ? "," : "");
  g_string_append_c (many, ']');
  expect_error (many->str, STP_SIGNATURE_ERROR_TOO_LARGE);

  for (int i = 0; i <= STP_SIGNATURE_POINTS_MAX; i++)
    g_string_append_printf (points, "%s{\"x\":1,\"y\":1}", i > 0 ? "," : "");
  g_string_append (points, "]]");
  expect_error (points->str, STP_SIGNATURE_ERROR_TOO_LARGE);

  huge = g_strnfill (STP_SIGNATURE_JSON_MAX + 1, ' ');
  expect_error (huge, STP_SIGNATURE_ERROR_TOO_LARGE);
}

static void
test_size_limits (void)
{
  const char *json = "[[{\"x\":1,\"y\":1},{\"x\":5,\"y\":5}]]";
  int sizes[][2] = { { 0, 10 }, { 10, 0 }, { -1, 10 }, { STP_SIGNATURE_SIZE_MAX + 1, 10 },
                     { 10, STP_SIGNATURE_SIZE_MAX + 1 }, { G_MAXINT, G_MAXINT } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) png = stp_signature_render_png (json, sizes[i][0], sizes[i][1],
                                                        STP_SIGNATURE_BACKGROUND_WHITE,
                                                        &error);

      g_assert_null (png);
      g_assert_error (error, STP_SIGNATURE_ERROR, STP_SIGNATURE_ERROR_SIZE);
    }

  /* Points outside a smaller image are clipped, not an error. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) png = stp_signature_render_png ("[[{\"x\":4000,\"y\":4000}]]", 1, 1,
                                                      STP_SIGNATURE_BACKGROUND_TRANSPARENT,
                                                      &error);
    g_assert_no_error (error);
    g_assert_nonnull (png);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/signature/render-transparent", test_render_transparent);
  g_test_add_func ("/signature/render-white", test_render_white);
  g_test_add_func ("/signature/round-trip", test_round_trip);
  g_test_add_func ("/signature/hostile", test_hostile);
  g_test_add_func ("/signature/size-limits", test_size_limits);

  return g_test_run ();
}
