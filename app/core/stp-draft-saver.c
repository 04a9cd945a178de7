/* stp-draft-saver.c: saves a consultation draft shortly after each edit, so a closed
 * window, a crash or a power cut loses at most the last 2 seconds.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-draft-saver"

#include "config.h"

#include "stipple/stp-draft-saver.h"
#include "stipple/stp-store-consultations.h"

struct _StpDraftSaver
{
  GObject           parent_instance;

  StpStore         *store;
  StpConsultation  *consultation;
  GMainContext     *context;
  GSource          *timeout;
  gulong            changed_id;
  gint64            first_pending_us;  /* monotonic time of the oldest unsaved edit */
  gint64            last_edit_us;
  gboolean          pending;
};

G_DEFINE_FINAL_TYPE (StpDraftSaver, stp_draft_saver, G_TYPE_OBJECT)

enum {
  SIGNAL_SAVED,
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
cancel_timeout (StpDraftSaver *self)
{
  if (self->timeout == NULL)
    return;

  g_source_destroy (self->timeout);
  g_clear_pointer (&self->timeout, g_source_unref);
}

static void
stp_draft_saver_dispose (GObject *object)
{
  StpDraftSaver *self = (StpDraftSaver *)object;

  cancel_timeout (self);
  if (self->changed_id != 0)
    {
      g_clear_signal_handler (&self->changed_id, self->consultation);
    }
  g_clear_object (&self->consultation);
  g_clear_object (&self->store);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (stp_draft_saver_parent_class)->dispose (object);
}

static void
stp_draft_saver_class_init (StpDraftSaverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = stp_draft_saver_dispose;

  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
stp_draft_saver_init (StpDraftSaver *self)
{
}

static gboolean
save (StpDraftSaver  *self,
      GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  cancel_timeout (self);
  if (!self->pending)
    return TRUE;

  if (!stp_store_save_consultation (self->store, self->consultation, &local_error))
    {
      /* Stay pending: the next edit or flush tries again, and nothing typed is dropped. */
      g_signal_emit (self, signals[SIGNAL_FAILED], 0, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  self->pending = FALSE;
  g_signal_emit (self, signals[SIGNAL_SAVED], 0);
  return TRUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  StpDraftSaver *self = user_data;

  /* The source is finished either way; save() must not destroy it a second time. */
  g_clear_pointer (&self->timeout, g_source_unref);
  save (self, NULL);
  return G_SOURCE_REMOVE;
}

static void
schedule (StpDraftSaver *self)
{
  gint64 due_us = MIN (self->last_edit_us + STP_DRAFT_SAVER_QUIET_MS * 1000,
                       self->first_pending_us + STP_DRAFT_SAVER_MAX_DELAY_MS * 1000);
  gint64 delay_ms = MAX (0, (due_us - g_get_monotonic_time () + 999) / 1000);

  cancel_timeout (self);
  self->timeout = g_timeout_source_new ((guint)delay_ms);
  g_source_set_callback (self->timeout, timeout_cb, self, NULL);
  g_source_set_static_name (self->timeout, "[stipple] draft saver");
  g_source_attach (self->timeout, self->context);
}

void
stp_draft_saver_changed (StpDraftSaver *self)
{
  gint64 now = g_get_monotonic_time ();

  g_return_if_fail (STP_IS_DRAFT_SAVER (self));

  if (!self->pending)
    self->first_pending_us = now;
  self->pending = TRUE;
  self->last_edit_us = now;
  schedule (self);
}

static void
consultation_changed_cb (StpConsultation *consultation,
                         StpDraftSaver   *self)
{
  stp_draft_saver_changed (self);
}

StpDraftSaver *
stp_draft_saver_new (StpStore        *store,
                     StpConsultation *consultation)
{
  StpDraftSaver *self;

  g_return_val_if_fail (STP_IS_STORE (store), NULL);
  g_return_val_if_fail (STP_IS_CONSULTATION (consultation), NULL);

  self = g_object_new (STP_TYPE_DRAFT_SAVER, NULL);
  self->store = g_object_ref (store);
  self->consultation = g_object_ref (consultation);
  self->context = g_main_context_ref_thread_default ();
  self->changed_id = g_signal_connect (consultation, "changed",
                                       G_CALLBACK (consultation_changed_cb), self);
  return self;
}

gboolean
stp_draft_saver_get_pending (StpDraftSaver *self)
{
  g_return_val_if_fail (STP_IS_DRAFT_SAVER (self), FALSE);
  return self->pending;
}

gboolean
stp_draft_saver_flush (StpDraftSaver  *self,
                       GError        **error)
{
  g_return_val_if_fail (STP_IS_DRAFT_SAVER (self), FALSE);
  return save (self, error);
}
