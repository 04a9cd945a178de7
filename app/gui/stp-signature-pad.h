/* stp-signature-pad.h: a box to sign in with a mouse, a pen or a finger.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define STP_TYPE_SIGNATURE_PAD (stp_signature_pad_get_type ())
G_DECLARE_FINAL_TYPE (StpSignaturePad, stp_signature_pad, STP, SIGNATURE_PAD, GtkWidget)

GtkWidget  *stp_signature_pad_new              (void);
/* TRUE until a stroke has been drawn; notifies "empty". */
gboolean    stp_signature_pad_is_empty         (StpSignaturePad *self);
void        stp_signature_pad_clear            (StpSignaturePad *self);
/* What the gestures call; tests draw through these too. Coordinates in widget pixels,
 * pressure 0..1. */
void        stp_signature_pad_begin_stroke     (StpSignaturePad *self,
                                                double           x,
                                                double           y,
                                                double           pressure);
void        stp_signature_pad_extend_stroke    (StpSignaturePad *self,
                                                double           x,
                                                double           y,
                                                double           pressure);
void        stp_signature_pad_end_stroke       (StpSignaturePad *self);
/* The strokes in the consent's JSON format; NULL when empty. */
char       *stp_signature_pad_dup_strokes_json (StpSignaturePad *self);
/* The signature as a PNG the size of the pad, through the core's renderer. */
GBytes     *stp_signature_pad_render_png       (StpSignaturePad *self,
                                                GError         **error);

G_END_DECLS
