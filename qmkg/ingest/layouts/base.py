"""What every layout shares: the notice being parsed, and what a layout gives back."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from qmkg.ingest.document import Line, lines
from qmkg.ingest.organisers import OrganiserNames
from qmkg.ingest.sources import Source
from qmkg.vocab.lexicon import Lexicon


@dataclass(frozen=True)
class LayoutResult:
    """A layout's reading of a notice: its attachments, how items become activities, and warnings."""

    layout: str
    attachments: tuple
    segmentation: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Context:
    """The notice being parsed: its source, the lexicon and its issuer (:class:`qmkg.ingest.notice.Issuer`)."""

    source: Source
    lex: Lexicon
    issuer: object

    @property
    def text(self) -> str:
        return self.source.text

    @property
    def where(self) -> str:
        return str(self.source.path)

    @cached_property
    def lines(self) -> list[Line]:
        return lines(self.source.text)

    @cached_property
    def names(self) -> OrganiserNames:
        return OrganiserNames(self.lex, scope=self.issuer.scope_key, place=self.issuer.names, issuer=self.issuer.ref)

    @property
    def scope(self) -> str:
        return self.issuer.scope_key
