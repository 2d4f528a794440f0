# prp-inv1/2: owl:inverseOf, read in both directions
PREFIX owl: <http://www.w3.org/2002/07/owl#>
INSERT { ?o ?q ?s }
WHERE {
  ?p owl:inverseOf|^owl:inverseOf ?q .
  ?s ?p ?o .
  FILTER(!isLiteral(?o))
}
