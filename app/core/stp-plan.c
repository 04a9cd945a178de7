/* stp-plan.c: the treatment plan record, its rules, and money in the locale's format.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-plan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <monetary.h>
#include <string.h>

#include "stp-validate-private.h"
#include "stipple/stp-plan.h"

G_DEFINE_QUARK (stp-plan-error-quark, stp_plan_error)

G_DEFINE_BOXED_TYPE (StpPlan, stp_plan, stp_plan_copy, stp_plan_free)

static const char *hairline_styles[STP_HAIRLINE_N_STYLES] = {
  NULL, "soft", "sharp", "widows-peak", "temple-points",
};

StpPlan *
stp_plan_new (void)
{
  StpPlan *plan = g_new0 (StpPlan, 1);

  plan->price_minor = -1;
  plan->deposit_minor = -1;
  plan->currency = g_strdup ("EUR");
  plan->pigment_shade = g_strdup ("");
  plan->dilution = g_strdup ("");
  plan->notes = g_strdup ("");
  return plan;
}

StpPlan *
stp_plan_copy (const StpPlan *plan)
{
  StpPlan *copy;

  g_return_val_if_fail (plan != NULL, NULL);

  copy = g_memdup2 (plan, sizeof *plan);
  copy->currency = g_strdup (plan->currency);
  copy->pigment_shade = g_strdup (plan->pigment_shade);
  copy->dilution = g_strdup (plan->dilution);
  copy->notes = g_strdup (plan->notes);
  return copy;
}

void
stp_plan_free (StpPlan *plan)
{
  if (plan == NULL)
    return;

  g_free (plan->currency);
  g_free (plan->pigment_shade);
  g_free (plan->dilution);
  g_free (plan->notes);
  g_free (plan);
}

gboolean
stp_plan_equal (const StpPlan *a,
                const StpPlan *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->sessions == b->sessions && a->spacing_days == b->spacing_days &&
         a->minutes_per_session == b->minutes_per_session &&
         a->price_minor == b->price_minor && a->deposit_minor == b->deposit_minor &&
         g_strcmp0 (a->currency, b->currency) == 0 &&
         g_strcmp0 (a->pigment_shade, b->pigment_shade) == 0 &&
         g_strcmp0 (a->dilution, b->dilution) == 0 &&
         a->hairline_style == b->hairline_style && g_strcmp0 (a->notes, b->notes) == 0;
}

const char *
stp_hairline_style_to_string (StpHairlineStyle style)
{
  g_return_val_if_fail (style < STP_HAIRLINE_N_STYLES, NULL);
  return hairline_styles[style];
}

gboolean
stp_hairline_style_from_string (const char       *text,
                                StpHairlineStyle *style)
{
  *style = STP_HAIRLINE_STYLE_NONE;
  if (text == NULL)
    return TRUE;

  for (guint i = 1; i < STP_HAIRLINE_N_STYLES; i++)
    {
      if (g_str_equal (text, hairline_styles[i]))
        {
          *style = i;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
is_currency_code (const char *code)
{
  return code != NULL && strlen (code) == 3 && g_ascii_isupper (code[0]) &&
         g_ascii_isupper (code[1]) && g_ascii_isupper (code[2]);
}

/* "parts:parts", both positive whole numbers, as in "1:20". */
static gboolean
is_dilution (const char *text)
{
  g_auto(GStrv) parts = NULL;
  guint64 n;

  if (*text == '\0')
    return TRUE;

  parts = g_strsplit (text, ":", -1);
  return g_strv_length (parts) == 2 &&
         g_ascii_string_to_unsigned (parts[0], 10, 1, 1000, &n, NULL) &&
         g_ascii_string_to_unsigned (parts[1], 10, 1, 1000, &n, NULL);
}

static gboolean
out_of_range (const char  *message,
              GError     **error)
{
  g_set_error_literal (error, STP_PLAN_ERROR, STP_PLAN_ERROR_OUT_OF_RANGE, message);
  return FALSE;
}

gboolean
stp_plan_validate (const StpPlan  *plan,
                   GError        **error)
{
  g_return_val_if_fail (plan != NULL, FALSE);

  if (plan->sessions > STP_PLAN_SESSIONS_MAX)
    return out_of_range (_("A plan has at most 10 sessions."), error);
  if (plan->spacing_days > STP_PLAN_SPACING_MAX)
    return out_of_range (_("Sessions are at most 365 days apart."), error);
  if (plan->minutes_per_session != 0 &&
      (plan->minutes_per_session < STP_PLAN_MINUTES_MIN ||
       plan->minutes_per_session > STP_PLAN_MINUTES_MAX))
    return out_of_range (_("A session lasts between 15 minutes and 12 hours."), error);
  if (plan->price_minor < -1 || plan->deposit_minor < -1)
    return out_of_range (_("A price or deposit cannot be negative."), error);

  if (plan->price_minor >= 0 && plan->deposit_minor > plan->price_minor)
    {
      g_set_error_literal (error, STP_PLAN_ERROR, STP_PLAN_ERROR_DEPOSIT_ABOVE_PRICE,
                           _("The deposit is more than the price. Check both amounts."));
      return FALSE;
    }

  if (!is_currency_code (plan->currency))
    {
      g_set_error_literal (error, STP_PLAN_ERROR, STP_PLAN_ERROR_CURRENCY_INVALID,
                           _("The currency must be a three-letter code such as EUR or GBP."));
      return FALSE;
    }

  if (plan->dilution == NULL || !is_dilution (plan->dilution))
    {
      g_set_error_literal (error, STP_PLAN_ERROR, STP_PLAN_ERROR_DILUTION_INVALID,
                           _("Write the dilution as pigment to water, such as 1:20."));
      return FALSE;
    }

  if (plan->hairline_style >= STP_HAIRLINE_N_STYLES)
    return out_of_range (_("Choose a hairline style from the list."), error);

  return _stp_check_text (plan->pigment_shade, STP_PLAN_SHADE_MAX, TRUE, _("pigment shade"),
                          STP_PLAN_ERROR, STP_PLAN_ERROR_INVALID_TEXT, STP_PLAN_ERROR_TOO_LONG,
                          error) &&
         _stp_check_text (plan->notes, STP_PLAN_NOTES_MAX, FALSE, _("plan notes"),
                          STP_PLAN_ERROR, STP_PLAN_ERROR_INVALID_TEXT, STP_PLAN_ERROR_TOO_LONG,
                          error);
}

guint
stp_currency_get_digits (const char *currency)
{
  /* ISO 4217 exponents other than 2. */
  static const char zero[] = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF "
                             "XOF XPF";
  static const char three[] = "BHD IQD JOD KWD LYD OMR TND";

  if (!is_currency_code (currency))
    return 2;
  if (strstr (zero, currency) != NULL)
    return 0;
  if (strstr (three, currency) != NULL)
    return 3;
  return 2;
}

char *
stp_money_format (gint64      minor,
                  const char *currency)
{
  struct lconv *conv = localeconv ();
  g_autofree char *local_code = g_strstrip (g_strdup (conv->int_curr_symbol));
  guint digits = stp_currency_get_digits (currency);
  double amount = (double)minor;
  char buffer[128];
  ssize_t n;

  for (guint i = 0; i < digits; i++)
    amount /= 10;

  /* strfmon, not printf: it knows the locale's grouping, separators and symbol placement.
   * The locale's own currency gets its symbol; any other is written as its ISO code after
   * an amount formatted without symbol, with that currency's own number of decimals. */
  if (is_currency_code (currency) && g_strcmp0 (local_code, currency) == 0)
    return strfmon (buffer, sizeof buffer, "%n", amount) < 0 ? NULL : g_strdup (buffer);

  switch (digits)
    {
    case 0:
      n = strfmon (buffer, sizeof buffer, "%!.0n", amount);
      break;
    case 3:
      n = strfmon (buffer, sizeof buffer, "%!.3n", amount);
      break;
    default:
      n = strfmon (buffer, sizeof buffer, "%!.2n", amount);
    }
  if (n < 0)
    return NULL;

  return g_strdup_printf ("%s %s", g_strstrip (buffer), currency != NULL ? currency : "");
}
