from django.urls import path

from peercircle.safety import views

app_name = "safety"

urlpatterns = [
    path("help/", views.help_now, name="help"),
    path("plan/", views.plan, name="plan"),
    path("plan/print/", views.plan_print, name="plan_print"),
    path("escalations/<int:pk>/not-crisis/", views.not_crisis, name="not_crisis"),
    path("report/", views.report, name="report"),
    path("blocks/", views.blocks, name="blocks"),
    path("blocks/<int:user_id>/unblock/", views.unblock, name="unblock"),
    path("moderation/", views.moderation_queue, name="moderation"),
    path("moderation/escalations/<int:pk>/", views.escalation_detail, name="escalation_detail"),
    path("moderation/reports/<int:pk>/", views.report_detail, name="report_detail"),
]
