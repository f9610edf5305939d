from __future__ import annotations

import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from peercircle.accounts.constants import (
    ABOUT_MAX,
    AVAILABILITY_CHOICES,
    CAPACITY_MAX,
    HANDLE_MAX,
    LANGUAGES,
    SITUATION_MAX,
    AgeBracket,
    Intent,
    Relation,
)
from peercircle.accounts.selectors import topic_list

TIME_ZONE_CHOICES = [(tz, tz) for tz in sorted(zoneinfo.available_timezones())]


class SignupForm(forms.Form):
    handle = forms.CharField(
        label=_("Choose a handle"),
        max_length=HANDLE_MAX,
        help_text=_("A name others will see. Please do not use your real name."),
    )
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=200)
    email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        help_text=_("Only used for notifications you switch on."),
    )
    age_bracket = forms.ChoiceField(label=_("Your age"), choices=AgeBracket.choices, widget=forms.RadioSelect)
    country = forms.ChoiceField(label=_("Country"), choices=[("", _("Choose…")), *list(countries)])
    languages = forms.MultipleChoiceField(
        label=_("Languages you can chat in"), choices=LANGUAGES, widget=forms.CheckboxSelectMultiple
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES, initial="UTC")
    accepts_guidelines = forms.BooleanField(
        label=_("I have read and accept the community guidelines"), required=True
    )


class ProfileForm(forms.Form):
    situation = forms.CharField(
        label=_("My situation, in my own words"),
        required=False,
        max_length=SITUATION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Private. Used only to find people in a similar situation; never shown to anyone."),
    )
    about_me = forms.CharField(
        label=_("About me (public)"),
        required=False,
        max_length=ABOUT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"), required=False, widget=forms.CheckboxSelectMultiple, choices=[]
    )
    relation = forms.ChoiceField(
        label=_("How do you relate to it?"), choices=Relation.choices, widget=forms.RadioSelect
    )
    intent = forms.ChoiceField(
        label=_("What would you like?"), choices=Intent.choices, widget=forms.RadioSelect
    )
    interests = forms.CharField(label=_("Interests (comma separated)"), required=False, max_length=400)
    availability = forms.MultipleChoiceField(
        label=_("When are you usually free to chat?"),
        required=False,
        choices=AVAILABILITY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    capacity = forms.IntegerField(
        label=_("As a peer supporter, how many peers at once?"),
        min_value=1,
        max_value=CAPACITY_MAX,
        initial=2,
    )
    country = forms.ChoiceField(
        label=_("Country"), choices=[("", _("Choose…")), *list(countries)], required=False
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you can chat in"), choices=LANGUAGES, widget=forms.CheckboxSelectMultiple
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES)
    is_discreet = forms.BooleanField(
        label=_("Discreet mode: neutral page titles and no message previews"), required=False
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["topics"].choices = [(t.slug, t.name) for t in topic_list()]  # type: ignore[attr-defined]


class PeerSupporterOfferForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why would you like to support others?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
