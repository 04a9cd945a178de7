/* stp-consent-text-page.h: the Preferences page where an admin edits the consent text.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <stipple/stipple.h>

G_BEGIN_DECLS

#define STP_TYPE_CONSENT_TEXT_PAGE (stp_consent_text_page_get_type ())
G_DECLARE_FINAL_TYPE (StpConsentTextPage, stp_consent_text_page, STP, CONSENT_TEXT_PAGE,
                      AdwPreferencesPage)

GtkWidget  *stp_consent_text_page_new           (StpStore           *store);
/* What the editor holds; what "Save as New Version" would store. */
char       *stp_consent_text_page_dup_text      (StpConsentTextPage *self);
void        stp_consent_text_page_set_text      (StpConsentTextPage *self,
                                                 const char         *text);
/* The same as pressing "Save as New Version"; FALSE with the message shown inline. */
gboolean    stp_consent_text_page_save          (StpConsentTextPage *self);

G_END_DECLS
