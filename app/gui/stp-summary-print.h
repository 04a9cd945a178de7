/* stp-summary-print.h: the consultation summary laid out with Pango, printed or as a PDF.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include <stipple/stipple.h>

G_BEGIN_DECLS

/* "Consultation - <client> - <date>.pdf" */
char      *stp_summary_dup_default_filename (StpStore   *store,
                                             gint64      consultation_id);
/* Writes the summary to filename as a PDF through GtkPrintOperation, the same drawing
 * printing uses. parent may be NULL. */
gboolean   stp_summary_export_pdf           (GtkWindow  *parent,
                                             StpStore   *store,
                                             gint64      consultation_id,
                                             const char *filename,
                                             GError    **error);
/* Opens the print dialog and prints the same pages; failures are reported in a toast of
 * window, an StpWindow. */
void       stp_summary_print                (GtkWindow  *window,
                                             StpStore   *store,
                                             gint64      consultation_id);
/* Asks where to save (a native file chooser), exports, and reports in a toast of window,
 * an StpWindow. */
void       stp_summary_export_with_chooser  (GtkWindow  *window,
                                             StpStore   *store,
                                             gint64      consultation_id);

G_END_DECLS
