"""Run one command and report its wall time and peak memory, as JSON on stdout.

Usage: ``python launch.py STDOUT-FILE STDERR-FILE TIMEOUT-S CMD...`` (run by path: it imports
nothing of qmkg or bench, so it stays small).

Two peaks: ``maxrss_kb``, the largest single process (``wait4``: the command or one of the
processes it waited for), and ``tree_rss_kb``, the largest sum of the resident memory of the
command and all its descendants at once, sampled every 50 ms: a build that runs worker
processes uses the memory of all of them together.

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
import threading
import time

_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def tree_rss_kb(root: int) -> int:
    """Resident memory (kB) of ``root`` and every process descended from it, now (Linux /proc)."""
    parent, rss = {}, {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parent[int(name)] = int(fields[1])
        rss[int(name)] = int(fields[21]) * _PAGE_KB
    total, todo = 0, [root]
    children: dict[int, list[int]] = {}
    for pid, ppid in parent.items():
        children.setdefault(ppid, []).append(pid)
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, ()))
    return total


def main() -> int:
    out_path, err_path, timeout, cmd = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4:]
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        timed_out, peak, done = [], [0], threading.Event()

        def on_alarm(_signum, _frame):
            timed_out.append(True)
            proc.kill()

        def sample():
            while not done.wait(0.05):
                peak[0] = max(peak[0], tree_rss_kb(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        signal.signal(signal.SIGALRM, on_alarm)
        if timeout > 0:
            signal.setitimer(signal.ITIMER_REAL, timeout)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        done.set()
        sampler.join()
        signal.setitimer(signal.ITIMER_REAL, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    json.dump({"wall_s": wall, "maxrss_kb": usage.ru_maxrss, "tree_rss_kb": max(peak[0], usage.ru_maxrss),
               "returncode": proc.returncode, "timed_out": bool(timed_out)}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
