from django.urls import path

from peercircle.conversations import views

app_name = "conversations"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/send/", views.send, name="send"),
    path("<int:pk>/end/", views.end, name="end"),
    path("<int:pk>/block/", views.block, name="block"),
    path("<int:pk>/disappearing/", views.disappearing, name="disappearing"),
]
