"""Charts of co-topic analysis: heatmap, network, thematic map, pairs over time, changes.

Each function takes frames from :mod:`paperkit.cotopics` and returns an altair chart (never shown,
never saved). Nothing heavy is computed here: the network layout comes from
:func:`paperkit.cotopics.network_layout`.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import polars as pl

from paperkit.charts._frames import require_frame
from paperkit.deprecation import renamed_keywords

__all__ = [
    "chart_cotopic_changes",
    "chart_cotopic_heatmap",
    "chart_cotopic_network",
    "chart_cotopics_over_time",
    "chart_thematic_map",
]


def _need(frame: pl.DataFrame, columns: Sequence[str], kind: str, needed_by: str) -> None:
    require_frame(frame, columns, kind, needed_by=needed_by)


@renamed_keywords(max_topics="top")
def chart_cotopic_heatmap(pairs: pl.DataFrame, clusters: pl.DataFrame, *, top: int = 60) -> alt.Chart:
    """Heatmap of pair scores, topics ordered by cluster (then strength), both triangles drawn.

    Parameters
    ----------
    pairs
        ``[topic_a, topic_b, n, score]`` from :func:`paperkit.cotopics.cooccurrence`.
    clusters
        ``[topic, cluster, strength]`` from :func:`paperkit.cotopics.cotopic_clusters`.
    top
        Draw at most this many topics (the strongest), so the chart stays under 5,000 cells.

    Returns
    -------
    altair.Chart
        ``rect`` marks: x and y the topics (nominal, ordered, labels never truncated), colour the
        score on a quantile scale (each colour holds the same number of cells), tooltip n and score.

    Examples
    --------
    >>> import polars as pl
    >>> from paperkit.cotopics import cotopic_clusters
    >>> pairs = pl.DataFrame({"topic_a": ["RAG", "RAG"], "topic_b": ["agents", "retrieval"], "n": [3, 9], "score": [1.2, 4.0]})
    >>> spec = chart_cotopic_heatmap(pairs, cotopic_clusters(pairs)).to_dict()
    >>> spec["mark"]["type"], spec["encoding"]["color"]["field"], spec["encoding"]["color"]["scale"]["type"]
    ('rect', 'score', 'quantile')
    """
    _need(pairs, ("topic_a", "topic_b", "n", "score"), "pairs", "chart_cotopic_heatmap")
    _need(clusters, ("topic", "cluster"), "clusters", "chart_cotopic_heatmap")
    strength = "strength" if "strength" in clusters.columns else "cluster"
    order_frame = clusters.sort(["cluster", strength, "topic"], descending=[False, True, False])
    if order_frame.height > top:
        keep = clusters.sort(strength, descending=True).head(top)["topic"]
        order_frame = order_frame.filter(pl.col("topic").is_in(keep.implode()))
    order = order_frame["topic"].to_list()
    both = pl.concat([
        pairs.select("topic_a", "topic_b", "n", "score"),
        pairs.select(pl.col("topic_b").alias("topic_a"), pl.col("topic_a").alias("topic_b"), "n", "score"),
    ]).filter(pl.col("topic_a").is_in(order) & pl.col("topic_b").is_in(order))
    cluster_of = clusters.select("topic", "cluster")
    both = both.join(cluster_of.rename({"topic": "topic_a", "cluster": "cluster_a"}), on="topic_a", how="left").join(
        cluster_of.rename({"topic": "topic_b", "cluster": "cluster_b"}), on="topic_b", how="left"
    )
    size = max(10, min(16, 700 // max(len(order), 1)))
    # a label is never cut: room for the longest topic name (~6.5 px per character at the theme's font size)
    label_limit = int(6.5 * max((len(t) for t in order), default=10)) + 12
    return (
        alt.Chart(both, title="Topic co-occurrence (ordered by cluster)")
        .mark_rect()
        .encode(
            x=alt.X("topic_a:N", sort=order, title=None, axis=alt.Axis(labelAngle=-50, labelLimit=label_limit)),
            y=alt.Y("topic_b:N", sort=order, title=None, axis=alt.Axis(labelLimit=label_limit)),
            # quantile colours: one outlier pair (association 11 where most are 0.5-3) no longer
            # paints every other cell the same dark colour
            color=alt.Color("score:Q", scale=alt.Scale(type="quantile", scheme="viridis"), title="score (quantiles)"),
            tooltip=[
                alt.Tooltip("topic_a:N", title="topic"), alt.Tooltip("topic_b:N", title="with"),
                alt.Tooltip("n:Q", title="papers with both"), alt.Tooltip("score:Q", format=".3f"),
                alt.Tooltip("cluster_a:O", title="cluster"), alt.Tooltip("cluster_b:O", title="cluster (with)"),
            ],
        )
        .properties(width=size * len(order), height=size * len(order))
    )


def _thinned_labels(nodes: pl.DataFrame, *, width: int, height: int, font_px: float = 6.0, line_px: float = 12.0) -> pl.Series:
    """Column ``label``: the topic where its label box overlaps no bigger topic's label, else "".

    Greedy, biggest topic (papers, then degree) first; label boxes are ``font_px`` per character wide
    and ``line_px`` high, centred above the node at the chart's pixel scale.

    Examples
    --------
    >>> nodes = pl.DataFrame({"topic": ["agents", "RAG", "tools"], "x": [0.0, 0.001, 1.0], "y": [0.0, 0.0, 1.0], "papers": [9, 5, 3]})
    >>> _thinned_labels(nodes, width=600, height=400).to_list()
    ['agents', '', 'tools']
    """
    def scaled(col: str, size: int) -> list[float]:
        lo, hi = float(nodes[col].min()), float(nodes[col].max())
        return [(v - lo) / ((hi - lo) or 1.0) * size for v in nodes[col].to_list()]

    xs, ys = scaled("x", width), scaled("y", height)
    topics = nodes["topic"].to_list()
    weight = nodes["papers"].fill_null(0).to_list() if "papers" in nodes.columns else [0] * nodes.height
    degree = nodes["degree"].to_list() if "degree" in nodes.columns else [0] * nodes.height
    order = sorted(range(nodes.height), key=lambda i: (-weight[i], -degree[i], topics[i]))
    boxes, out = [], [""] * nodes.height
    for i in order:
        half = font_px * len(topics[i]) / 2
        box = (xs[i] - half, xs[i] + half, ys[i] - line_px / 2, ys[i] + line_px / 2)
        if all(box[1] < b[0] or box[0] > b[1] or box[3] < b[2] or box[2] > b[3] for b in boxes):
            boxes.append(box)
            out[i] = topics[i]
    return pl.Series("label", out, dtype=pl.String())


@renamed_keywords(max_edges="top")
def chart_cotopic_network(pairs: pl.DataFrame, nodes: pl.DataFrame, *, top: int = 400) -> alt.LayerChart:
    """Node-link network of topics: nodes sized by papers and coloured by cluster, edges by score.

    Click a topic (or pick it in the drop-down) to highlight it, its neighbours and its links;
    double-click empties the selection.

    Parameters
    ----------
    pairs
        ``[topic_a, topic_b, n, score]`` (positive scores are drawn as edges).
    nodes
        ``[topic, x, y, cluster, papers, neighbors]`` from :func:`paperkit.cotopics.network_layout`.
    top
        Draw at most this many edges (highest scores).

    Returns
    -------
    altair.LayerChart
        Layers: ``rule`` edges (x, y, x2, y2; stroke width and opacity by score), ``circle`` nodes
        (size = papers, colour = cluster) and ``text`` labels; a point selection ``focus`` on ``topic``.
        Labels are thinned so that none overlaps another (biggest topics first, see
        :func:`_thinned_labels`); picking a topic labels it and all its neighbours.

    Examples
    --------
    >>> import polars as pl
    >>> from paperkit.cotopics import cotopic_clusters, network_layout
    >>> pairs = pl.DataFrame({"topic_a": ["RAG", "agents"], "topic_b": ["agents", "tools"], "n": [4, 6], "score": [2.0, 3.0]})
    >>> chart = chart_cotopic_network(pairs, network_layout(pairs, cotopic_clusters(pairs)))
    >>> [layer["mark"]["type"] for layer in chart.to_dict()["layer"]]
    ['rule', 'circle', 'text']
    """
    _need(pairs, ("topic_a", "topic_b", "n", "score"), "pairs", "chart_cotopic_network")
    _need(nodes, ("topic", "x", "y", "cluster", "papers", "neighbors"), "nodes", "chart_cotopic_network")
    pos = nodes.select("topic", "x", "y")
    edges = (
        pairs.filter(pl.col("score") > 0)
        .sort("score", descending=True)
        .head(top)
        .join(pos.rename({"topic": "topic_a"}), on="topic_a")
        .join(pos.rename({"topic": "topic_b", "x": "x2", "y": "y2"}), on="topic_b")
    )
    focus = alt.selection_point(
        name="focus", fields=["topic"], on="click", clear="dblclick", empty=True,
        bind=alt.binding_select(options=[None] + sorted(nodes["topic"].to_list()), labels=["(all)"] + sorted(nodes["topic"].to_list()), name="topic "),
    )
    picked = "isValid(focus.topic) && length(focus.topic) > 0"
    edge_on = f"!({picked}) || datum.topic_a === focus.topic[0] || datum.topic_b === focus.topic[0]"
    node_on = f"!({picked}) || datum.topic === focus.topic[0] || indexof(datum.neighbors, '|' + focus.topic[0] + '|') >= 0"
    axis = dict(axis=None)
    base = alt.Chart(edges)
    edge_layer = base.mark_rule(color="#888").encode(
        x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis), x2="x2:Q", y2="y2:Q",
        strokeWidth=alt.StrokeWidth("score:Q", scale=alt.Scale(range=[0.5, 6]), legend=None),
        opacity=alt.condition(edge_on, alt.value(0.6), alt.value(0.05)),
        tooltip=[alt.Tooltip("topic_a:N", title="topic"), alt.Tooltip("topic_b:N", title="with"),
                 alt.Tooltip("n:Q", title="papers with both"), alt.Tooltip("score:Q", format=".3f")],
    )
    node_cols = [c for c in ("topic", "x", "y", "cluster", "cluster_label", "papers", "degree", "neighbors") if c in nodes.columns]
    node_base = alt.Chart(nodes.select(node_cols).with_columns(_thinned_labels(nodes, width=650, height=550)))
    tooltip = [alt.Tooltip("topic:N"), alt.Tooltip("papers:Q", title="papers"), alt.Tooltip("cluster:N")]
    if "degree" in node_cols:
        tooltip.append(alt.Tooltip("degree:Q", title="linked topics"))
    node_layer = node_base.mark_circle(stroke="white", strokeWidth=1).encode(
        x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis),
        size=alt.Size("papers:Q", scale=alt.Scale(range=[40, 1600]), title="papers"),
        color=alt.Color("cluster:N", scale=alt.Scale(scheme="tableau10"), title="cluster"),
        opacity=alt.condition(node_on, alt.value(0.95), alt.value(0.15)),
        tooltip=tooltip,
    ).add_params(focus)
    # labels that would overlap a bigger topic's label are left out; a picked topic names all its neighbours
    label_layer = node_base.transform_calculate(shown=f"(({picked}) && ({node_on})) ? datum.topic : datum.label").mark_text(
        fontSize=10, dy=-10).encode(
        x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis), text="shown:N",
        opacity=alt.condition(node_on, alt.value(1.0), alt.value(0.2)),
    )
    return alt.layer(edge_layer, node_layer, label_layer).properties(
        width=650, height=550, title="Topic co-occurrence network (click a topic)"
    ).configure_view(stroke=None)


def chart_thematic_map(themes: pl.DataFrame, *, axes: str = "values") -> alt.LayerChart:
    """The thematic map: clusters by centrality (x) and density (y), quadrants named.

    Parameters
    ----------
    themes
        From :func:`paperkit.cotopics.thematic_map`.
    axes
        ``"values"`` (default): Callon's centrality and density themselves, the dashed lines at their
        medians (the split :func:`~paperkit.cotopics.thematic_map` uses for the quadrants);
        ``"ranks"``: their ranks (1 = lowest), lines at the mean rank, as bibliometrix draws it.

    Returns
    -------
    altair.LayerChart
        Layers: two dashed ``rule`` lines, the four quadrant names as ``text``, ``circle`` clusters
        (size = distinct papers, else topics; colour = quadrant) and ``text`` labels.

    Examples
    --------
    >>> import polars as pl
    >>> themes = pl.DataFrame({"cluster": [1, 2], "label": ["agents", "LoRA"], "topics": [["agents", "RAG"], ["LoRA"]],
    ...                        "n_topics": [2, 1], "papers": [30, 10], "centrality": [5.0, 1.0], "density": [80.0, 20.0],
    ...                        "rank_centrality": [2.0, 1.0], "rank_density": [2.0, 1.0],
    ...                        "quadrant": ["motor themes", "emerging or declining themes"]})
    >>> spec = chart_thematic_map(themes).to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['rule', 'rule', 'text', 'circle', 'text']
    >>> spec["layer"][3]["encoding"]["x"]["field"], chart_thematic_map(themes, axes="ranks").to_dict()["layer"][3]["encoding"]["x"]["field"]
    ('centrality', 'rank_centrality')
    """
    if axes not in ("values", "ranks"):
        raise ValueError(f"axes must be 'values' or 'ranks', got {axes!r}")
    _need(themes, ("cluster", "label", "centrality", "density", "rank_centrality", "rank_density", "quadrant", "n_topics"),
          "themes", "chart_thematic_map")
    size_field = "papers" if "papers" in themes.columns and themes["papers"].null_count() == 0 else "n_topics"
    data = themes.with_columns(
        pl.col("topics").list.head(8).list.join(", ").alias("topic_list") if "topics" in themes.columns else pl.lit("").alias("topic_list")
    ).drop("topics", strict=False)
    fx, fy, (mx, my), (lo_x, hi_x, lo_y, hi_y), (x_title, y_title), tick = _map_axes(data, axes)
    quad = pl.DataFrame({
        "x": [(mx + hi_x) / 2, (lo_x + mx) / 2, (lo_x + mx) / 2, (mx + hi_x) / 2],
        "y": [hi_y - (hi_y - lo_y) * 0.03] * 2 + [lo_y + (hi_y - lo_y) * 0.03] * 2,
        "name": ["motor themes", "niche themes", "emerging or declining themes", "basic themes"],
    })
    sx = alt.Scale(domain=[lo_x, hi_x], nice=False, zero=False)
    sy = alt.Scale(domain=[lo_y, hi_y], nice=False, zero=False)
    x = alt.X(f"{fx}:Q", scale=sx, title=x_title, axis=tick)
    y = alt.Y(f"{fy}:Q", scale=sy, title=y_title, axis=tick)
    vline = alt.Chart(pl.DataFrame({"v": [mx]})).mark_rule(strokeDash=[4, 4], color="gray").encode(x=alt.X("v:Q", scale=sx))
    hline = alt.Chart(pl.DataFrame({"v": [my]})).mark_rule(strokeDash=[4, 4], color="gray").encode(y=alt.Y("v:Q", scale=sy))
    names = alt.Chart(quad).mark_text(fontStyle="italic", color="gray", baseline="middle").encode(
        x=alt.X("x:Q", scale=sx), y=alt.Y("y:Q", scale=sy), text="name:N",
    )
    quadrant_scale = alt.Scale(
        domain=["motor themes", "niche themes", "emerging or declining themes", "basic themes"],
        range=["#d62728", "#9467bd", "#7f7f7f", "#1f77b4"],
    )
    points = alt.Chart(data).mark_circle(opacity=0.7).encode(
        x=x, y=y,
        size=alt.Size(f"{size_field}:Q", scale=alt.Scale(range=[200, 3000]),
                      title="papers (distinct)" if size_field == "papers" else "topics"),
        color=alt.Color("quadrant:N", scale=quadrant_scale, title="quadrant"),
        tooltip=["label:N", "quadrant:N", f"{size_field}:Q", "n_topics:Q",
                 alt.Tooltip("centrality:Q", format=".2f"), alt.Tooltip("density:Q", format=".2f"),
                 alt.Tooltip("rank_centrality:Q", title="centrality rank"), alt.Tooltip("rank_density:Q", title="density rank"),
                 alt.Tooltip("topic_list:N", title="topics")],
    )
    labels = alt.Chart(data).mark_text(fontSize=11, fontWeight="bold", dy=-14).encode(x=x, y=y, text="label:N")
    return alt.layer(vline, hline, names, points, labels).properties(
        width=550, height=450, title="Thematic map (Callon centrality and density)"
    )


def _map_axes(data: pl.DataFrame, axes: str) -> tuple:
    """Fields, crossing point, extent, titles and ticks of the thematic map's axes (values or ranks)."""
    if axes == "ranks":
        fx, fy = "rank_centrality", "rank_density"
        mx, my = float(data[fx].mean()), float(data[fy].mean())
        lo_x, hi_x = lo_y, hi_y = 0.5, float(data.height) + 0.5
        titles = ("centrality (rank): relevance to the other themes", "density (rank): development of the theme")
        return fx, fy, (mx, my), (lo_x, hi_x, lo_y, hi_y), titles, alt.Axis(tickMinStep=1, format="d")
    fx, fy = "centrality", "density"
    mx, my = float(data[fx].median()), float(data[fy].median())
    pad_x = (float(data[fx].max()) - float(data[fx].min())) * 0.12 or 1.0
    pad_y = (float(data[fy].max()) - float(data[fy].min())) * 0.12 or 1.0
    lo_x, hi_x = float(data[fx].min()) - pad_x, float(data[fx].max()) + pad_x
    lo_y, hi_y = float(data[fy].min()) - pad_y, float(data[fy].max()) + pad_y
    titles = ("centrality: relevance to the other themes", "density: development of the theme")
    return fx, fy, (mx, my), (lo_x, hi_x, lo_y, hi_y), titles, alt.Axis()


def chart_cotopics_over_time(over_time: pl.DataFrame, pairs: Sequence[tuple[str, str]] | None = None) -> alt.Chart:
    """Score of topic pairs per period, one line per pair.

    Parameters
    ----------
    over_time
        ``[period, topic_a, topic_b, n, score]`` from :func:`paperkit.cotopics.cooccurrence_over_time`.
    pairs
        The pairs to draw, as ``(topic, topic)`` in any order (at most 12); ``None`` draws the 6
        pairs with the most papers overall.

    Returns
    -------
    altair.Chart
        ``line`` with points: x = period (temporal), y = score, colour = pair, tooltip with n.

    Examples
    --------
    >>> import datetime as dt, polars as pl
    >>> ot = pl.DataFrame({"period": [dt.date(2025, 1, 1), dt.date(2025, 4, 1)], "topic_a": ["RAG", "RAG"],
    ...                    "topic_b": ["agents", "agents"], "n": [3, 8], "score": [1.1, 2.5]})
    >>> spec = chart_cotopics_over_time(ot, [("agents", "RAG")]).to_dict()
    >>> spec["mark"]["type"], spec["encoding"]["x"]["type"], spec["encoding"]["color"]["field"]
    ('line', 'temporal', 'pair')
    """
    _need(over_time, ("period", "topic_a", "topic_b", "n", "score"), "over_time", "chart_cotopics_over_time")
    if pairs is None:
        chosen = over_time.group_by("topic_a", "topic_b").agg(pl.col("n").sum()).sort(["n", "topic_a", "topic_b"], descending=[True, False, False]).head(6)
    else:
        if len(pairs) > 12:
            raise ValueError(f"draw at most 12 pairs at once, got {len(pairs)}")
        rows = [tuple(sorted(p)) for p in pairs]
        chosen = pl.DataFrame(rows, schema={"topic_a": pl.String(), "topic_b": pl.String()}, orient="row")
    data = over_time.join(chosen.select("topic_a", "topic_b"), on=["topic_a", "topic_b"], how="semi")
    if data.height == 0:
        raise ValueError(f"none of the pairs {chosen.rows()} occurs in over_time")
    data = data.with_columns(pl.concat_str("topic_a", pl.lit(" + "), "topic_b").alias("pair")).sort("period")
    return alt.Chart(data.drop("papers", strict=False), title="Co-topic pairs over time").mark_line(point=True).encode(
        x=alt.X("period:T", title="period"),
        y=alt.Y("score:Q", title="score"),
        color=alt.Color("pair:N", title="pair"),
        tooltip=[alt.Tooltip("period:T"), "pair:N", alt.Tooltip("n:Q", title="papers with both"), alt.Tooltip("score:Q", format=".3f")],
    ).properties(width=600, height=300)


def chart_cotopic_changes(changes: pl.DataFrame) -> alt.Chart:
    """Diverging bars of the pairs whose score rose or fell most (from :func:`paperkit.cotopics.cotopic_changes`).

    Returns
    -------
    altair.Chart
        ``bar``: x = change (quantitative), y = pair (nominal, sorted by change), colour = direction.

    Examples
    --------
    >>> import polars as pl
    >>> ch = pl.DataFrame({"topic_a": ["LoRA", "RAG"], "topic_b": ["RAG", "agents"], "n_before": [0, 2], "n_after": [3, 1],
    ...                    "score_before": [0.0, 2.0], "score_after": [3.0, 1.0], "change": [3.0, -1.0], "direction": ["rose", "fell"]})
    >>> chart_cotopic_changes(ch).to_dict()["mark"]["type"]
    'bar'
    """
    _need(changes, ("topic_a", "topic_b", "change", "direction"), "changes", "chart_cotopic_changes")
    data = changes.with_columns(pl.concat_str("topic_a", pl.lit(" + "), "topic_b").alias("pair"))
    tooltip = ["pair:N", alt.Tooltip("change:Q", format=".3f")] + [
        alt.Tooltip(f"{c}:Q", format=".3f" if c.startswith("score") else "d") for c in ("n_before", "n_after", "score_before", "score_after") if c in data.columns
    ]
    return alt.Chart(data, title="Pairs whose association rose or fell most").mark_bar().encode(
        x=alt.X("change:Q", title="change in score (after - before)"),
        y=alt.Y("pair:N", sort="-x", title=None, axis=alt.Axis(labelLimit=320)),
        color=alt.Color("direction:N", scale=alt.Scale(domain=["rose", "fell"], range=["#2ca02c", "#d62728"])),
        tooltip=tooltip,
    ).properties(width=400)
