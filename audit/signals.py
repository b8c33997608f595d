"""Every change to who may do what, every reset of a password or a second factor, and every lifted lockout is
written to the access log, however it is made (the admin, a coördinator's team page, the shell, the link of
"Wachtwoord vergeten"), and shown to the coördinators of the pilots it touches (AccessLog.about_pilot). A signal,
not a call in each place: a place that forgot would leave a change of rights unlogged."""

from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.access import TEAM_ROLES
from accounts.lockout import opens_a_lockout
from accounts.models import Membership
from accounts.password_reset import password_set_by_link, reset_link_sent, reset_refused
from base.display import display_name

from .context import current_request
from .log import log_access
from .models import Action, Outcome

User = get_user_model()


def _log(detail, subject, pilot_ids=(None,), user=None):
    request = current_request.get()
    for pilot_id in sorted(set(pilot_ids), key=lambda key: key or 0):
        log_access(request, Action.RIGHTS, subject=subject, about_pilot=pilot_id, detail=detail, user=user)


def _team_pilots(user):
    return list(Membership.objects.filter(user=user, role__in=TEAM_ROLES).values_list("pilot_id", flat=True)) or [None]


@receiver(post_save, sender=Membership)
def membership_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    text = _("rol %(role)s gegeven aan %(name)s") if created else _("rol %(role)s van %(name)s gewijzigd")
    place = instance.place
    detail = text % {"role": instance.get_role_display(), "name": display_name(instance.user)}
    _log(f"{detail} ({place})" if place else detail, instance.user, [instance.pilot_id])


@receiver(post_delete, sender=Membership)
def membership_deleted(sender, instance, **kwargs):
    place = instance.place
    detail = _("rol %(role)s van %(name)s ingetrokken") % {"role": instance.get_role_display(),
                                                          "name": display_name(instance.user)}
    _log(f"{detail} ({place})" if place else detail, instance.user, [instance.pilot_id])


@receiver(pre_save, sender=User)
def remember_password(sender, instance, update_fields=None, raw=False, **kwargs):
    instance.password_changed = False
    if raw or instance._state.adding or (update_fields is not None and "password" not in update_fields):
        return
    stored = User.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance.password_changed = stored is not None and stored != instance.password


@receiver(post_save, sender=User)
def password_saved(sender, instance, **kwargs):
    request = current_request.get()
    actor = getattr(request, "user", None)
    # A hash upgraded at login has no signed-in actor yet: that is no change of credentials.
    if getattr(instance, "password_changed", False) and actor is not None and actor.is_authenticated:
        detail = _("wachtwoord van %(name)s gewijzigd") % {"name": display_name(instance)}
        _log(detail, instance, _team_pilots(instance))


@receiver(post_delete, sender=TOTPDevice)
def second_factor_removed(sender, instance, **kwargs):
    _log(_("tweede stap (authenticator-app) van %(name)s verwijderd") % {"name": display_name(instance.user)},
         instance.user, _team_pilots(instance.user))


@receiver(pre_delete, sender=AccessAttempt)
def lockout_lifted(sender, instance, **kwargs):
    """Once per lockout in force (an account from one address), however it is lifted: the beheerder's "Account
    deblokkeren", a new password by the reset link, the shell. Not the records axes deletes of expired lockouts,
    or of the few failures before a successful login."""
    user = User.objects.filter(username=instance.username).first() if opens_a_lockout(instance) else None
    if user is not None:
        _log(_("blokkade na mislukte inlogpogingen van %(name)s opgeheven (adres %(address)s)")
             % {"name": display_name(user), "address": instance.ip_address or _("onbekend")}, user)


@receiver(reset_link_sent)
def reset_link_logged(sender, request, user, **kwargs):
    """Whoever typed the address is unknown: the row names the account the link went to, and the client's
    address. An address typed for no account is never logged."""
    log_access(request, Action.RIGHTS, subject=user,
               detail=_("wachtwoord vergeten: link voor een nieuw wachtwoord gemaild naar %(name)s")
               % {"name": display_name(user)})


@receiver(reset_refused)
def reset_refusal_logged(sender, request, **kwargs):
    log_access(request, Action.RIGHTS, outcome=Outcome.REFUSED,
               detail=_("wachtwoord vergeten: te veel aanvragen, geen e-mail verstuurd"))


@receiver(password_set_by_link)
def password_set_by_link_logged(sender, request, user, **kwargs):
    """Set by whoever had the link from the account's mail: the account itself is the actor."""
    _log(_("wachtwoord van %(name)s opnieuw ingesteld met de link uit de e-mail") % {"name": display_name(user)},
         user, _team_pilots(user), user=user)
