/* test-consent.c: consent texts are versioned and never change; a signed consent cannot be
 * changed or deleted (through the store or with raw SQL), only revoked once; the text
 * version signed is the one shown later; a client's erase still removes everything.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "test-consultation-util.h"

typedef struct
{
  char      *tmp;
  char      *data_dir;
  char      *db_path;
  StpStore  *store;
  gint64     client;
  gint64     consultant;
  gint64     admin;
  gint64     consultation;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->tmp = test_make_tmp ();
  f->data_dir = g_build_filename (f->tmp, "data", NULL);
  f->db_path = test_db_path (f->data_dir);
  f->store = test_open_store (f->data_dir);
  f->client = test_add_client (f->store, "José", "Núñez", NULL, NULL, NULL);
  f->consultant = test_add_staff (f->store, "Mia Consultant");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(StpStaff) admin = stp_staff_new ("Åsa Admin", STP_STAFF_ROLE_ADMIN);

    f->admin = stp_store_create_staff (f->store, admin, &error);
    g_assert_no_error (error);
  }
  f->consultation = test_add_consultation (f->store, f->client, f->consultant, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->store != NULL)
    g_assert_finalize_object (f->store);
  test_rm_rf (f->tmp);
  g_free (f->db_path);
  g_free (f->data_dir);
  g_free (f->tmp);
}

static gint64
sign (Fixture *f,
      gint64   text_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpConsentSignature) s = test_signature_new (f->consultation, text_id);
  gint64 id = stp_store_sign_consent (f->store, s, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (s->id, ==, id);
  g_assert_cmpint (s->signed_at, >, 0);
  return id;
}

static gint64
current_text_id (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpConsentText) text = stp_store_get_current_consent_text (f->store, &error);

  g_assert_no_error (error);
  return text->id;
}

static void
test_texts (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpConsentText) first = NULL;
  g_autoptr(StpConsentText) current = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  sqlite3 *raw;
  gint64 id;

  /* The shipped text covers what DOMAIN.md asks consent for. */
  first = stp_store_get_current_consent_text (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->version, ==, 1);
  g_assert_cmpint (first->created_by, ==, 0);
  for (guint i = 0; i < 5; i++)
    {
      const char *words[] = { "several sessions", "healed result", "Risks", "photos",
                              "Marketing" };
      g_assert_nonnull (strstr (first->body, words[i]));
    }

  g_assert_cmpint (stp_store_add_consent_text (f->store, "  \n ", &error), ==, 0);
  g_assert_error (error, STP_CONSENT_ERROR, STP_CONSENT_ERROR_TEXT_REQUIRED);
  g_clear_error (&error);

  /* Only an administrator may change what clients sign; nothing is stored otherwise. */
  stp_store_set_actor (f->store, f->consultant);
  g_assert_cmpint (stp_store_add_consent_text (f->store, "Not approved.", &error), ==, 0);
  g_assert_error (error, STP_CONSENT_ERROR, STP_CONSENT_ERROR_ADMIN_REQUIRED);
  g_clear_error (&error);
  g_assert_cmpint (current_text_id (f), ==, first->id);

  stp_store_set_actor (f->store, f->admin);
  id = stp_store_add_consent_text (f->store, "Version two: Einverständnis für SMP.", &error);
  g_assert_no_error (error);
  current = stp_store_get_current_consent_text (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (current->id, ==, id);
  g_assert_cmpuint (current->version, ==, 2);
  g_assert_cmpint (current->created_by, ==, f->admin);
  g_assert_cmpstr (current->body, ==, "Version two: Einverständnis für SMP.");

  texts = stp_store_list_consent_texts (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (texts->len, ==, 2);
  g_assert_cmpuint (((StpConsentText *)texts->pdata[0])->version, ==, 2);
  g_assert_cmpuint (((StpConsentText *)texts->pdata[1])->version, ==, 1);

  /* Rows never change, not even through raw SQL. */
  raw = test_raw_open (f->db_path, SQLITE_OPEN_READWRITE);
  g_assert_cmpint (test_raw_try_exec (raw, "UPDATE consent_text SET body = 'x'"), ==,
                   SQLITE_CONSTRAINT);
  g_assert_cmpint (test_raw_try_exec (raw, "DELETE FROM consent_text"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (test_raw_try_exec (raw, "INSERT OR REPLACE INTO consent_text "
                                           "(id, version, body, created_at) "
                                           "VALUES (1, 1, 'replaced', 0)"), ==,
                   SQLITE_CONSTRAINT);
  sqlite3_close (raw);
  g_clear_pointer (&first, stp_consent_text_free);
  first = stp_store_get_consent_text (f->store, texts->len > 1 ?
                                      ((StpConsentText *)texts->pdata[1])->id : 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (first->body, "several sessions"));
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpConsentSignature) s = test_signature_new (f->consultation, current_text_id (f));

  g_free (s->signer_name);
  s->signer_name = g_strdup (" ");
  g_assert_cmpint (stp_store_sign_consent (f->store, s, &error), ==, 0);
  g_assert_error (error, STP_CONSENT_ERROR, STP_CONSENT_ERROR_SIGNER_REQUIRED);
  g_clear_error (&error);

  g_free (s->signer_name);
  s->signer_name = g_strdup ("ANA");
  g_free (s->strokes_json);
  s->strokes_json = g_strdup ("[]");
  g_assert_cmpint (stp_store_sign_consent (f->store, s, &error), ==, 0);
  g_assert_error (error, STP_CONSENT_ERROR, STP_CONSENT_ERROR_SIGNATURE_MISSING);
  g_clear_error (&error);

  g_free (s->strokes_json);
  s->strokes_json = g_strdup ("[[{\"x\":1,\"y\":1}]]");
  g_bytes_unref (s->image_png);
  s->image_png = g_bytes_new_static ("GIF89a", 6);
  g_assert_cmpint (stp_store_sign_consent (f->store, s, &error), ==, 0);
  g_assert_error (error, STP_CONSENT_ERROR, STP_CONSENT_ERROR_SIGNATURE_MISSING);
  g_clear_error (&error);

  /* A text version that does not exist. */
  g_clear_pointer (&s, stp_consent_signature_free);
  s = test_signature_new (f->consultation, 9999);
  g_assert_cmpint (stp_store_sign_consent (f->store, s, &error), ==, 0);
  g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND);
}

static void
assert_signature_intact (Fixture *f,
                         gint64   signature_id,
                         gint64   text_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpConsentSignature) s = stp_store_get_consent_signature (f->store,
                                                                       f->consultation,
                                                                       &error);
  g_autoptr(StpConsentSignature) original = test_signature_new (f->consultation, text_id);

  g_assert_no_error (error);
  g_assert_cmpint (s->id, ==, signature_id);
  g_assert_cmpint (s->consent_text_id, ==, text_id);
  g_assert_cmpstr (s->signer_name, ==, original->signer_name);
  g_assert_cmpstr (s->strokes_json, ==, original->strokes_json);
  g_assert_true (g_bytes_equal (s->image_png, original->image_png));
  g_assert_true (s->photo_recording);
  g_assert_false (s->marketing_use);
}

static void
test_immutable (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpConsentSignature) again = NULL;
  g_autoptr(StpConsentText) signed_text = NULL;
  g_autoptr(StpConsentText) shown = NULL;
  g_autoptr(StpConsentSignature) s = NULL;
  gint64 v1 = current_text_id (f);
  gint64 sig = sign (f, v1);
  static const char *refused[] = {
    "UPDATE consent_signature SET signer_name = 'SOMEONE ELSE'",
    "UPDATE consent_signature SET marketing_use = 1",
    "UPDATE consent_signature SET consent_text_id = consent_text_id",
    "UPDATE consent_signature SET image = x'00'",
    "UPDATE consent_signature SET signed_at = 1",
    "UPDATE consent_signature SET revoked_at = NULL, revoked_by = NULL",
    "UPDATE consent_signature SET revoked_at = 5",
    "DELETE FROM consent_signature",
    "DELETE FROM consultation",
    "INSERT OR REPLACE INTO consent_signature (id, consultation_id, consent_text_id, "
    "photo_recording, marketing_use, signer_name, strokes, image, signed_at) "
    "SELECT id, consultation_id, consent_text_id, 0, 1, 'X', '[]', x'00', 1 "
    "FROM consent_signature",
  };
  sqlite3 *raw;

  /* The store has no way to change it: a second signature is refused. */
  again = test_signature_new (f->consultation, v1);
  g_assert_cmpint (stp_store_sign_consent (f->store, again, &error), ==, 0);
  g_assert_error (error, STP_CONSENT_ERROR, STP_CONSENT_ERROR_ALREADY_SIGNED);
  g_clear_error (&error);

  /* Nor does a second connection with raw SQL. */
  raw = test_raw_open (f->db_path, SQLITE_OPEN_READWRITE);
  test_raw_exec (raw, "PRAGMA foreign_keys = ON");
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      int rc = test_raw_try_exec (raw, refused[i]);

      if (rc != SQLITE_CONSTRAINT)
        g_error ("\"%s\" was not refused (%d: %s)", refused[i], rc, sqlite3_errmsg (raw));
    }
  sqlite3_close (raw);
  assert_signature_intact (f, sig, v1);

  /* A new text version later: the signature still shows the text that was signed. */
  stp_store_set_actor (f->store, f->admin);
  g_assert_cmpint (stp_store_add_consent_text (f->store, "A shorter, newer text.", &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (current_text_id (f), !=, v1);
  s = stp_store_get_consent_signature (f->store, f->consultation, &error);
  g_assert_no_error (error);
  g_assert_cmpint (s->consent_text_id, ==, v1);
  shown = stp_store_get_consent_text (f->store, s->consent_text_id, &error);
  g_assert_no_error (error);
  signed_text = stp_store_get_consent_text (f->store, v1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (shown->version, ==, 1);
  g_assert_cmpstr (shown->body, ==, signed_text->body);
  g_assert_nonnull (strstr (shown->body, "several sessions"));
}

static void
test_revoke (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpConsentSignature) s = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  gint64 v1 = current_text_id (f);
  gint64 sig = sign (f, v1);
  gint64 revoked_at;
  gint64 second;
  sqlite3 *raw;

  g_assert_false (stp_store_revoke_consent (f->store, sig, 0, &error));
  g_assert_error (error, STP_CONSENT_ERROR, STP_CONSENT_ERROR_STAFF_REQUIRED);
  g_clear_error (&error);

  g_assert_true (stp_store_revoke_consent (f->store, sig, f->consultant, &error));
  g_assert_no_error (error);
  s = stp_store_get_consent_signature (f->store, f->consultation, &error);
  g_assert_no_error (error);
  g_assert_cmpint (s->id, ==, sig);
  g_assert_cmpint (s->revoked_at, >, 0);
  g_assert_cmpint (s->revoked_by, ==, f->consultant);
  revoked_at = s->revoked_at;
  g_clear_pointer (&s, stp_consent_signature_free);

  /* Once. */
  g_assert_false (stp_store_revoke_consent (f->store, sig, f->consultant, &error));
  g_assert_error (error, STP_CONSENT_ERROR, STP_CONSENT_ERROR_ALREADY_REVOKED);
  g_clear_error (&error);
  raw = test_raw_open (f->db_path, SQLITE_OPEN_READWRITE);
  g_assert_cmpint (test_raw_try_exec (raw, "UPDATE consent_signature SET revoked_at = 1"), ==,
                   SQLITE_CONSTRAINT);
  g_assert_cmpint (test_raw_try_exec (raw, "UPDATE consent_signature SET revoked_at = NULL, "
                                           "revoked_by = NULL"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (test_raw_try_exec (raw, "DELETE FROM consent_signature"), ==,
                   SQLITE_CONSTRAINT);
  sqlite3_close (raw);

  audit = stp_store_list_audit (f->store, "consultation", f->consultation, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((StpAuditEntry *)audit->pdata[0])->action, ==, "revoke");
  g_assert_cmpstr (((StpAuditEntry *)audit->pdata[1])->action, ==, "sign");

  /* After a revocation the client may sign again; the revoked one stays on record. */
  second = sign (f, v1);
  g_assert_cmpint (second, !=, sig);
  s = stp_store_get_consent_signature (f->store, f->consultation, &error);
  g_assert_no_error (error);
  g_assert_cmpint (s->id, ==, second);
  g_assert_cmpint (s->revoked_at, ==, 0);
  raw = test_raw_open (f->db_path, SQLITE_OPEN_READONLY);
  g_assert_cmpint (test_raw_int (raw, "SELECT count(*) FROM consent_signature"), ==, 2);
  g_assert_cmpint (test_raw_int (raw, "SELECT revoked_at FROM consent_signature "
                                      "ORDER BY id LIMIT 1"), ==, revoked_at);
  sqlite3_close (raw);
}

/* A consultation replaced by an amendment cannot be signed; its signature stays. */
static void
test_amended (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpConsultation) c = test_get_consultation (f->store, f->consultation);
  g_autoptr(StpConsentSignature) s = NULL;
  gint64 v1 = current_text_id (f);
  gint64 sig;
  gint64 new_id;

  test_fill_required (f->store, c);
  test_save (f->store, c);
  sig = sign (f, v1);
  g_assert_true (stp_store_complete_consultation (f->store, f->consultation, &error));
  g_assert_no_error (error);
  new_id = stp_store_amend_consultation (f->store, f->consultation, &error);
  g_assert_no_error (error);

  g_assert_true (stp_store_revoke_consent (f->store, sig, f->consultant, &error));
  g_assert_no_error (error);
  s = test_signature_new (f->consultation, v1);
  g_assert_cmpint (stp_store_sign_consent (f->store, s, &error), ==, 0);
  g_assert_error (error, STP_CONSENT_ERROR, STP_CONSENT_ERROR_NOT_SIGNABLE);
  g_clear_error (&error);

  s->consultation_id = new_id;
  g_assert_cmpint (stp_store_sign_consent (f->store, s, &error), >, 0);
  g_assert_no_error (error);
}

static void
test_erase (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpConsentSignature) s = test_signature_new (f->consultation, current_text_id (f));
  gint64 other_client = test_add_client (f->store, "Other", "Person", NULL, NULL, NULL);
  gint64 other = test_add_consultation (f->store, other_client, f->consultant, NULL);
  g_autoptr(StpConsentSignature) kept = test_signature_new (other, current_text_id (f));
  sqlite3 *raw;

  g_free (s->signer_name);
  s->signer_name = g_strdup ("SNORKELWIMPLE");
  g_assert_cmpint (stp_store_sign_consent (f->store, s, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (stp_store_sign_consent (f->store, kept, &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (stp_store_revoke_consent (f->store, s->id, f->consultant, &error));
  g_assert_no_error (error);

  g_assert_true (stp_store_erase_client (f->store, f->client, &error));
  g_assert_no_error (error);

  raw = test_raw_open (f->db_path, SQLITE_OPEN_READONLY);
  g_assert_cmpint (test_raw_int (raw, "SELECT count(*) FROM consent_signature"), ==, 1);
  g_assert_cmpint (test_raw_int (raw, "SELECT consultation_id FROM consent_signature"), ==,
                   other);
  g_assert_cmpint (test_raw_int (raw, "SELECT count(*) FROM consultation"), ==, 1);
  sqlite3_close (raw);

  g_assert_finalize_object (g_steal_pointer (&f->store));
  {
    g_autofree char *wal = g_strconcat (f->db_path, "-wal", NULL);
    const char *paths[] = { f->db_path, wal };

    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      {
        gsize len = 0;
        g_autofree char *bytes = test_read_file (paths[i], &len);
        g_assert_false (bytes != NULL && test_memcasemem (bytes, len, "SNORKELWIMPLE"));
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

  ADD ("/consent/texts", test_texts);
  ADD ("/consent/validation", test_validation);
  ADD ("/consent/immutable", test_immutable);
  ADD ("/consent/revoke", test_revoke);
  ADD ("/consent/amended", test_amended);
  ADD ("/consent/erase", test_erase);

  return g_test_run ();
}
