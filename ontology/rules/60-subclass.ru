# cax-sco: an instance of a class is an instance of every super-class (equivalence both ways).
# Class pairs first, in a sub-query, then the instances.
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
INSERT { ?s rdf:type ?super }
WHERE {
  { SELECT DISTINCT ?c ?super WHERE {
      ?c (rdfs:subClassOf|owl:equivalentClass|^owl:equivalentClass)+ ?super .
      FILTER(isIRI(?super) && ?c != ?super)
  } }
  ?s rdf:type ?c .
}
