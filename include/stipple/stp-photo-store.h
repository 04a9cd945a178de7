/* stp-photo-store.h: the content-addressed folder of original photo files.
 *
 * An original lives at <data dir>/photos/<first two hex digits>/<sha256>.<format>, so the
 * same picture is stored once however often it is imported. Files are written to a
 * temporary name, flushed, renamed and the folder flushed, so a power cut leaves either
 * the whole file or none. Files are 0600 and folders 0700.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "stp-photo-gate.h"

G_BEGIN_DECLS

/* <data dir>/photos */
char      *stp_photo_store_dir        (const char      *data_dir);
/* Where the original with this content lives (whether or not it exists). */
char      *stp_photo_store_path       (const char      *data_dir,
                                       const char      *sha256,
                                       StpPhotoFormat   format);

/* Copies src_path into a temporary file inside the store, at most max_bytes, hashing it
 * on the way and flushing it to disk. Returns the temporary file's path (remove it or
 * pass it to stp_photo_store_commit) and fills sha256 (64 hex digits and a NUL). */
char      *stp_photo_store_stage      (const char      *data_dir,
                                       const char      *src_path,
                                       guint64          max_bytes,
                                       gint64           deadline,
                                       GCancellable    *cancellable,
                                       char             sha256[65],
                                       guint64         *size,
                                       GError         **error);
/* Renames a staged file to its content address (replacing an identical file) and
 * flushes the folders. */
gboolean   stp_photo_store_commit     (const char      *data_dir,
                                       const char      *staged_path,
                                       const char      *sha256,
                                       StpPhotoFormat   format,
                                       GError         **error);
/* Removes an original; a missing file is not an error. */
void       stp_photo_store_remove     (const char      *data_dir,
                                       const char      *sha256,
                                       StpPhotoFormat   format);

/* Removes temporary files an interrupted import left behind (a crash, a power cut) that
 * are older than max_age_s seconds; younger ones may belong to an import in progress. */
void       stp_photo_store_remove_stale (const char    *data_dir,
                                         gint64         max_age_s);

G_END_DECLS
