import networkx as nx

from detente.analysis.network import build_network, centrality, pagerank, write_network


def test_edges_weighted_by_cooperation_and_conflict(db, tmp_path):
    graph = build_network(db)
    assert {frozenset(e) for e in graph.edges} == {frozenset(("CHN", "USA")), frozenset(("JPN", "USA"))}
    edge = graph["USA"]["JPN"]
    assert (edge["weight"], edge["cooperation"], edge["conflict"]) == (18, 14, 4)
    assert edge["quad2"] == 1 and edge["quad4"] == 1
    assert [row["actor"] for row in centrality(graph)] == ["USA", "JPN", "CHN"]
    write_network(graph, tmp_path / "n.graphml")
    assert nx.read_graphml(tmp_path / "n.graphml")["JPN"]["USA"]["weight"] == 18


def test_pagerank_matches_the_textbook_on_a_star():
    star = nx.Graph()
    star.add_edges_from([("hub", leaf, {"weight": 1}) for leaf in "abc"])
    rank = pagerank(star)
    assert abs(sum(rank.values()) - 1) < 1e-9
    # r_hub = 0.15/4 + 0.85 * 3 * r_leaf and r_leaf = 0.15/4 + 0.85 * r_hub / 3
    # -> r_hub = 0.133125 / 0.2775
    assert abs(rank["hub"] - 0.133125 / 0.2775) < 1e-6 and abs(rank["a"] - (1 - rank["hub"]) / 3) < 1e-6
