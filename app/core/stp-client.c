/* stp-client.c
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "stp-client-private.h"
#include "stipple/stp-text.h"

struct _StpClient
{
  GObject   parent_instance;

  gint64    id;
  char     *given_name;
  char     *family_name;
  char     *preferred_name;
  char     *birth_date;
  char     *phone;
  char     *email;
  char     *notes;
  gint64    created_at;
  gint64    updated_at;
  guint     photo_consent : 1;
  guint     marketing_consent : 1;
  guint     archived : 1;
};

G_DEFINE_FINAL_TYPE (StpClient, stp_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (stp-client-error-quark, stp_client_error)

enum {
  PROP_0,
  PROP_ID,
  PROP_GIVEN_NAME,
  PROP_FAMILY_NAME,
  PROP_PREFERRED_NAME,
  PROP_BIRTH_DATE,
  PROP_PHONE,
  PROP_EMAIL,
  PROP_NOTES,
  PROP_PHOTO_CONSENT,
  PROP_MARKETING_CONSENT,
  PROP_ARCHIVED,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_DISPLAY_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
stp_client_finalize (GObject *object)
{
  StpClient *self = (StpClient *)object;

  g_clear_pointer (&self->given_name, g_free);
  g_clear_pointer (&self->family_name, g_free);
  g_clear_pointer (&self->preferred_name, g_free);
  g_clear_pointer (&self->birth_date, g_free);
  g_clear_pointer (&self->phone, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->notes, g_free);

  G_OBJECT_CLASS (stp_client_parent_class)->finalize (object);
}

static void
stp_client_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  StpClient *self = STP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_GIVEN_NAME:
      g_value_set_string (value, self->given_name);
      break;
    case PROP_FAMILY_NAME:
      g_value_set_string (value, self->family_name);
      break;
    case PROP_PREFERRED_NAME:
      g_value_set_string (value, self->preferred_name);
      break;
    case PROP_BIRTH_DATE:
      g_value_set_string (value, self->birth_date);
      break;
    case PROP_PHONE:
      g_value_set_string (value, self->phone);
      break;
    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;
    case PROP_NOTES:
      g_value_set_string (value, self->notes);
      break;
    case PROP_PHOTO_CONSENT:
      g_value_set_boolean (value, self->photo_consent);
      break;
    case PROP_MARKETING_CONSENT:
      g_value_set_boolean (value, self->marketing_consent);
      break;
    case PROP_ARCHIVED:
      g_value_set_boolean (value, self->archived);
      break;
    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;
    case PROP_UPDATED_AT:
      g_value_set_int64 (value, self->updated_at);
      break;
    case PROP_DISPLAY_NAME:
      g_value_take_string (value, stp_client_dup_display_name (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stp_client_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  StpClient *self = STP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_GIVEN_NAME:
      stp_client_set_given_name (self, g_value_get_string (value));
      break;
    case PROP_FAMILY_NAME:
      stp_client_set_family_name (self, g_value_get_string (value));
      break;
    case PROP_PREFERRED_NAME:
      stp_client_set_preferred_name (self, g_value_get_string (value));
      break;
    case PROP_BIRTH_DATE:
      stp_client_set_birth_date (self, g_value_get_string (value));
      break;
    case PROP_PHONE:
      stp_client_set_phone (self, g_value_get_string (value));
      break;
    case PROP_EMAIL:
      stp_client_set_email (self, g_value_get_string (value));
      break;
    case PROP_NOTES:
      stp_client_set_notes (self, g_value_get_string (value));
      break;
    case PROP_PHOTO_CONSENT:
      stp_client_set_photo_consent (self, g_value_get_boolean (value));
      break;
    case PROP_MARKETING_CONSENT:
      stp_client_set_marketing_consent (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stp_client_class_init (StpClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = stp_client_finalize;
  object_class->get_property = stp_client_get_property;
  object_class->set_property = stp_client_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_GIVEN_NAME] = g_param_spec_string ("given-name", NULL, NULL, "", rw);
  properties[PROP_FAMILY_NAME] = g_param_spec_string ("family-name", NULL, NULL, "", rw);
  properties[PROP_PREFERRED_NAME] = g_param_spec_string ("preferred-name", NULL, NULL, "", rw);
  properties[PROP_BIRTH_DATE] = g_param_spec_string ("birth-date", NULL, NULL, NULL, rw);
  properties[PROP_PHONE] = g_param_spec_string ("phone", NULL, NULL, "", rw);
  properties[PROP_EMAIL] = g_param_spec_string ("email", NULL, NULL, "", rw);
  properties[PROP_NOTES] = g_param_spec_string ("notes", NULL, NULL, "", rw);
  properties[PROP_PHOTO_CONSENT] =
    g_param_spec_boolean ("photo-consent", NULL, NULL, FALSE, rw);
  properties[PROP_MARKETING_CONSENT] =
    g_param_spec_boolean ("marketing-consent", NULL, NULL, FALSE, rw);
  properties[PROP_ARCHIVED] = g_param_spec_boolean ("archived", NULL, NULL, FALSE, ro);
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
stp_client_init (StpClient *self)
{
  self->given_name = g_strdup ("");
  self->family_name = g_strdup ("");
  self->preferred_name = g_strdup ("");
  self->phone = g_strdup ("");
  self->email = g_strdup ("");
  self->notes = g_strdup ("");
}

StpClient *
stp_client_new (void)
{
  return g_object_new (STP_TYPE_CLIENT, NULL);
}

StpClient *
stp_client_copy (StpClient *self)
{
  StpClient *copy;

  g_return_val_if_fail (STP_IS_CLIENT (self), NULL);

  copy = stp_client_new ();
  copy->id = self->id;
  g_free (copy->given_name);
  copy->given_name = g_strdup (self->given_name);
  g_free (copy->family_name);
  copy->family_name = g_strdup (self->family_name);
  g_free (copy->preferred_name);
  copy->preferred_name = g_strdup (self->preferred_name);
  copy->birth_date = g_strdup (self->birth_date);
  g_free (copy->phone);
  copy->phone = g_strdup (self->phone);
  g_free (copy->email);
  copy->email = g_strdup (self->email);
  g_free (copy->notes);
  copy->notes = g_strdup (self->notes);
  copy->photo_consent = self->photo_consent;
  copy->marketing_consent = self->marketing_consent;
  copy->archived = self->archived;
  copy->created_at = self->created_at;
  copy->updated_at = self->updated_at;

  return copy;
}

/* Stores value in *field as text with surrounding white space removed ("" for NULL),
 * and notifies when it changed. Names get the display name notified too. */
static void
set_text (StpClient  *self,
          char      **field,
          const char *value,
          guint       prop_id)
{
  g_autofree char *stripped = stp_text_strip_dup (value);
  const char *text = stripped != NULL ? stripped : "";

  if (g_strcmp0 (*field, text) == 0)
    return;

  g_free (*field);
  *field = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);

  if (prop_id == PROP_GIVEN_NAME || prop_id == PROP_FAMILY_NAME ||
      prop_id == PROP_PREFERRED_NAME)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

gint64
stp_client_get_id (StpClient *self)
{
  g_return_val_if_fail (STP_IS_CLIENT (self), 0);
  return self->id;
}

const char *
stp_client_get_given_name (StpClient *self)
{
  g_return_val_if_fail (STP_IS_CLIENT (self), NULL);
  return self->given_name;
}

void
stp_client_set_given_name (StpClient  *self,
                           const char *value)
{
  g_return_if_fail (STP_IS_CLIENT (self));
  set_text (self, &self->given_name, value, PROP_GIVEN_NAME);
}

const char *
stp_client_get_family_name (StpClient *self)
{
  g_return_val_if_fail (STP_IS_CLIENT (self), NULL);
  return self->family_name;
}

void
stp_client_set_family_name (StpClient  *self,
                            const char *value)
{
  g_return_if_fail (STP_IS_CLIENT (self));
  set_text (self, &self->family_name, value, PROP_FAMILY_NAME);
}

const char *
stp_client_get_preferred_name (StpClient *self)
{
  g_return_val_if_fail (STP_IS_CLIENT (self), NULL);
  return self->preferred_name;
}

void
stp_client_set_preferred_name (StpClient  *self,
                               const char *value)
{
  g_return_if_fail (STP_IS_CLIENT (self));
  set_text (self, &self->preferred_name, value, PROP_PREFERRED_NAME);
}

const char *
stp_client_get_birth_date (StpClient *self)
{
  g_return_val_if_fail (STP_IS_CLIENT (self), NULL);
  return self->birth_date;
}

void
stp_client_set_birth_date (StpClient  *self,
                           const char *iso_date)
{
  g_autofree char *stripped = stp_text_strip_dup (iso_date);

  g_return_if_fail (STP_IS_CLIENT (self));

  /* Unlike the other fields, "no birth date" is NULL, not "". */
  if (g_strcmp0 (self->birth_date, stripped) == 0)
    return;

  g_free (self->birth_date);
  self->birth_date = g_steal_pointer (&stripped);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BIRTH_DATE]);
}

const char *
stp_client_get_phone (StpClient *self)
{
  g_return_val_if_fail (STP_IS_CLIENT (self), NULL);
  return self->phone;
}

void
stp_client_set_phone (StpClient  *self,
                      const char *value)
{
  g_return_if_fail (STP_IS_CLIENT (self));
  set_text (self, &self->phone, value, PROP_PHONE);
}

const char *
stp_client_get_email (StpClient *self)
{
  g_return_val_if_fail (STP_IS_CLIENT (self), NULL);
  return self->email;
}

void
stp_client_set_email (StpClient  *self,
                      const char *value)
{
  g_return_if_fail (STP_IS_CLIENT (self));
  set_text (self, &self->email, value, PROP_EMAIL);
}

const char *
stp_client_get_notes (StpClient *self)
{
  g_return_val_if_fail (STP_IS_CLIENT (self), NULL);
  return self->notes;
}

void
stp_client_set_notes (StpClient  *self,
                      const char *value)
{
  g_return_if_fail (STP_IS_CLIENT (self));
  set_text (self, &self->notes, value, PROP_NOTES);
}

gboolean
stp_client_get_photo_consent (StpClient *self)
{
  g_return_val_if_fail (STP_IS_CLIENT (self), FALSE);
  return self->photo_consent;
}

void
stp_client_set_photo_consent (StpClient *self,
                              gboolean   value)
{
  g_return_if_fail (STP_IS_CLIENT (self));

  value = !!value;
  if (self->photo_consent == (guint)value)
    return;
  self->photo_consent = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHOTO_CONSENT]);
}

gboolean
stp_client_get_marketing_consent (StpClient *self)
{
  g_return_val_if_fail (STP_IS_CLIENT (self), FALSE);
  return self->marketing_consent;
}

void
stp_client_set_marketing_consent (StpClient *self,
                                  gboolean   value)
{
  g_return_if_fail (STP_IS_CLIENT (self));

  value = !!value;
  if (self->marketing_consent == (guint)value)
    return;
  self->marketing_consent = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MARKETING_CONSENT]);
}

gboolean
stp_client_get_archived (StpClient *self)
{
  g_return_val_if_fail (STP_IS_CLIENT (self), FALSE);
  return self->archived;
}

gint64
stp_client_get_created_at (StpClient *self)
{
  g_return_val_if_fail (STP_IS_CLIENT (self), 0);
  return self->created_at;
}

gint64
stp_client_get_updated_at (StpClient *self)
{
  g_return_val_if_fail (STP_IS_CLIENT (self), 0);
  return self->updated_at;
}

char *
stp_client_dup_display_name (StpClient *self)
{
  const char *first;

  g_return_val_if_fail (STP_IS_CLIENT (self), NULL);

  first = *self->preferred_name != '\0' ? self->preferred_name : self->given_name;

  if (*first == '\0')
    return g_strdup (self->family_name);
  if (*self->family_name == '\0')
    return g_strdup (first);

  return g_strdup_printf ("%s %s", first, self->family_name);
}

void
_stp_client_set_id (StpClient *self,
                    gint64     id)
{
  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

void
_stp_client_set_archived (StpClient *self,
                          gboolean   archived)
{
  archived = !!archived;
  if (self->archived == (guint)archived)
    return;
  self->archived = archived;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARCHIVED]);
}

void
_stp_client_set_times (StpClient *self,
                       gint64     created_at,
                       gint64     updated_at)
{
  if (self->created_at != created_at)
    {
      self->created_at = created_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_AT]);
    }
  if (self->updated_at != updated_at)
    {
      self->updated_at = updated_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
    }
}

char *
_stp_client_dup_sort_key (StpClient *self)
{
  /* A client known only by a given name sorts by it, not before everyone else. */
  const char *primary = *self->family_name != '\0' ? self->family_name : self->given_name;
  g_autofree char *raw = g_strdup_printf ("%s\t%s", primary, self->given_name);

  return stp_text_fold (raw);
}

/* Validation.
 *
 * Messages speak to the receptionist at the desk: what is wrong and what to type. */

static gboolean
check_text (const char      *text,
            guint            max_chars,
            const char      *what,
            GError         **error)
{
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, STP_CLIENT_ERROR, STP_CLIENT_ERROR_INVALID_TEXT,
                   _("The %s contains characters that cannot be stored. Retype it."), what);
      return FALSE;
    }

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Line breaks and tabs belong in notes; other control characters come from pasting
       * and would break exports and printed documents. */
      if (g_unichar_iscntrl (c) && c != '\n' && c != '\t' && c != '\r')
        {
          g_set_error (error, STP_CLIENT_ERROR, STP_CLIENT_ERROR_INVALID_TEXT,
                       _("The %s contains invisible control characters. Retype it."), what);
          return FALSE;
        }
    }

  if (g_utf8_strlen (text, -1) > (glong)max_chars)
    {
      g_set_error (error, STP_CLIENT_ERROR, STP_CLIENT_ERROR_TOO_LONG,
                   _("The %s is too long: at most %u characters."), what, max_chars);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_single_line (const char  *text,
                   const char  *what,
                   GError     **error)
{
  if (strpbrk (text, "\n\r\t") != NULL)
    {
      g_set_error (error, STP_CLIENT_ERROR, STP_CLIENT_ERROR_INVALID_TEXT,
                   _("The %s must fit on one line."), what);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_name (StpClient   *self,
            const char  *text,
            const char  *what,
            GError     **error)
{
  if (!check_text (text, STP_CLIENT_NAME_MAX, what, error) ||
      !check_single_line (text, what, error))
    return FALSE;
  return TRUE;
}

static gboolean
same_iso_date (const GDate *date,
               const char  *text)
{
  g_autofree char *iso = stp_date_to_iso (date);

  return g_strcmp0 (iso, text) == 0;
}

static gboolean
check_birth_date (StpClient    *self,
                  const GDate  *today,
                  GError      **error)
{
  GDate date;
  GDate oldest;

  if (self->birth_date == NULL)
    return TRUE;

  /* Stored dates are ISO only; the form turns the locale's format into ISO first. */
  if (!stp_date_parse (self->birth_date, &date) ||
      !same_iso_date (&date, self->birth_date))
    {
      g_set_error (error, STP_CLIENT_ERROR, STP_CLIENT_ERROR_BIRTH_DATE_INVALID,
                   _("The date of birth is not a real date. Check day, month and year."));
      return FALSE;
    }

  if (g_date_compare (&date, today) > 0)
    {
      g_set_error (error, STP_CLIENT_ERROR, STP_CLIENT_ERROR_BIRTH_DATE_FUTURE,
                   _("The date of birth is in the future. Check the year."));
      return FALSE;
    }

  oldest = *today;
  g_date_subtract_years (&oldest, STP_CLIENT_MAX_AGE_YEARS);
  if (g_date_compare (&date, &oldest) < 0)
    {
      g_set_error (error, STP_CLIENT_ERROR, STP_CLIENT_ERROR_BIRTH_DATE_TOO_OLD,
                   _("The date of birth is more than %d years ago. Check the year."),
                   STP_CLIENT_MAX_AGE_YEARS);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_email (const char  *email,
             GError     **error)
{
  const char *at;
  const char *domain;
  const char *last_dot;

  if (!check_text (email, STP_CLIENT_EMAIL_MAX, _("email address"), error))
    return FALSE;
  if (*email == '\0')
    return TRUE;

  /* Deliberately simple: one @, something before it, a domain with a dot and no empty
   * labels, no spaces. Real verification is the client answering. */
  at = strchr (email, '@');
  domain = at != NULL ? at + 1 : NULL;
  last_dot = domain != NULL ? strrchr (domain, '.') : NULL;

  if (at == NULL || at == email || strchr (domain, '@') != NULL ||
      strpbrk (email, " \t\n\r,;<>()[]\\\"") != NULL ||
      last_dot == NULL || domain[0] == '.' || last_dot[1] == '\0' ||
      strstr (domain, "..") != NULL || email[strlen (email) - 1] == '.' ||
      at[-1] == '.' || email[0] == '.')
    {
      g_set_error (error, STP_CLIENT_ERROR, STP_CLIENT_ERROR_EMAIL_INVALID,
                   _("This does not look like an email address. It should look like "
                     "name@example.com."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_phone (const char  *phone,
             GError     **error)
{
  guint digits = 0;

  if (!check_text (phone, STP_CLIENT_PHONE_MAX, _("phone number"), error))
    return FALSE;
  if (*phone == '\0')
    return TRUE;

  for (const char *p = phone; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (*p == '+' && p == phone)
        continue;
      else if (strchr (" -()./", *p) == NULL)
        {
          g_set_error (error, STP_CLIENT_ERROR, STP_CLIENT_ERROR_PHONE_INVALID,
                       _("A phone number can only have digits, spaces, a leading + and "
                         "the signs - ( ) . /"));
          return FALSE;
        }
    }

  /* The shortest real subscriber numbers have 6 digits; E.164 allows at most 15. */
  if (digits < 6 || digits > 15)
    {
      g_set_error (error, STP_CLIENT_ERROR, STP_CLIENT_ERROR_PHONE_INVALID,
                   _("A phone number needs between 6 and 15 digits, including the area "
                     "code."));
      return FALSE;
    }

  return TRUE;
}

gboolean
stp_client_validate_field (StpClient      *self,
                           StpClientField  field,
                           const GDate    *today,
                           GError        **error)
{
  GDate now;

  g_return_val_if_fail (STP_IS_CLIENT (self), FALSE);

  if (today == NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_new_now_local ();

      g_date_clear (&now, 1);
      g_date_set_dmy (&now,
                      g_date_time_get_day_of_month (local),
                      g_date_time_get_month (local),
                      g_date_time_get_year (local));
      today = &now;
    }

  switch (field)
    {
    case STP_CLIENT_FIELD_GIVEN_NAME:
      if (!check_name (self, self->given_name, _("given name"), error))
        return FALSE;
      if (*self->given_name == '\0' && *self->family_name == '\0')
        {
          g_set_error (error, STP_CLIENT_ERROR, STP_CLIENT_ERROR_NAME_REQUIRED,
                       _("Enter the client's given name or family name."));
          return FALSE;
        }
      return TRUE;
    case STP_CLIENT_FIELD_FAMILY_NAME:
      return check_name (self, self->family_name, _("family name"), error);
    case STP_CLIENT_FIELD_PREFERRED_NAME:
      return check_name (self, self->preferred_name, _("preferred name"), error);
    case STP_CLIENT_FIELD_BIRTH_DATE:
      return check_birth_date (self, today, error);
    case STP_CLIENT_FIELD_PHONE:
      return check_phone (self->phone, error);
    case STP_CLIENT_FIELD_EMAIL:
      return check_email (self->email, error);
    case STP_CLIENT_FIELD_NOTES:
      return check_text (self->notes, STP_CLIENT_NOTES_MAX, _("notes"), error);
    case STP_CLIENT_FIELD_NONE:
    default:
      return TRUE;
    }
}

gboolean
stp_client_validate (StpClient      *self,
                     const GDate    *today,
                     StpClientField *failed_field,
                     GError        **error)
{
  static const StpClientField form_order[] = {
    STP_CLIENT_FIELD_GIVEN_NAME,
    STP_CLIENT_FIELD_FAMILY_NAME,
    STP_CLIENT_FIELD_PREFERRED_NAME,
    STP_CLIENT_FIELD_BIRTH_DATE,
    STP_CLIENT_FIELD_PHONE,
    STP_CLIENT_FIELD_EMAIL,
    STP_CLIENT_FIELD_NOTES,
  };

  g_return_val_if_fail (STP_IS_CLIENT (self), FALSE);

  if (failed_field != NULL)
    *failed_field = STP_CLIENT_FIELD_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (form_order); i++)
    {
      if (!stp_client_validate_field (self, form_order[i], today, error))
        {
          if (failed_field != NULL)
            *failed_field = form_order[i];
          return FALSE;
        }
    }

  return TRUE;
}
