"""The steering group reads last school year's dashboard of their partnership and exports it."""


import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dashboards import periods
from tests.browser.conftest import axe_violations, describe, log_in
from trajecten.models import Child

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_stuurgroep_reads_last_school_year_and_exports_it(page, live_server, demo):
    log_in(page, live_server, "stuurgroep-rotterdam")
    assert page.get_by_role("heading", name="Dashboard: Samenwerkingsverband PPO Rotterdam").is_visible()

    last_year = periods.school_year(periods.school_year_of(periods.last_full_month().end).start.year - 1)
    page.get_by_text("Andere periode, pilot of school kiezen").click()
    page.get_by_label("Periode*", exact=True).select_option(label=last_year.label)
    page.get_by_role("button", name="Toon cijfers").click()
    assert page.get_by_text(last_year.label, exact=False).first.is_visible()
    assert page.get_by_role("heading", name="Kerncijfers").is_visible()
    assert page.locator("#chart-trend").is_visible()
    violations = axe_violations(page)
    assert not violations, describe(violations)

    content = page.content()
    for child in Child.objects.all()[:200]:
        assert child.full_name not in content
        assert child.date_of_birth.strftime("%d-%m-%Y") not in content

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Exporteren (Excel)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][1] == "Samenwerkingsverband PPO Rotterdam"
    assert rows[0][2] == last_year.label
    assert any(row[0] == "Nieuwe aanmeldingen" for row in rows)
