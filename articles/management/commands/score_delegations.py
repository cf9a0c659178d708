from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.ingest.visitscore import score_visits

SETS = {"dev": "devset.json", "heldout": "heldout.json"}


class Command(BaseCommand):
    help = ("Score visit (delegation) extraction on hand-labelled articles (corpus/delegations/): article-level "
            "precision and recall, host and visitor countries, start dates, cross-article links, and each sieve's "
            "precision. --set heldout measures on the half that no rule was written against.")

    def add_arguments(self, parser):
        parser.add_argument("--set", choices=sorted(SETS), default="dev", help="which labelled set (default: dev)")
        parser.add_argument("--errors", action="store_true", help="list the visits missed and the false alarms")

    def handle(self, *args, errors, **options):
        path = Path(settings.BASE_DIR) / "corpus" / "delegations" / SETS[options["set"]]
        if not path.exists():
            raise CommandError(f"{path}: no such labelled set")
        score = score_visits(path)
        figures = score.figures()
        self.stdout.write(f"{options['set']}: {figures['articles']} articles; article-level precision "
                          f"{figures['precision']:.3f}, recall {figures['recall']:.3f}")
        self.stdout.write(f"host country {figures['host_country']:.3f}, visitor countries "
                          f"{figures['visitor_countries']:.3f}, start dates {figures['dates']:.3f}")
        self.stdout.write(f"cross-article links: precision {figures['merge_precision']:.3f}, recall "
                          f"{figures['merge_recall']:.3f} ({score.pairs_linked} pairs linked, "
                          f"{score.pairs_labelled} labelled)")
        self.stdout.write("by sieve (articles whose first visit it found: right / all):")
        for sieve, count in score.by_sieve.most_common():
            self.stdout.write(f"  {sieve:<32} {score.by_sieve_right[sieve]:>3} / {count:>3}")
        if errors:
            for key, evidence in score.misses:
                self.stdout.write(f"missed      {key}: {evidence[0][:150] if evidence else ''}")
            for key, name, evidence in score.false_alarms:
                self.stdout.write(f"false alarm {key}: {name} — {evidence[0][:150] if evidence else ''}")
