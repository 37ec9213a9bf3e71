"""``python -m helpers.build``: what ``make data`` runs."""

import sys

from . import main

sys.exit(main())
