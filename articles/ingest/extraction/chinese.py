"""Quotes, their speakers and the people who say them in Chinese news.

Chinese marks speech with “…” (「…」 in Hong Kong and Taiwan) and writes no spaces, so a name is told by where
it stands: news style puts the speaker's title, then the name, then the reporting verb, then the quote —
代表团团长伊万诺娃表示：“…” — or the name and verb after it: “…”，伊万诺娃说。 A name is the characters between
the verb and the title word (团长, 部长, 发言人 …) or the punctuation before it, two to ten characters long
(foreign names are transliterated at length, their parts joined by ·).
"""
import re

from .facts import PersonFact, QuoteFact

HAN_RE = re.compile(r"[\u3400-\u9fff]")  # simplified and traditional characters alike
QUOTE_RE = re.compile(r"[“「『](?P<inner>[^“”「」『』]{1,3000})[”」』]")
VERBS = ("表示|指出|强调|認為|认为|介绍|介紹|说道|說道|说|說|称|稱|透露|坦言|回忆|回憶|告诉记者|告訴記者|对记者说|對記者說|补充说|"
         "補充說|补充道|写道|寫道|強調")
# the titles and words that stand before a name in a reporting clause (团长伊万诺娃, 外交部发言人毛宁)
TITLES = ("团长|副团长|部长|副部长|主席|副主席|总统|总理|副总理|发言人|局长|副局长|市长|副市长|省长|主任|副主任|记者|"
          "教授|经理|总经理|大使|书记|司长|处长|院长|校长|会长|董事长|总裁|总编辑|主编|负责人|代表|成员|专家|学者|官员|"
          "先生|女士|博士|团员|议员|秘书长|领事|参赞|社长|台长|导演|村民|游客|居民|"
          # the same in traditional characters (Hong Kong, Taiwan)
          "團長|副團長|部長|副部長|總統|總理|發言人|局長|市長|省長|記者|經理|總經理|書記|處長|院長|會長|董事長|總裁|總編輯|"
          "負責人|專家|學者|官員|團員|議員|秘書長|領事|參贊|社長|台長|導演|村民|遊客|居民")
ADVERBS = "(?:也|还|则|又|再次|随后|当天|日前|近日|在会上|在发布会上)"
VERB_BEFORE_RE = re.compile(ADVERBS + "?(?:" + VERBS + r")[：:，,]?\s*$")
CLAUSE_AFTER_RE = re.compile(r"^[，,]?\s*(?P<clause>[\u3400-\u9fff·]{2,40}?)" + ADVERBS + "?(?:" + VERBS + ")")
RUN_END_RE = re.compile(r"[\u3400-\u9fff·]{2,40}$")
TITLE_RE = re.compile(TITLES)
NOT_NAMES = {"中方", "外方", "双方", "雙方", "各方", "对方", "對方", "他们", "她们", "我们", "我們", "报道", "報導", "消息",
             "新华社", "新華社", "有关方面", "该负责人", "专家", "官方", "警方", "媒体", "媒體", "记者", "記者"}


def is_chinese(blocks):
    """Whether the text is mostly Han characters: news in Chinese, read by this module."""
    sample = "".join(blocks)[:2000]
    return len(sample) >= 20 and len(HAN_RE.findall(sample)) > len(sample) / 3


def _name_ending(clause):
    """The name a reporting clause ends with: what follows its last title word (外交部发言人毛宁 → 毛宁), or, with no
    title, a run short enough to be a name alone (a Chinese name of two to four characters, a foreign one with ·)."""
    run = RUN_END_RE.search(clause)
    if not run:
        return ""
    run = run.group()
    titles = list(TITLE_RE.finditer(run))
    name = run[titles[-1].end():] if titles else run
    if len(name) < 2 or name in NOT_NAMES or (not titles and len(name) > 4 and "·" not in name):
        return ""
    return name


def speaker_of(text, start, end):
    """The name written before a quote's reporting verb (伊万诺娃表示：“…”) or after the quote (“…”，伊万诺娃说)."""
    before = text[max(0, start - 60):start]
    verb = VERB_BEFORE_RE.search(before)
    name = _name_ending(before[:verb.start()]) if verb else ""
    after = CLAUSE_AFTER_RE.match(text[end:end + 50])
    return name or (_name_ending(after.group("clause")) if after else "")


ZH_REPORTING = "zh-reporting"  # the one pass: the name between a title and the reporting verb (see speaker_of)


def quotes_and_people(blocks):
    """The quotes of a Chinese article with their speakers, and the people who speak (PersonFacts)."""
    quotes, people = [], {}
    for block, text in enumerate(blocks):
        for match in QUOTE_RE.finditer(text):
            inner = match.group("inner").strip()
            speaker = speaker_of(text, match.start(), match.end())
            if not speaker and inner[-1:] not in "。！？…" and len(inner) < 15:
                continue  # a name or term in marks (“一带一路”), not speech
            if speaker:
                people.setdefault(speaker, PersonFact(name=speaker))
            quotes.append(QuoteFact(text=inner, speaker=speaker or None, block=block, start=match.start("inner"),
                                    end=match.end("inner"), credited_by=ZH_REPORTING if speaker else ""))
    return quotes, list(people.values())
