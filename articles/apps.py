from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Archive"

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate

        from .records import freshness
        from .web.access import ensure_groups
        from .ingest.collections import remember_deletion
        from .models import Article
        from .search import indexing

        indexing.connect_signals()
        indexing.drain_at_first_request()
        freshness.connect_signals()
        post_migrate.connect(ensure_groups, sender=self, dispatch_uid="articles_groups")
        post_delete.connect(remember_deletion, sender=Article, dispatch_uid="articles_remember_deletion")
