/* stp-session-page.c: the session form. It turns widgets into an StpTreatmentSession and
 * back; the rules (validation, expired lots, prefill, history) live in the core.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-session-page"

#include "config.h"

#include <glib/gi18n.h>

#include "stp-session-page.h"

/* GtkEntryCompletion is what GTK 4.8 offers for completing a typed lot. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS

enum
{
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Columns of the remembered-lot completion models. */
enum
{
  LOT_COL_LABEL,   /* what the list shows */
  LOT_COL_A,       /* brand / configuration */
  LOT_COL_B,       /* shade / diameter text */
  LOT_COL_C,       /* "" / taper */
  LOT_COL_LOT,
  LOT_COL_EXPIRY,
  LOT_N_COLS
};

typedef struct
{
  GtkWidget *row;
  GtkWidget *entries[5];
} LotLine;

struct _StpSessionPage
{
  AdwBin               parent_instance;

  StpStore            *store;
  StpTreatmentSession *session;       /* as loaded: the base of what is saved */
  StpTreatmentSession *baseline;      /* the form as filled, to tell unsaved edits */
  gboolean             quiet;         /* reading the form without showing messages */
  gboolean             correcting;    /* a logged session is shown */
  char                *title;
  char                *message;
  GHashTable          *widgets;       /* name -> widget, for tests */
  GArray              *staff_ids;     /* gint64, in the practitioner list's order */
  GPtrArray           *pigment_lines; /* LotLine */
  GPtrArray           *needle_lines;
  GtkListStore        *pigment_lots;
  GtkListStore        *needle_lots;
  guint                timer_source;
  gint64               timer_started; /* monotonic µs */
  int                  timer_base;    /* minutes before the timer ran */
  AdwPreferencesGroup *groups[STP_SESSION_N_FIELDS];

  AdwPreferencesPage  *page;
  GtkRevealer         *message_revealer;
  GtkLabel            *message_label;
  AdwComboRow         *kind_row;
  AdwEntryRow         *date_row;
  AdwEntryRow         *time_row;
  AdwActionRow        *duration_row;
  GtkSpinButton       *duration_spin;
  GtkToggleButton     *timer_button;
  AdwComboRow         *practitioner_row;
  GtkToggleButton     *area_buttons[STP_N_AREAS];
  AdwPreferencesGroup *pigments_group;
  AdwPreferencesGroup *needles_group;
  AdwEntryRow         *machine_row;
  AdwEntryRow         *stroke_row;
  AdwEntryRow         *voltage_row;
  AdwEntryRow         *speed_row;
  AdwEntryRow         *depth_row;
  AdwEntryRow         *angle_row;
  AdwEntryRow         *spacing_row;
  AdwComboRow         *pain_row;
  AdwComboRow         *bleeding_row;
  AdwComboRow         *redness_row;
  AdwComboRow         *swelling_row;
  GtkTextView         *notes_view;
  StpSessionPhotos    *photos;
  StpSessionSketch    *sketch;
  GtkWidget           *save_button;
  GtkWidget           *cancel_session_button;
};

G_DEFINE_FINAL_TYPE (StpSessionPage, stp_session_page, ADW_TYPE_BIN)

static void
lot_line_free (LotLine *line)
{
  g_free (line);
}

static void
name_widget (StpSessionPage *self,
             const char     *name,
             GtkWidget      *widget)
{
  g_hash_table_replace (self->widgets, g_strdup (name), widget);
}

static void
label_widget (GtkWidget  *widget,
              const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
}

/* Messages */

static void
show_message (StpSessionPage  *self,
              StpSessionField  field,
              const char      *message)
{
  if (self->quiet)
    return;
  g_free (self->message);
  self->message = g_strdup (message);
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->message_revealer, message != NULL);

  for (guint i = 0; i < STP_SESSION_N_FIELDS; i++)
    if (self->groups[i] != NULL)
      gtk_widget_remove_css_class (GTK_WIDGET (self->groups[i]), "error");
  if (message != NULL && field < STP_SESSION_N_FIELDS && self->groups[field] != NULL)
    {
      /* The group of the field says it too, where the eye is when fixing it. */
      gtk_widget_add_css_class (GTK_WIDGET (self->groups[field]), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->groups[field]));
    }
}

/* Lots */

static gboolean
lot_match_func (GtkEntryCompletion *completion,
                const char         *key,
                GtkTreeIter        *iter,
                gpointer            user_data)
{
  GtkTreeModel *model = gtk_entry_completion_get_model (completion);
  g_autofree char *label = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *lot = NULL;
  g_autofree char *folded_key = g_utf8_casefold (key, -1);
  gboolean match = FALSE;

  gtk_tree_model_get (model, iter, LOT_COL_LABEL, &label, LOT_COL_A, &a, LOT_COL_B, &b,
                      LOT_COL_LOT, &lot, -1);
  /* Prefix of the brand, the shade, the lot or "brand shade", as the store completes. */
  for (guint i = 0; i < 4 && !match; i++)
    {
      const char *text = i == 0 ? a : i == 1 ? b : i == 2 ? lot : label;
      g_autofree char *folded = g_utf8_casefold (text != NULL ? text : "", -1);
      match = g_str_has_prefix (folded, folded_key);
    }
  return match;
}

static void
set_entry (GtkWidget  *entry,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
}

static gboolean
lot_selected_cb (GtkEntryCompletion *completion,
                 GtkTreeModel       *model,
                 GtkTreeIter        *iter,
                 LotLine            *line)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *lot = NULL;
  g_autofree char *expiry = NULL;
  gboolean needle = g_object_get_data (G_OBJECT (completion), "needle") != NULL;

  gtk_tree_model_get (model, iter, LOT_COL_A, &a, LOT_COL_B, &b, LOT_COL_C, &c,
                      LOT_COL_LOT, &lot, LOT_COL_EXPIRY, &expiry, -1);
  set_entry (line->entries[0], a);
  set_entry (line->entries[1], b);
  if (needle)
    set_entry (line->entries[2], c);
  set_entry (line->entries[3], lot);
  set_entry (line->entries[4], expiry);
  return TRUE;
}

static void
reload_lots (StpSessionPage *self)
{
  g_autoptr(GPtrArray) pigments = NULL;
  g_autoptr(GPtrArray) needles = NULL;

  gtk_list_store_clear (self->pigment_lots);
  gtk_list_store_clear (self->needle_lots);
  if (self->store == NULL)
    return;

  pigments = stp_store_complete_pigment_lots (self->store, "", 200, NULL);
  for (guint i = 0; pigments != NULL && i < pigments->len; i++)
    {
      StpSessionPigment *p = pigments->pdata[i];
      g_autofree char *label = NULL;

      /* Translators: a remembered pigment lot in the completion list. */
      label = g_strdup_printf (_("%s %s — lot %s, expires %s"), p->brand, p->shade, p->lot,
                               p->expiry != NULL ? p->expiry : "?");
      gtk_list_store_insert_with_values (self->pigment_lots, NULL, -1, LOT_COL_LABEL, label,
                                         LOT_COL_A, p->brand, LOT_COL_B, p->shade,
                                         LOT_COL_C, "", LOT_COL_LOT, p->lot,
                                         LOT_COL_EXPIRY, p->expiry, -1);
    }

  needles = stp_store_complete_needle_lots (self->store, "", 200, NULL);
  for (guint i = 0; needles != NULL && i < needles->len; i++)
    {
      StpSessionNeedle *n = needles->pdata[i];
      g_autofree char *label = NULL;
      char diameter[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (diameter, sizeof diameter, "%.2f", n->diameter_mm);
      /* Translators: a remembered needle lot in the completion list. */
      label = g_strdup_printf (_("%s %s mm %s — lot %s"), n->configuration, diameter, n->taper,
                               n->lot);
      gtk_list_store_insert_with_values (self->needle_lots, NULL, -1, LOT_COL_LABEL, label,
                                         LOT_COL_A, n->configuration, LOT_COL_B, diameter,
                                         LOT_COL_C, n->taper, LOT_COL_LOT, n->lot,
                                         LOT_COL_EXPIRY, n->expiry, -1);
    }
}

static void
attach_completion (GtkWidget    *entry,
                   GtkListStore *model,
                   gboolean      needle,
                   LotLine      *line)
{
  GtkEntryCompletion *completion = gtk_entry_completion_new ();

  gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (model));
  gtk_entry_completion_set_text_column (completion, LOT_COL_LABEL);
  gtk_entry_completion_set_match_func (completion, lot_match_func, NULL, NULL);
  gtk_entry_completion_set_minimum_key_length (completion, 1);
  gtk_entry_completion_set_popup_completion (completion, TRUE);
  gtk_entry_completion_set_inline_completion (completion, FALSE);
  if (needle)
    g_object_set_data (G_OBJECT (completion), "needle", GINT_TO_POINTER (1));
  g_signal_connect (completion, "match-selected", G_CALLBACK (lot_selected_cb), line);
  gtk_entry_set_completion (GTK_ENTRY (entry), completion);
  g_object_unref (completion);
}

static void remove_line_cb (GtkButton *button, StpSessionPage *self);

static LotLine *
add_line (StpSessionPage *self,
          gboolean        needle)
{
  static const char *pigment_names[] = { "brand", "shade", "dilution", "lot", "expiry" };
  static const char *needle_names[] = { "configuration", "diameter", "taper", "lot", "expiry" };
  const char *pigment_labels[] = {
    _("Brand"), _("Shade"), _("Dilution, e.g. 1:20"), _("Lot"), _("Expiry, YYYY-MM-DD"),
  };
  const char *needle_labels[] = {
    _("Configuration, e.g. 3RL"), _("Diameter mm, e.g. 0.25"), _("Taper"), _("Lot"),
    _("Expiry, YYYY-MM-DD"),
  };
  static const int widths[] = { 10, 10, 8, 10, 11 };
  GPtrArray *lines = needle ? self->needle_lines : self->pigment_lines;
  LotLine *line = g_new0 (LotLine, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  g_autofree char *title = NULL;
  guint index = lines->len;

  /* The entries fill the row; its number is for screen readers, not a squeezed title. */
  line->row = adw_action_row_new ();
  title = g_strdup_printf (needle ? _("Needle %u") : _("Pigment %u"), index + 1);
  label_widget (line->row, title);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (box, TRUE);

  for (guint i = 0; i < 5; i++)
    {
      const char *label = needle ? needle_labels[i] : pigment_labels[i];
      line->entries[i] = gtk_entry_new ();
      gtk_entry_set_placeholder_text (GTK_ENTRY (line->entries[i]), label);
      gtk_editable_set_width_chars (GTK_EDITABLE (line->entries[i]), widths[i]);
      gtk_widget_set_hexpand (line->entries[i], TRUE);
      gtk_widget_set_tooltip_text (line->entries[i], label);
      label_widget (line->entries[i], label);
      gtk_box_append (GTK_BOX (box), line->entries[i]);
      g_object_set_data (G_OBJECT (line->entries[i]), "field",
                         (gpointer)(needle ? needle_names[i] : pigment_names[i]));
    }
  /* Typing the brand or the lot offers the lots on the shelf. */
  attach_completion (line->entries[0], needle ? self->needle_lots : self->pigment_lots, needle,
                     line);
  attach_completion (line->entries[3], needle ? self->needle_lots : self->pigment_lots, needle,
                     line);

  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, needle ? _("Remove this needle") : _("Remove this pigment"));
  g_object_set_data (G_OBJECT (remove), "line", line);
  g_object_set_data (G_OBJECT (remove), "needle", GINT_TO_POINTER (needle));
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_line_cb), self);
  gtk_box_append (GTK_BOX (box), remove);

  adw_action_row_add_suffix (ADW_ACTION_ROW (line->row), box);
  adw_preferences_group_add (needle ? self->needles_group : self->pigments_group, line->row);
  g_ptr_array_add (lines, line);
  return line;
}

static void
renumber (StpSessionPage *self,
          gboolean        needle)
{
  GPtrArray *lines = needle ? self->needle_lines : self->pigment_lines;

  for (guint i = 0; i < lines->len; i++)
    {
      LotLine *line = lines->pdata[i];
      g_autofree char *title = g_strdup_printf (needle ? _("Needle %u") : _("Pigment %u"), i + 1);

      label_widget (line->row, title);
    }
}

static void
remove_line_cb (GtkButton      *button,
                StpSessionPage *self)
{
  LotLine *line = g_object_get_data (G_OBJECT (button), "line");
  gboolean needle = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "needle"));
  GPtrArray *lines = needle ? self->needle_lines : self->pigment_lines;

  adw_preferences_group_remove (needle ? self->needles_group : self->pigments_group, line->row);
  g_ptr_array_remove (lines, line);
  renumber (self, needle);
}

static void
clear_lines (StpSessionPage *self)
{
  for (guint i = 0; i < self->pigment_lines->len; i++)
    adw_preferences_group_remove (self->pigments_group,
                                  ((LotLine *)self->pigment_lines->pdata[i])->row);
  for (guint i = 0; i < self->needle_lines->len; i++)
    adw_preferences_group_remove (self->needles_group,
                                  ((LotLine *)self->needle_lines->pdata[i])->row);
  g_ptr_array_set_size (self->pigment_lines, 0);
  g_ptr_array_set_size (self->needle_lines, 0);
}

static void
add_pigment_cb (StpSessionPage *self)
{
  LotLine *line = add_line (self, FALSE);
  gtk_widget_grab_focus (line->entries[0]);
}

static void
add_needle_cb (StpSessionPage *self)
{
  LotLine *line = add_line (self, TRUE);
  gtk_widget_grab_focus (line->entries[0]);
}

/* Timer */

static gboolean
timer_tick_cb (gpointer user_data)
{
  StpSessionPage *self = user_data;
  gint64 elapsed = (g_get_monotonic_time () - self->timer_started) / G_USEC_PER_SEC;
  g_autofree char *subtitle = NULL;

  gtk_spin_button_set_value (self->duration_spin, self->timer_base + elapsed / 60);
  /* Translators: the running session timer, hours:minutes:seconds. */
  subtitle = g_strdup_printf (_("Timer running — %d:%02d:%02d"), (int)(elapsed / 3600),
                              (int)(elapsed / 60 % 60), (int)(elapsed % 60));
  adw_action_row_set_subtitle (self->duration_row, subtitle);
  return G_SOURCE_CONTINUE;
}

static void
timer_toggled_cb (StpSessionPage *self)
{
  if (gtk_toggle_button_get_active (self->timer_button))
    {
      self->timer_base = gtk_spin_button_get_value_as_int (self->duration_spin);
      self->timer_started = g_get_monotonic_time ();
      gtk_button_set_label (GTK_BUTTON (self->timer_button), _("_Stop"));
      self->timer_source = g_timeout_add_seconds (1, timer_tick_cb, self);
      timer_tick_cb (self);
    }
  else
    {
      g_clear_handle_id (&self->timer_source, g_source_remove);
      gtk_button_set_label (GTK_BUTTON (self->timer_button), _("_Start Timer"));
      adw_action_row_set_subtitle (self->duration_row, _("In minutes"));
    }
}

/* Filling the form */

static GtkStringList *
string_list_new (void)
{
  return gtk_string_list_new (NULL);
}

static void
fill_practitioners (StpSessionPage *self,
                    gint64          selected)
{
  g_autoptr(GPtrArray) staff = stp_store_list_staff (self->store, FALSE, NULL);
  GtkStringList *names = string_list_new ();
  guint position = 0;
  gint64 none = 0;

  g_array_set_size (self->staff_ids, 0);
  gtk_string_list_append (names, _("Choose…"));
  g_array_append_val (self->staff_ids, none);
  for (guint i = 0; staff != NULL && i < staff->len; i++)
    {
      gint64 id = stp_staff_get_id (staff->pdata[i]);

      gtk_string_list_append (names, stp_staff_get_name (staff->pdata[i]));
      g_array_append_val (self->staff_ids, id);
      if (id == selected)
        position = self->staff_ids->len - 1;
    }
  adw_combo_row_set_model (self->practitioner_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->practitioner_row, position);
  g_object_unref (names);
}

static void
fill_media (StpSessionPage *self)
{
  StpTreatmentSession *s = self->session;

  stp_session_photos_load (self->photos, s->client_id, s->started_at, s->photos);
  stp_session_sketch_load (self->sketch, s->client_id, s->sketch_version_id, s->regions);
}

static void
set_row_text (AdwEntryRow *row,
              const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static void
set_number (AdwEntryRow *row,
            double       value,
            const char  *format)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (value <= 0.0)
    set_row_text (row, "");
  else
    set_row_text (row, g_ascii_formatd (buffer, sizeof buffer, format, value));
}

static StpTreatmentSession *read_form (StpSessionPage *self);

/* The form as it reads now, without messages; NULL when a field cannot be read. */
static StpTreatmentSession *
read_form_quietly (StpSessionPage *self)
{
  StpTreatmentSession *s;

  self->quiet = TRUE;
  s = read_form (self);
  self->quiet = FALSE;
  return s;
}

static void
fill_form (StpSessionPage *self)
{
  StpTreatmentSession *s = self->session;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (s->started_at);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  g_autofree char *iso = g_date_time_format (local, "%Y-%m-%d");
  g_autofree char *date = stp_date_format_local (iso);
  g_autofree char *time = g_date_time_format (local, "%H:%M");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);

  if (gtk_toggle_button_get_active (self->timer_button))
    gtk_toggle_button_set_active (self->timer_button, FALSE);
  show_message (self, STP_SESSION_FIELD_NONE, NULL);

  adw_combo_row_set_selected (self->kind_row, s->kind);
  set_row_text (self->date_row, date);
  set_row_text (self->time_row, time);
  gtk_spin_button_set_value (self->duration_spin, s->duration_minutes);
  fill_practitioners (self, s->practitioner_id);
  for (guint i = 0; i < STP_N_AREAS; i++)
    gtk_toggle_button_set_active (self->area_buttons[i], (s->areas & (1u << i)) != 0);

  clear_lines (self);
  reload_lots (self);
  for (guint i = 0; i < s->pigments->len; i++)
    {
      StpSessionPigment *p = s->pigments->pdata[i];
      LotLine *line = add_line (self, FALSE);

      set_entry (line->entries[0], p->brand);
      set_entry (line->entries[1], p->shade);
      set_entry (line->entries[2], p->dilution);
      set_entry (line->entries[3], p->lot);
      set_entry (line->entries[4], p->expiry);
    }
  if (s->pigments->len == 0)
    add_line (self, FALSE);
  for (guint i = 0; i < s->needles->len; i++)
    {
      StpSessionNeedle *n = s->needles->pdata[i];
      LotLine *line = add_line (self, TRUE);
      char diameter[G_ASCII_DTOSTR_BUF_SIZE];

      set_entry (line->entries[0], n->configuration);
      set_entry (line->entries[1], g_ascii_formatd (diameter, sizeof diameter, "%.2f",
                                                    n->diameter_mm));
      set_entry (line->entries[2], n->taper);
      set_entry (line->entries[3], n->lot);
      set_entry (line->entries[4], n->expiry);
    }
  if (s->needles->len == 0)
    add_line (self, TRUE);

  set_row_text (self->machine_row, s->machine_model);
  set_number (self->stroke_row, s->stroke_mm, "%.1f");
  set_number (self->voltage_row, s->voltage, "%.1f");
  set_number (self->speed_row, s->speed_hz, "%.0f");
  set_row_text (self->depth_row, s->depth);
  set_row_text (self->angle_row, s->angle);
  set_row_text (self->spacing_row, s->spacing);
  adw_combo_row_set_selected (self->pain_row, s->pain + 1);
  adw_combo_row_set_selected (self->bleeding_row, s->bleeding);
  adw_combo_row_set_selected (self->redness_row, s->redness);
  adw_combo_row_set_selected (self->swelling_row, s->swelling);
  gtk_text_buffer_set_text (buffer, s->notes, -1);
  fill_media (self);

  gtk_button_set_label (GTK_BUTTON (self->save_button),
                        self->correcting ? _("_Save Correction…") : _("_Log Session"));
  gtk_widget_set_visible (self->cancel_session_button, self->correcting);
  gtk_widget_set_sensitive (GTK_WIDGET (self->page),
                            s->status == STP_SESSION_STATUS_LOGGED);

  g_free (self->title);
  if (self->correcting)
    /* Translators: the session form's subtitle; %s is the session's date. */
    self->title = g_strdup_printf (s->status == STP_SESSION_STATUS_CANCELLED
                                   ? _("Session of %s (cancelled)") : _("Session of %s"),
                                   date);
  else
    self->title = g_strdup (_("New Session"));
  g_object_notify (G_OBJECT (self), "title");

  /* Where this session sits in the plan, so the kind can be checked at a glance. */
  {
    StpPlanProgress progress;
    g_autofree char *where = NULL;

    if (!self->correcting && s->plan_id != 0 &&
        stp_store_get_plan_progress (self->store, s->client_id, &progress, NULL) &&
        progress.plan_id == s->plan_id && progress.logged < progress.planned)
      where = g_strdup_printf (_("Session %u of %u in the plan"), progress.logged + 1,
                               progress.planned);
    adw_preferences_group_set_description (self->groups[STP_SESSION_FIELD_KIND], where);
  }

  g_clear_pointer (&self->baseline, stp_treatment_session_free);
  self->baseline = read_form_quietly (self);

  {
    GtkWidget *scrolled = gtk_widget_get_first_child (GTK_WIDGET (self->page));
    if (GTK_IS_SCROLLED_WINDOW (scrolled))
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                                0);
  }
}

/* Reading the form */

static gboolean
parse_number (const char *text,
              double     *value)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  char *end = NULL;

  *value = 0.0;
  if (*copy == '\0')
    return TRUE;
  /* Either decimal sign, whatever the locale: "0,25" and "0.25" are the same needle. */
  g_strdelimit (copy, ",", '.');
  *value = g_ascii_strtod (copy, &end);
  return end != NULL && *end == '\0' && *value >= 0.0;
}

static const char *
entry_text (GtkWidget *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

static gboolean
line_is_blank (LotLine *line)
{
  for (guint e = 0; e < 5; e++)
    {
      g_autofree char *text = g_strstrip (g_strdup (entry_text (line->entries[e])));
      if (*text != '\0')
        return FALSE;
    }
  return TRUE;
}

static char *
nullable_text (GtkWidget *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (entry_text (entry)));
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static gboolean
read_start (StpSessionPage  *self,
            gint64          *started_at)
{
  GDate date;
  int hour = -1, minute = -1;
  char extra;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *example = stp_date_format_local ("2026-03-14");
  const char *time = gtk_editable_get_text (GTK_EDITABLE (self->time_row));

  if (!stp_date_parse (gtk_editable_get_text (GTK_EDITABLE (self->date_row)), &date))
    {
      g_autofree char *message = g_strdup_printf (_("The date is not a real date; type it like "
                                                    "%s."), example);
      show_message (self, STP_SESSION_FIELD_START, message);
      if (!self->quiet)
        gtk_widget_grab_focus (GTK_WIDGET (self->date_row));
      return FALSE;
    }
  if (sscanf (time, "%d:%d%c", &hour, &minute, &extra) != 2 || hour < 0 || hour > 23 ||
      minute < 0 || minute > 59)
    {
      show_message (self, STP_SESSION_FIELD_START,
                    _("Type the start time as hours and minutes, like 09:30."));
      if (!self->quiet)
        gtk_widget_grab_focus (GTK_WIDGET (self->time_row));
      return FALSE;
    }
  local = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                                 g_date_get_day (&date), hour, minute, 0);
  *started_at = local != NULL ? g_date_time_to_unix (local) : 0;
  return TRUE;
}

/* The form as a session; NULL (with the message shown) when a typed value cannot be read. */
static StpTreatmentSession *
read_form (StpSessionPage *self)
{
  g_autoptr(StpTreatmentSession) s = stp_treatment_session_copy (self->session);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  GtkTextIter start, end;
  guint practitioner = adw_combo_row_get_selected (self->practitioner_row);
  double value;

  if (!read_start (self, &s->started_at))
    return NULL;
  s->kind = MIN (adw_combo_row_get_selected (self->kind_row), STP_SESSION_N_KINDS - 1);
  s->duration_minutes = gtk_spin_button_get_value_as_int (self->duration_spin);
  s->practitioner_id = practitioner < self->staff_ids->len
                       ? g_array_index (self->staff_ids, gint64, practitioner) : 0;
  s->areas = 0;
  for (guint i = 0; i < STP_N_AREAS; i++)
    if (gtk_toggle_button_get_active (self->area_buttons[i]))
      s->areas |= 1u << i;

  g_ptr_array_set_size (s->pigments, 0);
  for (guint i = 0; i < self->pigment_lines->len; i++)
    {
      LotLine *line = self->pigment_lines->pdata[i];
      g_autofree char *expiry = nullable_text (line->entries[4]);
      g_autofree char *dilution = g_strstrip (g_strdup (entry_text (line->entries[2])));

      if (line_is_blank (line))
        continue;   /* an empty line left from "Add" is not a pigment */
      g_ptr_array_add (s->pigments,
                       stp_session_pigment_new (entry_text (line->entries[0]),
                                                entry_text (line->entries[1]), dilution,
                                                entry_text (line->entries[3]), expiry));
    }

  g_ptr_array_set_size (s->needles, 0);
  for (guint i = 0; i < self->needle_lines->len; i++)
    {
      LotLine *line = self->needle_lines->pdata[i];
      g_autofree char *expiry = nullable_text (line->entries[4]);

      if (line_is_blank (line))
        continue;
      if (!parse_number (entry_text (line->entries[1]), &value))
        {
          show_message (self, STP_SESSION_FIELD_NEEDLES,
                        _("Type the needle diameter in millimetres, like 0.25."));
          if (!self->quiet)
            gtk_widget_grab_focus (line->entries[1]);
          return NULL;
        }
      g_ptr_array_add (s->needles,
                       stp_session_needle_new (entry_text (line->entries[0]), value,
                                               entry_text (line->entries[2]),
                                               entry_text (line->entries[3]), expiry));
    }

  g_free (s->machine_model);
  s->machine_model = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->machine_row)));
  if (!parse_number (gtk_editable_get_text (GTK_EDITABLE (self->stroke_row)), &s->stroke_mm) ||
      !parse_number (gtk_editable_get_text (GTK_EDITABLE (self->voltage_row)), &s->voltage) ||
      !parse_number (gtk_editable_get_text (GTK_EDITABLE (self->speed_row)), &value))
    {
      show_message (self, STP_SESSION_FIELD_MACHINE,
                    _("Stroke length, voltage and speed are numbers, like 3.5, 8 or 120."));
      return NULL;
    }
  s->speed_hz = (guint)(value + 0.5);

  g_free (s->depth);
  s->depth = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->depth_row)));
  g_free (s->angle);
  s->angle = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->angle_row)));
  g_free (s->spacing);
  s->spacing = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->spacing_row)));
  s->pain = (int)adw_combo_row_get_selected (self->pain_row) - 1;
  s->bleeding = adw_combo_row_get_selected (self->bleeding_row);
  s->redness = adw_combo_row_get_selected (self->redness_row);
  s->swelling = adw_combo_row_get_selected (self->swelling_row);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  g_free (s->notes);
  s->notes = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  s->sketch_version_id = stp_session_sketch_get_version (self->sketch);
  stp_session_sketch_read_regions (self->sketch, s->regions);
  stp_session_photos_read (self->photos, s->photos);

  return g_steal_pointer (&s);
}

/* Saving */

static void save_with (StpSessionPage *self, StpTreatmentSession *s, const char *reason,
                       gint64 ack);

typedef struct
{
  StpSessionPage      *self;
  StpTreatmentSession *session;
  char                *reason;
  GtkWidget           *entry;
} Pending;

static void
pending_free (Pending *p)
{
  g_object_unref (p->self);
  stp_treatment_session_free (p->session);
  g_free (p->reason);
  g_free (p);
}

static void
expired_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     Pending          *p)
{
  if (g_strcmp0 (response, "log") == 0)
    {
      gint64 actor = stp_store_get_actor (p->self->store);
      save_with (p->self, p->session, p->reason,
                 actor > 0 ? actor : p->session->practitioner_id);
    }
  else
    show_message (p->self, STP_SESSION_FIELD_PIGMENTS,
                  _("Not saved: replace the expired lot, or log it and confirm."));
  pending_free (p);
}

static void
ask_expired (StpSessionPage      *self,
             StpTreatmentSession *s,
             const char          *reason,
             const GError        *error)
{
  Pending *p = g_new0 (Pending, 1);
  GtkWidget *dialog;

  p->self = g_object_ref (self);
  p->session = stp_treatment_session_copy (s);
  p->reason = g_strdup (reason);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Expired Lot"), error->message);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Go Back"),
                                    "log", _("_Log With Expired Lot"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "log",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (expired_response_cb), p);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_with (StpSessionPage      *self,
           StpTreatmentSession *s,
           const char          *reason,
           gint64               ack)
{
  g_autoptr(GError) error = NULL;
  StpSessionField field = STP_SESSION_FIELD_NONE;
  gboolean ok;
  gint64 id;

  if (!stp_treatment_session_validate (s, &field, &error))
    {
      show_message (self, field, error->message);
      return;
    }

  if (self->correcting)
    {
      ok = stp_store_correct_session (self->store, s, reason, ack, &error);
      id = s->id;
    }
  else
    {
      id = stp_store_log_session (self->store, s, ack, &error);
      ok = id != 0;
    }

  if (!ok)
    {
      if (g_error_matches (error, STP_SESSION_ERROR, STP_SESSION_ERROR_EXPIRED_LOT))
        ask_expired (self, s, reason, error);
      else
        show_message (self, STP_SESSION_FIELD_NONE, error->message);
      return;
    }

  show_message (self, STP_SESSION_FIELD_NONE, NULL);
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, id);
}

static GtkWidget *
reason_dialog (StpSessionPage *self,
               const char     *heading,
               const char     *body,
               const char     *action_label,
               GtkWidget     **entry_out)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              heading, body);
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason"));
  label_widget (entry, _("Reason"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "ok", action_label, NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  *entry_out = entry;
  return dialog;
}

static void
correction_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        Pending          *p)
{
  if (g_strcmp0 (response, "ok") == 0)
    save_with (p->self, p->session, entry_text (p->entry), 0);
  pending_free (p);
}

void
stp_session_page_save (StpSessionPage *self)
{
  g_autoptr(StpTreatmentSession) s = NULL;
  Pending *p;
  GtkWidget *dialog;

  g_return_if_fail (STP_IS_SESSION_PAGE (self));

  if (self->store == NULL || self->session == NULL ||
      self->session->status != STP_SESSION_STATUS_LOGGED)
    return;
  s = read_form (self);
  if (s == NULL)
    return;

  if (!self->correcting)
    {
      save_with (self, s, NULL, 0);
      return;
    }

  /* A correction is never silent: it says why, and the old version is kept. */
  p = g_new0 (Pending, 1);
  p->self = g_object_ref (self);
  p->session = g_steal_pointer (&s);
  dialog = reason_dialog (self, _("Correct This Session?"),
                          _("The session as logged is kept in its history with your name and "
                            "this reason."), _("_Save Correction"), &p->entry);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "ok",
                                              ADW_RESPONSE_SUGGESTED);
  g_signal_connect (dialog, "response", G_CALLBACK (correction_response_cb), p);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
cancel_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    Pending          *p)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "ok") == 0)
    {
      if (stp_store_cancel_session (p->self->store, p->session->id, entry_text (p->entry),
                                    &error))
        g_signal_emit (p->self, signals[SIGNAL_SAVED], 0, p->session->id);
      else
        show_message (p->self, STP_SESSION_FIELD_NONE, error->message);
    }
  pending_free (p);
}

static void
cancel_session_cb (StpSessionPage *self)
{
  Pending *p = g_new0 (Pending, 1);
  GtkWidget *dialog;

  p->self = g_object_ref (self);
  p->session = stp_treatment_session_copy (self->session);
  dialog = reason_dialog (self, _("Cancel This Session?"),
                          _("A cancelled session stays in the record, marked cancelled, and no "
                            "longer counts in the plan or a lot recall."),
                          _("Cancel _Session"), &p->entry);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "ok",
                                              ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect (dialog, "response", G_CALLBACK (cancel_response_cb), p);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Building the form */

static AdwPreferencesGroup *
add_group (StpSessionPage *self,
           const char     *title,
           const char     *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (group));
  return ADW_PREFERENCES_GROUP (group);
}

static AdwEntryRow *
add_entry_row (StpSessionPage      *self,
               AdwPreferencesGroup *group,
               const char          *title,
               const char          *name)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_group_add (group, row);
  name_widget (self, name, row);
  return ADW_ENTRY_ROW (row);
}

static AdwComboRow *
add_combo_row (StpSessionPage      *self,
               AdwPreferencesGroup *group,
               const char          *title,
               const char          *name,
               const char * const  *labels,
               guint                n_labels)
{
  GtkWidget *row = adw_combo_row_new ();
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n_labels; i++)
    gtk_string_list_append (list, labels[i]);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  g_object_unref (list);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_group_add (group, row);
  name_widget (self, name, row);
  return ADW_COMBO_ROW (row);
}

static GtkWidget *
header_button (const char *label,
               const char *tooltip)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

/* A region that is a named area ticks that area: it was treated. */
static void
region_area_chosen_cb (StpSessionPage *self,
                       guint           area)
{
  int bit = g_bit_nth_lsf (area, -1);

  if (bit >= 0 && bit < STP_N_AREAS)
    gtk_toggle_button_set_active (self->area_buttons[bit], TRUE);
}

static void
build_form (StpSessionPage *self)
{
  AdwPreferencesGroup *g;
  const char *kinds[STP_SESSION_N_KINDS];
  const char *reactions[STP_REACTION_N_LEVELS];
  const char *pains[12];
  char *pain_labels[12] = { NULL };
  GtkWidget *box, *flow, *frame, *button, *scrolled;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  self->message_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message_label, TRUE);
  gtk_label_set_xalign (self->message_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  gtk_widget_set_margin_start (GTK_WIDGET (self->message_label), 24);
  gtk_widget_set_margin_end (GTK_WIDGET (self->message_label), 24);
  gtk_widget_set_margin_top (GTK_WIDGET (self->message_label), 12);
  self->message_revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_child (self->message_revealer, GTK_WIDGET (self->message_label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->message_revealer));

  self->page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->page), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->page));
  adw_bin_set_child (ADW_BIN (self), box);

  /* Session */
  g = add_group (self, _("Session"), NULL);
  self->groups[STP_SESSION_FIELD_KIND] = g;
  self->groups[STP_SESSION_FIELD_START] = g;
  self->groups[STP_SESSION_FIELD_DURATION] = g;
  self->groups[STP_SESSION_FIELD_PRACTITIONER] = g;
  for (guint i = 0; i < STP_SESSION_N_KINDS; i++)
    kinds[i] = stp_session_kind_get_label (i);
  self->kind_row = add_combo_row (self, g, _("Kind"), "kind", kinds, STP_SESSION_N_KINDS);
  self->date_row = add_entry_row (self, g, _("Date"), "date");
  self->time_row = add_entry_row (self, g, _("Start Time"), "time");

  self->duration_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->duration_row), _("Duration"));
  adw_action_row_set_subtitle (self->duration_row, _("In minutes"));
  self->duration_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 720, 5));
  gtk_widget_set_valign (GTK_WIDGET (self->duration_spin), GTK_ALIGN_CENTER);
  label_widget (GTK_WIDGET (self->duration_spin), _("Duration in minutes"));
  self->timer_button = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_mnemonic (_("_Start Timer")));
  gtk_widget_set_valign (GTK_WIDGET (self->timer_button), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->timer_button),
                               _("Counts the duration while the session runs"));
  g_signal_connect_swapped (self->timer_button, "toggled", G_CALLBACK (timer_toggled_cb), self);
  adw_action_row_add_suffix (self->duration_row, GTK_WIDGET (self->duration_spin));
  adw_action_row_add_suffix (self->duration_row, GTK_WIDGET (self->timer_button));
  adw_preferences_group_add (g, GTK_WIDGET (self->duration_row));
  name_widget (self, "duration", GTK_WIDGET (self->duration_spin));
  name_widget (self, "timer", GTK_WIDGET (self->timer_button));

  self->practitioner_row = add_combo_row (self, g, _("Practitioner"), "practitioner", NULL, 0);

  /* Areas */
  g = add_group (self, _("Areas Treated"), NULL);
  self->groups[STP_SESSION_FIELD_AREAS] = g;
  flow = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 7);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);
  for (guint i = 0; i < STP_N_AREAS; i++)
    {
      g_autofree char *name = g_strdup_printf ("area-%u", i);

      self->area_buttons[i] = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_label (stp_area_get_label (i)));
      gtk_flow_box_append (GTK_FLOW_BOX (flow), GTK_WIDGET (self->area_buttons[i]));
      name_widget (self, name, GTK_WIDGET (self->area_buttons[i]));
    }
  adw_preferences_group_add (g, flow);

  /* Pigments and needles */
  g = self->pigments_group = add_group (self, _("Pigments"),
                                        _("Type a brand or lot to pick a box already on "
                                          "the shelf."));
  self->groups[STP_SESSION_FIELD_PIGMENTS] = g;
  button = header_button (_("Add _Pigment"), _("Add another pigment"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (add_pigment_cb), self);
  adw_preferences_group_set_header_suffix (g, button);
  name_widget (self, "add-pigment", button);

  g = self->needles_group = add_group (self, _("Needle Cartridges"), NULL);
  self->groups[STP_SESSION_FIELD_NEEDLES] = g;
  button = header_button (_("Add _Needle"), _("Add another needle cartridge"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (add_needle_cb), self);
  adw_preferences_group_set_header_suffix (g, button);
  name_widget (self, "add-needle", button);

  /* Machine and technique */
  g = add_group (self, _("Machine"), NULL);
  self->groups[STP_SESSION_FIELD_MACHINE] = g;
  self->machine_row = add_entry_row (self, g, _("Model"), "machine");
  self->stroke_row = add_entry_row (self, g, _("Stroke Length (mm)"), "stroke");
  self->voltage_row = add_entry_row (self, g, _("Voltage (V)"), "voltage");
  self->speed_row = add_entry_row (self, g, _("Speed (cycles per second)"), "speed");

  g = add_group (self, _("Technique"), NULL);
  self->groups[STP_SESSION_FIELD_TECHNIQUE] = g;
  self->depth_row = add_entry_row (self, g, _("Depth"), "depth");
  self->angle_row = add_entry_row (self, g, _("Angle"), "angle");
  self->spacing_row = add_entry_row (self, g, _("Dot Spacing"), "spacing");

  /* Response */
  g = add_group (self, _("Client Response"), NULL);
  self->groups[STP_SESSION_FIELD_PAIN] = g;
  self->groups[STP_SESSION_FIELD_REACTIONS] = g;
  pains[0] = _("Not asked");
  for (guint i = 0; i <= 10; i++)
    {
      pain_labels[i + 1] = i == 0 ? g_strdup (_("0 — none"))
                           : i == 10 ? g_strdup (_("10 — worst imaginable"))
                           : g_strdup_printf ("%u", i);
      pains[i + 1] = pain_labels[i + 1];
    }
  self->pain_row = add_combo_row (self, g, _("Pain (0–10)"), "pain", pains, 12);
  for (guint i = 0; i < G_N_ELEMENTS (pain_labels); i++)
    g_free (pain_labels[i]);
  for (guint i = 0; i < STP_REACTION_N_LEVELS; i++)
    reactions[i] = stp_reaction_get_label (i);
  self->bleeding_row = add_combo_row (self, g, _("Bleeding"), "bleeding", reactions,
                                      STP_REACTION_N_LEVELS);
  self->redness_row = add_combo_row (self, g, _("Redness"), "redness", reactions,
                                     STP_REACTION_N_LEVELS);
  self->swelling_row = add_combo_row (self, g, _("Swelling"), "swelling", reactions,
                                      STP_REACTION_N_LEVELS);

  g = add_group (self, _("Notes"), NULL);
  self->groups[STP_SESSION_FIELD_NOTES] = g;
  self->notes_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (self->notes_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (self->notes_view, 8);
  gtk_text_view_set_bottom_margin (self->notes_view, 8);
  gtk_text_view_set_left_margin (self->notes_view, 8);
  gtk_text_view_set_right_margin (self->notes_view, 8);
  label_widget (GTK_WIDGET (self->notes_view), _("Notes"));
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->notes_view));
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 100);
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), scrolled);
  adw_preferences_group_add (g, frame);
  name_widget (self, "notes", GTK_WIDGET (self->notes_view));

  /* Photos, and the sketch with its regions */
  self->photos = STP_SESSION_PHOTOS (stp_session_photos_new ());
  adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (self->photos));
  self->groups[STP_SESSION_FIELD_PHOTOS] = ADW_PREFERENCES_GROUP (self->photos);
  self->sketch = STP_SESSION_SKETCH (stp_session_sketch_new ());
  g_signal_connect_swapped (self->sketch, "area-chosen", G_CALLBACK (region_area_chosen_cb),
                            self);
  adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (self->sketch));
  self->groups[STP_SESSION_FIELD_SKETCH] = ADW_PREFERENCES_GROUP (self->sketch);

  /* Actions */
  g = add_group (self, NULL, NULL);
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (box, GTK_ALIGN_END);
  self->cancel_session_button = gtk_button_new_with_mnemonic (_("Cancel Session…"));
  gtk_widget_add_css_class (self->cancel_session_button, "destructive-action");
  g_signal_connect_swapped (self->cancel_session_button, "clicked",
                            G_CALLBACK (cancel_session_cb), self);
  gtk_box_append (GTK_BOX (box), self->cancel_session_button);
  self->save_button = gtk_button_new_with_mnemonic (_("_Log Session"));
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  gtk_widget_add_css_class (self->save_button, "pill");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->save_button), "win.save-session");
  gtk_widget_set_tooltip_text (self->save_button, _("Save the session (Ctrl+S)"));
  gtk_box_append (GTK_BOX (box), self->save_button);
  adw_preferences_group_add (g, box);
  name_widget (self, "save", self->save_button);
}

/* GObject */

enum
{
  PROP_0,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
stp_session_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  StpSessionPage *self = STP_SESSION_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stp_session_page_dispose (GObject *object)
{
  StpSessionPage *self = STP_SESSION_PAGE (object);

  g_clear_handle_id (&self->timer_source, g_source_remove);
  g_clear_object (&self->store);
  g_clear_pointer (&self->session, stp_treatment_session_free);
  g_clear_pointer (&self->baseline, stp_treatment_session_free);
  g_clear_pointer (&self->widgets, g_hash_table_unref);
  g_clear_pointer (&self->staff_ids, g_array_unref);
  g_clear_pointer (&self->pigment_lines, g_ptr_array_unref);
  g_clear_pointer (&self->needle_lines, g_ptr_array_unref);
  g_clear_object (&self->pigment_lots);
  g_clear_object (&self->needle_lots);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (stp_session_page_parent_class)->dispose (object);
}

static void
stp_session_page_class_init (StpSessionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = stp_session_page_get_property;
  object_class->dispose = stp_session_page_dispose;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
stp_session_page_init (StpSessionPage *self)
{
  self->widgets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->staff_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pigment_lines = g_ptr_array_new_with_free_func ((GDestroyNotify)lot_line_free);
  self->needle_lines = g_ptr_array_new_with_free_func ((GDestroyNotify)lot_line_free);
  self->pigment_lots = gtk_list_store_new (LOT_N_COLS, G_TYPE_STRING, G_TYPE_STRING,
                                           G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
                                           G_TYPE_STRING);
  self->needle_lots = gtk_list_store_new (LOT_N_COLS, G_TYPE_STRING, G_TYPE_STRING,
                                          G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
                                          G_TYPE_STRING);
  build_form (self);
}

GtkWidget *
stp_session_page_new (void)
{
  return g_object_new (STP_TYPE_SESSION_PAGE, NULL);
}

void
stp_session_page_set_store (StpSessionPage *self,
                            StpStore       *store)
{
  g_return_if_fail (STP_IS_SESSION_PAGE (self));
  g_set_object (&self->store, store);
  stp_session_photos_set_store (self->photos, store);
  stp_session_sketch_set_store (self->sketch, store);
}

gboolean
stp_session_page_load_new (StpSessionPage  *self,
                           gint64           client_id,
                           GError         **error)
{
  StpTreatmentSession *s;

  g_return_val_if_fail (STP_IS_SESSION_PAGE (self), FALSE);

  s = stp_store_prefill_session (self->store, client_id, error);
  if (s == NULL)
    return FALSE;
  g_clear_pointer (&self->session, stp_treatment_session_free);
  self->session = s;
  self->correcting = FALSE;
  fill_form (self);
  return TRUE;
}

gboolean
stp_session_page_load (StpSessionPage  *self,
                       gint64           session_id,
                       GError         **error)
{
  StpTreatmentSession *s;

  g_return_val_if_fail (STP_IS_SESSION_PAGE (self), FALSE);

  s = stp_store_get_session (self->store, session_id, error);
  if (s == NULL)
    return FALSE;
  g_clear_pointer (&self->session, stp_treatment_session_free);
  self->session = s;
  self->correcting = TRUE;
  fill_form (self);
  return TRUE;
}

gboolean
stp_session_page_get_dirty (StpSessionPage *self)
{
  g_autoptr(StpTreatmentSession) now = NULL;
  g_autofree char *fields = NULL;

  g_return_val_if_fail (STP_IS_SESSION_PAGE (self), FALSE);

  if (self->session == NULL || self->session->status != STP_SESSION_STATUS_LOGGED)
    return FALSE;
  now = read_form_quietly (self);
  if (now == NULL || self->baseline == NULL)
    return TRUE;
  fields = stp_treatment_session_diff_fields (self->baseline, now);
  return *fields != '\0';
}

gint64
stp_session_page_get_client_id (StpSessionPage *self)
{
  g_return_val_if_fail (STP_IS_SESSION_PAGE (self), 0);
  return self->session != NULL ? self->session->client_id : 0;
}

const char *
stp_session_page_get_title (StpSessionPage *self)
{
  g_return_val_if_fail (STP_IS_SESSION_PAGE (self), NULL);
  return self->title;
}

GtkWidget *
stp_session_page_get_widget (StpSessionPage *self,
                             const char     *name)
{
  g_auto(GStrv) parts = NULL;
  GPtrArray *lines = NULL;
  guint64 index;

  g_return_val_if_fail (STP_IS_SESSION_PAGE (self), NULL);

  /* Lot lines come and go, so their entries are found by position. */
  parts = g_strsplit (name, "-", 3);
  if (g_strv_length (parts) == 3 &&
      (g_str_equal (parts[0], "pigment") || g_str_equal (parts[0], "needle")) &&
      g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXUINT, &index, NULL))
    {
      if (g_str_equal (parts[0], "pigment"))
        lines = self->pigment_lines;
      else if (g_str_equal (parts[0], "needle"))
        lines = self->needle_lines;
      if (lines == NULL || index >= lines->len)
        return NULL;
      for (guint e = 0; e < 5; e++)
        {
          GtkWidget *entry = ((LotLine *)lines->pdata[index])->entries[e];
          if (g_strcmp0 (g_object_get_data (G_OBJECT (entry), "field"), parts[2]) == 0)
            return entry;
        }
      return NULL;
    }
  if (g_hash_table_lookup (self->widgets, name) != NULL)
    return g_hash_table_lookup (self->widgets, name);
  if (g_str_has_prefix (name, "photo") || g_str_equal (name, "import") ||
      g_str_equal (name, "pick"))
    return stp_session_photos_get_widget (self->photos, name);
  return stp_session_sketch_get_widget (self->sketch, name);
}

StpSessionPhotos *
stp_session_page_get_photos (StpSessionPage *self)
{
  g_return_val_if_fail (STP_IS_SESSION_PAGE (self), NULL);
  return self->photos;
}

StpSessionSketch *
stp_session_page_get_sketch (StpSessionPage *self)
{
  g_return_val_if_fail (STP_IS_SESSION_PAGE (self), NULL);
  return self->sketch;
}

const char *
stp_session_page_get_message (StpSessionPage *self)
{
  g_return_val_if_fail (STP_IS_SESSION_PAGE (self), NULL);
  return self->message;
}

G_GNUC_END_IGNORE_DEPRECATIONS
