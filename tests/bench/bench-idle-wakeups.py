#!/usr/bin/python3
# bench idle-wakeups: how often `stipple --background` wakes up with nothing due, counted
# from /proc as voluntary context switches of all its threads (each time a thread sleeps
# again after waking) over a quiet stretch, after start-up has settled.
#
# Copyright 2026 The Stipple developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: bench-idle-wakeups.py PATH-TO-STIPPLE [SECONDS]

import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

STIPPLE = sys.argv[1]
SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else float(
    os.environ.get('STIPPLE_IDLE_SECONDS', '120'))
SETTLE = 10


def switches(pid):
    """Voluntary context switches per thread id."""
    counts = {}
    for status in glob.glob(f'/proc/{pid}/task/*/status'):
        tid = status.split('/')[-2]
        try:
            with open(status) as f:
                for line in f:
                    if line.startswith('voluntary_ctxt_switches:'):
                        counts[tid] = int(line.split()[1])
        except FileNotFoundError:
            pass  # a thread that just ended
    return counts


def wakeups(start, end):
    # A thread that ended in between is not counted; one that started counts from zero.
    return sum(n - start.get(tid, 0) for tid, n in end.items())


if not os.environ.get('DISPLAY'):
    print('bench-idle-wakeups: no X display; run under xvfb-run (make bench does)')
    sys.exit(0)

tmp = tempfile.mkdtemp(prefix='bench-idle-')
env = dict(os.environ, GSETTINGS_BACKEND='memory')
env.pop('STIPPLE_DATA_DIR', None)
app = subprocess.Popen([STIPPLE, '--background', '--data-dir', os.path.join(tmp, 'data')],
                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    time.sleep(SETTLE)
    if app.poll() is not None:
        print(f'bench-idle-wakeups: stipple --background exited with {app.returncode}')
        sys.exit(1)
    start = switches(app.pid)
    t0 = time.monotonic()
    time.sleep(SECONDS)
    end = switches(app.pid)
    minutes = (time.monotonic() - t0) / 60
    threads = len(glob.glob(f'/proc/{app.pid}/task/*'))
finally:
    app.send_signal(signal.SIGTERM)
    try:
        app.wait(timeout=20)
    except subprocess.TimeoutExpired:
        app.kill()
    shutil.rmtree(tmp, ignore_errors=True)

print(f'# {SECONDS:.0f} s idle with an empty clinic, {threads} threads')
print(f'bench idle-wakeups: {wakeups(start, end) / minutes:.2f} per minute')
