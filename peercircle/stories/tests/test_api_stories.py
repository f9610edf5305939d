from __future__ import annotations

from typing import Any

import pytest

from peercircle.core.testing import api, logged_in
from peercircle.core.testing.factories import UserFactory
from peercircle.safety.services import block_create
from peercircle.stories import api as stories_api
from peercircle.stories.models import Reaction, Story

pytestmark = pytest.mark.django_db


def share(client: Any, **overrides: Any) -> Any:
    body = {"title": "Six months on", "body": "Some days are lighter now.", "topics": ["grief-and-loss"]}
    body.update(overrides)
    return api(client, "post", "/stories/", body)


def test_member_shares_a_story_and_another_member_reads_it(member, other_member):
    # when
    created = share(logged_in(member), content_notes=["loss"])
    # then
    assert created.status_code == 201, created.json()
    story_id = created.json()["id"]
    read = api(logged_in(other_member), "get", f"/stories/{story_id}")
    assert read.status_code == 200
    assert read.json()["author"] == "sam"
    assert read.json()["content_notes"] == ["loss"]
    assert read.json()["report_url"] == f"/safety/report/?target_type=story&target_id={story_id}"


def test_anonymous_story_hides_the_handle_from_readers_but_not_the_writer(member, other_member):
    story_id = share(logged_in(member), is_anonymous=True).json()["id"]
    assert api(logged_in(other_member), "get", f"/stories/{story_id}").json()["author"] is None
    assert api(logged_in(member), "get", f"/stories/{story_id}").json()["author"] == "sam"


def test_private_journal_is_invisible_to_everyone_else_including_moderators(member, other_member, moderator):
    story_id = share(logged_in(member), visibility="private", title="Just for me").json()["id"]
    for reader in (other_member, moderator):
        client = logged_in(reader)
        assert api(client, "get", f"/stories/{story_id}").status_code == 404
        assert story_id not in [s["id"] for s in api(client, "get", "/stories/").json()["items"]]
        assert story_id not in [i["id"] for i in api(client, "get", "/stories/feed").json()["items"]]
        assert api(client, "get", "/stories/search?q=Just").json()["items"] == []
        assert api(client, "post", f"/stories/{story_id}/reactions", {"kind": "me_too"}).status_code == 404
        assert (
            api(
                client,
                "post",
                "/stories/thanks",
                {"target_type": "story", "target_id": story_id, "body": "x"},
            ).status_code
            == 404
        )
    mine = api(logged_in(member), "get", "/stories/mine").json()["items"]
    assert [s["id"] for s in mine] == [story_id]
    assert not Reaction.objects.exists()


def test_peers_only_story_is_hidden_from_members_without_a_conversation(member, other_member):
    story_id = share(logged_in(member), visibility="peers").json()["id"]
    assert api(logged_in(other_member), "get", f"/stories/{story_id}").status_code == 404
    assert api(logged_in(member), "get", f"/stories/{story_id}").status_code == 200


def test_peers_story_is_visible_to_a_conversation_peer(member, other_member, monkeypatch):
    monkeypatch.setattr(
        "peercircle.stories.selectors.peer_ids_for",
        lambda user: {member.pk} if user == other_member else set(),
    )
    story_id = share(logged_in(member), visibility="peers").json()["id"]
    assert api(logged_in(other_member), "get", f"/stories/{story_id}").status_code == 200


def test_double_reaction_is_idempotent(member, other_member):
    story_id = share(logged_in(member)).json()["id"]
    client = logged_in(other_member)
    first = api(client, "post", f"/stories/{story_id}/reactions", {"kind": "strength"})
    second = api(client, "post", f"/stories/{story_id}/reactions", {"kind": "strength"})
    assert first.status_code == second.status_code == 200
    assert second.json()["my_reactions"] == ["strength"]
    assert Reaction.objects.filter(story_id=story_id).count() == 1
    # Counts are for the writer only: no public vanity numbers.
    assert api(client, "get", f"/stories/{story_id}").json()["reaction_counts"] == {}
    assert api(logged_in(member), "get", f"/stories/{story_id}").json()["reaction_counts"] == {"strength": 1}


def test_editing_someone_elses_story_is_404_and_changes_nothing(member, other_member):
    story_id = share(logged_in(member)).json()["id"]
    response = api(logged_in(other_member), "patch", f"/stories/{story_id}", {"title": "Hacked"})
    deleted = api(logged_in(other_member), "delete", f"/stories/{story_id}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert deleted.status_code == 404
    story = Story.objects.get(pk=story_id)
    assert story.title == "Six months on"
    assert story.deleted_at is None


def test_writer_edits_and_deletes_own_story(member, other_member):
    client = logged_in(member)
    story_id = share(client).json()["id"]
    assert api(client, "patch", f"/stories/{story_id}", {"title": "A year on"}).json()["title"] == "A year on"
    assert api(client, "delete", f"/stories/{story_id}").status_code == 204
    assert api(logged_in(other_member), "get", f"/stories/{story_id}").status_code == 404
    assert api(client, "get", f"/stories/{story_id}").status_code == 404
    assert (
        api(logged_in(other_member), "post", f"/stories/{story_id}/comments", {"body": "hi"}).status_code
        == 404
    )


def test_limits_and_unknown_topics_are_refused_without_saving(member):
    client = logged_in(member)
    too_long_title = share(client, title="x" * 121)
    too_long_body = share(client, body="x" * 10_001)
    unknown = share(client, topics=["not-a-topic"])
    bad_note = share(client, content_notes=["spiders"])
    assert too_long_title.status_code == 400
    assert too_long_title.json()["error"]["fields"].keys() == {"title"}
    assert too_long_body.status_code == 400
    assert unknown.status_code == 400
    assert unknown.json()["error"]["code"] == "unknown_topic"
    assert bad_note.status_code == 400
    assert not Story.objects.exists()
    assert share(client, title="x" * 120, body="y" * 10_000).status_code == 201


def test_posting_is_rate_limited(member, monkeypatch):
    monkeypatch.setattr(stories_api, "POST_RATE", "2/h")
    client = logged_in(member)
    assert share(client).status_code == 201
    assert share(client).status_code == 201
    limited = share(client)
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "rate_limited"
    assert Story.objects.count() == 2


def test_reacting_is_rate_limited(member, other_member, monkeypatch):
    monkeypatch.setattr(stories_api, "REACT_RATE", "1/m")
    story_id = share(logged_in(member)).json()["id"]
    client = logged_in(other_member)
    assert api(client, "post", f"/stories/{story_id}/reactions", {"kind": "me_too"}).status_code == 200
    assert api(client, "post", f"/stories/{story_id}/reactions", {"kind": "helped"}).status_code == 429
    assert list(Reaction.objects.values_list("kind", flat=True)) == ["me_too"]


def test_blocked_members_content_is_hidden_both_ways(member, other_member):
    mine = share(logged_in(member), title="From sam").json()["id"]
    theirs = share(logged_in(other_member), title="From robin").json()["id"]
    block_create(blocker=member, blocked=other_member)
    assert api(logged_in(member), "get", f"/stories/{theirs}").status_code == 404
    assert api(logged_in(other_member), "get", f"/stories/{mine}").status_code == 404
    assert [s["id"] for s in api(logged_in(member), "get", "/stories/").json()["items"]] == [mine]
    assert [s["id"] for s in api(logged_in(other_member), "get", "/stories/").json()["items"]] == [theirs]


def test_minors_and_adults_are_kept_apart(member, minor, admin_user):
    adult_story = share(logged_in(member), title="Adult story").json()["id"]
    minor_story = share(logged_in(minor), title="Minor story").json()["id"]
    other_minor = UserFactory(handle="noah", age_bracket="minor")
    # then: minors see minors' posts, adults see adults' posts
    assert api(logged_in(member), "get", f"/stories/{minor_story}").status_code == 404
    assert api(logged_in(minor), "get", f"/stories/{adult_story}").status_code == 404
    assert api(logged_in(other_minor), "get", f"/stories/{minor_story}").status_code == 200
    # when an admin flags the adult story as suitable, minors can read it
    flagged = api(logged_in(admin_user), "post", f"/stories/story/{adult_story}/suitable-for-minors")
    assert flagged.status_code == 200
    assert api(logged_in(minor), "get", f"/stories/{adult_story}").status_code == 200
    # a regular member cannot flag
    assert (
        api(logged_in(minor), "post", f"/stories/story/{minor_story}/suitable-for-minors").status_code == 403
    )


def test_cursor_pagination_walks_every_story_once(member, other_member):
    client = logged_in(member)
    ids = [share(client, title=f"Story {n}").json()["id"] for n in range(5)]
    seen: list[int] = []
    cursor = ""
    while True:
        page = api(logged_in(other_member), "get", f"/stories/?limit=2&cursor={cursor}").json()
        seen += [s["id"] for s in page["items"]]
        if not page["next_cursor"]:
            break
        cursor = page["next_cursor"]
    assert seen == list(reversed(ids))


def test_hidden_themes_leave_content_noted_stories_out_of_lists(member, other_member):
    noted = share(logged_in(member), title="Noted", content_notes=["self_harm"]).json()["id"]
    plain = share(logged_in(member), title="Plain").json()["id"]
    reader = logged_in(other_member)
    assert api(reader, "put", "/stories/preferences", {"hidden_notes": ["self_harm"]}).status_code == 200
    listed = [s["id"] for s in api(reader, "get", "/stories/").json()["items"]]
    assert listed == [plain]
    assert noted not in [i["id"] for i in api(reader, "get", "/stories/feed").json()["items"]]
