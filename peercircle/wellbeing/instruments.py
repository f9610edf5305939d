"""Validated wellbeing questionnaires, worded and scored as published.

Pure module: no models, no database, so operator commands and reports can score answers anywhere.
Every instrument cites its source and its licence basis next to its definition. The licensed
WEMWBS/SWEMWBS are deliberately absent and must never be added.

Answers are the values of the chosen response options, in item order, exactly as printed on the
published form (for the Brief Resilience Scale that is 1-5 before reversal); reversal happens here.

Thresholds are compared with exact fractions so that a Brief Resilience Scale mean such as 26/6
is never misbanded by floating-point rounding.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import TypeAlias

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

__all__ = [
    "BRS",
    "INSTRUMENTS",
    "PHQ4",
    "UCLA3",
    "WHO5",
    "Band",
    "Instrument",
    "InvalidAnswers",
    "Item",
    "ResponseOption",
    "Score",
    "change_direction",
]

Text: TypeAlias = str | Promise


class InvalidAnswers(ValueError):
    """The answers do not fit the instrument (wrong count, type, or a value outside the options)."""


@dataclass(frozen=True, slots=True)
class ResponseOption:
    value: int
    label: Text


@dataclass(frozen=True, slots=True)
class Item:
    number: int
    text: Text
    options: tuple[ResponseOption, ...]
    is_reversed: bool = False


@dataclass(frozen=True, slots=True)
class Band:
    key: str
    label: Text
    # Human-readable range on the reported scale, e.g. "0-28"; the comparisons live in the scorer.
    range_text: str


@dataclass(frozen=True, slots=True)
class Score:
    instrument: str
    # Sum of the item values after reversal (BRS: 6-30).
    total: int
    # The score on the published reporting scale: WHO-5 percentage 0-100, PHQ-4 total, UCLA total,
    # BRS mean. Compare `meaningful_change` against differences of this value.
    value: float
    subscores: Mapping[str, int]
    band: str
    band_label: Text
    flags: frozenset[str]


@dataclass(frozen=True, slots=True)
class Instrument:
    key: str
    name: Text
    short_name: str
    source: str
    licence: str
    instructions: Text
    time_frame: Text | None
    items: tuple[Item, ...]
    bands: tuple[Band, ...]
    higher_is_better: bool
    # Smallest change in `Score.value` treated as meaningful, and where that number comes from.
    meaningful_change: float
    meaningful_change_basis: str
    value_range: tuple[float, float]
    _scorer: Callable[[tuple[int, ...]], Score] = field(repr=False)

    def score(self, answers: Sequence[int]) -> Score:
        """Validate `answers` (option values in item order) and score them as published."""
        checked = self._validate(answers)
        return self._scorer(checked)

    def band_for(self, key: str) -> Band:
        for band in self.bands:
            if band.key == key:
                return band
        raise KeyError(key)

    def _validate(self, answers: Sequence[int]) -> tuple[int, ...]:
        if isinstance(answers, (str, bytes)) or not isinstance(answers, Sequence):
            raise InvalidAnswers(f"{self.short_name}: answers must be a sequence of integers")
        if len(answers) != len(self.items):
            raise InvalidAnswers(f"{self.short_name}: expected {len(self.items)} answers, got {len(answers)}")
        checked: list[int] = []
        for item, answer in zip(self.items, answers, strict=True):
            # bool is an int subclass; a True slipping through a form would silently score as 1.
            if isinstance(answer, bool) or not isinstance(answer, int):
                raise InvalidAnswers(
                    f"{self.short_name} item {item.number}: answer must be an integer, got {answer!r}"
                )
            allowed = [option.value for option in item.options]
            if answer not in allowed:
                raise InvalidAnswers(
                    f"{self.short_name} item {item.number}: answer {answer} is not one of {allowed}"
                )
            checked.append(answer)
        return tuple(checked)


def change_direction(instrument: Instrument, before: float, after: float) -> int:
    """+1 for a meaningful improvement, -1 for a meaningful decline, 0 otherwise.

    A change of exactly `meaningful_change` counts as meaningful. A tiny tolerance absorbs float
    error in differences of means (e.g. BRS 19/6 - 16/6).
    """
    delta = after - before if instrument.higher_is_better else before - after
    if delta >= instrument.meaningful_change - 1e-9:
        return 1
    if delta <= -instrument.meaningful_change + 1e-9:
        return -1
    return 0


def _band(bands: tuple[Band, ...], key: str) -> Band:
    return next(band for band in bands if band.key == key)


# --------------------------------------------------------------------------------------------------
# WHO-5 Well-Being Index (1998 version)
# Source: Psychiatric Research Unit, WHO Collaborating Centre in Mental Health, Mental Health Centre
#   North Zealand (Denmark): "WHO (Five) Well-Being Index (1998 version)";
#   Topp CW, Østergaard SD, Søndergaard S, Bech P. The WHO-5 Well-Being Index: a systematic review of
#   the literature. Psychotherapy and Psychosomatics 2015;84(3):167-176. doi:10.1159/000376585.
# Licence: the copyright holder (Psychiatric Centre North Zealand, Capital Region of Denmark,
#   https://www.psykiatri-regionh.dk/who-5/) states the WHO-5 is free to use without permission.
# Scoring (Topp et al. 2015): raw 0-25 x 4 = 0-100. Below 50 indicates poor wellbeing and is an
#   indication to screen for depression; 28 or below indicates likely depression. A 10-point change
#   is regarded as clinically meaningful.
# --------------------------------------------------------------------------------------------------

_WHO5_OPTIONS = (
    ResponseOption(5, _("All of the time")),
    ResponseOption(4, _("Most of the time")),
    ResponseOption(3, _("More than half of the time")),
    ResponseOption(2, _("Less than half of the time")),
    ResponseOption(1, _("Some of the time")),
    ResponseOption(0, _("At no time")),
)

_WHO5_BANDS = (
    Band("likely_depression", _("Very low wellbeing: a depression screen is advised"), "0-28"),
    Band("poor", _("Poor wellbeing"), "32-48"),
    Band("good", _("Good wellbeing"), "52-100"),
)


def _score_who5(answers: tuple[int, ...]) -> Score:
    raw = sum(answers)
    percent = raw * 4
    flags: set[str] = set()
    if percent < 50:
        flags.add("who5_poor")
    if percent <= 28:
        flags.add("who5_depression_screen")
        key = "likely_depression"
    elif percent < 50:
        key = "poor"
    else:
        key = "good"
    band = _band(_WHO5_BANDS, key)
    return Score("who5", raw, float(percent), MappingProxyType({}), key, band.label, frozenset(flags))


WHO5 = Instrument(
    key="who5",
    name=_("WHO-5 Well-Being Index"),
    short_name="WHO-5",
    source=(
        "WHO (Five) Well-Being Index (1998 version), Psychiatric Research Unit, Mental Health Centre "
        "North Zealand. Topp CW, Østergaard SD, Søndergaard S, Bech P. The WHO-5 Well-Being Index: a "
        "systematic review of the literature. Psychother Psychosom 2015;84(3):167-176. "
        "doi:10.1159/000376585"
    ),
    licence="Free to use without permission (https://www.psykiatri-regionh.dk/who-5/).",
    instructions=_(
        "Please indicate for each of the five statements which is closest to how you have been feeling "
        "over the last two weeks. Notice that higher numbers mean better well-being."
    ),
    time_frame=_("Over the last two weeks"),
    items=tuple(
        Item(number, text, _WHO5_OPTIONS)
        for number, text in enumerate(
            (
                _("I have felt cheerful and in good spirits"),
                _("I have felt calm and relaxed"),
                _("I have felt active and vigorous"),
                _("I woke up feeling fresh and rested"),
                _("My daily life has been filled with things that interest me"),
            ),
            start=1,
        )
    ),
    bands=_WHO5_BANDS,
    higher_is_better=True,
    meaningful_change=10.0,
    meaningful_change_basis="Published: a 10-point change on the 0-100 scale (Topp et al. 2015).",
    value_range=(0.0, 100.0),
    _scorer=_score_who5,
)


# --------------------------------------------------------------------------------------------------
# PHQ-4 (Patient Health Questionnaire-4: GAD-2 items 1-2, PHQ-2 items 3-4)
# Source: Kroenke K, Spitzer RL, Williams JBW, Löwe B. An ultra-brief screening scale for anxiety and
#   depression: the PHQ-4. Psychosomatics 2009;50(6):613-621. doi:10.1176/appi.psy.50.6.613.
#   Löwe B, Wahl I, Rose M, et al. A 4-item measure of depression and anxiety: validation and
#   standardization of the PHQ-4 in the general population. J Affect Disord 2010;122(1-2):86-95.
#   doi:10.1016/j.jad.2009.06.019.
# Licence: PHQ screeners were developed with an educational grant from Pfizer Inc.; "No permission
#   required to reproduce, translate, display or distribute" (https://www.phqscreeners.com/).
# Scoring: total 0-12; normal 0-2, mild 3-5, moderate 6-8, severe 9-12. Each 2-item subscale >= 3 is
#   a positive screen. PHQ-4 does not ask about suicide and is not a suicide-risk screen.
# --------------------------------------------------------------------------------------------------

_PHQ4_OPTIONS = (
    ResponseOption(0, _("Not at all")),
    ResponseOption(1, _("Several days")),
    ResponseOption(2, _("More than half the days")),
    ResponseOption(3, _("Nearly every day")),
)

_PHQ4_BANDS = (
    Band("normal", _("Normal"), "0-2"),
    Band("mild", _("Mild"), "3-5"),
    Band("moderate", _("Moderate"), "6-8"),
    Band("severe", _("Severe"), "9-12"),
)


def _score_phq4(answers: tuple[int, ...]) -> Score:
    anxiety = answers[0] + answers[1]
    depression = answers[2] + answers[3]
    total = anxiety + depression
    if total <= 2:
        key = "normal"
    elif total <= 5:
        key = "mild"
    elif total <= 8:
        key = "moderate"
    else:
        key = "severe"
    flags: set[str] = set()
    if total >= 9:
        flags.add("phq4_severe")
    if anxiety >= 3:
        flags.add("gad2_positive")
    if depression >= 3:
        flags.add("phq2_positive")
    band = _band(_PHQ4_BANDS, key)
    subscores = MappingProxyType({"anxiety": anxiety, "depression": depression})
    return Score("phq4", total, float(total), subscores, key, band.label, frozenset(flags))


PHQ4 = Instrument(
    key="phq4",
    name=_("PHQ-4 (anxiety and depression)"),
    short_name="PHQ-4",
    source=(
        "Kroenke K, Spitzer RL, Williams JBW, Löwe B. An ultra-brief screening scale for anxiety and "
        "depression: the PHQ-4. Psychosomatics 2009;50(6):613-621. doi:10.1176/appi.psy.50.6.613; "
        "Löwe B et al. J Affect Disord 2010;122(1-2):86-95. doi:10.1016/j.jad.2009.06.019"
    ),
    licence=(
        "No permission required to reproduce, translate, display or distribute "
        "(https://www.phqscreeners.com/)."
    ),
    instructions=_("Over the last 2 weeks, how often have you been bothered by the following problems?"),
    time_frame=_("Over the last 2 weeks"),
    items=tuple(
        Item(number, text, _PHQ4_OPTIONS)
        for number, text in enumerate(
            (
                _("Feeling nervous, anxious or on edge"),
                _("Not being able to stop or control worrying"),
                _("Little interest or pleasure in doing things"),
                _("Feeling down, depressed, or hopeless"),
            ),
            start=1,
        )
    ),
    bands=_PHQ4_BANDS,
    higher_is_better=False,
    meaningful_change=3.0,
    meaningful_change_basis=(
        "Heuristic chosen by PeerCircle, not published for PHQ-4: 3 points, the width of one "
        "severity band (normal 0-2, mild 3-5, moderate 6-8, severe 9-12)."
    ),
    value_range=(0.0, 12.0),
    _scorer=_score_phq4,
)


# --------------------------------------------------------------------------------------------------
# Three-item UCLA Loneliness Scale
# Source: Hughes ME, Waite LJ, Hawkley LC, Cacioppo JT. A short scale for measuring loneliness in
#   large surveys: results from two population-based studies. Research on Aging 2004;26(6):655-672.
#   doi:10.1177/0164027504268574.
# Licence: the items are printed in the article and used in public surveys (e.g. the US Health and
#   Retirement Study and the UK Office for National Statistics loneliness measures); no licence
#   statement or fee is known to us. The operator should confirm before launch.
# Scoring: Hardly ever 1, Some of the time 2, Often 3; total 3-9, higher is lonelier. The published
#   scale has no cut-off; treating 6-9 as "lonely" is a common survey convention, not a clinical one.
# The published form is interviewer-read ("tell me how often"); the instruction is reworded for
#   self-completion, the item wording is unchanged. It has no published time frame.
# --------------------------------------------------------------------------------------------------

_UCLA3_OPTIONS = (
    ResponseOption(1, _("Hardly ever")),
    ResponseOption(2, _("Some of the time")),
    ResponseOption(3, _("Often")),
)

_UCLA3_BANDS = (
    Band("not_lonely", _("Less often lonely"), "3-5"),
    Band("lonely", _("Often lonely"), "6-9"),
)


def _score_ucla3(answers: tuple[int, ...]) -> Score:
    total = sum(answers)
    key = "lonely" if total >= 6 else "not_lonely"
    flags = frozenset({"ucla3_lonely"}) if key == "lonely" else frozenset()
    band = _band(_UCLA3_BANDS, key)
    return Score("ucla3", total, float(total), MappingProxyType({}), key, band.label, flags)


UCLA3 = Instrument(
    key="ucla3",
    name=_("Three-item Loneliness Scale"),
    short_name="UCLA-3",
    source=(
        "Hughes ME, Waite LJ, Hawkley LC, Cacioppo JT. A short scale for measuring loneliness in large "
        "surveys: results from two population-based studies. Res Aging 2004;26(6):655-672. "
        "doi:10.1177/0164027504268574"
    ),
    licence="Items published in the article; no licence statement known. Operator to confirm.",
    instructions=_(
        "The next questions are about how you feel about different aspects of your life. "
        "For each one, say how often you feel that way."
    ),
    time_frame=None,
    items=tuple(
        Item(number, text, _UCLA3_OPTIONS)
        for number, text in enumerate(
            (
                _("How often do you feel that you lack companionship?"),
                _("How often do you feel left out?"),
                _("How often do you feel isolated from others?"),
            ),
            start=1,
        )
    ),
    bands=_UCLA3_BANDS,
    higher_is_better=False,
    meaningful_change=2.0,
    meaningful_change_basis=(
        "Heuristic chosen by PeerCircle, no published value: 2 points, so that one answer moving a "
        "single step (1 point) is not counted as a meaningful change."
    ),
    value_range=(3.0, 9.0),
    _scorer=_score_ucla3,
)


# --------------------------------------------------------------------------------------------------
# Brief Resilience Scale
# Source: Smith BW, Dalen J, Wiggins K, Tooley E, Christopher P, Bernard J. The brief resilience
#   scale: assessing the ability to bounce back. International Journal of Behavioral Medicine
#   2008;15(3):194-200. doi:10.1080/10705500802222972.
# Bands: Smith BW, Epstein EM, Ortiz JA, Christopher PJ, Tooley EM. The foundations of resilience:
#   what are the critical resources for bouncing back from stress? In: Prince-Embury S, Saklofske DH
#   (eds). Resilience in Children, Adolescents, and Adults. Springer, 2013:167-187.
#   Low 1.00-2.99, normal 3.00-4.30, high 4.31-5.00.
# Licence: items printed in the article; the authors make the scale freely available for use with
#   citation; no formal licence text is known to us. The operator should confirm before launch.
# Scoring: items 2, 4 and 6 are reversed (6 - answer); the score is the mean of the six items.
# --------------------------------------------------------------------------------------------------

_BRS_OPTIONS = (
    ResponseOption(1, _("Strongly disagree")),
    ResponseOption(2, _("Disagree")),
    ResponseOption(3, _("Neutral")),
    ResponseOption(4, _("Agree")),
    ResponseOption(5, _("Strongly agree")),
)

_BRS_BANDS = (
    Band("low", _("Low resilience"), "1.00-2.99"),
    Band("normal", _("Normal resilience"), "3.00-4.30"),
    Band("high", _("High resilience"), "4.31-5.00"),
)

_BRS_REVERSED_ITEMS = frozenset({2, 4, 6})


def _score_brs(answers: tuple[int, ...]) -> Score:
    recoded = [
        6 - answer if number in _BRS_REVERSED_ITEMS else answer
        for number, answer in enumerate(answers, start=1)
    ]
    total = sum(recoded)
    mean = Fraction(total, len(recoded))
    if mean < 3:
        key = "low"
    elif mean <= Fraction(43, 10):
        key = "normal"
    else:
        key = "high"
    flags = frozenset({"brs_low"}) if key == "low" else frozenset()
    band = _band(_BRS_BANDS, key)
    return Score("brs", total, float(mean), MappingProxyType({}), key, band.label, flags)


BRS = Instrument(
    key="brs",
    name=_("Brief Resilience Scale"),
    short_name="BRS",
    source=(
        "Smith BW, Dalen J, Wiggins K, Tooley E, Christopher P, Bernard J. The brief resilience scale: "
        "assessing the ability to bounce back. Int J Behav Med 2008;15(3):194-200. "
        "doi:10.1080/10705500802222972; bands from Smith BW et al. 2013, in Prince-Embury S, "
        "Saklofske DH (eds), Resilience in Children, Adolescents, and Adults, Springer, 167-187"
    ),
    licence="Items published in the article, free to use with citation; no formal licence text known.",
    instructions=_("Please indicate the extent to which you agree with each of the following statements."),
    time_frame=None,
    items=tuple(
        Item(number, text, _BRS_OPTIONS, is_reversed=number in _BRS_REVERSED_ITEMS)
        for number, text in enumerate(
            (
                _("I tend to bounce back quickly after hard times."),
                _("I have a hard time making it through stressful events."),
                _("It does not take me long to recover from a stressful event."),
                _("It is hard for me to snap back when something bad happens."),
                _("I usually come through difficult times with little trouble."),
                _("I tend to take a long time to get over set-backs in my life."),
            ),
            start=1,
        )
    ),
    bands=_BRS_BANDS,
    higher_is_better=True,
    meaningful_change=0.5,
    meaningful_change_basis=(
        "Heuristic chosen by PeerCircle, no published value: 0.5 on the 1-5 mean, i.e. three of the "
        "six answers moving one step in the same direction."
    ),
    value_range=(1.0, 5.0),
    _scorer=_score_brs,
)


INSTRUMENTS: dict[str, Instrument] = {instrument.key: instrument for instrument in (WHO5, PHQ4, UCLA3, BRS)}
