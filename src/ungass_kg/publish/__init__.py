"""The static site: ``ungass-kg publish`` writes the pages, RDF files, dumps and catalogue
that ``present`` renders, with Apache and nginx configuration for content negotiation.
It never imports ``web`` (the server renders the same pages through ``present``).
"""
