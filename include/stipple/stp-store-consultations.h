/* stp-store-consultations.h: consultations, screening, clearances and consent in the store.
 *
 * Every call that changes data is one transaction with its audit rows, and emits
 * StpStore::changed with STP_ENTITY_CONSULTATION (or STP_ENTITY_CONSENT_TEXT) after the
 * commit.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "stp-consent.h"
#include "stp-consultation.h"
#include "stp-screening.h"
#include "stp-store.h"

G_BEGIN_DECLS

/* A new, empty draft for a client, held on date (ISO; NULL: today). */
gint64            stp_store_create_consultation   (StpStore         *self,
                                                   gint64            client_id,
                                                   gint64            consultant_id,
                                                   const char       *iso_date,
                                                   GError          **error);
/* Replaces the draft's whole content (intake, scars, transplants, answers, plan) at once.
 * Drafts only (STP_CONSULTATION_ERROR_READ_ONLY otherwise); values are validated first. */
gboolean          stp_store_save_consultation     (StpStore         *self,
                                                   StpConsultation  *consultation,
                                                   GError          **error);
StpConsultation  *stp_store_get_consultation      (StpStore         *self,
                                                   gint64            id,
                                                   GError          **error);
/* A client's consultations, newest first (by date, then id); every version. */
GPtrArray        *stp_store_list_consultations    (StpStore         *self,
                                                   gint64            client_id,
                                                   GError          **error);
/* Marks a draft complete. Refused with STP_CONSULTATION_ERROR_REQUIRED when an answer is
 * missing, and with STP_CONSULTATION_ERROR_NOT_READY while screening blocks booking. */
gboolean          stp_store_complete_consultation (StpStore         *self,
                                                   gint64            id,
                                                   GError          **error);
/* Copies a complete consultation into a new draft version (returned) and marks the old
 * one amended; the old one stays readable, as does its consent. */
gint64            stp_store_amend_consultation    (StpStore         *self,
                                                   gint64            id,
                                                   GError          **error);

/* The questionnaire in order (elements StpScreeningQuestion). */
GPtrArray        *stp_store_list_screening_questions (StpStore      *self,
                                                      GError       **error);
/* Elements StpClearance, oldest first. */
GPtrArray        *stp_store_list_clearances       (StpStore         *self,
                                                   gint64            consultation_id,
                                                   GError          **error);
/* question_key NULL clears the whole consultation. */
gint64            stp_store_record_clearance      (StpStore         *self,
                                                   gint64            consultation_id,
                                                   const char       *question_key,
                                                   gint64            cleared_by,
                                                   const char       *note,
                                                   GError          **error);
/* The consultation's flags with their clearances (elements StpScreeningFlag). */
GPtrArray        *stp_store_get_screening_flags   (StpStore         *self,
                                                   gint64            consultation_id,
                                                   const GDate      *today,
                                                   GError          **error);

/* Consent texts: newest version first. Adding one (an admin's edit) is a new version. */
GPtrArray        *stp_store_list_consent_texts    (StpStore         *self,
                                                   GError          **error);
StpConsentText   *stp_store_get_consent_text      (StpStore         *self,
                                                   gint64            id,
                                                   GError          **error);
StpConsentText   *stp_store_get_current_consent_text (StpStore      *self,
                                                      GError       **error);
gint64            stp_store_add_consent_text      (StpStore         *self,
                                                   const char       *body,
                                                   GError          **error);

/* Stores a signature on the consultation in signature->consultation_id for the text
 * version in consent_text_id; refused while a standing consent exists. Returns its id. */
gint64            stp_store_sign_consent          (StpStore         *self,
                                                   StpConsentSignature *signature,
                                                   GError          **error);
/* The standing signature of a consultation, else its latest revoked one; NULL with
 * STP_STORE_ERROR_NOT_FOUND when it was never signed. */
StpConsentSignature *stp_store_get_consent_signature (StpStore      *self,
                                                      gint64         consultation_id,
                                                      GError       **error);
gboolean          stp_store_revoke_consent        (StpStore         *self,
                                                   gint64            signature_id,
                                                   gint64            revoked_by,
                                                   GError          **error);

G_END_DECLS
