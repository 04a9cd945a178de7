/* stp-photo-gate.h: the safety gate every photo passes before anything decodes it, and
 * the display loader that decodes it afterwards.
 *
 * The gate sniffs the format from the file's magic bytes (never from its name), reads the
 * dimensions, EXIF orientation and capture time from the headers alone, and refuses files
 * that are empty, of another format, damaged, too large or too slow to read, each with its
 * own error code.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

G_BEGIN_DECLS

#define STP_PHOTO_ERROR (stp_photo_error_quark ())

typedef enum
{
  STP_PHOTO_ERROR_EMPTY,            /* the file has no bytes */
  STP_PHOTO_ERROR_UNSUPPORTED,      /* not JPEG, PNG or HEIC by its magic bytes */
  STP_PHOTO_ERROR_TRUNCATED,        /* the header is cut short or does not parse */
  STP_PHOTO_ERROR_TOO_MANY_PIXELS,  /* more than the pixel limit (100 megapixels) */
  STP_PHOTO_ERROR_TOO_WIDE,         /* a side over the side limit (20,000 px) */
  STP_PHOTO_ERROR_FILE_TOO_LARGE,   /* more bytes than the size limit (200 MB) */
  STP_PHOTO_ERROR_TIMED_OUT,        /* reading or decoding took longer than the limit */
  STP_PHOTO_ERROR_IO,               /* the file cannot be read, or the store written */
  STP_PHOTO_ERROR_DECODE,           /* the header is fine but the picture does not decode */
  STP_PHOTO_ERROR_NO_DECODER,       /* no decoder installed for the format (HEIC) */
  STP_PHOTO_ERROR_ALREADY_IMPORTED, /* the client already has this very picture */
} StpPhotoError;

typedef enum
{
  STP_PHOTO_FORMAT_UNKNOWN,
  STP_PHOTO_FORMAT_JPEG,
  STP_PHOTO_FORMAT_PNG,
  STP_PHOTO_FORMAT_HEIC,
} StpPhotoFormat;

/* The limits a photo must stay within. */
typedef struct
{
  guint64  max_bytes;     /* file size */
  guint    max_side;      /* pixels per side */
  guint64  max_pixels;    /* width x height */
  gint64   time_limit_us; /* for reading, copying and decoding one file */
} StpPhotoLimits;

#define STP_PHOTO_MAX_BYTES      (200 * 1000 * 1000)
#define STP_PHOTO_MAX_SIDE       20000
#define STP_PHOTO_MAX_PIXELS     (100 * 1000 * 1000)
#define STP_PHOTO_TIME_LIMIT_US  (60 * G_USEC_PER_SEC)

/* What the headers say about a photo. */
typedef struct
{
  StpPhotoFormat  format;
  guint64         byte_size;
  guint           width;        /* as stored, before orientation */
  guint           height;
  guint           orientation;  /* EXIF 1-8 (for HEIC: from its irot/imir) */
  /* TRUE when the decoder itself turns the picture upright (HEIC), so the display path
   * must not apply the orientation a second time. */
  gboolean        decoder_orients;
  /* EXIF DateTimeOriginal as unix UTC seconds (0: none). Without an EXIF time offset the
   * time is read as the clinic's local time. */
  gint64          taken_at;
} StpPhotoInfo;

GQuark                 stp_photo_error_quark       (void);
const StpPhotoLimits  *stp_photo_limits_default    (void);

/* "jpeg", "png", "heic" (the store's format names and file extensions). */
const char            *stp_photo_format_to_string  (StpPhotoFormat        format);
StpPhotoFormat         stp_photo_format_from_string (const char          *name);

/* The size the picture has once upright (orientation 5-8 swap the sides). */
void                   stp_photo_info_get_upright_size (const StpPhotoInfo *info,
                                                        guint              *width,
                                                        guint              *height);

/* Checks a file. limits NULL: the defaults. On failure returns FALSE with
 * STP_PHOTO_ERROR; the file's name appears in no message (callers add it). */
gboolean               stp_photo_gate_check_file   (const char            *path,
                                                    const StpPhotoLimits  *limits,
                                                    GCancellable          *cancellable,
                                                    StpPhotoInfo          *info,
                                                    GError               **error);
/* The same checks on bytes in memory (a pasted image, tests). */
gboolean               stp_photo_gate_check_bytes  (const guint8          *data,
                                                    gsize                  size,
                                                    const StpPhotoLimits  *limits,
                                                    StpPhotoInfo          *info,
                                                    GError               **error);

/* Turns a picture as stored upright according to an EXIF orientation (1-8). */
GdkPixbuf             *stp_photo_orient            (GdkPixbuf             *pixbuf,
                                                    guint                  orientation);

/* Gates and decodes a photo file, upright, scaled to fit within max_width x max_height
 * (never enlarged; 0 x 0: full size). The decoder is told the target size before it
 * allocates, so a large original is never held at full size. */
GdkPixbuf             *stp_photo_load_at_size      (const char            *path,
                                                    int                    max_width,
                                                    int                    max_height,
                                                    GCancellable          *cancellable,
                                                    GError               **error);
void                   stp_photo_load_at_size_async  (const char          *path,
                                                      int                  max_width,
                                                      int                  max_height,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GdkPixbuf             *stp_photo_load_at_size_finish (GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
