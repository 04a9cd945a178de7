/* test-search.c: prefix, diacritics, AND, contact fields, ranking, scope, limit and
 * hostile query strings.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "test-util.h"

typedef struct
{
  char     *tmp;
  StpStore *store;
  gint64    zoe, anna_mu, anna_sm, rose, mark, jonas, wang, bell;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *dir = NULL;

  f->tmp = test_make_tmp ();
  dir = g_build_filename (f->tmp, "data", NULL);
  f->store = test_open_store (dir);

  f->zoe = test_add_client (f->store, "Zoë", "Adams", NULL, NULL, NULL);
  f->anna_mu = test_add_client (f->store, "Anna", "Müller", NULL, NULL, NULL);
  f->anna_sm = test_add_client (f->store, "Anna", "Smith", NULL, NULL, NULL);
  f->rose = test_add_client (f->store, "Rose", "Turner", NULL, NULL, NULL);
  f->mark = test_add_client (f->store, "Mark", "Bellamy", NULL, NULL,
                             "Likes the rose tint of the new pigment; shade 2.");
  f->jonas = test_add_client (f->store, "Jonas", "Weber", "+44 7700 900123",
                              "jonas.weber@example.org", NULL);
  f->wang = test_add_client (f->store, "Wei", "王", "(555) 123-4567", NULL,
                             "Scar revision planned near the crown.");
  f->bell = test_add_client (f->store, "Ulla", "Olsson", NULL, "ulla@clinic-nord.se",
                             NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  test_rm_rf (f->tmp);
  g_free (f->tmp);
}

static GArray *
search (Fixture        *f,
        const char     *text,
        StpClientScope  scope,
        guint           limit)
{
  g_autoptr(GError) error = NULL;
  GArray *ids;

  ids = stp_store_search_clients (f->store, text, scope, limit, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ids);
  g_assert_cmpuint (g_array_get_element_size (ids), ==, sizeof (gint64));
  return ids;
}

/* Exactly these ids, in any order. */
static void
assert_finds_set (Fixture    *f,
                  const char *text,
                  guint       n,
                  ...)
{
  g_autoptr(GArray) ids = search (f, text, STP_CLIENT_SCOPE_ACTIVE, 0);
  va_list ap;

  g_test_message ("search \"%s\"", text);
  g_assert_cmpuint (ids->len, ==, n);
  va_start (ap, n);
  for (guint i = 0; i < n; i++)
    g_assert_true (test_ids_contain (ids, va_arg (ap, gint64)));
  va_end (ap);
}

static void
test_prefix (Fixture       *f,
             gconstpointer  data)
{
  assert_finds_set (f, "zo", 1, f->zoe);
  assert_finds_set (f, "z", 1, f->zoe);
  assert_finds_set (f, "zoë", 1, f->zoe);
  assert_finds_set (f, "Zoë", 1, f->zoe);
  assert_finds_set (f, "ZO", 1, f->zoe);
  assert_finds_set (f, "Tur", 1, f->rose);
  assert_finds_set (f, "weber", 1, f->jonas);
  assert_finds_set (f, "olss", 1, f->bell);
  assert_finds_set (f, "王", 1, f->wang);
  /* Prefix, not substring. */
  assert_finds_set (f, "eber", 0);
  assert_finds_set (f, "nobodyhere", 0);
}

static void
test_diacritics (Fixture       *f,
                 gconstpointer  data)
{
  assert_finds_set (f, "zoe", 1, f->zoe);
  assert_finds_set (f, "muller", 1, f->anna_mu);
  assert_finds_set (f, "MÜLLER", 1, f->anna_mu);
  assert_finds_set (f, "Müller", 1, f->anna_mu);
  assert_finds_set (f, "mü", 1, f->anna_mu);
  assert_finds_set (f, "MU", 1, f->anna_mu);
}

static void
test_words_and (Fixture       *f,
                gconstpointer  data)
{
  assert_finds_set (f, "anna", 2, f->anna_mu, f->anna_sm);
  assert_finds_set (f, "anna mu", 1, f->anna_mu);
  assert_finds_set (f, "mu anna", 1, f->anna_mu);
  assert_finds_set (f, "  anna    sm  ", 1, f->anna_sm);
  assert_finds_set (f, "anna turner", 0);
}

static void
test_contact (Fixture       *f,
              gconstpointer  data)
{
  /* Phone digits, as typed and as bare digits. */
  assert_finds_set (f, "7700", 1, f->jonas);
  assert_finds_set (f, "900123", 1, f->jonas);
  assert_finds_set (f, "+44 7700", 1, f->jonas);
  assert_finds_set (f, "447700900123", 1, f->jonas);
  assert_finds_set (f, "555", 1, f->wang);
  assert_finds_set (f, "5551234567", 1, f->wang);
  assert_finds_set (f, "(555) 123-4567", 1, f->wang);
  /* Email parts and the whole address. */
  assert_finds_set (f, "jonas.weber@example.org", 1, f->jonas);
  assert_finds_set (f, "example.org", 1, f->jonas);
  assert_finds_set (f, "ulla@clinic", 1, f->bell);
  assert_finds_set (f, "nord", 1, f->bell);
  /* Notes. */
  assert_finds_set (f, "crown", 1, f->wang);
  assert_finds_set (f, "pigm", 1, f->mark);
}

static void
test_ranking (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GArray) ids = search (f, "rose", STP_CLIENT_SCOPE_ACTIVE, 0);

  /* Rose by name before the client whose notes mention a rose tint. */
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, f->rose);
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, f->mark);
}

/* Inserted in the other order, so id order cannot explain the ranking. */
static void
test_ranking_name_over_notes (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GArray) ids = NULL;
  gint64 notes1, notes2, name;

  notes1 = test_add_client (f->store, "Abe", "Aaronson", NULL, NULL,
                            "Talked about Hazel, her sister, who had the same treatment.");
  notes2 = test_add_client (f->store, "Bea", "Aaronson", NULL, NULL, "hazel eyes");
  name = test_add_client (f->store, "Hazel", "Zimmerman", NULL, NULL, NULL);

  ids = search (f, "hazel", STP_CLIENT_SCOPE_ACTIVE, 0);
  g_assert_cmpuint (ids->len, ==, 3);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, name);
  g_assert_true (test_ids_contain (ids, notes1));
  g_assert_true (test_ids_contain (ids, notes2));
  g_clear_pointer (&ids, g_array_unref);

  /* With a limit of one the best match is the one kept. */
  ids = search (f, "haz", STP_CLIENT_SCOPE_ACTIVE, 1);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, name);
}

static void
test_scope (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;

  g_assert_true (stp_store_set_client_archived (f->store, f->zoe, TRUE, &error));
  g_assert_no_error (error);

  assert_finds_set (f, "zoe", 0);
  ids = search (f, "zoe", STP_CLIENT_SCOPE_ARCHIVED, 0);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, f->zoe);
  g_clear_pointer (&ids, g_array_unref);

  ids = search (f, "anna", STP_CLIENT_SCOPE_ARCHIVED, 0);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);

  ids = search (f, "", STP_CLIENT_SCOPE_ARCHIVED, 0);
  g_assert_cmpuint (ids->len, ==, 1);
  g_clear_pointer (&ids, g_array_unref);

  g_assert_true (stp_store_set_client_archived (f->store, f->zoe, FALSE, &error));
  g_assert_no_error (error);
  assert_finds_set (f, "zoe", 1, f->zoe);
}

static void
test_limit (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GArray) ids = NULL;

  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *family = g_strdup_printf ("Limitson%02u", i);
      test_add_client (f->store, "Lars", family, NULL, NULL, NULL);
    }

  ids = search (f, "limitson", STP_CLIENT_SCOPE_ACTIVE, 5);
  g_assert_cmpuint (ids->len, ==, 5);
  g_clear_pointer (&ids, g_array_unref);
  ids = search (f, "limitson", STP_CLIENT_SCOPE_ACTIVE, 0);
  g_assert_cmpuint (ids->len, ==, 30);
  g_clear_pointer (&ids, g_array_unref);
  ids = search (f, "limitson", STP_CLIENT_SCOPE_ACTIVE, 100);
  g_assert_cmpuint (ids->len, ==, 30);
  g_clear_pointer (&ids, g_array_unref);
  ids = search (f, "", STP_CLIENT_SCOPE_ACTIVE, 7);
  g_assert_cmpuint (ids->len, ==, 7);
  g_clear_pointer (&ids, g_array_unref);
  ids = search (f, "limitson lars", STP_CLIENT_SCOPE_ACTIVE, 1);
  g_assert_cmpuint (ids->len, ==, 1);
}

static void
test_empty_lists_all (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) all = NULL;
  const char *empties[] = { "", "   ", "\t" };

  all = stp_store_list_client_ids (f->store, STP_CLIENT_SCOPE_ACTIVE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 8);

  for (guint k = 0; k < G_N_ELEMENTS (empties); k++)
    {
      g_autoptr(GArray) ids = search (f, empties[k], STP_CLIENT_SCOPE_ACTIVE, 0);
      g_test_message ("search \"%s\"", empties[k]);
      g_assert_cmpuint (ids->len, ==, all->len);
      for (guint i = 0; i < all->len; i++)
        g_assert_cmpint (g_array_index (ids, gint64, i), ==, g_array_index (all, gint64, i));
    }
}

static void
test_hostile (Fixture       *f,
              gconstpointer  data)
{
  static const char *hostile[] = {
    "\"", "\"\"", "*", "-", "-anna", "NEAR(", "NEAR(anna mu)", "anna OR", "OR", "NOT",
    "anna NOT mu", "(((", ")", "AND", ":", "col:anna", "name:anna", "^", "^anna", "'",
    "''", "anna'", "a\"b", "{name}: anna", "anna*", "*anna", "+", "anna + mu", "\\",
    "%", "_", "anna%", "[", "]", "anna; DROP TABLE client;--", "\"anna", "anna\"",
    "NEAR/2", "zo \"mu", "\xe2\x80\x8b", "😀", "\x7f",
  };
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autoptr(GString) many_words = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      for (int scope = STP_CLIENT_SCOPE_ACTIVE; scope <= STP_CLIENT_SCOPE_ARCHIVED; scope++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GArray) ids = NULL;

          g_test_message ("hostile query \"%s\"", hostile[i]);
          ids = stp_store_search_clients (f->store, hostile[i], scope, 0, &error);
          g_assert_no_error (error);
          g_assert_nonnull (ids);
        }
    }

  /* Operators are plain text: the word after them still finds the client. */
  assert_finds_set (f, "-anna", 2, f->anna_mu, f->anna_sm);
  assert_finds_set (f, "\"anna", 2, f->anna_mu, f->anna_sm);
  assert_finds_set (f, "anna*", 2, f->anna_mu, f->anna_sm);
  assert_finds_set (f, "(anna)", 2, f->anna_mu, f->anna_sm);
  assert_finds_set (f, "zo \"ad", 1, f->zoe);
  /* NOT is a word to look for, not an operator that excludes Müller. */
  assert_finds_set (f, "anna NOT mu", 0);
  assert_finds_set (f, "anna OR mark", 0);

  for (guint i = 0; i < 1000; i++)
    g_string_append (huge, "anna\"*-(");
  g_string_append (huge, "xx");
  g_assert_cmpuint (huge->len, >=, 8000);
  while (huge->len < 10000)
    g_string_append_c (huge, 'a');
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GArray) ids = stp_store_search_clients (f->store, huge->str,
                                                      STP_CLIENT_SCOPE_ACTIVE, 0, &error);
    g_assert_no_error (error);
    g_assert_nonnull (ids);
    g_assert_cmpuint (ids->len, ==, 0);
  }
  {
    g_autofree char *aaaa = g_strnfill (10000, 'a');
    g_autoptr(GError) error = NULL;
    g_autoptr(GArray) ids = stp_store_search_clients (f->store, aaaa,
                                                      STP_CLIENT_SCOPE_ACTIVE, 0, &error);
    g_assert_no_error (error);
    g_assert_nonnull (ids);
    g_assert_cmpuint (ids->len, ==, 0);
  }
  for (guint i = 0; i < 2000; i++)
    g_string_append (many_words, "a ");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GArray) ids = stp_store_search_clients (f->store, many_words->str,
                                                      STP_CLIENT_SCOPE_ACTIVE, 0, &error);
    g_assert_no_error (error);
    g_assert_nonnull (ids);
  }
}

static void
test_invalid_utf8 (Fixture       *f,
                   gconstpointer  data)
{
  static const char *broken[] = {
    "\xff\xfe", "zo\xc3", "\xc3\x28", "anna \xed\xa0\x80", "\xf8\x88\x80\x80\x80", "\xc0\xaf",
  };

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) ids = NULL;

      g_test_message ("broken query %u", i);
      ids = stp_store_search_clients (f->store, broken[i], STP_CLIENT_SCOPE_ACTIVE, 0, &error);
      /* Either a clear error or a result; never a crash. */
      if (ids == NULL)
        g_assert_nonnull (error);
      else
        g_assert_no_error (error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/search/prefix", test_prefix);
  ADD ("/search/diacritics", test_diacritics);
  ADD ("/search/words-and", test_words_and);
  ADD ("/search/contact", test_contact);
  ADD ("/search/ranking", test_ranking);
  ADD ("/search/ranking-name-over-notes", test_ranking_name_over_notes);
  ADD ("/search/scope", test_scope);
  ADD ("/search/limit", test_limit);
  ADD ("/search/empty-lists-all", test_empty_lists_all);
  ADD ("/search/hostile", test_hostile);
  ADD ("/search/invalid-utf8", test_invalid_utf8);

  return g_test_run ();
}
