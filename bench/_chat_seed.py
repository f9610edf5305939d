"""Create benchmark members, pair conversations and logged-in sessions; print them as JSON.

Run inside the server's environment: python -m bench._chat_seed --pairs 500 --out creds.json"""

from __future__ import annotations

import argparse
import json
import os

import django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=500)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    django.setup()

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction

    from peercircle.accounts.models import User
    from peercircle.conversations.models import Conversation, Participant

    UNUSABLE = make_password(None)  # benchmark members log in through pre-made sessions only
    with transaction.atomic():
        users = User.objects.bulk_create(
            [User(handle=f"bench{i}", password=UNUSABLE) for i in range(2 * args.pairs)], batch_size=500
        )
        conversations = Conversation.objects.bulk_create(
            [Conversation(kind="pair", contact_guard_until=None) for _ in range(args.pairs)], batch_size=500
        )
        Participant.objects.bulk_create(
            [
                Participant(conversation=conversation, user=users[2 * i + side])
                for i, conversation in enumerate(conversations)
                for side in (0, 1)
            ],
            batch_size=1000,
        )
    cookies = {}
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies[user.pk] = session.session_key
    pairs = [
        [
            c.pk,
            [users[2 * i].pk, cookies[users[2 * i].pk]],
            [users[2 * i + 1].pk, cookies[users[2 * i + 1].pk]],
        ]
        for i, c in enumerate(conversations)
    ]
    with open(args.out, "w") as handle:
        json.dump(pairs, handle)


if __name__ == "__main__":
    main()
