/* stp-text.c
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-text"

#include "config.h"

#include "stipple/stp-text.h"

#include <langinfo.h>
#include <stdio.h>
#include <string.h>

char *
stp_text_fold (const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *casefolded = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  /* Decompose so accents become separate combining marks, which we then drop: the same
   * folding FTS5's remove_diacritics does, so sort order and search agree. */
  casefolded = g_utf8_casefold (text, -1);
  decomposed = g_utf8_normalize (casefolded, -1, G_NORMALIZE_NFKD);
  if (decomposed == NULL)
    return g_strdup ("");

  out = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type == G_UNICODE_NON_SPACING_MARK ||
          type == G_UNICODE_SPACING_MARK ||
          type == G_UNICODE_ENCLOSING_MARK)
        continue;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* White space in the Unicode sense: pasted text brings no-break and ideographic spaces. */
static gboolean
is_blank (gunichar c)
{
  return g_unichar_isspace (c) || g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR ||
         c == 0x200B || c == 0xFEFF;
}

char *
stp_text_strip_dup (const char *text)
{
  const char *start;
  const char *end;

  if (text == NULL)
    return NULL;

  /* Broken UTF-8 is kept as it is, so validation can reject it instead of hiding it. */
  if (!g_utf8_validate (text, -1, NULL))
    {
      char *copy = g_strstrip (g_strdup (text));

      if (*copy == '\0')
        g_clear_pointer (&copy, g_free);
      return copy;
    }

  start = text;
  while (*start != '\0' && is_blank (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);

  end = start + strlen (start);
  while (end > start)
    {
      const char *previous = g_utf8_find_prev_char (start, end);

      if (previous == NULL || !is_blank (g_utf8_get_char (previous)))
        break;
      end = previous;
    }

  if (end == start)
    return NULL;

  return g_strndup (start, end - start);
}

static gboolean
has_word_character (const char *word)
{
  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      return TRUE;

  return FALSE;
}

/* Every word becomes a quoted phrase, followed by suffix ("*" for a prefix search), so
 * quotes, stars, minus signs, parentheses, NEAR, AND, OR and column filters are all just
 * text to FTS5. Words without a letter or digit would make empty phrases, which FTS5
 * rejects. */
static char *
words_to_fts (const char *text,
              const char *suffix)
{
  g_auto(GStrv) words = NULL;
  GString *query;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  words = g_strsplit_set (text, " \t\n\r\f\v", -1);
  query = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (!has_word_character (words[i]))
        continue;

      if (query->len > 0)
        g_string_append_c (query, ' ');

      g_string_append_c (query, '"');
      for (const char *p = words[i]; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (query, '"');
          g_string_append_c (query, *p);
        }
      g_string_append_c (query, '"');
      g_string_append (query, suffix);
    }

  if (query->len == 0)
    {
      g_string_free (query, TRUE);
      return NULL;
    }

  return g_string_free (query, FALSE);
}

char *
stp_text_to_fts_query (const char *text)
{
  return words_to_fts (text, "*");
}

char *
stp_text_to_fts_words (const char *text)
{
  return words_to_fts (text, "");
}

static gboolean
parse_iso_date (const char *text,
                GDate      *date)
{
  guint year, month, day;

  /* Exactly YYYY-MM-DD: sscanf alone would also take "85-3-4". */
  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  if (sscanf (text, "%4u-%2u-%2u", &year, &month, &day) != 3)
    return FALSE;

  if (!g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

gboolean
stp_date_parse (const char *text,
                GDate      *date)
{
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (date != NULL, FALSE);

  g_date_clear (date, 1);
  stripped = stp_text_strip_dup (text);
  if (stripped == NULL)
    return FALSE;

  if (parse_iso_date (stripped, date))
    return TRUE;

  /* Anything else is read the way the locale writes dates. g_date_set_parse() accepts
   * impossible dates such as 30/02 as invalid, which is what we want. */
  g_date_set_parse (date, stripped);
  return g_date_valid (date);
}

char *
stp_date_to_iso (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02u",
                          g_date_get_year (date),
                          g_date_get_month (date),
                          g_date_get_day (date));
}

/* The locale's date format with a four-digit year: "03/14/25" cannot tell a birth in
 * 1925 from one in 2025. */
static char *
local_date_format (void)
{
  GString *format = g_string_new (nl_langinfo (D_FMT));

  g_string_replace (format, "%y", "%Y", 0);
  return g_string_free (format, FALSE);
}

char *
stp_date_format_local (const char *iso_date)
{
  g_autofree char *format = NULL;
  GDate date;
  char buffer[128];

  if (iso_date == NULL || !parse_iso_date (iso_date, &date))
    return NULL;

  format = local_date_format ();
  if (g_date_strftime (buffer, sizeof buffer, format, &date) == 0)
    return stp_date_to_iso (&date);

  return g_strdup (buffer);
}

char *
stp_time_format_local (gint64 unix_utc)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (unix_utc);
  g_autofree char *date_format = NULL;
  g_autofree char *format = NULL;

  if (local == NULL)
    return NULL;

  date_format = local_date_format ();
  format = g_strconcat (date_format, " %X", NULL);
  return g_date_time_format (local, format);
}
