/* stp-staff.h: a member of the clinic's staff.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define STP_STAFF_ERROR (stp_staff_error_quark ())

typedef enum
{
  STP_STAFF_ERROR_NAME_REQUIRED,
  STP_STAFF_ERROR_TOO_LONG,
  STP_STAFF_ERROR_INVALID_TEXT,
  STP_STAFF_ERROR_INVALID_ROLE,
} StpStaffError;

typedef enum
{
  STP_STAFF_ROLE_CONSULTANT,
  STP_STAFF_ROLE_PRACTITIONER,
  STP_STAFF_ROLE_RECEPTIONIST,
  STP_STAFF_ROLE_ADMIN,
  STP_STAFF_N_ROLES,
} StpStaffRole;

#define STP_STAFF_NAME_MAX 100

#define STP_TYPE_STAFF (stp_staff_get_type ())
G_DECLARE_FINAL_TYPE (StpStaff, stp_staff, STP, STAFF, GObject)

GQuark        stp_staff_error_quark     (void);

StpStaff     *stp_staff_new             (const char   *name,
                                         StpStaffRole  role);
gint64        stp_staff_get_id          (StpStaff     *self);
const char   *stp_staff_get_name        (StpStaff     *self);
void          stp_staff_set_name        (StpStaff     *self,
                                         const char   *name);
StpStaffRole  stp_staff_get_role        (StpStaff     *self);
void          stp_staff_set_role        (StpStaff     *self,
                                         StpStaffRole  role);
gboolean      stp_staff_get_active      (StpStaff     *self);
void          stp_staff_set_active      (StpStaff     *self,
                                         gboolean      active);
gboolean      stp_staff_validate        (StpStaff     *self,
                                         GError      **error);

/* Stable database spelling ("consultant") and the translated label ("Consultant"). */
const char   *stp_staff_role_to_string  (StpStaffRole  role);
gboolean      stp_staff_role_from_string (const char  *text,
                                          StpStaffRole *role);
const char   *stp_staff_role_get_label  (StpStaffRole  role);

G_END_DECLS
