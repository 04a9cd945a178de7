/* stp-ics.c: follow-ups as iCalendar events through libical.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stipplectl"

#include "config.h"

#include <glib/gi18n.h>
#include <libical/ical.h>

#include "stp-ics.h"

#define EVENT_MINUTES 15

char *
stp_ics_followup_uid (const StpFollowup *followup)
{
  return g_strdup_printf ("followup-%" G_GINT64_FORMAT "@stipple.invalid", followup->id);
}

char *
stp_ics_followup_summary (const StpFollowup *followup)
{
  /* The name first: a calendar's month view cuts the rest off. */
  return g_strdup_printf ("%s: %s", *followup->client_name != '\0'
                                    ? followup->client_name : _("Unnamed client"),
                          followup->title);
}

char *
stp_ics_followup_description (const StpFollowup *followup)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "%s: %s\n", _("How"), stp_channel_get_label (followup->channel));
  if (*followup->phone != '\0')
    g_string_append_printf (text, "%s: %s\n", _("Phone"), followup->phone);
  if (*followup->email != '\0')
    g_string_append_printf (text, "%s: %s\n", _("Email"), followup->email);
  if (*followup->last_outcome != '\0')
    g_string_append_printf (text, "%s: %s\n", _("Last outcome"), followup->last_outcome);
  if (*followup->message != '\0')
    g_string_append_printf (text, "\n%s", followup->message);
  while (text->len > 0 && text->str[text->len - 1] == '\n')
    g_string_truncate (text, text->len - 1);
  return g_string_free (text, FALSE);
}

char *
stp_ics_from_followups (GPtrArray *followups)
{
  icalcomponent *calendar;
  icaltimezone *utc = icaltimezone_get_utc_timezone ();
  struct icaltimetype stamp;
  char *ics;
  char *copy;

  g_return_val_if_fail (followups != NULL, NULL);

  calendar = icalcomponent_vanew (ICAL_VCALENDAR_COMPONENT,
                                  icalproperty_new_version ("2.0"),
                                  icalproperty_new_prodid ("-//Stipple//Follow-ups//EN"),
                                  icalproperty_new_method (ICAL_METHOD_PUBLISH),
                                  (void *)0);
  stamp = icaltime_from_timet_with_zone (time (NULL), FALSE, utc);

  for (guint i = 0; i < followups->len; i++)
    {
      const StpFollowup *f = g_ptr_array_index (followups, i);
      gint64 start = f->remind_at > 0 ? f->remind_at : f->due_at;
      g_autofree char *uid = stp_ics_followup_uid (f);
      g_autofree char *summary = stp_ics_followup_summary (f);
      g_autofree char *description = stp_ics_followup_description (f);
      icalcomponent *event;
      time_t end = (time_t)(start + EVENT_MINUTES * 60);
      struct icaltimetype dtstart = icaltime_from_timet_with_zone ((time_t)start, FALSE, utc);
      struct icaltimetype dtend = icaltime_from_timet_with_zone (end, FALSE, utc);
      const char *category = stp_followup_kind_to_string (f->kind);

      event = icalcomponent_vanew (ICAL_VEVENT_COMPONENT,
                                   icalproperty_new_uid (uid),
                                   icalproperty_new_dtstamp (stamp),
                                   icalproperty_new_dtstart (dtstart),
                                   icalproperty_new_dtend (dtend),
                                   icalproperty_new_summary (summary),
                                   icalproperty_new_description (description),
                                   icalproperty_new_categories (category),
                                   (void *)0);
      icalcomponent_add_component (calendar, event);
    }

  ics = icalcomponent_as_ical_string_r (calendar);
  icalcomponent_free (calendar);
  /* libical's buffer goes back with free (); hand out GLib memory. */
  copy = g_strdup (ics);
  free (ics);
  return copy;
}

gboolean
stp_ics_write_followups (GPtrArray   *followups,
                         const char  *path,
                         GError     **error)
{
  g_autofree char *ics = stp_ics_from_followups (followups);

  return g_file_set_contents_full (path, ics, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT |
                                   G_FILE_SET_CONTENTS_ONLY_EXISTING,
                                   0644, error);
}
