/* stp-poisson.c: blue-noise samples over a union of polygons and bands.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-preview"

#include "config.h"

#include <math.h>
#include <string.h>

#include "stp-preview-private.h"

/* Candidates tried around each active sample before it retires. On the inner edge of
 * the annulus (as Roberts suggests) eight fill the plane with 0.78 samples per r², close
 * to Bridson's 30 random ones, at a fraction of the cost. */
#define N_CANDIDATES 8
/* Skipping the candidate after a placed one (see grow) needs them closer than r. */
G_STATIC_ASSERT (N_CANDIDATES >= 7);
/* Darts thrown into each empty cell by the sweep that seeds unreached parts. */
#define N_SWEEP_DARTS 3
#define ACTIVE_WINDOW 64
/* Random directions to start each round of candidates from. */
#define N_DIRECTIONS 256

enum { CELL_OUT, CELL_IN, CELL_EDGE };

/* Four floats at once (GCC and Clang vector extensions; plain code on other targets). */
typedef float StpV4 __attribute__ ((vector_size (16)));
typedef gint32 StpV4i __attribute__ ((vector_size (16)));

static inline StpV4
load4 (const float *p)
{
  StpV4 v;

  memcpy (&v, p, sizeof v);
  return v;
}

void
_stp_poisson_domain_init (StpPoissonDomain *domain)
{
  domain->polygons = g_array_new (FALSE, FALSE, sizeof (GArray *));
  domain->bands = g_array_new (FALSE, FALSE, sizeof (StpPoissonBand));
}

void
_stp_poisson_domain_clear (StpPoissonDomain *domain)
{
  if (domain->polygons != NULL)
    {
      for (guint i = 0; i < domain->polygons->len; i++)
        g_array_unref (g_array_index (domain->polygons, GArray *, i));
      g_clear_pointer (&domain->polygons, g_array_unref);
    }
  if (domain->bands != NULL)
    {
      for (guint i = 0; i < domain->bands->len; i++)
        {
          StpPoissonBand *band = &g_array_index (domain->bands, StpPoissonBand, i);
          g_array_unref (band->line);
          g_free (band->start);
          g_free (band->segs);
        }
      g_clear_pointer (&domain->bands, g_array_unref);
    }
}

void
_stp_poisson_domain_add_polygon (StpPoissonDomain *domain,
                                 const double     *xy,
                                 guint             n)
{
  GArray *copy;

  if (n < 3)
    return;
  copy = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * n);
  g_array_append_vals (copy, xy, 2 * n);
  g_array_append_val (domain->polygons, copy);
}

/* Which segments lie within width of each cell of a grid over the band: a point looks
 * at those only, not at the whole line. */
static void
band_index (StpPoissonBand *band)
{
  const double *p = (const double *)band->line->data;
  guint n_segs = band->line->len / 2 - 1;
  double x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  guint32 *fill = NULL;
  gsize n_cells;

  band->x0 = band->y0 = G_MAXDOUBLE;
  for (guint i = 0; i < band->line->len / 2; i++)
    {
      band->x0 = MIN (band->x0, p[2 * i]);
      band->y0 = MIN (band->y0, p[2 * i + 1]);
      x1 = MAX (x1, p[2 * i]);
      y1 = MAX (y1, p[2 * i + 1]);
    }
  band->cell = band->width;
  band->x0 -= band->width;
  band->y0 -= band->width;
  band->gw = (int)ceil ((x1 - band->x0) / band->cell) + 2;
  band->gh = (int)ceil ((y1 - band->y0) / band->cell) + 2;
  n_cells = (gsize)band->gw * band->gh;
  band->start = g_new0 (guint32, n_cells + 1);
  band->segs = NULL;

  /* Two passes: count, then fill. */
  for (int pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < n_segs; i++)
        {
          double ax = p[2 * i], ay = p[2 * i + 1], bx = p[2 * i + 2], by = p[2 * i + 3];
          int i0 = (int)floor ((MIN (ax, bx) - band->width - band->x0) / band->cell);
          int i1 = (int)floor ((MAX (ax, bx) + band->width - band->x0) / band->cell);
          int j0 = (int)floor ((MIN (ay, by) - band->width - band->y0) / band->cell);
          int j1 = (int)floor ((MAX (ay, by) + band->width - band->y0) / band->cell);

          for (int j = MAX (j0, 0); j <= MIN (j1, band->gh - 1); j++)
            for (int k = MAX (i0, 0); k <= MIN (i1, band->gw - 1); k++)
              {
                gsize c = (gsize)j * band->gw + k;
                if (pass == 0)
                  band->start[c + 1]++;
                else
                  band->segs[fill[c]++] = i;
              }
        }
      if (pass == 0)
        {
          for (gsize c = 0; c < n_cells; c++)
            band->start[c + 1] += band->start[c];
          band->segs = g_new (guint32, MAX (band->start[n_cells], 1));
          fill = g_memdup2 (band->start, n_cells * sizeof (guint32));
        }
    }
  g_free (fill);
}

void
_stp_poisson_domain_add_band (StpPoissonDomain *domain,
                              const double     *xy,
                              guint             n,
                              double            width,
                              int               side)
{
  StpPoissonBand band;

  if (n < 2 || width <= 0)
    return;
  band.line = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * n);
  g_array_append_vals (band.line, xy, 2 * n);
  band.width = width;
  band.side = side >= 0 ? 1 : -1;
  band_index (&band);
  g_array_append_val (domain->bands, band);
}

gboolean
_stp_polygon_contains (const double *xy,
                       guint         n,
                       double        x,
                       double        y)
{
  gboolean inside = FALSE;

  for (guint i = 0, j = n - 1; i < n; j = i++)
    {
      double yi = xy[2 * i + 1], yj = xy[2 * j + 1];

      if ((yi > y) != (yj > y))
        {
          double xi = xy[2 * i], xj = xy[2 * j];
          double cross = xi + (y - yi) * (xj - xi) / (yj - yi);
          if (x < cross)
            inside = !inside;
        }
    }
  return inside;
}

double
_stp_polygon_area (const double *xy,
                   guint         n)
{
  double a = 0;

  for (guint i = 0, j = n - 1; i < n; j = i++)
    a += xy[2 * j] * xy[2 * i + 1] - xy[2 * i] * xy[2 * j + 1];
  return fabs (a) / 2.0;
}

/* Whether p lies in the band: within width of the polyline, on its side, and beside a
 * segment (not beyond the line's ends). */
/* Whether p lies in the band: within width of the polyline, on its side, and beside a
 * segment (not beyond the line's ends). Only the segments listed for p's cell can be
 * within width. */
static gboolean
band_contains (const StpPoissonBand *band,
               double                x,
               double                y)
{
  const double *p = (const double *)band->line->data;
  guint n = band->line->len / 2;
  double best = G_MAXDOUBLE;
  int best_side = 0, gx, gy;
  gboolean best_beyond = TRUE;
  gsize c;

  gx = (int)floor ((x - band->x0) / band->cell);
  gy = (int)floor ((y - band->y0) / band->cell);
  if (gx < 0 || gy < 0 || gx >= band->gw || gy >= band->gh)
    return FALSE;
  c = (gsize)gy * band->gw + gx;
  for (guint32 k = band->start[c]; k < band->start[c + 1]; k++)
    {
      guint i = band->segs[k];
      double ax = p[2 * i], ay = p[2 * i + 1];
      double dx = p[2 * i + 2] - ax, dy = p[2 * i + 3] - ay;
      double len2 = dx * dx + dy * dy;
      double t = len2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / len2 : 0;
      gboolean beyond = (i == 0 && t < 0) || (i + 2 == n && t > 1);
      double cx, cy, d2;

      t = CLAMP (t, 0.0, 1.0);
      cx = ax + t * dx - x;
      cy = ay + t * dy - y;
      d2 = cx * cx + cy * cy;
      if (d2 < best)
        {
          best = d2;
          best_side = dx * (y - ay) - dy * (x - ax) >= 0 ? 1 : -1;
          best_beyond = beyond;
        }
    }
  return !best_beyond && best <= band->width * band->width && best_side == band->side;
}

gboolean
_stp_poisson_domain_contains (const StpPoissonDomain *domain,
                              double                  x,
                              double                  y)
{
  for (guint i = 0; i < domain->polygons->len; i++)
    {
      GArray *poly = g_array_index (domain->polygons, GArray *, i);
      if (_stp_polygon_contains ((const double *)poly->data, poly->len / 2, x, y))
        return TRUE;
    }
  for (guint i = 0; i < domain->bands->len; i++)
    if (band_contains (&g_array_index (domain->bands, StpPoissonBand, i), x, y))
      return TRUE;
  return FALSE;
}

typedef struct
{
  const StpPoissonDomain *domain;
  StpRandom *rng;
  double     r, r2, cell;
  float      inv_cell;
  double     x0, y0;       /* the grid's origin */
  int        gw, gh;
  guint8    *mask;
  float     *gxs, *gys;    /* per cell the sample's x and y; NaN when empty */
  double    *pts;          /* x, y pairs */
  guint      n_pts;
  guint32   *active;       /* sample indices: retired ones, then the active ones */
  guint      n_active;
} Sampler;

static void
domain_bounds (const StpPoissonDomain *domain,
               double                 *x0,
               double                 *y0,
               double                 *x1,
               double                 *y1)
{
  *x0 = *y0 = G_MAXDOUBLE;
  *x1 = *y1 = -G_MAXDOUBLE;
  for (guint i = 0; i < domain->polygons->len; i++)
    {
      GArray *poly = g_array_index (domain->polygons, GArray *, i);
      const double *p = (const double *)poly->data;
      for (guint k = 0; k < poly->len / 2; k++)
        {
          *x0 = MIN (*x0, p[2 * k]);
          *x1 = MAX (*x1, p[2 * k]);
          *y0 = MIN (*y0, p[2 * k + 1]);
          *y1 = MAX (*y1, p[2 * k + 1]);
        }
    }
  for (guint i = 0; i < domain->bands->len; i++)
    {
      StpPoissonBand *band = &g_array_index (domain->bands, StpPoissonBand, i);
      const double *p = (const double *)band->line->data;
      for (guint k = 0; k < band->line->len / 2; k++)
        {
          *x0 = MIN (*x0, p[2 * k] - band->width);
          *x1 = MAX (*x1, p[2 * k] + band->width);
          *y0 = MIN (*y0, p[2 * k + 1] - band->width);
          *y1 = MAX (*y1, p[2 * k + 1] + band->width);
        }
    }
}

static inline void
mark_edge (Sampler *s,
           double   x,
           double   y)
{
  int cx = (int)floor ((x - s->x0) / s->cell);
  int cy = (int)floor ((y - s->y0) / s->cell);

  for (int j = MAX (cy - 1, 0); j <= MIN (cy + 1, s->gh - 1); j++)
    for (int i = MAX (cx - 1, 0); i <= MIN (cx + 1, s->gw - 1); i++)
      s->mask[(gsize)j * s->gw + i] = CELL_EDGE;
}

/* Cells the boundary may cross become EDGE (exact tests there); every other cell is
 * wholly in or out, decided once per run of such cells along a row. */
static void
build_mask (Sampler *s)
{
  const StpPoissonDomain *domain = s->domain;
  double step = s->cell * 0.5;

  memset (s->mask, 0xff, (gsize)s->gw * s->gh);
  for (guint i = 0; i < domain->polygons->len; i++)
    {
      GArray *poly = g_array_index (domain->polygons, GArray *, i);
      const double *p = (const double *)poly->data;
      guint n = poly->len / 2;

      for (guint k = 0; k < n; k++)
        {
          double ax = p[2 * k], ay = p[2 * k + 1];
          double bx = p[2 * ((k + 1) % n)], by = p[2 * ((k + 1) % n) + 1];
          int steps = (int)ceil (hypot (bx - ax, by - ay) / step);
          for (int t = 0; t <= steps; t++)
            {
              double f = steps > 0 ? (double)t / steps : 0;
              mark_edge (s, ax + f * (bx - ax), ay + f * (by - ay));
            }
        }
    }
  for (guint i = 0; i < domain->bands->len; i++)
    {
      StpPoissonBand *band = &g_array_index (domain->bands, StpPoissonBand, i);
      const double *p = (const double *)band->line->data;
      guint n = band->line->len / 2;
      double reach = band->width + 1.5 * s->cell;

      for (guint k = 0; k + 1 < n; k++)
        {
          double ax = p[2 * k], ay = p[2 * k + 1];
          double dx = p[2 * k + 2] - ax, dy = p[2 * k + 3] - ay;
          double len2 = dx * dx + dy * dy;
          int i0 = (int)floor ((MIN (ax, ax + dx) - reach - s->x0) / s->cell);
          int i1 = (int)floor ((MAX (ax, ax + dx) + reach - s->x0) / s->cell);
          int j0 = (int)floor ((MIN (ay, ay + dy) - reach - s->y0) / s->cell);
          int j1 = (int)floor ((MAX (ay, ay + dy) + reach - s->y0) / s->cell);

          for (int j = MAX (j0, 0); j <= MIN (j1, s->gh - 1); j++)
            for (int ii = MAX (i0, 0); ii <= MIN (i1, s->gw - 1); ii++)
              {
                double cx = s->x0 + (ii + 0.5) * s->cell, cy = s->y0 + (j + 0.5) * s->cell;
                double t = len2 > 0 ? ((cx - ax) * dx + (cy - ay) * dy) / len2 : 0;
                double ex, ey;

                t = CLAMP (t, 0.0, 1.0);
                ex = ax + t * dx - cx;
                ey = ay + t * dy - cy;
                if (ex * ex + ey * ey <= reach * reach)
                  s->mask[(gsize)j * s->gw + ii] = CELL_EDGE;
              }
        }
    }

  for (int j = 0; j < s->gh; j++)
    {
      guint8 *row = s->mask + (gsize)j * s->gw;
      guint8 state = 0xff;

      for (int i = 0; i < s->gw; i++)
        {
          if (row[i] == CELL_EDGE)
            {
              state = 0xff;
              continue;
            }
          if (state == 0xff)
            state = _stp_poisson_domain_contains (domain, s->x0 + (i + 0.5) * s->cell,
                                                  s->y0 + (j + 0.5) * s->cell)
                    ? CELL_IN : CELL_OUT;
          row[i] = state;
        }
    }
}

/* Whether a sample may go at (x, y): inside the grid and the domain, and at least r
 * from every sample. The domain's exact test comes last: it is the dearest. The grid
 * holds each cell's sample coordinates relative to the grid's origin (NaN when empty)
 * and has a two-cell margin, so neighbours need no bounds checks. */
G_ALWAYS_INLINE static inline gboolean
can_place (Sampler *s,
           double   x,
           double   y,
           gsize   *cell_index)
{
  /* Cells are r / sqrt 2 wide, so a sample two rows (or columns) away is at least one
   * cell plus the candidate's offset into its own cell away, and can only be within r
   * when that offset is below sqrt 2 - 1 of a cell: at most one of the outer rows and
   * one of the outer columns needs a look. */
  static const float near_side = (float)G_SQRT2 - 1.0f;
  static const int row_order[5] = { 0, -1, 1, -2, 2 };
  float gx = (float)(x - s->x0), gy = (float)(y - s->y0);
  float fx = gx * s->inv_cell, fy = gy * s->inv_cell;
  float r2 = (float)s->r2;
  int cx, cy, i1, j0, j1;
  gsize c;
  guint8 m;

  if (!(fx >= 2 && fy >= 2 && fx < s->gw - 2 && fy < s->gh - 2))
    return FALSE;
  cx = (int)fx;
  cy = (int)fy;
  c = (gsize)cy * s->gw + cx;
  m = s->mask[c];
  if (m == CELL_OUT || !isnan (s->gxs[c]))
    return FALSE;

  i1 = fx - cx > 1.0f - near_side ? 2 : 1;
  j0 = fy - cy < near_side ? -2 : -1;
  j1 = fy - cy > 1.0f - near_side ? 2 : 1;
  {
    /* Four cells of a row at once (cx - 2 .. cx + 1; testing cx - 2 when it cannot be
     * near costs nothing extra), the fifth alone when it can be near. NaN compares
     * false: an empty cell never rejects. */
    StpV4 vx = { gx, gx, gx, gx }, vy = { gy, gy, gy, gy }, vr2 = { r2, r2, r2, r2 };
    StpV4i hit = { 0, 0, 0, 0 };

    for (int k = 0; k < 5; k++)
      {
        int j = row_order[k];
        gsize row = c + j * (gssize)s->gw;
        StpV4 dx, dy;

        if (j < j0 || j > j1)
          continue;
        dx = load4 (s->gxs + row - 2) - vx;
        dy = load4 (s->gys + row - 2) - vy;
        hit |= dx * dx + dy * dy < vr2;
        if (i1 == 2)
          {
            float ex = s->gxs[row + 2] - gx, ey = s->gys[row + 2] - gy;
            if (ex * ex + ey * ey < r2)
              return FALSE;
          }
        /* Most candidates that fail do so on their own row. */
        if (k == 0 && (hit[0] | hit[1] | hit[2] | hit[3]))
          return FALSE;
      }
    if (hit[0] | hit[1] | hit[2] | hit[3])
      return FALSE;
  }

  if (m == CELL_EDGE && !_stp_poisson_domain_contains (s->domain, x, y))
    return FALSE;
  *cell_index = c;
  return TRUE;
}

/* The arrays hold as many samples as the grid can: no two closer than r means at most
 * 2 / (sqrt 3 r²) per unit of area, 0.58 per cell. */
static void
add_sample (Sampler *s,
            double   x,
            double   y,
            gsize    cell_index)
{
  s->pts[2 * s->n_pts] = x;
  s->pts[2 * s->n_pts + 1] = y;
  s->active[s->n_active++] = s->n_pts++;
  s->gxs[cell_index] = (float)(x - s->x0);
  s->gys[cell_index] = (float)(y - s->y0);
}

/* Whether the cell and its eight neighbours are empty: a hole the growth left, or a
 * part of the domain it has not reached. Smaller gaps are the pattern's own. */
static inline gboolean
lonely (const Sampler *s,
        gsize          c)
{
  for (int j = -1; j <= 1; j++)
    for (int i = -1; i <= 1; i++)
      if (!isnan (s->gxs[c + j * (gssize)s->gw + i]))
        return FALSE;
  return TRUE;
}

/* Nearly breadth first: the next sample to get its round of candidates (after which it
 * retires) is picked at random among the ACTIVE_WINDOW oldest active ones. The growing
 * front stays compact, so the grid rows it touches stay in the cache (Bridson's pick
 * from the whole active list walks the whole grid and is several times slower), while
 * the random pick keeps the front from printing wave-like arcs into the pattern, as a
 * strict first-in-first-out order does. */
static void
grow (Sampler      *s,
      guint        *head,
      const double *cos_k,
      const double *sin_k,
      const double *cos_d,
      const double *sin_d)
{
  double reach = s->r * 1.01;

  while (*head < s->n_active)
    {
      guint window = MIN (s->n_active - *head, ACTIVE_WINDOW);
      guint pick = *head + _stp_random_next (s->rng) % window;
      guint32 index = s->active[pick];
      double px, py, ca, sa;
      guint dir;

      s->active[pick] = s->active[*head];
      s->active[*head] = index;
      (*head)++;
      px = s->pts[2 * index];
      py = s->pts[2 * index + 1];
      dir = _stp_random_next (s->rng) % N_DIRECTIONS;
      ca = cos_d[dir] * reach;
      sa = sin_d[dir] * reach;

      /* Neighbouring candidates lie 2 sin (pi / N_CANDIDATES) r = 0.77 r apart: the one
       * after a placed candidate (and the last, when the first was placed) is sure to
       * fail and is not tried. */
      for (int k = 0, end = N_CANDIDATES; k < end; k++)
        {
          double x = px + ca * cos_k[k] - sa * sin_k[k];
          double y = py + sa * cos_k[k] + ca * sin_k[k];
          gsize cell_index;

          if (can_place (s, x, y, &cell_index))
            {
              add_sample (s, x, y, cell_index);
              if (k == 0)
                end--;
              k++;
            }
        }
    }
}

gboolean
_stp_poisson_sample (const StpPoissonDomain *domain,
                     double                  min_distance,
                     StpRandom              *rng,
                     guint64                 max_cells,
                     StpPoissonResult       *result)
{
  Sampler s = { 0 };
  double x1, y1, cos_k[N_CANDIDATES], sin_k[N_CANDIDATES];
  double cos_d[N_DIRECTIONS], sin_d[N_DIRECTIONS];
  gsize n_cells;
  guint head = 0;
  gsize capacity;
  guint64 n_in = 0, n_in_samples = 0;
  double w, h;

  g_return_val_if_fail (min_distance > 0, FALSE);

  result->xy = g_array_new (FALSE, FALSE, sizeof (float));
  result->density = 0;
  result->in_area = 0;

  domain_bounds (domain, &s.x0, &s.y0, &x1, &y1);
  if (x1 <= s.x0 || y1 <= s.y0)
    return TRUE;
  s.domain = domain;
  s.rng = rng;
  s.r = min_distance;
  s.r2 = min_distance * min_distance;
  s.cell = min_distance / G_SQRT2;
  s.inv_cell = (float)(1.0 / s.cell);
  w = x1 - s.x0;
  h = y1 - s.y0;
  if ((w / s.cell + 5) * (h / s.cell + 5) > (double)max_cells)
    return FALSE;
  /* Two empty cells of margin on every side. */
  s.x0 -= 2 * s.cell;
  s.y0 -= 2 * s.cell;
  s.gw = (int)ceil (w / s.cell) + 5;
  s.gh = (int)ceil (h / s.cell) + 5;
  n_cells = (gsize)s.gw * s.gh;
  s.mask = g_malloc (n_cells);
  s.gxs = g_malloc (n_cells * sizeof (float));
  s.gys = g_malloc (n_cells * sizeof (float));
  for (gsize c = 0; c < n_cells; c++)
    s.gxs[c] = s.gys[c] = NAN;
  capacity = (gsize)(n_cells * 0.58) + 16;
  s.pts = g_new (double, 2 * capacity);
  s.active = g_new (guint32, capacity);
  build_mask (&s);

  for (int k = 0; k < N_CANDIDATES; k++)
    {
      cos_k[k] = cos (2 * G_PI * k / N_CANDIDATES);
      sin_k[k] = sin (2 * G_PI * k / N_CANDIDATES);
    }
  for (int k = 0; k < N_DIRECTIONS; k++)
    {
      cos_d[k] = cos (2 * G_PI * (k + 0.5) / N_DIRECTIONS);
      sin_d[k] = sin (2 * G_PI * (k + 0.5) / N_DIRECTIONS);
    }

  /* The sweep seeds the first sample and every part the growth has not reached (a
   * separate piece of the domain, or a gap the growth closed around). */
  for (int j = 2; j < s.gh - 2; j++)
    for (int i = 2; i < s.gw - 2; i++)
      {
        gsize c = (gsize)j * s.gw + i;

        if (s.mask[c] == CELL_OUT || !isnan (s.gxs[c]) || !lonely (&s, c))
          continue;
        for (int d = 0; d < N_SWEEP_DARTS; d++)
          {
            double x = s.x0 + (i + _stp_random_double (rng)) * s.cell;
            double y = s.y0 + (j + _stp_random_double (rng)) * s.cell;
            gsize cell_index;

            if (can_place (&s, x, y, &cell_index))
              {
                add_sample (&s, x, y, cell_index);
                grow (&s, &head, cos_k, sin_k, cos_d, sin_d);
                break;
              }
          }
      }

  g_array_set_size (result->xy, 2 * s.n_pts);
  for (guint k = 0; k < 2 * s.n_pts; k++)
    g_array_index (result->xy, float, k) = (float)s.pts[k];

  for (gsize c = 0; c < n_cells; c++)
    if (s.mask[c] == CELL_IN)
      {
        n_in++;
        n_in_samples += !isnan (s.gxs[c]);
      }
  result->in_area = n_in * s.cell * s.cell;
  if (n_in > 0)
    result->density = n_in_samples / result->in_area;

  g_free (s.mask);
  g_free (s.gxs);
  g_free (s.gys);
  g_free (s.pts);
  g_free (s.active);
  return TRUE;
}
