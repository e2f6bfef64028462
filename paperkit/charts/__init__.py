"""Altair chart builders (``chart_*``): each takes an aggregated tidy frame and returns a chart."""

from paperkit.charts import theme as _theme  # noqa: E402,F401  registers (does not enable) the "paperkit" theme
