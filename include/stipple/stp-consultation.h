/* stp-consultation.h: a consultation's intake record and the rules its fields follow.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "stp-plan.h"

G_BEGIN_DECLS

#define STP_CONSULTATION_ERROR (stp_consultation_error_quark ())

typedef enum
{
  STP_CONSULTATION_ERROR_REQUIRED,       /* an answer needed to complete it is missing */
  STP_CONSULTATION_ERROR_OUT_OF_RANGE,   /* a number outside its scale */
  STP_CONSULTATION_ERROR_INVALID_CHOICE, /* a stage not on the chosen scale, an unknown key */
  STP_CONSULTATION_ERROR_DATE_INVALID,   /* not a real calendar date */
  STP_CONSULTATION_ERROR_DATE_FUTURE,    /* a date that can only be in the past */
  STP_CONSULTATION_ERROR_TOO_LONG,
  STP_CONSULTATION_ERROR_INVALID_TEXT,   /* control characters or broken UTF-8 */
  STP_CONSULTATION_ERROR_READ_ONLY,      /* complete or amended: amend it to change it */
  STP_CONSULTATION_ERROR_NOT_READY,      /* screening blocks booking until cleared */
} StpConsultationError;

/* Fields in form order, for inline validation messages. */
typedef enum
{
  STP_CONSULTATION_FIELD_NONE,
  STP_CONSULTATION_FIELD_CONSULTANT,
  STP_CONSULTATION_FIELD_DATE,
  STP_CONSULTATION_FIELD_GOALS,
  STP_CONSULTATION_FIELD_STAGING,
  STP_CONSULTATION_FIELD_AREAS,
  STP_CONSULTATION_FIELD_SCARS,
  STP_CONSULTATION_FIELD_PHOTOTYPE,
  STP_CONSULTATION_FIELD_HAIR_COLOUR,
  STP_CONSULTATION_FIELD_SCALP_TONE,
  STP_CONSULTATION_FIELD_PIGMENTATION,
  STP_CONSULTATION_FIELD_HAIRLINE,
  STP_CONSULTATION_FIELD_TRANSPLANTS,
  STP_CONSULTATION_FIELD_PRIOR_SMP,
  STP_CONSULTATION_FIELD_LASER,
  STP_CONSULTATION_FIELD_MEDICATION,
  STP_CONSULTATION_FIELD_EXPECTATIONS,
  STP_CONSULTATION_FIELD_NOTES,
  STP_CONSULTATION_FIELD_ANSWERS,
  STP_CONSULTATION_FIELD_PLAN,
  STP_CONSULTATION_N_FIELDS,
} StpConsultationField;

typedef enum
{
  STP_CONSULTATION_STATUS_DRAFT,
  STP_CONSULTATION_STATUS_COMPLETE,
  STP_CONSULTATION_STATUS_AMENDED,
} StpConsultationStatus;

/* Concern and goals: any combination. */
typedef enum
{
  STP_GOAL_BUZZ_CUT          = 1 << 0,
  STP_GOAL_DENSITY_FILL      = 1 << 1,
  STP_GOAL_SCAR_CAMOUFLAGE   = 1 << 2,
  STP_GOAL_ALOPECIA_COVERAGE = 1 << 3,
  STP_GOAL_REVISION          = 1 << 4,
  STP_GOAL_REMOVAL_REFERRAL  = 1 << 5,
} StpGoals;
#define STP_GOALS_ALL 0x3f

/* Affected areas: any combination, the same vocabulary sessions use. */
typedef enum
{
  STP_AREA_FRONTAL_HAIRLINE = 1 << 0,
  STP_AREA_TEMPLE_LEFT      = 1 << 1,
  STP_AREA_TEMPLE_RIGHT     = 1 << 2,
  STP_AREA_MID_SCALP        = 1 << 3,
  STP_AREA_CROWN            = 1 << 4,
  STP_AREA_DONOR_AREA       = 1 << 5,
  STP_AREA_SIDES            = 1 << 6,
} StpAreas;
#define STP_AREAS_ALL 0x7f

typedef enum
{
  STP_STAGING_NONE,
  STP_STAGING_NORWOOD,   /* 1, 2, 2A, 3, 3A, 3V, 4, 4A, 5, 5A, 6, 7 */
  STP_STAGING_LUDWIG,    /* I, II, III */
  STP_STAGING_ALOPECIA,  /* areata, totalis, universalis */
} StpStagingScale;

typedef enum
{
  STP_PIGMENTATION_UNKNOWN,
  STP_PIGMENTATION_NONE,
  STP_PIGMENTATION_LOW,
  STP_PIGMENTATION_MODERATE,
  STP_PIGMENTATION_HIGH,
} StpPigmentation;

typedef enum
{
  STP_SCAR_FUT_STRIP,
  STP_SCAR_FUE,
  STP_SCAR_INJURY,
  STP_SCAR_SURGICAL,
  STP_SCAR_OTHER,
  STP_SCAR_N_KINDS,
} StpScarKind;

typedef enum
{
  STP_ANSWER_NONE,      /* not asked yet */
  STP_ANSWER_YES,
  STP_ANSWER_NO,
  STP_ANSWER_UNKNOWN,   /* the client does not know */
} StpAnswerValue;

/* Sizes in millimetres; 0 when not measured. */
typedef struct
{
  StpScarKind  kind;
  char        *location;
  double       length_mm;
  double       width_mm;
} StpScar;

typedef struct
{
  char  *kind;       /* "FUE", "FUT", ... as the client tells it */
  char  *date;       /* ISO date or NULL */
  char  *clinic;
} StpTransplant;

typedef struct
{
  char           *key;    /* a screening question's key */
  StpAnswerValue  value;
  char           *date;   /* ISO date or NULL, for questions that ask for one */
  char           *note;
} StpAnswer;

/* Length limits in characters; the schema's CHECK constraints say the same. */
#define STP_CONSULTATION_SHORT_MAX     100   /* hair colour, scalp tone, transplant kind */
#define STP_CONSULTATION_PLACE_MAX     200   /* scar location, clinic, provider */
#define STP_CONSULTATION_POSITION_MAX  500
#define STP_CONSULTATION_MEDIUM_MAX    2000  /* hairline notes, medication, answer notes */
#define STP_CONSULTATION_LONG_MAX      5000  /* expectations */
#define STP_CONSULTATION_NOTES_MAX     10000
#define STP_CONSULTATION_SCAR_MM_MAX   1000.0

#define STP_TYPE_CONSULTATION (stp_consultation_get_type ())
G_DECLARE_FINAL_TYPE (StpConsultation, stp_consultation, STP, CONSULTATION, GObject)

GQuark                 stp_consultation_error_quark      (void);

/* Every setter that changes a value emits "changed" (which a draft saver listens to). */
StpConsultation       *stp_consultation_new              (void);
StpConsultation       *stp_consultation_copy             (StpConsultation *self);

gint64                 stp_consultation_get_id           (StpConsultation *self);
gint64                 stp_consultation_get_client_id    (StpConsultation *self);
StpConsultationStatus  stp_consultation_get_status       (StpConsultation *self);
guint                  stp_consultation_get_version      (StpConsultation *self);
/* The version this one amends, and the one that replaced it; 0 when none. */
gint64                 stp_consultation_get_amends_id    (StpConsultation *self);
gint64                 stp_consultation_get_superseded_by (StpConsultation *self);
gint64                 stp_consultation_get_created_at   (StpConsultation *self);
gint64                 stp_consultation_get_updated_at   (StpConsultation *self);

gint64                 stp_consultation_get_consultant_id (StpConsultation *self);
void                   stp_consultation_set_consultant_id (StpConsultation *self,
                                                           gint64           staff_id);
/* ISO "YYYY-MM-DD". */
const char            *stp_consultation_get_date         (StpConsultation *self);
void                   stp_consultation_set_date         (StpConsultation *self,
                                                          const char      *iso_date);
StpGoals               stp_consultation_get_goals        (StpConsultation *self);
void                   stp_consultation_set_goals        (StpConsultation *self,
                                                          StpGoals         goals);
StpAreas               stp_consultation_get_areas        (StpConsultation *self);
void                   stp_consultation_set_areas        (StpConsultation *self,
                                                          StpAreas         areas);
StpStagingScale        stp_consultation_get_staging_scale (StpConsultation *self);
const char            *stp_consultation_get_staging_stage (StpConsultation *self);
void                   stp_consultation_set_staging      (StpConsultation *self,
                                                          StpStagingScale  scale,
                                                          const char      *stage);
/* Fitzpatrick I-VI as 1-6; 0 when not assessed. */
guint                  stp_consultation_get_phototype    (StpConsultation *self);
void                   stp_consultation_set_phototype    (StpConsultation *self,
                                                          guint            phototype);
const char            *stp_consultation_get_hair_colour  (StpConsultation *self);
void                   stp_consultation_set_hair_colour  (StpConsultation *self,
                                                          const char      *value);
const char            *stp_consultation_get_scalp_tone   (StpConsultation *self);
void                   stp_consultation_set_scalp_tone   (StpConsultation *self,
                                                          const char      *value);
StpPigmentation        stp_consultation_get_pigmentation (StpConsultation *self);
void                   stp_consultation_set_pigmentation (StpConsultation *self,
                                                          StpPigmentation  value);
StpHairlineStyle       stp_consultation_get_hairline_style (StpConsultation *self);
void                   stp_consultation_set_hairline_style (StpConsultation  *self,
                                                            StpHairlineStyle  style);
const char            *stp_consultation_get_hairline_position (StpConsultation *self);
void                   stp_consultation_set_hairline_position (StpConsultation *self,
                                                               const char      *value);
const char            *stp_consultation_get_hairline_notes (StpConsultation *self);
void                   stp_consultation_set_hairline_notes (StpConsultation *self,
                                                            const char      *value);
gboolean               stp_consultation_get_prior_smp    (StpConsultation *self);
const char            *stp_consultation_get_prior_smp_provider (StpConsultation *self);
/* 1-5; 0 when not asked. */
guint                  stp_consultation_get_prior_smp_satisfaction (StpConsultation *self);
void                   stp_consultation_set_prior_smp    (StpConsultation *self,
                                                          gboolean         had_smp,
                                                          const char      *provider,
                                                          guint            satisfaction);
gboolean               stp_consultation_get_laser_removal (StpConsultation *self);
const char            *stp_consultation_get_laser_last_date (StpConsultation *self);
void                   stp_consultation_set_laser_removal (StpConsultation *self,
                                                           gboolean         had_laser,
                                                           const char      *last_iso_date);
const char            *stp_consultation_get_medication   (StpConsultation *self);
void                   stp_consultation_set_medication   (StpConsultation *self,
                                                          const char      *value);
const char            *stp_consultation_get_expectations (StpConsultation *self);
void                   stp_consultation_set_expectations (StpConsultation *self,
                                                          const char      *value);
const char            *stp_consultation_get_notes        (StpConsultation *self);
void                   stp_consultation_set_notes        (StpConsultation *self,
                                                          const char      *value);

/* Scars and transplants in the order entered; the arrays belong to the record. */
GPtrArray             *stp_consultation_get_scars        (StpConsultation *self);
void                   stp_consultation_add_scar         (StpConsultation *self,
                                                          StpScarKind      kind,
                                                          const char      *location,
                                                          double           length_mm,
                                                          double           width_mm);
void                   stp_consultation_remove_scar      (StpConsultation *self,
                                                          guint            index);
GPtrArray             *stp_consultation_get_transplants  (StpConsultation *self);
void                   stp_consultation_add_transplant   (StpConsultation *self,
                                                          const char      *kind,
                                                          const char      *iso_date,
                                                          const char      *clinic);
void                   stp_consultation_remove_transplant (StpConsultation *self,
                                                           guint            index);

/* Screening answers by question key; setting STP_ANSWER_NONE removes the answer. */
GPtrArray             *stp_consultation_get_answers      (StpConsultation *self);
const StpAnswer       *stp_consultation_get_answer       (StpConsultation *self,
                                                          const char      *key);
void                   stp_consultation_set_answer       (StpConsultation *self,
                                                          const char      *key,
                                                          StpAnswerValue   value,
                                                          const char      *iso_date,
                                                          const char      *note);

/* The plan always exists (empty at first); set_plan copies. */
const StpPlan         *stp_consultation_get_plan         (StpConsultation *self);
void                   stp_consultation_set_plan         (StpConsultation *self,
                                                          const StpPlan   *plan);

/* Checks one field's values (a draft may leave answers out); today judges dates that
 * can only be past (NULL: now). */
gboolean               stp_consultation_validate_field   (StpConsultation      *self,
                                                          StpConsultationField  field,
                                                          const GDate          *today,
                                                          GError              **error);
gboolean               stp_consultation_validate         (StpConsultation      *self,
                                                          const GDate          *today,
                                                          StpConsultationField *failed_field,
                                                          GError              **error);
/* What completing needs beyond valid values: a consultant, a goal, the phototype, and
 * an answer (with its date where one is asked) to every question key given. */
gboolean               stp_consultation_check_complete   (StpConsultation      *self,
                                                          const char * const   *question_keys,
                                                          const char * const   *date_keys,
                                                          StpConsultationField *failed_field,
                                                          GError              **error);

/* Stable spellings for storage. */
const char            *stp_consultation_status_to_string (StpConsultationStatus status);
const char            *stp_goal_to_string                (StpGoals         goal);
const char            *stp_area_to_string                (StpAreas         area);
const char            *stp_staging_scale_to_string       (StpStagingScale  scale);
const char            *stp_pigmentation_to_string        (StpPigmentation  value);
const char            *stp_scar_kind_to_string           (StpScarKind      kind);
const char            *stp_answer_value_to_string        (StpAnswerValue   value);
/* The stages of a scale, NULL-terminated (empty for NONE). */
const char * const    *stp_staging_scale_get_stages      (StpStagingScale  scale);

G_END_DECLS
