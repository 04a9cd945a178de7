/* test-session-util.h: helpers shared by the session, recall and CSV tests.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "test-consultation-util.h"

/* A unix time for a local date and time. */
static inline gint64
test_local_time (int year,
                 int month,
                 int day,
                 int hour,
                 int minute)
{
  g_autoptr(GDateTime) t = g_date_time_new_local (year, month, day, hour, minute, 0);
  return g_date_time_to_unix (t);
}

/* A complete, valid session for a client: one pigment, one needle, two areas. */
static inline StpTreatmentSession *
test_session_new (gint64      client_id,
                  gint64      practitioner_id,
                  gint64      started_at,
                  const char *pigment_lot,
                  const char *needle_lot)
{
  StpTreatmentSession *s = stp_treatment_session_new ();

  s->client_id = client_id;
  s->practitioner_id = practitioner_id;
  s->started_at = started_at;
  s->kind = STP_SESSION_KIND_INITIAL;
  s->areas = STP_AREA_FRONTAL_HAIRLINE | STP_AREA_CROWN;
  g_ptr_array_add (s->pigments, stp_session_pigment_new ("Inkredible", "Charcoal 3", "1:20",
                                                         pigment_lot, "2099-12-31"));
  if (needle_lot != NULL)
    g_ptr_array_add (s->needles, stp_session_needle_new ("3RL", 0.25, "long", needle_lot,
                                                         NULL));
  return s;
}

static inline gint64
test_log (StpStore            *store,
          StpTreatmentSession *s)
{
  g_autoptr(GError) error = NULL;
  gint64 id = stp_store_log_session (store, s, 0, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* A photo row as the photo import would write it (the import itself is another file's). */
static inline gint64
test_raw_photo (sqlite3    *db,
                gint64      client_id,
                const char *view,
                gint64      taken_at)
{
  g_autofree char *sql = NULL;
  static guint counter;

  counter++;
  sql = g_strdup_printf ("INSERT INTO photo (client_id, sha256, format, byte_size, width, "
                         "height, view, taken_at, taken_at_source, thumbnail, imported_at) "
                         "VALUES (%" G_GINT64_FORMAT ", printf('%%064x', %u), 'png', 10, 4, 4, "
                         "'%s', %" G_GINT64_FORMAT ", 'import', x'00', 0)",
                         client_id, counter, view, taken_at);
  test_raw_exec (db, sql);
  return sqlite3_last_insert_rowid (db);
}

static inline gint64
test_raw_sketch (sqlite3    *db,
                 gint64      client_id,
                 const char *name,
                 gint64      created_at)
{
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("INSERT INTO sketch_version (client_id, name, format_version, body, "
                         "created_at, updated_at) VALUES (%" G_GINT64_FORMAT ", '%s', 1, "
                         "'{}', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                         client_id, name, created_at, created_at);
  test_raw_exec (db, sql);
  return sqlite3_last_insert_rowid (db);
}

/* A square region (polygon) from (x, y) with side size. */
static inline StpSketchItem *
test_square_region (StpSketchRegionRole role,
                    double              density,
                    double              x,
                    double              y,
                    double              size)
{
  StpSketchItem *item = stp_sketch_item_new (STP_SKETCH_ITEM_REGION);

  item->role = role;
  item->density = density;
  stp_sketch_item_add_point (item, x, y, 1);
  stp_sketch_item_add_point (item, x + size, y, 1);
  stp_sketch_item_add_point (item, x + size, y + size, 1);
  stp_sketch_item_add_point (item, x, y + size, 1);
  return item;
}

/* A sketch version of the client with, in drawing order: a stroke, a treatment area at
 * 40 dots/cm² (ids[0]), a scar (ids[1]) and a treatment area labelled "Crown" (ids[2]). */
static inline gint64
test_sketch_with_regions (StpStore   *store,
                          gint64      client_id,
                          const char *name,
                          guint32     ids[3])
{
  g_autoptr(StpSketch) sketch = stp_sketch_new (1000, 800);
  g_autoptr(GError) error = NULL;
  StpSketchItem *stroke = stp_sketch_item_new (STP_SKETCH_ITEM_STROKE);
  StpSketchItem *label = stp_sketch_item_new (STP_SKETCH_ITEM_LABEL);
  gint64 id;

  stp_sketch_item_add_point (stroke, 10, 10, 0.5);
  stp_sketch_item_add_point (stroke, 60, 40, 0.7);
  g_assert_cmpuint (stp_sketch_insert_item (sketch, -1, stroke), >, 0);
  ids[0] = stp_sketch_insert_item (sketch, -1,
                                   test_square_region (STP_SKETCH_ROLE_TREATMENT, 40,
                                                       100, 100, 200));
  ids[1] = stp_sketch_insert_item (sketch, -1,
                                   test_square_region (STP_SKETCH_ROLE_SCAR, 0, 350, 100, 50));
  ids[2] = stp_sketch_insert_item (sketch, -1,
                                   test_square_region (STP_SKETCH_ROLE_TREATMENT, 25,
                                                       500, 300, 250));
  stp_sketch_item_set_text (label, "Crown");
  label->x = 560;
  label->y = 420;
  g_assert_cmpuint (stp_sketch_insert_item (sketch, -1, label), >, 0);
  g_assert_cmpuint (ids[0], >, 0);
  g_assert_cmpuint (ids[1], >, 0);
  g_assert_cmpuint (ids[2], >, 0);

  id = stp_store_create_sketch_version (store, client_id, 0, name, sketch, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}
