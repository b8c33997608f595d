"""The dashboard page as a reader meets it: hidden counts drawn as hidden in the charts, the period named once,
buttons that look like what they do, an export that says it is busy only until the download arrives."""

import re

import pytest
from django.urls import reverse

from dashboards import periods
from tests.dashboards.test_figures import D, history
from trajecten.states import Status

OCTOBER = {"period": "m:2026-10"}


@pytest.fixture
def small_october(world):
    """Three registrations in October 2026, one withdrawn: every count of the month is 1 to 4."""
    history(world, D(2026, 10, 3), Status.WITHDRAWN, end=D(2026, 10, 10))
    history(world, D(2026, 10, 15), Status.ACTIVE, D(2026, 10, 20))
    history(world, D(2026, 10, 25))


def page(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("dashboards:dashboard"), {**OCTOBER, **params})
    assert response.status_code == 200
    return response


def test_a_hidden_count_reaches_the_charts_as_what_it_is_and_is_explained(client, world, small_october):
    response = page(client, world.stuurgroep_a)
    closed = {point["label"]: point["value"] for point in response.context["chart_data"]["closed"]}
    assert closed == {"afgerond": 0, "doorverwezen": 0, "gestopt": "<5"}
    october = next(month for month in response.context["chart_data"]["trend"] if month["label"] == "okt 2026")
    assert october["new"] == "<5" and october["open"] is None
    content = response.content.decode()
    assert 'aria-describedby="legenda-closed"' in content and 'id="legenda-closed"' in content
    assert "Gearceerde balk met “&lt;5”: een aantal van 1 tot en met 4" in content


def test_exact_readers_get_numbers_in_the_charts_and_no_legend_for_hidden_bars(client, world, small_october):
    response = page(client, world.coordinator_a, partnership=world.partnership_a.pk)
    closed = {point["label"]: point["value"] for point in response.context["chart_data"]["closed"]}
    assert closed == {"afgerond": 0, "doorverwezen": 0, "gestopt": 1}
    assert "legenda-" not in response.content.decode()


def period_line(response):
    return re.search(r'<p class="lead[^"]*" id="periode">(.*?)</p>', response.content.decode(), re.S).group(1)


def test_an_own_period_is_named_once_and_a_quarter_with_its_days(client, world):
    line = period_line(page(client, world.stuurgroep_a, period="eigen", start="2026-09", end="2026-10"))
    assert line == "september 2026 – oktober 2026"
    assert period_line(page(client, world.stuurgroep_a)) == "oktober 2026"
    line = period_line(page(client, world.stuurgroep_a, period="q:2026-3"))
    assert "kwartaal 3 2026" in line and "(01-07-2026 – 30-09-2026)" in line
    assert periods.month(2026, 10).days == "" and periods.school_year(2025).days == "01-08-2025 – 31-07-2026"


def test_the_print_button_is_a_normal_button_and_the_busy_message_never_prints(client, world, small_october):
    content = page(client, world.stuurgroep_a).content.decode()
    button = re.search(r"<button[^>]*data-print[^>]*>", content).group(0)
    assert "btn-outline-primary" in button and "disabled" not in button and "secondary" not in button
    busy = re.search(r'<p id="bezig"[^>]*>', content).group(0)
    assert "d-print-none" in busy


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_hands_the_pages_download_token_back_as_a_cookie(client, world, small_october, fmt):
    client.force_login(world.stuurgroep_a)
    url = reverse(f"dashboards:export_{fmt}")
    response = client.get(url, {**OCTOBER, "download": "lq3x9k2abc"})
    assert response.status_code == 200
    cookie = response.cookies["download"]
    assert cookie.value == "lq3x9k2abc" and cookie["max-age"] == 60 and not cookie["httponly"]
    for bad in ("", "a;b", "<script>", "x" * 33):
        assert "download" not in client.get(url, {**OCTOBER, "download": bad}).cookies
