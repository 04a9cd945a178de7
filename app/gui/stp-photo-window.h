/* stp-photo-window.h: one photo full size, with zoom, and its view and marketing consent.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <stipple/stipple.h>

#include "stp-photo-viewer.h"

G_BEGIN_DECLS

#define STP_TYPE_PHOTO_WINDOW (stp_photo_window_get_type ())
G_DECLARE_FINAL_TYPE (StpPhotoWindow, stp_photo_window, STP, PHOTO_WINDOW, AdwWindow)

GtkWidget       *stp_photo_window_new        (GtkWindow  *parent,
                                              StpStore   *store,
                                              gint64      photo_id);
StpPhotoViewer  *stp_photo_window_get_viewer (StpPhotoWindow *self);

/* "date · view" for a photo, as galleries and lists show it. */
char            *stp_photo_dup_title         (const StpPhoto *photo);

G_END_DECLS
