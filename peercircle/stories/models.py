"""Shared experiences, advice questions and answers, reactions, thank-you notes and practical resources."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from peercircle.core.fields import EncryptedTextField
from peercircle.core.models import BaseModel

TITLE_MAX = 120
STORY_BODY_MAX = 10_000
QUESTION_BODY_MAX = 5_000
ANSWER_BODY_MAX = 5_000
COMMENT_BODY_MAX = 2_000
THANKS_BODY_MAX = 500
RESOURCE_DESCRIPTION_MAX = 1_000


class Status(models.TextChoices):
    PUBLISHED = "published", _("Published")
    HELD = "held", _("Held for a moderator")
    REMOVED = "removed", _("Removed by a moderator")


class ContentNote(models.TextChoices):
    SELF_HARM = "self_harm", _("Self-harm")
    SUICIDE = "suicide", _("Suicide")
    ABUSE = "abuse", _("Abuse")
    EATING = "eating", _("Eating difficulties")
    SUBSTANCES = "substances", _("Alcohol or drugs")
    LOSS = "loss", _("Loss and bereavement")


class Visibility(models.TextChoices):
    COMMUNITY = "community", _("Everyone in the community")
    PEERS = "peers", _("My peers (people I am or was matched with)")
    PRIVATE = "private", _("Private journal (only me)")


class ReactionKind(models.TextChoices):
    STRENGTH = "strength", _("Sending strength")
    ME_TOO = "me_too", _("Me too")
    HELPED = "helped", _("This helped me")


def notes_to_field(notes: list[str]) -> str:
    """Content notes are stored as ",a,b," so a plain icontains finds one on every database."""
    ordered = [note for note in ContentNote.values if note in set(notes)]
    return f",{','.join(ordered)}," if ordered else ""


class Post(BaseModel):
    """What every member-written piece shares: an author, screening outcome and moderation state."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED, db_index=True)
    screen_level = models.CharField(max_length=10, default="none")
    screen_reasons = models.JSONField(default=list, blank=True)
    # Set by admins and peer supporters: adults' posts reach minors only when flagged suitable.
    is_suitable_for_minors = models.BooleanField(_("suitable for members under 18"), default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class Story(Post):
    """A story shared with the community or peers, or a private journal entry.

    The text lives in one of two columns, chosen by visibility: `shared_body` (plain, so search can use
    icontains) or `private_body` (encrypted at rest, for the private journal). The other one stays empty.
    Read and write the text through `body`, which picks the right column; a service that changes
    visibility assigns `body` again so the text moves in the same save.
    """

    title = models.CharField(_("title"), max_length=TITLE_MAX)
    shared_body = models.TextField(_("your story"), max_length=STORY_BODY_MAX, blank=True)
    # Not editable: no form (the admin included) may show or write a journal entry.
    private_body = EncryptedTextField(
        _("your journal entry"), max_length=STORY_BODY_MAX, blank=True, editable=False
    )
    topics = models.ManyToManyField("accounts.Topic", blank=True, related_name="stories")
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.COMMUNITY)
    is_anonymous = models.BooleanField(_("post without my handle"), default=False)
    content_notes = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "stories"
        constraints = [
            # A journal entry's text is never in the plain column, and a shared story's never in the
            # encrypted one (search would miss it).
            models.CheckConstraint(
                condition=(Q(visibility=Visibility.PRIVATE) & Q(shared_body=""))
                | (~Q(visibility=Visibility.PRIVATE) & Q(private_body="")),
                name="stories_story_body_in_one_column",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_private(self) -> bool:
        return self.visibility == Visibility.PRIVATE

    @property
    def body(self) -> str:
        return self.private_body if self.is_private else self.shared_body

    @body.setter
    def body(self, text: str) -> None:
        if self.is_private:
            self.private_body, self.shared_body = text, ""
        else:
            self.shared_body, self.private_body = text, ""

    @property
    def content_note_list(self) -> list[str]:
        return [note for note in self.content_notes.split(",") if note]

    @property
    def content_note_labels(self) -> list[str]:
        labels = dict(ContentNote.choices)
        return [str(labels[note]) for note in self.content_note_list if note in labels]


class Comment(Post):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="comments")
    body = models.TextField(_("comment"), max_length=COMMENT_BODY_MAX)

    class Meta:
        ordering = ["created_at", "id"]


class Reaction(BaseModel):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ReactionKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["story", "user", "kind"], name="stories_reaction_unique"),
        ]


class Question(Post):
    topic = models.ForeignKey("accounts.Topic", on_delete=models.PROTECT, related_name="questions")
    title = models.CharField(_("your question"), max_length=TITLE_MAX)
    body = models.TextField(_("more detail"), max_length=QUESTION_BODY_MAX, blank=True)
    is_anonymous = models.BooleanField(_("ask without my handle"), default=False)
    # When the unanswered-question task last brought it to helpers; None until then.
    surfaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Answer(Post):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    body = models.TextField(_("your answer"), max_length=ANSWER_BODY_MAX)
    # Only the asker marks this; it feeds the helper's recognition.
    marked_helpful_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    @property
    def is_marked_helpful(self) -> bool:
        return self.marked_helpful_at is not None


class AnswerHelpedToo(BaseModel):
    """Someone other than the asker says "this helped me too"."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="helped_too")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["answer", "user"], name="stories_helped_too_unique")]


class ThankYou(Post):
    class Target(models.TextChoices):
        STORY = "story", _("Story")
        ANSWER = "answer", _("Answer")
        CONVERSATION = "conversation", _("Conversation")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.CharField(_("your note"), max_length=THANKS_BODY_MAX)
    target_type = models.CharField(max_length=20, choices=Target.choices)
    target_id = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["-created_at", "-id"]


class ReaderPreference(BaseModel):
    """Themes this reader never wants to see (stories with such a content note are left out entirely)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="story_preference"
    )
    hidden_notes = models.CharField(max_length=120, blank=True)

    @property
    def hidden_note_list(self) -> list[str]:
        return [note for note in self.hidden_notes.split(",") if note]


class StoryAuthorVector(BaseModel):
    """Situation embedding of a writer or reader, until the matching app stores its own.

    `text_hash` lets a changed situation refresh the vector without comparing texts.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    model_version = models.CharField(max_length=60)
    text_hash = models.CharField(max_length=64)
    vector = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "model_version"], name="stories_author_vector_unique"),
        ]


class Resource(BaseModel):
    """A practical service beyond crisis lines, curated by admins and peer supporters."""

    class Kind(models.TextChoices):
        SUPPORT_GROUP = "support_group", _("Support group")
        CLINIC = "clinic", _("Clinic or health service")
        CARERS = "carers", _("Carers' service")
        BEREAVEMENT = "bereavement", _("Bereavement service")
        HOUSING = "housing", _("Housing advice")
        MONEY = "money", _("Money and benefits advice")
        OTHER = "other", _("Other")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for a moderator")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("what it offers"), max_length=RESOURCE_DESCRIPTION_MAX)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    url = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # Blank country: available everywhere (an online service).
    country = CountryField(_("country"), blank=True)
    topics = models.ManyToManyField("accounts.Topic", blank=True, related_name="resources")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING, db_index=True)
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
