#!/bin/bash
# The real stipplectl binary on temporary data folders; prints TAP.
#
# Copyright 2026 The Stipple developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-stipplectl.sh PATH-TO-STIPPLECTL

set -u

STIPPLECTL=${1:?usage: test-stipplectl.sh PATH-TO-STIPPLECTL}
PYTHON=/usr/bin/python3
export LC_ALL=C.UTF-8 LANGUAGE=
unset STIPPLE_DATA_DIR

tmp=$(mktemp -d "${TMPDIR:-/tmp}/test-stipplectl.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

n=0
failed=0

# ok CONDITION-STATUS DESCRIPTION [DETAIL]
report () {
  n=$((n + 1))
  if [ "$1" -eq 0 ]; then
    echo "ok $n - $2"
  else
    echo "not ok $n - $2"
    failed=$((failed + 1))
    if [ -n "${3:-}" ]; then
      printf '%s\n' "$3" | sed 's/^/#   /'
    fi
  fi
}

# run ARGS...: runs stipplectl, keeping stdout, stderr and the exit status.
run () {
  "$STIPPLECTL" "$@" >"$tmp/out" 2>"$tmp/err"
  status=$?
  out=$(cat "$tmp/out")
  err=$(cat "$tmp/err")
}

detail () {
  printf 'exit status %s\n--- stdout\n%s\n--- stderr\n%s' "$status" "$out" "$err"
}

expect_usage_error () {
  local what=$1 pattern=$2
  shift 2
  run "$@"
  [ "$status" -eq 2 ] && [ -z "$out" ] && grep -qi -- "$pattern" <<<"$err"
  report $? "$what: exit 2, stderr says \"$pattern\", nothing on stdout" "$(detail)"
}

clinic="$tmp/clinic"

# --- help and version
run --help
[ "$status" -eq 0 ] && grep -q "demo" <<<"$out" && grep -q "clients search" <<<"$out" \
  && grep -q -- "--data-dir" <<<"$out"
report $? "--help lists the commands and --data-dir" "$(detail)"

run demo --help
[ "$status" -eq 0 ] && grep -q -- "--clients" <<<"$out" && grep -q -- "--seed" <<<"$out"
report $? "demo --help lists --clients and --seed" "$(detail)"

run --version
[ "$status" -eq 0 ] && grep -q "^stipplectl [0-9]" <<<"$out"
report $? "--version prints the version" "$(detail)"

# --- demo fills N clients
run demo --clients 60 --seed 7 --data-dir "$clinic"
[ "$status" -eq 0 ] && [ -z "$err" ] && grep -q "60" <<<"$out"
report $? "demo --clients 60 succeeds" "$(detail)"

mode=$(stat -c %a "$clinic" 2>/dev/null)
[ "$mode" = 700 ]
report $? "demo creates the data folder 0700 (got $mode)"

# --- check says ok and counts them
run check --data-dir "$clinic"
[ "$status" -eq 0 ] && grep -q "^Integrity: *ok$" <<<"$out" \
  && grep -q "^Clients: *60 active, 0 archived$" <<<"$out" \
  && grep -q "^Staff: *[1-9]" <<<"$out" && grep -q "^Schema version: *[1-9]" <<<"$out" \
  && grep -q "$clinic/" <<<"$out"
report $? "check: integrity ok, 60 active clients, staff, schema version, path" "$(detail)"

# --data-dir before the command works too, and so does STIPPLE_DATA_DIR.
run --data-dir "$clinic" check
[ "$status" -eq 0 ] && grep -q "^Integrity: *ok$" <<<"$out"
report $? "--data-dir before the command" "$(detail)"

STIPPLE_DATA_DIR="$clinic" run check
[ "$status" -eq 0 ] && grep -q "^Clients: *60 active" <<<"$out"
report $? "STIPPLE_DATA_DIR chooses the folder when --data-dir is not given" "$(detail)"

# --- demo with treatment sessions
run demo --clients 8 --sessions 5 --data-dir "$tmp/with-sessions"
[ "$status" -eq 0 ] && [ -z "$err" ] && grep -q "first 5 clients have a treatment plan" <<<"$out"
report $? "demo --sessions 5 gives five clients plans and sessions" "$(detail)"

# --- demo adds more, deterministically
run demo --clients 15 --seed 7 --data-dir "$clinic"
run check --data-dir "$clinic"
grep -q "^Clients: *75 active" <<<"$out"
report $? "a second demo adds to the existing clients" "$(detail)"

run demo --clients 60 --seed 7 --data-dir "$tmp/twin"
run clients search a --data-dir "$tmp/twin"
twin_a=$out
run demo --clients 60 --seed 7 --data-dir "$tmp/twin2"
run clients search a --data-dir "$tmp/twin2"
[ -n "$twin_a" ] && [ "$out" = "$twin_a" ]
report $? "the same seed gives the same clients" "$(detail)"

run demo --clients 60 --seed 8 --data-dir "$tmp/other-seed"
run clients search a --data-dir "$tmp/other-seed"
[ "$out" != "$twin_a" ]
report $? "another seed gives other clients" "$(detail)"

# --- search finds a known demo client
run clients search a --data-dir "$tmp/twin"
first=$(head -n 1 <<<"$out")
id=$(cut -f 1 <<<"$first")
name=$(cut -f 2 <<<"$first")
fields=$(awk -F '\t' '{ print NF }' <<<"$first")
[ "$status" -eq 0 ] && [[ "$id" =~ ^[0-9]+$ ]] && [ -n "$name" ] && [ "$fields" = 4 ]
report $? "search prints id, name, phone, email separated by tabs" "$(detail)"

# Every word of the name, typed in full, finds the same client again.
run clients search "$name" --data-dir "$tmp/twin"
[ "$status" -eq 0 ] && cut -f 1 <<<"$out" | grep -qx "$id"
report $? "searching the full name \"$name\" finds client $id" "$(detail)"

# A prefix of the family name (its last word), in capitals, finds it too.
family=${name##* }
prefix=${family:0:3}
run clients search "${prefix^^}" --data-dir "$tmp/twin"
[ "$status" -eq 0 ] && cut -f 1 <<<"$out" | grep -qx "$id"
report $? "the prefix \"${prefix^^}\" finds client $id" "$(detail)"

phone=$(cut -f 3 <<<"$first")
if [ -n "$phone" ]; then
  run clients search "$phone" --data-dir "$tmp/twin"
  [ "$status" -eq 0 ] && cut -f 1 <<<"$out" | grep -qx "$id"
  report $? "the phone number \"$phone\" finds client $id" "$(detail)"
fi

run clients search --limit 2 a --data-dir "$tmp/twin"
[ "$status" -eq 0 ] && [ "$(wc -l <<<"$out")" -eq 2 ]
report $? "--limit 2 prints two clients" "$(detail)"

run clients search zzzzqqqq --data-dir "$tmp/twin"
[ "$status" -eq 0 ] && [ -z "$out" ] && grep -q "No active client matches" <<<"$err"
report $? "a search without matches says so on stderr and prints nothing" "$(detail)"

run clients search '"*( NEAR -' --data-dir "$tmp/twin"
[ "$status" -eq 0 ]
report $? "FTS syntax in the search text is plain text, not an error" "$(detail)"

run clients search a --archived --data-dir "$tmp/twin"
[ "$status" -eq 0 ] && [ -z "$out" ]
report $? "--archived searches archived clients (none in a demo)" "$(detail)"

# --- bad commands and flags
expect_usage_error "no command" "which command" --data-dir "$clinic"
expect_usage_error "unknown command" "Unknown command" frobnicate --data-dir "$clinic"
expect_usage_error "unknown flag" "Unknown option" demo --clients 3 --bogus --data-dir "$clinic"
expect_usage_error "unknown flag before the command" "Unknown option" --bogus check
expect_usage_error "demo without --clients" "--clients N" demo --data-dir "$clinic"
expect_usage_error "demo --clients not a number" "clients" demo --clients many --data-dir "$clinic"
expect_usage_error "demo --clients 0" "between 1 and" demo --clients 0 --data-dir "$clinic"
expect_usage_error "demo --sessions negative" "between 0 and 1000" \
  demo --clients 3 --sessions -1 --data-dir "$clinic"
expect_usage_error "clients search without text" "search for" clients search --data-dir "$clinic"
expect_usage_error "clients without a subcommand" "clients search" clients --data-dir "$clinic"
expect_usage_error "check with an argument" "no arguments" check extra --data-dir "$clinic"

# --- folders without a database are not turned into one by read-only commands
run check --data-dir "$tmp/nowhere"
[ "$status" -eq 1 ] && [ -z "$out" ] && grep -q "no Stipple data folder" <<<"$err" \
  && [ ! -e "$tmp/nowhere" ]
report $? "check on a missing folder: exit 1, clear message, folder not created" "$(detail)"

mkdir "$tmp/empty"
run clients search a --data-dir "$tmp/empty"
[ "$status" -eq 1 ] && grep -q "holds no Stipple database" <<<"$err" \
  && [ -z "$(ls -A "$tmp/empty")" ]
report $? "search on a folder without a database: exit 1, folder left empty" "$(detail)"

# --- a file that is not a Stipple database is refused and left unchanged
mkdir "$tmp/foreign-text"
printf 'Appointments\nMonday: Anna\n' >"$tmp/foreign-text/stipple.db"
cp "$tmp/foreign-text/stipple.db" "$tmp/foreign-text.orig"
run check --data-dir "$tmp/foreign-text"
[ "$status" -eq 1 ] && [ -z "$out" ] && grep -q "is not a Stipple database" <<<"$err" \
  && cmp -s "$tmp/foreign-text/stipple.db" "$tmp/foreign-text.orig"
report $? "a text file as database: 'not a Stipple database', bytes unchanged" "$(detail)"

mkdir "$tmp/foreign-sqlite"
"$PYTHON" - "$tmp/foreign-sqlite/stipple.db" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
db.execute("INSERT INTO invoices (total) VALUES (12.5)")
db.commit()
db.close()
EOF
cp "$tmp/foreign-sqlite/stipple.db" "$tmp/foreign-sqlite.orig"
for command in check "demo --clients 3" "clients search a"; do
  # shellcheck disable=SC2086
  run $command --data-dir "$tmp/foreign-sqlite"
  [ "$status" -eq 1 ] && [ -z "$out" ] && grep -q "is not a Stipple database" <<<"$err" \
    && cmp -s "$tmp/foreign-sqlite/stipple.db" "$tmp/foreign-sqlite.orig"
  report $? "another program's SQLite file, $command: refused, bytes unchanged" "$(detail)"
done

# --- backup: a consistent, private copy that opens as a clinic of its own
run backup "$tmp/backup.db" --data-dir "$clinic"
[ "$status" -eq 0 ] && [ "$(stat -c %a "$tmp/backup.db")" = 600 ]
report $? "backup writes a 0600 copy" "$(detail)"

run check --data-dir "$clinic"
original_counts=$(grep -E "^(Clients|Staff):" <<<"$out")
mkdir -p "$tmp/restored" && cp "$tmp/backup.db" "$tmp/restored/stipple.db"
run check --data-dir "$tmp/restored"
[ "$status" -eq 0 ] && grep -q "Integrity: *ok" <<<"$out" && [ -n "$original_counts" ] \
  && [ "$(grep -E "^(Clients|Staff):" <<<"$out")" = "$original_counts" ]
report $? "the backup restores: check ok, the same clients and staff" "$(detail)"

run backup "$tmp/backup.db" --data-dir "$clinic"
[ "$status" -eq 1 ] && grep -qi "cannot be created" <<<"$err"
report $? "backup never overwrites an existing file" "$(detail)"

expect_usage_error "backup without a file" "backup FILE" backup --data-dir "$clinic"

# --- reminders: the follow-ups due now, as lines and as JSON, and the calendar file
reminders="$tmp/reminders"
run demo --clients 3 --seed 7 --data-dir "$reminders"
run reminders due --data-dir "$reminders"
[ "$status" -eq 0 ] && [ -z "$out" ] && grep -qi "no follow-up is due" <<<"$err"
report $? "reminders due with nothing due: exit 0, says so on stderr" "$(detail)"

# Two follow-ups due (one an hour ago, one yesterday), one tomorrow and one done, written
# as the store writes them.
"$PYTHON" - "$reminders/stipple.db" <<'EOF'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
now = int(time.time())
cid = db.execute("SELECT id FROM client ORDER BY id LIMIT 1").fetchone()[0]
db.execute("INSERT INTO treatment_session (client_id, kind, started_at, created_at, "
           "updated_at) VALUES (?, 'initial', ?, ?, ?)", (cid, now - 8 * 86400, now, now))
sid = db.execute("SELECT last_insert_rowid()").fetchone()[0]
rows = [("check-in", "Day 7 check-in", now - 3600, "pending"),
        ("check-in", "Day 4 check-in", now - 86400, "pending"),
        ("photo-check", "Day 30: healed-result photo", now + 86400, "pending"),
        ("aftercare-sheet", "Give the aftercare sheet", now - 8 * 86400, "done")]
for kind, title, due, status in rows:
    db.execute("INSERT INTO followup (client_id, session_id, kind, title, message, channel, "
               "due_at, status, remind_at, created_at, updated_at) "
               "VALUES (?, ?, ?, ?, 'Rinse with water only.', 'call', ?, ?, ?, ?, ?)",
               (cid, sid, kind, title, due, status, due if status == "pending" else None,
                now, now))
db.commit()
EOF
run reminders due --data-dir "$reminders"
[ "$status" -eq 0 ] && [ "$(wc -l <<<"$out")" -eq 2 ] \
  && head -1 <<<"$out" | grep -q "Day 4 check-in" && tail -1 <<<"$out" | grep -q "Day 7 check-in"
report $? "reminders due lists the two due follow-ups, oldest first" "$(detail)"

run reminders due --json --data-dir "$reminders"
printf '%s' "$out" | "$PYTHON" -c '
import json, sys
items = json.load(sys.stdin)
assert [i["reason"] for i in items] == ["Day 4 check-in", "Day 7 check-in"], items
for i in items:
    assert i["kind"] == "check-in" and i["channel"] == "call" and i["status"] == "pending"
    assert i["client"] and i["due_at"].endswith("Z") and i["message"] == "Rinse with water only."
'
r=$?
[ "$status" -eq 0 ] && [ $r -eq 0 ]
report $? "reminders due --json: the same two, with client, reason, kind, channel and due time" \
  "$(detail)"

run reminders export --ics "$tmp/followups.ics" --data-dir "$reminders"
[ "$status" -eq 0 ] && [ "$(grep -c '^BEGIN:VEVENT' "$tmp/followups.ics")" -eq 3 ] \
  && grep -q "^UID:followup-" "$tmp/followups.ics"
report $? "reminders export --ics writes the three open follow-ups as events" "$(detail)"

expect_usage_error "reminders export without --ics" "--ics FILE" \
  reminders export --data-dir "$reminders"
expect_usage_error "reminders without a subcommand" "reminders due" reminders

# --- a damaged database: the check fails with a message, never a crash
cp -r "$tmp/twin" "$tmp/damaged"
size=$(stat -c %s "$tmp/damaged/stipple.db")
if [ "$size" -gt 8192 ]; then
  # Overwrite the middle of the file (not the header) with garbage.
  "$PYTHON" - "$tmp/damaged/stipple.db" <<'EOF'
import os, sys
path = sys.argv[1]
size = os.path.getsize(path)
with open(path, "r+b") as f:
    f.seek(4096)
    f.write(bytes((i * 37 + 11) % 256 for i in range(size - 4096 - 1024)))
EOF
  run check --data-dir "$tmp/damaged"
  [ "$status" -eq 1 ] || [ "$status" -eq 3 ]
  r=$?
  [ $r -eq 0 ] && [ -n "$err" ] && grep -qi "damaged" <<<"$err"
  report $? "a damaged database: exit 1 or 3 and 'damaged' on stderr" "$(detail)"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
