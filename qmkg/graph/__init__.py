"""The graph: building triples, dataset metadata, reasoning, validation and serialisation."""
