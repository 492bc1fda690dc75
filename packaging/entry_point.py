"""The frozen app's entry script: the same `main` as the `defence-planner` command."""

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
