"""``python -m ungass_kg`` runs the command line."""

from .cli import main

main()
