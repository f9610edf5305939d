"""Pages of stories, advice, resources and recognition. Thin: rules live in services and selectors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peercircle.accounts.models import Topic, User
from peercircle.core.exceptions import ApplicationError, NotFound
from peercircle.core.ratelimit import enforce_rate
from peercircle.stories import api as stories_api
from peercircle.stories import selectors, services
from peercircle.stories.models import (
    Answer,
    Comment,
    ContentNote,
    Post,
    Question,
    ReactionKind,
    Resource,
    Story,
    ThankYou,
    Visibility,
)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _topics() -> list[Topic]:
    return list(Topic.objects.filter(is_active=True))


def _errors(exc: ApplicationError) -> dict[str, Any]:
    return {"error": exc.message, "field_errors": exc.fields}


def _posted_notice(request: HttpRequest, viewer: User) -> dict[str, str] | None:
    """The writer's notice for something they just posted (?posted=<kind>-<id>), if it is theirs."""
    kind, _sep, raw_id = request.GET.get("posted", "").partition("-")
    models: dict[str, type[Post]] = {
        "story": Story,
        "question": Question,
        "comment": Comment,
        "answer": Answer,
        "thanks": ThankYou,
    }
    model = models.get(kind)
    if model is None or not raw_id.isdigit():
        return None
    post = model._default_manager.filter(pk=int(raw_id), author=viewer).first()
    return services.writer_notice(post) if post is not None else None


# --- feed, search, stories ---------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """ "From people like me" feed, or search results when words or a topic are given."""
    viewer = _user(request)
    words = request.GET.get("q", "").strip()[:200]
    topic = request.GET.get("topic", "").strip()
    is_search = bool(words or topic)
    items = (
        selectors.search(viewer=viewer, words=words, topic_slug=topic)
        if is_search
        else (selectors.people_like_me_feed(viewer=viewer))
    )
    page, next_cursor = selectors.list_page(items, cursor=request.GET.get("cursor", ""))
    context = {
        "entries": [stories_api.feed_item_out(entry, viewer) for entry in page],
        "next_cursor": next_cursor,
        "words": words,
        "topic": topic,
        "is_search": is_search,
        "topics": _topics(),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "stories/index.html#feed_page", context)
    return render(request, "stories/index.html", context)


def _story_form_context(story: Story | None, data: dict[str, Any] | None = None) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "title": story.title if story else "",
        "body": story.body if story else "",
        "topics": [t.slug for t in story.topics.all()] if story else [],
        "visibility": story.visibility if story else Visibility.COMMUNITY,
        "is_anonymous": story.is_anonymous if story else False,
        "content_notes": story.content_note_list if story else [],
    }
    if data:
        initial.update(data)
    return {
        "story": story,
        "form": initial,
        "topics": _topics(),
        "visibilities": Visibility.choices,
        "content_notes": ContentNote.choices,
    }


def _story_post_data(request: HttpRequest) -> dict[str, Any]:
    return {
        "title": request.POST.get("title", ""),
        "body": request.POST.get("body", ""),
        "topics": request.POST.getlist("topics"),
        "visibility": request.POST.get("visibility", Visibility.COMMUNITY),
        "is_anonymous": request.POST.get("is_anonymous") == "on",
        "content_notes": request.POST.getlist("content_notes"),
    }


@login_required
def story_create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        data = _story_post_data(request)
        try:
            enforce_rate(request, group="stories:post", rate=stories_api.POST_RATE)
            story = services.story_create(
                author=_user(request),
                title=data["title"],
                body=data["body"],
                topic_slugs=data["topics"],
                visibility=data["visibility"],
                is_anonymous=data["is_anonymous"],
                content_notes=data["content_notes"],
            )
        except ApplicationError as exc:
            context = _story_form_context(None, data) | _errors(exc)
            return render(request, "stories/story_form.html", context, status=exc.status)
        return redirect(f"/stories/{story.pk}/?posted=story-{story.pk}")
    return render(request, "stories/story_form.html", _story_form_context(None))


@login_required
def story_edit(request: HttpRequest, story_id: int) -> HttpResponse:
    try:
        story = selectors.access_story_by_id(_user(request), story_id)
    except NotFound as exc:
        raise Http404 from exc
    if request.method == "POST":
        data = _story_post_data(request)
        try:
            enforce_rate(request, group="stories:post", rate=stories_api.POST_RATE)
            story = services.story_update(
                user=_user(request),
                story_id=story_id,
                title=data["title"],
                body=data["body"],
                topic_slugs=data["topics"],
                visibility=data["visibility"],
                is_anonymous=data["is_anonymous"],
                content_notes=data["content_notes"],
            )
        except ApplicationError as exc:
            context = _story_form_context(story, data) | _errors(exc)
            return render(request, "stories/story_form.html", context, status=exc.status)
        return redirect(f"/stories/{story.pk}/?posted=story-{story.pk}")
    return render(request, "stories/story_form.html", _story_form_context(story))


@login_required
@require_POST
def story_delete(request: HttpRequest, story_id: int) -> HttpResponse:
    try:
        services.story_delete(user=_user(request), story_id=story_id)
    except NotFound as exc:
        raise Http404 from exc
    messages.success(request, _("Your story is deleted."))
    return redirect("stories:journal")


def _reactions_context(viewer: User, story: Story) -> dict[str, Any]:
    summary = selectors.reaction_summary(viewer=viewer, story=story)
    return {
        "story": story,
        "reactions": [
            {
                "kind": kind,
                "label": label,
                "is_mine": kind in summary["mine"],
                "count": summary["counts"].get(kind),
            }
            for kind, label in ReactionKind.choices
        ],
        "is_mine": story.author_id == viewer.pk,
    }


@login_required
def story_detail(request: HttpRequest, story_id: int) -> HttpResponse:
    viewer = _user(request)
    try:
        story = selectors.story_get(viewer=viewer, story_id=story_id)
    except NotFound as exc:
        raise Http404 from exc
    is_mine = story.author_id == viewer.pk
    notice = _posted_notice(request, viewer)
    if notice is None and is_mine:
        notice = services.writer_notice(story) if story.status == "held" else None
    context = _reactions_context(viewer, story) | {
        "author": None if (story.is_anonymous and not is_mine) else story.author.handle,
        "comments": selectors.comment_list(viewer=viewer, story=story),
        "notice": notice,
        "can_curate": services.can_curate(viewer) and not viewer.is_minor,
    }
    return render(request, "stories/story_detail.html", context)


@login_required
@require_POST
def story_react(request: HttpRequest, story_id: int) -> HttpResponse:
    """Toggle a reaction from the page (the API's add is idempotent; here a second press takes it back)."""
    viewer = _user(request)
    kind = request.POST.get("kind", "")
    try:
        enforce_rate(request, group="stories:react", rate=stories_api.REACT_RATE)
        story = selectors.story_get(viewer=viewer, story_id=story_id)
        if kind in selectors.reaction_summary(viewer=viewer, story=story)["mine"]:
            services.reaction_remove(user=viewer, story_id=story_id, kind=kind)
        else:
            services.reaction_add(user=viewer, story_id=story_id, kind=kind)
    except NotFound as exc:
        raise Http404 from exc
    except ApplicationError as exc:
        if request.htmx:  # type: ignore[attr-defined]
            return HttpResponse(exc.message, status=exc.status)
        messages.error(request, exc.message)
        return redirect("stories:detail", story_id=story_id)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "stories/story_detail.html#reactions", _reactions_context(viewer, story))
    return redirect("stories:detail", story_id=story_id)


@login_required
@require_POST
def story_comment(request: HttpRequest, story_id: int) -> HttpResponse:
    try:
        enforce_rate(request, group="stories:post", rate=stories_api.POST_RATE)
        comment = services.comment_create(
            author=_user(request), story_id=story_id, body=request.POST.get("body", "")
        )
    except NotFound as exc:
        raise Http404 from exc
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("stories:detail", story_id=story_id)
    return redirect(f"/stories/{story_id}/?posted=comment-{comment.pk}#comments")


@login_required
def journal(request: HttpRequest) -> HttpResponse:
    viewer = _user(request)
    rows, next_cursor = selectors.keyset_page(
        selectors.journal_list(user=viewer), cursor=request.GET.get("cursor", "")
    )
    return render(request, "stories/journal.html", {"stories": rows, "next_cursor": next_cursor})


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    viewer = _user(request)
    if request.method == "POST":
        try:
            services.reader_preference_set(user=viewer, hidden_notes=request.POST.getlist("hidden_notes"))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your reading preferences are saved."))
        return redirect("stories:preferences")
    return render(
        request,
        "stories/preferences.html",
        {"content_notes": ContentNote.choices, "hidden": selectors.hidden_notes_for(viewer)},
    )


@login_required
@require_POST
def mark_suitable(request: HttpRequest, target_type: str, target_id: int) -> HttpResponse:
    is_suitable = request.POST.get("is_suitable") == "on"
    try:
        post = services.post_mark_suitable_for_minors(
            actor=_user(request), target_type=target_type, target_id=target_id, is_suitable=is_suitable
        )
    except ApplicationError as exc:
        raise Http404 from exc
    messages.success(request, _("Saved."))
    if isinstance(post, Story):
        return redirect("stories:detail", story_id=post.pk)
    if isinstance(post, Answer):
        return redirect("stories:question", question_id=post.question_id)
    if isinstance(post, Comment):
        return redirect("stories:detail", story_id=post.story_id)
    return redirect("stories:question", question_id=post.pk)


# --- questions and answers ---------------------------------------------------------------------------


@login_required
def questions(request: HttpRequest) -> HttpResponse:
    viewer = _user(request)
    topic = request.GET.get("topic", "")
    is_unanswered = request.GET.get("unanswered") == "1"
    qs = selectors.question_list(viewer=viewer, topic_slug=topic, is_unanswered=is_unanswered)
    rows, next_cursor = selectors.keyset_page(qs, cursor=request.GET.get("cursor", ""))
    context = {
        "questions": rows,
        "next_cursor": next_cursor,
        "topic": topic,
        "is_unanswered": is_unanswered,
        "topics": _topics(),
    }
    return render(request, "stories/questions.html", context)


@login_required
def question_create(request: HttpRequest) -> HttpResponse:
    form = {"topic": request.GET.get("topic", ""), "title": "", "body": "", "is_anonymous": False}
    if request.method == "POST":
        form = {
            "topic": request.POST.get("topic", ""),
            "title": request.POST.get("title", ""),
            "body": request.POST.get("body", ""),
            "is_anonymous": request.POST.get("is_anonymous") == "on",
        }
        try:
            enforce_rate(request, group="stories:post", rate=stories_api.POST_RATE)
            question = services.question_create(
                author=_user(request),
                topic_slug=str(form["topic"]),
                title=str(form["title"]),
                body=str(form["body"]),
                is_anonymous=bool(form["is_anonymous"]),
            )
        except ApplicationError as exc:
            context = {"form": form, "topics": _topics()} | _errors(exc)
            return render(request, "stories/question_form.html", context, status=exc.status)
        return redirect(f"/stories/questions/{question.pk}/?posted=question-{question.pk}")
    return render(request, "stories/question_form.html", {"form": form, "topics": _topics()})


def _answer_context(viewer: User, answer: Answer, helped_ids: set[int]) -> dict[str, Any]:
    return {
        "answer": answer,
        "is_asker": answer.question.author_id == viewer.pk,
        "has_helped_too": answer.pk in helped_ids,
        "viewer": viewer,
    }


@login_required
def question_detail(request: HttpRequest, question_id: int) -> HttpResponse:
    viewer = _user(request)
    try:
        question = selectors.question_get(viewer=viewer, question_id=question_id)
    except NotFound as exc:
        raise Http404 from exc
    answers = list(selectors.answer_list(viewer=viewer, question=question))
    helped_ids = selectors.helped_too_answer_ids(user=viewer, answers=answers)
    is_mine = question.author_id == viewer.pk
    notice = _posted_notice(request, viewer)
    if notice is None and is_mine and question.status == "held":
        notice = services.writer_notice(question)
    context = {
        "question": question,
        "author": None if (question.is_anonymous and not is_mine) else question.author.handle,
        "is_asker": is_mine,
        "answers": [_answer_context(viewer, answer, helped_ids) for answer in answers],
        "notice": notice,
        "can_curate": services.can_curate(viewer) and not viewer.is_minor,
    }
    return render(request, "stories/question_detail.html", context)


@login_required
@require_POST
def answer_create(request: HttpRequest, question_id: int) -> HttpResponse:
    try:
        enforce_rate(request, group="stories:post", rate=stories_api.POST_RATE)
        answer = services.answer_create(
            author=_user(request), question_id=question_id, body=request.POST.get("body", "")
        )
    except NotFound as exc:
        raise Http404 from exc
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("stories:question", question_id=question_id)
    return redirect(f"/stories/questions/{question_id}/?posted=answer-{answer.pk}#answer-{answer.pk}")


def _answer_partial(request: HttpRequest, viewer: User, answer_id: int) -> HttpResponse:
    answer = selectors.answer_list(
        viewer=viewer, question=selectors.answer_get(viewer=viewer, answer_id=answer_id).question
    ).get(pk=answer_id)
    helped_ids = selectors.helped_too_answer_ids(user=viewer, answers=[answer])
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request, "stories/question_detail.html#answer", _answer_context(viewer, answer, helped_ids)
        )
    return redirect(f"/stories/questions/{answer.question_id}/#answer-{answer.pk}")


@login_required
@require_POST
def answer_helpful(request: HttpRequest, answer_id: int) -> HttpResponse:
    viewer = _user(request)
    try:
        services.answer_mark_helpful(
            user=viewer, answer_id=answer_id, is_helpful=request.POST.get("is_helpful") != "0"
        )
    except NotFound as exc:
        raise Http404 from exc
    except ApplicationError as exc:
        return HttpResponse(exc.message, status=exc.status)
    return _answer_partial(request, viewer, answer_id)


@login_required
@require_POST
def answer_helped_too(request: HttpRequest, answer_id: int) -> HttpResponse:
    viewer = _user(request)
    try:
        enforce_rate(request, group="stories:react", rate=stories_api.REACT_RATE)
        services.answer_helped_too(user=viewer, answer_id=answer_id)
    except NotFound as exc:
        raise Http404 from exc
    except ApplicationError as exc:
        return HttpResponse(exc.message, status=exc.status)
    return _answer_partial(request, viewer, answer_id)


# --- thank-you notes ---------------------------------------------------------------------------------


@login_required
def thanks(request: HttpRequest) -> HttpResponse:
    """GET: the thank-you notes I received. POST: send one for a story, answer or conversation."""
    viewer = _user(request)
    if request.method == "POST":
        target_type = request.POST.get("target_type", "")
        raw_id = request.POST.get("target_id", "")
        back = request.POST.get("next", "")
        if not back.startswith("/") or back.startswith("//"):
            back = "/stories/"
        try:
            enforce_rate(request, group="stories:post", rate=stories_api.POST_RATE)
            note = services.thank_you_send(
                sender=viewer,
                target_type=target_type,
                target_id=int(raw_id) if raw_id.isdigit() else 0,
                body=request.POST.get("body", ""),
            )
        except NotFound as exc:
            raise Http404 from exc
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(back)
        joiner = "&" if "?" in back else "?"
        if note.status == "published":
            messages.success(request, _("Your thank-you note is on its way."))
        return redirect(f"{back}{joiner}posted=thanks-{note.pk}")
    rows, next_cursor = selectors.keyset_page(
        selectors.thanks_received_list(user=viewer), cursor=request.GET.get("cursor", "")
    )
    return render(request, "stories/thanks.html", {"notes": rows, "next_cursor": next_cursor})


# --- resources ---------------------------------------------------------------------------------------


@login_required
def resources(request: HttpRequest) -> HttpResponse:
    viewer = _user(request)
    topic = request.GET.get("topic", "")
    country = request.GET.get("country", "") if "country" in request.GET else str(viewer.country or "")
    form: dict[str, Any] = {}
    status = 200
    context_extra: dict[str, Any] = {}
    if request.method == "POST":
        form = {
            key: request.POST.get(key, "")
            for key in ("name", "description", "kind", "url", "phone", "country")
        }
        form["topics"] = request.POST.getlist("topics")
        try:
            enforce_rate(request, group="stories:post", rate=stories_api.POST_RATE)
            resource = services.resource_suggest(
                user=viewer,
                name=form["name"],
                description=form["description"],
                kind=form["kind"],
                url=form["url"],
                phone=form["phone"],
                country=form["country"],
                topic_slugs=form["topics"],
            )
        except ApplicationError as exc:
            context_extra = _errors(exc)
            status = exc.status
        else:
            if resource.state == Resource.State.APPROVED:
                messages.success(request, _("Thank you: the resource is in the library."))
            else:
                messages.success(request, _("Thank you: a moderator will look at your suggestion."))
            return redirect("stories:resources")
    is_moderator = viewer.is_moderator or viewer.is_superuser
    context = {
        "resources": selectors.resource_list(topic_slug=topic, country=country),
        "pending": list(selectors.resource_pending_list()) if is_moderator else [],
        "is_moderator": is_moderator,
        "topic": topic,
        "country": country,
        "topics": _topics(),
        "kinds": Resource.Kind.choices,
        "form": form,
        "my_conversations": _active_conversations(viewer),
    } | context_extra
    return render(request, "stories/resources.html", context, status=status)


def _active_conversations(viewer: User) -> list[Any]:
    from peercircle.conversations.selectors import conversation_list

    return [c for c in conversation_list(user=viewer) if c.status == "active"]


@login_required
@require_POST
def resource_review(request: HttpRequest, resource_id: int) -> HttpResponse:
    try:
        services.resource_review(
            moderator=_user(request),
            resource_id=resource_id,
            is_approved=request.POST.get("decision") == "approve",
            reason=request.POST.get("reason", "")[:500],
        )
    except ApplicationError as exc:
        raise Http404 from exc
    messages.success(request, _("Saved."))
    return redirect("stories:resources")


# --- recognition -------------------------------------------------------------------------------------


@login_required
def helper(request: HttpRequest, handle: str) -> HttpResponse:
    """A member's helper page: recognition for helpers only, never numbers about people seeking help."""
    viewer = _user(request)
    try:
        member = selectors.helper_user_get(viewer=viewer, handle=handle)
    except NotFound as exc:
        raise Http404 from exc
    context = selectors.recognition_context(viewer=viewer, member=member)
    return render(request, "stories/helper.html", context)


@login_required
@require_POST
def resource_share(request: HttpRequest, resource_id: int) -> HttpResponse:
    """Share a resource into one of my conversations, then go to that conversation."""
    viewer = _user(request)
    try:
        conversation_id = int(request.POST.get("conversation", ""))
    except ValueError:
        messages.error(request, _("Choose a conversation."))
        return redirect("stories:resources")
    try:
        message = services.resource_share(
            user=viewer, resource_id=resource_id, conversation_id=conversation_id
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("stories:resources")
    return redirect("conversations:detail", pk=message.conversation_id)
