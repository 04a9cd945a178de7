/* stp-client.h: a client record and the rules its fields must follow.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define STP_CLIENT_ERROR (stp_client_error_quark ())

typedef enum
{
  STP_CLIENT_ERROR_NAME_REQUIRED,
  STP_CLIENT_ERROR_TOO_LONG,
  STP_CLIENT_ERROR_INVALID_TEXT,        /* control characters or broken UTF-8 */
  STP_CLIENT_ERROR_BIRTH_DATE_INVALID,  /* not a real calendar date */
  STP_CLIENT_ERROR_BIRTH_DATE_FUTURE,
  STP_CLIENT_ERROR_BIRTH_DATE_TOO_OLD,  /* more than 120 years ago */
  STP_CLIENT_ERROR_EMAIL_INVALID,
  STP_CLIENT_ERROR_PHONE_INVALID,
} StpClientError;

typedef enum
{
  STP_CLIENT_FIELD_NONE,
  STP_CLIENT_FIELD_GIVEN_NAME,
  STP_CLIENT_FIELD_FAMILY_NAME,
  STP_CLIENT_FIELD_PREFERRED_NAME,
  STP_CLIENT_FIELD_BIRTH_DATE,
  STP_CLIENT_FIELD_PHONE,
  STP_CLIENT_FIELD_EMAIL,
  STP_CLIENT_FIELD_NOTES,
} StpClientField;

/* Length limits, in characters. */
#define STP_CLIENT_NAME_MAX   100
#define STP_CLIENT_PHONE_MAX  40
#define STP_CLIENT_EMAIL_MAX  254
#define STP_CLIENT_NOTES_MAX  10000
#define STP_CLIENT_MAX_AGE_YEARS 120

#define STP_TYPE_CLIENT (stp_client_get_type ())
G_DECLARE_FINAL_TYPE (StpClient, stp_client, STP, CLIENT, GObject)

GQuark       stp_client_error_quark         (void);

StpClient   *stp_client_new                 (void);
StpClient   *stp_client_copy                (StpClient   *self);

gint64       stp_client_get_id              (StpClient   *self);
const char  *stp_client_get_given_name      (StpClient   *self);
void         stp_client_set_given_name      (StpClient   *self,
                                             const char  *value);
const char  *stp_client_get_family_name     (StpClient   *self);
void         stp_client_set_family_name     (StpClient   *self,
                                             const char  *value);
const char  *stp_client_get_preferred_name  (StpClient   *self);
void         stp_client_set_preferred_name  (StpClient   *self,
                                             const char  *value);
/* ISO 8601 calendar date "YYYY-MM-DD", or NULL when unknown. */
const char  *stp_client_get_birth_date      (StpClient   *self);
void         stp_client_set_birth_date      (StpClient   *self,
                                             const char  *iso_date);
const char  *stp_client_get_phone           (StpClient   *self);
void         stp_client_set_phone           (StpClient   *self,
                                             const char  *value);
const char  *stp_client_get_email           (StpClient   *self);
void         stp_client_set_email           (StpClient   *self,
                                             const char  *value);
const char  *stp_client_get_notes           (StpClient   *self);
void         stp_client_set_notes           (StpClient   *self,
                                             const char  *value);
gboolean     stp_client_get_photo_consent   (StpClient   *self);
void         stp_client_set_photo_consent   (StpClient   *self,
                                             gboolean     value);
gboolean     stp_client_get_marketing_consent (StpClient *self);
void         stp_client_set_marketing_consent (StpClient *self,
                                             gboolean     value);
gboolean     stp_client_get_archived        (StpClient   *self);
/* Unix seconds, UTC; 0 before the client is first saved. */
gint64       stp_client_get_created_at      (StpClient   *self);
gint64       stp_client_get_updated_at      (StpClient   *self);

/* "Preferred Family" when a preferred name is set, else "Given Family". Never empty
 * for a valid client. */
char        *stp_client_dup_display_name    (StpClient   *self);

/* Checks one field; today is the local date to judge birth dates against (NULL: now). */
gboolean     stp_client_validate_field      (StpClient      *self,
                                             StpClientField  field,
                                             const GDate    *today,
                                             GError        **error);
/* Checks every field in form order; on failure *failed_field names the first bad one. */
gboolean     stp_client_validate            (StpClient      *self,
                                             const GDate    *today,
                                             StpClientField *failed_field,
                                             GError        **error);

G_END_DECLS
