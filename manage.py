#!/usr/bin/env python
"""Django's command-line utility; `inspectorate` (see inspectorate/cli.py) is the friendlier entry point."""

import sys

from inspectorate.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], prog="manage.py"))
