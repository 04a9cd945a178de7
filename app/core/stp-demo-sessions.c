/* stp-demo-sessions.c: made-up treatment plans and sessions for demo clients, so the
 * timeline, the prefilled form and lot recall have something to show.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-demo"

#include "config.h"

#include "stipple/stp-demo.h"
#include "stipple/stp-store-followups.h"
#include "stipple/stp-store-sessions.h"

static const struct
{
  const char *brand;
  const char *shade;
  const char *dilution;
  const char *lot;
  const char *expiry;
} shelf_pigments[] = {
  { "Inkredible", "Charcoal 3", "1:20", "IC3-2611", "2027-06-30" },
  { "Inkredible", "Slate 5", "1:10", "IS5-2603", "2027-02-28" },
  { "Zhen SMP", "Dark Ash", "1:15", "ZDA-0412", "2027-01-31" },
};

static const struct
{
  const char *configuration;
  double      diameter_mm;
  const char *taper;
  const char *lot;
} shelf_needles[] = {
  { "3RL", 0.25, "long", "N3RL-5531" },
  { "1RL", 0.18, "", "N1RL-2208" },
};

/* A clinic that has been working keeps up with its aftercare calls: the follow-ups of a
 * demo session that fell due before yesterday are done, so the Follow-ups page shows a
 * believable day rather than months of overdue calls. */
static gboolean
complete_past_followups (StpStore  *store,
                         gint64     session_id,
                         gint64     now,
                         GError   **error)
{
  g_autoptr(GPtrArray) followups = stp_store_list_session_followups (store, session_id, error);
  g_autoptr(GArray) past = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (followups == NULL)
    return FALSE;

  for (guint i = 0; i < followups->len; i++)
    {
      const StpFollowup *followup = followups->pdata[i];

      if (followup->status == STP_FOLLOWUP_STATUS_PENDING && followup->due_at < now - 86400)
        g_array_append_val (past, followup->id);
    }

  return past->len == 0 ||
         stp_store_complete_followups (store, (const gint64 *)(gpointer)past->data, past->len,
                                       "Healing well; no concerns.", error);
}

gboolean
stp_demo_add_sessions (StpStore  *store,
                       guint      n_clients,
                       guint32    seed,
                       GError   **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GArray) clients = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GArray) practitioners = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (STP_IS_STORE (store), FALSE);

  clients = stp_store_list_client_ids (store, STP_CLIENT_SCOPE_ACTIVE, error);
  staff = clients != NULL ? stp_store_list_staff (store, FALSE, error) : NULL;
  if (staff == NULL)
    return FALSE;
  for (guint i = 0; i < staff->len; i++)
    if (stp_staff_get_role (staff->pdata[i]) == STP_STAFF_ROLE_PRACTITIONER)
      {
        gint64 id = stp_staff_get_id (staff->pdata[i]);
        g_array_append_val (practitioners, id);
      }
  if (practitioners->len == 0)
    return TRUE;

  for (guint c = 0; c < MIN (n_clients, clients->len); c++)
    {
      g_autoptr(StpTreatmentPlan) plan = stp_treatment_plan_new ();
      gint64 client_id = g_array_index (clients, gint64, c);
      guint sessions = g_rand_int_range (rand, 1, 4);
      guint pigment = g_rand_int_range (rand, 0, G_N_ELEMENTS (shelf_pigments));
      guint needle = g_rand_int_range (rand, 0, G_N_ELEMENTS (shelf_needles));
      /* The first session 1 to 120 days ago, at a round hour of the working day. */
      gint64 day = now - (gint64)g_rand_int_range (rand, 1, 121) * 86400;
      gint64 start = day - day % 3600 - (gint64)g_rand_int_range (rand, 0, 6) * 3600;

      plan->client_id = client_id;
      plan->planned_sessions = 3;
      plan->spacing_days = 14;
      if (stp_store_create_plan (store, plan, error) == 0)
        return FALSE;

      for (guint s = 0; s < sessions; s++)
        {
          g_autoptr(StpTreatmentSession) session = stp_treatment_session_new ();
          gint64 at = start + (gint64)s * 14 * 86400;

          if (at > now)
            break;
          session->client_id = client_id;
          session->plan_id = plan->id;
          session->kind = s == 0 ? STP_SESSION_KIND_INITIAL
                                 : s == 1 ? STP_SESSION_KIND_BUILD_UP
                                          : STP_SESSION_KIND_REFINEMENT;
          session->started_at = at;
          session->duration_minutes = 90 + 30 * g_rand_int_range (rand, 0, 6);
          session->practitioner_id = g_array_index (practitioners, gint64,
                                                    g_rand_int_range (rand, 0,
                                                                      practitioners->len));
          session->areas = STP_AREA_FRONTAL_HAIRLINE | STP_AREA_TEMPLE_LEFT |
                           STP_AREA_TEMPLE_RIGHT | STP_AREA_MID_SCALP |
                           (g_rand_boolean (rand) ? STP_AREA_CROWN : 0);
          g_ptr_array_add (session->pigments,
                           stp_session_pigment_new (shelf_pigments[pigment].brand,
                                                    shelf_pigments[pigment].shade,
                                                    shelf_pigments[pigment].dilution,
                                                    shelf_pigments[pigment].lot,
                                                    shelf_pigments[pigment].expiry));
          g_ptr_array_add (session->needles,
                           stp_session_needle_new (shelf_needles[needle].configuration,
                                                   shelf_needles[needle].diameter_mm,
                                                   shelf_needles[needle].taper,
                                                   shelf_needles[needle].lot, NULL));
          g_free (session->machine_model);
          session->machine_model = g_strdup ("Orion SMP Pen");
          session->stroke_mm = 3.5;
          session->speed_hz = 120;
          g_free (session->depth);
          session->depth = g_strdup ("upper dermis");
          g_free (session->angle);
          session->angle = g_strdup ("90°");
          session->pain = g_rand_int_range (rand, 2, 7);
          session->bleeding = g_rand_int_range (rand, STP_REACTION_NONE, STP_REACTION_MODERATE);
          session->redness = g_rand_int_range (rand, STP_REACTION_MILD, STP_REACTION_SEVERE);
          session->swelling = STP_REACTION_NONE;
          if (stp_store_log_session (store, session, 0, error) == 0 ||
              !complete_past_followups (store, session->id, now, error))
            return FALSE;
        }
    }

  return TRUE;
}
