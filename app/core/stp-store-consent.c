/* stp-store-consent.c: consent text versions and signatures. Both are append-only in the
 * schema itself; the store adds the rules a person can act on (one standing consent per
 * consultation, revocation once).
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "stp-store-private.h"
#include "stipple/stp-store-consultations.h"

#define TEXT_COLUMNS "id, version, body, created_at, coalesce(created_by, 0)"
#define SIGNATURE_COLUMNS \
  "id, consultation_id, consent_text_id, photo_recording, marketing_use, signer_name, " \
  "strokes, image, signed_at, coalesce(revoked_at, 0), coalesce(revoked_by, 0)"

static StpConsentText *
text_from_row (sqlite3_stmt *stmt)
{
  StpConsentText *text = g_new0 (StpConsentText, 1);

  text->id = sqlite3_column_int64 (stmt, 0);
  text->version = sqlite3_column_int (stmt, 1);
  text->body = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
  text->created_at = sqlite3_column_int64 (stmt, 3);
  text->created_by = sqlite3_column_int64 (stmt, 4);
  return text;
}

static StpConsentSignature *
signature_from_row (sqlite3_stmt *stmt)
{
  StpConsentSignature *s = stp_consent_signature_new ();

  s->id = sqlite3_column_int64 (stmt, 0);
  s->consultation_id = sqlite3_column_int64 (stmt, 1);
  s->consent_text_id = sqlite3_column_int64 (stmt, 2);
  s->photo_recording = sqlite3_column_int (stmt, 3);
  s->marketing_use = sqlite3_column_int (stmt, 4);
  s->signer_name = g_strdup ((const char *)sqlite3_column_text (stmt, 5));
  s->strokes_json = g_strdup ((const char *)sqlite3_column_text (stmt, 6));
  s->image_png = g_bytes_new (sqlite3_column_blob (stmt, 7), sqlite3_column_bytes (stmt, 7));
  s->signed_at = sqlite3_column_int64 (stmt, 8);
  s->revoked_at = sqlite3_column_int64 (stmt, 9);
  s->revoked_by = sqlite3_column_int64 (stmt, 10);
  return s;
}

static void
set_not_found (GError     **error,
               const char  *message)
{
  g_set_error_literal (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND, message);
}

GPtrArray *
stp_store_list_consent_texts (StpStore  *self,
                              GError   **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  int rc;

  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  stmt = _stp_store_prepare (self, "SELECT " TEXT_COLUMNS " FROM consent_text "
                             "ORDER BY version DESC", error);
  if (stmt == NULL)
    return NULL;

  texts = g_ptr_array_new_with_free_func ((GDestroyNotify)stp_consent_text_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (texts, text_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _stp_store_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&texts);
}

static StpConsentText *
get_text (StpStore    *self,
          const char  *sql,
          gint64       id,
          GError     **error)
{
  g_autoptr(StpStmt) stmt = _stp_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return text_from_row (stmt);

  if (rc == SQLITE_DONE)
    set_not_found (error, _("That version of the consent text does not exist."));
  else
    _stp_store_set_error (self, rc, error);
  return NULL;
}

StpConsentText *
stp_store_get_consent_text (StpStore  *self,
                            gint64     id,
                            GError   **error)
{
  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  return get_text (self, "SELECT " TEXT_COLUMNS " FROM consent_text WHERE id = ?1", id, error);
}

StpConsentText *
stp_store_get_current_consent_text (StpStore  *self,
                                    GError   **error)
{
  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  /* ?1 is unused: get_text binds it regardless. */
  return get_text (self, "SELECT " TEXT_COLUMNS " FROM consent_text WHERE ?1 IS NOT NULL "
                   "ORDER BY version DESC LIMIT 1", 0, error);
}

gint64
stp_store_add_consent_text (StpStore    *self,
                            const char  *body,
                            GError     **error)
{
  g_autoptr(StpStmt) stmt = NULL;
  gint64 now = _stp_store_now ();
  gint64 actor;
  gint64 id;

  g_return_val_if_fail (STP_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!stp_consent_text_validate (body, error))
    return 0;

  /* What every client signs is the clinic's responsibility: an administrator's. */
  if (!stp_store_actor_has_role (self, STP_STAFF_ROLE_ADMIN))
    {
      g_set_error (error, STP_CONSENT_ERROR, STP_CONSENT_ERROR_ADMIN_REQUIRED,
                   _("Only an administrator can change the consent text. Choose an "
                     "administrator in the header bar first."));
      return 0;
    }

  if (!_stp_store_begin (self, error))
    return 0;

  stmt = _stp_store_prepare (self,
                             "INSERT INTO consent_text (version, body, created_at, created_by) "
                             "SELECT coalesce(max(version), 0) + 1, ?1, ?2, ?3 "
                             "FROM consent_text", error);
  if (stmt == NULL)
    goto fail;

  actor = stp_store_get_actor (self);
  sqlite3_bind_text (stmt, 1, body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now);
  if (actor > 0)
    sqlite3_bind_int64 (stmt, 3, actor);
  if (!_stp_store_run (self, stmt, error))
    goto fail;

  id = sqlite3_last_insert_rowid (_stp_store_get_db (self));
  if (!_stp_store_audit (self, now, "create", "consent_text", id, NULL, error) ||
      !_stp_store_commit (self, error))
    goto fail;

  _stp_store_emit_changed (self, STP_ENTITY_CONSENT_TEXT, id, STP_CHANGE_CREATED);
  return id;

fail:
  _stp_store_rollback (self);
  return 0;
}

static StpConsentSignature *
get_signature (StpStore    *self,
               const char  *sql,
               gint64       id,
               GError     **error)
{
  g_autoptr(StpStmt) stmt = _stp_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return signature_from_row (stmt);

  if (rc == SQLITE_DONE)
    set_not_found (error, _("The consent has not been signed."));
  else
    _stp_store_set_error (self, rc, error);
  return NULL;
}

StpConsentSignature *
stp_store_get_consent_signature (StpStore  *self,
                                 gint64     consultation_id,
                                 GError   **error)
{
  g_return_val_if_fail (STP_IS_STORE (self), NULL);

  return get_signature (self, "SELECT " SIGNATURE_COLUMNS " FROM consent_signature "
                        "WHERE consultation_id = ?1 "
                        "ORDER BY revoked_at IS NULL DESC, id DESC LIMIT 1",
                        consultation_id, error);
}

gint64
stp_store_sign_consent (StpStore             *self,
                        StpConsentSignature  *signature,
                        GError              **error)
{
  g_autoptr(StpConsultation) c = NULL;
  g_autoptr(StpConsentSignature) standing = NULL;
  g_autoptr(StpConsentText) text = NULL;
  g_autoptr(StpStmt) stmt = NULL;
  gint64 now = _stp_store_now ();
  gsize size = 0;
  gconstpointer png;
  gint64 id;

  g_return_val_if_fail (STP_IS_STORE (self), 0);
  g_return_val_if_fail (signature != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!stp_consent_signature_validate (signature, error) || !_stp_store_begin (self, error))
    return 0;

  c = stp_store_get_consultation (self, signature->consultation_id, error);
  if (c == NULL)
    goto fail;
  if (stp_consultation_get_status (c) == STP_CONSULTATION_STATUS_AMENDED)
    {
      g_set_error_literal (error, STP_CONSENT_ERROR, STP_CONSENT_ERROR_NOT_SIGNABLE,
                           _("This version was replaced by an amendment. The client signs "
                             "on the current version."));
      goto fail;
    }

  standing = get_signature (self, "SELECT " SIGNATURE_COLUMNS " FROM consent_signature "
                            "WHERE consultation_id = ?1 AND revoked_at IS NULL",
                            signature->consultation_id, NULL);
  if (standing != NULL)
    {
      g_set_error_literal (error, STP_CONSENT_ERROR, STP_CONSENT_ERROR_ALREADY_SIGNED,
                           _("The consent is already signed and cannot be changed. To take "
                             "a new signature, revoke the signed one first."));
      goto fail;
    }

  text = stp_store_get_consent_text (self, signature->consent_text_id, error);
  if (text == NULL)
    goto fail;

  stmt = _stp_store_prepare (self,
                             "INSERT INTO consent_signature (consultation_id, consent_text_id, "
                             "photo_recording, marketing_use, signer_name, strokes, image, "
                             "signed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);
  if (stmt == NULL)
    goto fail;

  png = g_bytes_get_data (signature->image_png, &size);
  sqlite3_bind_int64 (stmt, 1, signature->consultation_id);
  sqlite3_bind_int64 (stmt, 2, signature->consent_text_id);
  sqlite3_bind_int (stmt, 3, !!signature->photo_recording);
  sqlite3_bind_int (stmt, 4, !!signature->marketing_use);
  sqlite3_bind_text (stmt, 5, signature->signer_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, signature->strokes_json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob64 (stmt, 7, png, size, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 8, now);
  if (!_stp_store_run (self, stmt, error))
    goto fail;

  id = sqlite3_last_insert_rowid (_stp_store_get_db (self));
  if (!_stp_store_audit (self, now, "sign", "consultation", signature->consultation_id,
                         "consent", error) ||
      !_stp_store_commit (self, error))
    goto fail;

  signature->id = id;
  signature->signed_at = now;
  signature->revoked_at = 0;
  signature->revoked_by = 0;
  _stp_store_emit_changed (self, STP_ENTITY_CONSULTATION, signature->consultation_id,
                           STP_CHANGE_UPDATED);
  return id;

fail:
  _stp_store_rollback (self);
  return 0;
}

gboolean
stp_store_revoke_consent (StpStore  *self,
                          gint64     signature_id,
                          gint64     revoked_by,
                          GError   **error)
{
  g_autoptr(StpConsentSignature) s = NULL;
  g_autoptr(StpStmt) stmt = NULL;
  gint64 now = _stp_store_now ();

  g_return_val_if_fail (STP_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (revoked_by <= 0)
    {
      g_set_error_literal (error, STP_CONSENT_ERROR, STP_CONSENT_ERROR_STAFF_REQUIRED,
                           _("Choose who recorded the revocation."));
      return FALSE;
    }

  if (!_stp_store_begin (self, error))
    return FALSE;

  s = get_signature (self, "SELECT " SIGNATURE_COLUMNS " FROM consent_signature WHERE id = ?1",
                     signature_id, error);
  if (s == NULL)
    goto fail;
  if (s->revoked_at != 0)
    {
      g_set_error_literal (error, STP_CONSENT_ERROR, STP_CONSENT_ERROR_ALREADY_REVOKED,
                           _("This consent was already revoked."));
      goto fail;
    }

  stmt = _stp_store_prepare (self, "UPDATE consent_signature SET revoked_at = ?2, "
                             "revoked_by = ?3 WHERE id = ?1 AND revoked_at IS NULL", error);
  if (stmt == NULL)
    goto fail;

  sqlite3_bind_int64 (stmt, 1, signature_id);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, revoked_by);
  if (!_stp_store_run (self, stmt, error) ||
      !_stp_store_audit (self, now, "revoke", "consultation", s->consultation_id, "consent",
                         error) ||
      !_stp_store_commit (self, error))
    goto fail;

  _stp_store_emit_changed (self, STP_ENTITY_CONSULTATION, s->consultation_id,
                           STP_CHANGE_UPDATED);
  return TRUE;

fail:
  _stp_store_rollback (self);
  return FALSE;
}
