/* stipplectl.c: Stipple's headless command line: demo data, integrity check, search.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stipplectl"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include <stipple/stipple.h>

#include "stp-ics.h"

/* The core keeps the database in this file inside the data folder. Commands that only
 * read refuse a folder without one, rather than creating an empty clinic there. */
#define DATABASE_FILE_NAME "stipple.db"

/* Exit statuses, documented in --help. */
enum
{
  EXIT_OK = 0,
  EXIT_ERROR = 1,     /* the command could not do its work */
  EXIT_USAGE = 2,     /* the command line is wrong */
  EXIT_DAMAGED = 3,   /* check: the database has problems */
};

#define DEMO_MAX_CLIENTS 1000000

typedef struct
{
  const char *name;
  const char *parameters;
  const char *summary;
  int       (*run) (int argc, char **argv);
} Command;

static char *opt_data_dir = NULL;

static const GOptionEntry data_dir_entries[] = {
  { "data-dir", 'd', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &opt_data_dir,
    N_("Use the Stipple data folder DIR (default: $STIPPLE_DATA_DIR, else "
       "~/.local/share/stipple)"), N_("DIR") },
  { NULL }
};

static int
fail (int         status,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

/* Prints "stipplectl: message" on stderr and returns status, for `return fail (...)`. */
static int
fail (int         status,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("stipplectl: %s\n", message);
  return status;
}

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_autofree char *prgname = g_strdup (g_get_prgname ());

  g_printerr ("stipplectl: %s\n", message);
  g_printerr (_("Run “%s --help” to see how to use it.\n"), prgname);
  (void)context;
  return EXIT_USAGE;
}

/* Parses the options of one command; *status is set when the caller should return. */
static gboolean
parse_command_line (GOptionContext  *context,
                    int             *argc,
                    char          ***argv,
                    int             *status)
{
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, data_dir_entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = usage_error (context, error->message);
      return FALSE;
    }

  return TRUE;
}

static char *
resolve_data_dir (void)
{
  if (opt_data_dir != NULL && *opt_data_dir != '\0')
    return g_strdup (opt_data_dir);

  /* STIPPLE_DATA_DIR, else the standard place. */
  return stp_store_default_data_dir ();
}

/* Opens the store; with must_exist, a folder without a database is an error rather than
 * a new, empty clinic. */
static StpStore *
open_store (gboolean   must_exist,
            int       *status)
{
  g_autofree char *data_dir = resolve_data_dir ();
  g_autoptr(GError) error = NULL;
  StpStore *store;

  if (must_exist)
    {
      g_autofree char *db_path = g_build_filename (data_dir, DATABASE_FILE_NAME, NULL);

      if (!g_file_test (data_dir, G_FILE_TEST_IS_DIR))
        {
          *status = fail (EXIT_ERROR,
                          _("There is no Stipple data folder at “%s”. Give the right folder "
                            "with --data-dir DIR, or create a demo clinic there with "
                            "“stipplectl demo --clients 100”."),
                          data_dir);
          return NULL;
        }

      if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
        {
          *status = fail (EXIT_ERROR,
                          _("The folder “%s” holds no Stipple database (%s). Give the right "
                            "folder with --data-dir DIR, or start Stipple once to create "
                            "one."),
                          data_dir, DATABASE_FILE_NAME);
          return NULL;
        }
    }

  store = stp_store_open (data_dir, &error);
  if (store == NULL)
    {
      *status = fail (EXIT_ERROR, "%s", error->message);
      return NULL;
    }

  return store;
}

/* demo */

static int
command_demo (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(StpStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int n_clients = -1;
  int n_sessions = 0;
  gint64 seed = 1;
  gint64 started;
  int status = EXIT_OK;
  const GOptionEntry entries[] = {
    { "clients", 'n', G_OPTION_FLAG_NONE, G_OPTION_ARG_INT, &n_clients,
      N_("Add N clients (1 to 1000000)"), N_("N") },
    { "seed", 's', G_OPTION_FLAG_NONE, G_OPTION_ARG_INT64, &seed,
      N_("Choose the data set: the same seed gives the same clients (default 1)"),
      N_("S") },
    { "sessions", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_INT, &n_sessions,
      N_("Also give the first N clients a plan and past sessions (default 0)"), N_("N") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Fills the data folder with realistic, made-up clients "
                                  "(and a few staff when there are none), the same ones "
                                  "for the same seed. Existing records are kept."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_command_line (context, &argc, &argv, &status))
    return status;

  if (argc > 1)
    return usage_error (context, _("“demo” takes no arguments besides its options."));
  if (n_clients < 0)
    return usage_error (context, _("Say how many clients to add with --clients N."));
  if (n_clients < 1 || n_clients > DEMO_MAX_CLIENTS)
    return usage_error (context, _("--clients must be between 1 and 1000000."));
  if (seed < 0 || seed > G_MAXUINT32)
    return usage_error (context, _("--seed must be between 0 and 4294967295."));
  if (n_sessions < 0 || n_sessions > 1000)
    return usage_error (context, _("--sessions must be between 0 and 1000."));

  store = open_store (FALSE, &status);
  if (store == NULL)
    return status;

  started = g_get_monotonic_time ();
  if (!stp_demo_fill (store, (guint)n_clients, (guint32)seed, &error))
    return fail (EXIT_ERROR, _("Adding demo clients failed: %s"), error->message);
  if (n_sessions > 0 && !stp_demo_add_sessions (store, (guint)n_sessions, (guint32)seed, &error))
    return fail (EXIT_ERROR, _("Adding demo sessions failed: %s"), error->message);

  g_print (_("Added %d demo clients (seed %u) to %s in %.1f s.\n"),
           n_clients, (guint)seed, stp_store_get_path (store),
           (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC);
  g_print (_("The clinic now has %u active clients.\n"),
           stp_store_count_clients (store, STP_CLIENT_SCOPE_ACTIVE));
  if (n_sessions > 0)
    g_print (_("The first %u clients have a treatment plan and past sessions.\n"),
             MIN ((guint)n_sessions, stp_store_count_clients (store, STP_CLIENT_SCOPE_ACTIVE)));

  return EXIT_OK;
}

/* check */

static guint64
file_size (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return 0;
  return (guint64)st.st_size;
}

static int
command_check (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(StpStore) store = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *report = NULL;
  g_autofree char *wal_path = NULL;
  g_autofree char *size = NULL;
  const char *path;
  guint n_active_staff = 0;
  int status = EXIT_OK;

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Runs a full integrity check of the clinic database and "
                                  "prints a summary. Exits with status 3 when the check "
                                  "finds problems."));
  if (!parse_command_line (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return usage_error (context, _("“check” takes no arguments besides its options."));

  store = open_store (TRUE, &status);
  if (store == NULL)
    return status;

  if (!stp_store_check_integrity (store, &report, &error))
    return fail (EXIT_ERROR, _("The integrity check could not run: %s"), error->message);

  staff = stp_store_list_staff (store, TRUE, &error);
  if (staff == NULL)
    return fail (EXIT_ERROR, _("Reading the staff list failed: %s"), error->message);
  for (guint i = 0; i < staff->len; i++)
    if (stp_staff_get_active (g_ptr_array_index (staff, i)))
      n_active_staff++;

  path = stp_store_get_path (store);
  wal_path = g_strconcat (path, "-wal", NULL);
  size = g_format_size (file_size (path) + file_size (wal_path));

  g_print (_("Database:       %s\n"), path);
  g_print (_("Size:           %s (write-ahead log included)\n"), size);
  g_print (_("Schema version: %d (this Stipple writes %d)\n"),
           stp_store_get_schema_version (store), stp_store_get_latest_schema_version ());
  g_print (_("Clients:        %u active, %u archived\n"),
           stp_store_count_clients (store, STP_CLIENT_SCOPE_ACTIVE),
           stp_store_count_clients (store, STP_CLIENT_SCOPE_ARCHIVED));
  g_print (_("Staff:          %u (%u active)\n"), staff->len, n_active_staff);

  if (g_strcmp0 (report, "ok") == 0)
    {
      g_print (_("Integrity:      ok\n"));
      return EXIT_OK;
    }

  g_print (_("Integrity:      PROBLEMS FOUND\n%s\n"), report);
  return fail (EXIT_DAMAGED,
               _("The database “%s” is damaged. Stop using it, and restore your latest "
                 "backup."),
               path);
}

/* clients search */

static void
print_field (const char *text)
{
  /* One record per line, fields split by tabs: keep both out of the values. */
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    putchar (*p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p);
}

static int
command_clients_search (int    argc,
                        char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(StpStore) store = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean archived = FALSE;
  int limit = 0;
  int status = EXIT_OK;
  const GOptionEntry entries[] = {
    { "archived", 'a', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &archived,
      N_("Search archived clients instead of active ones"), NULL },
    { "limit", 'l', G_OPTION_FLAG_NONE, G_OPTION_ARG_INT, &limit,
      N_("Print at most N clients (default: all)"), N_("N") },
    { NULL }
  };

  context = g_option_context_new (_("TEXT…"));
  g_option_context_set_summary (context,
                                _("Finds clients by the start of their names, phone, email "
                                  "or notes, best match first, as the search field in "
                                  "Stipple does. Prints one client per line: id, name, "
                                  "phone and email, separated by tabs."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_command_line (context, &argc, &argv, &status))
    return status;

  if (argc < 2)
    return usage_error (context, _("Say what to search for: stipplectl clients search TEXT."));
  if (limit < 0)
    return usage_error (context, _("--limit must be 0 (all) or more."));

  text = g_strjoinv (" ", argv + 1);
  if (!g_utf8_validate (text, -1, NULL))
    return usage_error (context, _("The search text is not valid UTF-8 text."));

  store = open_store (TRUE, &status);
  if (store == NULL)
    return status;

  ids = stp_store_search_clients (store, text,
                                  archived ? STP_CLIENT_SCOPE_ARCHIVED : STP_CLIENT_SCOPE_ACTIVE,
                                  (guint)limit, &error);
  if (ids == NULL)
    return fail (EXIT_ERROR, _("The search failed: %s"), error->message);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(StpClient) client = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *name = NULL;

      client = stp_store_get_client (store, id, &local_error);
      if (client == NULL)
        return fail (EXIT_ERROR, _("Reading a client failed: %s"), local_error->message);

      name = stp_client_dup_display_name (client);
      printf ("%" G_GINT64_FORMAT "\t", id);
      print_field (name);
      putchar ('\t');
      print_field (stp_client_get_phone (client));
      putchar ('\t');
      print_field (stp_client_get_email (client));
      putchar ('\n');
    }

  if (fflush (stdout) != 0)
    return fail (EXIT_ERROR, _("The results could not be written: %s"), g_strerror (errno));

  if (ids->len == 0)
    g_printerr (archived ? _("No archived client matches “%s”.\n")
                         : _("No active client matches “%s”.\n"),
                text);

  return EXIT_OK;
}

/* backup */

static int
command_backup (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(StpStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *size = NULL;
  int status = EXIT_OK;

  context = g_option_context_new (_("FILE"));
  g_option_context_set_summary (context,
                                _("Writes a consistent copy of the clinic database to FILE, "
                                  "also while Stipple is running. FILE must not exist yet. "
                                  "Restore by copying it back as stipple.db into an empty "
                                  "data folder."));
  if (!parse_command_line (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("Say where to write the backup: stipplectl backup FILE."));

  store = open_store (TRUE, &status);
  if (store == NULL)
    return status;

  if (!stp_store_backup (store, argv[1], &error))
    return fail (EXIT_ERROR, "%s", error->message);

  size = g_format_size (file_size (argv[1]));
  g_print (_("Backed up %s to %s (%s).\n"), stp_store_get_path (store), argv[1], size);
  return EXIT_OK;
}

/* reminders (aftercare follow-ups) */

static char *
format_local (gint64 t)
{
  g_autoptr(GDateTime) d = g_date_time_new_from_unix_local (t);
  return g_date_time_format (d, "%Y-%m-%d %H:%M");
}

static char *
format_utc_iso (gint64 t)
{
  g_autoptr(GDateTime) d = g_date_time_new_from_unix_utc (t);
  return g_date_time_format (d, "%Y-%m-%dT%H:%M:%SZ");
}

static char *
followups_to_json (GPtrArray *list)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < list->len; i++)
    {
      const StpFollowup *f = g_ptr_array_index (list, i);
      g_autofree char *due = format_utc_iso (f->due_at);
      g_autofree char *remind = format_utc_iso (f->remind_at);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, f->id);
      json_builder_set_member_name (builder, "client_id");
      json_builder_add_int_value (builder, f->client_id);
      json_builder_set_member_name (builder, "client");
      json_builder_add_string_value (builder, f->client_name);
      json_builder_set_member_name (builder, "phone");
      json_builder_add_string_value (builder, f->phone);
      json_builder_set_member_name (builder, "email");
      json_builder_add_string_value (builder, f->email);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, stp_followup_kind_to_string (f->kind));
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, f->title);
      json_builder_set_member_name (builder, "channel");
      json_builder_add_string_value (builder, stp_channel_to_string (f->channel));
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, stp_followup_status_to_string (f->status));
      json_builder_set_member_name (builder, "due_at");
      json_builder_add_string_value (builder, due);
      json_builder_set_member_name (builder, "remind_at");
      json_builder_add_string_value (builder, remind);
      json_builder_set_member_name (builder, "last_outcome");
      json_builder_add_string_value (builder, f->last_outcome);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, f->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

static int
command_reminders_due (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(StpStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  int status = EXIT_OK;
  const GOptionEntry entries[] = {
    { "json", 'j', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &json,
      N_("Print a JSON array instead of lines"), NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Lists the aftercare follow-ups due now (overdue ones "
                                  "first), one per line: due time, client, phone, reason "
                                  "and how to reach them, separated by tabs."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_command_line (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return usage_error (context, _("“reminders due” takes no arguments besides its options."));

  store = open_store (TRUE, &status);
  if (store == NULL)
    return status;
  list = stp_store_list_followups (store, STP_FOLLOWUP_RANGE_DUE,
                                   g_get_real_time () / G_USEC_PER_SEC, NULL, 0, &error);
  if (list == NULL)
    return fail (EXIT_ERROR, _("Reading the follow-ups failed: %s"), error->message);

  if (json)
    {
      g_autofree char *text = followups_to_json (list);
      puts (text);
    }
  else
    {
      for (guint i = 0; i < list->len; i++)
        {
          const StpFollowup *f = g_ptr_array_index (list, i);
          g_autofree char *when = format_local (f->remind_at);

          printf ("%s\t", when);
          print_field (f->client_name);
          putchar ('\t');
          print_field (f->phone);
          putchar ('\t');
          print_field (f->title);
          putchar ('\t');
          print_field (stp_channel_get_label (f->channel));
          putchar ('\n');
        }
      if (list->len == 0)
        g_printerr (_("No follow-up is due.\n"));
    }
  if (fflush (stdout) != 0)
    return fail (EXIT_ERROR, _("The list could not be written: %s"), g_strerror (errno));
  return EXIT_OK;
}

static int
command_reminders_export (int    argc,
                          char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(StpStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int status = EXIT_OK;
  const GOptionEntry entries[] = {
    { "ics", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &path,
      N_("Write an iCalendar file"), N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Writes every open aftercare follow-up as an event of an "
                                  "iCalendar file, which calendar programs import. "
                                  "Importing it again updates the same events."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_command_line (context, &argc, &argv, &status))
    return status;
  if (path == NULL || *path == '\0')
    return usage_error (context,
                        _("Say where to write the calendar: reminders export --ics FILE."));
  if (argc > 1)
    return usage_error (context,
                        _("“reminders export” takes no arguments besides --ics FILE."));

  store = open_store (TRUE, &status);
  if (store == NULL)
    return status;
  list = stp_store_list_followups (store, STP_FOLLOWUP_RANGE_OPEN,
                                   g_get_real_time () / G_USEC_PER_SEC, NULL, 0, &error);
  if (list == NULL)
    return fail (EXIT_ERROR, _("Reading the follow-ups failed: %s"), error->message);
  if (!stp_ics_write_followups (list, path, &error))
    return fail (EXIT_ERROR, _("The calendar could not be written: %s"), error->message);
  g_print (ngettext ("Wrote %u follow-up to %s.\n", "Wrote %u follow-ups to %s.\n", list->len),
           list->len, path);
  return EXIT_OK;
}

static const Command commands[] = {
  { "demo", N_("--clients N [--seed S]"), N_("Fill the data folder with demo clients"),
    command_demo },
  { "check", "", N_("Check the database and print a summary"), command_check },
  { "clients search", N_("TEXT [--archived]"), N_("Find clients, best match first"),
    command_clients_search },
  { "backup", N_("FILE"), N_("Write a consistent copy of the database to FILE"),
    command_backup },
  { "reminders due", N_("[--json]"), N_("List the aftercare follow-ups due now"),
    command_reminders_due },
  { "reminders export", N_("--ics FILE"), N_("Write the open follow-ups as a calendar file"),
    command_reminders_export },
};

static char *
commands_description (void)
{
  GString *text = g_string_new (_("Commands:\n"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *left = g_strdup_printf ("%s %s", commands[i].name,
                                               _(commands[i].parameters));

      g_string_append_printf (text, "  %-36s %s\n", left, _(commands[i].summary));
    }

  g_string_append (text,
                   _("\nEvery command takes --data-dir DIR and --help.\n"
                     "Exit status: 0 done, 1 failed, 2 wrong command line, "
                     "3 the check found problems.\n"));
  return g_string_free (text, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &version,
      N_("Print the version and exit"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("stipplectl");

  /* The first pass stops at the command name, so each command parses its own options. */
  context = g_option_context_new (_("COMMAND [OPTIONS…]"));
  g_option_context_set_summary (context,
                                _("Works with a Stipple clinic database without the "
                                  "window: demo data, integrity check and search."));
  description = commands_description ();
  g_option_context_set_description (context, description);
  g_option_context_set_strict_posix (context, TRUE);
  g_option_context_add_main_entries (context, data_dir_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);

  if (version)
    {
      g_print ("stipplectl %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }

  if (argc < 2)
    {
      g_printerr ("%s", description);
      return usage_error (context, _("Say which command to run."));
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(GStrv) words = g_strsplit (commands[i].name, " ", -1);
      guint n_words = g_strv_length (words);
      g_autofree char *prgname = NULL;
      g_autofree char **sub_argv = NULL;
      gboolean matches = (guint)argc > n_words;

      for (guint w = 0; matches && w < n_words; w++)
        matches = strcmp (argv[1 + w], words[w]) == 0;
      if (!matches)
        continue;

      /* The command sees "stipplectl demo" as its program name and its own arguments. */
      prgname = g_strdup_printf ("stipplectl %s", commands[i].name);
      g_set_prgname (prgname);
      sub_argv = g_new0 (char *, argc - n_words + 1);
      sub_argv[0] = prgname;
      for (int a = 1 + n_words; a < argc; a++)
        sub_argv[a - n_words] = argv[a];

      return commands[i].run (argc - n_words, sub_argv);
    }

  if (strcmp (argv[1], "reminders") == 0)
    return usage_error (context, _("Say what to do with reminders: reminders due [--json] or "
                                   "reminders export --ics FILE."));

  if (strcmp (argv[1], "clients") == 0)
    return usage_error (context, argc > 2
                        ? _("Unknown “clients” command; the one there is: clients search TEXT.")
                        : _("Say what to do with clients: clients search TEXT."));

  {
    g_autofree char *message = g_strdup_printf (_("Unknown command “%s”."), argv[1]);
    g_printerr ("%s", description);
    return usage_error (context, message);
  }
}
