"""SHACL validation of a built graph (pyshacl): against the project's shapes (ontology/shapes.ttl),
or against the official DCAT-AP 3.0.1 shapes that data portals check dataset descriptions with."""

from __future__ import annotations

from dataclasses import dataclass

from qmkg.core.resources import ontology_dir


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    shape: str


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]

    profile: str = "the shapes"

    def summary(self) -> str:
        if self.conforms:
            return f"conforms to {self.profile}"
        lines = [f"{len(self.violations)} violation(s):"]
        lines += [f"  {v.focus} {v.path}: {v.message}" for v in self.violations[:20]]
        return "\n".join(lines)


def validate_dcat_ap(graph) -> ValidationReport:
    """Validate the dataset description in an rdflib graph against the DCAT-AP 3.0.1 shapes.

    The shapes target classes (dcat:Dataset, dcat:Distribution, skos:Concept, foaf:Agent ...), so
    the whole graph is checked: the data's own concepts and schemes must satisfy them too.
    """
    from rdflib import Graph
    from rdflib.namespace import SH

    from qmkg.graph.metadata import dcat_ap_shapes_path

    shapes = Graph().parse(dcat_ap_shapes_path(), format="turtle")
    # the release's data-service shape names two property shapes defined only in its ranges.ttl;
    # pyshacl refuses the whole file once a dcat:DataService is in the data: drop the dangling links
    for node, prop in list(shapes.subject_objects(SH.property)):
        if (prop, SH.path, None) not in shapes:
            shapes.remove((node, SH.property, prop))
    report = validate_graph(graph, shapes=shapes)
    return ValidationReport(report.conforms, report.violations, profile="DCAT-AP 3.0.1")


def validate_graph(graph, *, shapes=None) -> ValidationReport:
    """Validate an rdflib graph (with its entailments already materialised) against the shapes.

    ``shapes`` is a file (default ``ontology/shapes.ttl``) or an rdflib graph of shapes.
    """
    import pyshacl
    from rdflib import Graph
    from rdflib.namespace import SH

    shapes_graph = shapes if isinstance(shapes, Graph) else Graph().parse(shapes or ontology_dir() / "shapes.ttl", format="turtle")
    conforms, results, _text = pyshacl.validate(
        graph, shacl_graph=shapes_graph, inference="none", advanced=True, allow_warnings=True,
        inplace=True,  # no inference, so nothing is added: skip pyshacl's copy of the data
    )
    violations = []
    for r in results.subjects(predicate=SH.resultSeverity, object=SH.Violation):
        violations.append(
            Violation(
                focus=str(results.value(r, SH.focusNode)),
                path=str(results.value(r, SH.resultPath) or ""),
                message=str(results.value(r, SH.resultMessage) or ""),
                shape=str(results.value(r, SH.sourceShape)),
            )
        )
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    return ValidationReport(bool(conforms), tuple(violations))
