/* stp-photo-import.h: what every place that imports photos shares: the file chooser, the
 * report of a batch import, and thumbnails as textures.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <stipple/stipple.h>

G_BEGIN_DECLS

/* A modal chooser for several photo files (JPEG, PNG, HEIC, or any file); the caller
 * connects "response", reads the files with stp_photo_import_chooser_get_files () and
 * unrefs it. */
GtkFileChooserNative *stp_photo_import_chooser_new        (GtkWindow      *parent);
/* The chosen files (GFile), in a NULL-free array. */
GPtrArray            *stp_photo_import_chooser_get_files  (GtkFileChooser *chooser);

/* What a batch import did, in words for people. */
typedef struct
{
  guint  imported;
  guint  refused;
  guint  cancelled;
  char  *summary;   /* "3 photos imported." */
  char  *report;    /* the summary, then why each refused file was refused */
} StpPhotoImportReport;

void                  stp_photo_import_report_init        (StpPhotoImportReport *report,
                                                           GPtrArray            *results);
void                  stp_photo_import_report_clear       (StpPhotoImportReport *report);

/* The photo's stored thumbnail scaled to fit width x height; NULL with error when it
 * cannot be read. */
GdkTexture           *stp_photo_thumbnail_texture_new     (StpStore             *store,
                                                           gint64                photo_id,
                                                           int                   width,
                                                           int                   height,
                                                           GError              **error);
/* The same for any PNG (a sketch version's thumbnail). */
GdkTexture           *stp_png_texture_new_at_scale        (GBytes               *png,
                                                           int                   width,
                                                           int                   height,
                                                           GError              **error);

G_END_DECLS
