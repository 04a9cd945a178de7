/* test-consultation-util.h: helpers shared by the consultation, screening, consent and
 * draft saver tests.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "test-util.h"

static inline gint64
test_add_staff (StpStore   *store,
                const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpStaff) staff = stp_staff_new (name, STP_STAFF_ROLE_CONSULTANT);
  gint64 id = stp_store_create_staff (store, staff, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static inline gint64
test_add_consultation (StpStore   *store,
                       gint64      client_id,
                       gint64      consultant_id,
                       const char *iso_date)
{
  g_autoptr(GError) error = NULL;
  gint64 id = stp_store_create_consultation (store, client_id, consultant_id, iso_date, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static inline StpConsultation *
test_get_consultation (StpStore *store,
                       gint64    id)
{
  g_autoptr(GError) error = NULL;
  StpConsultation *c = stp_store_get_consultation (store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

static inline GPtrArray *
test_questions (StpStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *questions = stp_store_list_screening_questions (store, &error);

  g_assert_no_error (error);
  g_assert_nonnull (questions);
  return questions;
}

/* Answers every question "no" and fills what completing needs. */
static inline void
test_fill_required (StpStore        *store,
                    StpConsultation *c)
{
  g_autoptr(GPtrArray) questions = test_questions (store);

  stp_consultation_set_goals (c, STP_GOAL_BUZZ_CUT);
  stp_consultation_set_phototype (c, 3);
  for (guint i = 0; i < questions->len; i++)
    {
      StpScreeningQuestion *q = g_ptr_array_index (questions, i);
      stp_consultation_set_answer (c, q->key, STP_ANSWER_NO, NULL, NULL);
    }
}

static inline void
test_save (StpStore        *store,
           StpConsultation *c)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (stp_store_save_consultation (store, c, &error));
  g_assert_no_error (error);
}

/* A signature as the signing pad would hand it over: strokes and a real PNG. */
static inline StpConsentSignature *
test_signature_new (gint64 consultation_id,
                    gint64 consent_text_id)
{
  static const guint8 png[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
    0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
  };
  StpConsentSignature *s = stp_consent_signature_new ();

  s->consultation_id = consultation_id;
  s->consent_text_id = consent_text_id;
  s->photo_recording = TRUE;
  s->marketing_use = FALSE;
  s->signer_name = g_strdup ("JOSÉ ÑÚÑEZ");
  s->strokes_json = g_strdup ("[[{\"x\":1,\"y\":2,\"p\":0.5,\"t\":0},"
                              "{\"x\":30,\"y\":12,\"p\":0.7,\"t\":16}]]");
  s->image_png = g_bytes_new_static (png, sizeof png);
  return s;
}
