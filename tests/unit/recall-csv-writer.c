/* recall-csv-writer.c: logs sessions for clients whose names and notes hold commas,
 * quotes, line breaks and non-ASCII text, exports the recall of their lot to CSV, and
 * writes the values it put in as JSON, for test-recall-csv.py to compare through Python's
 * csv module.
 *
 * Usage: recall-csv-writer OUT_DIR  (writes OUT_DIR/recall.csv and OUT_DIR/expected.json)
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <json-glib/json-glib.h>

#include "test-session-util.h"

static const struct
{
  const char *given;
  const char *family;
  const char *phone;
  const char *email;
  const char *notes;
} people[] = {
  { "Zoë", "Müller, Jr.", "+49 (30) 1234-5", "zoe@example.org",
    "Said \"no more\", then \"fine\"." },
  { "Seán \"Shane\"", "O'Brien", "", "",
    "First line\nsecond line, with comma\r\nthird \"quoted\" line" },
  { "李", "王", "+86 10 5555 0000", "wang@example.cn", "疼痛 4/10 — 正常，无出血" },
  { "Ørjan", "Ødegård", "+47 22 00 00 00", "o@example.no", "" },
  { "Plain", "Person", "+1 555 0100 200", "p@example.com", "trailing comma," },
  { "  spaced", "Name  ", "", "", "\"\"\"" },
};

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *json_path = NULL;
  g_autoptr(StpStore) store = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gint64 staff;

  setlocale (LC_ALL, "C.UTF-8");
  if (argc != 2)
    {
      g_printerr ("usage: %s OUT_DIR\n", argv[0]);
      return 2;
    }

  data_dir = g_build_filename (argv[1], "data", NULL);
  csv_path = g_build_filename (argv[1], "recall.csv", NULL);
  json_path = g_build_filename (argv[1], "expected.json", NULL);
  store = test_open_store (data_dir);
  staff = test_add_staff (store, "Anna");

  json_builder_begin_array (b);
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      gint64 client = test_add_client (store, people[i].given, people[i].family,
                                       people[i].phone, people[i].email, NULL);
      gint64 when = test_local_time (2026, 2, 1 + i, 10, 15);
      g_autoptr(StpTreatmentSession) s = test_session_new (client, staff, when, "LOT-42", NULL);
      g_autoptr(GDateTime) t = g_date_time_new_from_unix_local (when);
      g_autofree char *day = g_date_time_format (t, "%Y-%m-%d %H:%M");
      g_autoptr(StpClient) stored = stp_store_get_client (store, client, &error);

      g_assert_no_error (error);
      g_free (s->notes);
      s->notes = g_strdup (people[i].notes);
      test_log (store, s);

      /* Names as the client record keeps them (it trims surrounding spaces). */
      json_builder_begin_array (b);
      json_builder_add_string_value (b, stp_client_get_family_name (stored));
      json_builder_add_string_value (b, stp_client_get_given_name (stored));
      json_builder_add_string_value (b, people[i].phone);
      json_builder_add_string_value (b, people[i].email);
      json_builder_add_string_value (b, day);
      json_builder_add_string_value (b, "Inkredible Charcoal 3");
      json_builder_add_string_value (b, "LOT-42");
      json_builder_add_string_value (b, people[i].notes);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);

  hits = stp_store_recall (store, STP_LOT_PIGMENT, "LOT-42", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, G_N_ELEMENTS (people));
  if (!stp_recall_write_csv (hits, "LOT-42", csv_path, &error))
    g_error ("%s", error->message);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  if (!json_generator_to_file (gen, json_path, &error))
    g_error ("%s", error->message);
  return 0;
}
