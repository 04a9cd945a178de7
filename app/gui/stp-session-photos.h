/* stp-session-photos.h: the session form's before and after photos: thumbnails with their
 * role, imported right there or picked from the client's photos.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <stipple/stipple.h>

G_BEGIN_DECLS

#define STP_TYPE_SESSION_PHOTOS (stp_session_photos_get_type ())
G_DECLARE_FINAL_TYPE (StpSessionPhotos, stp_session_photos, STP, SESSION_PHOTOS,
                      AdwPreferencesGroup)

GtkWidget  *stp_session_photos_new          (void);
void        stp_session_photos_set_store    (StpSessionPhotos *self,
                                             StpStore         *store);
/* Shows the photos (StpSessionPhoto) of a session of the client that started at
 * started_at (imported photos get their role from it). */
void        stp_session_photos_load         (StpSessionPhotos *self,
                                             gint64            client_id,
                                             gint64            started_at,
                                             GArray           *photos);
/* Replaces the contents of photos (StpSessionPhoto) with the chosen ones, in order. */
void        stp_session_photos_read         (StpSessionPhotos *self,
                                             GArray           *photos);
/* Adds a photo of the client with a role, or changes its role when already chosen. */
gboolean    stp_session_photos_add          (StpSessionPhotos *self,
                                             gint64            photo_id,
                                             StpPhotoRole      role);
void        stp_session_photos_remove       (StpSessionPhotos *self,
                                             gint64            photo_id);
/* Opens the file chooser; what it imports is added with a role from its time. */
void        stp_session_photos_choose_files (StpSessionPhotos *self);
/* Imports files for the client off the main thread (as the gallery does) and adds them;
 * FALSE when nothing started. */
gboolean    stp_session_photos_import_files (StpSessionPhotos *self,
                                             GFile           **files,
                                             guint             n_files);
gboolean    stp_session_photos_is_importing (StpSessionPhotos *self);
/* Opens the dialog that shows the client's photos to tick as before or after. */
GtkWidget  *stp_session_photos_pick         (StpSessionPhotos *self);
/* "import", "pick", "photo-<id>-role", "photo-<id>-remove", "photo-<id>" (the row). */
GtkWidget  *stp_session_photos_get_widget   (StpSessionPhotos *self,
                                             const char       *name);

G_END_DECLS
