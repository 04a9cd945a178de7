#!/usr/bin/python3
# Desktop reminders under python-dbusmock's notification daemon, on a private D-Bus
# session: the real `stipple --background` posts the right summary, body and actions;
# the daemon's ActionInvoked marks a follow-up done or snoozes it in the database; a
# restart shows nothing twice; many follow-ups missed while closed make one summary.
# Prints TAP.
#
# Copyright 2026 The Stipple developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-notifications.py PATH-TO-STIPPLE PATH-TO-STIPPLECTL

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

STIPPLE, STIPPLECTL = sys.argv[1], sys.argv[2]
n = 0
failed = 0


def report(ok, what, detail=''):
    global n, failed
    n += 1
    print(('ok' if ok else 'not ok') + f' {n} - {what}')
    if not ok:
        failed += 1
        for line in str(detail).splitlines():
            print('#   ' + line)
    sys.stdout.flush()


if not os.environ.get('DISPLAY'):
    print('1..0 # SKIP no X display (run under xvfb-run)')
    sys.exit(0)

import dbus  # noqa: E402
import dbusmock  # noqa: E402
from dbusmock import DBusTestCase  # noqa: E402

tmp = tempfile.mkdtemp(prefix='test-notifications.')
data = os.path.join(tmp, 'data')
DBusTestCase.start_session_bus()
server, obj = DBusTestCase.spawn_server_template(
    'notification_daemon', {'capabilities': 'body body-markup actions'},
    stdout=subprocess.DEVNULL)
mock = dbus.Interface(obj, dbusmock.MOCK_IFACE)

subprocess.run([STIPPLECTL, 'demo', '--clients', '12', '--seed', '3', '--data-dir', data],
               check=True, stdout=subprocess.DEVNULL)
db_path = os.path.join(data, 'stipple.db')


def db():
    return sqlite3.connect(db_path, timeout=10)


def add_followup(client_offset, title, due):
    con = db()
    now = int(time.time())
    cid = con.execute('SELECT id FROM client ORDER BY id LIMIT 1 OFFSET ?',
                      (client_offset,)).fetchone()[0]
    con.execute("INSERT INTO treatment_session (client_id, kind, started_at, created_at, "
                "updated_at) VALUES (?, 'initial', ?, ?, ?)", (cid, now - 86400 * 7, now, now))
    sid = con.execute('SELECT last_insert_rowid()').fetchone()[0]
    con.execute("INSERT INTO followup (client_id, session_id, kind, title, message, channel, "
                "due_at, status, remind_at, created_at, updated_at) VALUES (?, ?, 'check-in', "
                "?, 'Rinse with water only.', 'call', ?, 'pending', ?, ?, ?)",
                (cid, sid, title, due, due, now, now))
    fid = con.execute('SELECT last_insert_rowid()').fetchone()[0]
    name, phone = con.execute("SELECT trim(given_name || ' ' || family_name), phone FROM client "
                              'WHERE id = ?', (cid,)).fetchone()
    con.commit()
    con.close()
    return fid, name, phone


def row(fid):
    con = db()
    r = con.execute('SELECT status, outcome, coalesce(snoozed_until, 0), '
                    'coalesce(notified_for, 0) FROM followup WHERE id = ?', (fid,)).fetchone()
    con.close()
    return r


def notify_calls():
    return [c[1] for c in mock.GetMethodCalls('Notify')]


def wait_for(condition, timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def start():
    env = dict(os.environ, GSETTINGS_BACKEND='memory')
    env.pop('STIPPLE_DATA_DIR', None)
    return subprocess.Popen([STIPPLE, '--background', '--data-dir', data], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def stop(app):
    app.send_signal(signal.SIGTERM)
    try:
        app.wait(timeout=20)
    except subprocess.TimeoutExpired:
        app.kill()
        app.wait()


now = int(time.time())
a, a_name, a_phone = add_followup(0, 'Day 7 check-in', now - 120)
b, b_name, _ = add_followup(1, 'Day 4 check-in', now + 8)
e, e_name, _ = add_followup(2, 'Day 30: healed-result photo', now + 8)

# --- run 1: A at start, then B and E when they fall due
app = start()
ok = wait_for(lambda: len(notify_calls()) >= 1)
calls = notify_calls()
report(ok and len(calls) == 1, 'one notification for the one follow-up due at start',
       calls)
if calls:
    app_name, replaces, icon, summary, body, actions, hints, timeout = calls[0]
    report(str(app_name) == 'Stipple' and str(summary) == f'Follow-up due: {a_name}',
           'summary names the client', f'{app_name!r} {summary!r}')
    report('Day 7 check-in' in str(body) and a_phone in str(body) and 'Call' in str(body),
           'body says the reason and how to reach them', repr(body))
    report([str(x) for x in actions] == ['open', 'Open Client', 'done', 'Done',
                                         'snooze', 'Snooze 1 Hour'],
           'actions: Open Client, Done, Snooze 1 Hour', repr(actions))
report(wait_for(lambda: row(a)[3] != 0), 'the database records A as notified', row(a))

ok = wait_for(lambda: len(notify_calls()) >= 3, timeout=30)
calls = notify_calls()
report(ok and len(calls) == 3 and str(calls[1][3]) == f'Follow-up due: {b_name}'
       and str(calls[2][3]) == f'Follow-up due: {e_name}',
       'B and E are notified one by one when they fall due, by the timer',
       [str(c[3]) for c in calls])

# The daemon's buttons: Done on A (notification 1), Snooze 1 hour on B (notification 2).
mock.EmitSignal('org.freedesktop.Notifications', 'ActionInvoked', 'us',
                [dbus.UInt32(1), 'done'])
report(wait_for(lambda: row(a)[0] == 'done'), 'Done marks A done in the database', row(a))
report(row(a)[1] == 'Marked done from a desktop reminder', 'with an outcome note', row(a))
before = int(time.time())
mock.EmitSignal('org.freedesktop.Notifications', 'ActionInvoked', 'us',
                [dbus.UInt32(2), 'snooze'])
report(wait_for(lambda: row(b)[0] == 'snoozed'), 'Snooze 1 Hour snoozes B', row(b))
report(before + 3600 - 5 <= row(b)[2] <= int(time.time()) + 3600,
       'B comes back in an hour', row(b))


def windows():
    r = subprocess.run(['xdotool', 'search', '--onlyvisible', '--name', '^Stipple$'],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return r.stdout.split()


if shutil.which('xdotool'):
    hidden = windows() == []
    mock.EmitSignal('org.freedesktop.Notifications', 'ActionInvoked', 'us',
                    [dbus.UInt32(3), 'open'])
    report(hidden and wait_for(lambda: windows() != [], timeout=20),
           'Open Client opens the window of a Stipple that ran hidden', windows())
stop(app)

# --- run 2: a restart shows nothing twice (E is still pending and was notified)
count = len(notify_calls())
app = start()
time.sleep(5)
report(len(notify_calls()) == count and app.poll() is None,
       'no duplicate notification after a restart', len(notify_calls()) - count)
stop(app)

# --- run 3: five missed while Stipple was closed make one summary
now = int(time.time())
for i in range(5):
    add_followup(3 + i, f'Missed check-in {i}', now - 600 + i)
count = len(notify_calls())
app = start()
wait_for(lambda: len(notify_calls()) > count)
time.sleep(2)
calls = notify_calls()[count:]
report(len(calls) == 1, 'one summary notification for five follow-ups', len(calls))
if calls:
    summary, body, actions = str(calls[0][3]), str(calls[0][4]), [str(x) for x in calls[0][5]]
    report(summary == '5 follow-ups fell due while you were away', 'summary counts them',
           summary)
    report(body.count('Missed check-in') == 4 and 'and 1 more' in body,
           'body names four and says how many more', body)
    report('show' in actions, 'the summary opens the Follow-ups page', actions)
stop(app)

server.terminate()
server.wait()
DBusTestCase.stop_dbus(DBusTestCase.session_bus_pid)
subprocess.run(['rm', '-rf', tmp])
print(f'1..{n}')
sys.exit(1 if failed else 0)
