"""The paperkit altair theme: registered on import, enabled only on request.

Importing :mod:`paperkit.charts` registers a theme named ``"paperkit"`` in altair's theme
registry; it changes nothing until you ask for it, either for the whole session with
:func:`use_theme` (or ``alt.theme.enable("paperkit")``), or for a block of code with
``with alt.theme.enable("paperkit"): ...``. The report (:mod:`paperkit.report`) applies it
only while it renders, so it never changes your notebook's charts behind your back.

The look: the Okabe-Ito palette (distinguishable with the common forms of colour
blindness), the colour-blind-safe ``viridis`` scheme for ordinal and continuous colour,
a system sans-serif font at sizes that stay readable on a projected slide, light grid lines
and no chart border.

References
----------
Okabe, M. and Ito, K. (2008). *Color Universal Design (CUD): How to make figures and
presentations that are friendly to colorblind people*. https://jfly.uni-koeln.de/color/
"""

from __future__ import annotations

import altair as alt

__all__ = ["OKABE_ITO", "THEME_NAME", "paperkit_theme", "use_theme"]

#: Name under which the theme is registered in ``alt.theme``.
THEME_NAME = "paperkit"

#: The Okabe-Ito colour-blind-safe palette (black moved last: it reads as "other").
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)

_FONT = "'Source Sans 3', 'Source Sans Pro', 'Helvetica Neue', Helvetica, Arial, sans-serif"
_TEXT = "#222222"
_MUTED = "#555555"
_GRID = "#e6e6e6"


def paperkit_theme() -> alt.theme.ThemeConfig:
    """The paperkit theme's configuration (a pure function, as altair themes are).

    Returns
    -------
    dict
        A Vega-Lite top-level ``config`` (plus default ``width``/``height``), as altair's
        theme registry expects.

    Examples
    --------
    >>> cfg = paperkit_theme()
    >>> cfg["config"]["range"]["category"][:2]
    ['#0072B2', '#E69F00']
    >>> cfg["config"]["axis"]["labelFontSize"]
    12
    """
    axis = {
        "labelFont": _FONT,
        "labelFontSize": 12,
        "labelColor": _MUTED,
        "titleFont": _FONT,
        "titleFontSize": 13,
        "titleFontWeight": "normal",
        "titleColor": _TEXT,
        "gridColor": _GRID,
        "domainColor": "#888888",
        "tickColor": "#888888",
    }
    return {
        "width": 560,
        "height": 300,
        "config": {
            "font": _FONT,
            "background": "white",
            "view": {"stroke": None, "continuousWidth": 560, "continuousHeight": 300},
            "title": {
                "font": _FONT,
                "fontSize": 16,
                "fontWeight": 600,
                "color": _TEXT,
                "anchor": "start",
                "subtitleFontSize": 13,
                "subtitleColor": _MUTED,
                "offset": 10,
            },
            "axis": axis,
            "axisBand": {"grid": False, "tickBand": "extent"},
            "legend": {
                "labelFont": _FONT,
                "labelFontSize": 12,
                "titleFont": _FONT,
                "titleFontSize": 13,
                "titleFontWeight": "normal",
                "symbolSize": 90,
            },
            "header": {"labelFont": _FONT, "labelFontSize": 13, "titleFont": _FONT, "titleFontSize": 14},
            "range": {
                "category": list(OKABE_ITO),
                "ordinal": {"scheme": "viridis"},
                "ramp": {"scheme": "viridis"},
                "heatmap": {"scheme": "viridis"},
            },
            "bar": {"fill": OKABE_ITO[0]},
            "line": {"stroke": OKABE_ITO[0], "strokeWidth": 2},
            "point": {"fill": OKABE_ITO[0], "size": 50},
            "area": {"fill": OKABE_ITO[0], "opacity": 0.8},
            "rect": {"fill": OKABE_ITO[0]},
            "rule": {"stroke": _MUTED},
            "text": {"font": _FONT, "fontSize": 12, "color": _TEXT},
        },
    }


# Register (never enable) on import: altair's own convention for third-party themes.
alt.theme.register(THEME_NAME, enable=False)(paperkit_theme)


def use_theme(name: str = THEME_NAME):
    """Enable the paperkit theme for every chart made afterwards (on request only).

    Parameters
    ----------
    name
        Theme to enable; ``"paperkit"`` by default, ``"default"`` switches back.

    Returns
    -------
    altair.utils.plugin_registry.PluginEnabler
        Also usable as a context manager: ``with pk.use_theme(): ...`` restores the
        previous theme on exit.

    Examples
    --------
    >>> import altair as alt
    >>> with use_theme():
    ...     alt.theme.active
    'paperkit'
    >>> alt.theme.active
    'default'
    """
    if name not in alt.theme.names():
        raise ValueError(f"unknown altair theme {name!r}; registered themes: {sorted(alt.theme.names())}")
    return alt.theme.enable(name)
