from django.urls import path

from peercircle.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("guidelines/", views.guidelines, name="guidelines"),
]
