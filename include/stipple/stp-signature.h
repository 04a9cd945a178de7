/* stp-signature.h: signature strokes (the JSON the consent keeps) and their rendering.
 *
 * Strokes are a JSON array of strokes, each an array of points
 * {"x": .., "y": .., "p": .., "t": ..}: x and y in pixels of the pad (origin top left),
 * p the pen pressure from 0 to 1 (optional, 0.5 when absent: a mouse or a finger) and t
 * milliseconds since the first point (optional).
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

#define STP_SIGNATURE_ERROR (stp_signature_error_quark ())

typedef enum
{
  STP_SIGNATURE_ERROR_INVALID,     /* not the stroke format: bad JSON, wrong types, NaN */
  STP_SIGNATURE_ERROR_EMPTY,       /* no point at all */
  STP_SIGNATURE_ERROR_TOO_LARGE,   /* more strokes, points or text than a signature has */
  STP_SIGNATURE_ERROR_SIZE,        /* an image size outside 1..STP_SIGNATURE_SIZE_MAX */
} StpSignatureError;

#define STP_SIGNATURE_JSON_MAX     (1024 * 1024)
#define STP_SIGNATURE_STROKES_MAX  500
#define STP_SIGNATURE_POINTS_MAX   20000  /* over all strokes */
#define STP_SIGNATURE_SIZE_MAX     4096   /* pixels, either side; also the coordinate range */

typedef struct
{
  double  x;
  double  y;
  double  pressure;  /* 0..1 */
  gint64  time_ms;
} StpSignaturePoint;

typedef enum
{
  STP_SIGNATURE_BACKGROUND_TRANSPARENT,
  STP_SIGNATURE_BACKGROUND_WHITE,
} StpSignatureBackground;

GQuark      stp_signature_error_quark     (void);

/* Parses and checks strokes. Returns a GPtrArray of GArray of StpSignaturePoint, or NULL
 * with STP_SIGNATURE_ERROR set; never crashes on hostile input. */
GPtrArray  *stp_signature_parse           (const char  *strokes_json,
                                           GError     **error);
/* The opposite of parse; strokes as parse returns them. */
char       *stp_signature_to_json         (GPtrArray   *strokes);
/* A new stroke array of the element type parse returns, for a pad to fill. */
GArray     *stp_signature_stroke_new      (void);

/* Draws strokes in the current source colour onto cr (in cr's user space; one unit is
 * one pad pixel): smooth curves through the points, wider where the pen pressed harder.
 * line_width is the width at pressure 0.5. */
void        stp_signature_draw            (cairo_t     *cr,
                                           GPtrArray   *strokes,
                                           double       line_width);
/* Renders strokes into a width x height PNG, black ink, at the pad's scale. */
GBytes     *stp_signature_render_png      (const char              *strokes_json,
                                           int                      width,
                                           int                      height,
                                           StpSignatureBackground   background,
                                           GError                 **error);
/* Reads a stored signature PNG back into an image surface; NULL with an error when the
 * bytes are not a readable PNG. */
cairo_surface_t *stp_signature_decode_png (GBytes                  *png,
                                           GError                 **error);

G_END_DECLS
