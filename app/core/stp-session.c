/* stp-session.c: treatment plans and sessions as plain records, their validation, their
 * JSON form (kept as history by corrections) and their words for people.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-session"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <time.h>

#include "stp-validate-private.h"
#include "stipple/stp-session.h"
#include "stipple/stp-text.h"

G_DEFINE_QUARK (stp-session-error-quark, stp_session_error)

G_DEFINE_BOXED_TYPE (StpTreatmentSession, stp_treatment_session,
                     stp_treatment_session_copy, stp_treatment_session_free)
G_DEFINE_BOXED_TYPE (StpTreatmentPlan, stp_treatment_plan,
                     stp_treatment_plan_copy, stp_treatment_plan_free)

/* Words */

static const char * const kind_names[STP_SESSION_N_KINDS] = {
  "initial", "build-up", "refinement", "touch-up", "scar-camouflage", "post-laser-revision",
};

static const char * const reaction_names[STP_REACTION_N_LEVELS] = {
  NULL, "none", "mild", "moderate", "severe",
};

static const char * const plan_status_names[STP_TREATMENT_PLAN_N_STATUSES] = {
  "active", "complete", "paused", "cancelled",
};

const char *
stp_session_kind_to_string (StpSessionKind kind)
{
  g_return_val_if_fail (kind < STP_SESSION_N_KINDS, NULL);
  return kind_names[kind];
}

gboolean
stp_session_kind_from_string (const char     *text,
                              StpSessionKind *kind)
{
  for (guint i = 0; text != NULL && i < STP_SESSION_N_KINDS; i++)
    if (g_str_equal (text, kind_names[i]))
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

const char *
stp_session_kind_get_label (StpSessionKind kind)
{
  static const char * const labels[STP_SESSION_N_KINDS] = {
    N_("Initial"), N_("Build-up"), N_("Refinement"), N_("Touch-up"), N_("Scar camouflage"),
    N_("Post-laser revision"),
  };

  g_return_val_if_fail (kind < STP_SESSION_N_KINDS, "");
  return _(labels[kind]);
}

StpSessionKind
stp_session_kind_next (StpSessionKind kind)
{
  /* The usual course: a light base, then density, then refining; afterwards touch-ups.
   * Scar work stays scar work. */
  switch (kind)
    {
    case STP_SESSION_KIND_INITIAL:
      return STP_SESSION_KIND_BUILD_UP;
    case STP_SESSION_KIND_BUILD_UP:
    case STP_SESSION_KIND_POST_LASER_REVISION:
      return STP_SESSION_KIND_REFINEMENT;
    case STP_SESSION_KIND_REFINEMENT:
    case STP_SESSION_KIND_TOUCH_UP:
      return STP_SESSION_KIND_TOUCH_UP;
    case STP_SESSION_KIND_SCAR_CAMOUFLAGE:
      return STP_SESSION_KIND_SCAR_CAMOUFLAGE;
    case STP_SESSION_N_KINDS:
    default:
      return STP_SESSION_KIND_INITIAL;
    }
}

const char *
stp_reaction_to_string (StpReaction reaction)
{
  g_return_val_if_fail (reaction < STP_REACTION_N_LEVELS, NULL);
  return reaction_names[reaction];
}

StpReaction
stp_reaction_from_string (const char *text)
{
  for (guint i = 1; text != NULL && i < STP_REACTION_N_LEVELS; i++)
    if (g_str_equal (text, reaction_names[i]))
      return i;
  return STP_REACTION_UNKNOWN;
}

const char *
stp_reaction_get_label (StpReaction reaction)
{
  static const char * const labels[STP_REACTION_N_LEVELS] = {
    N_("Not recorded"), N_("None"), N_("Mild"), N_("Moderate"), N_("Severe"),
  };

  g_return_val_if_fail (reaction < STP_REACTION_N_LEVELS, "");
  return _(labels[reaction]);
}

const char *
stp_treatment_plan_status_to_string (StpTreatmentPlanStatus status)
{
  g_return_val_if_fail (status < STP_TREATMENT_PLAN_N_STATUSES, NULL);
  return plan_status_names[status];
}

StpTreatmentPlanStatus
stp_treatment_plan_status_from_string (const char *text)
{
  for (guint i = 0; text != NULL && i < STP_TREATMENT_PLAN_N_STATUSES; i++)
    if (g_str_equal (text, plan_status_names[i]))
      return i;
  return STP_TREATMENT_PLAN_ACTIVE;
}

const char *
stp_treatment_plan_status_get_label (StpTreatmentPlanStatus status)
{
  static const char * const labels[STP_TREATMENT_PLAN_N_STATUSES] = {
    N_("Active"), N_("Complete"), N_("Paused"), N_("Cancelled"),
  };

  g_return_val_if_fail (status < STP_TREATMENT_PLAN_N_STATUSES, "");
  return _(labels[status]);
}

/* Records */

StpSessionPigment *
stp_session_pigment_new (const char *brand,
                         const char *shade,
                         const char *dilution,
                         const char *lot,
                         const char *expiry)
{
  StpSessionPigment *p = g_new0 (StpSessionPigment, 1);

  p->brand = g_strdup (brand != NULL ? brand : "");
  p->shade = g_strdup (shade != NULL ? shade : "");
  p->dilution = g_strdup (dilution != NULL ? dilution : "");
  p->lot = g_strdup (lot != NULL ? lot : "");
  p->expiry = g_strdup (expiry);
  return p;
}

StpSessionPigment *
stp_session_pigment_copy (const StpSessionPigment *pigment)
{
  StpSessionPigment *copy = stp_session_pigment_new (pigment->brand, pigment->shade,
                                                     pigment->dilution, pigment->lot,
                                                     pigment->expiry);
  copy->lot_id = pigment->lot_id;
  return copy;
}

void
stp_session_pigment_free (StpSessionPigment *pigment)
{
  if (pigment == NULL)
    return;
  g_free (pigment->brand);
  g_free (pigment->shade);
  g_free (pigment->dilution);
  g_free (pigment->lot);
  g_free (pigment->expiry);
  g_free (pigment);
}

StpSessionNeedle *
stp_session_needle_new (const char *configuration,
                        double      diameter_mm,
                        const char *taper,
                        const char *lot,
                        const char *expiry)
{
  StpSessionNeedle *n = g_new0 (StpSessionNeedle, 1);

  n->configuration = g_strdup (configuration != NULL ? configuration : "");
  n->diameter_mm = diameter_mm;
  n->taper = g_strdup (taper != NULL ? taper : "");
  n->lot = g_strdup (lot != NULL ? lot : "");
  n->expiry = g_strdup (expiry);
  return n;
}

StpSessionNeedle *
stp_session_needle_copy (const StpSessionNeedle *needle)
{
  StpSessionNeedle *copy = stp_session_needle_new (needle->configuration, needle->diameter_mm,
                                                   needle->taper, needle->lot, needle->expiry);
  copy->lot_id = needle->lot_id;
  return copy;
}

void
stp_session_needle_free (StpSessionNeedle *needle)
{
  if (needle == NULL)
    return;
  g_free (needle->configuration);
  g_free (needle->taper);
  g_free (needle->lot);
  g_free (needle->expiry);
  g_free (needle);
}

StpPhotoRole
stp_session_guess_photo_role (gint64 started_at,
                              gint64 taken_at)
{
  /* A photo taken in the minutes before the needle starts is still "before"; the start
   * time is typed to the minute. */
  return taken_at > started_at + 60 ? STP_PHOTO_ROLE_AFTER : STP_PHOTO_ROLE_BEFORE;
}

StpSessionRegion *
stp_session_region_new (guint32     item_id,
                        StpAreas    area,
                        const char *label)
{
  StpSessionRegion *region = g_new0 (StpSessionRegion, 1);

  region->item_id = item_id;
  region->area = area;
  region->label = g_strdup (label != NULL ? label : "");
  return region;
}

StpSessionRegion *
stp_session_region_copy (const StpSessionRegion *region)
{
  return stp_session_region_new (region->item_id, region->area, region->label);
}

void
stp_session_region_free (StpSessionRegion *region)
{
  if (region == NULL)
    return;
  g_free (region->label);
  g_free (region);
}

StpTreatmentSession *
stp_treatment_session_new (void)
{
  StpTreatmentSession *s = g_new0 (StpTreatmentSession, 1);

  s->pain = -1;
  s->depth = g_strdup ("");
  s->angle = g_strdup ("");
  s->spacing = g_strdup ("");
  s->machine_model = g_strdup ("");
  s->notes = g_strdup ("");
  s->cancel_reason = g_strdup ("");
  s->pigments = g_ptr_array_new_with_free_func ((GDestroyNotify)stp_session_pigment_free);
  s->needles = g_ptr_array_new_with_free_func ((GDestroyNotify)stp_session_needle_free);
  s->photos = g_array_new (FALSE, FALSE, sizeof (StpSessionPhoto));
  s->regions = g_ptr_array_new_with_free_func ((GDestroyNotify)stp_session_region_free);
  s->revision = 1;
  return s;
}

StpTreatmentSession *
stp_treatment_session_copy (const StpTreatmentSession *s)
{
  StpTreatmentSession *c = g_new0 (StpTreatmentSession, 1);

  *c = *s;
  c->depth = g_strdup (s->depth);
  c->angle = g_strdup (s->angle);
  c->spacing = g_strdup (s->spacing);
  c->machine_model = g_strdup (s->machine_model);
  c->notes = g_strdup (s->notes);
  c->cancel_reason = g_strdup (s->cancel_reason);
  c->expired_ack_lots = g_strdup (s->expired_ack_lots);
  c->pigments = g_ptr_array_new_with_free_func ((GDestroyNotify)stp_session_pigment_free);
  for (guint i = 0; i < s->pigments->len; i++)
    g_ptr_array_add (c->pigments, stp_session_pigment_copy (s->pigments->pdata[i]));
  c->needles = g_ptr_array_new_with_free_func ((GDestroyNotify)stp_session_needle_free);
  for (guint i = 0; i < s->needles->len; i++)
    g_ptr_array_add (c->needles, stp_session_needle_copy (s->needles->pdata[i]));
  c->photos = g_array_copy (s->photos);
  c->regions = g_ptr_array_new_with_free_func ((GDestroyNotify)stp_session_region_free);
  for (guint i = 0; i < s->regions->len; i++)
    g_ptr_array_add (c->regions, stp_session_region_copy (s->regions->pdata[i]));
  return c;
}

void
stp_treatment_session_free (StpTreatmentSession *s)
{
  if (s == NULL)
    return;
  g_free (s->depth);
  g_free (s->angle);
  g_free (s->spacing);
  g_free (s->machine_model);
  g_free (s->notes);
  g_free (s->cancel_reason);
  g_free (s->expired_ack_lots);
  g_ptr_array_unref (s->pigments);
  g_ptr_array_unref (s->needles);
  g_array_unref (s->photos);
  g_ptr_array_unref (s->regions);
  g_free (s);
}

StpTreatmentPlan *
stp_treatment_plan_new (void)
{
  StpTreatmentPlan *p = g_new0 (StpTreatmentPlan, 1);

  p->planned_sessions = 3;
  p->spacing_days = 10;
  p->notes = g_strdup ("");
  return p;
}

StpTreatmentPlan *
stp_treatment_plan_copy (const StpTreatmentPlan *plan)
{
  StpTreatmentPlan *c = g_new0 (StpTreatmentPlan, 1);

  *c = *plan;
  c->notes = g_strdup (plan->notes);
  return c;
}

void
stp_treatment_plan_free (StpTreatmentPlan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->notes);
  g_free (plan);
}

/* Validation */

gboolean
stp_dilution_is_valid (const char *text)
{
  const char *colon;
  guint64 a, b;
  g_autofree char *left = NULL;

  if (text == NULL)
    return FALSE;
  if (*text == '\0')
    return TRUE;

  colon = strchr (text, ':');
  if (colon == NULL || colon == text)
    return FALSE;
  left = g_strndup (text, colon - text);
  return g_ascii_string_to_unsigned (left, 10, 1, 1000, &a, NULL) &&
         g_ascii_string_to_unsigned (colon + 1, 10, 0, 1000, &b, NULL);
}

static gboolean
fail (StpSessionField  which,
      StpSessionField *field)
{
  if (field != NULL)
    *field = which;
  return FALSE;
}

#define CHECK_TEXT(text, max, single, what, which) \
  if (!_stp_check_text ((text), (max), (single), (what), STP_SESSION_ERROR, \
                        STP_SESSION_ERROR_INVALID_TEXT, STP_SESSION_ERROR_TOO_LONG, error)) \
    return fail ((which), field)

static gboolean
is_blank (const char *text)
{
  g_autofree char *stripped = stp_text_strip_dup (text);
  return stripped == NULL;
}

/* Lot numbers are printed on labels: letters, digits and a little punctuation. A pasted
 * line break or tab would make the recall list unreadable. */
static gboolean
check_lot (const char       *lot,
           const char       *what,
           StpSessionField   which,
           StpSessionField  *field,
           GError          **error)
{
  if (is_blank (lot))
    {
      g_set_error (error, STP_SESSION_ERROR, STP_SESSION_ERROR_REQUIRED,
                   _("Enter the lot number printed on the %s, so it can be recalled."), what);
      return fail (which, field);
    }
  if (g_utf8_strlen (lot, -1) > STP_SESSION_LOT_MAX)
    {
      g_set_error (error, STP_SESSION_ERROR, STP_SESSION_ERROR_TOO_LONG,
                   _("The lot number of the %s is too long: at most %d characters."), what,
                   STP_SESSION_LOT_MAX);
      return fail (which, field);
    }
  for (const char *p = lot; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalnum (c) && !strchr (" -./_#", (int)c))
        {
          g_set_error (error, STP_SESSION_ERROR, STP_SESSION_ERROR_LOT_INVALID,
                       _("The lot number “%s” of the %s has characters a label does not "
                         "print; use letters, digits, spaces and - . / _ #."), lot, what);
          return fail (which, field);
        }
    }
  return TRUE;
}

static gboolean
check_expiry (const char       *expiry,
              gboolean          required,
              const char       *what,
              StpSessionField   which,
              StpSessionField  *field,
              GError          **error)
{
  GDate date;

  if (expiry == NULL || *expiry == '\0')
    {
      if (!required)
        return TRUE;
      g_set_error (error, STP_SESSION_ERROR, STP_SESSION_ERROR_REQUIRED,
                   _("Enter the expiry date printed on the %s."), what);
      return fail (which, field);
    }
  if (!_stp_parse_iso_date (expiry, &date))
    {
      g_set_error (error, STP_SESSION_ERROR, STP_SESSION_ERROR_DATE_INVALID,
                   _("The expiry date “%s” of the %s is not a real date; write it as "
                     "YYYY-MM-DD."), expiry, what);
      return fail (which, field);
    }
  return TRUE;
}

static gboolean
check_required_text (const char       *text,
                     guint             max,
                     const char       *message,
                     const char       *what,
                     StpSessionField   which,
                     StpSessionField  *field,
                     GError          **error)
{
  if (is_blank (text))
    {
      g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_REQUIRED, message);
      return fail (which, field);
    }
  CHECK_TEXT (text, max, TRUE, what, which);
  return TRUE;
}

gboolean
stp_treatment_session_validate (const StpTreatmentSession *s,
                                StpSessionField           *field,
                                GError                   **error)
{
  g_return_val_if_fail (s != NULL, FALSE);

  if (field != NULL)
    *field = STP_SESSION_FIELD_NONE;

  if (s->kind >= STP_SESSION_N_KINDS)
    {
      g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_INVALID_CHOICE,
                           _("Choose the kind of session."));
      return fail (STP_SESSION_FIELD_KIND, field);
    }
  if (s->started_at <= 0)
    {
      g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_REQUIRED,
                           _("Enter the date and start time of the session."));
      return fail (STP_SESSION_FIELD_START, field);
    }
  if (s->duration_minutes > STP_SESSION_MINUTES_MAX)
    {
      g_set_error (error, STP_SESSION_ERROR, STP_SESSION_ERROR_OUT_OF_RANGE,
                   _("A session lasts at most %d hours; check the duration."),
                   STP_SESSION_MINUTES_MAX / 60);
      return fail (STP_SESSION_FIELD_DURATION, field);
    }
  if (s->practitioner_id <= 0)
    {
      g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_REQUIRED,
                           _("Choose the practitioner who did the session."));
      return fail (STP_SESSION_FIELD_PRACTITIONER, field);
    }
  /* A region of the followed sketch is as good an answer as a named area (a scar has no
   * name in the vocabulary). */
  if ((s->areas & ~STP_AREAS_ALL) != 0 || (s->areas == 0 && s->regions->len == 0))
    {
      g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_REQUIRED,
                           _("Choose at least one area treated."));
      return fail (STP_SESSION_FIELD_AREAS, field);
    }
  if (s->regions->len > 0 && s->sketch_version_id <= 0)
    {
      g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_INVALID_CHOICE,
                           _("Sketch regions were chosen without a sketch version. Choose "
                             "the sketch version followed, or untick its regions."));
      return fail (STP_SESSION_FIELD_SKETCH, field);
    }
  for (guint i = 0; i < s->regions->len; i++)
    {
      const StpSessionRegion *r = s->regions->pdata[i];

      if (r->item_id == 0 || (r->area & ~STP_AREAS_ALL) != 0 ||
          (r->area & (r->area - 1)) != 0 || is_blank (r->label))
        {
          g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_INVALID_CHOICE,
                               _("A chosen sketch region is not a region of the sketch. Pick "
                                 "the regions again."));
          return fail (STP_SESSION_FIELD_SKETCH, field);
        }
      for (guint j = 0; j < i; j++)
        if (((const StpSessionRegion *)s->regions->pdata[j])->item_id == r->item_id)
          {
            g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_INVALID_CHOICE,
                                 _("A sketch region was chosen twice."));
            return fail (STP_SESSION_FIELD_SKETCH, field);
          }
      CHECK_TEXT (r->label, STP_SESSION_REGION_LABEL_MAX, TRUE, _("sketch region"),
                  STP_SESSION_FIELD_SKETCH);
    }

  if (s->pigments->len == 0)
    {
      g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_REQUIRED,
                           _("Add the pigment used, with its lot, so it can be recalled."));
      return fail (STP_SESSION_FIELD_PIGMENTS, field);
    }
  for (guint i = 0; i < s->pigments->len; i++)
    {
      const StpSessionPigment *p = s->pigments->pdata[i];

      if (!check_required_text (p->brand, STP_SESSION_PRODUCT_MAX,
                                _("Enter the pigment’s brand."), _("pigment brand"),
                                STP_SESSION_FIELD_PIGMENTS, field, error) ||
          !check_required_text (p->shade, STP_SESSION_PRODUCT_MAX,
                                _("Enter the pigment’s shade."), _("pigment shade"),
                                STP_SESSION_FIELD_PIGMENTS, field, error))
        return FALSE;
      if (!stp_dilution_is_valid (p->dilution))
        {
          g_set_error (error, STP_SESSION_ERROR, STP_SESSION_ERROR_DILUTION_INVALID,
                       _("Write the dilution of %s %s as pigment to water, such as 1:20, or "
                         "leave it empty."), p->brand, p->shade);
          return fail (STP_SESSION_FIELD_PIGMENTS, field);
        }
      if (!check_lot (p->lot, _("pigment bottle"), STP_SESSION_FIELD_PIGMENTS, field, error) ||
          !check_expiry (p->expiry, TRUE, _("pigment bottle"), STP_SESSION_FIELD_PIGMENTS,
                         field, error))
        return FALSE;
    }

  for (guint i = 0; i < s->needles->len; i++)
    {
      const StpSessionNeedle *n = s->needles->pdata[i];

      if (!check_required_text (n->configuration, 20,
                                _("Enter the needle configuration, such as 1RL or 3RL."),
                                _("needle configuration"), STP_SESSION_FIELD_NEEDLES, field,
                                error))
        return FALSE;
      CHECK_TEXT (n->taper, 40, TRUE, _("needle taper"), STP_SESSION_FIELD_NEEDLES);
      if (!(n->diameter_mm > 0.0 && n->diameter_mm <= 1.0))
        {
          g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_OUT_OF_RANGE,
                               _("Enter the needle diameter in millimetres, such as 0.25."));
          return fail (STP_SESSION_FIELD_NEEDLES, field);
        }
      if (!check_lot (n->lot, _("needle cartridge box"), STP_SESSION_FIELD_NEEDLES, field,
                      error) ||
          !check_expiry (n->expiry, FALSE, _("needle cartridge box"),
                         STP_SESSION_FIELD_NEEDLES, field, error))
        return FALSE;
    }

  CHECK_TEXT (s->machine_model, STP_SESSION_PRODUCT_MAX, TRUE, _("machine model"),
              STP_SESSION_FIELD_MACHINE);
  if (s->stroke_mm < 0.0 || s->stroke_mm > 10.0)
    {
      g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_OUT_OF_RANGE,
                           _("The stroke length is in millimetres, up to 10 mm."));
      return fail (STP_SESSION_FIELD_MACHINE, field);
    }
  if (s->voltage < 0.0 || s->voltage > 20.0)
    {
      g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_OUT_OF_RANGE,
                           _("The voltage is up to 20 V."));
      return fail (STP_SESSION_FIELD_MACHINE, field);
    }
  if (s->speed_hz > 500)
    {
      g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_OUT_OF_RANGE,
                           _("The speed is in cycles per second, typically 100 to 150."));
      return fail (STP_SESSION_FIELD_MACHINE, field);
    }

  CHECK_TEXT (s->depth, STP_SESSION_TECHNIQUE_MAX, TRUE, _("depth"),
              STP_SESSION_FIELD_TECHNIQUE);
  CHECK_TEXT (s->angle, STP_SESSION_TECHNIQUE_MAX, TRUE, _("angle"),
              STP_SESSION_FIELD_TECHNIQUE);
  CHECK_TEXT (s->spacing, STP_SESSION_TECHNIQUE_MAX, TRUE, _("dot spacing"),
              STP_SESSION_FIELD_TECHNIQUE);

  if (s->pain < -1 || s->pain > STP_SESSION_PAIN_MAX)
    {
      g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_OUT_OF_RANGE,
                           _("Pain is a number from 0 (none) to 10 (worst imaginable)."));
      return fail (STP_SESSION_FIELD_PAIN, field);
    }
  if (s->bleeding >= STP_REACTION_N_LEVELS || s->redness >= STP_REACTION_N_LEVELS ||
      s->swelling >= STP_REACTION_N_LEVELS)
    {
      g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_INVALID_CHOICE,
                           _("Choose none, mild, moderate or severe for each reaction."));
      return fail (STP_SESSION_FIELD_REACTIONS, field);
    }

  CHECK_TEXT (s->notes, STP_SESSION_NOTES_MAX, FALSE, _("notes"), STP_SESSION_FIELD_NOTES);
  return TRUE;
}

gboolean
stp_treatment_plan_validate (const StpTreatmentPlan  *plan,
                             GError                 **error)
{
  g_return_val_if_fail (plan != NULL, FALSE);

  if (plan->planned_sessions < 1 || plan->planned_sessions > 10)
    {
      g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_OUT_OF_RANGE,
                           _("A plan has 1 to 10 sessions."));
      return FALSE;
    }
  if (plan->spacing_days < 1 || plan->spacing_days > 365)
    {
      g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_OUT_OF_RANGE,
                           _("Sessions are 1 to 365 days apart."));
      return FALSE;
    }
  if (plan->status >= STP_TREATMENT_PLAN_N_STATUSES)
    {
      g_set_error_literal (error, STP_SESSION_ERROR, STP_SESSION_ERROR_INVALID_CHOICE,
                           _("Choose active, complete, paused or cancelled."));
      return FALSE;
    }
  return _stp_check_text (plan->notes, 5000, FALSE, _("plan notes"), STP_SESSION_ERROR,
                          STP_SESSION_ERROR_INVALID_TEXT, STP_SESSION_ERROR_TOO_LONG, error);
}

/* Expiry */

static char *
session_local_date (gint64 started_at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (started_at);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d") : g_strdup ("");
}

char *
stp_treatment_session_describe_expired (const StpTreatmentSession *s)
{
  g_autofree char *day = session_local_date (s->started_at);
  g_autoptr(GString) text = g_string_new (NULL);

  /* ISO dates order as text; a lot expiring on the session day is still good that day. */
  for (guint i = 0; i < s->pigments->len; i++)
    {
      const StpSessionPigment *p = s->pigments->pdata[i];

      if (p->expiry != NULL && *p->expiry != '\0' && strcmp (p->expiry, day) < 0)
        {
          if (text->len > 0)
            g_string_append_c (text, '\n');
          g_string_append_printf (text, _("Pigment %s %s, lot %s, expired %s"), p->brand,
                                  p->shade, p->lot, p->expiry);
        }
    }
  for (guint i = 0; i < s->needles->len; i++)
    {
      const StpSessionNeedle *n = s->needles->pdata[i];

      if (n->expiry != NULL && *n->expiry != '\0' && strcmp (n->expiry, day) < 0)
        {
          if (text->len > 0)
            g_string_append_c (text, '\n');
          g_string_append_printf (text, _("Needle %s %.2f mm, lot %s, expired %s"),
                                  n->configuration, n->diameter_mm, n->lot, n->expiry);
        }
    }

  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

/* JSON */

static void
add_int_or_null (JsonBuilder *b,
                 const char  *name,
                 gint64       value,
                 gint64       none)
{
  json_builder_set_member_name (b, name);
  if (value == none)
    json_builder_add_null_value (b);
  else
    json_builder_add_int_value (b, value);
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value == NULL)
    json_builder_add_null_value (b);
  else
    json_builder_add_string_value (b, value);
}

static void
add_double_or_null (JsonBuilder *b,
                    const char  *name,
                    double       value)
{
  json_builder_set_member_name (b, name);
  if (value <= 0.0)
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, value);
}

static JsonNode *
session_to_node (const StpTreatmentSession *s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "kind", stp_session_kind_to_string (s->kind));
  add_int_or_null (b, "plan_id", s->plan_id, 0);
  add_int_or_null (b, "started_at", s->started_at, 0);
  add_int_or_null (b, "duration_minutes", s->duration_minutes, 0);
  add_int_or_null (b, "practitioner_id", s->practitioner_id, 0);

  json_builder_set_member_name (b, "areas");
  json_builder_begin_array (b);
  for (guint bit = 1; bit <= STP_AREAS_ALL; bit <<= 1)
    if (s->areas & bit)
      json_builder_add_string_value (b, stp_area_to_string (bit));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "pigments");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->pigments->len; i++)
    {
      const StpSessionPigment *p = s->pigments->pdata[i];

      json_builder_begin_object (b);
      add_string (b, "brand", p->brand);
      add_string (b, "shade", p->shade);
      add_string (b, "dilution", p->dilution);
      add_string (b, "lot", p->lot);
      add_string (b, "expiry", p->expiry);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "needles");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->needles->len; i++)
    {
      const StpSessionNeedle *n = s->needles->pdata[i];

      json_builder_begin_object (b);
      add_string (b, "configuration", n->configuration);
      add_double_or_null (b, "diameter_mm", n->diameter_mm);
      add_string (b, "taper", n->taper);
      add_string (b, "lot", n->lot);
      add_string (b, "expiry", n->expiry);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  add_string (b, "machine_model", s->machine_model);
  add_double_or_null (b, "stroke_mm", s->stroke_mm);
  add_double_or_null (b, "voltage", s->voltage);
  add_int_or_null (b, "speed_hz", s->speed_hz, 0);
  add_string (b, "depth", s->depth);
  add_string (b, "angle", s->angle);
  add_string (b, "spacing", s->spacing);
  add_int_or_null (b, "pain", s->pain, -1);
  add_string (b, "bleeding", stp_reaction_to_string (s->bleeding));
  add_string (b, "redness", stp_reaction_to_string (s->redness));
  add_string (b, "swelling", stp_reaction_to_string (s->swelling));
  add_string (b, "notes", s->notes);
  add_int_or_null (b, "sketch_version_id", s->sketch_version_id, 0);

  json_builder_set_member_name (b, "photos");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->photos->len; i++)
    {
      const StpSessionPhoto *ph = &g_array_index (s->photos, StpSessionPhoto, i);

      json_builder_begin_object (b);
      add_int_or_null (b, "photo_id", ph->photo_id, 0);
      add_string (b, "role", ph->role == STP_PHOTO_ROLE_AFTER ? "after" : "before");
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "regions");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->regions->len; i++)
    {
      const StpSessionRegion *r = s->regions->pdata[i];

      json_builder_begin_object (b);
      add_int_or_null (b, "item_id", r->item_id, 0);
      add_string (b, "area", r->area != 0 ? stp_area_to_string (r->area) : NULL);
      add_string (b, "label", r->label);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

char *
stp_treatment_session_to_json (const StpTreatmentSession *session)
{
  g_autoptr(JsonNode) node = session_to_node (session);

  return json_to_string (node, FALSE);
}

char *
stp_treatment_session_diff_fields (const StpTreatmentSession *a,
                                   const StpTreatmentSession *b)
{
  g_autoptr(JsonNode) na = session_to_node (a);
  g_autoptr(JsonNode) nb = session_to_node (b);
  JsonObject *oa = json_node_get_object (na);
  JsonObject *ob = json_node_get_object (nb);
  g_autoptr(GList) members = json_object_get_members (oa);
  g_autoptr(GString) fields = g_string_new (NULL);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (json_node_equal (json_object_get_member (oa, name),
                           json_object_get_member (ob, name)))
        continue;
      if (fields->len > 0)
        g_string_append_c (fields, ',');
      g_string_append (fields, name);
    }

  return g_string_free (g_steal_pointer (&fields), FALSE);
}

/* Progress */

char *
stp_plan_progress_describe_on (const StpPlanProgress *progress,
                               const GDate           *today)
{
  g_autofree char *due = NULL;
  guint next = progress->logged + 1;

  if (progress->status == STP_TREATMENT_PLAN_CANCELLED)
    return g_strdup_printf (_("Plan cancelled after %u of %u sessions"), progress->logged,
                            progress->planned);
  if (progress->status == STP_TREATMENT_PLAN_COMPLETE || progress->logged >= progress->planned)
    return g_strdup_printf (ngettext ("All %u session done", "All %u sessions done",
                                      progress->planned), progress->planned);
  if (progress->status == STP_TREATMENT_PLAN_PAUSED)
    return g_strdup_printf (_("Session %u of %u — plan paused"), next, progress->planned);
  if (!g_date_valid (&progress->next_due))
    return g_strdup_printf (_("Session %u of %u — not started yet"), next, progress->planned);

  {
    char buffer[128];

    /* Translators: the day a session is due, as in "next due 14 March"; see strftime. */
    if (g_date_strftime (buffer, sizeof buffer, _("%e %B"), &progress->next_due) == 0)
      buffer[0] = '\0';
    due = g_strstrip (g_strdup (buffer));
  }
  /* A date already gone reads as a call to make, not as a plan on track. */
  if (g_date_compare (&progress->next_due, today) < 0)
    /* Translators: "Session 2 of 3 — overdue since 14 March". */
    return g_strdup_printf (_("Session %u of %u — overdue since %s"), next, progress->planned,
                            due);
  /* Translators: "Session 2 of 3 — next due 14 March". */
  return g_strdup_printf (_("Session %u of %u — next due %s"), next, progress->planned, due);
}

char *
stp_plan_progress_describe (const StpPlanProgress *progress)
{
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  return stp_plan_progress_describe_on (progress, &today);
}
