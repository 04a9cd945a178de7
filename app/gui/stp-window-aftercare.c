/* stp-window-aftercare.c: the Follow-ups page in the main window's content, an entry with
 * the counts under the sidebar's header (Ctrl+U), and the banner that takes over the
 * reminders when no notification server answers.
 *
 * The window's template is the window's own; this file finds the parts it adds to by
 * their ids, so the window's code changes in two lines only.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "stp-window-aftercare"

#include "stp-window-aftercare.h"

#include <glib/gi18n.h>
#include <string.h>

#include "stp-tooltip.h"
#include "stp-window.h"

#define DATA_KEY "stp-aftercare"

typedef struct
{
  StpWindow         *window;     /* weak: owns this */
  StpStore          *store;
  StpFollowupsPage  *page;
  GtkStack          *content_stack;
  AdwWindowTitle    *content_title;
  GtkLabel          *counts_label;
  GtkRevealer       *banner;
  GtkLabel          *banner_label;
  StpNotifier       *notifier;
} Aftercare;

static void
aftercare_free (Aftercare *a)
{
  if (a->notifier != NULL)
    g_signal_handlers_disconnect_by_data (a->notifier, a);
  if (a->store != NULL)
    g_signal_handlers_disconnect_by_data (a->store, a);
  g_clear_object (&a->notifier);
  g_clear_object (&a->store);
  g_free (a);
}

static Aftercare *
get (StpWindow *window)
{
  return g_object_get_data (G_OBJECT (window), DATA_KEY);
}

static gpointer
child (StpWindow  *window,
       const char *id)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (window), STP_TYPE_WINDOW, id);

  g_assert (object != NULL);
  return object;
}

static gboolean
showing_followups (Aftercare *a)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (a->content_stack), "followups") == 0;
}

static void
update_counts (Aftercare *a)
{
  StpFollowupCounts counts;
  g_autofree char *text = NULL;
  g_autofree char *overdue = NULL;
  g_autofree char *today = NULL;
  g_autofree char *upcoming = NULL;

  /* Until the page is first shown, the sidebar counts straight from the store. */
  if (a->page != NULL)
    stp_followups_page_get_counts (a->page, &counts);
  else if (!stp_store_count_followups (a->store, g_get_real_time () / G_USEC_PER_SEC, &counts,
                                       NULL))
    memset (&counts, 0, sizeof counts);
  overdue = g_strdup_printf (_("%u overdue"), counts.overdue);
  today = g_strdup_printf (_("%u today"), counts.today);
  upcoming = g_strdup_printf (_("%u upcoming"), counts.upcoming);
  text = g_strdup_printf ("%s · %s · %s", overdue, today, upcoming);
  gtk_label_set_text (a->counts_label, text);
  if (counts.overdue > 0)
    gtk_widget_add_css_class (GTK_WIDGET (a->counts_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (a->counts_label), "warning");
  if (showing_followups (a))
    {
      adw_window_title_set_title (a->content_title, _("Follow-ups"));
      adw_window_title_set_subtitle (a->content_title, text);
    }
}

static void open_client_cb (StpFollowupsPage *page,
                            gint64            client_id,
                            Aftercare        *a);

/* The page is built the first time it is shown, so starting Stipple does not wait for
 * it (the window's first frame is measured). */
static StpFollowupsPage *
followups_page (Aftercare *a)
{
  if (a->page == NULL)
    {
      a->page = stp_followups_page_new (a->store);
      gtk_stack_add_named (a->content_stack, GTK_WIDGET (a->page), "followups");
      g_signal_connect (a->page, "open-client", G_CALLBACK (open_client_cb), a);
      g_signal_connect_swapped (a->page, "counts-changed", G_CALLBACK (update_counts), a);
    }
  return a->page;
}

static void
show_followups_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  StpWindow *window = user_data;
  Aftercare *a = get (window);
  GtkWidget *content = child (window, "content");

  followups_page (a);
  gtk_stack_set_visible_child_name (a->content_stack, "followups");
  adw_leaflet_set_visible_child (ADW_LEAFLET (child (window, "leaflet")), content);
  update_counts (a);
  gtk_widget_grab_focus (GTK_WIDGET (a->page));
}

static const GActionEntry actions[] = {
  { "show-followups", show_followups_activated },
};

static void
open_client_cb (StpFollowupsPage *page,
                gint64            client_id,
                Aftercare        *a)
{
  stp_window_open_client (a->window, client_id);
}

static void
store_changed_cb (StpStore  *store,
                  int        entity,
                  gint64     id,
                  int        kind,
                  Aftercare *a)
{
  /* The window's own handler retitles the content; put the page's title back. */
  if (showing_followups (a))
    update_counts (a);
  /* Before the page exists, nothing else keeps the sidebar's counts current; only what
   * can add, move or end a follow-up is worth a count (a draft autosaves every second). */
  else if (a->page == NULL &&
           (entity == STP_ENTITY_FOLLOWUP || entity == STP_ENTITY_SESSION ||
            entity == STP_ENTITY_PLAN || entity == STP_ENTITY_REFERRAL ||
            entity == STP_ENTITY_CLIENT))
    update_counts (a);
}

/* The banner */

static void
update_banner (Aftercare *a)
{
  g_autofree char *text = a->notifier != NULL ? stp_notifier_dup_fallback_text (a->notifier)
                                               : NULL;

  gtk_label_set_text (a->banner_label, text != NULL ? text : "");
  gtk_revealer_set_reveal_child (a->banner, text != NULL);
}

static void
banner_show_cb (GtkButton *button,
                Aftercare *a)
{
  if (a->notifier != NULL)
    stp_notifier_dismiss_fallback (a->notifier);
  g_action_group_activate_action (G_ACTION_GROUP (a->window), "show-followups", NULL);
}

static void
banner_dismiss_cb (GtkButton *button,
                   Aftercare *a)
{
  if (a->notifier != NULL)
    stp_notifier_dismiss_fallback (a->notifier);
}

static GtkWidget *
build_banner (Aftercare *a)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("alarm-symbolic");
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *show = gtk_button_new_with_mnemonic (_("_Show Follow-ups"));
  GtkWidget *dismiss = gtk_button_new_from_icon_name ("window-close-symbolic");
  GtkWidget *revealer = gtk_revealer_new ();

  gtk_widget_add_css_class (box, "stp-reminder-banner");
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (show, "suggested-action");
  gtk_widget_set_valign (show, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (dismiss, "flat");
  gtk_widget_set_valign (dismiss, GTK_ALIGN_CENTER);
  stp_widget_set_tooltip (dismiss, _("Dismiss"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (dismiss), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Dismiss the reminder"), -1);
  g_signal_connect (show, "clicked", G_CALLBACK (banner_show_cb), a);
  g_signal_connect (dismiss, "clicked", G_CALLBACK (banner_dismiss_cb), a);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), show);
  gtk_box_append (GTK_BOX (box), dismiss);
  gtk_revealer_set_child (GTK_REVEALER (revealer), box);
  gtk_revealer_set_reveal_child (GTK_REVEALER (revealer), FALSE);
  a->banner = GTK_REVEALER (revealer);
  a->banner_label = GTK_LABEL (label);
  return revealer;
}

/* The sidebar entry: a button with the counts, under the header. */
static GtkWidget *
build_entry (Aftercare *a)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *icon = gtk_image_new_from_icon_name ("alarm-symbolic");
  GtkWidget *title = gtk_label_new_with_mnemonic (_("_Follow-ups"));
  GtkWidget *counts = gtk_label_new (NULL);

  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (counts, "caption");
  gtk_label_set_xalign (GTK_LABEL (counts), 0);
  /* The counts must not widen the sidebar. */
  gtk_label_set_ellipsize (GTK_LABEL (counts), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (counts), 32);
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), counts);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), text);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_margin_start (button, 6);
  gtk_widget_set_margin_end (button, 6);
  gtk_widget_set_margin_top (button, 6);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-followups");
  stp_widget_set_tooltip (button, _("Calls and messages due (Ctrl+U)"));
  a->counts_label = GTK_LABEL (counts);
  return button;
}

void
stp_window_aftercare_attach (StpWindow *window)
{
  Aftercare *a = g_new0 (Aftercare, 1);

  a->window = window;
  a->store = g_object_ref (stp_window_get_store (window));
  a->content_stack = child (window, "content_stack");
  a->content_title = child (window, "content_title");
  g_object_set_data_full (G_OBJECT (window), DATA_KEY, a, (GDestroyNotify)aftercare_free);

  /* Under each pane's header bar, its first child. */
  gtk_box_insert_child_after (GTK_BOX (child (window, "sidebar")), build_entry (a),
                              gtk_widget_get_first_child (child (window, "sidebar")));
  gtk_box_insert_child_after (GTK_BOX (child (window, "content")), build_banner (a),
                              gtk_widget_get_first_child (child (window, "content")));

  g_action_map_add_action_entries (G_ACTION_MAP (window), actions, G_N_ELEMENTS (actions),
                                   window);
  g_signal_connect (a->store, "changed", G_CALLBACK (store_changed_cb), a);
  update_counts (a);
}

void
stp_window_aftercare_set_notifier (StpWindow   *window,
                                   StpNotifier *notifier)
{
  Aftercare *a = get (window);

  g_return_if_fail (a != NULL);

  if (a->notifier != NULL)
    g_signal_handlers_disconnect_by_data (a->notifier, a);
  g_set_object (&a->notifier, notifier);
  if (notifier != NULL)
    g_signal_connect_swapped (notifier, "fallback-changed", G_CALLBACK (update_banner), a);
  update_banner (a);
}

StpFollowupsPage *
stp_window_get_followups_page (StpWindow *window)
{
  return followups_page (get (window));
}

GtkRevealer *
stp_window_get_reminder_banner (StpWindow *window)
{
  return get (window)->banner;
}

const char *
stp_window_get_reminder_banner_text (StpWindow *window)
{
  return gtk_label_get_text (get (window)->banner_label);
}
