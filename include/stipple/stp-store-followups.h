/* stp-store-followups.h: aftercare protocols, the follow-ups they generate for sessions
 * and referrals, the due queries of the front desk, and the clinic's opening hours.
 *
 * Logging a session schedules its protocol's follow-ups in the same transaction;
 * correcting its date moves the open ones; cancelling the session or its plan cancels
 * them. Done follow-ups never change. Every change is one transaction with its audit rows
 * and emits StpStore::changed (STP_ENTITY_FOLLOWUP or STP_ENTITY_PROTOCOL) after commit.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "stp-opening-hours.h"
#include "stp-protocol.h"
#include "stp-store.h"

G_BEGIN_DECLS

#define STP_FOLLOWUP_ERROR (stp_followup_error_quark ())

typedef enum
{
  STP_FOLLOWUP_ERROR_CLOSED,         /* already done or cancelled: nothing to change */
  STP_FOLLOWUP_ERROR_TIME_INVALID,   /* a snooze or reschedule time that is not later */
  STP_FOLLOWUP_ERROR_TOO_LONG,       /* an outcome note beyond its length */
  STP_FOLLOWUP_ERROR_INVALID_TEXT,
} StpFollowupError;

typedef enum
{
  STP_FOLLOWUP_STATUS_PENDING,
  STP_FOLLOWUP_STATUS_DONE,
  STP_FOLLOWUP_STATUS_CANCELLED,
  STP_FOLLOWUP_STATUS_SNOOZED,
} StpFollowupStatus;

#define STP_FOLLOWUP_OUTCOME_MAX 2000

typedef struct
{
  gint64             id;
  gint64             client_id;
  gint64             session_id;     /* 0 for a referral's follow-up */
  gint64             referral_id;    /* 0 for a session's follow-up */
  StpFollowupKind    kind;
  char              *title;          /* the reason */
  char              *message;        /* the aftercare text for the client */
  StpChannel         channel;
  gint64             due_at;         /* unix seconds, UTC */
  StpFollowupStatus  status;
  gint64             snoozed_until;  /* 0 unless snoozed */
  gint64             remind_at;      /* when it is next due; 0 once done or cancelled */
  char              *outcome;
  gint64             done_at;
  gint64             done_by;
  gint64             notified_for;   /* the remind_at a notification was shown for; 0 none */
  /* Read with the follow-up for the front desk. */
  char              *client_name;
  char              *phone;
  char              *email;
  char              *last_outcome;   /* the client's latest outcome note, "" when none */
  gint64             staff_id;       /* the session's practitioner; 0 when unknown */
  char              *service;        /* the session kind, or "laser-referral" */
} StpFollowup;

void          stp_followup_free             (StpFollowup *followup);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StpFollowup, stp_followup_free)
GQuark        stp_followup_error_quark      (void);
const char   *stp_followup_status_to_string (StpFollowupStatus status);

/* Which open follow-ups a query covers, by when they are next due (local days). */
typedef enum
{
  STP_FOLLOWUP_RANGE_DUE,       /* due now: remind_at <= now */
  STP_FOLLOWUP_RANGE_OVERDUE,   /* due before today */
  STP_FOLLOWUP_RANGE_TODAY,     /* due today, earlier or later than now */
  STP_FOLLOWUP_RANGE_UPCOMING,  /* due after today */
  STP_FOLLOWUP_RANGE_OPEN,      /* every open follow-up */
} StpFollowupRange;

typedef struct
{
  int     kind;      /* a StpFollowupKind, or -1 for all */
  gint64  staff_id;  /* the session's practitioner, or 0 for all */
} StpFollowupFilter;

typedef struct
{
  guint due;
  guint overdue;
  guint today;
  guint upcoming;
} StpFollowupCounts;

/* The clinic's time zone for due times; the local zone unless a test sets another. */
void          stp_store_set_time_zone       (StpStore           *self,
                                             GTimeZone          *tz);
GTimeZone    *stp_store_get_time_zone       (StpStore           *self);

/* Protocols */

/* Element type StpProtocol with services and steps, ordered by name. */
GPtrArray    *stp_store_list_protocols      (StpStore           *self,
                                             GError            **error);
/* NULL without error when the service has no protocol. */
StpProtocol  *stp_store_get_protocol_for_service (StpStore      *self,
                                                  const char    *service,
                                                  GError       **error);
/* Creates (id 0) or replaces a protocol's name, services and steps. Administrators only
 * (STP_PROTOCOL_ERROR_ADMIN_REQUIRED); a service another protocol has is refused with
 * STP_PROTOCOL_ERROR_SERVICE_TAKEN. Follow-ups already scheduled keep their words. */
gint64        stp_store_save_protocol       (StpStore           *self,
                                             StpProtocol        *protocol,
                                             GError            **error);
gboolean      stp_store_delete_protocol     (StpStore           *self,
                                             gint64              id,
                                             GError            **error);

/* Opening hours */

StpOpeningHours *stp_store_get_opening_hours (StpStore          *self,
                                              GError           **error);
/* Saves the hours and closed days, and in the same transaction moves each pending
 * follow-up still to come that they leave outside opening time to the next opening
 * (snoozed ones stay); *n_moved (may be NULL) says how many moved. */
gboolean      stp_store_set_opening_hours   (StpStore           *self,
                                             const StpOpeningHours *hours,
                                             guint              *n_moved,
                                             GError            **error);

/* Follow-ups */

StpFollowup  *stp_store_get_followup        (StpStore           *self,
                                             gint64              id,
                                             GError            **error);
/* Open follow-ups in range at now, earliest first; filter may be NULL; limit 0: all. */
GPtrArray    *stp_store_list_followups      (StpStore           *self,
                                             StpFollowupRange    range,
                                             gint64              now,
                                             const StpFollowupFilter *filter,
                                             guint               limit,
                                             GError            **error);
gboolean      stp_store_count_followups     (StpStore           *self,
                                             gint64              now,
                                             StpFollowupCounts  *counts,
                                             GError            **error);
/* Every follow-up of a session (or referral), any status, by due time. */
GPtrArray    *stp_store_list_session_followups (StpStore        *self,
                                                gint64           session_id,
                                                GError         **error);
GPtrArray    *stp_store_list_referral_followups (StpStore       *self,
                                                 gint64          referral_id,
                                                 GError        **error);

/* Marks follow-ups done with one outcome note (may be empty). A done follow-up whose step
 * repeats schedules the next one. All or nothing: a closed one refuses the whole call
 * with STP_FOLLOWUP_ERROR_CLOSED. */
gboolean      stp_store_complete_followups  (StpStore           *self,
                                             const gint64       *ids,
                                             guint               n_ids,
                                             const char         *outcome,
                                             GError            **error);
/* Snoozes until a later time (unix seconds, after now). */
gboolean      stp_store_snooze_followups    (StpStore           *self,
                                             const gint64       *ids,
                                             guint               n_ids,
                                             gint64              until,
                                             GError            **error);
/* Sets a new due time; the follow-up is pending again. */
gboolean      stp_store_reschedule_followups (StpStore          *self,
                                              const gint64      *ids,
                                              guint              n_ids,
                                              gint64             due_at,
                                              GError           **error);
/* Snooze times the front desk offers: an hour from now, and the next opening tomorrow
 * or later. */
gint64        stp_store_snooze_hour         (StpStore           *self,
                                             gint64              now);
gint64        stp_store_snooze_tomorrow     (StpStore           *self,
                                             gint64              now);

/* Reminders */

/* Open follow-ups due at now that have not been notified for their current due time. */
GPtrArray    *stp_store_list_unnotified     (StpStore           *self,
                                             gint64              now,
                                             GError            **error);
/* Records that these were notified for their current due time (no change signal: it
 * changes nothing the front desk sees). */
gboolean      stp_store_mark_notified       (StpStore           *self,
                                             const gint64       *ids,
                                             guint               n_ids,
                                             GError            **error);
/* The earliest due time after now still to be notified; 0 when there is none. */
gint64        stp_store_next_reminder_at    (StpStore           *self,
                                             gint64              now,
                                             GError            **error);

/* The due query itself (?1 now, ?2 limit), shared with its benchmark. */
const char   *stp_store_due_query_sql       (void);

G_END_DECLS
