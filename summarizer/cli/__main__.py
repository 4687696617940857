"""``python -m summarizer.cli`` runs the command line."""

import sys

from summarizer.cli import main

sys.exit(main())
