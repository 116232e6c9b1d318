"""The analytics commands as a user runs them, on the hand-built store (tests/analysis/conftest.py)."""
import json

import networkx as nx

from detente.cli import main


def run(capsys, *args):
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err


def test_dyad_table_json_and_plots(store_path, capsys, tmp_path):
    status, out, err = run(capsys, "dyad", "USA", "JPN", "--db", store_path, "--plot", tmp_path / "t.png")
    assert status == 0 and "2025-07-01" in out and "-1.00" in out and "18 events" in err
    assert (tmp_path / "t.png").stat().st_size > 10_000 and (tmp_path / "t-agenda.png").exists()
    status, out, _ = run(capsys, "dyad", "USA", "JPN", "--db", store_path, "--format", "json", "--freq", "quarter")
    quarters = [p["period"] for p in json.loads(out)["periods"]]
    assert quarters == ["2025-01-01", "2025-04-01", "2025-07-01"]


def test_alerts_pledges_quotes(store_path, capsys):
    status, out, err = run(capsys, "alerts", "--db", store_path, "--format", "jsonl")
    assert status == 0 and [json.loads(line)["period"] for line in out.splitlines()] == ["2025-07-01"]
    status, out, err = run(capsys, "pledges", "--db", store_path, "--actor", "JPN")
    assert status == 0 and "pledged" in out and "$5 billion" in out and "1 amounts" in err
    status, out, err = run(capsys, "quotes", "--db", store_path, "--speaker", "Ishiba")
    assert status == 0 and "stand with our ally" in out and "1 quotes" in err


def test_network_and_report(store_path, capsys, tmp_path):
    status, out, _ = run(capsys, "network", "--db", store_path, "-o", tmp_path / "n.graphml",
                         "--plot", tmp_path / "n.png")
    assert status == 0 and out.splitlines()[1].startswith("USA") and (tmp_path / "n.png").exists()
    assert nx.read_graphml(tmp_path / "n.graphml").number_of_edges() == 2
    status, _, err = run(capsys, "report", "USA", "JPN", "--db", store_path, "--out", tmp_path / "b.html")
    assert status == 0 and (tmp_path / "b.html").read_text().count("<h2>") >= 6


def test_mistakes_are_one_line(store_path, capsys, tmp_path):
    for args, words in [(("dyad", "USA", "JPN", "--db", store_path, "--plot", tmp_path / "t.pdf"), "--plot"),
                        (("report", "USA", "JPN", "--db", tmp_path / "none.duckdb", "--out", tmp_path / "b.html"),
                         "no such file"),
                        (("quotes", "--db", store_path, "--since", "May"), "--since")]:
        status, out, err = run(capsys, *args)
        assert status == 2 and words in err and len(err.strip().splitlines()) == 1
