/* stipple.h: the UI-free core of Stipple.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "stp-client.h"
#include "stp-client-list.h"
#include "stp-consent.h"
#include "stp-consultation.h"
#include "stp-demo.h"
#include "stp-draft-saver.h"
#include "stp-photo-gate.h"
#include "stp-photo-store.h"
#include "stp-opening-hours.h"
#include "stp-plan.h"
#include "stp-protocol.h"
#include "stp-preview.h"
#include "stp-screening.h"
#include "stp-session.h"
#include "stp-session-regions.h"
#include "stp-signature.h"
#include "stp-sketch.h"
#include "stp-sketch-export.h"
#include "stp-sketch-format.h"
#include "stp-sketch-history.h"
#include "stp-sketch-render.h"
#include "stp-sketch-view.h"
#include "stp-staff.h"
#include "stp-store.h"
#include "stp-store-consultations.h"
#include "stp-store-followups.h"
#include "stp-store-sessions.h"
#include "stp-store-photos.h"
#include "stp-store-sketches.h"
#include "stp-summary.h"
#include "stp-text.h"
#include "stp-vocabulary.h"
