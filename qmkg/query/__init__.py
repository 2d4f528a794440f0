"""Queries: SPARQL checks and binding, engines, the named-query library and result formats."""
