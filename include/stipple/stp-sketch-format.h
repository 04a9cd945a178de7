/* stp-sketch-format.h: a sketch as JSON, and the loader that checks every field.
 *
 * {"format": "stipple-sketch", "version": 1, "name": ..., "photo": {...}, "layers": [...],
 *  "midline": {...}, "guides": {...}, "calibration": {...} or null, "items": [...]}
 * Stroke and polygon points are flat arrays [x, y, pressure, x, y, pressure, ...];
 * curve nodes are flat arrays of six numbers per node (x, y, in x, in y, out x, out y).
 * The loader refuses anything it cannot vouch for (wrong types, NaN or infinite
 * numbers, out-of-range values, oversized arrays, unknown versions or kinds, duplicate
 * ids) with a STP_SKETCH_ERROR code and a message a person can act on, and never
 * crashes on hostile input.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "stp-sketch.h"

G_BEGIN_DECLS

#define STP_SKETCH_FORMAT_NAME     "stipple-sketch"
#define STP_SKETCH_FORMAT_VERSION  1
/* The largest file the loader reads (the database column holds up to 32 MiB too). */
#define STP_SKETCH_MAX_BYTES       (32 * 1024 * 1024)

/* The sketch as compact UTF-8 JSON (NUL-terminated); *length (optional) gets its size. */
char       *stp_sketch_to_json         (StpSketch    *sketch,
                                        gsize        *length);
/* Parses and validates data (length -1: NUL-terminated). */
StpSketch  *stp_sketch_new_from_json   (const char   *data,
                                        gssize        length,
                                        GError      **error);
gboolean    stp_sketch_save_to_file    (StpSketch    *sketch,
                                        const char   *path,
                                        GError      **error);
StpSketch  *stp_sketch_new_from_file   (const char   *path,
                                        GError      **error);

G_END_DECLS
