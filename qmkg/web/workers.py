"""Worker processes that hold the store and run queries under a time and a memory limit.

pyoxigraph has no query timeout and a thread cannot be cancelled, so every query runs in one of a
few worker processes (each with the graph loaded). A worker that passes the deadline is killed
and a fresh one started; its client gets 503 and nobody else waits for it. The address space of
a worker is capped (``RLIMIT_AS``), so a query that grows without bound dies alone. The server
process awaits a worker's answer in a thread, never blocking its event loop; at most
``workers + queue`` queries are in hand at once, and one more is refused at once (503).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import resource
import signal
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from qmkg.core.errors import InputError, QmkgError

log = logging.getLogger("qmkg.web")

# A query waits for a worker at most its time limit plus this: long enough for a killed worker's
# replacement to load the graph, short enough that a queue of waiting clients drains.
RESTART_SECONDS = 10.0


@dataclass(frozen=True)
class Limits:
    """The limits a server holds; see ``qmkg serve --help``."""

    timeout: float = 10.0  # seconds a query may run
    max_rows: int = 10_000  # rows (or triples) an answer holds at most
    workers: int = 2  # worker processes
    queue: int = 16  # queries that may wait for a worker
    memory_mb: int = 1024  # address space of a worker
    max_request_bytes: int = 256 * 1024  # a query, form or URL larger than this is refused (413)
    request_seconds: float = 20.0  # a request body that takes longer to arrive is refused (408)


def notice_folders(graphs: tuple[str, ...], sources: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Where notice texts are looked for: the folders given, then beside each graph and in its sources/."""
    from qmkg.core.resources import default_source

    found = [*sources]
    for g in graphs:
        found += [str(Path(g).resolve().parent / "sources"), str(Path(g).resolve().parent)]
    found.append(str(default_source().parent))
    return tuple(dict.fromkeys(found))


def worker_main(conn, graphs: tuple[str, ...], folders: tuple[str, ...], memory_mb: int) -> None:
    """The loop of a worker process: load the store, then answer tasks until the pipe closes."""
    from qmkg.web.tasks import TASKS, TaskError, load_state  # only workers run queries

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a worker that dies at the memory limit dumps nothing
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        state = load_state(graphs, folders)
    except QmkgError as e:
        conn.send(("failed", str(e)))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            name, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", TASKS[name](state, *args)))
        except TaskError as e:
            conn.send(("error", e.status, e.message))
        except InputError as e:
            conn.send(("error", 400, str(e)))
        except MemoryError:
            conn.send(("error", 503, f"the query was stopped: it needed more than {memory_mb} MB"))
            return  # a fresh worker starts with a clean heap
        except Exception as e:  # a bug: the client gets 500 and the worker stays up
            conn.send(("error", 500, f"{type(e).__name__}: {e}"))


class Busy(QmkgError):
    """Every worker is busy and the queue is full."""


class Stopped(QmkgError):
    """A query passed the time or memory limit and its worker was killed."""


class Failed(QmkgError):
    """A task answered with an HTTP error."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class _Worker:
    def __init__(self, ctx, config: tuple) -> None:
        parent, child = ctx.Pipe()
        self.conn = parent
        self.proc = ctx.Process(target=worker_main, args=(child, *config), daemon=True)
        self.proc.start()
        child.close()  # else the pipe never reports the worker's death

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class WorkerPool:
    """A fixed number of worker processes, each holding the store, replaced when one is killed."""

    def __init__(self, graphs: tuple[str, ...], *, limits: Limits, folders: tuple[str, ...] = ()):
        self.limits = limits
        self._config = (tuple(str(g) for g in graphs), tuple(str(f) for f in folders), limits.memory_mb)
        self._ctx = multiprocessing.get_context("spawn")  # a fork of a threaded server is unsafe
        self._threads = ThreadPoolExecutor(max_workers=limits.workers * 2 + 2, thread_name_prefix="qmkg-worker")
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._in_hand = 0
        self._closing = False
        self._started = False
        self._starting: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._renewals: set[asyncio.Task] = set()
        self.restarts = 0

    def _new(self) -> _Worker:
        w = _Worker(self._ctx, self._config)
        self._all.add(w)
        return w

    def spawn(self) -> None:
        """Start the worker processes now (they load the graph while the server itself starts)."""
        if not self._starting and not self._started:
            self._starting = [self._new() for _ in range(self.limits.workers)]

    async def start(self) -> None:
        """Wait until every worker has loaded the store; a graph that fails to load raises
        :class:`InputError` (and stops the other workers). Starting twice does nothing."""
        if self._started:
            return
        self.spawn()
        workers, self._starting = self._starting, []
        self._started = True
        answers = await asyncio.gather(*(self._ready(w) for w in workers), return_exceptions=True)
        failed = next((a for a in answers if isinstance(a, BaseException)), None)
        if failed is not None:
            await self.close()
            raise failed
        for w in answers:
            self._idle.put_nowait(w)

    async def _ready(self, w: _Worker) -> _Worker:
        loop = asyncio.get_running_loop()
        try:
            msg = await loop.run_in_executor(self._threads, w.conn.recv)
        except (EOFError, OSError):
            msg = ("failed", f"a worker died while loading the graph (exit code {w.proc.exitcode}); "
                             f"does it need more than --memory {self.limits.memory_mb} MB?")
        if msg[0] != "ready":
            await loop.run_in_executor(self._threads, w.kill)
            self._all.discard(w)
            raise InputError(msg[1])
        return w

    def _replace(self, w: _Worker) -> None:
        """Kill a worker (its waiting thread then sees the pipe close) and start another in the background."""
        self.restarts += 1
        w.proc.kill()

        async def renew() -> None:
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(self._threads, w.kill)
            self._all.discard(w)
            if self._closing:
                return
            try:
                self._idle.put_nowait(await self._ready(self._new()))
            except InputError as e:  # a graph that loaded once: not expected; serve on with fewer workers
                log.warning("qmkg: warning: a replacement worker failed to start: %s", e)

        task = asyncio.get_running_loop().create_task(renew())
        self._renewals.add(task)  # held, so the task is not collected before it ends
        task.add_done_callback(self._renewals.discard)

    async def run(self, task: str, *args, timeout: float | None = None) -> object:
        """Run a task in a free worker; raises :class:`Busy`, :class:`Stopped` or :class:`Failed`."""
        limit = self.limits.timeout if timeout is None else timeout
        if self._in_hand >= self.limits.workers + self.limits.queue:
            raise Busy(f"the server is busy ({self._in_hand} queries in hand); try again shortly")
        self._in_hand += 1
        try:
            wait = limit + RESTART_SECONDS
            try:
                w = await asyncio.wait_for(self._idle.get(), wait)
            except TimeoutError:
                raise Busy(f"no worker came free within {wait:g} s; try again shortly") from None
            return await self._call(w, task, args, limit)
        finally:
            self._in_hand -= 1

    @staticmethod
    async def _readable(w: _Worker) -> None:
        """Until the worker's pipe has something to read (an answer, or its end when the worker died)."""
        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        fd = w.conn.fileno()
        loop.add_reader(fd, lambda: ready.done() or ready.set_result(None))
        try:
            await ready
        finally:
            loop.remove_reader(fd)
            os.set_blocking(fd, True)  # uvloop (libuv) made it non-blocking; recv needs the whole answer

    async def _call(self, w: _Worker, task: str, args: tuple, limit: float) -> object:
        try:
            w.conn.send((task, args))
            await asyncio.wait_for(self._readable(w), max(limit, 0.001))
            msg = w.conn.recv()  # the worker writes its whole answer at once: this read does not wait on it
        except TimeoutError:
            self._replace(w)
            raise Stopped(f"the query was stopped at the time limit of {self.limits.timeout:g} s") from None
        except (EOFError, OSError, BrokenPipeError):
            self._replace(w)
            raise Stopped(f"the query was stopped: its worker ran out of memory (limit {self.limits.memory_mb} MB)"
                          " or died") from None
        except asyncio.CancelledError:  # the client went away: the worker may still be busy
            self._replace(w)
            raise
        if msg[0] == "ok":
            self._idle.put_nowait(w)
            return msg[1]
        if msg[1] == 503:  # the worker ran out of memory and is ending
            self._replace(w)
            raise Stopped(msg[2])
        self._idle.put_nowait(w)
        raise Failed(msg[1], msg[2])

    async def close(self) -> None:
        """Stop every worker, busy or idle."""
        self._closing = True
        workers, self._all = list(self._all), set()
        loop = asyncio.get_running_loop()
        await asyncio.gather(*(loop.run_in_executor(self._threads, w.kill) for w in workers))
        self._threads.shutdown(wait=False, cancel_futures=True)
