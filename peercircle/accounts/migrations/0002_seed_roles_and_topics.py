"""Data: role groups with their permissions, and the curated topic list."""

from django.db import migrations

GROUPS = {
    "Members": [],
    "Peer supporters": [],
    "Moderators": [("accounts", "view_user"), ("safety", "view_report"), ("safety", "change_report")],
    "Admins": [
        ("accounts", "view_user"),
        ("accounts", "change_user"),
        ("accounts", "add_topic"),
        ("accounts", "change_topic"),
        ("accounts", "view_topic"),
        ("safety", "view_auditlog"),
        ("safety", "view_report"),
        ("safety", "change_report"),
    ],
}


def seed(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from peercircle.accounts.data.topics import TOPICS

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in perms:
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:
                group.permissions.add(perm)
    Topic = apps.get_model("accounts", "Topic")
    for order, (slug, name, description) in enumerate(TOPICS):
        Topic.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "sort_order": order}
        )


def unseed(apps, schema_editor):
    from peercircle.accounts.data.topics import TOPICS

    apps.get_model("auth", "Group").objects.filter(name__in=list(GROUPS)).delete()
    apps.get_model("accounts", "Topic").objects.filter(slug__in=[t[0] for t in TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_accounts_user_profile_topics"),
        ("safety", "0001_audit_blocks_reports"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
