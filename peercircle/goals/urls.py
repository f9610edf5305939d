from django.urls import path

from peercircle.goals import views

app_name = "goals"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.goal_new, name="new"),
    path("<int:goal_id>/", views.goal_detail, name="detail"),
    path("<int:goal_id>/edit/", views.goal_edit, name="edit"),
    path("<int:goal_id>/checkin/", views.checkin_create, name="checkin"),
    path("<int:goal_id>/encourage/", views.encourage, name="encourage"),
    path("<int:goal_id>/status/", views.goal_status, name="status"),
    path("<int:goal_id>/partners/", views.goal_partners, name="partners"),
    path("worksheets/new/", views.worksheet_new, name="worksheet_new"),
    path("worksheets/<int:worksheet_id>/", views.worksheet_detail, name="worksheet_detail"),
    path("worksheets/<int:worksheet_id>/suggest/", views.worksheet_suggest, name="worksheet_suggest"),
    path("worksheets/<int:worksheet_id>/goal/", views.worksheet_make_goal, name="worksheet_goal"),
]
