/* stp-photo-viewer.c: one photo, zoomable and pannable, loaded off the main thread.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "stp-photo-viewer"

#include "stp-photo-viewer.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stipple/stipple.h>

#define MIN_ZOOM 1.0
#define MAX_ZOOM 64.0
#define ZOOM_STEP 1.25
/* The largest side decoded: every camera photo at full size, within memory reason. */
#define MAX_DECODE_SIDE 8192
/* A reduced copy drawn whenever the photo appears smaller than it, because scaling the
 * full original down on every frame is slow in the software renderer. */
#define REDUCED_SIDE 1600

struct _StpPhotoViewer
{
  GtkWidget     parent_instance;

  GdkTexture   *thumbnail;
  GdkTexture   *reduced;
  GdkTexture   *full;
  GCancellable *cancellable;
  char         *error;
  guint         width;      /* upright size of the original */
  guint         height;
  double        zoom;
  double        center_x;
  double        center_y;
  double        drag_x;     /* centre when a drag began */
  double        drag_y;
  double        pointer_x;  /* where the pointer is, in widget coordinates; -1: outside */
  double        pointer_y;
};

G_DEFINE_FINAL_TYPE (StpPhotoViewer, stp_photo_viewer, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_ZOOM,
  PROP_CENTER_X,
  PROP_CENTER_Y,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Screen pixels per photo pixel at zoom 1. */
static double
fit_scale (StpPhotoViewer *self)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->width == 0 || self->height == 0 || w <= 0 || h <= 0)
    return 1.0;
  return MIN ((double)w / self->width, (double)h / self->height);
}

static double
current_scale (StpPhotoViewer *self)
{
  return fit_scale (self) * self->zoom;
}

static void
set_center (StpPhotoViewer *self,
            double          x,
            double          y)
{
  x = isfinite (x) ? CLAMP (x, 0.0, 1.0) : 0.5;
  y = isfinite (y) ? CLAMP (y, 0.0, 1.0) : 0.5;

  if (x != self->center_x)
    {
      self->center_x = x;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CENTER_X]);
    }
  if (y != self->center_y)
    {
      self->center_y = y;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CENTER_Y]);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The centre actually shown: where the photo is smaller than the view it is centred, and
 * where it is larger its edges never come inside the view. */
static double
shown_center (double center,
              double view,
              double size)
{
  double half;

  if (size <= view)
    return 0.5;
  half = view / 2.0 / size;
  return CLAMP (center, half, 1.0 - half);
}

static void
stp_photo_viewer_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  StpPhotoViewer *self = STP_PHOTO_VIEWER (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  double scale = current_scale (self);
  double dw = self->width * scale, dh = self->height * scale;
  double cx = shown_center (self->center_x, w, dw);
  double cy = shown_center (self->center_y, h, dh);
  GdkTexture *texture = self->full;

  if (self->width == 0 || self->height == 0)
    return;

  /* The reduced copy while it is at least as detailed as the screen needs. */
  if (self->reduced != NULL && gdk_texture_get_width (self->reduced) >= dw)
    texture = self->reduced;
  if (texture == NULL)
    texture = self->reduced != NULL ? self->reduced : self->thumbnail;
  if (texture == NULL)
    return;

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  gtk_snapshot_append_texture (snapshot, texture,
                               &GRAPHENE_RECT_INIT (floor (w / 2.0 - cx * dw),
                                                    floor (h / 2.0 - cy * dh), dw, dh));
  gtk_snapshot_pop (snapshot);
}

static void
zoom_around (StpPhotoViewer *self,
             double          zoom,
             double          x,
             double          y)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));
  double old_scale = current_scale (self);
  double px, py, new_scale;

  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  if (self->width == 0 || zoom == self->zoom)
    return;

  /* The photo point under (x, y) stays under it. */
  px = shown_center (self->center_x, w, self->width * old_scale) +
       (x - w / 2.0) / (self->width * old_scale);
  py = shown_center (self->center_y, h, self->height * old_scale) +
       (y - h / 2.0) / (self->height * old_scale);

  self->zoom = zoom;
  new_scale = current_scale (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  set_center (self, px - (x - w / 2.0) / (self->width * new_scale),
              py - (y - h / 2.0) / (self->height * new_scale));
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           StpPhotoViewer           *self)
{
  double x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;

  /* Scroll events carry no position of their own: the motion controller's is used. */
  if (self->pointer_x >= 0 && self->pointer_y >= 0)
    {
      x = self->pointer_x;
      y = self->pointer_y;
    }
  if (dy == 0)
    return FALSE;

  zoom_around (self, self->zoom * (dy < 0 ? ZOOM_STEP : 1.0 / ZOOM_STEP), x, y);
  return TRUE;
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           StpPhotoViewer           *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
}

static void
leave_cb (GtkEventControllerMotion *controller,
          StpPhotoViewer           *self)
{
  self->pointer_x = self->pointer_y = -1;
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               StpPhotoViewer *self)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));
  double scale = current_scale (self);

  /* Start from what is shown, so a drag never first crosses a dead zone. */
  self->drag_x = shown_center (self->center_x, w, self->width * scale);
  self->drag_y = shown_center (self->center_y, h, self->height * scale);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                StpPhotoViewer *self)
{
  double scale = current_scale (self);

  if (self->width == 0 || self->height == 0)
    return;
  set_center (self, self->drag_x - dx / (self->width * scale),
              self->drag_y - dy / (self->height * scale));
}

static void
pan_by (StpPhotoViewer *self,
        double          fx,
        double          fy)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));
  double scale = current_scale (self);
  double dw = self->width * scale, dh = self->height * scale;

  if (dw <= 0 || dh <= 0)
    return;
  set_center (self, shown_center (self->center_x, w, dw) + fx * w / dw,
              shown_center (self->center_y, h, dh) + fy * h / dh);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                StpPhotoViewer        *self)
{
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      stp_photo_viewer_zoom_in (self);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      stp_photo_viewer_zoom_out (self);
      return TRUE;
    case GDK_KEY_0:
    case GDK_KEY_KP_0:
      stp_photo_viewer_zoom_fit (self);
      return TRUE;
    case GDK_KEY_1:
    case GDK_KEY_KP_1:
      stp_photo_viewer_zoom_actual (self);
      return TRUE;
    case GDK_KEY_Left:
      pan_by (self, -0.1, 0);
      return TRUE;
    case GDK_KEY_Right:
      pan_by (self, 0.1, 0);
      return TRUE;
    case GDK_KEY_Up:
      pan_by (self, 0, -0.1);
      return TRUE;
    case GDK_KEY_Down:
      pan_by (self, 0, 0.1);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
stp_photo_viewer_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  *minimum = 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 600;
}

static void
stp_photo_viewer_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  StpPhotoViewer *self = STP_PHOTO_VIEWER (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_CENTER_X:
      g_value_set_double (value, self->center_x);
      break;
    case PROP_CENTER_Y:
      g_value_set_double (value, self->center_y);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->full != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stp_photo_viewer_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  StpPhotoViewer *self = STP_PHOTO_VIEWER (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      stp_photo_viewer_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_CENTER_X:
      set_center (self, g_value_get_double (value), self->center_y);
      break;
    case PROP_CENTER_Y:
      set_center (self, self->center_x, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stp_photo_viewer_dispose (GObject *object)
{
  StpPhotoViewer *self = STP_PHOTO_VIEWER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->thumbnail);
  g_clear_object (&self->reduced);
  g_clear_object (&self->full);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (stp_photo_viewer_parent_class)->dispose (object);
}

static void
stp_photo_viewer_class_init (StpPhotoViewerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = stp_photo_viewer_get_property;
  object_class->set_property = stp_photo_viewer_set_property;
  object_class->dispose = stp_photo_viewer_dispose;
  widget_class->snapshot = stp_photo_viewer_snapshot;
  widget_class->measure = stp_photo_viewer_measure;

  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, MIN_ZOOM, MAX_ZOOM, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CENTER_X] =
    g_param_spec_double ("center-x", NULL, NULL, 0.0, 1.0, 0.5,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CENTER_Y] =
    g_param_spec_double ("center-y", NULL, NULL, 0.0, 1.0, 0.5,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "stp-photo-viewer");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
stp_photo_viewer_init (StpPhotoViewer *self)
{
  GtkEventController *scroll, *key, *motion;
  GtkGesture *drag;

  self->zoom = 1.0;
  self->center_x = self->center_y = 0.5;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL |
                                            GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  self->pointer_x = self->pointer_y = -1;
  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
}

GtkWidget *
stp_photo_viewer_new (void)
{
  return g_object_new (STP_TYPE_PHOTO_VIEWER, NULL);
}

/* Loading */

typedef struct
{
  GdkPixbuf *full;
  GdkPixbuf *reduced;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_object (&loaded->full);
  g_clear_object (&loaded->reduced);
  g_free (loaded);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  GError *error = NULL;
  Loaded *loaded = g_new0 (Loaded, 1);
  int w, h;
  double scale;

  loaded->full = stp_photo_load_at_size (path, MAX_DECODE_SIDE, MAX_DECODE_SIDE, cancellable,
                                         &error);
  if (loaded->full == NULL)
    {
      loaded_free (loaded);
      g_task_return_error (task, error);
      return;
    }

  w = gdk_pixbuf_get_width (loaded->full);
  h = gdk_pixbuf_get_height (loaded->full);
  scale = MIN (1.0, (double)REDUCED_SIDE / MAX (w, h));
  if (scale < 1.0)
    loaded->reduced = gdk_pixbuf_scale_simple (loaded->full, MAX (1, (int)(w * scale)),
                                               MAX (1, (int)(h * scale)),
                                               GDK_INTERP_BILINEAR);
  g_task_return_pointer (task, loaded, (GDestroyNotify)loaded_free);
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(StpPhotoViewer) self = user_data;
  g_autoptr(GError) error = NULL;
  Loaded *loaded = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (loaded == NULL)
    {
      g_free (self->error);
      self->error = g_strdup (error->message);
      g_warning ("Could not show a photo: %s", error->message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
      return;
    }

  g_set_object (&self->full, NULL);
  self->full = gdk_texture_new_for_pixbuf (loaded->full);
  g_clear_object (&self->reduced);
  if (loaded->reduced != NULL)
    self->reduced = gdk_texture_new_for_pixbuf (loaded->reduced);
  loaded_free (loaded);

  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

void
stp_photo_viewer_load (StpPhotoViewer *self,
                       const char     *path,
                       guint           width,
                       guint           height,
                       GBytes         *thumbnail)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (STP_IS_PHOTO_VIEWER (self));
  g_return_if_fail (path != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->thumbnail);
  g_clear_object (&self->reduced);
  g_clear_object (&self->full);
  g_clear_pointer (&self->error, g_free);

  self->width = width;
  self->height = height;
  if (thumbnail != NULL)
    self->thumbnail = gdk_texture_new_from_bytes (thumbnail, NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, load_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, stp_photo_viewer_load);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, load_thread);
}

gboolean
stp_photo_viewer_is_loaded (StpPhotoViewer *self)
{
  g_return_val_if_fail (STP_IS_PHOTO_VIEWER (self), FALSE);

  return self->full != NULL;
}

const char *
stp_photo_viewer_get_error (StpPhotoViewer *self)
{
  g_return_val_if_fail (STP_IS_PHOTO_VIEWER (self), NULL);

  return self->error;
}

double
stp_photo_viewer_get_zoom (StpPhotoViewer *self)
{
  g_return_val_if_fail (STP_IS_PHOTO_VIEWER (self), 1.0);

  return self->zoom;
}

void
stp_photo_viewer_set_zoom (StpPhotoViewer *self,
                           double          zoom)
{
  g_return_if_fail (STP_IS_PHOTO_VIEWER (self));

  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  if (zoom == self->zoom)
    return;

  self->zoom = zoom;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
stp_photo_viewer_zoom_fit (StpPhotoViewer *self)
{
  g_return_if_fail (STP_IS_PHOTO_VIEWER (self));

  stp_photo_viewer_set_zoom (self, 1.0);
  set_center (self, 0.5, 0.5);
}

void
stp_photo_viewer_zoom_actual (StpPhotoViewer *self)
{
  g_return_if_fail (STP_IS_PHOTO_VIEWER (self));

  /* A photo smaller than the view is already at (at least) full size when fitted. */
  stp_photo_viewer_set_zoom (self, 1.0 / fit_scale (self));
}

void
stp_photo_viewer_zoom_in (StpPhotoViewer *self)
{
  g_return_if_fail (STP_IS_PHOTO_VIEWER (self));

  zoom_around (self, self->zoom * ZOOM_STEP, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
               gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
stp_photo_viewer_zoom_out (StpPhotoViewer *self)
{
  g_return_if_fail (STP_IS_PHOTO_VIEWER (self));

  zoom_around (self, self->zoom / ZOOM_STEP, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
               gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}
