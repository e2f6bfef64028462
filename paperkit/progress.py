"""Progress bars for long loops: shown on a terminal or in Jupyter, silent everywhere else.

One helper, :func:`progress`, used by the loaders (:mod:`paperkit.io`, one step per file) and the
keyword extraction (:mod:`paperkit.keywords`, one step per batch of papers). Nothing is shown for
short loops, in scripts whose standard error is not a terminal, or in tests.
"""

from __future__ import annotations

import sys

__all__ = ["progress"]


def progress(items, show: bool | None, *, desc: str = "loading digests", unit: str = "file", at_least: int = 20):
    """``items`` wrapped in a tqdm bar; by default (``show=None``) only for ``at_least`` items
    or more, on a terminal or in Jupyter.

    Parameters
    ----------
    items
        A sized iterable (``len(items)`` is read when ``show`` is None).
    show
        True: always a bar; False: never; None: a bar for ``at_least`` items or more when
        standard error is a terminal or the code runs in a Jupyter kernel.
    desc, unit
        The bar's label and the name of one step.
    at_least
        Fewest items that get a bar when ``show`` is None.

    Returns
    -------
    iterable
        ``items`` itself when no bar is shown, else a tqdm iterator over it (the widget form in
        Jupyter when ``ipywidgets`` is installed).

    Examples
    --------
    >>> progress(range(3), None)
    range(0, 3)
    >>> progress([1, 2], False, desc="keywords", unit="batch")
    [1, 2]
    """
    if show is None:
        show = len(items) >= at_least and (sys.stderr.isatty() or "ipykernel" in sys.modules)
    if not show:
        return items
    try:
        import importlib.util

        if "ipykernel" in sys.modules and importlib.util.find_spec("ipywidgets"):
            from tqdm.auto import tqdm
        else:
            from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is a dependency
        return items
    return tqdm(items, desc=desc, unit=unit)
