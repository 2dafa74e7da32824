"""``python -m govsearch``: the same as the ``govsearch`` command."""

from .cli import main

main()
