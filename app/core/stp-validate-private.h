/* stp-validate-private.h: checks shared by the records' validation.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Valid UTF-8, no control characters (line breaks and tabs only when !single_line), at
 * most max_chars characters. Errors go to domain with the codes given; `what` names the
 * field in the message ("hair colour"). */
gboolean  _stp_check_text       (const char  *text,
                                 guint        max_chars,
                                 gboolean     single_line,
                                 const char  *what,
                                 GQuark       domain,
                                 int          invalid_code,
                                 int          too_long_code,
                                 GError     **error);
/* Strict ISO "YYYY-MM-DD" of a real calendar date. */
gboolean  _stp_parse_iso_date   (const char  *text,
                                 GDate       *date);
/* *today, or the local date now when today is NULL. */
void      _stp_get_today        (const GDate *today,
                                 GDate       *out);

G_END_DECLS
