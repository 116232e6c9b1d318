"""Charts of a relationship: the dyad timeline (stacked quad classes with the index line), the
issue agenda over time, the actor network. PNG with matplotlib for the CLI; interactive HTML
with plotly, whose JavaScript is inlined in the page (no CDN: pages work offline)."""
from __future__ import annotations

from collections import Counter
from html import escape
from pathlib import Path

import matplotlib

matplotlib.use("Agg")       # files only, never a window

import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import plotly.graph_objects as go  # noqa: E402
from plotly.subplots import make_subplots  # noqa: E402

from detente.analysis.dyad import QUAD_NAMES, QUADS, Timeline, shown_index  # noqa: E402

# cooperation in blues, conflict in reds; material darker than verbal
QUAD_COLOURS = {1: "#9ecae1", 2: "#3182bd", 3: "#fc9272", 4: "#de2d26"}
INDEX_COLOUR = "#222222"


def _labels(timeline: Timeline) -> list[str]:
    if timeline.freq == "quarter":
        return [f"{p.year}-Q{(p.month - 1) // 3 + 1}" for p in timeline.periods]
    fmt = {"week": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[timeline.freq]
    return [p.strftime(fmt) for p in timeline.periods]


def agenda(timeline: Timeline, top: int = 6) -> tuple[list[str], dict[str, list[int]]]:
    """The `top` contexts over the whole span and their event counts per period."""
    totals: Counter = Counter()
    per_period = []
    for period in timeline.periods:
        counts = Counter()
        for event in timeline.events.get(period, []):
            for context in event.get("contexts", []):
                counts[context] += 1
        per_period.append(counts)
        totals.update(counts)
    names = [c for c, _ in totals.most_common(top)]
    return names, {c: [counts.get(c, 0) for counts in per_period] for c in names}


# -- PNG ----------------------------------------------------------------------------------------

def timeline_png(timeline: Timeline, path: Path) -> None:
    labels, series = _labels(timeline), timeline.series("both")
    fig, ax = plt.subplots(figsize=(11, 4.8), dpi=110)
    bottom = [0] * len(series)
    for quad in QUADS:
        heights = [row.by_quad.get(quad, 0) for row in series]
        ax.bar(labels, heights, bottom=bottom, color=QUAD_COLOURS[quad], label=QUAD_NAMES[quad], width=0.8)
        bottom = [b + h for b, h in zip(bottom, heights)]
    ax.set_ylabel("events")
    ax.set_title(f"{timeline.a}–{timeline.b}: events per {timeline.freq} and cooperation–conflict index")
    index_ax = ax.twinx()
    index_ax.plot(labels, [shown_index(row) for row in series], color=INDEX_COLOUR, marker="o", markersize=3,
                  linewidth=1.5, label="index")
    index_ax.axhline(0, color="#999999", linewidth=0.8, linestyle=":")
    index_ax.set_ylim(-1.05, 1.05)
    index_ax.set_ylabel("index (−1 conflict … +1 cooperation)")
    _thin_ticks(ax, labels)
    handles = ax.get_legend_handles_labels()[0] + index_ax.get_legend_handles_labels()[0]
    ax.legend(handles=handles, loc="upper left", fontsize=8, ncol=5, frameon=False)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def agenda_png(timeline: Timeline, path: Path) -> None:
    labels = _labels(timeline)
    names, counts = agenda(timeline)
    fig, ax = plt.subplots(figsize=(11, 3.8), dpi=110)
    if names:
        ax.stackplot(range(len(labels)), *[counts[n] for n in names], labels=names, alpha=0.85)
        ax.legend(loc="upper left", fontsize=8, ncol=len(names), frameon=False)
    ax.set_xticks(range(len(labels)), labels)
    ax.set_ylabel("events")
    ax.set_title(f"{timeline.a}–{timeline.b}: issues (PLOVER contexts) per {timeline.freq}")
    _thin_ticks(ax, labels)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def network_png(graph: nx.Graph, path: Path, top: int = 25) -> None:
    keep = sorted(graph, key=lambda n: -graph.degree(n, weight="weight"))[:top]
    sub = graph.subgraph(keep)
    fig, ax = plt.subplots(figsize=(9, 9), dpi=110)
    if sub:
        position = nx.spring_layout(sub, weight="weight", seed=7)
        strength = max((d["weight"] for _, _, d in sub.edges(data=True)), default=1)
        colours = [_index_colour(d["index"]) for _, _, d in sub.edges(data=True)]
        widths = [0.5 + 6 * d["weight"] / strength for _, _, d in sub.edges(data=True)]
        nx.draw_networkx_edges(sub, position, ax=ax, edge_color=colours, width=widths, alpha=0.7)
        sizes = [200 + 2500 * sub.degree(n, weight="weight") / max(1, max(dict(sub.degree(weight="weight")).values()))
                 for n in sub]
        nx.draw_networkx_nodes(sub, position, ax=ax, node_size=sizes, node_color="#f0f0f0", edgecolors="#555555")
        nx.draw_networkx_labels(sub, position, ax=ax, font_size=8)
    ax.set_title("Actor network: edge width = events, colour = index (blue cooperation, red conflict)")
    ax.axis("off")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _index_colour(index: float | None) -> str:
    if index is None:
        return "#999999"
    return QUAD_COLOURS[2] if index > 0.2 else QUAD_COLOURS[4] if index < -0.2 else "#999999"


def _thin_ticks(ax, labels: list[str], most: int = 16) -> None:
    step = max(1, len(labels) // most)
    ax.set_xticks(range(0, len(labels), step), [labels[i] for i in range(0, len(labels), step)],
                  rotation=45, ha="right", fontsize=8)


# -- interactive HTML ---------------------------------------------------------------------------

def timeline_figure(timeline: Timeline) -> go.Figure:
    labels, series = _labels(timeline), timeline.series("both")
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    for quad in QUADS:
        fig.add_trace(go.Bar(x=labels, y=[row.by_quad.get(quad, 0) for row in series], name=QUAD_NAMES[quad],
                             marker_color=QUAD_COLOURS[quad]), secondary_y=False)
    fig.add_trace(go.Scatter(x=labels, y=[shown_index(row) for row in series], name="index", mode="lines+markers",
                             line={"color": INDEX_COLOUR}, connectgaps=True), secondary_y=True)
    fig.update_layout(barmode="stack", height=440, margin={"l": 50, "r": 50, "t": 40, "b": 60},
                      title=f"{timeline.a}–{timeline.b}: events per {timeline.freq} and index",
                      legend={"orientation": "h", "y": -0.15})
    fig.update_yaxes(title_text="events", secondary_y=False)
    fig.update_yaxes(title_text="index", range=[-1.05, 1.05], tickvals=[-1, -0.5, 0, 0.5, 1], showgrid=False,
                     secondary_y=True)
    # periods, not a continuous date axis with its own ticks
    fig.update_xaxes(type="category", tickangle=-45, automargin=True)
    return fig


def agenda_figure(timeline: Timeline) -> go.Figure:
    labels = _labels(timeline)
    names, counts = agenda(timeline)
    fig = go.Figure([go.Scatter(x=labels, y=counts[n], name=n, stackgroup="agenda") for n in names])
    fig.update_layout(height=380, margin={"l": 50, "r": 20, "t": 40, "b": 60},
                      title=f"Issues per {timeline.freq} (PLOVER contexts)", legend={"orientation": "h", "y": -0.3})
    fig.update_xaxes(type="category", tickangle=-45, automargin=True)
    return fig


def figures_html(figures: list[go.Figure]) -> str:
    """The figures as HTML fragments, plotly's JavaScript inlined once, before the first."""
    return "\n".join(fig.to_html(full_html=False, include_plotlyjs=(n == 0), config={"displaylogo": False})
                     for n, fig in enumerate(figures))


def write_html(figures: list[go.Figure], path: Path, title: str) -> None:
    path.write_text(f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title></head>"
                    f"<body>{figures_html(figures)}</body></html>", encoding="utf-8")
