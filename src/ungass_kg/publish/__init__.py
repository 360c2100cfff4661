"""Linked open data publishing: resource descriptions, RDF formats, DCAT/VoID, dumps, static site.

The web app (``ungass_kg.web``) and ``ungass-kg publish`` are thin layers over these functions,
so a page served live and the same page in the static site come from the same code.
"""
