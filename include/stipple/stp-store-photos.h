/* stp-store-photos.h: a client's photos in the store: import, listing, editing, removal.
 *
 * Every call that changes data is one transaction with its audit row and emits
 * StpStore::changed with STP_ENTITY_PHOTO (id 0 after a batch import) after the commit.
 * All StpStore calls belong to the thread that opened the store; only
 * stp_photo_prepare() may run on another thread.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "stp-photo-gate.h"
#include "stp-store.h"

G_BEGIN_DECLS

/* The standard views of a consultation's photo set, in their usual order. */
typedef enum
{
  STP_PHOTO_VIEW_FRONT,
  STP_PHOTO_VIEW_LEFT,
  STP_PHOTO_VIEW_RIGHT,
  STP_PHOTO_VIEW_TOP,
  STP_PHOTO_VIEW_CROWN,
  STP_PHOTO_VIEW_BACK,
  STP_PHOTO_VIEW_SCAR,
  STP_PHOTO_VIEW_OTHER,
} StpPhotoView;

#define STP_N_PHOTO_VIEWS (STP_PHOTO_VIEW_OTHER + 1)

/* Where the taken-at time came from. */
typedef enum
{
  STP_TAKEN_AT_EXIF,
  STP_TAKEN_AT_FILE,
  STP_TAKEN_AT_IMPORT,
} StpTakenAtSource;

/* The stored name ("front", "scar", ...), and back. */
const char   *stp_photo_view_to_string   (StpPhotoView  view);
gboolean      stp_photo_view_from_string (const char   *name,
                                          StpPhotoView *view);
/* The translated word people read ("Front", "Scar close-up"). */
const char   *stp_photo_view_get_label   (StpPhotoView  view);

typedef struct
{
  gint64            id;
  gint64            client_id;
  char              sha256[65];
  StpPhotoFormat    format;
  gint64            byte_size;
  guint             width;          /* upright */
  guint             height;
  guint             orientation;    /* EXIF 1-8, of the original file */
  StpPhotoView      view;
  gint64            taken_at;       /* unix seconds, UTC */
  StpTakenAtSource  taken_at_source;
  char             *original_name;
  char             *caption;
  gboolean          marketing_consent;
  gint64            imported_at;
  GBytes           *thumbnail;      /* a PNG; NULL in listings */
} StpPhoto;

StpPhoto  *stp_photo_copy (const StpPhoto *photo);
void       stp_photo_free (StpPhoto       *photo);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StpPhoto, stp_photo_free)

/* The largest side of a stored thumbnail, in pixels. */
#define STP_PHOTO_THUMBNAIL_SIZE 320

/* One file made ready for the store: gated, hashed, copied into the photo folder and
 * thumbnailed. Safe on a worker thread: it touches files only, never the database. */
typedef struct _StpPreparedPhoto StpPreparedPhoto;

StpPreparedPhoto *stp_photo_prepare          (const char            *data_dir,
                                              const char            *path,
                                              const char            *display_name,
                                              const StpPhotoLimits  *limits,
                                              GCancellable          *cancellable,
                                              GError               **error);
void              stp_prepared_photo_free    (StpPreparedPhoto      *prepared);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StpPreparedPhoto, stp_prepared_photo_free)

/* Adds a prepared photo to a client in one transaction. The same picture a second time
 * for the same client fails with STP_PHOTO_ERROR_ALREADY_IMPORTED. Returns the id. */
gint64       stp_store_add_prepared_photo    (StpStore          *self,
                                              gint64             client_id,
                                              StpPreparedPhoto  *prepared,
                                              GError           **error);
/* prepare + add, for one file on the store's thread. display_name NULL: the file's. */
gint64       stp_store_import_photo          (StpStore          *self,
                                              gint64             client_id,
                                              const char        *path,
                                              const char        *display_name,
                                              GError           **error);

/* A client's photos, oldest first (taken-at, then id), without thumbnails. */
GPtrArray   *stp_store_list_photos           (StpStore          *self,
                                              gint64             client_id,
                                              GError           **error);
/* One photo with its thumbnail. */
StpPhoto    *stp_store_get_photo             (StpStore          *self,
                                              gint64             id,
                                              GError           **error);
GBytes      *stp_store_get_photo_thumbnail   (StpStore          *self,
                                              gint64             id,
                                              GError           **error);
/* The original's file in the photo folder. */
char        *stp_store_dup_photo_path        (StpStore          *self,
                                              const StpPhoto    *photo);
gboolean     stp_store_set_photo_view        (StpStore          *self,
                                              gint64             id,
                                              StpPhotoView       view,
                                              GError           **error);
gboolean     stp_store_set_photo_marketing_consent (StpStore    *self,
                                                    gint64       id,
                                                    gboolean     consent,
                                                    GError     **error);
gboolean     stp_store_set_photo_caption     (StpStore          *self,
                                              gint64             id,
                                              const char        *caption,
                                              GError           **error);
/* Removes the photo; its file goes too once no photo row refers to it. */
gboolean     stp_store_delete_photo          (StpStore          *self,
                                              gint64             id,
                                              GError           **error);

/* A batch import: each file's outcome. */
typedef struct
{
  GFile   *file;
  char    *name;      /* for messages */
  gint64   photo_id;  /* 0 when refused */
  GError  *error;     /* why it was refused; G_IO_ERROR_CANCELLED when never tried */
} StpPhotoImportResult;

void stp_photo_import_result_free (StpPhotoImportResult *result);

/* Called on the caller's main context after each file: done of total files handled. */
typedef void (*StpPhotoImportProgress) (guint        done,
                                        guint        total,
                                        const char  *name,
                                        gpointer     user_data);

/* Imports files for a client: gate, decode, hash and copy on a worker thread, the rows
 * added on the calling thread. A refused file does not stop the others; cancelling stops
 * after the file in progress. */
void         stp_store_import_photos_async   (StpStore                *self,
                                              gint64                   client_id,
                                              GFile                  **files,
                                              guint                    n_files,
                                              GCancellable            *cancellable,
                                              StpPhotoImportProgress   progress,
                                              gpointer                 progress_data,
                                              GAsyncReadyCallback      callback,
                                              gpointer                 user_data);
/* Elements StpPhotoImportResult, in the order of the files. Fails only on bad use. */
GPtrArray   *stp_store_import_photos_finish  (StpStore                *self,
                                              GAsyncResult            *result,
                                              GError                 **error);

G_END_DECLS
