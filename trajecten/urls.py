from django.urls import path

from . import views

app_name = "trajecten"
urlpatterns = [
    path("aanmelden/", views.register, name="register"),
    path("aanmeldingen/", views.school_list, name="school_list"),
    path("wachtrij/", views.queue, name="queue"),
    path("trajecten/<int:pk>/", views.detail, name="detail"),
    path("trajecten/<int:pk>/bevestiging/", views.confirmation, name="confirmation"),
    path("trajecten/<int:pk>/aanmelding-wijzigen/", views.correct, name="correct"),
]
