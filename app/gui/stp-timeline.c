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

#include "stp-photo-window.h"

struct _StpTimeline
{
  AdwPreferencesGroup  parent_instance;

  StpStore            *store;
  gint64               client_id;
  guint                reload_source;

  AdwActionRow        *progress_row;
  AdwExpanderRow      *history_row;     /* pigment history, for matching a touch-up */
  GPtrArray           *history_rows;
  GtkWidget           *plan_button;
  GtkWidget           *empty_row;
  GtkWidget           *referral_row;
  gint64               last_referral_id;   /* the newest referral, 0 when none */
  char                *last_referral_clinic;
  GArray              *sketch_ids;         /* the client's sketch versions, oldest first */
  GPtrArray           *sketch_names;
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
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (entry->at);
  g_autofree char *iso = NULL;
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;

  if (local == NULL)
    return g_strdup ("");
  iso = g_date_time_format (local, "%Y-%m-%d");
  date = stp_date_format_local (iso);
  /* Consultations and referrals are calendar dates: no time of day to show. */
  if (entry->kind == STP_TIMELINE_CONSULTATION || entry->kind == STP_TIMELINE_REFERRAL)
    return g_steal_pointer (&date);
  time = g_date_time_format (local, "%H:%M");
  return g_strdup_printf ("%s %s", date, time);
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

/* Every pigment the client received, newest first: what a touch-up years later matches. */
static void
update_history (StpTimeline *self)
{
  g_autoptr(GPtrArray) uses = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;

  for (guint i = 0; i < self->history_rows->len; i++)
    adw_expander_row_remove (self->history_row, self->history_rows->pdata[i]);
  g_ptr_array_set_size (self->history_rows, 0);

  uses = stp_store_list_pigment_history (self->store, self->client_id, &error);
  if (uses == NULL)
    {
      g_warning ("Could not read the pigment history: %s", error->message);
      uses = g_ptr_array_new ();
    }
  gtk_widget_set_visible (GTK_WIDGET (self->history_row), uses->len > 0);
  if (uses->len == 0)
    return;

  {
    StpPigmentUse *latest = uses->pdata[0];

    /* Translators: the latest pigment, as in "Latest: Inkredible Charcoal 3, 1:20". */
    subtitle = g_strdup_printf (_("Latest: %s %s%s%s"), latest->brand, latest->shade,
                                *latest->dilution ? ", " : "", latest->dilution);
    adw_expander_row_set_subtitle (self->history_row, subtitle);
  }

  for (guint i = 0; i < uses->len; i++)
    {
      StpPigmentUse *use = uses->pdata[i];
      g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (use->started_at);
      g_autofree char *iso = g_date_time_format (local, "%Y-%m-%d");
      g_autofree char *date = stp_date_format_local (iso);
      g_autofree char *title = g_strdup_printf ("%s %s", use->brand, use->shade);
      g_autofree char *detail = NULL;
      GtkWidget *row = adw_action_row_new ();

      /* Translators: a pigment's use: date, dilution, lot. */
      detail = *use->dilution
               ? g_strdup_printf (_("%s · dilution %s · lot %s"), date, use->dilution, use->lot)
               : g_strdup_printf (_("%s · lot %s"), date, use->lot);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), detail);
      adw_expander_row_add_row (self->history_row, row);
      g_ptr_array_add (self->history_rows, row);
    }
}

static void report_laser_cb (AdwActionRow *row, StpTimeline *self);

/* A photo row opens the photo full size, as the gallery does. */
static void
open_photo_cb (AdwActionRow *row,
               StpTimeline  *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  gint64 id = (gint64)GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "photo-id"));
  GtkWidget *window = stp_photo_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                            self->store, id);

  gtk_window_present (GTK_WINDOW (window));
}

/* Whether the window offers an action; sketch rows open a version only where the window
 * has a sketch page to open it in. */
static gboolean
window_has_action (StpTimeline *self,
                   const char  *name)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return G_IS_ACTION_MAP (root) && g_action_map_lookup_action (G_ACTION_MAP (root), name) != NULL;
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
  update_history (self);

  entries = stp_store_list_timeline (self->store, self->client_id, &error);
  if (entries == NULL)
    {
      g_warning ("Could not list the timeline: %s", error->message);
      return;
    }
  gtk_widget_set_visible (self->empty_row, entries->len == 0);
  self->last_referral_id = 0;
  g_clear_pointer (&self->last_referral_clinic, g_free);
  g_array_set_size (self->sketch_ids, 0);
  g_ptr_array_set_size (self->sketch_names, 0);

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

      if (entry->kind == STP_TIMELINE_SKETCH)
        {
          g_array_append_val (self->sketch_ids, entry->id);
          g_ptr_array_add (self->sketch_names, g_strdup (entry->title));
        }
      else if (entry->kind == STP_TIMELINE_PHOTO)
        {
          g_object_set_data (G_OBJECT (row), "photo-id", GSIZE_TO_POINTER ((gsize)entry->id));
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          gtk_widget_set_tooltip_text (row, _("Open the photo full size"));
          g_signal_connect (row, "activated", G_CALLBACK (open_photo_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     gtk_image_new_from_icon_name ("go-next-symbolic"));
        }
      else if (entry->kind == STP_TIMELINE_REFERRAL)
        {
          g_autoptr(StpReferral) referral = stp_store_get_referral (self->store, entry->id, NULL);
          g_autofree char *reported = NULL;

          /* A referral row takes the laser sessions the client reports. */
          self->last_referral_id = entry->id;
          g_free (self->last_referral_clinic);
          self->last_referral_clinic = g_strdup (referral != NULL ? referral->clinic : "");
          if (referral != NULL)
            {
              reported = g_strdup_printf (ngettext ("%s · %u laser session reported",
                                                    "%s · %u laser sessions reported",
                                                    referral->laser_sessions->len),
                                          subtitle, referral->laser_sessions->len);
              adw_action_row_set_subtitle (ADW_ACTION_ROW (row), reported);
            }
          g_object_set_data (G_OBJECT (row), "referral-id",
                             GSIZE_TO_POINTER ((gsize)entry->id));
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          gtk_widget_set_tooltip_text (row, _("Record a laser session the client reports"));
          g_signal_connect (row, "activated", G_CALLBACK (report_laser_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     gtk_image_new_from_icon_name ("list-add-symbolic"));
        }

      /* Only records with a page of their own open one; the others are shown, not faked. */
      if (entry->kind == STP_TIMELINE_CONSULTATION)
        action = "win.open-consultation";
      else if (entry->kind == STP_TIMELINE_SESSION)
        action = "win.open-session";
      else if (entry->kind == STP_TIMELINE_SKETCH && window_has_action (self, "open-sketch"))
        action = "win.open-sketch";
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
  GtkWidget   *revision;   /* switch: a revision after the newest laser referral */
  GtkWidget   *sketch;     /* combo: the revision's new sketch version */
  gint64       consultation_id;
} PlanDialog;

static void
show_error (StpTimeline  *self,
            const char   *heading,
            const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

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
        show_error (data->self, _("The plan could not be started"), error);
      else if (data->revision != NULL &&
               gtk_switch_get_active (GTK_SWITCH (data->revision)))
        {
          guint sketch = adw_combo_row_get_selected (ADW_COMBO_ROW (data->sketch));
          gint64 sketch_id = sketch > 0 && sketch <= data->self->sketch_ids->len
                             ? g_array_index (data->self->sketch_ids, gint64, sketch - 1) : 0;

          if (!stp_store_link_revision (data->self->store, plan->id,
                                        data->self->last_referral_id, sketch_id, &error))
            show_error (data->self, _("The plan could not be linked to the referral"), error);
        }
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
  if (self->last_referral_id != 0)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkStringList *names = gtk_string_list_new (NULL);
      g_autofree char *title = g_strdup_printf (_("Revision after laser removal at %s"),
                                                self->last_referral_clinic);

      /* The revision's plan and its new sketch follow from the referral. */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      data->revision = gtk_switch_new ();
      gtk_widget_set_valign (data->revision, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (data->revision),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), data->revision);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), data->revision);
      gtk_list_box_append (GTK_LIST_BOX (list), row);

      gtk_string_list_append (names, _("None yet"));
      for (guint i = 0; i < self->sketch_names->len; i++)
        gtk_string_list_append (names, self->sketch_names->pdata[i]);
      data->sketch = adw_combo_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (data->sketch),
                                     _("New Sketch Version"));
      adw_combo_row_set_model (ADW_COMBO_ROW (data->sketch), G_LIST_MODEL (names));
      adw_combo_row_set_selected (ADW_COMBO_ROW (data->sketch), self->sketch_names->len);
      g_object_unref (names);
      g_object_bind_property (data->revision, "active", data->sketch, "sensitive",
                              G_BINDING_SYNC_CREATE);
      gtk_list_box_append (GTK_LIST_BOX (list), data->sketch);
    }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "start", _("_Start Plan"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "start",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "start");
  g_signal_connect (dialog, "response", G_CALLBACK (plan_dialog_response_cb), data);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Laser removal: the referral, and the laser sessions the client reports */

static GtkWidget *
dialog_entry_row (GtkWidget  *list,
                  const char *title,
                  const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (row), text);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return row;
}

static GtkWidget *
boxed_list (void)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  return list;
}

static char *
today_local (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *iso = g_date_time_format (now, "%Y-%m-%d");

  return stp_date_format_local (iso);
}

/* The typed date as ISO, or NULL when it is not a date (the store then says so). */
static char *
typed_date (GtkWidget *row)
{
  GDate date;

  if (!stp_date_parse (gtk_editable_get_text (GTK_EDITABLE (row)), &date))
    return NULL;
  return stp_date_to_iso (&date);
}

static void
referral_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      StpTimeline      *self)
{
  g_autoptr(StpReferral) referral = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget **rows = g_object_get_data (G_OBJECT (dialog), "rows");

  if (g_strcmp0 (response, "refer") == 0)
    {
      referral = stp_referral_new ();
      referral->client_id = self->client_id;
      g_free (referral->clinic);
      referral->clinic = g_strdup (gtk_editable_get_text (GTK_EDITABLE (rows[0])));
      referral->referred_on = typed_date (rows[1]);
      g_free (referral->reason);
      referral->reason = g_strdup (gtk_editable_get_text (GTK_EDITABLE (rows[2])));
      for (guint i = 0; i < STP_N_AREAS; i++)
        if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (rows[3 + i])))
          referral->areas |= 1u << i;
      if (stp_store_create_referral (self->store, referral, &error) == 0)
        show_error (self, _("The referral could not be recorded"), error);
    }
  g_object_unref (self);
}

static void
refer_clicked_cb (StpTimeline *self)
{
  GtkWidget **rows = g_new0 (GtkWidget *, 3 + STP_N_AREAS);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *list = boxed_list ();
  GtkWidget *flow = gtk_flow_box_new ();
  g_autofree char *today = today_local ();
  GtkWidget *dialog;

  rows[0] = dialog_entry_row (list, _("Laser Clinic"), NULL);
  rows[1] = dialog_entry_row (list, _("Referred On"), today);
  rows[2] = dialog_entry_row (list, _("Reason"), NULL);
  gtk_box_append (GTK_BOX (box), list);
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 4);
  for (guint i = 0; i < STP_N_AREAS; i++)
    {
      rows[3 + i] = gtk_toggle_button_new_with_label (stp_area_get_label (i));
      gtk_flow_box_append (GTK_FLOW_BOX (flow), rows[3 + i]);
    }
  gtk_box_append (GTK_BOX (box), flow);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Refer for Laser Removal"),
                                   _("Which clinic, when, why, and the areas to remove. The "
                                     "laser sessions the client reports are added to the "
                                     "referral in the timeline."));
  g_object_set_data_full (G_OBJECT (dialog), "rows", rows, g_free);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "refer", _("_Record Referral"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "refer",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (referral_response_cb),
                    g_object_ref (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
laser_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   StpTimeline      *self)
{
  GtkWidget **rows = g_object_get_data (G_OBJECT (dialog), "rows");
  gint64 referral_id = (gint64)GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog),
                                                                    "referral-id"));
  g_autofree char *done_on = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "report") == 0)
    {
      done_on = typed_date (rows[0]);
      if (stp_store_report_laser_session (self->store, referral_id, done_on,
                                          gtk_editable_get_text (GTK_EDITABLE (rows[1])),
                                          &error) == 0)
        show_error (self, _("The laser session could not be recorded"), error);
    }
  g_object_unref (self);
}

static void
report_laser_cb (AdwActionRow *row,
                 StpTimeline  *self)
{
  GtkWidget **rows = g_new0 (GtkWidget *, 2);
  GtkWidget *list = boxed_list ();
  g_autofree char *today = today_local ();
  GtkWidget *dialog;

  rows[0] = dialog_entry_row (list, _("Date of the Laser Session"), today);
  rows[1] = dialog_entry_row (list, _("Notes"), NULL);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Report a Laser Session"),
                                   _("A laser session the client had at the clinic they were "
                                     "referred to."));
  g_object_set_data_full (G_OBJECT (dialog), "rows", rows, g_free);
  g_object_set_data (G_OBJECT (dialog), "referral-id",
                     g_object_get_data (G_OBJECT (row), "referral-id"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "report", _("_Record"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "report",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (laser_response_cb), g_object_ref (self));
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
  g_clear_pointer (&self->history_rows, g_ptr_array_unref);
  g_clear_pointer (&self->progress_text, g_free);
  g_clear_pointer (&self->last_referral_clinic, g_free);
  g_clear_pointer (&self->sketch_ids, g_array_unref);
  g_clear_pointer (&self->sketch_names, g_ptr_array_unref);

  G_OBJECT_CLASS (stp_timeline_parent_class)->dispose (object);
}

/* Whether sketch rows open depends on the window the timeline is in. */
static void
root_changed_cb (StpTimeline *self)
{
  if (self->client_id != 0 && self->reload_source == 0)
    self->reload_source = g_idle_add (reload_idle_cb, self);
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
  self->history_rows = g_ptr_array_new ();
  self->sketch_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->sketch_names = g_ptr_array_new_with_free_func (g_free);
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

  self->history_row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->history_row),
                                 _("Pigment History"));
  adw_expander_row_add_prefix (self->history_row,
                               gtk_image_new_from_icon_name ("color-select-symbolic"));
  gtk_widget_set_visible (GTK_WIDGET (self->history_row), FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->history_row));

  self->referral_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->referral_row), _("Laser Removal"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->referral_row),
                               _("Refer the client to a laser clinic before a revision"));
  adw_action_row_add_prefix (ADW_ACTION_ROW (self->referral_row),
                             gtk_image_new_from_icon_name ("mail-forward-symbolic"));
  {
    GtkWidget *refer = gtk_button_new_with_mnemonic (_("_Refer…"));

    gtk_widget_set_valign (refer, GTK_ALIGN_CENTER);
    g_signal_connect_swapped (refer, "clicked", G_CALLBACK (refer_clicked_cb), self);
    adw_action_row_add_suffix (ADW_ACTION_ROW (self->referral_row), refer);
  }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->referral_row);

  self->empty_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->empty_row),
                                 _("No consultations, sessions or photos yet"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->empty_row);

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_signal_connect (self, "notify::root", G_CALLBACK (root_changed_cb), NULL);
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
