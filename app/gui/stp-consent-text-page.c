/* stp-consent-text-page.c
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "stp-consent-text-page"

#include "stp-consent-text-page.h"

#include <glib/gi18n.h>

struct _StpConsentTextPage
{
  AdwPreferencesPage   parent_instance;

  StpStore            *store;
  GPtrArray           *history_rows;   /* rows we added to history_group */

  GtkLabel            *version_label;
  GtkTextView         *text_view;
  GtkLabel            *error_label;
  GtkWidget           *save_button;
  AdwPreferencesGroup *history_group;
};

G_DEFINE_FINAL_TYPE (StpConsentTextPage, stp_consent_text_page, ADW_TYPE_PREFERENCES_PAGE)

static char *
describe_version (const StpConsentText *text)
{
  g_autofree char *when = NULL;

  /* The text shipped with Stipple has no author or time. */
  if (text->created_at == 0)
    return g_strdup_printf (_("Version %u, as shipped with Stipple"), text->version);

  when = stp_time_format_local (text->created_at);
  return g_strdup_printf (_("Version %u, saved %s"), text->version, when);
}

static void
show_error (StpConsentTextPage *self,
            const char         *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
clear_history (StpConsentTextPage *self)
{
  for (guint i = 0; i < self->history_rows->len; i++)
    adw_preferences_group_remove (self->history_group,
                                  g_ptr_array_index (self->history_rows, i));
  g_ptr_array_set_size (self->history_rows, 0);
}

/* An earlier version: its number and date, the text unfolding below. */
static GtkWidget *
history_row_new (const StpConsentText *text)
{
  g_autofree char *title = describe_version (text);
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *body = gtk_label_new (text->body);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_label_set_xalign (GTK_LABEL (body), 0);
  gtk_label_set_selectable (GTK_LABEL (body), TRUE);
  gtk_widget_set_margin_top (body, 12);
  gtk_widget_set_margin_bottom (body, 12);
  gtk_widget_set_margin_start (body, 12);
  gtk_widget_set_margin_end (body, 12);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), body);

  return row;
}

static void
load (StpConsentTextPage *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) texts = stp_store_list_consent_texts (self->store, &error);

  clear_history (self);

  if (texts == NULL || texts->len == 0)
    {
      gtk_label_set_label (self->version_label, _("No consent text yet."));
      if (error != NULL)
        show_error (self, error->message);
      return;
    }

  /* Newest first: the first is the current version, shown in the editor. */
  {
    const StpConsentText *current = g_ptr_array_index (texts, 0);
    g_autofree char *description = describe_version (current);

    gtk_label_set_label (self->version_label, description);
    stp_consent_text_page_set_text (self, current->body);
  }

  for (guint i = 1; i < texts->len; i++)
    {
      GtkWidget *row = history_row_new (g_ptr_array_index (texts, i));

      adw_preferences_group_add (self->history_group, row);
      g_ptr_array_add (self->history_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->history_group), texts->len > 1);
}

static void
update_permissions (StpConsentTextPage *self)
{
  gboolean admin = stp_store_actor_has_role (self->store, STP_STAFF_ROLE_ADMIN);

  gtk_text_view_set_editable (self->text_view, admin);
  gtk_widget_set_sensitive (self->save_button, admin);
  show_error (self, admin ? NULL : _("Only an administrator can change the consent text. "
                                     "Choose an administrator in the header bar first."));
}

gboolean
stp_consent_text_page_save (StpConsentTextPage *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (STP_IS_CONSENT_TEXT_PAGE (self), FALSE);


  text = stp_consent_text_page_dup_text (self);
  if (stp_store_add_consent_text (self->store, text, &error) == 0)
    {
      /* The editor keeps what was typed, so nothing is lost to a refusal. */
      show_error (self, error->message);
      return FALSE;
    }

  show_error (self, NULL);
  load (self);
  return TRUE;
}

static void
save_clicked_cb (StpConsentTextPage *self)
{
  stp_consent_text_page_save (self);
}

static void
stp_consent_text_page_dispose (GObject *object)
{
  StpConsentTextPage *self = (StpConsentTextPage *)object;

  g_clear_pointer (&self->history_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), STP_TYPE_CONSENT_TEXT_PAGE);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (stp_consent_text_page_parent_class)->dispose (object);
}

static void
stp_consent_text_page_class_init (StpConsentTextPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stp_consent_text_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/stp-consent-text-page.ui");
  gtk_widget_class_bind_template_child (widget_class, StpConsentTextPage, version_label);
  gtk_widget_class_bind_template_child (widget_class, StpConsentTextPage, text_view);
  gtk_widget_class_bind_template_child (widget_class, StpConsentTextPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, StpConsentTextPage, history_group);
  gtk_widget_class_bind_template_child (widget_class, StpConsentTextPage, save_button);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
}

static void
stp_consent_text_page_init (StpConsentTextPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->history_rows = g_ptr_array_new ();
}

GtkWidget *
stp_consent_text_page_new (StpStore *store)
{
  StpConsentTextPage *self;

  g_return_val_if_fail (STP_IS_STORE (store), NULL);

  self = g_object_new (STP_TYPE_CONSENT_TEXT_PAGE, NULL);
  self->store = g_object_ref (store);
  load (self);
  update_permissions (self);

  return GTK_WIDGET (self);
}

char *
stp_consent_text_page_dup_text (StpConsentTextPage *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (STP_IS_CONSENT_TEXT_PAGE (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
stp_consent_text_page_set_text (StpConsentTextPage *self,
                                const char         *text)
{
  g_return_if_fail (STP_IS_CONSENT_TEXT_PAGE (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view),
                            text != NULL ? text : "", -1);
}
