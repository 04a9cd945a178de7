/* stp-session.h: treatment plans and logged sessions as plain records, with the rules
 * their fields follow.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "stp-consultation.h"

G_BEGIN_DECLS

#define STP_SESSION_ERROR (stp_session_error_quark ())

typedef enum
{
  STP_SESSION_ERROR_REQUIRED,          /* a field a session cannot do without is empty */
  STP_SESSION_ERROR_OUT_OF_RANGE,      /* pain above 10, a 2 mm needle, ... */
  STP_SESSION_ERROR_DATE_INVALID,      /* not a real calendar date */
  STP_SESSION_ERROR_DILUTION_INVALID,  /* not "parts:parts" such as "1:20" */
  STP_SESSION_ERROR_LOT_INVALID,       /* a lot number with characters no label prints */
  STP_SESSION_ERROR_TOO_LONG,
  STP_SESSION_ERROR_INVALID_TEXT,      /* control characters or broken UTF-8 */
  STP_SESSION_ERROR_INVALID_CHOICE,    /* a photo or sketch of another client, ... */
  STP_SESSION_ERROR_EXPIRED_LOT,       /* a lot expired before the session date: ask */
  STP_SESSION_ERROR_READ_ONLY,         /* a cancelled session cannot be corrected */
  STP_SESSION_ERROR_REASON_REQUIRED,   /* a correction or cancellation needs a reason */
} StpSessionError;

/* Fields in form order, for inline validation messages. */
typedef enum
{
  STP_SESSION_FIELD_NONE,
  STP_SESSION_FIELD_KIND,
  STP_SESSION_FIELD_START,
  STP_SESSION_FIELD_DURATION,
  STP_SESSION_FIELD_PRACTITIONER,
  STP_SESSION_FIELD_AREAS,
  STP_SESSION_FIELD_PIGMENTS,
  STP_SESSION_FIELD_NEEDLES,
  STP_SESSION_FIELD_MACHINE,
  STP_SESSION_FIELD_TECHNIQUE,
  STP_SESSION_FIELD_PAIN,
  STP_SESSION_FIELD_REACTIONS,
  STP_SESSION_FIELD_NOTES,
  STP_SESSION_FIELD_PHOTOS,
  STP_SESSION_FIELD_SKETCH,
  STP_SESSION_N_FIELDS,
} StpSessionField;

typedef enum
{
  STP_SESSION_KIND_INITIAL,
  STP_SESSION_KIND_BUILD_UP,
  STP_SESSION_KIND_REFINEMENT,
  STP_SESSION_KIND_TOUCH_UP,
  STP_SESSION_KIND_SCAR_CAMOUFLAGE,
  STP_SESSION_KIND_POST_LASER_REVISION,
  STP_SESSION_N_KINDS,
} StpSessionKind;

typedef enum
{
  STP_SESSION_STATUS_LOGGED,
  STP_SESSION_STATUS_CANCELLED,
} StpSessionStatus;

/* UNKNOWN: not recorded. */
typedef enum
{
  STP_REACTION_UNKNOWN,
  STP_REACTION_NONE,
  STP_REACTION_MILD,
  STP_REACTION_MODERATE,
  STP_REACTION_SEVERE,
  STP_REACTION_N_LEVELS,
} StpReaction;

typedef enum
{
  STP_PHOTO_ROLE_BEFORE,
  STP_PHOTO_ROLE_AFTER,
} StpPhotoRole;

typedef enum
{
  STP_TREATMENT_PLAN_ACTIVE,
  STP_TREATMENT_PLAN_COMPLETE,
  STP_TREATMENT_PLAN_PAUSED,
  STP_TREATMENT_PLAN_CANCELLED,
  STP_TREATMENT_PLAN_N_STATUSES,
} StpTreatmentPlanStatus;

/* Limits; the schema's CHECK constraints say the same. */
#define STP_SESSION_LOT_MAX        64
#define STP_SESSION_PRODUCT_MAX    100    /* brand, shade, machine model */
#define STP_SESSION_TECHNIQUE_MAX  200
#define STP_SESSION_NOTES_MAX      10000
#define STP_SESSION_REASON_MAX     2000
#define STP_SESSION_MINUTES_MAX    720
#define STP_SESSION_PAIN_MAX       10

/* One pigment on the tray. lot_id is the remembered lot (0 until stored). */
typedef struct
{
  gint64  lot_id;
  char   *brand;
  char   *shade;
  char   *dilution;   /* "1:20" (pigment : distilled water) or "" */
  char   *lot;
  char   *expiry;     /* ISO date; required for pigments */
} StpSessionPigment;

/* One needle cartridge. diameter in millimetres (0.18-0.30 typically). */
typedef struct
{
  gint64  lot_id;
  char   *configuration;   /* "1RL", "3RL", ... */
  double  diameter_mm;
  char   *taper;           /* "" when not printed */
  char   *lot;
  char   *expiry;          /* ISO date or NULL */
} StpSessionNeedle;

typedef struct
{
  gint64        photo_id;
  StpPhotoRole  role;
} StpSessionPhoto;

/* A region (treatment area or scar) of the followed sketch version that was treated. */
typedef struct
{
  guint32   item_id;  /* the region's item id in the sketch version (locked, so stable) */
  StpAreas  area;     /* the consultation area it obviously is (one bit); 0: none */
  char     *label;    /* as listed: "Region 2 — treatment area, 40 dots/cm²" or its label */
} StpSessionRegion;

#define STP_SESSION_REGION_LABEL_MAX 300

/* A session as logged. 0 ids mean "none"; 0 for a measurement means "not recorded";
 * pain -1 means not asked. */
typedef struct
{
  gint64            id;
  gint64            client_id;
  gint64            plan_id;
  StpSessionKind    kind;
  gint64            started_at;        /* unix seconds, UTC */
  guint             duration_minutes;
  gint64            practitioner_id;
  StpAreas          areas;
  char             *depth;
  char             *angle;
  char             *spacing;
  char             *machine_model;
  double            stroke_mm;
  double            voltage;
  guint             speed_hz;
  int               pain;
  StpReaction       bleeding;
  StpReaction       redness;
  StpReaction       swelling;
  char             *notes;
  gint64            sketch_version_id;
  GPtrArray        *pigments;          /* StpSessionPigment */
  GPtrArray        *needles;           /* StpSessionNeedle */
  GArray           *photos;            /* StpSessionPhoto */
  GPtrArray        *regions;           /* StpSessionRegion; needs sketch_version_id */
  /* Read back from the store; ignored when logging. */
  StpSessionStatus  status;
  char             *cancel_reason;
  gint64            expired_ack_by;
  gint64            expired_ack_at;
  char             *expired_ack_lots;
  guint             revision;
  gint64            created_at;
  gint64            created_by;
  gint64            updated_at;
} StpTreatmentSession;

typedef struct
{
  gint64                  id;
  gint64                  client_id;
  gint64                  consultation_id;    /* 0: made by hand */
  gint64                  referral_id;        /* 0: not a revision after laser removal */
  gint64                  sketch_version_id;  /* the revision's new sketch, 0: none */
  guint                   planned_sessions;
  guint                   spacing_days;
  StpTreatmentPlanStatus  status;
  char                   *notes;
  gint64                  created_at;
  gint64                  updated_at;
} StpTreatmentPlan;

/* A plan's progress as the client page shows it. */
typedef struct
{
  gint64  plan_id;
  guint   planned;
  guint   logged;          /* logged (not cancelled) sessions of the plan */
  gint64  last_started_at; /* 0: none yet */
  GDate   next_due;        /* invalid when nothing is due (complete, or none logged) */
  StpTreatmentPlanStatus status;
} StpPlanProgress;

#define STP_TYPE_TREATMENT_SESSION (stp_treatment_session_get_type ())
#define STP_TYPE_TREATMENT_PLAN (stp_treatment_plan_get_type ())

GType                 stp_treatment_session_get_type  (void) G_GNUC_CONST;
GType                 stp_treatment_plan_get_type     (void) G_GNUC_CONST;
GQuark                stp_session_error_quark         (void);

StpSessionPigment    *stp_session_pigment_new         (const char *brand,
                                                       const char *shade,
                                                       const char *dilution,
                                                       const char *lot,
                                                       const char *expiry);
StpSessionPigment    *stp_session_pigment_copy        (const StpSessionPigment *pigment);
void                  stp_session_pigment_free        (StpSessionPigment *pigment);
StpSessionNeedle     *stp_session_needle_new          (const char *configuration,
                                                       double      diameter_mm,
                                                       const char *taper,
                                                       const char *lot,
                                                       const char *expiry);
StpSessionNeedle     *stp_session_needle_copy         (const StpSessionNeedle *needle);
void                  stp_session_needle_free         (StpSessionNeedle *needle);

StpSessionRegion     *stp_session_region_new          (guint32     item_id,
                                                       StpAreas    area,
                                                       const char *label);
StpSessionRegion     *stp_session_region_copy         (const StpSessionRegion *region);
void                  stp_session_region_free         (StpSessionRegion *region);

StpTreatmentSession  *stp_treatment_session_new       (void);
StpTreatmentSession  *stp_treatment_session_copy      (const StpTreatmentSession *session);
void                  stp_treatment_session_free      (StpTreatmentSession *session);
/* Checks every field; on failure *field (when not NULL) names the first bad one. */
gboolean              stp_treatment_session_validate  (const StpTreatmentSession *session,
                                                       StpSessionField *field,
                                                       GError         **error);
/* The pigments and needles whose expiry is before the session's local date, one line
 * each ("Brand Shade, lot L, expired 2026-01-31"); NULL when none has expired. */
char                 *stp_treatment_session_describe_expired (const StpTreatmentSession *s);
/* The recorded content as a JSON object (what a correction keeps as history). */
char                 *stp_treatment_session_to_json   (const StpTreatmentSession *session);
/* Comma-separated names of the top-level JSON members that differ; "" when none. */
char                 *stp_treatment_session_diff_fields (const StpTreatmentSession *a,
                                                         const StpTreatmentSession *b);
/* The role a photo taken at taken_at most likely has in a session that started at
 * started_at: before when taken before the session began, after when taken later. */
StpPhotoRole          stp_session_guess_photo_role    (gint64 started_at,
                                                       gint64 taken_at);
/* The kind a session after one of this kind usually is. */
StpSessionKind        stp_session_kind_next           (StpSessionKind kind);

StpTreatmentPlan     *stp_treatment_plan_new          (void);
StpTreatmentPlan     *stp_treatment_plan_copy         (const StpTreatmentPlan *plan);
void                  stp_treatment_plan_free         (StpTreatmentPlan *plan);
gboolean              stp_treatment_plan_validate     (const StpTreatmentPlan *plan,
                                                       GError        **error);

/* "Session 2 of 3 — next due 14 March", in the locale's words and date format. */
/* "Session 2 of 3 — next due 14 March" (or "overdue since …" once that day has gone),
 * as of today in local time; _on takes the day to judge by. */
char                 *stp_plan_progress_describe      (const StpPlanProgress *progress);
char                 *stp_plan_progress_describe_on   (const StpPlanProgress *progress,
                                                       const GDate           *today);

/* Stable spellings for storage. */
const char           *stp_session_kind_to_string      (StpSessionKind kind);
gboolean              stp_session_kind_from_string    (const char *text,
                                                       StpSessionKind *kind);
const char           *stp_reaction_to_string          (StpReaction reaction);   /* NULL: UNKNOWN */
StpReaction           stp_reaction_from_string        (const char *text);
const char           *stp_treatment_plan_status_to_string (StpTreatmentPlanStatus status);
StpTreatmentPlanStatus stp_treatment_plan_status_from_string (const char *text);
/* Translated words for people. */
const char           *stp_session_kind_get_label      (StpSessionKind kind);
const char           *stp_reaction_get_label          (StpReaction reaction);
const char           *stp_treatment_plan_status_get_label (StpTreatmentPlanStatus status);

/* Parses "1:20"-style dilutions; "" is allowed (undiluted or not recorded). */
gboolean              stp_dilution_is_valid           (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StpTreatmentSession, stp_treatment_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StpTreatmentPlan, stp_treatment_plan_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StpSessionPigment, stp_session_pigment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StpSessionNeedle, stp_session_needle_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StpSessionRegion, stp_session_region_free)

G_END_DECLS
