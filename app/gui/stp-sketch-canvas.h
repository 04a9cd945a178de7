/* stp-sketch-canvas.h: the widget that shows a sketch over its photo and draws on it.
 *
 * The canvas edits its sketch only through a StpSketchHistory, so every stroke, curve,
 * region, label, measurement, move and erase is one undoable step. Committed items come
 * from the core's render cache; while the pen moves only the live item is drawn anew.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include <stipple/stipple.h>

G_BEGIN_DECLS

typedef enum
{
  STP_SKETCH_TOOL_PEN,        /* P: freehand, pressure from a stylus */
  STP_SKETCH_TOOL_CURVE,      /* H: hairline curve through clicked points */
  STP_SKETCH_TOOL_REGION,     /* R: closed shape, treatment area or scar */
  STP_SKETCH_TOOL_LABEL,      /* T: click and type */
  STP_SKETCH_TOOL_ERASER,     /* E: removes whole items */
  STP_SKETCH_TOOL_SELECT,     /* V: select, move, edit nodes, drag the midline */
  STP_SKETCH_TOOL_MEASURE,    /* M: two points, read in millimetres */
  STP_SKETCH_TOOL_CALIBRATE,  /* C: two points and their real distance */
  STP_SKETCH_N_TOOLS,
} StpSketchTool;

GType stp_sketch_tool_get_type (void) G_GNUC_CONST;
#define STP_TYPE_SKETCH_TOOL (stp_sketch_tool_get_type ())

#define STP_TYPE_SKETCH_CANVAS (stp_sketch_canvas_get_type ())
G_DECLARE_FINAL_TYPE (StpSketchCanvas, stp_sketch_canvas, STP, SKETCH_CANVAS, GtkWidget)

GtkWidget        *stp_sketch_canvas_new             (void);

/* The history (and through it the sketch) to show and edit; NULL shows nothing. */
void              stp_sketch_canvas_set_history     (StpSketchCanvas  *self,
                                                     StpSketchHistory *history);
StpSketchHistory *stp_sketch_canvas_get_history     (StpSketchCanvas  *self);
StpSketch        *stp_sketch_canvas_get_sketch      (StpSketchCanvas  *self);
/* The photo under the sketch, upright, at the sketch's photo size (NULL: plain paper). */
void              stp_sketch_canvas_set_photo       (StpSketchCanvas  *self,
                                                     GdkTexture       *photo);

StpSketchTool     stp_sketch_canvas_get_tool        (StpSketchCanvas  *self);
void              stp_sketch_canvas_set_tool        (StpSketchCanvas  *self,
                                                     StpSketchTool     tool);
/* The key that picks a tool ("P"), for tooltips and the shortcuts window. */
const char       *stp_sketch_tool_get_key           (StpSketchTool     tool);
const char       *stp_sketch_tool_get_label         (StpSketchTool     tool);
const char       *stp_sketch_tool_get_icon_name     (StpSketchTool     tool);

gboolean          stp_sketch_canvas_get_mirror      (StpSketchCanvas  *self);
void              stp_sketch_canvas_set_mirror      (StpSketchCanvas  *self,
                                                     gboolean          mirror);
/* Pen and curve line width, in photo pixels. */
double            stp_sketch_canvas_get_pen_width   (StpSketchCanvas  *self);
void              stp_sketch_canvas_set_pen_width   (StpSketchCanvas  *self,
                                                     double            width);
/* What the region tool makes next. */
void              stp_sketch_canvas_set_region_options (StpSketchCanvas    *self,
                                                        StpSketchRegionRole role,
                                                        double              density,
                                                        const char         *shade);

/* Zoom: widget pixels per photo pixel. */
double            stp_sketch_canvas_get_zoom        (StpSketchCanvas  *self);
void              stp_sketch_canvas_zoom_in         (StpSketchCanvas  *self);
void              stp_sketch_canvas_zoom_out        (StpSketchCanvas  *self);
void              stp_sketch_canvas_zoom_fit        (StpSketchCanvas  *self);
void              stp_sketch_canvas_zoom_actual     (StpSketchCanvas  *self);
const StpSketchView *stp_sketch_canvas_get_view     (StpSketchCanvas  *self);

/* Undo and redo; an unfinished curve or region is dropped first. */
gboolean          stp_sketch_canvas_undo            (StpSketchCanvas  *self);
gboolean          stp_sketch_canvas_redo            (StpSketchCanvas  *self);

/* The id of the selected item, 0 when none. */
guint32           stp_sketch_canvas_get_selected    (StpSketchCanvas  *self);
/* A line of help or a reading for the status bar ("Measured 23.4 mm"). */
const char       *stp_sketch_canvas_get_status      (StpSketchCanvas  *self);

/* Handles a canvas key (tools, zoom, guides, mirror, Enter, Escape, Delete); the page
 * forwards keys pressed while its toolbar has the focus. TRUE when handled. */
gboolean          stp_sketch_canvas_handle_key      (StpSketchCanvas  *self,
                                                     guint             keyval,
                                                     GdkModifierType   state);

/* Finishes an unfinished curve or region (what Enter does). */
void              stp_sketch_canvas_finish          (StpSketchCanvas  *self);

G_END_DECLS
