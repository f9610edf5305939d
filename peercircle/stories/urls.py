from django.urls import path

from peercircle.stories import views

app_name = "stories"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.story_create, name="create"),
    path("journal/", views.journal, name="journal"),
    path("preferences/", views.preferences, name="preferences"),
    path("thanks/", views.thanks, name="thanks"),
    path("<int:story_id>/", views.story_detail, name="detail"),
    path("<int:story_id>/edit/", views.story_edit, name="edit"),
    path("<int:story_id>/delete/", views.story_delete, name="delete"),
    path("<int:story_id>/react/", views.story_react, name="react"),
    path("<int:story_id>/comment/", views.story_comment, name="comment"),
    path("questions/", views.questions, name="questions"),
    path("questions/new/", views.question_create, name="question_create"),
    path("questions/<int:question_id>/", views.question_detail, name="question"),
    path("questions/<int:question_id>/answer/", views.answer_create, name="answer"),
    path("answers/<int:answer_id>/helpful/", views.answer_helpful, name="answer_helpful"),
    path("answers/<int:answer_id>/helped-too/", views.answer_helped_too, name="answer_helped_too"),
    path("resources/", views.resources, name="resources"),
    path("resources/<int:resource_id>/review/", views.resource_review, name="resource_review"),
    path("resources/<int:resource_id>/share/", views.resource_share, name="resource_share"),
    path("helpers/<str:handle>/", views.helper, name="helper"),
    path("<str:target_type>/<int:target_id>/suitable/", views.mark_suitable, name="mark_suitable"),
]
