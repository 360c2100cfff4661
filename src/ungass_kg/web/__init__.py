"""The web app: SPARQL endpoint, saved queries, validation, linked-data pages."""
