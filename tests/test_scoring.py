"""The extraction scorer and its hand-annotated development set."""
import json
from types import SimpleNamespace

from django.core.management import call_command
import pytest

from articles.bench.corpus import wikinews_rows
from articles.ingest.scoring import (
    Score, by_pass, devset_path, heldout_path, same_organisation, same_person, score_article, score_devset,
    score_heldout, score_styles,
)


@pytest.mark.parametrize("extracted, gold, same", [
    ("Recep Tayyip Erdoğan", "Recep Tayyip Erdoğan", True), ("Erdogan", "Recep Tayyip Erdoğan", True),
    ("Justice John G. Roberts", "John G. Roberts", True), ("Mary Munk", "Mary", True),
    ("Wanda Vázquez", "Wanda Vázquez Garced", True), ("Abdel Fattah", "Abdel Fattah el-Sisi", True),
    ("Jonna Mendez", "Tony Mendez", False), ("Ann Lee", "Ann Smith", False), (None, "Ann Lee", False),
])
def test_names_match_in_their_shorter_and_longer_forms(extracted, gold, same):
    assert same_person(extracted, gold) is same


def quote(text, speaker=None, outlet=None, credited_by=""):
    return SimpleNamespace(text=text, speaker=speaker, outlet=outlet, credited_by=credited_by)


def test_one_article_is_scored_by_what_was_found_and_who_was_credited():
    article = {"row": 7, "quotes": [
        {"text": "We will rebuild the pier by spring", "kind": "person", "source": "Ann Lee", "construction": "surname"},
        {"text": "Nobody told us anything about it", "kind": "person", "source": "Bo Chen", "construction": "pronoun"},
        {"text": "The Harbour Song", "kind": "not a quote", "construction": "term"},
        {"text": "safety comes first on every quay", "kind": "organisation", "source": "port authority",
         "construction": "org"},
        {"text": "never again", "kind": "person", "source": "Bo Chen", "construction": "reported"},
    ]}
    extraction = SimpleNamespace(
        quotes=[quote("We will rebuild the pier by spring, and soon", "Lee"),
                quote("Nobody told us anything about it.", "Ann Lee"),
                quote("The Harbour Song"), quote("Safety comes first on every quay.", None, "Port Authority"),
                quote("An extra passage nobody annotated")],
        people=[SimpleNamespace(name="Ann Lee"), SimpleNamespace(name="Harbour Street")], outlets=[])
    score = Score()
    score_article(score, article, extraction, {"Ann Lee": True, "Harbour Street": False}, {})
    figures = score.figures()
    assert (score.detected, score.missed, score.spurious) == (3, 1, 2)
    assert figures["speaker_accuracy"] == 0.5 and figures["speaker_precision"] == 0.5
    assert figures["organisation_credited"] == 1.0 and figures["people_precision"] == 0.5
    assert score.wrong == [(7, "Nobody told us anything about it", "Bo Chen", "Ann Lee")]


def test_each_pass_is_measured_by_the_labelled_quotes_it_credited():
    article = {"row": 3, "quotes": [
        {"text": "The ferry runs again from Monday", "kind": "person", "source": "Ann Lee", "construction": "x"},
        {"text": "Tickets cost two pounds a day", "kind": "person", "source": "Bo Chen", "construction": "x"},
        {"text": "Every crossing is checked daily", "kind": "organisation", "source": "Harbour Board",
         "construction": "x"},
        {"text": "Repairs will take a month", "kind": "unnamed", "source": "a spokesman for Harbour Board",
         "construction": "x"},
        {"text": "Harbour Song", "kind": "not a quote", "construction": "term"},
    ]}
    extraction = SimpleNamespace(quotes=[
        quote("The ferry runs again from Monday.", "Ann Lee", credited_by="verb-after"),
        quote("Tickets cost two pounds a day.", "Ann Lee", credited_by="pronoun"),
        quote("Every crossing is checked daily.", None, "Harbour Board", credited_by="body-subject-after"),
        quote("Repairs will take a month.", None, "Harbour Board", credited_by="spokesperson"),
        quote("Harbour Song", "Ann Lee", credited_by="verb-after"),
        quote("A passage nobody labelled", "Ann Lee", credited_by="pronoun")], people=[], outlets=[])
    score = Score()
    score_article(score, article, extraction, {}, {})
    assert by_pass(score) == [("verb-after", 2, 1, 1, 0.5), ("body-subject-after", 1, 1, 0, 1.0),
                              ("pronoun", 1, 0, 1, 0.0), ("spokesperson", 1, 1, 0, 1.0)]


def test_the_command_prints_each_pass_of_the_dev_sets(capsys):
    call_command("score_extraction", "--by-pass", "--language", "fr")
    out = capsys.readouterr().out
    assert "precision" in out and "fr-verb-after" in out and out.count("credited") == 1  # the dev half only
    call_command("score_extraction", "--by-pass")
    rows = [line.split() for line in capsys.readouterr().out.splitlines() if line.startswith("  verb-before ")]
    assert len(rows) == 1 and int(rows[0][2]) + int(rows[0][3]) == int(rows[0][1]) > 100


def test_an_organisation_counts_as_credited_only_when_it_is_the_labelled_one():
    assert same_organisation("Toronto Police", "Toronto Police Service")
    assert same_organisation("NHC", "National Hurricane Center")
    assert same_organisation("The Ministry of Commerce", "Ministry of Commerce")
    assert not same_organisation("Supreme Court of the United Kingdom", "Court of Session")
    assert not same_organisation("", "Ford") and not same_organisation("Ford", None)


def test_the_development_set_has_over_400_hand_labelled_quotes():
    devset = json.loads(devset_path().read_text(encoding="utf-8"))
    kinds = [q["kind"] for article in devset["articles"] for q in article["quotes"]]
    assert sum(kind != "not a quote" for kind in kinds) >= 400
    assert all(q.get("source") for a in devset["articles"] for q in a["quotes"] if q["kind"] in ("person",
                                                                                                "organisation"))


def test_extraction_holds_its_floor_on_the_development_set():
    """Regression floors, below the figures measured (see the README): a change that loses quotes, credits the
    wrong people or invents people fails here."""
    figures = score_devset(wikinews_rows()).figures()
    assert figures["quote_f1"] >= 0.9
    assert figures["speaker_precision"] >= 0.97  # 0.976 measured
    assert figures["speaker_accuracy"] >= 0.88  # 0.903 measured on the dev set: a rule that costs more fails here
    assert figures["people_precision"] >= 0.95 and figures["outlet_precision"] >= 0.9
    assert figures["organisation_credited"] >= 0.79  # 0.8 measured: the labelled body, not any body
    assert figures["organisation_not_a_person"] >= 0.99  # 1.0 measured: no body's words go to a person


def test_the_command_prints_the_figures(capsys):
    call_command("score_extraction", "--errors")
    out = capsys.readouterr().out
    assert "speakers: accuracy" in out and '"quote_f1"' in out


def test_the_styles_set_is_scored_in_two_halves_and_holds_its_figures():
    """British, South Asian, agency, feature and US-politics articles: their figures today, per half (the
    held-out half measures what rules fitted elsewhere do on text they never saw)."""
    dev, heldout = score_styles("dev").figures(), score_styles("heldout").figures()
    assert dev["quotes_annotated"] == 131 and heldout["quotes_annotated"] == 120
    assert dev["quote_f1"] >= 0.94 and heldout["quote_f1"] >= 0.94
    assert dev["speaker_accuracy"] >= 0.81 and heldout["speaker_accuracy"] >= 0.87  # 0.878 measured
    assert heldout["speaker_precision"] >= 0.9  # 0.908 measured


def test_the_held_out_wikinews_set_is_labelled_text_of_its_articles_and_holds_its_figures():
    """Rows 132 on, labelled by reading and never read for rules: every labelled passage is text of its
    article, and the extractor holds today's figures on it (a rule that only fits the dev set shows here)."""
    rows = wikinews_rows()
    heldout = json.loads(heldout_path().read_text(encoding="utf-8"))
    assert min(a["row"] for a in heldout["articles"]) >= 132
    for article in heldout["articles"]:
        text = f"{rows[article['row']]['title']}\n\n{rows[article['row']]['text']}"
        assert all(q["text"] in text for q in article["quotes"]), article["row"]
    figures = score_heldout(rows).figures()
    assert figures["quotes_annotated"] >= 600
    assert figures["quote_f1"] >= 0.89 and figures["speaker_accuracy"] >= 0.74  # 0.912 and 0.743 measured
    assert figures["speaker_precision"] >= 0.875  # 0.879 measured
