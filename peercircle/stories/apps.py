from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "peercircle.stories"
    label = "stories"
