/* stp-preview-private.h: what the preview's own files (dots, sampler, renderer) share:
 * a small random generator, the Poisson-disk sampler and the dots' allocation.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "stipple/stp-preview.h"

G_BEGIN_DECLS

/* PCG32 (O'Neill's permuted congruential generator, XSH-RR output): the preview's own
 * generator, so the same seed gives the same dots whatever GLib's g_rand does. */
typedef struct
{
  guint64 state;
  guint64 inc;
} StpRandom;

/* SplitMix64 step: turns (seed, stream) pairs into well-spread generator states. */
static inline guint64
_stp_random_mix (guint64 z)
{
  z += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static inline guint32
_stp_random_next (StpRandom *rng)
{
  guint64 old = rng->state;
  guint32 xorshifted, rot;

  rng->state = old * G_GUINT64_CONSTANT (6364136223846793005) + rng->inc;
  xorshifted = (guint32)(((old >> 18) ^ old) >> 27);
  rot = (guint32)(old >> 59);
  return (xorshifted >> rot) | (xorshifted << ((32 - rot) & 31));
}

/* A generator for one purpose (stream) of one seed. */
static inline void
_stp_random_init (StpRandom *rng,
                  guint64    seed,
                  guint64    stream)
{
  rng->state = 0;
  rng->inc = (_stp_random_mix (stream ^ G_GUINT64_CONSTANT (0x5851f42d4c957f2d)) << 1) | 1;
  _stp_random_next (rng);
  rng->state += _stp_random_mix (seed);
  _stp_random_next (rng);
}

/* Uniform in [0, 1). */
static inline double
_stp_random_double (StpRandom *rng)
{
  return _stp_random_next (rng) * (1.0 / 4294967296.0);
}

/* Roughly normal (mean 0, deviation 1), from four uniforms: cheap and bounded (|x| < 3.5),
 * which suits sizes that must not go negative. */
static inline double
_stp_random_gauss (StpRandom *rng)
{
  double s = 0;

  for (int i = 0; i < 4; i++)
    s += _stp_random_double (rng);
  return (s - 2.0) * 1.7320508075688772;
}

/* The sampling domain: a union of closed polygons and of one-sided bands along
 * polylines (the strip within width pixels of the line on the side sign says). */
typedef struct
{
  GArray *polygons;   /* of GArray* of double pairs (x, y), closed implicitly */
  GArray *bands;      /* of StpPoissonBand */
} StpPoissonDomain;

typedef struct
{
  GArray  *line;      /* double pairs */
  double   width;
  int      side;      /* +1 or -1: the sign of the cross product (b - a) x (p - a) */
  /* A grid of cells width wide listing the segments within width of each. */
  double   x0, y0, cell;
  int      gw, gh;
  guint32 *start;     /* gw * gh + 1 offsets into segs */
  guint32 *segs;
} StpPoissonBand;

void      _stp_poisson_domain_init   (StpPoissonDomain       *domain);
void      _stp_poisson_domain_clear  (StpPoissonDomain       *domain);
/* Adds a copy of a polygon (n points as x, y pairs). */
void      _stp_poisson_domain_add_polygon (StpPoissonDomain  *domain,
                                           const double      *xy,
                                           guint              n);
void      _stp_poisson_domain_add_band (StpPoissonDomain     *domain,
                                        const double         *xy,
                                        guint                 n,
                                        double                width,
                                        int                   side);
gboolean  _stp_poisson_domain_contains (const StpPoissonDomain *domain,
                                        double                 x,
                                        double                 y);
/* Whether (x, y) lies inside the polygon (even-odd rule). */
gboolean  _stp_polygon_contains      (const double           *xy,
                                      guint                   n,
                                      double                  x,
                                      double                  y);
double    _stp_polygon_area          (const double           *xy,
                                      guint                   n);

typedef struct
{
  GArray *xy;                 /* float pairs: the samples */
  double  density;            /* samples per square pixel well inside the domain */
  double  in_area;            /* the square pixels that estimate was made over */
} StpPoissonResult;

/* Blue-noise samples over domain, no two closer than min_distance: Bridson's algorithm
 * on a background grid (candidates on the annulus' inner edge, as Roberts suggests, so
 * fewer tries fill the plane more densely), then a sweep that seeds every part of the
 * domain the growth did not reach. The domain is rasterised on the grid first so that
 * only cells its boundary crosses need the exact test. Returns FALSE when the grid
 * would be larger than max_cells. */
gboolean  _stp_poisson_sample        (const StpPoissonDomain *domain,
                                      double                  min_distance,
                                      StpRandom              *rng,
                                      guint64                 max_cells,
                                      StpPoissonResult       *result);

/* Allocates a dots struct of n dots (arrays uninitialised) with refcount 1. */
StpPreviewDots *_stp_preview_dots_new (guint                  n_dots,
                                       guint                  n_colors);

G_END_DECLS
