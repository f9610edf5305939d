from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "peercircle.conversations"
    label = "conversations"
