/* stp-photo-compare.h: two of a client's photos side by side, zoomed and panned in step.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <stipple/stipple.h>

#include "stp-photo-viewer.h"

G_BEGIN_DECLS

#define STP_TYPE_PHOTO_COMPARE (stp_photo_compare_get_type ())
G_DECLARE_FINAL_TYPE (StpPhotoCompare, stp_photo_compare, STP, PHOTO_COMPARE, AdwWindow)

/* photos: the client's photos (StpPhoto), oldest first; left and right are ids in it. */
GtkWidget       *stp_photo_compare_new        (GtkWindow  *parent,
                                               StpStore   *store,
                                               GPtrArray  *photos,
                                               gint64      left_id,
                                               gint64      right_id);
StpPhotoViewer  *stp_photo_compare_get_viewer (StpPhotoCompare *self,
                                               guint            side);
gint64           stp_photo_compare_get_photo_id (StpPhotoCompare *self,
                                                 guint            side);

/* The photo to compare with: the same view on another day (the earliest when photo is
 * the latest of its view, else the latest), else any other of the same view, else the
 * nearest other photo. 0 when photo is the only one. */
gint64           stp_photo_compare_pick_partner (GPtrArray      *photos,
                                                 const StpPhoto *photo);

/* The pair to show when none was chosen: the newest photo with its view on another day
 * and that partner, else the newest and the nearest. FALSE with fewer than two photos. */
gboolean         stp_photo_compare_pick_pair    (GPtrArray      *photos,
                                                 gint64         *first,
                                                 gint64         *second);

G_END_DECLS
