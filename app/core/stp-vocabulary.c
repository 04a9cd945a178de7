/* stp-vocabulary.c
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-vocabulary"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "stipple/stp-vocabulary.h"

const char *
stp_goal_get_label (guint index)
{
  static const char * const labels[STP_N_GOALS] = {
    N_("Buzz-cut look"), N_("Density fill with long hair"), N_("Scar camouflage"),
    N_("Alopecia coverage"), N_("Revision of earlier SMP"), N_("Removal referral"),
  };

  g_return_val_if_fail (index < STP_N_GOALS, "");
  return _(labels[index]);
}

const char *
stp_area_get_label (guint index)
{
  static const char * const labels[STP_N_AREAS] = {
    N_("Frontal hairline"), N_("Left temple"), N_("Right temple"), N_("Mid-scalp"),
    N_("Crown"), N_("Donor area"), N_("Sides"),
  };

  g_return_val_if_fail (index < STP_N_AREAS, "");
  return _(labels[index]);
}

const char *
stp_scar_kind_get_label (StpScarKind kind)
{
  static const char * const labels[STP_SCAR_N_KINDS] = {
    N_("FUT strip"), N_("FUE"), N_("Injury"), N_("Surgical"), N_("Other"),
  };

  return kind < STP_SCAR_N_KINDS ? _(labels[kind]) : "";
}

const char *
stp_severity_get_label (StpSeverity severity)
{
  switch (severity)
    {
    case STP_SEVERITY_CONTRAINDICATION:
      return _("Contraindication");
    case STP_SEVERITY_NEEDS_CLEARANCE:
      return _("Needs clearance");
    case STP_SEVERITY_CAUTION:
      return _("Caution");
    case STP_SEVERITY_INFO:
    default:
      return _("For information");
    }
}

const char *
stp_hairline_style_get_label (StpHairlineStyle style)
{
  static const char * const labels[STP_HAIRLINE_N_STYLES] = {
    NULL, N_("Soft"), N_("Sharp"), N_("Widow’s peak"), N_("Temple points"),
  };

  return style > 0 && style < STP_HAIRLINE_N_STYLES ? _(labels[style]) : NULL;
}
