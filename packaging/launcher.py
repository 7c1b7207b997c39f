"""Entry point for the frozen app (PyInstaller needs a script, not a console-script entry)."""

from inspector.app import main

raise SystemExit(main())
