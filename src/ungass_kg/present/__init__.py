"""Presentation: everything the server (``web``) and the static site (``publish``) both render.

Media types and content negotiation, resource descriptions, page views and renderers, the
Jinja templates and static assets, figure views, the DCAT/VoID catalogue and dumps. It
imports the domain (store, queries, figures, ...) and never ``web`` or ``publish``; those
two never import each other (docs/architecture.md, tests/test_layers.py).
"""
