#+ title: Data Cube normalisation (the parts the checks rely on)
#+ description: Adds the triples the integrity checks assume: the type of every observation, data set and DSD, and qb:componentProperty for every qb:dimension, qb:measure and qb:attribute (RDF Data Cube, section 10).
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
INSERT { ?o a qb:Observation } WHERE { ?o qb:dataSet ?ds } ;
INSERT { ?ds a qb:DataSet } WHERE { ?o qb:dataSet ?ds } ;
INSERT { ?dsd a qb:DataStructureDefinition } WHERE { ?ds qb:structure ?dsd } ;
INSERT { ?spec qb:componentProperty ?p } WHERE { ?spec qb:dimension|qb:measure|qb:attribute ?p } ;
INSERT { ?p a qb:DimensionProperty } WHERE { ?spec qb:dimension ?p } ;
INSERT { ?p a qb:MeasureProperty } WHERE { ?spec qb:measure ?p } ;
INSERT { ?p a qb:AttributeProperty } WHERE { ?spec qb:attribute ?p }
