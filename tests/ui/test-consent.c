/* test-consent.c: the real window signs a consultation's consent through win.sign-consent
 * with a synthetic stroke, and exports its summary as a PDF whose text pdftotext reads;
 * with a hairline sketch the PDF holds the drawn plan and the simulated result, which
 * pdfimages counts.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "test-consent"

#include <math.h>

#include "stp-application.h"
#include "stp-consent-dialog.h"
#include "stp-summary-print.h"
#include "stp-window.h"
#include "ui-test-util.h"

typedef struct
{
  char       *dir;
  StpStore   *store;
  GSettings  *settings;
  StpWindow  *window;
  gint64      client;
  gint64      consultant;
  gint64      consultation;
} Fixture;

static void
fill_consultation (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (StpClient) client = stp_client_new ();
  g_autoptr (StpStaff) staff = stp_staff_new ("Åsa Lindqvist", STP_STAFF_ROLE_CONSULTANT);
  g_autoptr (StpConsultation) c = NULL;
  g_autoptr (GPtrArray) questions = NULL;
  g_autoptr (StpPlan) plan = stp_plan_new ();

  stp_client_set_given_name (client, "Zoë");
  stp_client_set_family_name (client, "Müller");
  stp_client_set_birth_date (client, "1988-04-02");
  f->client = stp_store_create_client (f->store, client, &error);
  g_assert_no_error (error);
  f->consultant = stp_store_create_staff (f->store, staff, &error);
  g_assert_no_error (error);
  stp_store_set_actor (f->store, f->consultant);
  g_assert_true (stp_store_set_setting (f->store, "clinic-name", "Pointillé Clinic", &error));
  g_assert_no_error (error);

  f->consultation = stp_store_create_consultation (f->store, f->client, f->consultant, NULL,
                                                   &error);
  g_assert_no_error (error);
  c = stp_store_get_consultation (f->store, f->consultation, &error);
  g_assert_no_error (error);

  stp_consultation_set_goals (c, STP_GOAL_BUZZ_CUT | STP_GOAL_SCAR_CAMOUFLAGE);
  stp_consultation_set_areas (c, STP_AREA_CROWN | STP_AREA_FRONTAL_HAIRLINE);
  stp_consultation_set_staging (c, STP_STAGING_NORWOOD, "3V");
  stp_consultation_set_phototype (c, 3);
  stp_consultation_add_scar (c, STP_SCAR_FUT_STRIP, "Occipital", 120, 4);
  stp_consultation_set_expectations (c, "Ein natürlicher, kurz rasierter Look.");

  /* Every question without a date answered yes: each raises a flag. */
  questions = stp_store_list_screening_questions (f->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < questions->len; i++)
    {
      StpScreeningQuestion *q = g_ptr_array_index (questions, i);

      stp_consultation_set_answer (c, q->key, q->asks_date ? STP_ANSWER_NO : STP_ANSWER_YES,
                                   NULL, NULL);
    }

  plan->sessions = 3;
  plan->spacing_days = 14;
  plan->minutes_per_session = 180;
  plan->price_minor = 185050;
  plan->deposit_minor = 25000;
  g_free (plan->currency);
  plan->currency = g_strdup ("EUR");
  g_free (plan->pigment_shade);
  plan->pigment_shade = g_strdup ("Charcoal 2");
  g_free (plan->dilution);
  plan->dilution = g_strdup ("1:20");
  stp_consultation_set_plan (c, plan);

  g_assert_true (stp_store_save_consultation (f->store, c, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("stipple-ui-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("STIPPLE_DATA_DIR", f->dir, TRUE);

  f->store = stp_store_open (f->dir, &error);
  g_assert_no_error (error);
  fill_consultation (f);

  f->settings = stp_settings_new_if_installed ();
  f->window = stp_window_new (NULL, f->store, f->settings);
  g_object_ref_sink (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (f->window)));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  g_clear_object (&f->settings);
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->dir);
}

static StpConsentDialog *
find_consent_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (STP_IS_CONSENT_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return STP_CONSENT_DIALOG (window);
    }
  return NULL;
}

/* Collapses every run of white space (also no-break spaces) to one space, as a PDF's
 * line breaks fall anywhere. */
static char *
normalize_space (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x00a0 || c == 0x202f)
        space = TRUE;
      else
        {
          if (space && out->len > 0)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_unichar (out, c);
        }
    }
  return g_string_free (out, FALSE);
}

static char *
pdf_text (const char *pdf)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  const char *argv[] = { NULL, "-raw", "-enc", "UTF-8", NULL, "-", NULL };

  if (pdftotext == NULL)
    g_error ("pdftotext is missing: install poppler-utils (make deps does)");
  argv[0] = pdftotext;
  argv[4] = pdf;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);
  return normalize_space (out);
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  g_autofree char *normal = normalize_space (needle);

  if (strstr (text, normal) == NULL)
    g_error ("The PDF's text lacks “%s”:\n%s", normal, text);
}

static void
assert_lacks (const char *text,
              const char *needle)
{
  g_autofree char *normal = normalize_space (needle);

  if (strstr (text, normal) != NULL)
    g_error ("The PDF's text has “%s”:\n%s", normal, text);
}

/* The images in the PDF, as `pdfimages -list` lists them (two header lines, then one
 * line per image or mask); n_jpeg: how many of them are embedded as JPEG. */
static guint
pdf_count_images (const char *pdf,
                  guint      *n_jpeg)
{
  g_autofree char *pdfimages = g_find_program_in_path ("pdfimages");
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto (GStrv) lines = NULL;
  int status = 0;
  guint n = 0;
  const char *argv[] = { NULL, "-list", NULL, NULL };

  if (pdfimages == NULL)
    g_error ("pdfimages is missing: install poppler-utils (make deps does)");
  argv[0] = pdfimages;
  argv[2] = pdf;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                               NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);

  lines = g_strsplit (out, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "page"));
  *n_jpeg = 0;
  for (guint i = 2; lines[0] != NULL && lines[1] != NULL && lines[i] != NULL; i++)
    {
      g_auto (GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      guint column = 0;

      if (*lines[i] == '\0')
        continue;
      n++;
      /* page num type width height color comp bpc enc: the ninth field says how. */
      for (guint j = 0; fields[j] != NULL; j++)
        if (*fields[j] != '\0' && ++column == 9 && strcmp (fields[j], "jpeg") == 0)
          (*n_jpeg)++;
    }
  return n;
}

/* With STIPPLE_TEST_OUTPUT set, keeps a copy of the PDF there to look at. */
static void
keep_pdf (const char *pdf,
          const char *name)
{
  g_autofree char *copy = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (g_getenv ("STIPPLE_TEST_OUTPUT") == NULL)
    return;
  copy = g_build_filename (g_getenv ("STIPPLE_TEST_OUTPUT"), name, NULL);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (copy, contents, length, NULL));
}

/* With STIPPLE_TEST_OUTPUT set, keeps a picture of the dialog there to look at. */
static void
save_picture (GtkWidget  *widget,
              const char *name)
{
  const char *dir = g_getenv ("STIPPLE_TEST_OUTPUT");
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GtkSnapshot) snapshot = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GskRenderer) renderer = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;

  gtk_test_widget_wait_for_draw (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot),
                          gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  renderer = gsk_cairo_renderer_new ();
  g_assert_true (gsk_renderer_realize (renderer, NULL, NULL));
  texture = gsk_renderer_render_texture (renderer, node, NULL);
  path = g_build_filename (dir, name, NULL);
  gdk_texture_save_to_png (texture, path);
  gsk_renderer_unrealize (renderer);
}

static void
test_sign_and_export (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (StpConsentSignature) signature = NULL;
  g_autoptr (StpConsentText) current = NULL;
  g_autoptr (GPtrArray) flags = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "summary.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *price = NULL;
  g_autofree char *deposit = NULL;
  g_autofree char *name = NULL;
  StpConsentDialog *dialog;
  StpSignaturePad *pad;
  const guint8 *png;
  gsize png_size;

  /* Not signed yet: the summary says so. */
  g_assert_true (stp_summary_export_pdf (GTK_WINDOW (f->window), f->store, f->consultation,
                                         pdf, &error));
  g_assert_no_error (error);
  text = pdf_text (pdf);
  assert_contains (text, "Not signed yet");
  g_clear_pointer (&text, g_free);

  /* Open the dialog the way the consultation page does. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sign-consent", "x",
                                             f->consultation));
  dialog = find_consent_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (f->window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  pad = stp_consent_dialog_get_pad (dialog);
  WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (pad)) > 0);
  g_assert_false (stp_consent_dialog_is_signed (dialog));

  /* Sign stays off until there is a name and a stroke. */
  gtk_editable_set_text (stp_consent_dialog_get_name_entry (dialog), "ZOË MÜLLER");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "consent.sign", NULL));
  g_assert_false (stp_consent_dialog_is_signed (dialog));

  stp_signature_pad_begin_stroke (pad, 30, 100, 0.3);
  for (int i = 1; i <= 20; i++)
    stp_signature_pad_extend_stroke (pad, 30 + i * 15, 100 + 30 * sin (i / 3.0),
                                     0.3 + i * 0.03);
  stp_signature_pad_end_stroke (pad);
  g_assert_false (stp_signature_pad_is_empty (pad));

  gtk_switch_set_active (stp_consent_dialog_get_photo_switch (dialog), TRUE);
  gtk_switch_set_active (stp_consent_dialog_get_marketing_switch (dialog), FALSE);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));

  save_picture (GTK_WIDGET (dialog), "consent-sign.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "consent.sign", NULL));
  g_assert_cmpstr (stp_consent_dialog_get_error (dialog), ==, "");
  g_assert_true (stp_consent_dialog_is_signed (dialog));

  /* What the database holds. */
  current = stp_store_get_current_consent_text (f->store, &error);
  g_assert_no_error (error);
  signature = stp_store_get_consent_signature (f->store, f->consultation, &error);
  g_assert_no_error (error);
  g_assert_cmpint (signature->consent_text_id, ==, current->id);
  g_assert_true (signature->photo_recording);
  g_assert_false (signature->marketing_use);
  g_assert_cmpstr (signature->signer_name, ==, "ZOË MÜLLER");
  g_assert_cmpint (signature->revoked_at, ==, 0);
  png = g_bytes_get_data (signature->image_png, &png_size);
  g_assert_cmpuint (png_size, >, 100);
  g_assert_cmpmem (png, 8, "\x89PNG\r\n\x1a\n", 8);
  {
    g_autoptr (GPtrArray) strokes = stp_signature_parse (signature->strokes_json, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (strokes->len, ==, 1);
    g_assert_cmpuint (((GArray *) strokes->pdata[0])->len, ==, 21);
  }

  gtk_window_destroy (GTK_WINDOW (dialog));

  /* A second opening shows the signed consent read-only. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sign-consent", "x",
                                             f->consultation));
  dialog = find_consent_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (stp_consent_dialog_is_signed (dialog));
  save_picture (GTK_WIDGET (dialog), "consent-signed.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The summary, through the export code the action uses. */
  g_assert_true (stp_summary_export_pdf (GTK_WINDOW (f->window), f->store, f->consultation,
                                         pdf, &error));
  g_assert_no_error (error);
  {
    g_autofree char *contents = NULL;
    gsize length;

    g_assert_true (g_file_get_contents (pdf, &contents, &length, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (length, >, 1000);
    g_assert_cmpmem (contents, 5, "%PDF-", 5);
  }
  keep_pdf (pdf, "summary.pdf");
  text = pdf_text (pdf);
  assert_contains (text, "Zoë Müller");
  assert_contains (text, "Pointillé Clinic");
  assert_contains (text, "Åsa Lindqvist");
  assert_contains (text, "ZOË MÜLLER");
  assert_contains (text, "Norwood 3V");
  assert_contains (text, "Ein natürlicher, kurz rasierter Look.");

  flags = stp_store_get_screening_flags (f->store, f->consultation, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (flags->len, >, 0);
  for (guint i = 0; i < flags->len; i++)
    assert_contains (text, ((StpScreeningFlag *) g_ptr_array_index (flags, i))->question);

  price = stp_money_format (185050, "EUR");
  deposit = stp_money_format (25000, "EUR");
  assert_contains (text, price);
  assert_contains (text, deposit);
  assert_contains (text, "Sessions 3");
  assert_contains (text, "14 days");
  assert_contains (text, "Charcoal 2");
  assert_contains (text, "1:20");
  assert_contains (text, "Version 1");

  name = stp_summary_dup_default_filename (f->store, f->consultation);
  g_assert_true (g_str_has_prefix (name, "Consultation - Zoë Müller - "));
  g_assert_true (g_str_has_suffix (name, ".pdf"));
}

/* A 2000 x 1500 photo of smooth skin-like tones (a JPEG, as cameras write them). */
static char *
write_photo (const char *dir)
{
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 2000, 1500);
  g_autoptr (GError) error = NULL;
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  char *path = g_build_filename (dir, "front.jpg", NULL);

  for (int y = 0; y < 1500; y++)
    for (int x = 0; x < 2000; x++)
      {
        guint8 *p = pixels + y * stride + x * 3;
        double shade = 0.85 + 0.15 * sin (x / 400.0) * cos (y / 300.0);

        p[0] = (guint8) (225 * shade);
        p[1] = (guint8) (185 * shade);
        p[2] = (guint8) (160 * shade);
      }
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "jpeg", &error, "quality", "90", NULL));
  g_assert_no_error (error);
  return path;
}

/* The summary of a client without a sketch has no plan pictures; once a sketch with a
 * treatment area is saved over their photo, the PDF holds two more images (the drawn
 * plan and the simulated result) under their captions. */
static void
test_summary_sketch (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (StpSketch) sketch = stp_sketch_new (2000, 1500);
  g_autofree char *pdf = g_build_filename (f->dir, "summary.pdf", NULL);
  g_autofree char *photo_path = write_photo (f->dir);
  g_autofree char *text = NULL;
  StpSketchItem *item;
  guint without, with, jpeg_without, jpeg_with;
  gint64 photo;

  g_assert_true (stp_summary_export_pdf (GTK_WINDOW (f->window), f->store, f->consultation,
                                         pdf, &error));
  g_assert_no_error (error);
  without = pdf_count_images (pdf, &jpeg_without);
  text = pdf_text (pdf);
  assert_contains (text, "Not signed yet");
  assert_lacks (text, "Hairline Plan and Preview");
  assert_lacks (text, "Drawn plan");
  assert_lacks (text, "Simulated healed result");
  g_clear_pointer (&text, g_free);

  /* A frontal area down to a hairline across the forehead, over the client's photo. */
  photo = stp_store_import_photo (f->store, f->client, photo_path, NULL, &error);
  g_assert_no_error (error);
  item = stp_sketch_item_new (STP_SKETCH_ITEM_REGION);
  stp_sketch_item_add_point (item, 500, 120, 1);
  stp_sketch_item_add_point (item, 1500, 120, 1);
  stp_sketch_item_add_point (item, 1560, 640, 1);
  stp_sketch_item_add_point (item, 1000, 580, 1);
  stp_sketch_item_add_point (item, 440, 640, 1);
  item->role = STP_SKETCH_ROLE_TREATMENT;
  item->layer = STP_SKETCH_LAYER_AREAS;
  item->density = 90;
  stp_sketch_insert_item (sketch, -1, item);
  item = stp_sketch_item_new (STP_SKETCH_ITEM_CURVE);
  for (int i = 0; i < 3; i++)
    {
      StpSketchNode node = { 450 + i * 550, 600 - (i == 1) * 60, 0, 0, 0, 0 };

      stp_sketch_item_add_node (item, &node);
    }
  stp_sketch_item_auto_handles (item, FALSE);
  item->layer = STP_SKETCH_LAYER_HAIRLINE;
  stp_sketch_insert_item (sketch, -1, item);
  g_assert_cmpint (stp_store_create_sketch_version (f->store, f->client, photo,
                                                    "Soft hairline", sketch, NULL, &error),
                   >, 0);
  g_assert_no_error (error);

  g_assert_true (stp_summary_export_pdf (GTK_WINDOW (f->window), f->store, f->consultation,
                                         pdf, &error));
  g_assert_no_error (error);
  keep_pdf (pdf, "summary-sketch.pdf");
  with = pdf_count_images (pdf, &jpeg_with);
  g_assert_cmpuint (with, ==, without + 2);
  /* Photos go into the PDF as JPEG, so the summary stays small enough to e-mail. */
  g_assert_cmpuint (jpeg_with, ==, jpeg_without + 2);
  text = pdf_text (pdf);
  assert_contains (text, "Hairline Plan and Preview");
  assert_contains (text, "Drawn plan (Soft hairline)");
  assert_contains (text, "Simulated healed result after session 3 — an illustration, not a "
                         "promise.");
  assert_contains (text, "Uncalibrated: density is approximate.");
  /* The section sits between the plan and the consent. */
  g_assert_true (strstr (text, "Hairline Plan and Preview") < strstr (text, "Drawn plan"));
  g_assert_true (strstr (text, "Charcoal 2") < strstr (text, "Hairline Plan and Preview"));
  g_assert_true (strstr (text, "Simulated healed result") < strstr (text, "Not signed yet"));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_timeout_add (20, tick_cb, NULL);

  g_test_add ("/ui/consent/sign-and-export", Fixture, NULL,
              fixture_setup, test_sign_and_export, fixture_teardown);
  g_test_add ("/ui/consent/summary-sketch", Fixture, NULL,
              fixture_setup, test_summary_sketch, fixture_teardown);

  return g_test_run ();
}
