"""``python -m affilint`` runs the command line."""

import sys

from affilint.cli import main

sys.exit(main())
