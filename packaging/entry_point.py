"""The frozen app's entry script: the same entry point as the `defence-planner` command."""

import sys

from desktop.cli import run

if __name__ == "__main__":
    sys.exit(run())
