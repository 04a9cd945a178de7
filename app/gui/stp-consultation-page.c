/* stp-consultation-page.c: one consultation's intake, screening and plan, saved as typed.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "stp-consultation-page"

#include "stp-consultation-page.h"
#include "stp-text-area-row.h"

#include <glib/gi18n.h>
#include <math.h>

#define N_GOALS STP_N_GOALS
#define N_AREAS STP_N_AREAS

/* The free-text fields, each with its setter below. */
typedef enum
{
  TEXT_HAIR_COLOUR,
  TEXT_SCALP_TONE,
  TEXT_HAIRLINE_POSITION,
  TEXT_HAIRLINE_NOTES,
  TEXT_MEDICATION,
  TEXT_EXPECTATIONS,
  TEXT_NOTES,
} TextId;

typedef struct
{
  char            *key;
  char            *question;
  gboolean         asks_date;
  GtkToggleButton *buttons[3];  /* yes, no, unknown */
  AdwEntryRow     *date_row;
} QuestionUi;

struct _StpConsultationPage
{
  AdwBin               parent_instance;

  StpStore            *store;
  StpConsultation     *consultation;   /* what the editors show; the saver writes it */
  StpDraftSaver       *saver;
  GPtrArray           *questions;
  GPtrArray           *clearances;
  GPtrArray           *flags;
  GPtrArray           *question_uis;
  GPtrArray           *editor_groups;
  GPtrArray           *flag_rows;
  GPtrArray           *scar_rows;
  GPtrArray           *transplant_rows;
  GHashTable          *clearance_buttons;
  char                *save_status;
  char                *title;
  char                *message;
  gboolean             loading;
  gboolean             editable;
  double               pending_scroll;  /* where to scroll once laid out; -1: nowhere */

  /* Template widgets. */
  AdwPreferencesPage  *prefs_page;
  AdwPreferencesGroup *flags_group;
  GtkLabel            *heading_label;
  GtkLabel            *status_label;
  GtkProgressBar      *progress_bar;
  GtkLabel            *missing_label;
  GtkLabel            *message_label;
  GtkWidget           *complete_button;
  GtkWidget           *amend_button;
  GtkWidget           *consent_button;
  GtkWidget           *export_button;
  GtkWidget           *print_button;

  /* Built in code, in form order. */
  GtkCheckButton      *goal_checks[N_GOALS];
  GtkCheckButton      *area_checks[N_AREAS];
  AdwComboRow         *scale_row;
  AdwComboRow         *stage_row;
  AdwPreferencesGroup *scars_group;
  AdwComboRow         *scar_kind_row;
  AdwEntryRow         *scar_location_row;
  GtkSpinButton       *scar_length_spin;
  GtkSpinButton       *scar_width_spin;
  AdwComboRow         *phototype_row;
  AdwComboRow         *pigmentation_row;
  AdwComboRow         *wish_style_row;
  GtkWidget           *text_rows[TEXT_NOTES + 1];  /* entry rows or text area rows */
  AdwPreferencesGroup *transplants_group;
  AdwEntryRow         *transplant_kind_row;
  AdwEntryRow         *transplant_date_row;
  AdwEntryRow         *transplant_clinic_row;
  GtkSwitch           *prior_smp_switch;
  AdwEntryRow         *prior_provider_row;
  AdwComboRow         *satisfaction_row;
  GtkSwitch           *laser_switch;
  AdwEntryRow         *laser_date_row;
  AdwPreferencesGroup *screening_group;
  GtkSpinButton       *sessions_spin;
  GtkSpinButton       *spacing_spin;
  GtkSpinButton       *hours_spin;
  AdwEntryRow         *price_row;
  GtkLabel            *price_label;
  AdwEntryRow         *deposit_row;
  GtkLabel            *deposit_label;
  AdwEntryRow         *shade_row;
  AdwEntryRow         *dilution_row;
  AdwComboRow         *plan_style_row;
  StpTextAreaRow      *plan_notes_row;

  GtkWidget           *error_rows[STP_CONSULTATION_N_FIELDS];
  GtkLabel            *error_labels[STP_CONSULTATION_N_FIELDS];
};

G_DEFINE_FINAL_TYPE (StpConsultationPage, stp_consultation_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SAVE_STATUS,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh (StpConsultationPage *self);

static void
question_ui_free (gpointer data)
{
  QuestionUi *ui = data;

  g_free (ui->key);
  g_free (ui->question);
  g_free (ui);
}

char *
stp_consultation_format_flags (GPtrArray *flags,
                               gboolean  *blocks)
{
  guint contra = 0, clearance = 0, caution = 0, cleared = 0;
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (blocks != NULL)
    *blocks = flags != NULL && stp_screening_blocks_booking (flags);

  for (guint i = 0; flags != NULL && i < flags->len; i++)
    {
      StpScreeningFlag *flag = g_ptr_array_index (flags, i);

      if (flag->cleared && flag->severity >= STP_SEVERITY_NEEDS_CLEARANCE)
        cleared++;
      else if (flag->severity == STP_SEVERITY_CONTRAINDICATION)
        contra++;
      else if (flag->severity == STP_SEVERITY_NEEDS_CLEARANCE)
        clearance++;
      else if (flag->severity == STP_SEVERITY_CAUTION)
        caution++;
    }

  if (contra > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%u contraindication",
                                                          "%u contraindications", contra),
                                             contra));
  if (clearance > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%u needs clearance",
                                                          "%u need clearance", clearance),
                                             clearance));
  if (caution > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%u caution", "%u cautions",
                                                          caution),
                                             caution));
  if (cleared > 0)
    g_ptr_array_add (parts, g_strdup_printf (_("%u cleared"), cleared));

  if (parts->len == 0)
    return NULL;

  g_ptr_array_add (parts, NULL);
  /* Translators: separates the counts of medical flags, as in "2 cautions · 1 cleared". */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}

/* Small helpers to build the form. */

static void
label_accessible (GtkWidget  *widget,
                  const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
}

static AdwPreferencesGroup *
add_group (StpConsultationPage *self,
           const char          *title,
           const char          *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  adw_preferences_page_add (self->prefs_page, ADW_PREFERENCES_GROUP (group));
  g_ptr_array_add (self->editor_groups, group);
  return ADW_PREFERENCES_GROUP (group);
}

static void
add_error_row (StpConsultationPage  *self,
               AdwPreferencesGroup  *group,
               StpConsultationField  field)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_visible (row, FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_widget_add_css_class (row, "stp-error-row");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_add_css_class (label, "caption");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  adw_preferences_group_add (group, row);

  self->error_rows[field] = row;
  self->error_labels[field] = GTK_LABEL (label);
}

static void
set_field_error (StpConsultationPage  *self,
                 StpConsultationField  field,
                 const char           *message)
{
  if (self->error_rows[field] == NULL)
    return;

  gtk_label_set_label (self->error_labels[field], message != NULL ? message : "");
  gtk_widget_set_visible (self->error_rows[field], message != NULL);
}

static GtkCheckButton *
add_check_row (AdwPreferencesGroup *group,
               const char          *title,
               GCallback            callback,
               gpointer             user_data)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  label_accessible (check, title);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_signal_connect_swapped (check, "toggled", callback, user_data);
  adw_preferences_group_add (group, row);
  return GTK_CHECK_BUTTON (check);
}

static AdwComboRow *
add_combo_row (AdwPreferencesGroup *group,
               const char          *title,
               const char * const  *items,
               GCallback            callback,
               gpointer             user_data)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr (GtkStringList) model = gtk_string_list_new (items);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  if (callback != NULL)
    g_signal_connect_swapped (row, "notify::selected", callback, user_data);
  adw_preferences_group_add (group, row);
  return ADW_COMBO_ROW (row);
}

static AdwEntryRow *
add_entry_row (AdwPreferencesGroup *group,
               const char          *title,
               GCallback            callback,
               gpointer             user_data)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (callback != NULL)
    g_signal_connect_swapped (row, "changed", callback, user_data);
  adw_preferences_group_add (group, row);
  return ADW_ENTRY_ROW (row);
}

static GtkSpinButton *
add_spin_row (AdwPreferencesGroup *group,
              const char          *title,
              const char          *subtitle,
              double               max,
              double               step,
              guint                digits,
              GCallback            callback,
              gpointer             user_data)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (0, max, step);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  label_accessible (spin, title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  if (callback != NULL)
    g_signal_connect_swapped (spin, "value-changed", callback, user_data);
  adw_preferences_group_add (group, row);
  return GTK_SPIN_BUTTON (spin);
}

static GtkSwitch *
add_switch_row (AdwPreferencesGroup *group,
                const char          *title,
                GCallback            callback,
                gpointer             user_data)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *sw = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  label_accessible (sw, title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  g_signal_connect_swapped (sw, "notify::active", callback, user_data);
  adw_preferences_group_add (group, row);
  return GTK_SWITCH (sw);
}

/* A multi-line field, with the entry rows' "changed" signal. */
static StpTextAreaRow *
add_text_area_row (AdwPreferencesGroup *group,
                   const char          *title,
                   GCallback            callback,
                   gpointer             user_data)
{
  GtkWidget *row = stp_text_area_row_new (title);

  if (callback != NULL)
    g_signal_connect_swapped (row, "changed", callback, user_data);
  adw_preferences_group_add (group, row);
  return STP_TEXT_AREA_ROW (row);
}

/* The text of a field that is either an entry row or a text area row, stripped; NULL
 * when empty. */
static char *
field_text (GtkWidget *field)
{
  g_autofree char *text = NULL;

  if (STP_IS_TEXT_AREA_ROW (field))
    {
      text = stp_text_area_row_dup_text (STP_TEXT_AREA_ROW (field));
      return stp_text_strip_dup (text);
    }
  return stp_text_strip_dup (gtk_editable_get_text (GTK_EDITABLE (field)));
}

static void
set_field_text (GtkWidget  *field,
                const char *text)
{
  if (STP_IS_TEXT_AREA_ROW (field))
    stp_text_area_row_set_text (STP_TEXT_AREA_ROW (field), text);
  else
    gtk_editable_set_text (GTK_EDITABLE (field), text != NULL ? text : "");
}

static void
set_entry (AdwEntryRow *row,
           const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static char *
entry_text (AdwEntryRow *row)
{
  return stp_text_strip_dup (gtk_editable_get_text (GTK_EDITABLE (row)));
}

/* A typed date as ISO. Empty gives TRUE and NULL; a date that does not parse gives FALSE
 * and a message. */
static gboolean
parse_date (AdwEntryRow  *row,
            char        **iso,
            char        **message)
{
  g_autofree char *text = entry_text (row);
  g_autofree char *example = stp_date_format_local ("2025-03-14");
  GDate date;

  *iso = NULL;
  if (text == NULL)
    return TRUE;

  g_date_clear (&date, 1);
  if (stp_date_parse (text, &date))
    {
      *iso = stp_date_to_iso (&date);
      return TRUE;
    }

  /* Translators: the first %s is what was typed, the second an example date. */
  *message = g_strdup_printf (_("“%s” is not a date. Type it like %s."), text,
                              example != NULL ? example : "2025-03-14");
  return FALSE;
}

static char *
format_date (const char *iso)
{
  return iso != NULL ? stp_date_format_local (iso) : NULL;
}

/* Editing: every change goes to the consultation when the core accepts it, and the
 * draft saver writes it shortly after. A value the core refuses is shown under its field
 * and kept out of the record, so the draft can always be saved. */

static gboolean
check_probe (StpConsultationPage  *self,
             StpConsultation      *probe,
             StpConsultationField  field)
{
  g_autoptr (GError) error = NULL;

  if (stp_consultation_validate_field (probe, field, NULL, &error))
    {
      set_field_error (self, field, NULL);
      return TRUE;
    }

  set_field_error (self, field, error->message);
  return FALSE;
}

static void
set_text (StpConsultation *c,
          TextId           id,
          const char      *text)
{
  switch (id)
    {
    case TEXT_HAIR_COLOUR:
      stp_consultation_set_hair_colour (c, text);
      break;
    case TEXT_SCALP_TONE:
      stp_consultation_set_scalp_tone (c, text);
      break;
    case TEXT_HAIRLINE_POSITION:
      stp_consultation_set_hairline_position (c, text);
      break;
    case TEXT_HAIRLINE_NOTES:
      stp_consultation_set_hairline_notes (c, text);
      break;
    case TEXT_MEDICATION:
      stp_consultation_set_medication (c, text);
      break;
    case TEXT_EXPECTATIONS:
      stp_consultation_set_expectations (c, text);
      break;
    case TEXT_NOTES:
    default:
      stp_consultation_set_notes (c, text);
      break;
    }
}

static StpConsultationField
text_field (TextId id)
{
  static const StpConsultationField fields[] = {
    STP_CONSULTATION_FIELD_HAIR_COLOUR, STP_CONSULTATION_FIELD_SCALP_TONE,
    STP_CONSULTATION_FIELD_HAIRLINE, STP_CONSULTATION_FIELD_HAIRLINE,
    STP_CONSULTATION_FIELD_MEDICATION, STP_CONSULTATION_FIELD_EXPECTATIONS,
    STP_CONSULTATION_FIELD_NOTES,
  };
  return fields[id];
}

static void
text_changed_cb (GtkWidget           *row,
                 StpConsultationPage *self)
{
  TextId id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "stp-text-id"));
  g_autofree char *text = NULL;
  g_autoptr (StpConsultation) probe = NULL;

  if (self->loading || self->consultation == NULL)
    return;

  text = field_text (row);
  probe = stp_consultation_copy (self->consultation);
  set_text (probe, id, text);
  if (check_probe (self, probe, text_field (id)))
    set_text (self->consultation, id, text);
}

static void
goals_toggled_cb (StpConsultationPage *self)
{
  StpGoals goals = 0;

  if (self->loading || self->consultation == NULL)
    return;

  for (guint i = 0; i < N_GOALS; i++)
    if (gtk_check_button_get_active (self->goal_checks[i]))
      goals |= 1 << i;
  stp_consultation_set_goals (self->consultation, goals);
}

static void
areas_toggled_cb (StpConsultationPage *self)
{
  StpAreas areas = 0;

  if (self->loading || self->consultation == NULL)
    return;

  for (guint i = 0; i < N_AREAS; i++)
    if (gtk_check_button_get_active (self->area_checks[i]))
      areas |= 1 << i;
  stp_consultation_set_areas (self->consultation, areas);
}

/* The stage list follows the scale: "Not staged yet" first, then its stages. */
static void
fill_stages (StpConsultationPage *self,
             StpStagingScale      scale)
{
  const char * const *stages = stp_staging_scale_get_stages (scale);
  g_autoptr (GtkStringList) model = gtk_string_list_new (NULL);

  gtk_string_list_append (model, _("Not staged yet"));
  for (guint i = 0; stages != NULL && stages[i] != NULL; i++)
    {
      if (scale == STP_STAGING_NORWOOD)
        {
          g_autofree char *label = g_strdup_printf (_("Norwood %s"), stages[i]);
          gtk_string_list_append (model, label);
        }
      else if (scale == STP_STAGING_LUDWIG)
        {
          g_autofree char *label = g_strdup_printf (_("Ludwig %s"), stages[i]);
          gtk_string_list_append (model, label);
        }
      else if (g_str_equal (stages[i], "areata"))
        gtk_string_list_append (model, _("Alopecia areata"));
      else if (g_str_equal (stages[i], "totalis"))
        gtk_string_list_append (model, _("Alopecia totalis"));
      else if (g_str_equal (stages[i], "universalis"))
        gtk_string_list_append (model, _("Alopecia universalis"));
      else
        gtk_string_list_append (model, stages[i]);
    }

  adw_combo_row_set_model (self->stage_row, G_LIST_MODEL (model));
  gtk_widget_set_sensitive (GTK_WIDGET (self->stage_row), scale != STP_STAGING_NONE);
}

static void
apply_staging (StpConsultationPage *self)
{
  StpStagingScale scale = adw_combo_row_get_selected (self->scale_row);
  guint stage_index = adw_combo_row_get_selected (self->stage_row);
  const char * const *stages = stp_staging_scale_get_stages (scale);
  const char *stage = NULL;
  g_autoptr (StpConsultation) probe = stp_consultation_copy (self->consultation);

  if (stage_index != GTK_INVALID_LIST_POSITION && stage_index > 0 &&
      stage_index <= g_strv_length ((char **) stages))
    stage = stages[stage_index - 1];

  stp_consultation_set_staging (probe, scale, stage);
  if (check_probe (self, probe, STP_CONSULTATION_FIELD_STAGING))
    stp_consultation_set_staging (self->consultation, scale, stage);
}

static void
scale_selected_cb (StpConsultationPage *self)
{
  gboolean was_loading = self->loading;

  /* A new scale has new stages: the list is rebuilt and starts at "Not staged yet". */
  self->loading = TRUE;
  fill_stages (self, adw_combo_row_get_selected (self->scale_row));
  self->loading = was_loading;

  if (!self->loading && self->consultation != NULL)
    apply_staging (self);
}

static void
stage_selected_cb (StpConsultationPage *self)
{
  if (!self->loading && self->consultation != NULL)
    apply_staging (self);
}

static void
phototype_selected_cb (StpConsultationPage *self)
{
  if (!self->loading && self->consultation != NULL)
    stp_consultation_set_phototype (self->consultation,
                                    adw_combo_row_get_selected (self->phototype_row));
}

static void
pigmentation_selected_cb (StpConsultationPage *self)
{
  if (!self->loading && self->consultation != NULL)
    stp_consultation_set_pigmentation (self->consultation,
                                       adw_combo_row_get_selected (self->pigmentation_row));
}

static void
wish_style_selected_cb (StpConsultationPage *self)
{
  if (!self->loading && self->consultation != NULL)
    stp_consultation_set_hairline_style (self->consultation,
                                         adw_combo_row_get_selected (self->wish_style_row));
}

static void
prior_smp_changed_cb (StpConsultationPage *self)
{
  gboolean had = gtk_switch_get_active (self->prior_smp_switch);
  g_autofree char *provider = entry_text (self->prior_provider_row);
  guint satisfaction = adw_combo_row_get_selected (self->satisfaction_row);
  g_autoptr (StpConsultation) probe = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->prior_provider_row), had);
  gtk_widget_set_sensitive (GTK_WIDGET (self->satisfaction_row), had);

  if (self->loading || self->consultation == NULL)
    return;

  if (satisfaction == GTK_INVALID_LIST_POSITION)
    satisfaction = 0;
  probe = stp_consultation_copy (self->consultation);
  stp_consultation_set_prior_smp (probe, had, provider, satisfaction);
  if (check_probe (self, probe, STP_CONSULTATION_FIELD_PRIOR_SMP))
    stp_consultation_set_prior_smp (self->consultation, had, provider, satisfaction);
}

static void
laser_changed_cb (StpConsultationPage *self)
{
  gboolean had = gtk_switch_get_active (self->laser_switch);
  g_autofree char *iso = NULL;
  g_autofree char *message = NULL;
  g_autoptr (StpConsultation) probe = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->laser_date_row), had);

  if (self->loading || self->consultation == NULL)
    return;

  if (!parse_date (self->laser_date_row, &iso, &message))
    {
      set_field_error (self, STP_CONSULTATION_FIELD_LASER, message);
      return;
    }

  probe = stp_consultation_copy (self->consultation);
  stp_consultation_set_laser_removal (probe, had, iso);
  if (check_probe (self, probe, STP_CONSULTATION_FIELD_LASER))
    stp_consultation_set_laser_removal (self->consultation, had, iso);
}

/* Scars and transplants: lists shown as rows with a remove button. */

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static GtkWidget *
remove_button (const char *accessible,
               GCallback   callback,
               gpointer    user_data,
               guint       index)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, accessible);
  label_accessible (button, accessible);
  g_object_set_data (G_OBJECT (button), "stp-index", GUINT_TO_POINTER (index));
  g_signal_connect (button, "clicked", callback, user_data);
  return button;
}

static void
remove_scar_cb (GtkButton           *button,
                StpConsultationPage *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "stp-index"));

  if (self->consultation != NULL)
    stp_consultation_remove_scar (self->consultation, index);
}

static void
remove_transplant_cb (GtkButton           *button,
                      StpConsultationPage *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "stp-index"));

  if (self->consultation != NULL)
    stp_consultation_remove_transplant (self->consultation, index);
}

/* The list rows sit at the top of their group, before the "add" rows. */
static void
show_lists (StpConsultationPage *self)
{
  GPtrArray *scars = stp_consultation_get_scars (self->consultation);
  GPtrArray *transplants = stp_consultation_get_transplants (self->consultation);

  clear_rows (self->scars_group, self->scar_rows);
  clear_rows (self->transplants_group, self->transplant_rows);

  for (guint i = 0; scars != NULL && i < scars->len; i++)
    {
      StpScar *scar = g_ptr_array_index (scars, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = NULL;
      g_autofree char *remove = g_strdup_printf (_("Remove scar %u"), i + 1);

      /* Translators: a scar's location, length and width in millimetres. */
      subtitle = g_strdup_printf (_("%s · %.0f × %.0f mm"),
                                  scar->location != NULL ? scar->location : _("No location"),
                                  scar->length_mm, scar->width_mm);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), stp_scar_kind_get_label (scar->kind));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 remove_button (remove, G_CALLBACK (remove_scar_cb), self, i));
      adw_preferences_group_add (self->scars_group, row);
      g_ptr_array_add (self->scar_rows, row);
    }

  for (guint i = 0; transplants != NULL && i < transplants->len; i++)
    {
      StpTransplant *t = g_ptr_array_index (transplants, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *date = format_date (t->date);
      g_autofree char *subtitle = NULL;
      g_autofree char *remove = g_strdup_printf (_("Remove transplant %u"), i + 1);

      subtitle = g_strdup_printf ("%s · %s", date != NULL ? date : _("Date unknown"),
                                  t->clinic != NULL ? t->clinic : _("Clinic unknown"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     t->kind != NULL ? t->kind : _("Transplant"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 remove_button (remove, G_CALLBACK (remove_transplant_cb),
                                                self, i));
      adw_preferences_group_add (self->transplants_group, row);
      g_ptr_array_add (self->transplant_rows, row);
    }
}

static void
add_scar_cb (StpConsultationPage *self)
{
  StpScarKind kind = adw_combo_row_get_selected (self->scar_kind_row);
  g_autofree char *location = entry_text (self->scar_location_row);
  double length = gtk_spin_button_get_value (self->scar_length_spin);
  double width = gtk_spin_button_get_value (self->scar_width_spin);
  g_autoptr (StpConsultation) probe = NULL;

  if (self->consultation == NULL)
    return;

  probe = stp_consultation_copy (self->consultation);
  stp_consultation_add_scar (probe, kind, location, length, width);
  if (!check_probe (self, probe, STP_CONSULTATION_FIELD_SCARS))
    return;

  stp_consultation_add_scar (self->consultation, kind, location, length, width);
  set_entry (self->scar_location_row, NULL);
  gtk_spin_button_set_value (self->scar_length_spin, 0);
  gtk_spin_button_set_value (self->scar_width_spin, 0);
}

static void
add_transplant_cb (StpConsultationPage *self)
{
  g_autofree char *kind = entry_text (self->transplant_kind_row);
  g_autofree char *clinic = entry_text (self->transplant_clinic_row);
  g_autofree char *iso = NULL;
  g_autofree char *message = NULL;
  g_autoptr (StpConsultation) probe = NULL;

  if (self->consultation == NULL)
    return;

  if (!parse_date (self->transplant_date_row, &iso, &message))
    {
      set_field_error (self, STP_CONSULTATION_FIELD_TRANSPLANTS, message);
      return;
    }

  probe = stp_consultation_copy (self->consultation);
  stp_consultation_add_transplant (probe, kind, iso, clinic);
  if (!check_probe (self, probe, STP_CONSULTATION_FIELD_TRANSPLANTS))
    return;

  stp_consultation_add_transplant (self->consultation, kind, iso, clinic);
  set_entry (self->transplant_kind_row, NULL);
  set_entry (self->transplant_date_row, NULL);
  set_entry (self->transplant_clinic_row, NULL);
}

/* Screening answers. */

static QuestionUi *
find_question (StpConsultationPage *self,
               const char          *key)
{
  for (guint i = 0; self->question_uis != NULL && i < self->question_uis->len; i++)
    {
      QuestionUi *ui = g_ptr_array_index (self->question_uis, i);

      if (g_str_equal (ui->key, key))
        return ui;
    }
  return NULL;
}

static void
apply_answer (StpConsultationPage *self,
              QuestionUi          *ui)
{
  const StpAnswer *old = stp_consultation_get_answer (self->consultation, ui->key);
  StpAnswerValue value = STP_ANSWER_NONE;
  g_autofree char *iso = NULL;
  g_autofree char *message = NULL;
  g_autoptr (StpConsultation) probe = NULL;

  for (guint i = 0; i < 3; i++)
    if (gtk_toggle_button_get_active (ui->buttons[i]))
      value = STP_ANSWER_YES + i;

  if (ui->date_row != NULL && !parse_date (ui->date_row, &iso, &message))
    {
      set_field_error (self, STP_CONSULTATION_FIELD_ANSWERS, message);
      return;
    }

  probe = stp_consultation_copy (self->consultation);
  stp_consultation_set_answer (probe, ui->key, value, iso, old != NULL ? old->note : NULL);
  if (check_probe (self, probe, STP_CONSULTATION_FIELD_ANSWERS))
    stp_consultation_set_answer (self->consultation, ui->key, value, iso,
                                 old != NULL ? old->note : NULL);
}

/* The three buttons act as one choice; pressing the chosen one again clears it. */
static void
answer_toggled_cb (GtkToggleButton     *button,
                   StpConsultationPage *self)
{
  QuestionUi *ui = g_object_get_data (G_OBJECT (button), "stp-question");

  if (self->loading || self->consultation == NULL)
    return;

  if (gtk_toggle_button_get_active (button))
    {
      self->loading = TRUE;
      for (guint i = 0; i < 3; i++)
        if (ui->buttons[i] != button)
          gtk_toggle_button_set_active (ui->buttons[i], FALSE);
      self->loading = FALSE;
    }

  apply_answer (self, ui);
}

static void
answer_date_changed_cb (AdwEntryRow         *row,
                        StpConsultationPage *self)
{
  QuestionUi *ui = g_object_get_data (G_OBJECT (row), "stp-question");

  if (!self->loading && self->consultation != NULL)
    apply_answer (self, ui);
}

static void
build_screening (StpConsultationPage *self)
{
  g_autoptr (GError) error = NULL;
  const char *labels[3] = { _("Yes"), _("No"), _("Unknown") };

  self->questions = stp_store_list_screening_questions (self->store, &error);
  if (self->questions == NULL)
    {
      g_warning ("Could not read the screening questions: %s", error->message);
      return;
    }

  for (guint i = 0; i < self->questions->len; i++)
    {
      StpScreeningQuestion *q = g_ptr_array_index (self->questions, i);
      QuestionUi *ui = g_new0 (QuestionUi, 1);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      g_autofree char *title = g_strdup_printf ("%s *", q->question);

      ui->key = g_strdup (q->key);
      ui->question = g_strdup (q->question);
      ui->asks_date = q->asks_date;
      g_ptr_array_add (self->question_uis, ui);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), stp_severity_get_label (q->severity));
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_add_css_class (box, "linked");
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);

      for (guint b = 0; b < 3; b++)
        {
          GtkWidget *button = gtk_toggle_button_new_with_label (labels[b]);
          g_autofree char *accessible = g_strdup_printf ("%s: %s", labels[b], q->question);

          label_accessible (button, accessible);
          g_object_set_data (G_OBJECT (button), "stp-question", ui);
          g_signal_connect (button, "toggled", G_CALLBACK (answer_toggled_cb), self);
          gtk_box_append (GTK_BOX (box), button);
          ui->buttons[b] = GTK_TOGGLE_BUTTON (button);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
      adw_preferences_group_add (self->screening_group, row);

      if (q->asks_date)
        {
          g_autofree char *date_title = g_strdup_printf (_("When? (%s) *"), q->question);

          ui->date_row = add_entry_row (self->screening_group, date_title, NULL, NULL);
          g_object_set_data (G_OBJECT (ui->date_row), "stp-question", ui);
          g_signal_connect (ui->date_row, "changed", G_CALLBACK (answer_date_changed_cb),
                            self);
        }
    }

  add_error_row (self, self->screening_group, STP_CONSULTATION_FIELD_ANSWERS);
}

/* The plan: numbers, money and choices, validated as a whole by the core. */

static gboolean
parse_money (AdwEntryRow *row,
             const char  *currency,
             gint64      *minor)
{
  g_autofree char *text = entry_text (row);
  guint digits = stp_currency_get_digits (currency);
  char *end = NULL;
  double value;

  *minor = -1;
  if (text == NULL)
    return TRUE;

  g_strdelimit (text, ",", '.');
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (value) || value < 0)
    return FALSE;

  *minor = (gint64) llround (value * pow (10, digits));
  return TRUE;
}

static void
show_money (GtkLabel   *label,
            gint64      minor,
            const char *currency)
{
  g_autofree char *text = minor >= 0 ? stp_money_format (minor, currency) : NULL;

  gtk_label_set_label (label, text != NULL ? text : "");
}

static void
plan_changed_cb (StpConsultationPage *self)
{
  g_autoptr (StpPlan) plan = NULL;
  g_autoptr (GError) error = NULL;
  double hours;

  if (self->loading || self->consultation == NULL)
    return;

  plan = stp_plan_copy (stp_consultation_get_plan (self->consultation));
  plan->sessions = gtk_spin_button_get_value_as_int (self->sessions_spin);
  plan->spacing_days = gtk_spin_button_get_value_as_int (self->spacing_spin);
  hours = gtk_spin_button_get_value (self->hours_spin);
  plan->minutes_per_session = (guint) lround (hours * 60);
  g_free (plan->pigment_shade);
  plan->pigment_shade = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->shade_row)));
  g_free (plan->dilution);
  plan->dilution = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->dilution_row)));
  g_free (plan->notes);
  plan->notes = stp_text_area_row_dup_text (self->plan_notes_row);
  plan->hairline_style = adw_combo_row_get_selected (self->plan_style_row);
  if (plan->hairline_style >= STP_HAIRLINE_N_STYLES)
    plan->hairline_style = STP_HAIRLINE_STYLE_NONE;

  if (!parse_money (self->price_row, plan->currency, &plan->price_minor) ||
      !parse_money (self->deposit_row, plan->currency, &plan->deposit_minor))
    {
      set_field_error (self, STP_CONSULTATION_FIELD_PLAN,
                       _("Type amounts as plain numbers, like 1250 or 1250.50."));
      return;
    }

  show_money (self->price_label, plan->price_minor, plan->currency);
  show_money (self->deposit_label, plan->deposit_minor, plan->currency);

  if (!stp_plan_validate (plan, &error))
    {
      set_field_error (self, STP_CONSULTATION_FIELD_PLAN, error->message);
      return;
    }

  set_field_error (self, STP_CONSULTATION_FIELD_PLAN, NULL);
  stp_consultation_set_plan (self->consultation, plan);
}

static char *
format_amount (gint64      minor,
               const char *currency)
{
  guint digits = stp_currency_get_digits (currency);
  double value;

  if (minor < 0)
    return NULL;

  value = minor / pow (10, digits);
  return g_strdup_printf ("%.*f", (int) digits, value);
}

/* The form. */

static const char * const *
translate_list (const char * const *list,
                const char        **out,
                guint               n_out)
{
  guint n = 0;

  for (; list[n] != NULL && n + 1 < n_out; n++)
    out[n] = _(list[n]);
  out[n] = NULL;
  return out;
}

static void
build_form (StpConsultationPage *self)
{
  static const char * const scales[] = {
    N_("Not assessed"), N_("Norwood (men)"), N_("Ludwig (women)"), N_("Alopecia"), NULL,
  };
  static const char * const phototypes[] = {
    N_("Not assessed"), N_("I: always burns, never tans"), N_("II: usually burns"),
    N_("III: sometimes burns, tans gradually"), N_("IV: rarely burns, tans well"),
    N_("V: very rarely burns"), N_("VI: never burns"), NULL,
  };
  static const char * const pigmentations[] = {
    N_("Not known"), N_("None"), N_("Low"), N_("Moderate"), N_("High"), NULL,
  };
  static const char * const styles[] = {
    N_("Not chosen"), N_("Soft"), N_("Sharp"), N_("Widow’s peak"), N_("Temple points"), NULL,
  };
  static const char * const satisfactions[] = {
    N_("Not asked"), N_("1: very unhappy"), N_("2: unhappy"), N_("3: neutral"),
    N_("4: happy"), N_("5: very happy"), NULL,
  };
  static const char * const scar_kinds[] = {
    N_("FUT strip"), N_("FUE"), N_("Injury"), N_("Surgical"), N_("Other"), NULL,
  };
  const char *translated[10];
  AdwPreferencesGroup *group;
  GtkWidget *row, *button;

#define TRANSLATE(list) translate_list ((list), translated, G_N_ELEMENTS (translated))

  group = add_group (self, _("Goals *"), _("What the client wants; choose at least one."));
  for (guint i = 0; i < N_GOALS; i++)
    self->goal_checks[i] = add_check_row (group, stp_goal_get_label (i),
                                          G_CALLBACK (goals_toggled_cb), self);
  add_error_row (self, group, STP_CONSULTATION_FIELD_GOALS);

  group = add_group (self, _("Hair Loss"), NULL);
  self->scale_row = add_combo_row (group, _("Scale"), TRANSLATE (scales),
                                   G_CALLBACK (scale_selected_cb), self);
  self->stage_row = add_combo_row (group, _("Stage"), NULL,
                                   G_CALLBACK (stage_selected_cb), self);
  add_error_row (self, group, STP_CONSULTATION_FIELD_STAGING);

  group = add_group (self, _("Affected Areas"), NULL);
  for (guint i = 0; i < N_AREAS; i++)
    self->area_checks[i] = add_check_row (group, stp_area_get_label (i),
                                          G_CALLBACK (areas_toggled_cb), self);
  add_error_row (self, group, STP_CONSULTATION_FIELD_AREAS);

  self->scars_group = add_group (self, _("Scars"), NULL);
  group = add_group (self, NULL, NULL);
  self->scar_kind_row = add_combo_row (group, _("New Scar: Type"), TRANSLATE (scar_kinds),
                                       NULL, NULL);
  self->scar_location_row = add_entry_row (group, _("Location"), NULL, NULL);
  self->scar_length_spin = add_spin_row (group, _("Length"), _("Millimetres"),
                                         STP_CONSULTATION_SCAR_MM_MAX, 1, 0, NULL, NULL);
  self->scar_width_spin = add_spin_row (group, _("Width"), _("Millimetres"),
                                        STP_CONSULTATION_SCAR_MM_MAX, 1, 0, NULL, NULL);
  row = adw_action_row_new ();
  button = gtk_button_new_with_mnemonic (_("Add _Scar"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (add_scar_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_preferences_group_add (group, row);
  add_error_row (self, group, STP_CONSULTATION_FIELD_SCARS);

  group = add_group (self, _("Skin and Colour"), NULL);
  self->phototype_row = add_combo_row (group, _("Skin Phototype (Fitzpatrick) *"),
                                       TRANSLATE (phototypes),
                                       G_CALLBACK (phototype_selected_cb), self);
  add_error_row (self, group, STP_CONSULTATION_FIELD_PHOTOTYPE);
  self->text_rows[TEXT_HAIR_COLOUR] = (GtkWidget *) add_entry_row (group, _("Natural Hair Colour"),
                                                     NULL, NULL);
  add_error_row (self, group, STP_CONSULTATION_FIELD_HAIR_COLOUR);
  self->text_rows[TEXT_SCALP_TONE] = (GtkWidget *) add_entry_row (group, _("Scalp Tone"), NULL, NULL);
  add_error_row (self, group, STP_CONSULTATION_FIELD_SCALP_TONE);
  self->pigmentation_row = add_combo_row (group, _("Hyperpigmentation Tendency"),
                                          TRANSLATE (pigmentations),
                                          G_CALLBACK (pigmentation_selected_cb), self);

  group = add_group (self, _("Hairline Wishes"), NULL);
  self->wish_style_row = add_combo_row (group, _("Style"), TRANSLATE (styles),
                                        G_CALLBACK (wish_style_selected_cb), self);
  self->text_rows[TEXT_HAIRLINE_POSITION] = (GtkWidget *) add_entry_row (group, _("Position"), NULL, NULL);
  self->text_rows[TEXT_HAIRLINE_NOTES] =
    (GtkWidget *) add_text_area_row (group, _("Age-Appropriateness Notes"), NULL, NULL);
  add_error_row (self, group, STP_CONSULTATION_FIELD_HAIRLINE);

  self->transplants_group = add_group (self, _("Previous Procedures"),
                                       _("Hair transplants, earlier SMP and laser removal."));
  group = add_group (self, NULL, NULL);
  self->transplant_kind_row = add_entry_row (group, _("New Transplant: Type (FUE, FUT…)"),
                                             NULL, NULL);
  self->transplant_date_row = add_entry_row (group, _("Date"), NULL, NULL);
  self->transplant_clinic_row = add_entry_row (group, _("Clinic"), NULL, NULL);
  row = adw_action_row_new ();
  button = gtk_button_new_with_mnemonic (_("Add _Transplant"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (add_transplant_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_preferences_group_add (group, row);
  add_error_row (self, group, STP_CONSULTATION_FIELD_TRANSPLANTS);
  self->prior_smp_switch = add_switch_row (group, _("Earlier SMP"),
                                           G_CALLBACK (prior_smp_changed_cb), self);
  self->prior_provider_row = add_entry_row (group, _("Earlier SMP Provider"),
                                            G_CALLBACK (prior_smp_changed_cb), self);
  self->satisfaction_row = add_combo_row (group, _("Satisfaction with Earlier SMP"),
                                          TRANSLATE (satisfactions),
                                          G_CALLBACK (prior_smp_changed_cb), self);
  add_error_row (self, group, STP_CONSULTATION_FIELD_PRIOR_SMP);
  self->laser_switch = add_switch_row (group, _("Laser Removal"),
                                       G_CALLBACK (laser_changed_cb), self);
  self->laser_date_row = add_entry_row (group, _("Last Laser Session (date)"),
                                        G_CALLBACK (laser_changed_cb), self);
  add_error_row (self, group, STP_CONSULTATION_FIELD_LASER);

  group = add_group (self, _("Medication, Expectations and Notes"), NULL);
  self->text_rows[TEXT_MEDICATION] = (GtkWidget *) add_entry_row (group, _("Hair-Loss Medication"),
                                                    NULL, NULL);
  add_error_row (self, group, STP_CONSULTATION_FIELD_MEDICATION);
  self->text_rows[TEXT_EXPECTATIONS] = (GtkWidget *) add_text_area_row (group,
                                                                        _("Expectations"),
                                                                        NULL, NULL);
  add_error_row (self, group, STP_CONSULTATION_FIELD_EXPECTATIONS);
  self->text_rows[TEXT_NOTES] = (GtkWidget *) add_text_area_row (group, _("Notes"), NULL,
                                                                  NULL);
  add_error_row (self, group, STP_CONSULTATION_FIELD_NOTES);

  for (TextId id = TEXT_HAIR_COLOUR; id <= TEXT_NOTES; id++)
    {
      g_object_set_data (G_OBJECT (self->text_rows[id]), "stp-text-id", GINT_TO_POINTER (id));
      g_signal_connect (self->text_rows[id], "changed", G_CALLBACK (text_changed_cb), self);
    }

  self->screening_group = add_group (self, _("Medical Screening *"),
                                     _("Every question needs an answer before the "
                                       "consultation can be completed."));
  build_screening (self);

  group = add_group (self, _("Plan"), NULL);
  self->sessions_spin = add_spin_row (group, _("Sessions"), NULL, STP_PLAN_SESSIONS_MAX, 1, 0,
                                      G_CALLBACK (plan_changed_cb), self);
  self->spacing_spin = add_spin_row (group, _("Days Between Sessions"), NULL,
                                     STP_PLAN_SPACING_MAX, 1, 0,
                                     G_CALLBACK (plan_changed_cb), self);
  self->hours_spin = add_spin_row (group, _("Hours per Session"), NULL,
                                   STP_PLAN_MINUTES_MAX / 60.0, 0.25, 2,
                                   G_CALLBACK (plan_changed_cb), self);
  self->price_row = add_entry_row (group, _("Price"), G_CALLBACK (plan_changed_cb), self);
  self->price_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->price_label), "dim-label");
  adw_entry_row_add_suffix (self->price_row, GTK_WIDGET (self->price_label));
  self->deposit_row = add_entry_row (group, _("Deposit"), G_CALLBACK (plan_changed_cb), self);
  self->deposit_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->deposit_label), "dim-label");
  adw_entry_row_add_suffix (self->deposit_row, GTK_WIDGET (self->deposit_label));
  self->shade_row = add_entry_row (group, _("Pigment Shade"), G_CALLBACK (plan_changed_cb),
                                   self);
  self->dilution_row = add_entry_row (group, _("Dilution (pigment : water, e.g. 1:20)"),
                                      G_CALLBACK (plan_changed_cb), self);
  self->plan_style_row = add_combo_row (group, _("Recommended Hairline Style"),
                                        TRANSLATE (styles), G_CALLBACK (plan_changed_cb),
                                        self);
  self->plan_notes_row = add_text_area_row (group, _("Plan Notes"),
                                            G_CALLBACK (plan_changed_cb), self);
  add_error_row (self, group, STP_CONSULTATION_FIELD_PLAN);

#undef TRANSLATE
}

/* Flags, progress and status. */

static void
set_save_status (StpConsultationPage *self,
                 const char          *status)
{
  if (g_strcmp0 (self->save_status, status) == 0)
    return;

  g_free (self->save_status);
  self->save_status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVE_STATUS]);
}

static void
show_message (StpConsultationPage *self,
              const char          *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static void
clearance_response_cb (AdwMessageDialog    *dialog,
                       const char          *response,
                       StpConsultationPage *self)
{
  const char *key = g_object_get_data (G_OBJECT (dialog), "stp-key");
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "stp-entry");
  g_autofree char *note = NULL;
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (response, "record") != 0 || self->consultation == NULL)
    return;

  note = stp_text_strip_dup (gtk_editable_get_text (entry));
  if (stp_store_record_clearance (self->store, stp_consultation_get_id (self->consultation),
                                  key, stp_store_get_actor (self->store), note, &error) == 0)
    {
      show_message (self, error->message);
      return;
    }

  show_message (self, NULL);
  refresh (self);
}

static void
clearance_clicked_cb (GtkButton           *button,
                      StpConsultationPage *self)
{
  const char *key = g_object_get_data (G_OBJECT (button), "stp-key");
  const char *question = g_object_get_data (G_OBJECT (button), "stp-question");
  gint64 actor = stp_store_get_actor (self->store);
  g_autoptr (StpStaff) staff = actor != 0 ? stp_store_get_staff (self->store, actor, NULL) :
                               NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog, *entry;

  if (staff == NULL)
    {
      show_message (self, _("Choose who is working at this computer first, with the staff "
                            "button at the top of the client list: the clearance is "
                            "recorded in their name."));
      return;
    }

  body = g_strdup_printf (_("“%s”\n\nRecorded as cleared by %s, now. Say what the "
                            "clearance rests on, such as a doctor’s letter."),
                          question, stp_staff_get_name (staff));
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Record Clearance"), body);
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Note, e.g. GP letter of 3 March"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  label_accessible (entry, _("Clearance note"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "record", _("_Record Clearance"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "record",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "record");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "stp-key", g_strdup (key), g_free);
  g_object_set_data (G_OBJECT (dialog), "stp-entry", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (clearance_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
show_flags (StpConsultationPage *self)
{
  g_autofree char *summary = NULL;
  gboolean blocks = FALSE;
  gboolean draft = self->consultation != NULL &&
                   stp_consultation_get_status (self->consultation) ==
                   STP_CONSULTATION_STATUS_DRAFT;

  clear_rows (self->flags_group, self->flag_rows);
  g_hash_table_remove_all (self->clearance_buttons);

  summary = stp_consultation_format_flags (self->flags, &blocks);
  if (summary != NULL && blocks)
    {
      g_autofree char *text = g_strdup_printf (_("%s. Booking is blocked until each one is "
                                                 "cleared."), summary);
      adw_preferences_group_set_description (self->flags_group, text);
    }
  else
    adw_preferences_group_set_description (self->flags_group,
                                           summary != NULL ? summary :
                                           _("No medical flags from the answers so far."));

  for (guint i = 0; self->flags != NULL && i < self->flags->len; i++)
    {
      StpScreeningFlag *flag = g_ptr_array_index (self->flags, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon;
      g_autoptr (GString) subtitle = g_string_new (NULL);
      gboolean blocking = flag->severity >= STP_SEVERITY_NEEDS_CLEARANCE && !flag->cleared;

      g_string_append_printf (subtitle, "%s: %s", stp_severity_get_label (flag->severity),
                              flag->reason != NULL ? flag->reason : "");
      if (flag->date != NULL)
        {
          g_autofree char *date = format_date (flag->date);
          g_string_append_printf (subtitle, _(" (date given: %s)"), date);
        }
      if (flag->cleared)
        g_string_append (subtitle, _(" · Cleared"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), flag->question);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

      icon = gtk_image_new_from_icon_name (flag->cleared ? "emblem-ok-symbolic" :
                                           flag->severity >= STP_SEVERITY_CONTRAINDICATION ?
                                           "dialog-error-symbolic" :
                                           "dialog-warning-symbolic");
      if (flag->cleared)
        gtk_widget_add_css_class (icon, "success");
      else if (flag->severity >= STP_SEVERITY_CONTRAINDICATION)
        gtk_widget_add_css_class (icon, "error");
      else if (flag->severity >= STP_SEVERITY_CAUTION)
        gtk_widget_add_css_class (icon, "warning");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      if (blocking)
        gtk_widget_add_css_class (row, flag->severity >= STP_SEVERITY_CONTRAINDICATION ?
                                  "stp-flag-error" : "stp-flag-warning");

      if (blocking && draft)
        {
          GtkWidget *button = gtk_button_new_with_label (_("Record Clearance…"));
          g_autofree char *accessible = g_strdup_printf (_("Record clearance for: %s"),
                                                         flag->question);

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          label_accessible (button, accessible);
          g_object_set_data_full (G_OBJECT (button), "stp-key", g_strdup (flag->key), g_free);
          g_object_set_data_full (G_OBJECT (button), "stp-question", g_strdup (flag->question),
                                  g_free);
          g_signal_connect (button, "clicked", G_CALLBACK (clearance_clicked_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
          g_hash_table_insert (self->clearance_buttons, g_strdup (flag->key), button);
        }

      adw_preferences_group_add (self->flags_group, row);
      g_ptr_array_add (self->flag_rows, row);
    }
}

/* What still stands between the draft and "complete", counted the way the core checks
 * it: a consultant, a goal, the phototype and every screening answer. */
static void
show_progress (StpConsultationPage *self)
{
  StpConsultation *c = self->consultation;
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  guint n_questions = self->question_uis != NULL ? self->question_uis->len : 0;
  guint unanswered = 0, total = n_questions + 3, done = 0;

  for (guint i = 0; i < n_questions; i++)
    {
      QuestionUi *ui = g_ptr_array_index (self->question_uis, i);
      const StpAnswer *answer = stp_consultation_get_answer (c, ui->key);

      /* A question that asks for a date needs it with a "yes". */
      if (answer == NULL || answer->value == STP_ANSWER_NONE ||
          (ui->asks_date && answer->value == STP_ANSWER_YES && answer->date == NULL))
        unanswered++;
      else
        done++;
    }

  if (unanswered > 0)
    g_ptr_array_add (parts,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%u of %u screening question unanswered",
                                                   "%u of %u screening questions unanswered",
                                                   n_questions),
                                      unanswered, n_questions));
  if (stp_consultation_get_goals (c) == 0)
    g_ptr_array_add (parts, g_strdup (_("no goal chosen")));
  else
    done++;
  if (stp_consultation_get_phototype (c) == 0)
    g_ptr_array_add (parts, g_strdup (_("phototype missing")));
  else
    done++;
  if (stp_consultation_get_consultant_id (c) == 0)
    g_ptr_array_add (parts, g_strdup (_("no consultant")));
  else
    done++;

  gtk_progress_bar_set_fraction (self->progress_bar, (double) done / total);

  if (parts->len == 0)
    {
      gtk_label_set_label (self->missing_label, _("Every required answer is given."));
    }
  else
    {
      g_autofree char *joined = NULL;
      g_autofree char *text = NULL;

      g_ptr_array_add (parts, NULL);
      joined = g_strjoinv (_(" · "), (char **) parts->pdata);
      /* Translators: %s lists what is missing, e.g. "phototype missing · no goal chosen". */
      text = g_strdup_printf (_("Still needed: %s"), joined);
      gtk_label_set_label (self->missing_label, text);
    }
}

static void
update_flags (StpConsultationPage *self)
{
  g_clear_pointer (&self->flags, g_ptr_array_unref);
  if (self->questions != NULL)
    self->flags = stp_screening_evaluate (self->questions, self->consultation,
                                          self->clearances, NULL);
  show_flags (self);
}

/* Clearances may be recorded from here or elsewhere: read them again, then the flags. */
static void
refresh (StpConsultationPage *self)
{
  g_autoptr (GError) error = NULL;

  if (self->consultation == NULL)
    return;

  g_clear_pointer (&self->clearances, g_ptr_array_unref);
  self->clearances = stp_store_list_clearances (self->store,
                                                stp_consultation_get_id (self->consultation),
                                                &error);
  if (self->clearances == NULL)
    g_warning ("Could not read clearances: %s", error->message);
  update_flags (self);
}

static void
consultation_changed_cb (StpConsultationPage *self)
{
  if (self->loading)
    return;

  set_save_status (self, _("Saving…"));
  show_lists (self);
  show_progress (self);
  update_flags (self);
}

static void
saver_saved_cb (StpConsultationPage *self)
{
  set_save_status (self, _("Saved"));
}

static void
saver_failed_cb (StpConsultationPage *self,
                 GError              *error)
{
  g_autofree char *status = g_strdup_printf (_("Not saved: %s"), error->message);

  set_save_status (self, status);
}

static void
store_changed_cb (StpStore            *store,
                  StpEntity            entity,
                  gint64               id,
                  StpChangeKind        kind,
                  StpConsultationPage *self)
{
  if (entity == STP_ENTITY_CONSULTATION && self->consultation != NULL &&
      id == stp_consultation_get_id (self->consultation))
    refresh (self);
}

/* Loading. */

static void
fill (StpConsultationPage *self)
{
  StpConsultation *c = self->consultation;
  const StpPlan *plan = stp_consultation_get_plan (c);
  StpStagingScale scale = stp_consultation_get_staging_scale (c);
  const char *stage = stp_consultation_get_staging_stage (c);
  const char * const *stages = stp_staging_scale_get_stages (scale);
  guint stage_index = 0;
  g_autofree char *laser = format_date (stp_consultation_get_laser_last_date (c));
  g_autofree char *price = format_amount (plan->price_minor, plan->currency);
  g_autofree char *deposit = format_amount (plan->deposit_minor, plan->currency);

  self->loading = TRUE;

  for (guint i = 0; i < STP_CONSULTATION_N_FIELDS; i++)
    set_field_error (self, i, NULL);

  for (guint i = 0; i < N_GOALS; i++)
    gtk_check_button_set_active (self->goal_checks[i],
                                 (stp_consultation_get_goals (c) & (1 << i)) != 0);
  for (guint i = 0; i < N_AREAS; i++)
    gtk_check_button_set_active (self->area_checks[i],
                                 (stp_consultation_get_areas (c) & (1 << i)) != 0);

  adw_combo_row_set_selected (self->scale_row, scale);
  fill_stages (self, scale);
  for (guint i = 0; stage != NULL && stages != NULL && stages[i] != NULL; i++)
    if (g_str_equal (stages[i], stage))
      stage_index = i + 1;
  adw_combo_row_set_selected (self->stage_row, stage_index);

  adw_combo_row_set_selected (self->phototype_row, stp_consultation_get_phototype (c));
  adw_combo_row_set_selected (self->pigmentation_row, stp_consultation_get_pigmentation (c));
  adw_combo_row_set_selected (self->wish_style_row, stp_consultation_get_hairline_style (c));
  set_field_text (self->text_rows[TEXT_HAIR_COLOUR], stp_consultation_get_hair_colour (c));
  set_field_text (self->text_rows[TEXT_SCALP_TONE], stp_consultation_get_scalp_tone (c));
  set_field_text (self->text_rows[TEXT_HAIRLINE_POSITION],
             stp_consultation_get_hairline_position (c));
  set_field_text (self->text_rows[TEXT_HAIRLINE_NOTES], stp_consultation_get_hairline_notes (c));
  set_field_text (self->text_rows[TEXT_MEDICATION], stp_consultation_get_medication (c));
  set_field_text (self->text_rows[TEXT_EXPECTATIONS], stp_consultation_get_expectations (c));
  set_field_text (self->text_rows[TEXT_NOTES], stp_consultation_get_notes (c));

  gtk_switch_set_active (self->prior_smp_switch, stp_consultation_get_prior_smp (c));
  set_entry (self->prior_provider_row, stp_consultation_get_prior_smp_provider (c));
  adw_combo_row_set_selected (self->satisfaction_row,
                              stp_consultation_get_prior_smp_satisfaction (c));
  gtk_switch_set_active (self->laser_switch, stp_consultation_get_laser_removal (c));
  set_entry (self->laser_date_row, laser);
  gtk_widget_set_sensitive (GTK_WIDGET (self->prior_provider_row),
                            stp_consultation_get_prior_smp (c));
  gtk_widget_set_sensitive (GTK_WIDGET (self->satisfaction_row),
                            stp_consultation_get_prior_smp (c));
  gtk_widget_set_sensitive (GTK_WIDGET (self->laser_date_row),
                            stp_consultation_get_laser_removal (c));

  for (guint i = 0; self->question_uis != NULL && i < self->question_uis->len; i++)
    {
      QuestionUi *ui = g_ptr_array_index (self->question_uis, i);
      const StpAnswer *answer = stp_consultation_get_answer (c, ui->key);
      StpAnswerValue value = answer != NULL ? answer->value : STP_ANSWER_NONE;

      for (guint b = 0; b < 3; b++)
        gtk_toggle_button_set_active (ui->buttons[b], value == STP_ANSWER_YES + b);
      if (ui->date_row != NULL)
        {
          g_autofree char *date = format_date (answer != NULL ? answer->date : NULL);
          set_entry (ui->date_row, date);
        }
    }

  gtk_spin_button_set_value (self->sessions_spin, plan->sessions);
  gtk_spin_button_set_value (self->spacing_spin, plan->spacing_days);
  gtk_spin_button_set_value (self->hours_spin, plan->minutes_per_session / 60.0);
  set_entry (self->price_row, price);
  set_entry (self->deposit_row, deposit);
  show_money (self->price_label, plan->price_minor, plan->currency);
  show_money (self->deposit_label, plan->deposit_minor, plan->currency);
  set_entry (self->shade_row, plan->pigment_shade);
  set_entry (self->dilution_row, plan->dilution);
  adw_combo_row_set_selected (self->plan_style_row, plan->hairline_style);
  stp_text_area_row_set_text (self->plan_notes_row, plan->notes);

  self->loading = FALSE;
}

static void
show_status (StpConsultationPage *self)
{
  StpConsultation *c = self->consultation;
  StpConsultationStatus status = stp_consultation_get_status (c);
  gint64 consultant = stp_consultation_get_consultant_id (c);
  g_autoptr (StpStaff) staff = consultant != 0 ?
                               stp_store_get_staff (self->store, consultant, NULL) : NULL;
  g_autofree char *date = format_date (stp_consultation_get_date (c));
  g_autofree char *heading = NULL;
  g_autofree char *line = NULL;
  const char *state;

  switch (status)
    {
    case STP_CONSULTATION_STATUS_COMPLETE:
      state = _("Complete: read only. Amend it to change anything.");
      break;
    case STP_CONSULTATION_STATUS_AMENDED:
      state = _("Amended: replaced by a newer version, kept as it was.");
      break;
    case STP_CONSULTATION_STATUS_DRAFT:
    default:
      state = _("Draft: saved automatically as you go.");
      break;
    }

  /* Translators: %s is the consultation's date in the local format. */
  heading = g_strdup_printf (_("Consultation of %s"), date != NULL ? date : "");
  /* Translators: version number, consultant's name, then the status sentence. */
  line = g_strdup_printf (_("Version %u · with %s · %s"), stp_consultation_get_version (c),
                          staff != NULL ? stp_staff_get_name (staff) : _("no consultant"),
                          state);
  gtk_label_set_label (self->heading_label, heading);
  gtk_label_set_label (self->status_label, line);

  g_free (self->title);
  self->title = g_steal_pointer (&heading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);

  self->editable = status == STP_CONSULTATION_STATUS_DRAFT;
  for (guint i = 0; i < self->editor_groups->len; i++)
    gtk_widget_set_sensitive (g_ptr_array_index (self->editor_groups, i), self->editable);

  gtk_widget_set_visible (self->complete_button, self->editable);
  gtk_widget_set_visible (self->amend_button, status == STP_CONSULTATION_STATUS_COMPLETE);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), self->editable);
  gtk_widget_set_visible (GTK_WIDGET (self->missing_label), self->editable);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->consent_button), "x",
                                    stp_consultation_get_id (c));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->export_button), "x",
                                    stp_consultation_get_id (c));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->print_button), "x",
                                    stp_consultation_get_id (c));
  set_save_status (self, self->editable ? _("Saved") : _("Read only"));
}

static void
drop_saver (StpConsultationPage *self)
{
  if (self->saver == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->saver, self);
  g_clear_object (&self->saver);
}

gboolean
stp_consultation_page_flush (StpConsultationPage  *self,
                             GError              **error)
{
  g_return_val_if_fail (STP_IS_CONSULTATION_PAGE (self), FALSE);

  if (self->saver == NULL || !stp_draft_saver_get_pending (self->saver))
    return TRUE;

  return stp_draft_saver_flush (self->saver, error);
}

/* The vertical scrolling of the form (AdwPreferencesPage keeps its scrolled window to
 * itself; it is the page's only child). */
static GtkAdjustment *
form_adjustment (StpConsultationPage *self)
{
  GtkWidget *scrolled = gtk_widget_get_first_child (GTK_WIDGET (self->prefs_page));

  g_assert (GTK_IS_SCROLLED_WINDOW (scrolled));
  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
}

gboolean
stp_consultation_page_load (StpConsultationPage  *self,
                            gint64                id,
                            GError              **error)
{
  g_autoptr (StpConsultation) c = NULL;
  g_autoptr (GError) flush_error = NULL;

  g_return_val_if_fail (STP_IS_CONSULTATION_PAGE (self), FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);

  if (!stp_consultation_page_flush (self, &flush_error))
    g_warning ("A consultation draft could not be saved: %s", flush_error->message);

  if (id != 0)
    {
      c = stp_store_get_consultation (self->store, id, error);
      if (c == NULL)
        return FALSE;
    }

  drop_saver (self);
  if (self->consultation != NULL)
    g_signal_handlers_disconnect_by_data (self->consultation, self);
  g_set_object (&self->consultation, c);
  g_clear_pointer (&self->clearances, g_ptr_array_unref);
  g_clear_pointer (&self->flags, g_ptr_array_unref);
  show_message (self, NULL);

  if (c == NULL)
    {
      clear_rows (self->flags_group, self->flag_rows);
      g_hash_table_remove_all (self->clearance_buttons);
      set_save_status (self, NULL);
      return TRUE;
    }

  fill (self);
  show_lists (self);
  show_status (self);
  show_progress (self);
  refresh (self);

  g_signal_connect_swapped (c, "changed", G_CALLBACK (consultation_changed_cb), self);
  if (self->editable)
    {
      self->saver = stp_draft_saver_new (self->store, c);
      g_signal_connect_swapped (self->saver, "saved", G_CALLBACK (saver_saved_cb), self);
      g_signal_connect_swapped (self->saver, "failed", G_CALLBACK (saver_failed_cb), self);
    }

  /* A consultation opens at its top, unless the caller restores where it was left. */
  self->pending_scroll = -1;
  gtk_adjustment_set_value (form_adjustment (self), 0);

  return TRUE;
}

double
stp_consultation_page_get_scroll_position (StpConsultationPage *self)
{
  g_return_val_if_fail (STP_IS_CONSULTATION_PAGE (self), 0);

  return gtk_adjustment_get_value (form_adjustment (self));
}

/* The form is only as tall as it is once it has been laid out, so the position is kept
 * until the adjustment can hold it. */
static void
apply_pending_scroll (StpConsultationPage *self)
{
  GtkAdjustment *adjustment = form_adjustment (self);
  double reachable = gtk_adjustment_get_upper (adjustment) -
                     gtk_adjustment_get_page_size (adjustment);

  if (self->pending_scroll < 0 || reachable < self->pending_scroll)
    return;

  gtk_adjustment_set_value (adjustment, self->pending_scroll);
  self->pending_scroll = -1;
}

void
stp_consultation_page_restore_scroll_position (StpConsultationPage *self,
                                               double               position)
{
  g_return_if_fail (STP_IS_CONSULTATION_PAGE (self));

  self->pending_scroll = MAX (position, 0);
  apply_pending_scroll (self);
}

static void
complete_clicked_cb (StpConsultationPage *self)
{
  g_autoptr (GError) error = NULL;
  gint64 id;

  if (self->consultation == NULL)
    return;

  id = stp_consultation_get_id (self->consultation);
  if (!stp_consultation_page_flush (self, &error) ||
      !stp_store_complete_consultation (self->store, id, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Not completed. %s"), error->message);

      show_message (self, text);
      gtk_widget_grab_focus (GTK_WIDGET (self->message_label));
      return;
    }

  stp_consultation_page_load (self, id, NULL);
}

static void
amend_clicked_cb (StpConsultationPage *self)
{
  g_autoptr (GError) error = NULL;
  gint64 id;

  if (self->consultation == NULL)
    return;

  id = stp_store_amend_consultation (self->store, stp_consultation_get_id (self->consultation),
                                     &error);
  if (id == 0 || !stp_consultation_page_load (self, id, &error))
    show_message (self, error != NULL ? error->message : _("The consultation could not be "
                                                           "amended."));
}

void
stp_consultation_page_set_store (StpConsultationPage *self,
                                 StpStore            *store)
{
  g_return_if_fail (STP_IS_CONSULTATION_PAGE (self));
  g_return_if_fail (STP_IS_STORE (store));
  g_return_if_fail (self->store == NULL);

  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, 0);
  build_form (self);
}

gint64
stp_consultation_page_get_id (StpConsultationPage *self)
{
  g_return_val_if_fail (STP_IS_CONSULTATION_PAGE (self), 0);

  return self->consultation != NULL ? stp_consultation_get_id (self->consultation) : 0;
}

const char *
stp_consultation_page_get_save_status (StpConsultationPage *self)
{
  g_return_val_if_fail (STP_IS_CONSULTATION_PAGE (self), NULL);

  return self->save_status;
}

const char *
stp_consultation_page_get_title (StpConsultationPage *self)
{
  g_return_val_if_fail (STP_IS_CONSULTATION_PAGE (self), NULL);

  return self->title;
}

StpConsultation *
stp_consultation_page_get_consultation (StpConsultationPage *self)
{
  g_return_val_if_fail (STP_IS_CONSULTATION_PAGE (self), NULL);

  return self->consultation;
}

GtkCheckButton *
stp_consultation_page_get_goal_check (StpConsultationPage *self,
                                      StpGoals             goal)
{
  g_return_val_if_fail (STP_IS_CONSULTATION_PAGE (self), NULL);

  for (guint i = 0; i < N_GOALS; i++)
    if (goal == (StpGoals) (1 << i))
      return self->goal_checks[i];
  return NULL;
}

AdwComboRow *
stp_consultation_page_get_scale_row (StpConsultationPage *self)
{
  g_return_val_if_fail (STP_IS_CONSULTATION_PAGE (self), NULL);

  return self->scale_row;
}

AdwComboRow *
stp_consultation_page_get_stage_row (StpConsultationPage *self)
{
  g_return_val_if_fail (STP_IS_CONSULTATION_PAGE (self), NULL);

  return self->stage_row;
}

AdwComboRow *
stp_consultation_page_get_phototype_row (StpConsultationPage *self)
{
  g_return_val_if_fail (STP_IS_CONSULTATION_PAGE (self), NULL);

  return self->phototype_row;
}

GtkTextView *
stp_consultation_page_get_expectations_view (StpConsultationPage *self)
{
  g_return_val_if_fail (STP_IS_CONSULTATION_PAGE (self), NULL);

  return stp_text_area_row_get_text_view (STP_TEXT_AREA_ROW (self->text_rows[TEXT_EXPECTATIONS]));
}

GtkToggleButton *
stp_consultation_page_get_answer_button (StpConsultationPage *self,
                                         const char          *key,
                                         StpAnswerValue       value)
{
  QuestionUi *ui;

  g_return_val_if_fail (STP_IS_CONSULTATION_PAGE (self), NULL);
  g_return_val_if_fail (value >= STP_ANSWER_YES && value <= STP_ANSWER_UNKNOWN, NULL);

  ui = find_question (self, key);
  return ui != NULL ? ui->buttons[value - STP_ANSWER_YES] : NULL;
}

GtkEditable *
stp_consultation_page_get_answer_date (StpConsultationPage *self,
                                       const char          *key)
{
  QuestionUi *ui;

  g_return_val_if_fail (STP_IS_CONSULTATION_PAGE (self), NULL);

  ui = find_question (self, key);
  return ui != NULL && ui->date_row != NULL ? GTK_EDITABLE (ui->date_row) : NULL;
}

GtkWidget *
stp_consultation_page_get_clearance_button (StpConsultationPage *self,
                                            const char          *key)
{
  g_return_val_if_fail (STP_IS_CONSULTATION_PAGE (self), NULL);

  return g_hash_table_lookup (self->clearance_buttons, key);
}

GtkWidget *
stp_consultation_page_get_complete_button (StpConsultationPage *self)
{
  g_return_val_if_fail (STP_IS_CONSULTATION_PAGE (self), NULL);

  return self->complete_button;
}

GtkWidget *
stp_consultation_page_get_amend_button (StpConsultationPage *self)
{
  g_return_val_if_fail (STP_IS_CONSULTATION_PAGE (self), NULL);

  return self->amend_button;
}

const char *
stp_consultation_page_get_message (StpConsultationPage *self)
{
  g_return_val_if_fail (STP_IS_CONSULTATION_PAGE (self), NULL);

  return self->message;
}

gboolean
stp_consultation_page_get_editable (StpConsultationPage *self)
{
  g_return_val_if_fail (STP_IS_CONSULTATION_PAGE (self), FALSE);

  return self->editable;
}

GtkWidget *
stp_consultation_page_new (void)
{
  return g_object_new (STP_TYPE_CONSULTATION_PAGE, NULL);
}

static void
stp_consultation_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  StpConsultationPage *self = STP_CONSULTATION_PAGE (object);

  switch (prop_id)
    {
    case PROP_SAVE_STATUS:
      g_value_set_string (value, self->save_status);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stp_consultation_page_dispose (GObject *object)
{
  StpConsultationPage *self = STP_CONSULTATION_PAGE (object);
  g_autoptr (GError) error = NULL;

  if (!stp_consultation_page_flush (self, &error))
    g_warning ("A consultation draft could not be saved: %s", error->message);

  drop_saver (self);
  if (self->consultation != NULL)
    g_signal_handlers_disconnect_by_data (self->consultation, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), STP_TYPE_CONSULTATION_PAGE);

  g_clear_object (&self->consultation);
  g_clear_object (&self->store);
  g_clear_pointer (&self->questions, g_ptr_array_unref);
  g_clear_pointer (&self->clearances, g_ptr_array_unref);
  g_clear_pointer (&self->flags, g_ptr_array_unref);
  g_clear_pointer (&self->question_uis, g_ptr_array_unref);
  g_clear_pointer (&self->editor_groups, g_ptr_array_unref);
  g_clear_pointer (&self->flag_rows, g_ptr_array_unref);
  g_clear_pointer (&self->scar_rows, g_ptr_array_unref);
  g_clear_pointer (&self->transplant_rows, g_ptr_array_unref);
  g_clear_pointer (&self->clearance_buttons, g_hash_table_unref);

  G_OBJECT_CLASS (stp_consultation_page_parent_class)->dispose (object);
}

static void
stp_consultation_page_finalize (GObject *object)
{
  StpConsultationPage *self = STP_CONSULTATION_PAGE (object);

  g_free (self->save_status);
  g_free (self->title);
  g_free (self->message);

  G_OBJECT_CLASS (stp_consultation_page_parent_class)->finalize (object);
}

static void
stp_consultation_page_class_init (StpConsultationPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = stp_consultation_page_get_property;
  object_class->dispose = stp_consultation_page_dispose;
  object_class->finalize = stp_consultation_page_finalize;

  properties[PROP_SAVE_STATUS] =
    g_param_spec_string ("save-status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/stipple/Stipple/ui/"
                                               "stp-consultation-page.ui");
  gtk_widget_class_bind_template_child (widget_class, StpConsultationPage, prefs_page);
  gtk_widget_class_bind_template_child (widget_class, StpConsultationPage, flags_group);
  gtk_widget_class_bind_template_child (widget_class, StpConsultationPage, heading_label);
  gtk_widget_class_bind_template_child (widget_class, StpConsultationPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, StpConsultationPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, StpConsultationPage, missing_label);
  gtk_widget_class_bind_template_child (widget_class, StpConsultationPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, StpConsultationPage, complete_button);
  gtk_widget_class_bind_template_child (widget_class, StpConsultationPage, amend_button);
  gtk_widget_class_bind_template_child (widget_class, StpConsultationPage, consent_button);
  gtk_widget_class_bind_template_child (widget_class, StpConsultationPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, StpConsultationPage, print_button);
  gtk_widget_class_bind_template_callback (widget_class, complete_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, amend_clicked_cb);
}

static void
stp_consultation_page_init (StpConsultationPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Actions of the consent and summary dialogs, which take the consultation's id. The
   * target comes first: a name without its target would not match the action. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->consent_button), "x", (gint64) 0);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->consent_button), "win.sign-consent");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->export_button), "x", (gint64) 0);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->export_button), "win.export-summary");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->print_button), "x", (gint64) 0);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->print_button), "win.print-summary");

  self->question_uis = g_ptr_array_new_with_free_func (question_ui_free);
  self->editor_groups = g_ptr_array_new ();
  self->flag_rows = g_ptr_array_new ();
  self->scar_rows = g_ptr_array_new ();
  self->transplant_rows = g_ptr_array_new ();
  self->clearance_buttons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->pending_scroll = -1;
  g_signal_connect_object (form_adjustment (self), "changed",
                           G_CALLBACK (apply_pending_scroll), self, G_CONNECT_SWAPPED);
}
