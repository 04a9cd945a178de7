/* stp-recall-window.c: "who got lot X?": a lot, an optional date range, the clients and
 * sessions that used it, and the list exported to CSV.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-recall"

#include "config.h"

#include <glib/gi18n.h>

#include "stp-recall-window.h"

struct _StpRecallWindow
{
  AdwWindow            parent_instance;

  StpStore            *store;
  GPtrArray           *hits;
  char                *lot;
  GPtrArray           *rows;
  GtkFileChooserNative *chooser;

  AdwToastOverlay     *toasts;
  AdwComboRow         *kind_row;
  AdwEntryRow         *lot_row;
  AdwEntryRow         *from_row;
  AdwEntryRow         *to_row;
  GtkLabel            *message_label;
  AdwPreferencesGroup *results_group;
  GtkWidget           *export_button;
};

G_DEFINE_FINAL_TYPE (StpRecallWindow, stp_recall_window, ADW_TYPE_WINDOW)

static void
show_message (StpRecallWindow *self,
              const char      *message)
{
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

/* ISO text of a typed date; "" when empty, NULL when it is not a date. */
static char *
read_date (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  GDate date;

  if (*text == '\0')
    return g_strdup ("");
  if (!stp_date_parse (text, &date))
    return NULL;
  return stp_date_to_iso (&date);
}

static void
clear_rows (StpRecallWindow *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->results_group, self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
}

void
stp_recall_window_search (StpRecallWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *from = read_date (self->from_row);
  g_autofree char *to = read_date (self->to_row);
  g_autofree char *description = NULL;
  StpLotKind kind = adw_combo_row_get_selected (self->kind_row) == 1 ? STP_LOT_NEEDLE
                                                                     : STP_LOT_PIGMENT;

  g_return_if_fail (STP_IS_RECALL_WINDOW (self));

  clear_rows (self);
  g_clear_pointer (&self->hits, g_ptr_array_unref);
  g_clear_pointer (&self->lot, g_free);
  gtk_widget_set_sensitive (self->export_button, FALSE);
  adw_preferences_group_set_description (self->results_group, NULL);

  if (from == NULL || to == NULL)
    {
      g_autofree char *example = stp_date_format_local ("2026-03-14");
      g_autofree char *message = g_strdup_printf (_("A date of the range is not a real date; "
                                                    "type it like %s, or leave it empty."),
                                                  example);
      show_message (self, message);
      return;
    }

  self->lot = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->lot_row))));
  self->hits = stp_store_recall (self->store, kind, self->lot, *from ? from : NULL,
                                 *to ? to : NULL, &error);
  if (self->hits == NULL)
    {
      show_message (self, error->message);
      return;
    }
  show_message (self, NULL);

  description = g_strdup_printf (_("%u clients, %u sessions with lot %s"),
                                 stp_recall_count_clients (self->hits), self->hits->len,
                                 self->lot);
  adw_preferences_group_set_description (self->results_group, description);
  gtk_widget_set_sensitive (self->export_button, self->hits->len > 0);

  for (guint i = 0; i < self->hits->len; i++)
    {
      StpRecallHit *hit = self->hits->pdata[i];
      g_autoptr(GDateTime) t = g_date_time_new_from_unix_local (hit->started_at);
      g_autofree char *iso = g_date_time_format (t, "%Y-%m-%d");
      g_autofree char *when = stp_date_format_local (iso);
      g_autofree char *title = NULL;
      g_autoptr(GString) subtitle = g_string_new (when);
      GtkWidget *row = adw_action_row_new ();

      title = *hit->family_name && *hit->given_name
              ? g_strdup_printf ("%s, %s", hit->family_name, hit->given_name)
              : g_strconcat (hit->family_name, hit->given_name, NULL);
      if (*hit->phone)
        g_string_append_printf (subtitle, " · %s", hit->phone);
      if (*hit->email)
        g_string_append_printf (subtitle, " · %s", hit->email);
      g_string_append_printf (subtitle, " · %s", hit->products);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      adw_preferences_group_add (self->results_group, row);
      g_ptr_array_add (self->rows, row);
    }

  if (self->hits->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("No logged session used this lot"));
      adw_preferences_group_add (self->results_group, row);
      g_ptr_array_add (self->rows, row);
    }
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     StpRecallWindow *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->hits != NULL)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = file != NULL ? g_file_get_path (file) : NULL;
      if (path == NULL)
        show_message (self, _("Choose a folder on this computer to save the list in."));
      else if (!stp_recall_write_csv (self->hits, self->lot, path, &error))
        show_message (self, error->message);
      else
        {
          g_autofree char *name = g_file_get_basename (file);
          g_autofree char *text = g_strdup_printf (_("Saved “%s”"), name);
          g_autofree char *escaped = g_markup_escape_text (text, -1);

          adw_toast_overlay_add_toast (self->toasts, adw_toast_new (escaped));
        }
    }
  g_clear_object (&self->chooser);
}

static void
export_clicked_cb (StpRecallWindow *self)
{
  g_autofree char *name = NULL;

  if (self->hits == NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Export Recall List"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                               _("_Cancel"));
  /* Translators: the suggested file name of a recall list; %s is the lot. */
  name = g_strdup_printf (_("recall-%s.csv"), self->lot);
  g_strdelimit (name, "/\\", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static AdwEntryRow *
entry_row (AdwPreferencesGroup *group,
           const char          *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_group_add (group, row);
  return ADW_ENTRY_ROW (row);
}

static void
stp_recall_window_dispose (GObject *object)
{
  StpRecallWindow *self = STP_RECALL_WINDOW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->store);
  g_clear_pointer (&self->hits, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->lot, g_free);

  G_OBJECT_CLASS (stp_recall_window_parent_class)->dispose (object);
}

static void
stp_recall_window_class_init (StpRecallWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = stp_recall_window_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
stp_recall_window_init (StpRecallWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *search_button;
  GtkStringList *kinds = gtk_string_list_new (NULL);
  AdwPreferencesGroup *g;

  self->rows = g_ptr_array_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Lot Recall"));
  gtk_window_set_default_size (GTK_WINDOW (self), 760, 640);

  self->export_button = gtk_button_new_with_mnemonic (_("_Export CSV…"));
  gtk_widget_set_sensitive (self->export_button, FALSE);
  gtk_widget_set_tooltip_text (self->export_button,
                               _("Save the list as a spreadsheet file (CSV)"));
  g_signal_connect_swapped (self->export_button, "clicked", G_CALLBACK (export_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->export_button);
  gtk_box_append (GTK_BOX (box), header);

  g = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (g, _("Lot"));
  adw_preferences_group_set_description (g, _("Every client treated with a pigment or needle "
                                               "lot, optionally between two dates."));
  gtk_string_list_append (kinds, _("Pigment lot"));
  gtk_string_list_append (kinds, _("Needle cartridge lot"));
  self->kind_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->kind_row), _("Product"));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  g_object_unref (kinds);
  adw_preferences_group_add (g, GTK_WIDGET (self->kind_row));
  self->lot_row = entry_row (g, _("Lot Number"));
  self->from_row = entry_row (g, _("From (optional)"));
  self->to_row = entry_row (g, _("To (optional)"));
  {
    g_autofree char *example = stp_date_format_local ("2026-03-14");
    /* Translators: %s is an example date in the local format, like 14/03/2026. */
    g_autofree char *hint = g_strdup_printf (_("e.g. %s"), example);

    for (AdwEntryRow **r = (AdwEntryRow *[]){ self->from_row, self->to_row, NULL }; *r; r++)
      {
        GtkWidget *label = gtk_label_new (hint);

        gtk_widget_add_css_class (label, "dim-label");
        adw_entry_row_add_suffix (*r, label);
      }
  }
  for (AdwEntryRow **r = (AdwEntryRow *[]){ self->lot_row, self->from_row, self->to_row, NULL };
       *r != NULL; r++)
    {
      adw_entry_row_set_activates_default (*r, FALSE);
      g_signal_connect_swapped (*r, "entry-activated", G_CALLBACK (stp_recall_window_search),
                                self);
    }
  search_button = gtk_button_new_with_mnemonic (_("_Search"));
  gtk_widget_add_css_class (search_button, "suggested-action");
  gtk_widget_set_valign (search_button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (search_button, "clicked", G_CALLBACK (stp_recall_window_search),
                            self);
  adw_preferences_group_set_header_suffix (g, search_button);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), g);

  self->message_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message_label, TRUE);
  gtk_label_set_xalign (self->message_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), FALSE);
  adw_preferences_group_add (g, GTK_WIDGET (self->message_label));

  self->results_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->results_group, _("Clients and Sessions"));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), self->results_group);

  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, box);
  adw_window_set_content (ADW_WINDOW (self), GTK_WIDGET (self->toasts));
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->lot_row));
}

GtkWidget *
stp_recall_window_new (GtkWindow *parent,
                       StpStore  *store)
{
  StpRecallWindow *self;

  g_return_val_if_fail (STP_IS_STORE (store), NULL);

  self = g_object_new (STP_TYPE_RECALL_WINDOW, "transient-for", parent,
                       "destroy-with-parent", TRUE, NULL);
  self->store = g_object_ref (store);
  return GTK_WIDGET (self);
}

GtkEditable *
stp_recall_window_get_lot_entry (StpRecallWindow *self)
{
  g_return_val_if_fail (STP_IS_RECALL_WINDOW (self), NULL);
  return GTK_EDITABLE (self->lot_row);
}

guint
stp_recall_window_get_n_results (StpRecallWindow *self)
{
  g_return_val_if_fail (STP_IS_RECALL_WINDOW (self), 0);
  return self->hits != NULL ? self->hits->len : 0;
}
