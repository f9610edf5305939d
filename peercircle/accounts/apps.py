from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "peercircle.accounts"
    label = "accounts"
    verbose_name = "Accounts and profiles"
