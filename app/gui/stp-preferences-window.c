/* stp-preferences-window.c: staff, clinic details and the data folder.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "stp-preferences"

#include "stp-preferences-window.h"
#include "stp-aftercare-prefs-page.h"  /* aftercare (issue 6) */
#include "stp-application.h"

#include "stp-consent-text-page.h"

#include <glib/gi18n.h>

struct _StpPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  StpStore             *store;
  GPtrArray            *staff_rows;
  gboolean              updating;

  /* Template widgets. */
  AdwEntryRow          *new_name_row;
  GtkWidget            *new_name_error_row;
  GtkLabel             *new_name_error_label;
  AdwComboRow          *new_role_row;
  AdwPreferencesGroup  *staff_group;
  AdwEntryRow          *clinic_name_row;
  AdwEntryRow          *clinic_address_row;
  AdwEntryRow          *clinic_phone_row;
  AdwActionRow         *data_dir_row;
  GtkLabel             *backup_label;
};

G_DEFINE_FINAL_TYPE (StpPreferencesWindow, stp_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

static void
toast (StpPreferencesWindow *self,
       const char           *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
}

static GListModel *
role_model_new (void)
{
  GtkStringList *roles = gtk_string_list_new (NULL);

  /* Positions in the list are the role values. */
  for (StpStaffRole role = 0; role < STP_STAFF_N_ROLES; role++)
    gtk_string_list_append (roles, stp_staff_role_get_label (role));

  return G_LIST_MODEL (roles);
}

static char *
dup_staff_subtitle (StpStaff *staff)
{
  if (stp_staff_get_active (staff))
    return g_strdup (stp_staff_role_get_label (stp_staff_get_role (staff)));

  /* Translators: a role, then a note that the person no longer works here. */
  return g_strdup_printf (_("%s · Inactive"),
                          stp_staff_role_get_label (stp_staff_get_role (staff)));
}

/* Writes one change to a staff member; on failure says why and returns FALSE. */
static gboolean
update_staff (StpPreferencesWindow *self,
              AdwExpanderRow       *expander,
              void                (*apply) (StpStaff *staff, gpointer data),
              gpointer              data)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (expander), "staff-id"));
  g_autoptr (GError) error = NULL;
  g_autoptr (StpStaff) staff = stp_store_get_staff (self->store, id, &error);
  g_autofree char *subtitle = NULL;
  gboolean ok;

  if (staff == NULL)
    {
      toast (self, error->message);
      return FALSE;
    }

  apply (staff, data);

  self->updating = TRUE;
  ok = stp_staff_validate (staff, &error) && stp_store_update_staff (self->store, staff, &error);
  self->updating = FALSE;

  if (!ok)
    {
      toast (self, error->message);
      return FALSE;
    }

  subtitle = dup_staff_subtitle (staff);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), stp_staff_get_name (staff));
  adw_expander_row_set_subtitle (expander, subtitle);
  return TRUE;
}

static void
apply_name (StpStaff *staff,
            gpointer  data)
{
  g_autofree char *name = stp_text_strip_dup (data);

  stp_staff_set_name (staff, name);
}

static void
apply_role (StpStaff *staff,
            gpointer  data)
{
  stp_staff_set_role (staff, GPOINTER_TO_UINT (data));
}

static void
apply_active (StpStaff *staff,
              gpointer  data)
{
  stp_staff_set_active (staff, GPOINTER_TO_UINT (data));
}

static void
staff_name_apply_cb (AdwEntryRow          *row,
                     StpPreferencesWindow *self)
{
  AdwExpanderRow *expander = g_object_get_data (G_OBJECT (row), "expander");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  if (!update_staff (self, expander, apply_name, (gpointer) text))
    {
      /* Put the stored name back; the message said what was wrong. */
      gtk_editable_set_text (GTK_EDITABLE (row),
                             adw_preferences_row_get_title (ADW_PREFERENCES_ROW (expander)));
    }
}

static void
staff_role_selected_cb (AdwComboRow          *row,
                        GParamSpec           *pspec,
                        StpPreferencesWindow *self)
{
  AdwExpanderRow *expander = g_object_get_data (G_OBJECT (row), "expander");
  guint role = adw_combo_row_get_selected (row);

  if (self->updating || role == GTK_INVALID_LIST_POSITION)
    return;

  update_staff (self, expander, apply_role, GUINT_TO_POINTER (role));
}

static void
staff_active_cb (GtkSwitch            *toggle,
                 GParamSpec           *pspec,
                 StpPreferencesWindow *self)
{
  AdwExpanderRow *expander = g_object_get_data (G_OBJECT (toggle), "expander");
  gboolean active = gtk_switch_get_active (toggle);

  if (self->updating)
    return;

  if (!update_staff (self, expander, apply_active, GUINT_TO_POINTER (active)))
    {
      self->updating = TRUE;
      gtk_switch_set_active (toggle, !active);
      self->updating = FALSE;
    }
}

static GtkWidget *
create_staff_row (StpPreferencesWindow *self,
                  StpStaff             *staff)
{
  g_autofree char *subtitle = dup_staff_subtitle (staff);
  g_autoptr (GListModel) roles = role_model_new ();
  GtkWidget *expander = adw_expander_row_new ();
  GtkWidget *name_row = adw_entry_row_new ();
  GtkWidget *role_row = adw_combo_row_new ();
  GtkWidget *active_row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  g_object_set_data (G_OBJECT (expander), "staff-id",
                     GSIZE_TO_POINTER ((gsize) stp_staff_get_id (staff)));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), stp_staff_get_name (staff));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (name_row), _("Name"));
  gtk_editable_set_text (GTK_EDITABLE (name_row), stp_staff_get_name (staff));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (name_row), TRUE);
  g_object_set_data (G_OBJECT (name_row), "expander", expander);
  g_signal_connect (name_row, "apply", G_CALLBACK (staff_name_apply_cb), self);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), name_row);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (role_row), _("Role"));
  adw_combo_row_set_model (ADW_COMBO_ROW (role_row), roles);
  adw_combo_row_set_selected (ADW_COMBO_ROW (role_row), stp_staff_get_role (staff));
  g_object_set_data (G_OBJECT (role_row), "expander", expander);
  g_signal_connect (role_row, "notify::selected", G_CALLBACK (staff_role_selected_cb), self);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), role_row);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (active_row), _("Works Here"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (active_row),
                               _("Only active staff can be chosen in the main window"));
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (toggle), stp_staff_get_active (staff));
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Works Here"),
                                  -1);
  g_object_set_data (G_OBJECT (toggle), "expander", expander);
  g_signal_connect (toggle, "notify::active", G_CALLBACK (staff_active_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (active_row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (active_row), toggle);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), active_row);

  return expander;
}

static void
reload_staff (StpPreferencesWindow *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) staff = stp_store_list_staff (self->store, TRUE, &error);

  for (guint i = 0; i < self->staff_rows->len; i++)
    adw_preferences_group_remove (self->staff_group, g_ptr_array_index (self->staff_rows, i));
  g_ptr_array_set_size (self->staff_rows, 0);

  if (staff == NULL)
    {
      toast (self, error->message);
      return;
    }

  if (staff->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No staff members yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Add the first one above."));
      adw_preferences_group_add (self->staff_group, row);
      g_ptr_array_add (self->staff_rows, row);
      return;
    }

  for (guint i = 0; i < staff->len; i++)
    {
      GtkWidget *row = create_staff_row (self, g_ptr_array_index (staff, i));

      adw_preferences_group_add (self->staff_group, row);
      g_ptr_array_add (self->staff_rows, row);
    }
}

static void
set_new_name_error (StpPreferencesWindow *self,
                    const char           *message)
{
  gtk_label_set_label (self->new_name_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (self->new_name_error_row, message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->new_name_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->new_name_row), "error");
}

static void
new_name_changed_cb (StpPreferencesWindow *self)
{
  set_new_name_error (self, NULL);
}

static void
add_staff_cb (StpPreferencesWindow *self)
{
  g_autofree char *name =
    stp_text_strip_dup (gtk_editable_get_text (GTK_EDITABLE (self->new_name_row)));
  guint role = adw_combo_row_get_selected (self->new_role_row);
  g_autoptr (StpStaff) staff = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  if (role == GTK_INVALID_LIST_POSITION)
    role = STP_STAFF_ROLE_PRACTITIONER;

  staff = stp_staff_new (name != NULL ? name : "", role);
  if (!stp_staff_validate (staff, &error) ||
      stp_store_create_staff (self->store, staff, &error) <= 0)
    {
      if (error != NULL && error->domain == STP_STAFF_ERROR)
        set_new_name_error (self, error->message);
      else
        toast (self, error != NULL ? error->message : _("The staff member was not added."));
      gtk_widget_grab_focus (GTK_WIDGET (self->new_name_row));
      return;
    }

  message = g_strdup_printf (_("%s added"), name);
  toast (self, message);
  gtk_editable_set_text (GTK_EDITABLE (self->new_name_row), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->new_name_row));
}

static void
clinic_apply_cb (StpPreferencesWindow *self,
                 AdwEntryRow          *row)
{
  const char *key;
  g_autofree char *value = stp_text_strip_dup (gtk_editable_get_text (GTK_EDITABLE (row)));
  g_autoptr (GError) error = NULL;

  if (row == self->clinic_name_row)
    key = "clinic-name";
  else if (row == self->clinic_address_row)
    key = "clinic-address";
  else
    key = "clinic-phone";

  if (!stp_store_set_setting (self->store, key, value, &error))
    {
      toast (self, error->message);
      return;
    }

  toast (self, _("Clinic details saved"));
}

static void
open_folder_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (StpPreferencesWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The folder could not be opened: %s"),
                                                  error->message);
      toast (self, message);
    }
}

static void
open_folder_cb (StpPreferencesWindow *self)
{
  g_autoptr (GFile) folder = g_file_new_for_path (stp_store_get_data_dir (self->store));
  g_autofree char *uri = g_file_get_uri (folder);

  gtk_show_uri_full (GTK_WINDOW (self), uri, GDK_CURRENT_TIME, NULL, open_folder_done_cb,
                     g_object_ref (self));
}

static void
store_changed_cb (StpStore             *store,
                  StpEntity             entity,
                  gint64                id,
                  StpChangeKind         kind,
                  StpPreferencesWindow *self)
{
  if (entity == STP_ENTITY_STAFF && !self->updating)
    reload_staff (self);
}

static void
load_setting (StpPreferencesWindow *self,
              AdwEntryRow          *row,
              const char           *key)
{
  g_autofree char *value = stp_store_get_setting (self->store, key);

  gtk_editable_set_text (GTK_EDITABLE (row), value != NULL ? value : "");
}

static void
load (StpPreferencesWindow *self)
{
  g_autofree char *escaped_dir = g_markup_escape_text (stp_store_get_data_dir (self->store), -1);
  g_autofree char *backup = NULL;

  reload_staff (self);

  load_setting (self, self->clinic_name_row, "clinic-name");
  load_setting (self, self->clinic_address_row, "clinic-address");
  load_setting (self, self->clinic_phone_row, "clinic-phone");

  adw_action_row_set_subtitle (self->data_dir_row, escaped_dir);

  backup = g_strdup_printf (_("To back up, quit Stipple (Ctrl+Q), then copy the whole data "
                              "folder to a USB drive or another computer. To restore, quit "
                              "Stipple and copy the folder back.\n\n"
                              "From a terminal, <tt>stipplectl check --data-dir %s</tt> "
                              "checks that the database is sound."),
                            escaped_dir);
  gtk_label_set_label (self->backup_label, backup);
}

static void
stp_preferences_window_dispose (GObject *object)
{
  StpPreferencesWindow *self = STP_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), STP_TYPE_PREFERENCES_WINDOW);

  g_clear_pointer (&self->staff_rows, g_ptr_array_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (stp_preferences_window_parent_class)->dispose (object);
}

static void
stp_preferences_window_class_init (StpPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stp_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/stipple/Stipple/ui/"
                                               "stp-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, StpPreferencesWindow, new_name_row);
  gtk_widget_class_bind_template_child (widget_class, StpPreferencesWindow, new_name_error_row);
  gtk_widget_class_bind_template_child (widget_class, StpPreferencesWindow,
                                        new_name_error_label);
  gtk_widget_class_bind_template_child (widget_class, StpPreferencesWindow, new_role_row);
  gtk_widget_class_bind_template_child (widget_class, StpPreferencesWindow, staff_group);
  gtk_widget_class_bind_template_child (widget_class, StpPreferencesWindow, clinic_name_row);
  gtk_widget_class_bind_template_child (widget_class, StpPreferencesWindow, clinic_address_row);
  gtk_widget_class_bind_template_child (widget_class, StpPreferencesWindow, clinic_phone_row);
  gtk_widget_class_bind_template_child (widget_class, StpPreferencesWindow, data_dir_row);
  gtk_widget_class_bind_template_child (widget_class, StpPreferencesWindow, backup_label);
  gtk_widget_class_bind_template_callback (widget_class, new_name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_staff_cb);
  gtk_widget_class_bind_template_callback (widget_class, clinic_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_folder_cb);
}

static void
stp_preferences_window_init (StpPreferencesWindow *self)
{
  g_autoptr (GListModel) roles = role_model_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->staff_rows = g_ptr_array_new ();
  adw_combo_row_set_model (self->new_role_row, roles);
  adw_combo_row_set_selected (self->new_role_row, STP_STAFF_ROLE_PRACTITIONER);
}

GtkWidget *
stp_preferences_window_new (StpStore  *store,
                            GtkWindow *parent)
{
  StpPreferencesWindow *self;

  g_return_val_if_fail (STP_IS_STORE (store), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (STP_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, 0);
  load (self);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (stp_consent_text_page_new (store)));
  /* Aftercare: background reminders, opening hours and protocols (issue 6). */
  {
    GApplication *app = g_application_get_default ();
    GSettings *settings = app != NULL && STP_IS_APPLICATION (app)
                          ? stp_application_get_settings (STP_APPLICATION (app)) : NULL;

    adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                                ADW_PREFERENCES_PAGE (stp_aftercare_prefs_page_new (store,
                                                                                    settings)));
  }

  return GTK_WIDGET (self);
}
