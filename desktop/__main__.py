"""`python -m desktop` runs the same entry point as `defence-planner`."""

import sys

from .cli import run

sys.exit(run())
