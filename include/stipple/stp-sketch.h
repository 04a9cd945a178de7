/* stp-sketch.h: a hairline sketch over a photo: layers of items, midline, guides, calibration.
 *
 * Everything is in photo pixel coordinates (x to the right, y down, origin at the photo's
 * top left corner). The model has no GTK in it; a canvas widget shows it through the
 * renderer (stp-sketch-render.h) and changes it only through StpSketchHistory, so every
 * edit can be undone. The setters here change the model directly and are for the
 * history, the loader and tests.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define STP_SKETCH_ERROR (stp_sketch_error_quark ())

typedef enum
{
  STP_SKETCH_ERROR_EMPTY,              /* no data at all */
  STP_SKETCH_ERROR_NOT_JSON,           /* the data is not JSON */
  STP_SKETCH_ERROR_TRUNCATED,          /* the JSON stops before its end */
  STP_SKETCH_ERROR_NOT_SKETCH,         /* JSON, but not a Stipple sketch */
  STP_SKETCH_ERROR_UNSUPPORTED_VERSION,/* a sketch from a newer (or unknown) Stipple */
  STP_SKETCH_ERROR_WRONG_TYPE,         /* a field has the wrong JSON type */
  STP_SKETCH_ERROR_MISSING_FIELD,      /* a required field is absent */
  STP_SKETCH_ERROR_NOT_FINITE,         /* NaN or an infinite number */
  STP_SKETCH_ERROR_OUT_OF_RANGE,       /* a number or a string length outside its range */
  STP_SKETCH_ERROR_TOO_LARGE,          /* too many items or points, or too many bytes */
  STP_SKETCH_ERROR_UNKNOWN_KIND,       /* an item kind (or role, layer) this version lacks */
  STP_SKETCH_ERROR_DUPLICATE_ID,       /* two items share an id */
  STP_SKETCH_ERROR_NOT_CALIBRATED,     /* a measurement needs a calibration first */
  STP_SKETCH_ERROR_LOCKED,             /* the version is followed by a treatment session */
  STP_SKETCH_ERROR_NAME_TAKEN,         /* the client already has a version of that name */
  STP_SKETCH_ERROR_INVALID_NAME,       /* an empty or too long version name */
  STP_SKETCH_ERROR_NO_ITEM,            /* no item with that id (or point index) */
  STP_SKETCH_ERROR_IO,                 /* an export could not be written */
} StpSketchError;

/* Limits the loader and the model enforce. */
#define STP_SKETCH_MAX_ITEMS        100000
#define STP_SKETCH_MAX_POINTS       1000000   /* over all items together */
#define STP_SKETCH_MAX_ITEM_POINTS  100000
#define STP_SKETCH_MAX_TEXT         1000      /* characters of a label */
#define STP_SKETCH_MAX_NAME         100       /* characters of a sketch (version) name */
#define STP_SKETCH_MAX_SHADE        100       /* characters of a pigment shade */
#define STP_SKETCH_MAX_COORD        100000.0  /* |x|, |y| in photo pixels */
#define STP_SKETCH_MAX_SIDE         20000     /* photo width and height */
#define STP_SKETCH_MAX_WIDTH        1000.0    /* a line's width in photo pixels */
#define STP_SKETCH_MAX_DENSITY      1000.0    /* dots per cm² */
#define STP_SKETCH_MAX_CALIBRATION  10000.0   /* mm */

typedef enum
{
  STP_SKETCH_LAYER_HAIRLINE,
  STP_SKETCH_LAYER_AREAS,
  STP_SKETCH_LAYER_SCARS,
  STP_SKETCH_LAYER_NOTES,
  STP_SKETCH_N_LAYERS,
} StpSketchLayer;

typedef enum
{
  STP_SKETCH_ITEM_STROKE,    /* freehand: points with pressure */
  STP_SKETCH_ITEM_CURVE,     /* hairline curve: a cubic Bézier spline through its nodes */
  STP_SKETCH_ITEM_REGION,    /* a closed shape: treatment area or scar */
  STP_SKETCH_ITEM_LABEL,     /* text at a point */
  STP_SKETCH_ITEM_MEASURE,   /* a line between two points that reads in millimetres */
} StpSketchItemKind;

typedef enum
{
  STP_SKETCH_ROLE_TREATMENT,  /* a treatment area, with density and pigment shade */
  STP_SKETCH_ROLE_SCAR,
} StpSketchRegionRole;

/* What changed; the "changed" signal carries these with a dirty rectangle. */
typedef enum
{
  STP_SKETCH_CHANGE_ITEMS       = 1 << 0,  /* items added, removed or edited */
  STP_SKETCH_CHANGE_LAYERS      = 1 << 1,  /* layer visibility or opacity */
  STP_SKETCH_CHANGE_MIDLINE     = 1 << 2,  /* midline moved (mirrored curves move with it) */
  STP_SKETCH_CHANGE_GUIDES      = 1 << 3,
  STP_SKETCH_CHANGE_CALIBRATION = 1 << 4,
  STP_SKETCH_CHANGE_META        = 1 << 5,  /* name or photo size */
  STP_SKETCH_CHANGE_ALL         = 0x3f,
} StpSketchChange;

/* A rectangle in photo pixels. Empty (width or height <= 0) means "nothing to redraw";
 * the "changed" signal passes NULL for "everything". */
typedef struct
{
  double x, y, width, height;
} StpSketchRect;

/* One point of a freehand stroke, or a vertex of a region or measurement (pressure 1). */
typedef struct
{
  double x, y;
  double pressure;   /* 0..1; 1 when the input had none */
} StpSketchPoint;

/* One node of a hairline curve (or of a smooth region): the point the curve passes
 * through and its two Bézier handles, all absolute photo coordinates. */
typedef struct
{
  double x, y;
  double in_x, in_y;     /* handle of the segment arriving at the node */
  double out_x, out_y;   /* handle of the segment leaving the node */
} StpSketchNode;

/* Which node handle an edit moves. */
typedef enum
{
  STP_SKETCH_HANDLE_NODE,   /* the node itself; its handles move with it */
  STP_SKETCH_HANDLE_IN,
  STP_SKETCH_HANDLE_OUT,
} StpSketchHandle;

/* Colours are 0xRRGGBBAA. */
typedef guint32 StpSketchColor;

/* An item. Fields that do not belong to its kind are unused (and zero/NULL). Items are
 * owned by their sketch; edit a copy and hand it to the history. */
typedef struct
{
  guint32             id;         /* stable, unique in its sketch, never 0 */
  StpSketchItemKind   kind;
  StpSketchLayer      layer;
  StpSketchColor      color;
  double              width;      /* line width in photo pixels (stroke: at pressure 1) */

  /* STROKE: the points; REGION without smooth: the polygon; MEASURE: two points. */
  GArray             *points;     /* of StpSketchPoint */
  /* CURVE and smooth REGION: the nodes, in order. */
  GArray             *nodes;      /* of StpSketchNode */

  gboolean            mirrored;   /* CURVE: also drawn mirrored about the midline, so both
                                   * sides stay symmetric while either is edited */
  gboolean            smooth;     /* REGION: a closed spline through nodes, not a polygon */

  StpSketchRegionRole role;       /* REGION */
  double              density;    /* REGION, treatment: dots per cm² (0: not given) */
  char               *shade;      /* REGION, treatment: pigment shade, "" when not given */

  char               *text;       /* LABEL */
  double              x, y;       /* LABEL: the text's anchor (left end of the baseline) */
  double              font_size;  /* LABEL: in photo pixels */
} StpSketchItem;

#define STP_TYPE_SKETCH_ITEM (stp_sketch_item_get_type ())
GType           stp_sketch_item_get_type        (void) G_GNUC_CONST;

/* A new item of kind with the defaults for it (layer, colour, width); id 0 until added. */
StpSketchItem  *stp_sketch_item_new             (StpSketchItemKind     kind);
StpSketchItem  *stp_sketch_item_copy            (const StpSketchItem  *item);
void            stp_sketch_item_free            (StpSketchItem        *item);
/* Deep equality, ids included. */
gboolean        stp_sketch_item_equal           (const StpSketchItem  *a,
                                                 const StpSketchItem  *b);
void            stp_sketch_item_add_point       (StpSketchItem        *item,
                                                 double                x,
                                                 double                y,
                                                 double                pressure);
void            stp_sketch_item_add_node        (StpSketchItem        *item,
                                                 const StpSketchNode  *node);
void            stp_sketch_item_set_text        (StpSketchItem        *item,
                                                 const char           *text);
void            stp_sketch_item_set_shade       (StpSketchItem        *item,
                                                 const char           *shade);
guint           stp_sketch_item_get_n_points    (const StpSketchItem  *item);
guint           stp_sketch_item_get_n_nodes     (const StpSketchItem  *item);
/* The area the item covers when drawn (line widths included), without its mirror image.
 * Labels are estimated from their font size and text length. */
void            stp_sketch_item_get_bounds      (const StpSketchItem  *item,
                                                 StpSketchRect        *bounds);
/* Moves every point, node, handle and anchor by (dx, dy). */
void            stp_sketch_item_translate       (StpSketchItem        *item,
                                                 double                dx,
                                                 double                dy);
/* Smooths a freehand stroke in place (a small moving average that keeps both ends) and
 * drops points closer than min_distance pixels to their predecessor. Call it once when
 * the pen lifts, before the stroke is added. */
void            stp_sketch_item_smooth_stroke   (StpSketchItem        *item,
                                                 double                min_distance);
/* Sets every node's handles so the curve is a smooth Catmull-Rom-like spline through
 * the nodes (closed for regions). Use after placing nodes; dragging a handle later
 * overrides it for that node. */
void            stp_sketch_item_auto_handles    (StpSketchItem        *item,
                                                 gboolean              closed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StpSketchItem, stp_sketch_item_free)

/* Evaluates the cubic Bézier segment from node a to node b at t in [0, 1]. */
void            stp_sketch_node_segment_eval    (const StpSketchNode  *a,
                                                 const StpSketchNode  *b,
                                                 double                t,
                                                 double               *x,
                                                 double               *y);

#define STP_TYPE_SKETCH (stp_sketch_get_type ())
G_DECLARE_FINAL_TYPE (StpSketch, stp_sketch, STP, SKETCH, GObject)

GQuark          stp_sketch_error_quark          (void);

/* An empty sketch over a photo of that size: midline at the centre, guides at the
 * usual facial thirds, all layers visible and opaque, not calibrated. */
StpSketch      *stp_sketch_new                  (int                   photo_width,
                                                 int                   photo_height);
/* A deep copy (items keep their ids). */
StpSketch      *stp_sketch_copy                 (StpSketch            *self);
/* Whether the drawings are the same (items, layers, midline, guides, calibration,
 * name, photo size). */
gboolean        stp_sketch_equal                (StpSketch            *a,
                                                 StpSketch            *b);

const char     *stp_sketch_get_name             (StpSketch            *self);
void            stp_sketch_set_name             (StpSketch            *self,
                                                 const char           *name);
int             stp_sketch_get_photo_width      (StpSketch            *self);
int             stp_sketch_get_photo_height     (StpSketch            *self);
void            stp_sketch_set_photo_size       (StpSketch            *self,
                                                 int                   width,
                                                 int                   height);

/* Items, in drawing order (each layer draws its items in this order; layers draw in
 * enum order). The pointers stay valid until the item is changed or removed. */
guint           stp_sketch_get_n_items          (StpSketch            *self);
const StpSketchItem *stp_sketch_get_item        (StpSketch            *self,
                                                 guint                 index);
const StpSketchItem *stp_sketch_lookup_item     (StpSketch            *self,
                                                 guint32               id);
/* The index of the item with that id, or -1. */
int             stp_sketch_find_item            (StpSketch            *self,
                                                 guint32               id);
/* Total points and nodes over all items. */
guint           stp_sketch_get_n_points         (StpSketch            *self);
/* The id the next added item without one gets. */
guint32         stp_sketch_get_next_id          (StpSketch            *self);

/* Direct edits (for the history, the loader and tests; the canvas uses the history).
 * insert takes ownership of item; when item->id is 0 it gets a fresh id. index -1
 * appends. Returns the id, or 0 when the id is taken or a limit would be passed. */
guint32         stp_sketch_insert_item          (StpSketch            *self,
                                                 int                   index,
                                                 StpSketchItem        *item);
/* Replaces the item with the same id as item (taking ownership). FALSE when none. */
gboolean        stp_sketch_replace_item         (StpSketch            *self,
                                                 StpSketchItem        *item);
/* Removes and returns the item (NULL when none); *index gets where it was. */
StpSketchItem  *stp_sketch_take_item            (StpSketch            *self,
                                                 guint32               id,
                                                 int                  *index);
/* The topmost visible item whose drawn shape lies within tolerance photo pixels of
 * (x, y), its mirror image included; 0 when none. Hidden layers are skipped. */
guint32         stp_sketch_hit_test             (StpSketch            *self,
                                                 double                x,
                                                 double                y,
                                                 double                tolerance);

/* For a curve or smooth region: the node or handle within tolerance of (x, y), handles
 * before nodes (they are drawn on top). For a mirrored curve its mirror image counts
 * too; then *on_mirror is TRUE, and the pointer position must be mirrored with
 * stp_sketch_mirror_point before it is given to the history. */
gboolean        stp_sketch_hit_node             (StpSketch            *self,
                                                 const StpSketchItem  *item,
                                                 double                x,
                                                 double                y,
                                                 double                tolerance,
                                                 guint                *index,
                                                 StpSketchHandle      *handle,
                                                 gboolean             *on_mirror);
/* Ids (guint32) of the items of visible layers lying wholly inside rect: a rubber-band
 * selection. */
GArray         *stp_sketch_find_items_in_rect   (StpSketch            *self,
                                                 const StpSketchRect  *rect);

/* Layers. */
gboolean        stp_sketch_get_layer_visible    (StpSketch            *self,
                                                 StpSketchLayer        layer);
void            stp_sketch_set_layer_visible    (StpSketch            *self,
                                                 StpSketchLayer        layer,
                                                 gboolean              visible);
double          stp_sketch_get_layer_opacity    (StpSketch            *self,
                                                 StpSketchLayer        layer);
void            stp_sketch_set_layer_opacity    (StpSketch            *self,
                                                 StpSketchLayer        layer,
                                                 double                opacity);
/* "hairline", "areas", "scars", "notes" (stable ids used in files and SVG). */
const char     *stp_sketch_layer_to_string      (StpSketchLayer        layer);
gboolean        stp_sketch_layer_from_string    (const char           *str,
                                                 StpSketchLayer       *layer);
/* A translated name for people ("Hairline", "Treatment areas", "Scars", "Notes"). */
const char     *stp_sketch_layer_get_label      (StpSketchLayer        layer);

/* The facial midline: the line through (x, photo_height / 2) tilted by angle degrees
 * from vertical (positive: the top leans right). */
double          stp_sketch_get_midline_x        (StpSketch            *self);
double          stp_sketch_get_midline_angle    (StpSketch            *self);
void            stp_sketch_set_midline          (StpSketch            *self,
                                                 double                x,
                                                 double                angle);
/* The mirror image of a point about the midline. */
void            stp_sketch_mirror_point         (StpSketch            *self,
                                                 double                x,
                                                 double                y,
                                                 double               *mx,
                                                 double               *my);
/* A new item (id 0) that is the mirror image of item about the midline: what mirror
 * drawing adds on the other side. Nodes keep their order and every point and handle is
 * reflected, so the shape is exactly mirrored. A label's text is not mirrored, only its
 * anchor (moved so the text ends where the original starts, mirrored). */
StpSketchItem  *stp_sketch_mirror_item          (StpSketch            *self,
                                                 const StpSketchItem  *item);
/* For a mirrored curve whose first or last node lies within tolerance pixels of the
 * midline: puts that node on the midline and turns its handles square to it, so the
 * curve and its mirror image join smoothly (a rounded hairline rather than a notch).
 * Returns whether it changed the item. */
gboolean        stp_sketch_smooth_midline_join  (StpSketch            *self,
                                                 StpSketchItem        *item,
                                                 double                tolerance);
/* For a mirrored curve: the node list of its mirror image (what the renderer draws). */
GArray         *stp_sketch_get_mirror_nodes     (StpSketch            *self,
                                                 const StpSketchItem  *item);

/* Guides: the midline and horizontal facial thirds. The three y positions are the
 * brows (glabella), the base of the nose and the chin, top to bottom; the renderer also
 * marks where the hairline falls when the upper third equals the middle one. */
gboolean        stp_sketch_get_guides_visible   (StpSketch            *self);
void            stp_sketch_set_guides_visible   (StpSketch            *self,
                                                 gboolean              visible);
void            stp_sketch_get_guides           (StpSketch            *self,
                                                 double                y[3]);
void            stp_sketch_set_guides           (StpSketch            *self,
                                                 const double          y[3]);
/* Where a hairline one "third" above the brows would be (brow y - (nose y - brow y)). */
double          stp_sketch_get_suggested_hairline_y (StpSketch        *self);

/* Calibration: two points a known number of millimetres apart. */
gboolean        stp_sketch_is_calibrated        (StpSketch            *self);
/* Returns FALSE when not calibrated (the outputs are then untouched). */
gboolean        stp_sketch_get_calibration      (StpSketch            *self,
                                                 double               *x1,
                                                 double               *y1,
                                                 double               *x2,
                                                 double               *y2,
                                                 double               *length_mm);
/* Refused (FALSE, STP_SKETCH_ERROR_OUT_OF_RANGE) when the points are less than one
 * pixel apart or the length is not in (0, STP_SKETCH_MAX_CALIBRATION]. */
gboolean        stp_sketch_set_calibration      (StpSketch            *self,
                                                 double                x1,
                                                 double                y1,
                                                 double                x2,
                                                 double                y2,
                                                 double                length_mm,
                                                 GError              **error);
void            stp_sketch_clear_calibration    (StpSketch            *self);
/* Millimetres per photo pixel; NAN when not calibrated. */
double          stp_sketch_get_mm_per_pixel     (StpSketch            *self);
/* The distance between two points in mm; NAN and STP_SKETCH_ERROR_NOT_CALIBRATED when
 * not calibrated. */
double          stp_sketch_measure_mm           (StpSketch            *self,
                                                 double                x1,
                                                 double                y1,
                                                 double                x2,
                                                 double                y2,
                                                 GError              **error);
/* The length of an item in mm: a measurement's or stroke's length, a curve's arc
 * length, a region's perimeter. NAN with an error when not calibrated. */
double          stp_sketch_item_length_mm       (StpSketch            *self,
                                                 const StpSketchItem  *item,
                                                 GError              **error);
/* A region's area in cm²; NAN with an error when not calibrated. */
double          stp_sketch_region_area_cm2      (StpSketch            *self,
                                                 const StpSketchItem  *item,
                                                 GError              **error);

/* Emits "changed" (what, rect); rect NULL means everything. The history and the direct
 * setters call it; code that edits items directly may call it too. */
void            stp_sketch_emit_changed         (StpSketch            *self,
                                                 StpSketchChange       what,
                                                 const StpSketchRect  *rect);

G_END_DECLS
