/* stp-notifier.c: desktop reminders of due follow-ups.
 *
 * One GLib timer runs to the next due time, and never longer than a minute, so a clock
 * change or a suspended laptop is noticed within a minute; idle it wakes once a minute.
 * A follow-up is notified once per due time (followup.notified_for, so also across
 * restarts). Many at once, or reminders missed while Stipple was closed or the computer
 * slept, come as one summary. Without a notification server the follow-ups wait in the
 * window's banner and count as notified only once the banner was seen.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "stp-notifier"

#include "stp-notifier.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

/* The longest the timer sleeps, in seconds. */
#define MAX_SLEEP 60
/* How many names a summary lists before "and N more". */
#define SUMMARY_NAMES 4

struct _StpNotifier
{
  GObject       parent_instance;

  StpStore     *store;
  GApplication *application;   /* weak */
  guint         timeout_id;
  guint         idle_id;
  gint64        last_check;    /* unix seconds of the last check; 0 before the first */
  guint         wakeups;
  gboolean      notify_ready;
  GHashTable   *live;          /* NotifyNotification set, kept until closed */
  GArray       *fallback;      /* gint64 follow-up ids waiting in the banner */
};

G_DEFINE_FINAL_TYPE (StpNotifier, stp_notifier, G_TYPE_OBJECT)

enum
{
  SIGNAL_FALLBACK_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule (StpNotifier *self);

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
in_fallback (StpNotifier *self,
             gint64       id)
{
  for (guint i = 0; i < self->fallback->len; i++)
    if (g_array_index (self->fallback, gint64, i) == id)
      return TRUE;
  return FALSE;
}

static void
notification_closed_cb (NotifyNotification *notification,
                        StpNotifier        *self)
{
  g_hash_table_remove (self->live, notification);
}

static void
action_cb (NotifyNotification *notification,
           char               *action,
           gpointer            user_data)
{
  StpNotifier *self = user_data;
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (notification), "followup-id"));

  stp_notifier_invoke (self, id, action);
}

static NotifyNotification *
new_notification (StpNotifier *self,
                  const char  *summary,
                  const char  *body,
                  gint64       followup_id)
{
  NotifyNotification *n = notify_notification_new (summary, body, APP_ID);

  notify_notification_set_app_name (n, _("Stipple"));
  notify_notification_set_category (n, "x-stipple.followup");
  notify_notification_set_hint (n, "desktop-entry", g_variant_new_string (APP_ID));
  g_object_set_data (G_OBJECT (n), "followup-id", GSIZE_TO_POINTER ((gsize)followup_id));
  g_signal_connect (n, "closed", G_CALLBACK (notification_closed_cb), self);
  return n;
}

/* Shows it and keeps it alive for its buttons; FALSE when no server took it. */
static gboolean
show (StpNotifier        *self,
      NotifyNotification *n)
{
  g_autoptr(GError) error = NULL;

  if (!self->notify_ready || !notify_notification_show (n, &error))
    {
      g_debug ("No desktop notification: %s", error ? error->message : "libnotify not ready");
      g_object_unref (n);
      return FALSE;
    }
  g_hash_table_add (self->live, n);
  return TRUE;
}

static char *
contact_line (const StpFollowup *f)
{
  const char *contact = *f->phone != '\0' ? f->phone : f->email;

  if (*contact == '\0')
    return g_strdup (stp_channel_get_label (f->channel));
  return g_strdup_printf ("%s: %s", stp_channel_get_label (f->channel), contact);
}

static gboolean
notify_one (StpNotifier       *self,
            const StpFollowup *f)
{
  g_autofree char *summary = g_strdup_printf (_("Follow-up due: %s"), f->client_name);
  g_autofree char *contact = contact_line (f);
  g_autofree char *plain = g_strdup_printf ("%s\n%s", f->title, contact);
  g_autofree char *body = g_markup_escape_text (plain, -1);
  NotifyNotification *n = new_notification (self, summary, body, f->id);

  g_object_set_data (G_OBJECT (n), "client-id", GSIZE_TO_POINTER ((gsize)f->client_id));
  notify_notification_add_action (n, "open", _("Open Client"), action_cb, self, NULL);
  notify_notification_add_action (n, "done", _("Done"), action_cb, self, NULL);
  notify_notification_add_action (n, "snooze", _("Snooze 1 Hour"), action_cb, self, NULL);
  return show (self, n);
}

static char *
summary_body (GPtrArray *due)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < due->len && i < SUMMARY_NAMES; i++)
    {
      const StpFollowup *f = g_ptr_array_index (due, i);
      g_string_append_printf (text, "%s%s: %s", i > 0 ? "\n" : "", f->client_name, f->title);
    }
  if (due->len > SUMMARY_NAMES)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, ngettext ("and %u more", "and %u more",
                                              due->len - SUMMARY_NAMES),
                              due->len - SUMMARY_NAMES);
    }
  {
    char *escaped = g_markup_escape_text (text->str, -1);
    g_string_free (text, TRUE);
    return escaped;
  }
}

static gboolean
notify_summary (StpNotifier *self,
                GPtrArray   *due,
                gboolean     missed)
{
  g_autofree char *summary = NULL;
  g_autofree char *body = summary_body (due);
  NotifyNotification *n;

  summary = g_strdup_printf (missed
                             ? ngettext ("%u follow-up fell due while you were away",
                                         "%u follow-ups fell due while you were away",
                                         due->len)
                             : ngettext ("%u follow-up is due", "%u follow-ups are due",
                                         due->len),
                             due->len);
  n = new_notification (self, summary, body, 0);
  notify_notification_add_action (n, "default", _("Show Follow-ups"), action_cb, self, NULL);
  notify_notification_add_action (n, "show", _("Show Follow-ups"), action_cb, self, NULL);
  return show (self, n);
}

void
stp_notifier_check (StpNotifier *self)
{
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) fresh = g_ptr_array_new ();
  g_autoptr(GArray) shown = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  gint64 now = now_unix ();
  gboolean catching_up;
  guint fallback_before = self->fallback->len;

  g_return_if_fail (STP_IS_NOTIFIER (self));

  /* The first check, or one after the timer was held up (the computer slept): whatever
   * is due was missed, and comes as one summary. */
  catching_up = self->last_check == 0 || now - self->last_check > 2 * MAX_SLEEP;
  self->last_check = now;

  due = stp_store_list_unnotified (self->store, now, &error);
  if (due == NULL)
    {
      g_warning ("Could not read the due follow-ups: %s", error->message);
      schedule (self);
      return;
    }
  for (guint i = 0; i < due->len; i++)
    {
      StpFollowup *f = g_ptr_array_index (due, i);
      if (!in_fallback (self, f->id))
        g_ptr_array_add (fresh, f);
    }

  if (fresh->len > STP_NOTIFIER_SUMMARY_THRESHOLD || (catching_up && fresh->len > 1))
    {
      gboolean ok = notify_summary (self, fresh, catching_up);

      for (guint i = 0; i < fresh->len; i++)
        {
          gint64 id = ((StpFollowup *)g_ptr_array_index (fresh, i))->id;
          g_array_append_val (ok ? shown : self->fallback, id);
        }
    }
  else
    {
      for (guint i = 0; i < fresh->len; i++)
        {
          StpFollowup *f = g_ptr_array_index (fresh, i);
          g_array_append_val (notify_one (self, f) ? shown : self->fallback, f->id);
        }
    }

  if (shown->len > 0 &&
      !stp_store_mark_notified (self->store, (gint64 *)shown->data, shown->len, &error))
    g_warning ("Could not record the notified follow-ups: %s", error->message);
  if (self->fallback->len != fallback_before)
    g_signal_emit (self, signals[SIGNAL_FALLBACK_CHANGED], 0);
  schedule (self);
}

static gboolean
timeout_cb (gpointer user_data)
{
  StpNotifier *self = user_data;

  self->timeout_id = 0;
  self->wakeups++;
  stp_notifier_check (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (StpNotifier *self)
{
  gint64 now = now_unix ();
  gint64 next = stp_store_next_reminder_at (self->store, now, NULL);
  guint delay = MAX_SLEEP;

  if (next > 0 && next - now < MAX_SLEEP)
    delay = (guint)MAX (1, next - now);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  /* Whole seconds: GLib wakes all such timers of the session together. */
  self->timeout_id = g_timeout_add_seconds (delay, timeout_cb, self);
}

static gboolean
idle_check_cb (gpointer user_data)
{
  StpNotifier *self = user_data;

  self->idle_id = 0;
  stp_notifier_check (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (StpStore    *store,
                  int          entity,
                  gint64       id,
                  int          kind,
                  StpNotifier *self)
{
  if (entity != STP_ENTITY_FOLLOWUP && entity != STP_ENTITY_SESSION &&
      entity != STP_ENTITY_PLAN && entity != STP_ENTITY_REFERRAL &&
      entity != STP_ENTITY_CLIENT)
    return;
  /* A follow-up done or snoozed elsewhere leaves the banner. */
  if (entity == STP_ENTITY_FOLLOWUP && self->fallback->len > 0)
    {
      guint before = self->fallback->len;

      for (guint i = self->fallback->len; i-- > 0;)
        {
          g_autoptr(StpFollowup) f = stp_store_get_followup (store,
                                                             g_array_index (self->fallback,
                                                                            gint64, i), NULL);
          if (f == NULL || f->remind_at == 0 || f->remind_at > now_unix ())
            g_array_remove_index (self->fallback, i);
        }
      if (self->fallback->len != before)
        g_signal_emit (self, signals[SIGNAL_FALLBACK_CHANGED], 0);
    }
  if (self->idle_id == 0 && self->last_check != 0)
    self->idle_id = g_idle_add (idle_check_cb, self);
}

void
stp_notifier_start (StpNotifier *self)
{
  g_return_if_fail (STP_IS_NOTIFIER (self));

  if (self->last_check != 0)
    return;
  stp_notifier_check (self);
}

void
stp_notifier_invoke (StpNotifier *self,
                     gint64       followup_id,
                     const char  *action)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (STP_IS_NOTIFIER (self));

  if (g_strcmp0 (action, "done") == 0)
    {
      if (!stp_store_complete_followups (self->store, &followup_id, 1,
                                         _("Marked done from a desktop reminder"), &error))
        g_warning ("Could not mark the follow-up done: %s", error->message);
    }
  else if (g_strcmp0 (action, "snooze") == 0)
    {
      gint64 until = stp_store_snooze_hour (self->store, now_unix ());

      if (!stp_store_snooze_followups (self->store, &followup_id, 1, until, &error))
        g_warning ("Could not snooze the follow-up: %s", error->message);
    }
  else if (g_strcmp0 (action, "open") == 0 && self->application != NULL)
    {
      g_autoptr(StpFollowup) f = stp_store_get_followup (self->store, followup_id, NULL);

      if (f != NULL)
        g_action_group_activate_action (G_ACTION_GROUP (self->application), "open-client",
                                        g_variant_new_int64 (f->client_id));
    }
  else if ((g_strcmp0 (action, "show") == 0 || g_strcmp0 (action, "default") == 0) &&
           self->application != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (self->application), "show-followups",
                                    NULL);
}

GArray *
stp_notifier_get_fallback (StpNotifier *self)
{
  g_return_val_if_fail (STP_IS_NOTIFIER (self), NULL);
  return self->fallback;
}

char *
stp_notifier_dup_fallback_text (StpNotifier *self)
{
  GString *names = g_string_new (NULL);
  guint n = 0;

  g_return_val_if_fail (STP_IS_NOTIFIER (self), NULL);

  if (self->fallback->len == 0)
    {
      g_string_free (names, TRUE);
      return NULL;
    }
  for (guint i = 0; i < self->fallback->len && n < SUMMARY_NAMES; i++)
    {
      g_autoptr(StpFollowup) f = stp_store_get_followup (self->store,
                                                         g_array_index (self->fallback,
                                                                        gint64, i), NULL);
      if (f == NULL)
        continue;
      g_string_append_printf (names, "%s%s (%s)", n > 0 ? ", " : "", f->client_name, f->title);
      n++;
    }
  {
    g_autofree char *head = g_strdup_printf (ngettext ("%u follow-up is due",
                                                       "%u follow-ups are due",
                                                       self->fallback->len),
                                             self->fallback->len);
    char *text = g_strdup_printf ("%s: %s%s", head, names->str,
                                  self->fallback->len > n ? ", …" : "");
    g_string_free (names, TRUE);
    return text;
  }
}

void
stp_notifier_dismiss_fallback (StpNotifier *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (STP_IS_NOTIFIER (self));

  if (self->fallback->len == 0)
    return;
  if (!stp_store_mark_notified (self->store, (gint64 *)self->fallback->data,
                                self->fallback->len, &error))
    g_warning ("Could not record the notified follow-ups: %s", error->message);
  g_array_set_size (self->fallback, 0);
  g_signal_emit (self, signals[SIGNAL_FALLBACK_CHANGED], 0);
}

guint
stp_notifier_get_wakeups (StpNotifier *self)
{
  g_return_val_if_fail (STP_IS_NOTIFIER (self), 0);
  return self->wakeups;
}

static void
stp_notifier_dispose (GObject *object)
{
  StpNotifier *self = STP_NOTIFIER (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  if (self->live != NULL)
    {
      GHashTableIter iter;
      gpointer n;

      g_hash_table_iter_init (&iter, self->live);
      while (g_hash_table_iter_next (&iter, &n, NULL))
        g_signal_handlers_disconnect_by_data (n, self);
    }
  g_clear_pointer (&self->live, g_hash_table_unref);
  g_clear_weak_pointer (&self->application);

  G_OBJECT_CLASS (stp_notifier_parent_class)->dispose (object);
}

static void
stp_notifier_finalize (GObject *object)
{
  StpNotifier *self = STP_NOTIFIER (object);

  g_array_unref (self->fallback);

  G_OBJECT_CLASS (stp_notifier_parent_class)->finalize (object);
}

static void
stp_notifier_class_init (StpNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = stp_notifier_dispose;
  object_class->finalize = stp_notifier_finalize;

  /**
   * StpNotifier::fallback-changed:
   *
   * The follow-ups waiting for the in-app banner changed.
   */
  signals[SIGNAL_FALLBACK_CHANGED] =
    g_signal_new ("fallback-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
stp_notifier_init (StpNotifier *self)
{
  self->live = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
  self->fallback = g_array_new (FALSE, FALSE, sizeof (gint64));
}

StpNotifier *
stp_notifier_new (StpStore     *store,
                  GApplication *application)
{
  StpNotifier *self;

  g_return_val_if_fail (STP_IS_STORE (store), NULL);

  self = g_object_new (STP_TYPE_NOTIFIER, NULL);
  self->store = g_object_ref (store);
  g_set_weak_pointer (&self->application, application);
  self->notify_ready = notify_is_initted () || notify_init (_("Stipple"));
  g_signal_connect (store, "changed", G_CALLBACK (store_changed_cb), self);
  return self;
}
