/* stp-sketch-page.h: the sketch editor: the canvas with its tools, layers and versions.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include <stipple/stipple.h>

#include "stp-sketch-canvas.h"
#include "stp-preview-view.h"

G_BEGIN_DECLS

#define STP_TYPE_SKETCH_PAGE (stp_sketch_page_get_type ())
G_DECLARE_FINAL_TYPE (StpSketchPage, stp_sketch_page, STP, SKETCH_PAGE, AdwBin)

/* What the page should do once a question about unsaved changes is answered. */
typedef void (*StpSketchPageLeaveFunc) (gpointer user_data);

GtkWidget       *stp_sketch_page_new              (void);
void             stp_sketch_page_set_store        (StpSketchPage  *self,
                                                   StpStore       *store);

/* A new, empty sketch for a client over a photo file (NULL: a plain background of a
 * standard size). photo_id is the photo's row, 0 when none. */
gboolean         stp_sketch_page_new_sketch       (StpSketchPage  *self,
                                                   gint64          client_id,
                                                   gint64          photo_id,
                                                   const char     *photo_path,
                                                   GError        **error);
/* Opens a saved version. photo_path is the file of its photo, NULL when none. */
gboolean         stp_sketch_page_open_version     (StpSketchPage  *self,
                                                   gint64          version_id,
                                                   const char     *photo_path,
                                                   GError        **error);
/* Forgets the sketch (after leaving the page). */
void             stp_sketch_page_clear            (StpSketchPage  *self);

gint64           stp_sketch_page_get_client_id    (StpSketchPage  *self);
/* The version on screen, 0 for a sketch never saved. */
gint64           stp_sketch_page_get_version_id   (StpSketchPage  *self);
/* The photo drawn on; 0 on plain paper. */
gint64           stp_sketch_page_get_photo_id     (StpSketchPage  *self);
/* TRUE when the drawing differs from what was saved (or was never saved and has items). */
gboolean         stp_sketch_page_get_modified     (StpSketchPage  *self);
/* The version's name, or "New Sketch". */
const char      *stp_sketch_page_get_title        (StpSketchPage  *self);
StpSketchCanvas *stp_sketch_page_get_canvas       (StpSketchPage  *self);
/* Preview (Shift+P) shows the sketch's SMP preview in place of the canvas. */
gboolean         stp_sketch_page_get_previewing   (StpSketchPage  *self);
void             stp_sketch_page_set_previewing   (StpSketchPage  *self,
                                                   gboolean        previewing);
/* The preview view, once Preview has been turned on; NULL before. */
StpPreviewView  *stp_sketch_page_get_preview      (StpSketchPage  *self);

/* Saves: an open version that can still change is updated; a new or locked one asks for
 * a name and becomes a new version. then (may be NULL) runs after a successful save. */
void             stp_sketch_page_save             (StpSketchPage          *self,
                                                   StpSketchPageLeaveFunc  then,
                                                   gpointer                user_data);
/* Always asks for a name and saves a new version. */
void             stp_sketch_page_save_as          (StpSketchPage          *self,
                                                   StpSketchPageLeaveFunc  then,
                                                   gpointer                user_data);
/* Saves the sketch as a new version without asking (for tests and scripted use). */
gint64           stp_sketch_page_save_new_version (StpSketchPage  *self,
                                                   const char     *name,
                                                   GError        **error);
/* The name dialog of the last save, while it is open (for tests). */
GtkWidget       *stp_sketch_page_get_name_dialog  (StpSketchPage  *self);

/* Export with a file chooser. */
void             stp_sketch_page_export_png       (StpSketchPage  *self);
void             stp_sketch_page_export_svg       (StpSketchPage  *self);
/* Export straight to a file (the chooser's callback and tests use these). */
gboolean         stp_sketch_page_write_png        (StpSketchPage  *self,
                                                   const char     *path,
                                                   GError        **error);
gboolean         stp_sketch_page_write_svg        (StpSketchPage  *self,
                                                   const char     *path,
                                                   GError        **error);

/* With unsaved changes, asks whether to save, discard or stay; returns TRUE when the
 * caller may leave now, else calls leave later if the person chooses to go on. */
gboolean         stp_sketch_page_confirm_leave    (StpSketchPage          *self,
                                                   StpSketchPageLeaveFunc  leave,
                                                   gpointer                user_data,
                                                   GDestroyNotify          destroy);

/* Loads a photo file upright (EXIF orientation applied). */
GdkPixbuf       *stp_sketch_page_load_photo       (const char     *path,
                                                   GError        **error);

G_END_DECLS
