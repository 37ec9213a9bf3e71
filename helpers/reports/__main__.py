"""``python -m helpers.reports``: what ``make reports`` runs."""

import sys

from . import main

sys.exit(main())
