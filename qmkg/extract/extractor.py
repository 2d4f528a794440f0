"""From a parsed notice to activities: each recogniser in its own module, composed here.

Every activity keeps the span of the notice it came from.
"""

from __future__ import annotations

from qmkg.extract.activities import Segmenter
from qmkg.extract.campaigns import CampaignFinder, campaign_parents
from qmkg.extract.model import Activity, CampaignMention, Extraction, RegionalAction
from qmkg.extract.partners import PartnerFinder
from qmkg.extract.regions import RegionFinder
from qmkg.extract.standards import StandardFinder
from qmkg.extract.tagging import Tagger
from qmkg.ingest.notice import Item, Notice
from qmkg.vocab.lexicon import Lexicon, OrganiserRef
from qmkg.vocab.thesaurus import Thesaurus

__all__ = ["Activity", "CampaignMention", "Extraction", "Extractor", "RegionalAction", "extract"]


class Extractor:
    """All recognisers, built once from the lexicon and thesaurus, applied notice by notice."""

    def __init__(self, lex: Lexicon, thesaurus: Thesaurus):
        self.lex = lex
        self.segmenter = Segmenter(lex, thesaurus)
        self.tagger = Tagger(thesaurus, lex)
        self.campaigns = CampaignFinder(lex, thesaurus)
        self.regions = RegionFinder(lex)
        self.partners = PartnerFinder(lex)
        self.standards = StandardFinder(lex)

    def extract(self, notice: Notice) -> Extraction:
        """The activities of ``notice`` with everything found in them, and the warnings."""
        names = dict(self.lex.by_name)
        for item in notice.items:
            for ref in (*item.leads, *item.partners):
                names.setdefault(ref.name, ref)
        activities: list[Activity] = []
        warnings: list[str] = list(notice.warnings)
        unknown: dict[str, Item] = {}
        for item in notice.items:
            for ref in item.leads:
                if not ref.known:
                    unknown.setdefault(ref.name, item)
            for act in self.item_activities(notice, item, names):
                if not act.tagged:
                    warnings.append(f"{notice.source.path}:{item.line}: untagged activity {item.organiser.name}: {act.text}")
                activities.append(act)
        for name, item in unknown.items():
            warnings.append(f"{notice.source.path}:{item.line}: unknown organiser {name!r}: "
                            f"typed {next(r.kind for r in item.leads if r.name == name)} from its name")
        return Extraction(notice, tuple(activities), campaign_parents(activities), tuple(warnings))

    def spans(self, notice: Notice, item: Item):
        """(sentence, start, end, label) of each activity of an item, by the layout's segmentation policy."""
        text = notice.text
        if notice.segmentation == "item":
            first = item.sentences[0]
            end = item.sentences[-1].end
            return [(first, first.start, end, text[first.start:end])]
        if notice.segmentation == "sentence":
            return [(s, s.start, s.end, s.text) for s in item.sentences]
        return [(s, a, b, label) for s in item.sentences for a, b, label in self.segmenter.activities(text, s)]

    def item_activities(self, notice: Notice, item: Item, names: dict[str, OrganiserRef]) -> list[Activity]:
        """The activities of one item, numbered from 1 in reading order."""
        text = notice.text
        masked = _mask(text, item.mentions)
        leads = {r.name for r in item.leads}
        out: list[Activity] = []
        for sentence, s, e, label in self.spans(notice, item):
            span = text[s:e]
            found = [p for p in self.partners.partners(span, item.organiser, names) if p.name not in leads]
            partners = tuple(dict.fromkeys((*item.partners, *found)))
            out.append(Activity(
                item=item, sentence=sentence, position=len(out) + 1, start=s, end=e, text=span,
                label=label, concepts=self.tagger.tag(masked[s:e], item),
                campaigns=tuple(self.campaigns.campaigns(text, s, e)),
                regional=tuple(self.regions.regional(span)),
                partners=partners,
                standards=tuple(self.standards.standards(span)),
            ))
        return out


def _mask(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """``text`` with organisers' names blanked, so a name (省知识产权局) never tags a theme."""
    if not spans:
        return text
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def extract(notice: Notice, lex: Lexicon, thesaurus: Thesaurus) -> Extraction:
    """Extract the activities of a notice."""
    return Extractor(lex, thesaurus).extract(notice)
