/* test-consent-text.c: the Preferences page where an administrator edits the consent text.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "stp-consent-text-page.h"
#include "ui-test-util.h"

typedef struct
{
  char     *dir;
  StpStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("stipple-consent-text-XXXXXX", &error);
  g_assert_no_error (error);
  f->store = stp_store_open (f->dir, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->dir);
}

static gint64
add_staff (Fixture      *f,
           const char   *name,
           StpStaffRole  role)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (StpStaff) staff = stp_staff_new (name, role);
  gint64 id = stp_store_create_staff (f->store, staff, &error);

  g_assert_no_error (error);
  return id;
}

static GtkWidget *
page_new (Fixture *f)
{
  GtkWidget *page = stp_consent_text_page_new (f->store);

  g_object_ref_sink (page);
  return page;
}

/* An administrator's edit becomes version 2; version 1 stays, and the page shows both. */
static void
test_admin_saves_new_version (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (StpConsentText) current = NULL;
  g_autoptr (GPtrArray) texts = NULL;
  g_autoptr (GtkWidget) page = NULL;
  g_autofree char *shown = NULL;
  const char *edited = "I understand that SMP takes several sessions (Zoë's clinic, v2).";

  stp_store_set_actor (f->store, add_staff (f, "Åsa Admin", STP_STAFF_ROLE_ADMIN));
  page = page_new (f);

  /* The editor opens on the current (shipped) text. */
  current = stp_store_get_current_consent_text (f->store, &error);
  g_assert_no_error (error);
  shown = stp_consent_text_page_dup_text (STP_CONSENT_TEXT_PAGE (page));
  g_assert_cmpstr (shown, ==, current->body);
  g_assert_cmpuint (current->version, ==, 1);

  stp_consent_text_page_set_text (STP_CONSENT_TEXT_PAGE (page), edited);
  g_assert_true (stp_consent_text_page_save (STP_CONSENT_TEXT_PAGE (page)));

  texts = stp_store_list_consent_texts (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (texts->len, ==, 2);
  g_assert_cmpuint (((StpConsentText *) g_ptr_array_index (texts, 0))->version, ==, 2);
  g_assert_cmpstr (((StpConsentText *) g_ptr_array_index (texts, 0))->body, ==, edited);
  g_assert_cmpstr (((StpConsentText *) g_ptr_array_index (texts, 1))->body, ==, current->body);
}

/* Someone who is not an administrator cannot change what clients sign. */
static void
test_non_admin_refused (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) texts = NULL;
  g_autoptr (GtkWidget) page = NULL;

  stp_store_set_actor (f->store, add_staff (f, "Rita Reception", STP_STAFF_ROLE_RECEPTIONIST));
  page = page_new (f);

  stp_consent_text_page_set_text (STP_CONSENT_TEXT_PAGE (page), "A text nobody approved.");
  g_assert_false (stp_consent_text_page_save (STP_CONSENT_TEXT_PAGE (page)));

  texts = stp_store_list_consent_texts (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (texts->len, ==, 1);
}

/* An empty text is refused with the core's message, and nothing is stored. */
static void
test_empty_text_refused (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) texts = NULL;
  g_autoptr (GtkWidget) page = NULL;

  stp_store_set_actor (f->store, add_staff (f, "Åsa Admin", STP_STAFF_ROLE_ADMIN));
  page = page_new (f);

  stp_consent_text_page_set_text (STP_CONSENT_TEXT_PAGE (page), "   ");
  g_assert_false (stp_consent_text_page_save (STP_CONSENT_TEXT_PAGE (page)));

  texts = stp_store_list_consent_texts (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (texts->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/consent-text/admin-saves-new-version", Fixture, NULL,
              fixture_setup, test_admin_saves_new_version, fixture_teardown);
  g_test_add ("/ui/consent-text/non-admin-refused", Fixture, NULL,
              fixture_setup, test_non_admin_refused, fixture_teardown);
  g_test_add ("/ui/consent-text/empty-text-refused", Fixture, NULL,
              fixture_setup, test_empty_text_refused, fixture_teardown);

  return g_test_run ();
}
