"""Demo content: a conversation between sam (grieving her mum) and alex (peer supporter)."""

from __future__ import annotations

from peercircle.accounts.models import User
from peercircle.conversations.models import Conversation, Message
from peercircle.conversations.services import conversation_create, message_send

DEMO_MESSAGES = [
    (
        "alex",
        "Hi Sam, I'm Alex. I lost my dad three years ago. I read that your mum died in March; I'm so sorry.",
    ),
    ("sam", "Thank you for reaching out. Some days are fine and then something small knocks me over."),
    (
        "alex",
        "That was exactly it for me. The supermarket was the worst: his favourite biscuits on the shelf.",
    ),
    ("sam", "I keep picking up the phone to call her. Then I remember. Does that ever stop?"),
    (
        "alex",
        "It got gentler for me, not all at once. Around the first year I started calling my aunt instead, "
        "and telling her the thing I wanted to tell Dad. Would something like that help?",
    ),
    ("sam", "Maybe. Her sister and I haven't talked much. I might message her this weekend."),
]


def seed(users: dict[str, User]) -> None:
    """Create the sam-alex conversation once (idempotent: skipped if they already share one)."""
    sam, alex = users.get("sam"), users.get("alex")
    if sam is None or alex is None:
        return
    existing = Conversation.objects.filter(participants__user=sam).filter(participants__user=alex).first()
    if existing is not None and Message.objects.filter(conversation=existing).exists():
        return
    conversation = existing or conversation_create(participants=[sam, alex])
    for i, (handle, text) in enumerate(DEMO_MESSAGES):
        message_send(conversation=conversation, sender=users[handle], text=text, client_id=f"demo-{i}")
