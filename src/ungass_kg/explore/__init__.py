"""Exploring the activities without writing SPARQL: filters, text search, facet counts, tables.

Everything here is a question put to the store: the filters become one SPARQL pattern
(``filters``), the facet counts and the pages of results are SPARQL queries over it
(``activities``); only the text search keeps a small index of titles and descriptions per
store version (``search``), because SPARQL has no accent-insensitive match.
"""
