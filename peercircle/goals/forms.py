from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from peercircle.accounts.models import User
from peercircle.goals.constants import (
    ENCOURAGEMENT_MAX,
    ENCOURAGEMENTS,
    FIRST_STEP_MAX,
    MOODS,
    NOTE_MAX,
    OPTION_TEXT_MAX,
    PROBLEM_MAX,
    PROS_CONS_MAX,
    REVIEW_MAX,
    TITLE_MAX,
    WHY_MAX,
    Progress,
    Rhythm,
)

WORKSHEET_OPTION_ROWS = 4


def _peer_choices(peers: list[User]) -> list[tuple[int, str]]:
    return [(peer.pk, peer.handle) for peer in peers]


class GoalForm(forms.Form):
    title = forms.CharField(label=_("My goal"), max_length=TITLE_MAX)
    why = forms.CharField(
        label=_("Why it matters to me"),
        max_length=WHY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    first_step = forms.CharField(label=_("My first small step"), max_length=FIRST_STEP_MAX, required=False)
    rhythm = forms.ChoiceField(
        label=_("How often I will check in"),
        choices=Rhythm.choices,
        widget=forms.RadioSelect,
        initial=Rhythm.WEEKLY,
    )
    end_date = forms.DateField(
        label=_("End date (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    partner_ids = forms.TypedMultipleChoiceField(
        label=_("Share with my peers (optional)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They will see this goal and the check-ins you choose to share, and can cheer you on."),
    )

    def __init__(
        self, *args: Any, peers: list[User] | None = None, with_partners: bool = True, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        if with_partners and peers:
            cast(forms.ChoiceField, self.fields["partner_ids"]).choices = _peer_choices(peers)
        else:
            del self.fields["partner_ids"]


class PartnersForm(forms.Form):
    partner_ids = forms.TypedMultipleChoiceField(
        label=_("Accountability partners"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, peers: list[User], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["partner_ids"]).choices = _peer_choices(peers)


class CheckInForm(forms.Form):
    progress = forms.ChoiceField(
        label=_("How did it go?"), choices=Progress.choices, widget=forms.RadioSelect
    )
    mood = forms.TypedChoiceField(
        label=_("How are you feeling?"), choices=MOODS, coerce=int, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("A short note (optional)"), max_length=NOTE_MAX, required=False)
    is_shared = forms.BooleanField(
        label=_("Share this check-in with my partners"), required=False, initial=True
    )


class EncourageForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Send some encouragement"), choices=ENCOURAGEMENTS, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Add a few words (optional)"), max_length=ENCOURAGEMENT_MAX, required=False
    )
    checkin_id = forms.IntegerField(required=False, widget=forms.HiddenInput)


class SuggestionForm(forms.Form):
    text = forms.CharField(label=_("Suggest an option"), max_length=OPTION_TEXT_MAX)


class WorksheetForm(forms.Form):
    problem = forms.CharField(
        label=_("1. The problem, in a sentence or two"),
        max_length=PROBLEM_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    chosen = forms.TypedChoiceField(
        label=_("4. The option I choose"),
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    first_step = forms.CharField(label=_("5. My first step"), max_length=FIRST_STEP_MAX, required=False)
    review = forms.CharField(
        label=_("6. How did it go? (come back later)"),
        max_length=REVIEW_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    shared_with_id = forms.TypedChoiceField(
        label=_("Work through it with a peer (optional)"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, peers: list[User], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for index in range(WORKSHEET_OPTION_ROWS):
            number = index + 1
            self.fields[f"option_{index}_text"] = forms.CharField(
                label=_("Option %(n)d") % {"n": number}, max_length=OPTION_TEXT_MAX, required=False
            )
            self.fields[f"option_{index}_pros"] = forms.CharField(
                label=_("Pros of option %(n)d") % {"n": number}, max_length=PROS_CONS_MAX, required=False
            )
            self.fields[f"option_{index}_cons"] = forms.CharField(
                label=_("Cons of option %(n)d") % {"n": number}, max_length=PROS_CONS_MAX, required=False
            )
        cast(forms.ChoiceField, self.fields["chosen"]).choices = [
            (i, _("Option %(n)d") % {"n": i + 1}) for i in range(WORKSHEET_OPTION_ROWS)
        ]
        cast(forms.ChoiceField, self.fields["shared_with_id"]).choices = [
            ("", _("Just me")),
            *_peer_choices(peers),
        ]

    def option_rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"option_{i}_text"], self[f"option_{i}_pros"], self[f"option_{i}_cons"])
            for i in range(WORKSHEET_OPTION_ROWS)
        ]

    def to_data(self) -> dict[str, Any]:
        """The worksheet as the service takes it; `chosen` is re-indexed past blank option rows."""
        data = self.cleaned_data
        rows = [
            {
                "text": data[f"option_{i}_text"],
                "pros": data[f"option_{i}_pros"],
                "cons": data[f"option_{i}_cons"],
            }
            for i in range(WORKSHEET_OPTION_ROWS)
        ]
        kept = [i for i, row in enumerate(rows) if row["text"].strip()]
        chosen = data.get("chosen")
        return {
            "problem": data["problem"],
            "options": [rows[i] for i in kept],
            "chosen": kept.index(chosen) if chosen in kept else None,
            "first_step": data["first_step"],
            "review": data["review"],
            "shared_with_id": data.get("shared_with_id"),
        }

    @staticmethod
    def initial_for(worksheet: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "problem": worksheet.problem,
            "chosen": worksheet.chosen,
            "first_step": worksheet.first_step,
            "review": worksheet.review,
            "shared_with_id": worksheet.shared_with_id,
        }
        for index, option in enumerate(worksheet.options[:WORKSHEET_OPTION_ROWS]):
            initial[f"option_{index}_text"] = option.get("text", "")
            initial[f"option_{index}_pros"] = option.get("pros", "")
            initial[f"option_{index}_cons"] = option.get("cons", "")
        return initial
