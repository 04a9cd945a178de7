/* stp-sketch-canvas.c: the widget that shows a sketch over its photo and draws on it.
 *
 * The split follows the core: the model and its history decide, the render cache paints
 * committed items, the view transform maps pointer positions. Input handlers only work
 * out what the pointer means and return flags saying what the widget must refresh
 * (redraw, status line, zoom), which apply_flags () then does in one place.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "stp-sketch-canvas"

#include "stp-sketch-canvas.h"

#include <glib/gi18n.h>
#include <math.h>

/* Screen distances, in widget pixels. */
#define HIT_RADIUS        8.0   /* a node, handle or the midline is "under" the pointer */
#define CLICK_SLOP        4.0   /* a press and release closer than this is a click */
#define FIT_MARGIN        16.0
#define ZOOM_STEP         1.25
#define DOUBLE_CLICK_MS   400
#define RESCALE_DELAY_MS  120

typedef enum
{
  FLAG_NONE   = 0,
  FLAG_REDRAW = 1 << 0,
  FLAG_STATUS = 1 << 1,
  FLAG_ZOOM   = 1 << 2,
} CanvasFlags;

typedef enum
{
  DRAG_NONE,
  DRAG_PAN,
  DRAG_STROKE,
  DRAG_MOVE,
  DRAG_NODE,
  DRAG_MIDLINE,
  DRAG_TWO_POINT,   /* measure or calibrate: the second point follows the pointer */
  DRAG_ERASE,
  DRAG_BUILD_NODE,  /* a node of the unfinished curve */
} DragMode;

struct _StpSketchCanvas
{
  GtkWidget             parent_instance;

  StpSketchHistory     *history;
  StpSketch            *sketch;
  StpSketchRenderCache *cache;
  /* The photo in cairo's own pixel format, converted once; drawn in the same cairo node
   * as the items, a texture node would be converted again on every frame by GSK's cairo
   * renderer. Zoomed out, a copy at the view's scale is blitted instead of shrinking the
   * whole photo every frame; it is remade a moment after the zoom settles. */
  cairo_surface_t      *photo;
  cairo_surface_t      *photo_scaled;
  double                photo_scaled_scale;
  guint                 photo_rescale_source;
  StpSketchView         view;
  gboolean              fitted;      /* follows the widget's size until zoomed or panned */
  int                   photo_width, photo_height;

  StpSketchTool         tool;
  gboolean              mirror;
  double                pen_width;
  StpSketchRegionRole   region_role;
  double                region_density;
  char                 *region_shade;

  /* Pointer. */
  double                pointer_x, pointer_y;
  gboolean              pointer_inside;
  gboolean              space_down;
  DragMode              drag;
  double                press_x, press_y;         /* widget */
  double                last_x, last_y;           /* photo */
  guint32               last_press_time;
  double                last_press_wx, last_press_wy;
  gboolean              stylus_down;
  double                pinch_scale;

  /* What is being made: the live stroke, the unfinished curve or region, the measure or
   * calibration line. Not in the sketch until committed. */
  StpSketchItem        *live;
  gboolean              two_point_waiting;        /* first click placed, waiting for the second */

  guint32               selected;
  guint                 drag_node;
  StpSketchHandle       drag_handle;
  gboolean              drag_mirror_side;

  /* Labels are typed into a popover at the click. */
  GtkWidget            *label_popover;
  GtkWidget            *label_entry;
  double                label_x, label_y;         /* photo */
  guint32               label_id;                 /* the label being retyped, 0: a new one */

  char                 *status;
  gulong                changed_handler;
  guint                 zoom_notify_source;
};

G_DEFINE_FINAL_TYPE (StpSketchCanvas, stp_sketch_canvas, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (StpSketchTool, stp_sketch_tool,
  G_DEFINE_ENUM_VALUE (STP_SKETCH_TOOL_PEN, "pen"),
  G_DEFINE_ENUM_VALUE (STP_SKETCH_TOOL_CURVE, "curve"),
  G_DEFINE_ENUM_VALUE (STP_SKETCH_TOOL_REGION, "region"),
  G_DEFINE_ENUM_VALUE (STP_SKETCH_TOOL_LABEL, "label"),
  G_DEFINE_ENUM_VALUE (STP_SKETCH_TOOL_ERASER, "eraser"),
  G_DEFINE_ENUM_VALUE (STP_SKETCH_TOOL_SELECT, "select"),
  G_DEFINE_ENUM_VALUE (STP_SKETCH_TOOL_MEASURE, "measure"),
  G_DEFINE_ENUM_VALUE (STP_SKETCH_TOOL_CALIBRATE, "calibrate"))

enum
{
  PROP_0,
  PROP_TOOL,
  PROP_MIRROR,
  PROP_PEN_WIDTH,
  PROP_ZOOM,
  PROP_STATUS,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_CALIBRATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct
{
  const char *key;
  guint       keyval;
  const char *label;
  const char *icon;
} tool_info[STP_SKETCH_N_TOOLS] = {
  [STP_SKETCH_TOOL_PEN] = { "P", GDK_KEY_p, N_("Pen"), "stp-tool-pen-symbolic" },
  [STP_SKETCH_TOOL_CURVE] = { "H", GDK_KEY_h, N_("Hairline Curve"), "stp-tool-curve-symbolic" },
  [STP_SKETCH_TOOL_REGION] = { "R", GDK_KEY_r, N_("Region"), "stp-tool-region-symbolic" },
  [STP_SKETCH_TOOL_LABEL] = { "T", GDK_KEY_t, N_("Label"), "stp-tool-label-symbolic" },
  [STP_SKETCH_TOOL_ERASER] = { "E", GDK_KEY_e, N_("Eraser"), "stp-tool-eraser-symbolic" },
  [STP_SKETCH_TOOL_SELECT] = { "V", GDK_KEY_v, N_("Select and Move"), "stp-tool-select-symbolic" },
  [STP_SKETCH_TOOL_MEASURE] = { "M", GDK_KEY_m, N_("Measure"), "stp-tool-measure-symbolic" },
  [STP_SKETCH_TOOL_CALIBRATE] = { "C", GDK_KEY_c, N_("Calibrate"),
                                  "stp-tool-calibrate-symbolic" },
};

const char *
stp_sketch_tool_get_key (StpSketchTool tool)
{
  g_return_val_if_fail (tool < STP_SKETCH_N_TOOLS, NULL);
  return tool_info[tool].key;
}

const char *
stp_sketch_tool_get_label (StpSketchTool tool)
{
  g_return_val_if_fail (tool < STP_SKETCH_N_TOOLS, NULL);
  return _(tool_info[tool].label);
}

const char *
stp_sketch_tool_get_icon_name (StpSketchTool tool)
{
  g_return_val_if_fail (tool < STP_SKETCH_N_TOOLS, NULL);
  return tool_info[tool].icon;
}

/* Helpers. */

static void
set_status (StpSketchCanvas *self,
            const char      *status)
{
  if (g_strcmp0 (self->status, status) == 0)
    return;
  g_free (self->status);
  self->status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

/* The line of help a tool shows while nothing is going on. */
static const char *
tool_hint (StpSketchCanvas *self)
{
  switch (self->tool)
    {
    case STP_SKETCH_TOOL_PEN:
      return _("Draw freehand. Space or the middle button and drag to pan.");
    case STP_SKETCH_TOOL_CURVE:
      return self->live != NULL ?
             _("Click to add points, drag a point or handle to shape it; Enter or "
               "double-click finishes, Escape cancels.") :
             _("Click to place the hairline's points; drag a point or handle of the "
               "selected curve to edit it.");
    case STP_SKETCH_TOOL_REGION:
      return self->live != NULL ?
             _("Click to add corners; click the first corner, press Enter or double-click "
               "to close the shape, Escape cancels.") :
             _("Click around the area to outline it.");
    case STP_SKETCH_TOOL_LABEL:
      return _("Click where the label goes, then type it and press Enter. Click a label to "
               "retype it.");
    case STP_SKETCH_TOOL_ERASER:
      return _("Click or drag over items to remove them.");
    case STP_SKETCH_TOOL_SELECT:
      return _("Click an item to select it, drag to move it, Delete removes it. Drag the "
               "midline to move it.");
    case STP_SKETCH_TOOL_MEASURE:
      if (self->sketch != NULL && !stp_sketch_is_calibrated (self->sketch))
        return _("Not calibrated yet: measurements read in pixels. Calibrate first (C) "
                 "with a known distance.");
      return _("Drag, or click two points, to measure in millimetres.");
    case STP_SKETCH_TOOL_CALIBRATE:
      return _("Drag, or click two points, along something of known length (a ruler in "
               "the photo), then type its length.");
    case STP_SKETCH_N_TOOLS:
    default:
      return NULL;
    }
}

static void
widget_to_photo (StpSketchCanvas *self,
                 double           wx,
                 double           wy,
                 double          *px,
                 double          *py)
{
  stp_sketch_view_to_photo (&self->view, wx, wy, px, py);
}

static double
widget_distance (StpSketchCanvas *self,
                 double           px1,
                 double           py1,
                 double           px2,
                 double           py2)
{
  return hypot (px1 - px2, py1 - py2) * self->view.scale;
}

static void
refit (StpSketchCanvas *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->sketch == NULL || width <= 0 || height <= 0)
    return;

  stp_sketch_view_fit (&self->view,
                       stp_sketch_get_photo_width (self->sketch),
                       stp_sketch_get_photo_height (self->sketch),
                       width, height, FIT_MARGIN);
}

static void
apply_flags (StpSketchCanvas *self,
             CanvasFlags      flags)
{
  if (flags & FLAG_ZOOM)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  if (flags & FLAG_STATUS)
    set_status (self, tool_hint (self));
  if (flags & (FLAG_REDRAW | FLAG_ZOOM))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_selected (StpSketchCanvas *self,
              guint32          id)
{
  if (self->selected == id)
    return;
  self->selected = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drop_live (StpSketchCanvas *self)
{
  g_clear_pointer (&self->live, stp_sketch_item_free);
  self->two_point_waiting = FALSE;
}

static guint32
commit_item (StpSketchCanvas *self,
             StpSketchItem   *item)
{
  /* Labels and measurements read the same on both sides; only shapes are mirrored. */
  if (self->mirror && item->kind != STP_SKETCH_ITEM_LABEL &&
      item->kind != STP_SKETCH_ITEM_MEASURE)
    return stp_sketch_history_add_item_mirrored (self->history, item);
  return stp_sketch_history_add_item (self->history, item);
}

/* Midline: x of the line at photo height y. */
static double
midline_x_at (StpSketchCanvas *self,
              double           y)
{
  double angle = stp_sketch_get_midline_angle (self->sketch) * G_PI / 180.0;
  double cy = stp_sketch_get_photo_height (self->sketch) / 2.0;

  return stp_sketch_get_midline_x (self->sketch) + (cy - y) * tan (angle);
}

/* Finds the node or handle of an editable item (a curve, or a smooth region) within
 * HIT_RADIUS of the photo point (px, py), its mirror image included. */
static gboolean
hit_node (StpSketchCanvas     *self,
          const StpSketchItem *item,
          double               px,
          double               py,
          guint               *index,
          StpSketchHandle     *handle,
          gboolean            *mirror_side)
{
  g_autoptr (GArray) mirrored = NULL;

  if (item == NULL || item->nodes == NULL || item->nodes->len == 0 ||
      (item->kind != STP_SKETCH_ITEM_CURVE &&
       !(item->kind == STP_SKETCH_ITEM_REGION && item->smooth)))
    return FALSE;

  if (item->mirrored && self->sketch != NULL)
    mirrored = stp_sketch_get_mirror_nodes (self->sketch, item);

  for (int side = 0; side < 2; side++)
    {
      GArray *nodes = side == 0 ? item->nodes : mirrored;

      if (nodes == NULL)
        continue;

      /* Nodes before handles: a handle lying on its node must not hide it. */
      for (int pass = 0; pass < 3; pass++)
        for (guint i = 0; i < nodes->len; i++)
          {
            const StpSketchNode *n = &g_array_index (nodes, StpSketchNode, i);
            double x = pass == 0 ? n->x : pass == 1 ? n->out_x : n->in_x;
            double y = pass == 0 ? n->y : pass == 1 ? n->out_y : n->in_y;

            if (widget_distance (self, x, y, px, py) <= HIT_RADIUS)
              {
                *index = i;
                *handle = pass == 0 ? STP_SKETCH_HANDLE_NODE :
                          pass == 1 ? STP_SKETCH_HANDLE_OUT : STP_SKETCH_HANDLE_IN;
                *mirror_side = side == 1;
                return TRUE;
              }
          }
    }

  return FALSE;
}

/* Label entry. */

static void
close_label_popover (StpSketchCanvas *self)
{
  if (self->label_popover != NULL && gtk_widget_get_visible (self->label_popover))
    gtk_popover_popdown (GTK_POPOVER (self->label_popover));
}

static void
label_entry_activate_cb (StpSketchCanvas *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (
                                        GTK_EDITABLE (self->label_entry))));
  int longest;
  StpSketchItem *item;

  close_label_popover (self);
  gtk_widget_grab_focus (GTK_WIDGET (self));

  if (self->history == NULL)
    return;

  /* Retyping a label changes its text; emptying it removes it. */
  if (self->label_id != 0)
    {
      const StpSketchItem *old = stp_sketch_lookup_item (self->sketch, self->label_id);
      guint32 id = self->label_id;

      self->label_id = 0;
      if (old == NULL)
        return;
      if (text[0] == '\0')
        {
          stp_sketch_history_remove_items (self->history, &id, 1);
        }
      else if (g_strcmp0 (old->text, text) != 0)
        {
          StpSketchItem *edited = stp_sketch_item_copy (old);

          stp_sketch_item_set_text (edited, text);
          stp_sketch_history_replace_item (self->history, edited);
        }
      return;
    }

  if (text[0] == '\0')
    return;

  if (g_utf8_strlen (text, -1) > STP_SKETCH_MAX_TEXT)
    {
      char *end = g_utf8_offset_to_pointer (text, STP_SKETCH_MAX_TEXT);
      *end = '\0';
    }

  longest = MAX (stp_sketch_get_photo_width (self->sketch),
                 stp_sketch_get_photo_height (self->sketch));
  item = stp_sketch_item_new (STP_SKETCH_ITEM_LABEL);
  stp_sketch_item_set_text (item, text);
  item->x = self->label_x;
  item->y = self->label_y;
  /* Readable at the zoom it was typed at, and never tiny on a large photo. */
  item->font_size = MAX (longest / 60.0, 18.0 / self->view.scale);
  stp_sketch_history_add_item (self->history, item);
}

static void
open_label_popover (StpSketchCanvas *self,
                    double           wx,
                    double           wy)
{
  GdkRectangle rect = { (int) wx, (int) wy, 1, 1 };
  const StpSketchItem *label = NULL;
  guint32 id;

  widget_to_photo (self, wx, wy, &self->label_x, &self->label_y);
  /* A click on a label opens it for retyping. */
  id = stp_sketch_hit_test (self->sketch, self->label_x, self->label_y,
                            HIT_RADIUS / self->view.scale);
  if (id != 0)
    label = stp_sketch_lookup_item (self->sketch, id);
  self->label_id = label != NULL && label->kind == STP_SKETCH_ITEM_LABEL ? id : 0;
  gtk_editable_set_text (GTK_EDITABLE (self->label_entry),
                         self->label_id != 0 ? label->text : "");
  gtk_popover_set_pointing_to (GTK_POPOVER (self->label_popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->label_popover));
  gtk_widget_grab_focus (self->label_entry);
}

static void
build_label_popover (StpSketchCanvas *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Add"));

  self->label_popover = gtk_popover_new ();
  gtk_widget_set_parent (self->label_popover, GTK_WIDGET (self));
  gtk_popover_set_position (GTK_POPOVER (self->label_popover), GTK_POS_BOTTOM);

  self->label_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->label_entry), _("Label text"));
  gtk_entry_set_max_length (GTK_ENTRY (self->label_entry), STP_SKETCH_MAX_TEXT);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->label_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Label text"), -1);
  g_signal_connect_object (self->label_entry, "activate",
                           G_CALLBACK (label_entry_activate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (button, "clicked",
                           G_CALLBACK (label_entry_activate_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_box_append (GTK_BOX (box), self->label_entry);
  gtk_box_append (GTK_BOX (box), button);
  gtk_popover_set_child (GTK_POPOVER (self->label_popover), box);
}

/* Curves and regions under construction. */

static CanvasFlags
finish_live (StpSketchCanvas *self)
{
  StpSketchItem *item = self->live;
  guint32 id;

  if (item == NULL || self->history == NULL)
    return FLAG_NONE;

  if ((item->kind == STP_SKETCH_ITEM_CURVE && item->nodes->len < 2) ||
      (item->kind == STP_SKETCH_ITEM_REGION && item->points->len < 3))
    {
      /* Too few points for a shape: keep building rather than lose the clicks. */
      set_status (self, item->kind == STP_SKETCH_ITEM_CURVE ?
                  _("A hairline curve needs at least two points.") :
                  _("A region needs at least three corners."));
      return FLAG_REDRAW;
    }

  if (item->kind != STP_SKETCH_ITEM_CURVE && item->kind != STP_SKETCH_ITEM_REGION)
    return FLAG_NONE;

  self->live = NULL;
  id = commit_item (self, item);
  if (id != 0 && self->tool == STP_SKETCH_TOOL_CURVE)
    set_selected (self, id);
  return FLAG_REDRAW | FLAG_STATUS;
}

static void
add_curve_node (StpSketchItem *item,
                double         x,
                double         y)
{
  StpSketchNode node = { x, y, x, y, x, y };

  stp_sketch_item_add_node (item, &node);
  stp_sketch_item_auto_handles (item, FALSE);
}

static StpSketchItem *
new_region (StpSketchCanvas *self)
{
  StpSketchItem *item = stp_sketch_item_new (STP_SKETCH_ITEM_REGION);

  item->role = self->region_role;
  if (self->region_role == STP_SKETCH_ROLE_SCAR)
    {
      item->layer = STP_SKETCH_LAYER_SCARS;
      item->color = 0xc01c28ff;
    }
  else
    {
      item->layer = STP_SKETCH_LAYER_AREAS;
      item->density = self->region_density;
      stp_sketch_item_set_shade (item, self->region_shade);
    }
  item->width = MAX (self->pen_width * 0.75, 1.0);
  return item;
}

/* Pointer input, by tool. Each returns what to refresh. */

static CanvasFlags
press_two_point (StpSketchCanvas *self,
                 double           px,
                 double           py)
{
  if (self->two_point_waiting && self->live != NULL)
    {
      /* The second click of click-click: the line already follows the pointer. */
      StpSketchPoint *end = &g_array_index (self->live->points, StpSketchPoint, 1);

      end->x = px;
      end->y = py;
      self->drag = DRAG_TWO_POINT;
      return FLAG_REDRAW;
    }

  drop_live (self);
  self->live = stp_sketch_item_new (STP_SKETCH_ITEM_MEASURE);
  stp_sketch_item_add_point (self->live, px, py, 1.0);
  stp_sketch_item_add_point (self->live, px, py, 1.0);
  if (self->tool == STP_SKETCH_TOOL_CALIBRATE)
    self->live->color = 0x813d9cff;
  self->drag = DRAG_TWO_POINT;
  return FLAG_REDRAW;
}

static CanvasFlags
release_two_point (StpSketchCanvas *self)
{
  StpSketchPoint a, b;
  StpSketchItem *item = self->live;

  if (item == NULL)
    return FLAG_NONE;

  a = g_array_index (item->points, StpSketchPoint, 0);
  b = g_array_index (item->points, StpSketchPoint, 1);

  if (widget_distance (self, a.x, a.y, b.x, b.y) < CLICK_SLOP)
    {
      /* A click: wait for the second point. */
      self->two_point_waiting = TRUE;
      set_status (self, _("Now click the second point."));
      return FLAG_REDRAW;
    }

  self->live = NULL;
  self->two_point_waiting = FALSE;

  if (self->tool == STP_SKETCH_TOOL_CALIBRATE)
    {
      g_signal_emit (self, signals[SIGNAL_CALIBRATE], 0, a.x, a.y, b.x, b.y);
      stp_sketch_item_free (item);
      return FLAG_REDRAW | FLAG_STATUS;
    }

  {
    g_autofree char *reading = stp_sketch_format_measure (self->sketch, item);
    g_autofree char *status = NULL;

    if (stp_sketch_is_calibrated (self->sketch))
      status = g_strdup_printf (_("Measured %s"), reading);
    else
      status = g_strdup_printf (_("Measured %s. Calibrate first (C) to read millimetres."),
                                reading);
    commit_item (self, item);
    set_status (self, status);
  }
  return FLAG_REDRAW;
}

static CanvasFlags
erase_at (StpSketchCanvas *self,
          double           px,
          double           py)
{
  guint32 id = stp_sketch_hit_test (self->sketch, px, py, HIT_RADIUS / self->view.scale);

  if (id == 0)
    return FLAG_NONE;
  if (id == self->selected)
    set_selected (self, 0);
  stp_sketch_history_remove_items (self->history, &id, 1);
  return FLAG_REDRAW;
}

static gboolean
near_midline (StpSketchCanvas *self,
              double           px,
              double           py)
{
  if (!self->mirror && !stp_sketch_get_guides_visible (self->sketch))
    return FALSE;
  return fabs (midline_x_at (self, py) - px) * self->view.scale <= HIT_RADIUS;
}

static gboolean
is_double_click (StpSketchCanvas *self,
                 GtkGesture      *gesture,
                 double           wx,
                 double           wy)
{
  guint32 time = gtk_event_controller_get_current_event_time (GTK_EVENT_CONTROLLER (gesture));
  gboolean dbl = self->last_press_time != 0 && time - self->last_press_time < DOUBLE_CLICK_MS &&
                 hypot (wx - self->last_press_wx, wy - self->last_press_wy) <= CLICK_SLOP * 2;

  self->last_press_time = dbl ? 0 : time;
  self->last_press_wx = wx;
  self->last_press_wy = wy;
  return dbl;
}

static CanvasFlags
pointer_down (StpSketchCanvas *self,
              GtkGesture      *gesture,
              double           wx,
              double           wy,
              double           pressure)
{
  double px, py;
  gboolean dbl = is_double_click (self, gesture, wx, wy);

  widget_to_photo (self, wx, wy, &px, &py);
  self->press_x = wx;
  self->press_y = wy;
  self->last_x = px;
  self->last_y = py;
  close_label_popover (self);

  if (self->space_down)
    {
      self->drag = DRAG_PAN;
      return FLAG_NONE;
    }

  switch (self->tool)
    {
    case STP_SKETCH_TOOL_PEN:
      drop_live (self);
      self->live = stp_sketch_item_new (STP_SKETCH_ITEM_STROKE);
      self->live->width = self->pen_width;
      stp_sketch_item_add_point (self->live, px, py, pressure);
      self->drag = DRAG_STROKE;
      return FLAG_REDRAW;

    case STP_SKETCH_TOOL_CURVE:
      {
        const StpSketchItem *selected = self->selected != 0 ?
                                        stp_sketch_lookup_item (self->sketch, self->selected) :
                                        NULL;

        if (self->live != NULL && dbl)
          {
            /* The first click of the double-click added a node: drop it again. */
            if (self->live->nodes->len > 1)
              {
                g_array_remove_index (self->live->nodes, self->live->nodes->len - 1);
                stp_sketch_item_auto_handles (self->live, FALSE);
              }
            self->drag = DRAG_NONE;
            return finish_live (self);
          }

        if (self->live != NULL &&
            hit_node (self, self->live, px, py, &self->drag_node, &self->drag_handle,
                      &self->drag_mirror_side))
          {
            self->drag = DRAG_BUILD_NODE;
            return FLAG_NONE;
          }

        if (self->live == NULL &&
            hit_node (self, selected, px, py, &self->drag_node, &self->drag_handle,
                      &self->drag_mirror_side))
          {
            stp_sketch_history_begin_group (self->history, _("Edit curve"));
            self->drag = DRAG_NODE;
            return FLAG_NONE;
          }

        if (self->live == NULL)
          {
            set_selected (self, 0);
            self->live = stp_sketch_item_new (STP_SKETCH_ITEM_CURVE);
            self->live->width = self->pen_width;
            self->live->mirrored = self->mirror;
          }
        add_curve_node (self->live, px, py);
        /* Dragging right after placing a point shapes it. */
        self->drag_node = self->live->nodes->len - 1;
        self->drag_handle = STP_SKETCH_HANDLE_NODE;
        self->drag_mirror_side = FALSE;
        self->drag = DRAG_BUILD_NODE;
        return FLAG_REDRAW | FLAG_STATUS;
      }

    case STP_SKETCH_TOOL_REGION:
      if (self->live != NULL && dbl)
        {
          if (self->live->points->len > 3)
            g_array_remove_index (self->live->points, self->live->points->len - 1);
          return finish_live (self);
        }
      if (self->live != NULL && self->live->points->len >= 3)
        {
          const StpSketchPoint *first = &g_array_index (self->live->points, StpSketchPoint, 0);

          if (widget_distance (self, first->x, first->y, px, py) <= HIT_RADIUS)
            return finish_live (self);
        }
      if (self->live == NULL)
        self->live = new_region (self);
      stp_sketch_item_add_point (self->live, px, py, 1.0);
      return FLAG_REDRAW | FLAG_STATUS;

    case STP_SKETCH_TOOL_LABEL:
      open_label_popover (self, wx, wy);
      return FLAG_NONE;

    case STP_SKETCH_TOOL_ERASER:
      stp_sketch_history_begin_group (self->history, _("Erase"));
      self->drag = DRAG_ERASE;
      return erase_at (self, px, py);

    case STP_SKETCH_TOOL_SELECT:
      {
        const StpSketchItem *selected = self->selected != 0 ?
                                        stp_sketch_lookup_item (self->sketch, self->selected) :
                                        NULL;
        guint32 id;

        if (hit_node (self, selected, px, py, &self->drag_node, &self->drag_handle,
                      &self->drag_mirror_side))
          {
            stp_sketch_history_begin_group (self->history, _("Edit shape"));
            self->drag = DRAG_NODE;
            return FLAG_NONE;
          }

        id = stp_sketch_hit_test (self->sketch, px, py, HIT_RADIUS / self->view.scale);
        if (id != 0)
          {
            set_selected (self, id);
            stp_sketch_history_begin_group (self->history, _("Move"));
            self->drag = DRAG_MOVE;
            return FLAG_REDRAW;
          }

        set_selected (self, 0);
        if (near_midline (self, px, py))
          {
            stp_sketch_history_begin_group (self->history, _("Move midline"));
            self->drag = DRAG_MIDLINE;
          }
        return FLAG_REDRAW;
      }

    case STP_SKETCH_TOOL_MEASURE:
    case STP_SKETCH_TOOL_CALIBRATE:
      return press_two_point (self, px, py);

    case STP_SKETCH_N_TOOLS:
    default:
      return FLAG_NONE;
    }
}

static CanvasFlags
pointer_move (StpSketchCanvas *self,
              double           wx,
              double           wy,
              double           pressure)
{
  double px, py, dx, dy;

  widget_to_photo (self, wx, wy, &px, &py);
  dx = px - self->last_x;
  dy = py - self->last_y;

  switch (self->drag)
    {
    case DRAG_PAN:
      {
        double ox, oy;

        /* Panning moves the view, so photo coordinates of the pointer stay put. */
        stp_sketch_view_to_widget (&self->view, self->last_x, self->last_y, &ox, &oy);
        stp_sketch_view_pan (&self->view, wx - ox, wy - oy);
        self->fitted = FALSE;
        return FLAG_ZOOM;
      }

    case DRAG_STROKE:
      if (self->live != NULL && widget_distance (self, px, py, self->last_x, self->last_y) >= 0.5)
        {
          stp_sketch_item_add_point (self->live, px, py, pressure);
          self->last_x = px;
          self->last_y = py;
          return FLAG_REDRAW;
        }
      return FLAG_NONE;

    case DRAG_MOVE:
      if (self->selected != 0 && (dx != 0 || dy != 0))
        {
          stp_sketch_history_move_items (self->history, &self->selected, 1, dx, dy);
          self->last_x = px;
          self->last_y = py;
        }
      return FLAG_REDRAW;

    case DRAG_NODE:
      {
        double x = px, y = py;

        if (self->drag_mirror_side)
          stp_sketch_mirror_point (self->sketch, px, py, &x, &y);
        stp_sketch_history_set_node (self->history, self->selected, self->drag_node,
                                     self->drag_handle, x, y, TRUE);
        return FLAG_REDRAW;
      }

    case DRAG_BUILD_NODE:
      if (self->live != NULL && self->drag_node < self->live->nodes->len)
        {
          StpSketchNode *n = &g_array_index (self->live->nodes, StpSketchNode,
                                             self->drag_node);
          double x = px, y = py;

          if (self->drag_mirror_side)
            stp_sketch_mirror_point (self->sketch, px, py, &x, &y);

          if (self->drag_handle == STP_SKETCH_HANDLE_NODE)
            {
              double ddx = x - n->x, ddy = y - n->y;

              /* A freshly placed point stays a point until the pointer really moves. */
              if (hypot (wx - self->press_x, wy - self->press_y) < CLICK_SLOP)
                return FLAG_NONE;
              n->x += ddx; n->y += ddy;
              n->in_x += ddx; n->in_y += ddy;
              n->out_x += ddx; n->out_y += ddy;
              stp_sketch_item_auto_handles (self->live, FALSE);
            }
          else
            {
              /* A handle turns its partner to keep the node smooth. */
              double *hx = self->drag_handle == STP_SKETCH_HANDLE_IN ? &n->in_x : &n->out_x;
              double *hy = self->drag_handle == STP_SKETCH_HANDLE_IN ? &n->in_y : &n->out_y;
              double *ox = self->drag_handle == STP_SKETCH_HANDLE_IN ? &n->out_x : &n->in_x;
              double *oy = self->drag_handle == STP_SKETCH_HANDLE_IN ? &n->out_y : &n->in_y;
              double other = hypot (*ox - n->x, *oy - n->y);
              double len = hypot (x - n->x, y - n->y);

              *hx = x;
              *hy = y;
              if (len > 0)
                {
                  *ox = n->x - (x - n->x) / len * other;
                  *oy = n->y - (y - n->y) / len * other;
                }
            }
          return FLAG_REDRAW;
        }
      return FLAG_NONE;

    case DRAG_MIDLINE:
      stp_sketch_history_set_midline (self->history,
                                      stp_sketch_get_midline_x (self->sketch) + dx,
                                      stp_sketch_get_midline_angle (self->sketch));
      self->last_x = px;
      self->last_y = py;
      return FLAG_REDRAW;

    case DRAG_TWO_POINT:
      if (self->live != NULL)
        {
          StpSketchPoint *end = &g_array_index (self->live->points, StpSketchPoint, 1);

          end->x = px;
          end->y = py;
          return FLAG_REDRAW;
        }
      return FLAG_NONE;

    case DRAG_ERASE:
      self->last_x = px;
      self->last_y = py;
      return erase_at (self, px, py);

    case DRAG_NONE:
    default:
      return FLAG_NONE;
    }
}

static CanvasFlags
pointer_up (StpSketchCanvas *self)
{
  DragMode drag = self->drag;
  CanvasFlags flags = FLAG_NONE;

  self->drag = DRAG_NONE;

  switch (drag)
    {
    case DRAG_STROKE:
      if (self->live != NULL)
        {
          StpSketchItem *item = g_steal_pointer (&self->live);

          /* A click without movement leaves a dot: two points at the same place. */
          if (item->points->len == 1)
            {
              const StpSketchPoint *p = &g_array_index (item->points, StpSketchPoint, 0);
              stp_sketch_item_add_point (item, p->x, p->y, p->pressure);
            }
          stp_sketch_item_smooth_stroke (item, 0.5 / self->view.scale);
          commit_item (self, item);
        }
      flags = FLAG_REDRAW;
      break;

    case DRAG_MOVE:
    case DRAG_NODE:
    case DRAG_MIDLINE:
    case DRAG_ERASE:
      stp_sketch_history_end_group (self->history);
      flags = FLAG_REDRAW;
      break;

    case DRAG_TWO_POINT:
      flags = release_two_point (self);
      break;

    case DRAG_PAN:
    case DRAG_BUILD_NODE:
    case DRAG_NONE:
    default:
      flags = FLAG_REDRAW;
      break;
    }

  return flags;
}

/* Gestures. */

/* A pen is served by the stylus gesture, which reads its pressure; mice and fingers have
 * none. */
static gboolean
has_stylus (GtkGesture *gesture)
{
  GdkDevice *device = gtk_gesture_get_device (gesture);

  return device != NULL && (gdk_device_get_source (device) == GDK_SOURCE_PEN ||
                            gdk_device_get_device_tool (device) != NULL);
}

static void
drag_begin_cb (GtkGestureDrag  *gesture,
               double           x,
               double           y,
               StpSketchCanvas *self)
{
  /* A stylus is served by the stylus gesture, with its pressure. */
  if (self->history == NULL || self->stylus_down || has_stylus (GTK_GESTURE (gesture)))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  apply_flags (self, pointer_down (self, GTK_GESTURE (gesture), x, y, 1.0));
}

static void
drag_update_cb (GtkGestureDrag  *gesture,
                double           dx,
                double           dy,
                StpSketchCanvas *self)
{
  double x, y;

  if (self->history == NULL || self->stylus_down)
    return;
  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  apply_flags (self, pointer_move (self, x + dx, y + dy, 1.0));
}

static void
drag_end_cb (GtkGestureDrag  *gesture,
             double           dx,
             double           dy,
             StpSketchCanvas *self)
{
  if (self->history == NULL || self->stylus_down)
    return;
  apply_flags (self, pointer_up (self));
}

static double
stylus_pressure (GtkGestureStylus *gesture)
{
  double pressure;

  if (gtk_gesture_stylus_get_axis (gesture, GDK_AXIS_PRESSURE, &pressure) &&
      isfinite (pressure) && pressure > 0)
    return CLAMP (pressure, 0.05, 1.0);
  return 1.0;
}

static void
stylus_down_cb (GtkGestureStylus *gesture,
                double            x,
                double            y,
                StpSketchCanvas  *self)
{
  if (self->history == NULL)
    return;
  self->stylus_down = TRUE;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  apply_flags (self, pointer_down (self, GTK_GESTURE (gesture), x, y, stylus_pressure (gesture)));
}

static void
stylus_motion_cb (GtkGestureStylus *gesture,
                  double            x,
                  double            y,
                  StpSketchCanvas  *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  if (!self->stylus_down)
    return;
  apply_flags (self, pointer_move (self, x, y, stylus_pressure (gesture)));
}

static void
stylus_up_cb (GtkGestureStylus *gesture,
              double            x,
              double            y,
              StpSketchCanvas  *self)
{
  if (!self->stylus_down)
    return;
  self->stylus_down = FALSE;
  apply_flags (self, pointer_up (self));
}

static void
pan_begin_cb (GtkGestureDrag  *gesture,
              double           x,
              double           y,
              StpSketchCanvas *self)
{
  widget_to_photo (self, x, y, &self->last_x, &self->last_y);
}

static void
pan_update_cb (GtkGestureDrag  *gesture,
               double           dx,
               double           dy,
               StpSketchCanvas *self)
{
  double x, y, ox, oy;

  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  stp_sketch_view_to_widget (&self->view, self->last_x, self->last_y, &ox, &oy);
  stp_sketch_view_pan (&self->view, x + dx - ox, y + dy - oy);
  self->fitted = FALSE;
  apply_flags (self, FLAG_ZOOM);
}

static void
zoom_begin_cb (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               StpSketchCanvas  *self)
{
  self->pinch_scale = self->view.scale;
}

static void
zoom_scale_changed_cb (GtkGestureZoom  *gesture,
                       double           scale,
                       StpSketchCanvas *self)
{
  double cx, cy;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &cx, &cy))
    return;
  stp_sketch_view_zoom_at (&self->view, self->pinch_scale * scale, cx, cy);
  self->fitted = FALSE;
  apply_flags (self, FLAG_ZOOM);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           StpSketchCanvas          *self)
{
  double x = self->pointer_x, y = self->pointer_y;

  if (self->sketch == NULL || dy == 0)
    return FALSE;

  if (!self->pointer_inside)
    {
      x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }

  /* Wheel clicks and touchpad deltas alike: one unit zooms by 10 %. */
  stp_sketch_view_zoom_by (&self->view, pow (1.1, -dy), x, y);
  self->fitted = FALSE;
  apply_flags (self, FLAG_ZOOM);
  return TRUE;
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           StpSketchCanvas          *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = TRUE;

  /* Between clicks, the rubber band of a region or a two-point line follows the pointer. */
  if (self->drag == DRAG_NONE && self->live != NULL &&
      (self->live->kind == STP_SKETCH_ITEM_REGION || self->two_point_waiting))
    {
      if (self->two_point_waiting)
        {
          StpSketchPoint *end = &g_array_index (self->live->points, StpSketchPoint, 1);

          widget_to_photo (self, x, y, &end->x, &end->y);
        }
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
leave_cb (GtkEventControllerMotion *controller,
          StpSketchCanvas          *self)
{
  self->pointer_inside = FALSE;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                StpSketchCanvas       *self)
{
  return stp_sketch_canvas_handle_key (self, keyval, state);
}

static void
key_released_cb (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 StpSketchCanvas       *self)
{
  if (keyval == GDK_KEY_space)
    self->space_down = FALSE;
}

static void
focus_leave_cb (StpSketchCanvas *self)
{
  self->space_down = FALSE;
}

/* Keys. */

gboolean
stp_sketch_canvas_handle_key (StpSketchCanvas *self,
                              guint            keyval,
                              GdkModifierType  state)
{
  GdkModifierType mods = state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK |
                                  GDK_SUPER_MASK);
  guint lower = gdk_keyval_to_lower (keyval);

  g_return_val_if_fail (STP_IS_SKETCH_CANVAS (self), FALSE);

  if (self->sketch == NULL || (mods & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)))
    return FALSE;
  /* Typing a label is typing, not tool keys. */
  if (gtk_widget_get_visible (self->label_popover))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_space:
      self->space_down = TRUE;
      return TRUE;

    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      stp_sketch_canvas_zoom_in (self);
      return TRUE;

    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      stp_sketch_canvas_zoom_out (self);
      return TRUE;

    case GDK_KEY_0:
    case GDK_KEY_KP_0:
      stp_sketch_canvas_zoom_fit (self);
      return TRUE;

    case GDK_KEY_1:
    case GDK_KEY_KP_1:
      stp_sketch_canvas_zoom_actual (self);
      return TRUE;

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
      if (self->live == NULL)
        return FALSE;
      stp_sketch_canvas_finish (self);
      return TRUE;

    case GDK_KEY_Escape:
      if (self->live != NULL)
        {
          drop_live (self);
          apply_flags (self, FLAG_REDRAW | FLAG_STATUS);
          return TRUE;
        }
      if (self->selected != 0)
        {
          set_selected (self, 0);
          return TRUE;
        }
      return FALSE;

    case GDK_KEY_BackSpace:
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
      if (self->live != NULL && self->live->kind == STP_SKETCH_ITEM_REGION &&
          self->live->points->len > 1)
        {
          g_array_remove_index (self->live->points, self->live->points->len - 1);
          apply_flags (self, FLAG_REDRAW);
          return TRUE;
        }
      if (self->live != NULL && self->live->kind == STP_SKETCH_ITEM_CURVE &&
          self->live->nodes->len > 1)
        {
          g_array_remove_index (self->live->nodes, self->live->nodes->len - 1);
          stp_sketch_item_auto_handles (self->live, FALSE);
          apply_flags (self, FLAG_REDRAW);
          return TRUE;
        }
      if (self->selected != 0 && self->live == NULL)
        {
          guint32 id = self->selected;

          set_selected (self, 0);
          stp_sketch_history_remove_items (self->history, &id, 1);
          return TRUE;
        }
      return FALSE;

    default:
      break;
    }

  /* Shift+M toggles mirror drawing, G the guides; a plain letter picks a tool. */
  if (lower == GDK_KEY_m && (mods & GDK_SHIFT_MASK))
    {
      stp_sketch_canvas_set_mirror (self, !self->mirror);
      return TRUE;
    }
  if (mods & GDK_SHIFT_MASK)
    return FALSE;

  if (lower == GDK_KEY_g)
    {
      stp_sketch_history_set_guides_visible (self->history,
                                             !stp_sketch_get_guides_visible (self->sketch));
      return TRUE;
    }

  for (guint i = 0; i < STP_SKETCH_N_TOOLS; i++)
    if (lower == tool_info[i].keyval)
      {
        stp_sketch_canvas_set_tool (self, i);
        return TRUE;
      }

  return FALSE;
}

/* Drawing. */

static void
draw_rubber_band (StpSketchCanvas *self,
                  cairo_t         *cr)
{
  const StpSketchPoint *last;
  double x1, y1;

  if (self->live == NULL || self->live->kind != STP_SKETCH_ITEM_REGION ||
      self->live->points->len == 0 || !self->pointer_inside || self->drag != DRAG_NONE)
    return;

  last = &g_array_index (self->live->points, StpSketchPoint, self->live->points->len - 1);
  stp_sketch_view_to_widget (&self->view, last->x, last->y, &x1, &y1);
  cairo_save (cr);
  cairo_set_line_width (cr, 1.5);
  cairo_set_source_rgba (cr, 0.15, 0.63, 0.41, 0.9);
  {
    const double dash[] = { 5.0, 4.0 };
    cairo_set_dash (cr, dash, 2, 0);
  }
  cairo_move_to (cr, x1, y1);
  cairo_line_to (cr, self->pointer_x, self->pointer_y);
  cairo_stroke (cr);

  /* The first corner is where a click closes the shape. */
  if (self->live->points->len >= 3)
    {
      const StpSketchPoint *first = &g_array_index (self->live->points, StpSketchPoint, 0);
      double fx, fy;

      stp_sketch_view_to_widget (&self->view, first->x, first->y, &fx, &fy);
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_arc (cr, fx, fy, HIT_RADIUS, 0, 2 * G_PI);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

static void
draw_live (StpSketchCanvas *self,
           cairo_t         *cr)
{
  double opacity;

  if (self->live == NULL)
    return;

  opacity = stp_sketch_get_layer_opacity (self->sketch, self->live->layer);
  if (self->live->kind == STP_SKETCH_ITEM_REGION && self->live->points->len < 3)
    {
      /* Too few corners for the renderer's closed shape: show them as a path. */
      cairo_save (cr);
      stp_sketch_view_apply (&self->view, cr);
      for (guint i = 0; i < self->live->points->len; i++)
        {
          const StpSketchPoint *p = &g_array_index (self->live->points, StpSketchPoint, i);
          cairo_line_to (cr, p->x, p->y);
        }
      cairo_restore (cr);
      cairo_set_source_rgba (cr, 0.15, 0.63, 0.41, 1.0);
      cairo_set_line_width (cr, 2.0);
      cairo_stroke (cr);
    }
  else
    {
      /* The live item mirrored as it will be committed, so both sides grow together. */
      stp_sketch_render_item (self->sketch, cr, &self->view, self->live, opacity);
      if (self->mirror && self->live->kind != STP_SKETCH_ITEM_CURVE &&
          self->live->kind != STP_SKETCH_ITEM_MEASURE)
        {
          g_autoptr (StpSketchItem) mirror = stp_sketch_mirror_item (self->sketch, self->live);

          stp_sketch_render_item (self->sketch, cr, &self->view, mirror, opacity);
        }
    }

  if (self->live->kind == STP_SKETCH_ITEM_CURVE)
    stp_sketch_render_selection (self->sketch, cr, &self->view, self->live);
}

static void
rescale_photo (StpSketchCanvas *self)
{
  double s = self->view.scale;
  int width = MAX (1, (int) ceil (cairo_image_surface_get_width (self->photo) * s));
  int height = MAX (1, (int) ceil (cairo_image_surface_get_height (self->photo) * s));
  cairo_t *cr;

  g_clear_pointer (&self->photo_scaled, cairo_surface_destroy);
  self->photo_scaled = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (self->photo_scaled);
  cairo_scale (cr, s, s);
  cairo_set_source_surface (cr, self->photo, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_destroy (cr);
  self->photo_scaled_scale = s;
}

static gboolean
rescale_photo_cb (gpointer user_data)
{
  StpSketchCanvas *self = user_data;

  self->photo_rescale_source = 0;
  if (self->photo != NULL && self->view.scale < 1.0)
    {
      rescale_photo (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  return G_SOURCE_REMOVE;
}

static void
draw_photo (StpSketchCanvas *self,
            cairo_t         *cr)
{
  double s = self->view.scale;

  cairo_save (cr);
  cairo_translate (cr, self->view.offset_x, self->view.offset_y);
  if (s < 1.0)
    {
      /* The first time at once; while the zoom changes, the last copy stretched a little,
       * until the zoom rests. */
      if (self->photo_scaled == NULL)
        rescale_photo (self);
      else if (self->photo_scaled_scale != s && self->photo_rescale_source == 0)
        self->photo_rescale_source = g_timeout_add (RESCALE_DELAY_MS, rescale_photo_cb, self);

      if (self->photo_scaled_scale != s)
        cairo_scale (cr, s / self->photo_scaled_scale, s / self->photo_scaled_scale);
      cairo_set_source_surface (cr, self->photo_scaled, 0, 0);
    }
  else
    {
      cairo_scale (cr, s, s);
      cairo_set_source_surface (cr, self->photo, 0, 0);
      /* Zoomed far in, photo pixels show as pixels: what is really there. */
      cairo_pattern_set_filter (cairo_get_source (cr),
                                s >= 3.0 ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_GOOD);
    }
  cairo_paint (cr);
  cairo_restore (cr);
}

static void
stp_sketch_canvas_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  StpSketchCanvas *self = STP_SKETCH_CANVAS (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  graphene_rect_t photo_rect;
  StpSketchRenderFlags overlays;
  cairo_t *cr;

  if (self->sketch == NULL || width <= 0 || height <= 0)
    return;

  if (self->fitted)
    refit (self);

  graphene_rect_init (&photo_rect, self->view.offset_x, self->view.offset_y,
                      stp_sketch_get_photo_width (self->sketch) * self->view.scale,
                      stp_sketch_get_photo_height (self->sketch) * self->view.scale);

  /* The photo (or plain paper) as a texture node: GSK scales it, cairo never touches it. */
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  {
    /* A hairline edge and a soft shadow lift the page off the surround. */
    GskRoundedRect outline;
    GdkRGBA shadow = { 0, 0, 0, 0.35 };

    gsk_rounded_rect_init_from_rect (&outline, &photo_rect, 0);
    gtk_snapshot_append_outset_shadow (snapshot, &outline, &shadow, 0, 1, 1, 4);
  }
  if (self->photo == NULL)
    {
      GdkRGBA paper = { 0.98, 0.976, 0.965, 1.0 };
      gtk_snapshot_append_color (snapshot, &paper, &photo_rect);
    }

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (self->photo != NULL)
    draw_photo (self, cr);

  /* Committed items: a blit of the cache, redrawn only when items or the view changed. */
  stp_sketch_render_cache_draw (self->cache, cr, &self->view, width, height);

  overlays = STP_SKETCH_RENDER_GUIDES | STP_SKETCH_RENDER_CALIBRATION;
  if (self->mirror)
    overlays |= STP_SKETCH_RENDER_MIDLINE;
  stp_sketch_render_overlays (self->sketch, cr, &self->view, overlays);

  if (self->selected != 0)
    {
      const StpSketchItem *item = stp_sketch_lookup_item (self->sketch, self->selected);

      if (item != NULL)
        stp_sketch_render_selection (self->sketch, cr, &self->view, item);
    }

  draw_live (self, cr);
  draw_rubber_band (self, cr);

  cairo_destroy (cr);
  gtk_snapshot_pop (snapshot);
}

static gboolean
zoom_notify_idle_cb (gpointer user_data)
{
  StpSketchCanvas *self = user_data;

  self->zoom_notify_source = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  return G_SOURCE_REMOVE;
}

static void
stp_sketch_canvas_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  StpSketchCanvas *self = STP_SKETCH_CANVAS (widget);

  /* The zoom readout changes size; telling it later keeps this layout pass whole. */
  if (self->fitted)
    {
      refit (self);
      if (self->zoom_notify_source == 0)
        self->zoom_notify_source = g_idle_add (zoom_notify_idle_cb, self);
    }

  if (self->label_popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->label_popover));
}

static void
stp_sketch_canvas_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  *minimum = 120;
  *natural = 480;
}

static void
sketch_changed_cb (StpSketch           *sketch,
                   guint                what,
                   const StpSketchRect *rect,
                   StpSketchCanvas     *self)
{
  /* The selection may have been undone away. */
  if (self->selected != 0 && stp_sketch_lookup_item (sketch, self->selected) == NULL)
    set_selected (self, 0);
  /* A new photo size needs a new fit; a new name (a save) must not move the view. */
  if ((what & STP_SKETCH_CHANGE_META) &&
      (stp_sketch_get_photo_width (sketch) != self->photo_width ||
       stp_sketch_get_photo_height (sketch) != self->photo_height))
    {
      self->photo_width = stp_sketch_get_photo_width (sketch);
      self->photo_height = stp_sketch_get_photo_height (sketch);
      self->fitted = TRUE;
    }
  if (what & STP_SKETCH_CHANGE_CALIBRATION)
    apply_flags (self, FLAG_STATUS);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Public API. */

GtkWidget *
stp_sketch_canvas_new (void)
{
  return g_object_new (STP_TYPE_SKETCH_CANVAS, NULL);
}

void
stp_sketch_canvas_set_history (StpSketchCanvas  *self,
                               StpSketchHistory *history)
{
  g_return_if_fail (STP_IS_SKETCH_CANVAS (self));
  g_return_if_fail (history == NULL || STP_IS_SKETCH_HISTORY (history));

  if (self->history == history)
    return;

  drop_live (self);
  close_label_popover (self);
  self->drag = DRAG_NONE;
  set_selected (self, 0);
  if (self->sketch != NULL)
    g_clear_signal_handler (&self->changed_handler, self->sketch);
  g_clear_pointer (&self->cache, stp_sketch_render_cache_free);
  g_clear_object (&self->sketch);
  g_clear_object (&self->history);

  if (history != NULL)
    {
      self->history = g_object_ref (history);
      self->sketch = g_object_ref (stp_sketch_history_get_sketch (history));
      self->cache = stp_sketch_render_cache_new (self->sketch);
      stp_sketch_render_cache_set_device_scale (self->cache,
                                                gtk_widget_get_scale_factor (GTK_WIDGET (self)));
      self->changed_handler = g_signal_connect (self->sketch, "changed",
                                                G_CALLBACK (sketch_changed_cb), self);
      self->photo_width = stp_sketch_get_photo_width (self->sketch);
      self->photo_height = stp_sketch_get_photo_height (self->sketch);
    }

  self->fitted = TRUE;
  refit (self);
  apply_flags (self, FLAG_ZOOM | FLAG_STATUS);
}

StpSketchHistory *
stp_sketch_canvas_get_history (StpSketchCanvas *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_CANVAS (self), NULL);
  return self->history;
}

StpSketch *
stp_sketch_canvas_get_sketch (StpSketchCanvas *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_CANVAS (self), NULL);
  return self->sketch;
}

void
stp_sketch_canvas_set_photo (StpSketchCanvas *self,
                             GdkTexture      *photo)
{
  g_return_if_fail (STP_IS_SKETCH_CANVAS (self));
  g_return_if_fail (photo == NULL || GDK_IS_TEXTURE (photo));

  g_clear_handle_id (&self->photo_rescale_source, g_source_remove);
  g_clear_pointer (&self->photo_scaled, cairo_surface_destroy);
  g_clear_pointer (&self->photo, cairo_surface_destroy);

  if (photo != NULL)
    {
      int width = gdk_texture_get_width (photo);
      int height = gdk_texture_get_height (photo);

      /* GDK's download format is cairo's ARGB32, premultiplied, native byte order. */
      self->photo = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      if (cairo_surface_status (self->photo) != CAIRO_STATUS_SUCCESS)
        {
          g_warning ("The photo (%d x %d) could not be prepared for drawing", width, height);
          g_clear_pointer (&self->photo, cairo_surface_destroy);
        }
      else
        {
          gdk_texture_download (photo, cairo_image_surface_get_data (self->photo),
                                cairo_image_surface_get_stride (self->photo));
          cairo_surface_mark_dirty (self->photo);
        }
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

StpSketchTool
stp_sketch_canvas_get_tool (StpSketchCanvas *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_CANVAS (self), STP_SKETCH_TOOL_PEN);
  return self->tool;
}

void
stp_sketch_canvas_set_tool (StpSketchCanvas *self,
                            StpSketchTool    tool)
{
  g_return_if_fail (STP_IS_SKETCH_CANVAS (self));
  g_return_if_fail (tool < STP_SKETCH_N_TOOLS);

  if (self->tool == tool)
    return;

  /* An unfinished curve or region is kept when it can be: switching tools is no reason
   * to lose clicks. */
  if (self->live != NULL)
    {
      if (self->live->kind == STP_SKETCH_ITEM_CURVE || self->live->kind == STP_SKETCH_ITEM_REGION)
        finish_live (self);
      drop_live (self);
    }
  close_label_popover (self);
  self->tool = tool;
  if (tool != STP_SKETCH_TOOL_SELECT && tool != STP_SKETCH_TOOL_CURVE)
    set_selected (self, 0);

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                   tool == STP_SKETCH_TOOL_SELECT ? "default" :
                                   tool == STP_SKETCH_TOOL_LABEL ? "text" : "crosshair");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOL]);
  apply_flags (self, FLAG_REDRAW | FLAG_STATUS);
}

gboolean
stp_sketch_canvas_get_mirror (StpSketchCanvas *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_CANVAS (self), FALSE);
  return self->mirror;
}

void
stp_sketch_canvas_set_mirror (StpSketchCanvas *self,
                              gboolean         mirror)
{
  g_return_if_fail (STP_IS_SKETCH_CANVAS (self));

  mirror = !!mirror;
  if (self->mirror == mirror)
    return;
  self->mirror = mirror;
  if (self->live != NULL && self->live->kind == STP_SKETCH_ITEM_CURVE)
    self->live->mirrored = mirror;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIRROR]);
  apply_flags (self, FLAG_REDRAW);
}

double
stp_sketch_canvas_get_pen_width (StpSketchCanvas *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_CANVAS (self), 0);
  return self->pen_width;
}

void
stp_sketch_canvas_set_pen_width (StpSketchCanvas *self,
                                 double           width)
{
  g_return_if_fail (STP_IS_SKETCH_CANVAS (self));

  width = CLAMP (width, 0.5, STP_SKETCH_MAX_WIDTH);
  if (self->pen_width == width)
    return;
  self->pen_width = width;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEN_WIDTH]);
}

void
stp_sketch_canvas_set_region_options (StpSketchCanvas    *self,
                                      StpSketchRegionRole role,
                                      double              density,
                                      const char         *shade)
{
  g_return_if_fail (STP_IS_SKETCH_CANVAS (self));

  self->region_role = role;
  self->region_density = CLAMP (density, 0, STP_SKETCH_MAX_DENSITY);
  g_free (self->region_shade);
  self->region_shade = g_strdup (shade != NULL ? shade : "");

  /* The shape being outlined takes the new role at once. */
  if (self->live != NULL && self->live->kind == STP_SKETCH_ITEM_REGION)
    {
      g_autoptr (StpSketchItem) old = g_steal_pointer (&self->live);

      self->live = new_region (self);
      g_array_append_vals (self->live->points, old->points->data, old->points->len);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

double
stp_sketch_canvas_get_zoom (StpSketchCanvas *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_CANVAS (self), 1.0);
  return self->view.scale;
}

static void
zoom_about_centre (StpSketchCanvas *self,
                   double           scale)
{
  stp_sketch_view_zoom_at (&self->view, scale,
                           gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                           gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
  self->fitted = FALSE;
  apply_flags (self, FLAG_ZOOM);
}

void
stp_sketch_canvas_zoom_in (StpSketchCanvas *self)
{
  g_return_if_fail (STP_IS_SKETCH_CANVAS (self));
  zoom_about_centre (self, self->view.scale * ZOOM_STEP);
}

void
stp_sketch_canvas_zoom_out (StpSketchCanvas *self)
{
  g_return_if_fail (STP_IS_SKETCH_CANVAS (self));
  zoom_about_centre (self, self->view.scale / ZOOM_STEP);
}

void
stp_sketch_canvas_zoom_actual (StpSketchCanvas *self)
{
  g_return_if_fail (STP_IS_SKETCH_CANVAS (self));
  zoom_about_centre (self, 1.0);
}

void
stp_sketch_canvas_zoom_fit (StpSketchCanvas *self)
{
  g_return_if_fail (STP_IS_SKETCH_CANVAS (self));

  self->fitted = TRUE;
  refit (self);
  apply_flags (self, FLAG_ZOOM);
}

const StpSketchView *
stp_sketch_canvas_get_view (StpSketchCanvas *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_CANVAS (self), NULL);
  return &self->view;
}

/* Ends whatever the pointer was doing, so undo never lands inside an open group: a drag
 * that edits the sketch closes its group; what was still being made is dropped, not
 * committed (the rest of the drag then does nothing). */
static void
cancel_interaction (StpSketchCanvas *self)
{
  switch (self->drag)
    {
    case DRAG_MOVE:
    case DRAG_NODE:
    case DRAG_MIDLINE:
    case DRAG_ERASE:
      pointer_up (self);
      break;
    case DRAG_NONE:
    case DRAG_PAN:
    case DRAG_STROKE:
    case DRAG_TWO_POINT:
    case DRAG_BUILD_NODE:
    default:
      break;
    }
  self->drag = DRAG_NONE;
  drop_live (self);
}

gboolean
stp_sketch_canvas_undo (StpSketchCanvas *self)
{
  gboolean had_live;

  g_return_val_if_fail (STP_IS_SKETCH_CANVAS (self), FALSE);

  if (self->history == NULL)
    return FALSE;

  /* Undo first takes back the unfinished shape, as people expect. */
  had_live = self->live != NULL;
  cancel_interaction (self);
  if (had_live)
    {
      apply_flags (self, FLAG_REDRAW | FLAG_STATUS);
      return TRUE;
    }
  return stp_sketch_history_undo (self->history);
}

gboolean
stp_sketch_canvas_redo (StpSketchCanvas *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_CANVAS (self), FALSE);

  if (self->history == NULL)
    return FALSE;
  cancel_interaction (self);
  return stp_sketch_history_redo (self->history);
}

guint32
stp_sketch_canvas_get_selected (StpSketchCanvas *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_CANVAS (self), 0);
  return self->selected;
}

const char *
stp_sketch_canvas_get_status (StpSketchCanvas *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_CANVAS (self), NULL);
  return self->status;
}

void
stp_sketch_canvas_finish (StpSketchCanvas *self)
{
  g_return_if_fail (STP_IS_SKETCH_CANVAS (self));
  apply_flags (self, finish_live (self));
}

/* GObject. */

static void
stp_sketch_canvas_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  StpSketchCanvas *self = STP_SKETCH_CANVAS (object);

  switch (prop_id)
    {
    case PROP_TOOL:
      g_value_set_enum (value, self->tool);
      break;
    case PROP_MIRROR:
      g_value_set_boolean (value, self->mirror);
      break;
    case PROP_PEN_WIDTH:
      g_value_set_double (value, self->pen_width);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->view.scale);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_SELECTED:
      g_value_set_uint (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stp_sketch_canvas_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  StpSketchCanvas *self = STP_SKETCH_CANVAS (object);

  switch (prop_id)
    {
    case PROP_TOOL:
      stp_sketch_canvas_set_tool (self, g_value_get_enum (value));
      break;
    case PROP_MIRROR:
      stp_sketch_canvas_set_mirror (self, g_value_get_boolean (value));
      break;
    case PROP_PEN_WIDTH:
      stp_sketch_canvas_set_pen_width (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stp_sketch_canvas_dispose (GObject *object)
{
  StpSketchCanvas *self = STP_SKETCH_CANVAS (object);

  stp_sketch_canvas_set_history (self, NULL);
  g_clear_handle_id (&self->zoom_notify_source, g_source_remove);
  g_clear_pointer (&self->label_popover, gtk_widget_unparent);
  g_clear_handle_id (&self->photo_rescale_source, g_source_remove);
  g_clear_pointer (&self->photo_scaled, cairo_surface_destroy);
  g_clear_pointer (&self->photo, cairo_surface_destroy);

  G_OBJECT_CLASS (stp_sketch_canvas_parent_class)->dispose (object);
}

static void
stp_sketch_canvas_finalize (GObject *object)
{
  StpSketchCanvas *self = STP_SKETCH_CANVAS (object);

  g_free (self->region_shade);
  g_free (self->status);

  G_OBJECT_CLASS (stp_sketch_canvas_parent_class)->finalize (object);
}

static void
stp_sketch_canvas_class_init (StpSketchCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = stp_sketch_canvas_get_property;
  object_class->set_property = stp_sketch_canvas_set_property;
  object_class->dispose = stp_sketch_canvas_dispose;
  object_class->finalize = stp_sketch_canvas_finalize;

  widget_class->snapshot = stp_sketch_canvas_snapshot;
  widget_class->size_allocate = stp_sketch_canvas_size_allocate;
  widget_class->measure = stp_sketch_canvas_measure;

  properties[PROP_TOOL] =
    g_param_spec_enum ("tool", NULL, NULL, STP_TYPE_SKETCH_TOOL, STP_SKETCH_TOOL_PEN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MIRROR] =
    g_param_spec_boolean ("mirror", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PEN_WIDTH] =
    g_param_spec_double ("pen-width", NULL, NULL, 0.5, STP_SKETCH_MAX_WIDTH, 4.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, 0, G_MAXDOUBLE, 1.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_uint ("selected", NULL, NULL, 0, G_MAXUINT32, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * StpSketchCanvas::calibrate:
   *
   * The calibrate tool marked two points (photo pixels); the page asks their real
   * distance and sets the calibration through the history.
   */
  signals[SIGNAL_CALIBRATE] =
    g_signal_new ("calibrate",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_DOUBLE, G_TYPE_DOUBLE, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_set_css_name (widget_class, "sketchcanvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
stp_sketch_canvas_init (StpSketchCanvas *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  stp_sketch_view_init (&self->view);
  self->fitted = TRUE;
  self->pen_width = 4.0;
  self->region_shade = g_strdup ("");
  self->tool = STP_SKETCH_TOOL_PEN;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");

  gesture = gtk_gesture_stylus_new ();
  g_signal_connect (gesture, "down", G_CALLBACK (stylus_down_cb), self);
  g_signal_connect (gesture, "motion", G_CALLBACK (stylus_motion_cb), self);
  g_signal_connect (gesture, "up", G_CALLBACK (stylus_up_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_MIDDLE);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (pan_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (pan_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  g_signal_connect (controller, "key-released", G_CALLBACK (key_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  build_label_popover (self);
}
