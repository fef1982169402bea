"""``python -m api.cli``: the same as the installed ``quartiernetz`` command."""

from api.cli.main import main

main()
