/* stp-store-photos.c: importing a client's photos, their rows, and the files behind them.
 *
 * Threads: the store has one SQLite connection whose prepared-statement cache and
 * transaction state are plain, unlocked fields, used by whichever thread holds the store
 * (the main thread). A batch import therefore splits each file: everything slow and
 * file-bound (gate, copy, hash, decode, thumbnail) runs on a worker thread that never
 * touches the store, and the short INSERT transaction runs back on the caller's main
 * context. No lock is needed and the database is never used from two threads.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "stp-photo-private.h"
#include "stp-store-private.h"
#include "stipple/stp-photo-store.h"
#include "stipple/stp-store-photos.h"

#define PHOTO_COLUMNS \
  "id, client_id, sha256, format, byte_size, width, height, orientation, view, taken_at, " \
  "taken_at_source, original_name, caption, marketing_consent, imported_at"

/* A temporary import file this old belongs to no import still running (one file's limit
 * is a minute). */
#define STALE_IMPORT_AGE_S (60 * 60)

static const char * const view_names[STP_N_PHOTO_VIEWS] = {
  "front", "left", "right", "top", "crown", "back", "scar", "other",
};

static const char * const source_names[] = { "exif", "file", "import" };

const char *
stp_photo_view_to_string (StpPhotoView view)
{
  g_return_val_if_fail (view < STP_N_PHOTO_VIEWS, "other");
  return view_names[view];
}

gboolean
stp_photo_view_from_string (const char   *name,
                            StpPhotoView *view)
{
  for (guint i = 0; i < STP_N_PHOTO_VIEWS; i++)
    if (g_strcmp0 (name, view_names[i]) == 0)
      {
        *view = i;
        return TRUE;
      }
  return FALSE;
}

const char *
stp_photo_view_get_label (StpPhotoView view)
{
  switch (view)
    {
    case STP_PHOTO_VIEW_FRONT:
      return C_("photo view", "Front");
    case STP_PHOTO_VIEW_LEFT:
      return C_("photo view", "Left side");
    case STP_PHOTO_VIEW_RIGHT:
      return C_("photo view", "Right side");
    case STP_PHOTO_VIEW_TOP:
      return C_("photo view", "Top");
    case STP_PHOTO_VIEW_CROWN:
      return C_("photo view", "Crown");
    case STP_PHOTO_VIEW_BACK:
      return C_("photo view", "Back");
    case STP_PHOTO_VIEW_SCAR:
      return C_("photo view", "Scar close-up");
    case STP_PHOTO_VIEW_OTHER:
    default:
      return C_("photo view", "Other");
    }
}

StpPhoto *
stp_photo_copy (const StpPhoto *photo)
{
  StpPhoto *copy;

  g_return_val_if_fail (photo != NULL, NULL);

  copy = g_memdup2 (photo, sizeof *photo);
  copy->original_name = g_strdup (photo->original_name);
  copy->caption = g_strdup (photo->caption);
  if (photo->thumbnail != NULL)
    copy->thumbnail = g_bytes_ref (photo->thumbnail);
  return copy;
}

void
stp_photo_free (StpPhoto *photo)
{
  if (photo == NULL)
    return;

  g_free (photo->original_name);
  g_free (photo->caption);
  g_clear_pointer (&photo->thumbnail, g_bytes_unref);
  g_free (photo);
}

void
stp_photo_import_result_free (StpPhotoImportResult *result)
{
  if (result == NULL)
    return;

  g_clear_object (&result->file);
  g_free (result->name);
  g_clear_error (&result->error);
  g_free (result);
}

/* Preparing a file (any thread). */

struct _StpPreparedPhoto
{
  char              *data_dir;
  StpPhotoInfo       info;
  char               sha256[65];
  char              *name;
  gint64             taken_at;
  StpTakenAtSource   taken_at_source;
  GBytes            *thumbnail;
  guint              width;    /* upright */
  guint              height;
};

void
stp_prepared_photo_free (StpPreparedPhoto *prepared)
{
  if (prepared == NULL)
    return;

  g_free (prepared->data_dir);
  g_free (prepared->name);
  g_clear_pointer (&prepared->thumbnail, g_bytes_unref);
  g_free (prepared);
}

/* At most 255 characters, as the schema allows, cut between characters. */
static char *
clip_name (const char *name)
{
  g_autofree char *valid = g_utf8_make_valid (name != NULL ? name : "", -1);

  if (g_utf8_strlen (valid, -1) <= 255)
    return g_steal_pointer (&valid);
  return g_utf8_substring (valid, 0, 255);
}

static void
prefix_name (GError     **error,
             const char  *name)
{
  /* Translators: a file's name, then why it was refused. */
  g_prefix_error (error, _("“%s”: "), name);
}

StpPreparedPhoto *
stp_photo_prepare (const char            *data_dir,
                   const char            *path,
                   const char            *display_name,
                   const StpPhotoLimits  *limits,
                   GCancellable          *cancellable,
                   GError               **error)
{
  g_autoptr(StpPreparedPhoto) prepared = NULL;
  g_autoptr(GdkPixbuf) thumbnail = NULL;
  g_autofree char *staged = NULL;
  g_autofree char *buffer = NULL;
  StpPhotoInfo source_info;
  gsize buffer_len = 0;
  guint64 size = 0;
  gint64 deadline;
  GStatBuf st;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (limits == NULL)
    limits = stp_photo_limits_default ();
  deadline = g_get_monotonic_time () + limits->time_limit_us;

  prepared = g_new0 (StpPreparedPhoto, 1);
  prepared->data_dir = g_strdup (data_dir);
  {
    g_autofree char *base = g_filename_display_basename (path);
    prepared->name = clip_name (display_name != NULL ? display_name : base);
  }

  /* The source is gated first, so a wrong file is refused before it is copied... */
  if (!_stp_photo_gate_check_file_until (path, limits, deadline, cancellable, &source_info,
                                         error))
    return NULL;

  if (g_stat (path, &st) == 0 && st.st_mtime > 0)
    {
      prepared->taken_at = st.st_mtime;
      prepared->taken_at_source = STP_TAKEN_AT_FILE;
    }
  else
    {
      prepared->taken_at = _stp_store_now ();
      prepared->taken_at_source = STP_TAKEN_AT_IMPORT;
    }

  staged = stp_photo_store_stage (data_dir, path, limits->max_bytes, deadline, cancellable,
                                  prepared->sha256, &size, error);
  if (staged == NULL)
    return NULL;

  /* ...and the private copy again, because what counts is what is kept: the source may
   * have changed since it was looked at. */
  if (!_stp_photo_gate_check_file_until (staged, limits, deadline, cancellable,
                                         &prepared->info, error))
    goto fail;

  thumbnail = _stp_photo_decode (staged, &prepared->info, STP_PHOTO_THUMBNAIL_SIZE,
                                 STP_PHOTO_THUMBNAIL_SIZE, deadline, cancellable, error);
  if (thumbnail == NULL)
    goto fail;
  if (!gdk_pixbuf_save_to_buffer (thumbnail, &buffer, &buffer_len, "png", error, NULL))
    goto fail;
  prepared->thumbnail = g_bytes_new_take (g_steal_pointer (&buffer), buffer_len);

  stp_photo_info_get_upright_size (&prepared->info, &prepared->width, &prepared->height);
  if (prepared->info.taken_at > 0)
    {
      prepared->taken_at = prepared->info.taken_at;
      prepared->taken_at_source = STP_TAKEN_AT_EXIF;
    }

  if (!stp_photo_store_commit (data_dir, staged, prepared->sha256, prepared->info.format,
                               error))
    goto fail;

  return g_steal_pointer (&prepared);

fail:
  g_unlink (staged);
  return NULL;
}

/* Rows (the store's thread). */

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *)sqlite3_column_text (stmt, column);
  return text != NULL ? text : "";
}

static StpPhoto *
photo_from_row (sqlite3_stmt *stmt)
{
  StpPhoto *photo = g_new0 (StpPhoto, 1);
  const char *source = column_text (stmt, 10);

  photo->id = sqlite3_column_int64 (stmt, 0);
  photo->client_id = sqlite3_column_int64 (stmt, 1);
  g_strlcpy (photo->sha256, column_text (stmt, 2), sizeof photo->sha256);
  photo->format = stp_photo_format_from_string (column_text (stmt, 3));
  photo->byte_size = sqlite3_column_int64 (stmt, 4);
  photo->width = sqlite3_column_int (stmt, 5);
  photo->height = sqlite3_column_int (stmt, 6);
  photo->orientation = sqlite3_column_int (stmt, 7);
  if (!stp_photo_view_from_string (column_text (stmt, 8), &photo->view))
    photo->view = STP_PHOTO_VIEW_OTHER;
  photo->taken_at = sqlite3_column_int64 (stmt, 9);
  photo->taken_at_source = g_str_equal (source, "exif") ? STP_TAKEN_AT_EXIF :
                           g_str_equal (source, "file") ? STP_TAKEN_AT_FILE :
                           STP_TAKEN_AT_IMPORT;
  photo->original_name = g_strdup (column_text (stmt, 11));
  photo->caption = g_strdup (column_text (stmt, 12));
  photo->marketing_consent = sqlite3_column_int (stmt, 13) != 0;
  photo->imported_at = sqlite3_column_int64 (stmt, 14);

  return photo;
}

static void
set_photo_not_found (GError **error)
{
  g_set_error (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND,
               _("This photo no longer exists. It may have been removed on another "
                 "workstation."));
}

/* Whether any row still refers to the file with this content. */
static gboolean
file_is_referenced (StpStore   *self,
                    const char *sha256)
{
  g_autoptr(StpStmt) stmt = NULL;

  stmt = _stp_store_prepare (self, "SELECT 1 FROM photo WHERE sha256 = ?1 LIMIT 1", NULL);
  if (stmt == NULL)
    return TRUE;  /* when in doubt, keep the file */

  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) != SQLITE_DONE;
}

GPtrArray *
_stp_store_list_photo_files (StpStore  *self,
                             gint64     client_id,
                             GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  int rc;

  stmt = _stp_store_prepare (self,
                             "SELECT DISTINCT sha256 || '.' || format FROM photo "
                             "WHERE client_id = ?1",
                             error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, client_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (files, g_strdup (column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      _stp_store_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&files);
}

void
_stp_store_remove_unreferenced_photo_files (StpStore  *self,
                                            GPtrArray *files)
{
  const char *data_dir = stp_store_get_data_dir (self);

  for (guint i = 0; files != NULL && i < files->len; i++)
    {
      const char *file = g_ptr_array_index (files, i);
      g_autofree char *sha256 = g_strndup (file, 64);

      if (strlen (file) < 66 || file[64] != '.' || file_is_referenced (self, sha256))
        continue;
      stp_photo_store_remove (data_dir, sha256, stp_photo_format_from_string (file + 65));
    }
}

static gboolean
client_exists (StpStore  *self,
               gint64     client_id,
               GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;

  stmt = _stp_store_prepare (self, "SELECT 1 FROM client WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, client_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return TRUE;

  g_set_error (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND,
               _("This client no longer exists. It may have been erased on another "
                 "workstation."));
  return FALSE;
}

gint64
stp_store_add_prepared_photo (StpStore          *self,
                              gint64             client_id,
                              StpPreparedPhoto  *prepared,
                              GError           **error)
{
  g_autoptr(StpStmt) find = NULL;
  g_autoptr(StpStmt) insert = NULL;
  g_autofree char *path = NULL;
  gint64 now = _stp_store_now ();
  gint64 id = 0;

  g_return_val_if_fail (STP_IS_STORE (self), 0);
  g_return_val_if_fail (prepared != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!_stp_store_begin (self, error))
    goto fail;
  if (!client_exists (self, client_id, error))
    goto fail;

  find = _stp_store_prepare (self,
                             "SELECT id FROM photo WHERE client_id = ?1 AND sha256 = ?2",
                             error);
  if (find == NULL)
    goto fail;
  sqlite3_bind_int64 (find, 1, client_id);
  sqlite3_bind_text (find, 2, prepared->sha256, -1, SQLITE_STATIC);
  if (sqlite3_step (find) == SQLITE_ROW)
    {
      g_set_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_ALREADY_IMPORTED,
                   _("This picture is already among this client's photos."));
      _stp_store_rollback (self);
      return 0;
    }

  /* Deletions run on this thread too, so the file checked here stays until commit. */
  path = stp_photo_store_path (prepared->data_dir, prepared->sha256, prepared->info.format);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_IO,
                   _("The copy in the photo folder was removed while it was imported. "
                     "Import it again."));
      goto fail;
    }

  insert = _stp_store_prepare (self,
                               "INSERT INTO photo (client_id, sha256, format, byte_size, width, "
                               "height, orientation, taken_at, taken_at_source, original_name, "
                               "thumbnail, imported_at, imported_by) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                               error);
  if (insert == NULL)
    goto fail;

  sqlite3_bind_int64 (insert, 1, client_id);
  sqlite3_bind_text (insert, 2, prepared->sha256, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, stp_photo_format_to_string (prepared->info.format), -1,
                     SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 4, prepared->info.byte_size);
  sqlite3_bind_int (insert, 5, prepared->width);
  sqlite3_bind_int (insert, 6, prepared->height);
  sqlite3_bind_int (insert, 7, prepared->info.orientation);
  sqlite3_bind_int64 (insert, 8, prepared->taken_at);
  sqlite3_bind_text (insert, 9, source_names[prepared->taken_at_source], -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 10, prepared->name, -1, SQLITE_STATIC);
  sqlite3_bind_blob (insert, 11, g_bytes_get_data (prepared->thumbnail, NULL),
                     g_bytes_get_size (prepared->thumbnail), SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 12, now);
  if (stp_store_get_actor (self) > 0)
    sqlite3_bind_int64 (insert, 13, stp_store_get_actor (self));
  else
    sqlite3_bind_null (insert, 13);

  if (!_stp_store_run (self, insert, error))
    goto fail;
  id = sqlite3_last_insert_rowid (_stp_store_get_db (self));

  if (!_stp_store_audit (self, now, "create", "photo", id, NULL, error) ||
      !_stp_store_commit (self, error))
    goto fail;

  g_clear_pointer (&insert, _stp_stmt_release);
  g_clear_pointer (&find, _stp_stmt_release);
  _stp_store_emit_changed (self, STP_ENTITY_PHOTO, id, STP_CHANGE_CREATED);
  return id;

fail:
  _stp_store_rollback (self);
  g_clear_pointer (&insert, _stp_stmt_release);
  g_clear_pointer (&find, _stp_stmt_release);
  /* The copy made for this import is not wanted when no row keeps it. */
  if (!file_is_referenced (self, prepared->sha256))
    stp_photo_store_remove (prepared->data_dir, prepared->sha256, prepared->info.format);
  return 0;
}

gint64
stp_store_import_photo (StpStore    *self,
                        gint64       client_id,
                        const char  *path,
                        const char  *display_name,
                        GError     **error)
{
  g_autoptr(StpPreparedPhoto) prepared = NULL;

  g_return_val_if_fail (STP_IS_STORE (self), 0);
  g_return_val_if_fail (path != NULL, 0);

  stp_photo_store_remove_stale (stp_store_get_data_dir (self), STALE_IMPORT_AGE_S);
  prepared = stp_photo_prepare (stp_store_get_data_dir (self), path, display_name, NULL,
                                NULL, error);
  if (prepared == NULL)
    return 0;

  return stp_store_add_prepared_photo (self, client_id, prepared, error);
}

GPtrArray *
stp_store_list_photos (StpStore  *self,
                       gint64     client_id,
                       GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  g_autoptr(GPtrArray) photos = NULL;
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  stmt = _stp_store_prepare (self,
                             "SELECT " PHOTO_COLUMNS " FROM photo WHERE client_id = ?1 "
                             "ORDER BY taken_at, id",
                             error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, client_id);
  photos = g_ptr_array_new_with_free_func ((GDestroyNotify)stp_photo_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (photos, photo_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _stp_store_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&photos);
}

StpPhoto *
stp_store_get_photo (StpStore  *self,
                     gint64     id,
                     GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  StpPhoto *photo;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  stmt = _stp_store_prepare (self,
                             "SELECT " PHOTO_COLUMNS ", thumbnail FROM photo WHERE id = ?1",
                             error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_photo_not_found (error);
      return NULL;
    }

  photo = photo_from_row (stmt);
  photo->thumbnail = g_bytes_new (sqlite3_column_blob (stmt, 15),
                                  sqlite3_column_bytes (stmt, 15));
  return photo;
}

GBytes *
stp_store_get_photo_thumbnail (StpStore  *self,
                               gint64     id,
                               GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  stmt = _stp_store_prepare (self, "SELECT thumbnail FROM photo WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_photo_not_found (error);
      return NULL;
    }

  return g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
}

char *
stp_store_dup_photo_path (StpStore       *self,
                          const StpPhoto *photo)
{
  g_return_val_if_fail (STP_IS_STORE (self), NULL);
  g_return_val_if_fail (photo != NULL, NULL);

  return stp_photo_store_path (stp_store_get_data_dir (self), photo->sha256, photo->format);
}

/* One column of one photo, in one transaction with its audit row. */
static gboolean
update_photo (StpStore     *self,
              gint64        id,
              const char   *sql,
              const char   *field,
              const char   *text,
              gint64        number,
              GError      **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  gint64 now = _stp_store_now ();

  if (!_stp_store_begin (self, error))
    return FALSE;

  stmt = _stp_store_prepare (self, sql, error);
  if (stmt == NULL)
    goto fail;

  sqlite3_bind_int64 (stmt, 1, id);
  if (text != NULL)
    sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64 (stmt, 2, number);

  if (!_stp_store_run (self, stmt, error))
    goto fail;
  if (sqlite3_changes (_stp_store_get_db (self)) == 0)
    {
      set_photo_not_found (error);
      goto fail;
    }
  if (!_stp_store_audit (self, now, "update", "photo", id, field, error) ||
      !_stp_store_commit (self, error))
    goto fail;

  g_clear_pointer (&stmt, _stp_stmt_release);
  _stp_store_emit_changed (self, STP_ENTITY_PHOTO, id, STP_CHANGE_UPDATED);
  return TRUE;

fail:
  _stp_store_rollback (self);
  return FALSE;
}

gboolean
stp_store_set_photo_view (StpStore      *self,
                          gint64         id,
                          StpPhotoView   view,
                          GError       **error)
{
  g_return_val_if_fail (STP_IS_STORE (self), FALSE);
  g_return_val_if_fail (view < STP_N_PHOTO_VIEWS, FALSE);

  return update_photo (self, id, "UPDATE photo SET view = ?2 WHERE id = ?1", "view",
                       view_names[view], 0, error);
}

gboolean
stp_store_set_photo_marketing_consent (StpStore  *self,
                                       gint64     id,
                                       gboolean   consent,
                                       GError   **error)
{
  g_return_val_if_fail (STP_IS_STORE (self), FALSE);

  return update_photo (self, id, "UPDATE photo SET marketing_consent = ?2 WHERE id = ?1",
                       "marketing_consent", NULL, consent ? 1 : 0, error);
}

gboolean
stp_store_set_photo_caption (StpStore    *self,
                             gint64       id,
                             const char  *caption,
                             GError     **error)
{
  g_return_val_if_fail (STP_IS_STORE (self), FALSE);

  if (caption == NULL)
    caption = "";
  if (!g_utf8_validate (caption, -1, NULL) || g_utf8_strlen (caption, -1) > 500)
    {
      g_set_error (error, STP_STORE_ERROR, STP_STORE_ERROR_CONSTRAINT,
                   _("A caption can have up to 500 characters. Shorten it."));
      return FALSE;
    }

  return update_photo (self, id, "UPDATE photo SET caption = ?2 WHERE id = ?1", "caption",
                       caption, 0, error);
}

gboolean
stp_store_delete_photo (StpStore  *self,
                        gint64     id,
                        GError   **error)
{
  g_autoptr(StpPhoto) photo = NULL;
  g_autoptr(StpStmt) stmt = NULL;
  gint64 now = _stp_store_now ();

  g_return_val_if_fail (STP_IS_STORE (self), FALSE);

  if (!_stp_store_begin (self, error))
    return FALSE;

  photo = stp_store_get_photo (self, id, error);
  if (photo == NULL)
    goto fail;

  stmt = _stp_store_prepare (self, "DELETE FROM photo WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_stp_store_run (self, stmt, error) ||
      !_stp_store_audit (self, now, "delete", "photo", id, NULL, error) ||
      !_stp_store_commit (self, error))
    goto fail;

  g_clear_pointer (&stmt, _stp_stmt_release);
  /* After the commit: a crash before this leaves a file without a row, never a row
   * without its file. */
  if (!file_is_referenced (self, photo->sha256))
    stp_photo_store_remove (stp_store_get_data_dir (self), photo->sha256, photo->format);

  _stp_store_emit_changed (self, STP_ENTITY_PHOTO, id, STP_CHANGE_REMOVED);
  return TRUE;

fail:
  _stp_store_rollback (self);
  return FALSE;
}

/* Batch import. */

typedef struct
{
  guint              index;
  StpPreparedPhoto  *prepared;
  GError            *error;
  gboolean           finished;
} ImportMessage;

typedef struct
{
  gint64                   client_id;
  char                    *data_dir;
  GPtrArray               *results;   /* StpPhotoImportResult */
  GPtrArray               *paths;     /* char*, NULL for a file without a local path */
  GAsyncQueue             *queue;     /* ImportMessage, worker -> main context */
  GMainContext            *context;
  GCancellable            *cancellable;
  StpPhotoImportProgress   progress;
  gpointer                 progress_data;
  guint                    done;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_free (job->data_dir);
  g_clear_pointer (&job->results, g_ptr_array_unref);
  g_clear_pointer (&job->paths, g_ptr_array_unref);
  g_clear_pointer (&job->queue, g_async_queue_unref);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_clear_object (&job->cancellable);
  g_free (job);
}

/* Runs on the task's main context, once per message, in the order they were sent. */
static gboolean
import_deliver_cb (gpointer data)
{
  GTask *task = data;
  StpStore *self = g_task_get_source_object (task);
  ImportJob *job = g_task_get_task_data (task);
  ImportMessage *msg = g_async_queue_try_pop (job->queue);
  StpPhotoImportResult *result;

  g_assert (msg != NULL);

  if (msg->finished)
    {
      for (guint i = 0; i < job->results->len; i++)
        {
          result = g_ptr_array_index (job->results, i);
          if (result->photo_id == 0 && result->error == NULL)
            g_set_error_literal (&result->error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 _("Not imported: the import was cancelled."));
        }
      g_free (msg);
      g_task_return_pointer (task, g_ptr_array_ref (job->results),
                             (GDestroyNotify)g_ptr_array_unref);
      /* This drops the reference the worker thread was started with. */
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }

  result = g_ptr_array_index (job->results, msg->index);
  if (msg->prepared != NULL)
    result->photo_id = stp_store_add_prepared_photo (self, job->client_id, msg->prepared,
                                                     &result->error);
  else
    result->error = g_steal_pointer (&msg->error);
  /* The gate's and the store's messages do not name the file; a list of refusals must. */
  if (result->error != NULL &&
      !g_error_matches (result->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    prefix_name (&result->error, result->name);

  g_clear_pointer (&msg->prepared, stp_prepared_photo_free);
  g_clear_error (&msg->error);
  g_free (msg);

  job->done++;
  if (job->progress != NULL)
    job->progress (job->done, job->results->len, result->name, job->progress_data);

  return G_SOURCE_REMOVE;
}

static void
send_message (GTask         *task,
              ImportJob     *job,
              ImportMessage *msg)
{
  GSource *source = g_idle_source_new ();

  g_async_queue_push (job->queue, msg);
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, import_deliver_cb, g_object_ref (task), g_object_unref);
  g_source_attach (source, job->context);
  g_source_unref (source);
}

static gpointer
import_thread (gpointer data)
{
  GTask *task = data;
  ImportJob *job = g_task_get_task_data (task);
  ImportMessage *finished;

  for (guint i = 0; i < job->paths->len; i++)
    {
      const char *path = g_ptr_array_index (job->paths, i);
      StpPhotoImportResult *result = g_ptr_array_index (job->results, i);
      ImportMessage *msg;

      if (g_cancellable_is_cancelled (job->cancellable))
        break;

      msg = g_new0 (ImportMessage, 1);
      msg->index = i;
      if (path == NULL)
        g_set_error (&msg->error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_IO,
                     _("This file is not on this computer. Copy it to a local folder "
                       "first."));
      else
        msg->prepared = stp_photo_prepare (job->data_dir, path, result->name, NULL,
                                           job->cancellable, &msg->error);
      send_message (task, job, msg);
    }

  /* The last thing this thread does: the main context may free the job right after. */
  finished = g_new0 (ImportMessage, 1);
  finished->finished = TRUE;
  send_message (task, job, finished);
  return NULL;
}

void
stp_store_import_photos_async (StpStore                *self,
                               gint64                   client_id,
                               GFile                  **files,
                               guint                    n_files,
                               GCancellable            *cancellable,
                               StpPhotoImportProgress   progress,
                               gpointer                 progress_data,
                               GAsyncReadyCallback      callback,
                               gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ImportJob *job;
  GThread *thread;

  g_return_if_fail (STP_IS_STORE (self));
  g_return_if_fail (files != NULL || n_files == 0);

  stp_photo_store_remove_stale (stp_store_get_data_dir (self), STALE_IMPORT_AGE_S);

  job = g_new0 (ImportJob, 1);
  job->client_id = client_id;
  job->data_dir = g_strdup (stp_store_get_data_dir (self));
  job->results = g_ptr_array_new_with_free_func ((GDestroyNotify)stp_photo_import_result_free);
  job->paths = g_ptr_array_new_with_free_func (g_free);
  job->queue = g_async_queue_new ();
  job->context = g_main_context_ref_thread_default ();
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  job->progress = progress;
  job->progress_data = progress_data;

  for (guint i = 0; i < n_files; i++)
    {
      StpPhotoImportResult *result = g_new0 (StpPhotoImportResult, 1);
      g_autofree char *basename = g_file_get_basename (files[i]);
      g_autofree char *display = NULL;

      result->file = g_object_ref (files[i]);
      display = g_filename_display_name (basename != NULL ? basename : "?");
      result->name = clip_name (display);
      g_ptr_array_add (job->results, result);
      g_ptr_array_add (job->paths, g_file_get_path (files[i]));
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, stp_store_import_photos_async);
  /* Results are collected even when cancelled, so cancelling does not discard them. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job, (GDestroyNotify)import_job_free);

  /* The worker's reference is released on the main context with its last message. */
  thread = g_thread_try_new ("stp-photo-import", import_thread, g_object_ref (task), &error);
  if (thread == NULL)
    {
      g_object_unref (task);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_thread_unref (thread);
}

GPtrArray *
stp_store_import_photos_finish (StpStore      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (STP_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
