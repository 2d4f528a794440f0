# prp-symp
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
INSERT { ?o ?p ?s }
WHERE { ?p rdf:type owl:SymmetricProperty . ?s ?p ?o . FILTER(!isLiteral(?o)) }
