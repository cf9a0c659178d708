"""Organised visits told as events: delegations, press tours, trade and parliamentary missions, officials'
visits — however the article writes them, not only under a capitalised tour name.

A sentence reports a visit when one of the ordered sieves below finds its construction (most precise
first); a sentence inside a quotation, or in a context that makes the words mean something else (a band's
world tour, party delegates, "delegation of powers", a website's visitors, a tour of duty), reports none.
Each visit found is then described from its sentence and its paragraph: kind, who came (the group, their
countries and organisations, who led them), where to (city, region, country, host organisation), when,
what they saw, and how many they were. Pure functions of the text: no database.
"""
from dataclasses import dataclass
import datetime
from functools import lru_cache
import re

from .. import geo
from ..dates import context_year, find_dates
from ..places import city_country, major_city_country
from .facts import DelegationFact
from .spans import quote_spans

SENTENCE_RE = re.compile(r"[^.!?]+(?:[.!?]+[\"”’]?|$)")

GROUP = (r"(?:delegation|trade mission|business mission|economic mission|investment mission|fact-finding mission|"
         r"parliamentary mission|goodwill mission|study mission|media mission|press tour|media tour|press trip|"
         r"media trip|study tour|study visit|fam(?:iliari[sz]ation)? (?:trip|tour)|information tour|"
         r"(?:cultural|academic|student|youth|media) exchange|mission (?=of |from )|group of (?:\d+ )?(?:[\w-]+ )?(?:journalists|reporters|MPs|lawmakers|legislators|"
         r"senators|parliamentarians|officials|investors|business leaders|executives|diplomats|editors|bloggers))")
GROUP_RE = re.compile(rf"\b{GROUP}s?\b", re.IGNORECASE)
# journalists and officials travelling as a group without a group noun
PEOPLE_NOUNS = ("journalists|reporters|bloggers|editors|correspondents|media (?:representatives|workers|"
                "professionals|executives)|lawmakers|legislators|parliamentarians|MPs|senators|deputies|officials|"
                "ministers|investors|businessmen|business leaders|entrepreneurs|students|scholars|academics|experts|"
                "members|crew|team|travel writers|influencers|diplomats|ambassadors|envoys")
# the noun may open the sentence ("Members of the British Parliament's …"): each first letter in either case, a
# literal Python's regex engine scans for quickly (a case-insensitive group was a fifth of the visits' time)
PEOPLE_FROM_RE = re.compile(
    r"\b(?:" + re.sub(r"(?:^|(?<=\|))(\w)", lambda m: f"[{m.group(1).upper()}{m.group(1)}]", PEOPLE_NOUNS)
    + r")\s+(?:from|of)\s+(?P<places>[^.;]{3,120})")
# the same people named without "from": "British lawmakers visiting Malawi", "Heads of diplomatic missions …"
TRAVELLERS_RE = re.compile(
    r"\b(?:journalists|reporters|bloggers|editors|correspondents|travel writers|influencers|lawmakers|"
    r"legislators|parliamentarians|MPs|senators|diplomats|ambassadors|envoys|heads of (?:diplomatic )?missions|"
    r"investors|business leaders|television crew|film crew|camera crew|media representatives)\b", re.IGNORECASE)
MOVE = (r"(?:visit(?:s|ed|ing)?|tour(?:s|ed|ing)?|arriv(?:e|es|ed|ing) (?:in|at)|travel(?:l)?(?:s|ed|ing)? to|"
        r"held talks|hold talks|holding talks|met with|meet with|meets with|explor(?:e|es|ed|ing)|"
        r"(?:was|were|is|are|will be|have been|has been) (?:warmly )?(?:received|welcomed|hosted) by|"
        r"paid (?:a|an) [\w-]+(?: [\w-]+)? visit|on (?:a|an|their|his|her) [\w-]+(?: [\w-]+)? (?:visit|tour|trip)|"
        r"(?:concluded|wrapped up|began|started|kicked off|completed|ended) (?:a|an|their|its|his|her) "
        r"[\w-]+(?: [\w-]+)? (?:visit|tour|trip|mission)|got acquainted with|landed in|call(?:ed)? on|"
        r"stay(?:ed)? in|during (?:their|its|the) (?:stay|visit|tour|trip)|returned (?:[\w-]+ ){0,3}?from|led by|"
        r"(?:led|leads|leading|headed|heads|heading) (?:a|an|the|its|their|his|her) (?=[\w -]{0,40}\bto [A-Z])|"
        r"headed by|back (?:home )?(?:from|after)|(?:met|gathered|convened) in|"
        r"fl(?:ew|ies|y) to|(?:is|are) (?:currently )?in (?=[A-Z])|spent (?:the past |a |two |three )?\w+ "
        r"(?:touring|visiting|in))")
MOVE_RE = re.compile(rf"\b{MOVE}\b", re.IGNORECASE)
COUNTRIES_COUNTED_RE = re.compile(r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|many) "
                                  r"(?:[A-Z]\w+ )?(?:countries|nations)\b")
HOSTED_RE = re.compile(
    rf"\b(?:host(?:s|ed|ing)?|receiv(?:e|es|ed|ing)|welcom(?:e|es|ed|ing)|met|meets|meet|greeted|briefed)\s+"
    rf"(?:a|an|the|two|three|four|five|\d+)\s+(?:[\w'’-]+\s+){{0,6}}?(?:{GROUP}|group of (?:\d+ )?(?:[\w-]+ )?"
    rf"(?:journalists|reporters|bloggers|editors|media representatives|lawmakers|investors|students|"
    rf"travel writers|influencers|officials))s?\b", re.IGNORECASE)
OFFICIAL_VISIT_RE = re.compile(
    r"\b(?:(?:state|official|working|goodwill|friendly|two-day|three-day|four-day|five-day|one-day|"
    r"week-long|\w+-day) visit|visit(?:ed|ing|s)?|arriv(?:ed|es) in|travel(?:l)?ed to|flew to|trip) (?:to |in )?"
    r"(?:the (?:town|city|province|region|village|district|state) of )?"
    r"(?P<place>(?:the )?[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,3})")
TITLE_RE = re.compile(
    r"\b(?:president|prime minister|premier|minister|foreign minister|chancellor|king|queen|prince|princess|"
    r"emir|sultan|secretary(?:-general)?|secretary of state|ambassador|envoy|governor|mayor|"
    r"vice[- ]president|deputy prime minister|chief of staff|admiral|pope|taoiseach|head of state)\b"
    r"(?! Assembly| Council| Court)", re.IGNORECASE)

# words that make the sentence's "tour", "visit" or "delegation" mean something else
NOT_A_VISIT = re.compile(
    r"\b(?:world tour|concert|album|band|singer|rapper|tournament|championship|golf|tennis|cricket|rugby|"
    r"football|olympic|paralympic|athletes?|squad|season|race|grand tour|tour de|tour of duty|tours? of duty|"
    r"delegat(?:ion|ing|ed) (?:of )?(?:powers?|authority|responsibilit\w+|functions?|tasks?)|delegates|"
    r"website|web page|page views|visitors to (?:the|its|our) (?:site|website|page)|(?-i:tourists?|tourism)|"
    r"(?:in|at) (?:the )?hospital|hospitali[sz]ed|bedside|prison visit|visiting hours|house call|"
    r"permanent delegation|virtual(?:ly)? (?:visit|tour)|"
    r"video ?link|online (?:tour|visit)|cancel(?:led|ed|s)? (?:a|the|his|her|their|its) (?:visit|trip|tour)|"
    r"postpone[sd]? (?:a|the|his|her|their|its) (?:visit|trip|tour)|robot|deni(?:ed|es) (?:\w+ )?reports?|"
    r"rumou?rs?|esports?|gaming|video game)\b", re.IGNORECASE)
# what makes a capitalised "… Tour" a show or a sport, not a press tour
SHOW_OR_SPORT = re.compile(
    r"\b(?:world tour|concert|album|band|singer|rapper|tournament|championship|golf|tennis|cricket|rugby|football|"
    r"esports?|gaming|video games?|fighting games?|players?|prize money|fans|stage|festival)\b", re.IGNORECASE)

KINDS = [  # the first whose words the visit's sentence or group holds
    ("press_tour", r"journalists?|reporters?|press|media|bloggers?|editors?|correspondents?|news agenc\w+|"
                   r"documentary|film crew|fam(?:iliari[sz]ation)? trip"),
    ("parliamentary", r"parliament\w*|MPs?|lawmakers?|legislat\w+|senators?|congress\w*|deputies|assembly"),
    ("military", r"military|defen[cs]e|army|navy|naval|air force|armed forces|general|admiral|troops|warship"),
    ("business", r"trade|business\w*|chamber of commerce|investors?|investment|companies|entrepreneurs?|"
                 r"industr\w+|economic|commerce|exporters?|firms?"),
    ("cultural_academic", r"universit\w+|students?|scholars?|academ\w+|cultural|culture|artists?|scientists?|"
                          r"researchers?|school|study tour|study visit|exchange program\w*"),
    ("official", r"minister\w*|president|prime minister|premier|government|official\w*|state visit|governor|"
                 r"mayor|king|queen|prince|envoy|ambassador|secretary|chancellor|emir|sultan|summit|talks"),
]
KIND_RES = [(kind, re.compile(rf"\b(?:{words})\b", re.IGNORECASE)) for kind, words in KINDS]

SIZE_RE = re.compile(r"\b(?P<size>(?:\d{1,4}|[a-z]+)-(?:member|strong|person|people)|(?:a|an) (?:delegation|group|"
                     r"team) of (?:\d{1,4}|[a-z]+)(?: [\w-]+)?|\d{1,4} (?:journalists|reporters|bloggers|"
                     r"representatives|delegates|members|officials|lawmakers|business(?:men| leaders)|companies))\b")
# "led by Deputy Minister of Investment Laziz Kudratov": the clause, resolved to a person the article names
LEADER_RE = re.compile(r"\b(?:led|headed) by (?P<clause>[^,;.()]{3,100})")
NAME_RUN_RE = re.compile(r"[A-Z][\w'’-]+(?: [A-Z]\.)?(?: (?:bin|al|de|van|von))? [A-Z][\w'’-]+$")
CLAUSE_VERB_RE = re.compile(r"\s(?:arrived|arrives|visited|visits|held|holds|met|is|are|was|were|will|has|have|"
                            r"on|for|to|in|at|and|with|who)\s")
HOST_ORG_RE = re.compile(r"\b(?:at the invitation of|invited by|hosted by|received by|organi[sz]ed by) (?:the )?"
                         r"(?P<org>[A-Z][\w'’&-]*(?: (?:of |and |for |the |on |de )?[A-Z][\w'’&()-]*){0,10})")
PLACE_AFTER_RE = re.compile(
    r"\b(?:visit(?:s|ed|ing)?|toured|tour of|arriv(?:e|es|ed|ing) in|travel(?:l)?ed to|to|in|landed in|"
    r"stay in|trip to|mission to|delegation to|met in|gathered in|convened in)\s+(?:the\s+)?"
    r"(?:[a-z]+(?:ern|ast|est)?\s+)?"
    r"(?:(?:province|region|state|city|town|village|district|county|prefecture|territory) of\s+)?"
    r"(?:(?:[A-Z][\w'’-]+)'s\s+)?(?P<place>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})")
PLACE_KIND_RE = re.compile(r"\s+(?:Province|Region|State|Oblast|County|Prefecture|Territory|City|District|"
                           r"Governorate|Emirate)$")
ITINERARY_RE = re.compile(
    r"\b(?:visit|visited|toured|tour of|saw|inspected|went to|stopped at|explored|visits to|visiting)\s+"
    r"(?P<sites>(?:the\s+)?[A-Z][^.;]{3,240})")
SITE_WORDS = re.compile(
    r"\b(?:Museum|Park|Factory|Plant|Port|Zone|Centre|Center|Corporation|Company|Co\.|Group|Hospital|University|"
    r"Institute|Farm|Hall|Exhibition|Base|Dam|Station|Temple|Palace|Gallery|Mine|Oilfield|Refinery|Airport|"
    r"Harbour|Harbor|Area|District|Village|Mosque|Cathedral|Monument|Memorial|School|Academy|Laboratory|Lab|"
    r"Shipyard|Works|Mill|Market|Garden|Gardens|Square|Bridge|Headquarters|Ministry|Parliament|Assembly|"
    r"Reserve|Site|Project|Complex|Estate|Valley|Port|Freeport|Seaport|Terminal|Hub|Campus|Tower|Castle|Fort|"
    r"Agency|Authority|Office|Council|Exchange|Park)\b")


@dataclass
class Mention:
    """One sentence that reports a visit, and which sieve found it."""
    block: int
    sentence: str
    sieve: str
    paragraph: str = ""


def _sentences(text):
    return [match.group().strip() for match in SENTENCE_RE.finditer(text) if match.group().strip()]


def _unquoted(text):
    """The text with its quotations blanked: a visit told inside a quote is someone's words, not the report."""
    for span in quote_spans(text):
        text = text[:span.start] + " " * (span.end - span.start) + text[span.end:]
    return text


# -- the sieves, most precise first ---------------------------------------------------------------------
def group_on_the_move(sentence):
    """"A delegation of/from X (led by Y) visited / arrived in / toured / held talks in Z"."""
    return bool(GROUP_RE.search(sentence) and MOVE_RE.search(sentence))


def hosted_a_group(sentence):
    """"The governor hosted / received / met a visiting delegation of …"."""
    return bool(HOSTED_RE.search(sentence))


def people_from_abroad_on_the_move(sentence):
    """"Journalists from Belarus, Kazakhstan and Uzbekistan explored …": a group named by where it is from."""
    match = PEOPLE_FROM_RE.search(sentence)
    if not (match and MOVE_RE.search(sentence)):
        return False
    places = match.group("places")
    return bool(geo.countries_in(places) or geo.regions_in(places) or COUNTRIES_COUNTED_RE.search(places))


def travellers_go_to_a_place(sentence):
    """"British lawmakers visiting Malawi", "Heads of diplomatic missions … have visited the city of Shusha":
    people who travel for their work, going to a named country, region or city."""
    traveller = TRAVELLERS_RE.search(sentence)
    if not traveller:
        return False
    for match in OFFICIAL_VISIT_RE.finditer(sentence, traveller.end()):
        if _is_place(match.group("place").removeprefix("the ")):
            return True
    return False


@lru_cache(maxsize=8192)
def _is_place(name):
    return bool(geo.is_country_name(name) or geo.countries_in(name, subdivisions=True) or city_country(name))


def official_visit(sentence):
    """"Prime Minister X arrived in Y on a two-day official visit": a titled person travelling to a place."""
    if not TITLE_RE.search(sentence):
        return False
    return any(_is_place(match.group("place").removeprefix("the ")) for match in OFFICIAL_VISIT_RE.finditer(sentence))


LEADERS_MEET_RE = re.compile(
    r"\b(?:leaders|heads of state|heads of government|presidents|prime ministers|foreign ministers|ministers|"
    r"counterparts|envoys|delegations)\b[^.;]{0,120}?\b(?:met|meet|gathered|convened|assembled|held talks)\s+"
    r"(?:on \w+ )?(?:in|at)\s+(?P<place>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2})")


def leaders_meet_in_a_place(sentence):
    """"Leaders of African Union member states met in Niamey for a summit": officials of several countries
    gathering in a named place."""
    return any(_is_place(match.group("place")) for match in LEADERS_MEET_RE.finditer(sentence))


SIEVES = [group_on_the_move, hosted_a_group, people_from_abroad_on_the_move, travellers_go_to_a_place,
          official_visit, leaders_meet_in_a_place]

# A word one of the sieves cannot do without, in lower case: the group nouns (GROUP_RE, HOSTED_RE), the
# travellers' verbs and trips (OFFICIAL_VISIT_RE), the leaders who meet (LEADERS_MEET_RE) and the people named
# by where they are from (PEOPLE_FROM_RE). Few paragraphs and fewer sentences hold one, and a substring test per
# word is far cheaper than the sieves' case-insensitive alternations: it decides what the sieves read.
SIEVE_WORDS = (
    "delegation|mission|tour|trip|visit|exchange|group of|arriv|travel|flew to|leaders|heads of|presidents|"
    "counterparts|" + PEOPLE_NOUNS.lower().replace("(?:", "").replace(")", "").replace("media |", "media")
).split("|")


def may_report_a_visit(lowered):
    """Whether a lower-cased text holds a word some sieve needs (see SIEVE_WORDS)."""
    return any(word in lowered for word in SIEVE_WORDS)


def visit_mentions(blocks):
    """Every sentence of the body that reports a visit, with the sieve that found it (first that fits)."""
    found = []
    for index, text in enumerate(blocks):
        if not may_report_a_visit(text.lower()):
            continue
        for sentence in _sentences(_unquoted(text)):
            if len(sentence) < 25 or not may_report_a_visit(sentence.lower()):
                continue
            sieve = next((s for s in SIEVES if s(sentence)), None)
            if sieve and not NOT_A_VISIT.search(sentence):  # (after the sieves: most sentences fit none)
                found.append(Mention(index, sentence, sieve.__name__, text))
    return found


# -- describing a visit ------------------------------------------------------------------------------
def kind_of(text):
    for kind, pattern in KIND_RES:
        if pattern.search(text):
            return kind
    return "other"


DATELINE_RE = re.compile(r"^[A-Z][\w .,'’()-]{1,60}?(?:\s+--|\s+—|:)\s+")
CLAUSE_END_RE = re.compile(r",\s+(?:which|who|where|as|while)\b|\s+(?:on|to|for|during|in order)\s+(?:a|an|the)\b|"
                           r"[;:]")


def _visitor_phrase(sentence):
    """The words that say who came: the group a host received, else the subject before the travel verb."""
    hosted = HOSTED_RE.search(sentence)
    if hosted:
        tail = sentence[hosted.start():]
        verb = re.match(r"\S+\s+", tail)
        tail = tail[verb.end():] if verb else tail
        end = CLAUSE_END_RE.search(tail)
        return tail[:end.start() if end else 200].strip(" ,")
    sentence = DATELINE_RE.sub("", sentence, count=1)
    move = MOVE_RE.search(sentence)
    subject = sentence[:move.start()] if move else sentence
    if not (GROUP_RE.search(subject) or PEOPLE_FROM_RE.search(subject) or TRAVELLERS_RE.search(subject)
            or TITLE_RE.search(subject) or geo.countries_in(subject) or CITY_BODY_RE.search(subject)
            or HOME_OFFICE_RE.search(subject)):
        group = GROUP_RE.search(sentence) or PEOPLE_FROM_RE.search(sentence)
        if group:
            end = CLAUSE_END_RE.search(sentence, group.end())
            return sentence[group.start():end.start() if end else group.end() + 120].strip(" ,")
    return subject.strip(" ,")[-300:]


# where the visitors are posted, not where they are from: "heads of diplomatic missions accredited in Azerbaijan"
POSTED_IN_RE = re.compile(r"\b(?:accredited|posted|stationed|resident|based) (?:in|to) (?:the )?[A-Z][\w'’-]+"
                          r"(?: [A-Z][\w'’-]+){0,2}")
# a body named after its city: "Dubai Chambers", "the Lahore Chamber of Commerce", "27 Dubai-based companies"
CITY_BODY_RE = re.compile(r"\b(?!(?:The|A|An|Its|Their) )(?P<city>[A-Z][\w'’]+(?: [A-Z][\w'’]+)?)"
                          r"(?:-based\b| (?:Chambers?|Municipality|City Council|Metropolitan|Port Authority|"
                          r"Stock Exchange|University|Mayor)\b)")


def _countries_of_visitors(phrase):
    """Countries the visitors come from: names, demonyms and possessives, and a city or province they are from
    ("the Lahore Chamber of Commerce", "a delegation of China's Shandong Province", "Dubai Chambers")."""
    phrase = POSTED_IN_RE.sub("", phrase)
    # "the governors of Texas, Arizona and New Mexico": a state's name is not the country a word of it names
    codes = geo.countries_in(phrase, subdivisions=True)
    if codes:
        return codes
    for match in CITY_BODY_RE.finditer(phrase):
        code = city_country(match.group("city"))
        if code:
            return [code]
    for match in re.finditer(r"\b(?:from|of)\s+(?:the\s+)?(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})", phrase):
        words = match.group("name").split()
        for size in range(len(words), 0, -1):
            code = city_country(" ".join(words[:size])) or geo.subdivision_country(" ".join(words[:size]))
            if code:
                return [code]
    return geo.countries_in(phrase, subdivisions=True)


# the visitors' countries listed in a sentence of their own: "The tour brings together representatives of the
# media of Kazakhstan, Belarus and Uzbekistan", "Ambassadors from more than 30 countries, including Türkiye, …"
LISTED_VISITORS_RE = re.compile(
    r"\b(?i:representatives|participants|delegates|members|journalists|reporters|editors|ambassadors|diplomats|"
    r"envoys|attach[ée]s|officials|delegations|lawmakers|parliamentarians)\b[^.;]{0,60}?\b(?:from|of)\s+"
    r"(?P<places>[^.;]{3,160})")
# offices and bodies of one's own country: travelling with no country named, they travel at home
HOME_OFFICE_RE = re.compile(
    r"\b(?:President|Prime Minister|Vice President|Governor|Parliamentary|Parliament|Senate|Congress|Cabinet|"
    r"Standing Committee|Select Committee|National Assembly|Lok Sabha|Rajya Sabha|Duma|Bundestag)\b")

# bodies of many countries: their parliament travelling is nobody's visit at home
SUPRANATIONAL_RE = re.compile(r"\b(?:European|EU|African Union|Pan-African|United Nations|UN|ASEAN|Commonwealth|"
                              r"NATO|OSCE|Council of Europe|Inter-Parliamentary|Arab League|Mercosur)\b")


def _listed_visitor_countries(blocks, first_block, host_country):
    """Two or more visitors' countries a sentence lists near the visit's first report (its paragraph and
    the two after), the host's left out; [] when none does."""
    for text in blocks[first_block:first_block + 3]:
        for match in LISTED_VISITORS_RE.finditer(_unquoted(text)):
            codes = [code for code in geo.countries_in(match.group("places")) if code != host_country]
            if len(codes) >= 2:
                return codes
    return []


# the next leg of a journey, not the place visited: "… before travelling to Morocco", "en route to Geneva"
ONWARD_RE = re.compile(r"(?:\b(?:before|then|later|afterwards) (?:travell?ing|heading|leaving|flying|going|"
                       r"moving on|proceeding|continuing) (?:on )?(?:to|for)|\b(?:en route|on (?:its|their|his|her) "
                       r"way) to) (?:the )?[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,3}$")


def _place_in(text, exclude):
    """(city, region, country) of the first place named after a travel word, not among ``exclude``; a name
    followed by "of" names a site or a body ("the Freeport of Riga"), not the place."""
    for match in PLACE_AFTER_RE.finditer(text):
        if text[match.end():match.end() + 4] == " of " or ONWARD_RE.search(text, 0, match.end()):
            continue
        name = match.group("place")
        # the name whole, or without its kind of place ("Heilongjiang Province"): never a first word alone,
        # which is another place as often as not ("Nelson Mandela Bay", "Union Territory")
        for candidate in dict.fromkeys([name, PLACE_KIND_RE.sub("", name)]):
            code = geo.country_of(candidate, subdivisions=False) if geo.is_country_name(candidate) else None
            if code and code not in exclude:
                return "", "", code
            region = geo.subdivision_country(candidate)
            if region and major_city_country(candidate) not in (None, region):
                region = None  # "Santiago": Chile's capital before a Dominican province
            if region and region not in exclude:
                return "", candidate, region
            city = city_country(candidate) if candidate == name else None  # "Union" of "Union Territory" is none
            if city and city not in exclude:
                return candidate, "", city
    return None


def place_of(name):
    """(city, region, country) of a place's name ("Chongqing", "Heilongjiang Province", "Oman")."""
    return _place_in(f"in {name}", set()) or ("", "", "")


HOST_BASES = ("travel", "dateline", "paragraph")  # how a visit's host place was found, the surest first


def _host_place(mentions, paragraphs, dateline, visitor_codes):
    """Where the visit went, and how that was found: a place after a travel word in its sentences
    ("travel"), else the dateline's city ("dateline"), else a country its paragraphs name that the visitors
    are not from ("paragraph")."""
    for mention in mentions:
        sentence = DATELINE_RE.sub("", mention.sentence, count=1)
        move, group = MOVE_RE.search(sentence), GROUP_RE.search(sentence)
        starts = [found.start() for found in (move, group) if found]
        # at a meeting the host's own ministers are among those named: the meeting's place is the host's
        exclude = set() if mention.sieve == "leaders_meet_in_a_place" else visitor_codes
        found = _place_in(sentence[min(starts):] if starts else sentence, exclude)
        if found:
            return (*found, "travel")
    if dateline:
        code = city_country(dateline)
        if code and code not in visitor_codes:
            return dateline.title() if dateline.isupper() else dateline, "", code, "dateline"
    for text in paragraphs:
        for code in geo.countries_in(_unquoted(text)):
            if code not in visitor_codes:
                return "", "", code, "paragraph"
    return "", "", "", ""


def leader_named(clause, names):
    """The person a "led by …" clause names: one of ``names`` (the people the article names) in it, else the
    run of capitalised words it ends with."""
    if not clause:
        return ""
    named = [name for name in names if name in clause]
    if named:
        return max(named, key=len)
    run = NAME_RUN_RE.search(CLAUSE_VERB_RE.split(clause, maxsplit=1)[0].strip())
    return run.group() if run else ""


def _itinerary(paragraphs):
    sites = []
    for text in paragraphs:
        for match in ITINERARY_RE.finditer(_unquoted(text)):
            for part in re.split(r",\s*|\s+and\s+|\s+as well as\s+", match.group("sites")):
                part = re.sub(r"^(?:the|a|an)\s+", "", part.strip(), flags=re.IGNORECASE)
                part = re.split(r"\s+(?:in|on|where|to|for|during|which|with)\s+", part)[0].strip()
                if SITE_WORDS.search(part) and part[:1].isupper() and len(part.split()) <= 8:
                    sites.append(part)
    return list(dict.fromkeys(sites))


WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAY_RE = re.compile(r"\b(?P<when>last |next |this )?(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
                        r"Sunday)\b")
FUTURE_RE = re.compile(r"\b(?:will|is due to|are due to|is to|are to|is expected to|are expected to|plans? to)\b")


WEEK_RE = re.compile(r"\b(?P<which>this|last|next|past) week\b", re.IGNORECASE)


def _day_near(text, published):
    """The day a visit's sentences mean when they name no date: the weekday they name nearest the publication
    (before it, or after it for a visit still to come), else the Monday of the week they name ("is in Taipei
    this week", "next week"), else the publication's day."""
    found = WEEKDAY_RE.search(text)
    if not found:
        week = WEEK_RE.search(text)
        if week:
            monday = published - datetime.timedelta(days=published.weekday())
            return monday + datetime.timedelta(days={"last": -7, "next": 7}.get(week.group("which").lower(), 0))
        return published
    wanted = WEEKDAYS.index(found.group("day").lower())
    ahead = bool(FUTURE_RE.search(text)) or found.group("when") == "next "
    offset = (wanted - published.weekday()) % 7 if ahead else -((published.weekday() - wanted) % 7)
    return published + datetime.timedelta(days=offset)


NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14}
DURATION_RE = re.compile(r"\b(?P<count>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                         r"fourteen)[- ](?P<unit>day|week)s?(?:-long)?\b(?! ago)|\b(?P<week>week-long)\b",
                         re.IGNORECASE)
ENDED_RE = re.compile(r"\b(?:concluded|wrapped up|ended|completed|returned|is back|are back|back home)\b",
                      re.IGNORECASE)


def _span_days(fact, text):
    """A visit's stated length ("a three-day visit", "two weeks of talks") spans the days after its start, or
    before its end when the sentence tells of it ending ("concluded a six-day visit on Saturday")."""
    if not fact.start or fact.end != fact.start:
        return
    found = DURATION_RE.search(text)
    if not found:
        return
    if found.group("week"):
        days = 7
    else:
        count = found.group("count").lower()
        days = (int(count) if count.isdigit() else NUMBERS[count]) * (7 if found.group("unit").lower() == "week" else 1)
    if not 1 < days <= 62:
        return
    span = datetime.timedelta(days=days - 1)
    if ENDED_RE.search(text):
        fact.start = fact.end - span
    else:
        fact.end = fact.start + span


VISIT_WORDS_RE = re.compile(r"\b(?:visit|tour|trip|mission|delegation|stay|arriv\w*|held|ran|takes? place|"
                            r"took place|scheduled)\b", re.IGNORECASE)


def _stated_dates(paragraphs, blocks, first_block, year):
    """The dates the visit's own paragraphs state, else those the next two paragraphs state in a sentence about
    a visit ("The tour, held from October 14 to 19, …")."""
    dates = [d for p in paragraphs for d in find_dates(p, default_year=year)]
    if dates:
        return dates
    for text in blocks[first_block + 1:first_block + 3]:
        for sentence in _sentences(_unquoted(text)):
            if VISIT_WORDS_RE.search(sentence):
                dates.extend(find_dates(sentence, default_year=year))
        if dates:
            return dates
    return dates


def describe(mentions, *, blocks, dateline="", year=None, published=None, title=""):
    """One DelegationFact for the visit these mentions report."""
    first = mentions[0]
    text = " ".join(m.sentence for m in mentions)
    visitors = _visitor_phrase(first.sentence)
    visitor_codes = _countries_of_visitors(visitors)
    paragraphs = list(dict.fromkeys(blocks[m.block] for m in mentions))
    city, region, country, basis = _host_place(mentions, paragraphs, dateline, set(visitor_codes))
    visitor_codes = [code for code in visitor_codes if code != country]
    listed = _listed_visitor_countries(blocks, first.block, country)
    if listed and set(visitor_codes) <= set(listed):
        visitor_codes = listed
    if not visitor_codes:  # "the delegation", "senators": the country the headline, else the paragraph, names
        for text in (title, *paragraphs):  # besides the host's
            named = [code for code in geo.countries_in(_unquoted(text)) if code != country]
            if named:
                visitor_codes = named[:1]
                break
    if not visitor_codes and country and HOME_OFFICE_RE.search(visitors) and not SUPRANATIONAL_RE.search(visitors):
        visitor_codes = [country]  # "the President traveled to South Dakota": a visit at home
    fact = DelegationFact(name="", kind=kind_of(f"{visitors} {text}"))
    fact.visitors = visitors[:300]
    fact.countries = visitor_codes
    fact.host_city, fact.host_region, fact.host_country = city, region, country
    fact.host_basis = basis
    fact.location = city or region or country
    leader = LEADER_RE.search(text)
    fact.leader = leader.group("clause").strip() if leader else ""
    host = HOST_ORG_RE.search(" ".join(paragraphs))
    fact.host_organisation = host.group("org").strip() if host else ""
    size = SIZE_RE.search(text)
    fact.stated_size = size.group("size") if size else ""
    dates = _stated_dates(paragraphs, blocks, first.block, published.year if published else year)
    if dates:
        fact.start, fact.end = dates[0].date, dates[0].end_date or dates[0].date
        fact.date_basis = "stated"
    elif published:
        fact.start = fact.end = _day_near(text, published)
        fact.date_basis = "inferred"
    _span_days(fact, text)
    fact.itinerary = _itinerary(paragraphs)
    fact.evidence = [m.sentence for m in mentions[:3]]
    fact.sieve = first.sieve
    fact.another_time = told_at_another_time(first.sentence, published.year if published else year)
    return fact


def visits(blocks, *, dateline="", year=None, published=None, title=""):
    """The visits an article reports: its visit sentences grouped by the place they went to (``year``: of a
    day written without one; ``published``: the article's date, which dates a visit the text leaves undated)."""
    mentions = visit_mentions(blocks)
    if not mentions:
        return []
    year = context_year("\n\n".join(blocks)) or year
    facts = []
    for mention in mentions:
        fact = describe([mention], blocks=blocks, dateline=dateline, year=year, published=published, title=title)
        same = next((f for f in facts if _one_visit(f, fact)), None)
        if same is not None:
            _absorb(same, fact)
        else:
            facts.append(fact)
    return facts


ANOTHER_TIME_RE = re.compile(
    r"\b(?:last|previous|past) (?:year|month|autumn|fall|spring|summer|winter|January|February|March|April|May|"
    r"June|July|August|September|October|November|December)\b|\b(?:a|one|two|three|four|five|several|\d+) "
    r"(?:years?|months?|decades?) (?:ago|earlier|before)\b|\bpreviously\b|\bin the past\b|"
    r"\b(?:a|an|its|their) (?:previous|earlier|first|last|return|reciprocal) (?:visit|trip|tour|mission)\b|"
    r"\b(?:in )?(?P<year>(?:19|20)\d\d)\b(?: (?:visit|trip|tour|mission))?", re.IGNORECASE)


def told_at_another_time(sentence, year):
    """Whether a sentence tells of a visit at another time than the article's ("Kenyan MPs visited Kampala on
    a similar mission last year", "during a 2018 trip to France"): a past season, "ago", or another year."""
    for match in ANOTHER_TIME_RE.finditer(sentence):
        if not match.group("year") or (year and int(match.group("year")) != year):
            return True
    return False


def _one_visit(first, later):
    """Whether a later sentence of the article tells of the first visit: the same host, a host left open, or
    the visit seen from the other end (the visitors' home, a "return to Minsk", the host's country as its
    travellers) — unless it is told as at another time ("Kenyan MPs visited Kampala last year")."""
    if later.another_time and not first.another_time:
        return False
    if not (first.host_country and later.host_country) or first.host_country == later.host_country:
        return True
    return later.host_country in first.countries or set(later.countries) <= {first.host_country}


def _absorb(kept, other):
    """Fill what the first mention of a visit left open from a later one, and take its host place when it
    was found more surely (after a travel word, where the first had only its paragraph)."""
    reversed_view = kept.host_country and other.host_country in kept.countries
    if (not reversed_view and other.host_basis and kept.host_basis
            and HOST_BASES.index(other.host_basis) < HOST_BASES.index(kept.host_basis)):
        kept.host_city, kept.host_region, kept.host_country = other.host_city, other.host_region, other.host_country
        kept.host_basis = other.host_basis
    for name in ("host_city", "host_region", "host_country", "leader", "host_organisation", "stated_size",
                 "start", "end", "date_basis"):
        if not getattr(kept, name) and getattr(other, name):
            setattr(kept, name, getattr(other, name))
    kept.countries = kept.countries or [code for code in other.countries if code != kept.host_country]
    kept.itinerary = list(dict.fromkeys([*kept.itinerary, *other.itinerary]))
    kept.evidence = [*kept.evidence, *other.evidence][:3]
    if kept.kind in ("other", "official") and other.kind not in ("other", "official"):
        kept.kind = other.kind
    kept.location = kept.location or other.location
