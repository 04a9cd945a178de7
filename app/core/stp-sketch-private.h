/* stp-sketch-private.h: what the sketch's own files (model, history, renderer, format)
 * share.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "stipple/stp-sketch.h"

G_BEGIN_DECLS

/* Everything about a sketch that is not an item: one snapshot, so the history can
 * undo any settings change by putting the old snapshot back. */
typedef struct
{
  char     *name;
  gboolean  layer_visible[STP_SKETCH_N_LAYERS];
  double    layer_opacity[STP_SKETCH_N_LAYERS];
  double    midline_x;
  double    midline_angle;
  gboolean  guides_visible;
  double    guides[3];
  gboolean  calibrated;
  double    cal_x1, cal_y1, cal_x2, cal_y2;
  double    cal_mm;
} StpSketchProps;

void            _stp_sketch_props_clear      (StpSketchProps       *props);
void            _stp_sketch_props_copy       (StpSketchProps       *dest,
                                              const StpSketchProps *src);
/* Which parts differ (STP_SKETCH_CHANGE_* flags), 0 when equal. */
StpSketchChange _stp_sketch_props_diff       (const StpSketchProps *a,
                                              const StpSketchProps *b);
const StpSketchProps *_stp_sketch_get_props  (StpSketch            *self);
/* Installs a copy of props and emits "changed" for what differs. */
void            _stp_sketch_set_props        (StpSketch            *self,
                                              const StpSketchProps *props);
/* Sets the next id to hand out (the loader does, after reading every item). */
void            _stp_sketch_set_next_id      (StpSketch            *self,
                                              guint32               next_id);

/* The checks stp_sketch_set_calibration makes (shared with the loader and history). */
gboolean        _stp_sketch_check_calibration (double              x1,
                                               double              y1,
                                               double              x2,
                                               double              y2,
                                               double              length_mm,
                                               GError            **error);

/* The item's bounds including its mirror image (mirrored curves). */
void            _stp_sketch_item_drawn_bounds (StpSketch           *self,
                                               const StpSketchItem *item,
                                               StpSketchRect       *bounds);

void            _stp_bounds_add              (StpSketchRect        *r,
                                              double                x,
                                              double                y);
void            _stp_rect_union              (StpSketchRect        *r,
                                              const StpSketchRect  *other);
/* Points and nodes are stored at this resolution (steps per pixel, per unit pressure). */
#define STP_SKETCH_COORD_STEPS     100.0
#define STP_SKETCH_PRESSURE_STEPS  1000.0
double          _stp_quantize                (double                value,
                                              double                steps);
void            _stp_sketch_item_quantize    (StpSketchItem        *item);
/* The ink of text as labels draw it (halo included), relative to its anchor. */
void            _stp_text_extents            (const char           *text,
                                              double                size,
                                              StpSketchRect        *ink);
double          _stp_measure_font_size       (const StpSketchItem  *item);
GArray         *_stp_sketch_item_flatten     (const StpSketchItem  *item,
                                              const GArray         *nodes_override,
                                              gboolean             *closed);

G_END_DECLS
