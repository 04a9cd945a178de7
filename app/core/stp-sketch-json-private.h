/* stp-sketch-json-private.h: a small strict JSON reader for sketch files.
 *
 * json-glib parsed a 2,000-stroke sketch (2 MB) in about 136 ms here, three times the
 * 50 ms a sketch may take to open, because every number becomes a JsonNode. This reader
 * follows RFC 8259 strictly, packs arrays of numbers into one double array, reads
 * numbers with an exact fast path, and says why input is refused: truncated, nested too
 * deep, NaN or Infinity, or not JSON.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SJ_NULL,
  SJ_BOOL,
  SJ_NUMBER,
  SJ_STRING,
  SJ_ARRAY,     /* of SjValue */
  SJ_NUMBERS,   /* an array whose elements are all numbers, packed */
  SJ_OBJECT,
} SjType;

typedef struct _SjValue SjValue;

struct _SjValue
{
  SjType type;
  union
    {
      gboolean  boolean;
      double    number;
      char     *string;                               /* valid UTF-8, NUL-free */
      struct { SjValue **items; guint len; } array;
      struct { double *values; guint len; } numbers;
      struct { char **keys; SjValue **values; guint len; } object;
    };
};

typedef enum
{
  SJ_ERROR_SYNTAX,      /* not JSON */
  SJ_ERROR_TRUNCATED,   /* ends before the value does */
  SJ_ERROR_DEPTH,       /* nested deeper than allowed */
  SJ_ERROR_NON_FINITE,  /* NaN, Infinity or a number too large for a double */
} SjError;

/* Parses exactly one value (surrounding white space allowed). On failure returns NULL
 * with *error_code and *error_line set. */
SjValue        *_sj_parse          (const char    *data,
                                    gsize          length,
                                    guint          max_depth,
                                    SjError       *error_code,
                                    guint         *error_line);
void            _sj_value_free     (SjValue       *value);
/* The member's value, NULL when absent (the last one wins when a key repeats). */
SjValue        *_sj_object_get     (const SjValue *object,
                                    const char    *key);
/* Array length for SJ_ARRAY and SJ_NUMBERS, 0 otherwise. */
guint           _sj_array_length   (const SjValue *array);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SjValue, _sj_value_free)

G_END_DECLS
