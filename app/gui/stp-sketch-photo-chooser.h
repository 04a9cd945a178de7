/* stp-sketch-photo-chooser.h: asks which of the client's photos a new sketch goes over.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <stipple/stipple.h>

G_BEGIN_DECLS

#define STP_TYPE_SKETCH_PHOTO_CHOOSER (stp_sketch_photo_chooser_get_type ())
G_DECLARE_FINAL_TYPE (StpSketchPhotoChooser, stp_sketch_photo_chooser, STP,
                      SKETCH_PHOTO_CHOOSER, AdwWindow)

/* A modal window over parent listing the client's photos, newest first, and "Plain
 * Background". Choosing emits "chosen" with the photo's id (0: no photo) and closes. */
StpSketchPhotoChooser *stp_sketch_photo_chooser_new      (GtkWindow             *parent,
                                                          StpStore              *store,
                                                          gint64                 client_id);
/* How many photos it offers. */
guint                  stp_sketch_photo_chooser_get_n_photos (StpSketchPhotoChooser *self);
/* What a click on the photo at position (0: the newest) or on Plain Background (-1)
 * does; tests choose through this. */
void                   stp_sketch_photo_chooser_choose   (StpSketchPhotoChooser *self,
                                                          int                    position);

G_END_DECLS
