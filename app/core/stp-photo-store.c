/* stp-photo-store.c: writing originals into the content-addressed folder, durably.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-photo"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stp-photo-private.h"
#include "stipple/stp-photo-store.h"

#define COPY_CHUNK (256 * 1024)

static gboolean
is_sha256 (const char *sha256)
{
  if (sha256 == NULL || strlen (sha256) != 64)
    return FALSE;
  for (guint i = 0; i < 64; i++)
    if (!g_ascii_isxdigit (sha256[i]) || g_ascii_isupper (sha256[i]))
      return FALSE;
  return TRUE;
}

char *
stp_photo_store_dir (const char *data_dir)
{
  g_return_val_if_fail (data_dir != NULL, NULL);

  return g_build_filename (data_dir, "photos", NULL);
}

char *
stp_photo_store_path (const char     *data_dir,
                      const char     *sha256,
                      StpPhotoFormat  format)
{
  g_autofree char *prefix = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (is_sha256 (sha256), NULL);
  g_return_val_if_fail (stp_photo_format_to_string (format) != NULL, NULL);

  prefix = g_strndup (sha256, 2);
  name = g_strconcat (sha256, ".", stp_photo_format_to_string (format), NULL);
  return g_build_filename (data_dir, "photos", prefix, name, NULL);
}

static void
set_io_error (GError     **error,
              const char  *path,
              int          saved_errno)
{
  g_set_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_IO,
               _("The photo could not be saved in the data folder (%s: %s). Check that the "
                 "disk has free space."), path, g_strerror (saved_errno));
}

/* Creates a private folder, or makes sure an existing one is a folder. */
static gboolean
ensure_dir (const char  *path,
            GError     **error)
{
  if (g_mkdir (path, 0700) == 0)
    return TRUE;
  if (errno == EEXIST && g_file_test (path, G_FILE_TEST_IS_DIR))
    return TRUE;
  set_io_error (error, path, errno);
  return FALSE;
}

/* A rename is only durable once the folder that holds the name is flushed. */
static gboolean
sync_dir (const char  *path,
          GError     **error)
{
  int fd = g_open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd < 0 || fsync (fd) != 0)
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      set_io_error (error, path, saved_errno);
      return FALSE;
    }
  close (fd);
  return TRUE;
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= n;
    }
  return TRUE;
}

char *
stp_photo_store_stage (const char    *data_dir,
                       const char    *src_path,
                       guint64        max_bytes,
                       gint64         deadline,
                       GCancellable  *cancellable,
                       char           sha256[65],
                       guint64       *size,
                       GError       **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree guint8 *chunk = NULL;
  g_autoptr(GChecksum) checksum = NULL;
  guint64 total = 0;
  int in = -1, out = -1;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (src_path != NULL, NULL);

  dir = stp_photo_store_dir (data_dir);
  if (!ensure_dir (dir, error))
    return NULL;

  in = g_open (src_path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  if (in < 0)
    {
      g_set_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_IO,
                   _("This file cannot be read: %s."), g_strerror (errno));
      return NULL;
    }

  /* The temporary file sits beside its final place, on the same disk, so the rename
   * is atomic; its name starts with a dot so it never looks like a stored photo. */
  tmp_path = g_build_filename (dir, ".import-XXXXXX", NULL);
  out = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (out < 0)
    {
      set_io_error (error, dir, errno);
      close (in);
      return NULL;
    }

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  chunk = g_malloc (COPY_CHUNK);
  for (;;)
    {
      ssize_t n = read (in, chunk, COPY_CHUNK);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_set_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_IO,
                       _("This file cannot be read: %s."), g_strerror (errno));
          goto fail;
        }
      if (n == 0)
        break;

      total += n;
      /* The file may grow while it is copied; the limit holds all the same. */
      if (total > max_bytes)
        {
          g_set_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_FILE_TOO_LARGE,
                       _("This file is larger than %'" G_GUINT64_FORMAT " MB; Stipple "
                         "takes photos up to that size."), max_bytes / 1000000);
          goto fail;
        }
      g_checksum_update (checksum, chunk, n);
      if (!write_all (out, chunk, n))
        {
          set_io_error (error, tmp_path, errno);
          goto fail;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto fail;
      if (deadline > 0 && g_get_monotonic_time () > deadline)
        {
          _stp_photo_set_timed_out_error (error);
          goto fail;
        }
    }

  if (fsync (out) != 0)
    {
      set_io_error (error, tmp_path, errno);
      goto fail;
    }
  close (out);
  close (in);

  g_strlcpy (sha256, g_checksum_get_string (checksum), 65);
  if (size != NULL)
    *size = total;
  return g_steal_pointer (&tmp_path);

fail:
  close (out);
  close (in);
  g_unlink (tmp_path);
  return NULL;
}

gboolean
stp_photo_store_commit (const char      *data_dir,
                        const char      *staged_path,
                        const char      *sha256,
                        StpPhotoFormat   format,
                        GError         **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *final_path = NULL;
  g_autofree char *final_dir = NULL;
  gboolean created;

  g_return_val_if_fail (data_dir != NULL, FALSE);
  g_return_val_if_fail (staged_path != NULL, FALSE);
  g_return_val_if_fail (is_sha256 (sha256), FALSE);

  dir = stp_photo_store_dir (data_dir);
  final_path = stp_photo_store_path (data_dir, sha256, format);
  final_dir = g_path_get_dirname (final_path);

  created = !g_file_test (final_dir, G_FILE_TEST_IS_DIR);
  if (!ensure_dir (final_dir, error))
    return FALSE;

  /* An existing file has the same content by its name: replacing it changes nothing. */
  if (g_rename (staged_path, final_path) != 0)
    {
      set_io_error (error, final_path, errno);
      return FALSE;
    }

  if (!sync_dir (final_dir, error))
    return FALSE;
  /* A newly created sub-folder is itself a new name in photos/. */
  if (created && !sync_dir (dir, error))
    return FALSE;

  return TRUE;
}

void
stp_photo_store_remove (const char     *data_dir,
                        const char     *sha256,
                        StpPhotoFormat  format)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;

  g_return_if_fail (data_dir != NULL);

  if (!is_sha256 (sha256) || stp_photo_format_to_string (format) == NULL)
    return;

  path = stp_photo_store_path (data_dir, sha256, format);
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      g_warning ("Could not remove the photo file %s: %s", path, g_strerror (errno));
      return;
    }

  /* An empty sub-folder is removed too; one still in use simply stays. */
  dir = g_path_get_dirname (path);
  if (g_rmdir (dir) == 0)
    {
      g_autofree char *parent = stp_photo_store_dir (data_dir);
      sync_dir (parent, NULL);
    }
  else
    sync_dir (dir, NULL);
}

void
stp_photo_store_remove_stale (const char *data_dir,
                              gint64      max_age_s)
{
  g_autofree char *dir = NULL;
  g_autoptr(GDir) listing = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  g_return_if_fail (data_dir != NULL);

  dir = stp_photo_store_dir (data_dir);
  listing = g_dir_open (dir, 0, NULL);
  if (listing == NULL)
    return;

  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;

      if (!g_str_has_prefix (name, ".import-"))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (g_lstat (path, &st) == 0 && S_ISREG (st.st_mode) && now - st.st_mtime > max_age_s)
        g_unlink (path);
    }
}
