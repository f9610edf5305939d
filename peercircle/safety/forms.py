from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Field
from django.utils.translation import gettext_lazy as _

from peercircle.safety.models import NOTE_MAX, PLAN_FIELD_MAX, Escalation, Report, SafetyPlan
from peercircle.safety.moderation import REASON_MAX
from peercircle.safety.services import REPORT_NOTE_MAX

PLAN_HELP = {
    "warning_signs": _(
        "Thoughts, feelings, situations or behaviours that tell you a crisis may be building."
    ),
    "coping_strategies": _("Things you can do on your own: a walk, music, a shower, breathing, a game."),
    "distractions": _("People you can be around and places you can go that take your mind off things."),
    "people_to_ask": _("Friends or family you could ask for help, with how to reach them."),
    "professionals": _("Your GP or doctor, a therapist, and crisis lines you can call, text or chat with."),
    "safe_environment": _("Ways to keep yourself safe, such as asking someone to hold on to things for you."),
}


class SafetyPlanForm(forms.Form):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name in SafetyPlan.STEPS:
            field = cast("Field[Any, Any]", SafetyPlan._meta.get_field(name))
            self.fields[name] = forms.CharField(
                label=str(field.verbose_name),
                help_text=PLAN_HELP[name],
                required=False,
                max_length=PLAN_FIELD_MAX,
                widget=forms.Textarea(attrs={"rows": 4, "maxlength": PLAN_FIELD_MAX}),
            )


class ReportForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What is wrong?"), choices=Report.Category.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Anything you want the moderators to know (optional)"),
        required=False,
        max_length=REPORT_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": REPORT_NOTE_MAX}),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Add a note (only moderators see notes)"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX}),
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Escalation.Outcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Closing note (optional)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": NOTE_MAX}),
    )


ACTION_CHOICES = [
    ("dismiss", _("Dismiss the report")),
    ("warn", _("Warn the member")),
    ("remove", _("Remove the content")),
    ("mute", _("Mute for a period")),
    ("suspend", _("Suspend for a period")),
    ("ban", _("Ban the member")),
]


class ActionForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=ACTION_CHOICES, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason (shown to the member for warnings, removals, mutes, suspensions and bans)"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": REASON_MAX}),
    )
    duration_hours = forms.FloatField(
        label=_("Period in hours (mute and suspend)"), required=False, min_value=0.25, max_value=365 * 24
    )

    def __init__(self, *args: Any, is_escalation: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if is_escalation:
            # An escalation is closed with an outcome, never dismissed like a report.
            field = cast("forms.ChoiceField", self.fields["action"])
            field.choices = [(value, label) for value, label in ACTION_CHOICES if value != "dismiss"]
