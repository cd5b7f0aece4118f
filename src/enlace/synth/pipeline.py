"""Chunks in order: population (who, when) then rendering (what was recorded).

The output depends only on the seed and the configuration, never on the number of
processes: each chunk draws from its own streams, and the only shared state (the CURPs
already issued, for the homonym character) is updated by the main process in chunk order.

With worker processes, worker ``w`` makes chunks ``w, w + W, w + 2W...``: it sends the CURP
stems of a chunk, makes the next chunk's persons while the main process assigns homonym
characters, then renders the chunk and sends its text. Households never cross a process
boundary (pickling them cost more than making them). At the end the workers also write the
monthly manifest files.
"""

from __future__ import annotations

import contextlib
import gc
import math
import multiprocessing
import os
import traceback
from collections.abc import Iterator
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from enlace.synth.clock import Clock
from enlace.synth.config import SynthConfig
from enlace.synth.identity import curp_stems, curps_apply, homonyms_assign
from enlace.synth.manifests import month_write
from enlace.synth.model import Household
from enlace.synth.population import CHUNK, population_chunk
from enlace.synth.render import ChunkOutput, render_chunk
from enlace.synth.seasons import Season
from enlace.synth.tables import tables_load

PARALLEL_FROM = 4 * CHUNK  # below this many persons one process is faster
MAX_WORKERS = 8


def chunk_count(config: SynthConfig) -> int:
    return math.ceil(config.persons / CHUNK)


def workers_for(config: SynthConfig) -> int:
    if config.workers is not None:
        return min(config.workers, chunk_count(config))
    if config.persons < PARALLEL_FROM:
        return 0
    return min(os.cpu_count() or 1, MAX_WORKERS, chunk_count(config))


class WorkerFailedError(RuntimeError):
    pass


# --- worker side --------------------------------------------------------------------------


def _render_held(
    conn: Connection, config: SynthConfig, held: tuple[int, list[Household]], clock: Clock
) -> None:
    chunk, households = held
    kind, number, homonyms = conn.recv()
    if kind != "homonyms" or number != chunk:
        raise WorkerFailedError(f"expected homonyms of chunk {chunk}, got {kind} {number}")
    curps_apply(households, homonyms)
    conn.send(("output", chunk, render_chunk(config, tables_load(), households, chunk, clock)))


def _generate(conn: Connection, config: SynthConfig, season: Season, first: int, step: int) -> None:
    tables, clock = tables_load(), Clock()
    held: tuple[int, list[Household]] | None = None
    for chunk in range(first, chunk_count(config), step):
        households = population_chunk(config, tables, season, chunk)
        conn.send(("stems", chunk, curp_stems(households)))
        if held:
            _render_held(conn, config, held, clock)
        held = (chunk, households)
    if held:
        _render_held(conn, config, held, clock)


def _serve_months(conn: Connection) -> None:
    while True:
        message = conn.recv()
        if message[0] == "stop":
            return
        _, folder, month = message
        conn.send(("month", month, month_write(Path(folder), month)))


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often (the generator makes no cycles).

    Chunks create and drop hundreds of thousands of small objects; with the default
    thresholds the collector keeps scanning them, for nothing.
    """
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 50, 1000)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _work(conn: Connection, config: SynthConfig, season: Season, first: int, step: int) -> None:
    gc.freeze()
    gc.set_threshold(50_000, 50, 1000)
    try:
        _generate(conn, config, season, first, step)
        _serve_months(conn)
    except BaseException:  # report to the main process, which raises
        conn.send(("error", -1, traceback.format_exc()))
    finally:
        conn.close()


# --- main side ----------------------------------------------------------------------------


class Generator:
    """Produces every chunk's text in order; with ``workers`` > 1, in worker processes."""

    def __init__(self, config: SynthConfig, season: Season) -> None:
        self.config, self.season = config, season
        self.workers = workers_for(config)
        self.conns: list[Connection] = []
        self.processes: list[Any] = []

    def __enter__(self) -> Generator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def outputs(self) -> Iterator[ChunkOutput]:
        if self.workers <= 1:
            yield from self._serial()
        else:
            yield from self._parallel()

    def _serial(self) -> Iterator[ChunkOutput]:
        tables, clock = tables_load(), Clock()
        issued: dict[str, int] = {}
        for chunk in range(chunk_count(self.config)):
            with fewer_collections():
                households = population_chunk(self.config, tables, self.season, chunk)
                curps_apply(households, homonyms_assign(curp_stems(households), issued))
                output = render_chunk(self.config, tables, households, chunk, clock)
            yield output

    def _start(self) -> None:
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        context: Any = multiprocessing.get_context(method)
        for first in range(self.workers):
            ours, theirs = context.Pipe()
            process = context.Process(
                target=_work,
                args=(theirs, self.config, self.season, first, self.workers),
                daemon=True,
            )
            process.start()
            theirs.close()
            self.conns.append(ours)
            self.processes.append(process)

    def _receive(self, conn: object) -> tuple[str, Any, Any]:
        """(kind, chunk or month, payload) from a worker; WorkerFailedError if it failed."""
        assert isinstance(conn, Connection)  # noqa: S101  (wait() returns our connections)
        try:
            kind, key, payload = conn.recv()
        except EOFError:
            raise WorkerFailedError("a worker process stopped") from None
        if kind == "error":
            raise WorkerFailedError(payload)
        return kind, key, payload

    def _parallel(self) -> Iterator[ChunkOutput]:
        self._start()
        total = chunk_count(self.config)
        issued: dict[str, int] = {}
        stems: dict[int, list[str]] = {}
        done: dict[int, ChunkOutput] = {}
        resolved = written = 0
        while written < total:
            for conn in wait(self.conns):
                kind, chunk, payload = self._receive(conn)
                (stems if kind == "stems" else done)[chunk] = payload
            while resolved in stems:
                homonyms = homonyms_assign(stems.pop(resolved), issued)
                self.conns[resolved % self.workers].send(("homonyms", resolved, homonyms))
                resolved += 1
            while written in done:
                yield done.pop(written)
                written += 1

    def write_months(self, folder: Path, months: list[str]) -> list[tuple[int, int, str]]:
        """Each month's (files, rows, violation lines), in the order given."""
        if self.workers <= 1 or not self.conns:
            return [month_write(folder, month) for month in months]
        results: dict[str, tuple[int, int, str]] = {}
        for index, month in enumerate(months):
            self.conns[index % self.workers].send(("month", str(folder), month))
        while len(results) < len(months):
            for conn in wait(self.conns):
                _, month, result = self._receive(conn)
                results[month] = result
        return [results[month] for month in months]

    def close(self) -> None:
        for conn in self.conns:
            with contextlib.suppress(OSError):
                conn.send(("stop",))
            conn.close()
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
        self.conns, self.processes = [], []


def chunk_outputs(config: SynthConfig, season: Season) -> Iterator[ChunkOutput]:
    """Every chunk's text, in chunk order (the files are the caller's business)."""
    with Generator(config, season) as generator:
        yield from generator.outputs()
