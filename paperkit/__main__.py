"""``python -m paperkit`` runs the command line."""

import sys

from paperkit.cli import run

sys.exit(run())
