/* stp-preview.c: the dots of the SMP preview, generated from a sketch's regions.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-preview"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "stipple/stp-preview.h"
#include "stp-preview-private.h"

/* Samples per cubic segment when a curve or smooth region is flattened. */
#define FLATTEN_STEPS 16
/* Samples per square pixel of the sampler at min distance 1, measured over large
 * regions; used only where a region is too small to measure it itself. */
#define SAMPLER_DENSITY 0.78
/* The sampler makes this many more dots than asked; the surplus is thinned at random,
 * which lets the density be exact whatever the sampler packs. */
#define OVERSAMPLE 1.08
/* Healed dots: radius in mm (a 0.3-0.4 mm dot from a 0.18-0.30 mm needle) and spread. */
#define DOT_RADIUS_MM 0.18
#define DOT_RADIUS_SPREAD 0.2
/* Beside a hairline, dots further than this outside the line are removed whatever the
 * style (a region drawn past the hairline ends at the line). */
#define OUTSIDE_REACH_MM 10.0
/* A soft line: density at the line relative to the full density, and the strays: the
 * chance of a dot just outside the line, falling to none at half the band. */
#define SOFT_EDGE_FLOOR 0.2
#define SOFT_STRAY_CHANCE 0.14

G_DEFINE_BOXED_TYPE (StpPreviewDots, stp_preview_dots, stp_preview_dots_ref,
                     stp_preview_dots_unref)
G_DEFINE_QUARK (stp-preview-error-quark, stp_preview_error)

typedef struct
{
  double fraction;     /* of the full density */
  double opacity;      /* multiplies each dot's opacity */
  double radius;       /* multiplies each dot's radius */
  double softness;     /* added to each dot's softness */
  double fade;         /* how far colours move toward a faded blue-grey */
} SessionLook;

/* Session 1 lays a light, even base; later sessions add density and depth; years later
 * healed pigment is lighter and a little blurred, with the blue-grey cast of old black. */
static const SessionLook session_looks[STP_PREVIEW_N_SESSIONS] = {
  [STP_PREVIEW_SESSION_1] = { 0.50, 0.72, 0.92, 0.00, 0.00 },
  [STP_PREVIEW_SESSION_2] = { 0.80, 0.88, 0.97, 0.00, 0.00 },
  [STP_PREVIEW_SESSION_3] = { 1.00, 1.00, 1.00, 0.00, 0.00 },
  [STP_PREVIEW_FADED]     = { 1.00, 0.62, 1.12, 0.25, 0.30 },
};

void
stp_preview_params_init (StpPreviewParams *params)
{
  g_return_if_fail (params != NULL);

  memset (params, 0, sizeof *params);
  params->seed = 1;
  params->session = STP_PREVIEW_SESSION_3;
  params->edge = STP_PREVIEW_EDGE_SOFT;
  params->band_mm = STP_PREVIEW_DEFAULT_BAND_MM;
}

gboolean
stp_preview_params_equal (const StpPreviewParams *a,
                          const StpPreviewParams *b)
{
  return a->seed == b->seed && a->session == b->session && a->edge == b->edge &&
         a->band_mm == b->band_mm;
}

const char *
stp_preview_session_get_label (StpPreviewSession session)
{
  switch (session)
    {
    case STP_PREVIEW_SESSION_1:
      return _("After session 1");
    case STP_PREVIEW_SESSION_2:
      return _("After session 2");
    case STP_PREVIEW_SESSION_3:
      return _("After session 3");
    case STP_PREVIEW_FADED:
      return _("Faded, after some years");
    case STP_PREVIEW_N_SESSIONS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Shades. */

typedef struct
{
  const char *word;
  float r, g, b;
} NamedShade;

/* How healed dots of each pigment family look on skin: never pure black, since the
 * pigment sits under the epidermis. */
static const NamedShade named_shades[] = {
  { "black",    0.12f, 0.12f, 0.14f },
  { "charcoal", 0.20f, 0.20f, 0.22f },
  { "graphite", 0.25f, 0.25f, 0.27f },
  { "grey",     0.33f, 0.33f, 0.35f },
  { "gray",     0.33f, 0.33f, 0.35f },
  { "brown",    0.24f, 0.17f, 0.13f },
  { "blonde",   0.45f, 0.36f, 0.25f },
  { "blond",    0.45f, 0.36f, 0.25f },
};

static const StpPreviewColor default_shade = { 0.16f, 0.155f, 0.17f };

static gboolean
parse_hex_color (const char      *s,
                 StpPreviewColor *color)
{
  unsigned v = 0;

  if (s[0] != '#' || strlen (s) != 7)
    return FALSE;
  for (int i = 1; i < 7; i++)
    {
      if (!g_ascii_isxdigit (s[i]))
        return FALSE;
      v = v * 16 + g_ascii_xdigit_value (s[i]);
    }
  color->r = ((v >> 16) & 0xff) / 255.0f;
  color->g = ((v >> 8) & 0xff) / 255.0f;
  color->b = (v & 0xff) / 255.0f;
  return TRUE;
}

static inline void
mix_toward (StpPreviewColor *c,
            float            r,
            float            g,
            float            b,
            float            amount)
{
  c->r += (r - c->r) * amount;
  c->g += (g - c->g) * amount;
  c->b += (b - c->b) * amount;
}

gboolean
stp_preview_shade_to_color (const char      *shade,
                            StpPreviewColor *color)
{
  g_autofree char *text = NULL;
  gboolean understood = FALSE;
  const char *colon;

  g_return_val_if_fail (color != NULL, FALSE);

  *color = default_shade;
  if (shade == NULL)
    return FALSE;
  text = g_strstrip (g_ascii_strdown (shade, -1));
  if (*text == '\0')
    return FALSE;
  if (parse_hex_color (text, color))
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (named_shades); i++)
    if (strstr (text, named_shades[i].word) != NULL)
      {
        color->r = named_shades[i].r;
        color->g = named_shades[i].g;
        color->b = named_shades[i].b;
        understood = TRUE;
        break;
      }

  if (strstr (text, "dark") != NULL)
    {
      color->r *= 0.75f;
      color->g *= 0.75f;
      color->b *= 0.75f;
      understood = TRUE;
    }
  if (strstr (text, "light") != NULL)
    {
      mix_toward (color, 1, 1, 1, 0.25f);
      understood = TRUE;
    }
  else if (strstr (text, "soft") != NULL)
    {
      mix_toward (color, 1, 1, 1, 0.12f);
      understood = TRUE;
    }
  if (strstr (text, "cool") != NULL)
    {
      color->r = MAX (color->r - 0.02f, 0.0f);
      color->b = MIN (color->b + 0.03f, 1.0f);
      understood = TRUE;
    }
  else if (strstr (text, "warm") != NULL)
    {
      color->r = MIN (color->r + 0.03f, 1.0f);
      color->b = MAX (color->b - 0.02f, 0.0f);
      understood = TRUE;
    }

  /* A dilution "1:N" (parts pigment : parts water) lightens: 1:5 or less is full
   * strength, every doubling beyond takes off a sixth, 1:40 is about half. */
  colon = strchr (text, ':');
  if (colon != NULL && colon > text && g_ascii_isdigit (colon[-1]) &&
      g_ascii_isdigit (colon[1]))
    {
      const char *start = colon;
      double parts, water, strength;

      while (start > text && (g_ascii_isdigit (start[-1]) || start[-1] == '.'))
        start--;
      parts = g_ascii_strtod (start, NULL);
      water = g_ascii_strtod (colon + 1, NULL);
      if (parts > 0 && water > 0)
        {
          strength = 1.0 - log2 (MAX (water / parts, 5.0) / 5.0) / 6.0;
          strength = CLAMP (strength, 0.3, 1.0);
          mix_toward (color, 0.92f, 0.9f, 0.9f, (float)((1.0 - strength) * 0.8));
          understood = TRUE;
        }
    }
  return understood;
}

/* Dots. */

StpPreviewDots *
_stp_preview_dots_new (guint n_dots,
                       guint n_colors)
{
  StpPreviewDots *dots = g_atomic_rc_box_new0 (StpPreviewDots);

  dots->n_dots = n_dots;
  dots->x = g_new (float, MAX (n_dots, 1));
  dots->y = g_new (float, MAX (n_dots, 1));
  dots->radius = g_new (float, MAX (n_dots, 1));
  dots->opacity = g_new (float, MAX (n_dots, 1));
  dots->softness = g_new (float, MAX (n_dots, 1));
  dots->color = g_new (guint8, MAX (n_dots, 1));
  dots->n_colors = n_colors;
  dots->palette = g_new0 (StpPreviewColor, MAX (n_colors, 1));
  return dots;
}

StpPreviewDots *
stp_preview_dots_ref (StpPreviewDots *dots)
{
  g_return_val_if_fail (dots != NULL, NULL);
  return g_atomic_rc_box_acquire (dots);
}

static void
dots_clear (gpointer data)
{
  StpPreviewDots *dots = data;

  g_free (dots->x);
  g_free (dots->y);
  g_free (dots->radius);
  g_free (dots->opacity);
  g_free (dots->softness);
  g_free (dots->color);
  g_free (dots->palette);
}

void
stp_preview_dots_unref (StpPreviewDots *dots)
{
  g_return_if_fail (dots != NULL);
  g_atomic_rc_box_release_full (dots, dots_clear);
}

double
stp_preview_get_scale (StpSketch *sketch,
                       gboolean  *calibrated)
{
  double mm;
  int side;

  g_return_val_if_fail (STP_IS_SKETCH (sketch), NAN);

  mm = stp_sketch_get_mm_per_pixel (sketch);
  if (calibrated != NULL)
    *calibrated = isfinite (mm) && mm > 0;
  if (isfinite (mm) && mm > 0)
    return mm;
  side = MAX (stp_sketch_get_photo_width (sketch), stp_sketch_get_photo_height (sketch));
  return STP_PREVIEW_UNCALIBRATED_SPAN_MM / MAX (side, 1);
}

/* Geometry of the sketch, flattened. */

static GArray *
flatten_nodes (const GArray *nodes,
               gboolean      closed)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (double));
  guint n = nodes->len;
  guint n_segments = closed ? n : n - 1;

  for (guint i = 0; i < n_segments; i++)
    {
      const StpSketchNode *a = &g_array_index (nodes, StpSketchNode, i);
      const StpSketchNode *b = &g_array_index (nodes, StpSketchNode, (i + 1) % n);

      for (int k = 0; k < FLATTEN_STEPS; k++)
        {
          double xy[2];
          stp_sketch_node_segment_eval (a, b, (double)k / FLATTEN_STEPS, &xy[0], &xy[1]);
          g_array_append_vals (out, xy, 2);
        }
    }
  if (!closed && n > 0)
    {
      const StpSketchNode *last = &g_array_index (nodes, StpSketchNode, n - 1);
      double xy[2] = { last->x, last->y };
      g_array_append_vals (out, xy, 2);
    }
  return out;
}

/* The region's outline as x, y pairs; NULL when it has fewer than three corners. */
static GArray *
region_polygon (const StpSketchItem *item)
{
  GArray *out;

  if (item->smooth && item->nodes->len >= 2)
    out = flatten_nodes (item->nodes, TRUE);
  else
    {
      out = g_array_new (FALSE, FALSE, sizeof (double));
      for (guint i = 0; i < item->points->len; i++)
        {
          const StpSketchPoint *p = &g_array_index (item->points, StpSketchPoint, i);
          double xy[2] = { p->x, p->y };
          g_array_append_vals (out, xy, 2);
        }
    }
  if (out->len < 6)
    {
      g_array_unref (out);
      return NULL;
    }
  return out;
}

typedef struct
{
  GArray     *poly;        /* the region's outline */
  GPtrArray  *extra;       /* GArray outlines of the scars it covers */
  double      cx, cy;      /* mean of the outline's corners */
  double      x0, y0, x1, y1;  /* bounds of the outline and the scars' */
  double      density;     /* dots per cm² */
  const char *shade;
  guint32     id;
} Unit;

static void
unit_clear (gpointer data)
{
  Unit *u = data;

  g_clear_pointer (&u->poly, g_array_unref);
  g_clear_pointer (&u->extra, g_ptr_array_unref);
}

static void
polygon_centre (GArray *poly,
                double *cx,
                double *cy)
{
  guint n = poly->len / 2;

  *cx = *cy = 0;
  for (guint i = 0; i < n; i++)
    {
      *cx += g_array_index (poly, double, 2 * i) / n;
      *cy += g_array_index (poly, double, 2 * i + 1) / n;
    }
}

typedef struct
{
  GArray *line;            /* x, y pairs */
  double  x0, y0, x1, y1;  /* bounds */
} Curve;

static void
curve_clear (gpointer data)
{
  Curve *c = data;

  g_clear_pointer (&c->line, g_array_unref);
}

static void
add_curve (GArray *curves,
           GArray *nodes)
{
  Curve c;
  const double *p;

  if (nodes->len < 2)
    return;
  c.line = flatten_nodes (nodes, FALSE);
  p = (const double *)c.line->data;
  c.x0 = c.x1 = p[0];
  c.y0 = c.y1 = p[1];
  for (guint i = 1; i < c.line->len / 2; i++)
    {
      c.x0 = MIN (c.x0, p[2 * i]);
      c.x1 = MAX (c.x1, p[2 * i]);
      c.y0 = MIN (c.y0, p[2 * i + 1]);
      c.y1 = MAX (c.y1, p[2 * i + 1]);
    }
  g_array_append_val (curves, c);
}

/* The nearest point to (x, y) on the polyline's segments first..first+n-1 (or, with
 * segs, on the segments listed): its distance, the side (+1/-1, the sign of
 * (b - a) x (p - a)) and whether p lies beyond either end of the whole line. */
static double
curve_nearest_among (const Curve   *c,
                     const guint32 *segs,
                     guint          n_segs,
                     double         x,
                     double         y,
                     int           *side,
                     gboolean      *beyond)
{
  const double *p = (const double *)c->line->data;
  guint n = c->line->len / 2;
  double best = G_MAXDOUBLE;

  *side = 1;
  *beyond = TRUE;
  for (guint k = 0; k < n_segs; k++)
    {
      guint i = segs != NULL ? segs[k] : k;
      double ax = p[2 * i], ay = p[2 * i + 1];
      double dx = p[2 * i + 2] - ax, dy = p[2 * i + 3] - ay;
      double len2 = dx * dx + dy * dy;
      double t = len2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / len2 : 0;
      gboolean out = (i == 0 && t < 0) || (i + 2 == n && t > 1);
      double ex, ey, d2;

      t = CLAMP (t, 0.0, 1.0);
      ex = ax + t * dx - x;
      ey = ay + t * dy - y;
      d2 = ex * ex + ey * ey;
      if (d2 < best)
        {
          best = d2;
          *side = dx * (y - ay) - dy * (x - ax) >= 0 ? 1 : -1;
          *beyond = out;
        }
    }
  return sqrt (best);
}

static double
curve_nearest (const Curve *c,
               double       x,
               double       y,
               int         *side,
               gboolean    *beyond)
{
  return curve_nearest_among (c, NULL, c->line->len / 2 - 1, x, y, side, beyond);
}

/* A hairline curve as it bears on one region, with a grid of cells reach wide that
 * lists the segments within reach of each cell, so a dot looks at a few segments
 * rather than the whole curve. */
typedef struct
{
  const Curve *curve;
  int          inside;     /* the side the region lies on */
  double       reach;      /* how far from the curve it affects dots */
  double       x0, y0;     /* the grid's origin */
  int          gw, gh;
  guint32     *start;      /* gw * gh + 1 offsets into segs */
  guint32     *segs;
} Edge;

static void
edge_clear (gpointer data)
{
  Edge *e = data;

  g_clear_pointer (&e->start, g_free);
  g_clear_pointer (&e->segs, g_free);
}

static void
edge_index (Edge *e)
{
  const Curve *c = e->curve;
  const double *p = (const double *)c->line->data;
  guint n_segs = c->line->len / 2 - 1;
  gsize n_cells, total = 0;
  guint32 *fill;

  e->x0 = c->x0 - e->reach;
  e->y0 = c->y0 - e->reach;
  e->gw = (int)ceil ((c->x1 - c->x0) / e->reach) + 3;
  e->gh = (int)ceil ((c->y1 - c->y0) / e->reach) + 3;
  n_cells = (gsize)e->gw * e->gh;
  e->start = g_new0 (guint32, n_cells + 1);

  /* Two passes: count, then fill (compressed rows). */
  for (int pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < n_segs; i++)
        {
          double ax = p[2 * i], ay = p[2 * i + 1], bx = p[2 * i + 2], by = p[2 * i + 3];
          int i0 = (int)floor ((MIN (ax, bx) - e->reach - e->x0) / e->reach);
          int i1 = (int)floor ((MAX (ax, bx) + e->reach - e->x0) / e->reach);
          int j0 = (int)floor ((MIN (ay, by) - e->reach - e->y0) / e->reach);
          int j1 = (int)floor ((MAX (ay, by) + e->reach - e->y0) / e->reach);

          for (int j = MAX (j0, 0); j <= MIN (j1, e->gh - 1); j++)
            for (int k = MAX (i0, 0); k <= MIN (i1, e->gw - 1); k++)
              {
                gsize cell = (gsize)j * e->gw + k;
                if (pass == 0)
                  e->start[cell + 1]++;
                else
                  e->segs[fill[cell]++] = i;
              }
        }
      if (pass == 0)
        {
          for (gsize cell = 0; cell < n_cells; cell++)
            e->start[cell + 1] += e->start[cell];
          total = e->start[n_cells];
          e->segs = g_new (guint32, MAX (total, 1));
          fill = g_memdup2 (e->start, n_cells * sizeof (guint32));
        }
    }
  g_free (fill);
}

/* Which side of the curve the region lies on: probes a short way to either side of the
 * curve; 0 when neither side touches the region. A curve through the middle of a
 * region (both sides inside) takes the side of the region's centre. */
static int
edge_side (const Curve            *c,
           const StpPoissonDomain *shape,
           double                  cx,
           double                  cy,
           double                  probe)
{
  const double *p = (const double *)c->line->data;
  guint n = c->line->len / 2;
  guint stride = MAX (n / 64, 1);
  int hits[2] = { 0, 0 };
  int side;
  gboolean beyond;

  for (guint i = 0; i + 1 < n; i += stride)
    {
      double dx = p[2 * i + 2] - p[2 * i], dy = p[2 * i + 3] - p[2 * i + 1];
      double len = hypot (dx, dy);
      double mx = (p[2 * i] + p[2 * i + 2]) / 2, my = (p[2 * i + 1] + p[2 * i + 3]) / 2;
      double nx, ny;

      if (len <= 0)
        continue;
      /* The normal toward the side with a positive cross product. */
      nx = -dy / len;
      ny = dx / len;
      hits[0] += _stp_poisson_domain_contains (shape, mx + nx * probe, my + ny * probe);
      hits[1] += _stp_poisson_domain_contains (shape, mx - nx * probe, my - ny * probe);
    }
  if (hits[0] == 0 && hits[1] == 0)
    return 0;
  if (hits[0] != hits[1] && (hits[0] == 0 || hits[1] == 0 ||
                             ABS (hits[0] - hits[1]) * 4 > hits[0] + hits[1]))
    return hits[0] > hits[1] ? 1 : -1;
  curve_nearest (c, cx, cy, &side, &beyond);
  return side;
}

/* How much of the full density a soft or sharp hairline leaves at (x, y): 1 away from
 * every hairline, less in a soft band, 0 outside the line. */
static double
edge_factor (const Edge       *edges,
             guint             n_edges,
             StpPreviewEdge    style,
             double            band,
             double            stray,
             double            x,
             double            y)
{
  double f = 1.0;

  for (guint i = 0; i < n_edges && f > 0; i++)
    {
      const Edge *e = &edges[i];
      const Curve *c = e->curve;
      double d, depth;
      int side;
      gboolean beyond;

      int gx = (int)floor ((x - e->x0) / e->reach), gy = (int)floor ((y - e->y0) / e->reach);
      gsize cell;

      if (gx < 0 || gy < 0 || gx >= e->gw || gy >= e->gh)
        continue;
      cell = (gsize)gy * e->gw + gx;
      if (e->start[cell] == e->start[cell + 1])
        continue;
      d = curve_nearest_among (c, e->segs + e->start[cell], e->start[cell + 1] - e->start[cell],
                               x, y, &side, &beyond);
      if (beyond || d > e->reach)
        continue;
      depth = side == e->inside ? d : -d;
      if (style == STP_PREVIEW_EDGE_SHARP)
        {
          if (depth < 0)
            f = 0;
        }
      else if (depth >= 0)
        {
          double t = MIN (depth / band, 1.0);
          f *= SOFT_EDGE_FLOOR + (1.0 - SOFT_EDGE_FLOOR) * t * t * (3 - 2 * t);
        }
      else if (-depth < stray)
        f *= SOFT_STRAY_CHANCE * (1.0 + depth / stray);
      else
        f = 0;
    }
  return f;
}

typedef struct
{
  GArray *x, *y, *radius, *opacity, *softness, *color;
  GArray *palette;
  GPtrArray *shades;     /* the shade text of each palette triple, to share them */
} Builder;

/* The palette index of the first of three tones (base, lighter, darker) of a shade. */
static guint
shade_index (Builder         *b,
             const char      *shade,
             const SessionLook *look)
{
  StpPreviewColor base, tones[3];

  for (guint i = 0; i < b->shades->len; i++)
    if (g_strcmp0 (g_ptr_array_index (b->shades, i), shade) == 0)
      return 3 * i;
  /* 255 colours at most fit a guint8; a sketch with more shades than 85 shares. */
  if (b->shades->len >= 85)
    return 0;

  stp_preview_shade_to_color (shade, &base);
  mix_toward (&base, 0.42f, 0.45f, 0.52f, (float)look->fade);
  tones[0] = base;
  tones[1] = base;
  mix_toward (&tones[1], 1, 1, 1, 0.12f);
  tones[2] = base;
  tones[2].r *= 0.85f;
  tones[2].g *= 0.85f;
  tones[2].b *= 0.85f;
  g_array_append_vals (b->palette, tones, 3);
  g_ptr_array_add (b->shades, g_strdup (shade != NULL ? shade : ""));
  return 3 * (b->shades->len - 1);
}

static void
unit_bounds (Unit *u)
{
  u->x0 = u->y0 = G_MAXDOUBLE;
  u->x1 = u->y1 = -G_MAXDOUBLE;
  for (guint k = 0; k <= u->extra->len; k++)
    {
      GArray *poly = k == 0 ? u->poly : g_ptr_array_index (u->extra, k - 1);

      for (guint i = 0; i < poly->len / 2; i++)
        {
          u->x0 = MIN (u->x0, g_array_index (poly, double, 2 * i));
          u->x1 = MAX (u->x1, g_array_index (poly, double, 2 * i));
          u->y0 = MIN (u->y0, g_array_index (poly, double, 2 * i + 1));
          u->y1 = MAX (u->y1, g_array_index (poly, double, 2 * i + 1));
        }
    }
}

/* Whether (x, y) lies in one of the units (their outlines or their scars). */
static gboolean
in_earlier (const Unit *units,
            guint       n_units,
            double      x,
            double      y)
{
  for (guint i = 0; i < n_units; i++)
    {
      const Unit *u = &units[i];

      if (x < u->x0 || x > u->x1 || y < u->y0 || y > u->y1)
        continue;
      for (guint k = 0; k <= u->extra->len; k++)
        {
          GArray *poly = k == 0 ? u->poly : g_ptr_array_index (u->extra, k - 1);
          if (_stp_polygon_contains ((const double *)poly->data, poly->len / 2, x, y))
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
generate_unit (const Unit             *unit,
               const Unit             *earlier,
               guint                   n_earlier,
               const GArray           *curves,
               const StpPreviewParams *params,
               double                  mm_per_px,
               Builder                *b,
               double                 *min_distance,
               GError                **error)
{
  const SessionLook *look = &session_looks[params->session];
  double px_per_mm = 1.0 / mm_per_px;
  double target = unit->density / (100.0 * px_per_mm * px_per_mm);  /* per px² */
  double r = sqrt (SAMPLER_DENSITY / (OVERSAMPLE * target));
  double band = MAX (params->band_mm * px_per_mm, 1.0);
  double stray = band * 0.5;
  double reach = MAX (2 * band, OUTSIDE_REACH_MM * px_per_mm);
  double keep;
  StpPoissonDomain domain, shape;
  g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  StpPoissonResult samples;
  StpRandom place_rng, dot_rng;
  guint base_color, n;
  gboolean ok;

  g_array_set_clear_func (edges, edge_clear);
  _stp_poisson_domain_init (&shape);
  _stp_poisson_domain_add_polygon (&shape, (const double *)unit->poly->data,
                                   unit->poly->len / 2);
  for (guint i = 0; i < unit->extra->len; i++)
    {
      GArray *poly = g_ptr_array_index (unit->extra, i);
      _stp_poisson_domain_add_polygon (&shape, (const double *)poly->data, poly->len / 2);
    }

  _stp_poisson_domain_init (&domain);
  for (guint i = 0; i < shape.polygons->len; i++)
    {
      GArray *poly = g_array_index (shape.polygons, GArray *, i);
      _stp_poisson_domain_add_polygon (&domain, (const double *)poly->data, poly->len / 2);
    }

  for (guint i = 0; i < curves->len; i++)
    {
      const Curve *c = &g_array_index (curves, Curve, i);
      Edge e = { c, 0, reach };

      e.inside = edge_side (c, &shape, unit->cx, unit->cy, MAX (band * 0.5, 2 * r));
      if (e.inside == 0)
        continue;
      edge_index (&e);
      g_array_append_val (edges, e);
      /* Strays of a soft line fall outside the region: sample there too. */
      if (params->edge == STP_PREVIEW_EDGE_SOFT)
        _stp_poisson_domain_add_band (&domain, (const double *)c->line->data,
                                      c->line->len / 2, stray, -e.inside);
    }

  _stp_random_init (&place_rng, params->seed, ((guint64)unit->id << 8) | 1);
  _stp_random_init (&dot_rng, params->seed, ((guint64)unit->id << 8) | 2);
  ok = _stp_poisson_sample (&domain, r, &place_rng,
                            (guint64)STP_PREVIEW_MAX_DOTS * 4, &samples);
  _stp_poisson_domain_clear (&domain);
  if (!ok)
    {
      _stp_poisson_domain_clear (&shape);
      g_array_unref (samples.xy);
      g_set_error (error, STP_PREVIEW_ERROR, STP_PREVIEW_ERROR_TOO_MANY_DOTS,
                   _("A region is too large for the preview at its density. Check the "
                     "calibration, or lower the density."));
      return FALSE;
    }

  /* Thin the surplus so the density is what was asked: measured over the region's
   * inside where it is large enough, else the sampler's usual packing. */
  if (samples.in_area > 400 * r * r && samples.density > 0)
    keep = target / samples.density;
  else
    keep = 1.0 / OVERSAMPLE;
  keep = MIN (keep, 1.0) * look->fraction;
  *min_distance = MIN (*min_distance, r);

  base_color = shade_index (b, unit->shade, look);
  /* Room for every sample, written in place, then cut to the dots kept. */
  n = b->x->len;
  g_array_set_size (b->x, n + samples.xy->len / 2);
  g_array_set_size (b->y, n + samples.xy->len / 2);
  g_array_set_size (b->radius, n + samples.xy->len / 2);
  g_array_set_size (b->opacity, n + samples.xy->len / 2);
  g_array_set_size (b->softness, n + samples.xy->len / 2);
  g_array_set_size (b->color, n + samples.xy->len / 2);
  for (guint k = 0; k < samples.xy->len / 2; k++)
    {
      float x = g_array_index (samples.xy, float, 2 * k);
      float y = g_array_index (samples.xy, float, 2 * k + 1);
      /* Every sample draws the same numbers whether kept or not, so a dot keeps its
       * look while the band, style or session change around it. */
      double u_keep = _stp_random_double (&dot_rng);
      double g = _stp_random_gauss (&dot_rng);
      double u_opacity = _stp_random_double (&dot_rng);
      double u_tone = _stp_random_double (&dot_rng);
      double u_soft = _stp_random_double (&dot_rng);
      double f = 1.0;
      float radius, opacity, softness;
      guint8 color;

      if (u_keep >= keep)
        continue;
      if (edges->len > 0)
        {
          f = edge_factor ((const Edge *)edges->data, edges->len, params->edge, band, stray,
                           x, y);
          if (u_keep >= keep * f)
            continue;
        }

      /* Where areas overlap, the one drawn first has the dots: not twice the density. */
      if (n_earlier > 0 && in_earlier (earlier, n_earlier, x, y))
        continue;

      radius = (float)(DOT_RADIUS_MM * px_per_mm * look->radius *
                       CLAMP (1.0 + DOT_RADIUS_SPREAD * g, 0.55, 1.6));
      opacity = (float)((0.55 + 0.35 * u_opacity) * look->opacity);
      softness = (float)(0.35 + 0.2 * u_soft + look->softness);
      color = (guint8)(base_color + (u_tone < 0.6 ? 0 : u_tone < 0.85 ? 1 : 2));
      g_array_index (b->x, float, n) = x;
      g_array_index (b->y, float, n) = y;
      g_array_index (b->radius, float, n) = radius;
      g_array_index (b->opacity, float, n) = opacity;
      g_array_index (b->softness, float, n) = softness;
      g_array_index (b->color, guint8, n) = color;
      n++;
    }
  g_array_set_size (b->x, n);
  g_array_set_size (b->y, n);
  g_array_set_size (b->radius, n);
  g_array_set_size (b->opacity, n);
  g_array_set_size (b->softness, n);
  g_array_set_size (b->color, n);

  _stp_poisson_domain_clear (&shape);
  g_array_unref (samples.xy);
  return TRUE;
}

static double
region_density (const StpSketchItem *item)
{
  if (item != NULL && isfinite (item->density) && item->density > 0)
    return MIN (item->density, STP_SKETCH_MAX_DENSITY);
  return STP_PREVIEW_DEFAULT_DENSITY;
}

StpPreviewDots *
stp_preview_generate (StpSketch              *sketch,
                      const StpPreviewParams *params,
                      GCancellable           *cancellable,
                      GError                **error)
{
  g_autoptr(GArray) units = g_array_new (FALSE, TRUE, sizeof (Unit));
  g_autoptr(GArray) scars = g_array_new (FALSE, TRUE, sizeof (Unit));
  g_autoptr(GArray) curves = g_array_new (FALSE, FALSE, sizeof (Curve));
  StpPreviewParams p;
  Builder b;
  gboolean calibrated;
  double mm_per_px, expected = 0, min_distance = G_MAXDOUBLE;
  StpPreviewDots *dots;
  guint n, n_regions;

  g_return_val_if_fail (STP_IS_SKETCH (sketch), NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  p = *params;
  if ((guint)p.session >= STP_PREVIEW_N_SESSIONS)
    p.session = STP_PREVIEW_SESSION_3;
  if (!isfinite (p.band_mm) || p.band_mm <= 0)
    p.band_mm = STP_PREVIEW_DEFAULT_BAND_MM;
  p.band_mm = MIN (p.band_mm, STP_PREVIEW_MAX_BAND_MM);

  g_array_set_clear_func (units, unit_clear);
  g_array_set_clear_func (scars, unit_clear);
  g_array_set_clear_func (curves, curve_clear);
  mm_per_px = stp_preview_get_scale (sketch, &calibrated);

  for (guint i = 0; i < stp_sketch_get_n_items (sketch); i++)
    {
      const StpSketchItem *item = stp_sketch_get_item (sketch, i);

      if (item->kind == STP_SKETCH_ITEM_REGION)
        {
          Unit u = { 0 };

          u.poly = region_polygon (item);
          if (u.poly == NULL)
            continue;
          u.extra = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
          polygon_centre (u.poly, &u.cx, &u.cy);
          u.id = item->id;
          u.density = region_density (item);
          u.shade = item->shade;
          if (item->role == STP_SKETCH_ROLE_SCAR)
            g_array_append_val (scars, u);
          else
            g_array_append_val (units, u);
        }
      else if (item->kind == STP_SKETCH_ITEM_CURVE)
        {
          add_curve (curves, item->nodes);
          if (item->mirrored)
            {
              g_autoptr(GArray) mirror = stp_sketch_get_mirror_nodes (sketch, item);
              add_curve (curves, mirror);
            }
        }
    }

  /* A scar is pigmented like the skin around it: inside a treatment area it joins that
   * area's pattern (one pattern, no seam); elsewhere it takes the density and shade of
   * the nearest area. */
  n_regions = units->len;
  for (guint i = 0; i < scars->len; i++)
    {
      Unit *scar = &g_array_index (scars, Unit, i);
      Unit *owner = NULL, *nearest = NULL;
      double best = G_MAXDOUBLE;

      for (guint k = 0; k < n_regions && owner == NULL; k++)
        {
          Unit *u = &g_array_index (units, Unit, k);
          const double *sp = (const double *)scar->poly->data;

          if (_stp_polygon_contains ((const double *)u->poly->data, u->poly->len / 2,
                                     scar->cx, scar->cy))
            owner = u;
          for (guint v = 0; v < scar->poly->len / 2 && owner == NULL; v++)
            if (_stp_polygon_contains ((const double *)u->poly->data, u->poly->len / 2,
                                       sp[2 * v], sp[2 * v + 1]))
              owner = u;
          if (hypot (u->cx - scar->cx, u->cy - scar->cy) < best)
            {
              best = hypot (u->cx - scar->cx, u->cy - scar->cy);
              nearest = u;
            }
        }
      if (owner != NULL)
        {
          g_ptr_array_add (owner->extra, g_steal_pointer (&scar->poly));
          continue;
        }
      scar->density = nearest != NULL ? nearest->density : STP_PREVIEW_DEFAULT_DENSITY;
      scar->shade = nearest != NULL ? nearest->shade : "";
      g_array_append_val (units, *scar);
      memset (scar, 0, sizeof *scar);
    }

  for (guint i = 0; i < units->len; i++)
    {
      Unit *u = &g_array_index (units, Unit, i);
      double area = _stp_polygon_area ((const double *)u->poly->data, u->poly->len / 2);

      unit_bounds (u);
      for (guint k = 0; k < u->extra->len; k++)
        {
          GArray *poly = g_ptr_array_index (u->extra, k);
          area += _stp_polygon_area ((const double *)poly->data, poly->len / 2);
        }
      expected += u->density * area * mm_per_px * mm_per_px / 100.0;
    }
  if (expected > STP_PREVIEW_MAX_DOTS)
    {
      g_set_error (error, STP_PREVIEW_ERROR, STP_PREVIEW_ERROR_TOO_MANY_DOTS,
                   _("The treatment areas would need about %.0f dots; the preview draws up "
                     "to %d. Check the calibration, or lower the density."),
                   expected, STP_PREVIEW_MAX_DOTS);
      return NULL;
    }

  /* Room for the dots expected and a little more (soft hairlines add strays). */
  n = (guint)(expected * 1.05) + 64;
  b.x = g_array_sized_new (FALSE, FALSE, sizeof (float), n);
  b.y = g_array_sized_new (FALSE, FALSE, sizeof (float), n);
  b.radius = g_array_sized_new (FALSE, FALSE, sizeof (float), n);
  b.opacity = g_array_sized_new (FALSE, FALSE, sizeof (float), n);
  b.softness = g_array_sized_new (FALSE, FALSE, sizeof (float), n);
  b.color = g_array_sized_new (FALSE, FALSE, sizeof (guint8), n);
  b.palette = g_array_new (FALSE, FALSE, sizeof (StpPreviewColor));
  b.shades = g_ptr_array_new_with_free_func (g_free);

  dots = NULL;
  for (guint i = 0; i < units->len; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !generate_unit (&g_array_index (units, Unit, i), (const Unit *)units->data, i,
                          curves, &p, mm_per_px, &b,
                          &min_distance, error))
        goto out;
    }

  n = b.x->len;
  dots = _stp_preview_dots_new (n, b.palette->len);
  /* An empty GArray may have no buffer at all: copy only what there is. */
  if (n > 0)
    {
      memcpy (dots->x, b.x->data, n * sizeof (float));
      memcpy (dots->y, b.y->data, n * sizeof (float));
      memcpy (dots->radius, b.radius->data, n * sizeof (float));
      memcpy (dots->opacity, b.opacity->data, n * sizeof (float));
      memcpy (dots->softness, b.softness->data, n * sizeof (float));
      memcpy (dots->color, b.color->data, n);
    }
  if (b.palette->len > 0)
    memcpy (dots->palette, b.palette->data, b.palette->len * sizeof (StpPreviewColor));
  dots->calibrated = calibrated;
  dots->mm_per_pixel = mm_per_px;
  dots->min_distance = units->len > 0 ? min_distance : 0;
  dots->n_regions = units->len;

out:
  g_array_unref (b.x);
  g_array_unref (b.y);
  g_array_unref (b.radius);
  g_array_unref (b.opacity);
  g_array_unref (b.softness);
  g_array_unref (b.color);
  g_array_unref (b.palette);
  g_ptr_array_unref (b.shades);
  return dots;
}
