"""SHACL validation of a built graph against ontology/shapes.ttl (pyshacl)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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

    def summary(self) -> str:
        if self.conforms:
            return "conforms to the shapes"
        lines = [f"{len(self.violations)} violation(s):"]
        lines += [f"  {v.focus} {v.path}: {v.message}" for v in self.violations[:20]]
        return "\n".join(lines)


def validate_graph(graph, *, shapes: Path | None = None) -> ValidationReport:
    """Validate an rdflib graph (with its entailments already materialised) against the shapes."""
    import pyshacl
    from rdflib import Graph
    from rdflib.namespace import SH

    shapes_graph = Graph().parse(shapes or ontology_dir() / "shapes.ttl", format="turtle")
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
