/* stp-store-check.h: the quick integrity check of a database file on open, run now or
 * later, once per store, by whichever thread asks first.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _StpOpenCheck StpOpenCheck;

/* A check of the database at path; already_passed for a file Stipple has just created,
 * which has nothing to check. */
StpOpenCheck *_stp_open_check_new    (const char    *path,
                                      gboolean       already_passed);
/* Nothing may be running it any more. */
void          _stp_open_check_free   (StpOpenCheck  *check);

/* Runs the check through a read-only connection of its own, or waits for the thread that
 * is running it, and gives its verdict; once given, a verdict is final. Safe from any
 * thread. Cancelling interrupts SQLite (G_IO_ERROR_CANCELLED) and leaves the check to be
 * run again. Errors: STP_STORE_ERROR_CORRUPT, _BUSY or _IO. */
gboolean      _stp_open_check_run    (StpOpenCheck  *check,
                                      GCancellable  *cancellable,
                                      GError       **error);
gboolean      _stp_open_check_passed (StpOpenCheck  *check);

/* STP_STORE_ERROR_CORRUPT, worded for the clinic. */
void          _stp_set_corrupt_error (const char    *path,
                                      const char    *detail,
                                      GError       **error);

G_END_DECLS
