/* stp-photo-gallery.h: a client's photos as thumbnails grouped by visit day, with a view
 * filter, importing (chooser, drop, paste) and the way into the full view and compare.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <stipple/stipple.h>

G_BEGIN_DECLS

#define STP_TYPE_PHOTO_GALLERY (stp_photo_gallery_get_type ())
G_DECLARE_FINAL_TYPE (StpPhotoGallery, stp_photo_gallery, STP, PHOTO_GALLERY, GtkBox)

GtkWidget   *stp_photo_gallery_new             (void);
/* client_id 0: no saved client (nothing to show, nothing to import into). */
void         stp_photo_gallery_set_client      (StpPhotoGallery  *self,
                                                StpStore         *store,
                                                gint64            client_id);

/* Opens the file chooser; its response imports what was chosen. */
void         stp_photo_gallery_choose_files    (StpPhotoGallery  *self);
/* Imports files off the main thread with progress and cancel, then reports each refused
 * file with its reason. What the chooser, a drop and a paste all call. Returns FALSE when
 * nothing started (no client, or an import is already running). */
gboolean     stp_photo_gallery_import_files    (StpPhotoGallery  *self,
                                                GFile           **files,
                                                guint             n_files);
/* Imports the files or the picture on the clipboard; FALSE when it holds neither. */
gboolean     stp_photo_gallery_paste           (StpPhotoGallery  *self);
gboolean     stp_photo_gallery_is_importing    (StpPhotoGallery  *self);
void         stp_photo_gallery_cancel_import   (StpPhotoGallery  *self);
/* The text of the last import's report ("" when none). */
const char  *stp_photo_gallery_get_report      (StpPhotoGallery  *self);

/* -1 for all views, else a StpPhotoView. */
void         stp_photo_gallery_set_view_filter (StpPhotoGallery  *self,
                                                int               view);
/* What is shown: the day headings in order, and the number of thumbnails. */
GStrv        stp_photo_gallery_dup_headings    (StpPhotoGallery  *self);
guint        stp_photo_gallery_get_n_shown     (StpPhotoGallery  *self);

/* Marks a photo for comparison (at most two are kept, the latest two). */
void         stp_photo_gallery_set_chosen      (StpPhotoGallery  *self,
                                                gint64            photo_id,
                                                gboolean          chosen);
/* Opens the compare window for the chosen photos (or the default pair). */
GtkWidget   *stp_photo_gallery_compare         (StpPhotoGallery  *self);
GtkWidget   *stp_photo_gallery_open_photo      (StpPhotoGallery  *self,
                                                gint64            photo_id);

G_END_DECLS
