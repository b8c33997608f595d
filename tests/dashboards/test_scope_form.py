"""An own period on the dashboard is a range of whole months, picked or typed."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from dashboards import periods
from dashboards.forms import month_range, parse_month, period_choices


def months_back(day, count):
    for _step in range(count):
        day = (day.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    return day


def test_the_months_cover_every_school_year_of_the_period_list():
    today = timezone.localdate()
    first, last = month_range(today)
    assert month_range(datetime.date(2026, 12, 2)) == (datetime.date(2017, 8, 1), datetime.date(2027, 7, 1))
    school_years = [periods.school_year(int(value[3:])) for value, _label in period_choices(today)[0][1]]
    for year in school_years:
        assert first <= year.start and year.end.replace(day=1) <= last


def test_a_month_is_read_as_the_picker_sends_it_and_as_a_person_types_it():
    september = datetime.date(2026, 9, 1)
    for typed in ("2026-09", "2026-9", "09-2026", "9/2026", "september 2026", "Sep 2026", " sept  2026 "):
        assert parse_month(typed) == september, typed
    for nonsense in ("2026-13", "13-2026", "ma 2026", "2026", "september", "2026-03-10", "juli 26", "ju 2026"):
        assert parse_month(nonsense) is None, nonsense


def test_the_month_fields_take_no_list_of_options_but_the_browsers_month_picker(client, world):
    content = scope_page(client, world, period=f"m:{months_back(timezone.localdate(), 1):%Y-%m}").content.decode()
    first, last = month_range(timezone.localdate())
    assert 'type="month" name="start"' in content and 'type="month" name="end"' in content
    assert f'min="{first:%Y-%m}"' in content and f'max="{last:%Y-%m}"' in content
    assert '<select name="start"' not in content


def test_a_typed_month_is_kept_in_the_field_as_the_picker_shows_it(client, world):
    response = scope_page(client, world, start="september 2026", end="10-2026")
    assert 'value="2026-09"' in response.content.decode() and 'value="2026-10"' in response.content.decode()


def test_a_month_outside_the_range_is_a_form_error(client, world):
    first, last = month_range(timezone.localdate())
    before = months_back(first, 1)
    errors = errors_of(dashboard(client, world, start=f"{before:%Y-%m}", end=f"{first:%Y-%m}"))
    assert list(errors) == ["start"] and errors["start"][0].startswith("Kies een maand van ")


def dashboard(client, world, url_name="dashboards:dashboard", **params):
    client.force_login(world.coordinator_a)
    response = client.get(reverse(url_name), {"partnership": world.partnership_a.pk, "period": "eigen", **params})
    assert response.status_code == 200
    return response


def scope_page(client, world, **params):
    """The page of the scope form, as the dashboard's link 'Andere periode, pilot of school kiezen' opens it."""
    return dashboard(client, world, url_name="dashboards:scope", **params)


def test_the_dashboard_with_figures_links_to_the_scope_form_and_shows_it_only_when_it_cannot_read_it(client, world):
    last = months_back(timezone.localdate(), 1)
    shown = dashboard(client, world, period=f"m:{last:%Y-%m}").content.decode()
    assert 'name="period"' not in shown
    link = f'href="{reverse("dashboards:scope")}?partnership={world.partnership_a.pk}&amp;period=m%3A{last:%Y-%m}"'
    assert link in shown
    page = scope_page(client, world, period=f"m:{last:%Y-%m}").content.decode()
    assert f'<option value="m:{last:%Y-%m}" selected>' in page and f'action="{reverse("dashboards:dashboard")}"' in page
    unread = dashboard(client, world, start="2026-03-10", end="2026-06-20").content.decode()
    assert 'name="period"' in unread and "punten om te verbeteren" in unread  # the form, with its messages


def test_an_own_period_runs_from_the_first_day_of_one_month_to_the_last_of_another(client, world):
    last = months_back(timezone.localdate(), 1)
    first = months_back(last, 3)
    response = dashboard(client, world, start=f"{first:%Y-%m}", end=f"{last:%Y-%m}", school=world.school_a1.pk)
    period, first_month, last_month = (response.context["period"], periods.month(first.year, first.month),
                                       periods.month(last.year, last.month))
    assert (period.start, period.end) == (first_month.start, last_month.end)
    assert period.label == f"{first_month.label} – {last_month.label}"
    assert response.context["tables"]
    one = dashboard(client, world, start=f"{last:%Y-%m}", end=f"{last:%Y-%m}").context["period"]
    assert one == periods.month(last.year, last.month)


def errors_of(response):
    assert "tables" not in response.context
    return response.context["form"].errors


def test_an_own_period_needs_both_months_in_order_and_at_most_five_years(client, world):
    this_month = timezone.localdate().replace(day=1)
    earlier = months_back(this_month, 2)
    assert errors_of(dashboard(client, world, start=f"{earlier:%Y-%m}")) == {
        "start": ["Vul bij een eigen periode beide maanden in."]}
    assert errors_of(dashboard(client, world, start=f"{this_month:%Y-%m}", end=f"{earlier:%Y-%m}")) == {
        "end": ["De eindmaand ligt niet voor de beginmaand."]}
    five_years = months_back(this_month, 59)
    assert dashboard(client, world, start=f"{five_years:%Y-%m}", end=f"{this_month:%Y-%m}").context["tables"]
    assert errors_of(dashboard(client, world, start=f"{months_back(five_years, 1):%Y-%m}",
                               end=f"{this_month:%Y-%m}")) == {"end": ["Kies een periode van ten hoogste vijf jaar."]}


def test_a_date_from_an_old_link_is_a_form_error(client, world):
    """Before, an own period was two dates: a bookmark with one gets a message, not a server error."""
    errors = errors_of(dashboard(client, world, start="2026-03-10", end="2026-06-20"))
    message = "Vul een maand in als jjjj-mm, bijvoorbeeld 2026-09: een eigen periode bestaat uit hele maanden."
    assert errors == {"start": [message], "end": [message]}


def test_months_filled_in_choose_an_own_period_whatever_the_period_list_says(client, world):
    """The period list defaults to last month; months filled in below it were once silently ignored."""
    last = months_back(timezone.localdate(), 1)
    first = months_back(last, 2)
    for listed in (f"m:{last:%Y-%m}", f"q:{last.year}-1", f"sj:{last.year - 1}"):
        response = dashboard(client, world, period=listed, start=f"{first:%Y-%m}", end=f"{last:%Y-%m}")
        period = response.context["period"]
        assert (period.start, period.end) == (first, periods.month(last.year, last.month).end)
        assert response.context["form"]["period"].value() == "eigen"
        page = scope_page(client, world, period=listed, start=f"{first:%Y-%m}", end=f"{last:%Y-%m}")
        assert '<option value="eigen" selected>' in page.content.decode()


def test_one_month_filled_in_beside_another_period_asks_for_the_other(client, world):
    last = months_back(timezone.localdate(), 1)
    assert errors_of(dashboard(client, world, period=f"m:{last:%Y-%m}", end=f"{last:%Y-%m}")) == {
        "start": ["Vul bij een eigen periode beide maanden in."]}


def test_a_period_without_months_is_read_as_listed(client, world):
    last = months_back(timezone.localdate(), 1)
    response = dashboard(client, world, period=f"m:{last:%Y-%m}", start="", end="")
    assert response.context["period"] == periods.month(last.year, last.month)


def select_options(content, name):
    body = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', content, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"', body)


def test_the_pilot_list_holds_the_chosen_partnerships_pilots_only(client, world):
    """The whole country's pilots in one list would help nobody: the beheerder picks a partnership first."""
    client.force_login(world.beheerder)
    url = reverse("dashboards:scope")
    content = client.get(url, {"period": "sj:2025"}).content.decode()
    assert select_options(content, "pilot") == [""] and "Kies eerst een samenwerkingsverband." in content
    content = client.get(url, {"partnership": world.partnership_b.pk, "period": "sj:2025"}).content.decode()
    assert select_options(content, "pilot") == ["", str(world.pilot_b.pk)]
    linked = client.get(reverse("dashboards:dashboard"), {"pilot": world.pilot_a.pk, "period": "sj:2025"})
    assert linked.context["title"] == world.pilot_a.name  # a link with a pilot and no partnership still works
