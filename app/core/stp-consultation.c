/* stp-consultation.c: a consultation's intake record and its validation.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-consultation"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "stp-consultation-private.h"
#include "stp-validate-private.h"

struct _StpConsultation
{
  GObject                parent_instance;

  gint64                 id;
  gint64                 client_id;
  gint64                 consultant_id;
  gint64                 amends_id;
  gint64                 superseded_by;
  gint64                 created_at;
  gint64                 updated_at;
  StpConsultationStatus  status;
  guint                  version;
  char                  *date;
  StpGoals               goals;
  StpAreas               areas;
  StpStagingScale        scale;
  char                  *stage;
  guint                  phototype;
  char                  *hair_colour;
  char                  *scalp_tone;
  StpPigmentation        pigmentation;
  StpHairlineStyle       hairline_style;
  char                  *hairline_position;
  char                  *hairline_notes;
  gboolean               prior_smp;
  char                  *prior_smp_provider;
  guint                  prior_smp_satisfaction;
  gboolean               laser_removal;
  char                  *laser_last_date;
  char                  *medication;
  char                  *expectations;
  char                  *notes;
  GPtrArray             *scars;        /* StpScar */
  GPtrArray             *transplants;  /* StpTransplant */
  GPtrArray             *answers;      /* StpAnswer */
  StpPlan               *plan;
};

G_DEFINE_FINAL_TYPE (StpConsultation, stp_consultation, G_TYPE_OBJECT)

G_DEFINE_QUARK (stp-consultation-error-quark, stp_consultation_error)

enum {
  PROP_0,
  PROP_ID,
  PROP_CLIENT_ID,
  PROP_STATUS,
  PROP_VERSION,
  N_PROPS
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *status_names[] = { "draft", "complete", "amended" };
static const char *goal_names[] = {
  "buzz-cut", "density-fill", "scar-camouflage", "alopecia-coverage", "revision",
  "removal-referral",
};
static const char *area_names[] = {
  "frontal-hairline", "temple-left", "temple-right", "mid-scalp", "crown", "donor-area",
  "sides",
};
static const char *scale_names[] = { NULL, "norwood", "ludwig", "alopecia" };
static const char *pigmentation_names[] = { NULL, "none", "low", "moderate", "high" };
static const char *scar_names[STP_SCAR_N_KINDS] = {
  "fut-strip", "fue", "injury", "surgical", "other",
};
static const char *answer_names[] = { NULL, "yes", "no", "unknown" };

static const char * const norwood_stages[] = {
  "1", "2", "2A", "3", "3A", "3V", "4", "4A", "5", "5A", "6", "7", NULL,
};
static const char * const ludwig_stages[] = { "I", "II", "III", NULL };
static const char * const alopecia_stages[] = { "areata", "totalis", "universalis", NULL };
static const char * const no_stages[] = { NULL };

static void
scar_free (gpointer data)
{
  StpScar *scar = data;

  g_free (scar->location);
  g_free (scar);
}

static void
transplant_free (gpointer data)
{
  StpTransplant *transplant = data;

  g_free (transplant->kind);
  g_free (transplant->date);
  g_free (transplant->clinic);
  g_free (transplant);
}

static void
answer_free (gpointer data)
{
  StpAnswer *answer = data;

  g_free (answer->key);
  g_free (answer->date);
  g_free (answer->note);
  g_free (answer);
}

static void
stp_consultation_finalize (GObject *object)
{
  StpConsultation *self = (StpConsultation *)object;

  g_clear_pointer (&self->date, g_free);
  g_clear_pointer (&self->stage, g_free);
  g_clear_pointer (&self->hair_colour, g_free);
  g_clear_pointer (&self->scalp_tone, g_free);
  g_clear_pointer (&self->hairline_position, g_free);
  g_clear_pointer (&self->hairline_notes, g_free);
  g_clear_pointer (&self->prior_smp_provider, g_free);
  g_clear_pointer (&self->laser_last_date, g_free);
  g_clear_pointer (&self->medication, g_free);
  g_clear_pointer (&self->expectations, g_free);
  g_clear_pointer (&self->notes, g_free);
  g_clear_pointer (&self->scars, g_ptr_array_unref);
  g_clear_pointer (&self->transplants, g_ptr_array_unref);
  g_clear_pointer (&self->answers, g_ptr_array_unref);
  g_clear_pointer (&self->plan, stp_plan_free);

  G_OBJECT_CLASS (stp_consultation_parent_class)->finalize (object);
}

static void
stp_consultation_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  StpConsultation *self = STP_CONSULTATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_CLIENT_ID:
      g_value_set_int64 (value, self->client_id);
      break;
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    case PROP_VERSION:
      g_value_set_uint (value, self->version);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stp_consultation_class_init (StpConsultationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = stp_consultation_finalize;
  object_class->get_property = stp_consultation_get_property;

  /* The intake has some thirty fields: one "changed" signal serves the form and the draft
   * saver better than a property each. Identity and status are properties for lists. */
  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_CLIENT_ID] =
    g_param_spec_int64 ("client-id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_STATUS] = g_param_spec_int ("status", NULL, NULL, 0, 2, 0, ro);
  properties[PROP_VERSION] = g_param_spec_uint ("version", NULL, NULL, 0, G_MAXUINT, 1, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * StpConsultation::changed:
   *
   * Emitted after any intake field, scar, transplant, answer or the plan changed.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
stp_consultation_init (StpConsultation *self)
{
  self->version = 1;
  self->hair_colour = g_strdup ("");
  self->scalp_tone = g_strdup ("");
  self->hairline_position = g_strdup ("");
  self->hairline_notes = g_strdup ("");
  self->prior_smp_provider = g_strdup ("");
  self->medication = g_strdup ("");
  self->expectations = g_strdup ("");
  self->notes = g_strdup ("");
  self->scars = g_ptr_array_new_with_free_func (scar_free);
  self->transplants = g_ptr_array_new_with_free_func (transplant_free);
  self->answers = g_ptr_array_new_with_free_func (answer_free);
  self->plan = stp_plan_new ();
}

StpConsultation *
stp_consultation_new (void)
{
  return g_object_new (STP_TYPE_CONSULTATION, NULL);
}

static void
emit_changed (StpConsultation *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* Replaces *field; text fields are never NULL ("" when empty), dates may be. */
static void
set_string (StpConsultation  *self,
            char            **field,
            const char       *value,
            gboolean          nullable)
{
  if (value == NULL && !nullable)
    value = "";
  if (value != NULL && *value == '\0' && nullable)
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  emit_changed (self);
}

StpConsultation *
stp_consultation_copy (StpConsultation *self)
{
  StpConsultation *copy;

  g_return_val_if_fail (STP_IS_CONSULTATION (self), NULL);

  copy = stp_consultation_new ();
  _stp_consultation_set_identity (copy, self->id, self->client_id, self->status,
                                  self->version, self->amends_id, self->superseded_by);
  _stp_consultation_set_times (copy, self->created_at, self->updated_at);
  copy->consultant_id = self->consultant_id;
  copy->date = g_strdup (self->date);
  copy->goals = self->goals;
  copy->areas = self->areas;
  copy->scale = self->scale;
  copy->stage = g_strdup (self->stage);
  copy->phototype = self->phototype;
  set_string (copy, &copy->hair_colour, self->hair_colour, FALSE);
  set_string (copy, &copy->scalp_tone, self->scalp_tone, FALSE);
  copy->pigmentation = self->pigmentation;
  copy->hairline_style = self->hairline_style;
  set_string (copy, &copy->hairline_position, self->hairline_position, FALSE);
  set_string (copy, &copy->hairline_notes, self->hairline_notes, FALSE);
  copy->prior_smp = self->prior_smp;
  set_string (copy, &copy->prior_smp_provider, self->prior_smp_provider, FALSE);
  copy->prior_smp_satisfaction = self->prior_smp_satisfaction;
  copy->laser_removal = self->laser_removal;
  copy->laser_last_date = g_strdup (self->laser_last_date);
  set_string (copy, &copy->medication, self->medication, FALSE);
  set_string (copy, &copy->expectations, self->expectations, FALSE);
  set_string (copy, &copy->notes, self->notes, FALSE);

  for (guint i = 0; i < self->scars->len; i++)
    {
      StpScar *scar = g_ptr_array_index (self->scars, i);
      stp_consultation_add_scar (copy, scar->kind, scar->location, scar->length_mm,
                                 scar->width_mm);
    }
  for (guint i = 0; i < self->transplants->len; i++)
    {
      StpTransplant *t = g_ptr_array_index (self->transplants, i);
      stp_consultation_add_transplant (copy, t->kind, t->date, t->clinic);
    }
  for (guint i = 0; i < self->answers->len; i++)
    {
      StpAnswer *a = g_ptr_array_index (self->answers, i);
      stp_consultation_set_answer (copy, a->key, a->value, a->date, a->note);
    }
  stp_consultation_set_plan (copy, self->plan);

  return copy;
}

/* Identity (set by the store) */

#define GETTER(type, name, field, fallback) \
  type \
  stp_consultation_get_##name (StpConsultation *self) \
  { \
    g_return_val_if_fail (STP_IS_CONSULTATION (self), fallback); \
    return self->field; \
  }

GETTER (gint64, id, id, 0)
GETTER (gint64, client_id, client_id, 0)
GETTER (StpConsultationStatus, status, status, 0)
GETTER (guint, version, version, 1)
GETTER (gint64, amends_id, amends_id, 0)
GETTER (gint64, superseded_by, superseded_by, 0)
GETTER (gint64, created_at, created_at, 0)
GETTER (gint64, updated_at, updated_at, 0)
GETTER (gint64, consultant_id, consultant_id, 0)
GETTER (const char *, date, date, NULL)
GETTER (StpGoals, goals, goals, 0)
GETTER (StpAreas, areas, areas, 0)
GETTER (StpStagingScale, staging_scale, scale, 0)
GETTER (const char *, staging_stage, stage, NULL)
GETTER (guint, phototype, phototype, 0)
GETTER (const char *, hair_colour, hair_colour, NULL)
GETTER (const char *, scalp_tone, scalp_tone, NULL)
GETTER (StpPigmentation, pigmentation, pigmentation, 0)
GETTER (StpHairlineStyle, hairline_style, hairline_style, 0)
GETTER (const char *, hairline_position, hairline_position, NULL)
GETTER (const char *, hairline_notes, hairline_notes, NULL)
GETTER (gboolean, prior_smp, prior_smp, FALSE)
GETTER (const char *, prior_smp_provider, prior_smp_provider, NULL)
GETTER (guint, prior_smp_satisfaction, prior_smp_satisfaction, 0)
GETTER (gboolean, laser_removal, laser_removal, FALSE)
GETTER (const char *, laser_last_date, laser_last_date, NULL)
GETTER (const char *, medication, medication, NULL)
GETTER (const char *, expectations, expectations, NULL)
GETTER (const char *, notes, notes, NULL)
GETTER (GPtrArray *, scars, scars, NULL)
GETTER (GPtrArray *, transplants, transplants, NULL)
GETTER (GPtrArray *, answers, answers, NULL)
GETTER (const StpPlan *, plan, plan, NULL)

#undef GETTER

/* Plain values: compare, store, tell listeners. */
#define VALUE_SETTER(type, name, field) \
  void \
  stp_consultation_set_##name (StpConsultation *self, \
                               type             value) \
  { \
    g_return_if_fail (STP_IS_CONSULTATION (self)); \
    if (self->field == value) \
      return; \
    self->field = value; \
    emit_changed (self); \
  }

VALUE_SETTER (gint64, consultant_id, consultant_id)
VALUE_SETTER (StpGoals, goals, goals)
VALUE_SETTER (StpAreas, areas, areas)
VALUE_SETTER (guint, phototype, phototype)
VALUE_SETTER (StpPigmentation, pigmentation, pigmentation)
VALUE_SETTER (StpHairlineStyle, hairline_style, hairline_style)

#undef VALUE_SETTER

#define TEXT_SETTER(name, nullable) \
  void \
  stp_consultation_set_##name (StpConsultation *self, \
                               const char      *value) \
  { \
    g_return_if_fail (STP_IS_CONSULTATION (self)); \
    set_string (self, &self->name, value, nullable); \
  }

TEXT_SETTER (date, TRUE)
TEXT_SETTER (hair_colour, FALSE)
TEXT_SETTER (scalp_tone, FALSE)
TEXT_SETTER (hairline_position, FALSE)
TEXT_SETTER (hairline_notes, FALSE)
TEXT_SETTER (medication, FALSE)
TEXT_SETTER (expectations, FALSE)
TEXT_SETTER (notes, FALSE)

#undef TEXT_SETTER

void
stp_consultation_set_staging (StpConsultation *self,
                              StpStagingScale  scale,
                              const char      *stage)
{
  g_return_if_fail (STP_IS_CONSULTATION (self));

  if (stage != NULL && *stage == '\0')
    stage = NULL;
  if (self->scale == scale && g_strcmp0 (self->stage, stage) == 0)
    return;

  self->scale = scale;
  g_free (self->stage);
  self->stage = g_strdup (stage);
  emit_changed (self);
}

void
stp_consultation_set_prior_smp (StpConsultation *self,
                                gboolean         had_smp,
                                const char      *provider,
                                guint            satisfaction)
{
  g_return_if_fail (STP_IS_CONSULTATION (self));

  had_smp = !!had_smp;
  if (self->prior_smp == had_smp && self->prior_smp_satisfaction == satisfaction &&
      g_strcmp0 (self->prior_smp_provider, provider != NULL ? provider : "") == 0)
    return;

  self->prior_smp = had_smp;
  self->prior_smp_satisfaction = satisfaction;
  g_free (self->prior_smp_provider);
  self->prior_smp_provider = g_strdup (provider != NULL ? provider : "");
  emit_changed (self);
}

void
stp_consultation_set_laser_removal (StpConsultation *self,
                                    gboolean         had_laser,
                                    const char      *last_iso_date)
{
  g_return_if_fail (STP_IS_CONSULTATION (self));

  had_laser = !!had_laser;
  if (last_iso_date != NULL && *last_iso_date == '\0')
    last_iso_date = NULL;
  if (self->laser_removal == had_laser && g_strcmp0 (self->laser_last_date, last_iso_date) == 0)
    return;

  self->laser_removal = had_laser;
  g_free (self->laser_last_date);
  self->laser_last_date = g_strdup (last_iso_date);
  emit_changed (self);
}

void
stp_consultation_add_scar (StpConsultation *self,
                           StpScarKind      kind,
                           const char      *location,
                           double           length_mm,
                           double           width_mm)
{
  StpScar *scar;

  g_return_if_fail (STP_IS_CONSULTATION (self));

  scar = g_new0 (StpScar, 1);
  scar->kind = kind;
  scar->location = g_strdup (location != NULL ? location : "");
  scar->length_mm = length_mm;
  scar->width_mm = width_mm;
  g_ptr_array_add (self->scars, scar);
  emit_changed (self);
}

void
stp_consultation_remove_scar (StpConsultation *self,
                              guint            index)
{
  g_return_if_fail (STP_IS_CONSULTATION (self));
  g_return_if_fail (index < self->scars->len);

  g_ptr_array_remove_index (self->scars, index);
  emit_changed (self);
}

void
stp_consultation_add_transplant (StpConsultation *self,
                                 const char      *kind,
                                 const char      *iso_date,
                                 const char      *clinic)
{
  StpTransplant *transplant;

  g_return_if_fail (STP_IS_CONSULTATION (self));

  transplant = g_new0 (StpTransplant, 1);
  transplant->kind = g_strdup (kind != NULL ? kind : "");
  transplant->date = iso_date != NULL && *iso_date != '\0' ? g_strdup (iso_date) : NULL;
  transplant->clinic = g_strdup (clinic != NULL ? clinic : "");
  g_ptr_array_add (self->transplants, transplant);
  emit_changed (self);
}

void
stp_consultation_remove_transplant (StpConsultation *self,
                                    guint            index)
{
  g_return_if_fail (STP_IS_CONSULTATION (self));
  g_return_if_fail (index < self->transplants->len);

  g_ptr_array_remove_index (self->transplants, index);
  emit_changed (self);
}

static int
find_answer (StpConsultation *self,
             const char      *key)
{
  for (guint i = 0; i < self->answers->len; i++)
    {
      StpAnswer *answer = g_ptr_array_index (self->answers, i);
      if (g_strcmp0 (answer->key, key) == 0)
        return i;
    }
  return -1;
}

const StpAnswer *
stp_consultation_get_answer (StpConsultation *self,
                             const char      *key)
{
  int i;

  g_return_val_if_fail (STP_IS_CONSULTATION (self), NULL);

  i = find_answer (self, key);
  return i >= 0 ? g_ptr_array_index (self->answers, i) : NULL;
}

void
stp_consultation_set_answer (StpConsultation *self,
                             const char      *key,
                             StpAnswerValue   value,
                             const char      *iso_date,
                             const char      *note)
{
  StpAnswer *answer;
  int i;

  g_return_if_fail (STP_IS_CONSULTATION (self));
  g_return_if_fail (key != NULL);

  if (iso_date != NULL && *iso_date == '\0')
    iso_date = NULL;
  if (note == NULL)
    note = "";

  i = find_answer (self, key);
  if (value == STP_ANSWER_NONE)
    {
      if (i < 0)
        return;
      g_ptr_array_remove_index (self->answers, i);
      emit_changed (self);
      return;
    }

  if (i >= 0)
    {
      answer = g_ptr_array_index (self->answers, i);
      if (answer->value == value && g_strcmp0 (answer->date, iso_date) == 0 &&
          g_strcmp0 (answer->note, note) == 0)
        return;
      g_free (answer->date);
      g_free (answer->note);
    }
  else
    {
      answer = g_new0 (StpAnswer, 1);
      answer->key = g_strdup (key);
      g_ptr_array_add (self->answers, answer);
    }

  answer->value = value;
  answer->date = g_strdup (iso_date);
  answer->note = g_strdup (note);
  emit_changed (self);
}

void
stp_consultation_set_plan (StpConsultation *self,
                           const StpPlan   *plan)
{
  g_return_if_fail (STP_IS_CONSULTATION (self));
  g_return_if_fail (plan != NULL);

  if (plan == self->plan || stp_plan_equal (self->plan, plan))
    return;

  stp_plan_free (self->plan);
  self->plan = stp_plan_copy (plan);
  emit_changed (self);
}

void
_stp_consultation_set_identity (StpConsultation       *self,
                                gint64                 id,
                                gint64                 client_id,
                                StpConsultationStatus  status,
                                guint                  version,
                                gint64                 amends_id,
                                gint64                 superseded_by)
{
  gboolean id_changed = self->id != id;
  gboolean status_changed = self->status != status;

  self->id = id;
  self->client_id = client_id;
  self->status = status;
  self->version = version;
  self->amends_id = amends_id;
  self->superseded_by = superseded_by;

  if (id_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
  if (status_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

void
_stp_consultation_set_times (StpConsultation *self,
                             gint64           created_at,
                             gint64           updated_at)
{
  self->created_at = created_at;
  self->updated_at = updated_at;
}

/* Stable spellings */

const char *
stp_consultation_status_to_string (StpConsultationStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (status_names), NULL);
  return status_names[status];
}

static const char *
bit_name (guint        bit,
          const char **names,
          guint        n_names)
{
  /* Exactly one bit set, and one we know. */
  if (bit == 0 || (bit & (bit - 1)) != 0)
    return NULL;
  for (guint i = 0; i < n_names; i++)
    if (bit == 1u << i)
      return names[i];
  return NULL;
}

const char *
stp_goal_to_string (StpGoals goal)
{
  return bit_name (goal, goal_names, G_N_ELEMENTS (goal_names));
}

const char *
stp_area_to_string (StpAreas area)
{
  return bit_name (area, area_names, G_N_ELEMENTS (area_names));
}

const char *
stp_staging_scale_to_string (StpStagingScale scale)
{
  return scale < G_N_ELEMENTS (scale_names) ? scale_names[scale] : NULL;
}

const char *
stp_pigmentation_to_string (StpPigmentation value)
{
  return value < G_N_ELEMENTS (pigmentation_names) ? pigmentation_names[value] : NULL;
}

const char *
stp_scar_kind_to_string (StpScarKind kind)
{
  return kind < STP_SCAR_N_KINDS ? scar_names[kind] : NULL;
}

const char *
stp_answer_value_to_string (StpAnswerValue value)
{
  return value < G_N_ELEMENTS (answer_names) ? answer_names[value] : NULL;
}

const char * const *
stp_staging_scale_get_stages (StpStagingScale scale)
{
  switch (scale)
    {
    case STP_STAGING_NORWOOD:
      return norwood_stages;
    case STP_STAGING_LUDWIG:
      return ludwig_stages;
    case STP_STAGING_ALOPECIA:
      return alopecia_stages;
    case STP_STAGING_NONE:
    default:
      return no_stages;
    }
}

/* Audit: which fields changed, never what they hold */

static const char *field_names[STP_CONSULTATION_N_FIELDS] = {
  NULL, "consultant", "date", "goals", "staging", "areas", "scars", "phototype",
  "hair_colour", "scalp_tone", "pigmentation", "hairline", "transplants", "prior_smp",
  "laser", "medication", "expectations", "notes", "answers", "plan",
};

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  /* g_ptr_array_sort passes pointers to the elements. */
  return g_strcmp0 (*(char * const *)a, *(char * const *)b);
}

/* A text that is equal for two consultations exactly when the field is. */
static char *
field_repr (StpConsultation      *self,
            StpConsultationField  field)
{
  GString *s = g_string_new (NULL);

  /* \x1f separates values so that no typed text can fake a boundary. */
  switch (field)
    {
    case STP_CONSULTATION_FIELD_CONSULTANT:
      g_string_printf (s, "%" G_GINT64_FORMAT, self->consultant_id);
      break;
    case STP_CONSULTATION_FIELD_DATE:
      g_string_append (s, self->date != NULL ? self->date : "\x1e");
      break;
    case STP_CONSULTATION_FIELD_GOALS:
      g_string_printf (s, "%u", self->goals);
      break;
    case STP_CONSULTATION_FIELD_STAGING:
      g_string_printf (s, "%d\x1f%s", self->scale, self->stage != NULL ? self->stage : "\x1e");
      break;
    case STP_CONSULTATION_FIELD_AREAS:
      g_string_printf (s, "%u", self->areas);
      break;
    case STP_CONSULTATION_FIELD_SCARS:
      for (guint i = 0; i < self->scars->len; i++)
        {
          StpScar *scar = g_ptr_array_index (self->scars, i);
          g_string_append_printf (s, "%d\x1f%s\x1f%.17g\x1f%.17g\x1d", scar->kind,
                                  scar->location, scar->length_mm, scar->width_mm);
        }
      break;
    case STP_CONSULTATION_FIELD_PHOTOTYPE:
      g_string_printf (s, "%u", self->phototype);
      break;
    case STP_CONSULTATION_FIELD_HAIR_COLOUR:
      g_string_append (s, self->hair_colour);
      break;
    case STP_CONSULTATION_FIELD_SCALP_TONE:
      g_string_append (s, self->scalp_tone);
      break;
    case STP_CONSULTATION_FIELD_PIGMENTATION:
      g_string_printf (s, "%d", self->pigmentation);
      break;
    case STP_CONSULTATION_FIELD_HAIRLINE:
      g_string_printf (s, "%d\x1f%s\x1f%s", self->hairline_style, self->hairline_position,
                       self->hairline_notes);
      break;
    case STP_CONSULTATION_FIELD_TRANSPLANTS:
      for (guint i = 0; i < self->transplants->len; i++)
        {
          StpTransplant *t = g_ptr_array_index (self->transplants, i);
          g_string_append_printf (s, "%s\x1f%s\x1f%s\x1d", t->kind,
                                  t->date != NULL ? t->date : "\x1e", t->clinic);
        }
      break;
    case STP_CONSULTATION_FIELD_PRIOR_SMP:
      g_string_printf (s, "%d\x1f%s\x1f%u", self->prior_smp, self->prior_smp_provider,
                       self->prior_smp_satisfaction);
      break;
    case STP_CONSULTATION_FIELD_LASER:
      g_string_printf (s, "%d\x1f%s", self->laser_removal,
                       self->laser_last_date != NULL ? self->laser_last_date : "\x1e");
      break;
    case STP_CONSULTATION_FIELD_MEDICATION:
      g_string_append (s, self->medication);
      break;
    case STP_CONSULTATION_FIELD_EXPECTATIONS:
      g_string_append (s, self->expectations);
      break;
    case STP_CONSULTATION_FIELD_NOTES:
      g_string_append (s, self->notes);
      break;
    case STP_CONSULTATION_FIELD_ANSWERS:
      {
        /* Order of entry does not matter, only the answers themselves. */
        g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

        for (guint i = 0; i < self->answers->len; i++)
          {
            StpAnswer *a = g_ptr_array_index (self->answers, i);
            g_ptr_array_add (lines, g_strdup_printf ("%s\x1f%d\x1f%s\x1f%s", a->key, a->value,
                                                     a->date != NULL ? a->date : "\x1e",
                                                     a->note));
          }
        g_ptr_array_sort (lines, compare_strings);
        for (guint i = 0; i < lines->len; i++)
          g_string_append_printf (s, "%s\x1d", (char *)lines->pdata[i]);
      }
      break;
    case STP_CONSULTATION_FIELD_PLAN:
    case STP_CONSULTATION_FIELD_NONE:
    case STP_CONSULTATION_N_FIELDS:
    default:
      break;
    }

  return g_string_free (s, FALSE);
}

char *
_stp_consultation_diff_fields (StpConsultation *before,
                               StpConsultation *after)
{
  GString *fields = g_string_new (NULL);

  for (guint f = STP_CONSULTATION_FIELD_CONSULTANT; f < STP_CONSULTATION_N_FIELDS; f++)
    {
      g_autofree char *a = field_repr (before, f);
      g_autofree char *b = field_repr (after, f);
      gboolean differs = f == STP_CONSULTATION_FIELD_PLAN
                           ? !stp_plan_equal (before->plan, after->plan)
                           : !g_str_equal (a, b);

      if (!differs)
        continue;
      if (fields->len > 0)
        g_string_append_c (fields, ',');
      g_string_append (fields, field_names[f]);
    }

  return g_string_free (fields, FALSE);
}

/* Validation. Messages speak to the consultant with the client beside them. */

static gboolean
fail (GError     **error,
      int          code,
      const char  *message)
{
  g_set_error_literal (error, STP_CONSULTATION_ERROR, code, message);
  return FALSE;
}

static gboolean
check_text (const char  *text,
            guint        max_chars,
            gboolean     single_line,
            const char  *what,
            GError     **error)
{
  return _stp_check_text (text, max_chars, single_line, what, STP_CONSULTATION_ERROR,
                          STP_CONSULTATION_ERROR_INVALID_TEXT,
                          STP_CONSULTATION_ERROR_TOO_LONG, error);
}

/* A date that must be a real one and, when past_only, not after today. */
static gboolean
check_date (const char   *iso,
            gboolean      past_only,
            const GDate  *today,
            const char   *invalid_message,
            const char   *future_message,
            GError      **error)
{
  GDate date;

  if (iso == NULL)
    return TRUE;
  if (!_stp_parse_iso_date (iso, &date))
    return fail (error, STP_CONSULTATION_ERROR_DATE_INVALID, invalid_message);
  if (past_only && g_date_compare (&date, today) > 0)
    return fail (error, STP_CONSULTATION_ERROR_DATE_FUTURE, future_message);
  return TRUE;
}

static gboolean
check_staging (StpConsultation  *self,
               GError          **error)
{
  const char * const *stages;

  if (self->scale > STP_STAGING_ALOPECIA)
    return fail (error, STP_CONSULTATION_ERROR_INVALID_CHOICE,
                 _("Choose Norwood, Ludwig or alopecia as the staging scale."));
  if (self->stage == NULL)
    return TRUE;

  stages = stp_staging_scale_get_stages (self->scale);
  if (!g_strv_contains (stages, self->stage))
    return fail (error, STP_CONSULTATION_ERROR_INVALID_CHOICE,
                 _("That stage is not on the chosen scale. Choose the stage from the list."));
  return TRUE;
}

static gboolean
check_scars (StpConsultation  *self,
             GError          **error)
{
  for (guint i = 0; i < self->scars->len; i++)
    {
      StpScar *scar = g_ptr_array_index (self->scars, i);

      if (scar->kind >= STP_SCAR_N_KINDS)
        return fail (error, STP_CONSULTATION_ERROR_INVALID_CHOICE,
                     _("Choose the kind of scar from the list."));
      if (!(scar->length_mm >= 0 && scar->length_mm <= STP_CONSULTATION_SCAR_MM_MAX) ||
          !(scar->width_mm >= 0 && scar->width_mm <= STP_CONSULTATION_SCAR_MM_MAX))
        return fail (error, STP_CONSULTATION_ERROR_OUT_OF_RANGE,
                     _("A scar's length and width are between 0 and 1000 mm. "
                       "Leave them at 0 when not measured."));
      if (!check_text (scar->location, STP_CONSULTATION_PLACE_MAX, TRUE, _("scar location"),
                       error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_transplants (StpConsultation  *self,
                   const GDate      *today,
                   GError          **error)
{
  for (guint i = 0; i < self->transplants->len; i++)
    {
      StpTransplant *t = g_ptr_array_index (self->transplants, i);

      if (!check_text (t->kind, STP_CONSULTATION_SHORT_MAX, TRUE, _("transplant type"),
                       error) ||
          !check_text (t->clinic, STP_CONSULTATION_PLACE_MAX, TRUE, _("transplant clinic"),
                       error) ||
          !check_date (t->date, TRUE, today,
                       _("The transplant date is not a real date. Check day, month and year."),
                       _("The transplant date is in the future. Check the year."), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_answers (StpConsultation  *self,
               GError          **error)
{
  for (guint i = 0; i < self->answers->len; i++)
    {
      StpAnswer *a = g_ptr_array_index (self->answers, i);

      if (a->value > STP_ANSWER_UNKNOWN || a->key == NULL || *a->key == '\0')
        return fail (error, STP_CONSULTATION_ERROR_INVALID_CHOICE,
                     _("Answer each medical question with yes, no or not known."));
      if (!check_date (a->date, FALSE, NULL,
                       _("The date given with a medical answer is not a real date."), NULL,
                       error) ||
          !check_text (a->note, STP_CONSULTATION_MEDIUM_MAX, FALSE, _("answer note"), error))
        return FALSE;
    }
  return TRUE;
}

gboolean
stp_consultation_validate_field (StpConsultation      *self,
                                 StpConsultationField  field,
                                 const GDate          *today,
                                 GError              **error)
{
  GDate now;

  g_return_val_if_fail (STP_IS_CONSULTATION (self), FALSE);

  _stp_get_today (today, &now);

  switch (field)
    {
    case STP_CONSULTATION_FIELD_CONSULTANT:
      if (self->consultant_id < 0)
        return fail (error, STP_CONSULTATION_ERROR_OUT_OF_RANGE,
                     _("Choose the consultant from the staff list."));
      return TRUE;
    case STP_CONSULTATION_FIELD_DATE:
      if (self->date == NULL)
        return fail (error, STP_CONSULTATION_ERROR_REQUIRED,
                     _("Enter the date of the consultation."));
      return check_date (self->date, FALSE, &now,
                         _("The consultation date is not a real date. Check day, month and "
                           "year."), NULL, error);
    case STP_CONSULTATION_FIELD_GOALS:
      if ((self->goals & ~STP_GOALS_ALL) != 0)
        return fail (error, STP_CONSULTATION_ERROR_INVALID_CHOICE,
                     _("Choose the client's goals from the list."));
      return TRUE;
    case STP_CONSULTATION_FIELD_STAGING:
      return check_staging (self, error);
    case STP_CONSULTATION_FIELD_AREAS:
      if ((self->areas & ~STP_AREAS_ALL) != 0)
        return fail (error, STP_CONSULTATION_ERROR_INVALID_CHOICE,
                     _("Choose the affected areas from the list."));
      return TRUE;
    case STP_CONSULTATION_FIELD_SCARS:
      return check_scars (self, error);
    case STP_CONSULTATION_FIELD_PHOTOTYPE:
      if (self->phototype > 6)
        return fail (error, STP_CONSULTATION_ERROR_OUT_OF_RANGE,
                     _("The skin phototype is I to VI."));
      return TRUE;
    case STP_CONSULTATION_FIELD_HAIR_COLOUR:
      return check_text (self->hair_colour, STP_CONSULTATION_SHORT_MAX, TRUE,
                         _("hair colour"), error);
    case STP_CONSULTATION_FIELD_SCALP_TONE:
      return check_text (self->scalp_tone, STP_CONSULTATION_SHORT_MAX, TRUE,
                         _("scalp tone"), error);
    case STP_CONSULTATION_FIELD_PIGMENTATION:
      if (self->pigmentation > STP_PIGMENTATION_HIGH)
        return fail (error, STP_CONSULTATION_ERROR_INVALID_CHOICE,
                     _("Choose the hyperpigmentation tendency from the list."));
      return TRUE;
    case STP_CONSULTATION_FIELD_HAIRLINE:
      if (self->hairline_style >= STP_HAIRLINE_N_STYLES)
        return fail (error, STP_CONSULTATION_ERROR_INVALID_CHOICE,
                     _("Choose the hairline style from the list."));
      return check_text (self->hairline_position, STP_CONSULTATION_POSITION_MAX, FALSE,
                         _("hairline position"), error) &&
             check_text (self->hairline_notes, STP_CONSULTATION_MEDIUM_MAX, FALSE,
                         _("hairline notes"), error);
    case STP_CONSULTATION_FIELD_TRANSPLANTS:
      return check_transplants (self, &now, error);
    case STP_CONSULTATION_FIELD_PRIOR_SMP:
      if (self->prior_smp_satisfaction > 5)
        return fail (error, STP_CONSULTATION_ERROR_OUT_OF_RANGE,
                     _("Satisfaction with the earlier SMP is 1 to 5."));
      return check_text (self->prior_smp_provider, STP_CONSULTATION_PLACE_MAX, TRUE,
                         _("earlier SMP provider"), error);
    case STP_CONSULTATION_FIELD_LASER:
      return check_date (self->laser_last_date, TRUE, &now,
                         _("The last laser removal date is not a real date. Check day, month "
                           "and year."),
                         _("The last laser removal date is in the future. Check the year."),
                         error);
    case STP_CONSULTATION_FIELD_MEDICATION:
      return check_text (self->medication, STP_CONSULTATION_MEDIUM_MAX, FALSE,
                         _("hair-loss medication"), error);
    case STP_CONSULTATION_FIELD_EXPECTATIONS:
      return check_text (self->expectations, STP_CONSULTATION_LONG_MAX, FALSE,
                         _("expectations"), error);
    case STP_CONSULTATION_FIELD_NOTES:
      return check_text (self->notes, STP_CONSULTATION_NOTES_MAX, FALSE, _("notes"), error);
    case STP_CONSULTATION_FIELD_ANSWERS:
      return check_answers (self, error);
    case STP_CONSULTATION_FIELD_PLAN:
      /* Plan errors keep their own domain (STP_PLAN_ERROR): the plan is its own record. */
      return stp_plan_validate (self->plan, error);
    case STP_CONSULTATION_FIELD_NONE:
    case STP_CONSULTATION_N_FIELDS:
    default:
      return TRUE;
    }
}

gboolean
stp_consultation_validate (StpConsultation      *self,
                           const GDate          *today,
                           StpConsultationField *failed_field,
                           GError              **error)
{
  g_return_val_if_fail (STP_IS_CONSULTATION (self), FALSE);

  if (failed_field != NULL)
    *failed_field = STP_CONSULTATION_FIELD_NONE;

  for (guint f = STP_CONSULTATION_FIELD_CONSULTANT; f < STP_CONSULTATION_N_FIELDS; f++)
    {
      if (!stp_consultation_validate_field (self, f, today, error))
        {
          if (failed_field != NULL)
            *failed_field = f;
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
stp_consultation_check_complete (StpConsultation      *self,
                                 const char * const   *question_keys,
                                 const char * const   *date_keys,
                                 StpConsultationField *failed_field,
                                 GError              **error)
{
  StpConsultationField failed = STP_CONSULTATION_FIELD_NONE;

  g_return_val_if_fail (STP_IS_CONSULTATION (self), FALSE);

  if (self->consultant_id <= 0)
    {
      failed = STP_CONSULTATION_FIELD_CONSULTANT;
      fail (error, STP_CONSULTATION_ERROR_REQUIRED, _("Choose who ran the consultation."));
    }
  else if (self->goals == 0)
    {
      failed = STP_CONSULTATION_FIELD_GOALS;
      fail (error, STP_CONSULTATION_ERROR_REQUIRED, _("Choose at least one goal."));
    }
  else if (self->phototype == 0)
    {
      failed = STP_CONSULTATION_FIELD_PHOTOTYPE;
      fail (error, STP_CONSULTATION_ERROR_REQUIRED,
            _("Assess the skin phototype: pigment and dilution depend on it."));
    }
  else
    {
      for (guint i = 0; question_keys != NULL && question_keys[i] != NULL; i++)
        {
          const StpAnswer *a = stp_consultation_get_answer (self, question_keys[i]);
          gboolean needs_date = date_keys != NULL &&
                                g_strv_contains (date_keys, question_keys[i]);

          if (a == NULL || (needs_date && a->value == STP_ANSWER_YES && a->date == NULL))
            {
              failed = STP_CONSULTATION_FIELD_ANSWERS;
              g_set_error (error, STP_CONSULTATION_ERROR, STP_CONSULTATION_ERROR_REQUIRED,
                           a == NULL ? _("A medical question is not answered yet (%s).")
                                     : _("A medical answer needs its date (%s)."),
                           question_keys[i]);
              break;
            }
        }
    }

  if (failed_field != NULL)
    *failed_field = failed;
  return failed == STP_CONSULTATION_FIELD_NONE;
}
