"""``python -m analysis`` runs the ``analysis`` command."""

import sys

from analysis.cli import main

sys.exit(main())
