import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from base.dates import DateRangeFilter
from base.widgets import DateRangeInput
from partners.models import School
from pilots.models import Pilot, PilotSchool

from .forms.work import CoachChoiceField, coaches_of
from .models import ConcernArea
from .states import CLOSED_STATES, OPEN_STATES, Status


def schools_of_my_pilots(request):
    pilots = Pilot.objects.restrict(request.user, "work")
    return School.objects.filter(
        pk__in=PilotSchool.objects.filter(pilot__in=pilots).values("school_id")
    ).order_by("name")


def coaches_of_my_pilots(request):
    return coaches_of(Pilot.objects.restrict(request.user, "work"))


class CoachFilter(django_filters.ModelChoiceFilter):
    field_class = CoachChoiceField  # the coach's name, as where a coach is chosen, not their user name


class NameSearch(django_filters.FilterSet):
    """A search on the child's name (every word, in given or family name) or pseudonymous code, within the
    list the view already scoped to the user."""

    naam = django_filters.CharFilter(label=_("Zoek op naam"), method="filter_name", max_length=100)

    def filter_name(self, queryset, name, value):
        return queryset.named(value) if value.strip() else queryset

    def searched(self):
        """Whether the list was narrowed by a name: judged by the name alone, so that another filter's bad value
        cannot make a search pass for a plain list in the access log."""
        if not self.is_bound:
            return False
        self.form.is_valid()
        return bool(self.form.cleaned_data.get("naam", "").strip())


class SchoolListFilter(NameSearch):
    """The IB-er's list of their schools' registrations."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("alle"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class TrajectoryFilter(NameSearch):
    """The filters of "Alle trajecten": the querysets come from the user's pilots, never wider."""

    # No DISTINCT: a status is a column of the trajectory, and a trajectory holds a concern area at
    # most once, so neither filter can repeat a row (DISTINCT made PostgreSQL sort every match).
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=Status.choices, widget=forms.CheckboxSelectMultiple, distinct=False,
    )
    open_or_closed = django_filters.ChoiceFilter(
        label=_("Open of afgesloten"), method="filter_open_or_closed", empty_label=_("alle"),
        choices=[("open", _("open")), ("afgesloten", _("afgesloten"))],
    )
    school = django_filters.ModelChoiceFilter(label=_("School"), queryset=schools_of_my_pilots, empty_label=_("alle"))
    coach = CoachFilter(label=_("Coach"), queryset=coaches_of_my_pilots, empty_label=_("alle"))
    concern_area = django_filters.ModelChoiceFilter(
        label=_("Zorggebied"), field_name="concern_areas", queryset=ConcernArea.objects.all(), empty_label=_("alle"),
        distinct=False,
    )
    registered = DateRangeFilter(
        label=_("Aangemeld tussen"), field_name="registered_at", widget=DateRangeInput,
    )
    waiting_longer_than = django_filters.NumberFilter(
        label=_("Wacht langer dan (dagen)"), method="filter_waiting", min_value=0, max_value=3650,
        help_text=_("Aanmeldingen die nog niet gestart zijn en langer wachten dan dit aantal dagen."),
    )
    sort = django_filters.OrderingFilter(
        label=_("Sorteren op"),
        fields=[
            ("registered_at", "aangemeld"), ("child__family_name", "kind"), ("school__name", "school"),
            ("status", "status"), ("start_date", "gestart"),
        ],
        field_labels={
            "registered_at": _("aanmelddatum"), "child__family_name": _("achternaam kind"),
            "school__name": _("school"), "status": _("status"), "start_date": _("startdatum"),
        },
        empty_label=_("nieuwste aanmelding eerst"),
    )

    def chosen(self):
        """The filters in force, in words, as (label, value) pairs for the list's summary: the list itself shows no
        form (its lists of schools, coaches and concern areas are on the page of filters)."""
        if not self.is_bound or not self.form.is_valid():
            return []
        shown = []
        for name, field in self.form.fields.items():
            value = self.form.cleaned_data.get(name)
            if name == "naam" or value in (None, "", [], ()):
                continue
            if isinstance(value, slice):  # a date range, either end open
                if value.start is None and value.stop is None:
                    continue
                text = " – ".join(date_format(timezone.localtime(day) if isinstance(day, datetime.datetime) else day,
                                              "SHORT_DATE_FORMAT") if day else "…" for day in (value.start, value.stop))
            elif isinstance(field, forms.ModelChoiceField):
                text = field.label_from_instance(value)  # as its option reads
            elif isinstance(value, (list, tuple)):
                labels = dict(field.choices)
                text = ", ".join(str(labels.get(item, item)) for item in value)
            elif isinstance(field, forms.ChoiceField):
                text = str(dict(field.choices).get(value, value))
            else:
                text = str(value)
            shown.append((field.label, text))
        return shown

    def filter_open_or_closed(self, queryset, name, value):
        return queryset.filter(status__in=OPEN_STATES if value == "open" else CLOSED_STATES)

    def filter_waiting(self, queryset, name, value):
        cutoff = timezone.now() - datetime.timedelta(days=int(value))
        return queryset.filter(Q(status=Status.REGISTERED) & Q(registered_at__lt=cutoff))
