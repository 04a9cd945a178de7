/* stp-sketch-json.c: a small strict JSON reader for sketch files (see the header for why).
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-sketch"

#include "config.h"

#include <math.h>
#include <string.h>

#include "stp-sketch-json-private.h"

typedef struct
{
  const char *p;
  const char *end;
  const char *start;
  guint       max_depth;
  SjError     error;
  const char *error_at;
  gboolean    failed;
} Parser;

static const double powers_of_ten[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
  1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

static gpointer
set_error (Parser  *ps,
           SjError  error)
{
  if (!ps->failed)
    {
      ps->failed = TRUE;
      /* Running out of input is a truncation whatever was expected. */
      ps->error = ps->p >= ps->end ? SJ_ERROR_TRUNCATED : error;
      ps->error_at = ps->p;
    }
  return NULL;
}

static void
skip_space (Parser *ps)
{
  while (ps->p < ps->end &&
         (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\r' || *ps->p == '\t'))
    ps->p++;
}

static gboolean
literal (Parser     *ps,
         const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (ps->end - ps->p) < len)
    {
      if (memcmp (ps->p, word, ps->end - ps->p) == 0)
        ps->p = ps->end;   /* "tru" at the very end: truncated */
      return FALSE;
    }
  if (memcmp (ps->p, word, len) != 0)
    return FALSE;
  ps->p += len;
  return TRUE;
}

/* A number by RFC 8259's grammar. Up to 15 significant digits without an exponent
 * (everything Stipple writes) are read exactly as mantissa / 10^k, which IEEE division
 * rounds correctly; anything else goes through g_ascii_strtod. */
static gboolean
parse_number (Parser *ps,
              double *out)
{
  const char *s = ps->p;
  const char *q = s;
  gboolean neg = FALSE, simple = TRUE;
  guint64 mantissa = 0;
  int digits = 0, frac = 0;

  if (q < ps->end && *q == '-')
    {
      neg = TRUE;
      q++;
    }
  if (q >= ps->end)
    {
      ps->p = q;
      return set_error (ps, SJ_ERROR_SYNTAX) != NULL;
    }
  if (*q == '0')
    q++;
  else if (*q >= '1' && *q <= '9')
    {
      while (q < ps->end && g_ascii_isdigit (*q))
        {
          if (++digits > 15)
            simple = FALSE;
          else
            mantissa = mantissa * 10 + (guint64) (*q - '0');
          q++;
        }
    }
  else
    {
      /* "-Infinity" and friends. */
      ps->p = q;
      return set_error (ps, g_ascii_isalpha (*q) ? SJ_ERROR_NON_FINITE : SJ_ERROR_SYNTAX) != NULL;
    }
  if (q < ps->end && *q == '.')
    {
      q++;
      if (q >= ps->end || !g_ascii_isdigit (*q))
        {
          ps->p = q;
          return set_error (ps, SJ_ERROR_SYNTAX) != NULL;
        }
      while (q < ps->end && g_ascii_isdigit (*q))
        {
          if (mantissa != 0 || *q != '0')
            digits++;
          if (digits > 15 || frac >= 22)
            simple = FALSE;
          else
            mantissa = mantissa * 10 + (guint64) (*q - '0');
          frac++;
          q++;
        }
    }
  if (q < ps->end && (*q == 'e' || *q == 'E'))
    {
      simple = FALSE;
      q++;
      if (q < ps->end && (*q == '+' || *q == '-'))
        q++;
      if (q >= ps->end || !g_ascii_isdigit (*q))
        {
          ps->p = q;
          return set_error (ps, SJ_ERROR_SYNTAX) != NULL;
        }
      while (q < ps->end && g_ascii_isdigit (*q))
        q++;
    }
  if (simple)
    *out = (double) mantissa / powers_of_ten[frac];
  else
    {
      char buf[64];
      g_autofree char *big = NULL;
      gsize len = q - s;
      char *copy = len < sizeof buf ? buf : (big = g_malloc (len + 1));

      memcpy (copy, s, len);
      copy[len] = '\0';
      *out = fabs (g_ascii_strtod (copy, NULL));
    }
  if (neg)
    *out = -*out;
  ps->p = q;
  if (!isfinite (*out))
    return set_error (ps, SJ_ERROR_NON_FINITE) != NULL;
  return TRUE;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
parse_hex4 (Parser   *ps,
            gunichar *out)
{
  *out = 0;
  for (int i = 0; i < 4; i++)
    {
      int v;
      if (ps->p >= ps->end)
        return set_error (ps, SJ_ERROR_TRUNCATED) != NULL;
      v = hex_value (*ps->p);
      if (v < 0)
        return set_error (ps, SJ_ERROR_SYNTAX) != NULL;
      *out = *out * 16 + v;
      ps->p++;
    }
  return TRUE;
}

/* ps->p is just past the opening quote. */
static char *
parse_string (Parser *ps)
{
  GString *out = NULL;
  const char *run = ps->p;

  while (ps->p < ps->end)
    {
      unsigned char c = (unsigned char) *ps->p;

      if (c == '"')
        {
          char *result;

          if (out == NULL)
            result = g_strndup (run, ps->p - run);
          else
            {
              g_string_append_len (out, run, ps->p - run);
              result = g_string_free (out, FALSE);
            }
          ps->p++;
          if (!g_utf8_validate (result, -1, NULL))
            {
              g_free (result);
              return set_error (ps, SJ_ERROR_SYNTAX);
            }
          return result;
        }
      if (c < 0x20)
        break;
      if (c != '\\')
        {
          ps->p++;
          continue;
        }
      if (out == NULL)
        out = g_string_new (NULL);
      g_string_append_len (out, run, ps->p - run);
      ps->p++;
      if (ps->p >= ps->end)
        break;
      switch (*ps->p++)
        {
        case '"': g_string_append_c (out, '"'); break;
        case '\\': g_string_append_c (out, '\\'); break;
        case '/': g_string_append_c (out, '/'); break;
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'u':
          {
            gunichar u, low;

            if (!parse_hex4 (ps, &u))
              goto fail;
            if (u >= 0xd800 && u <= 0xdbff)
              {
                /* A surrogate pair must follow as a second escape. */
                if (!literal (ps, "\\u") || !parse_hex4 (ps, &low) ||
                    low < 0xdc00 || low > 0xdfff)
                  {
                    set_error (ps, SJ_ERROR_SYNTAX);
                    goto fail;
                  }
                u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
              }
            else if (u >= 0xdc00 && u <= 0xdfff)
              {
                set_error (ps, SJ_ERROR_SYNTAX);
                goto fail;
              }
            if (u == 0)
              {
                /* NUL has no place in a C string or in Stipple's text. */
                set_error (ps, SJ_ERROR_SYNTAX);
                goto fail;
              }
            g_string_append_unichar (out, u);
          }
          break;
        default:
          ps->p--;
          set_error (ps, SJ_ERROR_SYNTAX);
          goto fail;
        }
      run = ps->p;
    }
  set_error (ps, SJ_ERROR_SYNTAX);
fail:
  if (out != NULL)
    g_string_free (out, TRUE);
  return NULL;
}

static SjValue *parse_value (Parser *ps,
                             guint   depth);

static SjValue *
new_value (SjType type)
{
  SjValue *v = g_new0 (SjValue, 1);

  v->type = type;
  return v;
}

/* A growing run of doubles: cheaper than a GArray call per number on long strokes. */
typedef struct
{
  double *values;
  guint   len;
  guint   capacity;
} Doubles;

static inline void
doubles_add (Doubles *d,
             double   value)
{
  if (G_UNLIKELY (d->len == d->capacity))
    {
      d->capacity = d->capacity == 0 ? 48 : d->capacity * 2;
      d->values = g_renew (double, d->values, d->capacity);
    }
  d->values[d->len++] = value;
}

static SjValue *
parse_array (Parser *ps,
             guint   depth)
{
  Doubles numbers = { NULL, 0, 0 };
  GPtrArray *items = NULL;
  SjValue *v;

  skip_space (ps);
  if (ps->p < ps->end && *ps->p == ']')
    {
      ps->p++;
      goto done;
    }
  for (;;)
    {
      skip_space (ps);
      if (ps->p >= ps->end)
        {
          set_error (ps, SJ_ERROR_TRUNCATED);
          goto fail;
        }
      if (items == NULL && (*ps->p == '-' || g_ascii_isdigit (*ps->p)))
        {
          double d;
          if (!parse_number (ps, &d))
            goto fail;
          doubles_add (&numbers, d);
        }
      else
        {
          SjValue *item;

          if (items == NULL)
            {
              /* Not all numbers after all: turn those read so far into values. */
              items = g_ptr_array_new_with_free_func ((GDestroyNotify) _sj_value_free);
              for (guint i = 0; i < numbers.len; i++)
                {
                  SjValue *n = new_value (SJ_NUMBER);
                  n->number = numbers.values[i];
                  g_ptr_array_add (items, n);
                }
            }
          item = parse_value (ps, depth + 1);
          if (item == NULL)
            goto fail;
          g_ptr_array_add (items, item);
        }
      /* Stipple writes no spaces: look for the separator before skipping any. */
      if (ps->p < ps->end && *ps->p == ',')
        {
          ps->p++;
          continue;
        }
      skip_space (ps);
      if (ps->p < ps->end && *ps->p == ',')
        {
          ps->p++;
          continue;
        }
      if (ps->p < ps->end && *ps->p == ']')
        {
          ps->p++;
          break;
        }
      set_error (ps, SJ_ERROR_SYNTAX);
      goto fail;
    }

done:
  if (items == NULL)
    {
      v = new_value (SJ_NUMBERS);
      v->numbers.len = numbers.len;
      v->numbers.values = numbers.values;
      return v;
    }
  g_free (numbers.values);
  v = new_value (SJ_ARRAY);
  v->array.len = items->len;
  v->array.items = (SjValue **) g_ptr_array_steal (items, NULL);
  g_ptr_array_unref (items);
  return v;

fail:
  g_free (numbers.values);
  if (items != NULL)
    g_ptr_array_unref (items);
  return NULL;
}

static SjValue *
parse_object (Parser *ps,
              guint   depth)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *values = g_ptr_array_new_with_free_func ((GDestroyNotify) _sj_value_free);
  SjValue *v;

  skip_space (ps);
  if (ps->p < ps->end && *ps->p == '}')
    {
      ps->p++;
      goto done;
    }
  for (;;)
    {
      char *key;
      SjValue *value;

      skip_space (ps);
      if (ps->p >= ps->end || *ps->p != '"')
        {
          set_error (ps, SJ_ERROR_SYNTAX);
          goto fail;
        }
      ps->p++;
      key = parse_string (ps);
      if (key == NULL)
        goto fail;
      g_ptr_array_add (keys, key);
      skip_space (ps);
      if (ps->p >= ps->end || *ps->p != ':')
        {
          set_error (ps, SJ_ERROR_SYNTAX);
          goto fail;
        }
      ps->p++;
      value = parse_value (ps, depth + 1);
      if (value == NULL)
        goto fail;
      g_ptr_array_add (values, value);
      skip_space (ps);
      if (ps->p < ps->end && *ps->p == ',')
        {
          ps->p++;
          continue;
        }
      if (ps->p < ps->end && *ps->p == '}')
        {
          ps->p++;
          break;
        }
      set_error (ps, SJ_ERROR_SYNTAX);
      goto fail;
    }

done:
  v = new_value (SJ_OBJECT);
  v->object.len = keys->len;
  v->object.keys = (char **) g_ptr_array_steal (keys, NULL);
  v->object.values = (SjValue **) g_ptr_array_steal (values, NULL);
  g_ptr_array_unref (keys);
  g_ptr_array_unref (values);
  return v;

fail:
  g_ptr_array_unref (keys);
  g_ptr_array_unref (values);
  return NULL;
}

static SjValue *
parse_value (Parser *ps,
             guint   depth)
{
  SjValue *v;

  skip_space (ps);
  if (ps->p >= ps->end)
    return set_error (ps, SJ_ERROR_TRUNCATED);
  if (depth > ps->max_depth)
    return set_error (ps, SJ_ERROR_DEPTH);

  switch (*ps->p)
    {
    case '{':
      ps->p++;
      return parse_object (ps, depth);
    case '[':
      ps->p++;
      return parse_array (ps, depth);
    case '"':
      {
        char *s;
        ps->p++;
        s = parse_string (ps);
        if (s == NULL)
          return NULL;
        v = new_value (SJ_STRING);
        v->string = s;
        return v;
      }
    case 't':
    case 'f':
      {
        gboolean b = *ps->p == 't';
        if (!literal (ps, b ? "true" : "false"))
          return set_error (ps, SJ_ERROR_SYNTAX);
        v = new_value (SJ_BOOL);
        v->boolean = b;
        return v;
      }
    case 'n':
      if (!literal (ps, "null"))
        {
          if (literal (ps, "nan"))
            return set_error (ps, SJ_ERROR_NON_FINITE);
          return set_error (ps, SJ_ERROR_SYNTAX);
        }
      return new_value (SJ_NULL);
    case 'N':
    case 'I':
    case 'i':
      /* NaN, Infinity, inf: what some writers put where JSON has no number. */
      return set_error (ps, SJ_ERROR_NON_FINITE);
    default:
      if (*ps->p == '-' || g_ascii_isdigit (*ps->p))
        {
          double d;
          if (!parse_number (ps, &d))
            return NULL;
          v = new_value (SJ_NUMBER);
          v->number = d;
          return v;
        }
      return set_error (ps, SJ_ERROR_SYNTAX);
    }
}

SjValue *
_sj_parse (const char *data,
           gsize       length,
           guint       max_depth,
           SjError    *error_code,
           guint      *error_line)
{
  Parser ps = { data, data + length, data, max_depth, SJ_ERROR_SYNTAX, NULL, FALSE };
  SjValue *v;

  v = parse_value (&ps, 0);
  if (v != NULL)
    {
      skip_space (&ps);
      if (ps.p < ps.end)
        {
          _sj_value_free (v);
          v = NULL;
          set_error (&ps, SJ_ERROR_SYNTAX);
        }
    }
  if (v == NULL)
    {
      guint line = 1;

      for (const char *c = data; c < ps.error_at && c < ps.end; c++)
        if (*c == '\n')
          line++;
      *error_code = ps.error;
      *error_line = line;
    }
  return v;
}

void
_sj_value_free (SjValue *value)
{
  if (value == NULL)
    return;
  switch (value->type)
    {
    case SJ_STRING:
      g_free (value->string);
      break;
    case SJ_ARRAY:
      for (guint i = 0; i < value->array.len; i++)
        _sj_value_free (value->array.items[i]);
      g_free (value->array.items);
      break;
    case SJ_NUMBERS:
      g_free (value->numbers.values);
      break;
    case SJ_OBJECT:
      for (guint i = 0; i < value->object.len; i++)
        {
          g_free (value->object.keys[i]);
          _sj_value_free (value->object.values[i]);
        }
      g_free (value->object.keys);
      g_free (value->object.values);
      break;
    case SJ_NULL:
    case SJ_BOOL:
    case SJ_NUMBER:
    default:
      break;
    }
  g_free (value);
}

SjValue *
_sj_object_get (const SjValue *object,
                const char    *key)
{
  if (object == NULL || object->type != SJ_OBJECT)
    return NULL;
  for (guint i = object->object.len; i > 0; i--)
    if (strcmp (object->object.keys[i - 1], key) == 0)
      return object->object.values[i - 1];
  return NULL;
}

guint
_sj_array_length (const SjValue *array)
{
  if (array == NULL)
    return 0;
  if (array->type == SJ_ARRAY)
    return array->array.len;
  if (array->type == SJ_NUMBERS)
    return array->numbers.len;
  return 0;
}
