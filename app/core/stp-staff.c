/* stp-staff.c
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-staff"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "stp-staff-private.h"
#include "stipple/stp-text.h"

struct _StpStaff
{
  GObject       parent_instance;

  gint64        id;
  char         *name;
  StpStaffRole  role;
  gboolean      active;
};

G_DEFINE_FINAL_TYPE (StpStaff, stp_staff, G_TYPE_OBJECT)

G_DEFINE_QUARK (stp-staff-error-quark, stp_staff_error)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_ROLE,
  PROP_ROLE_LABEL,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct {
  const char *key;
  const char *label;
} roles[STP_STAFF_N_ROLES] = {
  [STP_STAFF_ROLE_CONSULTANT] = { "consultant", N_("Consultant") },
  [STP_STAFF_ROLE_PRACTITIONER] = { "practitioner", N_("Practitioner") },
  [STP_STAFF_ROLE_RECEPTIONIST] = { "receptionist", N_("Receptionist") },
  [STP_STAFF_ROLE_ADMIN] = { "admin", N_("Administrator") },
};

static void
stp_staff_finalize (GObject *object)
{
  StpStaff *self = (StpStaff *)object;

  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (stp_staff_parent_class)->finalize (object);
}

static void
stp_staff_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  StpStaff *self = STP_STAFF (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_ROLE:
      g_value_set_int (value, self->role);
      break;
    case PROP_ROLE_LABEL:
      g_value_set_string (value, stp_staff_role_get_label (self->role));
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stp_staff_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  StpStaff *self = STP_STAFF (object);

  switch (prop_id)
    {
    case PROP_NAME:
      stp_staff_set_name (self, g_value_get_string (value));
      break;
    case PROP_ROLE:
      stp_staff_set_role (self, g_value_get_int (value));
      break;
    case PROP_ACTIVE:
      stp_staff_set_active (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stp_staff_class_init (StpStaffClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = stp_staff_finalize;
  object_class->get_property = stp_staff_get_property;
  object_class->set_property = stp_staff_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "", rw);
  properties[PROP_ROLE] =
    g_param_spec_int ("role", NULL, NULL, 0, STP_STAFF_N_ROLES - 1, 0, rw);
  properties[PROP_ROLE_LABEL] =
    g_param_spec_string ("role-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, TRUE, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
stp_staff_init (StpStaff *self)
{
  self->name = g_strdup ("");
  self->active = TRUE;
}

StpStaff *
stp_staff_new (const char   *name,
               StpStaffRole  role)
{
  StpStaff *self = g_object_new (STP_TYPE_STAFF, NULL);

  stp_staff_set_name (self, name);
  stp_staff_set_role (self, role);

  return self;
}

gint64
stp_staff_get_id (StpStaff *self)
{
  g_return_val_if_fail (STP_IS_STAFF (self), 0);
  return self->id;
}

const char *
stp_staff_get_name (StpStaff *self)
{
  g_return_val_if_fail (STP_IS_STAFF (self), NULL);
  return self->name;
}

void
stp_staff_set_name (StpStaff   *self,
                    const char *name)
{
  g_autofree char *stripped = stp_text_strip_dup (name);

  g_return_if_fail (STP_IS_STAFF (self));

  if (stripped == NULL)
    stripped = g_strdup ("");
  if (g_strcmp0 (self->name, stripped) == 0)
    return;

  g_free (self->name);
  self->name = g_steal_pointer (&stripped);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

StpStaffRole
stp_staff_get_role (StpStaff *self)
{
  g_return_val_if_fail (STP_IS_STAFF (self), STP_STAFF_ROLE_CONSULTANT);
  return self->role;
}

void
stp_staff_set_role (StpStaff     *self,
                    StpStaffRole  role)
{
  g_return_if_fail (STP_IS_STAFF (self));
  g_return_if_fail (role < STP_STAFF_N_ROLES);

  if (self->role == role)
    return;

  self->role = role;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE_LABEL]);
}

gboolean
stp_staff_get_active (StpStaff *self)
{
  g_return_val_if_fail (STP_IS_STAFF (self), FALSE);
  return self->active;
}

void
stp_staff_set_active (StpStaff *self,
                      gboolean  active)
{
  g_return_if_fail (STP_IS_STAFF (self));

  active = !!active;
  if (self->active == active)
    return;

  self->active = active;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

gboolean
stp_staff_validate (StpStaff  *self,
                    GError   **error)
{
  g_return_val_if_fail (STP_IS_STAFF (self), FALSE);

  if (!g_utf8_validate (self->name, -1, NULL))
    {
      g_set_error (error, STP_STAFF_ERROR, STP_STAFF_ERROR_INVALID_TEXT,
                   _("The name contains characters that cannot be stored. Retype it."));
      return FALSE;
    }

  for (const char *p = self->name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error (error, STP_STAFF_ERROR, STP_STAFF_ERROR_INVALID_TEXT,
                     _("The name contains invisible control characters. Retype it."));
        return FALSE;
      }

  if (*self->name == '\0')
    {
      g_set_error (error, STP_STAFF_ERROR, STP_STAFF_ERROR_NAME_REQUIRED,
                   _("Enter the staff member's name."));
      return FALSE;
    }

  if (g_utf8_strlen (self->name, -1) > STP_STAFF_NAME_MAX)
    {
      g_set_error (error, STP_STAFF_ERROR, STP_STAFF_ERROR_TOO_LONG,
                   _("The name is too long: at most %d characters."), STP_STAFF_NAME_MAX);
      return FALSE;
    }

  if ((guint)self->role >= STP_STAFF_N_ROLES)
    {
      g_set_error (error, STP_STAFF_ERROR, STP_STAFF_ERROR_INVALID_ROLE,
                   _("Choose a role for the staff member."));
      return FALSE;
    }

  return TRUE;
}

const char *
stp_staff_role_to_string (StpStaffRole role)
{
  g_return_val_if_fail (role < STP_STAFF_N_ROLES, NULL);
  return roles[role].key;
}

gboolean
stp_staff_role_from_string (const char   *text,
                            StpStaffRole *role)
{
  for (guint i = 0; i < STP_STAFF_N_ROLES; i++)
    if (g_strcmp0 (text, roles[i].key) == 0)
      {
        *role = i;
        return TRUE;
      }

  return FALSE;
}

const char *
stp_staff_role_get_label (StpStaffRole role)
{
  g_return_val_if_fail (role < STP_STAFF_N_ROLES, NULL);
  return g_dgettext (GETTEXT_PACKAGE, roles[role].label);
}

void
_stp_staff_set_id (StpStaff *self,
                   gint64    id)
{
  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}
