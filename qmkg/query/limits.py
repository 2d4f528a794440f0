"""Running a query where it can be stopped: a child process with a deadline and a memory limit.

pyoxigraph has no query timeout, and a thread cannot be cancelled (PERFORMANCE-NOTES): the query
runs in a forked child that sends its output back in batches, and the parent kills it at the
deadline. The child's address space is capped (``RLIMIT_AS``), so a runaway join fails there,
not in the machine. The parent writes each batch as it comes, so output never waits for the
whole result.
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from qmkg.core.errors import QmkgError

DEFAULT_TIMEOUT = 30.0
DEFAULT_MEMORY_MB = 2048
_BATCH = 64 * 1024  # bytes per message from the child


class LimitError(QmkgError):
    """A query stopped at one of its limits (time, memory, response size)."""

    exit_status = 3


@dataclass(frozen=True)
class Limits:
    """What one query may take: wall-clock seconds, megabytes of address space, rows (None: no cap)."""

    timeout: float = DEFAULT_TIMEOUT
    memory_mb: int = DEFAULT_MEMORY_MB
    max_rows: int | None = None


def time_limit_error(timeout: float) -> LimitError:
    """The one message for a query stopped at its time limit."""
    return LimitError(f"the query was stopped at its time limit of {timeout:g} s (--timeout)")


class Sink:
    """Where the child writes its output: bytes gathered into batches and sent to the parent."""

    def __init__(self, conn):
        self._conn = conn
        self._parts: list[bytes] = []
        self._size = 0

    def write(self, data: bytes | str) -> int:
        if isinstance(data, str):
            data = data.encode("utf-8")
        self._parts.append(data)
        self._size += len(data)
        if self._size >= _BATCH:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self._parts:
            self._conn.send(("data", b"".join(self._parts)))
            self._parts, self._size = [], 0


Task = Callable[[Sink], list[str]]


def _child(task: Task, conn, memory_mb: int) -> None:
    """Run ``task`` under the memory limit; report its notes, or the one line of its error."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    faulthandler.disable()  # an abort at the memory limit is reported by the parent, not dumped
    # the parent speaks for the child: an allocation failure in Rust would print a backtrace
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    sink = Sink(conn)
    try:
        notes = task(sink)
        sink.flush()
        conn.send(("done", notes))
    except QmkgError as e:
        sink.flush()
        conn.send(("error", type(e).__name__, e.exit_status, str(e)))
    except MemoryError:
        conn.send(("error", "LimitError", LimitError.exit_status, _memory_message(memory_mb)))
    except Exception as e:  # one line, never a traceback: the parent prints it
        conn.send(("error", "QmkgError", 1, f"the query failed: {type(e).__name__}: {str(e)[:200]}"))
    finally:
        conn.close()


def _memory_message(memory_mb: int) -> str:
    return f"the query was stopped at its memory limit of {memory_mb} MB (--max-memory)"


def run_limited(task: Task, out: BinaryIO, limits: Limits) -> list[str]:
    """Run ``task`` in a child process and copy what it writes to ``out``; return its notes.

    The child is killed when ``limits.timeout`` seconds have passed, and a :class:`LimitError`
    names the limit; an error in the child is raised here as a :class:`QmkgError` with its exit status.

    >>> import io
    >>> buf = io.BytesIO()
    >>> run_limited(lambda sink: sink.write("hello\\n") and ["said hello"], buf, Limits(timeout=10))
    ['said hello']
    >>> buf.getvalue()
    b'hello\\n'
    """
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    deadline = time.monotonic() + limits.timeout
    proc = ctx.Process(target=_child, args=(task, send, limits.memory_mb), daemon=True)
    proc.start()
    send.close()  # the child holds the only writing end: its death ends the pipe
    try:
        return _receive(receive, out, deadline, limits)
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        receive.close()


def _receive(receive, out: BinaryIO, deadline: float, limits: Limits) -> list[str]:
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not receive.poll(remaining):
            raise time_limit_error(limits.timeout)
        try:
            msg = receive.recv()
        except EOFError:
            # the child died without a word: killed by the kernel, or an allocation abort at its limit
            raise LimitError(_memory_message(limits.memory_mb) + " (the query process ended abruptly)") from None
        if msg[0] == "data":
            out.write(msg[1])
        elif msg[0] == "done":
            out.flush()
            return msg[1]
        else:
            _, kind, status, text = msg
            out.flush()
            error = LimitError(text) if kind == "LimitError" else QmkgError(text)
            error.exit_status = status
            raise error
