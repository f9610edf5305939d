from django.apps import AppConfig


class WellbeingConfig(AppConfig):
    name = "peercircle.wellbeing"
    label = "wellbeing"
