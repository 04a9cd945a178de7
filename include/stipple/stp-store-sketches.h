/* stp-store-sketches.h: named sketch versions of a client, over one of their photos.
 *
 * Every call that changes data is one transaction with its audit row, and emits
 * StpStore::changed with STP_ENTITY_SKETCH after the commit. A version followed by a
 * treatment session is locked (locked_at set): its drawing and name can no longer
 * change and it cannot be deleted; copy it to edit (STP_SKETCH_ERROR_LOCKED).
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "stp-sketch.h"
#include "stp-store.h"

G_BEGIN_DECLS

/* One version as listed (without its drawing). */
typedef struct
{
  gint64  id;
  gint64  client_id;
  gint64  photo_id;        /* 0 when none (or the photo was removed) */
  gint64  copied_from;     /* 0 when drawn from scratch */
  char   *name;
  int     format_version;
  gint64  created_at;      /* unix seconds, UTC */
  gint64  created_by;      /* staff id, 0 when nobody was chosen */
  gint64  updated_at;
  gint64  locked_at;       /* 0 while it can still change */
  GBytes *thumbnail;       /* PNG, NULL when none */
} StpSketchVersion;

void              stp_sketch_version_free          (StpSketchVersion *version);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StpSketchVersion, stp_sketch_version_free)

/* Saves sketch as a new version named name (trimmed; 1-100 characters, unique for the
 * client: STP_SKETCH_ERROR_NAME_TAKEN otherwise) over photo_id (0: none). thumbnail is
 * the PNG to list it with (NULL: rendered from the sketch alone). Returns the id. */
gint64            stp_store_create_sketch_version  (StpStore         *self,
                                                    gint64            client_id,
                                                    gint64            photo_id,
                                                    const char       *name,
                                                    StpSketch        *sketch,
                                                    GBytes           *thumbnail,
                                                    GError          **error);
/* A client's versions, oldest first (elements StpSketchVersion). */
GPtrArray        *stp_store_list_sketch_versions   (StpStore         *self,
                                                    gint64            client_id,
                                                    GError          **error);
StpSketchVersion *stp_store_get_sketch_version     (StpStore         *self,
                                                    gint64            id,
                                                    GError          **error);
/* The version a consultation's documents show: the one linked to the consultation
 * (sketch_version.consultation_id) or, for an amendment, to the version it amends, else
 * the newest of the consultation's client. NULL
 * with STP_STORE_ERROR_NOT_FOUND when the client has no version (or no such
 * consultation). */
StpSketchVersion *stp_store_get_sketch_version_for_consultation (StpStore   *self,
                                                                 gint64      consultation_id,
                                                                 GError    **error);
/* The version's drawing, validated like any file (the database is not trusted more). */
StpSketch        *stp_store_load_sketch            (StpStore         *self,
                                                    gint64            id,
                                                    GError          **error);
/* Replaces the drawing (and thumbnail; NULL renders one). Refused when locked. */
gboolean          stp_store_update_sketch_version  (StpStore         *self,
                                                    gint64            id,
                                                    StpSketch        *sketch,
                                                    GBytes           *thumbnail,
                                                    GError          **error);
gboolean          stp_store_rename_sketch_version  (StpStore         *self,
                                                    gint64            id,
                                                    const char       *name,
                                                    GError          **error);
/* A new, unlocked version with the same drawing, photo and thumbnail under new_name. */
gint64            stp_store_copy_sketch_version    (StpStore         *self,
                                                    gint64            id,
                                                    const char       *new_name,
                                                    GError          **error);
/* Refused when locked. */
gboolean          stp_store_delete_sketch_version  (StpStore         *self,
                                                    gint64            id,
                                                    GError          **error);

G_END_DECLS
