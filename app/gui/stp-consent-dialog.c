/* stp-consent-dialog.c: the client reads and signs the consent, or staff see the signed one.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "stp-consent-dialog"

#include "stp-consent-dialog.h"

#include <glib/gi18n.h>

struct _StpConsentDialog
{
  AdwWindow         parent_instance;

  StpStore         *store;
  gint64            consultation_id;
  gint64            text_id;        /* the version shown, and signed */
  gint64            signature_id;   /* the standing signature, 0 when none */

  /* Template widgets. */
  AdwWindowTitle   *window_title;
  GtkWidget        *sign_button;
  GtkLabel         *error_label;
  GtkLabel         *status_label;
  AdwPreferencesGroup *text_group;
  GtkLabel         *text_label;
  GtkStack         *stack;
  GtkSwitch        *photo_switch;
  GtkSwitch        *marketing_switch;
  AdwEntryRow      *name_row;
  StpSignaturePad  *pad;
  AdwActionRow     *signed_version_row;
  AdwActionRow     *signed_photo_row;
  AdwActionRow     *signed_marketing_row;
  AdwActionRow     *signed_name_row;
  AdwActionRow     *signed_time_row;
  GtkPicture       *signature_picture;
};

G_DEFINE_FINAL_TYPE (StpConsentDialog, stp_consent_dialog, ADW_TYPE_WINDOW)

static void
show_error (StpConsentDialog *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static char *
format_time (gint64 unix_seconds)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_local (unix_seconds);

  /* Translators: a date and time of day; see g_date_time_format. */
  return g_date_time_format (time, _("%x %H:%M"));
}

static void
set_row_value (AdwActionRow *row,
               const char   *value)
{
  adw_action_row_set_subtitle (row, value);
}

static void
update_sign_cb (StpConsentDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  g_autofree char *name = stp_text_strip_dup (text);
  gboolean can_sign = self->signature_id == 0 && self->text_id != 0 && name != NULL &&
                      !stp_signature_pad_is_empty (self->pad);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "consent.sign", can_sign);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "consent.revoke", self->signature_id != 0);
}

static gboolean
show_text (StpConsentDialog *self,
           StpConsentText   *text)
{
  g_autofree char *title = g_strdup_printf (_("Consent Text, Version %u"), text->version);
  g_autofree char *body = stp_summary_unwrap_text (text->body);

  self->text_id = text->id;
  adw_preferences_group_set_title (self->text_group, title);
  gtk_label_set_text (self->text_label, body);
  return TRUE;
}

static void
show_signed (StpConsentDialog    *self,
             StpConsentSignature *signature,
             StpConsentText      *text)
{
  g_autofree char *version = g_strdup_printf (_("Version %u"), text->version);
  g_autofree char *when = format_time (signature->signed_at);
  g_autoptr (GdkTexture) texture = NULL;

  show_text (self, text);
  set_row_value (self->signed_version_row, version);
  set_row_value (self->signed_photo_row, signature->photo_recording ? _("Yes") : _("No"));
  set_row_value (self->signed_marketing_row, signature->marketing_use ? _("Yes") : _("No"));
  set_row_value (self->signed_name_row, signature->signer_name);
  set_row_value (self->signed_time_row, when);
  texture = gdk_texture_new_from_bytes (signature->image_png, NULL);
  gtk_picture_set_paintable (self->signature_picture, GDK_PAINTABLE (texture));

  self->signature_id = signature->id;
  gtk_stack_set_visible_child_name (self->stack, "signed");
  gtk_widget_set_visible (self->sign_button, FALSE);
  adw_window_title_set_subtitle (self->window_title, _("Signed"));
}

/* Shows what the store holds: the standing consent, or the form to sign the current text. */
static void
load (StpConsentDialog *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (StpConsentSignature) signature = NULL;
  g_autoptr (StpConsentText) text = NULL;

  self->signature_id = 0;
  self->text_id = 0;
  show_error (self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);

  signature = stp_store_get_consent_signature (self->store, self->consultation_id, &error);
  if (signature == NULL && !g_error_matches (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND))
    {
      show_error (self, error->message);
      update_sign_cb (self);
      return;
    }
  g_clear_error (&error);

  if (signature != NULL && signature->revoked_at == 0)
    {
      text = stp_store_get_consent_text (self->store, signature->consent_text_id, &error);
      if (text == NULL)
        show_error (self, error->message);
      else
        show_signed (self, signature, text);
      update_sign_cb (self);
      return;
    }

  if (signature != NULL)
    {
      g_autofree char *when = format_time (signature->revoked_at);
      g_autofree char *note = g_strdup_printf (_("The consent signed earlier was revoked on "
                                                 "%s. The client can sign again below."),
                                               when);

      gtk_label_set_text (self->status_label, note);
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
    }

  text = stp_store_get_current_consent_text (self->store, &error);
  if (text == NULL)
    show_error (self, error->message);
  else
    show_text (self, text);

  gtk_stack_set_visible_child_name (self->stack, "sign");
  gtk_widget_set_visible (self->sign_button, TRUE);
  adw_window_title_set_subtitle (self->window_title, _("Not signed yet"));
  update_sign_cb (self);
}

static void
sign_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  StpConsentDialog *self = STP_CONSENT_DIALOG (widget);
  g_autoptr (StpConsentSignature) signature = stp_consent_signature_new ();
  g_autoptr (GError) error = NULL;

  signature->consultation_id = self->consultation_id;
  signature->consent_text_id = self->text_id;
  signature->photo_recording = gtk_switch_get_active (self->photo_switch);
  signature->marketing_use = gtk_switch_get_active (self->marketing_switch);
  signature->signer_name =
    stp_text_strip_dup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  signature->strokes_json = stp_signature_pad_dup_strokes_json (self->pad);
  signature->image_png = stp_signature_pad_render_png (self->pad, &error);

  /* On any refusal the form stays as it is, so nothing the client gave is lost. */
  if (signature->image_png == NULL ||
      stp_store_sign_consent (self->store, signature, &error) == 0)
    {
      show_error (self, error->message);
      return;
    }

  load (self);
}

static void
clear_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  StpConsentDialog *self = STP_CONSENT_DIALOG (widget);

  stp_signature_pad_clear (self->pad);
  gtk_widget_grab_focus (GTK_WIDGET (self->pad));
}

static void
revoke_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    StpConsentDialog *self)
{
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (response, "revoke") != 0)
    return;

  if (!stp_store_revoke_consent (self->store, self->signature_id,
                                 stp_store_get_actor (self->store), &error))
    {
      show_error (self, error->message);
      return;
    }

  load (self);
}

static void
revoke_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  StpConsentDialog *self = STP_CONSENT_DIALOG (widget);
  GtkWidget *dialog;

  if (stp_store_get_actor (self->store) == 0)
    {
      show_error (self, _("Choose who you are in the main window’s header bar first: the "
                          "record names who revoked the consent."));
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Revoke Consent?"),
                                   _("The signed consent stays on record, marked as revoked "
                                     "now and by you. The client can sign again later."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "revoke", _("_Revoke"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "revoke",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (revoke_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
stp_consent_dialog_dispose (GObject *object)
{
  StpConsentDialog *self = STP_CONSENT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), STP_TYPE_CONSENT_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (stp_consent_dialog_parent_class)->dispose (object);
}

static void
stp_consent_dialog_class_init (StpConsentDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stp_consent_dialog_dispose;

  g_type_ensure (STP_TYPE_SIGNATURE_PAD);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/stipple/Stipple/ui/stp-consent-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, StpConsentDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, StpConsentDialog, sign_button);
  gtk_widget_class_bind_template_child (widget_class, StpConsentDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, StpConsentDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, StpConsentDialog, text_group);
  gtk_widget_class_bind_template_child (widget_class, StpConsentDialog, text_label);
  gtk_widget_class_bind_template_child (widget_class, StpConsentDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, StpConsentDialog, photo_switch);
  gtk_widget_class_bind_template_child (widget_class, StpConsentDialog, marketing_switch);
  gtk_widget_class_bind_template_child (widget_class, StpConsentDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, StpConsentDialog, pad);
  gtk_widget_class_bind_template_child (widget_class, StpConsentDialog, signed_version_row);
  gtk_widget_class_bind_template_child (widget_class, StpConsentDialog, signed_photo_row);
  gtk_widget_class_bind_template_child (widget_class, StpConsentDialog, signed_marketing_row);
  gtk_widget_class_bind_template_child (widget_class, StpConsentDialog, signed_name_row);
  gtk_widget_class_bind_template_child (widget_class, StpConsentDialog, signed_time_row);
  gtk_widget_class_bind_template_child (widget_class, StpConsentDialog, signature_picture);
  gtk_widget_class_bind_template_callback (widget_class, update_sign_cb);

  gtk_widget_class_install_action (widget_class, "consent.sign", NULL, sign_activated);
  gtk_widget_class_install_action (widget_class, "consent.clear", NULL, clear_activated);
  gtk_widget_class_install_action (widget_class, "consent.revoke", NULL, revoke_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
stp_consent_dialog_init (StpConsentDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

StpConsentDialog *
stp_consent_dialog_new (GtkWindow *parent,
                        StpStore  *store,
                        gint64     consultation_id)
{
  StpConsentDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (STP_IS_STORE (store), NULL);

  self = g_object_new (STP_TYPE_CONSENT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->consultation_id = consultation_id;
  load (self);
  return self;
}

gint64
stp_consent_dialog_get_consultation_id (StpConsentDialog *self)
{
  g_return_val_if_fail (STP_IS_CONSENT_DIALOG (self), 0);
  return self->consultation_id;
}

StpSignaturePad *
stp_consent_dialog_get_pad (StpConsentDialog *self)
{
  g_return_val_if_fail (STP_IS_CONSENT_DIALOG (self), NULL);
  return self->pad;
}

GtkEditable *
stp_consent_dialog_get_name_entry (StpConsentDialog *self)
{
  g_return_val_if_fail (STP_IS_CONSENT_DIALOG (self), NULL);
  return GTK_EDITABLE (self->name_row);
}

GtkSwitch *
stp_consent_dialog_get_photo_switch (StpConsentDialog *self)
{
  g_return_val_if_fail (STP_IS_CONSENT_DIALOG (self), NULL);
  return self->photo_switch;
}

GtkSwitch *
stp_consent_dialog_get_marketing_switch (StpConsentDialog *self)
{
  g_return_val_if_fail (STP_IS_CONSENT_DIALOG (self), NULL);
  return self->marketing_switch;
}

const char *
stp_consent_dialog_get_error (StpConsentDialog *self)
{
  g_return_val_if_fail (STP_IS_CONSENT_DIALOG (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label))
         ? gtk_label_get_text (self->error_label) : "";
}

gboolean
stp_consent_dialog_is_signed (StpConsentDialog *self)
{
  g_return_val_if_fail (STP_IS_CONSENT_DIALOG (self), FALSE);
  return self->signature_id != 0;
}
