/* stp-summary.c: what a consultation summary says, gathered from the store.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-summary"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "stp-summary-private.h"
#include "stipple/stp-store-consultations.h"
#include "stipple/stp-summary.h"
#include "stipple/stp-text.h"
#include "stipple/stp-vocabulary.h"

static void
row_free (StpSummaryRow *row)
{
  g_free (row->label);
  g_free (row->value);
  g_free (row);
}

static void
image_free (StpSummaryImage *image)
{
  g_bytes_unref (image->png);
  g_free (image->caption);
  g_free (image);
}

static void
section_free (StpSummarySection *section)
{
  g_free (section->title);
  g_ptr_array_unref (section->rows);
  g_clear_pointer (&section->images, g_ptr_array_unref);
  g_free (section);
}

void
stp_summary_free (StpSummary *summary)
{
  if (summary == NULL)
    return;

  g_free (summary->clinic_name);
  g_free (summary->clinic_details);
  g_free (summary->title);
  g_free (summary->client_name);
  g_free (summary->date);
  g_clear_pointer (&summary->sections, g_ptr_array_unref);
  g_clear_pointer (&summary->signature_png, g_bytes_unref);
  g_free (summary);
}

StpSummarySection *
_stp_summary_add_section (StpSummary *summary,
                          const char *title)
{
  StpSummarySection *section = g_new0 (StpSummarySection, 1);

  section->title = g_strdup (title);
  section->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  g_ptr_array_add (summary->sections, section);
  return section;
}

void
_stp_summary_take_row (StpSummarySection *section,
                       const char        *label,
                       char              *value)
{
  StpSummaryRow *row;

  if (value == NULL || *value == '\0')
    {
      g_free (value);
      return;
    }

  row = g_new0 (StpSummaryRow, 1);
  row->label = g_strdup (label);
  row->value = value;
  g_ptr_array_add (section->rows, row);
}

void
_stp_summary_add_image (StpSummarySection *section,
                        GBytes            *png,
                        int                width,
                        int                height,
                        const char        *caption)
{
  StpSummaryImage *image = g_new0 (StpSummaryImage, 1);

  image->png = g_bytes_ref (png);
  image->width = width;
  image->height = height;
  image->caption = g_strdup (caption);
  if (section->images == NULL)
    section->images = g_ptr_array_new_with_free_func ((GDestroyNotify) image_free);
  g_ptr_array_add (section->images, image);
}

static StpSummarySection *
add_section (StpSummary *summary,
             const char *title)
{
  return _stp_summary_add_section (summary, title);
}

static void
take_row (StpSummarySection *section,
          const char        *label,
          char              *value)
{
  _stp_summary_take_row (section, label, value);
}

static void
add_row (StpSummarySection *section,
         const char        *label,
         const char        *value)
{
  take_row (section, label, stp_text_strip_dup (value));
}

static char *
format_iso_date (const char *iso)
{
  GDate date;
  char buffer[128];

  if (iso == NULL || *iso == '\0')
    return NULL;

  g_date_clear (&date, 1);
  g_date_set_parse (&date, iso);
  if (!g_date_valid (&date) || g_date_strftime (buffer, sizeof buffer, "%x", &date) == 0)
    return g_strdup (iso);
  return g_strdup (buffer);
}

static char *
format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (unix_seconds);

  /* Translators: a date and time of day in the local time zone; see g_date_time_format. */
  return time != NULL ? g_date_time_format (time, _("%x %H:%M")) : NULL;
}

static char *
dup_staff_name (StpStore *store,
                gint64    id)
{
  g_autoptr(StpStaff) staff = NULL;

  if (id <= 0)
    return g_strdup (_("Unknown"));
  staff = stp_store_get_staff (store, id, NULL);
  return g_strdup (staff != NULL ? stp_staff_get_name (staff) : _("Unknown"));
}

static const char *
yes_no (gboolean value)
{
  return value ? _("Yes") : _("No");
}

/* The labels of the bits set in flags, joined with commas. */
static char *
join_flags (guint         flags,
            guint         n,
            const char *(*label) (guint index))
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    if (flags & (1u << i))
      g_ptr_array_add (parts, (gpointer) label (i));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **) parts->pdata);
}

static void
add_findings (StpSummary      *summary,
              StpConsultation *c)
{
  static const char * const pigmentation[] = {
    NULL, N_("None"), N_("Low"), N_("Moderate"), N_("High"),
  };
  static const char * const phototypes[] = { "I", "II", "III", "IV", "V", "VI" };
  StpSummarySection *s = add_section (summary, _("Findings"));
  GPtrArray *scars = stp_consultation_get_scars (c);
  GPtrArray *transplants = stp_consultation_get_transplants (c);
  const char *stage = stp_consultation_get_staging_stage (c);
  g_autoptr(GString) text = g_string_new (NULL);
  guint phototype = stp_consultation_get_phototype (c);
  StpPigmentation pig = stp_consultation_get_pigmentation (c);

  take_row (s, _("Goals"), join_flags (stp_consultation_get_goals (c), STP_N_GOALS,
                                       stp_goal_get_label));
  if (stage != NULL && *stage != '\0')
    {
      const char *scale = NULL;

      switch (stp_consultation_get_staging_scale (c))
        {
        case STP_STAGING_NORWOOD:
          scale = _("Norwood");
          break;
        case STP_STAGING_LUDWIG:
          scale = _("Ludwig");
          break;
        case STP_STAGING_ALOPECIA:
          scale = _("Alopecia");
          break;
        case STP_STAGING_NONE:
        default:
          break;
        }
      take_row (s, _("Staging"), g_strdup_printf ("%s %s", scale != NULL ? scale : "", stage));
    }
  take_row (s, _("Areas"), join_flags (stp_consultation_get_areas (c), STP_N_AREAS,
                                       stp_area_get_label));

  for (guint i = 0; i < scars->len; i++)
    {
      StpScar *scar = g_ptr_array_index (scars, i);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, stp_scar_kind_get_label (scar->kind));
      if (scar->location != NULL && *scar->location != '\0')
        g_string_append_printf (text, ", %s", scar->location);
      if (scar->length_mm > 0 || scar->width_mm > 0)
        /* Translators: a scar's length × width in millimetres. */
        g_string_append_printf (text, _(", %g × %g mm"), scar->length_mm, scar->width_mm);
    }
  take_row (s, _("Scars"), g_string_free (g_steal_pointer (&text), FALSE));

  text = g_string_new (NULL);
  if (phototype >= 1 && phototype <= 6)
    g_string_append_printf (text, _("Phototype %s"), phototypes[phototype - 1]);
  if (stp_consultation_get_hair_colour (c) != NULL && *stp_consultation_get_hair_colour (c))
    g_string_append_printf (text, "%s%s: %s", text->len ? "\n" : "", _("Hair colour"),
                            stp_consultation_get_hair_colour (c));
  if (stp_consultation_get_scalp_tone (c) != NULL && *stp_consultation_get_scalp_tone (c))
    g_string_append_printf (text, "%s%s: %s", text->len ? "\n" : "", _("Scalp tone"),
                            stp_consultation_get_scalp_tone (c));
  if (pig > STP_PIGMENTATION_UNKNOWN && pig < G_N_ELEMENTS (pigmentation))
    g_string_append_printf (text, "%s%s: %s", text->len ? "\n" : "",
                            _("Hyperpigmentation tendency"), _(pigmentation[pig]));
  take_row (s, _("Skin"), g_string_free (g_steal_pointer (&text), FALSE));

  text = g_string_new (NULL);
  if (stp_hairline_style_get_label (stp_consultation_get_hairline_style (c)) != NULL)
    g_string_append (text, stp_hairline_style_get_label (stp_consultation_get_hairline_style (c)));
  if (stp_consultation_get_hairline_position (c) != NULL &&
      *stp_consultation_get_hairline_position (c))
    g_string_append_printf (text, "%s%s", text->len ? "\n" : "",
                            stp_consultation_get_hairline_position (c));
  if (stp_consultation_get_hairline_notes (c) != NULL &&
      *stp_consultation_get_hairline_notes (c))
    g_string_append_printf (text, "%s%s", text->len ? "\n" : "",
                            stp_consultation_get_hairline_notes (c));
  take_row (s, _("Hairline wishes"), g_string_free (g_steal_pointer (&text), FALSE));

  text = g_string_new (NULL);
  for (guint i = 0; i < transplants->len; i++)
    {
      StpTransplant *t = g_ptr_array_index (transplants, i);
      g_autofree char *date = format_iso_date (t->date);

      g_string_append_printf (text, "%s%s %s", text->len ? "\n" : "", _("Transplant:"),
                              t->kind != NULL ? t->kind : "");
      if (date != NULL)
        g_string_append_printf (text, ", %s", date);
      if (t->clinic != NULL && *t->clinic != '\0')
        g_string_append_printf (text, ", %s", t->clinic);
    }
  if (stp_consultation_get_prior_smp (c))
    {
      const char *provider = stp_consultation_get_prior_smp_provider (c);
      guint satisfaction = stp_consultation_get_prior_smp_satisfaction (c);

      g_string_append_printf (text, "%s%s", text->len ? "\n" : "", _("Earlier SMP"));
      if (provider != NULL && *provider != '\0')
        g_string_append_printf (text, ", %s", provider);
      if (satisfaction > 0)
        /* Translators: how satisfied the client was with earlier SMP, out of 5. */
        g_string_append_printf (text, _(", satisfaction %u of 5"), satisfaction);
    }
  if (stp_consultation_get_laser_removal (c))
    {
      g_autofree char *date = format_iso_date (stp_consultation_get_laser_last_date (c));

      g_string_append_printf (text, "%s%s", text->len ? "\n" : "", _("Laser removal"));
      if (date != NULL)
        g_string_append_printf (text, _(", last on %s"), date);
    }
  take_row (s, _("Previous procedures"), g_string_free (g_steal_pointer (&text), FALSE));

  add_row (s, _("Medication"), stp_consultation_get_medication (c));
  add_row (s, _("Expectations"), stp_consultation_get_expectations (c));
  add_row (s, _("Notes"), stp_consultation_get_notes (c));
}

static const StpClearance *
find_clearance (GPtrArray  *clearances,
                const char *key)
{
  const StpClearance *whole = NULL;

  for (guint i = 0; i < clearances->len; i++)
    {
      const StpClearance *clearance = g_ptr_array_index (clearances, i);

      if (g_strcmp0 (clearance->question_key, key) == 0)
        return clearance;
      if (clearance->question_key == NULL)
        whole = clearance;
    }
  return whole;
}

static gboolean
add_screening (StpSummary   *summary,
               StpStore     *store,
               gint64        id,
               const GDate  *today,
               GError      **error)
{
  StpSummarySection *s = add_section (summary, _("Screening"));
  g_autoptr(GPtrArray) flags = stp_store_get_screening_flags (store, id, today, error);
  g_autoptr(GPtrArray) clearances = NULL;

  if (flags == NULL)
    return FALSE;
  clearances = stp_store_list_clearances (store, id, error);
  if (clearances == NULL)
    return FALSE;

  if (flags->len == 0)
    add_row (s, NULL, _("No screening answer raised a flag."));

  for (guint i = 0; i < flags->len; i++)
    {
      const StpScreeningFlag *flag = g_ptr_array_index (flags, i);
      const StpClearance *clearance = flag->cleared ? find_clearance (clearances, flag->key)
                                                    : NULL;
      GString *text = g_string_new (flag->question);

      if (flag->date != NULL)
        {
          g_autofree char *date = format_iso_date (flag->date);
          g_string_append_printf (text, " (%s)", date);
        }
      if (flag->reason != NULL && *flag->reason != '\0')
        g_string_append_printf (text, "\n%s", flag->reason);
      if (clearance != NULL)
        {
          g_autofree char *who = dup_staff_name (store, clearance->cleared_by);
          g_autofree char *when = format_time (clearance->cleared_at);

          /* Translators: who cleared a screening flag, and when. */
          g_string_append_c (text, '\n');
          g_string_append_printf (text, _("Cleared by %s on %s"), who, when);
          if (clearance->note != NULL && *clearance->note != '\0')
            g_string_append_printf (text, ": %s", clearance->note);
        }
      else if (flag->severity >= STP_SEVERITY_NEEDS_CLEARANCE)
        g_string_append_printf (text, "\n%s", _("Not cleared: blocks booking."));

      take_row (s, stp_severity_get_label (flag->severity), g_string_free (text, FALSE));
    }

  return TRUE;
}

static void
add_plan (StpSummary *summary,
          const StpPlan *plan)
{
  StpSummarySection *s = add_section (summary, _("Plan"));
  const char *currency = plan->currency != NULL && *plan->currency ? plan->currency : "EUR";

  if (plan->sessions > 0)
    take_row (s, _("Sessions"), g_strdup_printf ("%u", plan->sessions));
  if (plan->spacing_days > 0)
    take_row (s, _("Spacing"), g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day",
                                                             "%u days", plan->spacing_days),
                                                plan->spacing_days));
  if (plan->minutes_per_session > 0)
    take_row (s, _("Time per session"),
              /* Translators: hours and minutes of one session. */
              g_strdup_printf (_("%u h %02u min"), plan->minutes_per_session / 60,
                               plan->minutes_per_session % 60));
  if (plan->price_minor >= 0)
    take_row (s, _("Price"), stp_money_format (plan->price_minor, currency));
  if (plan->deposit_minor >= 0)
    take_row (s, _("Deposit"), stp_money_format (plan->deposit_minor, currency));
  add_row (s, _("Pigment shade"), plan->pigment_shade);
  add_row (s, _("Dilution"), plan->dilution);
  if (stp_hairline_style_get_label (plan->hairline_style) != NULL)
    add_row (s, _("Recommended hairline"), stp_hairline_style_get_label (plan->hairline_style));
  add_row (s, _("Plan notes"), plan->notes);
  if (s->rows->len == 0)
    add_row (s, NULL, _("No plan yet."));
}

static gboolean
add_consent (StpSummary *summary,
             StpStore   *store,
             gint64      id,
             GError    **error)
{
  StpSummarySection *s = add_section (summary, _("Consent"));
  g_autoptr(GError) local_error = NULL;
  g_autoptr(StpConsentSignature) signature = NULL;
  g_autoptr(StpConsentText) text = NULL;

  signature = stp_store_get_consent_signature (store, id, &local_error);
  if (signature == NULL)
    {
      if (!g_error_matches (local_error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      add_row (s, NULL, _("Not signed yet."));
      return TRUE;
    }

  text = stp_store_get_consent_text (store, signature->consent_text_id, error);
  if (text == NULL)
    return FALSE;

  take_row (s, _("Signed by"), g_strdup (signature->signer_name));
  take_row (s, _("Signed on"), format_time (signature->signed_at));
  add_row (s, _("Photo recording"), yes_no (signature->photo_recording));
  add_row (s, _("Marketing use of photos"), yes_no (signature->marketing_use));
  if (signature->revoked_at != 0)
    {
      g_autofree char *who = dup_staff_name (store, signature->revoked_by);
      g_autofree char *when = format_time (signature->revoked_at);

      /* Translators: when a consent was revoked, and who recorded it. */
      take_row (s, _("Revoked"), g_strdup_printf (_("%s, recorded by %s"), when, who));
    }
  else
    summary->signature_png = g_bytes_ref (signature->image_png);
  take_row (s, _("Text signed"), g_strdup_printf (_("Version %u"), text->version));
  take_row (s, NULL, stp_summary_unwrap_text (text->body));

  return TRUE;
}

/* A setting stripped of surrounding blanks; NULL when unset or blank. */
static char *
dup_setting (StpStore   *store,
             const char *key)
{
  g_autofree char *value = stp_store_get_setting (store, key);

  return stp_text_strip_dup (value);
}

StpSummary *
stp_summary_new_for_consultation (StpStore     *store,
                                  gint64        consultation_id,
                                  const GDate  *today,
                                  GError      **error)
{
  g_autoptr(StpSummary) summary = NULL;
  g_autoptr(StpConsultation) c = NULL;
  g_autoptr(StpClient) client = NULL;
  g_autofree char *address = NULL;
  g_autofree char *phone = NULL;
  StpSummarySection *s;

  g_return_val_if_fail (STP_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  c = stp_store_get_consultation (store, consultation_id, error);
  if (c == NULL)
    return NULL;
  client = stp_store_get_client (store, stp_consultation_get_client_id (c), error);
  if (client == NULL)
    return NULL;

  summary = g_new0 (StpSummary, 1);
  summary->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) section_free);
  summary->title = g_strdup (_("Consultation Summary"));
  summary->clinic_name = dup_setting (store, "clinic-name");
  address = dup_setting (store, "clinic-address");
  phone = dup_setting (store, "clinic-phone");
  if (address != NULL && phone != NULL)
    summary->clinic_details = g_strdup_printf ("%s\n%s", address, phone);
  else if (address != NULL || phone != NULL)
    summary->clinic_details = g_strdup (address != NULL ? address : phone);
  summary->client_name = stp_client_dup_display_name (client);
  summary->date = format_iso_date (stp_consultation_get_date (c));

  s = add_section (summary, _("Client"));
  add_row (s, _("Name"), summary->client_name);
  take_row (s, _("Date of birth"), format_iso_date (stp_client_get_birth_date (client)));

  s = add_section (summary, _("Consultation"));
  add_row (s, _("Date"), summary->date);
  take_row (s, _("Consultant"), dup_staff_name (store, stp_consultation_get_consultant_id (c)));
  if (stp_consultation_get_version (c) > 1)
    take_row (s, _("Version"), g_strdup_printf ("%u", stp_consultation_get_version (c)));
  switch (stp_consultation_get_status (c))
    {
    case STP_CONSULTATION_STATUS_DRAFT:
      add_row (s, _("Status"), _("Draft"));
      break;
    case STP_CONSULTATION_STATUS_COMPLETE:
      add_row (s, _("Status"), _("Complete"));
      break;
    case STP_CONSULTATION_STATUS_AMENDED:
      add_row (s, _("Status"), _("Amended: a newer version replaces this one"));
      break;
    default:
      break;
    }

  add_findings (summary, c);
  if (!add_screening (summary, store, consultation_id, today, error))
    return NULL;
  add_plan (summary, stp_consultation_get_plan (c));
  _stp_summary_add_sketch (summary, store, c);
  if (!add_consent (summary, store, consultation_id, error))
    return NULL;

  return g_steal_pointer (&summary);
}

static gboolean
starts_item (const char *line)
{
  const char *p = line;

  if (g_str_has_prefix (line, "- ") || g_str_has_prefix (line, "* ") ||
      g_str_has_prefix (line, "• "))
    return TRUE;
  while (g_ascii_isdigit (*p))
    p++;
  return p > line && (*p == '.' || *p == ')') && p[1] == ' ';
}

char *
stp_summary_unwrap_text (const char *text)
{
  g_auto (GStrv) lines = NULL;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  lines = g_strsplit (text, "\n", -1);
  out = g_string_new (NULL);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      gboolean blank = *line == '\0';

      if (i > 0)
        {
          const char *previous = lines[i - 1];

          if (blank || *previous == '\0' || starts_item (line))
            g_string_append_c (out, '\n');
          else
            g_string_append_c (out, ' ');
        }
      g_string_append (out, line);
    }

  return g_string_free (out, FALSE);
}

char *
stp_summary_to_text (StpSummary *summary)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (summary != NULL, NULL);

  if (summary->clinic_name != NULL)
    g_string_append_printf (text, "%s\n", summary->clinic_name);
  if (summary->clinic_details != NULL)
    g_string_append_printf (text, "%s\n", summary->clinic_details);
  g_string_append_printf (text, "%s\n", summary->title);
  for (guint i = 0; i < summary->sections->len; i++)
    {
      StpSummarySection *section = g_ptr_array_index (summary->sections, i);

      g_string_append_printf (text, "\n%s\n", section->title);
      for (guint j = 0; j < section->rows->len; j++)
        {
          StpSummaryRow *row = g_ptr_array_index (section->rows, j);

          if (row->label != NULL)
            g_string_append_printf (text, "%s: %s\n", row->label, row->value);
          else
            g_string_append_printf (text, "%s\n", row->value);
        }
      for (guint j = 0; section->images != NULL && j < section->images->len; j++)
        {
          StpSummaryImage *image = g_ptr_array_index (section->images, j);

          g_string_append_printf (text, "[%d × %d image]\n%s\n", image->width, image->height,
                                  image->caption);
        }
    }

  return g_string_free (text, FALSE);
}
