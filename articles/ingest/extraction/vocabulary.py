"""The English words extraction keys on: roles, media words, speech verbs.

General vocabulary of news writing, not names from any article.
"""
import re

ROLE_WORDS = {
    # occupations written as a title before a name ("Actress Denise Crosby", "Prosecutor Ann Lee")
    "actor", "actress", "singer", "musician", "comedian", "athlete", "prosecutor", "assemblywoman", "assemblyman",
    "congresswoman", "congressman", "councilwoman", "councilman", "businesswoman", "businessman", "activist",
    "reporter", "reporters", "journalist", "journalists", "correspondent", "editor", "editors", "editor-in-chief",
    "chief", "director", "director-general", "secretary", "secretary-general", "mayor", "minister", "president",
    "vice-president", "chairman", "chairwoman", "chairperson", "chair", "researcher", "leader", "member", "deputy",
    "head", "spokesperson", "spokesman", "spokeswoman", "ambassador", "consul", "professor", "founder", "co-founder",
    "ceo", "officer", "manager", "official", "fellow", "anchor", "producer", "columnist", "blogger",
    "photographer", "photojournalist", "cameraman", "presenter", "host", "commentator", "analyst", "expert",
    "scholar", "driver", "governor", "senator", "representative", "delegate", "deputies", "premier", "prime",
    "chancellor", "general", "commander", "spokesperson", "coordinator", "consultant", "adviser", "advisor",
    "engineer", "teacher", "student", "doctor", "scientist", "economist", "historian", "writer", "author",
    "artist", "designer", "developer", "inventor", "creator", "lawyer", "judge", "attorney", "partner", "owner",
    "employee", "worker", "volunteer",
    "captain", "coach", "player", "king", "queen", "prince", "princess", "pope", "bishop", "archbishop",
    "councillor", "councilor", "lawmaker", "legislator", "mp", "congressman", "congresswoman", "assemblyman",
    "vice", "executive", "administrator", "superintendent", "inspector", "sheriff", "police", "commissioner",
    "envoy", "diplomat", "activist", "campaigner", "organiser", "organizer", "resident", "survivor",
    "witness", "citizen", "national", "staff", "staffer", "instructor", "principal", "dean", "rector",
    "chef", "pilot", "farmer", "entrepreneur", "businessman", "businesswoman", "investor", "trader",
    "physician", "nurse", "surgeon", "psychologist", "sociologist", "lecturer", "spokesperson", "vlogger",
    "influencer", "filmmaker", "broadcaster", "newscaster", "assistant", "associate", "intern",
}
JOURNALIST_ROLES = {
    "reporter", "journalist", "correspondent", "editor", "editor-in-chief", "anchor", "columnist", "blogger",
    "photographer", "photojournalist", "cameraman", "presenter", "producer", "newscaster", "commentator",
    "bureau", "news", "vlogger", "broadcaster",
}
TITLE_WORDS = {
    "mr", "mrs", "mme", "mlle", "madame", "monsieur", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady", "rev", "sen", "rep", "gov", "gen",
    "col", "capt", "lt", "sgt", "president", "mayor", "secretary", "minister", "governor", "senator", "premier",
    "chairman", "chairwoman", "director", "ambassador", "judge", "king", "queen", "prince", "princess", "pope",
    "deputy", "vice", "chief", "general", "commander", "professor", "editor", "reporter", "journalist",
    "correspondent", "spokesperson", "spokesman", "spokeswoman", "chancellor", "councillor", "representative",
    "speaker", "republican", "democrat", "democratic", "officer", "inspector", "sheriff", "commissioner",
    "coach", "captain", "bishop", "archbishop", "cardinal", "emperor", "crown", "sultan", "sheikh", "emir",
    "whip",  # a parliament's Majority Whip, Chief Whip
    # the same titles in French and Spanish ("dijo la jefa de la delegación, Ann Lee"); none is an English word
    "ministre", "porte-parole", "présidente", "président", "directeur", "directrice", "maire", "ambassadeur",
    "ambassadrice", "député", "députée", "sénateur", "sénatrice", "secrétaire", "rédacteur", "rédactrice",
    "jefe", "jefa", "ministro", "ministra", "portavoz", "presidenta", "presidente", "directora", "alcalde",
    "alcaldesa", "embajador", "embajadora", "secretario", "gobernador", "gobernadora", "periodista",
    "diputado", "diputada", "senadora", "redactor", "redactora", "corresponsal",
}
# Words that name an organisation, a place or an event rather than a person.
ORG_WORDS = {
    "agency", "news", "daily", "times", "post", "herald", "tribune", "gazette", "telegraph", "journal", "group",
    "center", "centre", "committee", "party", "congress", "university", "institute", "academy", "bank",
    "company", "corporation", "corp", "inc", "ltd", "co", "council", "ministry", "office", "department",
    "government", "association", "federation", "forum", "park", "museum", "express", "railway", "station",
    "tour", "expo", "summit", "initiative", "road", "belt", "river", "street", "square", "hall", "lane",
    "garden", "gardens", "factory", "area", "zone", "district", "province", "city", "municipality", "region",
    "television", "radio", "tv", "media", "press", "service", "network", "broadcasting", "magazine", "review",
    "weekly", "organization", "organisation", "union", "league", "society", "foundation", "fund", "club",
    "team", "commission", "bureau", "authority", "court", "police", "army", "navy", "force", "forces",
    "school", "college", "hospital", "church", "temple", "airport", "port", "harbour", "harbor", "bridge",
    "tower", "building", "plaza", "centre", "mall", "hotel", "restaurant", "studio", "studios", "channel",
    "unit", "county", "arena", "stadium", "directorate", "secretariat", "division", "embassy", "consulate",
    "consortium", "alliance", "coalition", "charity", "cooperative", "co-operative", "confederation", "syndicate",
    "watchdog", "regulator",
    "system", "project", "program", "programme", "plan", "strategy", "corridor", "hub", "gallery",
    "memorial", "site", "spot", "island", "islands", "mountain", "mountains", "lake", "sea", "ocean", "valley",
    "state", "states", "republic", "kingdom", "empire", "federal", "national", "international", "global",
    "world", "chamber", "parliament", "senate", "assembly", "cabinet", "administration", "house", "white",
    "conference", "festival", "award", "awards", "prize", "cup", "olympics", "games", "championship",
    "report", "act", "law", "treaty", "agreement", "declaration", "day", "week", "year", "month", "session",
    "sessions", "meeting", "event", "ceremony", "exhibition", "show", "fair", "market", "stock", "exchange",
    "airlines", "airline", "motors", "automobile", "technologies", "technology", "logistics", "industries",
    "holdings", "group's", "internet", "platform", "communication", "communications", "development",
    "economic", "trade", "cooperation", "delegation", "visit", "thought", "story", "stories", "era",
    "air", "airways", "rail", "group", "partners", "capital", "energy", "bank", "insurance",
}
STOP_WORDS = {
    "the", "a", "an", "in", "on", "at", "as", "by", "for", "from", "of", "to", "with", "and", "or", "but",
    "during", "after", "before", "this", "these", "those", "that", "their", "our", "his", "her", "its", "it",
    "we", "they", "he", "she", "i", "you", "there", "here", "when", "while", "since", "although", "though",
    "if", "so", "yet", "also", "however", "meanwhile", "today", "yesterday", "tomorrow", "according",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "mr", "mrs", "ms", "dr", "prof", "both", "each", "every", "many", "some", "all", "most", "more", "other",
    "another", "one", "two", "three", "first", "second", "third", "last", "next", "new", "old", "why", "what",
    "how", "who", "where", "which", "not", "no", "yes", "than", "then", "now", "just", "only", "even",
    "over", "under", "about", "into", "through", "between", "among", "against", "without", "within",
    "chinese", "western", "eastern", "northern", "southern", "central", "overseas", "foreign", "local",
    "official", "smart", "digital", "high-level", "opening", "further", "finally", "efforts", "focusing",
    "establishing", "automobiles", "asked", "following", "including", "despite", "because", "instead",
    "once", "later", "earlier", "still", "thanks", "earlier", "dear", "hello", "please", "let", "join",
}
# French words that open a sentence with a capital and are no name ("Sur Twitter, Ann Lee a dénoncé …", "Mais
# le ministre a affirmé …"); not "Le", "La", "De", "Du" (Le Pen, La Fontaine) nor words some names are (Son, Lui)
STOP_WORDS |= {
    "sur", "dans", "pour", "selon", "mais", "bien", "je", "il", "elle", "ils", "elles", "nous", "vous", "après",
    "avant", "lors", "depuis", "pendant", "cependant", "pourtant", "toutefois", "ainsi", "alors", "enfin", "puis",
    "donc", "avec", "sans", "sous", "chez", "vers", "contre", "entre", "quand", "lorsque", "comme", "cette",
    "ces", "une", "aux", "et", "par", "face", "outre", "malgré", "parmi", "hier", "aujourd'hui", "lundi", "mardi",
    "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
}
MEDIA_WORDS = {
    "daily", "times", "post", "herald", "tribune", "gazette", "telegraph", "journal", "news", "newspaper",
    "tv", "television", "radio", "broadcasting", "broadcaster", "broadcast", "magazine", "weekly", "chronicle",
    "observer", "channel", "newswire", "wire", "press", "media", "reporter", "monitor", "courier", "mirror",
    "express", "star", "sun", "review", "digest", "bulletin", "dispatch", "inquirer", "examiner", "sentinel",
    "leader", "guardian", "independent", "standard", "globe", "record", "ledger", "register",
}
STRONG_MEDIA_WORDS = {
    "daily", "times", "herald", "tribune", "gazette", "telegraph", "journal", "news", "newspaper", "tv",
    "television", "radio", "broadcasting", "broadcaster", "magazine", "weekly", "chronicle", "newswire",
    "post", "inquirer", "courier", "dispatch", "bulletin",
    "presse", "prensa", "zeitung", "gazeta", "noticias", "nachrichten", "novosti",  # the same in other languages
}
# An organisation whose name ends in one of these is not itself a media outlet.
NON_OUTLET_HEADS = {
    "diploma", "degree", "certificate", "graduate", "center", "centre", "organization", "organisation", "office", "department", "ministry", "committee",
    "association", "federation", "institute", "university", "academy", "tour", "forum", "station", "expo",
    "summit", "conference", "festival", "council", "government", "commission", "bureau", "program",
    "programme", "project", "initiative", "school", "college", "award", "awards", "prize", "day", "week",
    "session", "sessions", "park", "hall", "exhibition", "visit", "party", "congress", "platform", "hub",
    "plan", "law", "act", "policy", "studies",
}
EVENT_WORDS = {"visit", "tour", "forum", "expo", "summit", "conference", "festival", "trip", "session", "week"}
SOCIAL_PLATFORMS = {
    "instagram", "facebook", "twitter", "x", "tiktok", "youtube", "weibo", "wechat", "douyin", "telegram",
    "whatsapp", "linkedin", "snapchat", "reddit", "vk", "vkontakte", "threads", "bilibili", "kuaishou",
    "pinterest", "tumblr", "line",
}
SPEECH_VERBS = {
    "said", "says", "say", "noted", "notes", "added", "adds", "explained", "explains", "stated", "states",
    "commented", "comments", "remarked", "remarks", "detailed", "highlighted", "told", "tells", "asked",
    "asks", "stressed", "emphasized", "emphasised", "pointed", "observed", "recalled", "continued",
    "concluded", "insisted", "argued", "answered", "replied", "responded", "declared", "announced",
    "described", "wrote", "writes", "shared", "praised", "admitted", "acknowledged", "suggested",
    "proposed", "warned", "cautioned", "urged", "believes", "believed", "thinks", "thought", "felt",
    "mentioned", "confirmed", "claimed", "maintained", "affirmed", "reflected", "exclaimed", "joked",
    "quipped", "recounted", "revealed", "underlined", "underscored", "summed", "put", "expressed",
    "elaborated", "agreed", "tweeted", "posted", "reported", "indicated", "hoped", "predicted",
    "saying", "adding", "noting", "stating", "explaining", "telling", "writing", "declaring", "insisting",
    "alleged", "alleges", "called", "calls", "remarks", "recalls", "urges", "warns", "announces",
    "characterized", "characterised", "characterizing", "arguing", "criticized", "criticised",
    # reporting verbs that carry a partial quote ("X described the attack as a '…'", "X alleged the army was '…'")
    "describing", "describes", "characterises", "characterizes", "characterising", "calling", "labelled",
    "labeled", "branded", "termed", "considered", "considers", "pledged", "pledging", "vowed", "vowing",
    "promised", "promising", "accused", "accusing", "condemned", "denounced", "defended", "talked", "spoke",
    "referred", "implored", "interjected", "conceded", "lamented", "complained", "boasted", "questioned",
    "demanded", "estimated", "reckoned", "assured", "assuring", "insists", "claims", "claiming",
    "alleging", "described", "remarking", "commenting", "recalling", "announcing", "puts",
    # a reaction or an attack in the speaker's own words ("X reacted on Twitter, '…'", "X dismissed it as '…'")
    "reacted", "reacting", "attacked", "dismissed", "dismissing", "slammed", "blasted", "mocked", "decried",
    "hailed", "hailing", "lauded", "lauding",  # "Trump hailed the agreements as the '…'"
    "dubbed", "dubbing", "informed",  # "X dubbed the scheme 'a …'" (not "labelling", "branding": nouns too)
}
ROMANCE_SPEECH_VERBS = {
    # French, as written after "a" ("Hollande a déclaré : « … »") or in the present; none is an English word
    "déclaré", "déclare", "dit", "affirmé", "affirme", "ajouté", "ajoute", "expliqué", "explique", "estimé",
    "estime", "annoncé", "annonce", "indiqué", "indique", "souligné", "souligne", "précisé", "précise",
    "assuré", "assure", "confié", "confie", "raconté", "raconte", "insisté", "insiste", "déploré", "déplore",
    "dénoncé", "dénonce", "répondu", "répond", "écrit", "affirmant", "déclarant", "expliquant", "ajoutant",
    "soulignant", "estimant", "qualifié", "qualifie", "évoqué", "évoque", "jugé", "juge", "rappelé", "rappelle",
    # (and in the passé simple of written narrative: "il déclara : « … »", with more verbs of reaction)
    "déclara", "affirma", "ajouta", "expliqua", "indiqua", "annonça", "répondit", "écrivit", "précisa", "réjoui",
    "réjouit", "réagi", "réagit", "commenté", "commente", "martelé", "martèle", "poursuivi", "poursuit",
    "conclu", "conclut", "reconnu", "reconnaît", "regretté", "regrette", "prévenu", "prévient", "averti",
    "avertit", "ironisé", "ironise", "demandé", "répété", "répète", "témoigné", "témoigne", "confirmé", "relevé",
    "relève", "lancé", "lance", "protesté", "proteste", "menacé", "menace", "plaidé", "plaide",
    # (and the verbs that name or judge someone in the speaker's words: "X a traité Y de « … »")
    "appelé", "traité", "surnommé", "décrit", "fustigé", "dénonçant", "qualifiant",
    # (what someone promises, demands, welcomes or admits in the marks: "X a promis un « nouveau départ »")
    "promis", "promet", "réclamé", "réclame", "exigé", "exige", "salué", "salue", "critiqué", "fustige", "admis",
    "admet", "concédé", "nié", "démenti", "dément", "félicité", "lâché", "glissé", "tweeté",
    # (and the imperfect of reported speech: "il déclarait que « … »")
    "déclarait", "affirmait", "expliquait", "estimait", "ajoutait", "indiquait", "précisait", "assurait",
    "soulignait", "racontait", "confiait", "dénonçait", "jugeait", "disait",
    # Spanish, in the past and the present ("dijo la jefa de la delegación", "afirma Ann Lee")
    "dijo", "afirmó", "afirma", "señaló", "señala", "explicó", "explica", "aseguró", "asegura", "declaró",
    "añadió", "añade", "indicó", "agregó", "agrega", "destacó", "destaca", "subrayó", "subraya", "comentó",
    "manifestó", "sostuvo", "sostiene", "apuntó", "reconoció", "advirtió", "advierte", "insistió", "expresó",
    "precisó", "respondió", "concluyó", "relató", "contó", "admitió", "denunció", "lamentó", "recordó",
    "informó", "anunció", "escribió", "afirmando", "señalando", "explicando", "asegurando", "añadiendo",
}
# French reporting verbs of the first group, by their stem: the written narrative's passé simple ("il déplora"),
# the imperfect, the present participle and the plural are made from it as French conjugates them
FRENCH_ER_STEMS = (
    "déclar", "affirm", "ajout", "expliqu", "estim", "annonc", "indiqu", "soulign", "précis", "assur", "confi",
    "racont", "insist", "déplor", "dénonc", "qualifi", "évoqu", "jug", "rappel", "comment", "regrett", "témoign",
    "confirm", "proclam", "protest", "plaid", "fustig", "réclam", "exig", "salu", "critiqu", "concéd", "ni",
    "félicit", "lâch", "martel", "accus", "rétorqu", "répliqu", "ironis", "résum", "observ", "signal",
    "argument",
)
# French reporting verbs of the second group ("il renchérit que …", "il avertit : « … »"): stem + i, it, issait …
FRENCH_IR_STEMS = ("réag", "renchér", "avert")
# forms that French or English writes as another word: adjectives ("un ton exigeant", "confiant"), nouns
# ("un protestant", "le médecin traitant") and English words ("relevant", "insistent")
NOT_REPORTING_FORMS = {"exigeant", "confiant", "protestant", "relevant", "insistant", "insistent", "glissant",
                       "traitant", "accusant", "saluant", "observant"}


def french_verb_forms(er_stems, ir_stems):
    """The conjugated forms of French reporting verbs that report in narrative: the passé simple (déclara,
    déclarèrent), the imperfect (déclarait, déclaraient), the present participle (déclarant) and the present
    plural (déclarent), spelt as French spells them before a and o (annonça, jugea)."""
    forms = set()
    for stem in er_stems:
        soft = stem[:-1] + "ç" if stem.endswith("c") else stem + "e" if stem.endswith("g") else stem
        forms |= {soft + "a", stem + "èrent", soft + "ait", soft + "aient", soft + "ant", stem + "ent"}
    for stem in ir_stems:
        forms |= {stem + "i", stem + "it", stem + "issait", stem + "issaient", stem + "issant", stem + "irent"}
    return forms - NOT_REPORTING_FORMS


# a reporting verb in the pronominal past agrees with its subject ("elle s'est dite prête", "ils se sont
# déclarés satisfaits", "elle s'est félicitée de …"): the feminine and plural participles
FRENCH_PRONOMINAL_PARTICIPLES = {
    "dit", "déclaré", "félicité", "réjoui", "inquiété", "indigné", "alarmé", "insurgé", "exclamé", "exprimé",
    "défendu", "prononcé",
}


def agreed_forms(participles):
    """Each past participle with its feminine and plural endings (dit → dite, dits, dites)."""
    return {participle + ending for participle in participles for ending in ("", "e", "s", "es")}


ROMANCE_SPEECH_VERBS |= french_verb_forms(FRENCH_ER_STEMS, FRENCH_IR_STEMS) | agreed_forms(
    FRENCH_PRONOMINAL_PARTICIPLES)
SPEECH_VERBS |= ROMANCE_SPEECH_VERBS
# Words that tell a person's gender where the article gives it (an honorific, a gendered role, a relation),
# for the "he" or "she" that follows.
FEMALE_WORDS = {
    "mrs", "ms", "miss", "madam", "dame", "lady", "queen", "princess", "duchess", "countess", "actress",
    "spokeswoman", "chairwoman", "congresswoman", "assemblywoman", "councilwoman", "businesswoman", "sportswoman",
    "policewoman", "stateswoman", "camerawoman", "anchorwoman", "mother", "wife", "daughter", "sister",
    "grandmother", "aunt", "niece", "widow", "girlfriend", "fiancée", "nun", "waitress", "heiress", "empress",
    "mme", "mlle", "madame", "veuve",  # (French: "Mme Durand", "la veuve de …")
}
MALE_WORDS = {
    "mr", "sir", "lord", "king", "prince", "duke", "count", "spokesman", "chairman", "congressman", "assemblyman",
    "councilman", "businessman", "sportsman", "policeman", "statesman", "cameraman", "anchorman", "father",
    "husband", "son", "brother", "grandfather", "uncle", "nephew", "widower", "boyfriend", "fiancé", "monk",
    "pope", "emperor",
    "m.", "monsieur",  # (French: "M. Dupont")
}
ORG_KINDS = [
    ("distributor", {"newswire", "wire", "prnewswire", "businesswire", "globenewswire"}),
    ("agency", {"agency", "agence", "agencia", "agenzia", "service"}),
    ("broadcaster", {"tv", "television", "radio", "broadcasting", "broadcaster", "channel", "broadcast"}),
    ("magazine", {"magazine", "weekly", "review", "monthly"}),
    ("newspaper", {"daily", "times", "post", "herald", "tribune", "gazette", "telegraph", "journal",
                   "newspaper", "news", "chronicle", "courier", "inquirer", "dispatch", "zeitung", "gazeta"}),
    ("online", {"portal", "online", "website", "site", "net", "com", "app"}),
]

NAME_TOKEN = r"[A-Z][\w'’-]{0,30}"
CAP_SEQUENCE_RE = re.compile(
    r"(?<![\w'’-])(?:[A-Z][\w'’&.-]{0,30}|&)(?:[ ](?:(?:of|for|and|the|de|van|von|der|del|da|du|al|bin|&)[ ]){0,2}(?:[A-Z][\w'’&.-]{0,30}|\d{1,4}))*"
)


def lower_words(text):
    return re.findall(r"[a-z][a-z'’-]*", text.lower())


def name_words(name):
    """A name's lower-case words and the last part of each hyphenated one ("KDKA-TV" → tv, not "Post-war" → post);
    an acronym ending in TV is television ("ITV", "CCTV"), a name with FM radio ("Capital FM")."""
    words = lower_words(name)
    found = set(words) | {word.rsplit("-", 1)[-1] for word in words}
    for word in name.split():
        if word.isupper() and len(word) > 2 and word.endswith("TV"):
            found.add("tv")
        elif word == "FM":
            found.add("radio")
    return found


def media_words(name):
    """The words of a name that only media outlets use ("Agence France-Presse" → {"presse"})."""
    return name_words(name) & STRONG_MEDIA_WORDS


def outlet_kind(name, description=""):
    words = name_words(name) | set(lower_words(description))
    if name.lower().startswith("i") and name[1:2].isupper():
        words.add("online")
    for kind, cues in ORG_KINDS:
        if words & cues:
            return kind
    if "portal" in description or "website" in description:
        return "online"
    return "other"
