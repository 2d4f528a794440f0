# prp-spo2 for chains of two properties (qm:about = qm:taggedWith o skos:broaderTransitive)
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
INSERT { ?x ?r ?z }
WHERE {
  ?r owl:propertyChainAxiom ?list .
  ?list rdf:first ?p ; rdf:rest ?rest .
  ?rest rdf:first ?q ; rdf:rest rdf:nil .
  ?x ?p ?y . ?y ?q ?z .
}
