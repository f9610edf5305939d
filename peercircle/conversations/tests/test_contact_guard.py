import pytest

from peercircle.conversations.contact_guard import contact_details_found


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("call me on 07700 900123", "phone"),
        ("my number is +44 (0)20 7946 0958", "phone"),
        ("text me 555-867-5309", "phone"),
        ("my email is jo@example.com", "email"),
        ("jo dot smith at gmail dot com", "email"),
        ("jo(at)gmail(dot)com", "email"),
        ("add me on snap", "social"),
        ("my insta: jojo", "social"),
        ("find me @jojo_22", "social"),
        ("see https://example.org/me", "link"),
        ("www.example.com", "link"),
    ],
)
def test_contact_details_are_spotted(text: str, kind: str) -> None:
    assert kind in contact_details_found(text)


@pytest.mark.parametrize(
    "text",
    [
        "I was sober 2019-2021",
        "I have 2 kids and 3 cats",
        "talk at 8pm?",
        "I take 20mg twice a day",
        "my mum died in 2023 and my dad in 2019",
        "I am at home now.",
        "Two years clean on 12/03!",
    ],
)
def test_ordinary_messages_pass(text: str) -> None:
    assert contact_details_found(text) == []
