"""What the recognisers find: activities with their spans, campaigns, regional actions, and a notice's extraction."""

from __future__ import annotations

from dataclasses import dataclass, field

from qmkg.ingest.notice import Item, Notice, Sentence
from qmkg.vocab.lexicon import OrganiserRef, RegionGroup


@dataclass(frozen=True)
class CampaignMention:
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class RegionalAction:
    cue: str
    start: int
    regions: tuple[str, ...]  # region organiser names
    group: RegionGroup | None


@dataclass(frozen=True)
class Activity:
    """One activity: a clause of an item, or one member of a coordinated list in a clause."""

    item: Item
    sentence: Sentence
    position: int  # 1-based within the item
    start: int
    end: int
    text: str
    label: str
    concepts: dict[str, tuple[str, ...]]  # scheme -> concept IRIs
    campaigns: tuple[CampaignMention, ...] = ()
    regional: tuple[RegionalAction, ...] = ()
    partners: tuple[OrganiserRef, ...] = ()
    standards: tuple[str, ...] = ()

    @property
    def organiser(self) -> OrganiserRef:
        return self.item.organiser

    @property
    def tagged(self) -> bool:
        return any(self.concepts.values())


@dataclass(frozen=True)
class Extraction:
    notice: Notice
    activities: tuple[Activity, ...]
    campaign_parents: dict[str, str]  # campaign name -> name (or gazetteer label) of the campaign it belongs to
    warnings: tuple[str, ...] = field(default=())
