/* stp-staff-private.h
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "stipple/stp-staff.h"

G_BEGIN_DECLS

void _stp_staff_set_id (StpStaff *self,
                        gint64    id);

G_END_DECLS
