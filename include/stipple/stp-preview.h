/* stp-preview.h: the SMP preview: the healed result simulated on the client's photo.
 *
 * For each treatment region of a sketch the preview places the pigment dots an artist
 * would: a blue-noise (Poisson-disk) pattern at the region's density, dots of varying
 * size and opacity in the region's shade, thinned near hairline curves as the hairline
 * style asks, and scars filled at the density around them. The dots are a compact
 * struct of arrays in photo pixels; the renderer composites them over the photo into a
 * cairo image surface, and the same code exports the PNG the client takes home.
 *
 * Everything is deterministic: the same sketch, parameters and seed give the same dots,
 * on any machine (the preview has its own random generator).
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "stp-sketch.h"
#include "stp-sketch-view.h"

G_BEGIN_DECLS

#define STP_PREVIEW_ERROR (stp_preview_error_quark ())

typedef enum
{
  STP_PREVIEW_ERROR_TOO_MANY_DOTS,  /* the regions would need more dots than the preview draws */
  STP_PREVIEW_ERROR_PHOTO,          /* the photo cannot be used (size, format) */
  STP_PREVIEW_ERROR_IO,             /* the PNG could not be written */
} StpPreviewError;

/* More dots than this (over all regions) are refused with TOO_MANY_DOTS: a whole scalp
 * at a high density on a large photo is about a million. */
#define STP_PREVIEW_MAX_DOTS 4000000

/* Density a treatment region without one gets (dots per cm²). */
#define STP_PREVIEW_DEFAULT_DENSITY 100.0
/* Without a calibration the preview assumes the photo's longer side spans this many
 * millimetres: a head filling a usual consultation photo. */
#define STP_PREVIEW_UNCALIBRATED_SPAN_MM 250.0
/* Band width of a soft hairline (mm) unless the parameters say otherwise. */
#define STP_PREVIEW_DEFAULT_BAND_MM 5.0
#define STP_PREVIEW_MAX_BAND_MM 30.0

/* What the client will see after how many sessions. */
typedef enum
{
  STP_PREVIEW_SESSION_1,      /* the light base: fewer and lighter dots */
  STP_PREVIEW_SESSION_2,      /* most of the density */
  STP_PREVIEW_SESSION_3,      /* the full result */
  STP_PREVIEW_FADED,          /* the full result some years later: lighter, softer */
  STP_PREVIEW_N_SESSIONS,
} StpPreviewSession;

typedef enum
{
  STP_PREVIEW_EDGE_SOFT,      /* soft / broken: density fades over a band, a few strays */
  STP_PREVIEW_EDGE_SHARP,     /* sharp / defined: a crisp edge, nothing outside the line */
} StpPreviewEdge;

typedef struct
{
  guint64            seed;
  StpPreviewSession  session;
  StpPreviewEdge     edge;
  double             band_mm;   /* soft hairline: the width of the fade inside the line */
} StpPreviewParams;

/* Seed 1, full result (session 3), soft edge, STP_PREVIEW_DEFAULT_BAND_MM. */
void         stp_preview_params_init         (StpPreviewParams       *params);
gboolean     stp_preview_params_equal        (const StpPreviewParams *a,
                                              const StpPreviewParams *b);
/* "After session 1", ..., "Faded, after some years" (translated). */
const char  *stp_preview_session_get_label   (StpPreviewSession       session);

/* A pigment colour, not premultiplied, components 0..1. */
typedef struct
{
  float r, g, b;
} StpPreviewColor;

/* Maps a region's pigment shade (free text from the sketch) to the colour healed dots
 * of it show. Understood: "#rrggbb"; the words black, charcoal, graphite, grey/gray,
 * brown, blonde, with "dark", "light", "soft" or "cool"/"warm" before them; a dilution
 * "1:N" lightens (1:5 and less is full strength, 1:40 about half). Anything else, and
 * "", is the usual dark grey-black of a healed SMP dot. Returns TRUE when the text was
 * understood. */
gboolean     stp_preview_shade_to_color      (const char             *shade,
                                              StpPreviewColor        *color);

/* A set of dots, in photo pixels: a struct of arrays, so the renderer and the tests
 * walk them quickly. Immutable once made; reference counted, so the widget can hand
 * them to a render thread. */
typedef struct
{
  guint             n_dots;
  float            *x;          /* centre, photo pixels */
  float            *y;
  float            *radius;     /* photo pixels */
  float            *opacity;    /* 0..1 at the dot's centre */
  guint8           *color;      /* index into palette */
  float            *softness;   /* per dot: edge falloff as a fraction of the radius */

  guint             n_colors;
  StpPreviewColor  *palette;

  /* What the dots were made from, for the UI and the tests. */
  gboolean          calibrated;      /* FALSE: a default scale was assumed */
  double            mm_per_pixel;    /* the scale used */
  double            min_distance;    /* no two dots of one region are closer (pixels) */
  guint             n_regions;       /* regions that got dots (treatment and scars) */
} StpPreviewDots;

#define STP_TYPE_PREVIEW_DOTS (stp_preview_dots_get_type ())
GType           stp_preview_dots_get_type    (void) G_GNUC_CONST;
StpPreviewDots *stp_preview_dots_ref         (StpPreviewDots         *dots);
void            stp_preview_dots_unref       (StpPreviewDots         *dots);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StpPreviewDots, stp_preview_dots_unref)

/* Millimetres per photo pixel the preview uses for sketch: its calibration, or the
 * STP_PREVIEW_UNCALIBRATED_SPAN_MM assumption (then *calibrated is FALSE). */
double          stp_preview_get_scale        (StpSketch              *sketch,
                                              gboolean               *calibrated);

/* Generates the dots for every treatment and scar region of sketch, whatever layers
 * the canvas shows or hides (the preview shows the plan, not the drawing). Where
 * treatment areas overlap, the one drawn first has the dots. NULL with
 * STP_PREVIEW_ERROR_TOO_MANY_DOTS when the regions would need more than
 * STP_PREVIEW_MAX_DOTS. cancellable is checked between regions (NULL and
 * G_IO_ERROR_CANCELLED when cancelled). Safe to call from a thread on a sketch no other
 * thread changes (hand it a copy). */
StpPreviewDots *stp_preview_generate         (StpSketch              *sketch,
                                              const StpPreviewParams *params,
                                              GCancellable           *cancellable,
                                              GError                **error);

/* Composites dots onto target, an image surface in CAIRO_FORMAT_ARGB32 or RGB24 that
 * already shows the photo through view (NULL: one surface pixel per photo pixel).
 * Dots are drawn from pre-rendered sprites written straight into the surface's pixels;
 * dots outside the surface are skipped. */
void            stp_preview_render           (const StpPreviewDots   *dots,
                                              cairo_surface_t        *target,
                                              const StpSketchView    *view);
/* The same dots drawn the plain way, one cairo arc and fill each (no soft edge): the
 * floor the benchmark compares stp_preview_render with. */
void            stp_preview_render_naive     (const StpPreviewDots   *dots,
                                              cairo_t                *cr);

/* A new RGB24 image surface with the pixbuf's pixels (alpha composited over white). */
cairo_surface_t *stp_preview_surface_from_pixbuf (GdkPixbuf          *pixbuf);
/* The photo with the dots, at photo resolution (the photo's size, whatever the sketch
 * says), as a new image surface. */
cairo_surface_t *stp_preview_render_photo    (const StpPreviewDots   *dots,
                                              GdkPixbuf              *photo);
/* The photo with the dots scaled down to fit max_width x max_height (never up), as a
 * new image surface: for documents such as the consultation summary. */
cairo_surface_t *stp_preview_render_fitted   (const StpPreviewDots   *dots,
                                              GdkPixbuf              *photo,
                                              int                     max_width,
                                              int                     max_height);
/* Writes the photo with the dots as a PNG at photo resolution, atomically (a temporary
 * file renamed into place). */
gboolean        stp_preview_export_png       (const StpPreviewDots   *dots,
                                              GdkPixbuf              *photo,
                                              GFile                  *file,
                                              GCancellable           *cancellable,
                                              GError                **error);

GQuark          stp_preview_error_quark      (void);

G_END_DECLS
