/* stp-text.h: text helpers shared by validation, search and display.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Case- and accent-folded form for sorting and matching: "Zoë Müller" -> "zoe muller". */
char     *stp_text_fold                (const char  *text);
/* Trims surrounding white space; NULL for NULL or empty. */
char     *stp_text_strip_dup           (const char  *text);
/* Turns what a user typed into an FTS5 query of quoted prefix terms, so FTS syntax is
 * plain text: 'zo "mu' -> '"zo"* """mu"*'. NULL when there is nothing to search for. */
char     *stp_text_to_fts_query        (const char  *text);
/* The same without prefix stars, so only whole words match: 'zo mu' -> '"zo" "mu"'. */
char     *stp_text_to_fts_words        (const char  *text);

/* Parses a date as a person types it: ISO "1985-03-14" or the locale's format.
 * Returns FALSE when it is not a real calendar date. */
gboolean  stp_date_parse               (const char  *text,
                                        GDate       *date);
/* "YYYY-MM-DD" for storage. */
char     *stp_date_to_iso              (const GDate *date);
/* The date in the locale's format, for display. */
char     *stp_date_format_local        (const char  *iso_date);
/* A stored UTC time in the local time zone and the locale's format. */
char     *stp_time_format_local        (gint64       unix_utc);

G_END_DECLS
