from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Archive"

    def ready(self):
        from django.core.signals import request_finished
        from django.db.models.signals import post_delete, post_migrate

        from .ingest.collections import remember_deletion
        from .kernel import freed, memo
        from .models import Article
        from .records import freshness, stories
        from .search import indexing
        from .web.access import ensure_groups

        indexing.connect_signals()
        indexing.drain_at_first_request()
        freshness.connect_signals()
        stories.connect_signals()
        memo.use_states(archive=freshness.archive_digest, names=freshness.names_version)
        post_migrate.connect(ensure_groups, sender=self, dispatch_uid="articles_groups")
        post_delete.connect(remember_deletion, sender=Article, dispatch_uid="articles_remember_deletion")
        request_finished.connect(freed.after_request, dispatch_uid="articles_give_back_freed_memory")
        freed.limit_arenas()
