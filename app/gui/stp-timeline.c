/* stp-timeline.c: the client page's treatment group: plan progress, "Log Session…", and
 * the client's consultations, sessions, photos and sketch versions in time order.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-timeline"

#include "config.h"

#include <glib/gi18n.h>

#include "stp-timeline.h"

struct _StpTimeline
{
  AdwPreferencesGroup  parent_instance;

  StpStore            *store;
  gint64               client_id;
  guint                reload_source;

  AdwActionRow        *progress_row;
  GtkWidget           *plan_button;
  GtkWidget           *empty_row;
  GPtrArray           *rows;
  char                *progress_text;
};

G_DEFINE_FINAL_TYPE (StpTimeline, stp_timeline, ADW_TYPE_PREFERENCES_GROUP)

static const char *
entry_icon (StpTimelineKind kind)
{
  switch (kind)
    {
    case STP_TIMELINE_CONSULTATION:
      return "x-office-document-symbolic";
    case STP_TIMELINE_SESSION:
      return "document-edit-symbolic";
    case STP_TIMELINE_PHOTO:
      return "camera-photo-symbolic";
    case STP_TIMELINE_SKETCH:
      return "applications-graphics-symbolic";
    case STP_TIMELINE_REFERRAL:
    default:
      return "mail-forward-symbolic";
    }
}

static char *
format_when (StpTimelineEntry *entry)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (entry->at);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  if (local == NULL)
    return g_strdup ("");
  /* Consultations and referrals are calendar dates: no time of day to show. */
  if (entry->kind == STP_TIMELINE_CONSULTATION || entry->kind == STP_TIMELINE_REFERRAL)
    return g_date_time_format (local, "%x");
  /* Translators: a date and time of day; see g_date_time_format. */
  return g_date_time_format (local, _("%x %H:%M"));
}

static void
update_progress (StpTimeline *self)
{
  g_autoptr(GError) error = NULL;
  StpPlanProgress progress;

  g_clear_pointer (&self->progress_text, g_free);
  if (stp_store_get_plan_progress (self->store, self->client_id, &progress, &error))
    {
      self->progress_text = stp_plan_progress_describe (&progress);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->progress_row),
                                     self->progress_text);
      adw_action_row_set_subtitle (self->progress_row,
                                   stp_treatment_plan_status_get_label (progress.status));
      gtk_widget_set_visible (self->plan_button, FALSE);
      return;
    }
  if (error != NULL)
    g_warning ("Could not read the plan: %s", error->message);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->progress_row),
                                 _("No treatment plan"));
  adw_action_row_set_subtitle (self->progress_row,
                               _("Start one to see which session is next and when it is due."));
  gtk_widget_set_visible (self->plan_button, TRUE);
}

static void
reload (StpTimeline *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);

  gtk_widget_set_visible (GTK_WIDGET (self), self->store != NULL && self->client_id != 0);
  if (self->store == NULL || self->client_id == 0)
    return;

  update_progress (self);

  entries = stp_store_list_timeline (self->store, self->client_id, &error);
  if (entries == NULL)
    {
      g_warning ("Could not list the timeline: %s", error->message);
      return;
    }
  gtk_widget_set_visible (self->empty_row, entries->len == 0);

  for (guint i = 0; i < entries->len; i++)
    {
      StpTimelineEntry *entry = entries->pdata[i];
      g_autofree char *when = format_when (entry);
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      const char *action = NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      subtitle = entry->subtitle != NULL && *entry->subtitle != '\0'
                 ? g_strdup_printf ("%s · %s", when, entry->subtitle) : g_strdup (when);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name (entry_icon (entry->kind)));

      /* Only records with a page of their own open one; the others are shown, not faked. */
      if (entry->kind == STP_TIMELINE_CONSULTATION)
        action = "win.open-consultation";
      else if (entry->kind == STP_TIMELINE_SESSION)
        action = "win.open-session";
      if (action != NULL)
        {
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", entry->id);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (row), action);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     gtk_image_new_from_icon_name ("go-next-symbolic"));
        }

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->rows, row);
    }
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  StpTimeline *self = user_data;

  self->reload_source = 0;
  reload (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (StpStore      *store,
                  int            entity,
                  gint64         id,
                  int            kind,
                  StpTimeline   *self)
{
  if (entity == STP_ENTITY_CLIENT || entity == STP_ENTITY_SETTING ||
      entity == STP_ENTITY_CONSENT_TEXT || entity == STP_ENTITY_LOT)
    return;
  if (self->client_id == 0 || self->reload_source != 0)
    return;
  self->reload_source = g_idle_add (reload_idle_cb, self);
}

/* Starting a plan */

typedef struct
{
  StpTimeline *self;
  GtkWidget   *sessions;
  GtkWidget   *spacing;
  gint64       consultation_id;
} PlanDialog;

static void
plan_dialog_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         PlanDialog       *data)
{
  g_autoptr(StpTreatmentPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "start") == 0)
    {
      plan = stp_treatment_plan_new ();
      plan->client_id = data->self->client_id;
      plan->consultation_id = data->consultation_id;
      plan->planned_sessions = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (data->sessions));
      plan->spacing_days = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (data->spacing));
      if (stp_store_create_plan (data->self->store, plan, &error) == 0)
        g_warning ("Could not start the plan: %s", error->message);
    }
  g_object_unref (data->self);
  g_free (data);
}

static GtkWidget *
labelled_spin (const char *label,
               int         min,
               int         max,
               int         value,
               GtkWidget **spin_out)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (min, max, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  *spin_out = spin;
  return row;
}

static void
plan_clicked_cb (StpTimeline *self)
{
  g_autoptr(GPtrArray) consultations = NULL;
  PlanDialog *data = g_new0 (PlanDialog, 1);
  GtkWidget *dialog, *list;
  guint sessions = 3, spacing = 10;

  data->self = g_object_ref (self);

  /* The newest consultation with a decided plan suggests the numbers. */
  consultations = stp_store_list_consultations (self->store, self->client_id, NULL);
  for (guint i = 0; consultations != NULL && i < consultations->len; i++)
    {
      const StpPlan *plan = stp_consultation_get_plan (consultations->pdata[i]);

      if (plan != NULL && plan->sessions > 0)
        {
          sessions = plan->sessions;
          spacing = plan->spacing_days > 0 ? plan->spacing_days : spacing;
          data->consultation_id = stp_consultation_get_id (consultations->pdata[i]);
          break;
        }
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Start a Treatment Plan"),
                                   data->consultation_id != 0
                                   ? _("Taken from the consultation’s plan; change it if the "
                                       "client agreed otherwise.")
                                   : _("How many sessions, and how many days apart?"));
  list = gtk_list_box_new ();
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_list_box_append (GTK_LIST_BOX (list),
                       labelled_spin (_("Sessions"), 1, 10, sessions, &data->sessions));
  gtk_list_box_append (GTK_LIST_BOX (list),
                       labelled_spin (_("Days between sessions"), 1, 365, spacing,
                                      &data->spacing));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "start", _("_Start Plan"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "start",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "start");
  g_signal_connect (dialog, "response", G_CALLBACK (plan_dialog_response_cb), data);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject */

static void
stp_timeline_dispose (GObject *object)
{
  StpTimeline *self = STP_TIMELINE (object);

  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->progress_text, g_free);

  G_OBJECT_CLASS (stp_timeline_parent_class)->dispose (object);
}

static void
stp_timeline_class_init (StpTimelineClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = stp_timeline_dispose;
}

static void
stp_timeline_init (StpTimeline *self)
{
  GtkWidget *log_button;

  self->rows = g_ptr_array_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Treatment"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _("Plan, sessions, consultations, photos and "
                                           "sketches, oldest first"));

  log_button = gtk_button_new_with_mnemonic (_("_Log Session…"));
  gtk_widget_add_css_class (log_button, "flat");
  gtk_widget_set_valign (log_button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (log_button), "win.log-session");
  gtk_widget_set_tooltip_text (log_button, _("Log a session, prefilled from the previous one "
                                             "(Ctrl+Shift+L)"));
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self), log_button);

  self->progress_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_action_row_add_prefix (self->progress_row,
                             gtk_image_new_from_icon_name ("x-office-calendar-symbolic"));
  self->plan_button = gtk_button_new_with_mnemonic (_("Start _Plan…"));
  gtk_widget_set_valign (self->plan_button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->plan_button, "clicked", G_CALLBACK (plan_clicked_cb), self);
  adw_action_row_add_suffix (self->progress_row, self->plan_button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->progress_row));

  self->empty_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->empty_row),
                                 _("No consultations, sessions or photos yet"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->empty_row);

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
stp_timeline_new (void)
{
  return g_object_new (STP_TYPE_TIMELINE, NULL);
}

void
stp_timeline_set_store (StpTimeline *self,
                        StpStore    *store)
{
  g_return_if_fail (STP_IS_TIMELINE (self));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, 0);
  reload (self);
}

void
stp_timeline_set_client_id (StpTimeline *self,
                            gint64       client_id)
{
  g_return_if_fail (STP_IS_TIMELINE (self));

  self->client_id = client_id;
  reload (self);
}

const char *
stp_timeline_get_progress_text (StpTimeline *self)
{
  g_return_val_if_fail (STP_IS_TIMELINE (self), NULL);
  return self->progress_text;
}

guint
stp_timeline_get_n_entries (StpTimeline *self)
{
  g_return_val_if_fail (STP_IS_TIMELINE (self), 0);
  return self->rows->len;
}

GtkWidget *
stp_timeline_get_entry_row (StpTimeline *self,
                            guint        index)
{
  g_return_val_if_fail (STP_IS_TIMELINE (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);
  return self->rows->pdata[index];
}
