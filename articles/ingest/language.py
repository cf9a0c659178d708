"""Which language an article is written in: the page's own declaration, else a detection of its text.

Detection is py3langid's (langid.py's model: 97 languages, naive Bayes over byte n-grams, probabilities
calibrated for the text's length). A page's ``lang`` or ``og:locale`` wins where it names a language; a text
too short or too mixed to tell (below MIN_CONFIDENCE) gets no language rather than a guess.
"""
from functools import lru_cache
import re

MIN_CONFIDENCE = 0.6
SAMPLE = 3000  # characters read: the opening of an article tells its language as well as the whole
DECLARED_RE = re.compile(r"^\s*(?P<code>[A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*\s*$")


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def declared_language(value):
    """The language a page declares ("en-GB", "ru_RU", "fr") as its primary code ("en", "ru", "fr"), or ""."""
    found = DECLARED_RE.match(value or "")
    return found.group("code").lower() if found and found.group("code").lower() not in {"und", "mul", "zxx"} else ""


def detect_language(text):
    """(code, confidence) of ``text``; ("", confidence) when it cannot be told."""
    sample = (text or "")[:SAMPLE]
    if not sample.strip():
        return "", 0.0
    code, confidence = _identifier().classify(sample)
    return (code if confidence >= MIN_CONFIDENCE else ""), round(float(confidence), 3)


def language_of(text, declared=""):
    """(code, confidence, source) of an article: "page" when its page declares it, "detected" from its text,
    "" when neither tells."""
    code = declared_language(declared)
    if code:
        return code, 1.0, "page"
    code, confidence = detect_language(text)
    return code, confidence, ("detected" if code else "")


def language_name(code):
    """The English name of a language code ("ru" → "Russian"), the code itself when ISO 639 has none."""
    import pycountry

    found = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    return found.name if found else code
