/* stp-sketch-history.h: every edit of a sketch as an undoable command.
 *
 * The canvas changes its sketch only through these calls. Each call is one command that
 * undo reverts and redo repeats; depth is unlimited while the sketch is open. Commands
 * made between begin_group and end_group undo as one step, and repeated edits of the
 * same item inside a group coalesce into one command, so a drag (move, node or handle
 * edit, opacity slider) is one step however many motion events it had. After each
 * change the sketch emits "changed" with what changed and its dirty rectangle.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "stp-sketch.h"

G_BEGIN_DECLS

#define STP_TYPE_SKETCH_HISTORY (stp_sketch_history_get_type ())
G_DECLARE_FINAL_TYPE (StpSketchHistory, stp_sketch_history, STP, SKETCH_HISTORY, GObject)

/* The history of edits of sketch (a reference is kept). The sketch starts unmodified. */
StpSketchHistory *stp_sketch_history_new          (StpSketch          *sketch);
StpSketch        *stp_sketch_history_get_sketch   (StpSketchHistory   *self);

/* Steps. Undo/redo return FALSE when there is nothing to undo/redo. */
gboolean  stp_sketch_history_can_undo             (StpSketchHistory   *self);
gboolean  stp_sketch_history_can_redo             (StpSketchHistory   *self);
gboolean  stp_sketch_history_undo                 (StpSketchHistory   *self);
gboolean  stp_sketch_history_redo                 (StpSketchHistory   *self);
/* A short translated description of the step undo/redo would take ("Add stroke"), or
 * NULL when there is none. */
const char *stp_sketch_history_get_undo_label     (StpSketchHistory   *self);
const char *stp_sketch_history_get_redo_label     (StpSketchHistory   *self);
guint     stp_sketch_history_get_n_undo           (StpSketchHistory   *self);
guint     stp_sketch_history_get_n_redo           (StpSketchHistory   *self);
/* Forgets every step (after loading another sketch into the same model, say). */
void      stp_sketch_history_clear                (StpSketchHistory   *self);

/* Groups: everything between begin and end is one step named label. Groups nest (the
 * outermost one counts). An empty group leaves no step. Undo or redo during a group
 * closes it; the end_group that follows is then harmless. */
void      stp_sketch_history_begin_group          (StpSketchHistory   *self,
                                                   const char         *label);
void      stp_sketch_history_end_group            (StpSketchHistory   *self);
gboolean  stp_sketch_history_in_group             (StpSketchHistory   *self);

/* The saved point: mark_saved after a save; is_modified says whether the sketch differs
 * from what was saved (undoing back to the saved point makes it unmodified again). The
 * "notify::modified" signal tells when this flips; can-undo and can-redo notify too. */
void      stp_sketch_history_mark_saved           (StpSketchHistory   *self);
gboolean  stp_sketch_history_is_modified          (StpSketchHistory   *self);

/* Items. add takes ownership of item and returns its id (0 with item freed when a limit
 * of the sketch would be passed). mirror adds the item and its mirror image about the
 * midline as one step (for strokes, regions, labels and measurements; a curve instead
 * gets its mirrored flag set) and returns the first id. */
guint32   stp_sketch_history_add_item             (StpSketchHistory   *self,
                                                   StpSketchItem      *item);
guint32   stp_sketch_history_add_item_mirrored    (StpSketchHistory   *self,
                                                   StpSketchItem      *item);
/* Replaces the item with item->id by item (taking ownership): any edit a tool makes on
 * a copy (text, colour, width, region role, density, shade, points). FALSE when no such
 * item exists (item is then freed). */
gboolean  stp_sketch_history_replace_item         (StpSketchHistory   *self,
                                                   StpSketchItem      *item);
gboolean  stp_sketch_history_remove_items         (StpSketchHistory   *self,
                                                   const guint32      *ids,
                                                   guint               n_ids);
/* Moves items by (dx, dy); call it on every motion of a drag inside a group. */
gboolean  stp_sketch_history_move_items           (StpSketchHistory   *self,
                                                   const guint32      *ids,
                                                   guint               n_ids,
                                                   double              dx,
                                                   double              dy);
/* Puts items on top of (raise) or below everything else in their layer. */
gboolean  stp_sketch_history_restack_items        (StpSketchHistory   *self,
                                                   const guint32      *ids,
                                                   guint               n_ids,
                                                   gboolean            raise);
/* Curve (and smooth region) editing. Moving a node moves its handles with it. For a
 * mirrored curve, edit its stored nodes; its mirror image follows by itself (to drag a
 * node of the mirror image, mirror the pointer position with stp_sketch_mirror_point).
 * When a handle moves and symmetric is TRUE, the opposite handle turns to stay in line
 * at the same distance (a smooth node); FALSE moves that handle alone (a corner). */
gboolean  stp_sketch_history_set_node             (StpSketchHistory   *self,
                                                   guint32             id,
                                                   guint               index,
                                                   StpSketchHandle     handle,
                                                   double              x,
                                                   double              y,
                                                   gboolean            symmetric);
gboolean  stp_sketch_history_insert_node          (StpSketchHistory   *self,
                                                   guint32             id,
                                                   guint               index,
                                                   const StpSketchNode *node);
gboolean  stp_sketch_history_remove_node          (StpSketchHistory   *self,
                                                   guint32             id,
                                                   guint               index);
gboolean  stp_sketch_history_set_region           (StpSketchHistory   *self,
                                                   guint32             id,
                                                   StpSketchRegionRole role,
                                                   double              density,
                                                   const char         *shade);

/* Sketch-level settings. */
void      stp_sketch_history_set_layer_visible    (StpSketchHistory   *self,
                                                   StpSketchLayer      layer,
                                                   gboolean            visible);
void      stp_sketch_history_set_layer_opacity    (StpSketchHistory   *self,
                                                   StpSketchLayer      layer,
                                                   double              opacity);
void      stp_sketch_history_set_midline          (StpSketchHistory   *self,
                                                   double              x,
                                                   double              angle);
void      stp_sketch_history_set_guides_visible   (StpSketchHistory   *self,
                                                   gboolean            visible);
void      stp_sketch_history_set_guides           (StpSketchHistory   *self,
                                                   const double        y[3]);
gboolean  stp_sketch_history_set_calibration      (StpSketchHistory   *self,
                                                   double              x1,
                                                   double              y1,
                                                   double              x2,
                                                   double              y2,
                                                   double              length_mm,
                                                   GError            **error);
void      stp_sketch_history_clear_calibration    (StpSketchHistory   *self);
void      stp_sketch_history_set_name             (StpSketchHistory   *self,
                                                   const char         *name);

G_END_DECLS
