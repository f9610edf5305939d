from django.contrib.auth import views as auth_views
from django.urls import path

from peercircle.accounts import views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("profile/", views.profile_edit, name="profile_edit"),
    path("my-data/", views.my_data, name="my_data"),
    path("peer-supporter/", views.peer_supporter, name="peer_supporter"),
    path("peer-supporter/queue/", views.peer_supporter_queue, name="peer_supporter_queue"),
    path("peer-supporter/<int:user_id>/decide/", views.peer_supporter_decision, name="peer_supporter_decide"),
    path("members/<str:handle>/", views.member_detail, name="member_detail"),
]
