/* stp-screening.h: the medical questionnaire as data, and the flags its answers raise.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "stp-consultation.h"

G_BEGIN_DECLS

/* Ordered by weight: a flag at NEEDS_CLEARANCE or above blocks booking until cleared. */
typedef enum
{
  STP_SEVERITY_INFO,
  STP_SEVERITY_CAUTION,
  STP_SEVERITY_NEEDS_CLEARANCE,
  STP_SEVERITY_CONTRAINDICATION,
} StpSeverity;

/* One row of the question table (data in the database, not code). A question with a
 * window judges the answer's date against the consultation date: from window_past_days
 * before it to window_ahead_days after it (ends included) `severity` applies, outside it
 * `severity_outside`. Both windows are -1 when the question has no date rule. */
typedef struct
{
  char        *key;
  guint        position;
  char        *question;
  StpSeverity  severity;
  char        *reason;
  gboolean     asks_date;
  int          window_past_days;
  int          window_ahead_days;
  StpSeverity  severity_outside;
} StpScreeningQuestion;

/* A recorded clearance: of one question, or (question_key NULL) the whole consultation. */
typedef struct
{
  gint64  id;
  gint64  consultation_id;
  char   *question_key;
  gint64  cleared_by;
  gint64  cleared_at;
  char   *note;
} StpClearance;

/* What staff see beside the consultation. */
typedef struct
{
  char        *key;
  char        *question;
  StpSeverity  severity;
  char        *reason;
  char        *date;       /* the answer's date, when it gave one */
  gboolean     cleared;
} StpScreeningFlag;

void         stp_screening_question_free   (StpScreeningQuestion *question);
void         stp_clearance_free            (StpClearance         *clearance);
void         stp_screening_flag_free       (StpScreeningFlag     *flag);

const char  *stp_severity_to_string        (StpSeverity           severity);
gboolean     stp_severity_from_string      (const char           *text,
                                            StpSeverity          *severity);

/* The flags of a consultation's answers, in question order: a "yes" raises the question's
 * severity (after its date rule); "unknown" on a question that needs clearance or worse
 * raises NEEDS_CLEARANCE, since nobody can vouch for it. Dates are judged against the
 * consultation's date, or today when it has none (NULL: now). Elements StpScreeningFlag. */
GPtrArray   *stp_screening_evaluate        (GPtrArray            *questions,
                                            StpConsultation      *consultation,
                                            GPtrArray            *clearances,
                                            const GDate          *today);
/* TRUE while a contraindication or a needs-clearance flag is not cleared. */
gboolean     stp_screening_blocks_booking  (GPtrArray            *flags);
/* Answers refer to known questions, and a date the question needs in the past (a window
 * that does not look ahead) is not after today. */
gboolean     stp_screening_validate_answers (GPtrArray           *questions,
                                             StpConsultation     *consultation,
                                             const GDate         *today,
                                             GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StpScreeningQuestion, stp_screening_question_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StpClearance, stp_clearance_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StpScreeningFlag, stp_screening_flag_free)

G_END_DECLS
