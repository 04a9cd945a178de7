/* stp-plan.h: the treatment plan and quote of a consultation, and money formatting.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define STP_PLAN_ERROR (stp_plan_error_quark ())

typedef enum
{
  STP_PLAN_ERROR_OUT_OF_RANGE,        /* a number outside what a plan can hold */
  STP_PLAN_ERROR_DEPOSIT_ABOVE_PRICE,
  STP_PLAN_ERROR_CURRENCY_INVALID,    /* not a three-letter ISO 4217 code */
  STP_PLAN_ERROR_DILUTION_INVALID,    /* not "parts:parts" such as "1:20" */
  STP_PLAN_ERROR_TOO_LONG,
  STP_PLAN_ERROR_INVALID_TEXT,
} StpPlanError;

/* Shared by the client's wishes and the recommendation. NONE: not chosen. */
typedef enum
{
  STP_HAIRLINE_STYLE_NONE,
  STP_HAIRLINE_STYLE_SOFT,
  STP_HAIRLINE_STYLE_SHARP,
  STP_HAIRLINE_STYLE_WIDOWS_PEAK,
  STP_HAIRLINE_STYLE_TEMPLE_POINTS,
  STP_HAIRLINE_N_STYLES,
} StpHairlineStyle;

/* Limits; the schema's CHECK constraints say the same. */
#define STP_PLAN_SESSIONS_MAX  10
#define STP_PLAN_SPACING_MAX   365
#define STP_PLAN_MINUTES_MIN   15
#define STP_PLAN_MINUTES_MAX   720
#define STP_PLAN_SHADE_MAX     100
#define STP_PLAN_NOTES_MAX     5000

/* A plain record: 0 counts and -1 amounts mean "not decided yet", which a draft may be. */
typedef struct
{
  guint             sessions;
  guint             spacing_days;
  guint             minutes_per_session;
  gint64            price_minor;      /* integer minor units (cents); -1: not quoted */
  gint64            deposit_minor;    /* -1: no deposit asked */
  char             *currency;         /* ISO 4217, e.g. "EUR" */
  char             *pigment_shade;
  char             *dilution;         /* "1:20" (pigment : distilled water) or "" */
  StpHairlineStyle  hairline_style;
  char             *notes;
} StpPlan;

#define STP_TYPE_PLAN (stp_plan_get_type ())

GType        stp_plan_get_type          (void) G_GNUC_CONST;
GQuark       stp_plan_error_quark       (void);

StpPlan     *stp_plan_new               (void);
StpPlan     *stp_plan_copy              (const StpPlan *plan);
void         stp_plan_free              (StpPlan       *plan);
gboolean     stp_plan_equal             (const StpPlan *a,
                                         const StpPlan *b);
gboolean     stp_plan_validate          (const StpPlan *plan,
                                         GError       **error);

/* Stable spellings ("widows-peak") for storage; NULL for NONE. */
const char  *stp_hairline_style_to_string   (StpHairlineStyle  style);
gboolean     stp_hairline_style_from_string (const char       *text,
                                             StpHairlineStyle *style);

/* Digits after the decimal point of a currency: 0 for JPY, 3 for KWD, 2 for most. */
guint        stp_currency_get_digits    (const char    *currency);
/* An amount in minor units in the locale's monetary format (LC_MONETARY, through the C
 * library's strfmon). When the locale's own currency is another one, the amount is
 * formatted without the locale's symbol and followed by the ISO code: "1,234.50 EUR". */
char        *stp_money_format           (gint64         minor,
                                         const char    *currency);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StpPlan, stp_plan_free)

G_END_DECLS
