"""The worker pool on its own: queries in worker processes, killed at the time limit, refused when the queue is full.

One worker and no queue make the limits easy to reach: a counted three-way cartesian product
(17,657^3 rows, constant memory) runs until its deadline.
"""

from __future__ import annotations

import asyncio

import pytest

from qmkg.core.errors import InputError
from qmkg.core.resources import default_graph
from qmkg.web.workers import Failed, Limits, WorkerPool

ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def run(coro):
    return asyncio.run(coro)


def test_full_queue_is_refused_at_once_and_the_deadline_kills_the_worker():
    async def scenario():
        pool = WorkerPool((str(default_graph()),), limits=Limits(timeout=1, workers=1, queue=0))
        await pool.start()
        try:
            jobs = [asyncio.create_task(pool.run("sparql", ENDLESS, None, "csv", 10)) for _ in range(2)]
            done = await asyncio.gather(*jobs, return_exceptions=True)
            after = await pool.run("sparql", "ASK {}", None, "csv", 10)
            return done, after, pool.restarts
        finally:
            await pool.close()

    done, after, restarts = run(scenario())
    # the first runs and is stopped at its deadline; the second finds the one worker busy and no queue
    assert [type(d).__name__ for d in done] == ["Stopped", "Busy"]
    assert "time limit of 1 s" in str(done[0]) and "busy" in str(done[1])
    assert restarts == 1 and after.body == b"_askResult\r\ntrue\r\n"  # a fresh worker took its place


def test_task_errors_keep_the_worker():
    async def scenario():
        pool = WorkerPool((str(default_graph()),), limits=Limits(timeout=5, workers=1, queue=0))
        await pool.start()
        try:
            outcomes = []
            for query, fmt in (("SELECT * WHERE {", "csv"), ("ASK {}", "ttl"), ("ASK {}", "json")):
                try:
                    outcomes.append(await pool.run("sparql", query, None, fmt, 10))
                except Failed as e:
                    outcomes.append((e.status, str(e)))
            return outcomes, pool.restarts
        finally:
            await pool.close()

    (syntax, unacceptable, ok), restarts = run(scenario())
    assert syntax[0] == 400 and syntax[1].startswith("SPARQL syntax error")
    assert unacceptable[0] == 406 and "'ttl' is not offered" in unacceptable[1]
    assert ok.body == b'{"head": {}, "boolean": true}' and restarts == 0


def test_a_graph_that_does_not_load_stops_the_start(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix : <http://x/> .\n:a :b ", encoding="utf-8")
    pool = WorkerPool((str(bad),), limits=Limits(workers=2))
    with pytest.raises(InputError, match="not a readable graph"):
        run(pool.start())

