/* stp-store-sessions.h: treatment plans, the session log, remembered lots, lot recall, the
 * client timeline and laser-removal referrals in the store.
 *
 * Every call that changes data is one transaction with its audit rows, and emits
 * StpStore::changed (STP_ENTITY_PLAN, STP_ENTITY_SESSION, STP_ENTITY_LOT or
 * STP_ENTITY_REFERRAL) after the commit.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "stp-session.h"
#include "stp-store.h"

G_BEGIN_DECLS

/* Plans */

/* A plan made by hand; plan->client_id names the client. Returns its id. */
gint64               stp_store_create_plan            (StpStore          *self,
                                                       StpTreatmentPlan  *plan,
                                                       GError           **error);
/* A plan from a consultation's plan (sessions and spacing). Refused with
 * STP_SESSION_ERROR_REQUIRED when the consultation has not decided them. */
gint64               stp_store_create_plan_from_consultation (StpStore   *self,
                                                              gint64      consultation_id,
                                                              GError    **error);
StpTreatmentPlan    *stp_store_get_plan               (StpStore          *self,
                                                       gint64             id,
                                                       GError           **error);
/* The client's newest active (else paused) plan; NULL without error when none. */
StpTreatmentPlan    *stp_store_get_current_plan       (StpStore          *self,
                                                       gint64             client_id,
                                                       GError           **error);
gboolean             stp_store_set_plan_status        (StpStore          *self,
                                                       gint64             plan_id,
                                                       StpTreatmentPlanStatus status,
                                                       GError           **error);
/* Progress of the client's current plan; FALSE without error when there is no plan. */
gboolean             stp_store_get_plan_progress      (StpStore          *self,
                                                       gint64             client_id,
                                                       StpPlanProgress   *progress,
                                                       GError           **error);

/* Sessions */

/* Logs a session with its areas, pigments, needles, photo links and sketch regions in one
 * transaction, remembering its lots. Regions must be regions of the followed sketch
 * version (STP_SESSION_ERROR_INVALID_CHOICE otherwise); a region mapped to an area adds
 * that area to session->areas (here and in corrections). A lot that expired before the session date refuses the log with
 * STP_SESSION_ERROR_EXPIRED_LOT unless ack_staff_id names who accepted it; the
 * acknowledgement (who, when, which lots) is then stored with the session. */
gint64               stp_store_log_session            (StpStore            *self,
                                                       StpTreatmentSession *session,
                                                       gint64               ack_staff_id,
                                                       GError             **error);
StpTreatmentSession *stp_store_get_session            (StpStore            *self,
                                                       gint64               id,
                                                       GError             **error);
/* A client's sessions, oldest first, cancelled ones included. */
GPtrArray           *stp_store_list_sessions          (StpStore            *self,
                                                       gint64               client_id,
                                                       GError             **error);
/* A new, unsaved session for the client, filled from their latest logged session
 * (practitioner, areas, pigments, needles, machine, technique, sketch version, and the
 * next kind in the usual course) but never its date, duration, photos, pain, reactions
 * or notes; started_at is now. Without an earlier session, only the plan is set. */
StpTreatmentSession *stp_store_prefill_session        (StpStore            *self,
                                                       gint64               client_id,
                                                       GError             **error);
/* Replaces a logged session's content; the previous content goes to its revision
 * history with who, when and reason, and the audit log names the changed fields. */
gboolean             stp_store_correct_session        (StpStore            *self,
                                                       StpTreatmentSession *session,
                                                       const char          *reason,
                                                       gint64               ack_staff_id,
                                                       GError             **error);
gboolean             stp_store_cancel_session         (StpStore            *self,
                                                       gint64               id,
                                                       const char          *reason,
                                                       GError             **error);

typedef struct
{
  guint   revision;     /* the revision the old values were */
  gint64  changed_at;
  gint64  changed_by;   /* 0: nobody chosen */
  char   *reason;
  char   *old_values;   /* JSON, as stp_treatment_session_to_json () */
} StpSessionRevision;

void                 stp_session_revision_free        (StpSessionRevision *revision);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StpSessionRevision, stp_session_revision_free)

/* Oldest first. */
GPtrArray           *stp_store_list_session_revisions (StpStore            *self,
                                                       gint64               session_id,
                                                       GError             **error);

/* Remembered lots */

typedef enum
{
  STP_LOT_PIGMENT,
  STP_LOT_NEEDLE,
} StpLotKind;

/* Pigment lots (StpSessionPigment with lot_id, dilution "") whose brand, shade or lot
 * starts with text (case-insensitive), most recently used first; at most limit. */
GPtrArray           *stp_store_complete_pigment_lots  (StpStore            *self,
                                                       const char          *text,
                                                       guint                limit,
                                                       GError             **error);
/* Needle lots (StpSessionNeedle) whose configuration, taper or lot starts with text. */
GPtrArray           *stp_store_complete_needle_lots   (StpStore            *self,
                                                       const char          *text,
                                                       guint                limit,
                                                       GError             **error);

/* Recall */

/* One session that used the recalled lot, with its client's contact details. */
typedef struct
{
  gint64   client_id;
  char    *given_name;
  char    *family_name;
  char    *phone;
  char    *email;
  gint64   session_id;
  gint64   started_at;      /* unix seconds, UTC */
  char    *products;        /* "Brand Shade" or "3RL 0.25 mm": the products with that lot */
  char    *notes;           /* the session's notes */
} StpRecallHit;

void                 stp_recall_hit_free              (StpRecallHit *hit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StpRecallHit, stp_recall_hit_free)

/* Every logged session that used the lot (exact, case-insensitive, any product),
 * optionally only on local dates from..to (ISO, both included; NULL for open ends).
 * Elements StpRecallHit, one per session, grouped by client in list order (family, given
 * name), each client's sessions oldest first. */
GPtrArray           *stp_store_recall                 (StpStore            *self,
                                                       StpLotKind           kind,
                                                       const char          *lot,
                                                       const char          *from_iso,
                                                       const char          *to_iso,
                                                       GError             **error);
/* How many different clients the hits name. */
guint                stp_recall_count_clients         (GPtrArray           *hits);
/* The recall as CSV (RFC 4180, UTF-8, CRLF line ends): a header, then one line per
 * session: family name, given name, phone, email, session date, products, lot, notes. */
char                *stp_recall_to_csv                (GPtrArray           *hits,
                                                       const char          *lot);
gboolean             stp_recall_write_csv             (GPtrArray           *hits,
                                                       const char          *lot,
                                                       const char          *path,
                                                       GError             **error);

/* Pigment history */

typedef struct
{
  gint64  session_id;
  gint64  started_at;
  char   *brand;
  char   *shade;
  char   *dilution;
  char   *lot;
} StpPigmentUse;

void                 stp_pigment_use_free             (StpPigmentUse *use);

/* Every pigment the client received in logged sessions, newest first. */
GPtrArray           *stp_store_list_pigment_history   (StpStore            *self,
                                                       gint64               client_id,
                                                       GError             **error);

/* Timeline */

typedef enum
{
  STP_TIMELINE_CONSULTATION,
  STP_TIMELINE_SESSION,
  STP_TIMELINE_PHOTO,
  STP_TIMELINE_SKETCH,
  STP_TIMELINE_REFERRAL,
} StpTimelineKind;

typedef struct
{
  StpTimelineKind  kind;
  gint64           id;
  gint64           at;        /* unix seconds, UTC */
  char            *title;
  char            *subtitle;
} StpTimelineEntry;

void                 stp_timeline_entry_free          (StpTimelineEntry *entry);

/* The client's consultations, sessions, photos, sketch versions and referrals, oldest
 * first. */
GPtrArray           *stp_store_list_timeline          (StpStore            *self,
                                                       gint64               client_id,
                                                       GError             **error);

/* Removal referrals */

typedef struct
{
  gint64     id;
  gint64     client_id;
  char      *clinic;
  char      *referred_on;   /* ISO date */
  char      *reason;
  StpAreas   areas;
  GPtrArray *laser_sessions;  /* StpLaserSession, oldest first (read back only) */
} StpReferral;

typedef struct
{
  gint64  id;
  char   *done_on;   /* ISO date */
  char   *notes;
} StpLaserSession;

StpReferral         *stp_referral_new                 (void);
void                 stp_referral_free                (StpReferral *referral);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StpReferral, stp_referral_free)

gint64               stp_store_create_referral        (StpStore            *self,
                                                       StpReferral         *referral,
                                                       GError             **error);
/* A laser session the client reports having had at the external clinic. */
gint64               stp_store_report_laser_session   (StpStore            *self,
                                                       gint64               referral_id,
                                                       const char          *done_on,
                                                       const char          *notes,
                                                       GError             **error);
StpReferral         *stp_store_get_referral           (StpStore            *self,
                                                       gint64               id,
                                                       GError             **error);
/* Links a revision plan and its new sketch version (0: none) to the referral. */
gboolean             stp_store_link_revision          (StpStore            *self,
                                                       gint64               plan_id,
                                                       gint64               referral_id,
                                                       gint64               sketch_version_id,
                                                       GError             **error);

G_END_DECLS
