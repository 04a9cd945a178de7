/* stp-store-check.c: the quick integrity check of a database file on open.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PRAGMA quick_check reads every page of the file: about 25 ms for a clinic of 10,000
 * clients, far more for a large one. The store can run it before it opens (stp_store_open)
 * or leave it for later (stp_store_open_unchecked), so that the window can show first. The
 * verdict is kept here, with a lock, because the check may run on a worker thread while
 * the main thread's first write waits for it.
 */

#define G_LOG_DOMAIN "stp-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "stipple/stp-store.h"
#include "stp-store-check.h"

/* The same as the store's own connection, so a busy database is reported alike. */
#define CHECK_BUSY_TIMEOUT_MS 5000

typedef enum
{
  CHECK_PENDING,
  CHECK_RUNNING,
  CHECK_PASSED,
  CHECK_FAILED,
} CheckState;

struct _StpOpenCheck
{
  GMutex      lock;
  GCond       finished;
  char       *path;
  CheckState  state;
  GError     *failure;  /* the verdict when FAILED */
  sqlite3    *db;       /* the running check's connection, for cancelling it */
};

void
_stp_set_corrupt_error (const char  *path,
                        const char  *detail,
                        GError     **error)
{
  g_set_error (error, STP_STORE_ERROR, STP_STORE_ERROR_CORRUPT,
               _("The clinic database “%s” is damaged (%s). Stipple left it unchanged. "
                 "Restore the data folder from your latest backup."), path, detail);
}

StpOpenCheck *
_stp_open_check_new (const char *path,
                     gboolean    already_passed)
{
  StpOpenCheck *check = g_new0 (StpOpenCheck, 1);

  g_mutex_init (&check->lock);
  g_cond_init (&check->finished);
  check->path = g_strdup (path);
  check->state = already_passed ? CHECK_PASSED : CHECK_PENDING;

  return check;
}

void
_stp_open_check_free (StpOpenCheck *check)
{
  if (check == NULL)
    return;

  g_assert (check->state != CHECK_RUNNING);
  g_clear_error (&check->failure);
  g_free (check->path);
  g_cond_clear (&check->finished);
  g_mutex_clear (&check->lock);
  g_free (check);
}

static void
interrupt_cb (GCancellable *cancellable,
              StpOpenCheck *check)
{
  g_mutex_lock (&check->lock);
  if (check->db != NULL)
    sqlite3_interrupt (check->db);
  g_mutex_unlock (&check->lock);
}

/* The check itself, on a read-only connection, which never writes to the file: not even
 * a checkpoint when it closes. Runs without the lock held. */
static gboolean
quick_check_file (StpOpenCheck  *check,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autofree char *problem = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;
  gulong handler = 0;
  int rc;

  rc = sqlite3_open_v2 (check->path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, STP_STORE_ERROR, STP_STORE_ERROR_IO,
                   _("The clinic database “%s” cannot be opened: %s."),
                   check->path, sqlite3_errstr (rc));
      sqlite3_close_v2 (db);
      return FALSE;
    }
  sqlite3_busy_timeout (db, CHECK_BUSY_TIMEOUT_MS);

  g_mutex_lock (&check->lock);
  check->db = db;
  g_mutex_unlock (&check->lock);
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (interrupt_cb), check, NULL);

  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check(1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          const char *result = (const char *)sqlite3_column_text (stmt, 0);

          if (g_strcmp0 (result, "ok") != 0)
            problem = g_strdup (result);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);

  /* Disconnecting waits for a running interrupt_cb, which takes the lock: not held here. */
  g_cancellable_disconnect (cancellable, handler);
  g_mutex_lock (&check->lock);
  check->db = NULL;
  g_mutex_unlock (&check->lock);

  if (problem == NULL && rc != SQLITE_OK)
    {
      int primary = rc & 0xff;

      if (primary == SQLITE_INTERRUPT || g_cancellable_is_cancelled (cancellable))
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("The check of the clinic database was stopped."));
      else if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
        problem = g_strdup (sqlite3_errstr (rc));
      else
        g_set_error (error, STP_STORE_ERROR,
                     primary == SQLITE_BUSY ? STP_STORE_ERROR_BUSY : STP_STORE_ERROR_IO,
                     _("The clinic database “%s” cannot be read: %s."),
                     check->path, sqlite3_errmsg (db));
    }
  sqlite3_close_v2 (db);

  if (problem != NULL)
    _stp_set_corrupt_error (check->path, problem, error);

  return problem == NULL && rc == SQLITE_OK;
}

gboolean
_stp_open_check_run (StpOpenCheck  *check,
                     GCancellable  *cancellable,
                     GError       **error)
{
  gboolean passed;

  g_return_val_if_fail (check != NULL, FALSE);

  g_mutex_lock (&check->lock);
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean ok;

      /* Another thread is at it: its verdict is ours, unless it was cancelled. */
      while (check->state == CHECK_RUNNING)
        g_cond_wait (&check->finished, &check->lock);
      if (check->state != CHECK_PENDING)
        break;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          g_mutex_unlock (&check->lock);
          return FALSE;
        }

      check->state = CHECK_RUNNING;
      g_mutex_unlock (&check->lock);
      ok = quick_check_file (check, cancellable, &local_error);
      g_mutex_lock (&check->lock);

      if (ok)
        check->state = CHECK_PASSED;
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
               g_error_matches (local_error, STP_STORE_ERROR, STP_STORE_ERROR_BUSY))
        check->state = CHECK_PENDING;  /* worth another try: nothing was judged */
      else
        {
          check->state = CHECK_FAILED;
          check->failure = g_error_copy (local_error);
        }
      g_cond_broadcast (&check->finished);

      if (check->state == CHECK_PENDING)
        {
          g_mutex_unlock (&check->lock);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  passed = check->state == CHECK_PASSED;
  if (!passed)
    g_propagate_error (error, g_error_copy (check->failure));
  g_mutex_unlock (&check->lock);

  return passed;
}

gboolean
_stp_open_check_passed (StpOpenCheck *check)
{
  gboolean passed;

  g_return_val_if_fail (check != NULL, FALSE);

  g_mutex_lock (&check->lock);
  passed = check->state == CHECK_PASSED;
  g_mutex_unlock (&check->lock);

  return passed;
}
