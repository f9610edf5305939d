from django.urls import path

from peercircle.wellbeing import views

app_name = "wellbeing"

urlpatterns = [
    path("", views.index, name="index"),
    path("skip/", views.skip, name="skip"),
    path("check-in/<str:instrument>/", views.take, name="take"),
    path("results/<int:response_id>/", views.result, name="result"),
    path("trends/", views.trends, name="trends"),
    path("report/", views.report, name="report"),
    path("report.csv", views.report_csv, name="report_csv"),
]
