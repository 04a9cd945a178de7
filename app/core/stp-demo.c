/* stp-demo.c: a believable clinic, the same one every time for the same seed.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-demo"

#include "config.h"

#include "stipple/stp-demo.h"
#include "stipple/stp-text.h"
#include "stp-client-private.h"
#include "stp-store-private.h"

/* Clients per transaction: one fsync per batch, not per client. */
#define BATCH_SIZE 1000

/* SMP clients are mostly men with pattern hair loss, with a fair share of women with
 * diffuse thinning; names from the many places clinic clients come from. */
static const char *given_names[] = {
  "James", "Oliver", "Mohammed", "Liam", "Noah", "Lucas", "Mateo", "Ethan", "Daniel",
  "Thomas", "Jack", "Harry", "Leo", "Adam", "Omar", "Yusuf", "Kwame", "Chidi", "Tariq",
  "Andrés", "José", "Jürgen", "Søren", "Björn", "Łukasz", "Piotr", "Dmitri", "Håkon",
  "Zoë", "Chloé", "Anna", "Sofia", "Amélie", "Fatima", "Aisha", "Mei", "Hiroshi", "Kenji",
  "Minh", "Raj", "Arjun", "Priya", "Siobhán", "Seán", "Eoin", "Mark", "Paul", "Michael",
  "David", "Robert", "Chris", "Marcus", "Kevin", "Ryan", "Samuel", "Benjamin", "Emre",
  "Ömer", "Gökhan", "François", "Renée", "Inés", "Nikolaj", "Mikael", "Sven", "Ali",
};

static const char *family_names[] = {
  "Smith", "Jones", "Williams", "Brown", "Taylor", "Davies", "Evans", "Wilson", "Murphy",
  "O'Brien", "Müller", "Schröder", "Groß", "Weiß", "Dubois", "Lefèvre", "García", "Núñez",
  "Sánchez", "Rodríguez", "Gonçalves", "Kowalski", "Wiśniewski", "Nowak", "Ødegaard",
  "Jönsson", "Åberg", "Nguyễn", "Trần", "Kim", "Park", "Tanaka", "Suzuki", "Patel",
  "Sharma", "Singh", "Khan", "Ahmed", "Hussain", "Okafor", "Mensah", "Adeyemi", "Şahin",
  "Yılmaz", "Demir", "Papadopoulos", "Rossi", "Bianchi", "Ferrari", "Novák", "Dvořák",
  "Horváth", "Kovač", "Ivanov", "Petrov", "Andersen", "Hansen", "MacLeod", "Fitzgerald",
  "van der Berg", "de Vries", "Lindqvist", "Virtanen", "Costa", "Silva", "Haddad",
};

/* What fills a note's {}: each template says which kind of value reads right in it. */
typedef enum
{
  NOTE_PLAIN,
  NOTE_STAGE,
  NOTE_LENGTH_MM,
  NOTE_YEAR,
} NoteArgument;

static const struct {
  const char   *text;
  NoteArgument  argument;
} note_templates[] = {
  { "Norwood {}, wants the buzz-cut look. Prefers morning appointments.", NOTE_STAGE },
  { "FUT strip scar across the back, {} mm long; interested in scar camouflage.",
    NOTE_LENGTH_MM },
  { "Diffuse thinning, keeps hair long; density fill discussed. Referred by a friend.",
    NOTE_PLAIN },
  { "Had a transplant in {}; SMP to add density while grafts mature.", NOTE_YEAR },
  { "Earlier SMP elsewhere looks too dark; revision consult, may need laser first.",
    NOTE_PLAIN },
  { "Alopecia areata, patchy crown. Nervous about needles: allow extra time.", NOTE_PLAIN },
  { "Asked about touch-up pricing. Call after 5 pm, works shifts.", NOTE_PLAIN },
  { "Sensitive scalp, history of mild eczema; patch test before first session.", NOTE_PLAIN },
  { "Wants a soft, age-appropriate hairline; brought old photos from {}.", NOTE_YEAR },
  { "", NOTE_PLAIN },
  { "", NOTE_PLAIN },
};

static const char *stages[] = { "2", "3", "3A", "3V", "4", "5", "5A", "6", "7" };

/* Templates mark where the argument goes with {}; not printf, so no format strings are
 * built from data. */
static char *
fill_template (const char *template,
               const char *argument)
{
  GString *text = g_string_new (template);

  g_string_replace (text, "{}", argument, 0);
  return g_string_free (text, FALSE);
}

static char *
email_local_part (const char *given,
                  const char *family)
{
  g_autofree char *raw = g_strdup_printf ("%s.%s", given, family);
  g_autofree char *folded = stp_text_fold (raw);
  g_autofree char *ascii = g_str_to_ascii (folded, "C");
  GString *local = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    if (g_ascii_isalnum (*p) || *p == '.')
      g_string_append_c (local, *p);

  return g_string_free (local, FALSE);
}

static StpClient *
make_client (GRand *rand,
             guint  index)
{
  static const char *domains[] = { "example.com", "example.org", "mail.example.net" };
  const char *given = given_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (given_names))];
  const char *family = family_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (family_names))];
  guint note = g_rand_int_range (rand, 0, G_N_ELEMENTS (note_templates));
  g_autofree char *local = email_local_part (given, family);
  g_autofree char *email = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *birth = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *argument = NULL;
  StpClient *client = stp_client_new ();

  stp_client_set_given_name (client, given);
  stp_client_set_family_name (client, family);
  if (g_rand_int_range (rand, 0, 12) == 0)
    stp_client_set_preferred_name (client, g_rand_boolean (rand) ? "Mo" : "Sam");

  /* The index keeps emails and phones unique, as they are in a real clinic. */
  email = g_strdup_printf ("%s%u@%s", local, index,
                           domains[g_rand_int_range (rand, 0, G_N_ELEMENTS (domains))]);
  stp_client_set_email (client, email);

  switch (g_rand_int_range (rand, 0, 3))
    {
    case 0:
      phone = g_strdup_printf ("+44 7700 %06u", index % 1000000);
      break;
    case 1:
      phone = g_strdup_printf ("(555) %03u-%04u", 100 + index / 10000 % 900, index % 10000);
      break;
    default:
      phone = g_strdup_printf ("+49 151 %04u %04u", index / 10000 % 10000, index % 10000);
    }
  stp_client_set_phone (client, phone);

  birth = g_strdup_printf ("%04d-%02d-%02d",
                           g_rand_int_range (rand, 1950, 2005),
                           g_rand_int_range (rand, 1, 13),
                           g_rand_int_range (rand, 1, 29));
  stp_client_set_birth_date (client, birth);

  switch (note_templates[note].argument)
    {
    case NOTE_STAGE:
      argument = g_strdup (stages[g_rand_int_range (rand, 0, G_N_ELEMENTS (stages))]);
      break;
    case NOTE_LENGTH_MM:
      argument = g_strdup_printf ("%d", g_rand_int_range (rand, 60, 260));
      break;
    case NOTE_YEAR:
      argument = g_strdup_printf ("%d", g_rand_int_range (rand, 2008, 2026));
      break;
    case NOTE_PLAIN:
    default:
      argument = g_strdup ("");
    }
  notes = fill_template (note_templates[note].text, argument);
  stp_client_set_notes (client, notes);

  stp_client_set_photo_consent (client, g_rand_int_range (rand, 0, 10) < 8);
  stp_client_set_marketing_consent (client, g_rand_int_range (rand, 0, 10) < 3);

  return client;
}

static gboolean
add_staff (StpStore  *store,
           GError   **error)
{
  static const struct {
    const char   *name;
    StpStaffRole  role;
  } staff[] = {
    { "Dana Whitfield", STP_STAFF_ROLE_ADMIN },
    { "Marco Bellini", STP_STAFF_ROLE_CONSULTANT },
    { "Aoife Brennan", STP_STAFF_ROLE_PRACTITIONER },
    { "Tomás Ferreira", STP_STAFF_ROLE_PRACTITIONER },
    { "Jess Okoro", STP_STAFF_ROLE_RECEPTIONIST },
  };
  g_autoptr(GPtrArray) existing = stp_store_list_staff (store, TRUE, error);

  if (existing == NULL)
    return FALSE;
  if (existing->len > 0)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (staff); i++)
    {
      g_autoptr(StpStaff) member = stp_staff_new (staff[i].name, staff[i].role);

      if (stp_store_create_staff (store, member, error) == 0)
        return FALSE;
    }

  return TRUE;
}

gboolean
stp_demo_fill (StpStore  *store,
               guint      n_clients,
               guint32    seed,
               GError   **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint first_index;

  g_return_val_if_fail (STP_IS_STORE (store), FALSE);

  if (!add_staff (store, error))
    return FALSE;

  /* Continue numbering after existing clients so repeated fills stay unique. */
  first_index = stp_store_count_clients (store, STP_CLIENT_SCOPE_ACTIVE) +
                stp_store_count_clients (store, STP_CLIENT_SCOPE_ARCHIVED);

  for (guint done = 0; done < n_clients;)
    {
      guint batch = MIN (BATCH_SIZE, n_clients - done);
      gint64 now = _stp_store_now ();

      if (!_stp_store_begin (store, error))
        return FALSE;

      for (guint i = 0; i < batch; i++)
        {
          g_autoptr(StpClient) client = make_client (rand, first_index + done + i);

          if (!stp_client_validate (client, NULL, NULL, error) ||
              _stp_store_insert_client (store, client, now, error) == 0)
            {
              _stp_store_rollback (store);
              return FALSE;
            }
        }

      if (!_stp_store_commit (store, error))
        return FALSE;

      /* One signal for the batch: listeners re-read once instead of a thousand times. */
      _stp_store_emit_changed (store, STP_ENTITY_CLIENT, 0, STP_CHANGE_CREATED);
      done += batch;
    }

  return TRUE;
}
