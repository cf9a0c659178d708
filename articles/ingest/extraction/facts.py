"""What extraction finds, as plain data (no database)."""
from dataclasses import asdict, dataclass, field
import datetime


@dataclass
class OutletFact:
    name: str
    abbreviation: str = ""
    kind: str = "other"
    country: str | None = None
    parent: str | None = None
    aliases: list[str] = field(default_factory=list)
    country_stated: bool = False  # said in the text ("the Cuban news agency"), not guessed from the name

    def names(self):
        return [self.name, *self.aliases, *([self.abbreviation] if self.abbreviation else [])]


@dataclass
class PersonFact:
    name: str
    role: str = ""
    affiliation: str = ""
    outlet: str | None = None
    country: str | None = None

    @property
    def parts(self):
        return self.name.split()


@dataclass
class QuoteFact:
    text: str
    speaker: str | None
    block: int
    start: int
    end: int
    outlet: str | None = None
    credited_by: str = ""  # the pass that credited the speaker or body ("verb-after", "pronoun" …); "" for none


@dataclass
class DelegationFact:
    name: str
    kind: str = "press_tour"
    organiser: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None
    location: str = ""
    countries: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    stated_size: str = ""
    visitors: str = ""  # the group as the article describes it
    leader: str = ""
    host_city: str = ""
    host_region: str = ""
    host_country: str = ""
    host_basis: str = ""  # how the host place was found (see visits.HOST_BASES)
    host_organisation: str = ""
    itinerary: list[str] = field(default_factory=list)  # the sites visited, as named
    date_basis: str = ""  # "stated" when the text dates the visit
    evidence: list[str] = field(default_factory=list)  # the sentences that report it
    sieve: str = ""  # which construction found it
    another_time: bool = False  # told as at another time than the article's ("last year", "a 2018 trip")


@dataclass
class Extraction:
    outlets: list[OutletFact] = field(default_factory=list)
    people: list[PersonFact] = field(default_factory=list)
    quotes: list[QuoteFact] = field(default_factory=list)
    delegations: list[DelegationFact] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    published: datetime.date | None = None
    date_source: str = "unknown"
    review_reasons: list[str] = field(default_factory=list)
    language: tuple[str, float, str] = ("", 0.0, "")  # (code, confidence, source): see ingest.language.language_of

    def as_dict(self):
        return asdict(self)
