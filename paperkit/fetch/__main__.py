"""``python -m paperkit.fetch``: the fetch command line (:func:`paperkit.fetch.main`)."""

import sys

from paperkit.fetch.cli import main

sys.exit(main())
