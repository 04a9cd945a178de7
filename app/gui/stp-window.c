/* stp-window.c: the main window: the client list beside the selected client.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "stp-window"

#include "stp-window.h"
#include "stp-window-aftercare.h"  /* aftercare (issue 6) */

#include <glib/gi18n.h>
#include <math.h>

#include "stp-client-row.h"
#include "stp-consent-dialog.h"
#include "stp-tooltip.h"
#include "stp-recall-window.h"
#include "stp-session-page.h"
#include "stp-sketch-page.h"
#include "stp-sketch-photo-chooser.h"
#include "stp-summary-print.h"

struct _StpWindow
{
  AdwApplicationWindow  parent_instance;

  StpStore             *store;
  GSettings            *settings;
  StpClientList        *clients;
  GtkSingleSelection   *selection;
  GMenu                *staff_menu;
  guint                 reselect_source;
  gboolean              selecting;
  gboolean              close_confirmed;
  gboolean              closing;          /* past close-request: the window is going */

  /* Template widgets. */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkWidget            *content;
  GtkMenuButton        *staff_button;
  GtkLabel             *staff_label;
  GtkSearchEntry       *search_entry;
  GtkLabel             *scope_label;
  GtkLabel             *limit_label;
  GtkStack             *sidebar_stack;
  GtkGridView          *client_view;
  AdwStatusPage        *sidebar_status;
  GtkWidget            *first_client_button;
  AdwWindowTitle       *content_title;
  GtkWidget            *client_menu_button;
  GtkMenuButton        *primary_menu_button;
  GMenuModel           *primary_menu;
  GMenuModel           *client_menu;
  GtkWidget            *save_button;
  GtkStack             *content_stack;
  GtkLabel             *content_status_title;
  GtkLabel             *content_status_description;
  AdwBin               *client_page_bin;
  StpClientPage        *client_page;      /* built on first use: see client_page () */
  AdwBin               *consultation_page_bin;
  StpConsultationPage  *consultation_page; /* built on first use */
  StpSessionPage       *session_page;      /* built on first use, a page of content_stack */
  GtkWidget            *recall_window;     /* weak: open while it is shown */
  AdwBin               *sketch_page_bin;
  StpSketchPage        *sketch_page;       /* built on first use: see sketch_page () */
  GtkWidget            *back_button;
  GtkWidget            *new_client_button;
  GtkLabel             *save_status_label;
};

G_DEFINE_FINAL_TYPE (StpWindow, stp_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_SETTINGS,
  PROP_CLIENT_LIST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
toast_message (StpWindow  *self,
               const char *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

static void
toast_error (StpWindow    *self,
             const char   *what,
             const GError *error)
{
  g_autofree char *message = g_strdup_printf ("%s %s", what, error->message);

  toast_message (self, message);
}

static void
set_action_enabled (StpWindow  *self,
                    const char *name,
                    gboolean    enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static gboolean
showing_client (StpWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "client") == 0;
}

static gboolean
showing_consultation (StpWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack),
                    "consultation") == 0;
}

static gboolean
showing_session (StpWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "session") == 0;
}

static StpClientPage *client_page (StpWindow *self);

static gboolean
showing_sketch (StpWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "sketch") == 0;
}

static void update_sketch_actions (StpWindow *self);

/* The id of the client loaded in the page; 0 for a new client or before the page exists. */
static gint64
page_client_id (StpWindow *self)
{
  return self->client_page != NULL ? stp_client_page_get_client_id (self->client_page) : 0;
}

static void
update_actions (StpWindow *self)
{
  StpClient *client = self->client_page != NULL ?
                      stp_client_page_get_client (self->client_page) : NULL;
  gboolean shown = showing_client (self);
  gboolean saved = shown && client != NULL && stp_client_get_id (client) != 0;
  gboolean archived = saved && stp_client_get_archived (client);

  set_action_enabled (self, "save-client", shown);
  set_action_enabled (self, "archive-client", saved && !archived);
  set_action_enabled (self, "restore-client", archived);
  set_action_enabled (self, "erase-client", saved);
  set_action_enabled (self, "back",
                      adw_leaflet_get_folded (self->leaflet) || showing_consultation (self) ||
                      showing_session (self) || showing_sketch (self));
  set_action_enabled (self, "new-consultation", saved);
  set_action_enabled (self, "log-session", saved);
  set_action_enabled (self, "save-session", showing_session (self));
  set_action_enabled (self, "import-photos", saved);

  gtk_widget_set_visible (self->back_button,
                          adw_leaflet_get_folded (self->leaflet) || showing_consultation (self) ||
                          showing_session (self) || showing_sketch (self));
  stp_widget_set_tooltip (self->back_button,
                          showing_consultation (self) || showing_session (self) ||
                          showing_sketch (self)
                          ? _("Back to the Client") : _("Back to the Client List"));
  update_sketch_actions (self);
  gtk_widget_set_visible (GTK_WIDGET (self->save_status_label), showing_consultation (self));

  gtk_widget_set_visible (self->save_button, shown);
  gtk_widget_set_visible (self->client_menu_button, saved);
}

static void
update_title (StpWindow *self)
{
  const char *title = showing_client (self) || showing_consultation (self) ||
                      showing_session (self) || showing_sketch (self) ?
                      stp_client_page_get_title (client_page (self)) : NULL;
  const char *subtitle = showing_consultation (self) ?
                         stp_consultation_page_get_title (self->consultation_page) :
                         showing_session (self) ?
                         stp_session_page_get_title (self->session_page) :
                         showing_sketch (self) ?
                         stp_sketch_page_get_title (self->sketch_page) : NULL;

  adw_window_title_set_title (self->content_title, title != NULL ? title : "");
  adw_window_title_set_subtitle (self->content_title, subtitle != NULL ? subtitle : "");
}

/* Saves what the consultation page holds and empties it, before showing anything else. */
static void
leave_consultation (StpWindow *self)
{
  g_autoptr (GError) error = NULL;

  if (self->consultation_page == NULL)
    return;

  if (!stp_consultation_page_load (self->consultation_page, 0, &error))
    toast_error (self, _("The consultation could not be saved:"), error);
  if (self->settings != NULL)
    g_settings_set_int64 (self->settings, "open-consultation", 0);
}

/* Empties the sketch page once it is left (its unsaved changes were asked about). */
static void
leave_sketch (StpWindow *self)
{
  if (self->sketch_page != NULL && !showing_sketch (self))
    stp_sketch_page_clear (self->sketch_page);
}

static void
update_content_status (StpWindow *self)
{
  if (stp_store_count_clients (self->store, STP_CLIENT_SCOPE_ACTIVE) == 0)
    {
      gtk_label_set_label (self->content_status_title, _("Welcome to Stipple"));
      gtk_label_set_label (self->content_status_description,
                           _("Add a client with the + button or Ctrl+N. Their record will "
                             "appear here."));
    }
  else
    {
      gtk_label_set_label (self->content_status_title, _("No Client Selected"));
      gtk_label_set_label (self->content_status_description,
                           _("Choose a client from the list, or add a new one with Ctrl+N."));
    }
}

/* Chooses which empty state, if any, the sidebar shows. */
static void
update_sidebar (StpWindow *self)
{
  const char *query = stp_client_list_get_query (self->clients);
  gboolean archived = stp_client_list_get_scope (self->clients) == STP_CLIENT_SCOPE_ARCHIVED;

  gtk_widget_set_visible (GTK_WIDGET (self->scope_label), archived);

  /* A search shows its best matches only; say so when there may be more. */
  if (query != NULL && query[0] != '\0' &&
      g_list_model_get_n_items (G_LIST_MODEL (self->clients)) >= STP_CLIENT_LIST_SEARCH_LIMIT)
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "Showing the first %u match. Type more to narrow "
                                      "the search.",
                                      "Showing the first %u matches. Type more to narrow "
                                      "the search.",
                                      STP_CLIENT_LIST_SEARCH_LIMIT),
                         STP_CLIENT_LIST_SEARCH_LIMIT);

      gtk_label_set_label (self->limit_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->limit_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->limit_label), FALSE);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->clients)) > 0)
    {
      gtk_stack_set_visible_child_name (self->sidebar_stack, "list");
      return;
    }

  gtk_widget_set_visible (self->first_client_button, FALSE);

  if (query != NULL && query[0] != '\0')
    {
      adw_status_page_set_icon_name (self->sidebar_status, "edit-find-symbolic");
      adw_status_page_set_title (self->sidebar_status, _("No Results Found"));
      adw_status_page_set_description (self->sidebar_status,
                                       archived ?
                                       _("No archived client matches this search.") :
                                       _("Try another spelling, a phone number or an email "
                                         "address."));
    }
  else if (archived)
    {
      adw_status_page_set_icon_name (self->sidebar_status, "folder-symbolic");
      adw_status_page_set_title (self->sidebar_status, _("No Archived Clients"));
      adw_status_page_set_description (self->sidebar_status,
                                       _("Clients you archive are kept here, out of the "
                                         "way, until you restore them."));
    }
  else
    {
      adw_status_page_set_icon_name (self->sidebar_status, "system-users-symbolic");
      adw_status_page_set_title (self->sidebar_status, _("No Clients Yet"));
      adw_status_page_set_description (self->sidebar_status,
                                       _("Add the first client to start their record."));
      gtk_widget_set_visible (self->first_client_button, TRUE);
    }

  gtk_stack_set_visible_child_name (self->sidebar_stack, "empty");
}

/* Selects a client in the list without reloading the page. */
static void
select_id (StpWindow *self,
           gint64     id)
{
  guint position = id != 0 ? stp_client_list_find (self->clients, id) : G_MAXUINT;

  self->selecting = TRUE;
  if (position == G_MAXUINT)
    {
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
    }
  else
    {
      if (gtk_single_selection_get_selected (self->selection) != position)
        gtk_single_selection_set_selected (self->selection, position);
      gtk_widget_activate_action (GTK_WIDGET (self->client_view), "list.scroll-to-item", "u",
                                  position);
    }
  self->selecting = FALSE;
}

static void
show_empty (StpWindow *self)
{
  leave_consultation (self);
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
  leave_sketch (self);
  if (self->client_page != NULL)
    stp_client_page_load (self->client_page, NULL);
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
  select_id (self, 0);
  update_content_status (self);
  update_title (self);
  update_actions (self);
}

/* Only a folded leaflet moves: unfolded, changing its visible child would pull the focus
 * out of the list, and arrow keys would stop walking through the clients. */
static void
reveal (StpWindow *self,
        GtkWidget *child)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, child);
}

static void
show_page (StpWindow *self)
{
  leave_consultation (self);
  gtk_stack_set_visible_child_name (self->content_stack, "client");
  leave_sketch (self);
  reveal (self, self->content);
  update_title (self);
  update_actions (self);
}

static gboolean
show_client (StpWindow *self,
             gint64     id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (StpClient) client = stp_store_get_client (self->store, id, &error);

  if (client == NULL)
    {
      toast_error (self, _("This client could not be opened."), error);
      return FALSE;
    }

  stp_client_page_load (client_page (self), client);
  show_page (self);
  return TRUE;
}

/* What to do once unsaved edits are saved or discarded. */
typedef enum
{
  LEAVE_TO_CLIENT,
  LEAVE_TO_NEW_CLIENT,
  LEAVE_TO_CLOSE,
} LeaveTarget;

static gboolean save_current (StpWindow *self);
static void     start_new_client (StpWindow *self);
static gboolean confirm_leave_sketch (StpWindow *self,
                                      int        target,
                                      gint64     id);

static void
leave_to (StpWindow   *self,
          LeaveTarget  target,
          gint64       id)
{
  switch (target)
    {
    case LEAVE_TO_CLIENT:
      if (show_client (self, id))
        select_id (self, id);
      break;

    case LEAVE_TO_NEW_CLIENT:
      start_new_client (self);
      break;

    case LEAVE_TO_CLOSE:
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
leave_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   StpWindow        *self)
{
  LeaveTarget target = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "target"));
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "client-id"));

  if (g_strcmp0 (response, "discard") == 0 ||
      (g_strcmp0 (response, "save") == 0 && save_current (self)))
    {
      leave_to (self, target, id);
      return;
    }

  /* Cancelled, or the save found problems (now shown under the fields): stay. */
  select_id (self, page_client_id (self));
}

/* Typed text is never dropped silently: with unsaved edits, ask before leaving them.
 * Returns TRUE when the caller may go ahead now. */
static gboolean
confirm_leave (StpWindow   *self,
               LeaveTarget  target,
               gint64       id)
{
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (showing_session (self) && stp_session_page_get_dirty (self->session_page))
    {
      dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Leave the Session Form?"),
                                       _("This session is not saved yet. If you leave, what "
                                         "you entered is lost."));
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Stay"),
                                        "discard", _("_Discard"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_object_set_data (G_OBJECT (dialog), "target", GUINT_TO_POINTER (target));
      g_object_set_data (G_OBJECT (dialog), "client-id", GSIZE_TO_POINTER ((gsize) id));
      g_signal_connect_object (dialog, "response", G_CALLBACK (leave_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return FALSE;
    }

  if (showing_sketch (self))
    return confirm_leave_sketch (self, target, id);

  if (!showing_client (self) || !stp_client_page_get_dirty (client_page (self)))
    return TRUE;


  heading = g_strdup_printf (_("Save Changes to “%s”?"),
                             stp_client_page_get_title (client_page (self)));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("The changes you typed are not saved yet. If you "
                                     "discard them, they are lost."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "target", GUINT_TO_POINTER (target));
  g_object_set_data (G_OBJECT (dialog), "client-id", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (leave_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return FALSE;
}

static void
selection_changed_cb (StpWindow *self)
{
  StpClient *item;

  if (self->selecting)
    return;

  item = gtk_single_selection_get_selected_item (self->selection);
  if (item == NULL)
    return;

  if (stp_client_get_id (item) == page_client_id (self) &&
      showing_client (self))
    {
      reveal (self, self->content);
      return;
    }

  if (confirm_leave (self, LEAVE_TO_CLIENT, stp_client_get_id (item)))
    show_client (self, stp_client_get_id (item));
}

static void
client_view_activate_cb (StpWindow *self,
                         guint      position)
{
  /* A new selection loads through the selection's notification; activating the row that
   * is already selected only brings its page forward. */
  if (gtk_single_selection_get_selected (self->selection) != position)
    gtk_single_selection_set_selected (self->selection, position);
  else
    selection_changed_cb (self);
}

static gboolean
reselect_cb (gpointer user_data)
{
  StpWindow *self = user_data;
  gint64 id = page_client_id (self);

  self->reselect_source = 0;

  if (id != 0 && showing_client (self))
    {
      StpClient *item = gtk_single_selection_get_selected_item (self->selection);

      if (item == NULL || stp_client_get_id (item) != id)
        select_id (self, id);
    }

  return G_SOURCE_REMOVE;
}

/* Model updates can drop the selection; put it back on the client the page shows once
 * every view has taken the change in (selecting inside the emission confuses them). */
static void
clients_items_changed_cb (StpWindow *self)
{
  update_sidebar (self);

  if (!showing_client (self))
    update_content_status (self);

  if (self->reselect_source == 0)
    self->reselect_source = g_idle_add (reselect_cb, self);
}

static void
search_changed_cb (StpWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  stp_client_list_set_query (self->clients, text);
  update_sidebar (self);
}

/* Enter in the search opens the best match. */
static void
search_activate_cb (StpWindow *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->clients)) > 0)
    client_view_activate_cb (self, 0);
}

static void
search_stop_cb (StpWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

/* A page's title (the client's name, the sketch's) shows in the header bar. */
static void
page_title_cb (StpWindow *self)
{
  update_title (self);
}

/* The client form, built the first time it is needed: most of the window's widgets are
 * in it, and a window opening on the client list need not wait for them. */
static StpClientPage *
client_page (StpWindow *self)
{
  if (self->client_page == NULL)
    {
      self->client_page = STP_CLIENT_PAGE (stp_client_page_new ());
      stp_client_page_set_store (self->client_page, self->store);
      g_signal_connect_object (self->client_page, "notify::title",
                               G_CALLBACK (page_title_cb), self, G_CONNECT_SWAPPED);
      adw_bin_set_child (self->client_page_bin, GTK_WIDGET (self->client_page));
    }

  return self->client_page;
}

/* Which consultation is open and how far down, kept in the settings as it changes, so
 * that after a closed window, a crash or a power cut the draft reopens where it was. */
static void
remember_open_consultation (StpWindow *self)
{
  gint64 id = 0;
  double scroll = 0;

  /* Once the window is closing, its page is being taken apart: what it says then is not
   * where the person left it. */
  if (self->settings == NULL || self->closing)
    return;

  if (self->consultation_page != NULL && showing_consultation (self))
    {
      id = stp_consultation_page_get_id (self->consultation_page);
      scroll = stp_consultation_page_get_scroll_position (self->consultation_page);
    }

  if (g_settings_get_int64 (self->settings, "open-consultation") != id)
    {
      g_settings_set_int64 (self->settings, "open-consultation", id);
      g_settings_set_string (self->settings, "open-consultation-database",
                             id != 0 ? stp_store_get_path (self->store) : "");
    }
  if (fabs (g_settings_get_double (self->settings, "open-consultation-scroll") - scroll) >= 1)
    g_settings_set_double (self->settings, "open-consultation-scroll", scroll);
}

static void
consultation_notify_cb (StpWindow *self)
{
  const char *status = stp_consultation_page_get_save_status (self->consultation_page);

  gtk_label_set_label (self->save_status_label, status != NULL ? status : "");
  update_title (self);
  remember_open_consultation (self);
}

/* The consultation form, built the first time a consultation is opened. */
static StpConsultationPage *
consultation_page (StpWindow *self)
{
  if (self->consultation_page == NULL)
    {
      self->consultation_page = STP_CONSULTATION_PAGE (stp_consultation_page_new ());
      stp_consultation_page_set_store (self->consultation_page, self->store);
      g_signal_connect_object (self->consultation_page, "notify::save-status",
                               G_CALLBACK (consultation_notify_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->consultation_page, "notify::title",
                               G_CALLBACK (consultation_notify_cb), self, G_CONNECT_SWAPPED);
      adw_bin_set_child (self->consultation_page_bin, GTK_WIDGET (self->consultation_page));
    }

  return self->consultation_page;
}

static void
leaflet_folded_cb (StpWindow *self)
{
  update_actions (self);
  /* A window too narrow for the sketch beside the list shows the sketch, not the list. */
  if (showing_sketch (self))
    reveal (self, self->content);
}

/* List rows: the display name over the phone number or email (StpClientRow). The view
 * is a one-column GtkGridView: GTK 4.8's GtkListView keeps 200 rows alive around the
 * visible ones, a grid view about 30, which halves the time to the first frame. */
static void
factory_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  StpWindow                *self)
{
  gtk_list_item_set_child (item, stp_client_row_new ());
}

static void
factory_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 StpWindow                *self)
{
  stp_client_row_set_client (STP_CLIENT_ROW (gtk_list_item_get_child (item)),
                             gtk_list_item_get_item (item));
}

/* Staff: who is at the workstation. */

static void
update_staff_label (StpWindow *self,
                    guint      n_staff)
{
  gint64 id = stp_store_get_actor (self->store);
  g_autoptr (StpStaff) staff = id != 0 ? stp_store_get_staff (self->store, id, NULL) : NULL;
  g_autofree char *tooltip = NULL;

  if (staff != NULL)
    {
      gtk_label_set_label (self->staff_label, stp_staff_get_name (staff));
      tooltip = g_strdup_printf (_("%s is working at this computer; changes are recorded "
                                   "in their name. Click to change."),
                                 stp_staff_get_name (staff));
    }
  else if (n_staff == 0)
    {
      gtk_label_set_label (self->staff_label, _("No Staff"));
      tooltip = g_strdup (_("No staff members yet: add them in Preferences"));
    }
  else
    {
      gtk_label_set_label (self->staff_label, _("Who Is Working?"));
      tooltip = g_strdup (_("Choose who is working at this computer"));
    }

  stp_widget_set_tooltip (GTK_WIDGET (self->staff_button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->staff_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
}

static void
set_staff_state (StpWindow *self,
                 gint64     id)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "current-staff");

  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_int64 (id));
}

static void
rebuild_staff_menu (StpWindow *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) staff = stp_store_list_staff (self->store, FALSE, &error);
  g_autoptr (GMenu) people = g_menu_new ();
  g_autoptr (GMenu) manage = g_menu_new ();
  gint64 actor = stp_store_get_actor (self->store);
  gboolean actor_listed = FALSE;
  guint n_staff = staff != NULL ? staff->len : 0;

  if (staff == NULL)
    g_warning ("Could not list staff: %s", error->message);

  g_menu_remove_all (self->staff_menu);

  for (guint i = 0; i < n_staff; i++)
    {
      StpStaff *member = g_ptr_array_index (staff, i);
      g_autoptr (GMenuItem) item = g_menu_item_new (stp_staff_get_name (member), NULL);

      g_menu_item_set_action_and_target_value (item, "win.current-staff",
                                               g_variant_new_int64 (stp_staff_get_id (member)));
      g_menu_append_item (people, item);
      if (stp_staff_get_id (member) == actor)
        actor_listed = TRUE;
    }

  if (n_staff == 0)
    {
      /* An item without an action shows greyed out: a note, not a choice. */
      g_menu_append (people, _("No staff members yet"), NULL);
      g_menu_append (manage, _("Add Staff in Preferences…"), "app.preferences");
    }
  else
    {
      g_menu_append (manage, _("Manage Staff…"), "app.preferences");
    }

  g_menu_append_section (self->staff_menu, NULL, G_MENU_MODEL (people));
  g_menu_append_section (self->staff_menu, NULL, G_MENU_MODEL (manage));

  /* Someone who was made inactive no longer works here. */
  if (actor != 0 && !actor_listed)
    {
      stp_store_set_actor (self->store, 0);
      set_staff_state (self, 0);
    }

  update_staff_label (self, n_staff);
}

static void
change_staff_state (GSimpleAction *action,
                    GVariant      *value,
                    gpointer       user_data)
{
  StpWindow *self = user_data;
  gint64 id = g_variant_get_int64 (value);

  if (id != 0)
    {
      g_autoptr (StpStaff) staff = stp_store_get_staff (self->store, id, NULL);

      if (staff == NULL || !stp_staff_get_active (staff))
        return;
    }

  stp_store_set_actor (self->store, id);
  if (self->settings != NULL)
    g_settings_set_int64 (self->settings, "current-staff-id", id);
  g_simple_action_set_state (action, value);
  rebuild_staff_menu (self);
}

static void
restore_staff (StpWindow *self)
{
  gint64 id = self->settings != NULL ?
              g_settings_get_int64 (self->settings, "current-staff-id") : 0;

  if (id != 0)
    {
      g_autoptr (StpStaff) staff = stp_store_get_staff (self->store, id, NULL);

      if (staff == NULL || !stp_staff_get_active (staff))
        id = 0;
    }

  stp_store_set_actor (self->store, id);
  set_staff_state (self, id);
  rebuild_staff_menu (self);
}

static void
store_changed_cb (StpStore      *store,
                  StpEntity      entity,
                  gint64         id,
                  StpChangeKind  kind,
                  StpWindow     *self)
{
  gint64 shown = page_client_id (self);

  if (entity == STP_ENTITY_STAFF)
    {
      rebuild_staff_menu (self);
      return;
    }

  if (entity != STP_ENTITY_CLIENT || id == 0 || id != shown || !showing_client (self))
    return;

  /* Someone else changed or erased the record on screen. Unsaved edits win: the next
   * save writes them. */
  if (kind == STP_CHANGE_REMOVED)
    show_empty (self);
  else if (!stp_client_page_get_dirty (client_page (self)))
    show_client (self, id);
}

/* Actions. */

static void
new_client_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  StpWindow *self = user_data;

  if (confirm_leave (self, LEAVE_TO_NEW_CLIENT, 0))
    start_new_client (self);
}

static void
start_new_client (StpWindow *self)
{
  stp_client_page_load (client_page (self), NULL);
  select_id (self, 0);
  show_page (self);
  stp_client_page_focus_first (client_page (self));
}

static void
find_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  StpWindow *self = user_data;

  reveal (self, self->sidebar);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
back_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  StpWindow *self = user_data;

  if (showing_consultation (self) || showing_session (self) ||
      (showing_sketch (self) && confirm_leave (self, LEAVE_TO_CLIENT, page_client_id (self))))
    {
      gint64 id = page_client_id (self);

      if (!confirm_leave (self, LEAVE_TO_CLIENT, id))
        return;
      if (show_client (self, id))
        select_id (self, id);
      return;
    }
  if (showing_sketch (self))
    return;

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
session_saved_cb (StpSessionPage *page,
                  gint64          session_id,
                  StpWindow      *self)
{
  gint64 client = stp_session_page_get_client_id (page);

  if (show_client (self, client))
    select_id (self, client);
  toast_message (self, _("Session saved"));
}

/* The session form, built the first time a session is logged or opened. */
static StpSessionPage *
session_page (StpWindow *self)
{
  if (self->session_page == NULL)
    {
      self->session_page = STP_SESSION_PAGE (stp_session_page_new ());
      stp_session_page_set_store (self->session_page, self->store);
      g_signal_connect_object (self->session_page, "saved", G_CALLBACK (session_saved_cb),
                               self, 0);
      g_signal_connect_object (self->session_page, "notify::title",
                               G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->content_stack, GTK_WIDGET (self->session_page), "session");
    }

  return self->session_page;
}

static void
show_session_page (StpWindow *self)
{
  leave_consultation (self);
  gtk_stack_set_visible_child_name (self->content_stack, "session");
  reveal (self, self->content);
  update_title (self);
  update_actions (self);
}

static void
log_session_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  StpWindow *self = user_data;
  g_autoptr (GError) error = NULL;
  gint64 client = page_client_id (self);

  if (client == 0 ||
      (stp_client_page_get_dirty (client_page (self)) && !save_current (self)))
    return;

  if (!stp_session_page_load_new (session_page (self), client, &error))
    {
      toast_error (self, _("The session form could not be opened."), error);
      return;
    }
  show_session_page (self);
}

static void
open_session_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  StpWindow *self = user_data;
  g_autoptr (GError) error = NULL;

  if (showing_client (self) && stp_client_page_get_dirty (client_page (self)) &&
      !save_current (self))
    return;

  if (!stp_session_page_load (session_page (self), g_variant_get_int64 (parameter), &error))
    {
      toast_error (self, _("This session could not be opened."), error);
      return;
    }
  show_session_page (self);
}

static void
save_session_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  StpWindow *self = user_data;

  if (showing_session (self))
    stp_session_page_save (self->session_page);
}

static void
lot_recall_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  StpWindow *self = user_data;

  if (self->recall_window == NULL)
    {
      self->recall_window = stp_recall_window_new (GTK_WINDOW (self), self->store);
      g_object_add_weak_pointer (G_OBJECT (self->recall_window),
                                 (gpointer *)&self->recall_window);
    }
  gtk_window_present (GTK_WINDOW (self->recall_window));
}

static gboolean
open_consultation (StpWindow *self,
                   gint64     id)
{
  g_autoptr (GError) error = NULL;

  if (!stp_consultation_page_load (consultation_page (self), id, &error))
    {
      toast_error (self, _("This consultation could not be opened."), error);
      return FALSE;
    }

  gtk_stack_set_visible_child_name (self->content_stack, "consultation");
  reveal (self, self->content);
  consultation_notify_cb (self);
  update_actions (self);
  return TRUE;
}

static void
open_consultation_activated (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  StpWindow *self = user_data;

  /* Coming back reloads the client from the store: typed edits are saved first. */
  if (showing_client (self) && stp_client_page_get_dirty (client_page (self)) &&
      !save_current (self))
    return;

  open_consultation (self, g_variant_get_int64 (parameter));
}

static void
new_consultation_activated (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  StpWindow *self = user_data;
  g_autoptr (GError) error = NULL;
  gint64 client = page_client_id (self);
  gint64 actor = stp_store_get_actor (self->store);
  gint64 id;

  if (client == 0 ||
      (stp_client_page_get_dirty (client_page (self)) && !save_current (self)))
    return;

  if (actor == 0)
    {
      toast_message (self, _("Choose who is working at this computer first: the consultation "
                             "is recorded with them as consultant."));
      reveal (self, self->sidebar);
      gtk_menu_button_popup (self->staff_button);
      return;
    }

  id = stp_store_create_consultation (self->store, client, actor, NULL, &error);
  if (id == 0)
    {
      toast_error (self, _("The consultation could not be started."), error);
      return;
    }

  open_consultation (self, id);
}

static gboolean
save_current (StpWindow *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean is_new = page_client_id (self) == 0;
  gint64 id = 0;

  if (!showing_client (self))
    return FALSE;

  if (!stp_client_page_save (client_page (self), &id, &error))
    {
      /* Field problems are shown under the fields; anything else needs a word here. */
      if (error->domain != STP_CLIENT_ERROR)
        toast_error (self, _("Not saved:"), error);
      return FALSE;
    }

  select_id (self, id);
  update_title (self);
  update_actions (self);

  message = g_strdup_printf (is_new ? _("“%s” added") : _("“%s” saved"),
                             stp_client_page_get_title (client_page (self)));
  toast_message (self, message);
  return TRUE;
}

static void
save_client_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  save_current (user_data);
}

static void
undo_archive_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  StpWindow *self = user_data;
  g_autoptr (GError) error = NULL;
  gint64 id = g_variant_get_int64 (parameter);

  if (!stp_store_set_client_archived (self->store, id, FALSE, &error))
    {
      toast_error (self, _("The client could not be restored."), error);
      return;
    }

  if (show_client (self, id))
    select_id (self, id);
}

static void
archive_client_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  StpWindow *self = user_data;
  g_autoptr (GError) error = NULL;
  gint64 id = page_client_id (self);
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  if (id == 0)
    return;

  if (!stp_store_set_client_archived (self->store, id, TRUE, &error))
    {
      toast_error (self, _("The client could not be archived."), error);
      return;
    }

  escaped = g_markup_escape_text (stp_client_page_get_title (client_page (self)), -1);
  title = g_strdup_printf (_("“%s” archived"), escaped);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-archive");
  adw_toast_set_action_target_value (toast, g_variant_new_int64 (id));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  show_empty (self);
}

static void
restore_client_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  StpWindow *self = user_data;
  g_autoptr (GError) error = NULL;
  gint64 id = page_client_id (self);
  g_autofree char *message = NULL;

  if (id == 0)
    return;

  if (!stp_store_set_client_archived (self->store, id, FALSE, &error))
    {
      toast_error (self, _("The client could not be restored."), error);
      return;
    }

  show_client (self, id);
  message = g_strdup_printf (_("“%s” restored to the client list"),
                             stp_client_page_get_title (client_page (self)));
  toast_message (self, message);
}

static void
erase_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   StpWindow        *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "client-id"));
  const char *name = g_object_get_data (G_OBJECT (dialog), "client-name");
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_strcmp0 (response, "erase") != 0)
    return;

  if (!stp_store_erase_client (self->store, id, &error))
    {
      toast_error (self, _("The client could not be erased."), error);
      return;
    }

  if (page_client_id (self) == id)
    show_empty (self);

  message = g_strdup_printf (_("“%s” erased"), name);
  toast_message (self, message);
}

static void
erase_client_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  StpWindow *self = user_data;
  gint64 id = page_client_id (self);
  const char *name = stp_client_page_get_title (client_page (self));
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (id == 0)
    return;

  heading = g_strdup_printf (_("Erase “%s”?"), name);
  body = g_strdup_printf (_("Everything Stipple holds about %s will be removed for good, as "
                            "a data-protection request requires. This cannot be undone.\n\n"
                            "To only hide the client from the list, archive them instead."),
                          name);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "erase", _("_Erase"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "erase",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "client-id", GSIZE_TO_POINTER ((gsize) id));
  g_object_set_data_full (G_OBJECT (dialog), "client-name", g_strdup (name), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (erase_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
change_show_archived_state (GSimpleAction *action,
                            GVariant      *value,
                            gpointer       user_data)
{
  StpWindow *self = user_data;
  gboolean archived = g_variant_get_boolean (value);

  g_simple_action_set_state (action, value);
  stp_client_list_set_scope (self->clients,
                             archived ? STP_CLIENT_SCOPE_ARCHIVED : STP_CLIENT_SCOPE_ACTIVE);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  g_object_set (self->search_entry,
                "placeholder-text", archived ? _("Search archived clients") : _("Search clients"),
                NULL);
  update_sidebar (self);
  if (showing_client (self) && page_client_id (self) != 0)
    select_id (self, page_client_id (self));
}

static void
sign_consent_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  StpWindow *self = user_data;
  StpConsentDialog *dialog = stp_consent_dialog_new (GTK_WINDOW (self), self->store,
                                                     g_variant_get_int64 (parameter));

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_summary_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  StpWindow *self = user_data;

  stp_summary_export_with_chooser (GTK_WINDOW (self), self->store,
                                   g_variant_get_int64 (parameter));
}

static void
print_summary_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  StpWindow *self = user_data;

  stp_summary_print (GTK_WINDOW (self), self->store, g_variant_get_int64 (parameter));
}

static void
import_photos_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  StpWindow *self = STP_WINDOW (user_data);

  if (!showing_client (self) || page_client_id (self) == 0)
    return;
  stp_photo_gallery_choose_files (stp_client_page_get_photo_gallery (client_page (self)));
}

/* The sketch editor, built the first time a sketch is opened. */
static StpSketchPage *
sketch_page (StpWindow *self)
{
  if (self->sketch_page == NULL)
    {
      self->sketch_page = STP_SKETCH_PAGE (stp_sketch_page_new ());
      stp_sketch_page_set_store (self->sketch_page, self->store);
      g_signal_connect_object (self->sketch_page, "notify::title",
                               G_CALLBACK (page_title_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->sketch_page, "notify::modified",
                               G_CALLBACK (page_title_cb), self, G_CONNECT_SWAPPED);
      adw_bin_set_child (self->sketch_page_bin, GTK_WIDGET (self->sketch_page));
    }

  return self->sketch_page;
}

static void
update_sketch_actions (StpWindow *self)
{
  gboolean sketch = showing_sketch (self);
  StpClient *client = self->client_page != NULL ?
                      stp_client_page_get_client (self->client_page) : NULL;

  set_action_enabled (self, "new-sketch", showing_client (self) && client != NULL &&
                                          stp_client_get_id (client) != 0);
  set_action_enabled (self, "save-sketch", sketch);
  set_action_enabled (self, "export-sketch-png", sketch);
  set_action_enabled (self, "export-sketch-svg", sketch);
}

static void
show_sketch_page (StpWindow *self)
{
  leave_consultation (self);
  gtk_stack_set_visible_child_name (self->content_stack, "sketch");
  reveal (self, self->content);
  update_title (self);
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (stp_sketch_page_get_canvas (self->sketch_page)));
}

typedef struct
{
  StpWindow *window;
  int        target;
  gint64     id;
} SketchLeave;

static void
sketch_leave_cb (gpointer data)
{
  SketchLeave *leave = data;

  leave_to (leave->window, leave->target, leave->id);
}

/* An unsaved drawing is never dropped silently either. */
static gboolean
confirm_leave_sketch (StpWindow *self,
                      int        target,
                      gint64     id)
{
  SketchLeave *leave = g_new (SketchLeave, 1);

  leave->window = self;
  leave->target = target;
  leave->id = id;
  if (stp_sketch_page_confirm_leave (sketch_page (self), sketch_leave_cb, leave, g_free))
    return TRUE;

  /* Staying for now: the list keeps pointing at the sketch's client. */
  select_id (self, page_client_id (self));
  return FALSE;
}

/* The original of one of the client's photos, or NULL with error. */
static char *
dup_photo_path (StpWindow  *self,
                gint64      photo_id,
                GError    **error)
{
  g_autoptr (StpPhoto) photo = stp_store_get_photo (self->store, photo_id, error);

  return photo != NULL ? stp_store_dup_photo_path (self->store, photo) : NULL;
}

static void
start_sketch (StpWindow *self,
              gint64     client_id,
              gint64     photo_id)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  if (photo_id != 0)
    {
      path = dup_photo_path (self, photo_id, &error);
      if (path == NULL)
        {
          toast_error (self, _("The photo could not be opened."), error);
          return;
        }
    }

  if (!stp_sketch_page_new_sketch (sketch_page (self), client_id, photo_id, path, &error))
    {
      toast_error (self, _("The sketch could not be started."), error);
      return;
    }
  show_sketch_page (self);
}

static void
sketch_photo_chosen_cb (StpSketchPhotoChooser *chooser,
                        gint64                 photo_id,
                        StpWindow             *self)
{
  gint64 client_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (chooser), "client-id"));

  /* The client may have been left while the chooser was open. */
  if (showing_client (self) && page_client_id (self) == client_id)
    start_sketch (self, client_id, photo_id);
}

static void
new_sketch_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  StpWindow *self = user_data;
  StpSketchPhotoChooser *chooser;
  gint64 client = page_client_id (self);

  if (client == 0 ||
      (stp_client_page_get_dirty (client_page (self)) && !save_current (self)))
    return;

  /* The hairline is drawn over one of the client's photos, so ask which; a client
   * without photos starts on plain paper straight away. */
  chooser = stp_sketch_photo_chooser_new (GTK_WINDOW (self), self->store, client);
  if (stp_sketch_photo_chooser_get_n_photos (chooser) == 0)
    {
      gtk_window_destroy (GTK_WINDOW (chooser));
      start_sketch (self, client, 0);
      return;
    }
  g_object_set_data (G_OBJECT (chooser), "client-id", GSIZE_TO_POINTER ((gsize) client));
  g_signal_connect_object (chooser, "chosen", G_CALLBACK (sketch_photo_chosen_cb), self, 0);
  gtk_window_present (GTK_WINDOW (chooser));
}

static void
open_sketch_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  StpWindow *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (StpSketchVersion) version = NULL;
  g_autofree char *path = NULL;
  gint64 id = g_variant_get_int64 (parameter);

  if (showing_client (self) && stp_client_page_get_dirty (client_page (self)) &&
      !save_current (self))
    return;

  version = stp_store_get_sketch_version (self->store, id, &error);
  if (version == NULL)
    {
      toast_error (self, _("This sketch could not be opened."), error);
      return;
    }

  /* A photo that cannot be found any more leaves the drawing on paper (the page says
   * so), rather than locking it away. */
  if (version->photo_id != 0)
    {
      g_autoptr (GError) photo_error = NULL;

      path = dup_photo_path (self, version->photo_id, &photo_error);
      if (path == NULL)
        g_warning ("The sketch's photo is gone: %s", photo_error->message);
    }

  if (!stp_sketch_page_open_version (sketch_page (self), id, path, &error))
    {
      toast_error (self, _("This sketch could not be opened."), error);
      return;
    }
  show_sketch_page (self);
}

static void
save_sketch_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  StpWindow *self = user_data;

  if (showing_sketch (self))
    stp_sketch_page_save (sketch_page (self), NULL, NULL);
}

static void
export_sketch_png_activated (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  StpWindow *self = user_data;

  if (showing_sketch (self))
    stp_sketch_page_export_png (sketch_page (self));
}

static void
export_sketch_svg_activated (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  StpWindow *self = user_data;

  if (showing_sketch (self))
    stp_sketch_page_export_svg (sketch_page (self));
}

/* The keyboard shortcuts window. GTK would build it with every application window if it
 * sat at gtk/help-overlay.ui; with some forty shortcuts that is the largest single cost
 * of the first frame, so it is built when someone asks for it (Ctrl+?). */
static void
show_help_overlay_activated (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  GtkApplicationWindow *self = user_data;
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (self);

  /* Once set, the window's own show-help-overlay action takes over from this one. */
  if (overlay == NULL)
    {
      g_autoptr (GtkBuilder) builder =
        gtk_builder_new_from_resource ("/org/stipple/Stipple/ui/shortcuts-window.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (self, overlay);
    }

  gtk_window_present (GTK_WINDOW (overlay));
}

static const GActionEntry win_actions[] = {
  { "show-help-overlay", show_help_overlay_activated },
  { "new-client", new_client_activated },
  { "find", find_activated },
  { "back", back_activated },
  { "save-client", save_client_activated },
  { "archive-client", archive_client_activated },
  { "restore-client", restore_client_activated },
  { "erase-client", erase_client_activated },
  { "undo-archive", undo_archive_activated, "x" },
  { "new-consultation", new_consultation_activated },
  { "import-photos", import_photos_activated },
  { "open-consultation", open_consultation_activated, "x" },
  { "log-session", log_session_activated },
  { "open-session", open_session_activated, "x" },
  { "save-session", save_session_activated },
  { "lot-recall", lot_recall_activated },
  { "show-archived", NULL, NULL, "false", change_show_archived_state },
  { "current-staff", NULL, "x", "int64 0", change_staff_state },
  { "sign-consent", sign_consent_activated, "x" },
  { "export-summary", export_summary_activated, "x" },
  { "print-summary", print_summary_activated, "x" },
  { "new-sketch", new_sketch_activated },
  { "open-sketch", open_sketch_activated, "x" },
  { "save-sketch", save_sketch_activated },
  { "export-sketch-png", export_sketch_png_activated },
  { "export-sketch-svg", export_sketch_svg_activated },
};

static gboolean
stp_window_close_request (GtkWindow *window)
{
  StpWindow *self = STP_WINDOW (window);
  int width, height;

  if (!self->close_confirmed && !confirm_leave (self, LEAVE_TO_CLOSE, 0))
    return TRUE;

  if (self->consultation_page != NULL)
    {
      g_autoptr (GError) error = NULL;

      if (!stp_consultation_page_flush (self->consultation_page, &error))
        g_warning ("The consultation draft could not be saved: %s", error->message);
    }
  remember_open_consultation (self);
  self->closing = TRUE;

  if (self->settings != NULL)
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_delay (self->settings);
      g_settings_set_boolean (self->settings, "window-maximized",
                              gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
      g_settings_apply (self->settings);
    }

  return GTK_WINDOW_CLASS (stp_window_parent_class)->close_request (window);
}

/* A draft that was open when Stipple last stopped opens again, scrolled to where it was
 * left. A consultation completed or erased since then is not reopened. */
static void
reopen_left_draft (StpWindow *self)
{
  g_autoptr (StpConsultation) consultation = NULL;
  g_autofree char *database = NULL;
  double scroll;
  gint64 id, client_id;

  if (self->settings == NULL)
    return;

  /* Both are read first: opening the page rewrites them as it goes. */
  id = g_settings_get_int64 (self->settings, "open-consultation");
  scroll = g_settings_get_double (self->settings, "open-consultation-scroll");
  database = g_settings_get_string (self->settings, "open-consultation-database");
  if (id <= 0 || g_strcmp0 (database, stp_store_get_path (self->store)) != 0)
    return;

  consultation = stp_store_get_consultation (self->store, id, NULL);
  if (consultation == NULL ||
      stp_consultation_get_status (consultation) != STP_CONSULTATION_STATUS_DRAFT)
    {
      g_settings_set_int64 (self->settings, "open-consultation", 0);
      return;
    }

  /* The client comes first, so that Back leads to them and the list shows whose it is. */
  client_id = stp_consultation_get_client_id (consultation);
  if (!show_client (self, client_id))
    return;
  select_id (self, client_id);
  if (!open_consultation (self, id))
    return;

  stp_consultation_page_restore_scroll_position (self->consultation_page, scroll);
}

static void
stp_window_constructed (GObject *object)
{
  StpWindow *self = STP_WINDOW (object);
  g_autoptr (GtkListItemFactory) factory = NULL;

  G_OBJECT_CLASS (stp_window_parent_class)->constructed (object);

  g_assert (STP_IS_STORE (self->store));

  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }


  /* The application reads the list on its opening thread, while GTK starts. */
  if (self->clients == NULL)
    self->clients = stp_client_list_new (self->store);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->clients)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (factory_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (factory_bind_cb), self);
  gtk_grid_view_set_factory (self->client_view, factory);
  gtk_grid_view_set_model (self->client_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (clients_items_changed_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self, 0);

  restore_staff (self);
  update_sidebar (self);
  show_empty (self);
  reopen_left_draft (self);

  /* Aftercare: the Follow-ups page, its sidebar entry and the reminder banner. */
  stp_window_aftercare_attach (self);
}

/* Aftercare: a reminder's "Open Client" (asks first when typed edits are unsaved). */
void
stp_window_open_client (StpWindow *self,
                        gint64     id)
{
  g_return_if_fail (STP_IS_WINDOW (self));

  if (confirm_leave (self, LEAVE_TO_CLIENT, id))
    leave_to (self, LEAVE_TO_CLIENT, id);
}

static void
stp_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  StpWindow *self = STP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_CLIENT_LIST:
      g_value_set_object (value, self->clients);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stp_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  StpWindow *self = STP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_CLIENT_LIST:
      self->clients = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stp_window_dispose (GObject *object)
{
  StpWindow *self = STP_WINDOW (object);

  g_clear_handle_id (&self->reselect_source, g_source_remove);
  if (self->recall_window != NULL)
    {
      GtkWidget *recall = self->recall_window;

      g_object_remove_weak_pointer (G_OBJECT (recall), (gpointer *)&self->recall_window);
      self->recall_window = NULL;
      gtk_window_destroy (GTK_WINDOW (recall));
    }
  if (self->client_view != NULL)
    gtk_grid_view_set_model (self->client_view, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), STP_TYPE_WINDOW);

  g_clear_object (&self->selection);
  g_clear_object (&self->clients);
  g_clear_object (&self->staff_menu);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (stp_window_parent_class)->dispose (object);
}

static void
stp_window_class_init (StpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = stp_window_constructed;
  object_class->get_property = stp_window_get_property;
  object_class->set_property = stp_window_set_property;
  object_class->dispose = stp_window_dispose;

  window_class->close_request = stp_window_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, STP_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The active clients of the store, already listed; made here when not given. */
  properties[PROP_CLIENT_LIST] =
    g_param_spec_object ("client-list", NULL, NULL, STP_TYPE_CLIENT_LIST,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/stipple/Stipple/ui/stp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, StpWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, StpWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, StpWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, StpWindow, content);
  gtk_widget_class_bind_template_child (widget_class, StpWindow, staff_button);
  gtk_widget_class_bind_template_child (widget_class, StpWindow, staff_label);
  gtk_widget_class_bind_template_child (widget_class, StpWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, StpWindow, scope_label);
  gtk_widget_class_bind_template_child (widget_class, StpWindow, limit_label);
  gtk_widget_class_bind_template_child (widget_class, StpWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, StpWindow, client_view);
  gtk_widget_class_bind_template_child (widget_class, StpWindow, sidebar_status);
  gtk_widget_class_bind_template_child (widget_class, StpWindow, first_client_button);
  gtk_widget_class_bind_template_child (widget_class, StpWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, StpWindow, client_menu_button);
  gtk_widget_class_bind_template_child (widget_class, StpWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, StpWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, StpWindow, client_menu);
  gtk_widget_class_bind_template_child (widget_class, StpWindow, save_button);
  gtk_widget_class_bind_template_child (widget_class, StpWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, StpWindow, content_status_title);
  gtk_widget_class_bind_template_child (widget_class, StpWindow, content_status_description);
  gtk_widget_class_bind_template_child (widget_class, StpWindow, client_page_bin);
  gtk_widget_class_bind_template_child (widget_class, StpWindow, consultation_page_bin);
  gtk_widget_class_bind_template_child (widget_class, StpWindow, sketch_page_bin);
  gtk_widget_class_bind_template_child (widget_class, StpWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, StpWindow, new_client_button);
  gtk_widget_class_bind_template_child (widget_class, StpWindow, save_status_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, client_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_cb);
}

static void
create_menu_popup_cb (GtkMenuButton *button,
                      gpointer       user_data)
{
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (user_data));
}

/* A menu's popover is built the first time it opens, not while the window opens: a menu
 * button given its model at once builds every item's widgets, and rebuilds them when the
 * model changes. */
static void
defer_menu (GtkMenuButton *button,
            GMenuModel    *model)
{
  gtk_menu_button_set_create_popup_func (button, create_menu_popup_cb,
                                         g_object_ref (model), g_object_unref);
}

static void
stp_window_init (StpWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Set here rather than in the template, where GTK would ask the X server where the
   * pointer is for each one (stp-tooltip.c). The staff button's is set with its label. */
  stp_widget_set_tooltip (self->new_client_button, _("New Client (Ctrl+N)"));
  stp_widget_set_tooltip (GTK_WIDGET (self->primary_menu_button), _("Main Menu"));
  stp_widget_set_tooltip (self->back_button, _("Back to the Client List"));
  stp_widget_set_tooltip (self->client_menu_button, _("Client Menu"));
  stp_widget_set_tooltip (self->save_button, _("Save the Client (Ctrl+S)"));

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions,
                                   G_N_ELEMENTS (win_actions), self);

  self->staff_menu = g_menu_new ();
  defer_menu (self->staff_button, G_MENU_MODEL (self->staff_menu));
  defer_menu (self->primary_menu_button, self->primary_menu);
  defer_menu (GTK_MENU_BUTTON (self->client_menu_button), self->client_menu);
}

StpWindow *
stp_window_new (GtkApplication *application,
                StpStore       *store,
                GSettings      *settings)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (STP_IS_STORE (store), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (STP_TYPE_WINDOW,
                       "application", application,
                       "store", store,
                       "settings", settings,
                       NULL);
}

/* The same, with the active clients already listed (by the application while GTK
 * started), which must be of the same store and not searched or archived. */
StpWindow *
stp_window_new_with_clients (GtkApplication *application,
                             StpStore       *store,
                             GSettings      *settings,
                             StpClientList  *clients)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (STP_IS_STORE (store), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (STP_IS_CLIENT_LIST (clients), NULL);
  g_return_val_if_fail (stp_client_list_get_store (clients) == store, NULL);

  return g_object_new (STP_TYPE_WINDOW,
                       "application", application,
                       "store", store,
                       "settings", settings,
                       "client-list", clients,
                       NULL);
}

StpStore *
stp_window_get_store (StpWindow *self)
{
  g_return_val_if_fail (STP_IS_WINDOW (self), NULL);

  return self->store;
}

GtkLabel *
stp_window_get_search_note (StpWindow *self)
{
  g_return_val_if_fail (STP_IS_WINDOW (self), NULL);

  return self->limit_label;
}

StpClientList *
stp_window_get_client_list (StpWindow *self)
{
  g_return_val_if_fail (STP_IS_WINDOW (self), NULL);

  return self->clients;
}

StpClientPage *
stp_window_get_client_page (StpWindow *self)
{
  g_return_val_if_fail (STP_IS_WINDOW (self), NULL);

  return client_page (self);
}

StpSessionPage *
stp_window_get_session_page (StpWindow *self)
{
  g_return_val_if_fail (STP_IS_WINDOW (self), NULL);

  return session_page (self);
}

GtkWidget *
stp_window_get_recall_window (StpWindow *self)
{
  g_return_val_if_fail (STP_IS_WINDOW (self), NULL);

  return self->recall_window;
}

StpConsultationPage *
stp_window_get_consultation_page (StpWindow *self)
{
  g_return_val_if_fail (STP_IS_WINDOW (self), NULL);

  return consultation_page (self);
}

StpSketchPage *
stp_window_get_sketch_page (StpWindow *self)
{
  g_return_val_if_fail (STP_IS_WINDOW (self), NULL);

  return sketch_page (self);
}

GtkEditable *
stp_window_get_search_entry (StpWindow *self)
{
  g_return_val_if_fail (STP_IS_WINDOW (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}

gint64
stp_window_get_current_id (StpWindow *self)
{
  g_return_val_if_fail (STP_IS_WINDOW (self), 0);

  return showing_client (self) ? page_client_id (self) : 0;
}

void
stp_window_add_toast (StpWindow *self,
                      AdwToast  *toast)
{
  g_return_if_fail (STP_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
