from django.urls import path

from peercircle.matching import views

app_name = "matching"

urlpatterns = [
    path("", views.index, name="index"),
    path("status/", views.status, name="status"),
    path("request/", views.request_create, name="request"),
    path("request/cancel/", views.request_cancel, name="cancel"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/decline/", views.decline, name="decline"),
    path("<int:pk>/end/", views.end, name="end"),
    path("<int:pk>/reconnect/", views.reconnect, name="reconnect"),
    path("<int:pk>/rematch/", views.rematch, name="rematch"),
]
