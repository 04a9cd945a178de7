/* stp-consent.h: versioned consent texts and the signatures given on them.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define STP_CONSENT_ERROR (stp_consent_error_quark ())

typedef enum
{
  STP_CONSENT_ERROR_TEXT_REQUIRED,     /* an empty consent text */
  STP_CONSENT_ERROR_TOO_LONG,
  STP_CONSENT_ERROR_INVALID_TEXT,
  STP_CONSENT_ERROR_SIGNER_REQUIRED,   /* the signer's printed name is missing */
  STP_CONSENT_ERROR_SIGNATURE_MISSING, /* no strokes, or the image is not a PNG */
  STP_CONSENT_ERROR_ALREADY_SIGNED,    /* a standing consent exists: revoke it first */
  STP_CONSENT_ERROR_NOT_SIGNABLE,      /* the consultation was superseded by an amendment */
  STP_CONSENT_ERROR_ALREADY_REVOKED,
  STP_CONSENT_ERROR_STAFF_REQUIRED,    /* revoking needs the staff member who recorded it */
  STP_CONSENT_ERROR_ADMIN_REQUIRED,    /* only an administrator changes the consent text */
} StpConsentError;

#define STP_CONSENT_TEXT_MAX    20000
#define STP_CONSENT_SIGNER_MAX  200

/* One version of the consent text. Versions never change once stored. */
typedef struct
{
  gint64  id;
  guint   version;
  char   *body;
  gint64  created_at;   /* unix seconds, UTC; 0 for the text shipped with Stipple */
  gint64  created_by;   /* staff id; 0 for the shipped text */
} StpConsentText;

/* A signed consent. The store fills id, signed_at and the revocation; the rest is what the
 * signing screen captured. */
typedef struct
{
  gint64    id;
  gint64    consultation_id;
  gint64    consent_text_id;   /* the exact text version signed */
  gboolean  photo_recording;   /* photos and pigment records for the treatment record */
  gboolean  marketing_use;     /* photos for marketing (each photo still asks again) */
  char     *signer_name;       /* printed name */
  char     *strokes_json;      /* [[{"x":..,"y":..,"p":..,"t":..}, ...], ...] */
  GBytes   *image_png;         /* the rendered signature */
  gint64    signed_at;
  gint64    revoked_at;        /* 0 while standing */
  gint64    revoked_by;
} StpConsentSignature;

GQuark               stp_consent_error_quark        (void);

void                 stp_consent_text_free          (StpConsentText      *text);
StpConsentSignature *stp_consent_signature_new      (void);
void                 stp_consent_signature_free     (StpConsentSignature *signature);
/* Checks what the signer gave: name, strokes (a JSON array of strokes with points) and a
 * PNG image. */
gboolean             stp_consent_signature_validate (const StpConsentSignature *signature,
                                                     GError             **error);
gboolean             stp_consent_text_validate      (const char          *body,
                                                     GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StpConsentText, stp_consent_text_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StpConsentSignature, stp_consent_signature_free)

G_END_DECLS
