/* test-text.c: folding, FTS query quoting, date parsing.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "test-util.h"

static void
assert_fold (const char *in,
             const char *expected)
{
  g_autofree char *out = stp_text_fold (in);

  g_assert_cmpstr (out, ==, expected);
}

static void
test_fold (void)
{
  assert_fold ("Zoë Müller", "zoe muller");
  assert_fold ("MÜLLER", "muller");
  assert_fold ("Anna", "anna");
  assert_fold ("Ångström", "angstrom");
  assert_fold ("José Núñez", "jose nunez");
  assert_fold ("Ça va", "ca va");
  assert_fold ("王", "王");
  assert_fold ("", "");
  /* Decomposed input folds the same as precomposed. */
  assert_fold ("Zoe\xcc\x88", "zoe");
  /* Equal after folding sorts as equal. */
  {
    g_autofree char *a = stp_text_fold ("Ölund");
    g_autofree char *b = stp_text_fold ("olund");
    g_assert_cmpstr (a, ==, b);
  }
}

static void
test_strip_dup (void)
{
  g_autofree char *a = stp_text_strip_dup ("  Anna Smith \t\n");
  g_autofree char *b = stp_text_strip_dup ("   ");
  g_autofree char *c = stp_text_strip_dup ("");
  g_autofree char *d = stp_text_strip_dup (NULL);
  g_autofree char *e = stp_text_strip_dup ("Zoë");

  g_assert_cmpstr (a, ==, "Anna Smith");
  g_assert_null (b);
  g_assert_null (c);
  g_assert_null (d);
  g_assert_cmpstr (e, ==, "Zoë");
}

static void
assert_fts (const char *in,
            const char *expected)
{
  g_autofree char *out = stp_text_to_fts_query (in);

  g_test_message ("to_fts_query (\"%s\")", in);
  g_assert_cmpstr (out, ==, expected);
}

static void
test_fts_query (void)
{
  /* The example of the header. */
  assert_fts ("zo \"mu", "\"zo\"* \"\"\"mu\"*");
  assert_fts ("anna", "\"anna\"*");
  assert_fts ("anna mu", "\"anna\"* \"mu\"*");
  assert_fts ("  anna   mu  ", "\"anna\"* \"mu\"*");
  assert_fts ("a\"b", "\"a\"\"b\"*");
  assert_fts ("anna*", "\"anna*\"*");
  assert_fts ("-anna", "\"-anna\"*");
  assert_fts ("NEAR(", "\"NEAR(\"*");
  assert_fts ("anna OR", "\"anna\"* \"OR\"*");
  assert_fts ("col:anna", "\"col:anna\"*");
  assert_fts ("", NULL);
  assert_fts ("   ", NULL);
  assert_fts (NULL, NULL);
}

/* Whole words: the same quoting, no prefix stars. */
static void
test_fts_words (void)
{
  g_autofree char *words = stp_text_to_fts_words ("zo \"mu NEAR(");
  g_autofree char *none = stp_text_to_fts_words (" - * ");

  g_assert_cmpstr (words, ==, "\"zo\" \"\"\"mu\" \"NEAR(\"");
  g_assert_null (none);
}

/* Every query it makes is valid FTS5 syntax, whatever was typed. */
static void
test_fts_query_is_valid_syntax (void)
{
  static const char *inputs[] = {
    "\"", "\"\"", "*", "-", "-anna", "NEAR(", "anna OR", "(((", ")", "AND", ":", "col:anna",
    "^", "'", "a\"b\"c\"", "{a b}:", "NOT", "+", "zo \"mu", "Zoë Müller", "王",
  };
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  test_raw_exec (db, "CREATE VIRTUAL TABLE t USING fts5 (a, b, "
                     "tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');"
                     "INSERT INTO t VALUES ('Anna Müller', 'zoe'), ('NEAR OR', 'x');");
  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      for (guint prefix = 0; prefix < 2; prefix++)
        {
          g_autofree char *q = prefix ? stp_text_to_fts_query (inputs[i])
                                      : stp_text_to_fts_words (inputs[i]);
          sqlite3_stmt *stmt = NULL;
          int rc;

          g_test_message ("input \"%s\" -> %s", inputs[i], q ? q : "(null)");
          if (q == NULL)
            continue;
          g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT rowid FROM t WHERE t MATCH ?", -1,
                                               &stmt, NULL), ==, SQLITE_OK);
          sqlite3_bind_text (stmt, 1, q, -1, SQLITE_TRANSIENT);
          while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
            ;
          if (rc != SQLITE_DONE)
            g_error ("\"%s\" -> %s: %s", inputs[i], q, sqlite3_errmsg (db));
          sqlite3_finalize (stmt);
        }
    }
  sqlite3_close (db);
}

static void
assert_date (const char *text,
             guint       year,
             guint       month,
             guint       day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_test_message ("date \"%s\"", text);
  g_assert_true (stp_date_parse (text, &date));
  g_assert_true (g_date_valid (&date));
  g_assert_cmpuint (g_date_get_year (&date), ==, year);
  g_assert_cmpuint (g_date_get_month (&date), ==, month);
  g_assert_cmpuint (g_date_get_day (&date), ==, day);
}

static void
assert_not_date (const char *text)
{
  GDate date;

  g_date_clear (&date, 1);
  g_test_message ("not a date \"%s\"", text);
  g_assert_false (stp_date_parse (text, &date));
}

static void
test_date_parse (void)
{
  assert_date ("1985-03-14", 1985, 3, 14);
  assert_date ("2024-02-29", 2024, 2, 29);
  assert_date ("2000-12-31", 2000, 12, 31);
  assert_date (" 1985-03-14 ", 1985, 3, 14);

  assert_not_date ("2023-02-30");
  assert_not_date ("2023-02-29");
  assert_not_date ("1985-13-01");
  assert_not_date ("1985-00-01");
  assert_not_date ("1985-04-31");
  assert_not_date ("1985-01-00");
  assert_not_date ("");
  assert_not_date ("   ");
  assert_not_date ("yesterday");
  assert_not_date ("\xff\xfe");
}

static void
test_date_to_iso (void)
{
  g_autoptr(GDate) d = g_date_new_dmy (4, G_DATE_JULY, 1990);
  g_autoptr(GDate) e = g_date_new_dmy (29, G_DATE_FEBRUARY, 2024);
  g_autofree char *a = stp_date_to_iso (d);
  g_autofree char *b = stp_date_to_iso (e);
  GDate back;

  g_assert_cmpstr (a, ==, "1990-07-04");
  g_assert_cmpstr (b, ==, "2024-02-29");

  /* Round trip. */
  g_date_clear (&back, 1);
  g_assert_true (stp_date_parse (a, &back));
  g_assert_cmpint (g_date_compare (&back, d), ==, 0);
}

static void
test_format_local (void)
{
  g_autofree char *date = stp_date_format_local ("1985-03-14");
  g_autofree char *time_text = stp_time_format_local (482284800);  /* 1985-04-14 UTC */
  g_autofree char *none = stp_date_format_local (NULL);

  g_assert_nonnull (date);
  g_assert_cmpuint (strlen (date), >=, 6);
  g_assert_true (g_utf8_validate (date, -1, NULL));
  g_assert_nonnull (strstr (date, "14"));
  g_assert_nonnull (time_text);
  g_assert_cmpuint (strlen (time_text), >=, 6);
  g_assert_true (g_utf8_validate (time_text, -1, NULL));
  g_assert_null (none);
}

/* A birth date shown as "03/14/25" could be a newborn or a centenarian: the year of a
 * displayed calendar date must be written out in full. */
static void
test_format_local_full_year (void)
{
  g_autofree char *old = stp_date_format_local ("1925-03-14");
  g_autofree char *young = stp_date_format_local ("2020-03-14");

  g_assert_nonnull (old);
  g_assert_nonnull (young);
  g_test_message ("1925-03-14 -> %s, 2020-03-14 -> %s", old, young);
  g_assert_nonnull (strstr (old, "1925"));
  g_assert_nonnull (strstr (young, "2020"));
}

/* Stored times also show a four-digit year, in the local time zone. */
static void
test_time_format_local_full_year (void)
{
  g_autoptr(GDateTime) moment = g_date_time_new_local (2031, 7, 4, 15, 20, 0);
  g_autofree char *shown = stp_time_format_local (g_date_time_to_unix (moment));

  g_assert_nonnull (shown);
  g_test_message ("2031-07-04 15:20 local -> %s", shown);
  g_assert_nonnull (strstr (shown, "2031"));
  g_assert_nonnull (strstr (shown, "20"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/fold", test_fold);
  g_test_add_func ("/text/strip-dup", test_strip_dup);
  g_test_add_func ("/text/fts-query", test_fts_query);
  g_test_add_func ("/text/fts-words", test_fts_words);
  g_test_add_func ("/text/fts-query-valid-syntax", test_fts_query_is_valid_syntax);
  g_test_add_func ("/date/parse", test_date_parse);
  g_test_add_func ("/date/to-iso", test_date_to_iso);
  g_test_add_func ("/date/format-local", test_format_local);
  g_test_add_func ("/date/format-local-full-year", test_format_local_full_year);
  g_test_add_func ("/date/time-format-local-full-year", test_time_format_local_full_year);

  return g_test_run ();
}
