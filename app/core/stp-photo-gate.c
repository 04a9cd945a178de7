/* stp-photo-gate.c: sniffing, header parsing and EXIF reading of untrusted photo files,
 * and the decoder that runs only after them.
 *
 * Everything here reads hostile input: each read is checked against the file's size,
 * each loop has a fixed upper bound, and nothing is allocated from a size the file
 * declares without a cap. The gate never decodes pixels: JPEG dimensions come from the
 * SOFn marker, PNG's from IHDR, HEIC's from the primary item's 'ispe' property.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-photo"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stp-photo-private.h"

/* Bounds on how much of a header is ever looked at. */
#define MAX_JPEG_SEGMENTS   4096
#define MAX_FILL_BYTES      1024
#define MAX_TOP_LEVEL_BOXES 256
#define MAX_META_BYTES      (4 * 1024 * 1024)
#define MAX_EXIF_BYTES      (256 * 1024)
#define MAX_IFD_ENTRIES     512
#define MAX_PROPERTIES      4096
#define MAX_PNG_CHUNKS      256
#define DECODE_CHUNK        (256 * 1024)

#define FOURCC(a, b, c, d) \
  (((guint32)(a) << 24) | ((guint32)(b) << 16) | ((guint32)(c) << 8) | (guint32)(d))

G_DEFINE_QUARK (stp-photo-error-quark, stp_photo_error)

static const StpPhotoLimits default_limits = {
  STP_PHOTO_MAX_BYTES, STP_PHOTO_MAX_SIDE, STP_PHOTO_MAX_PIXELS, STP_PHOTO_TIME_LIMIT_US,
};

const StpPhotoLimits *
stp_photo_limits_default (void)
{
  return &default_limits;
}

const char *
stp_photo_format_to_string (StpPhotoFormat format)
{
  switch (format)
    {
    case STP_PHOTO_FORMAT_JPEG:
      return "jpeg";
    case STP_PHOTO_FORMAT_PNG:
      return "png";
    case STP_PHOTO_FORMAT_HEIC:
      return "heic";
    case STP_PHOTO_FORMAT_UNKNOWN:
    default:
      return NULL;
    }
}

StpPhotoFormat
stp_photo_format_from_string (const char *name)
{
  if (g_strcmp0 (name, "jpeg") == 0)
    return STP_PHOTO_FORMAT_JPEG;
  if (g_strcmp0 (name, "png") == 0)
    return STP_PHOTO_FORMAT_PNG;
  if (g_strcmp0 (name, "heic") == 0)
    return STP_PHOTO_FORMAT_HEIC;
  return STP_PHOTO_FORMAT_UNKNOWN;
}

void
stp_photo_info_get_upright_size (const StpPhotoInfo *info,
                                 guint              *width,
                                 guint              *height)
{
  gboolean swap = info->orientation >= 5 && info->orientation <= 8;

  *width = swap ? info->height : info->width;
  *height = swap ? info->width : info->height;
}

void
_stp_photo_set_timed_out_error (GError **error)
{
  g_set_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_TIMED_OUT,
               _("Reading this photo took too long, so Stipple stopped. Copy it to this "
                 "computer first and import it from there."));
}

/* Reading: a file descriptor or a buffer, never past its end. */

typedef struct
{
  int            fd;          /* -1 when reading from mem */
  const guint8  *mem;
  guint64        size;
  gint64         deadline;    /* monotonic; 0: none */
  GCancellable  *cancellable;
  int            io_errno;
  gboolean       timed_out;
  gboolean       cancelled;
} Reader;

static gboolean
reader_read (Reader  *r,
             guint64  offset,
             void    *buf,
             gsize    len)
{
  guint8 *out = buf;

  if (offset > r->size || len > r->size - offset)
    return FALSE;

  if (r->mem != NULL)
    {
      memcpy (buf, r->mem + offset, len);
      return TRUE;
    }

  if (r->deadline > 0 && g_get_monotonic_time () > r->deadline)
    {
      r->timed_out = TRUE;
      return FALSE;
    }
  if (g_cancellable_is_cancelled (r->cancellable))
    {
      r->cancelled = TRUE;
      return FALSE;
    }

  while (len > 0)
    {
      ssize_t n = pread (r->fd, out, len, (off_t)offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          r->io_errno = errno;
          return FALSE;
        }
      if (n == 0)
        return FALSE;  /* the file shrank under us: as good as truncated */
      out += n;
      offset += n;
      len -= n;
    }

  return TRUE;
}

/* Sets the error a failed read or parse deserves. */
static gboolean
reader_fail (Reader  *r,
             GError **error)
{
  if (r->cancelled)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Import cancelled."));
  else if (r->timed_out)
    _stp_photo_set_timed_out_error (error);
  else if (r->io_errno != 0)
    g_set_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_IO,
                 _("This file cannot be read: %s."), g_strerror (r->io_errno));
  else
    g_set_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_TRUNCATED,
                 _("This photo file is damaged or incomplete. Copy it from the camera or "
                   "phone again."));
  return FALSE;
}

static guint16
be16 (const guint8 *p)
{
  return (guint16)((p[0] << 8) | p[1]);
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | p[3];
}

static guint64
be64 (const guint8 *p)
{
  return ((guint64)be32 (p) << 32) | be32 (p + 4);
}

/* Reads an unsigned big-endian number of 0, 4 or 8 bytes (ISO-BMFF's variable sizes). */
static gboolean
be_n (const guint8 *p,
      gsize         avail,
      guint         n,
      guint64      *value)
{
  if (n > avail)
    return FALSE;
  switch (n)
    {
    case 0:
      *value = 0;
      return TRUE;
    case 4:
      *value = be32 (p);
      return TRUE;
    case 8:
      *value = be64 (p);
      return TRUE;
    default:
      return FALSE;
    }
}

/* EXIF (a TIFF structure): orientation from IFD0, capture time from the Exif IFD. */

typedef struct
{
  const guint8 *data;
  gsize         len;
  gboolean      little;
} Tiff;

static gboolean
tiff_u16 (const Tiff *t,
          gsize       offset,
          guint16    *value)
{
  if (offset > t->len || t->len - offset < 2)
    return FALSE;
  *value = t->little ? (guint16)(t->data[offset] | (t->data[offset + 1] << 8))
                     : be16 (t->data + offset);
  return TRUE;
}

static gboolean
tiff_u32 (const Tiff *t,
          gsize       offset,
          guint32    *value)
{
  const guint8 *p;

  if (offset > t->len || t->len - offset < 4)
    return FALSE;
  p = t->data + offset;
  *value = t->little ? ((guint32)p[0] | ((guint32)p[1] << 8) | ((guint32)p[2] << 16) |
                        ((guint32)p[3] << 24))
                     : be32 (p);
  return TRUE;
}

/* An ASCII value of at least min_len characters; points into the TIFF data. */
static const char *
tiff_ascii (const Tiff *t,
            gsize       entry,
            gsize       min_len)
{
  guint16 type = 0;
  guint32 count = 0, offset = 0;

  if (!tiff_u16 (t, entry + 2, &type) || !tiff_u32 (t, entry + 4, &count) ||
      type != 2 || count < min_len)
    return NULL;
  if (count <= 4)
    offset = entry + 8;
  else if (!tiff_u32 (t, entry + 8, &offset))
    return NULL;
  if (offset > t->len || t->len - offset < min_len)
    return NULL;
  return (const char *)t->data + offset;
}

static gboolean
parse_digits (const char *s,
              guint       n,
              int        *value)
{
  *value = 0;
  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      *value = *value * 10 + (s[i] - '0');
    }
  return TRUE;
}

/* "YYYY:MM:DD HH:MM:SS" with an optional "+HH:MM" offset; local time without one. */
static gint64
exif_time_to_unix (const char *when,
                   const char *offset)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) dt = NULL;
  int y, mo, d, h, mi, s;

  if (!parse_digits (when, 4, &y) || when[4] != ':' || !parse_digits (when + 5, 2, &mo) ||
      when[7] != ':' || !parse_digits (when + 8, 2, &d) || when[10] != ' ' ||
      !parse_digits (when + 11, 2, &h) || when[13] != ':' ||
      !parse_digits (when + 14, 2, &mi) || when[16] != ':' ||
      !parse_digits (when + 17, 2, &s))
    return 0;
  if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
      s > 60)
    return 0;

  if (offset != NULL && (offset[0] == '+' || offset[0] == '-') && offset[3] == ':')
    {
      int oh, om;

      if (parse_digits (offset + 1, 2, &oh) && parse_digits (offset + 4, 2, &om) &&
          oh <= 14 && om <= 59)
        tz = g_time_zone_new_offset ((offset[0] == '-' ? -1 : 1) * (oh * 3600 + om * 60));
    }
  if (tz == NULL)
    tz = g_time_zone_new_local ();

  dt = g_date_time_new (tz, y, mo, d, h, mi, MIN (s, 59));
  return dt != NULL ? g_date_time_to_unix (dt) : 0;
}

/* Reads what Stipple needs from EXIF data (starting at the TIFF header). Damaged EXIF is
 * not a reason to refuse a photo: whatever cannot be read is left at its default. */
static void
parse_tiff (const guint8 *data,
            gsize         len,
            guint        *orientation,
            gint64       *taken_at)
{
  Tiff t = { data, len, FALSE };
  guint32 ifd0 = 0, exif_ifd = 0;
  guint16 magic = 0, count = 0;
  const char *when = NULL, *offset = NULL;

  if (len < 8)
    return;
  if (data[0] == 'I' && data[1] == 'I')
    t.little = TRUE;
  else if (!(data[0] == 'M' && data[1] == 'M'))
    return;
  if (!tiff_u16 (&t, 2, &magic) || magic != 42 || !tiff_u32 (&t, 4, &ifd0))
    return;

  if (!tiff_u16 (&t, ifd0, &count) || count > MAX_IFD_ENTRIES)
    return;
  for (guint i = 0; i < count; i++)
    {
      gsize entry = (gsize)ifd0 + 2 + 12 * i;
      guint16 tag = 0, type = 0, value16 = 0;

      if (!tiff_u16 (&t, entry, &tag) || !tiff_u16 (&t, entry + 2, &type))
        break;
      if (tag == 0x0112 && type == 3 && orientation != NULL &&
          tiff_u16 (&t, entry + 8, &value16) && value16 >= 1 && value16 <= 8)
        *orientation = value16;
      else if (tag == 0x8769 && (type == 4 || type == 13))
        tiff_u32 (&t, entry + 8, &exif_ifd);
    }

  /* The Exif IFD must lie elsewhere than IFD0; a pointer back at it is ignored. */
  if (taken_at == NULL || exif_ifd == 0 || exif_ifd == ifd0 ||
      !tiff_u16 (&t, exif_ifd, &count) || count > MAX_IFD_ENTRIES)
    return;
  for (guint i = 0; i < count; i++)
    {
      gsize entry = (gsize)exif_ifd + 2 + 12 * i;
      guint16 tag = 0;

      if (!tiff_u16 (&t, entry, &tag))
        break;
      if (tag == 0x9003)
        when = tiff_ascii (&t, entry, 19);
      else if (tag == 0x9011)
        offset = tiff_ascii (&t, entry, 6);
    }

  if (when != NULL)
    *taken_at = exif_time_to_unix (when, offset);
}

/* JPEG: walk the marker segments up to the start of scan. */

/* Searches buf for the end-of-image marker; *last carries a 0xFF across chunk ends. */
static gboolean
find_eoi (const guint8 *buf,
          gsize         len,
          gboolean     *last_ff)
{
  for (gsize i = 0; i < len; i++)
    {
      if (*last_ff && buf[i] == 0xD9)
        return TRUE;
      *last_ff = buf[i] == 0xFF;
    }
  return FALSE;
}

/* Whether the picture data after the scan header reaches an end-of-image marker. The
 * decoder quietly pads a cut-off scan with grey, so this is the only place a photo
 * truncated in transfer is noticed. Inside entropy-coded data 0xFF is always followed by
 * 0x00 or a restart marker, so the first FF D9 after the scan header ends the picture;
 * phones may append data after it (motion photos), which is why the tail is tried first
 * and then the whole scan, in order. */
static gboolean
jpeg_reaches_end (Reader  *r,
                  guint64  scan_start)
{
  g_autofree guint8 *buf = g_malloc (DECODE_CHUNK);
  gboolean last_ff = FALSE;
  guint64 tail = MIN (r->size - scan_start, 64 * 1024);

  if (!reader_read (r, r->size - tail, buf, tail))
    return FALSE;
  if (find_eoi (buf, tail, &last_ff))
    return TRUE;

  last_ff = FALSE;
  for (guint64 pos = scan_start; pos < r->size;)
    {
      gsize n = MIN (r->size - pos, DECODE_CHUNK);

      if (!reader_read (r, pos, buf, n))
        return FALSE;
      if (find_eoi (buf, n, &last_ff))
        return TRUE;
      pos += n;
    }

  return FALSE;
}

static gboolean
is_sof_marker (guint8 marker)
{
  /* SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
  return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
         marker != 0xCC;
}

static gboolean
parse_jpeg (Reader        *r,
            StpPhotoInfo  *info,
            GError       **error)
{
  guint64 pos = 2;
  gboolean have_sof = FALSE;
  gboolean have_exif = FALSE;

  for (guint n = 0; n < MAX_JPEG_SEGMENTS; n++)
    {
      guint8 b[6];
      guint8 marker = 0xFF;
      guint fill = 0;
      guint16 length;

      if (!reader_read (r, pos, b, 1) || b[0] != 0xFF)
        return reader_fail (r, error);
      while (marker == 0xFF)
        {
          pos++;
          if (fill++ > MAX_FILL_BYTES || !reader_read (r, pos, &marker, 1))
            return reader_fail (r, error);
        }
      pos++;

      /* Markers without a length. */
      if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01)
        continue;
      /* The scan starts: the header was complete if it held a frame. */
      if (marker == 0xDA && have_sof)
        return jpeg_reaches_end (r, pos) ? TRUE : reader_fail (r, error);
      if (marker == 0xDA || marker == 0xD9 || marker == 0xD8 || marker == 0x00)
        return reader_fail (r, error);

      if (!reader_read (r, pos, b, 2))
        return reader_fail (r, error);
      length = be16 (b);
      if (length < 2 || pos + length > r->size)
        return reader_fail (r, error);

      if (is_sof_marker (marker) && !have_sof)
        {
          if (length < 8 || !reader_read (r, pos + 2, b, 6))
            return reader_fail (r, error);
          info->height = be16 (b + 1);
          info->width = be16 (b + 3);
          /* A height of 0 means "given later by a DNL marker", which nobody's camera
           * writes and gdk-pixbuf does not read. */
          if (info->width == 0 || info->height == 0)
            return reader_fail (r, error);
          have_sof = TRUE;
        }
      else if (marker == 0xE1 && !have_exif && length >= 2 + 6 + 8)
        {
          gsize len = length - 2;
          g_autofree guint8 *segment = g_malloc (len);  /* at most 65,533 bytes */

          if (!reader_read (r, pos + 2, segment, len))
            return reader_fail (r, error);
          if (memcmp (segment, "Exif\0\0", 6) == 0)
            {
              have_exif = TRUE;
              parse_tiff (segment + 6, len - 6, &info->orientation, &info->taken_at);
            }
        }

      pos += length;
    }

  return reader_fail (r, error);
}

/* PNG: the signature and the IHDR chunk that must follow it, then the chunks before the
 * image data for an eXIf chunk (a TIFF structure, as in JPEG's APP1). EXIF is optional:
 * a chunk list that goes wrong ends the search, and the decoder judges the rest. */

static void
find_png_exif (Reader       *r,
               StpPhotoInfo *info)
{
  guint64 pos = 8 + 8 + 13 + 4;  /* signature, IHDR's length and type, data, CRC */

  for (guint n = 0; n < MAX_PNG_CHUNKS; n++)
    {
      guint8 head[8];
      guint32 length;

      if (!reader_read (r, pos, head, sizeof head))
        return;
      length = be32 (head);
      /* The image data starts: eXIf belongs before it. */
      if (memcmp (head + 4, "IDAT", 4) == 0 || memcmp (head + 4, "IEND", 4) == 0 ||
          length > r->size - pos - sizeof head)
        return;
      if (memcmp (head + 4, "eXIf", 4) == 0)
        {
          g_autofree guint8 *tiff = NULL;

          if (length < 8 || length > MAX_EXIF_BYTES)
            return;
          tiff = g_malloc (length);
          if (reader_read (r, pos + sizeof head, tiff, length))
            parse_tiff (tiff, length, &info->orientation, &info->taken_at);
          return;
        }
      pos += sizeof head + (guint64)length + 4;
    }
}

static gboolean
parse_png (Reader        *r,
           StpPhotoInfo  *info,
           GError       **error)
{
  guint8 b[33];

  if (!reader_read (r, 0, b, sizeof b) || be32 (b + 8) != 13 ||
      memcmp (b + 12, "IHDR", 4) != 0)
    return reader_fail (r, error);

  info->width = be32 (b + 16);
  info->height = be32 (b + 20);
  /* PNG caps both at 2^31 - 1; zero is invalid. */
  if (info->width == 0 || info->height == 0 || info->width > G_MAXINT32 ||
      info->height > G_MAXINT32)
    return reader_fail (r, error);

  find_png_exif (r, info);
  /* A read that failed for a reason other than the file's own contents counts. */
  if (r->cancelled || r->timed_out || r->io_errno != 0)
    return reader_fail (r, error);

  return TRUE;
}

/* HEIC (ISO-BMFF): the ftyp brands, then the meta box's item properties. */

typedef struct
{
  const guint8 *data;
  gsize         len;
} Span;

/* The next box inside a buffer; *pos moves past it. */
static gboolean
span_next_box (Span     *parent,
               gsize    *pos,
               guint32  *type,
               Span     *payload)
{
  guint64 size;
  gsize header = 8;

  if (*pos > parent->len || parent->len - *pos < 8)
    return FALSE;
  size = be32 (parent->data + *pos);
  *type = be32 (parent->data + *pos + 4);
  if (size == 1)
    {
      if (parent->len - *pos < 16)
        return FALSE;
      size = be64 (parent->data + *pos + 8);
      header = 16;
    }
  else if (size == 0)
    size = parent->len - *pos;
  if (size < header || size > parent->len - *pos)
    return FALSE;

  payload->data = parent->data + *pos + header;
  payload->len = size - header;
  *pos += size;
  return TRUE;
}

/* A box's header in the file; *size includes the header. */
static gboolean
file_box_header (Reader   *r,
                 guint64   pos,
                 guint64  *size,
                 guint32  *type,
                 guint    *header)
{
  guint8 b[16];

  if (!reader_read (r, pos, b, 8))
    return FALSE;
  *size = be32 (b);
  *type = be32 (b + 4);
  *header = 8;
  if (*size == 1)
    {
      if (!reader_read (r, pos + 8, b + 8, 8))
        return FALSE;
      *size = be64 (b + 8);
      *header = 16;
    }
  else if (*size == 0)
    *size = r->size - pos;

  return *size >= *header && *size <= r->size - pos;
}

typedef struct
{
  guint32  primary_id;
  gboolean have_primary;
  guint32  primary_type;
  guint32  exif_id;
  gboolean have_exif;
  guint64  exif_offset;
  guint64  exif_length;
  gboolean have_exif_location;
  guint32  width;
  guint32  height;
  guint    orientation;
} HeifMeta;

static gboolean
parse_pitm (Span *p, HeifMeta *m)
{
  if (p->len < 6)
    return FALSE;
  if (p->data[0] == 0)
    m->primary_id = be16 (p->data + 4);
  else if (p->len >= 8)
    m->primary_id = be32 (p->data + 4);
  else
    return FALSE;
  m->have_primary = TRUE;
  return TRUE;
}

/* Item types by id: the primary's (to know it is HEVC) and the Exif item's id. */
static gboolean
parse_iinf (Span *p, HeifMeta *m)
{
  gsize pos;
  guint32 count;
  Span entry;
  guint32 type;

  if (p->len < 6)
    return FALSE;
  if (p->data[0] == 0)
    {
      count = be16 (p->data + 4);
      pos = 6;
    }
  else
    {
      if (p->len < 8)
        return FALSE;
      count = be32 (p->data + 4);
      pos = 8;
    }

  for (guint32 i = 0; i < count && span_next_box (p, &pos, &type, &entry); i++)
    {
      guint32 id, item_type;
      guint version;

      if (type != FOURCC ('i', 'n', 'f', 'e') || entry.len < 4)
        continue;
      version = entry.data[0];
      if (version == 2 && entry.len >= 12)
        {
          id = be16 (entry.data + 4);
          item_type = be32 (entry.data + 8);
        }
      else if (version == 3 && entry.len >= 14)
        {
          id = be32 (entry.data + 4);
          item_type = be32 (entry.data + 10);
        }
      else
        continue;

      if (m->have_primary && id == m->primary_id)
        m->primary_type = item_type;
      if (item_type == FOURCC ('E', 'x', 'i', 'f') && !m->have_exif)
        {
          m->exif_id = id;
          m->have_exif = TRUE;
        }
    }

  return TRUE;
}

/* Where the Exif item's bytes are in the file (only its first extent, stored in the file
 * itself; EXIF elsewhere is simply not read). */
static void
parse_iloc (Span *p, HeifMeta *m)
{
  const guint8 *d = p->data;
  gsize len = p->len, pos;
  guint version, offset_size, length_size, base_size, index_size;
  guint32 count;

  if (!m->have_exif || len < 8)
    return;
  version = d[0];
  if (version > 2)
    return;
  offset_size = d[4] >> 4;
  length_size = d[4] & 0xF;
  base_size = d[5] >> 4;
  index_size = version >= 1 ? (d[5] & 0xF) : 0;
  if (version < 2)
    {
      count = be16 (d + 6);
      pos = 8;
    }
  else
    {
      if (len < 10)
        return;
      count = be32 (d + 6);
      pos = 10;
    }

  /* Extents of zero-byte fields consume no input, so the loops are bounded by a budget
   * rather than by the data alone. */
  guint budget = 65536;

  for (guint32 i = 0; i < count && budget > 0; i++, budget--)
    {
      guint32 id;
      guint method = 0;
      guint64 base = 0;
      guint16 extents;

      if (version < 2)
        {
          if (len - pos < 2)
            return;
          id = be16 (d + pos);
          pos += 2;
        }
      else
        {
          if (len - pos < 4)
            return;
          id = be32 (d + pos);
          pos += 4;
        }
      if (version >= 1)
        {
          if (len - pos < 2)
            return;
          method = be16 (d + pos) & 0xF;
          pos += 2;
        }
      if (len - pos < 2)
        return;
      pos += 2;  /* data_reference_index */
      if (!be_n (d + pos, len - pos, base_size, &base))
        return;
      pos += base_size;
      if (len - pos < 2)
        return;
      extents = be16 (d + pos);
      pos += 2;

      for (guint e = 0; e < extents && budget > 0; e++, budget--)
        {
          guint64 index = 0, offset = 0, length = 0;

          if (!be_n (d + pos, len - pos, index_size, &index))
            return;
          pos += index_size;
          if (!be_n (d + pos, len - pos, offset_size, &offset))
            return;
          pos += offset_size;
          if (!be_n (d + pos, len - pos, length_size, &length))
            return;
          pos += length_size;

          if (id == m->exif_id && e == 0 && method == 0 && base <= G_MAXUINT64 - offset)
            {
              m->exif_offset = base + offset;
              m->exif_length = length;
              m->have_exif_location = TRUE;
            }
        }
    }
}

/* Orientation as a 2x2 matrix on (x, y) with y pointing down: EXIF 1-8 in order. */
static const int orientation_matrix[9][4] = {
  { 0, 0, 0, 0 },
  { 1, 0, 0, 1 },    /* 1: as stored */
  { -1, 0, 0, 1 },   /* 2: mirrored left-right */
  { -1, 0, 0, -1 },  /* 3: turned 180 degrees */
  { 1, 0, 0, -1 },   /* 4: mirrored top-bottom */
  { 0, 1, 1, 0 },    /* 5: transposed */
  { 0, -1, 1, 0 },   /* 6: turned 90 degrees clockwise */
  { 0, -1, -1, 0 },  /* 7: transversed */
  { 0, 1, -1, 0 },   /* 8: turned 90 degrees counter-clockwise */
};

/* The orientation of applying a first, then b. */
static guint
compose_orientation (guint a,
                     guint b)
{
  const int *ma = orientation_matrix[a], *mb = orientation_matrix[b];
  int c[4] = {
    mb[0] * ma[0] + mb[1] * ma[2], mb[0] * ma[1] + mb[1] * ma[3],
    mb[2] * ma[0] + mb[3] * ma[2], mb[2] * ma[1] + mb[3] * ma[3],
  };

  for (guint o = 1; o <= 8; o++)
    if (memcmp (c, orientation_matrix[o], sizeof c) == 0)
      return o;
  return 1;
}

/* The primary item's properties: its size (ispe) and its transformations (irot, imir),
 * applied in the order they are associated. */
static gboolean
parse_iprp (Span *p, HeifMeta *m)
{
  g_autoptr(GArray) props = g_array_new (FALSE, FALSE, sizeof (Span));
  g_autoptr(GArray) types = g_array_new (FALSE, FALSE, sizeof (guint32));
  Span child, ipma = { NULL, 0 };
  gboolean have_ipma = FALSE;
  guint32 type;
  gsize pos = 0;

  while (span_next_box (p, &pos, &type, &child))
    {
      if (type == FOURCC ('i', 'p', 'c', 'o'))
        {
          gsize ppos = 0;
          Span prop;
          guint32 ptype;

          while (props->len < MAX_PROPERTIES && span_next_box (&child, &ppos, &ptype, &prop))
            {
              g_array_append_val (props, prop);
              g_array_append_val (types, ptype);
            }
        }
      else if (type == FOURCC ('i', 'p', 'm', 'a') && !have_ipma)
        {
          ipma = child;
          have_ipma = TRUE;
        }
    }

  if (!have_ipma || ipma.len < 8)
    return FALSE;

  {
    guint version = ipma.data[0];
    gboolean wide = (ipma.data[3] & 1) != 0;
    guint32 count = be32 (ipma.data + 4);
    gsize ipos = 8;

    for (guint32 i = 0; i < count; i++)
      {
        guint32 id;
        guint n;

        if (version < 1)
          {
            if (ipma.len - ipos < 3)
              return FALSE;
            id = be16 (ipma.data + ipos);
            ipos += 2;
          }
        else
          {
            if (ipma.len - ipos < 5)
              return FALSE;
            id = be32 (ipma.data + ipos);
            ipos += 4;
          }
        n = ipma.data[ipos++];
        if (ipma.len - ipos < (gsize)n * (wide ? 2 : 1))
          return FALSE;

        for (guint a = 0; a < n; a++)
          {
            guint index;

            if (wide)
              index = be16 (ipma.data + ipos) & 0x7FFF;
            else
              index = ipma.data[ipos] & 0x7F;
            ipos += wide ? 2 : 1;

            /* Indexes are 1-based; 0 means "no property". */
            if (id != m->primary_id || index == 0 || index > props->len)
              continue;

            {
              Span *prop = &g_array_index (props, Span, index - 1);
              guint32 ptype = g_array_index (types, guint32, index - 1);

              if (ptype == FOURCC ('i', 's', 'p', 'e') && prop->len >= 12)
                {
                  m->width = be32 (prop->data + 4);
                  m->height = be32 (prop->data + 8);
                }
              else if (ptype == FOURCC ('i', 'r', 'o', 't') && prop->len >= 1)
                {
                  /* Quarter turns counter-clockwise. */
                  static const guint turns[4] = { 1, 8, 3, 6 };
                  m->orientation = compose_orientation (m->orientation,
                                                        turns[prop->data[0] & 3]);
                }
              else if (ptype == FOURCC ('i', 'm', 'i', 'r') && prop->len >= 1)
                {
                  /* Axis 0 is the vertical axis (a left-right mirror). */
                  m->orientation = compose_orientation (m->orientation,
                                                        (prop->data[0] & 1) ? 4 : 2);
                }
            }
          }
      }
  }

  return TRUE;
}

static gboolean
is_heif_brand (guint32 brand)
{
  return brand == FOURCC ('h', 'e', 'i', 'c') || brand == FOURCC ('h', 'e', 'i', 'x') ||
         brand == FOURCC ('h', 'e', 'v', 'c') || brand == FOURCC ('h', 'e', 'v', 'x') ||
         brand == FOURCC ('h', 'e', 'i', 'm') || brand == FOURCC ('h', 'e', 'i', 's');
}

static gboolean
is_mif_brand (guint32 brand)
{
  return brand == FOURCC ('m', 'i', 'f', '1') || brand == FOURCC ('m', 's', 'f', '1');
}

/* Whether the file starts with an ftyp box of a HEIF brand. *other_bmff is set for an
 * ISO-BMFF file of another kind (MP4 video, AVIF). */
static gboolean
sniff_heic (Reader   *r,
            gboolean *other_bmff)
{
  guint8 b[256];
  guint64 size;
  guint32 type;
  guint header;
  gboolean heif = FALSE, mif = FALSE, avif = FALSE;

  *other_bmff = FALSE;
  if (!file_box_header (r, 0, &size, &type, &header) || type != FOURCC ('f', 't', 'y', 'p') ||
      header != 8 || size < 16)
    return FALSE;
  *other_bmff = TRUE;

  size = MIN (size, sizeof b);
  if (!reader_read (r, 0, b, size))
    return FALSE;

  for (guint64 off = 8; off + 4 <= size; off += 4)
    {
      guint32 brand = be32 (b + off);

      if (off == 12)
        continue;  /* minor version, not a brand */
      heif |= is_heif_brand (brand);
      mif |= is_mif_brand (brand);
      avif |= brand == FOURCC ('a', 'v', 'i', 'f') || brand == FOURCC ('a', 'v', 'i', 's');
    }

  if (heif || (mif && !avif))
    {
      *other_bmff = FALSE;
      return TRUE;
    }
  return FALSE;
}

static gboolean
parse_heic (Reader        *r,
            StpPhotoInfo  *info,
            GError       **error)
{
  HeifMeta m = { 0 };
  g_autofree guint8 *meta = NULL;
  guint64 pos = 0, meta_size = 0;
  gboolean found = FALSE;
  Span meta_span, child;
  gsize cpos;
  guint32 type;

  m.orientation = 1;

  for (guint n = 0; n < MAX_TOP_LEVEL_BOXES && pos < r->size; n++)
    {
      guint64 size;
      guint header;

      if (!file_box_header (r, pos, &size, &type, &header))
        return reader_fail (r, error);
      if (type == FOURCC ('m', 'e', 't', 'a'))
        {
          meta_size = size - header;
          if (meta_size < 4 || meta_size > MAX_META_BYTES)
            return reader_fail (r, error);
          meta = g_malloc (meta_size);
          if (!reader_read (r, pos + header, meta, meta_size))
            return reader_fail (r, error);
          found = TRUE;
          break;
        }
      pos += size;
    }
  if (!found)
    return reader_fail (r, error);

  /* meta is a full box: 4 bytes of version and flags, then its children. pitm must be
   * known before iinf and iprp can pick out the primary item, so it is read first. */
  meta_span.data = meta + 4;
  meta_span.len = meta_size - 4;
  for (cpos = 0; span_next_box (&meta_span, &cpos, &type, &child);)
    if (type == FOURCC ('p', 'i', 't', 'm'))
      parse_pitm (&child, &m);
  if (!m.have_primary)
    return reader_fail (r, error);

  for (cpos = 0; span_next_box (&meta_span, &cpos, &type, &child);)
    if (type == FOURCC ('i', 'i', 'n', 'f') && !parse_iinf (&child, &m))
      return reader_fail (r, error);
  for (cpos = 0; span_next_box (&meta_span, &cpos, &type, &child);)
    {
      if (type == FOURCC ('i', 'l', 'o', 'c'))
        parse_iloc (&child, &m);
      else if (type == FOURCC ('i', 'p', 'r', 'p') && !parse_iprp (&child, &m))
        return reader_fail (r, error);
    }

  /* HEVC pictures only: an AV1 or JPEG item inside HEIF is another format. */
  if (m.primary_type != FOURCC ('h', 'v', 'c', '1') &&
      m.primary_type != FOURCC ('g', 'r', 'i', 'd') &&
      m.primary_type != FOURCC ('i', 'd', 'e', 'n') &&
      m.primary_type != FOURCC ('i', 'o', 'v', 'l'))
    {
      if (m.primary_type == 0)
        return reader_fail (r, error);
      g_set_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_UNSUPPORTED,
                   _("This HEIF file holds a kind of picture Stipple cannot open. Export it "
                     "as JPEG and import that."));
      return FALSE;
    }
  if (m.width == 0 || m.height == 0)
    return reader_fail (r, error);

  info->width = m.width;
  info->height = m.height;
  info->orientation = m.orientation;
  info->decoder_orients = TRUE;

  /* The Exif item starts with the offset of its TIFF header. In HEIF the EXIF
   * orientation is informative only (irot/imir rule), so only the time is taken. */
  if (m.have_exif_location && m.exif_length >= 4 + 8 && m.exif_length <= MAX_EXIF_BYTES)
    {
      g_autofree guint8 *exif = g_malloc (m.exif_length);

      if (reader_read (r, m.exif_offset, exif, m.exif_length))
        {
          guint32 skip = be32 (exif);

          if (skip <= m.exif_length - 4)
            parse_tiff (exif + 4 + skip, m.exif_length - 4 - skip, NULL, &info->taken_at);
        }
      else if (r->timed_out || r->cancelled || r->io_errno != 0)
        return reader_fail (r, error);
    }

  return TRUE;
}

/* Names a few formats people will try, so the message says what the file is. */
static const char *
describe_other_format (const guint8 *b,
                       gsize         n,
                       gboolean      other_bmff)
{
  if (n >= 6 && (memcmp (b, "GIF87a", 6) == 0 || memcmp (b, "GIF89a", 6) == 0))
    return "GIF";
  if (n >= 2 && memcmp (b, "BM", 2) == 0)
    return "BMP";
  if (n >= 4 && (memcmp (b, "II*\0", 4) == 0 || memcmp (b, "MM\0*", 4) == 0))
    return "TIFF";
  if (n >= 12 && memcmp (b, "RIFF", 4) == 0 && memcmp (b + 8, "WEBP", 4) == 0)
    return "WebP";
  if (n >= 5 && memcmp (b, "%PDF-", 5) == 0)
    return "PDF";
  if (other_bmff)
    return _("video or AVIF");
  return NULL;
}

static gboolean
check_dimensions (const StpPhotoInfo    *info,
                  const StpPhotoLimits  *limits,
                  GError               **error)
{
  guint64 pixels = (guint64)info->width * info->height;

  if (info->width > limits->max_side || info->height > limits->max_side)
    {
      gboolean wide = info->width >= info->height;

      g_set_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_TOO_WIDE,
                   wide ? _("This photo is %'u pixels wide; Stipple takes photos up to "
                            "%'u pixels on each side.")
                        : _("This photo is %'u pixels high; Stipple takes photos up to "
                            "%'u pixels on each side."),
                   wide ? info->width : info->height, limits->max_side);
      return FALSE;
    }
  if (pixels > limits->max_pixels)
    {
      g_set_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_TOO_MANY_PIXELS,
                   _("This photo has %'" G_GUINT64_FORMAT " megapixels (%'u × %'u); Stipple "
                     "takes photos up to %'" G_GUINT64_FORMAT " megapixels."),
                   (pixels + 500000) / 1000000, info->width, info->height,
                   limits->max_pixels / 1000000);
      return FALSE;
    }

  return TRUE;
}

static gboolean
gate (Reader                *r,
      const StpPhotoLimits  *limits,
      StpPhotoInfo          *info,
      GError               **error)
{
  guint8 magic[16] = { 0 };
  gsize n = MIN (r->size, sizeof magic);
  gboolean other_bmff = FALSE;
  gboolean ok;

  memset (info, 0, sizeof *info);
  info->byte_size = r->size;
  info->orientation = 1;

  if (r->size == 0)
    {
      g_set_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_EMPTY,
                   _("This file is empty: it holds no picture."));
      return FALSE;
    }
  if (r->size > limits->max_bytes)
    {
      g_set_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_FILE_TOO_LARGE,
                   _("This file is %'" G_GUINT64_FORMAT " MB; Stipple takes photos up to "
                     "%'" G_GUINT64_FORMAT " MB."),
                   (r->size + 999999) / 1000000, limits->max_bytes / 1000000);
      return FALSE;
    }
  if (!reader_read (r, 0, magic, n))
    return reader_fail (r, error);

  if (n >= 3 && magic[0] == 0xFF && magic[1] == 0xD8 && magic[2] == 0xFF)
    {
      info->format = STP_PHOTO_FORMAT_JPEG;
      ok = parse_jpeg (r, info, error);
    }
  else if (n >= 8 && memcmp (magic, "\x89PNG\r\n\x1a\n", 8) == 0)
    {
      info->format = STP_PHOTO_FORMAT_PNG;
      ok = parse_png (r, info, error);
    }
  else if (sniff_heic (r, &other_bmff))
    {
      info->format = STP_PHOTO_FORMAT_HEIC;
      ok = parse_heic (r, info, error);
    }
  else if (r->timed_out || r->cancelled || r->io_errno != 0)
    return reader_fail (r, error);
  else
    {
      const char *what = describe_other_format (magic, n, other_bmff);

      if (what != NULL)
        g_set_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_UNSUPPORTED,
                     /* Translators: %s is a file format, like GIF or BMP. */
                     _("This is a %s file; Stipple takes JPEG, PNG and HEIC photos."), what);
      else
        g_set_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_UNSUPPORTED,
                     _("This file is not a photo Stipple can open (JPEG, PNG or HEIC), "
                       "whatever its name says."));
      return FALSE;
    }

  if (!ok)
    return FALSE;

  return check_dimensions (info, limits, error);
}

gboolean
_stp_photo_gate_check_file_until (const char            *path,
                                  const StpPhotoLimits  *limits,
                                  gint64                 deadline,
                                  GCancellable          *cancellable,
                                  StpPhotoInfo          *info,
                                  GError               **error)
{
  Reader r = { -1, NULL, 0, deadline, cancellable, 0, FALSE, FALSE };
  struct stat st;
  gboolean ok;

  if (limits == NULL)
    limits = &default_limits;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  r.fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  if (r.fd < 0 || fstat (r.fd, &st) != 0)
    {
      int saved_errno = errno;

      if (r.fd >= 0)
        close (r.fd);
      g_set_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_IO,
                   _("This file cannot be read: %s."), g_strerror (saved_errno));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      close (r.fd);
      g_set_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_UNSUPPORTED,
                   _("This is not a file but a folder or device; choose photo files."));
      return FALSE;
    }

  r.size = st.st_size;
  ok = gate (&r, limits, info, error);
  close (r.fd);
  return ok;
}

gboolean
stp_photo_gate_check_file (const char            *path,
                           const StpPhotoLimits  *limits,
                           GCancellable          *cancellable,
                           StpPhotoInfo          *info,
                           GError               **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (limits == NULL)
    limits = &default_limits;

  return _stp_photo_gate_check_file_until (path, limits,
                                           g_get_monotonic_time () + limits->time_limit_us,
                                           cancellable, info, error);
}

gboolean
stp_photo_gate_check_bytes (const guint8          *data,
                            gsize                  size,
                            const StpPhotoLimits  *limits,
                            StpPhotoInfo          *info,
                            GError               **error)
{
  Reader r = { -1, data, size, 0, NULL, 0, FALSE, FALSE };

  g_return_val_if_fail (data != NULL || size == 0, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return gate (&r, limits != NULL ? limits : &default_limits, info, error);
}

/* Decoding, after the gate. */

GdkPixbuf *
stp_photo_orient (GdkPixbuf *pixbuf,
                  guint      orientation)
{
  g_autoptr(GdkPixbuf) turned = NULL;

  g_return_val_if_fail (GDK_IS_PIXBUF (pixbuf), NULL);

  /* gdk-pixbuf's "clockwise" is its 270-degree counter-clockwise turn. */
  switch (orientation)
    {
    case 2:
      return gdk_pixbuf_flip (pixbuf, TRUE);
    case 3:
      return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_UPSIDEDOWN);
    case 4:
      return gdk_pixbuf_flip (pixbuf, FALSE);
    case 5:
      turned = gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_CLOCKWISE);
      return turned != NULL ? gdk_pixbuf_flip (turned, TRUE) : NULL;
    case 6:
      return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_CLOCKWISE);
    case 7:
      turned = gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_CLOCKWISE);
      return turned != NULL ? gdk_pixbuf_flip (turned, FALSE) : NULL;
    case 8:
      return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_COUNTERCLOCKWISE);
    default:
      return g_object_ref (pixbuf);
    }
}

typedef struct
{
  guint     expect_width;
  guint     expect_height;
  int       box_width;     /* the fit box in the decoder's (stored) orientation */
  int       box_height;
  /* HEIC: the decoder turns the picture itself, and may report either the stored or the
   * upright size before it does; both are the size the gate measured. */
  gboolean  either_way;
  gboolean  mismatch;
} DecodeSize;

static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  DecodeSize      *d)
{
  double scale;

  /* The decoder must see the picture the gate measured; anything else (a second frame
   * header, say) is refused before it allocates, by asking for a single pixel. */
  gboolean as_expected = width > 0 && height > 0 && (guint)width == d->expect_width &&
                         (guint)height == d->expect_height;
  gboolean turned = d->either_way && width > 0 && height > 0 &&
                    (guint)width == d->expect_height && (guint)height == d->expect_width;
  int box_width = turned ? d->box_height : d->box_width;
  int box_height = turned ? d->box_width : d->box_height;

  if (!as_expected && !turned)
    {
      d->mismatch = TRUE;
      gdk_pixbuf_loader_set_size (loader, 1, 1);
      return;
    }

  if (box_width <= 0 || box_height <= 0)
    return;

  scale = MIN ((double)box_width / width, (double)box_height / height);
  if (scale < 1.0)
    gdk_pixbuf_loader_set_size (loader, MAX (1, (int)(width * scale + 0.5)),
                                MAX (1, (int)(height * scale + 0.5)));
}

GdkPixbuf *
_stp_photo_decode (const char          *path,
                   const StpPhotoInfo  *info,
                   int                  max_width,
                   int                  max_height,
                   gint64               deadline,
                   GCancellable        *cancellable,
                   GError             **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree guint8 *chunk = NULL;
  GdkPixbuf *decoded;
  DecodeSize d = { 0 };
  gboolean swap;
  gboolean ok = TRUE;
  gboolean timed_out = FALSE;
  int fd;

  switch (info->format)
    {
    case STP_PHOTO_FORMAT_JPEG:
      loader = gdk_pixbuf_loader_new_with_type ("jpeg", &local_error);
      break;
    case STP_PHOTO_FORMAT_PNG:
      loader = gdk_pixbuf_loader_new_with_type ("png", &local_error);
      break;
    case STP_PHOTO_FORMAT_HEIC:
      /* By MIME type: the loader's own name has changed between versions. */
      loader = gdk_pixbuf_loader_new_with_mime_type ("image/heic", &local_error);
      break;
    case STP_PHOTO_FORMAT_UNKNOWN:
    default:
      g_assert_not_reached ();
    }
  if (loader == NULL)
    {
      g_set_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_NO_DECODER,
                   info->format == STP_PHOTO_FORMAT_HEIC
                   ? _("This computer cannot open HEIC photos yet: install the "
                       "heif-gdk-pixbuf package, or export the photo as JPEG.")
                   : _("This computer has no decoder for this kind of photo (%s)."),
                   local_error->message);
      return NULL;
    }

  /* The HEIC decoder reports (and delivers) the picture already upright. */
  swap = !info->decoder_orients && info->orientation >= 5 && info->orientation <= 8;
  if (info->decoder_orients)
    {
      stp_photo_info_get_upright_size (info, &d.expect_width, &d.expect_height);
      d.either_way = TRUE;
    }
  else
    {
      d.expect_width = info->width;
      d.expect_height = info->height;
    }
  d.box_width = swap ? max_height : max_width;
  d.box_height = swap ? max_width : max_height;
  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), &d);

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      gdk_pixbuf_loader_close (loader, NULL);
      g_set_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_IO,
                   _("This file cannot be read: %s."), g_strerror (saved_errno));
      return NULL;
    }

  chunk = g_malloc (DECODE_CHUNK);
  while (ok)
    {
      ssize_t n = read (fd, chunk, DECODE_CHUNK);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_set_error (&local_error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_IO,
                       _("This file cannot be read: %s."), g_strerror (errno));
          ok = FALSE;
          break;
        }
      if (n == 0)
        break;
      if (!gdk_pixbuf_loader_write (loader, chunk, n, &local_error))
        ok = FALSE;
      else if (d.mismatch)
        ok = FALSE;
      else if (deadline > 0 && g_get_monotonic_time () > deadline)
        {
          timed_out = TRUE;
          ok = FALSE;
        }
      else if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
        ok = FALSE;
    }
  close (fd);

  if (!ok)
    {
      gdk_pixbuf_loader_close (loader, NULL);
      if (timed_out)
        _stp_photo_set_timed_out_error (error);
      else if (d.mismatch)
        g_set_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_DECODE,
                     _("This photo's headers contradict each other, so Stipple did not "
                       "open it. It may be damaged; copy it from the camera or phone "
                       "again."));
      else if (local_error != NULL &&
               (local_error->domain == STP_PHOTO_ERROR || local_error->domain == G_IO_ERROR))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_DECODE,
                     _("This photo cannot be decoded (%s). It may be damaged; copy it from "
                       "the camera or phone again."),
                     local_error != NULL ? local_error->message : "?");
      return NULL;
    }

  if (!gdk_pixbuf_loader_close (loader, &local_error) || d.mismatch)
    {
      g_set_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_DECODE,
                   _("This photo cannot be decoded (%s). It may be damaged or incomplete; "
                     "copy it from the camera or phone again."),
                   local_error != NULL ? local_error->message : _("sizes do not match"));
      return NULL;
    }

  decoded = gdk_pixbuf_loader_get_pixbuf (loader);
  if (decoded == NULL)
    {
      g_set_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_DECODE,
                   _("This photo cannot be decoded. It may be damaged or incomplete; copy "
                     "it from the camera or phone again."));
      return NULL;
    }

  if (info->decoder_orients)
    return g_object_ref (decoded);
  return stp_photo_orient (decoded, info->orientation);
}

GdkPixbuf *
stp_photo_load_at_size (const char    *path,
                        int            max_width,
                        int            max_height,
                        GCancellable  *cancellable,
                        GError       **error)
{
  const StpPhotoLimits *limits = stp_photo_limits_default ();
  gint64 deadline = g_get_monotonic_time () + limits->time_limit_us;
  StpPhotoInfo info;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_stp_photo_gate_check_file_until (path, limits, deadline, cancellable, &info, error))
    return NULL;

  return _stp_photo_decode (path, &info, max_width, max_height, deadline, cancellable, error);
}

typedef struct
{
  char *path;
  int   max_width;
  int   max_height;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;
  GdkPixbuf *pixbuf;

  pixbuf = stp_photo_load_at_size (data->path, data->max_width, data->max_height,
                                   cancellable, &error);
  if (pixbuf != NULL)
    g_task_return_pointer (task, pixbuf, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
stp_photo_load_at_size_async (const char          *path,
                              int                  max_width,
                              int                  max_height,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (path != NULL);

  data = g_new0 (LoadData, 1);
  data->path = g_strdup (path);
  data->max_width = max_width;
  data->max_height = max_height;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, stp_photo_load_at_size_async);
  g_task_set_task_data (task, data, (GDestroyNotify)load_data_free);
  g_task_run_in_thread (task, load_thread);
}

GdkPixbuf *
stp_photo_load_at_size_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
