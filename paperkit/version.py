"""paperkit's version (the one of ``pyproject.toml``), importable without importing the package's analyses."""

__version__ = "0.1.0"
