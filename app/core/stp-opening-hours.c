/* stp-opening-hours.c: when the clinic is open, and the next opening after a time.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-opening-hours"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "stipple/stp-opening-hours.h"
#include "stp-validate-private.h"

/* How far ahead an opening is looked for before giving up (a clinic closed for a year). */
#define SEARCH_DAYS 400

G_DEFINE_QUARK (stp-opening-hours-error-quark, stp_opening_hours_error)

static StpOpeningHours *
opening_hours_new (void)
{
  StpOpeningHours *hours = g_new0 (StpOpeningHours, 1);

  hours->closed_days = g_ptr_array_new_with_free_func (g_free);
  return hours;
}

StpOpeningHours *
stp_opening_hours_new_default (void)
{
  StpOpeningHours *hours = opening_hours_new ();

  for (guint day = 1; day <= 5; day++)
    hours->days[day] = (StpOpeningDay) { TRUE, 9 * 60, 18 * 60 };
  hours->days[6] = (StpOpeningDay) { TRUE, 10 * 60, 16 * 60 };
  return hours;
}

StpOpeningHours *
stp_opening_hours_new_always (void)
{
  StpOpeningHours *hours = opening_hours_new ();

  for (guint day = 1; day <= 7; day++)
    hours->days[day] = (StpOpeningDay) { TRUE, 0, 24 * 60 };
  return hours;
}

StpOpeningHours *
stp_opening_hours_copy (const StpOpeningHours *hours)
{
  StpOpeningHours *copy;

  g_return_val_if_fail (hours != NULL, NULL);

  copy = opening_hours_new ();
  memcpy (copy->days, hours->days, sizeof copy->days);
  for (guint i = 0; i < hours->closed_days->len; i++)
    g_ptr_array_add (copy->closed_days, g_strdup (g_ptr_array_index (hours->closed_days, i)));
  return copy;
}

void
stp_opening_hours_free (StpOpeningHours *hours)
{
  if (hours == NULL)
    return;
  g_ptr_array_unref (hours->closed_days);
  g_free (hours);
}

static const char *
weekday_name (guint day)
{
  switch (day)
    {
    case 1: return _("Monday");
    case 2: return _("Tuesday");
    case 3: return _("Wednesday");
    case 4: return _("Thursday");
    case 5: return _("Friday");
    case 6: return _("Saturday");
    default: return _("Sunday");
    }
}

gboolean
stp_opening_hours_validate (const StpOpeningHours  *hours,
                            GError                **error)
{
  gboolean any_open = FALSE;

  g_return_val_if_fail (hours != NULL, FALSE);

  for (guint day = 1; day <= 7; day++)
    {
      const StpOpeningDay *d = &hours->days[day];

      if (!d->open)
        continue;
      any_open = TRUE;
      if (d->closes_minute > 24 * 60 || d->opens_minute >= d->closes_minute)
        {
          g_set_error (error, STP_OPENING_HOURS_ERROR, STP_OPENING_HOURS_ERROR_INVALID_TIME,
                       _("On %s the clinic closes before it opens. Set a closing time after "
                         "the opening time, or mark the day closed."), weekday_name (day));
          return FALSE;
        }
    }
  if (!any_open)
    {
      g_set_error_literal (error, STP_OPENING_HOURS_ERROR, STP_OPENING_HOURS_ERROR_NEVER_OPEN,
                           _("The clinic would never be open, so no follow-up could fall "
                             "due. Open at least one weekday."));
      return FALSE;
    }
  for (guint i = 0; i < hours->closed_days->len; i++)
    {
      const char *iso = g_ptr_array_index (hours->closed_days, i);
      GDate date;

      if (!_stp_parse_iso_date (iso, &date))
        {
          g_set_error (error, STP_OPENING_HOURS_ERROR, STP_OPENING_HOURS_ERROR_INVALID_DATE,
                       _("“%s” is not a date. Write closed days as YYYY-MM-DD."), iso);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
stp_opening_hours_is_closed_day (const StpOpeningHours *hours,
                                 const char            *iso)
{
  g_return_val_if_fail (hours != NULL, FALSE);

  for (guint i = 0; i < hours->closed_days->len; i++)
    if (g_strcmp0 (g_ptr_array_index (hours->closed_days, i), iso) == 0)
      return TRUE;
  return FALSE;
}

static int
compare_iso (gconstpointer a,
             gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

gboolean
stp_opening_hours_set_closed_day (StpOpeningHours *hours,
                                  const char      *iso,
                                  gboolean         closed)
{
  GDate date;

  g_return_val_if_fail (hours != NULL, FALSE);

  if (iso == NULL || !_stp_parse_iso_date (iso, &date))
    return FALSE;
  for (guint i = 0; i < hours->closed_days->len; i++)
    if (strcmp (g_ptr_array_index (hours->closed_days, i), iso) == 0)
      {
        if (!closed)
          g_ptr_array_remove_index (hours->closed_days, i);
        return TRUE;
      }
  if (closed)
    {
      g_ptr_array_add (hours->closed_days, g_strdup (iso));
      g_ptr_array_sort (hours->closed_days, compare_iso);
    }
  return TRUE;
}

/* The local moment minute minutes after midnight of date; 1440 is the next midnight. */
static gint64
local_minute (GTimeZone   *tz,
              const GDate *date,
              guint        minute)
{
  g_autoptr(GDateTime) midnight = g_date_time_new (tz, g_date_get_year (date),
                                                   g_date_get_month (date),
                                                   g_date_get_day (date), 0, 0, 0);
  g_autoptr(GDateTime) at = NULL;

  if (minute >= 24 * 60)
    {
      g_autoptr(GDateTime) next = g_date_time_add_days (midnight, 1);
      return g_date_time_to_unix (next);
    }
  /* Built from fields rather than midnight + minutes, so 09:00 is 09:00 on the day the
   * clocks change. */
  at = g_date_time_new (tz, g_date_get_year (date), g_date_get_month (date),
                        g_date_get_day (date), minute / 60, minute % 60, 0);
  return g_date_time_to_unix (at);
}

gint64
stp_opening_hours_next_open (const StpOpeningHours *hours,
                             GTimeZone             *tz,
                             gint64                 t)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  GDate date;

  g_return_val_if_fail (hours != NULL, t);
  g_return_val_if_fail (tz != NULL, t);

  utc = g_date_time_new_from_unix_utc (t);
  if (utc == NULL)
    return t;
  local = g_date_time_to_timezone (utc, tz);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));

  for (guint i = 0; i < SEARCH_DAYS; i++, g_date_add_days (&date, 1))
    {
      const StpOpeningDay *d = &hours->days[g_date_get_weekday (&date)];
      char iso[16];
      gint64 opens, closes;

      if (!d->open)
        continue;
      g_snprintf (iso, sizeof iso, "%04u-%02u-%02u", g_date_get_year (&date),
                  g_date_get_month (&date), g_date_get_day (&date));
      if (stp_opening_hours_is_closed_day (hours, iso))
        continue;
      opens = local_minute (tz, &date, d->opens_minute);
      closes = local_minute (tz, &date, d->closes_minute);
      if (t < opens)
        return opens;
      if (t < closes)
        return t;
    }
  return t;
}

gboolean
stp_parse_minute_of_day (const char *text,
                         guint      *minute)
{
  guint h = 0, m = 0;
  const char *p = text;
  int digits = 0;

  if (text == NULL)
    return FALSE;
  while (g_ascii_isdigit (*p) && digits < 2)
    h = h * 10 + (guint)(*p++ - '0'), digits++;
  if (digits == 0 || *p++ != ':')
    return FALSE;
  if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]) || p[2] != '\0')
    return FALSE;
  m = (guint)(p[0] - '0') * 10 + (guint)(p[1] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0))
    return FALSE;
  if (minute != NULL)
    *minute = h * 60 + m;
  return TRUE;
}

char *
stp_format_minute_of_day (guint minute)
{
  return g_strdup_printf ("%02u:%02u", minute / 60, minute % 60);
}
