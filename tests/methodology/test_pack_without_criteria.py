"""A programme known only from its published grades (the 2006 baseline): its pack holds no criteria,
says so (`criteria_held: false`), and the reader accepts it; a pack that says so but has a criteria
folder, or one that holds criteria but has none, is refused."""

from __future__ import annotations

import shutil
from pathlib import Path

from inspectorate.methodology.loading import load_pack
from inspectorate.methodology.models import Criterion
from inspectorate.methodology.pack import read_pack

from .packs_support import edit, problems_of

BASELINE = Path(__file__).resolve().parents[2] / "packs" / "hmic-2006"


def test_it_reads_the_2006_baseline_pack_which_holds_no_criteria() -> None:
    pack = read_pack(BASELINE)
    assert pack.programme.criteria_held is False
    assert [f.code for f in pack.frameworks] == ["NP", "PM", "PVP"]
    assert dict(pack.criteria) == {}
    assert "holds NO grading criteria" in pack.programme.description
    assert pack.framework("PVP").published_distribution == {"excellent": 0, "good": 3, "fair": 32, "poor": 8}


def test_it_loads_the_baseline_pack(db: None) -> None:
    programme = load_pack(BASELINE).programme
    assert (programme.code, programme.published_month) == ("hmic-2006", "2006-10")
    assert not Criterion.objects.filter(framework__programme=programme).exists()


def test_it_refuses_a_pack_without_criteria_that_has_a_criteria_folder(
    tmp_path: Path, pack_dir: Path
) -> None:
    copy = tmp_path / "baseline"
    shutil.copytree(BASELINE, copy)
    shutil.copytree(pack_dir / "criteria", copy / "criteria")
    reasons = [p.reason for p in problems_of(copy)]
    assert reasons == ["pack.yaml says criteria_held: false, so the pack has no criteria folder"]


def test_a_pack_holding_criteria_still_needs_its_criteria_folder(tmp_path: Path) -> None:
    copy = tmp_path / "baseline"
    shutil.copytree(BASELINE, copy)
    edit(copy, "pack.yaml", "criteria_held: false\n", "")
    reasons = [p.reason for p in problems_of(copy)]
    assert "missing required folder" in reasons
