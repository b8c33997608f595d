"""The steering group reads last school year's dashboard of their partnership and exports it."""


import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from dashboards import periods
from tests.browser.conftest import axe_violations, describe, log_in
from trajecten.models import Child

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_stuurgroep_reads_last_school_year_and_exports_it(page, live_server, demo):
    log_in(page, live_server, "stuurgroep-rotterdam")
    expect(page.get_by_role("heading", name="Dashboard: Samenwerkingsverband PPO Rotterdam")).to_be_visible()

    last_year = periods.school_year(periods.school_year_of(periods.last_full_month().end).start.year - 1)
    page.get_by_text("Andere periode, pilot of school kiezen").click()
    page.get_by_label("Periode*", exact=True).select_option(label=last_year.label)
    page.get_by_role("button", name="Toon cijfers").click()
    expect(page.get_by_text(last_year.label, exact=False).first).to_be_visible()
    expect(page.get_by_role("heading", name="Kerncijfers")).to_be_visible()
    expect(page.locator("#chart-trend")).to_be_visible()
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


def test_stuurgroep_picks_months_reads_hidden_bars_exports_and_prints(page, live_server, demo):
    """Months chosen make an own period, named once; a "<5" is a hatched, labelled bar, not an empty one; the
    export's busy message goes when the download arrives; the print button is a button like the others."""
    log_in(page, live_server, "stuurgroep-rotterdam")
    last = periods.last_full_month()
    first = periods.last_full_month(last.start)
    page.get_by_text("Andere periode, pilot of school kiezen").click()
    page.get_by_label("School", exact=True).select_option(label="CBS De Akker")
    page.get_by_label("Van maand").fill(f"{first.start:%Y-%m}")
    page.get_by_label("Tot en met maand").fill(f"{last.start:%Y-%m}")
    assert page.get_by_label("Periode*", exact=True).input_value() == "eigen"
    page.get_by_role("button", name="Toon cijfers").click()

    own = f"{first.label} – {last.label}"
    assert page.locator("#periode").inner_text() == own
    assert page.locator("main").inner_text().count(own) == 1

    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('chart-closed'))")
    bars = page.evaluate("""() => ['chart-trend', 'chart-closed'].flatMap((id) => {
        const chart = Chart.getChart(document.getElementById(id));
        return chart.data.datasets.filter((set) => set.shown).flatMap((set) => set.shown.map((shown, i) => ({
            shown: shown, drawn: set.data[i], hatched: set.backgroundColor[i] instanceof CanvasPattern})));
    })""")
    hidden = [bar for bar in bars if bar["shown"] == "<5"]
    assert hidden, "the demo's smallest school has counts of 1 to 4 in two months"
    assert all(bar["drawn"] == 4 and bar["hatched"] for bar in hidden)
    assert not any(bar["hatched"] for bar in bars if isinstance(bar["shown"], int))
    legends = page.locator(".chart-legend")
    expect(legends.first).to_be_visible()
    assert "“<5”: een aantal van 1 tot en met 4" in legends.first.inner_text()

    print_button = page.get_by_role("button", name="Afdrukken")
    csv_link = page.get_by_role("link", name="Exporteren (CSV)")
    assert print_button.is_enabled()
    colour = "(element) => getComputedStyle(element).color"
    assert print_button.evaluate(colour) == csv_link.evaluate(colour)
    page.evaluate("() => { window.print = () => { window.printed = (window.printed || 0) + 1; }; }")
    print_button.click()
    assert page.evaluate("window.printed") == 1

    page.evaluate("""() => { window.busy = []; new MutationObserver(() => window.busy.push(
        document.getElementById('bezig').textContent)).observe(document.getElementById('bezig'),
        {childList: true, characterData: true, subtree: true}); }""")
    with page.expect_download() as download_info:
        csv_link.click()
    assert download_info.value.suggested_filename.endswith(".csv")
    page.wait_for_function("() => document.getElementById('bezig').textContent === ''", timeout=5_000)
    assert page.evaluate("window.busy")[0] == "Bezig met het maken van de CSV-export…"
    assert "download=" not in page.evaluate("document.cookie")

    csv_link.evaluate("(link) => document.getElementById('bezig').textContent = link.dataset.busy")
    page.emulate_media(media="print")
    expect(page.locator("#bezig")).to_be_hidden()
    expect(page.get_by_role("navigation")).to_be_hidden()
    expect(page.locator("#periode")).to_be_visible()
    page.emulate_media(media="screen")

    page.get_by_text("Andere periode, pilot of school kiezen").click()
    page.get_by_label("Periode*", exact=True).select_option(label=last.label)
    assert page.get_by_label("Van maand").input_value() == ""
    assert page.get_by_label("Tot en met maand").input_value() == ""
