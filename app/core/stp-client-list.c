/* stp-client-list.c: a lazy, live list of clients.
 *
 * The model holds only the ids of the clients it shows (800 KB for 100,000 clients) and
 * reads a client when a view asks for its row. Change signals from the store update just
 * the rows concerned: the unfiltered list finds a client's new place with one indexed
 * count; a search, which shows at most STP_CLIENT_LIST_SEARCH_LIMIT rows, is re-run and
 * only the part that differs is reported.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-client-list"

#include "config.h"

#include "stipple/stp-client-list.h"
#include "stipple/stp-text.h"

/* Rows a view shows are asked for again and again while it scrolls and binds. */
#define CACHE_SIZE 256

struct _StpClientList
{
  GObject         parent_instance;

  StpStore       *store;
  char           *query;
  StpClientScope  scope;
  GArray         *ids;    /* gint64, in model order */
  GHashTable     *cache;  /* id -> StpClient */
  gulong          changed_handler;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (StpClientList, stp_client_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_QUERY,
  PROP_SCOPE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
stp_client_list_get_item_type (GListModel *model)
{
  return STP_TYPE_CLIENT;
}

static guint
stp_client_list_get_n_items (GListModel *model)
{
  return STP_CLIENT_LIST (model)->ids->len;
}

static gpointer
stp_client_list_get_item (GListModel *model,
                          guint       position)
{
  StpClientList *self = STP_CLIENT_LIST (model);
  g_autoptr(GError) error = NULL;
  StpClient *client;
  gint64 id;

  if (position >= self->ids->len)
    return NULL;

  id = g_array_index (self->ids, gint64, position);
  client = g_hash_table_lookup (self->cache, &id);
  if (client != NULL)
    return g_object_ref (client);

  client = stp_store_get_client (self->store, id, &error);
  if (client == NULL)
    {
      /* Another program erased it a moment ago. The model must return an item for every
       * position, so it returns a blank one until that change reaches this list. */
      g_debug ("Client %" G_GINT64_FORMAT " vanished: %s", id, error->message);
      return stp_client_new ();
    }

  if (g_hash_table_size (self->cache) >= CACHE_SIZE)
    g_hash_table_remove_all (self->cache);
  g_hash_table_insert (self->cache, g_memdup2 (&id, sizeof id), g_object_ref (client));

  return client;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = stp_client_list_get_item_type;
  iface->get_n_items = stp_client_list_get_n_items;
  iface->get_item = stp_client_list_get_item;
}

static GArray *
query_ids (StpClientList *self)
{
  g_autoptr(GError) error = NULL;
  GArray *ids;

  if (self->query != NULL)
    ids = stp_store_search_clients (self->store, self->query, self->scope,
                                    STP_CLIENT_LIST_SEARCH_LIMIT, &error);
  else
    ids = stp_store_list_client_ids (self->store, self->scope, &error);

  if (ids == NULL)
    {
      g_warning ("Could not list clients: %s", error->message);
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    }

  return ids;
}

/* Swaps in new ids and reports only the stretch between the common head and tail. */
static void
replace_ids (StpClientList *self,
             GArray        *ids)
{
  g_autoptr(GArray) old = self->ids;
  guint head = 0;
  guint tail = 0;

  while (head < old->len && head < ids->len &&
         g_array_index (old, gint64, head) == g_array_index (ids, gint64, head))
    head++;
  while (tail < old->len - head && tail < ids->len - head &&
         g_array_index (old, gint64, old->len - 1 - tail) ==
         g_array_index (ids, gint64, ids->len - 1 - tail))
    tail++;

  self->ids = ids;
  if (old->len == ids->len && head == old->len)
    return;

  g_list_model_items_changed (G_LIST_MODEL (self), head,
                              old->len - head - tail, ids->len - head - tail);
  if (old->len != ids->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
reload (StpClientList *self)
{
  g_hash_table_remove_all (self->cache);
  replace_ids (self, query_ids (self));
}

static void
remove_at (StpClientList *self,
           guint          position)
{
  g_array_remove_index (self->ids, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
client_changed (StpClientList *self,
                gint64         id,
                StpChangeKind  kind)
{
  g_autoptr(StpClient) client = NULL;
  guint old_position;
  guint new_position;
  gboolean belongs;

  g_hash_table_remove (self->cache, &id);

  /* A search is small enough to re-run; so is the aftermath of a bulk change. */
  if (self->query != NULL || id == 0)
    {
      if (id == 0)
        g_hash_table_remove_all (self->cache);
      replace_ids (self, query_ids (self));
      return;
    }

  old_position = stp_client_list_find (self, id);

  if (kind != STP_CHANGE_REMOVED)
    client = stp_store_get_client (self->store, id, NULL);
  belongs = client != NULL &&
            stp_client_get_archived (client) == (self->scope == STP_CLIENT_SCOPE_ARCHIVED);

  if (!belongs)
    {
      if (old_position != G_MAXUINT)
        remove_at (self, old_position);
      return;
    }

  /* A rename moves the row: report it as one removal and one insertion. The store counts
   * the clients before this one; with it taken out of our array, that count is exactly
   * its index. */
  if (old_position != G_MAXUINT)
    g_array_remove_index (self->ids, old_position);
  new_position = MIN (stp_store_client_list_position (self->store, client), self->ids->len);

  if (old_position == new_position)
    {
      g_array_insert_val (self->ids, new_position, id);
      g_list_model_items_changed (G_LIST_MODEL (self), new_position, 1, 1);
      return;
    }

  if (old_position != G_MAXUINT)
    g_list_model_items_changed (G_LIST_MODEL (self), old_position, 1, 0);
  g_array_insert_val (self->ids, new_position, id);
  g_list_model_items_changed (G_LIST_MODEL (self), new_position, 0, 1);
  if (old_position == G_MAXUINT)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
store_changed_cb (StpClientList *self,
                  int            entity,
                  gint64         id,
                  int            kind,
                  StpStore      *store)
{
  if (entity == STP_ENTITY_CLIENT)
    client_changed (self, id, kind);
}

static void
stp_client_list_dispose (GObject *object)
{
  StpClientList *self = (StpClientList *)object;

  g_clear_signal_handler (&self->changed_handler, self->store);
  g_clear_object (&self->store);
  g_clear_pointer (&self->cache, g_hash_table_unref);

  G_OBJECT_CLASS (stp_client_list_parent_class)->dispose (object);
}

static void
stp_client_list_finalize (GObject *object)
{
  StpClientList *self = (StpClientList *)object;

  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->query, g_free);

  G_OBJECT_CLASS (stp_client_list_parent_class)->finalize (object);
}

static void
stp_client_list_constructed (GObject *object)
{
  StpClientList *self = (StpClientList *)object;

  G_OBJECT_CLASS (stp_client_list_parent_class)->constructed (object);

  g_assert (self->store != NULL);
  self->changed_handler = g_signal_connect_object (self->store, "changed",
                                                   G_CALLBACK (store_changed_cb), self,
                                                   G_CONNECT_SWAPPED);
  g_array_unref (self->ids);
  self->ids = query_ids (self);
}

static void
stp_client_list_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  StpClientList *self = STP_CLIENT_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_QUERY:
      g_value_set_string (value, self->query);
      break;
    case PROP_SCOPE:
      g_value_set_int (value, self->scope);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->ids->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stp_client_list_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  StpClientList *self = STP_CLIENT_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_QUERY:
      stp_client_list_set_query (self, g_value_get_string (value));
      break;
    case PROP_SCOPE:
      stp_client_list_set_scope (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stp_client_list_class_init (StpClientListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = stp_client_list_constructed;
  object_class->dispose = stp_client_list_dispose;
  object_class->finalize = stp_client_list_finalize;
  object_class->get_property = stp_client_list_get_property;
  object_class->set_property = stp_client_list_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, STP_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUERY] =
    g_param_spec_string ("query", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCOPE] =
    g_param_spec_int ("scope", NULL, NULL,
                      STP_CLIENT_SCOPE_ACTIVE, STP_CLIENT_SCOPE_ARCHIVED, STP_CLIENT_SCOPE_ACTIVE,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
stp_client_list_init (StpClientList *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
}

StpClientList *
stp_client_list_new (StpStore *store)
{
  g_return_val_if_fail (STP_IS_STORE (store), NULL);

  return g_object_new (STP_TYPE_CLIENT_LIST, "store", store, NULL);
}

StpStore *
stp_client_list_get_store (StpClientList *self)
{
  g_return_val_if_fail (STP_IS_CLIENT_LIST (self), NULL);
  return self->store;
}

const char *
stp_client_list_get_query (StpClientList *self)
{
  g_return_val_if_fail (STP_IS_CLIENT_LIST (self), NULL);
  return self->query;
}

void
stp_client_list_set_query (StpClientList *self,
                           const char    *query)
{
  g_autofree char *stripped = stp_text_strip_dup (query);

  g_return_if_fail (STP_IS_CLIENT_LIST (self));

  if (g_strcmp0 (self->query, stripped) == 0)
    return;

  g_free (self->query);
  self->query = g_steal_pointer (&stripped);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
}

StpClientScope
stp_client_list_get_scope (StpClientList *self)
{
  g_return_val_if_fail (STP_IS_CLIENT_LIST (self), STP_CLIENT_SCOPE_ACTIVE);
  return self->scope;
}

void
stp_client_list_set_scope (StpClientList  *self,
                           StpClientScope  scope)
{
  g_return_if_fail (STP_IS_CLIENT_LIST (self));

  if (self->scope == scope)
    return;

  self->scope = scope;
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCOPE]);
}

guint
stp_client_list_find (StpClientList *self,
                      gint64         id)
{
  g_return_val_if_fail (STP_IS_CLIENT_LIST (self), G_MAXUINT);

  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == id)
      return i;

  return G_MAXUINT;
}
