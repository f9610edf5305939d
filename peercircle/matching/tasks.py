"""Background matching work for the task queue: embedding profiles, the batch matcher, expiry."""

from __future__ import annotations

from django_tasks import task

from peercircle.accounts.models import User
from peercircle.core.schedule import every
from peercircle.matching import services

BATCH_SECONDS = 5


@task()
def profile_embed(user_id: int) -> bool:
    """Embed one member's situation and topics (queued by accounts.profile_update on change)."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return False
    return services.situation_embed(user=user) is not None


@every(BATCH_SECONDS)
@task()
def match_batch() -> int:
    """Every few seconds: pair the waiting pool (waiting time raises priority). Returns proposals made.

    A few stale vectors are refreshed first, so after a model or topic-catalog change the pool regains its
    situation signal within seconds rather than at the next full refresh.
    """
    services.embeddings_refresh(limit=20, include_missing=False)
    return len(services.match_batch_run())


@every(30)
@task()
def matching_expire() -> int:
    """Expire proposals nobody answered in time and requests that waited past the limit."""
    return services.proposals_expire()


@every(10 * 60)
@task()
def embeddings_refresh() -> int:
    """Re-embed vectors made by another model or topic catalog, and situations never embedded."""
    return services.embeddings_refresh()
