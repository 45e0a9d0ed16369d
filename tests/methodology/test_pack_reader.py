"""The pack reader: sound packs read into read-only content, broken ones are refused with located problems."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from inspectorate.methodology.pack import Pack, pack_summary, read_pack

from .packs_support import REAL_PACK, edit


def test_it_reads_a_sound_pack(pack_dir: Path) -> None:
    pack = read_pack(pack_dir)

    assert isinstance(pack, Pack)
    assert (pack.code, pack.version) == ("mini-2007", 1)
    assert pack.programme.assessment_period.start == date(2006, 4, 1)
    assert pack.programme.assessment_period.end == date(2007, 7, 31)
    assert pack.scale.levels == ("fair", "good")
    assert pack.scale.grade_codes == ("excellent", "good", "fair", "poor")
    assert list(pack.ruleset.order) == ["poor", "excellent", "good", "fair"]
    assert [c.code for c in pack.conditions] == ["beacon", "innovation"]
    assert [f.code for f in pack.frameworks] == ["NP", "CA", "DV", "VC"]
    assert list(pack.criteria) == ["NP", "CA", "DV"]
    assert [c.code for c in pack.criteria_of("CA")] == ["CA-F01", "CA-F02", "CA-G01"]
    assert pack.criteria_of("VC") == ()
    assert pack.framework("NP").published_distribution == {"excellent": 1, "good": 2, "fair": 3, "poor": 0}
    assert pack.themes_of("DV") == ("leadership", "risk", "victims")
    np_f01 = pack.criteria_of("NP")[0]
    assert (np_f01.level, np_f01.theme, np_f01.significant, np_f01.dominant) == (
        "fair",
        "resources",
        True,
        True,
    )
    # Flags left out of the file mean "no".
    assert pack.criteria_of("NP")[2].significant is False
    assert [t.term for t in pack.glossary] == ["ACPO", "BCU"]


def test_it_returns_content_that_cannot_be_changed(pack_dir: Path) -> None:
    pack = read_pack(pack_dir)

    with pytest.raises(dataclasses.FrozenInstanceError):
        pack.frameworks = ()  # type: ignore[misc]
    with pytest.raises(ValidationError):
        pack.criteria_of("NP")[0].level = "good"  # type: ignore[misc]
    with pytest.raises(TypeError):
        pack.criteria["XX"] = ()  # type: ignore[index]
    with pytest.raises(TypeError):
        pack.framework("NP").published_distribution["good"] = 40  # type: ignore[index]


def test_it_gives_the_same_content_hash_on_every_read(pack_dir: Path) -> None:
    first = read_pack(pack_dir).content_hash()

    assert read_pack(pack_dir).content_hash() == first
    assert len(first) == 64
    assert int(first, 16) >= 0


def test_it_keeps_the_content_hash_when_only_the_yaml_layout_changes(pack_dir: Path) -> None:
    before = read_pack(pack_dir).content_hash()
    edit(pack_dir, "glossary.yaml", "terms:\n", "# Abbreviations used in reports.\nterms:\n")
    edit(
        pack_dir,
        "pack.yaml",
        "assessment_period: {start: 2006-04-01, end: 2007-07-31}",
        "assessment_period:\n  end: 2007-07-31\n  start: 2006-04-01",
    )

    assert read_pack(pack_dir).content_hash() == before


def test_it_changes_the_content_hash_when_a_criterion_text_changes(pack_dir: Path) -> None:
    before = read_pack(pack_dir).content_hash()
    edit(pack_dir, "criteria/CA.yaml", "assessed for risk without delay.", "assessed for risk within a day.")

    assert read_pack(pack_dir).content_hash() != before


def test_it_serialises_to_json(pack_dir: Path) -> None:
    data = json.loads(json.dumps(read_pack(pack_dir).to_dict()))

    assert data["programme"]["assessment_period"] == {"start": "2006-04-01", "end": "2007-07-31"}
    np = next(f for f in data["frameworks"] if f["code"] == "NP")
    assert np["kinds"] == ["programmed", "planned"]
    assert np["criteria"][0] | {"text": None} == {
        "code": "NP-F01",
        "level": "fair",
        "theme": "resources",
        "significant": True,
        "dominant": True,
        "text": None,
        "guidance": None,
    }
    assert next(f for f in data["frameworks"] if f["code"] == "VC")["criteria"] == []
    assert data["rules"]["rules"]["poor"]["any"][0] == {"test": "dominant_not_met", "level": None}
    assert data["rules"]["when_none_holds"] == {"reason": "judgement_required", "between": ["poor", "fair"]}
    assert data["glossary"][1] == {"term": "BCU", "meaning": "Basic command unit"}


def test_it_summarises_a_pack_for_people(pack_dir: Path) -> None:
    summary = pack_summary(read_pack(pack_dir))

    assert "Miniature test programme (mini-2007, version 1)" in summary
    assert "Assessment period: 1 April 2006 to 31 July 2007" in summary
    assert "Frameworks: 4 (3 programmed, 1 risk-based, 1 planned)" in summary
    assert "Criteria: 8 in 3 frameworks" in summary
    assert "NP    3: 2 fair, 1 good, 1 significant, 1 dominant; 3 with a theme" in summary
    assert "CA    3: 2 fair, 1 good, 2 significant, 0 dominant" in summary


# A broken pack


PROGRAMMED = ["NP", "PM", "CA", "DV", "PP", "MP"]
RISK_BASED = [
    "fairness and equality in service delivery",
    "volume crime reduction",
    "volume crime investigation",
    "improving forensic performance",
    "criminal justice processes",
    "reducing anti-social behaviour",
    "contact management",
    "training, development and organisational learning",
]
PLANNED = [
    "serious and organised crime",
    "major crime",
    "neighbourhood policing",
    "strategic resource management",
    "customer service and accessibility",
    "critical incident management",
    "professional standards",
    "public order",
    "civil contingencies",
    "information management",
    "strategic roads policing",
    "leadership",
]


def test_it_reads_the_2007_pack_without_problems() -> None:
    pack = read_pack(REAL_PACK)

    assert pack.code == "hmic-2007"
    assert "reconstructed" in pack.programme.description.lower()
    assert pack.programme.assessment_period.start == date(2006, 4, 1)
    assert pack.programme.assessment_period.end == date(2007, 7, 31)
    assert pack.scale.grade_codes == ("excellent", "good", "fair", "poor")
    assert pack.scale.levels == ("fair", "good")
    assert [f.code for f in pack.frameworks if "programmed" in f.kinds] == PROGRAMMED
    assert sorted(f.name.lower() for f in pack.frameworks if "risk_based" in f.kinds) == sorted(RISK_BASED)
    assert sorted(f.name.lower() for f in pack.frameworks if "planned" in f.kinds) == sorted(PLANNED)
    assert [f.code for f in pack.frameworks if f.group == "PVP"] == ["CA", "DV", "PP", "MP"]
    assert len(pack.group("PVP").themes) == 8


@pytest.mark.parametrize("framework", PROGRAMMED)
def test_it_finds_themed_fair_and_good_criteria_for_each_2007_programmed_framework(framework: str) -> None:
    pack = read_pack(REAL_PACK)
    criteria = pack.criteria_of(framework)
    themed = [c for c in criteria if c.theme is not None]

    assert sum(c.level == "fair" for c in themed) >= 8
    assert sum(c.level == "good" for c in themed) >= 6
    assert any(c.significant for c in criteria)
    assert pack.framework(framework).national_context
    distribution = pack.framework(framework).published_distribution
    assert distribution is not None
    assert sum(distribution.values()) == 43
