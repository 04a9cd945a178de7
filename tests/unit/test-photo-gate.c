/* test-photo-gate.c: the safety gate refuses hostile files quickly and without large
 * allocations, reads dimensions and EXIF from headers, and photos display upright.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-photo-gate"

#include "config.h"

#include <stdio.h>

#include "test-photo-util.h"
#include "test-util.h"

/* Peak resident memory of this process in kB, after resetting the peak. */
static void
reset_peak_rss (void)
{
  FILE *f = fopen ("/proc/self/clear_refs", "w");

  if (f != NULL)
    {
      fputs ("5", f);
      fclose (f);
    }
}

static gint64
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line != NULL ? g_ascii_strtoll (line + 6, NULL, 10) : -1;
}

static gint64
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line != NULL ? g_ascii_strtoll (line + 6, NULL, 10) : -1;
}

/* A PNG that is only a signature and an IHDR chunk. */
static GBytes *
make_png_header (guint32 w,
                 guint32 h)
{
  GByteArray *a = g_byte_array_new ();

  g_byte_array_append (a, (const guint8 *)"\x89PNG\r\n\x1a\n", 8);
  put32 (a, FALSE, 13);
  g_byte_array_append (a, (const guint8 *)"IHDR", 4);
  put32 (a, FALSE, w);
  put32 (a, FALSE, h);
  g_byte_array_append (a, (const guint8 *)"\x08\x02\x00\x00\x00", 5);
  put32 (a, FALSE, 0);  /* CRC: the gate never gets as far as checking it */
  return g_byte_array_free_to_bytes (a);
}

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = test_make_tmp ();
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  test_rm_rf (f->dir);
  g_free (f->dir);
}

static char *
write_file (Fixture *f, const char *name, GBytes *bytes)
{
  char *path = g_build_filename (f->dir, name, NULL);

  photo_write (path, bytes);
  return path;
}

/* Checks that the gate and the display loader refuse the file with the code, in well
 * under a second, without growing the process by anything like a decoded picture. */
static void
assert_refused_quickly (const char *path,
                        int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  StpPhotoInfo info;
  gint64 start, rss_before;

  reset_peak_rss ();
  rss_before = rss_kb ();
  start = g_get_monotonic_time ();

  g_assert_false (stp_photo_gate_check_file (path, NULL, NULL, &info, &error));
  g_assert_error (error, STP_PHOTO_ERROR, code);
  g_assert_nonnull (error->message);
  g_clear_error (&error);

  pixbuf = stp_photo_load_at_size (path, 1280, 800, NULL, &error);
  g_assert_null (pixbuf);
  g_assert_error (error, STP_PHOTO_ERROR, code);

  g_assert_cmpint (g_get_monotonic_time () - start, <, 250 * 1000);
  /* A 20,000 x 20,000 picture would take 1.6 GB decoded; allow 32 MB of noise. */
  if (peak_rss_kb () > 0 && rss_before > 0)
    g_assert_cmpint (peak_rss_kb () - rss_before, <, 32 * 1024);
}

static void
test_huge_png (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) bytes = make_png_header (20000, 20000);
  g_autofree char *path = write_file (f, "huge.png", bytes);
  g_autoptr(GError) error = NULL;
  StpPhotoInfo info;

  g_assert_cmpuint (g_bytes_get_size (bytes), ==, 33);
  assert_refused_quickly (path, STP_PHOTO_ERROR_TOO_MANY_PIXELS);

  /* The message says what is wrong in numbers a person can act on. */
  g_assert_false (stp_photo_gate_check_file (path, NULL, NULL, &info, &error));
  g_assert_nonnull (strstr (error->message, "400"));
  g_assert_nonnull (strstr (error->message, "100"));
}

static void
test_wide_png (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) bytes = make_png_header (30000, 10);
  g_autofree char *path = write_file (f, "wide.png", bytes);
  g_autoptr(GBytes) tall = make_png_header (10, 20001);
  g_autoptr(GBytes) fine = make_png_header (20000, 10);
  g_autoptr(GBytes) zero = make_png_header (0, 10);
  g_autoptr(GError) error = NULL;
  StpPhotoInfo info;

  assert_refused_quickly (path, STP_PHOTO_ERROR_TOO_WIDE);

  g_assert_false (stp_photo_gate_check_bytes (g_bytes_get_data (tall, NULL), 33, NULL, &info,
                                              &error));
  g_assert_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_TOO_WIDE);
  g_clear_error (&error);

  g_assert_true (stp_photo_gate_check_bytes (g_bytes_get_data (fine, NULL), 33, NULL, &info,
                                             &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.format, ==, STP_PHOTO_FORMAT_PNG);
  g_assert_cmpuint (info.width, ==, 20000);
  g_assert_cmpuint (info.height, ==, 10);

  g_assert_false (stp_photo_gate_check_bytes (g_bytes_get_data (zero, NULL), 33, NULL, &info,
                                              &error));
  g_assert_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_TRUNCATED);
}

static void
test_truncated_jpeg (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) jpeg = photo_make_oriented_jpeg (64, 48, 1);
  gsize len = g_bytes_get_size (jpeg);
  g_autoptr(GBytes) header_cut = g_bytes_new_from_bytes (jpeg, 0, 100);
  g_autoptr(GBytes) scan_cut = g_bytes_new_from_bytes (jpeg, 0, len - len / 3);
  g_autofree char *header_path = write_file (f, "cut.jpg", header_cut);
  g_autofree char *scan_path = write_file (f, "half.jpg", scan_cut);

  /* Cut inside the header, and cut inside the picture data (which the decoder alone
   * would quietly pad with grey). */
  assert_refused_quickly (header_path, STP_PHOTO_ERROR_TRUNCATED);
  assert_refused_quickly (scan_path, STP_PHOTO_ERROR_TRUNCATED);

  /* Every length short of the end is refused, never accepted nor crashed on. */
  for (gsize n = 1; n < len - 1; n += 7)
    {
      g_autoptr(GError) error = NULL;
      StpPhotoInfo info;

      g_assert_false (stp_photo_gate_check_bytes (g_bytes_get_data (jpeg, NULL), n, NULL,
                                                  &info, &error));
      g_assert_error (error, STP_PHOTO_ERROR,
                      (n < 3 ? STP_PHOTO_ERROR_UNSUPPORTED : STP_PHOTO_ERROR_TRUNCATED));
    }
}

static void
test_text_named_jpg (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) text = g_bytes_new_static ("Dear client, your appointment...\n", 33);
  g_autofree char *path = write_file (f, "photo.jpg", text);

  assert_refused_quickly (path, STP_PHOTO_ERROR_UNSUPPORTED);
}

static void
test_empty (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autofree char *path = write_file (f, "empty.jpg", empty);

  assert_refused_quickly (path, STP_PHOTO_ERROR_EMPTY);
}

static void
test_unsupported (Fixture *f, gconstpointer data)
{
  g_autoptr(GdkPixbuf) pixbuf = photo_make_upright (16, 8);
  g_autofree char *bmp = NULL;
  gsize bmp_len = 0;
  g_autoptr(GBytes) gif = g_bytes_new_static ("GIF89a\x10\x00\x08\x00\x80\x00\x00", 13);
  g_autoptr(GBytes) bmp_bytes = NULL;
  g_autofree char *gif_path = write_file (f, "a.gif", gif);
  g_autofree char *bmp_path = NULL;
  g_autoptr(GError) error = NULL;
  StpPhotoInfo info;

  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &bmp, &bmp_len, "bmp", &error, NULL));
  bmp_bytes = g_bytes_new (bmp, bmp_len);
  /* Named .jpg: the name does not matter, the bytes do. */
  bmp_path = write_file (f, "b.jpg", bmp_bytes);

  assert_refused_quickly (gif_path, STP_PHOTO_ERROR_UNSUPPORTED);
  assert_refused_quickly (bmp_path, STP_PHOTO_ERROR_UNSUPPORTED);

  g_assert_false (stp_photo_gate_check_file (gif_path, NULL, NULL, &info, &error));
  g_assert_nonnull (strstr (error->message, "GIF"));
  g_clear_error (&error);
  g_assert_false (stp_photo_gate_check_file (bmp_path, NULL, NULL, &info, &error));
  g_assert_nonnull (strstr (error->message, "BMP"));
}

static void
test_limits (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) jpeg = photo_make_oriented_jpeg (64, 48, 1);
  g_autofree char *path = write_file (f, "ok.jpg", jpeg);
  g_autoptr(GError) error = NULL;
  StpPhotoLimits limits = *stp_photo_limits_default ();
  StpPhotoInfo info;

  g_assert_cmpuint (limits.max_side, ==, 20000);
  g_assert_cmpuint (limits.max_pixels, ==, 100000000);

  limits.max_bytes = g_bytes_get_size (jpeg) - 1;
  g_assert_false (stp_photo_gate_check_file (path, &limits, NULL, &info, &error));
  g_assert_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_FILE_TOO_LARGE);
  g_clear_error (&error);

  limits = *stp_photo_limits_default ();
  limits.max_pixels = 64 * 48 - 1;
  g_assert_false (stp_photo_gate_check_file (path, &limits, NULL, &info, &error));
  g_assert_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_TOO_MANY_PIXELS);
  g_clear_error (&error);

  /* A time limit already spent: the first read notices. */
  limits = *stp_photo_limits_default ();
  limits.time_limit_us = -G_USEC_PER_SEC;
  g_assert_false (stp_photo_gate_check_file (path, &limits, NULL, &info, &error));
  g_assert_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_TIMED_OUT);
  g_clear_error (&error);

  {
    g_autofree char *missing = g_build_filename (f->dir, "missing.jpg", NULL);

    g_assert_false (stp_photo_gate_check_file (missing, NULL, NULL, &info, &error));
    g_assert_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_IO);
    g_clear_error (&error);
    g_assert_false (stp_photo_gate_check_file (f->dir, NULL, NULL, &info, &error));
    g_assert_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_UNSUPPORTED);
  }
}

static void
test_jpeg_header (Fixture *f, gconstpointer data)
{
  g_autoptr(GdkPixbuf) pixbuf = photo_make_upright (120, 50);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) local = g_date_time_new_local (2025, 11, 2, 23, 45, 10);
  StpPhotoInfo info;

  for (int little = 0; little <= 1; little++)
    {
      GByteArray *tiff = photo_make_tiff (little, 6, "2026:03:14 10:30:00", "+01:00");
      g_autoptr(GBytes) jpeg = photo_make_jpeg (pixbuf, tiff);

      g_byte_array_unref (tiff);
      g_assert_true (stp_photo_gate_check_bytes (g_bytes_get_data (jpeg, NULL),
                                                 g_bytes_get_size (jpeg), NULL, &info,
                                                 &error));
      g_assert_no_error (error);
      g_assert_cmpint (info.format, ==, STP_PHOTO_FORMAT_JPEG);
      g_assert_cmpuint (info.width, ==, 120);
      g_assert_cmpuint (info.height, ==, 50);
      g_assert_cmpuint (info.orientation, ==, 6);
      g_assert_false (info.decoder_orients);
      g_assert_cmpuint (info.byte_size, ==, g_bytes_get_size (jpeg));
      /* 10:30 at UTC+1 is 09:30 UTC. */
      g_assert_cmpint (info.taken_at, ==, 1773480600);
      {
        guint w, h;
        stp_photo_info_get_upright_size (&info, &w, &h);
        g_assert_cmpuint (w, ==, 50);
        g_assert_cmpuint (h, ==, 120);
      }
    }

  /* Without an offset the time is the clinic's local time. */
  {
    GByteArray *tiff = photo_make_tiff (TRUE, 0, "2025:11:02 23:45:10", NULL);
    g_autoptr(GBytes) jpeg = photo_make_jpeg (pixbuf, tiff);

    g_byte_array_unref (tiff);
    g_assert_true (stp_photo_gate_check_bytes (g_bytes_get_data (jpeg, NULL),
                                               g_bytes_get_size (jpeg), NULL, &info, &error));
    g_assert_cmpuint (info.orientation, ==, 1);
    g_assert_cmpint (info.taken_at, ==, g_date_time_to_unix (local));
  }

  /* A nonsense date is no date. */
  {
    GByteArray *tiff = photo_make_tiff (TRUE, 3, "0000:00:00 00:00:00", NULL);
    g_autoptr(GBytes) jpeg = photo_make_jpeg (pixbuf, tiff);

    g_byte_array_unref (tiff);
    g_assert_true (stp_photo_gate_check_bytes (g_bytes_get_data (jpeg, NULL),
                                               g_bytes_get_size (jpeg), NULL, &info, &error));
    g_assert_cmpuint (info.orientation, ==, 3);
    g_assert_cmpint (info.taken_at, ==, 0);
  }
}

/* Random damage to the first span bytes (header and EXIF) of a valid file: never a crash
 * or an overread (the sanitizer build checks the latter), and any accepted file has sane
 * sizes and orientation. */
static void
damage_at_random (GBytes  *file,
                  gsize    span,
                  guint32  seed)
{
  gsize len = g_bytes_get_size (file);
  g_autofree guint8 *copy = g_malloc (len);
  GRand *rand = g_rand_new_with_seed (seed);

  for (guint round = 0; round < 20000; round++)
    {
      g_autoptr(GError) error = NULL;
      StpPhotoInfo info;
      guint n = g_rand_int_range (rand, 1, 6);

      memcpy (copy, g_bytes_get_data (file, NULL), len);
      for (guint i = 0; i < n; i++)
        copy[g_rand_int_range (rand, 0, MIN (len, span))] = g_rand_int_range (rand, 0, 256);

      if (stp_photo_gate_check_bytes (copy, len, NULL, &info, &error))
        {
          g_assert_cmpuint (info.width, >=, 1);
          g_assert_cmpuint (info.height, >=, 1);
          g_assert_cmpuint (info.width, <=, 20000);
          g_assert_cmpuint (info.orientation, >=, 1);
          g_assert_cmpuint (info.orientation, <=, 8);
        }
      else
        g_assert_true (error != NULL && error->domain == STP_PHOTO_ERROR);
    }
  g_rand_free (rand);
}

static void
test_hostile_jpeg (Fixture *f, gconstpointer data)
{
  g_autoptr(GdkPixbuf) pixbuf = photo_make_upright (40, 30);
  GByteArray *tiff = photo_make_tiff (FALSE, 8, "2026:03:14 10:30:00", "-05:30");
  g_autoptr(GBytes) jpeg = photo_make_jpeg (pixbuf, tiff);

  g_byte_array_unref (tiff);
  damage_at_random (jpeg, 160, 20260314);
}

/* The same for a PNG's IHDR and eXIf chunks, and the chunk lengths between them. */
static void
test_hostile_png (Fixture *f, gconstpointer data)
{
  g_autoptr(GdkPixbuf) pixbuf = photo_make_upright (40, 30);
  GByteArray *tiff = photo_make_tiff (TRUE, 6, "2026:03:14 10:30:00", "+01:00");
  g_autoptr(GBytes) png = photo_make_png (pixbuf, tiff);

  g_byte_array_unref (tiff);
  damage_at_random (png, 8 + 25 + 12 + 120, 20260315);
}

/* The orientation in data's low byte; PNG (its eXIf chunk) when bit 8 is set. */
#define ORIENTATION_PNG 0x100

static void
test_orientation (Fixture *f, gconstpointer data)
{
  guint orientation = GPOINTER_TO_UINT (data) & 0xFF;
  gboolean png = (GPOINTER_TO_UINT (data) & ORIENTATION_PNG) != 0;
  g_autoptr(GBytes) bytes = photo_make_oriented (96, 64, orientation, png);
  g_autofree char *name = g_strdup_printf ("o%u.%s", orientation, png ? "png" : "jpg");
  g_autofree char *path = write_file (f, name, bytes);
  g_autoptr(GdkPixbuf) full = NULL;
  g_autoptr(GdkPixbuf) fit = NULL;
  g_autoptr(GError) error = NULL;
  StpPhotoInfo info;

  g_assert_true (stp_photo_gate_check_file (path, NULL, NULL, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (info.orientation, ==, orientation);

  /* Full size: 96 x 64 once upright, whatever the stored layout. */
  full = stp_photo_load_at_size (path, 0, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (full), ==, 96);
  g_assert_cmpint (gdk_pixbuf_get_height (full), ==, 64);
  photo_assert_upright (full);

  /* Fitted into a box: scaled in the upright sense. */
  fit = stp_photo_load_at_size (path, 48, 48, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (fit), ==, 48);
  g_assert_cmpint (gdk_pixbuf_get_height (fit), ==, 32);
  photo_assert_upright (fit);
}

/* ISO-BMFF boxes built by hand. */

static guint
box_begin (GByteArray *a, const char *type)
{
  guint start = a->len;

  put32 (a, FALSE, 0);
  g_byte_array_append (a, (const guint8 *)type, 4);
  return start;
}

static void
box_end (GByteArray *a, guint start)
{
  guint32 size = a->len - start;
  guint8 b[4] = { size >> 24, size >> 16, size >> 8, size };

  memcpy (a->data + start, b, 4);
}

static void
full_box_header (GByteArray *a, guint version)
{
  put32 (a, FALSE, version << 24);
}

/* ftyp with the brands, then meta with one primary item of item_type, ispe w x h and,
 * when rot >= 0, an irot property. cut: bytes to drop from the end. */
static GBytes *
make_heif_full (const char *major,
                const char *compat,
                const char *item_type,
                guint32     w,
                guint32     h,
                int         rot,
                gboolean    iloc_bomb);

static GBytes *
make_heif (const char *major,
           const char *compat,
           const char *item_type,
           guint32     w,
           guint32     h,
           int         rot)
{
  return make_heif_full (major, compat, item_type, w, h, rot, FALSE);
}

/* iloc_bomb: an Exif item and an iloc box of 65,535 items with 65,535 extents each, all
 * of zero-byte fields, which a parser bounded only by its input would loop on for
 * billions of rounds. */
static GBytes *
make_heif_full (const char *major,
                const char *compat,
                const char *item_type,
                guint32     w,
                guint32     h,
                int         rot,
                gboolean    iloc_bomb)
{
  GByteArray *a = g_byte_array_new ();
  guint ftyp, meta, hdlr, pitm, iinf, infe, iprp, ipco, ispe, irot, ipma;

  ftyp = box_begin (a, "ftyp");
  g_byte_array_append (a, (const guint8 *)major, 4);
  put32 (a, FALSE, 0);
  g_byte_array_append (a, (const guint8 *)compat, strlen (compat));
  box_end (a, ftyp);

  meta = box_begin (a, "meta");
  full_box_header (a, 0);
  hdlr = box_begin (a, "hdlr");
  full_box_header (a, 0);
  put32 (a, FALSE, 0);
  g_byte_array_append (a, (const guint8 *)"pict", 4);
  put32 (a, FALSE, 0);
  put32 (a, FALSE, 0);
  put32 (a, FALSE, 0);
  g_byte_array_append (a, (const guint8 *)"", 1);
  box_end (a, hdlr);

  pitm = box_begin (a, "pitm");
  full_box_header (a, 0);
  put16 (a, FALSE, 1);
  box_end (a, pitm);

  iinf = box_begin (a, "iinf");
  full_box_header (a, 0);
  put16 (a, FALSE, iloc_bomb ? 2 : 1);
  infe = box_begin (a, "infe");
  full_box_header (a, 2);
  put16 (a, FALSE, 1);
  put16 (a, FALSE, 0);
  g_byte_array_append (a, (const guint8 *)item_type, 4);
  g_byte_array_append (a, (const guint8 *)"", 1);
  box_end (a, infe);
  if (iloc_bomb)
    {
      infe = box_begin (a, "infe");
      full_box_header (a, 2);
      put16 (a, FALSE, 2);
      put16 (a, FALSE, 0);
      g_byte_array_append (a, (const guint8 *)"Exif", 4);
      g_byte_array_append (a, (const guint8 *)"", 1);
      box_end (a, infe);
    }
  box_end (a, iinf);

  if (iloc_bomb)
    {
      guint iloc = box_begin (a, "iloc");

      full_box_header (a, 1);
      put16 (a, FALSE, 0);       /* offset, length, base offset and index sizes: 0 */
      put16 (a, FALSE, 65535);   /* items */
      for (guint i = 0; i < 65535; i++)
        {
          put16 (a, FALSE, 2);     /* item id */
          put16 (a, FALSE, 0);     /* construction method */
          put16 (a, FALSE, 0);     /* data reference index */
          put16 (a, FALSE, 65535); /* extents, of no bytes each */
        }
      box_end (a, iloc);
    }

  iprp = box_begin (a, "iprp");
  ipco = box_begin (a, "ipco");
  ispe = box_begin (a, "ispe");
  full_box_header (a, 0);
  put32 (a, FALSE, w);
  put32 (a, FALSE, h);
  box_end (a, ispe);
  if (rot >= 0)
    {
      guint8 angle = rot;

      irot = box_begin (a, "irot");
      g_byte_array_append (a, &angle, 1);
      box_end (a, irot);
    }
  box_end (a, ipco);
  ipma = box_begin (a, "ipma");
  full_box_header (a, 0);
  put32 (a, FALSE, 1);
  put16 (a, FALSE, 1);
  {
    guint8 assoc[3] = { rot >= 0 ? 2 : 1, 0x80 | 1, 2 };
    g_byte_array_append (a, assoc, rot >= 0 ? 3 : 2);
  }
  box_end (a, ipma);
  box_end (a, iprp);
  box_end (a, meta);

  return g_byte_array_free_to_bytes (a);
}

static void
test_heif_boxes (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  StpPhotoInfo info;

  {
    g_autoptr(GBytes) heic = make_heif ("heic", "mif1heic", "hvc1", 4032, 3024, 1);

    g_assert_true (stp_photo_gate_check_bytes (g_bytes_get_data (heic, NULL),
                                               g_bytes_get_size (heic), NULL, &info, &error));
    g_assert_no_error (error);
    g_assert_cmpint (info.format, ==, STP_PHOTO_FORMAT_HEIC);
    g_assert_cmpuint (info.width, ==, 4032);
    g_assert_cmpuint (info.height, ==, 3024);
    /* irot 1 is a quarter turn counter-clockwise: EXIF 8. */
    g_assert_cmpuint (info.orientation, ==, 8);
    g_assert_true (info.decoder_orients);

    /* Every shorter length is refused, never accepted nor crashed on. */
    for (gsize n = 0; n < g_bytes_get_size (heic); n++)
      {
        g_autoptr(GError) cut_error = NULL;

        g_assert_false (stp_photo_gate_check_bytes (g_bytes_get_data (heic, NULL), n, NULL,
                                                    &info, &cut_error));
        g_assert_nonnull (cut_error);
      }
  }
  {
    g_autoptr(GBytes) heic = make_heif ("mif1", "mif1heic", "grid", 30000, 3000, -1);

    g_assert_false (stp_photo_gate_check_bytes (g_bytes_get_data (heic, NULL),
                                                g_bytes_get_size (heic), NULL, &info, &error));
    g_assert_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_TOO_WIDE);
    g_clear_error (&error);
  }
  {
    g_autoptr(GBytes) heic = make_heif ("mif1", "mif1heic", "hvc1", 15000, 15000, -1);

    g_assert_false (stp_photo_gate_check_bytes (g_bytes_get_data (heic, NULL),
                                                g_bytes_get_size (heic), NULL, &info, &error));
    g_assert_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_TOO_MANY_PIXELS);
    g_clear_error (&error);
  }
  {
    /* AVIF and an AV1 item in a plain mif1 file are other formats. */
    g_autoptr(GBytes) avif = make_heif ("avif", "mif1avif", "av01", 100, 100, -1);
    g_autoptr(GBytes) av1 = make_heif ("mif1", "mif1", "av01", 100, 100, -1);
    g_autoptr(GBytes) mp4 = make_heif ("isom", "isomiso2mp41", "hvc1", 100, 100, -1);

    g_assert_false (stp_photo_gate_check_bytes (g_bytes_get_data (avif, NULL),
                                                g_bytes_get_size (avif), NULL, &info, &error));
    g_assert_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_UNSUPPORTED);
    g_clear_error (&error);
    g_assert_false (stp_photo_gate_check_bytes (g_bytes_get_data (av1, NULL),
                                                g_bytes_get_size (av1), NULL, &info, &error));
    g_assert_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_UNSUPPORTED);
    g_clear_error (&error);
    g_assert_false (stp_photo_gate_check_bytes (g_bytes_get_data (mp4, NULL),
                                                g_bytes_get_size (mp4), NULL, &info, &error));
    g_assert_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_UNSUPPORTED);
    g_clear_error (&error);
  }
  {
    g_autoptr(GBytes) bomb = make_heif_full ("heic", "mif1heic", "hvc1", 640, 480, -1, TRUE);
    gint64 start = g_get_monotonic_time ();

    g_assert_true (stp_photo_gate_check_bytes (g_bytes_get_data (bomb, NULL),
                                               g_bytes_get_size (bomb), NULL, &info, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (info.width, ==, 640);
    g_assert_cmpint (g_get_monotonic_time () - start, <, 250 * 1000);
  }
  {
    /* Random damage to the boxes. */
    g_autoptr(GBytes) heic = make_heif ("heic", "mif1heic", "hvc1", 640, 480, 3);
    gsize len = g_bytes_get_size (heic);
    g_autofree guint8 *copy = g_malloc (len);
    GRand *rand = g_rand_new_with_seed (42);

    for (guint round = 0; round < 20000; round++)
      {
        g_autoptr(GError) damage_error = NULL;

        memcpy (copy, g_bytes_get_data (heic, NULL), len);
        for (guint i = 0; i < 3; i++)
          copy[g_rand_int_range (rand, 0, len)] = g_rand_int_range (rand, 0, 256);
        if (stp_photo_gate_check_bytes (copy, len, NULL, &info, &damage_error))
          {
            g_assert_cmpuint (info.width, <=, 20000);
            g_assert_cmpuint (info.orientation, >=, 1);
            g_assert_cmpuint (info.orientation, <=, 8);
          }
      }
    g_rand_free (rand);
  }
}

/* A real HEIC made with libheif's encoder when it is installed. */
static void
test_heic_file (Fixture *f, gconstpointer data)
{
  g_autofree char *encoder = g_find_program_in_path ("heif-enc");
  g_autoptr(GdkPixbuf) upright = photo_make_upright (96, 64);
  g_autofree char *jpg = g_build_filename (f->dir, "in.jpg", NULL);
  g_autofree char *heic = g_build_filename (f->dir, "photo.heic", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) shown = NULL;
  StpPhotoInfo info;
  int status = 0;

  if (encoder == NULL)
    {
      g_test_skip ("heif-enc (libheif-examples) is not installed");
      return;
    }

  /* The encoder carries the JPEG's EXIF over into an Exif item. */
  {
    GByteArray *tiff = photo_make_tiff (FALSE, 1, "2026:03:14 10:30:00", "+01:00");
    g_autoptr(GBytes) jpeg = photo_make_jpeg (upright, tiff);

    g_byte_array_unref (tiff);
    photo_write (jpg, jpeg);
  }
  {
    const char *argv[] = { encoder, "-q", "90", "-o", heic, jpg, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
                                 G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status,
                                 &error));
    g_assert_no_error (error);
  }
  if (!g_spawn_check_wait_status (status, NULL) || !g_file_test (heic, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("heif-enc could not encode (no HEVC encoder)");
      return;
    }

  g_assert_true (stp_photo_gate_check_file (heic, NULL, NULL, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.format, ==, STP_PHOTO_FORMAT_HEIC);
  g_assert_cmpuint (info.width, ==, 96);
  g_assert_cmpuint (info.height, ==, 64);
  g_assert_cmpuint (info.orientation, ==, 1);
  g_assert_cmpint (info.taken_at, ==, 1773480600);

  shown = stp_photo_load_at_size (heic, 48, 48, NULL, &error);
  if (g_error_matches (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_NO_DECODER))
    {
      g_test_skip ("heif-gdk-pixbuf is not installed");
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (shown), ==, 48);
  g_assert_cmpint (gdk_pixbuf_get_height (shown), ==, 32);
  photo_assert_upright (shown);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_setup, func, fixture_teardown)

  ADD ("/photo/gate/huge-png", test_huge_png, NULL);
  ADD ("/photo/gate/wide-png", test_wide_png, NULL);
  ADD ("/photo/gate/truncated-jpeg", test_truncated_jpeg, NULL);
  ADD ("/photo/gate/text-named-jpg", test_text_named_jpg, NULL);
  ADD ("/photo/gate/empty", test_empty, NULL);
  ADD ("/photo/gate/unsupported", test_unsupported, NULL);
  ADD ("/photo/gate/limits", test_limits, NULL);
  ADD ("/photo/gate/jpeg-header", test_jpeg_header, NULL);
  ADD ("/photo/gate/hostile-jpeg", test_hostile_jpeg, NULL);
  ADD ("/photo/gate/hostile-png", test_hostile_png, NULL);
  ADD ("/photo/gate/heif-boxes", test_heif_boxes, NULL);
  ADD ("/photo/gate/heic-file", test_heic_file, NULL);
  for (guint o = 1; o <= 8; o++)
    {
      g_autofree char *path = g_strdup_printf ("/photo/gate/orientation/%u", o);
      g_autofree char *png_path = g_strdup_printf ("/photo/gate/orientation-png/%u", o);
      ADD (path, test_orientation, GUINT_TO_POINTER (o));
      ADD (png_path, test_orientation, GUINT_TO_POINTER (o | ORIENTATION_PNG));
    }

  return g_test_run ();
}
