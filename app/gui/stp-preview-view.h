/* stp-preview-view.h: the SMP preview over the client's photo, with a before/after split.
 *
 * Shows the photo with the healed result the sketch's regions would give (see
 * stp-preview.h), a divider the client drags to compare with the photo as it is, and
 * controls for the session, the hairline style and band, and "Export Preview PNG…".
 * Dots are generated and drawn off the main thread; the dots are kept and only made again
 * when the sketch or the session, style or band change, and a new size only redraws.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <stipple/stipple.h>

G_BEGIN_DECLS

#define STP_TYPE_PREVIEW_VIEW (stp_preview_view_get_type ())
G_DECLARE_FINAL_TYPE (StpPreviewView, stp_preview_view, STP, PREVIEW_VIEW, GtkWidget)

GtkWidget        *stp_preview_view_new          (void);
/* The sketch to preview (a reference is kept and followed: edits update the preview)
 * and the photo it was drawn on. Either may be NULL to show nothing. */
void              stp_preview_view_set_sketch   (StpPreviewView    *self,
                                                 StpSketch         *sketch,
                                                 GdkPixbuf         *photo);
StpSketch        *stp_preview_view_get_sketch   (StpPreviewView    *self);

void              stp_preview_view_set_session  (StpPreviewView    *self,
                                                 StpPreviewSession  session);
StpPreviewSession stp_preview_view_get_session  (StpPreviewView    *self);
void              stp_preview_view_set_edge     (StpPreviewView    *self,
                                                 StpPreviewEdge     edge);
StpPreviewEdge    stp_preview_view_get_edge     (StpPreviewView    *self);
/* The soft hairline's band in mm (clamped to 0.5 .. STP_PREVIEW_MAX_BAND_MM). */
void              stp_preview_view_set_band_mm  (StpPreviewView    *self,
                                                 double             band_mm);
double            stp_preview_view_get_band_mm  (StpPreviewView    *self);

/* Where the divider stands across the photo, 0 (all "after") .. 1 (all "before"): the
 * photo as it is shows left of it, the preview right of it. Left and Right keys move it
 * by a twentieth; dragging puts it under the pointer. */
void              stp_preview_view_set_split    (StpPreviewView    *self,
                                                 double             split);
double            stp_preview_view_get_split    (StpPreviewView    *self);

/* TRUE when what is shown is up to date with the sketch, settings and size (nothing is
 * being generated or drawn). */
gboolean          stp_preview_view_is_ready     (StpPreviewView    *self);
/* The current dots (NULL before the first are made); owned by the view. */
StpPreviewDots   *stp_preview_view_get_dots     (StpPreviewView    *self);
/* The message shown instead of the preview when it could not be made, or NULL. */
const char       *stp_preview_view_get_error    (StpPreviewView    *self);

/* A window with a header bar around a preview view: the standalone way to show it. */
GtkWidget        *stp_preview_window_new        (GtkWindow         *parent,
                                                 StpSketch         *sketch,
                                                 GdkPixbuf         *photo);

G_END_DECLS
