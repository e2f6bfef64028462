"""Altair chart builders (``chart_*``): each takes an aggregated tidy frame and returns a chart."""
