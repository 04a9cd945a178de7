/* stp-photo-private.h: what the photo gate shares with the photo store.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "stipple/stp-photo-gate.h"

G_BEGIN_DECLS

/* Gates a file with an absolute monotonic deadline (shared by every step of one import). */
gboolean    _stp_photo_gate_check_file_until (const char            *path,
                                              const StpPhotoLimits  *limits,
                                              gint64                 deadline,
                                              GCancellable          *cancellable,
                                              StpPhotoInfo          *info,
                                              GError               **error);

/* Decodes a gated file upright to fit max_width x max_height (0 x 0: full size). */
GdkPixbuf  *_stp_photo_decode                (const char            *path,
                                              const StpPhotoInfo    *info,
                                              int                    max_width,
                                              int                    max_height,
                                              gint64                 deadline,
                                              GCancellable          *cancellable,
                                              GError               **error);

void        _stp_photo_set_timed_out_error   (GError               **error);

G_END_DECLS
