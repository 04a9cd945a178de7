/* stp-sketch-history.c: undo and redo of every sketch edit.
 *
 * Each command keeps the state before and after it: an item command holds copies of the
 * item before and after (NULL for "absent") and where it sat in the drawing order, a
 * settings command holds two settings snapshots. Undo puts "before" back, redo puts
 * "after" back, so every kind of edit undoes the same way and nothing can drift. A step
 * is the list of commands one user action made (a group).
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-sketch"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "stipple/stp-sketch-history.h"
#include "stp-sketch-private.h"

typedef enum
{
  COMMAND_ITEM,
  COMMAND_PROPS,
} CommandKind;

typedef struct
{
  CommandKind     kind;
  guint32         id;
  StpSketchItem  *before;        /* NULL: the item did not exist */
  StpSketchItem  *after;         /* NULL: the item is removed */
  int             index_before;
  int             index_after;
  StpSketchProps  props_before;
  StpSketchProps  props_after;
} Command;

typedef struct
{
  char       *label;
  GPtrArray  *commands;          /* of Command, in the order they were made */
} Step;

struct _StpSketchHistory
{
  GObject     parent_instance;

  StpSketch  *sketch;
  GPtrArray  *undo;              /* of Step, oldest first */
  GPtrArray  *redo;              /* of Step, the next one to redo last */
  Step       *open;              /* the group being recorded, also the last in undo */
  guint       group_depth;
  char       *group_label;
  /* How many steps the undo stack held when saved; -1 when that state is gone. */
  int         saved_depth;
  gboolean    was_modified;
  gboolean    could_undo;
  gboolean    could_redo;
};

G_DEFINE_FINAL_TYPE (StpSketchHistory, stp_sketch_history, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SKETCH,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
command_free (Command *cmd)
{
  stp_sketch_item_free (cmd->before);
  stp_sketch_item_free (cmd->after);
  _stp_sketch_props_clear (&cmd->props_before);
  _stp_sketch_props_clear (&cmd->props_after);
  g_free (cmd);
}

static void
step_free (Step *step)
{
  g_free (step->label);
  g_ptr_array_unref (step->commands);
  g_free (step);
}

static Step *
step_new (const char *label)
{
  Step *step = g_new0 (Step, 1);

  step->label = g_strdup (label);
  step->commands = g_ptr_array_new_with_free_func ((GDestroyNotify) command_free);
  return step;
}

static void
notify_state (StpSketchHistory *self)
{
  gboolean can_undo = self->undo->len > 0;
  gboolean can_redo = self->redo->len > 0;
  gboolean modified = stp_sketch_history_is_modified (self);

  if (can_undo != self->could_undo)
    {
      self->could_undo = can_undo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
    }
  if (can_redo != self->could_redo)
    {
      self->could_redo = can_redo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }
  if (modified != self->was_modified)
    {
      self->was_modified = modified;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }
}

static void
stp_sketch_history_dispose (GObject *object)
{
  StpSketchHistory *self = (StpSketchHistory *)object;

  g_clear_object (&self->sketch);

  G_OBJECT_CLASS (stp_sketch_history_parent_class)->dispose (object);
}

static void
stp_sketch_history_finalize (GObject *object)
{
  StpSketchHistory *self = (StpSketchHistory *)object;

  g_clear_pointer (&self->undo, g_ptr_array_unref);
  g_clear_pointer (&self->redo, g_ptr_array_unref);
  g_clear_pointer (&self->group_label, g_free);

  G_OBJECT_CLASS (stp_sketch_history_parent_class)->finalize (object);
}

static void
stp_sketch_history_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  StpSketchHistory *self = STP_SKETCH_HISTORY (object);

  switch (prop_id)
    {
    case PROP_SKETCH:
      g_value_set_object (value, self->sketch);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, stp_sketch_history_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, stp_sketch_history_can_redo (self));
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, stp_sketch_history_is_modified (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stp_sketch_history_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  StpSketchHistory *self = STP_SKETCH_HISTORY (object);

  switch (prop_id)
    {
    case PROP_SKETCH:
      self->sketch = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stp_sketch_history_class_init (StpSketchHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = stp_sketch_history_dispose;
  object_class->finalize = stp_sketch_history_finalize;
  object_class->get_property = stp_sketch_history_get_property;
  object_class->set_property = stp_sketch_history_set_property;

  properties[PROP_SKETCH] =
    g_param_spec_object ("sketch", NULL, NULL, STP_TYPE_SKETCH,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
stp_sketch_history_init (StpSketchHistory *self)
{
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  self->redo = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  self->saved_depth = 0;
}

StpSketchHistory *
stp_sketch_history_new (StpSketch *sketch)
{
  g_return_val_if_fail (STP_IS_SKETCH (sketch), NULL);
  return g_object_new (STP_TYPE_SKETCH_HISTORY, "sketch", sketch, NULL);
}

StpSketch *
stp_sketch_history_get_sketch (StpSketchHistory *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_HISTORY (self), NULL);
  return self->sketch;
}

gboolean
stp_sketch_history_can_undo (StpSketchHistory *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_HISTORY (self), FALSE);
  return self->undo->len > 0;
}

gboolean
stp_sketch_history_can_redo (StpSketchHistory *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_HISTORY (self), FALSE);
  return self->redo->len > 0;
}

guint
stp_sketch_history_get_n_undo (StpSketchHistory *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_HISTORY (self), 0);
  return self->undo->len;
}

guint
stp_sketch_history_get_n_redo (StpSketchHistory *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_HISTORY (self), 0);
  return self->redo->len;
}

const char *
stp_sketch_history_get_undo_label (StpSketchHistory *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_HISTORY (self), NULL);

  if (self->undo->len == 0)
    return NULL;
  return ((Step *) g_ptr_array_index (self->undo, self->undo->len - 1))->label;
}

const char *
stp_sketch_history_get_redo_label (StpSketchHistory *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_HISTORY (self), NULL);

  if (self->redo->len == 0)
    return NULL;
  return ((Step *) g_ptr_array_index (self->redo, self->redo->len - 1))->label;
}

void
stp_sketch_history_clear (StpSketchHistory *self)
{
  g_return_if_fail (STP_IS_SKETCH_HISTORY (self));

  self->open = NULL;
  self->group_depth = 0;
  g_ptr_array_set_size (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
  self->saved_depth = 0;
  notify_state (self);
}

void
stp_sketch_history_mark_saved (StpSketchHistory *self)
{
  g_return_if_fail (STP_IS_SKETCH_HISTORY (self));

  self->saved_depth = self->undo->len;
  notify_state (self);
}

gboolean
stp_sketch_history_is_modified (StpSketchHistory *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_HISTORY (self), FALSE);
  return self->saved_depth != (int) self->undo->len;
}

void
stp_sketch_history_begin_group (StpSketchHistory *self,
                                const char       *label)
{
  g_return_if_fail (STP_IS_SKETCH_HISTORY (self));

  if (self->group_depth++ == 0)
    {
      g_free (self->group_label);
      self->group_label = g_strdup (label);
      self->open = NULL;
    }
}

void
stp_sketch_history_end_group (StpSketchHistory *self)
{
  g_return_if_fail (STP_IS_SKETCH_HISTORY (self));

  /* An undo or redo in the middle of a drag already closed the group. */
  if (self->group_depth == 0)
    return;
  if (--self->group_depth == 0)
    self->open = NULL;
}

gboolean
stp_sketch_history_in_group (StpSketchHistory *self)
{
  g_return_val_if_fail (STP_IS_SKETCH_HISTORY (self), FALSE);
  return self->group_depth > 0;
}

/* Applying commands */

static void
apply_item (StpSketch           *sketch,
            guint32              id,
            const StpSketchItem *from,
            int                  from_index,
            const StpSketchItem *to,
            int                  to_index)
{
  /* An edit in place keeps the item where it is in the drawing order. */
  if (from != NULL && to != NULL && from_index == to_index)
    {
      gboolean replaced = stp_sketch_replace_item (sketch, stp_sketch_item_copy (to));
      g_assert (replaced);
      return;
    }
  if (from != NULL)
    {
      StpSketchItem *taken = stp_sketch_take_item (sketch, id, NULL);
      g_assert (taken != NULL);
      stp_sketch_item_free (taken);
    }
  if (to != NULL)
    {
      guint32 got = stp_sketch_insert_item (sketch, to_index, stp_sketch_item_copy (to));
      g_assert (got == id);
    }
}

static void
command_apply (StpSketch *sketch,
               Command   *cmd,
               gboolean   forward)
{
  if (cmd->kind == COMMAND_PROPS)
    _stp_sketch_set_props (sketch, forward ? &cmd->props_after : &cmd->props_before);
  else if (forward)
    apply_item (sketch, cmd->id, cmd->before, cmd->index_before, cmd->after, cmd->index_after);
  else
    apply_item (sketch, cmd->id, cmd->after, cmd->index_after, cmd->before, cmd->index_before);
}

gboolean
stp_sketch_history_undo (StpSketchHistory *self)
{
  Step *step;

  g_return_val_if_fail (STP_IS_SKETCH_HISTORY (self), FALSE);

  /* Undo in the middle of a drag ends the drag's group first. */
  self->group_depth = 0;
  self->open = NULL;
  if (self->undo->len == 0)
    return FALSE;
  step = g_ptr_array_steal_index (self->undo, self->undo->len - 1);
  for (guint i = step->commands->len; i > 0; i--)
    command_apply (self->sketch, g_ptr_array_index (step->commands, i - 1), FALSE);
  g_ptr_array_add (self->redo, step);
  notify_state (self);
  return TRUE;
}

gboolean
stp_sketch_history_redo (StpSketchHistory *self)
{
  Step *step;

  g_return_val_if_fail (STP_IS_SKETCH_HISTORY (self), FALSE);

  self->group_depth = 0;
  self->open = NULL;
  if (self->redo->len == 0)
    return FALSE;
  step = g_ptr_array_steal_index (self->redo, self->redo->len - 1);
  for (guint i = 0; i < step->commands->len; i++)
    command_apply (self->sketch, g_ptr_array_index (step->commands, i), TRUE);
  g_ptr_array_add (self->undo, step);
  notify_state (self);
  return TRUE;
}

/* Recording commands */

static Step *
current_step (StpSketchHistory *self,
              const char       *label)
{
  Step *step;

  if (self->group_depth > 0 && self->open != NULL)
    return self->open;

  /* A new step makes the redo steps unreachable, and the saved state with them when it
   * was among them. */
  if (self->redo->len > 0)
    {
      if (self->saved_depth > (int) self->undo->len)
        self->saved_depth = -1;
      g_ptr_array_set_size (self->redo, 0);
    }
  step = step_new (self->group_depth > 0 && self->group_label != NULL ?
                   self->group_label : label);
  g_ptr_array_add (self->undo, step);
  if (self->group_depth > 0)
    self->open = step;
  return step;
}

/* The last command of the open group that touched this item, when the new edit can
 * fold into it: a drag's hundred motions become one command. */
static Command *
mergeable_item_command (StpSketchHistory *self,
                        guint32           id)
{
  if (self->group_depth == 0 || self->open == NULL)
    return NULL;
  for (guint i = self->open->commands->len; i > 0; i--)
    {
      Command *cmd = g_ptr_array_index (self->open->commands, i - 1);

      if (cmd->kind != COMMAND_ITEM || cmd->id != id)
        continue;
      if (cmd->before != NULL && cmd->after != NULL && cmd->index_before == cmd->index_after)
        return cmd;
      return NULL;
    }
  return NULL;
}

/* Records and performs an in-place edit: the item keeps its place, after replaces it. */
static gboolean
record_replace (StpSketchHistory *self,
                StpSketchItem    *after,
                const char       *label)
{
  const StpSketchItem *current;
  Command *cmd;
  int index;

  _stp_sketch_item_quantize (after);
  current = stp_sketch_lookup_item (self->sketch, after->id);
  if (current == NULL)
    {
      stp_sketch_item_free (after);
      return FALSE;
    }
  if (stp_sketch_item_equal (current, after))
    {
      stp_sketch_item_free (after);
      return TRUE;
    }
  if (stp_sketch_get_n_points (self->sketch) - current->points->len - current->nodes->len +
      after->points->len + after->nodes->len > STP_SKETCH_MAX_POINTS)
    {
      stp_sketch_item_free (after);
      return FALSE;
    }
  index = stp_sketch_find_item (self->sketch, after->id);

  cmd = mergeable_item_command (self, after->id);
  if (cmd != NULL)
    {
      stp_sketch_item_free (cmd->after);
      cmd->after = stp_sketch_item_copy (after);
    }
  else
    {
      Step *step = current_step (self, label);

      cmd = g_new0 (Command, 1);
      cmd->kind = COMMAND_ITEM;
      cmd->id = after->id;
      cmd->before = stp_sketch_item_copy (current);
      cmd->after = stp_sketch_item_copy (after);
      cmd->index_before = cmd->index_after = index;
      g_ptr_array_add (step->commands, cmd);
    }
  stp_sketch_replace_item (self->sketch, after);
  notify_state (self);
  return TRUE;
}

static guint32
record_add (StpSketchHistory *self,
            StpSketchItem    *item,
            const char       *label)
{
  Step *step;
  Command *cmd;
  guint32 id;
  int index;

  item->id = 0;
  id = stp_sketch_insert_item (self->sketch, -1, item);
  if (id == 0)
    return 0;
  index = stp_sketch_find_item (self->sketch, id);
  step = current_step (self, label);
  cmd = g_new0 (Command, 1);
  cmd->kind = COMMAND_ITEM;
  cmd->id = id;
  cmd->after = stp_sketch_item_copy (stp_sketch_lookup_item (self->sketch, id));
  cmd->index_before = cmd->index_after = index;
  g_ptr_array_add (step->commands, cmd);
  notify_state (self);
  return id;
}

static const char *
add_label (const StpSketchItem *item)
{
  switch (item->kind)
    {
    case STP_SKETCH_ITEM_STROKE:
      return _("Draw stroke");
    case STP_SKETCH_ITEM_CURVE:
      return _("Add hairline curve");
    case STP_SKETCH_ITEM_REGION:
      return item->role == STP_SKETCH_ROLE_SCAR ? _("Mark scar") : _("Add treatment area");
    case STP_SKETCH_ITEM_LABEL:
      return _("Add label");
    case STP_SKETCH_ITEM_MEASURE:
      return _("Measure");
    default:
      return _("Add item");
    }
}

guint32
stp_sketch_history_add_item (StpSketchHistory *self,
                             StpSketchItem    *item)
{
  g_return_val_if_fail (STP_IS_SKETCH_HISTORY (self), 0);
  g_return_val_if_fail (item != NULL, 0);

  return record_add (self, item, add_label (item));
}

guint32
stp_sketch_history_add_item_mirrored (StpSketchHistory *self,
                                      StpSketchItem    *item)
{
  StpSketchItem *mirror;
  guint32 id;

  g_return_val_if_fail (STP_IS_SKETCH_HISTORY (self), 0);
  g_return_val_if_fail (item != NULL, 0);

  if (item->kind == STP_SKETCH_ITEM_CURVE)
    {
      item->mirrored = TRUE;
      return record_add (self, item, add_label (item));
    }
  mirror = stp_sketch_mirror_item (self->sketch, item);
  stp_sketch_history_begin_group (self, add_label (item));
  id = record_add (self, item, NULL);
  if (id != 0)
    record_add (self, mirror, NULL);
  else
    stp_sketch_item_free (mirror);
  stp_sketch_history_end_group (self);
  return id;
}

gboolean
stp_sketch_history_replace_item (StpSketchHistory *self,
                                 StpSketchItem    *item)
{
  g_return_val_if_fail (STP_IS_SKETCH_HISTORY (self), FALSE);
  g_return_val_if_fail (item != NULL, FALSE);

  return record_replace (self, item, _("Edit item"));
}

gboolean
stp_sketch_history_remove_items (StpSketchHistory *self,
                                 const guint32    *ids,
                                 guint             n_ids)
{
  gboolean all = TRUE;

  g_return_val_if_fail (STP_IS_SKETCH_HISTORY (self), FALSE);
  g_return_val_if_fail (ids != NULL || n_ids == 0, FALSE);

  stp_sketch_history_begin_group (self, n_ids == 1 ? _("Erase item") : _("Erase items"));
  for (guint i = 0; i < n_ids; i++)
    {
      StpSketchItem *taken;
      Command *cmd;
      int index;

      taken = stp_sketch_take_item (self->sketch, ids[i], &index);
      if (taken == NULL)
        {
          all = FALSE;
          continue;
        }
      cmd = g_new0 (Command, 1);
      cmd->kind = COMMAND_ITEM;
      cmd->id = ids[i];
      cmd->before = taken;
      cmd->index_before = cmd->index_after = index;
      g_ptr_array_add (current_step (self, NULL)->commands, cmd);
    }
  stp_sketch_history_end_group (self);
  notify_state (self);
  return all;
}

gboolean
stp_sketch_history_move_items (StpSketchHistory *self,
                               const guint32    *ids,
                               guint             n_ids,
                               double            dx,
                               double            dy)
{
  gboolean all = TRUE;

  g_return_val_if_fail (STP_IS_SKETCH_HISTORY (self), FALSE);
  g_return_val_if_fail (ids != NULL || n_ids == 0, FALSE);

  if (!isfinite (dx) || !isfinite (dy))
    return FALSE;
  stp_sketch_history_begin_group (self, n_ids == 1 ? _("Move item") : _("Move items"));
  for (guint i = 0; i < n_ids; i++)
    {
      const StpSketchItem *item = stp_sketch_lookup_item (self->sketch, ids[i]);
      StpSketchItem *moved;

      if (item == NULL)
        {
          all = FALSE;
          continue;
        }
      moved = stp_sketch_item_copy (item);
      stp_sketch_item_translate (moved, dx, dy);
      record_replace (self, moved, NULL);
    }
  stp_sketch_history_end_group (self);
  return all;
}

typedef struct
{
  int     index;
  guint32 id;
} Placed;

static int
compare_placed (gconstpointer a,
                gconstpointer b)
{
  return ((const Placed *) a)->index - ((const Placed *) b)->index;
}

gboolean
stp_sketch_history_restack_items (StpSketchHistory *self,
                                  const guint32    *ids,
                                  guint             n_ids,
                                  gboolean          raise)
{
  g_autoptr(GArray) chosen = NULL;
  gboolean all = TRUE;

  g_return_val_if_fail (STP_IS_SKETCH_HISTORY (self), FALSE);
  g_return_val_if_fail (ids != NULL || n_ids == 0, FALSE);

  chosen = g_array_new (FALSE, FALSE, sizeof (Placed));
  for (guint i = 0; i < n_ids; i++)
    {
      Placed p = { stp_sketch_find_item (self->sketch, ids[i]), ids[i] };
      if (p.index < 0)
        all = FALSE;
      else
        g_array_append_val (chosen, p);
    }
  /* Raising appends the chosen items bottom-up, lowering prepends them top-down, so
   * they keep their order among themselves. */
  g_array_sort (chosen, compare_placed);

  stp_sketch_history_begin_group (self, raise ? _("Bring to front") : _("Send to back"));
  for (guint k = 0; k < chosen->len; k++)
    {
      const Placed *p = &g_array_index (chosen, Placed, raise ? k : chosen->len - 1 - k);
      StpSketchItem *taken;
      Command *cmd;
      int from, to;

      taken = stp_sketch_take_item (self->sketch, p->id, &from);
      if (taken == NULL)
        continue;   /* the same id twice */
      to = raise ? (int) stp_sketch_get_n_items (self->sketch) : 0;
      if (to == from)
        {
          stp_sketch_insert_item (self->sketch, to, taken);
          continue;
        }
      cmd = g_new0 (Command, 1);
      cmd->kind = COMMAND_ITEM;
      cmd->id = p->id;
      cmd->before = stp_sketch_item_copy (taken);
      cmd->after = stp_sketch_item_copy (taken);
      cmd->index_before = from;
      cmd->index_after = to;
      stp_sketch_insert_item (self->sketch, to, taken);
      g_ptr_array_add (current_step (self, NULL)->commands, cmd);
    }
  stp_sketch_history_end_group (self);
  notify_state (self);
  return all;
}

gboolean
stp_sketch_history_set_node (StpSketchHistory *self,
                             guint32           id,
                             guint             index,
                             StpSketchHandle   handle,
                             double            x,
                             double            y,
                             gboolean          symmetric)
{
  const StpSketchItem *item;
  StpSketchItem *edited;
  StpSketchNode *n;

  g_return_val_if_fail (STP_IS_SKETCH_HISTORY (self), FALSE);

  item = stp_sketch_lookup_item (self->sketch, id);
  if (item == NULL || index >= item->nodes->len || !isfinite (x) || !isfinite (y))
    return FALSE;
  edited = stp_sketch_item_copy (item);
  n = &g_array_index (edited->nodes, StpSketchNode, index);
  switch (handle)
    {
    case STP_SKETCH_HANDLE_NODE:
      {
        double dx = x - n->x, dy = y - n->y;
        n->x = x;
        n->y = y;
        n->in_x += dx;
        n->in_y += dy;
        n->out_x += dx;
        n->out_y += dy;
      }
      break;
    case STP_SKETCH_HANDLE_IN:
    case STP_SKETCH_HANDLE_OUT:
      {
        double *hx = handle == STP_SKETCH_HANDLE_IN ? &n->in_x : &n->out_x;
        double *hy = handle == STP_SKETCH_HANDLE_IN ? &n->in_y : &n->out_y;
        double *ox = handle == STP_SKETCH_HANDLE_IN ? &n->out_x : &n->in_x;
        double *oy = handle == STP_SKETCH_HANDLE_IN ? &n->out_y : &n->in_y;

        *hx = x;
        *hy = y;
        if (symmetric)
          {
            *ox = 2 * n->x - x;
            *oy = 2 * n->y - y;
          }
      }
      break;
    default:
      stp_sketch_item_free (edited);
      g_return_val_if_reached (FALSE);
    }
  return record_replace (self, edited, _("Edit curve"));
}

gboolean
stp_sketch_history_insert_node (StpSketchHistory    *self,
                                guint32              id,
                                guint                index,
                                const StpSketchNode *node)
{
  const StpSketchItem *item;
  StpSketchItem *edited;

  g_return_val_if_fail (STP_IS_SKETCH_HISTORY (self), FALSE);
  g_return_val_if_fail (node != NULL, FALSE);

  item = stp_sketch_lookup_item (self->sketch, id);
  if (item == NULL || index > item->nodes->len || item->nodes->len >= STP_SKETCH_MAX_ITEM_POINTS)
    return FALSE;
  edited = stp_sketch_item_copy (item);
  g_array_insert_vals (edited->nodes, index, node, 1);
  return record_replace (self, edited, _("Add curve point"));
}

gboolean
stp_sketch_history_remove_node (StpSketchHistory *self,
                                guint32           id,
                                guint             index)
{
  const StpSketchItem *item;
  StpSketchItem *edited;

  g_return_val_if_fail (STP_IS_SKETCH_HISTORY (self), FALSE);

  item = stp_sketch_lookup_item (self->sketch, id);
  if (item == NULL || index >= item->nodes->len)
    return FALSE;
  edited = stp_sketch_item_copy (item);
  g_array_remove_index (edited->nodes, index);
  return record_replace (self, edited, _("Remove curve point"));
}

gboolean
stp_sketch_history_set_region (StpSketchHistory    *self,
                               guint32              id,
                               StpSketchRegionRole  role,
                               double               density,
                               const char          *shade)
{
  const StpSketchItem *item;
  StpSketchItem *edited;

  g_return_val_if_fail (STP_IS_SKETCH_HISTORY (self), FALSE);

  item = stp_sketch_lookup_item (self->sketch, id);
  if (item == NULL || item->kind != STP_SKETCH_ITEM_REGION ||
      (role != STP_SKETCH_ROLE_TREATMENT && role != STP_SKETCH_ROLE_SCAR) ||
      !isfinite (density) || density < 0 || density > STP_SKETCH_MAX_DENSITY ||
      (shade != NULL && g_utf8_strlen (shade, -1) > STP_SKETCH_MAX_SHADE))
    return FALSE;
  edited = stp_sketch_item_copy (item);
  edited->role = role;
  edited->density = density;
  stp_sketch_item_set_shade (edited, shade);
  return record_replace (self, edited, _("Change area"));
}

/* Settings */

static void
record_props (StpSketchHistory     *self,
              const StpSketchProps *after,
              const char           *label)
{
  const StpSketchProps *current = _stp_sketch_get_props (self->sketch);
  Command *cmd = NULL;

  if (_stp_sketch_props_diff (current, after) == 0)
    return;
  if (self->group_depth > 0 && self->open != NULL)
    {
      /* Fold into the group's last settings command: an opacity slider's drag. */
      for (guint i = self->open->commands->len; i > 0 && cmd == NULL; i--)
        {
          Command *c = g_ptr_array_index (self->open->commands, i - 1);
          if (c->kind == COMMAND_PROPS)
            cmd = c;
        }
    }
  if (cmd == NULL)
    {
      cmd = g_new0 (Command, 1);
      cmd->kind = COMMAND_PROPS;
      _stp_sketch_props_copy (&cmd->props_before, current);
      g_ptr_array_add (current_step (self, label)->commands, cmd);
    }
  _stp_sketch_props_copy (&cmd->props_after, after);
  _stp_sketch_set_props (self->sketch, after);
  notify_state (self);
}

/* Edits a copy of the current settings, then records the change. */
#define EDIT_PROPS(self, p, label, edit) \
  G_STMT_START { \
    StpSketchProps p = { 0 }; \
    _stp_sketch_props_copy (&p, _stp_sketch_get_props ((self)->sketch)); \
    edit; \
    record_props ((self), &p, (label)); \
    _stp_sketch_props_clear (&p); \
  } G_STMT_END

void
stp_sketch_history_set_layer_visible (StpSketchHistory *self,
                                      StpSketchLayer    layer,
                                      gboolean          visible)
{
  g_return_if_fail (STP_IS_SKETCH_HISTORY (self));
  g_return_if_fail (layer < STP_SKETCH_N_LAYERS);

  EDIT_PROPS (self, p, visible ? _("Show layer") : _("Hide layer"),
              p.layer_visible[layer] = !!visible);
}

void
stp_sketch_history_set_layer_opacity (StpSketchHistory *self,
                                      StpSketchLayer    layer,
                                      double            opacity)
{
  g_return_if_fail (STP_IS_SKETCH_HISTORY (self));
  g_return_if_fail (layer < STP_SKETCH_N_LAYERS);

  if (!isfinite (opacity))
    return;
  EDIT_PROPS (self, p, _("Change layer opacity"),
              p.layer_opacity[layer] = CLAMP (opacity, 0.0, 1.0));
}

void
stp_sketch_history_set_midline (StpSketchHistory *self,
                                double            x,
                                double            angle)
{
  g_return_if_fail (STP_IS_SKETCH_HISTORY (self));

  if (!isfinite (x) || !isfinite (angle))
    return;
  EDIT_PROPS (self, p, _("Move midline"),
              p.midline_x = CLAMP (x, -STP_SKETCH_MAX_COORD, STP_SKETCH_MAX_COORD);
              p.midline_angle = CLAMP (angle, -45.0, 45.0));
}

void
stp_sketch_history_set_guides_visible (StpSketchHistory *self,
                                       gboolean          visible)
{
  g_return_if_fail (STP_IS_SKETCH_HISTORY (self));

  EDIT_PROPS (self, p, visible ? _("Show guides") : _("Hide guides"),
              p.guides_visible = !!visible);
}

void
stp_sketch_history_set_guides (StpSketchHistory *self,
                               const double      y[3])
{
  g_return_if_fail (STP_IS_SKETCH_HISTORY (self));

  for (int i = 0; i < 3; i++)
    if (!isfinite (y[i]))
      return;
  EDIT_PROPS (self, p, _("Move guides"),
              for (int i = 0; i < 3; i++)
                p.guides[i] = CLAMP (y[i], -STP_SKETCH_MAX_COORD, STP_SKETCH_MAX_COORD));
}

gboolean
stp_sketch_history_set_calibration (StpSketchHistory *self,
                                    double            x1,
                                    double            y1,
                                    double            x2,
                                    double            y2,
                                    double            length_mm,
                                    GError          **error)
{
  g_return_val_if_fail (STP_IS_SKETCH_HISTORY (self), FALSE);

  if (!_stp_sketch_check_calibration (x1, y1, x2, y2, length_mm, error))
    return FALSE;
  EDIT_PROPS (self, p, _("Calibrate"),
              p.calibrated = TRUE;
              p.cal_x1 = x1; p.cal_y1 = y1; p.cal_x2 = x2; p.cal_y2 = y2;
              p.cal_mm = length_mm);
  return TRUE;
}

void
stp_sketch_history_clear_calibration (StpSketchHistory *self)
{
  g_return_if_fail (STP_IS_SKETCH_HISTORY (self));

  EDIT_PROPS (self, p, _("Remove calibration"),
              p.calibrated = FALSE;
              p.cal_x1 = p.cal_y1 = p.cal_x2 = p.cal_y2 = p.cal_mm = 0);
}

void
stp_sketch_history_set_name (StpSketchHistory *self,
                             const char       *name)
{
  g_return_if_fail (STP_IS_SKETCH_HISTORY (self));

  EDIT_PROPS (self, p, _("Rename sketch"),
              g_free (p.name); p.name = g_strdup (name != NULL ? name : ""));
}
