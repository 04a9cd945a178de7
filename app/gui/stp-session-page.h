/* stp-session-page.h: the session form a practitioner fills during or right after a
 * session, prefilled from the client's previous one; also shows a logged session for
 * correction.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include <stipple/stipple.h>

#include "stp-session-photos.h"
#include "stp-session-sketch.h"

G_BEGIN_DECLS

#define STP_TYPE_SESSION_PAGE (stp_session_page_get_type ())
G_DECLARE_FINAL_TYPE (StpSessionPage, stp_session_page, STP, SESSION_PAGE, AdwBin)

GtkWidget   *stp_session_page_new          (void);
void         stp_session_page_set_store    (StpSessionPage  *self,
                                            StpStore        *store);
/* A new session for the client, prefilled from their previous one. */
gboolean     stp_session_page_load_new     (StpSessionPage  *self,
                                            gint64           client_id,
                                            GError         **error);
/* A logged session, to read or correct (a correction asks for a reason). */
gboolean     stp_session_page_load         (StpSessionPage  *self,
                                            gint64           session_id,
                                            GError         **error);
gint64       stp_session_page_get_client_id (StpSessionPage *self);
/* TRUE when the form holds edits that are not saved. */
gboolean     stp_session_page_get_dirty    (StpSessionPage  *self);
/* "New Session" or "Session of 14/03/2026". */
const char  *stp_session_page_get_title    (StpSessionPage  *self);
/* Checks the form and saves it; dialogs ask for an expired-lot acknowledgement or a
 * correction's reason when needed. Emits "saved" (the session id) once stored. */
void         stp_session_page_save         (StpSessionPage  *self);

/* For tests: a named control ("kind", "date", "time", "duration", "timer",
 * "practitioner", "pain", "bleeding", "redness", "swelling", "notes", "machine",
 * "save", "add-pigment", "add-needle", "area-N", "pigment-N-brand|shade|dilution|lot|
 * expiry", "needle-N-configuration|diameter|taper|lot|expiry", the photos' "import",
 * "pick", "photo-ID", "photo-ID-role", "photo-ID-remove", the sketch's "sketch" and
 * "region-ITEM"), or NULL. */
GtkWidget   *stp_session_page_get_widget   (StpSessionPage  *self,
                                            const char      *name);
/* The before and after photos, and the sketch followed with its regions. */
StpSessionPhotos *stp_session_page_get_photos (StpSessionPage *self);
StpSessionSketch *stp_session_page_get_sketch (StpSessionPage *self);
/* The validation message the form shows, or NULL. */
const char  *stp_session_page_get_message  (StpSessionPage  *self);

G_END_DECLS
