"""Coding on a Ray cluster: `detente ingest --engine ray [--address ADDR]`.

The articles to code are written as Parquet shards; Ray Data reads them, codes them in an actor
pool (`map_batches` with a callable class, so each worker loads the pipeline once), and writes
the coded documents as Parquet shards, which the driver reads back in input order for the store.
Without an address a local cluster is started on this machine's cores.

On an existing cluster: every node needs detente installed (the same version, with the spaCy
model), and the shard directory must be on storage all nodes see (it is made under TMPDIR:
point TMPDIR at a shared filesystem); then `detente ingest INPUT --engine ray --address
ray://HEAD:10001`.
"""
from __future__ import annotations

import pickle
import shutil
import tempfile
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator, TypeVar

import pyarrow as pa
import pyarrow.parquet as pq

from detente.errors import DetenteError
from detente.pipeline import CoderSettings
from detente.records import Article, Document

T = TypeVar("T")
SHARD_ROWS = 500


class CodeBatch:
    """The Ray actor: one pipeline per worker, a batch of pickled articles in, documents out."""

    def __init__(self, settings: CoderSettings) -> None:
        self.coder = settings.build()

    def __call__(self, batch: dict) -> dict:
        articles = [pickle.loads(blob) for blob in batch["article"]]
        documents = self.coder.code_articles(articles, batch_size=max(1, len(articles)))
        return {"position": batch["position"], "context": batch["context"],
                "document": [pickle.dumps(d) for d in documents]}


class RayEngine:
    def __init__(self, address: str | None = None, workers: int | None = None,
                 settings: CoderSettings = CoderSettings(), batch_size: int = 16,
                 work_dir: str | Path | None = None) -> None:
        self.address, self.workers, self.settings = address, workers, settings
        self.batch_size, self.work_dir = batch_size, work_dir

    def code_with_context(self, pairs: Iterable[tuple[Article, T]]) -> Iterator[tuple[T, Document]]:
        root = Path(tempfile.mkdtemp(prefix="detente-ray-", dir=self.work_dir))
        try:
            rows = _write_input_shards(pairs, root / "input")
            if not rows:
                return
            _run(self, root / "input", root / "output", rows)
            yield from _read_output_shards(root / "output", rows)
        finally:
            shutil.rmtree(root, ignore_errors=True)


def _write_input_shards(pairs: Iterable[tuple[Article, T]], directory: Path) -> int:
    """(position, pickled article, pickled context) rows as Parquet shards; nothing is kept in
    the driver's memory. Returns the number of rows."""
    directory.mkdir(parents=True)
    pairs, rows, shard = iter(pairs), 0, 0
    while chunk := list(islice(pairs, SHARD_ROWS)):
        table = pa.table({"position": list(range(rows, rows + len(chunk))),
                          "article": [pickle.dumps(a) for a, _ in chunk],
                          "context": [pickle.dumps(c) for _, c in chunk]})
        pq.write_table(table, directory / f"shard-{shard:06d}.parquet")
        rows, shard = rows + len(chunk), shard + 1
    return rows


def _run(engine: RayEngine, source: Path, target: Path, rows: int) -> None:
    import logging
    import os

    try:
        import ray
    except ImportError:
        raise DetenteError("E021", option="--engine ray", reason="Ray is not installed (pip install 'detente[ray]')"
                           ) from None
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.WARNING)     # Ray Data logs every operator's progress
    started_here = not ray.is_initialized()
    # Coding actors hold a CPU slot each for the whole run; Ray Data's list, read and write
    # tasks need one more slot, or they wait for ever behind the actors.
    local_workers = engine.workers or os.cpu_count() or 1
    if started_here:
        if engine.address:
            ray.init(address=engine.address, log_to_driver=False)
        else:
            ray.init(num_cpus=local_workers + 1, include_dashboard=False, log_to_driver=False,
                     configure_logging=False)
    try:
        workers = engine.workers or max(1, int(ray.cluster_resources().get("CPU", 2)) - 1)
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True
        context.enable_progress_bars = False
        # at least a few blocks per actor, so that every actor gets work from the start (a small
        # input is one shard, which Ray would read as one block for one actor)
        shards = -(-rows // SHARD_ROWS)
        blocks = max(shards, min(-(-rows // engine.batch_size), 4 * workers))
        dataset = ray.data.read_parquet(str(source)).repartition(blocks)
        coded = dataset.map_batches(CodeBatch, fn_constructor_args=(engine.settings,),
                                    batch_size=engine.batch_size, num_cpus=1,
                                    compute=ray.data.ActorPoolStrategy(size=min(workers, blocks)))
        coded.write_parquet(str(target))
    finally:
        if started_here:
            ray.shutdown()


def _read_output_shards(directory: Path, expected_rows: int) -> Iterator[tuple]:
    """(context, document) in input order. Ray writes blocks to files in whatever grouping it
    likes, so the shards are read through DuckDB sorted on the position column (it sorts on
    disk when the output outgrows memory), and every position must come back exactly once."""
    import duckdb
    con = duckdb.connect()
    try:
        result = con.execute("SELECT position, context, document FROM read_parquet(?) ORDER BY position",
                             [str(directory / "*.parquet")])
        expected = 0
        while rows := result.fetchmany(256):
            for position, context, document in rows:
                if position != expected:
                    raise RuntimeError(f"Ray output: row {position} where {expected} was due")
                expected += 1
                yield pickle.loads(context), pickle.loads(document)
        if expected != expected_rows:
            raise RuntimeError(f"Ray output: {expected} rows of {expected_rows}")
    finally:
        con.close()
