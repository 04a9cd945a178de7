/* stp-session-sketch.h: the session form's sketch version followed (picked with
 * thumbnails) and the regions of that version that were treated.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <stipple/stipple.h>

G_BEGIN_DECLS

#define STP_TYPE_SESSION_SKETCH (stp_session_sketch_get_type ())
G_DECLARE_FINAL_TYPE (StpSessionSketch, stp_session_sketch, STP, SESSION_SKETCH,
                      AdwPreferencesGroup)

GtkWidget  *stp_session_sketch_new           (void);
void        stp_session_sketch_set_store     (StpSessionSketch *self,
                                              StpStore         *store);
/* Lists the client's sketch versions, selects version_id (0: none) and ticks the regions
 * (StpSessionRegion) saved with the session. */
void        stp_session_sketch_load          (StpSessionSketch *self,
                                              gint64            client_id,
                                              gint64            version_id,
                                              GPtrArray        *regions);
gint64      stp_session_sketch_get_version   (StpSessionSketch *self);
/* Selects another version (0: none); its regions are listed unticked. FALSE when the
 * client has no such version. */
gboolean    stp_session_sketch_set_version   (StpSessionSketch *self,
                                              gint64            version_id);
/* Replaces the contents of regions (StpSessionRegion) with the ticked ones. */
void        stp_session_sketch_read_regions  (StpSessionSketch *self,
                                              GPtrArray        *regions);
/* The number of regions listed for the selected version. */
guint       stp_session_sketch_get_n_regions (StpSessionSketch *self);
/* "sketch" (the version row), "region-<item id>" (a region's check button). */
GtkWidget  *stp_session_sketch_get_widget    (StpSessionSketch *self,
                                              const char       *name);

G_END_DECLS
