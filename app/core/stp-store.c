/* stp-store.c: opening the database safely, migrations, transactions and the audit log.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stipple-resources.h"
#include "stp-store-check.h"
#include "stp-store-followups-private.h"
#include "stp-store-private.h"

/* "Stip" in the SQLite header marks a Stipple database. */
#define STP_APPLICATION_ID 0x53746970
#define STP_DATABASE_NAME "stipple.db"
#define STP_BUSY_TIMEOUT_MS 5000
#define SQL_RESOURCE_DIR RESOURCE_BASE "/sql/"

struct _StpStore
{
  GObject      parent_instance;

  sqlite3     *db;
  char        *data_dir;
  char        *path;
  GHashTable  *statements;  /* SQL text -> sqlite3_stmt */
  gint64       actor;
  int          schema_version;
  gboolean     scrub_pending;
  StpOpenCheck *check;        /* the quick check on open, perhaps still to run */
  gboolean     writes_held;   /* query_only until the check has passed */
};

G_DEFINE_FINAL_TYPE (StpStore, stp_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (stp-store-error-quark, stp_store_error)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
stp_audit_entry_free (StpAuditEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->action);
  g_free (entry->entity);
  g_free (entry->fields);
  g_free (entry);
}

void
_stp_stmt_release (StpStmt *stmt)
{
  if (stmt == NULL)
    return;

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

static void
stp_store_dispose (GObject *object)
{
  StpStore *self = (StpStore *)object;

  if (self->scrub_pending && self->db != NULL)
    _stp_store_scrub (self);

  /* Statements must be finalized before the connection can close. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }

  G_OBJECT_CLASS (stp_store_parent_class)->dispose (object);
}

static void
stp_store_finalize (GObject *object)
{
  StpStore *self = (StpStore *)object;

  g_clear_pointer (&self->check, _stp_open_check_free);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (stp_store_parent_class)->finalize (object);
}

static void
stp_store_class_init (StpStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = stp_store_dispose;
  object_class->finalize = stp_store_finalize;

  /**
   * StpStore::changed:
   * @entity: a #StpEntity
   * @id: the record's id (0 for settings)
   * @kind: a #StpChangeKind
   *
   * Emitted after a change has been committed.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_INT, G_TYPE_INT64, G_TYPE_INT);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
stp_store_init (StpStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            finalize_statement);
}

char *
stp_store_default_data_dir (void)
{
  const char *env = g_getenv ("STIPPLE_DATA_DIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  return g_build_filename (g_get_user_data_dir (), "stipple", NULL);
}

/* Errors */

void
_stp_store_set_error (StpStore  *self,
                      int        rc,
                      GError   **error)
{
  const char *detail = self != NULL && self->db != NULL ? sqlite3_errmsg (self->db)
                                                        : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_CONSTRAINT:
      g_set_error (error, STP_STORE_ERROR, STP_STORE_ERROR_CONSTRAINT,
                   _("The change was refused by the database and nothing was saved (%s)."),
                   detail);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, STP_STORE_ERROR, STP_STORE_ERROR_BUSY,
                   _("The clinic database is in use by another program. Nothing was saved; "
                     "try again in a moment."));
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, STP_STORE_ERROR, STP_STORE_ERROR_CORRUPT,
                   _("The clinic database is damaged (%s). Restore it from your latest "
                     "backup."), detail);
      break;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, STP_STORE_ERROR, STP_STORE_ERROR_IO,
                   _("The clinic database could not be written (%s). Check that the disk "
                     "has free space and the data folder can be written."), detail);
      break;
    default:
      g_set_error (error, STP_STORE_ERROR, STP_STORE_ERROR_FAILED,
                   _("The clinic database reported an error: %s."), detail);
    }
}

/* Statements */

sqlite3 *
_stp_store_get_db (StpStore *self)
{
  return self->db;
}

StpStmt *
_stp_store_prepare (StpStore    *self,
                    const char  *sql,
                    GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _stp_store_set_error (self, rc, error);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
_stp_store_run (StpStore  *self,
                StpStmt   *stmt,
                GError   **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _stp_store_set_error (self, rc, error);
      sqlite3_reset (stmt);
      return FALSE;
    }

  return TRUE;
}

gboolean
_stp_store_step_row (StpStore    *self,
                     StpStmt     *stmt,
                     const char  *missing,
                     GError     **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    g_set_error_literal (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND, missing);
  else
    _stp_store_set_error (self, rc, error);
  return FALSE;
}

gboolean
_stp_store_exec (StpStore    *self,
                 const char  *sql,
                 GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _stp_store_set_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

/* Transactions */

/* Lets the store write once the quick check has passed, running it here if nobody has
 * yet: nothing is written to a file that has not been checked. */
static gboolean
release_writes (StpStore  *self,
                GError   **error)
{
  if (!self->writes_held)
    return TRUE;
  if (!_stp_open_check_run (self->check, NULL, error))
    return FALSE;
  if (!_stp_store_exec (self, "PRAGMA query_only = OFF", error))
    return FALSE;
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);
  self->writes_held = FALSE;

  return TRUE;
}

gboolean
_stp_store_begin (StpStore  *self,
                  GError   **error)
{
  if (!release_writes (self, error))
    return FALSE;

  /* IMMEDIATE takes the write lock now, so a busy database fails before any work. */
  return _stp_store_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
_stp_store_commit (StpStore  *self,
                   GError   **error)
{
  if (!_stp_store_exec (self, "COMMIT", error))
    {
      _stp_store_rollback (self);
      return FALSE;
    }

  return TRUE;
}

void
_stp_store_rollback (StpStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

gint64
_stp_store_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

gboolean
_stp_store_audit (StpStore    *self,
                  gint64       at,
                  const char  *action,
                  const char  *entity,
                  gint64       entity_id,
                  const char  *fields,
                  GError     **error)
{
  g_autoptr(StpStmt) stmt = NULL;

  stmt = _stp_store_prepare (self,
                             "INSERT INTO audit_log (at, staff_id, action, entity, entity_id, "
                             "fields) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                             error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, at);
  if (self->actor > 0)
    sqlite3_bind_int64 (stmt, 2, self->actor);
  else
    sqlite3_bind_null (stmt, 2);
  sqlite3_bind_text (stmt, 3, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, entity, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, entity_id);
  sqlite3_bind_text (stmt, 6, fields != NULL ? fields : "", -1, SQLITE_STATIC);

  return _stp_store_run (self, stmt, error);
}

void
_stp_store_emit_changed (StpStore      *self,
                         StpEntity      entity,
                         gint64         id,
                         StpChangeKind  kind)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, (int)entity, id, (int)kind);
}

/* Opening */

static int
parse_migration_number (const char *name)
{
  g_autofree char *digits = g_strndup (name, strspn (name, "0123456789"));
  guint64 number = 0;

  if (!g_ascii_string_to_unsigned (digits, 10, 1, 9999, &number, NULL))
    return -1;

  return (int)number;
}

/* The migration files in order; index i holds migration i + 1. */
static GPtrArray *
read_migrations (void)
{
  g_auto(GStrv) names = NULL;
  GPtrArray *migrations = g_ptr_array_new_with_free_func (g_free);

  /* Referencing the resource keeps it linked in from the static library. */
  (void)stipple_get_resource ();

  names = g_resources_enumerate_children (SQL_RESOURCE_DIR, 0, NULL);
  if (names == NULL)
    return migrations;

  for (guint i = 0; names[i] != NULL; i++)
    {
      int number = parse_migration_number (names[i]);

      if (number < 1)
        continue;
      if ((guint)number > migrations->len)
        g_ptr_array_set_size (migrations, number);
      g_ptr_array_index (migrations, number - 1) = g_strconcat (SQL_RESOURCE_DIR, names[i], NULL);
    }

  for (guint i = 0; i < migrations->len; i++)
    g_assert (g_ptr_array_index (migrations, i) != NULL);

  return migrations;
}

/* Read once per process, and safe to call from any thread: the GUI opens the store on a
 * thread of its own, and asks for this on the main thread first so that no resource
 * lookup races GTK registering its own resources. */
static GPtrArray *
get_migrations (void)
{
  static GPtrArray *migrations;

  if (g_once_init_enter (&migrations))
    g_once_init_leave (&migrations, read_migrations ());

  return migrations;
}

int
stp_store_get_latest_schema_version (void)
{
  return get_migrations ()->len;
}

static guint32
read_be32 (const guint8 *bytes)
{
  return ((guint32)bytes[0] << 24) | ((guint32)bytes[1] << 16) |
         ((guint32)bytes[2] << 8) | (guint32)bytes[3];
}

static void
set_not_stipple_error (const char  *path,
                       GError     **error)
{
  g_set_error (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_STIPPLE,
               _("“%s” is not a Stipple database. Stipple left it unchanged. Move it out of "
                 "the data folder, or choose another data folder."), path);
}

static void
set_newer_error (const char  *path,
                 guint32      version,
                 GError     **error)
{
  g_set_error (error, STP_STORE_ERROR, STP_STORE_ERROR_NEWER_VERSION,
               _("“%s” was saved by a newer version of Stipple (database version %u; this "
                 "version reads up to %d). Stipple left it unchanged. Install the newer "
                 "Stipple to open it."),
               path, version, stp_store_get_latest_schema_version ());
}

/* Looks at the file's header bytes before SQLite touches it, so a foreign or newer file
 * is refused without a single byte written. *is_new is set for a missing or empty file. */
static gboolean
inspect_header (const char  *path,
                gboolean    *is_new,
                GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  guint8 header[100];
  struct stat st;
  ssize_t n;
  int fd;

  *is_new = FALSE;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 && errno == ENOENT)
    {
      /* Create the file ourselves so it is 0600 from the first moment; SQLite gives its
       * -wal and -shm files the same permissions. */
      fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd < 0)
        goto io_error;
      fchmod (fd, 0600);
      close (fd);
      *is_new = TRUE;
      return TRUE;
    }
  if (fd < 0)
    goto io_error;

  if (fstat (fd, &st) != 0)
    {
      close (fd);
      goto io_error;
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      set_not_stipple_error (path, error);
      return FALSE;
    }
  if (st.st_size == 0)
    {
      close (fd);
      *is_new = TRUE;
      return TRUE;
    }

  n = read (fd, header, sizeof header);
  close (fd);

  if (n != sizeof header || memcmp (header, magic, sizeof magic) != 0)
    {
      set_not_stipple_error (path, error);
      return FALSE;
    }

  /* The header can be older than the write-ahead log beside it (after a crash, say), so
   * a missing application id is judged later, through SQLite; a newer version is final. */
  if (read_be32 (header + 68) == STP_APPLICATION_ID &&
      read_be32 (header + 60) > (guint32)stp_store_get_latest_schema_version ())
    {
      set_newer_error (path, read_be32 (header + 60), error);
      return FALSE;
    }

  return TRUE;

io_error:
  {
    int saved_errno = errno;

    g_set_error (error, STP_STORE_ERROR, STP_STORE_ERROR_IO,
                 _("The clinic database “%s” cannot be opened: %s."),
                 path, g_strerror (saved_errno));
    return FALSE;
  }
}

static int
query_int (sqlite3    *db,
           const char *sql,
           int        *value)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *value = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }

  sqlite3_finalize (stmt);
  return rc;
}

/* Tells whether an existing database is ours and not from a newer Stipple, through a
 * read-only connection, which never writes to the file: not even a checkpoint when it
 * closes. *version is its schema version. The quick check is left to StpOpenCheck. */
static gboolean
identify_existing (const char  *path,
                   int         *version,
                   GError     **error)
{
  sqlite3 *db = NULL;
  int application_id = 0;
  int n_objects = 0;
  int rc;

  *version = 0;
  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, STP_STORE_ERROR, STP_STORE_ERROR_IO,
                   _("The clinic database “%s” cannot be opened: %s."),
                   path, sqlite3_errstr (rc));
      sqlite3_close_v2 (db);
      return FALSE;
    }
  sqlite3_busy_timeout (db, STP_BUSY_TIMEOUT_MS);

  /* Read through the write-ahead log, which may hold newer pages than the header. An
   * empty database without our id is one whose creation was cut short: it is ours to
   * set up. Anything else without our id belongs to another program. */
  rc = query_int (db, "PRAGMA application_id", &application_id);
  if (rc == SQLITE_OK)
    rc = query_int (db, "PRAGMA user_version", version);
  if (rc == SQLITE_OK)
    rc = query_int (db, "SELECT count(*) FROM sqlite_schema", &n_objects);

  if (rc != SQLITE_OK)
    {
      int primary = rc & 0xff;

      if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
        _stp_set_corrupt_error (path, sqlite3_errstr (rc), error);
      else
        g_set_error (error, STP_STORE_ERROR,
                     primary == SQLITE_BUSY ? STP_STORE_ERROR_BUSY : STP_STORE_ERROR_IO,
                     _("The clinic database “%s” cannot be read: %s."),
                     path, sqlite3_errmsg (db));
      sqlite3_close_v2 (db);
      return FALSE;
    }
  sqlite3_close_v2 (db);

  if ((guint32)application_id != STP_APPLICATION_ID &&
      (application_id != 0 || *version != 0 || n_objects != 0))
    {
      set_not_stipple_error (path, error);
      return FALSE;
    }
  if (*version > stp_store_get_latest_schema_version ())
    {
      set_newer_error (path, *version, error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
configure_connection (StpStore  *self,
                      GError   **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean wal = FALSE;

  sqlite3_busy_timeout (self->db, STP_BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (self->db, TRUE);

  if (sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    wal = g_ascii_strcasecmp ((const char *)sqlite3_column_text (stmt, 0), "wal") == 0;
  sqlite3_finalize (stmt);

  if (!wal)
    {
      g_set_error (error, STP_STORE_ERROR, STP_STORE_ERROR_IO,
                   _("The clinic database “%s” cannot use safe write-ahead logging. Keep the "
                     "data folder on a local disk."), self->path);
      return FALSE;
    }

  /* FULL: a commit survives a power cut. secure_delete: deleted records are overwritten,
   * which a data-protection erase relies on. A 16 MiB page cache (SQLite's default is
   * 2 MiB) holds the search indexes of a large clinic, so typing a search reads from
   * memory rather than asking the kernel for the same pages again: a third off the
   * slowest searches on 100,000 clients. It fills only as pages are read.
   * (trusted_schema stays on: the search index triggers write to an FTS5 table, which
   * SQLite only allows from a trusted schema.) */
  return _stp_store_exec (self,
                          "PRAGMA synchronous = FULL;"
                          "PRAGMA foreign_keys = ON;"
                          "PRAGMA secure_delete = ON;"
                          "PRAGMA cache_size = -16384;",
                          error);
}

static gboolean
apply_migrations (StpStore  *self,
                  GError   **error)
{
  GPtrArray *migrations = get_migrations ();
  int version = 0;

  if (query_int (self->db, "PRAGMA user_version", &version) != SQLITE_OK)
    {
      _stp_store_set_error (self, sqlite3_errcode (self->db), error);
      return FALSE;
    }

  for (guint i = version; i < migrations->len; i++)
    {
      const char *resource = g_ptr_array_index (migrations, i);
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *sql = NULL;
      g_autofree char *bump = NULL;

      bytes = g_resources_lookup_data (resource, 0, error);
      if (bytes == NULL)
        return FALSE;
      sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

      /* Each migration, its version number and (for the first) the application id are
       * one transaction: a crash in between leaves the previous version intact. */
      bump = g_strdup_printf ("PRAGMA user_version = %u;%s", i + 1,
                              i == 0 ? "PRAGMA application_id = "
                                       G_STRINGIFY (STP_APPLICATION_ID) ";"
                                     : "");
      if (!_stp_store_begin (self, error))
        return FALSE;
      if (!_stp_store_exec (self, sql, error) || !_stp_store_exec (self, bump, error))
        {
          _stp_store_rollback (self);
          g_prefix_error (error, _("Updating the database to version %u failed: "), i + 1);
          return FALSE;
        }
      if (!_stp_store_commit (self, error))
        return FALSE;

      g_debug ("Applied migration %s", resource);
    }

  self->schema_version = migrations->len;
  return TRUE;
}

static StpStore *
open_store (const char  *data_dir,
            gboolean     check_later,
            GError     **error)
{
  g_autoptr(StpStore) self = NULL;
  gboolean is_new = FALSE;
  int version = 0;
  int rc;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_test (data_dir, G_FILE_TEST_IS_DIR))
    {
      /* Only a folder we create is made private; an existing one is the user's choice. */
      if (g_mkdir_with_parents (data_dir, 0700) != 0 || g_chmod (data_dir, 0700) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, STP_STORE_ERROR, STP_STORE_ERROR_IO,
                       _("The data folder “%s” cannot be created: %s."),
                       data_dir, g_strerror (saved_errno));
          return NULL;
        }
    }

  self = g_object_new (STP_TYPE_STORE, NULL);
  self->data_dir = g_strdup (data_dir);
  self->path = g_build_filename (data_dir, STP_DATABASE_NAME, NULL);

  if (!inspect_header (self->path, &is_new, error))
    return NULL;
  if (!is_new && !identify_existing (self->path, &version, error))
    return NULL;

  /* Migrations write, so a database that needs them is checked before anything else. */
  self->check = _stp_open_check_new (self->path, is_new);
  if (!is_new && (!check_later || version < stp_store_get_latest_schema_version ()) &&
      !_stp_open_check_run (self->check, NULL, error))
    return NULL;

  rc = sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      _stp_store_set_error (self, rc, error);
      return NULL;
    }

  if (!configure_connection (self, error))
    return NULL;

  /* Until the check passes, the connection only reads, and closing it does not copy the
   * write-ahead log into a file that may turn out to be damaged. */
  if (!_stp_open_check_passed (self->check))
    {
      if (!_stp_store_exec (self, "PRAGMA query_only = ON", error))
        return NULL;
      sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
      self->writes_held = TRUE;
    }

  if (!apply_migrations (self, error))
    return NULL;
  /* Aftercare: the shipped protocols on first run (stp-store-protocols.c). */
  if (!_stp_store_open_followups (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

StpStore *
stp_store_open (const char  *data_dir,
                GError     **error)
{
  return open_store (data_dir, FALSE, error);
}

StpStore *
stp_store_open_unchecked (const char  *data_dir,
                          GError     **error)
{
  return open_store (data_dir, TRUE, error);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  StpStore *self = source_object;
  GError *error = NULL;

  if (_stp_open_check_run (self->check, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
stp_store_check_async (StpStore            *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (STP_IS_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, stp_store_check_async);
  g_task_set_name (task, "[stipple] stp_store_check_async");
  g_task_run_in_thread (task, check_thread);
}

gboolean
stp_store_check_finish (StpStore      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (STP_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  /* On this thread, which owns the connection. */
  return release_writes (self, error);
}

gboolean
stp_store_is_checked (StpStore *self)
{
  g_return_val_if_fail (STP_IS_STORE (self), FALSE);
  return _stp_open_check_passed (self->check);
}

const char *
stp_store_get_data_dir (StpStore *self)
{
  g_return_val_if_fail (STP_IS_STORE (self), NULL);
  return self->data_dir;
}

const char *
stp_store_get_path (StpStore *self)
{
  g_return_val_if_fail (STP_IS_STORE (self), NULL);
  return self->path;
}

int
stp_store_get_schema_version (StpStore *self)
{
  g_return_val_if_fail (STP_IS_STORE (self), 0);
  return self->schema_version;
}

void
stp_store_set_actor (StpStore *self,
                     gint64    staff_id)
{
  g_return_if_fail (STP_IS_STORE (self));
  self->actor = MAX (staff_id, 0);
}

gint64
stp_store_get_actor (StpStore *self)
{
  g_return_val_if_fail (STP_IS_STORE (self), 0);
  return self->actor;
}

gboolean
stp_store_check_integrity (StpStore  *self,
                           char     **report,
                           GError   **error)
{
  sqlite3_stmt *stmt = NULL;
  GString *result = g_string_new (NULL);
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA integrity_check", -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (result->len > 0)
        g_string_append_c (result, '\n');
      g_string_append (result, (const char *)sqlite3_column_text (stmt, 0));
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      g_string_free (result, TRUE);
      _stp_store_set_error (self, rc, error);
      return FALSE;
    }

  *report = g_string_free (result, FALSE);
  return TRUE;
}

gboolean
stp_store_backup (StpStore    *self,
                  const char  *dest_path,
                  GError     **error)
{
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int fd;
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);

  /* Create the file first: private from the start, and never over an existing file. */
  fd = g_open (dest_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, STP_STORE_ERROR, STP_STORE_ERROR_IO,
                   _("The backup “%s” cannot be created: %s."), dest_path,
                   g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);

  rc = sqlite3_open_v2 (dest_path, &dest, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    {
      /* The backup API copies a consistent snapshot even while this store keeps
       * working; one step copies every page. */
      backup = sqlite3_backup_init (dest, "main", self->db, "main");
      if (backup == NULL)
        rc = sqlite3_errcode (dest);
      else
        {
          rc = sqlite3_backup_step (backup, -1);
          if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
          sqlite3_backup_finish (backup);
        }
    }

  if (rc == SQLITE_OK)
    rc = sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, STP_STORE_ERROR, STP_STORE_ERROR_IO,
                   _("The backup “%s” could not be written (%s). Check the disk's free "
                     "space."),
                   dest_path, dest != NULL ? sqlite3_errmsg (dest) : sqlite3_errstr (rc));
      sqlite3_close_v2 (dest);
      g_unlink (dest_path);
      return FALSE;
    }

  sqlite3_close_v2 (dest);
  return TRUE;
}

void
_stp_store_scrub (StpStore *self)
{
  /* After an erase: secure_delete has already zeroed the deleted rows and the freed
   * index pages in the newest page images; folding the WAL into the file and truncating
   * it removes the older images that still held them. This fails while another program
   * reads the database; it is then retried when the store closes. */
  int busy = 1;

  /* wal_checkpoint reports a busy reader as its first result column, not as an error. */
  if (query_int (self->db, "PRAGMA wal_checkpoint(TRUNCATE)", &busy) != SQLITE_OK)
    busy = 1;
  self->scrub_pending = busy != 0;

  if (self->scrub_pending)
    g_warning ("Erased records may remain in the write-ahead log until other programs "
               "using %s close it", self->path);
}

/* Settings */

char *
stp_store_get_setting (StpStore   *self,
                       const char *key)
{
  g_autoptr(StpStmt) stmt = NULL;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = _stp_store_prepare (self, "SELECT value FROM setting WHERE key = ?1", NULL);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return g_strdup ((const char *)sqlite3_column_text (stmt, 0));
}

gboolean
stp_store_set_setting (StpStore    *self,
                       const char  *key,
                       const char  *value,
                       GError     **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  gint64 now = _stp_store_now ();

  g_return_val_if_fail (STP_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (value != NULL && !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, STP_STORE_ERROR, STP_STORE_ERROR_CONSTRAINT,
                   _("The text contains characters that cannot be stored. Retype it."));
      return FALSE;
    }

  if (!_stp_store_begin (self, error))
    return FALSE;

  if (value == NULL || *value == '\0')
    stmt = _stp_store_prepare (self, "DELETE FROM setting WHERE key = ?1", error);
  else
    stmt = _stp_store_prepare (self,
                               "INSERT INTO setting (key, value) VALUES (?1, ?2) "
                               "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                               error);
  if (stmt == NULL)
    goto fail;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (value != NULL && *value != '\0')
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);

  if (!_stp_store_run (self, stmt, error) ||
      !_stp_store_audit (self, now, "update", "setting", 0, key, error) ||
      !_stp_store_commit (self, error))
    goto fail;

  _stp_store_emit_changed (self, STP_ENTITY_SETTING, 0, STP_CHANGE_UPDATED);
  return TRUE;

fail:
  _stp_store_rollback (self);
  return FALSE;
}

/* Audit */

GPtrArray *
stp_store_list_audit (StpStore    *self,
                      const char  *entity,
                      gint64       entity_id,
                      guint        limit,
                      GError     **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  stmt = _stp_store_prepare (self,
                             "SELECT id, at, coalesce(staff_id, 0), action, entity, entity_id, "
                             "fields FROM audit_log "
                             "WHERE (?1 IS NULL OR entity = ?1) AND (?2 = 0 OR entity_id = ?2) "
                             "ORDER BY id DESC LIMIT ?3",
                             error);
  if (stmt == NULL)
    return NULL;

  if (entity != NULL)
    sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, entity_id);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64)limit : -1);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify)stp_audit_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      StpAuditEntry *entry = g_new0 (StpAuditEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->at = sqlite3_column_int64 (stmt, 1);
      entry->staff_id = sqlite3_column_int64 (stmt, 2);
      entry->action = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
      entry->entity = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
      entry->entity_id = sqlite3_column_int64 (stmt, 5);
      entry->fields = g_strdup ((const char *)sqlite3_column_text (stmt, 6));
      g_ptr_array_add (entries, entry);
    }

  if (rc != SQLITE_DONE)
    {
      _stp_store_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&entries);
}
