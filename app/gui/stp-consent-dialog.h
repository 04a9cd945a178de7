/* stp-consent-dialog.h: the client reads and signs the consent, or staff see the signed one.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include <stipple/stipple.h>

#include "stp-signature-pad.h"

G_BEGIN_DECLS

#define STP_TYPE_CONSENT_DIALOG (stp_consent_dialog_get_type ())
G_DECLARE_FINAL_TYPE (StpConsentDialog, stp_consent_dialog, STP, CONSENT_DIALOG, AdwWindow)

/* A modal window over parent for one consultation. Its actions: consent.sign,
 * consent.clear and consent.revoke. */
StpConsentDialog *stp_consent_dialog_new          (GtkWindow        *parent,
                                                   StpStore         *store,
                                                   gint64            consultation_id);
gint64            stp_consent_dialog_get_consultation_id (StpConsentDialog *self);
/* For tests: the signing widgets. */
StpSignaturePad  *stp_consent_dialog_get_pad      (StpConsentDialog *self);
GtkEditable      *stp_consent_dialog_get_name_entry (StpConsentDialog *self);
GtkSwitch        *stp_consent_dialog_get_photo_switch (StpConsentDialog *self);
GtkSwitch        *stp_consent_dialog_get_marketing_switch (StpConsentDialog *self);
/* The inline error, empty when none. */
const char       *stp_consent_dialog_get_error    (StpConsentDialog *self);
/* TRUE while it shows a standing signed consent. */
gboolean          stp_consent_dialog_is_signed    (StpConsentDialog *self);

G_END_DECLS
