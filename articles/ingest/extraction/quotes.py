"""Direct quotes and who said them.

The quoted spans come from :mod:`.spans`. Quoted titles of events, programmes and publications are told
apart from speech by their shape.
"""
from functools import lru_cache
import re

from .firstnames import first_name_gender
from .names import NAME_PARTICLES, describes_someone, is_name_token, is_title_token, name_spans, named_people
from .outlets import ARTICLE_RE, ROLE_NOUN_RE, first_body_in
from .people import FRENCH_ROLE_WORDS
from .spans import quote_spans
from .vocabulary import (
    CAP_SEQUENCE_RE, FEMALE_WORDS, MALE_WORDS, ORG_WORDS, ROMANCE_SPEECH_VERBS, SPEECH_VERBS, lower_words,
)

VERB = r"(?i:" + "|".join(sorted(SPEECH_VERBS, key=len, reverse=True)) + r")"
# a name's words, with the particles inside it ("Mohammed bin Salman", "Ursula von der Leyen", "Maria da Silva")
NEXT_NAME_WORD = r"(?: (?:(?:" + "|".join(sorted(NAME_PARTICLES)) + r") ){0,2}[A-Z][\w'’-]{0,30})"
WHO = r"(?P<who>[Hh]e|[Ss]he|[A-Z][\w'’-]{0,30}" + NEXT_NAME_WORD + r"{0,5})"
NAME = r"[A-Z][\w'’-]{0,30}" + NEXT_NAME_WORD + r"{0,5}"
# "Caloundra coach Geoff Ingram", "UCL astronomer Angelos Tsiaras": a few lower-case words before the name
DESCRIBED = (r"(?:[A-Z][\w'’.-]{0,30} ){0,3}(?:(?!(?:while|and|but|as|when|then|so|because|after|before|though|if|"
             r"since|who|which|that|where|of|in|at|for|from|with|to|by)\b)[a-z][\w-]{1,20} ){1,3}")
# "described by the BBC as “…”", "which the New York Times called “…”"
AGENT_AS_RE = re.compile(r"\b(?:described|characteri[sz]ed|labell?ed|branded|dubbed|called|termed|hailed|critici[sz]ed)"
                         r"\s+(?:it\s+)?by\s+(?:the\s+)?(?P<agent>" + NAME + r")\s+as\s+(?:an?\s+|the\s+)?$"
                         r"|\bwhich\s+(?:the\s+)?(?P<agent2>" + NAME + r")\s+(?:has\s+|had\s+)?(?:called|calls|describes|"
                         r"described|terms|termed|dubbed|labell?ed)\s+(?:as\s+)?(?:an?\s+|the\s+)?$")
# a sentence that hands over to the quote with a colon after its reporting verb ("Lee said: “No.”")
HANDED_OVER_RE = re.compile(r"\b" + VERB + r"\b[^\"“”.!?]{0,80}:\s*$")
# "According to Ann Lee, the pier was “never safe.”": the clause is someone's account
ACCORDING_BEFORE_RE = re.compile(r"\b(?:[Aa]ccording to|[Ss]elon|[Dd]['’]après|[Ss]egún)\s[^\"“”.;!?]{2,160}$"
                                 r"|(?:^|[.!?]\s+)Pour\s+(?:lui|elle|" + NAME + r")\s*,[^\"“”«».;!?]{0,160}«?$")
JOINED_RE = re.compile(r"\s*(?:,|and|or|,\s*and|,\s*or)\s*")
# British and South Asian papers capitalise an office written after a name: ", Head of Policy at X,"
CAPITALISED_TITLE = (r"(?=(?:Head|Director|Chief|Chair|Chairman|Chairwoman|Chairperson|President|Vice|Deputy|Secretary|"
                     r"Minister|Managing|Executive|General|Senior|Principal|Professor|Lecturer|Manager|Officer|Editor|"
                     r"Founder|Co-founder|Leader|Member|Spokesman|Spokeswoman|Spokesperson|Governor|Mayor|"
                     r"Commissioner|Superintendent|Inspector|Captain|Coach)\b)[A-Z]")
# Between a name and its verb: ", the chief strategist at X,", ", Christian Aid's head of trade policy,",
# ", head of policy at X,", " of X", " (D-Ohio)", ", 70,"
BETWEEN = (r"(?:,\s+(?:a|an|the|who|whose)\b[^,\"“”.;]{1,100},|,\s+\d{1,3},|\s+\([^()\"“”]{1,30}\)"
           r"|,\s+(?:[A-Z][\w&.-]*\s+){0,4}[A-Z][\w&.-]*['’]s\s+(?:[a-z]|" + CAPITALISED_TITLE + r")[^,\"“”.;]{1,80},"
           r"|,\s+(?:[a-z]|" + CAPITALISED_TITLE + r")[\w-]*(?:\s+[A-Za-z][\w-]*){0,3}\s+(?:of|at|for|with)\s+"
           r"[^,\"“”.;]{1,80},"
           r"|\s+of\s+(?:the\s+)?[A-Z][\w'’&-]*(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w'’&-]*){0,5})")
# "the senator said", "said the spokeswoman": a role noun for someone introduced with that role
# (a title may be capitalised: '," the Prime Minister told the crowd')
# "the former minister said": a word before the role noun that is no part of it
QUALIFIER = r"(?:(?:former|deputy|new|acting|senior|outgoing|veteran|then)\s+)?"
ROLE = r"(?:[a-z-]{3,30}|[A-Z][a-z-]{2,30}(?: [A-Z][a-z-]{2,30})?)"
ROLE_AFTER_RE = re.compile(r"^\s*[,.]?\s*(?:the\s+" + QUALIFIER + r"(?P<role>" + ROLE + r")\s+(?:also\s+|then\s+|later\s+)?" + VERB
                           + r"\b|" + VERB + r"\s+the\s+" + QUALIFIER + r"(?P<role2>" + ROLE + r")\b(?!\s+(?:of|for|at|in)\b))")
# the attribution right after a quote ('», a expliqué Ann Lee': French writes its past tense with "a")
AFTER_RE = re.compile(r"^\s*[,.]?\s*(?:" + WHO + r"(?P<between>" + BETWEEN + r")?\s+(?:also\s+|then\s+|later\s+)?" + VERB + r"\b"
                      r"|(?:(?:lui|leur|nous|m['’]|l['’])\s*)?(?:(?:a|ont|avait|aurait|avaient)\s+)?(?P<verb2>" + VERB
                      + r")\s+(?P<who2>[Hh]e|[Ss]he|" + NAME + r")"
                      r"|" + DESCRIBED + r"(?P<who3>" + NAME + r")\s+(?:also\s+|then\s+|later\s+)?" + VERB + r"\b"
                      r"|" + VERB + r"\s+" + DESCRIBED + r"(?P<who4>" + NAME + r"))")
# '," said his father, Ann Lee, …', '," said the university's chancellor, Ann Lee.': the title, then the name
VERB_APPOSITIVE_RE = re.compile(r"^\s*[,.]?\s*" + VERB + r"\s+(?P<title>[^\"“”.;!?]{3,90}?),\s+(?P<who>" + NAME
                                + r")\s*(?:[,.;]|$)")
RELATION_WORDS = FEMALE_WORDS | MALE_WORDS
# "a spokesman for Darlington Council", "an official at the Treasury": the body speaks through someone unnamed
SPOKESPERSON = (r"(?:[Aa]n?|[Tt]he)\s+(?:spokes(?:man|woman|person)|representative|official|source|lawyer|"
                r"statement|press officer|press office)\s+(?:for|from|of|at)\s+(?:the\s+)?(?P<org>[A-Z][\w'’&.-]*"
                r"(?:\s+(?:of\s+|for\s+|and\s+|the\s+|on\s+)?[A-Z][\w'’&.-]*){0,6})")
SPOKESPERSON_AFTER_RE = re.compile(r"^\s*[,.]?\s*(?:" + SPOKESPERSON + r"\s+(?:also\s+)?" + VERB + r"\b|" + VERB
                                   + r"\s+" + SPOKESPERSON.replace("?P<org>", "?P<org2>") + r")")
# '," a senior official said', '," one resident told the BBC': an unnamed source as the subject after a quote
UNNAMED_AFTER_RE = re.compile(r"^\s*[,.]?\s*(?P<who>(?:a|an|one)\s+[^,\"“”.;!?]{1,60}?)\s+(?:also\s+|later\s+)?"
                              + VERB + r"\b")
SPOKESPERSON_BEFORE_RE = re.compile(SPOKESPERSON + r"[^\"“”]{0,40}$")
# the words of a sentence, looked up in SPEECH_VERBS: eight times faster than the verbs' alternation searched
WORD_RE = re.compile(r"\w+")


def reporting_verb(pattern, sentence):
    """``pattern`` matched at the first speech verb of ``sentence`` that can start it: a capitalised one
    only at the sentence's start ("Remarked Ann Lee, …"), not inside a name ("the United States")."""
    for word in WORD_RE.finditer(sentence):
        if word.group().lower() not in SPEECH_VERBS:
            continue
        if word.group()[0].isupper() and sentence[:word.start()].strip():
            continue
        found = pattern.match(sentence, word.start())
        if found:
            return found
    return None
BEFORE_RE = re.compile(r"\b(?P<verb>" + VERB + r")\b(?:,?\s+[\w'’-]{1,20}){0,10}\s*[:,]?\s*$")
# A reporting verb earlier in the quote's clause: "Duda said the victims were “…”", "X described it as a “…”"
REPORTED_RE = re.compile(r"\b(?P<verb>" + VERB + r")\b[^\"“”;]{0,240}$")
# "Speaking to AFP, …", "Commenting on the calls, …", "Asked about the delay, …": a participle opening the sentence
# is not its reporting verb
# (the prepositions that end in -ing are not participles: "During the speech Trump claimed, …")
LEADING_PARTICIPLE_RE = re.compile(
    r"^\s*(?!(?:During|Following|Including|According|Regarding|Concerning|Considering|Excluding|Pending|"
    r"Notwithstanding|Barring|Saving)\b)[A-Z][a-z]+ing\s+(?:to|on|in|at|about|before|after|with|from|for|of|"
    r"the|a|an|his|her|their|its)\b[^,\"“”]{0,100},\s*"
    r"|^\s*(?:Asked|Questioned|Pressed|Quizzed)\s+(?:about|on|over|whether|if|why|how|what|when)\b[^,\"“”]{0,100},\s*")
AS_PUTS_IT_RE = re.compile(r"^\s*As\s+(?=[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s+(?:puts|put|said|says|wrote)\b)")
FIRST_PERSON_RE = re.compile(r"I(?:['’](?:m|ve|d|ll))?$")
SENTENCE_BREAK_RE = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[A-Z“\"])")  # splits, keeping each sentence's stop
CLAUSE_SPLIT_RE = re.compile(SENTENCE_BREAK_RE.pattern + r"|[;\"“”]")
AFTER_ACCORDING_RE = re.compile(r"^\s*,?\s*(?:according to|selon|d['’]après|según)\b(?P<rest>[^.;]{0,120})")  # French, Spanish
# (French puts an auxiliary between the subject and its participle: "Dupont a déclaré", "Durand s'est dite")
FRENCH_AUXILIARY = r"(?:(?:a|avait|aurait|s['’]est|s['’]était)\s+(?:aussi\s+|alors\s+|ensuite\s+|également\s+)?)?"
SUBJECT_BEFORE_VERB_RE = re.compile(r"(?:^|[\s,;(])" + WHO + r"\s+(?:also\s+|then\s+|later\s+)?" + FRENCH_AUXILIARY + "$")
NOT_SUBJECTS = {"the", "this", "these", "that", "it", "its", "when", "while", "after", "before", "as", "in", "on",
                "at", "but", "and", "then", "there", "here", "they", "we", "i", "you", "later", "also", "officials"}
PRONOUNS = {"he", "she"}
GROUP_PRONOUNS = {"we", "you", "they"}  # no one person: '"We can win," said Lee, adding that "…"' is still Lee's
NOBODY = ""  # a speaker written as something other than a person ("the study", "the army")
# (French and Spanish also open a sentence with "Pour X, « … »" / "Para X, « … »": X's view, in X's words)
ACCORDING_RE = re.compile(r"(?:\b(?:according to|[Ss]elon|[Dd]['’]après|[Ss]egún)|(?:^|[.!?]\s+)(?:Pour|Para))\s+" + WHO
                          + r"\s*,?\s*$")
# "Selon lui, « … »", "D'après elle, « … »", "Pour lui, « … »": the account of the man or woman named before
ACCORDING_PRONOUN_RE = re.compile(r"(?:\b(?:[Ss]elon|[Dd]['’]après)|(?:^|[.!?]\s+)Pour)\s+(?P<pronoun>lui|elle)\s*,?\s*$")
# "Pour le collectif, il s'agit d'« … »", "Selon les syndicats, « … »": the view of someone named by a noun
ACCORDING_NOUN_RE = re.compile(r"(?:\b(?:[Ss]elon|[Dd]['’]après)|(?:^|[.!?»]\s*)Pour)\s+(?:le|la|les|l['’])\s*"
                               r"(?P<noun>[a-zà-öø-ÿ][\w-]{2,30})\b[^\"“”«».;!?]{0,120}$")
# "Selon lui, la grève « … »", "Pour Ann Lee, cette réforme est « … »": a sentence that opens on someone's
# account and goes on in the reporter's words up to the quote, all of it that person's view
FRENCH_ACCOUNT_RE = re.compile(r"(?:^|[.!?;]\s+)(?:[Ss]elon|[Dd]['’]après|Pour)\s+(?:(?P<pronoun>lui|elle)|(?P<who>"
                               + NAME + r"))\s*,\s*(?P<clause>[^«»\"“”.;:!?]{0,200})$")
# "Estimant que …", "Dénonçant …": a sentence opening on a French present participle
FRENCH_PARTICIPLE_OPENING_RE = re.compile(r"\s*(?P<participle>[A-ZÉ][a-zà-öø-ÿ]+ant)\b[^,.;!?]*$")
# "…», il a voté contre", "… », Ann Lee a quitté": the rest of the participle's phrase, then the main clause's subject
FRENCH_MAIN_SUBJECT_RE = re.compile(r"[^,.;!?«»\"“”]{0,100},\s*(?:(?P<pronoun>il|elle)\b|(?P<who>" + NAME
                                    + r")\s+(?:a|avait|s['’]est|[a-zà-öø-ÿ]+)\b)")
# "selon M. Girard", "d'après Mme Martin": a surname after a French honorific
FRENCH_HONORIFIC_NAME_RE = re.compile(r"\s*(?:M\.|Mme|Mlle)\s*(?P<who>[A-Z][\w'’-]{1,30})\b")
# "« … », selon elle."
AFTER_ACCORDING_PRONOUN_RE = re.compile(r"^\s*,?\s*(?:selon|d['’]après)\s+(?P<pronoun>lui|elle)\b")
# "According to eyewitness Ann Lee, “…”", "According to Rutgers University scholar Ann Lee, “…”"
ACCORDING_DESCRIBED_RE = re.compile(r"\b(?:[Aa]ccording to|[Ss]elon|[Dd]['’]après|[Ss]egún)\s+(?P<rest>[^\"“”.;]{3,120}?),?\s*$")
DOCUMENTS = r"(?:statement|letter|decree|order|ruling|tweet|post|message|speech|opinion|memo|description|note)"
# "Trump's statement read: “…”", "Part of the judge's statement reads “…”", "The decree signed by the Pope read"
STATEMENT_BEFORE_RE = re.compile(
    r"(?:(?P<who>" + NAME + r")|\b[Tt]he\s+(?P<role>[a-z-]{3,30}))['’]s\s+(?:[a-z]+\s+){0,2}" + DOCUMENTS
    + r"\s+(?:[a-z]+\s+){0,3}(?:read|reads|said|says|stated|states)\b[^\"“”]{0,60}$"
    r"|\b" + DOCUMENTS + r"\s+(?:signed|issued|written|released|posted)\s+by\s+(?:the\s+)?(?P<by>" + NAME
    + r")\s+(?:read|reads|said|says|stated)\b[^\"“”]{0,60}$"
    # "A statement from John Smith's office read: “…”"
    r"|\b" + DOCUMENTS + r"\s+from\s+(?:the\s+)?(?P<from>" + NAME + r")(?:['’]s\s+[a-z]+)?\s+(?:read|reads|said|says|"
    r"stated)\b[^\"“”]{0,60}$")
# '“…,” reads Judge Miller's statement'
STATEMENT_AFTER_RE = re.compile(r"^\s*[,.]?\s*(?:reads|read|says|said)\s+(?:the\s+)?(?:(?P<who>" + NAME
                                + r")|(?P<role>[a-z-]{3,30}))['’]s\s+(?:[a-z]+\s+){0,2}" + DOCUMENTS)
# after a quote broken off at a comma: a long description of someone, their name, then the verb
DESCRIBED_SUBJECT_RE = re.compile(r"^\s*,?\s*(?P<clause>[^\"“”.;!?,]{3,150}?)\s+(?:also\s+)?" + VERB + r"\b")
# "The governor said “…”", "The commissioner said, “…”": a role noun as the subject
ROLE_SUBJECT_RE = re.compile(r"(?:^|[.;,]\s+)[Tt]he\s+" + QUALIFIER + r"(?P<role>" + ROLE + r")\s+(?:also\s+|then\s+|later\s+)?$")
TITLE_LEAD_RE = re.compile(r"(?:\b(?:the|titled|entitled|called|named|dubbed|themed|slogan|as|of)\s*)$", re.IGNORECASE)
SMALL_WORDS = {"a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "with", "by", "from", "as"}


# French inverts subject and verb after a quote: "», indique-t-il", "», a-t-elle expliqué", "», lui dit-elle"
FRENCH_INCISE_RE = re.compile(r"^\s*[,.]?\s*(?:(?:lui|leur|nous|me|m['’])\s+)?[a-zéèêëàâîïôûùç]+-(?:t-)?(?P<pronoun>il|elle)\b")
# … and the name too, behind any description: "» s'est réjoui le président Obama", "», a indiqué V. Sapounov",
# "», affirme un jeune manifestant, Abdel Nasser", "», dijo la portavoz Ann Lee" (these verbs are no English words,
# so English text never takes this path)
ROMANCE_VERB = r"(?:" + "|".join(sorted(ROMANCE_SPEECH_VERBS, key=len, reverse=True)) + r")"
ROMANCE_AFTER_RE = re.compile(
    r"^\s*[,.]?\s*(?:(?:lui|leur|nous|me|m['’]|l['’]|le|la|les)\s*)?(?:(?:a|ont|avait|aurait|avaient|s['’]est|se\s+sont|"
    r"s['’]était|ha|había)\s+)?" + ROMANCE_VERB + r",?\s+(?:(?:le|la|les|l['’]|un|une|el|los|las|uno)\s*)?"
    r"(?:[a-zà-öø-ÿ][\w'’-]*,?\s+){0,5}?(?:[A-Z]\.\s*)?(?P<who>" + NAME + r")")
# "comme le rappelle Ann Lee, « … »", "comme l'a souligné le ministre, la loi est « … »": a clause that says
# who has said what follows
FRENCH_AS_SAID_RE = re.compile(r"\b[Cc]omme\s+(?:le|l['’])\s*(?:(?:a|avait)\s+)?" + ROMANCE_VERB
                               + r"\s+(?P<who>[^«»\"“”,.;!?]{2,80}),[^«»\"“”.;!?]{0,120}$")
# "écrit le quotidien Le Matin", "rapporte l'agence Reuters": a kind of outlet or body before the name after
# the verb, which names no person
FRENCH_MEDIA_NOUN_RE = re.compile(r"\b(?:le|la|l['’])\s*(?:quotidien|journal|hebdomadaire|mensuel|magazine|site|"
                                  r"chaîne|radio|télévision|agence|périodique|revue|ONG|organisation|association|"
                                  r"ministère|parti|syndicat|groupe|société|entreprise)(?:\s+[a-zà-öø-ÿ-]+){0,2}\s+$")
# "« … », y compris les dommages, commente Ann Lee": a phrase set off by commas between the quote and the
# inverted verb of its attribution
ROMANCE_INSERTION_RE = re.compile(r"\s*,\s*[^,.;!?«»\"“”]{1,80}?(?=,\s*(?:(?:a|ont|avait)\s+)?" + ROMANCE_VERB
                                  + r"\s)")


# "», a poursuivi l'expert", "», a ajouté la ministre": a role noun with the definite article inverted after
# the verb, for someone the article has already brought in
ROMANCE_ROLE_AFTER_RE = re.compile(
    r"^\s*[,.]?\s*(?:(?:lui|leur|nous|me|m['’]|l['’]|le|la|les)\s*)?(?:(?:a|ont|avait|aurait|avaient|s['’]est|"
    r"s['’]était|ha|había)\s+)?" + ROMANCE_VERB + r"\s+(?:le|la|l['’]|el)\s*(?P<role>[a-zà-öø-ÿ][a-zà-öø-ÿ-]{2,30})"
    r"(?=\s*[.,;)]|\s*$)")


# "« … », affirme l'organisation dans un rapport", "« … », indique le communiqué": a comma and a reporting verb
# right after the closing mark hand the passage over as someone's words, whoever they are
ROMANCE_HANDED_OVER_RE = re.compile(r"^\s*,\s*(?:(?:a|ont|avait|aurait|avaient)\s+)?" + ROMANCE_VERB
                                    + r"\s+(?:le|la|les|l['’]|un|une|des|el|la|los|las)\b")


# after a capitalised word that is part of a title, the rest of the description and the name
ROMANCE_NAME_AFTER_RE = re.compile(r"\s*(?:[a-zà-öø-ÿ][\w'’-]*,?\s+){0,5}?(?:[A-Z]\.\s*)?(?P<who>" + NAME + r")")
# "ministre des Affaires sociales", "président de la République": French capitalises the first word of an
# office's domain, after "de", "des", "du", "de la", "de l'"
DOMAIN_BEFORE_RE = re.compile(r"(?:\b(?:de|des|du|la)\s+|\bd['’]|\bl['’])$")


def _romance_after_insertion(after_text):
    """The name after an inverted French or Spanish reporting verb that a phrase set off by commas parts
    from the quote ("« … », y compris les dommages, commente Ann Lee"): (name, offset), or None."""
    insertion = ROMANCE_INSERTION_RE.match(after_text)
    romance = ROMANCE_AFTER_RE.match(after_text[insertion.end():]) if insertion else None
    if not romance:
        return None
    who, at = _romance_name(after_text[insertion.end():], romance)
    return who, insertion.end() + at


def _romance_name(after_text, romance):
    """The name after a French or Spanish reporting verb, past the capitalised words of a title written
    before it ("le Premier ministre Jean-Marc Ayrault", "le président de la République François Hollande",
    "le ministre des Affaires sociales Jean Dupuis"): (name, offset in ``after_text``)."""
    who, at = romance.group("who"), romance.start("who")
    for _ in range(3):
        first = who.split()[0]
        if not (is_title_token(first) or DOMAIN_BEFORE_RE.search(after_text, max(0, at - 6), at)):
            break
        onward = ROMANCE_NAME_AFTER_RE.match(after_text, at + len(first))
        if not onward:
            break
        who, at = onward.group("who"), onward.start("who")
    return who, at


# "Il a estimé que …« … »", "Elle déclara : « … »": a French pronoun subject of a reporting verb before the quote,
# also after a conjunction or a relative ("… dans le Wisconsin où il a promis un « nouveau départ »")
ROMANCE_PRONOUN_BEFORE_RE = re.compile(r"(?:^|[,;:]\s+|\b(?:où|et|mais|puis|quand|lorsqu['’]|qu['’]|dont)\s*)(?P<pronoun>[Ii]l|[Ee]lle)\s+(?:lui\s+|leur\s+|l['’]\s*|y\s+|en\s+)?(?:a\s+|"
                                       r"avait\s+|aurait\s+|s['’]est\s+|s['’]était\s+)?(?:aussi\s+|alors\s+|ensuite\s+)?" + ROMANCE_VERB
                                       + r"\b[^«»\"“”.!?]{0,200}$")


# "Elle a dénoncé une « trahison »": il or elle just before a French reporting verb (or its auxiliary) is a
# person; an impersonal "il" takes no verb of speech
# "Il a été élu en 2010 et déclara …", "Dès lundi, elle a quitté le parti et a déclaré …": a French sentence
# whose subject is il or elle (after at most a phrase set off by a comma), and a verb coordinated with its first
FRENCH_OPENING_PRONOUN_RE = re.compile(r"\s*(?:[A-ZÀ-Ý][^,«»\"“”]{0,80},\s+)?(?P<pronoun>[Ii]l|[Ee]lle)\s+(?!y\s+a\b)")
FRENCH_COORDINATED_RE = re.compile(r"\bet\s+(?:(?:a|avait)\s+)?(?:(?:alors|ensuite|aussi|[a-zé]+ment)\s+)?$")


ROMANCE_PRONOUN_SUBJECT_RE = re.compile(r"\b(?P<pronoun>[Ii]l|[Ee]lle)\s+(?:lui\s+|leur\s+|l['’]\s*|les\s+|s['’]|[a-z]+\s+)"
                                        r"{0,2}$")


# "Le maire a ensuite déclaré : « … »", "La porte-parole du gouvernement a assuré que « … »", "Le Premier
# ministre affirme : « … »": a French office with the definite article as the subject of the reporting verb
FRENCH_ROLE_SUBJECT_RE = re.compile(
    r"(?:^|[.;:,]\s+|\b(?:et|mais|puis)\s+)(?:[Ll]e|[Ll]a|[Ll]['’])\s*(?:(?:ancien|ancienne|nouveau|nouvelle|"
    r"actuel|actuelle|ex-)\s*)?(?P<role>[A-Za-zà-öø-ÿ][\w-]{1,30}(?:\s+[a-zà-öø-ÿ][\w-]{2,30})?)"
    r"(?P<domain>\s+(?:de|du|des|d['’])\s*(?:la\s+|l['’])?[\w'’ -]{1,50}?)?\s+(?:(?:a|avait|aurait|s['’]est)\s+)?"
    r"(?:(?:aussi|alors|ensuite|également|encore|déjà|[a-zé]+ment)\s+)?$")


def french_role_subject(text):
    """The office a French clause ending in its subject names ("Le ministre a ensuite", "La porte-parole du
    parti a"): the role noun, as "the <noun>", for the person introduced with that office, with its domain
    when written ("le ministre de l'Intérieur" is not the minister of finance named before); None when the
    subject is no office ("Le texte a …")."""
    match = FRENCH_ROLE_SUBJECT_RE.search(text)
    if not match:
        return None
    for word in reversed(match.group("role").lower().split()):
        if word in FRENCH_ROLE_WORDS or set(word.split("-")) & FRENCH_ROLE_WORDS:
            domain = (match.group("domain") or "").lower()
            return f"the {word}{' ' + ' '.join(domain.split()) if domain else ''}", match.start("role")
    return None


class Organisation(str):
    """A quote's written source that is a body, not a person ("The Emergencies Ministry said ...")."""


class CarriedRole(str):
    """A role noun written for someone already quoted ("», a poursuivi l'expert"): when nobody was introduced
    with that role, the person quoted last."""


class Written(tuple):
    """A written speaker and where it stands, ``(who, offset)``, with the construction it was read from
    (``construction``: "verb-after", "according-to", "colon" …): the pass a quote's credit is kept under, so
    editors see how a speaker was found and the scorer measures each construction alone."""

    construction = ""

    def __new__(cls, found, construction):
        written = super().__new__(cls, found)
        written.construction = construction
        return written


def read_by(construction, found):
    """``found`` (who, offset) marked as read by ``construction``; a speaker an inner reading already marked
    keeps its own, and None stays None."""
    if not found or isinstance(found, Written):
        return found
    return Written(found, construction)


# bodies that speak: a capitalised name with one of these words, or an acronym ("CBCP", "USCIRF")
SPEAKING_BODY_WORDS = ORG_WORDS - {"road", "belt", "river", "street", "square", "hall", "lane", "garden", "gardens",
                                   "park", "area", "zone", "tower", "building", "plaza", "mall", "bridge", "corridor",
                                   "hub", "tour", "expo", "summit", "plan", "strategy", "project", "program",
                                   "programme", "initiative", "system", "station", "airport", "port", "harbour",
                                   "harbor", "hotel", "restaurant", "city", "district", "province", "region"}


def organisation_in(text):
    """The body written last in ``text`` (nearest a verb that follows), or ""."""
    for match in reversed(list(CAP_SEQUENCE_RE.finditer(text))):
        name = match.group().strip(" .,")
        words = set(lower_words(name))
        if (words & SPEAKING_BODY_WORDS and len(words) >= 2) or (name.isupper() and 2 <= len(name) <= 10
                                                                and name.isalpha()):
            return ARTICLE_RE.sub("", name).strip()
    return ""


@lru_cache(maxsize=512)
def reporting_clause(span, text):
    """The clause before a quote up to its reporting verb, when a person (a name or he/she) says it there:
    (clause start offset, clause, verb match), else None."""
    before = text[max(0, span.open_at - 300):span.open_at]
    clause = LEADING_PARTICIPLE_RE.sub("", CLAUSE_SPLIT_RE.split(before)[-1])
    verb = reporting_verb(REPORTED_RE, clause)
    if not verb:
        return None
    subject = clause[:verb.start()]
    if not (re.search(r"\b(?:[Hh]e|[Ss]he)\b", subject) or ROMANCE_PRONOUN_SUBJECT_RE.search(subject)
            or named_people(subject)
            or re.search(r"(?:^|\s)[A-Z][\w'’-]+\s+(?:also\s+|then\s+|later\s+|once\s+)?" + FRENCH_AUXILIARY + "$",
                         subject)
            or _role_subject(subject) or first_body_in(subject) or ROLE_NOUN_RE.match(subject)):
        return None
    return span.open_at - len(clause), clause, verb


def _role_subject(text):
    """"The senator", "the actress", "the mother" ending ``text``: a person named by a role (else None)."""
    role = ROLE_SUBJECT_RE.search(text)
    words = role.group("role").split() if role else []
    return role if role and (all(is_title_token(w) for w in words) or role.group("role") in RELATION_WORDS) else None


# a French noun's complement before a single word in guillemets: "du « oui »", "de la « dédiabolisation »"
# (a bare "de" gives the epithet of "qualifier de", "traiter de": "qualifié la décision d'« inacceptable »")
FRENCH_GENITIVE_BEFORE_RE = re.compile(r"\b(?:du|des|de\s+la|de\s+l['’])\s*«$")


def is_speech(span, text):
    """A quote rather than a quoted title: a clause that ends in punctuation, or lowercase prose; any quoted
    words a person is reported saying ("X called it “lousy”")."""
    words = span.text.split()
    if _romance_attributed(text[span.close_at + 1:span.close_at + 160]):
        return True  # « Nous reviendrons », a-t-il dit: in French and Spanish only speech is handed over so
    if text[span.open_at] == "«" and len(words) >= 2 and span.text[:1].islower():
        return True  # guillemets (French, Spanish) set off someone's words far more than terms: « triste rappel »
    if len(words) == 1 and FRENCH_GENITIVE_BEFORE_RE.search(text, max(0, span.open_at - 8), span.open_at + 1):
        return False  # "la victoire du « oui »", "le succès de la « dédiabolisation »": a term named, not words said
    if len(words) < 3:
        after = text[span.close_at + 1:span.close_at + 40]
        if span.text.rstrip().endswith(",") and _after(span, after):
            return True  # the first words of a quote split by its attribution: “However,” he said, “…”
        if span.text.rstrip()[-1:] in ".!?" and _just_before(HANDED_OVER_RE, span, text):
            return True  # 'Asked whether he would resign, Lee said: “Absolutely not.”'
        return bool(words) and span.text[:1].islower() and (
            reporting_clause(span, text) is not None or _joined_to_speech(span, text)
            or _just_before(AGENT_AS_RE, span, text) or _just_before(ACCORDING_BEFORE_RE, span, text))
    inner_end = span.text.rstrip()[-1:]
    after = text[span.close_at + 1:span.close_at + 40]
    attributed = bool(_after(span, after) or AFTER_ACCORDING_RE.match(after))
    if len(words) <= 8 and all(w[:1].isupper() or not w[:1].isalpha() for w in words) and re.search(
            r"\b(?:on|in|at|to|of|the|titled|entitled|called|named)\s*$", text[max(0, span.open_at - 12):span.open_at],
            re.IGNORECASE):
        return False  # 'said on “Harbour Morning Live.”': a programme, book or event named, not speech
    if inner_end in ".,!?…" or attributed:
        return True
    capitalised = sum(1 for w in words if w[:1].isupper() or w.lower() in SMALL_WORDS) / len(words)
    titled_lead = TITLE_LEAD_RE.search(text[max(0, span.open_at - 12):span.open_at])
    # "described the deal as “a turning point”", "out of “enormous respect and love”": words in lower case
    # after "as" or "of" in someone's reported speech are theirs
    if capitalised > 0.7 or (titled_lead and reporting_clause(span, text) is None):
        return False
    return (len(words) >= 6 or reporting_clause(span, text) is not None or _joined_to_speech(span, text)
            or _just_before(ACCORDING_BEFORE_RE, span, text))


def _just_before(pattern, span, text):
    """Whether ``pattern`` (anchored at its end) matches the 200 characters before the quote opens."""
    return pattern.search(text, max(0, span.open_at - 200), span.open_at) is not None


def _joined_to_speech(span, text):
    """'X said the plan was “a disaster” and “a waste of money”': a passage joined by "and", "or" or a comma
    to the quote just before it is speech when that one is."""
    earlier = [other for other in quote_spans(text) if other.close_at < span.open_at]
    return bool(earlier) and bool(JOINED_RE.fullmatch(text, earlier[-1].close_at + 1, span.open_at)) and is_speech(
        earlier[-1], text)


def _romance_attributed(after_text):
    return bool(FRENCH_INCISE_RE.match(after_text) or ROMANCE_AFTER_RE.match(after_text)
                or ROMANCE_ROLE_AFTER_RE.match(after_text) or ROMANCE_HANDED_OVER_RE.match(after_text)
                or _romance_after_insertion(after_text))


def _is_split(span, after_text):
    """'"A," …' or '"A", …': the quote breaks off at a comma, its attribution follows."""
    return span.text.rstrip()[-1:] == "," or after_text.lstrip().startswith(",")


def _after(span, after_text):
    """The attribution right after a quote; a described name ("… coach Geoff Ingram said") only
    after a quote that breaks off at a comma, else it is the next sentence's subject."""
    after = AFTER_RE.match(after_text)
    if after and after.group("who") and (after.group("who").lower() in GROUP_PRONOUNS
                                         or FIRST_PERSON_RE.match(after.group("who"))):
        return None  # '“…” We agreed.': no one person
    if after and (after.group("who3") or after.group("who4")) and not _is_split(span, after_text):
        return None
    if after and after.group("between") and span.text.rstrip()[-1:] == ".":
        return None  # '"… argument." Ann Lee of X asked …': a new sentence about someone else
    if after and after.group("who") and span.text.rstrip()[-1:] == "." and re.match(
            r"\s+(?!that\b)[a-z]+(?:\s+\w+){3,}", after_text[after.end():]):
        return None  # '“… from Yemen.” BBC's Ann Lee said questions remain …': the next sentence's own news
    return after


def _only_article_before(after, after_text):
    """'," the Beige Book said', '," wrote the Harbour Gazette': a capitalised name after a quote that only
    "the" stands before names a body, a document or a work; a person takes no article ("the actor Ann Lee"
    is described, "the Prime Minister" is a role)."""
    group = "who3" if after.group("who3") else "who4" if after.group("who4") else None
    return bool(group) and bool(re.fullmatch(r"\s*[,.]?\s*(?:\w+\s+)?[Tt]he\s+", after_text[:after.start(group)]))


# "the" (or "The") right before a name: "the Beige Book", "The Harbour Post"
ARTICLE_BEFORE_RE = re.compile(r"(?:^|[\s,;(])[Tt]he\s+$")


def _named_with_article(before, name):
    """Whether a capitalised name with only "the" before it, none of its words a first name or a title, names
    a body, a document or a work ("the Beige Book", "the Harbour Post"): people take no article ("the actor
    Ann Lee" is described, "the Prime Minister" is a role)."""
    return bool(ARTICLE_BEFORE_RE.search(before)) and not _has_person_words(name)


def _has_person_words(name):
    """Whether a capitalised name holds a first name or a title: a person's, not a body's or a work's."""
    return any(first_name_gender(word) or is_title_token(word) for word in name.split())


def _introduces_next_quote(span, after_text, end):
    """'"A." Lee said: "B"': an attribution after a finished quote that hands over to the next one (a quote
    that breaks off at a comma is one quote split in two: its attribution is its own)."""
    return not _is_split(span, after_text) and bool(re.match(r"[^.!?\"“”]{0,40}?[,:]?\s*[\"“]", after_text[end:]))


def attribution(span, text):
    """The written speaker next to a quote (a name, a lone name part or a pronoun), or None.

    NOBODY when the quote is attributed to something that is not a person
    ("the study reports", "according to a statement").
    """
    after_text = text[span.close_at + 1:span.close_at + 160]
    incise = FRENCH_INCISE_RE.match(after_text)
    if incise:
        return read_by("fr-incise", _french_pronoun(incise, span.close_at + 1))
    romance = ROMANCE_AFTER_RE.match(after_text)
    if romance:
        who, at = _romance_name(after_text, romance)
        if FRENCH_MEDIA_NOUN_RE.search(after_text[:at]):  # "», écrit le quotidien Le Matin"
            return read_by("fr-outlet-after", (Organisation(who), span.close_at + 1 + at))
        return read_by("fr-verb-after", (who, span.close_at + 1 + at))
    inserted = _romance_after_insertion(after_text)
    if inserted:
        who, at = inserted
        return read_by("fr-verb-after-insertion", (who, span.close_at + 1 + at))
    romance_role = ROMANCE_ROLE_AFTER_RE.match(after_text)
    if romance_role:
        return read_by("fr-role-after", (CarriedRole(f"the {romance_role.group('role')}"),
                                         span.close_at + 1 + romance_role.start("role")))
    appositive = VERB_APPOSITIVE_RE.match(after_text)
    if appositive and not named_people(appositive.group("title")) and any(
            is_title_token(word) or word.lower() in RELATION_WORDS for word in appositive.group("title").split()):
        # '," said his father, Ann Lee': a title, then the name ('said Sen. Ann Lee, D-Ohio' names her first)
        return read_by("verb-appositive", (appositive.group("who"), span.close_at + 1 + appositive.start("who")))
    statement = STATEMENT_AFTER_RE.match(after_text)
    if statement:
        return read_by("statement", (_document_author(statement), span.close_at + 1 + statement.start()))
    role = ROLE_AFTER_RE.match(after_text)
    written_role = (role.group("role") or role.group("role2")) if role else ""
    if role and all(is_title_token(word) for word in written_role.split()) and (
            _is_split(span, after_text) or span.text.rstrip()[-1:] in ",?!"):
        return read_by("role-noun", (f"the {written_role.lower()}", span.close_at + 1 + role.start()))
    spokesperson = SPOKESPERSON_AFTER_RE.match(after_text)
    if spokesperson and not _introduces_next_quote(span, after_text, spokesperson.end()):
        body = (spokesperson.group("org") or spokesperson.group("org2")).rstrip(".")
        return read_by("spokesperson", (Organisation(body), span.close_at + 1))
    unnamed = UNNAMED_AFTER_RE.match(after_text)
    if unnamed and not name_spans(unnamed.group("who")) and not _introduces_next_quote(span, after_text,
                                                                                        unnamed.end()):
        # '," a senior official said': someone the article does not name
        return read_by("unnamed", (NOBODY, span.close_at + 1))
    after = _after(span, after_text)
    # 'Name remarked, "…"' right after a quote introduces the next quote, not this one,
    # unless this one breaks off at a comma: '"A," Name said, "b …"' is one quote split in two
    # '"A," Lee said, "B"' splits one quote; 'Lee said, "B"' after a finished quote introduces the next one —
    # but a verb before the name ('"A" tweeted Lee "B"') attributes what came before
    if after and (after.group("who2") or after.group("who4") or not _introduces_next_quote(span, after_text,
                                                                                           after.end())):
        who = next(after.group(g) for g in ("who", "who2", "who3", "who4") if after.group(g))
        if _only_article_before(after, after_text) and not _has_person_words(who):
            return read_by("article-name", (Organisation(ARTICLE_RE.sub("", who).strip()),
                                            span.close_at + 1 + after.start()))
        if after.group("who") and after.group("between") and all(is_title_token(w) for w in who.split()):
            # '," Vice Minister of Commerce Wang Shuhua said': the office's domain, then the name
            named = named_people(who + after.group("between"))
            if named:
                return read_by("verb-after", (named[-1].name, span.close_at + 1 + after.start("who") + named[-1].start))
        who2 = after.group("who2") or ""
        if who2 and ((who2.isupper() and len(who2) > 1 and re.match(r"\s+[a-z]", after_text[after.end("who2"):]))
                     or describes_someone(after_text, after.end("who2"))):
            # '," quipped Valiant Entertainment editor Ann Lee': a body, its officer's title, the name
            named = named_people(after_text[after.end("who2"):after.end("who2") + 100])
            if named:
                return read_by("verb-after", (named[0].name, span.close_at + 1 + after.end("who2") + named[0].start))
        return read_by("verb-after", (who, span.close_at + 1 + after.start()))
    described = DESCRIBED_SUBJECT_RE.match(after_text) if _is_split(span, after_text) else None
    if described:  # '," 1st Fleet Command's Navy Information Agency head Ann Lee told …'
        named = named_people(described.group("clause"))
        if named and any(is_title_token(w) for w in described.group("clause")[:named[-1].start].split()):
            return read_by("described-subject", (named[-1].name,
                                                 span.close_at + 1 + described.start("clause") + named[-1].start))
    pronoun = AFTER_ACCORDING_PRONOUN_RE.match(after_text)
    if pronoun:
        return read_by("fr-according-pronoun", _french_pronoun(pronoun, span.close_at + 1))
    according = AFTER_ACCORDING_RE.match(after_text)
    if according:
        names = named_people(according.group("rest"))
        offset = span.close_at + 1 + according.start("rest")
        if names:
            return read_by("according-to", (names[-1].name, offset + names[-1].start))
        # '“…,” according to NBC': the outlet that reported it, unless the sentence says who said it
        before = _attribution_before(span, text)
        if before and before[0]:
            return before
        honorific = FRENCH_HONORIFIC_NAME_RE.match(after_text, according.start("rest"))
        if honorific:  # "« … », selon M. Girard": a surname the article gave in full before
            return read_by("fr-according-honorific", (honorific.group("who"), span.close_at + 1 + honorific.start("who")))
        return read_by("according-to", (Organisation(organisation_in(according.group("rest"))) or NOBODY, offset))
    return _attribution_before(span, text)


def _attribution_before(span, text):
    """The written speaker in the sentence before a quote."""
    before_text = text[max(0, span.open_at - 300):span.open_at]
    sentence = LEADING_PARTICIPLE_RE.sub("", SENTENCE_BREAK_RE.split(before_text)[-1])
    sentence = AS_PUTS_IT_RE.sub("", sentence)
    according = ACCORDING_RE.search(sentence)
    if according:
        return read_by("according-to", (according.group("who"), span.open_at))
    pronoun = ACCORDING_PRONOUN_RE.search(sentence)
    if pronoun:
        return read_by("fr-according-pronoun", _french_pronoun(pronoun, span.open_at - len(sentence)))
    account = _french_account(sentence)
    if account:  # "Selon lui, la grève « … »", "Pour Ann Lee, il s'agit d'une « … »"
        return read_by("fr-account", (account[0], span.open_at - len(sentence) + account[1]))
    noun = ACCORDING_NOUN_RE.search(sentence)
    if noun and not named_people(sentence[noun.start():]):
        return read_by("fr-according-noun", _account_by_noun(noun, span.open_at - len(sentence)))
    according = ACCORDING_DESCRIBED_RE.search(sentence)
    if according:
        names = named_people(according.group("rest"))
        offset = span.open_at - len(sentence) + according.start("rest")
        if names:
            return read_by("according-to", (names[-1].name, offset + names[-1].start))
        body = organisation_in(according.group("rest"))
        if body:
            return read_by("according-to", (Organisation(body), offset))
        return read_by("according-to", _lone_name(according.group("rest").split(",")[0], offset) or (NOBODY, offset))
    statement = STATEMENT_BEFORE_RE.search(sentence)
    if statement:
        return read_by("statement", (_document_author(statement), span.open_at - len(sentence) + statement.start()))
    romance = ROMANCE_PRONOUN_BEFORE_RE.search(sentence)
    if romance:  # "Il a estimé que ces statistiques constituaient un « triste rappel »": things do not declare
        return read_by("fr-pronoun-before", _french_pronoun(romance, span.open_at - len(sentence)))
    as_said = FRENCH_AS_SAID_RE.search(sentence)
    if as_said:  # "comme le rappelle Ann Lee, « … »": the one the clause says has said it
        return read_by("fr-as-said", _as_said_by(as_said, span.open_at - len(sentence)))
    participle = _french_participle_subject(span, text, sentence)
    if participle:  # "Estimant que « … », il a voté contre": the main clause's subject
        return read_by("fr-participle", participle)
    verb, construction = reporting_verb(BEFORE_RE, sentence), "verb-before"
    if not verb:
        reported = reporting_clause(span, text)  # a partial quote inside reported speech
        if reported:
            (_, sentence, verb), construction = reported, "reported"
            pronoun = ROMANCE_PRONOUN_SUBJECT_RE.search(sentence[:verb.start()])
            if pronoun and not named_people(sentence[:verb.start()]):
                return read_by("reported", _french_pronoun(pronoun, span.open_at - len(sentence)))
    if verb:
        sentence_start = span.open_at - len(sentence)
        clause_start = _last_clause_start(sentence, verb.start())
        subjects, shift = named_people(sentence[clause_start:verb.start()]), clause_start
        if not subjects:
            subjects, shift = named_people(sentence[:verb.start()]), 0
        if subjects and _named_with_article(sentence[:shift + subjects[0].start], subjects[0].name):
            # 'the Beige Book said, “…”', 'The Harbour Post wrote: “…”': a body or a document, no person
            return read_by("article-name", (Organisation(subjects[0].name), sentence_start + shift + subjects[0].start))
        if subjects:  # the sentence's subject: its first person name (of the clause the verb stands in)
            return read_by(construction, (subjects[0].name, sentence_start + shift + subjects[0].start))
        spokesperson = SPOKESPERSON_BEFORE_RE.search(sentence[:verb.start()])
        if spokesperson:  # 'A spokeswoman for Tesco said: "…"'
            return read_by("spokesperson", (Organisation(spokesperson.group("org").rstrip(".")),
                                            sentence_start + spokesperson.start("org")))
        office = french_role_subject(sentence[clause_start:verb.start()])
        if office:  # "Le ministre a déclaré : « … »": the person introduced with that office
            return read_by("fr-role-before", (office[0], sentence_start + clause_start + office[1]))
        adjacent = SUBJECT_BEFORE_VERB_RE.search(sentence[max(0, verb.start() - 120):verb.start()])  # "…, Biden told"
        if adjacent and adjacent.group("who").split()[0].lower() not in NOT_SUBJECTS:
            at = sentence_start + max(0, verb.start() - 120) + adjacent.start("who")
            if _capitalised_role(adjacent.group("who"), text[max(0, at - 4):at]):
                # '," the Prime Minister told the crowd. "…"'
                return read_by("role-noun", (f"the {adjacent.group('who').lower()}", at))
            return read_by(construction, (adjacent.group("who"), at))
        opening = FRENCH_OPENING_PRONOUN_RE.match(sentence)
        if (opening and FRENCH_COORDINATED_RE.search(sentence[:verb.start()])
                and not named_people(sentence[:verb.start()])):
            # "Il fut exclu du groupe et déclara alors : « … »": the verbs share the subject the sentence opens on
            return read_by("fr-opening-pronoun", _french_pronoun(opening, sentence_start))
        role = _role_subject(sentence[:verb.start()])
        if role:
            return read_by("role-noun", (f"the {role.group('role').lower()}", sentence_start + role.start("role")))
        lead = re.match(r"\s*" + WHO, sentence)
        if lead and (FIRST_PERSON_RE.match(lead.group("who")) or lead.group("who").lower() in GROUP_PRONOUNS):
            lead = None  # the first word of a quote the sentence opens with: ""I informed …," wrote Trump"
        if lead and all(is_title_token(word) and word.lower() not in SMALL_WORDS for word in lead.group("who").split()):
            lone = _lone_name(sentence[:verb.start()], sentence_start)  # "Mayor de Oliveira, …, spoke": a title
            if lone:
                return read_by(construction, lone)
        if lead and lead.start("who") < verb.start():
            if lead.group("who").split()[0].lower() in SMALL_WORDS | {"this", "these", "that", "it", "its"}:
                body = organisation_in(sentence[:verb.start()])  # "The Emergencies Ministry has … called on …"
                return read_by(construction, ((Organisation(body) if body else NOBODY), sentence_start))
            return read_by(construction, (lead.group("who"), sentence_start + lead.start("who")))
        inverted = name_spans(sentence[verb.end("verb"):])  # "Remarked scientist Tierra Curry, "…""
        if inverted:
            return read_by(construction, (inverted[-1].name, sentence_start + verb.end("verb") + inverted[-1].start))
    return read_by("colon", _colon_subject(sentence, span.open_at - len(sentence)))


def _as_said_by(match, offset):
    """Who "comme le rappelle …" names: a person, a body ("comme le rappelle HRW"), or an office ("comme l'a
    souligné le ministre"); (written, offset)."""
    who, at = match.group("who"), offset + match.start("who")
    named = named_people(who)
    if named:
        return named[-1].name, at + named[-1].start
    body = organisation_in(re.sub(r"^(?:l['’]|le\s+|la\s+|les\s+)", "", who))
    if body:
        return Organisation(body), at
    office = french_role_subject(who + " ")
    return (office[0], at + office[1]) if office else (NOBODY, at)


def _french_participle_subject(span, text, sentence):
    """The subject of the main clause after a French sentence that opens on the present participle of a
    reporting verb ("Estimant que « … », il a voté contre", "Dénonçant une « trahison », Ann Lee a quitté …"):
    the participle is that subject's, so the words in its phrase are too. (written, offset), or None."""
    opening = FRENCH_PARTICIPLE_OPENING_RE.match(sentence)
    if not opening or opening.group("participle").lower() not in ROMANCE_SPEECH_VERBS:
        return None
    main = FRENCH_MAIN_SUBJECT_RE.match(text, span.close_at + 1)
    if not main:
        return None
    if main.group("pronoun"):
        return _french_pronoun(main, 0)
    return main.group("who"), main.start("who")


def _french_account(sentence):
    """The person whose account a French sentence gives ("Selon lui, …", "Pour Ann Lee, …"), when nobody
    else is named or speaks in the clause that follows: (written, offset in ``sentence``), or None."""
    account = FRENCH_ACCOUNT_RE.search(sentence)
    if not account or named_people(account.group("clause")) or reporting_verb(REPORTED_RE, account.group("clause")):
        return None
    if account.group("pronoun"):
        return _french_pronoun(account, 0)
    return account.group("who"), account.start("who")


def _french_pronoun(match, offset):
    """A French pronoun for someone named before, as "he" or "she": the subject of a reporting clause ("Il a
    estimé que … un « triste rappel » … « au point mort »": every partial quote in it is his), or the stressed
    pronoun of an account ("selon lui", "d'après elle")."""
    return ("she" if match.group("pronoun").lower() == "elle" else "he"), offset + match.start("pronoun")


def _account_by_noun(match, offset):
    """"Pour le ministre, « … »": an office is the person introduced with it; "pour le collectif", "selon les
    syndicats": a group or a body the article does not name, no person."""
    noun = match.group("noun")
    if is_title_token(noun) and noun[-1:] != "s":
        return f"the {noun}", offset + match.start("noun")
    return NOBODY, offset + match.start("noun")


def _last_clause_start(sentence, end):
    """Where the clause before ``end`` starts: after the last semicolon ("D'après X, « … » ; le ministre des
    finances, Y, a ajouté : « … »" — Y's words, not X's)."""
    return sentence.rfind(";", 0, end) + 1


def _capitalised_role(who, before):
    """"the Prime Minister", "the Chief Constable": title words after "the" are a role, the person introduced
    with it, not a name."""
    return bool(re.fullmatch(r"(?i:the)\s+", before[-4:])) and all(is_title_token(word) for word in who.split())


def _document_author(match):
    """Whose statement, decree or letter it is: a name ("Judge Miller" is Miller), or a role noun."""
    who = match.group("who") or match.groupdict().get("by") or match.groupdict().get("from")
    if who and all(is_title_token(part) for part in who.split()):
        return f"the {who.lower()}"  # "the decree signed by the Pope": the pope the article names
    if who:
        parts = who.split()
        while len(parts) > 1 and is_title_token(parts[0]):
            parts = parts[1:]
        return " ".join(parts)
    return f"the {match.group('role')}"


def _colon_subject(sentence, sentence_start):
    """'Ann Lee, an analyst at the bank: "…"': a sentence that opens with a name and hands over with a colon."""
    if not sentence.rstrip().endswith(":"):
        return None
    subjects = named_people(sentence)
    lead = sentence[:subjects[0].start].split() if subjects else None
    if subjects and len(lead) <= 4 and all(word[:1].isupper() or is_title_token(word) for word in lead):
        return subjects[0].name, sentence_start + subjects[0].start
    # "The new governor of the region, Ann Lee, during her address, …: “…”": a title phrase, then the name
    if subjects and len(lead) <= 8 and lead and lead[-1].endswith(",") and any(is_title_token(w.strip(","))
                                                                              for w in lead):
        return subjects[0].name, sentence_start + subjects[0].start
    according = re.match(r"\s*According to\s+(?P<who>[^,]{2,60}),", sentence)  # "According to Ann Lee, …: “…”"
    named = named_people(according.group("who")) if according else []
    if named:
        return named[-1].name, sentence_start + according.start("who") + named[-1].start
    if according:  # "According to U.S. Attorney Bash, …": a surname the article gave in full before
        return _lone_name(according.group("who"), sentence_start + according.start("who"))
    return _lone_name(sentence, sentence_start)


def _lone_name(text, offset):
    """One name word opening ``text`` after title words only ("Bolton gave …", "Mayor de Blasio, …"): a
    surname, which the caller resolves to someone named in full earlier (or to nobody)."""
    for match in re.finditer(r"\S+", text):
        word = match.group().rstrip(",")
        if is_title_token(word) or word in NAME_PARTICLES or word.rstrip(".").isupper():
            continue  # "Mayor", "de", "U.S."
        if is_name_token(word) and not word.endswith(("'s", "’s")):
            return word, offset + match.start()
        return None
    return None


def reporting_subject_at_end(text):
    """Who the last sentence of a paragraph reports as speaking, when it is reported speech with no quote in
    it ("Ann Lee said the port would reopen on Monday.", "He added that talks would go on."): the written
    subject, (written, offset), or None. A paragraph that then opens on a quote gives that person's words."""
    body = text.rstrip()
    sentence = SENTENCE_BREAK_RE.split(body)[-1]
    if not sentence.endswith(".") or re.search(r"[\"“”«»]", sentence):
        return None
    verb = reporting_verb(REPORTED_RE, sentence)
    lead = re.match(r"\s*" + WHO, sentence)
    if not verb or not lead or lead.end() > verb.start():
        return None
    subject = sentence[lead.start("who"):verb.start()]
    if lead.group("who").lower() not in PRONOUNS and not re.fullmatch(
            r"[^,]+?(?:,[^,]{1,100},)?\s*(?:also\s+|then\s+|later\s+)?", subject):
        return None  # a subject and, at most, one appositive before the verb: no clause of narration
    return lead.group("who"), len(body) - len(sentence) + lead.start("who")


def previous_sentence_subject(span, text):
    """The first word of the sentence before the quote, when the quote opens a sentence."""
    before_text = text[max(0, span.open_at - 600):span.open_at].rstrip()
    if before_text and before_text[-1] not in ".!?\"”":
        return None
    sentences = SENTENCE_BREAK_RE.split(before_text)
    if not sentences or not sentences[-1]:
        return None
    lead = re.match(r"\s*(?:[A-Z][\w ,'’-]{0,40},\s+)?" + WHO, sentences[-1])
    if lead:
        return lead.group("who"), len(before_text) - len(sentences[-1]) + lead.start("who")
    return None
