"""``python -m paperkit`` runs the command line."""

import sys

from paperkit.cli import main

sys.exit(main())
