/* stp-consent.c: consent text versions and signatures, and what a signature must hold.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-consent"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "stp-validate-private.h"
#include "stipple/stp-consent.h"
#include "stipple/stp-text.h"

G_DEFINE_QUARK (stp-consent-error-quark, stp_consent_error)

void
stp_consent_text_free (StpConsentText *text)
{
  if (text == NULL)
    return;

  g_free (text->body);
  g_free (text);
}

StpConsentSignature *
stp_consent_signature_new (void)
{
  return g_new0 (StpConsentSignature, 1);
}

void
stp_consent_signature_free (StpConsentSignature *signature)
{
  if (signature == NULL)
    return;

  g_free (signature->signer_name);
  g_free (signature->strokes_json);
  g_clear_pointer (&signature->image_png, g_bytes_unref);
  g_free (signature);
}

gboolean
stp_consent_text_validate (const char  *body,
                           GError     **error)
{
  g_autofree char *stripped = stp_text_strip_dup (body);

  if (stripped == NULL)
    {
      g_set_error_literal (error, STP_CONSENT_ERROR, STP_CONSENT_ERROR_TEXT_REQUIRED,
                           _("The consent text is empty. Write the text clients sign."));
      return FALSE;
    }

  return _stp_check_text (body, STP_CONSENT_TEXT_MAX, FALSE, _("consent text"),
                          STP_CONSENT_ERROR, STP_CONSENT_ERROR_INVALID_TEXT,
                          STP_CONSENT_ERROR_TOO_LONG, error);
}

/* At least one stroke with at least one point that has numeric x and y. */
static gboolean
strokes_have_ink (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonArray *strokes;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL))
    return FALSE;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return FALSE;

  strokes = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (strokes); i++)
    {
      JsonNode *stroke = json_array_get_element (strokes, i);

      if (!JSON_NODE_HOLDS_ARRAY (stroke))
        return FALSE;
      for (guint j = 0; j < json_array_get_length (json_node_get_array (stroke)); j++)
        {
          JsonNode *point = json_array_get_element (json_node_get_array (stroke), j);
          JsonObject *object;

          if (!JSON_NODE_HOLDS_OBJECT (point))
            return FALSE;
          object = json_node_get_object (point);
          if (json_object_has_member (object, "x") && json_object_has_member (object, "y"))
            return TRUE;
        }
    }

  return FALSE;
}

gboolean
stp_consent_signature_validate (const StpConsentSignature  *signature,
                                GError                    **error)
{
  static const guint8 png_magic[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autofree char *name = NULL;
  gsize size = 0;
  const guint8 *png;

  g_return_val_if_fail (signature != NULL, FALSE);

  name = stp_text_strip_dup (signature->signer_name);
  if (name == NULL)
    {
      g_set_error_literal (error, STP_CONSENT_ERROR, STP_CONSENT_ERROR_SIGNER_REQUIRED,
                           _("Enter the signer's name in capitals under the signature."));
      return FALSE;
    }
  if (!_stp_check_text (signature->signer_name, STP_CONSENT_SIGNER_MAX, TRUE,
                        _("signer's name"), STP_CONSENT_ERROR, STP_CONSENT_ERROR_INVALID_TEXT,
                        STP_CONSENT_ERROR_TOO_LONG, error))
    return FALSE;

  png = signature->image_png != NULL ? g_bytes_get_data (signature->image_png, &size) : NULL;
  if (!strokes_have_ink (signature->strokes_json) || size < sizeof png_magic ||
      memcmp (png, png_magic, sizeof png_magic) != 0)
    {
      g_set_error_literal (error, STP_CONSENT_ERROR, STP_CONSENT_ERROR_SIGNATURE_MISSING,
                           _("There is no signature yet. Ask the client to sign in the box."));
      return FALSE;
    }

  return TRUE;
}
