"""Run the command line as ``python -m perfmeasures``."""

import sys

from .cli import main

sys.exit(main())
