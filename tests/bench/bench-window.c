/* bench-window.c: launches the real Stipple window and a bare AdwApplicationWindow, each
 * quitting after its first frame, and compares them.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-window first-frame STIPPLE BARE-WINDOW [--clients 10000] [--runs 20]
 *       launch to first frame (to exit, in fact: both quit right after it), median ms
 *   bench-window clients-rss STIPPLE BARE-WINDOW [--clients 100000] [--runs 3]
 *       peak resident memory of the window listing the clients, median MB
 *
 * Stipple runs with --data-dir on a demo clinic and STIPPLE_EXIT_AFTER_FIRST_FRAME=1. Each
 * child is reaped with wait4(), which gives its own peak RSS (ru_maxrss).
 */

#define G_LOG_DOMAIN "bench-window"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <stipple/stipple.h>

#include "bench-util.h"

/* A window that has not quit by then never will: its exit hook is missing or broken. */
#define LAUNCH_TIMEOUT_SECONDS 120

static volatile pid_t child_pid = 0;
static volatile sig_atomic_t timed_out = 0;

static int opt_clients = -1;
static int opt_runs = -1;

static const GOptionEntry entries[] = {
  { "clients", 0, 0, G_OPTION_ARG_INT, &opt_clients, "Demo clients in the data folder", "N" },
  { "runs", 0, 0, G_OPTION_ARG_INT, &opt_runs, "Timed launches of each program", "N" },
  { NULL }
};

typedef struct
{
  double ms;      /* from fork to the child's exit */
  double rss_mb;  /* peak resident set */
} Launch;

static void
alarm_cb (int signum)
{
  timed_out = 1;
  if (child_pid > 0)
    kill (child_pid, SIGKILL);
}

/* Runs argv to completion with STIPPLE_EXIT_AFTER_FIRST_FRAME=1, with or without GDK's
 * OpenGL support; FALSE when it failed. */
static gboolean
launch (char * const *argv,
        gboolean      with_gl,
        Launch       *result)
{
  struct sigaction action = { 0 };
  struct rusage usage = { 0 };
  gint64 started;
  int status = 0;
  pid_t pid;

  action.sa_handler = alarm_cb;
  sigaction (SIGALRM, &action, NULL);
  timed_out = 0;

  started = g_get_monotonic_time ();
  pid = fork ();
  if (pid < 0)
    g_error ("fork: %s", g_strerror (errno));

  if (pid == 0)
    {
      int devnull = open ("/dev/null", O_WRONLY);

      /* Keep stderr for diagnostics; stdout chatter is not wanted in the results. */
      if (devnull >= 0)
        dup2 (devnull, STDOUT_FILENO);
      setenv ("STIPPLE_EXIT_AFTER_FIRST_FRAME", "1", 1);
      if (!with_gl)
        setenv ("GDK_DEBUG", "gl-disable", 1);
      execv (argv[0], argv);
      fprintf (stderr, "bench-window: cannot run %s: %s\n", argv[0], strerror (errno));
      _exit (127);
    }

  child_pid = pid;
  alarm (LAUNCH_TIMEOUT_SECONDS);
  while (wait4 (pid, &status, 0, &usage) < 0)
    {
      if (errno != EINTR)
        g_error ("wait4: %s", g_strerror (errno));
    }
  alarm (0);
  child_pid = 0;

  result->ms = (g_get_monotonic_time () - started) / 1000.0;
  result->rss_mb = usage.ru_maxrss / 1024.0;  /* kilobytes on Linux */

  if (timed_out)
    {
      g_printerr ("bench-window: %s did not quit within %d s of starting; does it quit "
                  "after its first frame when STIPPLE_EXIT_AFTER_FIRST_FRAME=1 is set?\n",
                  argv[0], LAUNCH_TIMEOUT_SECONDS);
      return FALSE;
    }
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_printerr ("bench-window: %s ended with %s %d\n", argv[0],
                  WIFEXITED (status) ? "exit status" : "signal",
                  WIFEXITED (status) ? WEXITSTATUS (status) : WTERMSIG (status));
      return FALSE;
    }

  return TRUE;
}

/* The demo clinic is made in a child process: a forked child counts its parent's resident
 * pages in its own peak RSS, so the driver must stay small while it launches windows. */
static char *
make_demo_clinic (int n_clients)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  gint64 started = g_get_monotonic_time ();
  int status = 0;
  pid_t pid;

  data_dir = g_dir_make_tmp ("stipple-bench-window-XXXXXX", &error);
  g_assert_no_error (error);

  pid = fork ();
  if (pid < 0)
    g_error ("fork: %s", g_strerror (errno));
  if (pid == 0)
    {
      g_autoptr(StpStore) store = stp_store_open (data_dir, &error);

      if (store == NULL || !stp_demo_fill (store, (guint)n_clients, 1, &error))
        {
          fprintf (stderr, "bench-window: preparing %d demo clients failed: %s\n",
                   n_clients, error->message);
          _exit (1);
        }
      g_clear_object (&store);
      _exit (0);
    }

  if (waitpid (pid, &status, 0) < 0 || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("the demo clinic could not be prepared");

  g_printerr ("bench-window: %d demo clients in %.1f s\n", n_clients,
              (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC);
  return g_steal_pointer (&data_dir);
}

/* Resident memory of this process, for the log: it bounds what each child inherits. */
static double
own_rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmRSS:")) == NULL)
    return 0.0;
  return g_ascii_strtod (line + strlen ("VmRSS:"), NULL) / 1024.0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) app_values = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare_values = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *data_dir = NULL;
  gboolean rss_mode;
  const char *mode;
  guint failures = 0;

  context = g_option_context_new ("first-frame|clients-rss STIPPLE BARE-WINDOW");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 4 ||
      (strcmp (argv[1], "first-frame") != 0 && strcmp (argv[1], "clients-rss") != 0))
    {
      g_printerr ("usage: bench-window first-frame|clients-rss STIPPLE BARE-WINDOW "
                  "[--clients N] [--runs N]%s%s\n",
                  error != NULL ? ": " : "", error != NULL ? error->message : "");
      return 2;
    }

  mode = argv[1];
  rss_mode = strcmp (mode, "clients-rss") == 0;
  if (opt_clients < 0)
    opt_clients = rss_mode ? 100000 : 10000;
  if (opt_runs < 1)
    opt_runs = rss_mode ? 3 : 20;

  data_dir = make_demo_clinic (opt_clients);
  g_printerr ("bench-window: the driver itself holds %.1f MB\n", own_rss_mb ());

  /* Under Xvfb, GDK loads Mesa's software OpenGL even for the cairo renderer, which alone
   * adds about 60 MB and 60 ms to any GTK window; a clinic's machine has its own driver.
   * The headline figures are therefore measured without OpenGL, and the same figures with
   * it follow under their own names, both beside the bare window in the same run. */
  for (int with_gl = 0; with_gl < 2; with_gl++)
    {
      char *app_argv[] = { argv[2], (char *)"--data-dir", data_dir, NULL };
      char *bare_argv[] = { argv[3], NULL };
      g_autofree char *name = NULL;

      g_array_set_size (app_values, 0);
      g_array_set_size (bare_values, 0);

      /* One untimed launch of each first: caches, fonts, the renderer's setup. */
      for (int run = -1; run < opt_runs; run++)
        for (int turn = 0; turn < 2; turn++)
          {
            /* Alternate which one goes first, so drift on a shared machine hits both. */
            gboolean app_turn = (turn == 0) == (run % 2 == 0);
            Launch result;
            double value;

            if (!launch (app_turn ? app_argv : bare_argv, with_gl, &result))
              {
                failures++;
                continue;
              }
            if (run < 0)
              continue;

            value = rss_mode ? result.rss_mb : result.ms;
            g_array_append_val (app_turn ? app_values : bare_values, value);
          }

      if (app_values->len == 0 || bare_values->len == 0)
        {
          g_printerr ("bench-window: no successful launch of %s to measure\n",
                      app_values->len == 0 ? "stipple" : "the bare window");
          bench_remove_tree (data_dir);
          return 1;
        }

      name = g_strdup_printf ("%s%s", mode, with_gl ? "-with-gl" : "");
      bench_print (name, bench_median (app_values), bench_median (bare_values),
                   rss_mode ? "MB" : "ms");
    }

  bench_remove_tree (data_dir);

  return failures > 0 ? 1 : 0;
}
