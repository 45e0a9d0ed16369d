"""The public pages and the page shell, as each persona sees them through the browser's eyes (HTML)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from inspectorate.forces.models import Force
from inspectorate.methodology.models import Programme

from .dom import Node, parse

PACK_2007 = Path(__file__).resolve().parents[2] / "packs" / "hmic-2007"
ClientFor = Callable[[str], Client]

pytestmark = pytest.mark.django_db

STAFF_ROLE_LABELS = {
    "inspector": "Inspector",
    "lead": "Lead inspector (HMI)",
    "moderator": "Moderator",
    "analyst": "Analyst",
    "force_a": "Force liaison officer",
    "force_b": "Force liaison officer",
    "admin": "Administrator",
}


def page(client: Client, path: str) -> Node:
    response = client.get(path)
    assert response.status_code == 200, f"{path}: {response.status_code}"
    return parse(response.content)


def main(document: Node) -> Node:
    return document.find("main")


def pack_yaml(relative: str) -> Any:
    return yaml.safe_load((PACK_2007 / relative).read_text(encoding="utf-8"))


def table_captioned(document: Node, caption_start: str) -> Node:
    tables = [t for t in document.find_all("table") if t.find("caption").text.startswith(caption_start)]
    assert len(tables) == 1, f"expected one table captioned {caption_start!r}, found {len(tables)}"
    return tables[0]


def body_rows(table: Node) -> list[Node]:
    return table.find("tbody").find_all("tr")


# Home


def test_it_tells_the_public_nothing_is_published_yet(client_for: ClientFor, pack_2007: Programme) -> None:
    document = page(client_for("public"), "/")

    empty = main(document).find(data_testid="no-published-reports")
    assert "Nothing has been published yet" in empty.text
    assert "Your work" not in main(document).text
    links = {a.get("href"): a.text for a in main(document).find_all("a")}
    assert links["/methodology/hmic-2007/"] == "HMIC 2007 programmed inspections"


def test_it_says_no_methodology_is_loaded_before_a_pack_is(client_for: ClientFor) -> None:
    assert "No methodology has been loaded yet." in main(page(client_for("public"), "/")).text


@pytest.mark.parametrize("persona", STAFF_ROLE_LABELS)
def test_it_shows_signed_in_people_their_dashboard(
    client_for: ClientFor, pack_2007: Programme, persona: str
) -> None:
    content = main(page(client_for(persona), "/"))

    assert content.find("h1").text == "Your work"
    assert content.find("span", class_="govuk-caption-l").text.startswith(STAFF_ROLE_LABELS[persona])
    assert not content.find_all(data_testid="no-published-reports")
    assert "HMIC 2007 programmed inspections (version 1)" in content.text


@pytest.mark.parametrize(
    ("persona", "own", "other"),
    [("force_a", "west-midlands", "durham"), ("force_b", "durham", "west-midlands")],
)
def test_it_shows_a_force_liaison_officer_their_own_force(
    client_for: ClientFor, persona: str, own: str, other: str
) -> None:
    own_force, other_force = Force.objects.get(code=own), Force.objects.get(code=other)

    content = main(page(client_for(persona), "/"))

    assert own_force.name in content.text
    assert other_force.name not in content.text
    assert [a.text for a in content.find_all("a", href=f"/forces/{own}/")] == [own_force.name]


def test_it_shows_staff_no_force_of_their_own(client_for: ClientFor) -> None:
    content = main(page(client_for("inspector"), "/"))

    assert not [a for a in content.find_all("a") if a.get("href").startswith("/forces/")]


# Forces


def test_it_lists_the_43_forces_grouped_by_region(client_for: ClientFor) -> None:
    content = main(page(client_for("public"), "/forces/"))

    under: dict[str, str] = {}
    heading = ""
    for node in content.iter():
        if node.tag == "h2":
            heading = node.text
        elif node.tag == "a" and node.get("href").startswith("/forces/"):
            under[node.get("href")] = heading
    assert len(under) == 43
    for force in Force.objects.all():
        expected = f"England · {force.region}" if force.country == "England" else "Wales"
        assert under[f"/forces/{force.code}/"] == expected, force.name
    regions = {f"{f.country}·{f.region}" for f in Force.objects.filter(country="England")}
    assert len(content.find_all("h2")) == len(regions) + 1
    assert content.find("a", href="/forces/west-midlands/").text == "West Midlands Police"
    assert under["/forces/west-midlands/"] == "England · West Midlands"


def test_it_shows_the_2007_facts_of_west_midlands(client_for: ClientFor) -> None:
    document = page(client_for("public"), "/forces/west-midlands/")

    assert main(document).find("h1").text == "West Midlands Police"
    facts = table_captioned(document, "Context as of October 2007")
    values = {row.find("th").text: row.find_all("td")[0].text for row in body_rows(facts)}
    expected = {
        "Households": "1,049,186",
        "Area": "348 square miles",
        "Population": "about 2,600,000",
        "Police community support officers": "751",
        "Special constables": "951",
        "Officers dedicated to Neighbourhood Policing": "1,640",
        "Neighbourhoods": "333",
        "Neighbourhood teams": "223",
        "Sectors": "56",
        "Operational command units": "21",
    }
    for label, value in expected.items():
        assert values[label].startswith(value), f"{label}: {values[label]!r}"


def test_it_shows_the_21_command_units_of_west_midlands(client_for: ClientFor) -> None:
    document = page(client_for("public"), "/forces/west-midlands/")

    units = table_captioned(document, "21 command units as of October 2007")
    rows = body_rows(units)
    assert len(rows) == 21
    codes = sorted(row.find("code").text for row in rows)
    assert codes == [f"WM-OCU-{n:02d}" for n in range(1, 22)]
    cells = [[cell.text for cell in row.find_all("td")] for row in rows]
    assert ["WM-OCU-03", "Stechford", "OCU"] in cells


def test_it_shows_a_force_without_facts_plainly(client_for: ClientFor) -> None:
    content = main(page(client_for("public"), "/forces/durham/"))

    assert content.find("h1").text == "Durham Constabulary"
    assert "No reports on Durham have been published yet." in content.text
    assert not content.find_all("table")


def test_it_answers_an_unknown_force_with_not_found(client_for: ClientFor) -> None:
    assert client_for("public").get("/forces/atlantis/").status_code == 404


# Methodology


def test_it_lists_the_programmes_frameworks_by_kind(client_for: ClientFor, pack_2007: Programme) -> None:
    document = page(client_for("public"), "/methodology/hmic-2007/")
    frameworks = pack_yaml("frameworks.yaml")["frameworks"]

    for caption, kind, count in (
        ("Inspected in every force", "programmed", 6),
        ("Risk-based frameworks", "risk_based", 8),
        ("Planned for later programmes", "planned", 12),
    ):
        rows = body_rows(table_captioned(document, caption))
        shown = [row.find("code").text for row in rows]
        assert len(shown) == count, kind
        assert shown == [
            f["code"] for f in sorted(frameworks, key=lambda f: f["order"]) if kind in f["kinds"]
        ]
    programmed = body_rows(table_captioned(document, "Inspected in every force"))
    assert programmed[0].find("a").get("href") == "/methodology/hmic-2007/frameworks/NP/?version=1"


def test_it_shows_the_four_grade_definitions(client_for: ClientFor, pack_2007: Programme) -> None:
    content = main(page(client_for("public"), "/methodology/hmic-2007/"))
    grades = pack_yaml("scale.yaml")["grades"]

    headings = [h.text for h in content.find_all("h3")]
    assert headings[:4] == ["Excellent", "Good", "Fair", "Poor"]
    for grade in grades:
        first_sentence = " ".join(grade["definition"].split(".")[0].split())
        assert first_sentence in content.text, grade["code"]


def test_it_shows_the_criteria_of_a_framework_with_their_flags(
    client_for: ClientFor, pack_2007: Programme
) -> None:
    content = main(page(client_for("public"), "/methodology/hmic-2007/frameworks/CA/"))
    written = pack_yaml("criteria/CA.yaml")["criteria"]

    assert content.find("h1").text == "Child abuse"
    for criterion in written:
        row = content.find("tr", id=criterion["code"])
        flags = {tag.text for tag in row.find_all("strong")}
        expected = {"Significant"} if criterion.get("significant") else set()
        expected |= {"Dominant"} if criterion.get("dominant") else set()
        assert flags == expected, criterion["code"]
    assert len([row for row in content.find_all("tr") if row.get("id")]) == len(written)
    assert content.find("tr", id="CA-F03").find_all("strong")[-1].text == "Dominant"


def test_it_says_when_a_framework_has_no_criteria(client_for: ClientFor, pack_2007: Programme) -> None:
    content = main(page(client_for("public"), "/methodology/hmic-2007/frameworks/FE/"))

    assert "has no grading criteria in this programme" in content.text


# The page shell

SHELL_PAGES = [
    "/",
    "/forces/",
    "/forces/west-midlands/",
    "/methodology/",
    "/methodology/hmic-2007/",
    "/methodology/hmic-2007/frameworks/CA/",
    "/sign-in/",
]


@pytest.mark.parametrize("path", SHELL_PAGES)
def test_every_page_has_a_skip_link_and_landmarks(
    client_for: ClientFor, pack_2007: Programme, path: str
) -> None:
    document = page(client_for("public"), path)

    body = document.find("body")
    first_link = body.find_all("a")[0]
    assert first_link.get("href") == "#main-content"
    assert first_link.text == "Skip to main content"
    assert document.find("main").get("id") == "main-content"
    assert len(document.find_all(id="main-content")) == 1
    assert len(document.find_all("header")) == 1
    assert len(document.find_all("footer")) == 1
    assert document.find("html").get("lang") == "en-GB"
    assert document.find("title").text.endswith("Inspectorate")


def test_it_offers_the_public_a_sign_in_link(client_for: ClientFor) -> None:
    header = page(client_for("public"), "/forces/").find("header")

    link = [a for a in header.find_all("a") if a.text == "Sign in"]
    assert len(link) == 1
    assert link[0].get("href") == "/sign-in/?next=/forces/"
    assert not header.find_all("form")


def test_it_offers_signed_in_people_a_sign_out_form(client_for: ClientFor) -> None:
    client = client_for("force_a")
    header = page(client, "/forces/").find("header")

    form = header.find("form")
    assert (form.get("method"), form.get("action")) == ("post", "/sign-out/")
    assert form.find("input", name="csrfmiddlewaretoken").get("value")
    assert form.find("button").text == "Sign out"
    assert "Sign in" not in header.text
    assert (
        header.find(data_testid="signed-in-as").text
        == "wendy.westmids · Force liaison officer · West Midlands"
    )

    assert client.post("/sign-out/").status_code == 302
    assert "Sign in" in page(client, "/forces/").find("header").text


@pytest.mark.parametrize("persona", ["public", *STAFF_ROLE_LABELS])
def test_it_shows_administration_only_to_administrators(client_for: ClientFor, persona: str) -> None:
    navigation = page(client_for(persona), "/").find("nav", aria_label="Menu")
    items = {a.text: a.get("href") for a in navigation.find_all("a")}

    assert items["Forces"] == "/forces/"
    assert items["Methodology"] == "/methodology/"
    if persona == "admin":
        assert items["Administration"] == "/admin/"
    else:
        assert "Administration" not in items


def _shell(**context: Any) -> Node:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return parse(render_to_string("base.html", context, request=request))


def test_it_credits_police_uk_data_only_on_pages_that_use_it(db: None) -> None:
    with_data = _shell(police_uk_data=True)
    without = _shell()

    credit = with_data.find(data_testid="ogl-attribution")
    assert "Open Government Licence v3.0" in credit.text
    assert credit.find("a", rel="license").get("href").startswith("https://www.nationalarchives.gov.uk/")
    assert credit.parent is not None and with_data.find("footer") in _ancestors(credit)
    assert not without.find_all(data_testid="ogl-attribution")


def test_pages_without_police_uk_data_carry_no_credit(client_for: ClientFor) -> None:
    assert not page(client_for("public"), "/forces/west-midlands/").find_all(data_testid="ogl-attribution")


def _ancestors(node: Node) -> list[Node]:
    found = []
    while node.parent is not None:
        node = node.parent
        found.append(node)
    return found


def test_the_stylesheet_ships_no_gds_transport_font() -> None:
    stylesheet = Path(settings.BASE_DIR) / "var" / "build" / "css" / "app.css"
    if not stylesheet.is_file():
        pytest.fail(f"{stylesheet} is not built: `make test` builds it (scripts/setup runs `npm run build`)")
    css = stylesheet.read_text(encoding="utf-8")

    assert ".govuk-header" in css, "the stylesheet should hold GOV.UK Frontend's styles"
    assert "GDS Transport" not in css
    assert "gds-transport" not in css.lower()
