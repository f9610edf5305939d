"""Demo content for stories and advice (idempotent): run through `peercircle demo`."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from peercircle.accounts.models import Topic, User
from peercircle.stories import services
from peercircle.stories.models import Answer, Question, Resource, Status, Story, ThankYou

# handle, title, body, topics, visibility, anonymous, content notes, days ago
STORIES = [
    (
        "alex",
        "The first year after Dad died",
        "Dad died of a heart attack three years ago, a week before his birthday. The first year I kept "
        "reaching for my phone to ring him after football.\n\nWhat helped: saying his name out loud, "
        'walking his old route on Sundays, and a friend who simply asked "how is today?" instead of '
        '"how are you?". The grief didn\'t get smaller; my life grew around it.',
        ["grief-and-loss"],
        "community",
        False,
        ["loss"],
        9,
    ),
    (
        "river",
        "When he didn't know my name",
        "Last night my husband asked me, politely, who I was. Fifty-one years married. I went into the "
        "kitchen and cried into a tea towel, then went back in and we watched the quiz together.\n\n"
        "I don't need advice today, I just needed to say it somewhere.",
        ["dementia", "caring-for-someone"],
        "community",
        False,
        [],
        3,
    ),
    (
        "lee",
        "Day 12",
        "Twelve days without a drink. Evenings are still the hardest, so I've started cooking something "
        "slow every night so my hands are busy between six and nine. Small win: I slept through last night.",
        ["alcohol-recovery"],
        "community",
        False,
        ["substances"],
        2,
    ),
    (
        "priya",
        "Panic before every exam",
        "My chest goes tight the moment I sit down in the exam hall. Breathing out for longer than I breathe "
        "in helps a little. Anyone else find something that works?",
        ["anxiety", "studying"],
        "community",
        False,
        [],
        1,
    ),
    (
        "nadia",
        "Sunday afternoons in a new city",
        "Weekdays are fine because of work. Sundays in Toronto are so quiet. I joined a running club last "
        "week, and on the second run someone remembered my name.",
        ["moving-countries", "loneliness"],
        "community",
        False,
        [],
        4,
    ),
    (
        "ellie",
        "Twenty weeks",
        "We lost our baby at twenty weeks. People stopped asking after a fortnight. I still count the weeks.",
        ["pregnancy-and-baby-loss"],
        "community",
        True,
        ["loss"],
        6,
    ),
    (
        "sam",
        "Things I wish I'd said to Mum",
        "That I liked her terrible puns. That I kept every birthday card. "
        "That I'm sorry about the last phone call being so short.",
        ["grief-and-loss"],
        "private",
        False,
        ["loss"],
        1,
    ),
    (
        "mia",
        "Mocks are over!",
        "I thought I'd fail everything and I didn't. Drawing in the evenings helped me stop spiralling.",
        ["studying", "anxiety"],
        "community",
        False,
        [],
        2,
    ),
]

# asker, topic, title, body, days ago, answers [(helper, body, marked helpful)]
QUESTIONS = [
    (
        "sam",
        "grief-and-loss",
        "How did you get through the first birthday without them?",
        "Mum's birthday is next month. I don't know whether to do something or hide under the duvet.",
        5,
        [
            (
                "alex",
                "We did Dad's favourite walk and had chips on the bench he liked. Doing one small thing "
                "helped more than hoping the day would pass. It's also fine to change your mind on the day.",
                True,
            ),
            (
                "kofi",
                "I wrote a letter to my grandmother on her birthday. It felt strange and then it felt good.",
                False,
            ),
        ],
    ),
    (
        "lee",
        "alcohol-recovery",
        "What do you do in the evenings instead of drinking?",
        "Six to nine is when I want a drink most.",
        3,
        [
            (
                "tomas",
                "I went cycling every evening for the first month, even for twenty minutes, and I kept "
                "alcohol-free beer in the fridge. Text someone at 6pm every day: it makes the evening start "
                "differently.",
                True,
            ),
        ],
    ),
    ("nadia", "moving-countries", "How did you make friends after moving abroad?", "", 2, []),
]

# sender, kind ("story" title or "answer" by helper on question title), target, note
THANKS = [
    (
        "sam",
        "answer",
        ("How did you get through the first birthday without them?", "alex"),
        "The walk idea is exactly right. Thank you.",
    ),
    (
        "lee",
        "answer",
        ("What do you do in the evenings instead of drinking?", "tomas"),
        "Day 15 now. The 6pm text works.",
    ),
    ("river", "story", ("The first year after Dad died", "alex"), '"How is today?" is going on my fridge.'),
]

# name, description, kind, url, country, topics
RESOURCES = [
    (
        "Cruse Bereavement Support",
        "Free bereavement support by phone, online and in person.",
        "bereavement",
        "https://www.cruse.org.uk",
        "GB",
        ["grief-and-loss"],
    ),
    (
        "Carers UK",
        "Advice and support for unpaid carers, including benefits and breaks.",
        "carers",
        "https://www.carersuk.org",
        "GB",
        ["caring-for-someone", "dementia"],
    ),
    (
        "Alzheimer's Society",
        "Information, local support and a helpline for people affected by dementia.",
        "carers",
        "https://www.alzheimers.org.uk",
        "GB",
        ["dementia"],
    ),
    (
        "Citizens Advice",
        "Free, confidential advice on money, debt, benefits, housing and work.",
        "money",
        "https://www.citizensadvice.org.uk",
        "GB",
        ["work-and-money"],
    ),
    (
        "Shelter",
        "Housing advice and help if you are homeless or at risk of losing your home.",
        "housing",
        "https://www.shelter.org.uk",
        "GB",
        ["work-and-money"],
    ),
    (
        "Alcoholics Anonymous",
        "Free peer support meetings in person and online, worldwide.",
        "support_group",
        "https://www.aa.org",
        "",
        ["alcohol-recovery"],
    ),
]


def _backdate(model: type[Story] | type[Question] | type[Answer], pk: int, days: float) -> None:
    model._default_manager.filter(pk=pk).update(created_at=timezone.now() - timedelta(days=days))


def seed(users: dict[str, User]) -> None:
    """Create the demo stories, questions, answers, thank-you notes and resources (idempotent)."""
    known_topics = set(Topic.objects.values_list("slug", flat=True))
    for handle, title, body, topics, visibility, anonymous, notes, days in STORIES:
        author = users.get(handle)
        if author is None or Story.objects.filter(author=author, title=title).exists():
            continue
        story = services.story_create(
            author=author,
            title=title,
            body=body,
            topic_slugs=[t for t in topics if t in known_topics],
            visibility=visibility,
            is_anonymous=anonymous,
            content_notes=notes,
        )
        _backdate(Story, story.pk, days)

    for handle, topic, title, body, days, answers in QUESTIONS:
        asker = users.get(handle)
        if asker is None or topic not in known_topics:
            continue
        question = Question.objects.filter(author=asker, title=title).first()
        if question is None:
            question = services.question_create(author=asker, topic_slug=topic, title=title, body=body)
            _backdate(Question, question.pk, days)
        for helper_handle, answer_body, is_helpful in answers:
            helper = users.get(helper_handle)
            if helper is None or Answer.objects.filter(question=question, author=helper).exists():
                continue
            answer = services.answer_create(author=helper, question_id=question.pk, body=answer_body)
            _backdate(Answer, answer.pk, days - 0.5)
            # The demo goes through the real screen: an answer it holds waits for a moderator like any
            # other (and shows what a false alarm looks like), so the asker cannot see or mark it yet.
            if is_helpful and answer.status == Status.PUBLISHED:
                services.answer_mark_helpful(user=asker, answer_id=answer.pk)

    for sender_handle, kind, (target_title, recipient_handle), note in THANKS:
        sender, recipient = users.get(sender_handle), users.get(recipient_handle)
        if sender is None or recipient is None:
            continue
        target: Story | Answer | None
        if kind == "story":
            target = Story.objects.filter(
                author=recipient, title=target_title, status=Status.PUBLISHED
            ).first()
        else:
            target = Answer.objects.filter(
                author=recipient, question__title=target_title, status=Status.PUBLISHED
            ).first()
        if (
            target is None
            or ThankYou.objects.filter(author=sender, target_type=kind, target_id=target.pk).exists()
        ):
            continue
        services.thank_you_send(sender=sender, target_type=kind, target_id=target.pk, body=note)

    curator = users.get("alex")
    for name, description, kind, url, country, topics in RESOURCES:
        if curator is None or Resource.objects.filter(name=name).exists():
            continue
        services.resource_suggest(
            user=curator,
            name=name,
            description=description,
            kind=kind,
            url=url,
            country=country,
            topic_slugs=[t for t in topics if t in known_topics],
        )
    suggester = users.get("nadia")
    if suggester is not None and not Resource.objects.filter(name="Newcomers' Sunday running club").exists():
        services.resource_suggest(
            user=suggester,
            name="Newcomers' Sunday running club",
            description="A friendly 5 km run for people new to the city, every Sunday at 10am, all paces.",
            kind="support_group",
            country="CA",
            topic_slugs=[t for t in ("moving-countries", "loneliness") if t in known_topics],
        )
