"""Evaluations of paperkit's extractors on public gold data (read from ``../shared/data`` or a given path).

These modules, like :mod:`paperkit.io`, read files: the benchmark corpora they score against.
"""
