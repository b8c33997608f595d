"""Wachtwoord vergeten: Django's password reset, in Dutch, throttled, and told to the access log.

The answer never tells whether an address belongs to an account: every valid address gets the same page, in
the same time (the request only queues a `ResetLinkRequest`; `send_notifications` mails the link within a
minute), and only active accounts with that address get the mail. The log (audit/signals.py) records a link
asked for an account and a password set with it, never an address typed for no account."""

import datetime
import logging
import smtplib

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from base.client import client_address

from .lockout import unlock
from .models import ResetLinkRequest

logger = logging.getLogger(__name__)

# Sent with `request` and `user`: a link went to the account's address; the account's password was set with it.
reset_link_sent = Signal()
password_set_by_link = Signal()
# Sent with `request`: too many requests, no mail sent.
reset_refused = Signal()

# Requests in an hour, whether the address belongs to an account or not (a limit for accounts alone would tell
# which addresses do). A school's staff may share one address to the internet: the limit per address is higher.
REQUESTS_PER_EMAIL = 3
REQUESTS_PER_CLIENT = 20
WINDOW = 60 * 60


def _count(key):
    cache.add(key, 0, WINDOW)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW)
        return 1


def within_limits(request, email):
    """Counts this request, for its e-mail address (kept as a keyed hash) and for the client's address."""
    email_key = "kid-reset:email:" + salted_hmac("kid-reset", email.strip().casefold()).hexdigest()
    client_key = f"kid-reset:client:{client_address(request) or '-'}"
    for_email, for_client = _count(email_key), _count(client_key)
    return for_email <= REQUESTS_PER_EMAIL and for_client <= REQUESTS_PER_CLIENT


class ResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mailadres"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def get_users(self, email):
        """Django's rule, remembered for the log: active accounts with this address and a usable password."""
        self.users = list(super().get_users(email))
        return self.users

    def save(self, request=None, **kwargs):
        """Queues the link for each account with the address: no mail server is waited for in the request."""
        for user in self.get_users(self.cleaned_data["email"]):
            ResetLinkRequest.objects.create(user=user)
            reset_link_sent.send(sender=ResetRequestForm, request=request, user=user)


EMAIL_TEMPLATE = "registration/password_reset_email.txt"
SUBJECT_TEMPLATE = "registration/password_reset_subject.txt"
LINK_VALID = datetime.timedelta(hours=1)


def send_reset_links(base):
    """Mails the links asked for, one mail per account however often it asked; a request older than a link's
    lifetime is dropped, as is one for an account that may no longer log in. A mail the server refused stays
    queued for the next run. Returns (sent, failed)."""
    ResetLinkRequest.objects.filter(requested_at__lt=timezone.now() - LINK_VALID).delete()
    sent = failed = 0
    users = {pending.user_id: pending.user for pending in ResetLinkRequest.objects.select_related("user")}
    for user in users.values():
        if user.is_active and user.has_usable_password() and user.email:
            context = {"portal_base_url": base, "uid": urlsafe_base64_encode(force_bytes(user.pk)),
                       "token": default_token_generator.make_token(user)}
            subject = "".join(render_to_string(SUBJECT_TEMPLATE, context).splitlines())
            try:
                EmailMessage(subject, render_to_string(EMAIL_TEMPLATE, context), to=[user.email]).send()
            except (OSError, smtplib.SMTPException):
                logger.warning("Wachtwoordlink niet verstuurd: de mailserver antwoordde niet")
                failed += 1
                continue
            sent += 1
        ResetLinkRequest.objects.filter(user=user).delete()
    return sent, failed


class ResetRequestView(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    throttled_message = _(
        "U heeft in korte tijd te vaak een nieuwe link gevraagd. Er is nu geen e-mail verstuurd. Kijk of een "
        "eerdere e-mail is aangekomen (ook bij ongewenste e-mail), of probeer het over een uur opnieuw."
    )

    def form_valid(self, form):
        if not within_limits(self.request, form.cleaned_data["email"]):
            logger.warning("Wachtwoord vergeten: te veel aanvragen vanaf %s", client_address(self.request))
            reset_refused.send(sender=ResetRequestView, request=self.request)
            form.add_error(None, self.throttled_message)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class SetNewPasswordView(auth_views.PasswordResetConfirmView):
    reset_url_token = "nieuw-wachtwoord"

    def get_user(self, uidb64):
        """A link mailed before the account was deactivated opens nothing."""
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def form_valid(self, form):
        """The new password lifts a lockout after failed logins: whoever reads the account's mail may log in
        again at once. A second login step stays: it is asked at the next login as before."""
        response = super().form_valid(form)
        password_set_by_link.send(sender=SetNewPasswordView, request=self.request, user=self.user)
        unlock(self.user)
        return response
