from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("kiezen/", views.scope, name="scope"),
    path("uren/", views.hours, name="hours"),
    path("export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("export.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("vergaderstuk.pdf", views.meeting_report_pdf, name="meeting_report"),
    path("besluiten/<int:partnership_pk>/<str:month>/", views.meeting_minutes, name="meeting_minutes"),
]
