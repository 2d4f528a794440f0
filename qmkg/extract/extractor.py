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
            names.setdefault(item.organiser.name, item.organiser)
        activities: list[Activity] = []
        warnings: list[str] = []
        for item in notice.items:
            if not item.organiser.known:
                warnings.append(
                    f"unknown organiser {item.organiser.name!r} (附件{item.attachment} item {item.number}): "
                    f"typed {item.organiser.kind} from its name"
                )
            for act in self.item_activities(notice.text, item, names):
                if not act.tagged:
                    warnings.append(f"untagged activity {item.organiser.name}: {act.text}")
                activities.append(act)
        return Extraction(notice, tuple(activities), campaign_parents(activities), tuple(warnings))

    def item_activities(self, text: str, item: Item, names: dict[str, OrganiserRef]) -> list[Activity]:
        """The activities of one item, numbered from 1 in reading order."""
        out: list[Activity] = []
        for sentence in item.sentences:
            for s, e, label in self.segmenter.activities(text, sentence):
                span = text[s:e]
                out.append(Activity(
                    item=item, sentence=sentence, position=len(out) + 1, start=s, end=e, text=span,
                    label=label, concepts=self.tagger.tag(span, item),
                    campaigns=tuple(self.campaigns.campaigns(text, s, e)),
                    regional=tuple(self.regions.regional(span)),
                    partners=tuple(self.partners.partners(span, item.organiser, names)),
                    standards=tuple(self.standards.standards(span)),
                ))
        return out


def extract(notice: Notice, lex: Lexicon, thesaurus: Thesaurus) -> Extraction:
    """Extract the activities of a notice."""
    return Extractor(lex, thesaurus).extract(notice)
