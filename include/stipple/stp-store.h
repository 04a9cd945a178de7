/* stp-store.h: the clinic database: opening, migrations, transactions, audit, change signals.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "stp-client.h"
#include "stp-staff.h"

G_BEGIN_DECLS

#define STP_STORE_ERROR (stp_store_error_quark ())

typedef enum
{
  STP_STORE_ERROR_IO,             /* the folder or file cannot be created, read or written */
  STP_STORE_ERROR_NEWER_VERSION,  /* the database was written by a newer Stipple */
  STP_STORE_ERROR_NOT_STIPPLE,    /* the file is not a Stipple database */
  STP_STORE_ERROR_CORRUPT,        /* the database failed its integrity check */
  STP_STORE_ERROR_NOT_FOUND,      /* no record with that id */
  STP_STORE_ERROR_CONSTRAINT,     /* the database refused the change (nothing was written) */
  STP_STORE_ERROR_BUSY,           /* another program holds the database locked */
  STP_STORE_ERROR_FAILED,         /* any other SQLite failure */
} StpStoreError;

/* What a change signal is about. The "changed" signal (entity, id, kind) is emitted after
 * each commit; id 0 means many records of that entity changed at once (a bulk import),
 * and listeners should re-read them. */
typedef enum
{
  STP_ENTITY_CLIENT,
  STP_ENTITY_STAFF,
  STP_ENTITY_SETTING,
  STP_ENTITY_CONSULTATION,   /* a consultation, its screening, plan or consent */
  STP_ENTITY_CONSENT_TEXT,
  STP_ENTITY_PHOTO,          /* a client's photo (id 0: several at once) */
  STP_ENTITY_SKETCH,         /* a sketch version */
  STP_ENTITY_PLAN,           /* a treatment plan */
  STP_ENTITY_SESSION,        /* a treatment session, its lots, photos and revisions */
  STP_ENTITY_LOT,            /* the remembered pigment and needle lots (id 0) */
  STP_ENTITY_REFERRAL,       /* a removal referral or a reported laser session */
  /* Aftercare (issue 6). */
  STP_ENTITY_FOLLOWUP,       /* a follow-up; id 0 when a session change moved several */
  STP_ENTITY_PROTOCOL,       /* an aftercare protocol */
} StpEntity;

typedef enum
{
  STP_CHANGE_CREATED,
  STP_CHANGE_UPDATED,
  STP_CHANGE_REMOVED,
} StpChangeKind;

/* Which clients a listing or search covers. */
typedef enum
{
  STP_CLIENT_SCOPE_ACTIVE,
  STP_CLIENT_SCOPE_ARCHIVED,
} StpClientScope;

/* One row of the append-only audit log. */
typedef struct
{
  gint64  id;
  gint64  at;          /* unix seconds, UTC */
  gint64  staff_id;    /* 0 when nobody was chosen at the workstation */
  char   *action;      /* "create", "update", "archive", "restore", "erase" */
  char   *entity;      /* "client", "staff", "setting" */
  gint64  entity_id;
  char   *fields;      /* comma-separated names of the fields that changed; never values */
} StpAuditEntry;

void stp_audit_entry_free (StpAuditEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StpAuditEntry, stp_audit_entry_free)

#define STP_TYPE_STORE (stp_store_get_type ())
G_DECLARE_FINAL_TYPE (StpStore, stp_store, STP, STORE, GObject)

GQuark       stp_store_error_quark          (void);

/* The data folder: $STIPPLE_DATA_DIR, else $XDG_DATA_HOME/stipple. */
char        *stp_store_default_data_dir     (void);

/* Creates the folder (0700) and database (0600) when missing, refuses foreign, newer or
 * corrupt files without writing to them, then applies pending migrations. */
StpStore    *stp_store_open                 (const char      *data_dir,
                                             GError         **error);
/* The same, except that an existing database's quick check (which reads the whole file)
 * is left for later, so a window can show first: the store reads at once, and holds its
 * first write until the check has passed, running it then if nobody has. A database
 * that needs migrating is still checked at once. */
StpStore    *stp_store_open_unchecked       (const char      *data_dir,
                                             GError         **error);
/* Runs the quick check on a worker thread (or waits for the one running). Errors:
 * STP_STORE_ERROR_CORRUPT (final: the store never writes), _BUSY, _IO, and
 * G_IO_ERROR_CANCELLED (the check can run again). */
void         stp_store_check_async          (StpStore            *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean     stp_store_check_finish         (StpStore        *self,
                                             GAsyncResult    *result,
                                             GError         **error);
/* Whether the quick check has passed (always, after stp_store_open). */
gboolean     stp_store_is_checked           (StpStore        *self);
const char  *stp_store_get_data_dir         (StpStore        *self);
const char  *stp_store_get_path             (StpStore        *self);
int          stp_store_get_schema_version   (StpStore        *self);
int          stp_store_get_latest_schema_version (void);

/* The person at the workstation; every audit row names them. 0 means nobody chosen. */
void         stp_store_set_actor            (StpStore        *self,
                                             gint64           staff_id);
gint64       stp_store_get_actor            (StpStore        *self);
/* Whether the person at the workstation is an active staff member with this role. */
gboolean     stp_store_actor_has_role       (StpStore        *self,
                                             StpStaffRole     role);

/* Full integrity check; *report is "ok" or SQLite's list of problems. */
gboolean     stp_store_check_integrity      (StpStore        *self,
                                             char           **report,
                                             GError         **error);

/* Writes a consistent copy of the database to dest_path (0600, replacing nothing: the
 * file must not exist) while the store stays in use. Photos are copied separately. */
gboolean     stp_store_backup               (StpStore        *self,
                                             const char      *dest_path,
                                             GError         **error);

/* Clients. create/update validate first (STP_CLIENT_ERROR) and never store invalid data. */
gint64       stp_store_create_client        (StpStore        *self,
                                             StpClient       *client,
                                             GError         **error);
gboolean     stp_store_update_client        (StpStore        *self,
                                             StpClient       *client,
                                             GError         **error);
StpClient   *stp_store_get_client           (StpStore        *self,
                                             gint64           id,
                                             GError         **error);
gboolean     stp_store_set_client_archived  (StpStore        *self,
                                             gint64           id,
                                             gboolean         archived,
                                             GError         **error);
/* A data-protection erase: the rows go, and the file is rewritten so no trace remains. */
gboolean     stp_store_erase_client         (StpStore        *self,
                                             gint64           id,
                                             GError         **error);
guint        stp_store_count_clients        (StpStore        *self,
                                             StpClientScope   scope);
/* All ids in scope in list order (family, given, id). */
GArray      *stp_store_list_client_ids      (StpStore        *self,
                                             StpClientScope   scope,
                                             GError         **error);
/* Ranked, as-you-type prefix search; text is always plain text, never FTS syntax.
 * Returns at most limit ids (0: no limit), best first. Empty text lists everything. */
GArray      *stp_store_search_clients       (StpStore        *self,
                                             const char      *text,
                                             StpClientScope   scope,
                                             guint            limit,
                                             GError         **error);
/* Where a client sits in the unfiltered list order of its scope (for live models). */
guint        stp_store_client_list_position (StpStore        *self,
                                             StpClient       *client);

/* Staff. */
gint64       stp_store_create_staff         (StpStore        *self,
                                             StpStaff        *staff,
                                             GError         **error);
gboolean     stp_store_update_staff         (StpStore        *self,
                                             StpStaff        *staff,
                                             GError         **error);
StpStaff    *stp_store_get_staff            (StpStore        *self,
                                             gint64           id,
                                             GError         **error);
/* Element type StpStaff, ordered by name; inactive ones only when asked. */
GPtrArray   *stp_store_list_staff           (StpStore        *self,
                                             gboolean         include_inactive,
                                             GError         **error);

/* Clinic details and other small settings kept in the database ("clinic-name",
 * "clinic-address", "clinic-phone"). get returns NULL when unset. */
char        *stp_store_get_setting          (StpStore        *self,
                                             const char      *key);
gboolean     stp_store_set_setting          (StpStore        *self,
                                             const char      *key,
                                             const char      *value,
                                             GError         **error);

/* Newest first; entity NULL for all, entity_id 0 for all records of it. */
GPtrArray   *stp_store_list_audit           (StpStore        *self,
                                             const char      *entity,
                                             gint64           entity_id,
                                             guint            limit,
                                             GError         **error);

G_END_DECLS
