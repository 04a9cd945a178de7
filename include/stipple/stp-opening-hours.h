/* stp-opening-hours.h: the clinic's opening hours per weekday and its closed days, and
 * moving a due time into them.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define STP_OPENING_HOURS_ERROR (stp_opening_hours_error_quark ())

typedef enum
{
  STP_OPENING_HOURS_ERROR_INVALID_TIME,  /* not HH:MM, or closing before opening */
  STP_OPENING_HOURS_ERROR_INVALID_DATE,  /* a closed day that is not a calendar date */
  STP_OPENING_HOURS_ERROR_NEVER_OPEN,    /* every weekday closed: nothing could be due */
} StpOpeningHoursError;

/* Minutes after local midnight; opens < closes. A closed weekday has open FALSE. */
typedef struct
{
  gboolean open;
  guint    opens_minute;
  guint    closes_minute;
} StpOpeningDay;

typedef struct
{
  StpOpeningDay  days[8];      /* indexed by ISO weekday, 1 Monday .. 7 Sunday; [0] unused */
  GPtrArray     *closed_days;  /* ISO dates (char *), sorted */
} StpOpeningHours;

GQuark            stp_opening_hours_error_quark (void);

/* Monday to Friday 09:00-18:00, Saturday 10:00-16:00, Sunday closed: the shipped default. */
StpOpeningHours  *stp_opening_hours_new_default (void);
/* Open all day, every day: due times stay where the protocol puts them. */
StpOpeningHours  *stp_opening_hours_new_always  (void);
StpOpeningHours  *stp_opening_hours_copy        (const StpOpeningHours *hours);
void              stp_opening_hours_free        (StpOpeningHours       *hours);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StpOpeningHours, stp_opening_hours_free)

gboolean          stp_opening_hours_validate    (const StpOpeningHours *hours,
                                                 GError               **error);
gboolean          stp_opening_hours_is_closed_day (const StpOpeningHours *hours,
                                                   const char            *iso);
/* Adds (or with closed FALSE removes) a closed day; FALSE when iso is not a date. */
gboolean          stp_opening_hours_set_closed_day (StpOpeningHours *hours,
                                                    const char      *iso,
                                                    gboolean         closed);

/* The first moment at or after t (unix seconds) when the clinic is open, in tz: t itself
 * when open, else the next opening time. t unchanged when the clinic never opens within
 * a year. */
gint64            stp_opening_hours_next_open   (const StpOpeningHours *hours,
                                                 GTimeZone             *tz,
                                                 gint64                 t);

/* "09:00" <-> 540. parse returns FALSE on anything but H:MM or HH:MM up to 24:00. */
gboolean          stp_parse_minute_of_day       (const char *text,
                                                 guint      *minute);
char             *stp_format_minute_of_day      (guint       minute);

G_END_DECLS
