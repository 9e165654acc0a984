"""Build this repository's docs project: ``python build.py [build|serve|check] [options]``."""

import sys
from pathlib import Path

# Run from a checkout without installing: the package sits beside this file.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from specsite.cli import main

if __name__ == "__main__":
    sys.exit(main())
