/* test-sketch-history.c: undo and redo of every kind of sketch edit.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "stipple/stipple.h"
#include "test-sketch-util.h"

/* The state after each step on the undo stack: states[i] is the sketch after i steps. */
typedef struct
{
  StpSketch        *sketch;
  StpSketchHistory *history;
  GPtrArray        *states;
  GRand            *rand;
} Fixture;

static guint32
random_id (Fixture *f)
{
  guint n = stp_sketch_get_n_items (f->sketch);

  if (n == 0)
    return 12345;   /* no such item: the call must refuse without a step */
  return stp_sketch_get_item (f->sketch, g_rand_int_range (f->rand, 0, n))->id;
}

static double
coord (Fixture *f)
{
  return g_rand_double_range (f->rand, -50, 1050);
}

static StpSketchItem *
random_item (Fixture *f)
{
  StpSketchItemKind kind = g_rand_int_range (f->rand, 0, 5);
  StpSketchItem *item = stp_sketch_item_new (kind);
  int n;

  switch (kind)
    {
    case STP_SKETCH_ITEM_STROKE:
      n = g_rand_int_range (f->rand, 1, 40);
      for (int i = 0; i < n; i++)
        stp_sketch_item_add_point (item, coord (f), coord (f), g_rand_double (f->rand));
      break;
    case STP_SKETCH_ITEM_CURVE:
    case STP_SKETCH_ITEM_REGION:
      n = g_rand_int_range (f->rand, 2, 8);
      for (int i = 0; i < n; i++)
        {
          StpSketchNode node = { coord (f), coord (f), 0, 0, 0, 0 };
          stp_sketch_item_add_node (item, &node);
          stp_sketch_item_add_point (item, node.x, node.y, 1.0);
        }
      stp_sketch_item_auto_handles (item, kind == STP_SKETCH_ITEM_REGION);
      item->mirrored = kind == STP_SKETCH_ITEM_CURVE && g_rand_boolean (f->rand);
      item->smooth = g_rand_boolean (f->rand);
      item->role = g_rand_int_range (f->rand, 0, 2);
      item->density = g_rand_int_range (f->rand, 0, 100);
      stp_sketch_item_set_shade (item, g_rand_boolean (f->rand) ? "Charcoal 2" : "");
      break;
    case STP_SKETCH_ITEM_LABEL:
      item->x = coord (f);
      item->y = coord (f);
      stp_sketch_item_set_text (item, g_rand_boolean (f->rand) ? "Scar <1>" : "Temple & peak");
      break;
    case STP_SKETCH_ITEM_MEASURE:
      stp_sketch_item_add_point (item, coord (f), coord (f), 1);
      stp_sketch_item_add_point (item, coord (f), coord (f), 1);
      break;
    default:
      g_assert_not_reached ();
    }
  item->color = g_rand_int (f->rand);
  return item;
}

/* One random edit through the history, sometimes a drag of several motions. */
static void
random_edit (Fixture *f)
{
  StpSketchHistory *h = f->history;
  guint32 id = random_id (f);
  const StpSketchItem *item = stp_sketch_lookup_item (f->sketch, id);
  guint n_nodes = item != NULL ? item->nodes->len : 0;

  switch (g_rand_int_range (f->rand, 0, 18))
    {
    case 0:
    case 1:
    case 2:
      stp_sketch_history_add_item (h, random_item (f));
      break;
    case 3:
      stp_sketch_history_add_item_mirrored (h, random_item (f));
      break;
    case 4:
      {
        guint32 ids[2] = { id, random_id (f) };
        stp_sketch_history_remove_items (h, ids, g_rand_int_range (f->rand, 1, 3));
      }
      break;
    case 5:
      {
        guint32 ids[3] = { id, random_id (f), random_id (f) };
        int motions = g_rand_int_range (f->rand, 1, 10);
        stp_sketch_history_begin_group (h, "Drag");
        for (int i = 0; i < motions; i++)
          stp_sketch_history_move_items (h, ids, 3, g_rand_double_range (f->rand, -9, 9),
                                         g_rand_double_range (f->rand, -9, 9));
        stp_sketch_history_end_group (h);
      }
      break;
    case 6:
      if (n_nodes > 0)
        {
          guint index = g_rand_int_range (f->rand, 0, n_nodes);
          stp_sketch_history_begin_group (h, "Drag node");
          for (int i = 0; i < 5; i++)
            stp_sketch_history_set_node (h, id, index, g_rand_int_range (f->rand, 0, 3),
                                         coord (f), coord (f), g_rand_boolean (f->rand));
          stp_sketch_history_end_group (h);
        }
      break;
    case 7:
      {
        StpSketchNode node = { coord (f), coord (f), coord (f), coord (f), coord (f), coord (f) };
        stp_sketch_history_insert_node (h, id, g_rand_int_range (f->rand, 0, n_nodes + 1), &node);
      }
      break;
    case 8:
      if (n_nodes > 0)
        stp_sketch_history_remove_node (h, id, g_rand_int_range (f->rand, 0, n_nodes));
      break;
    case 9:
      stp_sketch_history_set_region (h, id, g_rand_int_range (f->rand, 0, 2),
                                     g_rand_int_range (f->rand, 0, 200), "Dark brown");
      break;
    case 10:
      {
        guint32 ids[2] = { id, random_id (f) };
        stp_sketch_history_restack_items (h, ids, 2, g_rand_boolean (f->rand));
      }
      break;
    case 11:
      stp_sketch_history_set_layer_visible (h, g_rand_int_range (f->rand, 0, 4),
                                            g_rand_boolean (f->rand));
      break;
    case 12:
      stp_sketch_history_begin_group (h, "Opacity slider");
      for (int i = 0; i < 4; i++)
        stp_sketch_history_set_layer_opacity (h, g_rand_int_range (f->rand, 0, 4),
                                              g_rand_double (f->rand));
      stp_sketch_history_end_group (h);
      break;
    case 13:
      stp_sketch_history_set_midline (h, coord (f), g_rand_double_range (f->rand, -10, 10));
      break;
    case 14:
      {
        double y[3] = { coord (f), coord (f), coord (f) };
        stp_sketch_history_set_guides (h, y);
        stp_sketch_history_set_guides_visible (h, g_rand_boolean (f->rand));
      }
      break;
    case 15:
      if (g_rand_boolean (f->rand))
        stp_sketch_history_set_calibration (h, 10, 10, coord (f) + 100, 20,
                                            g_rand_double_range (f->rand, 1, 200), NULL);
      else
        stp_sketch_history_clear_calibration (h);
      break;
    case 16:
      {
        StpSketchItem *edited;
        if (item == NULL)
          break;
        edited = stp_sketch_item_copy (item);
        edited->width = g_rand_double_range (f->rand, 1, 20);
        stp_sketch_item_set_text (edited, "edited");
        stp_sketch_history_replace_item (h, edited);
        stp_sketch_history_set_name (h, g_rand_boolean (f->rand) ? "Revision" : "Hairline");
      }
      break;
    case 17:
      {
        /* A mixed group: add an item, drag it and another, edit a node, raise it, maybe
         * erase it again and settle a setting; all one step. */
        guint32 added, pair[2];

        stp_sketch_history_begin_group (h, "Compound");
        added = stp_sketch_history_add_item (h, random_item (f));
        pair[0] = added;
        pair[1] = id;
        for (int i = 0; i < 3; i++)
          stp_sketch_history_move_items (h, pair, 2, 1.5, -2.25);
        stp_sketch_history_set_node (h, added, 0, STP_SKETCH_HANDLE_OUT, coord (f), coord (f), TRUE);
        stp_sketch_history_restack_items (h, pair, 2, FALSE);
        stp_sketch_history_move_items (h, pair, 2, -4, 1);
        if (g_rand_boolean (f->rand))
          stp_sketch_history_remove_items (h, &added, 1);
        stp_sketch_history_set_layer_opacity (h, STP_SKETCH_LAYER_NOTES, g_rand_double (f->rand));
        stp_sketch_history_move_items (h, &id, 1, 3, 3);
        stp_sketch_history_end_group (h);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Keeps states[] in step with the undo stack after an edit. */
static void
record_state (Fixture *f,
              guint    depth_before)
{
  guint depth = stp_sketch_history_get_n_undo (f->history);

  g_assert_cmpuint (depth, <=, depth_before + 2);
  while (f->states->len > depth_before + 1)
    g_ptr_array_remove_index (f->states, f->states->len - 1);
  /* Edits outside a group (settings then name) may make two steps. */
  while (f->states->len < depth + 1)
    g_ptr_array_add (f->states, NULL);
  g_clear_object ((StpSketch **) &g_ptr_array_index (f->states, depth));
  g_ptr_array_index (f->states, depth) = stp_sketch_copy (f->sketch);
  if (depth == depth_before + 2)
    {
      /* The intermediate state is not known here; undo checks skip it. */
      g_clear_object ((StpSketch **) &g_ptr_array_index (f->states, depth - 1));
    }
  g_ptr_array_set_size (f->states, depth + 1);
}

static void
assert_state (Fixture *f)
{
  guint depth = stp_sketch_history_get_n_undo (f->history);
  StpSketch *expected = g_ptr_array_index (f->states, depth);

  if (expected != NULL)
    test_assert_sketch_equal (f->sketch, expected);
}

static void
test_random_sequences (void)
{
  Fixture f = { 0 };
  g_autoptr(StpSketch) initial = NULL;
  g_autoptr(StpSketch) final = NULL;
  guint steps;

  f.sketch = stp_sketch_new (1000, 1000);
  f.history = stp_sketch_history_new (f.sketch);
  f.states = g_ptr_array_new_with_free_func (g_object_unref_or_null);
  f.rand = g_rand_new_with_seed (20261121);
  initial = stp_sketch_copy (f.sketch);
  g_ptr_array_add (f.states, stp_sketch_copy (f.sketch));

  for (int i = 0; i < 3000; i++)
    {
      guint depth = stp_sketch_history_get_n_undo (f.history);

      if (g_rand_int_range (f.rand, 0, 10) == 0 && depth > 0)
        {
          /* Undo a few steps, checking each state, and sometimes redo some. */
          int k = g_rand_int_range (f.rand, 1, 4);
          for (int j = 0; j < k && stp_sketch_history_undo (f.history); j++)
            assert_state (&f);
          if (g_rand_boolean (f.rand))
            {
              stp_sketch_history_redo (f.history);
              assert_state (&f);
            }
          continue;
        }
      random_edit (&f);
      record_state (&f, depth);
    }

  final = stp_sketch_copy (f.sketch);
  g_assert_cmpuint (stp_sketch_get_n_items (final), >, 20);
  steps = stp_sketch_history_get_n_undo (f.history);
  g_assert_cmpuint (steps, >, 1000);

  while (stp_sketch_history_undo (f.history))
    assert_state (&f);
  test_assert_sketch_equal (f.sketch, initial);
  /* And in the saved form, byte for byte. */
  {
    g_autofree char *got = stp_sketch_to_json (f.sketch, NULL);
    g_autofree char *expected = stp_sketch_to_json (initial, NULL);
    g_autofree char *next_id = g_strdup_printf ("\"next_id\":%u",
                                                stp_sketch_get_next_id (initial));

    /* Ids are never reused, so only the next free id may differ. */
    g_autofree char *got_head = g_strndup (got, strstr (got, "\"next_id\"") - got);
    g_autofree char *expected_head = g_strndup (expected,
                                                strstr (expected, "\"next_id\"") - expected);

    g_assert_nonnull (strstr (expected, next_id));
    g_assert_cmpstr (got_head, ==, expected_head);
    g_assert_cmpstr (strstr (got, "\"items\""), ==, strstr (expected, "\"items\""));
  }
  g_assert_false (stp_sketch_history_is_modified (f.history));
  g_assert_cmpuint (stp_sketch_history_get_n_redo (f.history), ==, steps);

  while (stp_sketch_history_redo (f.history))
    assert_state (&f);
  test_assert_sketch_equal (f.sketch, final);
  {
    g_autofree char *got = stp_sketch_to_json (f.sketch, NULL);
    g_autofree char *expected = stp_sketch_to_json (final, NULL);
    g_assert_cmpstr (got, ==, expected);
  }

  g_ptr_array_unref (f.states);
  g_rand_free (f.rand);
  g_object_unref (f.history);
  g_assert_finalize_object (f.sketch);
}

static void
test_saved_point (void)
{
  g_autoptr(StpSketch) sketch = stp_sketch_new (800, 600);
  g_autoptr(StpSketchHistory) history = stp_sketch_history_new (sketch);
  StpSketchItem *item = stp_sketch_item_new (STP_SKETCH_ITEM_STROKE);

  stp_sketch_item_add_point (item, 1, 2, 0.5);
  g_assert_false (stp_sketch_history_is_modified (history));
  g_assert_cmpuint (stp_sketch_history_add_item (history, item), ==, 1);
  g_assert_true (stp_sketch_history_is_modified (history));
  g_assert_cmpstr (stp_sketch_history_get_undo_label (history), ==, "Draw stroke");
  stp_sketch_history_mark_saved (history);
  g_assert_false (stp_sketch_history_is_modified (history));
  stp_sketch_history_undo (history);
  g_assert_true (stp_sketch_history_is_modified (history));
  g_assert_cmpuint (stp_sketch_get_n_items (sketch), ==, 0);
  stp_sketch_history_redo (history);
  g_assert_false (stp_sketch_history_is_modified (history));
  g_assert_cmpuint (stp_sketch_get_n_items (sketch), ==, 1);

  /* Undo past the save, then a new edit: the saved state can never come back. */
  stp_sketch_history_undo (history);
  stp_sketch_history_set_midline (history, 100, 0);
  g_assert_true (stp_sketch_history_is_modified (history));
  stp_sketch_history_undo (history);
  g_assert_true (stp_sketch_history_is_modified (history));
  g_assert_false (stp_sketch_history_can_redo (history) && stp_sketch_get_n_items (sketch) > 0);
}

/* A drag of a hundred motions is one step, and undo puts the item back exactly. */
static void
test_drag_coalesces (void)
{
  g_autoptr(StpSketch) sketch = stp_sketch_new (800, 600);
  g_autoptr(StpSketchHistory) history = stp_sketch_history_new (sketch);
  StpSketchItem *item = stp_sketch_item_new (STP_SKETCH_ITEM_MEASURE);
  g_autoptr(StpSketchItem) before = NULL;
  guint32 id;

  stp_sketch_item_add_point (item, 10, 10, 1);
  stp_sketch_item_add_point (item, 110, 10, 1);
  id = stp_sketch_history_add_item (history, item);
  before = stp_sketch_item_copy (stp_sketch_lookup_item (sketch, id));

  stp_sketch_history_begin_group (history, "Move");
  for (int i = 0; i < 100; i++)
    stp_sketch_history_move_items (history, &id, 1, 0.5, 0.25);
  stp_sketch_history_end_group (history);
  g_assert_cmpuint (stp_sketch_history_get_n_undo (history), ==, 2);
  g_assert_cmpfloat_with_epsilon (
    g_array_index (stp_sketch_lookup_item (sketch, id)->points, StpSketchPoint, 0).x, 60, 1e-9);
  stp_sketch_history_undo (history);
  g_assert_true (stp_sketch_item_equal (stp_sketch_lookup_item (sketch, id), before));
}

/* The changed signal reports the dirty rectangle of an added item. */
static void
changed_cb (StpSketch           *sketch,
            guint                what,
            const StpSketchRect *rect,
            gpointer             user_data)
{
  StpSketchRect *out = user_data;

  g_assert_cmpuint (what, ==, STP_SKETCH_CHANGE_ITEMS);
  g_assert_nonnull (rect);
  *out = *rect;
}

static void
test_changed_rect (void)
{
  g_autoptr(StpSketch) sketch = stp_sketch_new (800, 600);
  g_autoptr(StpSketchHistory) history = stp_sketch_history_new (sketch);
  StpSketchItem *item = stp_sketch_item_new (STP_SKETCH_ITEM_STROKE);
  StpSketchRect rect = { 0 };

  item->width = 4;
  stp_sketch_item_add_point (item, 100, 200, 1);
  stp_sketch_item_add_point (item, 300, 250, 1);
  g_signal_connect (sketch, "changed", G_CALLBACK (changed_cb), &rect);
  stp_sketch_history_add_item (history, item);
  g_assert_cmpfloat (rect.x, <=, 98);
  g_assert_cmpfloat (rect.x, >=, 90);
  g_assert_cmpfloat (rect.y + rect.height, >=, 252);
  g_assert_cmpfloat (rect.y + rect.height, <=, 260);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sketch/history/random-sequences", test_random_sequences);
  g_test_add_func ("/sketch/history/saved-point", test_saved_point);
  g_test_add_func ("/sketch/history/drag-coalesces", test_drag_coalesces);
  g_test_add_func ("/sketch/history/changed-rect", test_changed_rect);

  return g_test_run ();
}
