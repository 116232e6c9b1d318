"""Every engine codes the same input into the same store: in-process, worker processes, Ray."""

import duckdb

from detente.engines import LocalEngine
from detente.records import Article
from tests.test_corpus import corpus, detente, snapshot

ARTICLES = [Article(f"a{n}", text, "2025-03-01") for n, text in enumerate([
        "Japan's prime minister met the US president in Washington on Friday.",
        "China accused Taiwan of provoking tension in the strait.",
        "Germany pledged $2 billion in aid to Ukraine.",
        "Protesters marched on parliament in Nairobi.",
        "India and Pakistan agreed to reopen talks next month."] * 7)]


def test_worker_processes_give_the_in_process_results_in_order(coder):
    expected = [d.to_dict() for d in coder.code_articles(ARTICLES)]
    engine = LocalEngine(processes=2, batch_size=3)       # 12 batches, at most 4 in flight
    got = list(engine.code_with_context((a, a.id) for a in ARTICLES))
    assert [c for c, _ in got] == [a.id for a in ARTICLES]
    assert [d.to_dict() for _, d in got] == expected


def test_workers_are_replaced_after_their_share_of_documents(coder, monkeypatch):
    pools = []
    run = LocalEngine._pool_run

    def counted(self, batches):
        pools.append(len(batches))
        yield from run(self, batches)

    monkeypatch.setattr(LocalEngine, "_pool_run", counted)
    # 35 articles in batches of 3: 12 batches; 6 documents per worker, 2 workers: 4 batches a pool
    engine = LocalEngine(processes=2, batch_size=3, recycle_after=6)
    got = [d.to_dict() for _, d in engine.code_with_context((a, a.id) for a in ARTICLES)]
    assert pools == [4, 4, 4]
    assert got == [d.to_dict() for d in coder.code_articles(ARTICLES)]


def test_local_and_ray_engines_fill_identical_stores(tmp_path):
    data = corpus(tmp_path / "in.jsonl", 24)
    stores = {}
    for name, options in (("one", ["--processes", "1"]), ("local", ["--processes", "2"]),
                          ("ray", ["--engine", "ray", "--processes", "2"])):
        stores[name] = tmp_path / f"{name}.duckdb"
        run = detente("ingest", data, "--db", stores[name], *options)
        assert run.returncode == 0, run.stderr[-2000:]
        assert "24 new documents" in run.stderr
    assert snapshot(stores["one"]) == snapshot(stores["local"]) == snapshot(stores["ray"])
    # not only the ids: the coded fields too
    rows = []
    for name in ("one", "ray"):
        con = duckdb.connect(str(stores[name]), read_only=True)
        rows.append(con.execute("SELECT * EXCLUDE (ingested_at) FROM documents JOIN mentions ON "
                                "mentions.document_id = documents.id ORDER BY mentions.id").fetchall())
        con.close()
    assert rows[0] == rows[1] and len(rows[0]) > 24
