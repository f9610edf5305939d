"""The gating pass (lexicon + context) and the `peercircle screen` command; no database, no model."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peercircle.safety.screening import LEVELS, ScreenResult, raised, screen
from peercircle.safety.screening.cli import MAX_TEXT_CHARS, main
from peercircle.safety.screening.dataset import DEV_PATH, load_labelled
from peercircle.safety.screening.normalise import normalise

URGENT_CASES = [
    # intent, plan, time
    "im going to kill myself tonight",
    "gonna end it all on friday when the house is empty",
    "i know exactly how i'll do it",
    "the date is set. saturday",
    "i want to die and tonight i'm finally doing it",
    # means, method, dose
    "been saving my sleeping tablets for weeks",
    "bought a rope this afternoon, you know what for",
    "1200mg should do it right",
    "\U0001f48a\U0001f48a\U0001f48a tonight",
    # evasive spellings
    "i'm gonna kms tmrw",
    "going to unalive myself 2nite",
    "su1c1de tonight. its time",
    # act in progress
    "i just swallowed a whole box of paracetamol",
    "im cutting rn and theres so much blood",
    "standing on the ledge of the car park now",
    # goodbye, possessions
    "by the time you read this i'll be gone",
    "gave my games to my brother and my books to my mate. goodbye everyone",
    # third party at imminent risk, violence, threat now
    "my sister took a load of her pills and wont wake up properly",
    "my mate says he's going to jump off the bridge tonight",
    "i'm going to stab my stepdad when he gets in",
    "he's outside the door and he said he'll kill me tonight",
    # compositional rules: a new wording of an act, a means, a plan with a time, a farewell
    "took every tablet in the cupboard before dinner",
    "vodka and half of my dads tramadol, sorry",
    "bought six packs of ibuprofen from different chemists so no one asked",
    "i've picked the spot. wednesday",
    "gonna do it when my shift ends",
    "signing off for good. be kind x",
    "the letter for my brother is in the drawer by my bed",
    "my cousin overdosed and she's not making sense",
    "i'm on the railway bridge again",
]

CONCERN_CASES = [
    "i wish i could go to sleep and not wake up",
    "everyone would be happier if i wasn't around",
    "i feel like a massive burden on my mum",
    "no reason to keep going honestly",
    "been self harming again this week",
    "the urge to cut is unbearable",
    "how many paracetamol would it take to die, just wondering",
    "my boyfriend slapped me again last night",
    "my husband threatened to hurt me if i tell anyone",
    "i wanna kms",
    "sewerslide thoughts won't leave me alone",
    # negated intent is still mentioned: kept as a concern, never dropped (see lexicon docstring)
    "i'm not going to kill myself",
    "i'd never actually do it but i want to die",
    "su1c1de tonight",
    # compositional rules: fresh wordings of passive wishes, burden, research, abuse
    "my family would be better off and happier without me",
    "i wish i wouldn't wake up some mornings",
    "kinda hope the bus crashes on the way in",
    "does it hurt to drown, asking for no reason",
    "he grabbed me by the hair and i'm scared",
]

NONE_CASES = [
    # idioms
    "this revision is killing me",
    "i could murder a kebab",
    "dying to see the new season",
    "you totally killed it today",
    "the wait is killing me lol",
    "my mum's going to kill me when she sees this",
    # recovery milestones
    "two years clean today!",
    "haven't self harmed in a year \U0001f389",
    "i used to want to die all the time, now i'm doing so much better",
    # caring replies by peer supporters
    "if you ever feel suicidal please call a crisis line, they're there day and night",
    "please reach out to samaritans if you feel like ending your life, you matter",
    # questions about helping a friend
    "how do i help my friend who is suicidal? she's with her mum now",
    "my son told me he self harms, how do i talk to him about it",
    # grief
    "my uncle died by suicide when i was little",
    "lost my nan in march and the house feels empty",
    # distress without risk, explicit reassurance
    "i'm so stressed and i can't sleep",
    "im not suicidal, just really tired",
    "i don't want to die, i just want the pain in my back to stop",
    # method or time words with no risk
    "took my meds and going to bed early tonight",
    "bought a rope for climbing club",
    "tonight i'm making lasagne",
    "kys loser",
    # near misses for the compositional rules
    "the pills are starting to help my mood",
    "my sertraline is finally kicking in, feel calmer",
    "i wrote letters to everyone for christmas",
    "im going to the bridge tonight to take photos",
    "we're going to the cliffs for a walk tomorrow",
    "it will all be over soon, exams finish friday",
    "im not waking up early tomorrow lol",
    "gonna jump in the pool",
    "my friend overdosed last year and died, i still think of her",
    "i got everything i need for the party tomorrow",
    "ending my shift now, bye!",
]


@pytest.mark.parametrize("text", URGENT_CASES)
def test_urgent_messages_are_urgent(text: str) -> None:
    result = screen(text)
    assert result.level == "urgent", result
    assert result.score >= 0.75
    assert result.reasons


@pytest.mark.parametrize("text", CONCERN_CASES)
def test_concern_messages_are_concern(text: str) -> None:
    result = screen(text)
    assert result.level == "concern", result
    assert 0.35 <= result.score < 0.75
    assert result.reasons


@pytest.mark.parametrize("text", NONE_CASES)
def test_hard_negatives_are_not_flagged(text: str) -> None:
    result = screen(text)
    assert result.level == "none", result
    assert result.score < 0.35


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("I'm gonna KMS tmrw", "im going to kill myself tomorrow"),
        ("su1c1de", "suicide"),
        ("sewer slide", "suicide"),
        ("k.m.s", "kill myself"),
        ("unalive", "kill myself"),
        ("dont", "dont"),
        ("800mg", "800mg"),
    ],
)
def test_normalise_folds_slang_and_evasive_spellings(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_reasons_name_method_and_time_for_moderators() -> None:
    result = screen("i want to die, got the pills and it's happening tonight")
    assert result.level == "urgent"
    assert "method: pills" in result.reasons
    assert "time: tonight" in result.reasons


def test_earlier_risk_in_conversation_makes_a_time_urgent() -> None:
    assert screen("tonight").level == "none"
    result = screen("tonight", context=["hey", "i want to die"])
    assert result.level == "urgent"
    assert "context: earlier risk in conversation" in result.reasons
    assert "time: tonight" in result.reasons


def test_earlier_risk_makes_having_enough_urgent() -> None:
    context = ["i'm a burden to everyone", "are you ok?"]
    assert screen("i have enough saved now").level == "none"
    assert screen("i have enough saved now", context=context).level == "urgent"


def test_context_loader_runs_only_when_earlier_risk_could_matter() -> None:
    calls: list[str] = []

    def loader() -> list[str]:
        calls.append("read")
        return ["i want to die"]

    assert screen("ok thank you, talking helps", context=loader).level == "none"
    assert screen("i want to die tonight, i have the pills", context=loader).level == "urgent"
    assert calls == []  # nothing earlier can change these, so the conversation is never read
    result = screen("tonight", context=loader)
    assert calls == ["read"]
    assert result.level == "urgent"
    assert "context: earlier risk in conversation" in result.reasons


@given(text=st.text(max_size=200), context=st.lists(st.text(max_size=80), max_size=4))
def test_context_loader_gives_the_same_result_as_a_list(text: str, context: list[str]) -> None:
    assert screen(text, context=lambda: context) == screen(text, context=context)


def test_context_without_risk_changes_nothing() -> None:
    context = ["this exam is killing me", "two years clean today!"]
    assert screen("see you tonight", context=context).level == "none"
    assert screen("tonight", context=context).level == "none"


def test_a_plain_reply_after_risk_is_not_flagged() -> None:
    assert screen("ok thank you, talking helps", context=["i want to die"]).level == "none"


def test_raised_compares_levels() -> None:
    assert raised(ScreenResult("none", 0.0), ScreenResult("concern", 0.4))
    assert not raised(ScreenResult("urgent", 0.9), ScreenResult("concern", 0.5))


def test_as_dict_has_the_public_shape() -> None:
    assert screen("i saved up my pills").as_dict() == {
        "level": "urgent",
        "score": 0.9,
        "reasons": ["means: stockpiled"],
    }


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=400), context=st.lists(st.text(max_size=80), max_size=4))
def test_screen_never_raises_and_returns_a_valid_result(text: str, context: list[str]) -> None:
    result = screen(text, context=context)
    assert result.level in LEVELS
    assert 0.0 <= result.score <= 1.0
    assert all(isinstance(reason, str) for reason in result.reasons)
    json.dumps(result.as_dict())


def _run_cli(lines: list[str], *args: str) -> tuple[int, list[dict[str, object]]]:
    stdout = io.StringIO()
    code = main(["--fast", *args], stdin=io.StringIO("\n".join(lines) + "\n"), stdout=stdout)
    return code, [json.loads(line) for line in stdout.getvalue().splitlines()]


def test_cli_screens_lines_in_order() -> None:
    code, rows = _run_cli(
        [
            json.dumps({"id": "a", "text": "i saved up my pills"}),
            json.dumps({"id": 2, "text": "this exam is killing me"}),
            json.dumps({"id": None, "text": "i wish i was dead"}),
        ]
    )
    assert code == 0
    assert [(r["id"], r["level"]) for r in rows] == [("a", "urgent"), (2, "none"), (None, "concern")]
    assert rows[0] == {"id": "a", "level": "urgent", "score": 0.9, "reasons": ["means: stockpiled"]}


def test_cli_bad_lines_get_errors_in_place_and_the_rest_still_run() -> None:
    code, rows = _run_cli(
        [
            "{not json",
            json.dumps({"id": 1, "text": "i'm going to kill myself tonight"}),
            json.dumps(["a", "list"]),
            json.dumps({"id": 2}),
            json.dumps({"id": 3, "text": 42}),
            json.dumps({"id": 4, "text": "x" * (MAX_TEXT_CHARS + 1)}),
            "",
            "   ",
            json.dumps({"id": 5, "text": "dying to see you"}),
        ]
    )
    assert code == 1
    assert len(rows) == 7  # blank lines are skipped, every other line answers in its place
    assert rows[0]["id"] is None and "invalid JSON" in str(rows[0]["error"])
    assert rows[1]["id"] == 1 and rows[1]["level"] == "urgent"
    assert rows[2] == {"id": None, "error": "each line must be a JSON object"}
    assert rows[3] == {"id": None, "error": 'missing "text"'}
    assert rows[4] == {"id": None, "error": '"text" must be a string'}
    assert rows[5]["id"] is None and "longer than" in str(rows[5]["error"])
    assert rows[6]["id"] == 5 and rows[6]["level"] == "none"


def test_cli_accepts_text_at_the_size_limit() -> None:
    code, rows = _run_cli([json.dumps({"id": 1, "text": "a" * MAX_TEXT_CHARS})])
    assert code == 0
    assert rows == [{"id": 1, "level": "none", "score": 0.0, "reasons": []}]


# Floors for the lexicon on the 1792 dev rows its rules were written against, a little under what it
# scores (0.944 / 0.958 / 0.009): a change that loses recall or adds false alarms fails here. In-sample:
# the third round of rules was written from these rows' errors (the new authors' batches found about half
# their risk messages before it), so these say nothing about a new writer. The old held-out v3 rows after
# them were never used to write a rule (the lexicon finds 0.663 of their risk); held-out v4 is the fair
# measurement, and is asserted on nowhere.
DEV_FLOORS = {"any_risk_recall": 0.935, "urgent_recall": 0.95, "none_flagged_max": 0.02}
LEXICON_ROWS = 1792


def test_lexicon_stays_above_agreed_floors_on_the_dev_set() -> None:
    rows = load_labelled(DEV_PATH)[:LEXICON_ROWS]
    predicted = [(gold, screen(text).level) for gold, text in rows]
    risk = [p for g, p in predicted if g != "none"]
    urgent = [p for g, p in predicted if g == "urgent"]
    none = [p for g, p in predicted if g == "none"]
    assert sum(p != "none" for p in risk) / len(risk) >= DEV_FLOORS["any_risk_recall"]
    assert sum(p == "urgent" for p in urgent) / len(urgent) >= DEV_FLOORS["urgent_recall"]
    assert sum(p != "none" for p in none) / len(none) <= DEV_FLOORS["none_flagged_max"]


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("\U0001f48a" * 20_000, "concern"),
        ("kms " * 5_000, "concern"),
        ("a perfectly ordinary story about my allotment. " * 400, "none"),
        ("lots of words here. " * 999 + "i have saved up my pills", "urgent"),
    ],
)
def test_long_and_repetitive_texts_are_screened_in_full(text: str, level: str) -> None:
    assert screen(text).level == level


@pytest.mark.parametrize(
    ("text", "level"),
    [
        # acts under way or means in hand, in wordings the first two authors never used
        ("ive already taken them all, just wanted someone to know", "urgent"),
        ("sat here waiting for the tablets to kick in", "urgent"),
        ("the cord is already tied to the banister", "urgent"),
        ("my flatmate is unresponsive and her lips are going blue", "urgent"),
        # goodbyes and preparation that only add up together
        ("it was nice knowing some of you. dont blame yourselves", "urgent"),
        ("dropped the cat at my sisters and im heading to the cliffs tonight", "urgent"),
        ("my brother texted saying sorry for everything and now hes not answering his phone", "urgent"),
        # a threat from someone who is there now
        ("hes outside banging on the door saying hes going to kill me", "urgent"),
        # feelings in new words
        ("honestly dont know why im still here", "concern"),
        ("whats even the point of going on", "concern"),
        ("been googling how many of my tablets it would take", "concern"),
        ("some days i think theyd all be better off with me not around", "concern"),
        ("he keeps saying hell hurt me if i tell anyone", "concern"),
        # life going on, idioms, jokes and the past
        (
            "last day at the office, said goodbye to everyone, this is my last message on the team chat",
            "none",
        ),
        ("tonights the night i finally ask her out", "none"),
        ("going offline for a week before exams, see you on the other side", "none"),
        ("if that song comes on again ill throw myself off the sofa", "none"),
        ("lol id rather die than sit through another baby shower", "none"),
        ("lol my nephew says hes going to kill his sisters sandcastle", "none"),
        ("overdosed on coffee before the exam, cant feel my hands", "none"),
        ("my uncle lost his best friend to suicide and now runs a charity walk", "none"),
        (
            "when i was 17 i stood on a bridge and nearly jumped. 20 years later i volunteer on a helpline",
            "none",
        ),
        ("the pharmacist counted out my tablets wrong again", "none"),
        ("so now im two years into the new job and loving it", "none"),
    ],
)
def test_third_round_wordings(text: str, level: str) -> None:
    assert screen(text).level == level


# Rounds four to six of the lexicon (2026-11-26), each from one set of misses, reworded.
FOURTH_ROUND = [
    # fourth round (from old held-out v5's errors, reworded): acts in progress and farewells by deed
    ("the cuts are way deeper than i meant and it wont stop", "urgent"),
    ("i cut deeper than ever tonight", "urgent"),
    ("survived it last year. this time im going further", "urgent"),
    ("i just walked into the traffic on the ring road, horns everywhere", "urgent"),
    ("washing the pills down with vodka now", "urgent"),
    ("my sister took everything from the medicine cabinet and wont wake properly", "urgent"),
    ("the urge to cut is unbearable and ive got the scissors in my hand", "urgent"),
    ("day 3 with no food. i want this to be how it ends", "urgent"),
    ("gave my switch to my cousin, paid off my credit card. bye", "urgent"),
    # and what only looks like them
    ("my cat ran into the road this morning, she is fine thank god", "none"),
    ("i want this to be the end of my smoking", "none"),
    ("his words cut deep but im ok", "none"),
    ("took my antibiotics with a glass of water like the leaflet says", "none"),
    ("final goodbye to my old van today, 300k miles, sold for scrap", "none"),
    ("jumping in at the deep end with a new job on monday", "none"),
    ("ill be dead before they fix this printer", "none"),
    ("wrote a goodbye letter to my anxiety in group today", "none"),
    ("tonights the night!! first ever gig with the band", "none"),
    ("last message from me tonight, early shift tomorrow, night all", "none"),
    ("ok gtg, bye", "none"),
]

FIFTH_ROUND = [
    # fifth round (from the gating misses on batches D and E, reworded)
    ("swallowed the rest of the box about 15 mins ago", "urgent"),
    ("drank half a bottle of gin and took all the tablets", "urgent"),
    ("im taking the whole packet after work", "urgent"),
    ("tonight im ending it", "urgent"),
    ("the blade is in my drawer. waiting for everyone to go to bed", "urgent"),
    ("finally decided. friday, when the house is empty", "urgent"),
    ("dads rifle is loaded. just sitting here with it", "urgent"),
    ("set an alarm so someone finds me before the kids get up", "urgent"),
    ("i wont be at work on monday. or ever", "urgent"),
    (
        "my cousin posted a pill bottle saying see u never and his phone went straight to voicemail",
        "urgent",
    ),
    ("got a better way out sorted for tonight", "urgent"),
    # and what only looks like them
    ("i took the rest of the cake to work, gone in 10 mins", "none"),
    ("made the decision to leave my job and its the best thing ive done", "none"),
    ("cant go on with this commute honestly, 2 hours each way", "none"),
    ("one year since i last hurt myself, no relapse, proud of me", "none"),
    ("overdosed on energy drinks before the exam lmao", "none"),
    ("what should you do if someone says theyre going to end it? asking for a training course", "none"),
    ("the only way out is through, as my therapist says", "none"),
    ("counted out 200 tablets for the care home order, night shift is long", "none"),
    ("ok gtg, bye", "none"),
]

SIXTH_ROUND = [
    # sixth round (from the gating misses on batches F to I, reworded)
    ("bought weedkiller today and it is not for the garden", "urgent"),
    ("if they send me back i will drink the pesticide", "urgent"),
    ("the gas is on and ive shut all the windows", "urgent"),
    ("sitting on the parapet of the bridge now", "urgent"),
    ("swallowing the tablets with the cheap vodka as i type", "urgent"),
    ("ive taken thirty paracetamol", "urgent"),
    ("the chair is under the beam", "urgent"),
    ("my brother has locked himself in the bathroom with a knife", "urgent"),
    ("tonight after prayers i will finish myself", "urgent"),
    ("no need to answer, i wont be here to read it", "urgent"),
    ("envelopes addressed, apologies written. tonight", "urgent"),
    ("left my bank card and pin with my flatmate and rehomed the cat. forgive me", "urgent"),
    ("cant see any other way. tonight i take the tablets", "urgent"),
    # and what only looks like them
    ("overdosed on chai again, 6 cups and wide awake", "none"),
    ("i will kill you if you dont come to my birthday", "none"),
    ("two years today without self harming, thank you all", "none"),
    ("four years ago tonight i took an overdose. things are so much better now", "none"),
    ("retirement party friday after 35 years, said goodbye to everyone for the last time", "none"),
    ("sliced my finger chopping onions, plaster on, back to cooking", "none"),
    ("if the bus doesnt come soon im walking into the sea lol", "none"),
    ("the vet says its time for our old dog, we booked friday", "none"),
    ("my character writes a suicide note in chapter 3, how do i handle it sensitively", "none"),
]


SEVENTH_ROUND = [
    # seventh round (from the short gating misses in batches N to T, reworded): under the model's floor
    ("swallowed the entire box. bye", "urgent"),
    ("tablets all taken | love you", "urgent"),
    ("my sister took the whole packet of her sleeping tablets", "urgent"),
    ("this is it | bye", "urgent"),
    ("forgive me dad, i couldnt hold on", "urgent"),
    ("i will not be alive by morning", "urgent"),
    ("seeing my final sunrise", "urgent"),
    ("honestly wish i was never born", "concern"),
    ("so tired to live", "concern"),
    # and what only looks like them
    ("took the whole packet of biscuits to work", "none"),
    ("took the whole box to the tip", "none"),
    ("sorry i couldnt stay longer at the party", "none"),
    ("watching my last sunset in lisbon before we fly home", "none"),
    # stories told from safety, suicide as a subject of study, goodbyes to houses (from batches N to T)
    ("six years ago i took an overdose. today i graduated as a paramedic", "none"),
    ("Three years ago I tried to end my life. Now I'm a mum of two and proud of it.", "none"),
    ("i barely recognise the girl in my old diary who wanted to die", "none"),
    ("revising for the suicide risk assessment station in my exam tomorrow", "none"),
    ("essay on the sociology of suicide due monday, help", "none"),
    ("said goodbye to our first flat tomorrow we get the keys to the new one", "none"),
    # and the same shapes when the risk is now
    ("six years ago i took an overdose. today i want to do it again", "concern"),
    ("two years ago i tried to end my life. now im thinking about it every day", "concern"),
    ("four years ago i stood on the bridge. today i feel like going back there tonight", "urgent"),
    ("said goodbye to my flat, gave the dog to my sister, tonights the night", "urgent"),
    # gamers' and owners' words (batches R and S)
    ("kms this raid is cursed", "none"),
    ("about to unalive my printer", "none"),
    ("lethal dose of grapes for a dog? she ate four", "none"),
    ("bought a gun cabinet for the shotguns", "none"),
    ("gonna kms tonight", "urgent"),
    ("whats the lethal dose of paracetamol for someone my size", "concern"),
]


EIGHTH_ROUND = [
    # eighth round (from the misses on old held-out v8, reworded)
    ("the kids are grown and settled, they dont need me anymore. so i can go now", "urgent"),
    ("nobody needs me now so i can finally rest", "urgent"),
    ("it's happening. i'm sorry", "urgent"),
    ("bye server. you guys were the best part of my days", "urgent"),
    ("my flatmate has stopped eating and drinking to end it, she won't open the door", "urgent"),
    ("ive been stockpiling for weeks. saturday is the day", "urgent"),
    ("i miss him so much, i just want to be wherever he is", "concern"),
    ("honestly it wouldnt be that bad if today was the last time anyone saw me", "concern"),
    ("what happens if you take like 40 paracetamol? just curious", "concern"),
    # and what only looks like them
    ("my kids dont need me anymore so i can go travelling at last", "none"),
    ("its happening! sorry for spamming the chat", "none"),
    ("been stockpiling tins since january lol", "none"),
    ("i want to be wherever she is going next summer, shes my best mate", "none"),
    ("what happens if you take 2 ibuprofen with a coffee", "none"),
    ("my lecture on suicide barriers and means restriction was fascinating", "none"),
    ("my little brother uses unalive for everything, even when his fish died", "none"),
    ("cut myself peeling potatoes, plaster on, carrying on", "none"),
    ("cant go on doing this job for minimum wage, applying elsewhere", "none"),
    ("my flatmate ate my leftover curry again, im going to kill him", "none"),
    ("ill kill you if you dont come to my birthday", "none"),
    ("overdosed on reality tv this weekend", "none"),
    ("final goodbye to my braces today!!", "none"),
    ("my nans last words to me were dont waste the good biscuits", "none"),
    ("we scattered his ashes and mum said her last goodbye", "none"),
    ("daily reminder to take your meds and drink water", "none"),
    ("goodbye crisps, it was nice knowing you", "none"),
    ("suicide squad watch party at 8 tonight", "none"),
    ("gonna unalive this pint and go to bed", "none"),
    ("kms this whole raid", "none"),
    ("overdosed on festive films this week", "none"),
    ("famous last words, the sat nav said turn left", "none"),
    ("a bit of rain wont kill you", "none"),
    ("bought a rope ladder for the treehouse", "none"),
    ("said goodbye to every room before the removal van came at 8", "none"),
    # the same shapes when the risk is now
    ("im going to kms this weekend", "urgent"),
    ("i will unalive my stepdad", "urgent"),
    ("gonna unalive this bridge tonight", "urgent"),
    ("its not going to kill you but i will", "urgent"),
    ("bought a rope tonight", "urgent"),
    ("said goodbye to every room, tonight i take the pills", "urgent"),
    ("these are my last words", "urgent"),
    ("said my last goodbyes to everyone tonight", "urgent"),
    ("im going to kill him, hes outside with a knife", "urgent"),
    ("overdosed on my sleeping tablets this weekend", "urgent"),
    ("i want to unalive myself", "concern"),
    ("i cant go on doing this", "concern"),
    ("cut myself again last night", "concern"),
]


@pytest.mark.parametrize(
    ("text", "level"), FOURTH_ROUND + FIFTH_ROUND + SIXTH_ROUND + SEVENTH_ROUND + EIGHTH_ROUND
)
def test_later_round_wordings(text: str, level: str) -> None:
    assert screen(text).level == level


# The prefix shortcut (lexicon._rules_that_may_match) only skips work: with it or without it, every text
# gives exactly the same signals. A rule it skipped wrongly would be a missed crisis, so it is checked on
# every dev message, on variations built from the rules' own words, and on arbitrary text.
def _all_rules(text: str) -> list[object]:
    from peercircle.safety.screening import lexicon

    return list(lexicon.find_signals(text, rules=lexicon._RULES))


def test_the_prefix_shortcut_finds_every_signal_on_the_dev_set():
    from peercircle.safety.screening import lexicon

    texts = [normalise(text) for _level, text in load_labelled(DEV_PATH)]
    texts += [normalise(text) for text in URGENT_CASES]
    fired = 0
    for text in texts:
        expected = _all_rules(text)
        assert lexicon.find_signals(text) == expected, text
        fired += bool(expected)
    assert fired > len(texts) // 2  # the comparison is not between two empty lists


def test_most_rules_have_prefixes_and_ordinary_text_skips_most_rules():
    from peercircle.safety.screening import lexicon

    assert sum(rule.prefixes is None for rule in lexicon._RULES) < len(lexicon._RULES) // 10
    ordinary = normalise("hey, how was your day? I finally got some sleep last night and feel a bit better")
    assert len(lexicon._rules_that_may_match(ordinary)) < len(lexicon._RULES) // 4


_RULE_WORDS = sorted(
    {
        p
        for rule in __import__("peercircle.safety.screening.lexicon", fromlist=["_RULES"])._RULES
        for p in (rule.prefixes or ())
    }
)


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(
        st.one_of(
            st.sampled_from(_RULE_WORDS), st.sampled_from(URGENT_CASES).map(normalise), st.text(max_size=12)
        ),
        max_size=8,
    )
)
def test_the_prefix_shortcut_never_skips_a_rule_that_matches(pieces):
    from peercircle.safety.screening import lexicon

    text = normalise(" ".join(pieces))
    assert lexicon.find_signals(text) == _all_rules(text)
