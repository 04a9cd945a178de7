/* stp-followups-page.c: the front desk's follow-up queue.
 *
 * Sections Overdue, Today and Upcoming; each row names the client and the reason, with
 * how to reach them and the last outcome, and opens to the aftercare text to read out or
 * copy. Every button is an action of the page ("followups.*", the follow-up's id as
 * target), so the keyboard and the tests use the same paths as the pointer.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "stp-followups-page"

#include "stp-followups-page.h"

#include <glib/gi18n.h>

/* Upcoming lists this many; the rest are in the count. */
#define UPCOMING_LIMIT 100

struct _StpFollowupsPage
{
  GtkBox             parent_instance;

  StpStore          *store;
  StpFollowupCounts  counts;
  GArray            *ids;
  GHashTable        *selected;    /* gint64 * set */
  GHashTable        *messages;    /* gint64 * -> char * aftercare text */
  GHashTable        *clients;     /* gint64 * -> gint64 * client id */
  GArray            *staff_ids;   /* gint64, index 0 is "all" */
  guint              reload_id;
  guint              minute_id;   /* while shown: what is due moves on with the clock */
  AdwMessageDialog  *dialog;

  GtkDropDown       *kind_filter;
  GtkDropDown       *staff_filter;
  GtkWidget         *sections;
  GtkWidget         *status;
  GtkWidget         *stack;
  GtkWidget         *action_bar;
  GtkLabel          *selection_label;
};

G_DEFINE_FINAL_TYPE (StpFollowupsPage, stp_followups_page, GTK_TYPE_BOX)

enum
{
  SIGNAL_OPEN_CLIENT,
  SIGNAL_COUNTS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gint64 *
dup_id (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

static void
toast (StpFollowupsPage *self,
       const char       *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else
    g_message ("%s", message);
}

static void
toast_error (StpFollowupsPage *self,
             GError           *error)
{
  toast (self, error->message);
}

static char *
format_when (gint64 t,
             gint64 now)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (t);
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_local (now);

  if (g_date_time_get_year (when) == g_date_time_get_year (today) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (today))
    {
      g_autofree char *time = g_date_time_format (when, "%H:%M");
      return g_strdup_printf (_("Today %s"), time);
    }
  return g_date_time_format (when, "%a %-e %b %Y %H:%M");
}

/* Rows */

static GMenuModel *
row_menu (const StpFollowup *f)
{
  GMenu *menu = g_menu_new ();
  GMenu *snooze = g_menu_new ();
  GMenu *other = g_menu_new ();
  struct { GMenu *m; const char *label; const char *action; } items[] = {
    { snooze, N_("Snooze 1 _Hour"), "followups.snooze-hour" },
    { snooze, N_("Snooze Until _Tomorrow"), "followups.snooze-tomorrow" },
    { snooze, N_("Snooze _Until…"), "followups.snooze-until" },
    { other, N_("_Reschedule…"), "followups.reschedule" },
    { other, N_("_Open Client"), "followups.open-client" },
    { other, N_("_Copy Aftercare Text"), "followups.copy" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(items[i].label), NULL);
      g_menu_item_set_action_and_target_value (item, items[i].action,
                                               g_variant_new_int64 (f->id));
      g_menu_append_item (items[i].m, item);
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (snooze));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (other));
  g_object_unref (snooze);
  g_object_unref (other);
  return G_MENU_MODEL (menu);
}

static void
check_toggled_cb (GtkCheckButton   *check,
                  StpFollowupsPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "followup-id"));

  stp_followups_page_set_selected (self, id, gtk_check_button_get_active (check));
}

static GtkWidget *
build_row (StpFollowupsPage  *self,
           const StpFollowup *f,
           gint64             now)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *done = gtk_button_new_with_mnemonic (_("_Done"));
  GtkWidget *more = gtk_menu_button_new ();
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *message = gtk_label_new (f->message);
  GtkWidget *copy = gtk_button_new_with_mnemonic (_("_Copy"));
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autoptr(GMenuModel) menu = row_menu (f);
  g_autofree char *when = format_when (f->remind_at, now);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  GString *contact = g_string_new (NULL);

  g_string_append_printf (contact, "%s · %s · %s", f->title, stp_channel_get_label (f->channel),
                          when);
  if (f->status == STP_FOLLOWUP_STATUS_SNOOZED)
    g_string_append_printf (contact, " (%s)", _("snoozed"));
  if (*f->phone != '\0')
    g_string_append_printf (contact, " · %s", f->phone);
  if (*f->email != '\0')
    g_string_append_printf (contact, " · %s", f->email);
  if (*f->last_outcome != '\0')
    g_string_append_printf (contact, "\n%s %s", _("Last outcome:"), f->last_outcome);
  title = g_markup_escape_text (*f->client_name != '\0' ? f->client_name : _("Unnamed client"),
                                -1);
  subtitle = g_markup_escape_text (contact->str, -1);
  g_string_free (contact, TRUE);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  gtk_widget_set_name (row, "followup-row");
  g_object_set_data (G_OBJECT (row), "followup-id", GSIZE_TO_POINTER ((gsize)f->id));

  g_object_set_data (G_OBJECT (check), "followup-id", GSIZE_TO_POINTER ((gsize)f->id));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                               g_hash_table_contains (self->selected, &f->id));
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Select for several at once"), -1);
  g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), check);

  gtk_widget_set_valign (done, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (done), "followups.done");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (done), g_variant_new_int64 (f->id));
  gtk_widget_set_tooltip_text (done, _("Mark done, with a note on the outcome"));
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), done);

  gtk_widget_set_valign (more, GTK_ALIGN_CENTER);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (more), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (more), menu);
  gtk_widget_add_css_class (more, "flat");
  gtk_widget_set_tooltip_text (more, _("Snooze, reschedule, open the client or copy the text"));
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), more);

  /* The aftercare text, to read out on the phone or paste into a message. */
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_label_set_selectable (GTK_LABEL (message), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (copy), "followups.copy");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (copy), g_variant_new_int64 (f->id));
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (buttons), copy);
  gtk_widget_set_margin_start (body, 12);
  gtk_widget_set_margin_end (body, 12);
  gtk_widget_set_margin_top (body, 12);
  gtk_widget_set_margin_bottom (body, 12);
  gtk_box_append (GTK_BOX (body), message);
  gtk_box_append (GTK_BOX (body), buttons);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), body);

  g_hash_table_insert (self->messages, dup_id (f->id), g_strdup (f->message));
  g_hash_table_insert (self->clients, dup_id (f->id), dup_id (f->client_id));
  g_array_append_val (self->ids, f->id);
  return row;
}

static void
add_section (StpFollowupsPage *self,
             const char       *heading,
             guint             count,
             GPtrArray        *list,
             gint64            now)
{
  GtkWidget *label;
  GtkWidget *box;
  g_autofree char *text = NULL;

  if (list->len == 0)
    return;
  text = g_strdup_printf ("%s (%u)", heading, count);
  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  box = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (box), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (box, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  heading, -1);
  for (guint i = 0; i < list->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (box), build_row (self, g_ptr_array_index (list, i), now));
  gtk_box_append (GTK_BOX (self->sections), label);
  gtk_box_append (GTK_BOX (self->sections), box);
}

static void
update_selection (StpFollowupsPage *self)
{
  guint n = g_hash_table_size (self->selected);
  g_autofree char *text = g_strdup_printf (ngettext ("%u selected", "%u selected", n), n);

  gtk_label_set_text (self->selection_label, text);
  gtk_action_bar_set_revealed (GTK_ACTION_BAR (self->action_bar), n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "followups.done-selected", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "followups.snooze-selected-hour", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "followups.snooze-selected-tomorrow",
                                 n > 0);
}

void
stp_followups_page_reload (StpFollowupsPage *self)
{
  g_autoptr(GPtrArray) overdue = NULL;
  g_autoptr(GPtrArray) today = NULL;
  g_autoptr(GPtrArray) upcoming = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) keep = NULL;
  StpFollowupFilter filter = { -1, 0 };
  GtkWidget *child;
  guint kind = gtk_drop_down_get_selected (self->kind_filter);
  guint staff = gtk_drop_down_get_selected (self->staff_filter);
  gint64 now = now_unix ();

  g_return_if_fail (STP_IS_FOLLOWUPS_PAGE (self));

  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (kind != GTK_INVALID_LIST_POSITION && kind > 0)
    filter.kind = (int)kind - 1;
  if (staff != GTK_INVALID_LIST_POSITION && staff > 0 && staff < self->staff_ids->len)
    filter.staff_id = g_array_index (self->staff_ids, gint64, staff);

  while ((child = gtk_widget_get_first_child (self->sections)) != NULL)
    gtk_box_remove (GTK_BOX (self->sections), child);
  g_array_set_size (self->ids, 0);
  g_hash_table_remove_all (self->messages);
  g_hash_table_remove_all (self->clients);

  if (!stp_store_count_followups (self->store, now, &self->counts, &error) ||
      (overdue = stp_store_list_followups (self->store, STP_FOLLOWUP_RANGE_OVERDUE, now,
                                           &filter, 0, &error)) == NULL ||
      (today = stp_store_list_followups (self->store, STP_FOLLOWUP_RANGE_TODAY, now, &filter,
                                         0, &error)) == NULL ||
      (upcoming = stp_store_list_followups (self->store, STP_FOLLOWUP_RANGE_UPCOMING, now,
                                            &filter, UPCOMING_LIMIT, &error)) == NULL)
    {
      toast_error (self, error);
      return;
    }

  add_section (self, _("Overdue"), overdue->len, overdue, now);
  add_section (self, _("Today"), today->len, today, now);
  add_section (self, _("Upcoming"), MAX (upcoming->len, filter.kind < 0 && filter.staff_id == 0
                                                        ? self->counts.upcoming : 0),
               upcoming, now);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack),
                                    self->ids->len > 0 ? "list" : "empty");

  /* A selection keeps only what is still shown. */
  keep = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < self->ids->len; i++)
    {
      gint64 id = g_array_index (self->ids, gint64, i);
      if (g_hash_table_contains (self->selected, &id))
        g_hash_table_add (keep, dup_id (id));
    }
  g_hash_table_unref (self->selected);
  self->selected = g_steal_pointer (&keep);
  update_selection (self);
  g_signal_emit (self, signals[SIGNAL_COUNTS_CHANGED], 0);
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  StpFollowupsPage *self = user_data;

  self->reload_id = 0;
  stp_followups_page_reload (self);
  return G_SOURCE_REMOVE;
}

static void
queue_reload (StpFollowupsPage *self)
{
  if (self->reload_id == 0)
    self->reload_id = g_idle_add (reload_idle_cb, self);
}

static void
store_changed_cb (StpStore         *store,
                  int               entity,
                  gint64            id,
                  int               kind,
                  StpFollowupsPage *self)
{
  if (entity == STP_ENTITY_STAFF)
    {
      /* The staff filter lists names; rebuilt with the next reload. */
      g_object_set_data (G_OBJECT (self), "staff-stale", GINT_TO_POINTER (1));
    }
  if (entity == STP_ENTITY_FOLLOWUP || entity == STP_ENTITY_SESSION ||
      entity == STP_ENTITY_CLIENT || entity == STP_ENTITY_PLAN ||
      entity == STP_ENTITY_REFERRAL || entity == STP_ENTITY_STAFF)
    queue_reload (self);
}

/* Actions */

static void
apply_result (StpFollowupsPage *self,
              gboolean          ok,
              GError           *error,
              const char       *message)
{
  if (!ok)
    toast_error (self, error);
  else if (message != NULL)
    toast (self, message);
}

static void
snooze (StpFollowupsPage *self,
        const gint64     *ids,
        guint             n,
        gint64            until)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *when = format_when (until, now_unix ());
  g_autofree char *message = g_strdup_printf (ngettext ("Snoozed until %s", "Snoozed until %s",
                                                        n), when);
  gboolean ok = stp_store_snooze_followups (self->store, ids, n, until, &error);

  apply_result (self, ok, error, message);
}

static void
snooze_hour_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *parameter)
{
  StpFollowupsPage *self = STP_FOLLOWUPS_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);

  snooze (self, &id, 1, stp_store_snooze_hour (self->store, now_unix ()));
}

static void
snooze_tomorrow_action (GtkWidget  *widget,
                        const char *name,
                        GVariant   *parameter)
{
  StpFollowupsPage *self = STP_FOLLOWUPS_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);

  snooze (self, &id, 1, stp_store_snooze_tomorrow (self->store, now_unix ()));
}

static GArray *
selected_ids (StpFollowupsPage *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* In the order shown, so the store's error (if any) names the first one. */
  for (guint i = 0; i < self->ids->len; i++)
    {
      gint64 id = g_array_index (self->ids, gint64, i);
      if (g_hash_table_contains (self->selected, &id))
        g_array_append_val (ids, id);
    }
  return ids;
}

static void
snooze_selected_hour_action (GtkWidget  *widget,
                             const char *name,
                             GVariant   *parameter)
{
  StpFollowupsPage *self = STP_FOLLOWUPS_PAGE (widget);
  g_autoptr(GArray) ids = selected_ids (self);

  g_hash_table_remove_all (self->selected);
  snooze (self, (gint64 *)ids->data, ids->len,
          stp_store_snooze_hour (self->store, now_unix ()));
}

static void
snooze_selected_tomorrow_action (GtkWidget  *widget,
                                 const char *name,
                                 GVariant   *parameter)
{
  StpFollowupsPage *self = STP_FOLLOWUPS_PAGE (widget);
  g_autoptr(GArray) ids = selected_ids (self);

  g_hash_table_remove_all (self->selected);
  snooze (self, (gint64 *)ids->data, ids->len,
          stp_store_snooze_tomorrow (self->store, now_unix ()));
}

/* The outcome dialog: Done for one follow-up or for the selection. */
static void
done_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  StpFollowupsPage *self)
{
  GArray *ids = g_object_get_data (G_OBJECT (dialog), "ids");
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autoptr(GError) error = NULL;

  if (self->dialog == dialog)
    self->dialog = NULL;
  if (g_strcmp0 (response, "done") == 0)
    {
      gboolean ok = stp_store_complete_followups (self->store, (gint64 *)ids->data, ids->len,
                                                  gtk_editable_get_text (entry), &error);
      if (ok)
        g_hash_table_remove_all (self->selected);
      apply_result (self, ok, error, ngettext ("Marked done", "Marked done", ids->len));
    }
}

static void
ask_done (StpFollowupsPage *self,
          GArray           *ids)
{
  GtkWidget *parent = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_WINDOW);
  GtkWidget *dialog;
  GtkWidget *entry = gtk_entry_new ();
  g_autofree char *heading = g_strdup_printf (ngettext ("Mark %u Follow-up Done?",
                                                        "Mark %u Follow-ups Done?", ids->len),
                                              ids->len);

  dialog = adw_message_dialog_new (GTK_WINDOW (parent), heading,
                                   _("Note how it went, for whoever calls next: healing, "
                                     "questions, the next booking."));
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Outcome (optional)"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Outcome"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "done", _("_Done"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "done",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "done");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "ids", g_array_ref (ids),
                          (GDestroyNotify)g_array_unref);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (done_response_cb), self, 0);
  self->dialog = ADW_MESSAGE_DIALOG (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
done_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 id = g_variant_get_int64 (parameter);

  g_array_append_val (ids, id);
  ask_done (STP_FOLLOWUPS_PAGE (widget), ids);
}

static void
done_selected_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *parameter)
{
  StpFollowupsPage *self = STP_FOLLOWUPS_PAGE (widget);
  g_autoptr(GArray) ids = selected_ids (self);

  if (ids->len > 0)
    ask_done (self, ids);
}

/* A date and time chooser for "Snooze until" and "Reschedule". */
static void
time_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  StpFollowupsPage *self)
{
  GtkCalendar *calendar = g_object_get_data (G_OBJECT (dialog), "calendar");
  GtkSpinButton *hour = g_object_get_data (G_OBJECT (dialog), "hour");
  GtkSpinButton *minute = g_object_get_data (G_OBJECT (dialog), "minute");
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "followup-id"));
  gboolean reschedule = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "reschedule"));
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GError) error = NULL;

  if (self->dialog == dialog)
    self->dialog = NULL;
  if (g_strcmp0 (response, "set") != 0)
    return;
  day = gtk_calendar_get_date (calendar);
  at = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                              g_date_time_get_day_of_month (day),
                              gtk_spin_button_get_value_as_int (hour),
                              gtk_spin_button_get_value_as_int (minute), 0);
  if (reschedule)
    apply_result (self, stp_store_reschedule_followups (self->store, &id, 1,
                                                        g_date_time_to_unix (at), &error),
                  error, _("Rescheduled"));
  else
    snooze (self, &id, 1, g_date_time_to_unix (at));
}

static void
ask_time (StpFollowupsPage *self,
          gint64            id,
          gboolean          reschedule)
{
  GtkWidget *parent = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_WINDOW);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *time_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *calendar = gtk_calendar_new ();
  GtkWidget *hour = gtk_spin_button_new_with_range (0, 23, 1);
  GtkWidget *minute = gtk_spin_button_new_with_range (0, 59, 5);
  g_autoptr(GDateTime) soon = g_date_time_new_from_unix_local (
    stp_store_snooze_tomorrow (self->store, now_unix ()));
  GtkWidget *dialog;

  gtk_calendar_select_day (GTK_CALENDAR (calendar), soon);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (hour), g_date_time_get_hour (soon));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (minute), g_date_time_get_minute (soon));
  gtk_spin_button_set_wrap (GTK_SPIN_BUTTON (minute), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (hour), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Hour"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (minute), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Minute"), -1);
  gtk_widget_set_halign (time_box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (time_box), hour);
  gtk_box_append (GTK_BOX (time_box), gtk_label_new (":"));
  gtk_box_append (GTK_BOX (time_box), minute);
  gtk_box_append (GTK_BOX (box), calendar);
  gtk_box_append (GTK_BOX (box), time_box);

  dialog = adw_message_dialog_new (GTK_WINDOW (parent),
                                   reschedule ? _("Reschedule Follow-up") : _("Snooze Until"),
                                   reschedule ? _("The follow-up will be due at this time.")
                                              : _("The follow-up comes back at this time."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "set", reschedule ? _("_Reschedule") : _("_Snooze"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "set",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "set");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "calendar", calendar);
  g_object_set_data (G_OBJECT (dialog), "hour", hour);
  g_object_set_data (G_OBJECT (dialog), "minute", minute);
  g_object_set_data (G_OBJECT (dialog), "followup-id", GSIZE_TO_POINTER ((gsize)id));
  g_object_set_data (G_OBJECT (dialog), "reschedule", GINT_TO_POINTER (reschedule));
  g_signal_connect_object (dialog, "response", G_CALLBACK (time_response_cb), self, 0);
  self->dialog = ADW_MESSAGE_DIALOG (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
snooze_until_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *parameter)
{
  ask_time (STP_FOLLOWUPS_PAGE (widget), g_variant_get_int64 (parameter), FALSE);
}

static void
reschedule_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *parameter)
{
  ask_time (STP_FOLLOWUPS_PAGE (widget), g_variant_get_int64 (parameter), TRUE);
}

static void
open_client_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *parameter)
{
  StpFollowupsPage *self = STP_FOLLOWUPS_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);
  gint64 *client = g_hash_table_lookup (self->clients, &id);

  if (client != NULL)
    g_signal_emit (self, signals[SIGNAL_OPEN_CLIENT], 0, *client);
}

static void
copy_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  StpFollowupsPage *self = STP_FOLLOWUPS_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);
  const char *text = g_hash_table_lookup (self->messages, &id);

  if (text == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  toast (self, _("Aftercare text copied"));
}

static void
reload_action (GtkWidget  *widget,
               const char *name,
               GVariant   *parameter)
{
  stp_followups_page_reload (STP_FOLLOWUPS_PAGE (widget));
}

/* Filters */

static void
filter_changed_cb (StpFollowupsPage *self)
{
  queue_reload (self);
}

static void
fill_staff_filter (StpFollowupsPage *self)
{
  g_autoptr(GPtrArray) staff = stp_store_list_staff (self->store, FALSE, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  gint64 all = 0;

  g_array_set_size (self->staff_ids, 0);
  g_array_append_val (self->staff_ids, all);
  gtk_string_list_append (names, _("All staff"));
  for (guint i = 0; staff != NULL && i < staff->len; i++)
    {
      StpStaff *member = g_ptr_array_index (staff, i);
      gint64 id = stp_staff_get_id (member);

      g_array_append_val (self->staff_ids, id);
      gtk_string_list_append (names, stp_staff_get_name (member));
    }
  gtk_drop_down_set_model (self->staff_filter, G_LIST_MODEL (names));
}

static gboolean
minute_cb (gpointer user_data)
{
  queue_reload (user_data);
  return G_SOURCE_CONTINUE;
}

static void
page_unmap_cb (StpFollowupsPage *self)
{
  g_clear_handle_id (&self->minute_id, g_source_remove);
}

static void
page_map_cb (StpFollowupsPage *self)
{
  if (self->minute_id == 0)
    self->minute_id = g_timeout_add_seconds (60, minute_cb, self);
  if (g_object_get_data (G_OBJECT (self), "staff-stale") != NULL)
    {
      g_object_set_data (G_OBJECT (self), "staff-stale", NULL);
      fill_staff_filter (self);
    }
  /* What is due moves on with the clock: read again whenever the page is shown. */
  stp_followups_page_reload (self);
}

/* Public */

void
stp_followups_page_get_counts (StpFollowupsPage  *self,
                               StpFollowupCounts *counts)
{
  g_return_if_fail (STP_IS_FOLLOWUPS_PAGE (self));
  *counts = self->counts;
}

GArray *
stp_followups_page_get_ids (StpFollowupsPage *self)
{
  g_return_val_if_fail (STP_IS_FOLLOWUPS_PAGE (self), NULL);
  return self->ids;
}

void
stp_followups_page_set_selected (StpFollowupsPage *self,
                                 gint64            id,
                                 gboolean          selected)
{
  g_return_if_fail (STP_IS_FOLLOWUPS_PAGE (self));

  if (selected)
    g_hash_table_add (self->selected, dup_id (id));
  else
    g_hash_table_remove (self->selected, &id);
  update_selection (self);
}

AdwMessageDialog *
stp_followups_page_get_dialog (StpFollowupsPage *self)
{
  g_return_val_if_fail (STP_IS_FOLLOWUPS_PAGE (self), NULL);
  return self->dialog;
}

/* GObject */

static void
stp_followups_page_dispose (GObject *object)
{
  StpFollowupsPage *self = STP_FOLLOWUPS_PAGE (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_handle_id (&self->minute_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (stp_followups_page_parent_class)->dispose (object);
}

static void
stp_followups_page_finalize (GObject *object)
{
  StpFollowupsPage *self = STP_FOLLOWUPS_PAGE (object);

  g_array_unref (self->ids);
  g_array_unref (self->staff_ids);
  g_hash_table_unref (self->selected);
  g_hash_table_unref (self->messages);
  g_hash_table_unref (self->clients);

  G_OBJECT_CLASS (stp_followups_page_parent_class)->finalize (object);
}

static void
stp_followups_page_class_init (StpFollowupsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stp_followups_page_dispose;
  object_class->finalize = stp_followups_page_finalize;

  /* The client of a follow-up is to be shown (its id). */
  signals[SIGNAL_OPEN_CLIENT] =
    g_signal_new ("open-client", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SIGNAL_COUNTS_CHANGED] =
    g_signal_new ("counts-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "followups.done", "x", done_action);
  gtk_widget_class_install_action (widget_class, "followups.snooze-hour", "x",
                                   snooze_hour_action);
  gtk_widget_class_install_action (widget_class, "followups.snooze-tomorrow", "x",
                                   snooze_tomorrow_action);
  gtk_widget_class_install_action (widget_class, "followups.snooze-until", "x",
                                   snooze_until_action);
  gtk_widget_class_install_action (widget_class, "followups.reschedule", "x",
                                   reschedule_action);
  gtk_widget_class_install_action (widget_class, "followups.open-client", "x",
                                   open_client_action);
  gtk_widget_class_install_action (widget_class, "followups.copy", "x", copy_action);
  gtk_widget_class_install_action (widget_class, "followups.done-selected", NULL,
                                   done_selected_action);
  gtk_widget_class_install_action (widget_class, "followups.snooze-selected-hour", NULL,
                                   snooze_selected_hour_action);
  gtk_widget_class_install_action (widget_class, "followups.snooze-selected-tomorrow", NULL,
                                   snooze_selected_tomorrow_action);
  gtk_widget_class_install_action (widget_class, "followups.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "followups.reload", NULL);
}

static GtkWidget *
labelled (const char *text,
          GtkWidget  *widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (text);

  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), widget);
  return box;
}

static void
stp_followups_page_init (StpFollowupsPage *self)
{
  GtkWidget *filters = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *done = gtk_button_new_with_mnemonic (_("_Done…"));
  GtkWidget *hour = gtk_button_new_with_mnemonic (_("Snooze 1 _Hour"));
  GtkWidget *tomorrow = gtk_button_new_with_mnemonic (_("Snooze Until _Tomorrow"));
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);

  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->staff_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->selected = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->messages = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->clients = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);

  gtk_string_list_append (kinds, _("All kinds"));
  for (guint k = 0; k < STP_FOLLOWUP_N_KINDS; k++)
    gtk_string_list_append (kinds, stp_followup_kind_get_label (k));
  self->kind_filter = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (kinds)),
                                                        NULL));
  self->staff_filter = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  g_signal_connect_swapped (self->kind_filter, "notify::selected",
                            G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->staff_filter, "notify::selected",
                            G_CALLBACK (filter_changed_cb), self);
  gtk_widget_set_margin_top (filters, 12);
  gtk_widget_set_margin_start (filters, 12);
  gtk_widget_set_margin_end (filters, 12);
  gtk_widget_set_halign (filters, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (filters), labelled (_("_Kind"), GTK_WIDGET (self->kind_filter)));
  gtk_box_append (GTK_BOX (filters), labelled (_("_Staff"), GTK_WIDGET (self->staff_filter)));
  gtk_box_append (GTK_BOX (self), filters);

  self->sections = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (self->sections, 12);
  gtk_widget_set_margin_bottom (self->sections, 24);
  gtk_widget_set_margin_start (self->sections, 12);
  gtk_widget_set_margin_end (self->sections, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 900);
  adw_clamp_set_child (ADW_CLAMP (clamp), self->sections);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);

  self->status = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->status), "emblem-ok-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (self->status), _("No Follow-ups"));
  adw_status_page_set_description (ADW_STATUS_PAGE (self->status),
                                   _("Logging a session schedules its aftercare calls and "
                                     "messages here."));

  self->stack = gtk_stack_new ();
  gtk_widget_set_vexpand (self->stack, TRUE);
  gtk_stack_add_named (GTK_STACK (self->stack), scroller, "list");
  gtk_stack_add_named (GTK_STACK (self->stack), self->status, "empty");
  gtk_box_append (GTK_BOX (self), self->stack);

  self->action_bar = gtk_action_bar_new ();
  self->selection_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_action_bar_pack_start (GTK_ACTION_BAR (self->action_bar),
                             GTK_WIDGET (self->selection_label));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (done), "followups.done-selected");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (hour), "followups.snooze-selected-hour");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (tomorrow),
                                  "followups.snooze-selected-tomorrow");
  gtk_widget_add_css_class (done, "suggested-action");
  gtk_action_bar_pack_end (GTK_ACTION_BAR (self->action_bar), done);
  gtk_action_bar_pack_end (GTK_ACTION_BAR (self->action_bar), tomorrow);
  gtk_action_bar_pack_end (GTK_ACTION_BAR (self->action_bar), hour);
  gtk_action_bar_set_revealed (GTK_ACTION_BAR (self->action_bar), FALSE);
  gtk_box_append (GTK_BOX (self), self->action_bar);

  g_signal_connect (self, "map", G_CALLBACK (page_map_cb), NULL);
  g_signal_connect (self, "unmap", G_CALLBACK (page_unmap_cb), NULL);
}

StpFollowupsPage *
stp_followups_page_new (StpStore *store)
{
  StpFollowupsPage *self;

  g_return_val_if_fail (STP_IS_STORE (store), NULL);

  self = g_object_new (STP_TYPE_FOLLOWUPS_PAGE, NULL);
  self->store = g_object_ref (store);
  g_signal_connect (store, "changed", G_CALLBACK (store_changed_cb), self);
  fill_staff_filter (self);
  stp_followups_page_reload (self);
  return self;
}
