/* stp-ics.h: open follow-ups as an iCalendar file (RFC 5545) through libical, for the
 * clinic's calendar program. Part of stipplectl only: the core does not link libical.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stipple/stipple.h>

G_BEGIN_DECLS

/* The UID a follow-up's event has: stable across exports, so a calendar that imports
 * the file again updates the event instead of adding a second one. */
char      *stp_ics_followup_uid   (const StpFollowup *followup);
/* The event's summary and description. */
char      *stp_ics_followup_summary     (const StpFollowup *followup);
char      *stp_ics_followup_description (const StpFollowup *followup);

/* One VCALENDAR with a VEVENT per follow-up (element type StpFollowup), starting at its
 * remind_at (or due_at), 15 minutes long. */
char      *stp_ics_from_followups (GPtrArray         *followups);
/* Writes it to path atomically; FALSE with a G_FILE_ERROR on failure. */
gboolean   stp_ics_write_followups (GPtrArray        *followups,
                                    const char       *path,
                                    GError          **error);

G_END_DECLS
