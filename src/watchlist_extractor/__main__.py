"""``python -m watchlist_extractor``: the same as the ``watchlist`` command."""

from .cli import main

raise SystemExit(main())
