"""The actor network: countries (and IGOs) joined by the events between them, each edge
weighted by cooperation and conflict, with the most central actors; GraphML or JSON out."""
from __future__ import annotations

import json
from datetime import date as Date
from pathlib import Path
from typing import Any

import networkx as nx

from detente.analysis.dyad import cooperation_index, default_span, occurred_where


def build_network(con, since: Date | None = None, until: Date | None = None, min_events: int = 1) -> nx.Graph:
    """Undirected graph: an edge per pair of actor countries with its event counts by quad
    class, Goldstein sum, index and `weight` (events) for centrality."""
    where, params = occurred_where(*default_span(con, since, until))
    clauses = [where, "actor_country IS NOT NULL", "recipient_country IS NOT NULL",
               "actor_country <> recipient_country"]
    rows = con.execute(f"""
        SELECT least(actor_country, recipient_country), greatest(actor_country, recipient_country), quad,
               count(*), sum(goldstein)
        FROM event_records WHERE {' AND '.join(clauses)} GROUP BY ALL""", params).fetchall()
    graph = nx.Graph()
    for a, b, quad, events, goldstein in rows:
        if not graph.has_edge(a, b):
            graph.add_edge(a, b, weight=0, goldstein=0.0, **{f"quad{q}": 0 for q in (1, 2, 3, 4)})
        edge = graph[a][b]
        edge["weight"] += events
        edge[f"quad{quad}"] += events
        edge["goldstein"] += float(goldstein)
    for a, b, edge in list(graph.edges(data=True)):
        if edge["weight"] < min_events:
            graph.remove_edge(a, b)
            continue
        edge["cooperation"] = edge["quad1"] + edge["quad2"]
        edge["conflict"] = edge["quad3"] + edge["quad4"]
        edge["index"] = cooperation_index({q: edge[f"quad{q}"] for q in (1, 2, 3, 4)})
    graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0])
    return graph


def centrality(graph: nx.Graph, top: int = 15) -> list[dict[str, Any]]:
    """Actors ranked by weighted degree (events with others), with PageRank and partner count."""
    if not graph:
        return []
    rank = pagerank(graph)
    degree = dict(graph.degree(weight="weight"))
    ordered = sorted(graph, key=lambda n: (-degree[n], n))[:top]
    return [{"actor": n, "events": degree[n], "partners": graph.degree(n), "pagerank": round(rank[n], 4)}
            for n in ordered]


def pagerank(graph: nx.Graph, damping: float = 0.85, rounds: int = 100, tolerance: float = 1e-10
             ) -> dict[str, float]:
    """Weighted PageRank by power iteration (networkx's own needs SciPy, which nothing else here
    does). On an undirected graph each node passes its score to its partners in proportion to
    the events between them."""
    nodes = list(graph)
    strength = {n: sum(d["weight"] for _, _, d in graph.edges(n, data=True)) for n in nodes}
    rank = {n: 1 / len(nodes) for n in nodes}
    for _ in range(rounds):
        passed = {n: 0.0 for n in nodes}
        for n in nodes:
            for _, m, d in graph.edges(n, data=True):
                passed[m] += rank[n] * d["weight"] / strength[n]
        new = {n: (1 - damping) / len(nodes) + damping * passed[n] for n in nodes}
        done = sum(abs(new[n] - rank[n]) for n in nodes) < tolerance
        rank = new
        if done:
            break
    return rank


def write_network(graph: nx.Graph, path: Path) -> None:
    """GraphML for Gephi/yEd/igraph when the name ends in .graphml, else node-link JSON."""
    if path.suffix.lower() == ".graphml":
        nx.write_graphml(graph, path)       # every edge has events, so no attribute is None
    else:
        path.write_text(json.dumps(nx.node_link_data(graph, edges="edges"), indent=1), encoding="utf-8")
