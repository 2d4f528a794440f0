"""The base of every stage: errors, namespaces, package data, RDF terms, graph files and file output."""
