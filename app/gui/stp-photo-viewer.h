/* stp-photo-viewer.h: one photo, zoomable and pannable, loaded off the main thread.
 *
 * Zoom is relative to "fit" (1.0 shows the whole photo); the centre is the point of the
 * photo in the middle of the view, as fractions of its width and height. Two viewers
 * whose zoom, center-x and center-y are bound move in step.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define STP_TYPE_PHOTO_VIEWER (stp_photo_viewer_get_type ())
G_DECLARE_FINAL_TYPE (StpPhotoViewer, stp_photo_viewer, STP, PHOTO_VIEWER, GtkWidget)

GtkWidget  *stp_photo_viewer_new          (void);
/* Shows the thumbnail at once (may be NULL), then the original at path when loaded.
 * width and height are the upright size of the original. */
void        stp_photo_viewer_load         (StpPhotoViewer *self,
                                           const char     *path,
                                           guint           width,
                                           guint           height,
                                           GBytes         *thumbnail);
gboolean    stp_photo_viewer_is_loaded    (StpPhotoViewer *self);
/* The message of a failed load, or NULL. */
const char *stp_photo_viewer_get_error    (StpPhotoViewer *self);

double      stp_photo_viewer_get_zoom     (StpPhotoViewer *self);
void        stp_photo_viewer_set_zoom     (StpPhotoViewer *self,
                                           double          zoom);
void        stp_photo_viewer_zoom_fit     (StpPhotoViewer *self);
/* One pixel of the photo on one pixel of the screen. */
void        stp_photo_viewer_zoom_actual  (StpPhotoViewer *self);
void        stp_photo_viewer_zoom_in      (StpPhotoViewer *self);
void        stp_photo_viewer_zoom_out     (StpPhotoViewer *self);

G_END_DECLS
