"""Run one command and report its wall time and its own peak memory, as JSON on stdout.

Usage: ``python launch.py STDOUT-FILE STDERR-FILE TIMEOUT-S CMD...`` (run by path: it imports
nothing of qmkg or bench, so it stays small).

Why a launcher: on Linux, ``subprocess`` starts children with vfork, and a child's
``ru_maxrss`` starts from its parent's high-water mark. Spawned from the benchmark
process (hundreds of MB after loading graphs), every child would report at least that much.
Spawned from this ~10 MB process, ``ru_maxrss`` is the child's own peak.
"""

import json
import os
import signal
import subprocess
import sys
import time


def main() -> int:
    out_path, err_path, timeout, cmd = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4:]
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        timed_out = []

        def on_alarm(_signum, _frame):
            timed_out.append(True)
            proc.kill()

        signal.signal(signal.SIGALRM, on_alarm)
        if timeout > 0:
            signal.setitimer(signal.ITIMER_REAL, timeout)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        signal.setitimer(signal.ITIMER_REAL, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    json.dump({"wall_s": wall, "maxrss_kb": usage.ru_maxrss, "returncode": proc.returncode,
               "timed_out": bool(timed_out)}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
