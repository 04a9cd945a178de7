/* stp-signature-pad.c: a box to sign in with a mouse, a pen or a finger.
 *
 * Strokes are kept as data (the core's point arrays); drawing and the stored image both go
 * through stp_signature_draw, so what the client sees is what is stored.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "stp-signature-pad"

#include "stp-signature-pad.h"

#include <glib/gi18n.h>
#include <stipple/stipple.h>

#define PAD_WIDTH   480
#define PAD_HEIGHT  180
#define MOUSE_PRESSURE 0.5

struct _StpSignaturePad
{
  GtkWidget   parent_instance;

  GPtrArray  *strokes;        /* GArray of StpSignaturePoint */
  gboolean    drawing;
  gboolean    stylus_down;    /* a pen stroke is under way: the drag gesture stays out */
  gint64      start_time;     /* monotonic µs of the first point */
  double      drag_x;
  double      drag_y;
};

G_DEFINE_FINAL_TYPE (StpSignaturePad, stp_signature_pad, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_EMPTY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gint64
elapsed_ms (StpSignaturePad *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->start_time == 0)
    self->start_time = now;
  return (now - self->start_time) / 1000;
}

static void
add_point (StpSignaturePad *self,
           double           x,
           double           y,
           double           pressure)
{
  GArray *stroke;
  StpSignaturePoint point;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  g_return_if_fail (self->strokes->len > 0);

  stroke = g_ptr_array_index (self->strokes, self->strokes->len - 1);
  if (stroke->len >= STP_SIGNATURE_POINTS_MAX / 4)
    return;

  /* A pen dragged out of the box keeps to its edge. */
  point.x = CLAMP (x, 0, MAX (width, 1));
  point.y = CLAMP (y, 0, MAX (height, 1));
  point.pressure = CLAMP (pressure, 0.0, 1.0);
  point.time_ms = elapsed_ms (self);
  g_array_append_val (stroke, point);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
stp_signature_pad_begin_stroke (StpSignaturePad *self,
                                double           x,
                                double           y,
                                double           pressure)
{
  gboolean was_empty;

  g_return_if_fail (STP_IS_SIGNATURE_PAD (self));

  if (self->strokes->len >= STP_SIGNATURE_STROKES_MAX)
    return;

  was_empty = stp_signature_pad_is_empty (self);
  g_ptr_array_add (self->strokes, stp_signature_stroke_new ());
  self->drawing = TRUE;
  add_point (self, x, y, pressure);
  if (was_empty)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
}

void
stp_signature_pad_extend_stroke (StpSignaturePad *self,
                                 double           x,
                                 double           y,
                                 double           pressure)
{
  g_return_if_fail (STP_IS_SIGNATURE_PAD (self));

  if (self->drawing)
    add_point (self, x, y, pressure);
}

void
stp_signature_pad_end_stroke (StpSignaturePad *self)
{
  g_return_if_fail (STP_IS_SIGNATURE_PAD (self));

  self->drawing = FALSE;
}

gboolean
stp_signature_pad_is_empty (StpSignaturePad *self)
{
  g_return_val_if_fail (STP_IS_SIGNATURE_PAD (self), TRUE);

  return self->strokes->len == 0;
}

void
stp_signature_pad_clear (StpSignaturePad *self)
{
  g_return_if_fail (STP_IS_SIGNATURE_PAD (self));

  if (self->strokes->len == 0)
    return;

  g_ptr_array_set_size (self->strokes, 0);
  self->drawing = FALSE;
  self->start_time = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
}

char *
stp_signature_pad_dup_strokes_json (StpSignaturePad *self)
{
  g_return_val_if_fail (STP_IS_SIGNATURE_PAD (self), NULL);

  if (stp_signature_pad_is_empty (self))
    return NULL;
  return stp_signature_to_json (self->strokes);
}

GBytes *
stp_signature_pad_render_png (StpSignaturePad  *self,
                              GError          **error)
{
  g_autofree char *json = NULL;
  int width, height;

  g_return_val_if_fail (STP_IS_SIGNATURE_PAD (self), NULL);

  json = stp_signature_pad_dup_strokes_json (self);
  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  /* Before the first allocation, the size the pad asks for. */
  return stp_signature_render_png (json, width > 0 ? width : PAD_WIDTH,
                                   height > 0 ? height : PAD_HEIGHT,
                                   STP_SIGNATURE_BACKGROUND_TRANSPARENT, error);
}

/* Pen input: pressure from the tablet. */

static double
stylus_pressure (GtkGestureStylus *gesture)
{
  double pressure;

  if (gtk_gesture_stylus_get_axis (gesture, GDK_AXIS_PRESSURE, &pressure))
    return pressure;
  return MOUSE_PRESSURE;
}

static void
stylus_down_cb (GtkGestureStylus *gesture,
                double            x,
                double            y,
                StpSignaturePad  *self)
{
  self->stylus_down = TRUE;
  stp_signature_pad_begin_stroke (self, x, y, stylus_pressure (gesture));
}

static void
stylus_motion_cb (GtkGestureStylus *gesture,
                  double            x,
                  double            y,
                  StpSignaturePad  *self)
{
  if (self->stylus_down)
    stp_signature_pad_extend_stroke (self, x, y, stylus_pressure (gesture));
}

static void
stylus_up_cb (GtkGestureStylus *gesture,
              double            x,
              double            y,
              StpSignaturePad  *self)
{
  if (!self->stylus_down)
    return;
  stp_signature_pad_extend_stroke (self, x, y, stylus_pressure (gesture));
  stp_signature_pad_end_stroke (self);
  self->stylus_down = FALSE;
}

/* Mouse and touch: no pressure, so a steady mid-weight line. */

static void
drag_begin_cb (GtkGestureDrag  *gesture,
               double           x,
               double           y,
               StpSignaturePad *self)
{
  if (self->stylus_down)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->drag_x = x;
  self->drag_y = y;
  stp_signature_pad_begin_stroke (self, x, y, MOUSE_PRESSURE);
}

static void
drag_update_cb (GtkGestureDrag  *gesture,
                double           dx,
                double           dy,
                StpSignaturePad *self)
{
  if (!self->stylus_down)
    stp_signature_pad_extend_stroke (self, self->drag_x + dx, self->drag_y + dy,
                                     MOUSE_PRESSURE);
}

static void
drag_end_cb (GtkGestureDrag  *gesture,
             double           dx,
             double           dy,
             StpSignaturePad *self)
{
  if (!self->stylus_down)
    stp_signature_pad_end_stroke (self);
}

static void
stp_signature_pad_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  StpSignaturePad *self = STP_SIGNATURE_PAD (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA ink;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* The signing line, as on paper. */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &ink);
  cairo_set_source_rgba (cr, ink.red, ink.green, ink.blue, 0.3);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, 24, height - 36.5);
  cairo_line_to (cr, width - 24, height - 36.5);
  cairo_stroke (cr);

  if (self->strokes->len > 0)
    {
      cairo_set_source_rgba (cr, ink.red, ink.green, ink.blue, 1.0);
      stp_signature_draw (cr, self->strokes, 3.0);
    }

  cairo_destroy (cr);
}

static void
stp_signature_pad_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = PAD_WIDTH;
    }
  else
    {
      *minimum = 120;
      *natural = PAD_HEIGHT;
    }
}

static void
stp_signature_pad_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  StpSignaturePad *self = STP_SIGNATURE_PAD (object);

  switch (prop_id)
    {
    case PROP_EMPTY:
      g_value_set_boolean (value, stp_signature_pad_is_empty (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stp_signature_pad_finalize (GObject *object)
{
  StpSignaturePad *self = STP_SIGNATURE_PAD (object);

  g_clear_pointer (&self->strokes, g_ptr_array_unref);

  G_OBJECT_CLASS (stp_signature_pad_parent_class)->finalize (object);
}

static void
stp_signature_pad_class_init (StpSignaturePadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = stp_signature_pad_get_property;
  object_class->finalize = stp_signature_pad_finalize;
  widget_class->snapshot = stp_signature_pad_snapshot;
  widget_class->measure = stp_signature_pad_measure;

  properties[PROP_EMPTY] =
    g_param_spec_boolean ("empty", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "signaturepad");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
stp_signature_pad_init (StpSignaturePad *self)
{
  GtkGesture *stylus = gtk_gesture_stylus_new ();
  GtkGesture *drag = gtk_gesture_drag_new ();

  self->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  /* The stylus gesture comes first so a pen stroke claims the sequence before the drag
   * gesture, which handles mouse and touch. */
  g_signal_connect (stylus, "down", G_CALLBACK (stylus_down_cb), self);
  g_signal_connect (stylus, "motion", G_CALLBACK (stylus_motion_cb), self);
  g_signal_connect (stylus, "up", G_CALLBACK (stylus_up_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (stylus));

  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (drag), FALSE);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");
  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Signature"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Sign here with a pen, a finger or the mouse"),
                                  -1);
}

GtkWidget *
stp_signature_pad_new (void)
{
  return g_object_new (STP_TYPE_SIGNATURE_PAD, NULL);
}
