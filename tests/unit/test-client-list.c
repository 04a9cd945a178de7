/* test-client-list.c: StpClientList, the live GListModel of clients.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "test-util.h"

typedef struct
{
  guint position;
  guint removed;
  guint added;
} ItemsChanged;

typedef struct
{
  char          *tmp;
  StpStore      *store;
  StpClientList *list;
  GArray        *signals;   /* ItemsChanged */
} Fixture;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  Fixture *f = user_data;
  ItemsChanged ic = { position, removed, added };

  g_array_append_val (f->signals, ic);
}

static const char *names[][2] = {
  { "Anna", "Smith" }, { "Bob", "Baker" }, { "Zoë", "Adams" }, { "Carl", "Cole" },
  { "Dora", "Diaz" }, { "Emil", "Eriksen" }, { "Anna", "Müller" }, { "Hugo", "Hansen" },
  { "Ines", "Ibarra" }, { "Jon", "Jensen" }, { "Kai", "Kowalski" }, { "Lea", "Larsen" },
  { "Mia", "Moreau" }, { "Nils", "Nyberg" }, { "Olga", "Orlova" }, { "Paul", "Peters" },
  { "Rosa", "Rossi" }, { "Sven", "Svensson" }, { "Tara", "Thomas" }, { "Ugo", "Ugolini" },
};

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *dir = NULL;

  f->tmp = test_make_tmp ();
  dir = g_build_filename (f->tmp, "data", NULL);
  f->store = test_open_store (dir);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    test_add_client (f->store, names[i][0], names[i][1], NULL, NULL, NULL);
  f->list = stp_client_list_new (f->store);
  f->signals = g_array_new (FALSE, TRUE, sizeof (ItemsChanged));
  g_signal_connect (f->list, "items-changed", G_CALLBACK (items_changed_cb), f);
  test_drain_main_context ();
  g_array_set_size (f->signals, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (g_steal_pointer (&f->list));
  g_assert_finalize_object (g_steal_pointer (&f->store));
  g_array_unref (f->signals);
  test_rm_rf (f->tmp);
  g_free (f->tmp);
}

static gint64
item_id (GListModel *model,
         guint       pos)
{
  g_autoptr(StpClient) c = g_list_model_get_item (model, pos);

  g_assert_nonnull (c);
  g_assert_true (STP_IS_CLIENT (c));
  return stp_client_get_id (c);
}

/* The model shows exactly these ids, in this order. */
static void
assert_model_is (StpClientList *list,
                 GArray        *ids)
{
  GListModel *model = G_LIST_MODEL (list);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, ids->len);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      gint64 shown = item_id (model, i);
      if (shown != id)
        g_error ("position %u of %u: the model shows client %" G_GINT64_FORMAT
                 ", the store's list order has client %" G_GINT64_FORMAT, i, ids->len,
                 shown, id);
      g_assert_cmpuint (stp_client_list_find (list, id), ==, i);
    }
  g_assert_null (g_list_model_get_item (model, ids->len));
}

static void
assert_model_matches_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = stp_store_list_client_ids (f->store,
                                                     stp_client_list_get_scope (f->list),
                                                     &error);

  g_assert_no_error (error);
  assert_model_is (f->list, ids);
}

/* Applies the recorded signals to a shadow copy of the old contents and checks that the
 * result is the new contents: the signals told the whole truth. */
static void
assert_signals_explain (Fixture *f,
                        GArray  *before_ids,
                        GArray  *after_ids)
{
  g_autoptr(GArray) shadow = g_array_copy (before_ids);

  for (guint s = 0; s < f->signals->len; s++)
    {
      ItemsChanged *ic = &g_array_index (f->signals, ItemsChanged, s);
      g_assert_cmpuint (ic->position + ic->removed, <=, shadow->len);
      g_array_remove_range (shadow, ic->position, ic->removed);
      for (guint k = 0; k < ic->added; k++)
        {
          gint64 id = g_array_index (after_ids, gint64, ic->position + k);
          g_array_insert_val (shadow, ic->position + k, id);
        }
    }
  g_assert_cmpuint (shadow->len, ==, after_ids->len);
  for (guint i = 0; i < shadow->len; i++)
    g_assert_cmpint (g_array_index (shadow, gint64, i), ==, g_array_index (after_ids, gint64, i));
}

static GArray *
store_ids (Fixture        *f,
           StpClientScope  scope)
{
  g_autoptr(GError) error = NULL;
  GArray *ids = stp_store_list_client_ids (f->store, scope, &error);

  g_assert_no_error (error);
  return ids;
}

static void
assert_one_signal (Fixture *f,
                   guint    position,
                   guint    removed,
                   guint    added)
{
  ItemsChanged *ic;

  g_assert_cmpuint (f->signals->len, ==, 1);
  ic = &g_array_index (f->signals, ItemsChanged, 0);
  g_assert_cmpuint (ic->position, ==, position);
  g_assert_cmpuint (ic->removed, ==, removed);
  g_assert_cmpuint (ic->added, ==, added);
}

/* ------------------------------------------------------------------------------------ */

static void
test_basic (Fixture       *f,
            gconstpointer  data)
{
  GListModel *model = G_LIST_MODEL (f->list);
  g_autoptr(StpClient) first = NULL;
  g_autoptr(StpClient) last = NULL;

  g_assert_true (G_IS_LIST_MODEL (f->list));
  g_assert_true (g_list_model_get_item_type (model) == STP_TYPE_CLIENT);
  g_assert_true (stp_client_list_get_store (f->list) == f->store);
  g_assert_cmpint (stp_client_list_get_scope (f->list), ==, STP_CLIENT_SCOPE_ACTIVE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, G_N_ELEMENTS (names));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==,
                    stp_store_count_clients (f->store, STP_CLIENT_SCOPE_ACTIVE));
  assert_model_matches_store (f);

  /* List order: family, then given. Adams first, Ugolini last. */
  first = g_list_model_get_item (model, 0);
  g_assert_cmpstr (stp_client_get_family_name (first), ==, "Adams");
  g_assert_cmpstr (stp_client_get_given_name (first), ==, "Zoë");
  last = g_list_model_get_item (model, g_list_model_get_n_items (model) - 1);
  g_assert_cmpstr (stp_client_get_family_name (last), ==, "Ugolini");

  for (guint i = 1; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(StpClient) a = g_list_model_get_item (model, i - 1);
      g_autoptr(StpClient) b = g_list_model_get_item (model, i);
      g_autofree char *fa = stp_text_fold (stp_client_get_family_name (a));
      g_autofree char *fb = stp_text_fold (stp_client_get_family_name (b));
      g_assert_cmpint (g_strcmp0 (fa, fb), <=, 0);
    }

  g_assert_cmpuint (stp_client_list_find (f->list, 999999), ==, G_MAXUINT);
  g_assert_cmpuint (f->signals->len, ==, 0);  /* reading emits nothing */
}

static void
test_live_create (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GArray) before = store_ids (f, STP_CLIENT_SCOPE_ACTIVE);
  g_autoptr(GArray) after = NULL;
  gint64 id;
  guint pos;

  /* "Lopez" sits between Larsen and Moreau. */
  id = test_add_client (f->store, "Maria", "Lopez", NULL, NULL, NULL);
  test_drain_main_context ();
  after = store_ids (f, STP_CLIENT_SCOPE_ACTIVE);
  pos = test_ids_index (after, id);
  g_assert_cmpuint (pos, !=, G_MAXUINT);
  g_assert_cmpuint (pos, >, 0);
  g_assert_cmpuint (pos, <, after->len - 1);

  assert_one_signal (f, pos, 0, 1);
  assert_model_is (f->list, after);
  assert_signals_explain (f, before, after);
  g_assert_cmpuint (stp_client_list_find (f->list, id), ==, pos);
  {
    g_autoptr(StpClient) c = g_list_model_get_item (G_LIST_MODEL (f->list), pos);
    g_assert_cmpstr (stp_client_get_family_name (c), ==, "Lopez");
  }

  /* At the very start and the very end. */
  g_array_set_size (f->signals, 0);
  id = test_add_client (f->store, "Aaron", "Aalto", NULL, NULL, NULL);
  test_drain_main_context ();
  assert_one_signal (f, 0, 0, 1);
  g_assert_cmpuint (stp_client_list_find (f->list, id), ==, 0);

  g_array_set_size (f->signals, 0);
  id = test_add_client (f->store, "Zach", "Zyskowski", NULL, NULL, NULL);
  test_drain_main_context ();
  assert_one_signal (f, G_N_ELEMENTS (names) + 2, 0, 1);
  g_assert_cmpuint (stp_client_list_find (f->list, id), ==, G_N_ELEMENTS (names) + 2);
  assert_model_matches_store (f);
}

static void
test_live_update (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) before = store_ids (f, STP_CLIENT_SCOPE_ACTIVE);
  g_autoptr(GArray) after = NULL;
  g_autoptr(StpClient) c = NULL;
  g_autoptr(StpClient) shown = NULL;
  gint64 id;
  guint pos;
  guint removed = 0, added = 0;

  /* Same place in the list: one row replaced. */
  pos = 5;
  id = g_array_index (before, gint64, pos);
  c = stp_store_get_client (f->store, id, &error);
  g_assert_no_error (error);
  stp_client_set_notes (c, "Updated notes");
  stp_client_set_phone (c, "+44 7700 900123");
  g_assert_true (stp_store_update_client (f->store, c, &error));
  g_assert_no_error (error);
  test_drain_main_context ();
  assert_one_signal (f, pos, 1, 1);
  shown = g_list_model_get_item (G_LIST_MODEL (f->list), pos);
  g_assert_cmpint (stp_client_get_id (shown), ==, id);
  g_assert_cmpstr (stp_client_get_phone (shown), ==, "+44 7700 900123");
  g_assert_cmpstr (stp_client_get_notes (shown), ==, "Updated notes");
  assert_model_matches_store (f);

  /* A new family name moves the row: still only that row changes. */
  g_array_set_size (f->signals, 0);
  stp_client_set_family_name (c, "Zwicky");
  g_assert_true (stp_store_update_client (f->store, c, &error));
  g_assert_no_error (error);
  test_drain_main_context ();
  after = store_ids (f, STP_CLIENT_SCOPE_ACTIVE);
  g_assert_cmpuint (test_ids_index (after, id), ==, after->len - 1);
  assert_model_is (f->list, after);
  assert_signals_explain (f, before, after);
  g_assert_cmpuint (f->signals->len, >=, 1);
  for (guint i = 0; i < f->signals->len; i++)
    {
      removed += g_array_index (f->signals, ItemsChanged, i).removed;
      added += g_array_index (f->signals, ItemsChanged, i).added;
    }
  /* Not a wholesale reset of the 20 rows. */
  g_assert_cmpuint (removed, <=, 2);
  g_assert_cmpuint (added, <=, 2);
  g_clear_object (&shown);
  shown = g_list_model_get_item (G_LIST_MODEL (f->list), after->len - 1);
  g_assert_cmpstr (stp_client_get_family_name (shown), ==, "Zwicky");
}

static void
test_live_archive (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) before = store_ids (f, STP_CLIENT_SCOPE_ACTIVE);
  g_autoptr(GArray) after = NULL;
  guint pos = 7;
  gint64 id = g_array_index (before, gint64, pos);

  g_assert_true (stp_store_set_client_archived (f->store, id, TRUE, &error));
  g_assert_no_error (error);
  test_drain_main_context ();
  assert_one_signal (f, pos, 1, 0);
  g_assert_cmpuint (stp_client_list_find (f->list, id), ==, G_MAXUINT);
  after = store_ids (f, STP_CLIENT_SCOPE_ACTIVE);
  assert_model_is (f->list, after);
  assert_signals_explain (f, before, after);

  /* Restore puts it back where it was. */
  g_array_set_size (f->signals, 0);
  g_assert_true (stp_store_set_client_archived (f->store, id, FALSE, &error));
  g_assert_no_error (error);
  test_drain_main_context ();
  assert_one_signal (f, pos, 0, 1);
  g_assert_cmpuint (stp_client_list_find (f->list, id), ==, pos);
  assert_model_matches_store (f);

  /* Erase removes the row. */
  g_array_set_size (f->signals, 0);
  g_assert_true (stp_store_erase_client (f->store, id, &error));
  g_assert_no_error (error);
  test_drain_main_context ();
  assert_one_signal (f, pos, 1, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==,
                    G_N_ELEMENTS (names) - 1);
  assert_model_matches_store (f);
}

/* Two lists on one store: each follows on its own, the archived one gains the row. */
static void
test_live_archived_scope (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpClientList) archived = stp_client_list_new (f->store);
  g_autoptr(GArray) ids = store_ids (f, STP_CLIENT_SCOPE_ACTIVE);
  gint64 a = g_array_index (ids, gint64, 3);
  gint64 b = g_array_index (ids, gint64, 10);

  stp_client_list_set_scope (archived, STP_CLIENT_SCOPE_ARCHIVED);
  g_assert_cmpint (stp_client_list_get_scope (archived), ==, STP_CLIENT_SCOPE_ARCHIVED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (archived)), ==, 0);

  g_assert_true (stp_store_set_client_archived (f->store, b, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (stp_store_set_client_archived (f->store, a, TRUE, &error));
  g_assert_no_error (error);
  test_drain_main_context ();

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (archived)), ==, 2);
  g_assert_cmpint (item_id (G_LIST_MODEL (archived), 0), ==, a);
  g_assert_cmpint (item_id (G_LIST_MODEL (archived), 1), ==, b);
  {
    g_autoptr(GArray) arch_ids = store_ids (f, STP_CLIENT_SCOPE_ARCHIVED);
    assert_model_is (archived, arch_ids);
  }
  assert_model_matches_store (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==,
                    G_N_ELEMENTS (names) - 2);
}

static void
test_set_scope (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = store_ids (f, STP_CLIENT_SCOPE_ACTIVE);
  gint64 a = g_array_index (ids, gint64, 0);
  gint64 b = g_array_index (ids, gint64, 1);

  g_assert_true (stp_store_set_client_archived (f->store, a, TRUE, &error));
  g_assert_true (stp_store_set_client_archived (f->store, b, TRUE, &error));
  g_assert_no_error (error);
  test_drain_main_context ();
  g_array_set_size (f->signals, 0);

  stp_client_list_set_scope (f->list, STP_CLIENT_SCOPE_ARCHIVED);
  test_drain_main_context ();
  g_assert_cmpint (stp_client_list_get_scope (f->list), ==, STP_CLIENT_SCOPE_ARCHIVED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 2);
  g_assert_cmpint (item_id (G_LIST_MODEL (f->list), 0), ==, a);
  g_assert_cmpint (item_id (G_LIST_MODEL (f->list), 1), ==, b);
  {
    g_autoptr(StpClient) c = g_list_model_get_item (G_LIST_MODEL (f->list), 0);
    g_assert_true (stp_client_get_archived (c));
  }
  /* Views were told. */
  {
    g_autoptr(GArray) after = store_ids (f, STP_CLIENT_SCOPE_ARCHIVED);
    g_autoptr(GArray) before = store_ids (f, STP_CLIENT_SCOPE_ACTIVE);
    g_assert_cmpuint (f->signals->len, >=, 1);
    assert_signals_explain (f, before, after);
  }

  g_array_set_size (f->signals, 0);
  stp_client_list_set_scope (f->list, STP_CLIENT_SCOPE_ACTIVE);
  test_drain_main_context ();
  assert_model_matches_store (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==,
                    G_N_ELEMENTS (names) - 2);
}

static void
test_set_query (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) all = store_ids (f, STP_CLIENT_SCOPE_ACTIVE);
  g_autoptr(GArray) expect = NULL;

  stp_client_list_set_query (f->list, "anna");
  test_drain_main_context ();
  g_assert_cmpstr (stp_client_list_get_query (f->list), ==, "anna");
  expect = stp_store_search_clients (f->store, "anna", STP_CLIENT_SCOPE_ACTIVE,
                                     STP_CLIENT_LIST_SEARCH_LIMIT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expect->len, ==, 2);
  assert_model_is (f->list, expect);
  assert_signals_explain (f, all, expect);
  g_clear_pointer (&expect, g_array_unref);

  /* Typing more narrows. */
  g_array_set_size (f->signals, 0);
  stp_client_list_set_query (f->list, "anna mü");
  test_drain_main_context ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 1);
  {
    g_autoptr(StpClient) c = g_list_model_get_item (G_LIST_MODEL (f->list), 0);
    g_assert_cmpstr (stp_client_get_family_name (c), ==, "Müller");
  }

  /* A client created while the query is on shows up only if it matches. */
  g_array_set_size (f->signals, 0);
  test_add_client (f->store, "Annabel", "Mürz", NULL, NULL, NULL);
  test_add_client (f->store, "Bert", "Nomatch", NULL, NULL, NULL);
  test_drain_main_context ();
  expect = stp_store_search_clients (f->store, "anna mü", STP_CLIENT_SCOPE_ACTIVE,
                                     STP_CLIENT_LIST_SEARCH_LIMIT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expect->len, ==, 2);
  assert_model_is (f->list, expect);
  g_clear_pointer (&expect, g_array_unref);

  /* Nothing matches. */
  stp_client_list_set_query (f->list, "qqqqqq");
  test_drain_main_context ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 0);

  /* Hostile text is plain text here too. */
  stp_client_list_set_query (f->list, "\"(anna NEAR(");
  test_drain_main_context ();

  /* Clearing the query shows everyone again, in list order. */
  stp_client_list_set_query (f->list, "");
  test_drain_main_context ();
  assert_model_matches_store (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==,
                    G_N_ELEMENTS (names) + 2);
}

/* Many items: the model does not load them all, but each position is right. */
static void
test_many (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) before = NULL;
  gint64 id;

  g_assert_true (stp_demo_fill (f->store, 2000, 42, &error));
  g_assert_no_error (error);
  test_drain_main_context ();
  ids = store_ids (f, STP_CLIENT_SCOPE_ACTIVE);
  g_assert_cmpuint (ids->len, ==, 2000 + G_N_ELEMENTS (names));
  assert_model_is (f->list, ids);

  /* One more: exactly one insertion even in a long list. */
  before = g_array_copy (ids);
  g_array_set_size (f->signals, 0);
  id = test_add_client (f->store, "Mmmm", "Middleton", NULL, NULL, NULL);
  test_drain_main_context ();
  g_clear_pointer (&ids, g_array_unref);
  ids = store_ids (f, STP_CLIENT_SCOPE_ACTIVE);
  assert_one_signal (f, test_ids_index (ids, id), 0, 1);
  assert_signals_explain (f, before, ids);
  g_assert_cmpint (item_id (G_LIST_MODEL (f->list), test_ids_index (ids, id)), ==, id);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/client-list/basic", test_basic);
  ADD ("/client-list/live/create", test_live_create);
  ADD ("/client-list/live/update", test_live_update);
  ADD ("/client-list/live/archive-restore-erase", test_live_archive);
  ADD ("/client-list/live/archived-scope", test_live_archived_scope);
  ADD ("/client-list/set-scope", test_set_scope);
  ADD ("/client-list/set-query", test_set_query);
  ADD ("/client-list/many", test_many);

  return g_test_run ();
}
