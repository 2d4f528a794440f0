"""The static linked-data site (``qmkg publish``): a page, Turtle and JSON-LD for every entity, the
dumps, the ontology's documentation, the network views and content-negotiation rules, for portals
that serve files and run no Python."""
