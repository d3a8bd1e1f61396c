"""What tracker users expect: search and CSV export, with spreadsheet formulas neutralised
(a candidate's name comes from inbound mail: "=HYPERLINK(...)" must stay text)."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import timezone

from followline.web.core.csvexport import safe_cell
from followline.web.employers.models import Candidate

from .conftest import add_application, add_candidate

pytestmark = pytest.mark.django_db


def _rows(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_a_spreadsheet_would_run_is_written_as_text(start):
    assert safe_cell(start + "1+1") == "'" + start + "1+1"


def test_ordinary_cells_are_untouched():
    assert safe_cell("Maria Lopez") == "Maria Lopez" and safe_cell(None) == ""
    assert safe_cell("+1 312 555 0100") == "'+1 312 555 0100"  # a phone number: text too


def test_applications_csv_and_search(client, owner, outsider):
    now = timezone.now()
    add_application(owner, "Contoso", 3, now, contacts=1)
    add_application(owner, "=cmd|' /C calc'!A0", None, now)
    add_application(outsider, "Someone else's", None, now)
    client.force_login(owner)
    rows = _rows(client.get("/applications/applications.csv"))
    assert rows[0][:2] == ["company", "role"] and len(rows) == 3
    by_company = {r[0]: r for r in rows[1:]}  # (sorting of "=" differs between databases)
    assert by_company["'=cmd|' /C calc'!A0"][1] == "Analyst"
    assert by_company["Contoso"][rows[0].index("standing")] == "appropriate"
    found = client.get("/applications/?q=conto").text
    assert "Contoso" in found and "calc" not in found and "1 application with" in found
    assert len(_rows(client.get("/applications/applications.csv?q=conto"))) == 2


def test_applications_csv_has_stage_archive_job_ad_salary_and_resume(client, owner):
    now = timezone.now()
    app = add_application(owner, "Contoso", 3, now)
    app.job_url, app.salary, app.resume_name = "https://jobs.example/42", "-60k", "cv.pdf"
    app.save()
    app.move_to("offer", now)
    app.archive(now)
    client.force_login(owner)
    header, row = _rows(client.get("/applications/applications.csv"))
    cells = dict(zip(header, row, strict=True))
    assert cells["stage"] == "Offer" and cells["archived"] == "yes"  # archived too
    assert cells["job ad"] == "https://jobs.example/42" and cells["résumé"] == "cv.pdf"
    assert cells["salary"] == "'-60k"  # a cell a spreadsheet would compute: text


def test_opening_candidates_csv_and_search(client, teammate, outsider, opening):
    now = timezone.now()
    add_candidate(opening, "Maria Lopez", 10, now, contacts=1)
    Candidate.objects.create(opening=opening, name='=HYPERLINK("http://evil.example")')
    client.force_login(teammate)
    url = f"/teams/{opening.team.slug}/openings/{opening.pk}/candidates.csv"
    rows = _rows(client.get(url))
    assert rows[0][0] == "name" and len(rows) == 3
    by_name = {r[0]: r for r in rows[1:]}
    assert '\'=HYPERLINK("http://evil.example")' in by_name
    assert by_name["Maria Lopez"][1] == "maria.lopez@example.org"
    assert by_name["Maria Lopez"][6] == "yes"
    page = client.get(f"/teams/{opening.team.slug}/openings/{opening.pk}/?q=lopez").text
    assert "Maria Lopez" in page and "HYPERLINK" not in page
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_applications_filter_by_standing(client, owner):
    now = timezone.now()
    add_application(owner, "Calm", 3, now, contacts=1)
    add_application(owner, "Pushy", 20, now, contacts=4)  # a 3rd and 4th follow-up
    client.force_login(owner)
    page = client.get("/applications/?standing=harassing").text
    assert "Pushy" in page and "Calm" not in page and "standing harassing" in page
    assert "Calm" in client.get("/applications/?standing=nonsense").text  # ignored


def test_opening_candidates_filter_by_stage_and_sort(client, teammate, opening):
    now = timezone.now()
    add_candidate(opening, "Zoe Applied", None, now)
    add_candidate(opening, "Adam Interviewed", 3, now)
    client.force_login(teammate)
    url = f"/teams/{opening.team.slug}/openings/{opening.pk}/"
    page = client.get(url + "?stage=interviewing").text
    assert "Adam Interviewed" in page and "Zoe Applied" not in page
    by_name = client.get(url + "?sort=name").text
    assert by_name.index("Adam Interviewed") < by_name.index("Zoe Applied")
    assert 'aria-sort="ascending"><a href="?show=all&amp;sort=-name"' in by_name
    reverse = client.get(url + "?sort=-name").text
    assert reverse.index("Zoe Applied") < reverse.index("Adam Interviewed")
    assert 'aria-sort="descending"' in reverse


def test_opening_candidates_filter_by_standing(client, teammate, opening):
    now = timezone.now()
    add_candidate(opening, "Calm Carla", 3, now, contacts=1)
    add_candidate(opening, "Eager Ed", 3, now, contacts=4)  # four thank-yous: over the line
    client.force_login(teammate)
    url = f"/teams/{opening.team.slug}/openings/{opening.pk}/"
    page = client.get(url + "?standing=harassing").text
    assert "Eager Ed" in page and "Calm Carla" not in page
    assert '<option value="harassing" selected>' in page
    calm = client.get(url + "?standing=appropriate").text
    assert "Calm Carla" in calm and "Eager Ed" not in calm
