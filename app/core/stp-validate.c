/* stp-validate.c: checks shared by the records' validation.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-validate"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "stp-validate-private.h"
#include "stipple/stp-text.h"

gboolean
_stp_check_text (const char  *text,
                 guint        max_chars,
                 gboolean     single_line,
                 const char  *what,
                 GQuark       domain,
                 int          invalid_code,
                 int          too_long_code,
                 GError     **error)
{
  if (text == NULL)
    return TRUE;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, domain, invalid_code,
                   _("The %s contains characters that cannot be stored. Retype it."), what);
      return FALSE;
    }

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean layout = c == '\n' || c == '\t' || c == '\r';

      /* Pasted control characters would break exports and printed summaries. */
      if (g_unichar_iscntrl (c) && (!layout || single_line))
        {
          g_set_error (error, domain, invalid_code,
                       layout ? _("The %s must fit on one line.")
                              : _("The %s contains invisible control characters. Retype it."),
                       what);
          return FALSE;
        }
    }

  if (g_utf8_strlen (text, -1) > (glong)max_chars)
    {
      g_set_error (error, domain, too_long_code,
                   _("The %s is too long: at most %u characters."), what, max_chars);
      return FALSE;
    }

  return TRUE;
}

gboolean
_stp_parse_iso_date (const char *text,
                     GDate      *date)
{
  g_autofree char *iso = NULL;

  /* Stored dates are ISO only: the locale's formats are the form's business. */
  if (text == NULL || strlen (text) != 10 || !stp_date_parse (text, date))
    return FALSE;

  iso = stp_date_to_iso (date);
  return g_strcmp0 (iso, text) == 0;
}

void
_stp_get_today (const GDate *today,
                GDate       *out)
{
  g_autoptr(GDateTime) local = NULL;

  if (today != NULL)
    {
      *out = *today;
      return;
    }

  local = g_date_time_new_now_local ();
  g_date_clear (out, 1);
  g_date_set_dmy (out, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
}
