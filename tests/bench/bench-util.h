/* bench-util.h: small helpers shared by the benchmarks: temporary folders, statistics
 * and the "bench <name>: ..." lines that scripts compare across versions.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <math.h>
#include <stdio.h>

#include <glib.h>
#include <glib/gstdio.h>

/* Removes a temporary folder and everything in it (no symbolic links are followed). */
static inline void
bench_remove_tree (const char *path)
{
  GDir *dir;
  const char *name;

  if (path == NULL)
    return;

  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) &&
      (dir = g_dir_open (path, 0, NULL)) != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          char *child = g_build_filename (path, name, NULL);
          bench_remove_tree (child);
          g_free (child);
        }
      g_dir_close (dir);
    }

  g_remove (path);
}

static int
bench_compare_doubles (gconstpointer a,
                       gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

/* The q-quantile (0..1) of the values by the nearest-rank method (the median of an even
 * count is the mean of the middle two). Sorts the values. */
static inline double
bench_quantile (GArray *values,
                double  q)
{
  guint n = values->len;
  guint rank;

  g_return_val_if_fail (n > 0, 0.0);

  g_array_sort (values, bench_compare_doubles);
  if (q == 0.5 && n % 2 == 0)
    return (g_array_index (values, double, n / 2 - 1) +
            g_array_index (values, double, n / 2)) / 2.0;

  rank = (guint)ceil (q * n);
  rank = CLAMP (rank, 1, n);
  return g_array_index (values, double, rank - 1);
}

static inline double
bench_median (GArray *values)
{
  return bench_quantile (values, 0.5);
}

/* "bench <name>: <value> <unit> (floor <value> <unit>, ratio <value>)" */
static inline void
bench_print (const char *name,
             double      value,
             double      floor_value,
             const char *unit)
{
  if (floor_value > 0.0)
    printf ("bench %s: %.2f %s (floor %.2f %s, ratio %.2f)\n",
            name, value, unit, floor_value, unit, value / floor_value);
  else
    printf ("bench %s: %.2f %s\n", name, value, unit);
  fflush (stdout);
}
