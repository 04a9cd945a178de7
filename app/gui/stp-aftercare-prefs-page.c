/* stp-aftercare-prefs-page.c: Preferences for aftercare: the background switch, opening
 * hours per weekday with closed days, and the protocol editor for administrators.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "stp-aftercare-prefs"

#include "stp-aftercare-prefs-page.h"

#include <glib/gi18n.h>

typedef struct
{
  GtkSwitch *open;
  GtkEntry  *opens;
  GtkEntry  *closes;
} DayRow;

/* The widgets of one step in the protocol editor. */
typedef struct
{
  GtkWidget     *row;
  GtkEditable   *title;
  GtkDropDown   *kind;
  GtkDropDown   *channel;
  GtkSpinButton *days;
  GtkSpinButton *hours;
  GtkCheckButton *spacing;
  GtkSpinButton *repeat;
  GtkTextBuffer *message;
} StepRow;

typedef struct
{
  StpAftercarePrefsPage *page;
  StpProtocol           *protocol;  /* services and id; steps come from the rows */
  AdwExpanderRow        *expander;
  GtkListBox            *steps_box;
  GPtrArray             *steps;     /* StepRow */
  GPtrArray             *services;  /* GtkCheckButton, "service" data */
  GtkLabel              *error;
} Editor;

struct _StpAftercarePrefsPage
{
  AdwPreferencesPage  parent_instance;

  StpStore           *store;
  GSettings          *settings;
  DayRow              days[8];
  AdwPreferencesGroup *closed_group;
  AdwEntryRow        *closed_entry;
  GPtrArray          *closed_rows;
  StpOpeningHours    *hours;
  AdwPreferencesGroup *protocol_group;
  GPtrArray          *editors;      /* Editor */
  GPtrArray          *protocol_rows;
  guint               reload_id;
};

G_DEFINE_FINAL_TYPE (StpAftercarePrefsPage, stp_aftercare_prefs_page, ADW_TYPE_PREFERENCES_PAGE)

static void load_protocols (StpAftercarePrefsPage *self);
static void load_closed_days (StpAftercarePrefsPage *self);

static void
toast (StpAftercarePrefsPage *self,
       const char            *message)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_PREFERENCES_WINDOW);

  if (window != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window), adw_toast_new (message));
}

static const char *
weekday_label (guint day)
{
  static const char * const names[] = {
    NULL, N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
    N_("Saturday"), N_("Sunday"),
  };
  return _(names[day]);
}

/* Opening hours */

static void
save_hours_cb (GtkButton             *button,
               StpAftercarePrefsPage *self)
{
  g_autoptr(StpOpeningHours) hours = stp_opening_hours_copy (self->hours);
  g_autoptr(GError) error = NULL;
  guint moved = 0;

  for (guint d = 1; d <= 7; d++)
    {
      DayRow *row = &self->days[d];

      hours->days[d].open = gtk_switch_get_active (row->open);
      if (!hours->days[d].open)
        continue;
      if (!stp_parse_minute_of_day (gtk_editable_get_text (GTK_EDITABLE (row->opens)),
                                    &hours->days[d].opens_minute) ||
          !stp_parse_minute_of_day (gtk_editable_get_text (GTK_EDITABLE (row->closes)),
                                    &hours->days[d].closes_minute))
        {
          g_autofree char *message =
            g_strdup_printf (_("Write the times on %s as HH:MM, such as 09:00."),
                             weekday_label (d));
          toast (self, message);
          return;
        }
    }
  if (!stp_store_set_opening_hours (self->store, hours, &moved, &error))
    {
      toast (self, error->message);
      return;
    }
  stp_opening_hours_free (self->hours);
  self->hours = g_steal_pointer (&hours);
  if (moved == 0)
    toast (self, _("Opening hours saved. Follow-ups fall inside them."));
  else
    {
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "Opening hours saved. %u follow-up that fell outside "
                                      "them moved to the next opening time.",
                                      "Opening hours saved. %u follow-ups that fell outside "
                                      "them moved to the next opening time.", moved),
                         moved);
      toast (self, message);
    }
}

static void
closed_remove_cb (GtkButton             *button,
                  StpAftercarePrefsPage *self)
{
  const char *day = g_object_get_data (G_OBJECT (button), "day");
  g_autoptr(StpOpeningHours) hours = stp_opening_hours_copy (self->hours);
  g_autoptr(GError) error = NULL;

  stp_opening_hours_set_closed_day (hours, day, FALSE);
  if (!stp_store_set_opening_hours (self->store, hours, NULL, &error))
    {
      toast (self, error->message);
      return;
    }
  stp_opening_hours_free (self->hours);
  self->hours = g_steal_pointer (&hours);
  load_closed_days (self);
}

static void
closed_add_cb (AdwEntryRow           *entry,
               StpAftercarePrefsPage *self)
{
  g_autofree char *day = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  g_autoptr(StpOpeningHours) hours = stp_opening_hours_copy (self->hours);
  g_autoptr(GError) error = NULL;
  guint moved = 0;

  if (!stp_opening_hours_set_closed_day (hours, day, TRUE))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a date. Write closed days "
                                                    "as YYYY-MM-DD, such as 2026-12-25."),
                                                  day);
      toast (self, message);
      return;
    }
  if (!stp_store_set_opening_hours (self->store, hours, &moved, &error))
    {
      toast (self, error->message);
      return;
    }
  stp_opening_hours_free (self->hours);
  self->hours = g_steal_pointer (&hours);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  load_closed_days (self);
  if (moved > 0)
    {
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "Closed on %s: %u follow-up moved to the next "
                                      "opening time.",
                                      "Closed on %s: %u follow-ups moved to the next "
                                      "opening time.", moved),
                         day, moved);
      toast (self, message);
    }
}

static void
load_closed_days (StpAftercarePrefsPage *self)
{
  for (guint i = 0; i < self->closed_rows->len; i++)
    adw_preferences_group_remove (self->closed_group, g_ptr_array_index (self->closed_rows, i));
  g_ptr_array_set_size (self->closed_rows, 0);

  for (guint i = 0; i < self->hours->closed_days->len; i++)
    {
      const char *day = g_ptr_array_index (self->hours->closed_days, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *label = stp_date_format_local (day);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label != NULL ? label : day);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Open again on this day"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Remove closed day"), -1);
      g_object_set_data_full (G_OBJECT (remove), "day", g_strdup (day), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (closed_remove_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_preferences_group_add (self->closed_group, row);
      g_ptr_array_add (self->closed_rows, row);
    }
}

static GtkWidget *
time_entry (guint minute,
            const char *label)
{
  GtkWidget *entry = gtk_entry_new ();
  g_autofree char *text = stp_format_minute_of_day (minute);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 5);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), 5);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  return entry;
}

static void
build_hours (StpAftercarePrefsPage *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save"));
  g_autoptr(GError) error = NULL;

  self->hours = stp_store_get_opening_hours (self->store, &error);
  if (self->hours == NULL)
    self->hours = stp_opening_hours_new_default ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Opening Hours"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Follow-ups fall due inside these hours; one "
                                           "that would fall on a closed day moves to the "
                                           "next opening."));
  gtk_widget_add_css_class (save, "flat");
  gtk_widget_set_valign (save, GTK_ALIGN_CENTER);
  g_signal_connect (save, "clicked", G_CALLBACK (save_hours_cb), self);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), save);

  for (guint d = 1; d <= 7; d++)
    {
      const StpOpeningDay *day = &self->hours->days[d];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *toggle = gtk_switch_new ();
      GtkWidget *opens = time_entry (day->open ? day->opens_minute : 9 * 60, _("Opens at"));
      GtkWidget *closes = time_entry (day->open ? day->closes_minute : 18 * 60, _("Closes at"));
      GtkWidget *dash = gtk_label_new ("–");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), weekday_label (d));
      gtk_switch_set_active (GTK_SWITCH (toggle), day->open);
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Open"), -1);
      g_object_bind_property (toggle, "active", opens, "sensitive", G_BINDING_SYNC_CREATE);
      g_object_bind_property (toggle, "active", closes, "sensitive", G_BINDING_SYNC_CREATE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), opens);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), dash);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), closes);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      self->days[d] = (DayRow) { GTK_SWITCH (toggle), GTK_ENTRY (opens), GTK_ENTRY (closes) };
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), ADW_PREFERENCES_GROUP (group));

  self->closed_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->closed_group, _("Closed Days"));
  self->closed_entry = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->closed_entry),
                                 _("Add a closed day (YYYY-MM-DD)"));
  adw_entry_row_set_show_apply_button (self->closed_entry, TRUE);
  g_signal_connect (self->closed_entry, "apply", G_CALLBACK (closed_add_cb), self);
  adw_preferences_group_add (self->closed_group, GTK_WIDGET (self->closed_entry));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), self->closed_group);
  load_closed_days (self);
}

/* Protocols */

static GtkWidget *
labelled_spin (const char *text,
               double      max,
               guint       value,
               GtkSpinButton **out)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (text);
  GtkWidget *spin = gtk_spin_button_new_with_range (0, max, 1);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), spin);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), spin);
  *out = GTK_SPIN_BUTTON (spin);
  return box;
}

static void
remove_step_cb (GtkButton *button,
                Editor    *editor)
{
  StepRow *step = g_object_get_data (G_OBJECT (button), "step");

  gtk_list_box_remove (editor->steps_box, step->row);
  g_ptr_array_remove (editor->steps, step);
}

static void
add_step_row (Editor                *editor,
              const StpProtocolStep *s)
{
  StepRow *step = g_new0 (StepRow, 1);
  GtkWidget *grid = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *timing = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *title = gtk_entry_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  GtkWidget *spacing = gtk_check_button_new_with_mnemonic (_("_Plan spacing"));
  GtkWidget *message = gtk_text_view_new ();
  GtkWidget *frame = gtk_frame_new (NULL);
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) channels = gtk_string_list_new (NULL);

  for (guint k = 0; k < STP_FOLLOWUP_N_KINDS; k++)
    gtk_string_list_append (kinds, stp_followup_kind_get_label (k));
  for (guint c = 0; c < STP_N_CHANNELS; c++)
    gtk_string_list_append (channels, stp_channel_get_label (c));

  step->title = GTK_EDITABLE (title);
  gtk_editable_set_text (step->title, s->title);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (title), _("What to do, such as “Day 4 check-in”"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Step title"), -1);
  step->kind = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (kinds)), NULL));
  gtk_drop_down_set_selected (step->kind, s->kind);
  step->channel = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (channels)),
                                                    NULL));
  gtk_drop_down_set_selected (step->channel, s->channel);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove this step"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove this step"), -1);
  g_object_set_data (G_OBJECT (remove), "step", step);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_step_cb), editor);
  gtk_box_append (GTK_BOX (top), title);
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (step->kind));
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (step->channel));
  gtk_box_append (GTK_BOX (top), remove);

  gtk_box_append (GTK_BOX (timing), labelled_spin (_("_Day"), STP_PROTOCOL_OFFSET_MAX,
                                                   s->offset_days, &step->days));
  gtk_box_append (GTK_BOX (timing), labelled_spin (_("+ _hours"), 23, s->offset_hours,
                                                   &step->hours));
  step->spacing = GTK_CHECK_BUTTON (spacing);
  gtk_check_button_set_active (step->spacing, s->use_plan_spacing);
  gtk_widget_set_tooltip_text (spacing, _("Due after the plan's spacing between sessions "
                                          "instead of the day, while the plan has sessions "
                                          "left"));
  gtk_box_append (GTK_BOX (timing), spacing);
  gtk_box_append (GTK_BOX (timing), labelled_spin (_("_Repeat every (days)"),
                                                   STP_PROTOCOL_OFFSET_MAX, s->repeat_days,
                                                   &step->repeat));

  step->message = gtk_text_view_get_buffer (GTK_TEXT_VIEW (message));
  gtk_text_buffer_set_text (step->message, s->message, -1);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (message), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (message), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (message), 6);
  gtk_widget_set_size_request (message, -1, 60);
  gtk_accessible_update_property (GTK_ACCESSIBLE (message), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Message to the client"), -1);
  gtk_frame_set_child (GTK_FRAME (frame), message);

  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 12);
  gtk_widget_set_margin_top (grid, 8);
  gtk_widget_set_margin_bottom (grid, 8);
  gtk_box_append (GTK_BOX (grid), top);
  gtk_box_append (GTK_BOX (grid), timing);
  gtk_box_append (GTK_BOX (grid), frame);
  step->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (step->row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (step->row), grid);
  gtk_list_box_append (editor->steps_box, step->row);
  g_ptr_array_add (editor->steps, step);
}

static void
add_step_cb (GtkButton *button,
             Editor    *editor)
{
  g_autoptr(StpProtocolStep) step = stp_protocol_step_new ();

  add_step_row (editor, step);
}

static void
save_protocol_cb (GtkButton *button,
                  Editor    *editor)
{
  StpAftercarePrefsPage *self = editor->page;
  g_autoptr(StpProtocol) protocol = stp_protocol_copy (editor->protocol);
  g_autoptr(GError) error = NULL;

  g_ptr_array_set_size (protocol->services, 0);
  for (guint i = 0; i < editor->services->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (editor->services, i);

      if (gtk_check_button_get_active (check))
        g_ptr_array_add (protocol->services,
                         g_strdup (g_object_get_data (G_OBJECT (check), "service")));
    }
  g_ptr_array_set_size (protocol->steps, 0);
  for (guint i = 0; i < editor->steps->len; i++)
    {
      StepRow *row = g_ptr_array_index (editor->steps, i);
      StpProtocolStep *s = stp_protocol_step_new ();
      GtkTextIter start, end;

      g_free (s->title);
      s->title = g_strdup (gtk_editable_get_text (row->title));
      s->kind = gtk_drop_down_get_selected (row->kind);
      s->channel = gtk_drop_down_get_selected (row->channel);
      s->offset_days = gtk_spin_button_get_value_as_int (row->days);
      s->offset_hours = gtk_spin_button_get_value_as_int (row->hours);
      s->use_plan_spacing = gtk_check_button_get_active (row->spacing);
      s->repeat_days = gtk_spin_button_get_value_as_int (row->repeat);
      gtk_text_buffer_get_bounds (row->message, &start, &end);
      g_free (s->message);
      s->message = gtk_text_buffer_get_text (row->message, &start, &end, FALSE);
      g_ptr_array_add (protocol->steps, s);
    }

  gtk_widget_set_visible (GTK_WIDGET (editor->error), FALSE);
  if (stp_store_save_protocol (self->store, protocol, &error) == 0)
    {
      gtk_label_set_text (editor->error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (editor->error), TRUE);
      return;
    }
  /* The list is rebuilt from the store once this handler has returned. */
  toast (self, _("Protocol saved. Sessions logged from now on follow it."));
}

static void
editor_free (Editor *editor)
{
  stp_protocol_free (editor->protocol);
  g_ptr_array_unref (editor->steps);
  g_ptr_array_unref (editor->services);
  g_free (editor);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  StpAftercarePrefsPage *self = g_object_get_data (G_OBJECT (dialog), "page");
  gint64 id = GPOINTER_TO_SIZE (user_data);
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "remove") != 0 || self == NULL)
    return;
  if (!stp_store_delete_protocol (self->store, id, &error))
    toast (self, error->message);
  else
    toast (self, _("Protocol removed. Follow-ups already scheduled stay."));
}

static void
delete_protocol_cb (GtkButton *button,
                    Editor    *editor)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (editor->page), GTK_TYPE_WINDOW);
  g_autofree char *heading = g_strdup_printf (_("Remove “%s”?"), editor->protocol->name);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (window), heading,
                                              _("Its services get no follow-ups until another "
                                                "protocol takes them. Follow-ups already "
                                                "scheduled stay."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "page", editor->page);
  g_signal_connect (dialog, "response", G_CALLBACK (delete_response_cb),
                    GSIZE_TO_POINTER ((gsize)editor->protocol->id));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The services a protocol covers, as check buttons. */
static GtkWidget *
build_services (Editor *editor)
{
  GtkWidget *flow = gtk_flow_box_new ();
  const char *services[STP_SESSION_N_KINDS + 1];
  guint n = 0;

  for (guint k = 0; k < STP_SESSION_N_KINDS; k++)
    services[n++] = stp_session_kind_to_string (k);
  services[n++] = STP_SERVICE_LASER_REFERRAL;

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 4);
  for (guint i = 0; i < n; i++)
    {
      StpSessionKind kind;
      const char *label = stp_session_kind_from_string (services[i], &kind)
                          ? stp_session_kind_get_label (kind) : _("Laser removal referral");
      GtkWidget *check = gtk_check_button_new_with_label (label);
      gboolean active = FALSE;

      for (guint j = 0; j < editor->protocol->services->len; j++)
        active |= g_strcmp0 (g_ptr_array_index (editor->protocol->services, j),
                             services[i]) == 0;
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
      g_object_set_data (G_OBJECT (check), "service", (gpointer)services[i]);
      gtk_flow_box_append (GTK_FLOW_BOX (flow), check);
      g_ptr_array_add (editor->services, check);
    }
  return flow;
}

static void
new_protocol_cb (AdwEntryRow           *entry,
                 StpAftercarePrefsPage *self)
{
  g_autoptr(StpProtocol) protocol = stp_protocol_new ();
  g_autoptr(StpProtocolStep) step = stp_protocol_step_new ();
  g_autoptr(GError) error = NULL;

  g_free (protocol->name);
  protocol->name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));
  /* A first step to edit: a call the day after. */
  g_free (step->title);
  step->title = g_strdup (_("Day 1 check-in"));
  step->offset_days = 1;
  g_ptr_array_add (protocol->steps, stp_protocol_step_copy (step));
  if (stp_store_save_protocol (self->store, protocol, &error) == 0)
    {
      toast (self, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  toast (self, _("Protocol added. Choose its services and edit its steps."));
}

static char *
services_text (const StpProtocol *protocol)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < protocol->services->len; i++)
    {
      const char *service = g_ptr_array_index (protocol->services, i);
      StpSessionKind kind;

      if (i > 0)
        g_string_append (text, ", ");
      if (stp_session_kind_from_string (service, &kind))
        g_string_append (text, stp_session_kind_get_label (kind));
      else
        g_string_append (text, _("Laser removal referral"));
    }
  if (text->len == 0)
    g_string_append (text, _("Not used by any service"));
  return g_string_free (text, FALSE);
}

static void
load_protocols (StpAftercarePrefsPage *self)
{
  g_autoptr(GPtrArray) protocols = NULL;
  g_autoptr(GError) error = NULL;
  gboolean admin = stp_store_actor_has_role (self->store, STP_STAFF_ROLE_ADMIN);

  for (guint i = 0; i < self->protocol_rows->len; i++)
    adw_preferences_group_remove (self->protocol_group,
                                  g_ptr_array_index (self->protocol_rows, i));
  g_ptr_array_set_size (self->protocol_rows, 0);
  g_ptr_array_set_size (self->editors, 0);

  adw_preferences_group_set_description (self->protocol_group,
                                         admin ? _("Steps each service’s sessions schedule. "
                                                   "Follow-ups already scheduled keep their "
                                                   "words and times.")
                                               : _("Only an administrator can change the "
                                                   "protocols. Choose an administrator in "
                                                   "the header bar first."));
  protocols = stp_store_list_protocols (self->store, &error);
  if (protocols == NULL)
    {
      toast (self, error->message);
      return;
    }
  for (guint i = 0; i < protocols->len; i++)
    {
      Editor *editor = g_new0 (Editor, 1);
      GtkWidget *expander = adw_expander_row_new ();
      GtkWidget *list = gtk_list_box_new ();
      GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Step"));
      GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save Protocol"));
      GtkWidget *remove = gtk_button_new_with_mnemonic (_("_Remove Protocol…"));
      GtkWidget *services_label = gtk_label_new (_("Services that follow this protocol"));
      GtkWidget *error_label = gtk_label_new (NULL);
      GtkWidget *body = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      g_autofree char *services = NULL;

      editor->page = self;
      editor->protocol = stp_protocol_copy (g_ptr_array_index (protocols, i));
      editor->steps = g_ptr_array_new_with_free_func (g_free);
      editor->services = g_ptr_array_new ();
      editor->expander = ADW_EXPANDER_ROW (expander);
      editor->steps_box = GTK_LIST_BOX (list);
      editor->error = GTK_LABEL (error_label);
      g_ptr_array_add (self->editors, editor);

      services = services_text (editor->protocol);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), editor->protocol->name);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), services);
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      for (guint s = 0; s < editor->protocol->steps->len; s++)
        add_step_row (editor, g_ptr_array_index (editor->protocol->steps, s));

      gtk_widget_add_css_class (error_label, "error");
      gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (error_label), 0);
      gtk_widget_set_visible (error_label, FALSE);
      gtk_widget_add_css_class (save, "suggested-action");
      g_signal_connect (add, "clicked", G_CALLBACK (add_step_cb), editor);
      g_signal_connect (save, "clicked", G_CALLBACK (save_protocol_cb), editor);
      gtk_widget_add_css_class (remove, "destructive-action");
      g_signal_connect (remove, "clicked", G_CALLBACK (delete_protocol_cb), editor);
      gtk_widget_set_halign (buttons, GTK_ALIGN_END);
      gtk_box_append (GTK_BOX (buttons), remove);
      gtk_box_append (GTK_BOX (buttons), add);
      gtk_box_append (GTK_BOX (buttons), save);
      gtk_widget_set_margin_start (body, 12);
      gtk_widget_set_margin_end (body, 12);
      gtk_widget_set_margin_top (body, 6);
      gtk_widget_set_margin_bottom (body, 12);
      gtk_label_set_xalign (GTK_LABEL (services_label), 0);
      gtk_widget_add_css_class (services_label, "heading");
      gtk_box_append (GTK_BOX (body), services_label);
      gtk_box_append (GTK_BOX (body), build_services (editor));
      gtk_box_append (GTK_BOX (body), list);
      gtk_box_append (GTK_BOX (body), error_label);
      gtk_box_append (GTK_BOX (body), buttons);
      gtk_widget_set_sensitive (body, admin);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), body);
      adw_preferences_group_add (self->protocol_group, expander);
      g_ptr_array_add (self->protocol_rows, expander);
    }

  if (admin)
    {
      GtkWidget *entry = adw_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _("New protocol name"));
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (entry), TRUE);
      g_signal_connect (entry, "apply", G_CALLBACK (new_protocol_cb), self);
      adw_preferences_group_add (self->protocol_group, entry);
      g_ptr_array_add (self->protocol_rows, entry);
    }
}

static gboolean
reload_cb (gpointer user_data)
{
  StpAftercarePrefsPage *self = user_data;

  self->reload_id = 0;
  load_protocols (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (StpStore              *store,
                  int                    entity,
                  gint64                 id,
                  int                    kind,
                  StpAftercarePrefsPage *self)
{
  /* Rebuilt from the main loop, never under the button whose save caused the change.
   * A new person at the workstation may or may not be an administrator. */
  if ((entity == STP_ENTITY_PROTOCOL || entity == STP_ENTITY_STAFF) && self->reload_id == 0)
    self->reload_id = g_idle_add (reload_cb, self);
}

static void
stp_aftercare_prefs_page_dispose (GObject *object)
{
  StpAftercarePrefsPage *self = STP_AFTERCARE_PREFS_PAGE (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->hours, stp_opening_hours_free);
  g_clear_pointer (&self->editors, g_ptr_array_unref);
  g_clear_pointer (&self->protocol_rows, g_ptr_array_unref);
  g_clear_pointer (&self->closed_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (stp_aftercare_prefs_page_parent_class)->dispose (object);
}

static void
stp_aftercare_prefs_page_class_init (StpAftercarePrefsPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = stp_aftercare_prefs_page_dispose;
}

static void
stp_aftercare_prefs_page_init (StpAftercarePrefsPage *self)
{
  self->editors = g_ptr_array_new_with_free_func ((GDestroyNotify)editor_free);
  self->protocol_rows = g_ptr_array_new ();
  self->closed_rows = g_ptr_array_new ();
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _("Aftercare"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "alarm-symbolic");
}

StpAftercarePrefsPage *
stp_aftercare_prefs_page_new (StpStore  *store,
                              GSettings *settings)
{
  StpAftercarePrefsPage *self;

  g_return_val_if_fail (STP_IS_STORE (store), NULL);

  self = g_object_new (STP_TYPE_AFTERCARE_PREFS_PAGE, NULL);
  self->store = g_object_ref (store);
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;

  if (settings != NULL)
    {
      GtkWidget *group = adw_preferences_group_new ();
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *toggle = gtk_switch_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Reminders"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("Keep running in the background for reminders"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Stipple starts when you log in and keeps running "
                                     "after its window is closed, so follow-ups appear "
                                     "on the desktop when they fall due."));
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      g_settings_bind (settings, "run-in-background", toggle, "active",
                       G_SETTINGS_BIND_DEFAULT);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), ADW_PREFERENCES_GROUP (group));
    }

  build_hours (self);

  self->protocol_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->protocol_group, _("Protocols"));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), self->protocol_group);
  load_protocols (self);
  g_signal_connect (store, "changed", G_CALLBACK (store_changed_cb), self);
  return self;
}
