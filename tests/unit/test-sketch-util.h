/* test-sketch-util.h: helpers shared by the sketch tests.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "stipple/stipple.h"

static inline void
g_object_unref_or_null (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

/* Sketches are equal; on failure, says which item differs. */
static inline void
test_assert_sketch_equal (StpSketch *got,
                          StpSketch *expected)
{
  if (stp_sketch_equal (got, expected))
    return;
  g_assert_cmpint (stp_sketch_get_photo_width (got), ==, stp_sketch_get_photo_width (expected));
  g_assert_cmpuint (stp_sketch_get_n_items (got), ==, stp_sketch_get_n_items (expected));
  for (guint i = 0; i < stp_sketch_get_n_items (got); i++)
    {
      const StpSketchItem *a = stp_sketch_get_item (got, i);
      const StpSketchItem *b = stp_sketch_get_item (expected, i);
      if (!stp_sketch_item_equal (a, b))
        g_error ("item %u differs: id %u kind %d vs id %u kind %d", i, a->id, a->kind,
                 b->id, b->kind);
    }
  g_error ("the sketches' settings differ");
}
