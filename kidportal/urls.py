from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.forms import LoginForm
from accounts.password_reset import ResetRequestView, SetNewPasswordView
from accounts.second_factor import second_factor, second_factor_setup
from accounts.views import preferences, start
from kidportal.health import health

urlpatterns = [
    path("", start, name="start"),
    path("gezond/", health, name="health"),
    path("inloggen/", auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
         name="login"),
    path("inloggen/tweede-stap/", second_factor, name="second_factor"),
    path("inloggen/tweede-stap/instellen/", second_factor_setup, name="second_factor_setup"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("wachtwoord/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "wachtwoord/gewijzigd/", auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("instellingen/meldingen/", preferences, name="preferences"),
    path("wachtwoord-vergeten/", ResetRequestView.as_view(), name="password_reset"),
    path("wachtwoord-vergeten/verstuurd/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("wachtwoord-vergeten/<uidb64>/<token>/", SetNewPasswordView.as_view(), name="password_reset_confirm"),
    path("wachtwoord-vergeten/ingesteld/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("pilots/", include("pilots.urls")),
    path("dashboard/", include("dashboards.urls")),
    path("toegangslog/", include("audit.urls")),
    path("", include("trajecten.urls")),
    path("beheer/", admin.site.urls),
]
