from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [path("", views.access_log, name="access_log")]
