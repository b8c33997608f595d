from django.urls import path

from . import views

app_name = "pilots"
urlpatterns = [
    path("", views.pilot_list, name="list"),
    path("<int:pk>/", views.pilot_detail, name="detail"),
    path("<int:pk>/beheren/", views.manage, name="manage"),
    path("<int:pk>/scholen/toevoegen/", views.add_school, name="add_school"),
    path("<int:pk>/scholen/<int:link_pk>/verwijderen/", views.remove_school, name="remove_school"),
    path("<int:pk>/team/toevoegen/", views.add_coach, name="add_coach"),
    path("<int:pk>/team/<int:membership_pk>/verwijderen/", views.remove_coach, name="remove_coach"),
]
