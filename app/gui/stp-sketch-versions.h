/* stp-sketch-versions.h: a client's saved sketch versions, for the client page.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include <stipple/stipple.h>

G_BEGIN_DECLS

#define STP_TYPE_SKETCH_VERSIONS (stp_sketch_versions_get_type ())
G_DECLARE_FINAL_TYPE (StpSketchVersions, stp_sketch_versions, STP, SKETCH_VERSIONS,
                      AdwPreferencesGroup)

GtkWidget *stp_sketch_versions_new         (void);
void       stp_sketch_versions_set_store   (StpSketchVersions *self,
                                            StpStore          *store);
/* Lists this client's versions (0: hides the group). */
void       stp_sketch_versions_set_client  (StpSketchVersions *self,
                                            gint64             client_id);
/* How many versions are listed (for tests). */
guint      stp_sketch_versions_get_n_rows  (StpSketchVersions *self);

G_END_DECLS
