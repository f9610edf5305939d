from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "peercircle.matching"
    label = "matching"
