/* stp-client-page.c: the form that shows and edits one client.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "stp-client-page"

#include "stp-client-page.h"
#include "stp-consultation-page.h"
#include "stp-timeline.h"
#include "stp-photo-gallery.h"
#include "stp-sketch-versions.h"

#include <glib/gi18n.h>

#define N_FIELDS (STP_CLIENT_FIELD_NOTES + 1)

typedef struct
{
  GtkWidget *widget;       /* the AdwEntryRow, or the notes GtkTextView */
  GtkWidget *error_widget; /* the row or label that holds the message */
  GtkLabel  *error_label;
  GtkWidget *styled;       /* what gets the "error" style class */
  char      *error;        /* the message shown, or NULL */
  gboolean   edited;       /* typed into since loading: validate when focus leaves */
} FieldUi;

struct _StpClientPage
{
  AdwBin          parent_instance;

  StpStore       *store;
  StpClient      *client;
  char           *title;
  gboolean        loading;
  gboolean        dirty;
  FieldUi         fields[N_FIELDS];
  GPtrArray      *consultation_rows;
  guint           consultations_source;

  /* Template widgets. */
  GtkRevealer    *archived_revealer;
  AdwPreferencesPage *prefs_page;
  AdwAvatar      *avatar;
  GtkLabel       *heading_label;
  AdwEntryRow    *given_row;
  GtkWidget      *given_error_row;
  GtkLabel       *given_error_label;
  AdwEntryRow    *family_row;
  GtkWidget      *family_error_row;
  GtkLabel       *family_error_label;
  AdwEntryRow    *preferred_row;
  GtkWidget      *preferred_error_row;
  GtkLabel       *preferred_error_label;
  AdwEntryRow    *birth_row;
  GtkWidget      *birth_error_row;
  GtkLabel       *birth_error_label;
  GtkLabel       *birth_hint_label;
  AdwEntryRow    *phone_row;
  GtkWidget      *phone_error_row;
  GtkLabel       *phone_error_label;
  AdwEntryRow    *email_row;
  GtkWidget      *email_error_row;
  GtkLabel       *email_error_label;
  GtkFrame       *notes_frame;
  GtkTextView    *notes_view;
  GtkLabel       *notes_error_label;
  GtkSwitch      *photo_switch;
  GtkSwitch      *marketing_switch;
  AdwPreferencesGroup *record_group;
  StpTimeline    *timeline;          /* plan progress and the client's history */
  AdwActionRow   *created_row;
  AdwActionRow   *updated_row;
  AdwPreferencesGroup *flags_group;
  AdwActionRow   *flags_row;
  GtkImage       *flags_icon;
  AdwPreferencesGroup *consultations_group;
  StpSketchVersions   *sketch_versions;
  GtkWidget      *no_consultations_row;
  AdwPreferencesGroup *photos_group;
  StpPhotoGallery *photo_gallery;
};

G_DEFINE_FINAL_TYPE (StpClientPage, stp_client_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_TITLE,
  PROP_DIRTY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
get_notes_text (StpClientPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static const char *
get_field_text (StpClientPage  *self,
                StpClientField  field)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->fields[field].widget));
}

/* The birth date as the core should see it: ISO when it parses, else the raw text so the
 * core's validation explains what is wrong with it. */
static char *
dup_birth_date (StpClientPage *self)
{
  g_autofree char *text = NULL;
  GDate date;

  /* An untouched date stays exactly as stored: a locale's short format may drop the
   * century, and reading it back must not move a birthday by a hundred years. */
  if (self->client != NULL && !self->fields[STP_CLIENT_FIELD_BIRTH_DATE].edited)
    return g_strdup (stp_client_get_birth_date (self->client));

  text = stp_text_strip_dup (get_field_text (self, STP_CLIENT_FIELD_BIRTH_DATE));
  if (text == NULL)
    return NULL;

  g_date_clear (&date, 1);
  if (stp_date_parse (text, &date))
    return stp_date_to_iso (&date);

  return g_steal_pointer (&text);
}

/* A client holding what the form says now, on top of the loaded record. */
static StpClient *
build_client (StpClientPage *self)
{
  StpClient *client = self->client != NULL ? stp_client_copy (self->client) : stp_client_new ();
  g_autofree char *given = stp_text_strip_dup (get_field_text (self, STP_CLIENT_FIELD_GIVEN_NAME));
  g_autofree char *family =
    stp_text_strip_dup (get_field_text (self, STP_CLIENT_FIELD_FAMILY_NAME));
  g_autofree char *preferred =
    stp_text_strip_dup (get_field_text (self, STP_CLIENT_FIELD_PREFERRED_NAME));
  g_autofree char *birth = dup_birth_date (self);
  g_autofree char *phone = stp_text_strip_dup (get_field_text (self, STP_CLIENT_FIELD_PHONE));
  g_autofree char *email = stp_text_strip_dup (get_field_text (self, STP_CLIENT_FIELD_EMAIL));
  g_autofree char *notes_raw = get_notes_text (self);
  g_autofree char *notes_stripped = stp_text_strip_dup (notes_raw);

  stp_client_set_given_name (client, given);
  stp_client_set_family_name (client, family);
  stp_client_set_preferred_name (client, preferred);
  stp_client_set_birth_date (client, birth);
  stp_client_set_phone (client, phone);
  stp_client_set_email (client, email);
  /* Notes keep their inner layout; only a note of nothing but blanks becomes empty. */
  stp_client_set_notes (client, notes_stripped != NULL ? notes_raw : NULL);
  stp_client_set_photo_consent (client, gtk_switch_get_active (self->photo_switch));
  stp_client_set_marketing_consent (client, gtk_switch_get_active (self->marketing_switch));

  return client;
}

static void
set_field_error (StpClientPage  *self,
                 StpClientField  field,
                 const char     *message)
{
  FieldUi *ui = &self->fields[field];

  if (g_strcmp0 (ui->error, message) == 0)
    return;

  g_free (ui->error);
  ui->error = g_strdup (message);

  gtk_label_set_label (ui->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (ui->error_widget, message != NULL);

  if (message != NULL)
    {
      gtk_widget_add_css_class (ui->styled, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (ui->widget),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (ui->widget),
                                      GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                      ui->error_label, NULL,
                                      -1);
    }
  else
    {
      gtk_widget_remove_css_class (ui->styled, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (ui->widget), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (ui->widget),
                                     GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
    }
}

/* Checks one field against the core's rules and shows or clears its message. */
static gboolean
validate_field (StpClientPage  *self,
                StpClient      *client,
                StpClientField  field)
{
  g_autoptr (GError) error = NULL;

  if (stp_client_validate_field (client, field, NULL, &error))
    {
      set_field_error (self, field, NULL);
      return TRUE;
    }

  set_field_error (self, field, error->message);
  return FALSE;
}

/* The names depend on each other (one of them is required), so they are checked as one. */
static void
validate_one (StpClientPage  *self,
              StpClientField  field)
{
  g_autoptr (StpClient) client = build_client (self);

  if (field == STP_CLIENT_FIELD_GIVEN_NAME || field == STP_CLIENT_FIELD_FAMILY_NAME ||
      field == STP_CLIENT_FIELD_PREFERRED_NAME)
    {
      for (StpClientField f = STP_CLIENT_FIELD_GIVEN_NAME;
           f <= STP_CLIENT_FIELD_PREFERRED_NAME; f++)
        if (f == field || self->fields[f].error != NULL)
          validate_field (self, client, f);
      return;
    }

  validate_field (self, client, field);
}

static void
focus_field (StpClientPage  *self,
             StpClientField  field)
{
  gtk_widget_grab_focus (self->fields[field].widget);
}

static void
set_title (StpClientPage *self,
           const char    *title)
{
  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

static void
set_dirty (StpClientPage *self,
           gboolean       dirty)
{
  if (self->dirty == dirty)
    return;

  self->dirty = dirty;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
}

/* The heading follows the names as they are typed. */
static void
update_heading (StpClientPage *self)
{
  g_autoptr (StpClient) client = build_client (self);
  g_autofree char *name = NULL;

  if (stp_client_get_given_name (client) != NULL || stp_client_get_family_name (client) != NULL ||
      stp_client_get_preferred_name (client) != NULL)
    name = stp_client_dup_display_name (client);

  if (name != NULL && name[0] != '\0')
    {
      gtk_label_set_label (self->heading_label, name);
      adw_avatar_set_text (self->avatar, name);
    }
  else
    {
      gtk_label_set_label (self->heading_label, _("New Client"));
      adw_avatar_set_text (self->avatar, NULL);
    }
}

static void
update_record_rows (StpClientPage *self)
{
  g_autofree char *created = NULL;
  g_autofree char *updated = NULL;
  gboolean saved = self->client != NULL && stp_client_get_id (self->client) != 0;

  gtk_widget_set_visible (GTK_WIDGET (self->record_group), saved);
  gtk_revealer_set_reveal_child (self->archived_revealer,
                                 saved && stp_client_get_archived (self->client));

  if (!saved)
    {
      set_title (self, _("New Client"));
      return;
    }

  {
    g_autofree char *name = stp_client_dup_display_name (self->client);
    set_title (self, name);
  }

  created = stp_time_format_local (stp_client_get_created_at (self->client));
  updated = stp_time_format_local (stp_client_get_updated_at (self->client));
  adw_action_row_set_subtitle (self->created_row, created != NULL ? created : "");
  adw_action_row_set_subtitle (self->updated_row, updated != NULL ? updated : "");
}

/* Consultations: the client's visits, newest first, and the flags of the latest one. */

static const char *
status_label (StpConsultationStatus status)
{
  switch (status)
    {
    case STP_CONSULTATION_STATUS_COMPLETE:
      return _("Complete");
    case STP_CONSULTATION_STATUS_AMENDED:
      return _("Amended");
    case STP_CONSULTATION_STATUS_DRAFT:
    default:
      return _("Draft");
    }
}

static void
set_severity_class (GtkWidget *widget,
                    gboolean   blocks)
{
  gtk_widget_remove_css_class (widget, "error");
  gtk_widget_remove_css_class (widget, "warning");
  gtk_widget_add_css_class (widget, blocks ? "error" : "warning");
}

static void
show_latest_flags (StpClientPage   *self,
                   StpConsultation *latest)
{
  g_autoptr (GPtrArray) flags = NULL;
  g_autoptr (GString) questions = g_string_new (NULL);
  g_autofree char *summary = NULL;
  gboolean blocks = FALSE;

  if (latest != NULL)
    flags = stp_store_get_screening_flags (self->store, stp_consultation_get_id (latest),
                                           NULL, NULL);
  summary = stp_consultation_format_flags (flags, &blocks);
  gtk_widget_set_visible (GTK_WIDGET (self->flags_group), summary != NULL);
  if (summary == NULL)
    return;

  for (guint i = 0; i < flags->len; i++)
    {
      StpScreeningFlag *flag = g_ptr_array_index (flags, i);

      if (flag->cleared || flag->severity < STP_SEVERITY_CAUTION)
        continue;
      if (questions->len > 0)
        g_string_append (questions, "\n");
      g_string_append (questions, flag->question);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->flags_row), summary);
  adw_action_row_set_subtitle (self->flags_row, questions->len > 0 ? questions->str :
                               _("Every blocking flag is cleared."));
  gtk_image_set_from_icon_name (self->flags_icon, blocks ? "dialog-error-symbolic" :
                                "dialog-warning-symbolic");
  set_severity_class (GTK_WIDGET (self->flags_icon), blocks);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->flags_row), "x",
                                    stp_consultation_get_id (latest));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->flags_row), "win.open-consultation");
}

/* The client's sketch versions: the group lists and follows them by itself. */
static void
load_sketch_versions (StpClientPage *self)
{
  stp_sketch_versions_set_client (self->sketch_versions,
                                  self->client != NULL ? stp_client_get_id (self->client) : 0);
}

static void
load_consultations (StpClientPage *self)
{
  gint64 client_id = self->client != NULL ? stp_client_get_id (self->client) : 0;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GHashTable) names = NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < self->consultation_rows->len; i++)
    adw_preferences_group_remove (self->consultations_group,
                                  g_ptr_array_index (self->consultation_rows, i));
  g_ptr_array_set_size (self->consultation_rows, 0);

  gtk_widget_set_visible (GTK_WIDGET (self->consultations_group), client_id != 0);
  if (client_id == 0 || self->store == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->flags_group), FALSE);
      return;
    }

  list = stp_store_list_consultations (self->store, client_id, &error);
  if (list == NULL)
    {
      g_warning ("Could not list consultations: %s", error->message);
      list = g_ptr_array_new ();
    }

  gtk_widget_set_visible (self->no_consultations_row, list->len == 0);
  show_latest_flags (self, list->len > 0 ? g_ptr_array_index (list, 0) : NULL);

  names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < list->len; i++)
    {
      StpConsultation *c = g_ptr_array_index (list, i);
      gint64 consultant = stp_consultation_get_consultant_id (c);
      const char *name = g_hash_table_lookup (names, &consultant);
      g_autoptr (GPtrArray) flags = NULL;
      g_autofree char *date = stp_date_format_local (stp_consultation_get_date (c));
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *summary = NULL;
      gboolean blocks = FALSE;
      GtkWidget *row = adw_action_row_new ();

      if (name == NULL && consultant != 0)
        {
          g_autoptr (StpStaff) staff = stp_store_get_staff (self->store, consultant, NULL);

          name = staff != NULL ? stp_staff_get_name (staff) : _("Unknown consultant");
          g_hash_table_insert (names, g_memdup2 (&consultant, sizeof consultant),
                               g_strdup (name));
          name = g_hash_table_lookup (names, &consultant);
        }

      /* Translators: a consultation's date and its status, "14/03/2026 · Draft". */
      title = g_strdup_printf (_("%s · %s"), date != NULL ? date : "",
                               status_label (stp_consultation_get_status (c)));
      /* Translators: version number and consultant's name. */
      subtitle = g_strdup_printf (_("Version %u · %s"), stp_consultation_get_version (c),
                                  name != NULL ? name : _("No consultant"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      /* The target first: a name without its target would not match the action. */
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", stp_consultation_get_id (c));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-consultation");

      flags = stp_store_get_screening_flags (self->store, stp_consultation_get_id (c), NULL,
                                             NULL);
      summary = stp_consultation_format_flags (flags, &blocks);
      if (summary != NULL)
        {
          GtkWidget *label = gtk_label_new (summary);

          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_xalign (GTK_LABEL (label), 1);
          gtk_widget_add_css_class (label, "heading");
          set_severity_class (label, blocks);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));

      adw_preferences_group_add (self->consultations_group, row);
      g_ptr_array_add (self->consultation_rows, row);
    }
}

static gboolean
consultations_idle_cb (gpointer user_data)
{
  StpClientPage *self = user_data;

  self->consultations_source = 0;
  load_consultations (self);
  return G_SOURCE_REMOVE;
}

/* Autosaves arrive every second or so while a consultation is edited: coalesce them. */
static void
store_changed_cb (StpStore      *store,
                  StpEntity      entity,
                  gint64         id,
                  StpChangeKind  kind,
                  StpClientPage *self)
{
  if (entity != STP_ENTITY_CONSULTATION && entity != STP_ENTITY_STAFF)
    return;
  if (self->client == NULL || self->consultations_source != 0)
    return;

  self->consultations_source = g_idle_add (consultations_idle_cb, self);
}

static void
field_changed (StpClientPage  *self,
               StpClientField  field)
{
  if (self->loading)
    return;

  self->fields[field].edited = TRUE;
  set_dirty (self, TRUE);

  /* A shown message goes away as soon as the text is right; new ones wait for Save or
   * for the focus to leave, so nobody is scolded halfway through typing. */
  if (self->fields[field].error != NULL)
    validate_one (self, field);

  if (field <= STP_CLIENT_FIELD_PREFERRED_NAME)
    update_heading (self);
}

static void
entry_changed_cb (GtkEditable   *editable,
                  StpClientPage *self)
{
  for (StpClientField f = STP_CLIENT_FIELD_GIVEN_NAME; f < STP_CLIENT_FIELD_NOTES; f++)
    if (self->fields[f].widget == GTK_WIDGET (editable))
      field_changed (self, f);
}

static void
notes_changed_cb (GtkTextBuffer *buffer,
                  StpClientPage *self)
{
  field_changed (self, STP_CLIENT_FIELD_NOTES);
}

static void
switch_active_cb (StpClientPage *self)
{
  if (!self->loading)
    set_dirty (self, TRUE);
}

static void
focus_leave_cb (GtkEventControllerFocus *controller,
                StpClientPage           *self)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  for (StpClientField f = STP_CLIENT_FIELD_GIVEN_NAME; f < N_FIELDS; f++)
    if (self->fields[f].widget == widget && self->fields[f].edited)
      validate_one (self, f);
}

/* Photos: the gallery, and files dropped or pasted anywhere on the page. */

static void
load_photos (StpClientPage *self)
{
  gint64 client_id = self->client != NULL ? stp_client_get_id (self->client) : 0;

  gtk_widget_set_visible (GTK_WIDGET (self->photos_group), client_id != 0);
  stp_photo_gallery_set_client (self->photo_gallery, self->store, client_id);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         StpClientPage *self)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  for (GSList *l = g_value_get_boxed (value); l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);

  return stp_photo_gallery_import_files (self->photo_gallery, (GFile **)files->pdata,
                                         files->len);
}

static gboolean
paste_cb (GtkWidget *widget,
          GVariant  *args,
          gpointer   user_data)
{
  StpClientPage *self = STP_CLIENT_PAGE (widget);

  /* Text fields paste text themselves before this is reached. */
  return stp_photo_gallery_paste (self->photo_gallery);
}

StpPhotoGallery *
stp_client_page_get_photo_gallery (StpClientPage *self)
{
  g_return_val_if_fail (STP_IS_CLIENT_PAGE (self), NULL);

  return self->photo_gallery;
}

static void
set_entry_text (StpClientPage  *self,
                StpClientField  field,
                const char     *text)
{
  gtk_editable_set_text (GTK_EDITABLE (self->fields[field].widget), text != NULL ? text : "");
}

void
stp_client_page_load (StpClientPage *self,
                      StpClient     *client)
{
  g_autofree char *birth = NULL;
  GtkTextBuffer *buffer;

  g_return_if_fail (STP_IS_CLIENT_PAGE (self));
  g_return_if_fail (client == NULL || STP_IS_CLIENT (client));

  g_clear_object (&self->client);
  if (client != NULL)
    self->client = stp_client_copy (client);

  self->loading = TRUE;

  for (StpClientField f = STP_CLIENT_FIELD_GIVEN_NAME; f < N_FIELDS; f++)
    {
      set_field_error (self, f, NULL);
      self->fields[f].edited = FALSE;
    }

  if (client != NULL && stp_client_get_birth_date (client) != NULL)
    birth = stp_date_format_local (stp_client_get_birth_date (client));

  set_entry_text (self, STP_CLIENT_FIELD_GIVEN_NAME,
                  client ? stp_client_get_given_name (client) : NULL);
  set_entry_text (self, STP_CLIENT_FIELD_FAMILY_NAME,
                  client ? stp_client_get_family_name (client) : NULL);
  set_entry_text (self, STP_CLIENT_FIELD_PREFERRED_NAME,
                  client ? stp_client_get_preferred_name (client) : NULL);
  set_entry_text (self, STP_CLIENT_FIELD_BIRTH_DATE, birth);
  set_entry_text (self, STP_CLIENT_FIELD_PHONE, client ? stp_client_get_phone (client) : NULL);
  set_entry_text (self, STP_CLIENT_FIELD_EMAIL, client ? stp_client_get_email (client) : NULL);

  buffer = gtk_text_view_get_buffer (self->notes_view);
  gtk_text_buffer_set_text (buffer,
                            client && stp_client_get_notes (client) ?
                            stp_client_get_notes (client) : "",
                            -1);

  gtk_switch_set_active (self->photo_switch,
                         client != NULL && stp_client_get_photo_consent (client));
  gtk_switch_set_active (self->marketing_switch,
                         client != NULL && stp_client_get_marketing_consent (client));

  self->loading = FALSE;

  update_heading (self);
  update_record_rows (self);
  load_consultations (self);
  stp_timeline_set_client_id (self->timeline, client != NULL ? stp_client_get_id (client) : 0);
  load_photos (self);
  load_sketch_versions (self);
  set_dirty (self, FALSE);

  /* A new record starts at the top of the form. */
  {
    GtkAdjustment *adj = NULL;
    GtkWidget *scrolled = gtk_widget_get_first_child (GTK_WIDGET (self->prefs_page));

    if (GTK_IS_SCROLLED_WINDOW (scrolled))
      adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
    if (adj != NULL)
      gtk_adjustment_set_value (adj, 0);
  }
}

gboolean
stp_client_page_save (StpClientPage  *self,
                      gint64         *out_id,
                      GError        **error)
{
  g_autoptr (StpClient) client = NULL;
  g_autoptr (StpClient) saved = NULL;
  g_autoptr (GError) local_error = NULL;
  StpClientField first_bad = STP_CLIENT_FIELD_NONE;
  gint64 id;

  g_return_val_if_fail (STP_IS_CLIENT_PAGE (self), FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);

  client = build_client (self);

  for (StpClientField f = STP_CLIENT_FIELD_GIVEN_NAME; f < N_FIELDS; f++)
    if (!validate_field (self, client, f) && first_bad == STP_CLIENT_FIELD_NONE)
      first_bad = f;

  if (first_bad != STP_CLIENT_FIELD_NONE)
    {
      focus_field (self, first_bad);
      g_set_error_literal (error, STP_CLIENT_ERROR, STP_CLIENT_ERROR_INVALID_TEXT,
                           self->fields[first_bad].error);
      return FALSE;
    }

  if (stp_client_get_id (client) == 0)
    {
      id = stp_store_create_client (self->store, client, &local_error);
    }
  else
    {
      id = stp_client_get_id (client);
      if (!stp_store_update_client (self->store, client, &local_error))
        id = 0;
    }

  if (id <= 0)
    {
      /* The store judged a field differently from the form: point at it all the same. */
      if (local_error != NULL && local_error->domain == STP_CLIENT_ERROR)
        {
          g_autoptr (GError) field_error = NULL;

          if (!stp_client_validate (client, NULL, &first_bad, &field_error) &&
              first_bad != STP_CLIENT_FIELD_NONE)
            {
              set_field_error (self, first_bad, local_error->message);
              focus_field (self, first_bad);
            }
        }
      if (local_error == NULL)
        g_set_error_literal (&local_error, STP_STORE_ERROR, STP_STORE_ERROR_FAILED,
                             _("The database did not accept the change."));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* Read it back so the page shows exactly what was stored, times included. */
  saved = stp_store_get_client (self->store, id, NULL);
  stp_client_page_load (self, saved != NULL ? saved : client);

  if (out_id != NULL)
    *out_id = id;

  return TRUE;
}

void
stp_client_page_focus_first (StpClientPage *self)
{
  g_return_if_fail (STP_IS_CLIENT_PAGE (self));

  focus_field (self, STP_CLIENT_FIELD_GIVEN_NAME);
}

void
stp_client_page_set_store (StpClientPage *self,
                           StpStore      *store)
{
  g_return_if_fail (STP_IS_CLIENT_PAGE (self));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, 0);
  load_consultations (self);
  stp_timeline_set_store (self->timeline, store);
  load_photos (self);
  stp_sketch_versions_set_store (self->sketch_versions, store);
  load_sketch_versions (self);
}

StpClient *
stp_client_page_get_client (StpClientPage *self)
{
  g_return_val_if_fail (STP_IS_CLIENT_PAGE (self), NULL);

  return self->client;
}

StpTimeline *
stp_client_page_get_timeline (StpClientPage *self)
{
  g_return_val_if_fail (STP_IS_CLIENT_PAGE (self), NULL);

  return self->timeline;
}

gint64
stp_client_page_get_client_id (StpClientPage *self)
{
  g_return_val_if_fail (STP_IS_CLIENT_PAGE (self), 0);

  return self->client != NULL ? stp_client_get_id (self->client) : 0;
}

gboolean
stp_client_page_get_dirty (StpClientPage *self)
{
  g_return_val_if_fail (STP_IS_CLIENT_PAGE (self), FALSE);

  return self->dirty;
}

const char *
stp_client_page_get_title (StpClientPage *self)
{
  g_return_val_if_fail (STP_IS_CLIENT_PAGE (self), NULL);

  return self->title;
}

GtkWidget *
stp_client_page_get_field_widget (StpClientPage  *self,
                                  StpClientField  field)
{
  g_return_val_if_fail (STP_IS_CLIENT_PAGE (self), NULL);
  g_return_val_if_fail (field > STP_CLIENT_FIELD_NONE && field < N_FIELDS, NULL);

  return self->fields[field].widget;
}

const char *
stp_client_page_get_field_error (StpClientPage  *self,
                                 StpClientField  field)
{
  g_return_val_if_fail (STP_IS_CLIENT_PAGE (self), NULL);
  g_return_val_if_fail (field > STP_CLIENT_FIELD_NONE && field < N_FIELDS, NULL);

  return self->fields[field].error;
}

GtkWidget *
stp_client_page_new (void)
{
  return g_object_new (STP_TYPE_CLIENT_PAGE, NULL);
}

static void
setup_field (StpClientPage  *self,
             StpClientField  field,
             GtkWidget      *widget,
             GtkWidget      *error_widget,
             GtkLabel       *error_label,
             GtkWidget      *styled)
{
  FieldUi *ui = &self->fields[field];
  GtkEventController *focus = gtk_event_controller_focus_new ();

  ui->widget = widget;
  ui->error_widget = error_widget;
  ui->error_label = error_label;
  ui->styled = styled;

  g_signal_connect (focus, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (widget, focus);

  if (GTK_IS_EDITABLE (widget))
    g_signal_connect (widget, "changed", G_CALLBACK (entry_changed_cb), self);
}

static void
stp_client_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  StpClientPage *self = STP_CLIENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_DIRTY:
      g_value_set_boolean (value, self->dirty);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stp_client_page_dispose (GObject *object)
{
  StpClientPage *self = STP_CLIENT_PAGE (object);

  g_clear_handle_id (&self->consultations_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), STP_TYPE_CLIENT_PAGE);
  g_clear_pointer (&self->consultation_rows, g_ptr_array_unref);

  g_clear_object (&self->client);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (stp_client_page_parent_class)->dispose (object);
}

static void
stp_client_page_finalize (GObject *object)
{
  StpClientPage *self = STP_CLIENT_PAGE (object);

  for (guint i = 0; i < N_FIELDS; i++)
    g_free (self->fields[i].error);
  g_free (self->title);

  G_OBJECT_CLASS (stp_client_page_parent_class)->finalize (object);
}

static void
stp_client_page_class_init (StpClientPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = stp_client_page_get_property;
  object_class->dispose = stp_client_page_dispose;
  object_class->finalize = stp_client_page_finalize;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRTY] =
    g_param_spec_boolean ("dirty", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (STP_TYPE_PHOTO_GALLERY);
  g_type_ensure (STP_TYPE_SKETCH_VERSIONS);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/stipple/Stipple/ui/stp-client-page.ui");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, paste_cb, NULL);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, archived_revealer);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, prefs_page);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, avatar);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, heading_label);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, given_row);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, given_error_row);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, given_error_label);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, family_row);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, family_error_row);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, family_error_label);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, preferred_row);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, preferred_error_row);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, preferred_error_label);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, birth_row);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, birth_error_row);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, birth_error_label);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, birth_hint_label);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, phone_error_row);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, phone_error_label);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, email_error_row);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, email_error_label);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, notes_frame);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, notes_view);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, notes_error_label);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, photo_switch);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, marketing_switch);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, record_group);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, created_row);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, updated_row);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, flags_group);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, flags_row);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, flags_icon);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, consultations_group);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, sketch_versions);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, no_consultations_row);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, photos_group);
  gtk_widget_class_bind_template_child (widget_class, StpClientPage, photo_gallery);
  gtk_widget_class_bind_template_callback (widget_class, switch_active_cb);
}

static void
stp_client_page_init (StpClientPage *self)
{
  g_autofree char *example = NULL;
  g_autofree char *hint = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->consultation_rows = g_ptr_array_new ();

  /* The treatment group goes after the consultations, above the record's dates. */
  {
    g_autoptr(AdwPreferencesGroup) record = g_object_ref (self->record_group);

    self->timeline = STP_TIMELINE (stp_timeline_new ());
    adw_preferences_page_remove (self->prefs_page, record);
    adw_preferences_page_add (self->prefs_page, ADW_PREFERENCES_GROUP (self->timeline));
    adw_preferences_page_add (self->prefs_page, record);
  }

  {
    GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

    g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  }

  setup_field (self, STP_CLIENT_FIELD_GIVEN_NAME, GTK_WIDGET (self->given_row),
               self->given_error_row, self->given_error_label, GTK_WIDGET (self->given_row));
  setup_field (self, STP_CLIENT_FIELD_FAMILY_NAME, GTK_WIDGET (self->family_row),
               self->family_error_row, self->family_error_label, GTK_WIDGET (self->family_row));
  setup_field (self, STP_CLIENT_FIELD_PREFERRED_NAME, GTK_WIDGET (self->preferred_row),
               self->preferred_error_row, self->preferred_error_label,
               GTK_WIDGET (self->preferred_row));
  setup_field (self, STP_CLIENT_FIELD_BIRTH_DATE, GTK_WIDGET (self->birth_row),
               self->birth_error_row, self->birth_error_label, GTK_WIDGET (self->birth_row));
  setup_field (self, STP_CLIENT_FIELD_PHONE, GTK_WIDGET (self->phone_row),
               self->phone_error_row, self->phone_error_label, GTK_WIDGET (self->phone_row));
  setup_field (self, STP_CLIENT_FIELD_EMAIL, GTK_WIDGET (self->email_row),
               self->email_error_row, self->email_error_label, GTK_WIDGET (self->email_row));
  setup_field (self, STP_CLIENT_FIELD_NOTES, GTK_WIDGET (self->notes_view),
               GTK_WIDGET (self->notes_error_label), self->notes_error_label,
               GTK_WIDGET (self->notes_frame));

  g_signal_connect (gtk_text_view_get_buffer (self->notes_view), "changed",
                    G_CALLBACK (notes_changed_cb), self);

  /* Shows how a date may be typed, in this locale's own format. */
  example = stp_date_format_local ("1985-03-14");
  /* Translators: %s is an example date in the local format, like 14/03/1985. */
  hint = g_strdup_printf (_("e.g. %s"), example != NULL ? example : "1985-03-14");
  gtk_label_set_label (self->birth_hint_label, hint);

  stp_client_page_load (self, NULL);
}
