from django.urls import path

from peercircle.core import metrics, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("guidelines/", views.guidelines, name="guidelines"),
]
