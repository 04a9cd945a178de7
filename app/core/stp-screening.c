/* stp-screening.c: turning screening answers into flags, by the question table's rules.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-screening"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "stp-validate-private.h"
#include "stipple/stp-screening.h"

static const char *severity_names[] = {
  "info", "caution", "needs-clearance", "contraindication",
};

void
stp_screening_question_free (StpScreeningQuestion *question)
{
  if (question == NULL)
    return;

  g_free (question->key);
  g_free (question->question);
  g_free (question->reason);
  g_free (question);
}

void
stp_clearance_free (StpClearance *clearance)
{
  if (clearance == NULL)
    return;

  g_free (clearance->question_key);
  g_free (clearance->note);
  g_free (clearance);
}

void
stp_screening_flag_free (StpScreeningFlag *flag)
{
  if (flag == NULL)
    return;

  g_free (flag->key);
  g_free (flag->question);
  g_free (flag->reason);
  g_free (flag->date);
  g_free (flag);
}

const char *
stp_severity_to_string (StpSeverity severity)
{
  g_return_val_if_fail (severity <= STP_SEVERITY_CONTRAINDICATION, NULL);
  return severity_names[severity];
}

gboolean
stp_severity_from_string (const char  *text,
                          StpSeverity *severity)
{
  for (guint i = 0; i < G_N_ELEMENTS (severity_names); i++)
    {
      if (g_strcmp0 (text, severity_names[i]) == 0)
        {
          *severity = i;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
has_date_rule (const StpScreeningQuestion *question)
{
  return question->window_past_days >= 0 || question->window_ahead_days >= 0;
}

/* The severity of a "yes" once its date has been looked at. */
static StpSeverity
severity_for_date (const StpScreeningQuestion *question,
                   const char                 *iso_date,
                   const GDate                *reference)
{
  GDate date;
  int days_before;

  /* Without a (readable) date nobody knows how long ago it was: assume the worst. */
  if (!has_date_rule (question) || !_stp_parse_iso_date (iso_date, &date))
    return question->severity;

  days_before = g_date_days_between (&date, reference);
  if (days_before >= 0)
    return days_before <= MAX (question->window_past_days, 0) ? question->severity
                                                              : question->severity_outside;

  return -days_before <= MAX (question->window_ahead_days, 0) ? question->severity
                                                              : question->severity_outside;
}

static gboolean
is_cleared (GPtrArray  *clearances,
            const char *key)
{
  for (guint i = 0; clearances != NULL && i < clearances->len; i++)
    {
      StpClearance *clearance = g_ptr_array_index (clearances, i);

      if (clearance->question_key == NULL || g_strcmp0 (clearance->question_key, key) == 0)
        return TRUE;
    }
  return FALSE;
}

GPtrArray *
stp_screening_evaluate (GPtrArray       *questions,
                        StpConsultation *consultation,
                        GPtrArray       *clearances,
                        const GDate     *today)
{
  GPtrArray *flags = g_ptr_array_new_with_free_func ((GDestroyNotify)stp_screening_flag_free);
  GDate reference;

  g_return_val_if_fail (questions != NULL, flags);
  g_return_val_if_fail (STP_IS_CONSULTATION (consultation), flags);

  if (!_stp_parse_iso_date (stp_consultation_get_date (consultation), &reference))
    _stp_get_today (today, &reference);

  for (guint i = 0; i < questions->len; i++)
    {
      StpScreeningQuestion *question = g_ptr_array_index (questions, i);
      const StpAnswer *answer = stp_consultation_get_answer (consultation, question->key);
      StpScreeningFlag *flag;
      StpSeverity severity;
      const char *reason = question->reason;
      g_autofree char *unknown_reason = NULL;

      if (answer == NULL || answer->value == STP_ANSWER_NO || answer->value == STP_ANSWER_NONE)
        continue;

      if (answer->value == STP_ANSWER_UNKNOWN)
        {
          /* "Not known" on a serious question cannot be taken as a no. */
          if (question->severity < STP_SEVERITY_NEEDS_CLEARANCE)
            continue;
          severity = STP_SEVERITY_NEEDS_CLEARANCE;
          unknown_reason = g_strdup_printf (_("Not known to the client. %s"), question->reason);
          reason = unknown_reason;
        }
      else
        severity = severity_for_date (question, answer->date, &reference);

      flag = g_new0 (StpScreeningFlag, 1);
      flag->key = g_strdup (question->key);
      flag->question = g_strdup (question->question);
      flag->severity = severity;
      flag->reason = g_strdup (reason);
      flag->date = g_strdup (answer->date);
      flag->cleared = is_cleared (clearances, question->key);
      g_ptr_array_add (flags, flag);
    }

  return flags;
}

gboolean
stp_screening_blocks_booking (GPtrArray *flags)
{
  g_return_val_if_fail (flags != NULL, TRUE);

  for (guint i = 0; i < flags->len; i++)
    {
      StpScreeningFlag *flag = g_ptr_array_index (flags, i);

      if (flag->severity >= STP_SEVERITY_NEEDS_CLEARANCE && !flag->cleared)
        return TRUE;
    }
  return FALSE;
}

static const StpScreeningQuestion *
find_question (GPtrArray  *questions,
               const char *key)
{
  for (guint i = 0; i < questions->len; i++)
    {
      StpScreeningQuestion *question = g_ptr_array_index (questions, i);
      if (g_strcmp0 (question->key, key) == 0)
        return question;
    }
  return NULL;
}

gboolean
stp_screening_validate_answers (GPtrArray        *questions,
                                StpConsultation  *consultation,
                                const GDate      *today,
                                GError          **error)
{
  GPtrArray *answers;
  GDate now;

  g_return_val_if_fail (questions != NULL, FALSE);
  g_return_val_if_fail (STP_IS_CONSULTATION (consultation), FALSE);

  _stp_get_today (today, &now);
  answers = stp_consultation_get_answers (consultation);

  for (guint i = 0; i < answers->len; i++)
    {
      StpAnswer *answer = g_ptr_array_index (answers, i);
      const StpScreeningQuestion *question = find_question (questions, answer->key);
      GDate date;

      if (question == NULL)
        {
          g_set_error (error, STP_CONSULTATION_ERROR, STP_CONSULTATION_ERROR_INVALID_CHOICE,
                       _("“%s” is not one of the clinic's medical questions."), answer->key);
          return FALSE;
        }

      /* A window that does not look ahead is about something that already happened. */
      if (answer->date != NULL && _stp_parse_iso_date (answer->date, &date) &&
          has_date_rule (question) && question->window_ahead_days <= 0 &&
          g_date_compare (&date, &now) > 0)
        {
          g_set_error (error, STP_CONSULTATION_ERROR, STP_CONSULTATION_ERROR_DATE_FUTURE,
                       _("The date given for “%s” is in the future. Check the year."),
                       question->question);
          return FALSE;
        }
    }

  return TRUE;
}
