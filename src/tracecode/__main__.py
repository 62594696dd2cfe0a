"""``python -m tracecode`` runs the command-line interface."""

from tracecode.cli import main

raise SystemExit(main())
