from django.urls import path

from .views import followup, handover, pilot_team, registration, work

app_name = "trajecten"
urlpatterns = [
    path("aanmelden/", registration.register, name="register"),
    path("aanmeldingen/", registration.school_list, name="school_list"),
    path("wachtrij/", registration.queue, name="queue"),
    path("mijn-trajecten/", work.caseload, name="caseload"),
    path("trajecten/", work.trajectory_list, name="list"),
    path("trajecten/filters/", work.trajectory_filters, name="list_filters"),
    path("caseload-overdragen/", work.reassign_caseload, name="reassign"),
    path("trajecten/<int:pk>/", registration.detail, name="detail"),
    path("trajecten/<int:pk>/bevestiging/", registration.confirmation, name="confirmation"),
    path("trajecten/<int:pk>/aanmelding-wijzigen/", registration.correct, name="correct"),
    path("trajecten/<int:pk>/oppakken/", work.take, name="take"),
    path("trajecten/<int:pk>/toewijzen/", work.assign, name="assign"),
    path("trajecten/<int:pk>/contactmoment/", work.add_contact_moment, name="contact_moment"),
    path("trajecten/<int:pk>/plaatsen/", work.add_placement, name="placement"),
    path("trajecten/<int:pk>/toestemming/", work.add_consent, name="consent"),
    path("trajecten/<int:pk>/toestemming/intrekken/", work.withdraw_consent, name="consent_withdraw"),
    path("trajecten/<int:pk>/inzage/", work.inzage, name="inzage"),
    path("trajecten/<int:pk>/inzage.json", work.inzage, {"as_json": True}, name="inzage_json"),
    path("trajecten/<int:pk>/nazorg/<int:moment>/", followup.record, name="follow_up"),
    path("nazorg/", followup.follow_up_list, name="follow_ups"),
    path("mijn-nazorg/", followup.my_follow_ups, name="my_follow_ups"),
    path("trajecten/<int:pk>/overdragen/", handover.hand_over, name="hand_over"),
    path("overdrachten/", handover.handover_list, name="handovers"),
    path("overdrachten/<int:pk>/", handover.handover_detail, name="handover"),
    path("trajecten/<int:pk>/<slug:slug>/", work.transition, name="transition"),
    path("pilots/<int:pk>/beheren/", pilot_team.manage, name="pilot_manage"),
    path("pilots/<int:pk>/scholen/toevoegen/", pilot_team.add_school, name="pilot_add_school"),
    path("pilots/<int:pk>/scholen/<int:link_pk>/verwijderen/", pilot_team.remove_school, name="pilot_remove_school"),
    path("pilots/<int:pk>/team/toevoegen/", pilot_team.add_coach, name="pilot_add_coach"),
    path("pilots/<int:pk>/team/<int:membership_pk>/verwijderen/", pilot_team.remove_coach, name="pilot_remove_coach"),
    path("groepsarrangementen/<int:pk>/bezetting/", work.arrangement_week, name="arrangement_week"),
]
