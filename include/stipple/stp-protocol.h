/* stp-protocol.h: aftercare protocols: steps as data, validation, the shipped defaults,
 * and expanding a protocol into due times for one session.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "stp-opening-hours.h"

G_BEGIN_DECLS

#define STP_PROTOCOL_ERROR (stp_protocol_error_quark ())

typedef enum
{
  STP_PROTOCOL_ERROR_ADMIN_REQUIRED,    /* only an administrator edits protocols */
  STP_PROTOCOL_ERROR_NAME_REQUIRED,
  STP_PROTOCOL_ERROR_DUPLICATE_NAME,
  STP_PROTOCOL_ERROR_NO_STEPS,
  STP_PROTOCOL_ERROR_TITLE_REQUIRED,    /* a step without a title */
  STP_PROTOCOL_ERROR_TOO_LONG,
  STP_PROTOCOL_ERROR_INVALID_TEXT,      /* control characters or broken UTF-8 */
  STP_PROTOCOL_ERROR_OFFSET_OUT_OF_RANGE,
  STP_PROTOCOL_ERROR_INVALID_KIND,
  STP_PROTOCOL_ERROR_INVALID_CHANNEL,
  STP_PROTOCOL_ERROR_INVALID_SERVICE,
  STP_PROTOCOL_ERROR_SERVICE_TAKEN,     /* the service already follows another protocol */
  STP_PROTOCOL_ERROR_INVALID_FILE,      /* a protocol file that is not the expected JSON */
} StpProtocolError;

typedef enum
{
  STP_FOLLOWUP_KIND_AFTERCARE_SHEET,
  STP_FOLLOWUP_KIND_CHECK_IN,
  STP_FOLLOWUP_KIND_PHOTO_CHECK,
  STP_FOLLOWUP_KIND_NEXT_SESSION,
  STP_FOLLOWUP_KIND_TOUCH_UP,
  STP_FOLLOWUP_KIND_REFERRAL_CHECK,
  STP_FOLLOWUP_N_KINDS
} StpFollowupKind;

typedef enum
{
  STP_CHANNEL_CALL,
  STP_CHANNEL_MESSAGE,
  STP_CHANNEL_IN_CLINIC,
  STP_N_CHANNELS
} StpChannel;

#define STP_PROTOCOL_NAME_MAX     100
#define STP_PROTOCOL_TITLE_MAX    200
#define STP_PROTOCOL_MESSAGE_MAX  4000
#define STP_PROTOCOL_OFFSET_MAX   3660   /* ten years, in days */
#define STP_PROTOCOL_STEPS_MAX    50
#define STP_SERVICE_LASER_REFERRAL "laser-referral"

typedef struct
{
  gint64           id;
  StpFollowupKind  kind;
  guint            offset_days;       /* local calendar days after the session */
  guint            offset_hours;      /* then this many hours (0-23) */
  gboolean         use_plan_spacing;  /* offset_days is the plan's spacing when it has one */
  guint            repeat_days;       /* once done, again this many days later (0: once) */
  char            *title;
  char            *message;           /* what the client is told or sent */
  StpChannel       channel;
} StpProtocolStep;

typedef struct
{
  gint64      id;
  char       *name;
  GPtrArray  *services;   /* char *: session kinds or "laser-referral" */
  GPtrArray  *steps;      /* StpProtocolStep, in order */
} StpProtocol;

GQuark            stp_protocol_error_quark     (void);

StpProtocolStep  *stp_protocol_step_new        (void);
StpProtocolStep  *stp_protocol_step_copy       (const StpProtocolStep *step);
void              stp_protocol_step_free       (StpProtocolStep       *step);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StpProtocolStep, stp_protocol_step_free)

StpProtocol      *stp_protocol_new             (void);
StpProtocol      *stp_protocol_copy            (const StpProtocol *protocol);
void              stp_protocol_free            (StpProtocol       *protocol);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StpProtocol, stp_protocol_free)

/* Name, steps and services; the message names the step ("Step 3: ...") at fault. */
gboolean          stp_protocol_validate        (const StpProtocol *protocol,
                                                GError           **error);
gboolean          stp_service_is_valid         (const char        *service);

/* A protocol from its JSON file (a file of data/protocols), validated. */
StpProtocol      *stp_protocol_from_json       (const char        *json,
                                                gssize             length,
                                                GError           **error);
char             *stp_protocol_to_json         (const StpProtocol *protocol);
/* The protocols shipped in the resource (element type StpProtocol), by file name. */
GPtrArray        *stp_protocol_load_defaults   (GError           **error);

/* One due time a protocol gives a session. */
typedef struct
{
  guint   step_index;   /* into protocol->steps */
  gint64  due_at;       /* unix seconds, UTC, inside opening hours */
} StpProtocolDue;

/* The due time of one step for a session that started at session_at: offset_days local
 * calendar days later at the same local wall-clock time (so a day-7 call stays at 10:00
 * across a clock change), plus offset_hours, then moved into opening hours. spacing_days
 * is the plan's spacing (0: none; a use_plan_spacing step then keeps its offset_days). */
gint64            stp_protocol_step_due        (const StpProtocolStep *step,
                                                gint64                 session_at,
                                                guint                  spacing_days,
                                                const StpOpeningHours *hours,
                                                GTimeZone             *tz);
/* Every step's due time, in step order (element type StpProtocolDue). */
GArray           *stp_protocol_expand          (const StpProtocol     *protocol,
                                                gint64                 session_at,
                                                guint                  spacing_days,
                                                const StpOpeningHours *hours,
                                                GTimeZone             *tz);

const char       *stp_followup_kind_to_string  (StpFollowupKind kind);
gboolean          stp_followup_kind_from_string (const char      *text,
                                                 StpFollowupKind *kind);
const char       *stp_followup_kind_get_label  (StpFollowupKind kind);
const char       *stp_channel_to_string        (StpChannel      channel);
gboolean          stp_channel_from_string      (const char     *text,
                                                StpChannel     *channel);
const char       *stp_channel_get_label        (StpChannel      channel);

G_END_DECLS
