/* stp-session-regions.c: the regions of a sketch version, as a session lists them.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-session-regions"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include <string.h>

#include "stipple/stp-session-regions.h"
#include "stp-sketch-private.h"
#include "stipple/stp-vocabulary.h"

/* Lower case, every run of anything but letters and digits one space, with a space at
 * each end so phrases match whole words. */
static char *
normalise (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text != NULL ? text : "", -1);
  GString *out = g_string_new (" ");

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (out, c);
      else if (out->str[out->len - 1] != ' ')
        g_string_append_c (out, ' ');
    }
  if (out->str[out->len - 1] != ' ')
    g_string_append_c (out, ' ');
  return g_string_free (out, FALSE);
}

static gboolean
has_phrase (const char *normalised,
            const char *phrase)
{
  g_autofree char *wanted = normalise (phrase);

  return strlen (wanted) > 2 && strstr (normalised, wanted) != NULL;
}

StpAreas
stp_area_from_words (const char *text)
{
  /* The words clinics write on a sketch, beside the vocabulary's own (translated) names. */
  static const char * const words[STP_N_AREAS][5] = {
    { "frontal hairline", "hairline", "frontal", "front", NULL },
    { "left temple", "temple left", "l temple", NULL },
    { "right temple", "temple right", "r temple", NULL },
    { "mid scalp", "midscalp", "mid", NULL },
    { "crown", "vertex", NULL },
    { "donor area", "donor", NULL },
    { "sides", "side", NULL },
  };
  g_autofree char *normalised = normalise (text);
  StpAreas found = 0;

  for (guint i = 0; i < STP_N_AREAS; i++)
    {
      gboolean match = has_phrase (normalised, stp_area_get_label (i));

      for (guint w = 0; !match && words[i][w] != NULL; w++)
        match = has_phrase (normalised, words[i][w]);
      if (!match)
        continue;
      /* Obvious means one area: "left temple hairline" could be either. */
      if (found != 0)
        return 0;
      found = 1u << i;
    }
  return found;
}

static gboolean
polygon_contains (const GArray *pts,
                  double        x,
                  double        y)
{
  gboolean inside = FALSE;

  for (guint i = 0, j = pts->len - 1; i < pts->len; j = i++)
    {
      const StpSketchPoint *a = &g_array_index (pts, StpSketchPoint, i);
      const StpSketchPoint *b = &g_array_index (pts, StpSketchPoint, j);

      if ((a->y > y) != (b->y > y) && x < (b->x - a->x) * (y - a->y) / (b->y - a->y) + a->x)
        inside = !inside;
    }
  return inside;
}

/* The text of the first label anchored inside the region, trimmed to one line; NULL when
 * none is. */
static char *
find_label (StpSketch           *sketch,
            const StpSketchItem *region)
{
  g_autoptr(GArray) outline = NULL;
  gboolean closed = FALSE;

  outline = _stp_sketch_item_flatten (region, NULL, &closed);
  if (outline == NULL || outline->len < 3)
    return NULL;

  for (guint i = 0; i < stp_sketch_get_n_items (sketch); i++)
    {
      const StpSketchItem *item = stp_sketch_get_item (sketch, i);
      g_autofree char *line = NULL;
      char *newline;

      if (item->kind != STP_SKETCH_ITEM_LABEL || item->text == NULL ||
          !polygon_contains (outline, item->x, item->y))
        continue;
      line = g_strdup (item->text);
      newline = strchr (line, '\n');
      if (newline != NULL)
        *newline = '\0';
      g_strstrip (line);
      if (*line == '\0')
        continue;
      if (g_utf8_strlen (line, -1) > 80)
        {
          char *end = g_utf8_offset_to_pointer (line, 79);
          *end = '\0';
          return g_strconcat (line, "…", NULL);
        }
      return g_steal_pointer (&line);
    }
  return NULL;
}

static char *
describe (const StpSketchItem *region,
          guint                number)
{
  if (region->role == STP_SKETCH_ROLE_SCAR)
    /* Translators: a scar drawn on the sketch, in the session form's list. */
    return g_strdup_printf (_("Region %u — scar"), number);
  if (region->density > 0)
    /* Translators: a treatment area drawn on the sketch with its dot density. */
    return g_strdup_printf (_("Region %u — treatment area, %.*f dots/cm²"), number,
                            region->density == floor (region->density) ? 0 : 1,
                            region->density);
  return g_strdup_printf (_("Region %u — treatment area"), number);
}

GPtrArray *
stp_sketch_list_session_regions (StpSketch *sketch)
{
  GPtrArray *regions = g_ptr_array_new_with_free_func ((GDestroyNotify)stp_session_region_free);
  guint number = 0;

  g_return_val_if_fail (STP_IS_SKETCH (sketch), regions);

  for (guint i = 0; i < stp_sketch_get_n_items (sketch); i++)
    {
      const StpSketchItem *item = stp_sketch_get_item (sketch, i);
      g_autofree char *label = NULL;

      if (item->kind != STP_SKETCH_ITEM_REGION)
        continue;
      number++;
      label = find_label (sketch, item);
      if (label != NULL)
        g_ptr_array_add (regions, stp_session_region_new (item->id, stp_area_from_words (label),
                                                          label));
      else
        {
          g_autofree char *text = describe (item, number);
          g_ptr_array_add (regions, stp_session_region_new (item->id, 0, text));
        }
    }
  return regions;
}
