"""The stuurgroep's vergaderstuk (issue 19) as its readers meet it: the PDF's text read back and held against the
dashboards of the same scopes and periods, no child's data anywhere in it, the stuurgroep's decisions of one
month printed in the next month's paper, and who may make or write what."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.formats import localize
from pypdf import PdfReader

from accounts.models import Role
from audit.models import AccessLog
from dashboards import charts, meeting_report, reporting, summary
from dashboards.models import MeetingMinutes
from pilots.models import Pilot
from tests.dashboards.test_figures import D, history
from tests.factories import committed, join, make_totp_device, make_user
from trajecten.models import Trajectory
from trajecten.states import Status

REPORT = {"maand": "2026-10"}


def text_of(pdf):
    """The PDF's text with every run of white space made one space (table rows wrap in the PDF)."""
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def pdf_of(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("dashboards:meeting_report"), {**REPORT, **params})
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return response


def dashboard_tables(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("dashboards:dashboard"), params)
    assert response.status_code == 200
    return {table.key: table for table in response.context["tables"]}


def cell(value):
    return str(localize(value))


@pytest.fixture
def year_of_work(world):
    """Work in KID and in its sub-pilot: enough in October 2026 for counts of 5 and more beside counts of 1–4, a
    September before it and an October a year earlier."""
    sub = Pilot.objects.create(partnership=world.partnership_a, parent=world.pilot_a, name="Deelpilot Het Anker",
                               municipalities="Rotterdam", aim="Het Anker apart")
    join(sub, world.school_a2, hours_per_week=0)
    for day in (1, 3, 6, 8, 13, 15):
        history(world, D(2026, 10, day), Status.ACTIVE, D(2026, 10, day + 5))
    history(world, D(2026, 10, 2), Status.WITHDRAWN, end=D(2026, 10, 9))
    for day in (2, 9, 16, 23, 30):
        history(world, D(2026, 9, day), Status.COMPLETED, D(2026, 9, day), D(2026, 10, 20), outcome="doel_bereikt")
    history(world, D(2025, 10, 7), Status.REFERRED, D(2025, 10, 9), D(2025, 10, 28), help_kind="sbo")
    moved = [history(world, D(2026, 10, day), school=world.school_a2) for day in (4, 11)]
    Trajectory.objects.filter(pk__in=[t.pk for t in moved]).update(pilot=sub)
    with committed():
        summary.mark_stale(world.pilot_a.pk)
        summary.mark_stale(sub.pk)
    return sub


def test_the_month_stands_beside_the_month_before_a_year_before_and_the_school_year_as_on_the_dashboards(
        client, world, year_of_work):
    text = text_of(pdf_of(client, world.stuurgroep_a, partnership=world.partnership_a.pk).content)
    scope = {"partnership": world.partnership_a.pk}
    columns = [dashboard_tables(client, world.stuurgroep_a, **scope, **period) for period in (
        {"period": "m:2026-10"}, {"period": "m:2026-09"}, {"period": "m:2025-10"},
        {"period": "eigen", "start": "2026-08", "end": "2026-10"},
    )]
    for key in ("kerncijfers", "afgesloten"):
        for index, row in enumerate(columns[0][key].rows):
            expected = " ".join([row[0], *(cell(tables[key].rows[index][1]) for tables in columns)])
            assert expected in text
    october = columns[0]["kerncijfers"].rows
    assert october[0] == ["Nieuwe aanmeldingen", 9] and "<5" in text  # a real mix of shown and hidden counts


def test_every_pilot_and_sub_pilot_has_its_dashboards_column(client, world, year_of_work):
    text = text_of(pdf_of(client, world.stuurgroep_a, partnership=world.partnership_a.pk).content)
    scopes = [{"partnership": world.partnership_a.pk},
              {"partnership": world.partnership_a.pk, "pilot": world.pilot_a.pk},
              {"partnership": world.partnership_a.pk, "pilot": year_of_work.pk}]
    columns = [dashboard_tables(client, world.stuurgroep_a, period="m:2026-10", **scope) for scope in scopes]
    assert "Per pilot en deelpilot: oktober 2026" in text
    assert "Pilots: KID, Deelpilot Het Anker (deelpilot) Zo leest" in text
    for index, row in enumerate(columns[0]["kerncijfers"].rows):
        expected = " ".join([row[0], *(cell(tables["kerncijfers"].rows[index][1]) for tables in columns)])
        assert expected in text
    assert columns[2]["kerncijfers"].rows[0][1] == "<5"  # the sub-pilot's two registrations stay hidden


def test_all_of_the_months_dashboard_is_in_it_with_the_explanation_of_hidden_counts(client, world, year_of_work):
    text = text_of(pdf_of(client, world.stuurgroep_a, partnership=world.partnership_a.pk).content)
    tables = dashboard_tables(client, world.stuurgroep_a, partnership=world.partnership_a.pk, period="m:2026-10")
    assert "Alle cijfers van oktober 2026" in text
    for table in tables.values():
        assert table.title in text
        for row in table.rows:
            assert " ".join(cell(value) for value in row) in text
    assert "staat een aantal van 1 tot en met 4 als “<5”" in text and "staat als “×”" in text
    assert "Een mediaan staat er alleen bij 5 of meer trajecten" in text
    assert "Gearceerde balk met “<5”: een aantal van 1 tot en met 4, niet precies getoond." in text


def test_a_chart_draws_a_hidden_count_as_hidden_never_as_its_number():
    chart = charts.bar_chart(["sep", "okt", "nov", "dec"], [("nieuw", [8, "<5", "×", "—"])])
    assert [bar.label for bar in chart.bars] == ["8", "<5", "×"]  # "—" (no figure) draws nothing
    eight, small, hidden = chart.bars
    assert small.hidden and hidden.hidden and not eight.hidden
    assert small.height == pytest.approx(eight.height * 4 / 8) and hidden.height == 0
    assert chart.hides == {"<5", "×"}


def test_a_coordinator_gets_the_stuurgroeps_paper_with_small_counts_hidden(client, world, year_of_work):
    exact = dashboard_tables(client, world.coordinator_a, partnership=world.partnership_a.pk, period="m:2026-10")
    withdrawn = dict(exact["afgesloten"].rows)["gestopt"]
    assert withdrawn == 1
    text = text_of(pdf_of(client, world.coordinator_a, partnership=world.partnership_a.pk).content)
    assert re.search(r"gestopt <5 ", text) and not re.search(r"gestopt 1 ", text)


def test_no_childs_name_code_birth_date_or_free_text_is_anywhere_in_it(client, world, year_of_work):
    trajectory = history(world, D(2026, 10, 21), Status.ACTIVE, D(2026, 10, 22))
    child = trajectory.child
    child.given_name, child.family_name = "Zoë", "Vermeulen-Geheim"
    child.date_of_birth = D(2019, 3, 14)
    child.save()
    Trajectory.objects.filter(pk=trajectory.pk).update(
        help_request="Slaapt slecht sinds de scheiding", tried_already="Gesprek met oma Truus",
        teacher_name="Meester Bram")
    with committed():
        summary.mark_stale(world.pilot_a.pk)
    response = pdf_of(client, world.stuurgroep_a, partnership=world.partnership_a.pk)
    text = text_of(response.content)
    assert "Nieuwe aanmeldingen 10" in text  # the child is counted
    raw = response.content.decode("latin-1")
    for personal in ("Zoë", "Vermeulen", "Geheim", child.code, "14-03-2019", "2019-03-14", "14 maart 2019",
                     "scheiding", "Truus", "Bram", "Juf Fatima", "concentreren", world.coach_a.last_name):
        assert personal not in text, personal
        assert personal not in raw, personal
    assert not re.search(r"K-[0-9A-Z]{8}", text)


def test_the_decisions_of_a_meeting_are_printed_in_the_next_months_paper(client, world, year_of_work):
    client.force_login(world.coordinator_a)
    url = reverse("dashboards:meeting_minutes", kwargs={"partnership_pk": world.partnership_a.pk, "month": "2026-09"})
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "Besloten: de wachttijd elke maand bespreken.\nExtra uren voor Het Anker."})
    assert response.status_code == 302
    assert "Het vergaderstuk van oktober 2026 neemt het op." in client.get(url).content.decode()
    row = AccessLog.objects.get(action="change", username="coordinator-a")
    assert row.detail == "besluiten stuurgroep SWV Rotterdam, vergaderstuk september 2026" and not row.child_code

    october = text_of(pdf_of(client, world.stuurgroep_a, partnership=world.partnership_a.pk).content)
    assert "vorige vergadering (vergaderstuk september 2026)" in october
    assert "Besloten: de wachttijd elke maand bespreken. Extra uren voor Het Anker." in october
    november = text_of(pdf_of(client, world.stuurgroep_a, partnership=world.partnership_a.pk, maand="2026-11").content)
    assert "Besloten" not in november and "Er zijn geen besluiten of opmerkingen vastgelegd." in november

    client.force_login(world.coordinator_a)
    client.post(url, {"text": "Gewijzigd besluit."})
    assert MeetingMinutes.objects.get().text == "Gewijzigd besluit."


@pytest.mark.parametrize("who", ["stuurgroep_a", "coach_a", "ib_a1", "beheerder", "coordinator_b"])
def test_only_the_coordinators_of_the_partnerships_pilots_write_the_decisions(client, world, who):
    client.force_login(getattr(world, who))
    url = reverse("dashboards:meeting_minutes", kwargs={"partnership_pk": world.partnership_a.pk, "month": "2026-09"})
    assert client.get(url).status_code == 404
    assert client.post(url, {"text": "Niet van mij"}).status_code == 404
    assert not MeetingMinutes.objects.exists()


def test_a_coordinator_of_a_sub_pilot_writes_them_too_and_a_month_outside_the_list_is_not_found(
        client, world, year_of_work):
    lead = make_user("coordinator-deelpilot", role=Role.COORDINATOR, pilot=year_of_work)
    make_totp_device(lead)
    client.force_login(lead)
    url = reverse("dashboards:meeting_minutes", kwargs={"partnership_pk": world.partnership_a.pk, "month": "2026-09"})
    assert client.post(url, {"text": "Akkoord"}).status_code == 302
    assert MeetingMinutes.objects.get().updated_by == lead
    # Their paper holds the pilots they report on: their sub-pilot, not its parent.
    text = text_of(pdf_of(client, lead, partnership=world.partnership_a.pk).content)
    assert "Pilots: Deelpilot Het Anker Zo leest" in text and "Per pilot en deelpilot" not in text
    for month in ("9999-12", "2026-13", "0001-01"):
        assert client.get(reverse("dashboards:meeting_minutes", kwargs={
            "partnership_pk": world.partnership_a.pk, "month": month})).status_code == 404


def test_the_paper_is_made_from_the_partnerships_dashboard_and_logged(client, world, year_of_work):
    client.force_login(world.stuurgroep_a)
    content = client.get(reverse("dashboards:dashboard"), {"partnership": world.partnership_a.pk,
                                                           "period": "m:2026-10"}).content.decode()
    link = re.search(r'<a [^>]*href="([^"]*)"[^>]*data-meeting-report>Vergaderstuk \(PDF\)</a>', content)
    assert link and f"partnership={world.partnership_a.pk}" in link.group(1) and "maand=2026-10" in link.group(1)
    assert "Besluiten stuurgroep" not in content  # the stuurgroep reads the decisions, a coördinator writes them
    pilot_page = client.get(reverse("dashboards:dashboard"), {"partnership": world.partnership_a.pk,
                                                              "pilot": world.pilot_a.pk}).content.decode()
    assert "Vergaderstuk (PDF)" not in pilot_page

    response = pdf_of(client, world.stuurgroep_a, partnership=world.partnership_a.pk)
    assert 'filename="vergaderstuk-swv-rotterdam-2026-10.pdf"' in response["Content-Disposition"]
    row = AccessLog.objects.filter(action="export").get()
    assert row.detail == "vergaderstuk PDF: SWV Rotterdam, oktober 2026" and row.username == "stuurgroep-a"

    client.force_login(world.coordinator_a)
    content = client.get(reverse("dashboards:dashboard"), {"partnership": world.partnership_a.pk,
                                                           "period": "m:2026-10"}).content.decode()
    assert "Besluiten stuurgroep (oktober 2026)" in content


def test_another_partnerships_paper_is_refused(client, world):
    client.force_login(world.stuurgroep_a)
    response = client.get(reverse("dashboards:meeting_report"), {**REPORT, "partnership": world.partnership_b.pk})
    assert response.status_code == 400 and response["Content-Type"].startswith("text/plain")
    client.force_login(world.coach_a)
    assert client.get(reverse("dashboards:meeting_report"), REPORT).status_code == 403


def test_the_monthly_job_writes_every_partnerships_paper_with_a_line_each(world, year_of_work, tmp_path):
    out = io.StringIO()
    call_command("write_meeting_reports", "--map", str(tmp_path / "stukken"), "--maand", "2026-10", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("1/2 SWV Eemsdelta, oktober 2026: ") and lines[0].endswith(" s)")
    assert lines[1].startswith("2/2 SWV Rotterdam, oktober 2026: ")
    assert lines[2].startswith("write_meeting_reports: klaar in ")
    written = sorted(path.name for path in (tmp_path / "stukken").iterdir())
    assert written == ["vergaderstuk-swv-eemsdelta-2026-10.pdf", "vergaderstuk-swv-rotterdam-2026-10.pdf"]
    text = text_of((tmp_path / "stukken" / written[1]).read_bytes())
    assert "Vergaderstuk stuurgroep SWV Rotterdam" in text and "Deelpilot Het Anker" in text
    assert "Samen voor het Kind" not in text  # the other partnership's pilot


def test_the_job_refuses_a_month_it_cannot_read(tmp_path, db):
    with pytest.raises(Exception, match="schrijf een maand als 2026-10"):
        call_command("write_meeting_reports", "--map", str(tmp_path), "--maand", "oktober")


def test_a_figure_with_columns_of_its_own_gets_a_heading_per_period_above_them():
    """Durability (amount and share) beside four periods once squeezed eight headers into half a page, one over
    the other: now each period heads its own columns, two periods to a table."""
    durability = reporting.Table("duurzaamheid", "Duurzaamheid", ["", "Aantal", "Aandeel"],
                                 [["Gaat goed na 3 maanden", 7, "70%"]])
    columns = [(label, [durability]) for label in ("november 2026", "oktober 2026", "november 2025", "schooljaar")]
    first, second = meeting_report.side_by_side(columns)
    assert first.groups == [("november 2026", 2), ("oktober 2026", 2)]
    assert first.headers == ["Aantal", "Aandeel", "Aantal", "Aandeel"]
    assert first.rows == [["Gaat goed na 3 maanden", 7, "70%", 7, "70%"]]
    assert second.groups == [("november 2025", 2), ("schooljaar", 2)]


def test_a_pilots_dashboard_counts_its_sub_pilots_work_and_shows_them_side_by_side(client, world, year_of_work):
    """October 2026: KID registered 7 (six started, one withdrawn), its sub-pilot at Het Anker 2."""
    kid = dashboard_tables(client, world.coordinator_a, period="m:2026-10", partnership=world.partnership_a.pk,
                           pilot=world.pilot_a.pk)
    assert kid["kerncijfers"].rows[0] == ["Nieuwe aanmeldingen", 9]
    side_by_side = {row[0]: row[1:] for row in kid["pilots"].rows}
    assert list(side_by_side) == ["KID", "↳ Deelpilot Het Anker"]
    assert side_by_side["KID"][0] == 7 and side_by_side["↳ Deelpilot Het Anker"][0] == 2
    sub = dashboard_tables(client, world.coordinator_a, period="m:2026-10", partnership=world.partnership_a.pk,
                           pilot=year_of_work.pk)
    assert sub["kerncijfers"].rows[0] == ["Nieuwe aanmeldingen", 2] and "pilots" not in sub
