/* test-client.c: client validation (one test per rule), round trips, archive/restore,
 * list order and the data-protection erase.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <unistd.h>

#include "test-util.h"

/* A fixed "today" so boundaries do not move with the calendar. */
static GDate *
fixed_today (void)
{
  return g_date_new_dmy (15, G_DATE_JUNE, 2024);
}

static char *
local_today_offset_iso (int days)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_time_t (&date, time (NULL));
  if (days > 0)
    g_date_add_days (&date, days);
  else if (days < 0)
    g_date_subtract_days (&date, -days);
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

/* A client that passes every rule. */
static StpClient *
valid_client (void)
{
  StpClient *c = test_client_new ("Anna", "Smith");

  stp_client_set_preferred_name (c, "Annie");
  stp_client_set_birth_date (c, "1985-03-14");
  stp_client_set_phone (c, "+44 7700 900123");
  stp_client_set_email (c, "anna.smith@example.com");
  stp_client_set_notes (c, "Norwood 3. Wants a soft, natural hairline.");
  return c;
}

/* Asserts that validating the client fails on exactly this field with this code, both
 * through stp_client_validate and stp_client_validate_field. */
static void
assert_invalid (StpClient      *client,
                StpClientField  field,
                int             code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) today = fixed_today ();
  StpClientField failed = STP_CLIENT_FIELD_NONE;

  g_assert_false (stp_client_validate (client, today, &failed, &error));
  g_assert_error (error, STP_CLIENT_ERROR, code);
  g_assert_cmpint (failed, ==, field);
  g_assert_nonnull (error->message);
  g_assert_cmpuint (strlen (error->message), >, 5);
  g_clear_error (&error);

  g_assert_false (stp_client_validate_field (client, field, today, &error));
  g_assert_error (error, STP_CLIENT_ERROR, code);
}

static void
assert_valid (StpClient *client)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) today = fixed_today ();
  StpClientField failed = STP_CLIENT_FIELD_NONE;

  g_assert_true (stp_client_validate (client, today, &failed, &error));
  g_assert_no_error (error);
}

static void
assert_field_invalid_today (StpClient      *client,
                            StpClientField  field,
                            int             code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (stp_client_validate_field (client, field, NULL, &error));
  g_assert_error (error, STP_CLIENT_ERROR, code);
}

static char *
repeat (const char *unit,
        guint       n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (s, unit);
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------------------------ */
/* Validation: one test per rule. */

static void
test_validate_valid (void)
{
  g_autoptr(StpClient) c = valid_client ();
  g_autoptr(StpClient) only_family = test_client_new (NULL, "Smith");
  g_autoptr(StpClient) only_given = test_client_new ("Anna", NULL);
  g_autoptr(StpClient) optional_empty = test_client_new ("Anna", "");

  assert_valid (c);
  assert_valid (only_family);
  assert_valid (only_given);
  /* Phone, email, birth date and notes are optional. */
  stp_client_set_phone (optional_empty, "");
  stp_client_set_email (optional_empty, "");
  stp_client_set_birth_date (optional_empty, NULL);
  stp_client_set_notes (optional_empty, "");
  assert_valid (optional_empty);
}

static void
test_validate_name_required (void)
{
  g_autoptr(StpClient) c = stp_client_new ();

  assert_invalid (c, STP_CLIENT_FIELD_GIVEN_NAME, STP_CLIENT_ERROR_NAME_REQUIRED);
  stp_client_set_given_name (c, "");
  stp_client_set_family_name (c, "");
  assert_invalid (c, STP_CLIENT_FIELD_GIVEN_NAME, STP_CLIENT_ERROR_NAME_REQUIRED);
  /* The other fields being fine does not help. */
  stp_client_set_email (c, "anna@example.com");
  stp_client_set_phone (c, "+44 7700 900123");
  assert_invalid (c, STP_CLIENT_FIELD_GIVEN_NAME, STP_CLIENT_ERROR_NAME_REQUIRED);
}

static void
test_validate_name_whitespace (void)
{
  g_autoptr(StpClient) c = test_client_new ("   ", " \t ");

  assert_invalid (c, STP_CLIENT_FIELD_GIVEN_NAME, STP_CLIENT_ERROR_NAME_REQUIRED);
  stp_client_set_given_name (c, "\n\r ");
  stp_client_set_family_name (c, "\t");
  assert_invalid (c, STP_CLIENT_FIELD_GIVEN_NAME, STP_CLIENT_ERROR_NAME_REQUIRED);
}

/* Non-breaking and ideographic spaces are white space too: such a "name" shows as a blank
 * row in the list. */
static void
test_validate_name_unicode_whitespace (void)
{
  g_autoptr(StpClient) c = test_client_new ("\xc2\xa0\xe3\x80\x80", "\xc2\xa0");

  assert_invalid (c, STP_CLIENT_FIELD_GIVEN_NAME, STP_CLIENT_ERROR_NAME_REQUIRED);
}

static void
test_validate_name_preferred_only (void)
{
  g_autoptr(StpClient) c = stp_client_new ();

  /* A preferred name alone is not a legal name. */
  stp_client_set_preferred_name (c, "Annie");
  assert_invalid (c, STP_CLIENT_FIELD_GIVEN_NAME, STP_CLIENT_ERROR_NAME_REQUIRED);
}

static void
check_name_length (StpClientField field,
                   void (*set) (StpClient *, const char *))
{
  g_autoptr(StpClient) c = test_client_new ("Anna", "Smith");
  g_autofree char *ok_ascii = repeat ("a", STP_CLIENT_NAME_MAX);
  g_autofree char *ok_wide = repeat ("ë", STP_CLIENT_NAME_MAX);   /* 200 bytes, 100 chars */
  g_autofree char *ok_cjk = repeat ("王", STP_CLIENT_NAME_MAX);   /* 300 bytes */
  g_autofree char *too_long = repeat ("a", STP_CLIENT_NAME_MAX + 1);
  g_autofree char *too_long_wide = repeat ("ë", STP_CLIENT_NAME_MAX + 1);

  set (c, ok_ascii);
  assert_valid (c);
  set (c, ok_wide);
  assert_valid (c);
  set (c, ok_cjk);
  assert_valid (c);
  set (c, too_long);
  assert_invalid (c, field, STP_CLIENT_ERROR_TOO_LONG);
  set (c, too_long_wide);
  assert_invalid (c, field, STP_CLIENT_ERROR_TOO_LONG);
}

static void
test_validate_given_too_long (void)
{
  check_name_length (STP_CLIENT_FIELD_GIVEN_NAME, stp_client_set_given_name);
}

static void
test_validate_family_too_long (void)
{
  check_name_length (STP_CLIENT_FIELD_FAMILY_NAME, stp_client_set_family_name);
}

static void
test_validate_preferred_too_long (void)
{
  check_name_length (STP_CLIENT_FIELD_PREFERRED_NAME, stp_client_set_preferred_name);
}

static void
test_validate_phone_too_long (void)
{
  g_autoptr(StpClient) c = valid_client ();
  /* 12 digits, properly written, but padded past 40 characters. */
  g_autofree char *p = g_strconcat ("+44", "                                     ",
                                    "7700900123", NULL);

  g_assert_cmpuint (g_utf8_strlen (p, -1), >, STP_CLIENT_PHONE_MAX);
  stp_client_set_phone (c, p);
  assert_invalid (c, STP_CLIENT_FIELD_PHONE, STP_CLIENT_ERROR_TOO_LONG);
}

static void
test_validate_email_too_long (void)
{
  g_autoptr(StpClient) c = valid_client ();
  g_autofree char *local = repeat ("a", 64);
  g_autofree char *l1 = repeat ("b", 63);
  g_autofree char *l2 = repeat ("c", 63);
  g_autofree char *l3_ok = repeat ("d", 57);
  g_autofree char *l3_long = repeat ("d", 58);
  g_autofree char *ok = g_strdup_printf ("%s@%s.%s.%s.com", local, l1, l2, l3_ok);
  g_autofree char *too_long = g_strdup_printf ("%s@%s.%s.%s.com", local, l1, l2, l3_long);

  g_assert_cmpuint (strlen (ok), ==, STP_CLIENT_EMAIL_MAX);
  g_assert_cmpuint (strlen (too_long), ==, STP_CLIENT_EMAIL_MAX + 1);
  stp_client_set_email (c, ok);
  assert_valid (c);
  stp_client_set_email (c, too_long);
  assert_invalid (c, STP_CLIENT_FIELD_EMAIL, STP_CLIENT_ERROR_TOO_LONG);
}

static void
test_validate_notes_too_long (void)
{
  g_autoptr(StpClient) c = valid_client ();
  g_autofree char *ok = repeat ("ü", STP_CLIENT_NOTES_MAX);  /* chars, not bytes */
  g_autofree char *too_long = repeat ("n", STP_CLIENT_NOTES_MAX + 1);

  stp_client_set_notes (c, ok);
  assert_valid (c);
  stp_client_set_notes (c, too_long);
  assert_invalid (c, STP_CLIENT_FIELD_NOTES, STP_CLIENT_ERROR_TOO_LONG);
}

static void
test_validate_control_characters (void)
{
  static const struct { StpClientField field; const char *value; } cases[] = {
    { STP_CLIENT_FIELD_GIVEN_NAME, "An\x01na" },
    { STP_CLIENT_FIELD_GIVEN_NAME, "An\nna" },
    { STP_CLIENT_FIELD_FAMILY_NAME, "Smi\x1bth" },
    { STP_CLIENT_FIELD_FAMILY_NAME, "Smith\x7f" },
    { STP_CLIENT_FIELD_PREFERRED_NAME, "Annie\x07" },
    { STP_CLIENT_FIELD_PHONE, "+44 7700\x08 900123" },
    { STP_CLIENT_FIELD_EMAIL, "anna\x02@example.com" },
    { STP_CLIENT_FIELD_NOTES, "First line\x0c second" },
    { STP_CLIENT_FIELD_NOTES, "Bell\x07" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(StpClient) c = valid_client ();

      g_test_message ("case %u", i);
      switch (cases[i].field)
        {
        case STP_CLIENT_FIELD_GIVEN_NAME: stp_client_set_given_name (c, cases[i].value); break;
        case STP_CLIENT_FIELD_FAMILY_NAME: stp_client_set_family_name (c, cases[i].value); break;
        case STP_CLIENT_FIELD_PREFERRED_NAME:
          stp_client_set_preferred_name (c, cases[i].value);
          break;
        case STP_CLIENT_FIELD_PHONE: stp_client_set_phone (c, cases[i].value); break;
        case STP_CLIENT_FIELD_EMAIL: stp_client_set_email (c, cases[i].value); break;
        case STP_CLIENT_FIELD_NOTES: stp_client_set_notes (c, cases[i].value); break;
        default: g_assert_not_reached ();
        }
      assert_invalid (c, cases[i].field, STP_CLIENT_ERROR_INVALID_TEXT);
    }
}

static void
test_validate_notes_multiline (void)
{
  g_autoptr(StpClient) c = valid_client ();

  /* Notes are paragraphs: new lines and tabs are ordinary there. */
  stp_client_set_notes (c, "Session 1:\n\tshade 2\r\nSession 2:\n\tshade 3\n");
  assert_valid (c);
}

static void
test_validate_birth_date_invalid (void)
{
  static const char *bad[] = {
    "2023-02-30", "2023-02-29", "1985-13-01", "1985-00-10", "1985-04-31", "1985-03-00",
    "not a date", "1985/03/14x",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(StpClient) c = valid_client ();
      g_test_message ("birth date %s", bad[i]);
      stp_client_set_birth_date (c, bad[i]);
      assert_invalid (c, STP_CLIENT_FIELD_BIRTH_DATE, STP_CLIENT_ERROR_BIRTH_DATE_INVALID);
    }
  {
    g_autoptr(StpClient) c = valid_client ();
    stp_client_set_birth_date (c, "2024-02-29");  /* a leap day */
    assert_valid (c);
  }
}

static void
test_validate_birth_date_future (void)
{
  g_autoptr(StpClient) c = valid_client ();
  g_autofree char *tomorrow = local_today_offset_iso (1);
  g_autofree char *next_year = local_today_offset_iso (366);

  /* Against the fixed day. */
  stp_client_set_birth_date (c, "2024-06-16");
  assert_invalid (c, STP_CLIENT_FIELD_BIRTH_DATE, STP_CLIENT_ERROR_BIRTH_DATE_FUTURE);
  stp_client_set_birth_date (c, "2030-01-01");
  assert_invalid (c, STP_CLIENT_FIELD_BIRTH_DATE, STP_CLIENT_ERROR_BIRTH_DATE_FUTURE);

  /* Against the real today (NULL). */
  stp_client_set_birth_date (c, tomorrow);
  assert_field_invalid_today (c, STP_CLIENT_FIELD_BIRTH_DATE,
                              STP_CLIENT_ERROR_BIRTH_DATE_FUTURE);
  stp_client_set_birth_date (c, next_year);
  assert_field_invalid_today (c, STP_CLIENT_FIELD_BIRTH_DATE,
                              STP_CLIENT_ERROR_BIRTH_DATE_FUTURE);
}

static void
test_validate_birth_date_today (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpClient) c = valid_client ();
  g_autofree char *today = local_today_offset_iso (0);
  StpClientField failed = STP_CLIENT_FIELD_NONE;

  stp_client_set_birth_date (c, "2024-06-15");
  assert_valid (c);

  stp_client_set_birth_date (c, today);
  g_assert_true (stp_client_validate_field (c, STP_CLIENT_FIELD_BIRTH_DATE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (stp_client_validate (c, NULL, &failed, &error));
  g_assert_no_error (error);
}

static void
test_validate_birth_date_too_old (void)
{
  g_autoptr(StpClient) c = valid_client ();
  g_autofree char *old = local_today_offset_iso (-(121 * 366));

  /* Fixed today 2024-06-15: 1904-06-14 is 120 years and a day ago. */
  stp_client_set_birth_date (c, "1900-01-01");
  assert_invalid (c, STP_CLIENT_FIELD_BIRTH_DATE, STP_CLIENT_ERROR_BIRTH_DATE_TOO_OLD);
  stp_client_set_birth_date (c, "1904-06-14");
  assert_invalid (c, STP_CLIENT_FIELD_BIRTH_DATE, STP_CLIENT_ERROR_BIRTH_DATE_TOO_OLD);
  stp_client_set_birth_date (c, "1904-06-16");
  assert_valid (c);
  stp_client_set_birth_date (c, "1930-01-01");
  assert_valid (c);

  stp_client_set_birth_date (c, old);
  assert_field_invalid_today (c, STP_CLIENT_FIELD_BIRTH_DATE,
                              STP_CLIENT_ERROR_BIRTH_DATE_TOO_OLD);
}

static void
test_validate_email_invalid (void)
{
  static const char *bad[] = {
    "anna", "anna@", "@x.com", "a b@x.com", "anna@x", "anna@@x.com", "anna@x .com",
    "anna@.com", "anna.example.com",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(StpClient) c = valid_client ();
      g_test_message ("email \"%s\"", bad[i]);
      stp_client_set_email (c, bad[i]);
      assert_invalid (c, STP_CLIENT_FIELD_EMAIL, STP_CLIENT_ERROR_EMAIL_INVALID);
    }
}

static void
test_validate_email_valid (void)
{
  static const char *good[] = {
    "anna@example.com", "anna.mueller+smp@clinic.co.uk", "a@b.de", "first_last@sub.example.org",
    "ANNA@EXAMPLE.COM",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(StpClient) c = valid_client ();
      g_test_message ("email \"%s\"", good[i]);
      stp_client_set_email (c, good[i]);
      assert_valid (c);
    }
}

static void
test_validate_phone_invalid (void)
{
  static const char *bad[] = {
    "call me", "555-CALL-NOW", "12", "123-45", "+44 7700 900123 4567 8901",
    "12345678901234567890",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(StpClient) c = valid_client ();
      g_test_message ("phone \"%s\"", bad[i]);
      stp_client_set_phone (c, bad[i]);
      assert_invalid (c, STP_CLIENT_FIELD_PHONE, STP_CLIENT_ERROR_PHONE_INVALID);
    }
}

static void
test_validate_phone_valid (void)
{
  static const char *good[] = {
    "+44 7700 900123", "(555) 123-4567", "07700 900123", "+1 555.123.4567", "0301234567",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(StpClient) c = valid_client ();
      g_test_message ("phone \"%s\"", good[i]);
      stp_client_set_phone (c, good[i]);
      assert_valid (c);
    }
}

static void
test_validate_form_order (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpClient) c = valid_client ();
  g_autoptr(GDate) today = fixed_today ();
  StpClientField failed = STP_CLIENT_FIELD_NONE;

  /* Phone comes before email in the form: the first bad field is named. */
  stp_client_set_email (c, "anna@");
  stp_client_set_phone (c, "call me");
  g_assert_false (stp_client_validate (c, today, &failed, &error));
  g_assert_error (error, STP_CLIENT_ERROR, STP_CLIENT_ERROR_PHONE_INVALID);
  g_assert_cmpint (failed, ==, STP_CLIENT_FIELD_PHONE);
  g_clear_error (&error);

  /* Each field alone reports its own problem. */
  g_assert_false (stp_client_validate_field (c, STP_CLIENT_FIELD_EMAIL, today, &error));
  g_assert_error (error, STP_CLIENT_ERROR, STP_CLIENT_ERROR_EMAIL_INVALID);
  g_clear_error (&error);
  g_assert_true (stp_client_validate_field (c, STP_CLIENT_FIELD_NOTES, today, &error));
  g_assert_no_error (error);

  stp_client_set_birth_date (c, "2099-01-01");
  g_assert_false (stp_client_validate (c, today, &failed, &error));
  g_assert_error (error, STP_CLIENT_ERROR, STP_CLIENT_ERROR_BIRTH_DATE_FUTURE);
  g_assert_cmpint (failed, ==, STP_CLIENT_FIELD_BIRTH_DATE);
}

static void
test_display_name (void)
{
  g_autoptr(StpClient) c = test_client_new ("Jonathan", "Weber");
  g_autofree char *plain = NULL;
  g_autofree char *preferred = NULL;

  plain = stp_client_dup_display_name (c);
  g_assert_cmpstr (plain, ==, "Jonathan Weber");
  stp_client_set_preferred_name (c, "Jon");
  preferred = stp_client_dup_display_name (c);
  g_assert_cmpstr (preferred, ==, "Jon Weber");
}

/* ------------------------------------------------------------------------------------ */
/* Store round trips */

typedef struct
{
  char     *tmp;
  char     *data_dir;
  StpStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->tmp = test_make_tmp ();
  f->data_dir = g_build_filename (f->tmp, "data", NULL);
  f->store = test_open_store (f->data_dir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  test_rm_rf (f->tmp);
  g_free (f->tmp);
  g_free (f->data_dir);
}

static void
assert_store_refuses (Fixture        *f,
                      StpClient      *client,
                      int             code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  guint active = stp_store_count_clients (f->store, STP_CLIENT_SCOPE_ACTIVE);
  guint archived = stp_store_count_clients (f->store, STP_CLIENT_SCOPE_ARCHIVED);
  gint64 id;

  id = stp_store_create_client (f->store, client, &error);
  g_assert_error (error, STP_CLIENT_ERROR, code);
  g_assert_cmpint (id, <=, 0);
  g_assert_cmpint (stp_client_get_id (client), ==, 0);
  g_assert_cmpuint (stp_store_count_clients (f->store, STP_CLIENT_SCOPE_ACTIVE), ==, active);
  g_assert_cmpuint (stp_store_count_clients (f->store, STP_CLIENT_SCOPE_ARCHIVED), ==, archived);
  g_clear_error (&error);
  ids = stp_store_list_client_ids (f->store, STP_CLIENT_SCOPE_ACTIVE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, active);
}

static void
test_store_refuses_invalid (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *tomorrow = local_today_offset_iso (1);
  g_autofree char *long_name = repeat ("x", STP_CLIENT_NAME_MAX + 1);

  test_add_client (f->store, "Existing", "Person", NULL, NULL, NULL);

  {
    g_autoptr(StpClient) c = test_client_new ("  ", "");
    assert_store_refuses (f, c, STP_CLIENT_ERROR_NAME_REQUIRED);
  }
  {
    g_autoptr(StpClient) c = valid_client ();
    stp_client_set_birth_date (c, tomorrow);
    assert_store_refuses (f, c, STP_CLIENT_ERROR_BIRTH_DATE_FUTURE);
  }
  {
    g_autoptr(StpClient) c = valid_client ();
    stp_client_set_birth_date (c, "2023-02-30");
    assert_store_refuses (f, c, STP_CLIENT_ERROR_BIRTH_DATE_INVALID);
  }
  {
    g_autoptr(StpClient) c = valid_client ();
    stp_client_set_birth_date (c, "1850-01-01");
    assert_store_refuses (f, c, STP_CLIENT_ERROR_BIRTH_DATE_TOO_OLD);
  }
  {
    g_autoptr(StpClient) c = valid_client ();
    stp_client_set_email (c, "anna@x");
    assert_store_refuses (f, c, STP_CLIENT_ERROR_EMAIL_INVALID);
  }
  {
    g_autoptr(StpClient) c = valid_client ();
    stp_client_set_phone (c, "call me");
    assert_store_refuses (f, c, STP_CLIENT_ERROR_PHONE_INVALID);
  }
  {
    g_autoptr(StpClient) c = valid_client ();
    stp_client_set_family_name (c, long_name);
    assert_store_refuses (f, c, STP_CLIENT_ERROR_TOO_LONG);
  }
  {
    g_autoptr(StpClient) c = valid_client ();
    stp_client_set_notes (c, "a\x01");
    assert_store_refuses (f, c, STP_CLIENT_ERROR_INVALID_TEXT);
  }
  g_assert_cmpuint (stp_store_count_clients (f->store, STP_CLIENT_SCOPE_ACTIVE), ==, 1);
}

static void
test_store_update_refuses_invalid (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpClient) edit = NULL;
  g_autoptr(StpClient) again = NULL;
  gint64 id = test_add_client (f->store, "Anna", "Smith", "+44 7700 900123",
                               "anna@example.com", "Original notes");

  edit = stp_store_get_client (f->store, id, &error);
  g_assert_no_error (error);
  stp_client_set_notes (edit, "Changed notes");
  stp_client_set_email (edit, "not-an-email");
  g_assert_false (stp_store_update_client (f->store, edit, &error));
  g_assert_error (error, STP_CLIENT_ERROR, STP_CLIENT_ERROR_EMAIL_INVALID);
  g_clear_error (&error);

  again = stp_store_get_client (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stp_client_get_email (again), ==, "anna@example.com");
  g_assert_cmpstr (stp_client_get_notes (again), ==, "Original notes");
}

static void
test_store_round_trip (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpClient) c = stp_client_new ();
  g_autoptr(StpClient) got = NULL;
  g_autoptr(StpClient) copy = NULL;
  const char *notes = "Zoë prefers shade 2 — 王 ✓\nSecond line, tab\there.";
  gint64 before, after, id;

  stp_client_set_given_name (c, "Zoë");
  stp_client_set_family_name (c, "Müller");
  stp_client_set_preferred_name (c, "王");
  stp_client_set_birth_date (c, "1990-07-04");
  stp_client_set_phone (c, "+44 7700 900123");
  stp_client_set_email (c, "zoe.mueller@example.com");
  stp_client_set_notes (c, notes);
  stp_client_set_photo_consent (c, TRUE);
  stp_client_set_marketing_consent (c, FALSE);

  before = test_now ();
  id = stp_store_create_client (f->store, c, &error);
  after = test_now ();
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (stp_client_get_id (c), ==, id);

  got = stp_store_get_client (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stp_client_get_id (got), ==, id);
  g_assert_cmpstr (stp_client_get_given_name (got), ==, "Zoë");
  g_assert_cmpstr (stp_client_get_family_name (got), ==, "Müller");
  g_assert_cmpstr (stp_client_get_preferred_name (got), ==, "王");
  g_assert_cmpstr (stp_client_get_birth_date (got), ==, "1990-07-04");
  g_assert_cmpstr (stp_client_get_phone (got), ==, "+44 7700 900123");
  g_assert_cmpstr (stp_client_get_email (got), ==, "zoe.mueller@example.com");
  g_assert_cmpstr (stp_client_get_notes (got), ==, notes);
  g_assert_true (stp_client_get_photo_consent (got));
  g_assert_false (stp_client_get_marketing_consent (got));
  g_assert_false (stp_client_get_archived (got));
  g_assert_cmpint (stp_client_get_created_at (got), >=, before - 1);
  g_assert_cmpint (stp_client_get_created_at (got), <=, after + 1);
  g_assert_cmpint (stp_client_get_updated_at (got), ==, stp_client_get_created_at (got));

  /* Unknown birth date round-trips as NULL; consents flip. */
  copy = stp_client_copy (got);
  g_assert_cmpint (stp_client_get_id (copy), ==, id);
  g_assert_cmpstr (stp_client_get_notes (copy), ==, notes);
  g_assert_cmpint (stp_client_get_created_at (copy), ==, stp_client_get_created_at (got));
  stp_client_set_birth_date (copy, NULL);
  stp_client_set_photo_consent (copy, FALSE);
  stp_client_set_marketing_consent (copy, TRUE);
  stp_client_set_family_name (copy, "Müller-Łukasiewicz");
  g_assert_true (stp_store_update_client (f->store, copy, &error));
  g_assert_no_error (error);
  g_clear_object (&got);
  got = stp_store_get_client (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_null (stp_client_get_birth_date (got));
  g_assert_false (stp_client_get_photo_consent (got));
  g_assert_true (stp_client_get_marketing_consent (got));
  g_assert_cmpstr (stp_client_get_family_name (got), ==, "Müller-Łukasiewicz");
  g_assert_cmpstr (stp_client_get_given_name (got), ==, "Zoë");

  /* And across a reopen. */
  g_assert_finalize_object (g_steal_pointer (&f->store));
  f->store = test_open_store (f->data_dir);
  g_clear_object (&got);
  got = stp_store_get_client (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stp_client_get_family_name (got), ==, "Müller-Łukasiewicz");
  g_assert_cmpstr (stp_client_get_notes (got), ==, notes);
  g_assert_true (stp_client_get_marketing_consent (got));
}

static void
test_store_updated_at (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpClient) first = NULL;
  g_autoptr(StpClient) second = NULL;
  gint64 id = test_add_client (f->store, "Tim", "Stamp", NULL, NULL, NULL);
  gint64 before, after;

  first = stp_store_get_client (f->store, id, &error);
  g_assert_no_error (error);
  /* Times are whole seconds: make sure the clock moves past the creation second. */
  g_usleep (1100 * 1000);
  stp_client_set_phone (first, "(555) 123-4567");
  before = test_now ();
  g_assert_true (stp_store_update_client (f->store, first, &error));
  after = test_now ();
  g_assert_no_error (error);

  second = stp_store_get_client (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stp_client_get_created_at (second), ==, stp_client_get_created_at (first));
  g_assert_cmpint (stp_client_get_updated_at (second), >, stp_client_get_created_at (second));
  g_assert_cmpint (stp_client_get_updated_at (second), >=, before);
  g_assert_cmpint (stp_client_get_updated_at (second), <=, after);
  g_assert_cmpstr (stp_client_get_phone (second), ==, "(555) 123-4567");
}

static void
test_store_not_found (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpClient) c = NULL;

  c = stp_store_get_client (f->store, 777, &error);
  g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND);
  g_assert_null (c);
  g_clear_error (&error);

  g_assert_false (stp_store_set_client_archived (f->store, 777, TRUE, &error));
  g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (stp_store_erase_client (f->store, 777, &error));
  g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND);
}

static void
test_store_archive_restore (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(StpClient) got = NULL;
  gint64 keep = test_add_client (f->store, "Kerstin", "Keep", NULL, NULL, NULL);
  gint64 arch = test_add_client (f->store, "Arvid", "Archivesson", NULL, NULL, NULL);

  g_assert_cmpuint (stp_store_count_clients (f->store, STP_CLIENT_SCOPE_ACTIVE), ==, 2);
  g_assert_true (stp_store_set_client_archived (f->store, arch, TRUE, &error));
  g_assert_no_error (error);

  got = stp_store_get_client (f->store, arch, &error);
  g_assert_no_error (error);
  g_assert_true (stp_client_get_archived (got));
  g_assert_cmpstr (stp_client_get_given_name (got), ==, "Arvid");
  g_clear_object (&got);

  g_assert_cmpuint (stp_store_count_clients (f->store, STP_CLIENT_SCOPE_ACTIVE), ==, 1);
  g_assert_cmpuint (stp_store_count_clients (f->store, STP_CLIENT_SCOPE_ARCHIVED), ==, 1);

  ids = stp_store_list_client_ids (f->store, STP_CLIENT_SCOPE_ACTIVE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, keep);
  g_clear_pointer (&ids, g_array_unref);

  ids = stp_store_list_client_ids (f->store, STP_CLIENT_SCOPE_ARCHIVED, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, arch);
  g_clear_pointer (&ids, g_array_unref);

  ids = stp_store_search_clients (f->store, "arvid", STP_CLIENT_SCOPE_ACTIVE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);
  ids = stp_store_search_clients (f->store, "", STP_CLIENT_SCOPE_ACTIVE, 0, &error);
  g_assert_no_error (error);
  g_assert_false (test_ids_contain (ids, arch));
  g_clear_pointer (&ids, g_array_unref);
  ids = stp_store_search_clients (f->store, "arvid", STP_CLIENT_SCOPE_ARCHIVED, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, arch);
  g_clear_pointer (&ids, g_array_unref);

  /* Restore. */
  g_assert_true (stp_store_set_client_archived (f->store, arch, FALSE, &error));
  g_assert_no_error (error);
  got = stp_store_get_client (f->store, arch, &error);
  g_assert_no_error (error);
  g_assert_false (stp_client_get_archived (got));
  g_assert_cmpuint (stp_store_count_clients (f->store, STP_CLIENT_SCOPE_ACTIVE), ==, 2);
  g_assert_cmpuint (stp_store_count_clients (f->store, STP_CLIENT_SCOPE_ARCHIVED), ==, 0);
  ids = stp_store_search_clients (f->store, "arvid", STP_CLIENT_SCOPE_ACTIVE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, arch);
}

static void
test_store_list_order (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  gint64 expect[6];
  guint pos;

  /* Inserted out of order; the list goes by family, then given, then id. */
  expect[3] = test_add_client (f->store, "Zed", "Smith", NULL, NULL, NULL);
  expect[0] = test_add_client (f->store, "Yara", "Adams", NULL, NULL, NULL);
  expect[2] = test_add_client (f->store, "Anna", "Smith", NULL, NULL, NULL);
  expect[1] = test_add_client (f->store, "Bob", "Baker", NULL, NULL, NULL);
  expect[4] = test_add_client (f->store, "Zed", "Smith", NULL, NULL, NULL);
  expect[5] = test_add_client (f->store, "Amy", "Turner", NULL, NULL, NULL);

  ids = stp_store_list_client_ids (f->store, STP_CLIENT_SCOPE_ACTIVE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 6);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i), ==, expect[i]);

  /* The position the live models use agrees. */
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(StpClient) c = stp_store_get_client (f->store, expect[i], &error);
      g_assert_no_error (error);
      pos = stp_store_client_list_position (f->store, c);
      g_assert_cmpuint (pos, ==, i);
    }
}

/* Sorting ignores case and accents, as a person reading the list expects. */
static void
test_store_list_order_folded (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  gint64 expect[4];

  expect[2] = test_add_client (f->store, "Ola", "Ölund", NULL, NULL, NULL);
  expect[3] = test_add_client (f->store, "Pam", "Parker", NULL, NULL, NULL);
  expect[0] = test_add_client (f->store, "ann", "adams", NULL, NULL, NULL);
  expect[1] = test_add_client (f->store, "Bea", "Baker", NULL, NULL, NULL);

  ids = stp_store_list_client_ids (f->store, STP_CLIENT_SCOPE_ACTIVE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i), ==, expect[i]);
}

/* ------------------------------------------------------------------------------------ */
/* Erase */

/* Every trace a byte search could find: the names as typed, as folded by the search
 * index, and distinctive tails (FTS5 stores index terms prefix-compressed). */
static const char *erased_needles[] = {
  "Quendolyn Zyxwarbler", "Quendolyn", "Zyxwarbler", "quendolyn", "zyxwarbler",
  "endolyn", "warbler", "Plumbazzleweft", "mbazzleweft", "qzyx@zyxmail", "zyxmail",
  "7700 900987", "7700900987",
};

static void
assert_no_trace_in_file (const char *path)
{
  g_autofree char *bytes = NULL;
  gsize len = 0;

  bytes = test_read_file (path, &len);
  if (bytes == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (erased_needles); i++)
    {
      if (test_memcasemem (bytes, len, erased_needles[i]))
        g_error ("\"%s\" is still in %s (%" G_GSIZE_FORMAT " bytes) after the erase",
                 erased_needles[i], path, len);
    }
  /* The non-ASCII spelling used in one of the old versions. */
  g_assert_false (test_memmem (bytes, len, "Zyxwärbler"));
  g_assert_false (test_memmem (bytes, len, "zyxwärbler"));
}

static void
assert_no_trace_in_dir (const char *dir_path,
                        guint      *n_files)
{
  GDir *dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        assert_no_trace_in_dir (path, n_files);
      else
        {
          assert_no_trace_in_file (path);
          (*n_files)++;
        }
    }
  g_dir_close (dir);
}

static gboolean
file_has (const char *path,
          const char *needle)
{
  g_autofree char *bytes = NULL;
  gsize len = 0;

  bytes = test_read_file (path, &len);
  return bytes != NULL && test_memcasemem (bytes, len, needle);
}

static void
test_erase (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpClient) c = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GString) long_notes = g_string_new (NULL);
  g_autofree char *db = test_db_path (f->data_dir);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  gint64 others[5];
  gint64 id;
  guint n_files = 0;

  others[0] = test_add_client (f->store, "Anna", "Smith", "+44 7700 900123",
                               "anna@example.com", "Ordinary notes about shade 2");
  others[1] = test_add_client (f->store, "Zoë", "Müller", NULL, NULL, "Wants a soft line");

  /* Long notes go to overflow pages, which the delete turns into free pages. */
  for (guint i = 0; i < 180; i++)
    g_string_append (long_notes, "Quendolyn Zyxwarbler Plumbazzleweft session log. ");
  g_assert_cmpuint (long_notes->len, <=, STP_CLIENT_NOTES_MAX);
  c = test_client_new ("Quendolyn", "Zyxwarbler");
  stp_client_set_phone (c, "+44 7700 900987");
  stp_client_set_email (c, "qzyx@zyxmail.example");
  stp_client_set_notes (c, "Allergic to Plumbazzleweft pigment base.");
  id = stp_store_create_client (f->store, c, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  others[2] = test_add_client (f->store, "Bob", "Baker", "(555) 123-4567", NULL, NULL);

  /* Several old versions of the row, in the WAL and in freed pages. */
  stp_client_set_notes (c, long_notes->str);
  g_assert_true (stp_store_update_client (f->store, c, &error));
  g_assert_no_error (error);
  stp_client_set_family_name (c, "Zyxwärbler");
  g_assert_true (stp_store_update_client (f->store, c, &error));
  g_assert_no_error (error);
  g_assert_true (stp_store_set_client_archived (f->store, id, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (stp_store_set_client_archived (f->store, id, FALSE, &error));
  g_assert_no_error (error);
  stp_client_set_family_name (c, "Zyxwarbler");
  stp_client_set_notes (c, "Plumbazzleweft again. Quendolyn prefers mornings.");
  g_assert_true (stp_store_update_client (f->store, c, &error));
  g_assert_no_error (error);

  others[3] = test_add_client (f->store, "Carl", "Cole", NULL, "carl@example.org", NULL);
  others[4] = test_add_client (f->store, "Dora", "Diaz", NULL, NULL, "Scar on the crown");

  /* The test can see the name before the erase (otherwise it proves nothing). */
  g_assert_true (file_has (db, "zyxwarbler") || file_has (wal, "zyxwarbler"));

  g_assert_true (stp_store_erase_client (f->store, id, &error));
  g_assert_no_error (error);

  g_clear_object (&c);
  c = stp_store_get_client (f->store, id, &error);
  g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND);
  g_assert_null (c);
  g_clear_error (&error);

  ids = stp_store_search_clients (f->store, "zyxwarbler", STP_CLIENT_SCOPE_ACTIVE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);
  ids = stp_store_search_clients (f->store, "plumbazzleweft", STP_CLIENT_SCOPE_ACTIVE, 0,
                                  &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);

  /* While the store is still open. */
  assert_no_trace_in_file (db);
  assert_no_trace_in_file (wal);
  assert_no_trace_in_dir (f->data_dir, &n_files);
  g_assert_cmpuint (n_files, >=, 1);

  /* The others are all still there, and findable. */
  g_assert_cmpuint (stp_store_count_clients (f->store, STP_CLIENT_SCOPE_ACTIVE), ==, 5);
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autoptr(StpClient) o = stp_store_get_client (f->store, others[i], &error);
      g_assert_no_error (error);
      g_assert_nonnull (o);
    }
  ids = stp_store_search_clients (f->store, "muller", STP_CLIENT_SCOPE_ACTIVE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, others[1]);
  g_clear_pointer (&ids, g_array_unref);

  /* After closing (the last connection checkpoints the WAL into the file). */
  g_assert_finalize_object (g_steal_pointer (&f->store));
  assert_no_trace_in_file (db);
  assert_no_trace_in_file (wal);
  n_files = 0;
  assert_no_trace_in_dir (f->data_dir, &n_files);
  g_assert_cmpuint (n_files, >=, 1);

  /* And the database is healthy with the others in it. */
  f->store = test_open_store (f->data_dir);
  {
    g_autofree char *report = NULL;
    g_assert_true (stp_store_check_integrity (f->store, &report, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (report, ==, "ok");
  }
  ids = stp_store_list_client_ids (f->store, STP_CLIENT_SCOPE_ACTIVE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 5);
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    g_assert_true (test_ids_contain (ids, others[i]));
  g_assert_false (test_ids_contain (ids, id));
  g_clear_pointer (&ids, g_array_unref);
  ids = stp_store_search_clients (f->store, "anna", STP_CLIENT_SCOPE_ACTIVE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, others[0]);
}

/* Erasing an archived client works the same way. */
static void
test_erase_archived (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = test_db_path (f->data_dir);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  gint64 id;
  guint n_files = 0;

  test_add_client (f->store, "Anna", "Smith", NULL, NULL, NULL);
  id = test_add_client (f->store, "Quendolyn", "Zyxwarbler", NULL, NULL, "Plumbazzleweft");
  g_assert_true (stp_store_set_client_archived (f->store, id, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stp_store_count_clients (f->store, STP_CLIENT_SCOPE_ARCHIVED), ==, 1);

  g_assert_true (stp_store_erase_client (f->store, id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stp_store_count_clients (f->store, STP_CLIENT_SCOPE_ARCHIVED), ==, 0);
  g_assert_cmpuint (stp_store_count_clients (f->store, STP_CLIENT_SCOPE_ACTIVE), ==, 1);
  assert_no_trace_in_dir (f->data_dir, &n_files);
  g_assert_finalize_object (g_steal_pointer (&f->store));
  assert_no_trace_in_file (db);
  assert_no_trace_in_file (wal);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/validate/valid", test_validate_valid);
  g_test_add_func ("/client/validate/name-required", test_validate_name_required);
  g_test_add_func ("/client/validate/name-whitespace-only", test_validate_name_whitespace);
  g_test_add_func ("/client/validate/name-unicode-whitespace-only",
                   test_validate_name_unicode_whitespace);
  g_test_add_func ("/client/validate/name-preferred-only", test_validate_name_preferred_only);
  g_test_add_func ("/client/validate/given-name-too-long", test_validate_given_too_long);
  g_test_add_func ("/client/validate/family-name-too-long", test_validate_family_too_long);
  g_test_add_func ("/client/validate/preferred-name-too-long",
                   test_validate_preferred_too_long);
  g_test_add_func ("/client/validate/phone-too-long", test_validate_phone_too_long);
  g_test_add_func ("/client/validate/email-too-long", test_validate_email_too_long);
  g_test_add_func ("/client/validate/notes-too-long", test_validate_notes_too_long);
  g_test_add_func ("/client/validate/control-characters", test_validate_control_characters);
  g_test_add_func ("/client/validate/notes-multiline", test_validate_notes_multiline);
  g_test_add_func ("/client/validate/birth-date-invalid", test_validate_birth_date_invalid);
  g_test_add_func ("/client/validate/birth-date-future", test_validate_birth_date_future);
  g_test_add_func ("/client/validate/birth-date-today", test_validate_birth_date_today);
  g_test_add_func ("/client/validate/birth-date-too-old", test_validate_birth_date_too_old);
  g_test_add_func ("/client/validate/email-invalid", test_validate_email_invalid);
  g_test_add_func ("/client/validate/email-valid", test_validate_email_valid);
  g_test_add_func ("/client/validate/phone-invalid", test_validate_phone_invalid);
  g_test_add_func ("/client/validate/phone-valid", test_validate_phone_valid);
  g_test_add_func ("/client/validate/form-order", test_validate_form_order);
  g_test_add_func ("/client/display-name", test_display_name);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/client/store/refuses-invalid", test_store_refuses_invalid);
  ADD ("/client/store/update-refuses-invalid", test_store_update_refuses_invalid);
  ADD ("/client/store/round-trip", test_store_round_trip);
  ADD ("/client/store/updated-at", test_store_updated_at);
  ADD ("/client/store/not-found", test_store_not_found);
  ADD ("/client/store/archive-restore", test_store_archive_restore);
  ADD ("/client/store/list-order", test_store_list_order);
  ADD ("/client/store/list-order-folded", test_store_list_order_folded);
  ADD ("/client/erase", test_erase);
  ADD ("/client/erase-archived", test_erase_archived);

  return g_test_run ();
}
