"""Interviews written as questions and answers, and whose words their quotes are.

News sites print an interview as turns, each paragraph opening with who speaks: "((WN)) What prompted your
curiosity?" then "Natasha Gownaris: I've wanted …" or "NG: This study started …" (Wikinews), "Q: …" / "A: …"
(newspapers). A quote in an answer that the interviewee reports in the first person ("I told them, “…”") is
the interviewee's; a quote in a question that the interviewer puts to them ("On your website you state “…”")
is the interviewee's too. Anything else in an interview is left to the other sieves.
"""
import re

from .names import name_spans

# a turn's label at the start of a paragraph: "((WN))", "((Natasha Gownaris))", "NG:", "Natasha Gownaris:", "Q:"
LABEL_RE = re.compile(r"^\s*(?:\(\((?P<paren>[^()]{1,60})\)\)|(?P<colon>[A-Z][\w.'’ -]{0,40}?)\s*:)\s")
INTERVIEWER_LABELS = {"wn", "wikinews", "q", "question", "interviewer"}
INITIALS_RE = re.compile(r"^[A-Z]{2,4}$")
# "I told them, “…”", "We said “…”", "I was like, “…”": the interviewee reports their own words
FIRST_PERSON_SAID_RE = re.compile(r"\b(?:I|we|We)\s+(?:\w+\s+)?(?:said|say|told|tell|wrote|write|asked|ask|replied|"
                                  r"answered|thought|think|called|call|was like|were like)\b[^\"“”.!?]{0,80}$")
# "On your website you state “…”", "You have said “…”": the interviewer quotes the interviewee to them
YOU_SAID_RE = re.compile(r"\b[Yy]ou(?:['’]ve| have| had)?\s+(?:\w+\s+)?(?:said|say|state|stated|wrote|write|told|"
                         r"called|call|described|claimed|argued|tweeted|posted)\b[^\"“”]{0,80}$")
# "Wikinews interviews biologist Natasha Gownaris": the interviewee named in the headline
INTERVIEWS_RE = re.compile(r"\binterview(?:s|ed|ing)?\b(?P<rest>.*)$", re.IGNORECASE)


def _label(text):
    found = LABEL_RE.match(text)
    return (found.group("paren") or found.group("colon")).strip() if found else None


def _full_name_for(initials, texts):
    """The full name in the article whose initials these are ("NG" → "Natasha Gownaris"), or ""."""
    for text in texts:
        for span in name_spans(text):
            if "".join(word[0] for word in span.name.split()) == initials:
                return span.name
    return ""


def turns(blocks, title=""):
    """(for each block who answers in it: a name, "" for the interviewer's question, None outside the
    interview; the interviewee), or None when the article is no interview. An article is one when at least
    two paragraphs open with the interviewer's label; an answer runs on over the paragraphs after it until the
    next label."""
    labels = [_label(text) for text in blocks]
    if sum(1 for label in labels if label and label.lower() in INTERVIEWER_LABELS) < 2:
        return None
    headline = INTERVIEWS_RE.search(title or "")
    named_in_title = name_spans(headline.group("rest")) if headline else ()
    interviewee = named_in_title[-1].name if named_in_title else ""
    found, current, by_initials = [], None, {}
    for label in labels:
        if label is None:
            found.append(current)
            continue
        if label.lower() in INTERVIEWER_LABELS:
            current = ""
        elif label == "A":
            current = interviewee or None
        elif INITIALS_RE.match(label):  # each label's full name looked for once, not at every answer
            if label not in by_initials:
                by_initials[label] = _full_name_for(label, [title, *blocks]) or None
            current = by_initials[label]
        else:
            current = label if name_spans(label) else None
        if current:
            interviewee = interviewee or current
        found.append(current)
    return found, interviewee


def interview_speaker(turns_found, block, span, text):
    """Whose words a quote in an interview is, by the sieves above, or None."""
    if not turns_found:
        return None
    by_block, interviewee = turns_found
    turn = by_block[block] if block < len(by_block) else None
    before = text[max(0, span.open_at - 160):span.open_at]
    if turn and FIRST_PERSON_SAID_RE.search(before):
        return turn
    if turn == "" and interviewee and YOU_SAID_RE.search(before):
        return interviewee
    return None


def labelled_speaker(turns_found, block, text, written):
    """The answering person when the speaker found for a quote is only the paragraph's label ("AL: … I told
    them, “…”" names "AL"), else None."""
    if not turns_found or not written or block >= len(turns_found[0]):
        return None
    return (turns_found[0][block] or None) if written == _label(text) else None
