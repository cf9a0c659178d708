"""A person's name as one key whatever script or spelling wrote it: Сергей Лавров, Sergey Lavrov and Sergei
Lavrov all give "lavrov sergei"; 习近平 and Xi Jinping one key too.

Cyrillic is written in Latin letters (BGN/PCGN, the romanisation English-language news uses), a Chinese name in
Hanyu Pinyin as news writes it (the surname, then the given name's syllables as one word), accents are
folded, and the spellings romanisations disagree on are made one (y/i/j, kh/h, ts/tz/c, double letters, the
soft sign); the words are sorted, so "Lavrov Sergei" is the same. The key only proposes: editors decide
whether two records are one person.
"""
import re
import unicodedata

CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
    # Ukrainian and Belarusian letters
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "w",
}
# spellings one romanisation or another uses for the same sound, made one (longest first)
VARIANTS = [("shch", "sh"), ("sch", "sh"), ("tch", "ch"), ("kh", "h"), ("tz", "c"), ("ts", "c"), ("zh", "j"),
            ("dj", "j"), ("yu", "u"), ("ju", "u"), ("ya", "a"), ("ja", "a"),
            ("ye", "e"), ("je", "e"), ("yo", "o"), ("y", "i"), ("j", "i"), ("w", "v"), ("ks", "x")]
VARIANTS_RE = re.compile("|".join(re.escape(a) for a, _ in VARIANTS))
VARIANT_OF = dict(VARIANTS)
WORD_RE = re.compile(r"[^\W\d_]+")


def _latin(word):
    word = re.sub(r"ь(?=[яюеё])", "i", word.lower())  # Наталья: Natalia, as English news writes it
    word = "".join(CYRILLIC.get(char, char) for char in word)
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


# A Chinese name: a surname of one character and a given name of one or two (the compound surnames, 欧阳 or
# 司马, are too rare to tell from a one-character surname without a list of them). A foreign name written in
# Han characters by its sounds (伊万诺娃·彼得罗娃) is not romanised: Pinyin would not give its own spelling back.
HAN_NAME_RE = re.compile(r"^[\u3400-\u9fff]{2,3}$")
# surnames read otherwise than the same character in a word (曾经 céngjīng, but Zēng the surname)
SURNAME_READINGS = {"曾": "zeng", "单": "shan", "單": "shan", "解": "xie", "仇": "qiu", "朴": "piao", "区": "ou",
                    "區": "ou", "查": "zha", "盖": "ge", "蓋": "ge", "覃": "qin", "乐": "yue", "樂": "yue", "缪": "miao",
                    "繆": "miao", "翟": "zhai", "种": "chong", "種": "chong", "员": "yun", "員": "yun"}


def _han_name_words(name):
    """[surname, given name] of a Chinese name in Pinyin: 习近平 → ["xi", "jinping"]."""
    from pypinyin import lazy_pinyin  # loaded for the first Chinese name: 0.1 s, 50 MB

    syllables = lazy_pinyin(name)
    return [SURNAME_READINGS.get(name[0], syllables[0]), "".join(syllables[1:])]


def name_key(name):
    """The name's key ("" for a single word: a surname alone matches too many people)."""
    compact = name.strip()
    words = _han_name_words(compact) if HAN_NAME_RE.match(compact) else WORD_RE.findall(name)
    if len(words) < 2:
        return ""
    keys = []
    for word in words:
        folded = VARIANTS_RE.sub(lambda match: VARIANT_OF[match.group()], _latin(word))
        keys.append(re.sub(r"(.)\1+", r"\1", folded))  # Dmitrii, Dmitriy and Dmitry; Gennadiy and Genadi
    return " ".join(sorted(keys))[:200]


def script_of(name):
    """"cyrillic", "latin" or "other": which script most of the name's letters are in."""
    letters = [c for c in name if c.isalpha()]
    cyrillic = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    latin = sum(1 for c in letters if c.isascii() or "\u00c0" <= c <= "\u024f")
    if cyrillic > len(letters) / 2:
        return "cyrillic"
    return "latin" if latin > len(letters) / 2 else "other"


CJK_CHARACTER_RE = re.compile(r"([\u3400-\u9fff\uf900-\ufaff])")


def in_latin_letters(text):
    """``text`` written in Latin letters, for an address: every script romanised by anyascii ("Сергей Лавров"
    is "Sergey Lavrov", "وزير" "wzyr"), each Chinese character a syllable of its own ("重庆" is "Zhong Qing")."""
    from anyascii import anyascii

    return anyascii(CJK_CHARACTER_RE.sub(r" \1 ", text)) if not text.isascii() else text
