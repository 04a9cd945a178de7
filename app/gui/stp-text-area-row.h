/* stp-text-area-row.h: a boxed-list row for text that runs over several lines.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define STP_TYPE_TEXT_AREA_ROW (stp_text_area_row_get_type ())
G_DECLARE_FINAL_TYPE (StpTextAreaRow, stp_text_area_row, STP, TEXT_AREA_ROW,
                      AdwPreferencesRow)

GtkWidget  *stp_text_area_row_new      (const char     *title);
/* The whole text, as typed (not stripped). */
char       *stp_text_area_row_dup_text (StpTextAreaRow *self);
/* Replaces the text without emitting "changed", as loading a record should. */
void        stp_text_area_row_set_text (StpTextAreaRow *self,
                                        const char     *text);
GtkTextView *stp_text_area_row_get_text_view (StpTextAreaRow *self);

G_END_DECLS
