/* stp-protocol.c: aftercare protocols as data: validation, JSON, and expansion into due
 * times in the clinic's local time.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-protocol"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "stipple/stp-protocol.h"
#include "stipple/stp-session.h"
#include "stipple/stp-text.h"
#include "stp-validate-private.h"
#include "stipple-resources.h"

#define PROTOCOL_RESOURCE_DIR "/org/stipple/Stipple/protocols/"

G_DEFINE_QUARK (stp-protocol-error-quark, stp_protocol_error)

static const char * const kind_names[STP_FOLLOWUP_N_KINDS] = {
  "aftercare-sheet", "check-in", "photo-check", "next-session", "touch-up", "referral-check",
};

static const char * const channel_names[STP_N_CHANNELS] = {
  "call", "message", "in-clinic",
};

StpProtocolStep *
stp_protocol_step_new (void)
{
  StpProtocolStep *step = g_new0 (StpProtocolStep, 1);

  step->kind = STP_FOLLOWUP_KIND_CHECK_IN;
  step->channel = STP_CHANNEL_CALL;
  step->title = g_strdup ("");
  step->message = g_strdup ("");
  return step;
}

StpProtocolStep *
stp_protocol_step_copy (const StpProtocolStep *step)
{
  StpProtocolStep *copy;

  g_return_val_if_fail (step != NULL, NULL);

  copy = g_memdup2 (step, sizeof *step);
  copy->title = g_strdup (step->title);
  copy->message = g_strdup (step->message);
  return copy;
}

void
stp_protocol_step_free (StpProtocolStep *step)
{
  if (step == NULL)
    return;
  g_free (step->title);
  g_free (step->message);
  g_free (step);
}

StpProtocol *
stp_protocol_new (void)
{
  StpProtocol *protocol = g_new0 (StpProtocol, 1);

  protocol->name = g_strdup ("");
  protocol->services = g_ptr_array_new_with_free_func (g_free);
  protocol->steps = g_ptr_array_new_with_free_func ((GDestroyNotify)stp_protocol_step_free);
  return protocol;
}

StpProtocol *
stp_protocol_copy (const StpProtocol *protocol)
{
  StpProtocol *copy;

  g_return_val_if_fail (protocol != NULL, NULL);

  copy = stp_protocol_new ();
  copy->id = protocol->id;
  g_free (copy->name);
  copy->name = g_strdup (protocol->name);
  for (guint i = 0; i < protocol->services->len; i++)
    g_ptr_array_add (copy->services, g_strdup (g_ptr_array_index (protocol->services, i)));
  for (guint i = 0; i < protocol->steps->len; i++)
    g_ptr_array_add (copy->steps, stp_protocol_step_copy (g_ptr_array_index (protocol->steps, i)));
  return copy;
}

void
stp_protocol_free (StpProtocol *protocol)
{
  if (protocol == NULL)
    return;
  g_free (protocol->name);
  g_ptr_array_unref (protocol->services);
  g_ptr_array_unref (protocol->steps);
  g_free (protocol);
}

gboolean
stp_service_is_valid (const char *service)
{
  StpSessionKind kind;

  if (service == NULL)
    return FALSE;
  return g_strcmp0 (service, STP_SERVICE_LASER_REFERRAL) == 0 ||
         stp_session_kind_from_string (service, &kind);
}

static gboolean
check_step (const StpProtocolStep  *step,
            guint                   number,
            GError                **error)
{
  g_autofree char *title = stp_text_strip_dup (step->title);
  g_autofree char *what_title = g_strdup_printf (_("step %u’s title"), number);
  g_autofree char *what_message = g_strdup_printf (_("step %u’s message"), number);

  if (title == NULL)
    {
      g_set_error (error, STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_TITLE_REQUIRED,
                   _("Step %u has no title. Say what the front desk should do, such as "
                     "“Day 4 check-in”."), number);
      return FALSE;
    }
  if (!_stp_check_text (step->title, STP_PROTOCOL_TITLE_MAX, TRUE, what_title,
                        STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_INVALID_TEXT,
                        STP_PROTOCOL_ERROR_TOO_LONG, error) ||
      !_stp_check_text (step->message, STP_PROTOCOL_MESSAGE_MAX, FALSE, what_message,
                        STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_INVALID_TEXT,
                        STP_PROTOCOL_ERROR_TOO_LONG, error))
    return FALSE;
  if (step->offset_days > STP_PROTOCOL_OFFSET_MAX || step->repeat_days > STP_PROTOCOL_OFFSET_MAX)
    {
      g_set_error (error, STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_OFFSET_OUT_OF_RANGE,
                   _("Step %u is more than %u days after the session. Use at most %u days."),
                   number, STP_PROTOCOL_OFFSET_MAX, STP_PROTOCOL_OFFSET_MAX);
      return FALSE;
    }
  if (step->offset_hours > 23)
    {
      g_set_error (error, STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_OFFSET_OUT_OF_RANGE,
                   _("Step %u adds %u hours; use 0 to 23 hours and count whole days in "
                     "days."), number, step->offset_hours);
      return FALSE;
    }
  if (step->repeat_days != 0 && step->repeat_days < 7)
    {
      g_set_error (error, STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_OFFSET_OUT_OF_RANGE,
                   _("Step %u repeats every %u days; repeat at most once a week (7 days or "
                     "more), or not at all (0)."), number, step->repeat_days);
      return FALSE;
    }
  if ((guint)step->kind >= STP_FOLLOWUP_N_KINDS)
    {
      g_set_error (error, STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_INVALID_KIND,
                   _("Step %u has an unknown kind."), number);
      return FALSE;
    }
  if ((guint)step->channel >= STP_N_CHANNELS)
    {
      g_set_error (error, STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_INVALID_CHANNEL,
                   _("Step %u has an unknown channel; use call, message or in clinic."),
                   number);
      return FALSE;
    }
  return TRUE;
}

gboolean
stp_protocol_validate (const StpProtocol  *protocol,
                       GError            **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (protocol != NULL, FALSE);

  name = stp_text_strip_dup (protocol->name);
  if (name == NULL)
    {
      g_set_error_literal (error, STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_NAME_REQUIRED,
                           _("Give the protocol a name, such as “SMP aftercare”."));
      return FALSE;
    }
  if (!_stp_check_text (protocol->name, STP_PROTOCOL_NAME_MAX, TRUE, _("protocol name"),
                        STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_INVALID_TEXT,
                        STP_PROTOCOL_ERROR_TOO_LONG, error))
    return FALSE;
  if (protocol->steps->len == 0)
    {
      g_set_error_literal (error, STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_NO_STEPS,
                           _("A protocol needs at least one step. Add a step, or remove the "
                             "protocol."));
      return FALSE;
    }
  if (protocol->steps->len > STP_PROTOCOL_STEPS_MAX)
    {
      g_set_error (error, STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_TOO_LONG,
                   _("A protocol has at most %u steps."), STP_PROTOCOL_STEPS_MAX);
      return FALSE;
    }
  for (guint i = 0; i < protocol->steps->len; i++)
    if (!check_step (g_ptr_array_index (protocol->steps, i), i + 1, error))
      return FALSE;
  for (guint i = 0; i < protocol->services->len; i++)
    {
      const char *service = g_ptr_array_index (protocol->services, i);

      if (!stp_service_is_valid (service))
        {
          g_set_error (error, STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_INVALID_SERVICE,
                       _("“%s” is not a service Stipple knows: use a session kind or "
                         "laser-referral."), service);
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        if (strcmp (service, g_ptr_array_index (protocol->services, j)) == 0)
          {
            g_set_error (error, STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_SERVICE_TAKEN,
                         _("The service “%s” is listed twice."), service);
            return FALSE;
          }
    }
  return TRUE;
}

/* JSON */

static gboolean
read_uint_member (JsonObject  *object,
                  const char  *member,
                  guint       *out,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64 value;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      (value = json_node_get_int (node)) < 0 || value > G_MAXUINT)
    {
      g_set_error (error, STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_INVALID_FILE,
                   _("“%s” must be a whole number of 0 or more."), member);
      return FALSE;
    }
  *out = (guint)value;
  return TRUE;
}

static const char *
read_string_member (JsonObject *object,
                    const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static StpProtocolStep *
step_from_json (JsonNode  *node,
                guint      number,
                GError   **error)
{
  g_autoptr(StpProtocolStep) step = stp_protocol_step_new ();
  JsonObject *object;
  const char *text;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_INVALID_FILE,
                   _("Step %u is not an object."), number);
      return NULL;
    }
  object = json_node_get_object (node);
  text = read_string_member (object, "kind");
  if (text == NULL || !stp_followup_kind_from_string (text, &step->kind))
    {
      g_set_error (error, STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_INVALID_KIND,
                   _("Step %u has an unknown kind “%s”."), number, text ? text : "");
      return NULL;
    }
  text = read_string_member (object, "channel");
  if (text == NULL || !stp_channel_from_string (text, &step->channel))
    {
      g_set_error (error, STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_INVALID_CHANNEL,
                   _("Step %u has an unknown channel “%s”."), number, text ? text : "");
      return NULL;
    }
  if (!read_uint_member (object, "offset_days", &step->offset_days, error) ||
      !read_uint_member (object, "offset_hours", &step->offset_hours, error) ||
      !read_uint_member (object, "repeat_days", &step->repeat_days, error))
    return NULL;
  step->use_plan_spacing = json_object_get_boolean_member_with_default (object,
                                                                        "use_plan_spacing",
                                                                        FALSE);
  g_free (step->title);
  step->title = g_strdup (read_string_member (object, "title") ?: "");
  g_free (step->message);
  step->message = g_strdup (read_string_member (object, "message") ?: "");
  return g_steal_pointer (&step);
}

StpProtocol *
stp_protocol_from_json (const char  *json,
                        gssize       length,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(StpProtocol) protocol = stp_protocol_new ();
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  JsonNode *node;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, length, &local_error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_INVALID_FILE,
                   _("The protocol file is not a JSON object: %s"),
                   local_error ? local_error->message : _("wrong type"));
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  g_free (protocol->name);
  protocol->name = g_strdup (read_string_member (root, "name") ?: "");

  node = json_object_get_member (root, "services");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (item) ||
              json_node_get_value_type (item) != G_TYPE_STRING)
            {
              g_set_error_literal (error, STP_PROTOCOL_ERROR, STP_PROTOCOL_ERROR_INVALID_FILE,
                                   _("“services” must list service names."));
              return NULL;
            }
          g_ptr_array_add (protocol->services, g_strdup (json_node_get_string (item)));
        }
    }

  node = json_object_get_member (root, "steps");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          StpProtocolStep *step = step_from_json (json_array_get_element (array, i), i + 1,
                                                  error);
          if (step == NULL)
            return NULL;
          g_ptr_array_add (protocol->steps, step);
        }
    }

  if (!stp_protocol_validate (protocol, error))
    return NULL;
  return g_steal_pointer (&protocol);
}

char *
stp_protocol_to_json (const StpProtocol *protocol)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (protocol != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, protocol->name);
  json_builder_set_member_name (builder, "services");
  json_builder_begin_array (builder);
  for (guint i = 0; i < protocol->services->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (protocol->services, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < protocol->steps->len; i++)
    {
      const StpProtocolStep *step = g_ptr_array_index (protocol->steps, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, stp_followup_kind_to_string (step->kind));
      json_builder_set_member_name (builder, "offset_days");
      json_builder_add_int_value (builder, step->offset_days);
      json_builder_set_member_name (builder, "offset_hours");
      json_builder_add_int_value (builder, step->offset_hours);
      json_builder_set_member_name (builder, "use_plan_spacing");
      json_builder_add_boolean_value (builder, step->use_plan_spacing);
      json_builder_set_member_name (builder, "repeat_days");
      json_builder_add_int_value (builder, step->repeat_days);
      json_builder_set_member_name (builder, "channel");
      json_builder_add_string_value (builder, stp_channel_to_string (step->channel));
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, step->title);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, step->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

GPtrArray *
stp_protocol_load_defaults (GError **error)
{
  g_autoptr(GPtrArray) protocols =
    g_ptr_array_new_with_free_func ((GDestroyNotify)stp_protocol_free);
  g_auto(GStrv) names = NULL;
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  /* Referencing the resource keeps it linked in from the static library. */
  (void)stipple_get_resource ();
  names = g_resources_enumerate_children (PROTOCOL_RESOURCE_DIR, 0, error);
  if (names == NULL)
    return NULL;
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_has_suffix (names[i], ".json"))
      g_ptr_array_add (sorted, names[i]);
  g_ptr_array_sort (sorted, compare_names);

  for (guint i = 0; i < sorted->len; i++)
    {
      const char *name = g_ptr_array_index (sorted, i);
      g_autofree char *path = g_strconcat (PROTOCOL_RESOURCE_DIR, name, NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, error);
      StpProtocol *protocol;

      if (bytes == NULL)
        return NULL;
      protocol = stp_protocol_from_json (g_bytes_get_data (bytes, NULL),
                                         g_bytes_get_size (bytes), error);
      if (protocol == NULL)
        {
          g_prefix_error (error, "%s: ", name);
          return NULL;
        }
      g_ptr_array_add (protocols, protocol);
    }
  return g_steal_pointer (&protocols);
}

/* Expansion */

gint64
stp_protocol_step_due (const StpProtocolStep *step,
                       gint64                 session_at,
                       guint                  spacing_days,
                       const StpOpeningHours *hours,
                       GTimeZone             *tz)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) due = NULL;
  guint days;
  GDate date;

  g_return_val_if_fail (step != NULL, session_at);
  g_return_val_if_fail (tz != NULL, session_at);

  days = step->use_plan_spacing && spacing_days > 0 ? spacing_days : step->offset_days;
  utc = g_date_time_new_from_unix_utc (session_at);
  if (utc == NULL)
    return session_at;
  local = g_date_time_to_timezone (utc, tz);

  /* Calendar days on the local calendar, at the same wall-clock time: adding 7 × 24 hours
   * would put a 10:00 call at 09:00 or 11:00 after the clocks change. */
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
  g_date_add_days (&date, days);
  day = g_date_time_new (tz, g_date_get_year (&date), g_date_get_month (&date),
                         g_date_get_day (&date), g_date_time_get_hour (local),
                         g_date_time_get_minute (local), g_date_time_get_second (local));
  if (day == NULL)
    return session_at;
  due = g_date_time_add_hours (day, step->offset_hours);
  if (hours == NULL)
    return g_date_time_to_unix (due);
  return stp_opening_hours_next_open (hours, tz, g_date_time_to_unix (due));
}

GArray *
stp_protocol_expand (const StpProtocol     *protocol,
                     gint64                 session_at,
                     guint                  spacing_days,
                     const StpOpeningHours *hours,
                     GTimeZone             *tz)
{
  GArray *dues = g_array_new (FALSE, FALSE, sizeof (StpProtocolDue));

  g_return_val_if_fail (protocol != NULL, dues);

  for (guint i = 0; i < protocol->steps->len; i++)
    {
      StpProtocolDue due = {
        i, stp_protocol_step_due (g_ptr_array_index (protocol->steps, i), session_at,
                                  spacing_days, hours, tz)
      };
      g_array_append_val (dues, due);
    }
  return dues;
}

/* Names */

const char *
stp_followup_kind_to_string (StpFollowupKind kind)
{
  g_return_val_if_fail ((guint)kind < STP_FOLLOWUP_N_KINDS, NULL);
  return kind_names[kind];
}

gboolean
stp_followup_kind_from_string (const char      *text,
                               StpFollowupKind *kind)
{
  for (guint i = 0; i < STP_FOLLOWUP_N_KINDS; i++)
    if (g_strcmp0 (text, kind_names[i]) == 0)
      {
        if (kind != NULL)
          *kind = (StpFollowupKind)i;
        return TRUE;
      }
  return FALSE;
}

const char *
stp_followup_kind_get_label (StpFollowupKind kind)
{
  switch (kind)
    {
    case STP_FOLLOWUP_KIND_AFTERCARE_SHEET: return _("Aftercare sheet");
    case STP_FOLLOWUP_KIND_CHECK_IN: return _("Check-in");
    case STP_FOLLOWUP_KIND_PHOTO_CHECK: return _("Healed-result photo");
    case STP_FOLLOWUP_KIND_NEXT_SESSION: return _("Next session");
    case STP_FOLLOWUP_KIND_TOUCH_UP: return _("Touch-up");
    case STP_FOLLOWUP_KIND_REFERRAL_CHECK: return _("Referral check");
    case STP_FOLLOWUP_N_KINDS:
    default: return "";
    }
}

const char *
stp_channel_to_string (StpChannel channel)
{
  g_return_val_if_fail ((guint)channel < STP_N_CHANNELS, NULL);
  return channel_names[channel];
}

gboolean
stp_channel_from_string (const char *text,
                         StpChannel *channel)
{
  for (guint i = 0; i < STP_N_CHANNELS; i++)
    if (g_strcmp0 (text, channel_names[i]) == 0)
      {
        if (channel != NULL)
          *channel = (StpChannel)i;
        return TRUE;
      }
  return FALSE;
}

const char *
stp_channel_get_label (StpChannel channel)
{
  switch (channel)
    {
    case STP_CHANNEL_CALL: return _("Call");
    case STP_CHANNEL_MESSAGE: return _("Message");
    case STP_CHANNEL_IN_CLINIC: return _("In clinic");
    case STP_N_CHANNELS:
    default: return "";
    }
}
