/* stp-preview-view.c: the SMP preview over the client's photo, with a before/after split.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "stp-preview-view"

#include "stp-preview-view.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#define SPLIT_STEP 0.05
#define MIN_BAND_MM 0.5
/* The photo as shown is at most this many pixels on its longer side: more than a screen
 * shows at once, far less memory than a 50-megapixel photo at full size. */
#define MAX_SHOWN_SIDE 3000

struct _StpPreviewView
{
  GtkWidget          parent_instance;

  GtkWidget         *toolbar;
  GtkWidget         *session_drop;
  GtkWidget         *edge_drop;
  GtkWidget         *band_spin;
  GtkWidget         *status_label;    /* "not calibrated" or an error */
  GtkWidget         *spinner;
  GtkWidget         *export_button;
  GtkWidget         *area;            /* the picture */

  StpSketch         *sketch;
  gulong             changed_id;
  GdkPixbuf         *photo;
  cairo_surface_t   *photo_surface;   /* the photo as shown, made by the worker */

  StpPreviewParams   params;
  StpPreviewDots    *dots;            /* for dots_params and the sketch as it was */
  StpPreviewParams   dots_params;
  gboolean           dots_stale;      /* the sketch changed since */
  char              *error;

  /* What is shown: the photo and the photo with dots, drawn at view for a picture of
   * surface_width x surface_height device pixels. */
  cairo_surface_t   *before;
  cairo_surface_t   *after;
  StpSketchView      shown_view;
  int                surface_width;
  int                surface_height;

  /* One job at a time; a request while one runs waits for it (pending). */
  GCancellable      *cancellable;
  gboolean           busy;
  gboolean           pending;

  double             split;
  gboolean           updating_controls;
  guint              resize_idle;
};

G_DEFINE_FINAL_TYPE (StpPreviewView, stp_preview_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SPLIT,
  PROP_SESSION,
  PROP_READY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void request_update (StpPreviewView *self);

/* The job the worker thread runs: dots (unless the kept ones still fit), then the
 * picture before and after at the widget's size. */
typedef struct
{
  StpSketch        *sketch;          /* a copy: the main thread may edit the original */
  StpPreviewParams  params;
  StpPreviewDots   *dots;            /* reused when set */
  GdkPixbuf        *photo;
  cairo_surface_t  *photo_surface;   /* NULL: the worker makes it */
  StpSketchView     view;
  int               width, height;   /* device pixels */

  cairo_surface_t  *before;
  cairo_surface_t  *after;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_object (&job->sketch);
  g_clear_pointer (&job->dots, stp_preview_dots_unref);
  g_clear_object (&job->photo);
  g_clear_pointer (&job->photo_surface, cairo_surface_destroy);
  g_clear_pointer (&job->before, cairo_surface_destroy);
  g_clear_pointer (&job->after, cairo_surface_destroy);
  g_free (job);
}

static void
job_run (GTask        *task,
         gpointer      source,
         gpointer      data,
         GCancellable *cancellable)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;
  cairo_t *cr;
  cairo_matrix_t matrix;

  if (job->dots == NULL)
    {
      job->dots = stp_preview_generate (job->sketch, &job->params, cancellable, &error);
      if (job->dots == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  if (job->photo_surface == NULL)
    {
      int w = gdk_pixbuf_get_width (job->photo), h = gdk_pixbuf_get_height (job->photo);
      double k = MIN (1.0, (double)MAX_SHOWN_SIDE / MAX (w, h));

      if (k < 1.0)
        {
          g_autoptr(GdkPixbuf) shown = gdk_pixbuf_scale_simple (job->photo,
                                                                MAX ((int)(w * k), 1),
                                                                MAX ((int)(h * k), 1),
                                                                GDK_INTERP_BILINEAR);
          job->photo_surface = stp_preview_surface_from_pixbuf (shown);
        }
      else
        job->photo_surface = stp_preview_surface_from_pixbuf (job->photo);
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  job->before = cairo_image_surface_create (CAIRO_FORMAT_RGB24, job->width, job->height);
  job->after = cairo_image_surface_create (CAIRO_FORMAT_RGB24, job->width, job->height);
  cr = cairo_create (job->before);
  /* The margin around the photo: a neutral grey that reads in light and dark styles. */
  cairo_set_source_rgb (cr, 0.24, 0.24, 0.25);
  cairo_paint (cr);
  stp_sketch_view_get_matrix (&job->view, &matrix);
  cairo_transform (cr, &matrix);
  /* The shown photo may be smaller than the photo the sketch was drawn on. */
  cairo_scale (cr, (double)gdk_pixbuf_get_width (job->photo) /
                   cairo_image_surface_get_width (job->photo_surface),
               (double)gdk_pixbuf_get_height (job->photo) /
               cairo_image_surface_get_height (job->photo_surface));
  cairo_set_source_surface (cr, job->photo_surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr),
                            job->view.scale < 1.0 ? CAIRO_FILTER_GOOD : CAIRO_FILTER_BILINEAR);
  cairo_rectangle (cr, 0, 0, cairo_image_surface_get_width (job->photo_surface),
                   cairo_image_surface_get_height (job->photo_surface));
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_flush (job->before);

  cairo_surface_flush (job->after);
  memcpy (cairo_image_surface_get_data (job->after), cairo_image_surface_get_data (job->before),
          (gsize)cairo_image_surface_get_stride (job->before) * job->height);
  cairo_surface_mark_dirty (job->after);
  stp_preview_render (job->dots, job->after, &job->view);

  g_task_return_boolean (task, TRUE);
}

/* The view that fits the photo into the picture (device pixels). */
static gboolean
compute_view (StpPreviewView *self,
              StpSketchView  *view,
              int            *width,
              int            *height)
{
  int scale = gtk_widget_get_scale_factor (self->area);

  *width = gtk_widget_get_width (self->area) * scale;
  *height = gtk_widget_get_height (self->area) * scale;
  if (self->photo == NULL || *width <= 0 || *height <= 0)
    return FALSE;
  stp_sketch_view_init (view);
  stp_sketch_view_fit (view, gdk_pixbuf_get_width (self->photo),
                       gdk_pixbuf_get_height (self->photo), *width, *height, 0);
  return TRUE;
}

static void
set_error (StpPreviewView *self,
           const char     *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
}

static void
update_status (StpPreviewView *self)
{
  gboolean calibrated = TRUE;

  if (self->sketch != NULL)
    stp_preview_get_scale (self->sketch, &calibrated);
  if (self->error != NULL)
    gtk_label_set_text (GTK_LABEL (self->status_label), self->error);
  else if (self->dots != NULL && self->dots->n_regions == 0)
    gtk_label_set_text (GTK_LABEL (self->status_label),
                        _("Draw a treatment area to see the preview"));
  else if (!calibrated)
    gtk_label_set_text (GTK_LABEL (self->status_label),
                        _("Uncalibrated: density is approximate"));
  else
    gtk_label_set_text (GTK_LABEL (self->status_label), "");
  gtk_widget_set_visible (self->status_label,
                          *gtk_label_get_text (GTK_LABEL (self->status_label)) != '\0');
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.export",
                                 self->dots != NULL && self->photo != NULL);
}

static void
job_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  StpPreviewView *self = STP_PREVIEW_VIEW (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean was_ready;

  self->busy = FALSE;
  /* Disposed while the job ran: nothing to show it in. */
  if (self->area == NULL)
    return;
  was_ready = stp_preview_view_is_ready (self);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          set_error (self, error->message);
          g_clear_pointer (&self->dots, stp_preview_dots_unref);
          g_clear_pointer (&self->after, cairo_surface_destroy);
        }
    }
  else if (job->photo == self->photo)
    {
      /* Shown even when newer settings wait behind it: while a slider moves, each
       * finished picture is closer to what is asked than the one on screen. */
      set_error (self, NULL);
      if (self->dots != job->dots)
        {
          g_clear_pointer (&self->dots, stp_preview_dots_unref);
          self->dots = stp_preview_dots_ref (job->dots);
          self->dots_params = job->params;
        }
      if (self->photo_surface == NULL && job->photo == self->photo)
        self->photo_surface = cairo_surface_reference (job->photo_surface);
      g_clear_pointer (&self->before, cairo_surface_destroy);
      g_clear_pointer (&self->after, cairo_surface_destroy);
      self->before = g_steal_pointer (&job->before);
      self->after = g_steal_pointer (&job->after);
      self->shown_view = job->view;
      self->surface_width = job->width;
      self->surface_height = job->height;
      gtk_widget_queue_draw (self->area);
    }

  if (self->pending)
    {
      self->pending = FALSE;
      request_update (self);
    }
  update_status (self);
  if (was_ready != stp_preview_view_is_ready (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

/* Starts a job for what the view shows now, or marks one pending behind the running
 * one. */
static void
request_update (StpPreviewView *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job;
  StpSketchView view;
  int width, height;
  gboolean was_ready = stp_preview_view_is_ready (self);

  if (self->busy)
    {
      self->pending = TRUE;
      return;
    }
  if (self->sketch == NULL || !compute_view (self, &view, &width, &height))
    return;

  job = g_new0 (Job, 1);
  job->params = self->params;
  if (self->dots != NULL && !self->dots_stale &&
      stp_preview_params_equal (&self->dots_params, &self->params))
    job->dots = stp_preview_dots_ref (self->dots);
  else
    job->sketch = stp_sketch_copy (self->sketch);
  self->dots_stale = FALSE;
  job->photo = g_object_ref (self->photo);
  if (self->photo_surface != NULL)
    job->photo_surface = cairo_surface_reference (self->photo_surface);
  job->view = view;
  job->width = width;
  job->height = height;

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, job_done_cb, NULL);
  g_task_set_source_tag (task, request_update);
  g_task_set_task_data (task, job, job_free);
  self->busy = TRUE;
  g_task_run_in_thread (task, job_run);
  update_status (self);
  if (was_ready != stp_preview_view_is_ready (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static void
sketch_changed_cb (StpSketch       *sketch,
                   guint            what,
                   gpointer         rect,
                   StpPreviewView  *self)
{
  /* Layers and guides do not change the dots; everything else may. */
  if ((what & ~(STP_SKETCH_CHANGE_LAYERS | STP_SKETCH_CHANGE_GUIDES)) == 0)
    return;
  self->dots_stale = TRUE;
  request_update (self);
}

static void
params_changed (StpPreviewView *self)
{
  request_update (self);
}

/* Drawing. */

static double
split_x (StpPreviewView *self,
         double          width)
{
  StpSketchView view;
  int w, h, scale = gtk_widget_get_scale_factor (self->area);

  if (!compute_view (self, &view, &w, &h))
    return self->split * width;
  return (view.offset_x + self->split * gdk_pixbuf_get_width (self->photo) * view.scale) / scale;
}

static void
draw_tag (StpPreviewView *self,
          cairo_t        *cr,
          const char     *text,
          double          x,
          double          y,
          gboolean        right_aligned)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (self->area, text);
  int tw, th;

  pango_layout_get_pixel_size (layout, &tw, &th);
  if (right_aligned)
    x -= tw + 12;
  cairo_set_source_rgba (cr, 0, 0, 0, 0.55);
  cairo_rectangle (cr, x, y, tw + 12, th + 6);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_move_to (cr, x + 6, y + 3);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

static void
area_draw (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        data)
{
  StpPreviewView *self = data;
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (area));
  double sx;

  cairo_set_source_rgb (cr, 0.24, 0.24, 0.25);
  cairo_paint (cr);
  if (self->photo == NULL)
    return;

  sx = split_x (self, width);
  if (self->after == NULL || self->before == NULL)
    {
      /* Nothing drawn yet: the photo alone, fitted. */
      StpSketchView view;
      int w, h;
      cairo_matrix_t matrix;

      if (!compute_view (self, &view, &w, &h))
        return;
      cairo_save (cr);
      cairo_scale (cr, 1.0 / scale, 1.0 / scale);
      stp_sketch_view_get_matrix (&view, &matrix);
      cairo_transform (cr, &matrix);
      gdk_cairo_set_source_pixbuf (cr, self->photo, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
      return;
    }

  cairo_save (cr);
  /* A picture of another size (the widget is being resized) is stretched until the
   * new one is ready. */
  cairo_scale (cr, (double)width / (self->surface_width / (double)scale) / scale,
               (double)height / (self->surface_height / (double)scale) / scale);
  cairo_set_source_surface (cr, self->after, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);

  if (sx > 0)
    {
      cairo_save (cr);
      cairo_rectangle (cr, 0, 0, sx, height);
      cairo_clip (cr);
      cairo_scale (cr, (double)width / (self->surface_width / (double)scale) / scale,
                   (double)height / (self->surface_height / (double)scale) / scale);
      cairo_set_source_surface (cr, self->before, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
    }

  /* The divider, with a grip and the two sides named. */
  if (self->split > 0 && self->split < 1)
    {
      cairo_set_line_width (cr, 3);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.4);
      cairo_move_to (cr, sx, 0);
      cairo_line_to (cr, sx, height);
      cairo_stroke (cr);
      cairo_set_line_width (cr, 1.5);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_move_to (cr, sx, 0);
      cairo_line_to (cr, sx, height);
      cairo_stroke (cr);
      cairo_arc (cr, sx, height / 2.0, 10, 0, 2 * G_PI);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.5);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
    }
  if (self->split > 0.08)
    draw_tag (self, cr, C_("preview side", "Before"), MAX (sx - 8, 8), 8, TRUE);
  if (self->split < 0.92)
    draw_tag (self, cr, C_("preview side", "After"), MIN (sx + 8, width - 8), 8, FALSE);
}

static gboolean
resize_idle_cb (gpointer data)
{
  StpPreviewView *self = data;

  self->resize_idle = 0;
  request_update (self);
  return G_SOURCE_REMOVE;
}

/* The new size is known during allocation, when widgets must not change; the job (and
 * the spinner and labels it updates) starts just after. */
static void
area_resize_cb (GtkDrawingArea *area,
                int             width,
                int             height,
                StpPreviewView *self)
{
  if (self->resize_idle == 0)
    self->resize_idle = g_idle_add (resize_idle_cb, self);
}

static void
split_at (StpPreviewView *self,
          double          x)
{
  StpSketchView view;
  int w, h, scale = gtk_widget_get_scale_factor (self->area);
  double photo_width;

  if (!compute_view (self, &view, &w, &h))
    return;
  photo_width = gdk_pixbuf_get_width (self->photo) * view.scale;
  if (photo_width > 0)
    stp_preview_view_set_split (self, (x * scale - view.offset_x) / photo_width);
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               StpPreviewView *self)
{
  gtk_widget_grab_focus (self->area);
  split_at (self, x);
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                StpPreviewView *self)
{
  double x, y;

  if (gtk_gesture_drag_get_start_point (gesture, &x, &y))
    split_at (self, x + dx);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                StpPreviewView        *self)
{
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      stp_preview_view_set_split (self, self->split - SPLIT_STEP);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      stp_preview_view_set_split (self, self->split + SPLIT_STEP);
      return TRUE;
    case GDK_KEY_Home:
      stp_preview_view_set_split (self, 0);
      return TRUE;
    case GDK_KEY_End:
      stp_preview_view_set_split (self, 1);
      return TRUE;
    default:
      return FALSE;
    }
}

/* Controls. */

static void
session_selected_cb (GObject        *drop,
                     GParamSpec     *pspec,
                     StpPreviewView *self)
{
  if (!self->updating_controls)
    stp_preview_view_set_session (self, gtk_drop_down_get_selected (GTK_DROP_DOWN (drop)));
}

static void
edge_selected_cb (GObject        *drop,
                  GParamSpec     *pspec,
                  StpPreviewView *self)
{
  if (!self->updating_controls)
    stp_preview_view_set_edge (self, gtk_drop_down_get_selected (GTK_DROP_DOWN (drop)));
}

static void
band_changed_cb (GtkSpinButton  *spin,
                 StpPreviewView *self)
{
  if (!self->updating_controls)
    stp_preview_view_set_band_mm (self, gtk_spin_button_get_value (spin));
}

static void
sync_controls (StpPreviewView *self)
{
  self->updating_controls = TRUE;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->session_drop), self->params.session);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->edge_drop), self->params.edge);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->band_spin), self->params.band_mm);
  gtk_widget_set_sensitive (self->band_spin, self->params.edge == STP_PREVIEW_EDGE_SOFT);
  self->updating_controls = FALSE;
}

/* Export. */

typedef struct
{
  StpPreviewDots *dots;
  GdkPixbuf      *photo;
  GFile          *file;
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  stp_preview_dots_unref (job->dots);
  g_object_unref (job->photo);
  g_object_unref (job->file);
  g_free (job);
}

static void
export_run (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  ExportJob *job = data;
  GError *error = NULL;

  if (stp_preview_export_png (job->dots, job->photo, job->file, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  StpPreviewView *self = STP_PREVIEW_VIEW (source);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (self->toolbar == NULL)
    return;
  gtk_widget_set_sensitive (self->export_button, TRUE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                  _("The Preview Was Not Saved"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  {
    g_autofree char *name = g_file_get_basename (job->file);
    g_autofree char *text = g_strdup_printf (_("Saved “%s”"), name);

    set_error (self, NULL);
    gtk_label_set_text (GTK_LABEL (self->status_label), text);
    gtk_widget_set_visible (self->status_label, TRUE);
  }
}

/* Exports the shown preview to file at the photo's resolution, in a thread. */
static void
export_to (StpPreviewView *self,
           GFile          *file)
{
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  if (self->dots == NULL || self->photo == NULL)
    return;
  job = g_new0 (ExportJob, 1);
  job->dots = stp_preview_dots_ref (self->dots);
  job->photo = g_object_ref (self->photo);
  job->file = g_object_ref (file);
  task = g_task_new (self, NULL, export_done_cb, NULL);
  g_task_set_source_tag (task, export_to);
  g_task_set_task_data (task, job, export_job_free);
  gtk_widget_set_sensitive (self->export_button, FALSE);
  g_task_run_in_thread (task, export_run);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     StpPreviewView  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (file != NULL)
        export_to (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  StpPreviewView *self = STP_PREVIEW_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter;
  g_autofree char *name = NULL;

  if (self->dots == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Export Preview PNG"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (self->sketch != NULL && stp_sketch_get_name (self->sketch) != NULL &&
      *stp_sketch_get_name (self->sketch) != '\0')
    {
      /* Translators: the file name offered for an exported preview; %s is the sketch's
       * name. */
      name = g_strdup_printf (_("%s preview.png"), stp_sketch_get_name (self->sketch));
      g_strdelimit (name, "/\\", '-');
    }
  else
    name = g_strdup_printf ("%s.png", C_("file name", "preview"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("PNG images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* GObject. */

static void
stp_preview_view_dispose (GObject *object)
{
  StpPreviewView *self = STP_PREVIEW_VIEW (object);

  g_clear_handle_id (&self->resize_idle, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->sketch != NULL)
    g_clear_signal_handler (&self->changed_id, self->sketch);
  g_clear_object (&self->sketch);
  g_clear_object (&self->photo);
  g_clear_pointer (&self->photo_surface, cairo_surface_destroy);
  g_clear_pointer (&self->dots, stp_preview_dots_unref);
  g_clear_pointer (&self->before, cairo_surface_destroy);
  g_clear_pointer (&self->after, cairo_surface_destroy);
  g_clear_pointer (&self->toolbar, gtk_widget_unparent);
  g_clear_pointer (&self->area, gtk_widget_unparent);

  G_OBJECT_CLASS (stp_preview_view_parent_class)->dispose (object);
}

static void
stp_preview_view_finalize (GObject *object)
{
  StpPreviewView *self = STP_PREVIEW_VIEW (object);

  g_free (self->error);
  G_OBJECT_CLASS (stp_preview_view_parent_class)->finalize (object);
}

static void
stp_preview_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  StpPreviewView *self = STP_PREVIEW_VIEW (object);

  switch (prop_id)
    {
    case PROP_SPLIT:
      g_value_set_double (value, self->split);
      break;
    case PROP_SESSION:
      g_value_set_int (value, self->params.session);
      break;
    case PROP_READY:
      g_value_set_boolean (value, stp_preview_view_is_ready (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stp_preview_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  StpPreviewView *self = STP_PREVIEW_VIEW (object);

  switch (prop_id)
    {
    case PROP_SPLIT:
      stp_preview_view_set_split (self, g_value_get_double (value));
      break;
    case PROP_SESSION:
      stp_preview_view_set_session (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stp_preview_view_class_init (StpPreviewViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stp_preview_view_dispose;
  object_class->finalize = stp_preview_view_finalize;
  object_class->get_property = stp_preview_view_get_property;
  object_class->set_property = stp_preview_view_set_property;

  properties[PROP_SPLIT] =
    g_param_spec_double ("split", NULL, NULL, 0.0, 1.0, 0.5,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_int ("session", NULL, NULL, 0, STP_PREVIEW_N_SESSIONS - 1,
                      STP_PREVIEW_SESSION_3,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "preview.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "preview.export", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "previewview");
}

static GtkWidget *
labelled (GtkWidget  *control,
          const char *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (text);

  gtk_label_set_mnemonic_widget (GTK_LABEL (label), control);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), control);
  /* The mnemonic widget also makes the label the control's accessible name. */
  return box;
}

/* A control on the toolbar: the flow box's own child around it takes no focus, so Tab
 * goes from control to control. */
static void
toolbar_append (StpPreviewView *self,
                GtkWidget      *control)
{
  GtkWidget *slot;

  gtk_flow_box_append (GTK_FLOW_BOX (self->toolbar), control);
  slot = gtk_widget_get_parent (control);
  gtk_widget_set_focusable (slot, FALSE);
  /* A hidden control (the status note) leaves no empty slot and spacing behind. */
  g_object_bind_property (control, "visible", slot, "visible", G_BINDING_SYNC_CREATE);
}

static void
stp_preview_view_init (StpPreviewView *self)
{
  const char *sessions[STP_PREVIEW_N_SESSIONS + 1];
  const char *edges[] = { _("Soft, broken"), _("Sharp, defined"), NULL };
  GtkGesture *drag;
  GtkEventController *keys;
  GtkLayoutManager *layout;

  stp_preview_params_init (&self->params);
  self->split = 0.5;

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);

  for (int i = 0; i < STP_PREVIEW_N_SESSIONS; i++)
    sessions[i] = stp_preview_session_get_label (i);
  sessions[STP_PREVIEW_N_SESSIONS] = NULL;

  /* The controls wrap onto a second line in a narrow window instead of widening it, so
   * the client list beside the sketch does not have to fold away for them. */
  self->toolbar = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (self->toolbar), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (self->toolbar), FALSE);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (self->toolbar), 18);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (self->toolbar), 6);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->toolbar), 6);
  gtk_widget_set_margin_start (self->toolbar, 12);
  gtk_widget_set_margin_end (self->toolbar, 12);
  gtk_widget_set_margin_top (self->toolbar, 6);
  gtk_widget_set_margin_bottom (self->toolbar, 6);
  gtk_widget_set_parent (self->toolbar, GTK_WIDGET (self));

  self->session_drop = gtk_drop_down_new_from_strings (sessions);
  g_signal_connect (self->session_drop, "notify::selected", G_CALLBACK (session_selected_cb), self);
  toolbar_append (self, labelled (self->session_drop, _("_Show")));

  self->edge_drop = gtk_drop_down_new_from_strings (edges);
  g_signal_connect (self->edge_drop, "notify::selected", G_CALLBACK (edge_selected_cb), self);
  toolbar_append (self, labelled (self->edge_drop, _("_Hairline")));

  self->band_spin = gtk_spin_button_new_with_range (MIN_BAND_MM, STP_PREVIEW_MAX_BAND_MM, 0.5);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (self->band_spin), 1);
  g_signal_connect (self->band_spin, "value-changed", G_CALLBACK (band_changed_cb), self);
  toolbar_append (self, labelled (self->band_spin, _("_Band (mm)")));

  self->spinner = gtk_spinner_new ();
  toolbar_append (self, self->spinner);

  self->status_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->status_label, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (self->status_label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->status_label), 24);
  gtk_widget_set_hexpand (self->status_label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->status_label), 0);
  gtk_widget_set_visible (self->status_label, FALSE);
  toolbar_append (self, self->status_label);

  self->export_button = gtk_button_new_with_mnemonic (_("_Export Preview PNG…"));
  gtk_widget_set_halign (self->export_button, GTK_ALIGN_END);
  gtk_widget_set_hexpand (self->export_button, TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->export_button), "preview.export");
  gtk_widget_set_tooltip_text (self->export_button,
                               _("Save the photo with the preview at full size (Shift+Ctrl+E)"));
  toolbar_append (self, self->export_button);

  self->area = gtk_drawing_area_new ();
  gtk_widget_set_hexpand (self->area, TRUE);
  gtk_widget_set_vexpand (self->area, TRUE);
  gtk_widget_set_focusable (self->area, TRUE);
  gtk_widget_set_focus_on_click (self->area, TRUE);
  gtk_widget_set_size_request (self->area, 320, 240);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->area),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Preview of the healed result. Left and Right move the "
                                    "divider between the photo before and the preview after."),
                                  -1);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->area), area_draw, self, NULL);
  g_signal_connect (self->area, "resize", G_CALLBACK (area_resize_cb), self);
  gtk_widget_set_cursor_from_name (self->area, "col-resize");
  gtk_widget_set_parent (self->area, GTK_WIDGET (self));

  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (self->area, GTK_EVENT_CONTROLLER (drag));

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (self->area, keys);

  sync_controls (self);
  update_status (self);
}

/* Public API. */

GtkWidget *
stp_preview_view_new (void)
{
  return g_object_new (STP_TYPE_PREVIEW_VIEW, NULL);
}

void
stp_preview_view_set_sketch (StpPreviewView *self,
                             StpSketch      *sketch,
                             GdkPixbuf      *photo)
{
  g_return_if_fail (STP_IS_PREVIEW_VIEW (self));
  g_return_if_fail (sketch == NULL || STP_IS_SKETCH (sketch));
  g_return_if_fail (photo == NULL || GDK_IS_PIXBUF (photo));

  if (self->sketch != NULL)
    g_clear_signal_handler (&self->changed_id, self->sketch);
  g_set_object (&self->sketch, sketch);
  if (sketch != NULL)
    self->changed_id = g_signal_connect (sketch, "changed", G_CALLBACK (sketch_changed_cb), self);
  if (photo != self->photo)
    {
      g_set_object (&self->photo, photo);
      g_clear_pointer (&self->photo_surface, cairo_surface_destroy);
    }
  g_clear_pointer (&self->dots, stp_preview_dots_unref);
  g_clear_pointer (&self->before, cairo_surface_destroy);
  g_clear_pointer (&self->after, cairo_surface_destroy);
  set_error (self, NULL);
  self->dots_stale = TRUE;
  request_update (self);
  update_status (self);
  gtk_widget_queue_draw (self->area);
}

StpSketch *
stp_preview_view_get_sketch (StpPreviewView *self)
{
  g_return_val_if_fail (STP_IS_PREVIEW_VIEW (self), NULL);
  return self->sketch;
}

void
stp_preview_view_set_session (StpPreviewView    *self,
                              StpPreviewSession  session)
{
  g_return_if_fail (STP_IS_PREVIEW_VIEW (self));
  g_return_if_fail ((guint)session < STP_PREVIEW_N_SESSIONS);

  if (self->params.session == session)
    return;
  self->params.session = session;
  sync_controls (self);
  params_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

StpPreviewSession
stp_preview_view_get_session (StpPreviewView *self)
{
  g_return_val_if_fail (STP_IS_PREVIEW_VIEW (self), STP_PREVIEW_SESSION_3);
  return self->params.session;
}

void
stp_preview_view_set_edge (StpPreviewView *self,
                           StpPreviewEdge  edge)
{
  g_return_if_fail (STP_IS_PREVIEW_VIEW (self));
  g_return_if_fail (edge == STP_PREVIEW_EDGE_SOFT || edge == STP_PREVIEW_EDGE_SHARP);

  if (self->params.edge == edge)
    return;
  self->params.edge = edge;
  sync_controls (self);
  params_changed (self);
}

StpPreviewEdge
stp_preview_view_get_edge (StpPreviewView *self)
{
  g_return_val_if_fail (STP_IS_PREVIEW_VIEW (self), STP_PREVIEW_EDGE_SOFT);
  return self->params.edge;
}

void
stp_preview_view_set_band_mm (StpPreviewView *self,
                              double          band_mm)
{
  g_return_if_fail (STP_IS_PREVIEW_VIEW (self));

  if (!isfinite (band_mm))
    return;
  band_mm = CLAMP (band_mm, MIN_BAND_MM, STP_PREVIEW_MAX_BAND_MM);
  if (self->params.band_mm == band_mm)
    return;
  self->params.band_mm = band_mm;
  sync_controls (self);
  params_changed (self);
}

double
stp_preview_view_get_band_mm (StpPreviewView *self)
{
  g_return_val_if_fail (STP_IS_PREVIEW_VIEW (self), STP_PREVIEW_DEFAULT_BAND_MM);
  return self->params.band_mm;
}

void
stp_preview_view_set_split (StpPreviewView *self,
                            double          split)
{
  g_return_if_fail (STP_IS_PREVIEW_VIEW (self));

  if (!isfinite (split))
    return;
  split = CLAMP (split, 0.0, 1.0);
  if (self->split == split)
    return;
  self->split = split;
  gtk_widget_queue_draw (self->area);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPLIT]);
}

double
stp_preview_view_get_split (StpPreviewView *self)
{
  g_return_val_if_fail (STP_IS_PREVIEW_VIEW (self), 0.5);
  return self->split;
}

gboolean
stp_preview_view_is_ready (StpPreviewView *self)
{
  StpSketchView view;
  int width, height;

  g_return_val_if_fail (STP_IS_PREVIEW_VIEW (self), FALSE);

  if (self->busy || self->pending || self->sketch == NULL)
    return FALSE;
  if (self->error != NULL)
    return TRUE;
  return self->after != NULL && compute_view (self, &view, &width, &height) &&
         width == self->surface_width && height == self->surface_height &&
         stp_sketch_view_equal (&view, &self->shown_view);
}

StpPreviewDots *
stp_preview_view_get_dots (StpPreviewView *self)
{
  g_return_val_if_fail (STP_IS_PREVIEW_VIEW (self), NULL);
  return self->dots;
}

const char *
stp_preview_view_get_error (StpPreviewView *self)
{
  g_return_val_if_fail (STP_IS_PREVIEW_VIEW (self), NULL);
  return self->error;
}

/* The standalone window. */

GtkWidget *
stp_preview_window_new (GtkWindow *parent,
                        StpSketch *sketch,
                        GdkPixbuf *photo)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *view = stp_preview_view_new ();
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_window_set_title (GTK_WINDOW (window), _("Preview"));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (view, TRUE);
  gtk_box_append (GTK_BOX (box), view);
  adw_window_set_content (ADW_WINDOW (window), box);
  stp_preview_view_set_sketch (STP_PREVIEW_VIEW (view), sketch, photo);

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                      gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, shortcuts);
  return window;
}
