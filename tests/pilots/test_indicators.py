"""A pilot's own indicators (its monitoringsafspraken): the coördinator defines them and enters their values, only
for their own pilot; the values stand on the dashboard and in its exports (issue 17.7)."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from dashboards import indicators, periods
from pilots.models import Indicator, IndicatorValue

TODAY = timezone.localdate()
LAST_MONTH = periods.last_full_month(TODAY)
THIS_YEAR = periods.school_year_of(TODAY)


def indicators_url(pilot):
    return reverse("pilots:indicators", args=[pilot.pk])


def values_url(indicator):
    return reverse("pilots:indicator_values", args=[indicator.pilot_id, indicator.pk])


@pytest.fixture
def workload(world):
    return Indicator.objects.create(pilot=world.pilot_a, name="Ervaren werkdruk leerkrachten", unit="cijfer 1-10")


def test_the_coordinator_defines_an_indicator_and_enters_a_value(client, world):
    client.force_login(world.coordinator_a)
    response = client.post(indicators_url(world.pilot_a), {"name": "Uren jeugdprofessional", "unit": "uren",
                                                           "frequency": "maand"})
    indicator = Indicator.objects.get(pilot=world.pilot_a)
    assert response.status_code == 302 and response["Location"] == values_url(indicator)
    response = client.post(values_url(indicator), {"period": LAST_MONTH.start.isoformat(), "value": "37,5"},
                           follow=True)
    assert "Waarde voor " + LAST_MONTH.label + " opgeslagen." in response.content.decode()
    entry = IndicatorValue.objects.get(indicator=indicator)
    assert (entry.period_start, entry.value, entry.entered_by) == (LAST_MONTH.start, Decimal("37.5"),
                                                                   world.coordinator_a)
    logged = AccessLog.objects.filter(about_pilot=world.pilot_a.pk, user=world.coordinator_a, action="create")
    assert [row.detail.split(",")[0] for row in logged.order_by("pk")] == [
        "indicator Uren jeugdprofessional (uren) aangemaakt", "indicator Uren jeugdprofessional"]


def test_a_value_entered_again_for_its_period_replaces_the_first_and_is_logged_as_a_change(client, world, workload):
    client.force_login(world.coordinator_a)
    for value in ("6", "7,2"):
        client.post(values_url(workload), {"period": LAST_MONTH.start.isoformat(), "value": value})
    assert list(IndicatorValue.objects.values_list("value", flat=True)) == [Decimal("7.2")]
    change = AccessLog.objects.get(about_pilot=world.pilot_a.pk, action="change")
    assert "(was 6.00)" in change.detail


def test_bad_input_is_refused_in_dutch_and_nothing_typed_is_lost(client, world, workload):
    client.force_login(world.coordinator_a)
    response = client.post(values_url(workload), {"period": LAST_MONTH.start.isoformat(), "value": "zeven"})
    content = response.content.decode()
    assert response.status_code == 200 and "Vul een getal in, bijvoorbeeld 12 of 7,5." in content
    assert 'value="zeven"' in content and f'value="{LAST_MONTH.start.isoformat()}" selected' in content
    response = client.post(values_url(workload), {"period": "2001-01-01", "value": "7"})
    assert "Kies een periode uit de lijst." in response.content.decode()
    assert not IndicatorValue.objects.exists()

    response = client.post(indicators_url(world.pilot_a), {"name": " ervaren werkdruk LEERKRACHTEN ",
                                                           "unit": "procent", "frequency": "schooljaar"})
    content = response.content.decode()
    assert "De pilot heeft al een indicator met deze naam." in content and 'value="procent"' in content
    response = client.post(indicators_url(world.pilot_a), {"name": "", "unit": "uren", "frequency": "maand"})
    assert response.status_code == 200 and 'value="uren"' in response.content.decode()
    assert Indicator.objects.count() == 1


def test_a_coordinator_of_another_pilot_can_neither_see_nor_edit_the_indicators(client, world, workload):
    for user in (world.coordinator_b, world.coach_a, world.ib_a1, world.stuurgroep_a):
        client.force_login(user)
        assert client.get(indicators_url(world.pilot_a)).status_code == 404
        assert client.get(values_url(workload)).status_code == 404
        response = client.post(values_url(workload), {"period": LAST_MONTH.start.isoformat(), "value": "1"})
        assert response.status_code == 404
        assert client.post(indicators_url(world.pilot_a), {"name": "X", "unit": "u", "frequency": "maand"}
                           ).status_code == 404
    client.force_login(world.coordinator_b)
    assert workload.name not in client.get(indicators_url(world.pilot_b)).content.decode()
    # Another pilot's indicator under the coördinator's own pilot in the address: not found either.
    assert client.get(reverse("pilots:indicator_values", args=[world.pilot_b.pk, workload.pk])).status_code == 404
    assert not IndicatorValue.objects.exists() and Indicator.objects.count() == 1


def enter(indicator, start, value, by):
    return IndicatorValue.objects.create(indicator=indicator, period_start=start, value=value, entered_by=by)


def indicator_table(response):
    return next(table for table in response.context["tables"] if table.key == "indicatoren")


def test_the_values_of_the_period_stand_on_the_dashboard_and_in_the_csv(client, world, workload):
    enter(workload, LAST_MONTH.start, Decimal("6.5"), world.coordinator_a)
    month_before = periods.last_full_month(LAST_MONTH.start)
    enter(workload, month_before.start, Decimal("8"), world.coordinator_a)
    hours = Indicator.objects.create(pilot=world.pilot_a, name="Medefinanciering gemeente", unit="euro",
                                     frequency="schooljaar")
    enter(hours, periods.school_year_of(LAST_MONTH.start).start, Decimal("12000"), world.coordinator_a)
    Indicator.objects.create(pilot=world.pilot_a, name="Nog niet gemeten", unit="%")
    params = {"period": f"m:{LAST_MONTH.start:%Y-%m}"}

    client.force_login(world.stuurgroep_a)
    response = client.get(reverse("dashboards:dashboard"), params)
    rows = indicator_table(response).rows
    year = periods.school_year_of(LAST_MONTH.start)
    assert rows == [
        ["Ervaren werkdruk leerkrachten", "KID", "cijfer 1-10", LAST_MONTH.label, 6.5],
        ["Medefinanciering gemeente", "KID", "euro", f"schooljaar {year.start.year}-{year.end.year}", 12000],
        ["Nog niet gemeten", "KID", "%", "—", "nog niet ingevoerd"],
    ]
    content = response.content.decode()
    assert "Eigen indicatoren (monitoringsafspraken)" in content and "geen gegevens van kinderen" in content

    exported = list(csv.reader(io.StringIO(client.get(reverse("dashboards:export_csv"), params)
                                           .content.decode("utf-8-sig")), delimiter=";"))
    assert any(row[:2] == ["Ervaren werkdruk leerkrachten", "KID"] and "6.5" in row[4] for row in exported), exported


def test_another_partnerships_dashboard_shows_no_indicator_of_the_pilot(client, world, workload):
    enter(workload, LAST_MONTH.start, Decimal("6"), world.coordinator_a)
    client.force_login(world.stuurgroep_b)
    response = client.get(reverse("dashboards:dashboard"), {"period": f"m:{LAST_MONTH.start:%Y-%m}"})
    assert "tables" in response.context
    assert all(table.key != "indicatoren" for table in response.context["tables"])
    assert workload.name not in response.content.decode()


def test_a_monthly_value_outside_the_period_is_left_out(world, workload):
    enter(workload, datetime.date(2020, 3, 1), Decimal("5"), world.coordinator_a)
    [table] = indicators.tables([world.pilot_a], periods.month(2020, 4))
    assert table.rows == [["Ervaren werkdruk leerkrachten", "KID", "cijfer 1-10", "—", "nog niet ingevoerd"]]
