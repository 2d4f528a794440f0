"""Words and concepts, read from ``ontology/``: the lexicon, the thesaurus, the terminology and its rules."""
