import json

from django.core.management.base import BaseCommand, CommandError

from articles.bench.corpus import wikinews_rows
from articles.ingest.scoring import (
    LANGUAGE_SETS, SPLITS, by_pass, devset_path, score_devset, score_heldout, score_language, score_styles,
)


class Command(BaseCommand):
    help = ("Score quote, speaker, people and outlet extraction on the hand-annotated development set "
            "(corpus/extraction/devset.json): detection P/R/F1, speaker accuracy and precision, people and "
            "outlet precision.")

    def add_arguments(self, parser):
        parser.add_argument("--errors", action="store_true", help="list every quote credited wrongly or not at all (with --styles, also "
                                 "the styles' dev half's)")
        parser.add_argument("--language", choices=sorted(LANGUAGE_SETS),
                            help="score only the hand-labelled quotes of the Russian (Meduza) or French (Wikinews) "
                                 "articles instead, in two halves: dev (rules may be written against its errors, "
                                 "which --errors lists) and held-out (in the Russian set only the articles whose "
                                 "every quoted passage is labelled count against detection precision)")
        parser.add_argument("--styles", action="store_true",
                            help="also score the articles written in five more house styles (corpus/extraction/"
                                 "styles.json): its dev half, and its held-out half that no rule was fitted to")
        parser.add_argument("--by-pass", action="store_true",
                            help="also print, for each dev set scored (the English one; with --styles or --language "
                                 "their dev half), each attribution pass with the quotes it credited, how many "
                                 "rightly and wrongly, and its precision")
        parser.add_argument("--heldout", action="store_true",
                            help="also score the held-out Wikinews articles (corpus/extraction/wikinews-heldout.json: "
                                 "rows 132 on, labelled by reading; never read for rules, so --errors lists none)")

    def handle(self, *args, errors, styles, heldout, language, by_pass, **options):
        self.by_pass = by_pass
        if language:
            for split in SPLITS:
                found_score = score_language(language, split)
                found = found_score.figures()
                self.stdout.write(
                    f"{language} ({split}): {found['quotes_annotated']} labelled quotes; detection precision "
                    f"{found['quote_precision']}, recall {found['quote_recall']}, F1 {found['quote_f1']}; speaker "
                    f"accuracy {found['speaker_accuracy']}, precision {found['speaker_precision']}")
                self._dev_errors(errors, split, found_score)
                self._passes(split, found_score)
            return
        try:
            score = score_devset(wikinews_rows())
        except FileNotFoundError as error:
            raise CommandError(f"{error}; the development set is {devset_path()}") from None
        figures = score.figures()
        self.stdout.write(f"quotes: {figures['quotes_annotated']} annotated; detection precision "
                          f"{figures['quote_precision']}, recall {figures['quote_recall']}, F1 {figures['quote_f1']}")
        self.stdout.write(f"speakers: accuracy {figures['speaker_accuracy']} (of detected quotes by a named person), "
                          f"precision {figures['speaker_precision']}, recall {figures['speaker_recall']} "
                          f"(of all {figures['person_quotes_annotated']})")
        self.stdout.write(f"organisation sources: not credited to a person {figures['organisation_not_a_person']}, "
                          f"credited to an organisation {figures['organisation_credited']} "
                          f"({figures['organisations']} organisations: {'; '.join(sorted(score.organisations))})")
        self.stdout.write(f"people precision {figures['people_precision']}, outlet precision "
                          f"{figures['outlet_precision']}")
        self.stdout.write("by construction (right / wrong / no speaker / quote missed):")
        for construction, counts in sorted(score.by_construction.items(), key=lambda item: -sum(item[1].values())):
            self.stdout.write(f"  {construction:<13} {counts['right']:>3} / {counts['wrong']:>3} / "
                              f"{counts['none']:>3} / {counts['missed']:>3}")
        if score.unjudged_people or score.unjudged_outlets:
            self.stdout.write("not yet judged (add them to the development set): "
                              + "; ".join(sorted(score.unjudged_people | score.unjudged_outlets)))
        if errors:
            for row, text, expected, extracted in score.wrong:
                self.stdout.write(f"  {row:04d} “{text}…” expected {expected}, extracted {extracted}")
        self.stdout.write(json.dumps(figures))
        self._passes("dev", score)
        if styles:
            for split in SPLITS:
                found_score = score_styles(split)
                found = found_score.figures()
                self.stdout.write(
                    f"styles ({split}): quote F1 {found['quote_f1']}, speaker accuracy {found['speaker_accuracy']}, "
                    f"precision {found['speaker_precision']}, recall {found['speaker_recall']}; organisations "
                    f"credited {found['organisation_credited']}; people precision {found['people_precision']}, "
                    f"outlet precision {found['outlet_precision']} ({found['quotes_annotated']} quotes)")
                self._dev_errors(errors, split, found_score)
                self._passes(split, found_score)
        if heldout:
            found_score = score_heldout(wikinews_rows())
            found = found_score.figures()
            self.stdout.write(
                f"wikinews held-out: quote F1 {found['quote_f1']} (precision {found['quote_precision']}, recall "
                f"{found['quote_recall']}), speaker accuracy {found['speaker_accuracy']}, precision "
                f"{found['speaker_precision']}, recall {found['speaker_recall']}; organisations credited "
                f"{found['organisation_credited']} ({found['quotes_annotated']} quotes)")

    def _passes(self, split, score):
        """With --by-pass, the dev half's quotes by the pass that credited them (the held-out half's stay
        unread, like its errors)."""
        if not (self.by_pass and split == "dev"):
            return
        self.stdout.write(f"  {'pass':<22} {'credited':>8} {'right':>6} {'wrong':>6} {'precision':>9}")
        for name, credited, right, wrong, precision in by_pass(score):
            self.stdout.write(f"  {name:<22} {credited:>8} {right:>6} {wrong:>6} {precision:>9}")

    def _dev_errors(self, errors, split, score):
        """The dev half's wrong and missing speakers, with --errors; the held-out half's errors stay unread: no
        rule is fitted to them."""
        if errors and split == "dev":
            for row, text, expected, extracted in score.wrong:
                self.stdout.write(f"  {row} “{text}…” expected {expected}, extracted {extracted}")
