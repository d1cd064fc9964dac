"""``build DIR --shard K/N`` (issue 19 point 6)."""

from __future__ import annotations

import pytest
from helpers import run_cli

from generator.errors import UserError
from generator.pack.shard import organisation_id, parse_shard, select


def _profiles(folder, count: int, start: int = 0) -> list[str]:
    paths = []
    for n in range(start, start + count):
        path = folder / f"setting-{n:03d}.yaml"
        path.write_text(f"schema_version: 1\norganisation:\n  name: Setting {n}\n  id: setting-{n:03d}\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def test_the_shares_are_disjoint_and_together_the_whole_folder(tmp_path):
    profiles = _profiles(tmp_path, 60)
    for count in (1, 2, 3, 7):
        shares = [select(profiles, index, count) for index in range(1, count + 1)]
        assert sorted(p for share in shares for p in share) == sorted(profiles)
        assert sum(len(share) for share in shares) == len(profiles)  # no profile in two shares
        assert all(shares) or count > len(profiles)


def test_adding_profiles_moves_no_other_profile(tmp_path):
    before = _profiles(tmp_path, 30)
    after = before + _profiles(tmp_path, 30, start=30)
    for index in (1, 2, 3, 4):
        assert set(select(before, index, 4)) == set(select(after, index, 4)) & set(before)


def test_the_share_follows_the_id_not_the_file_name(tmp_path):
    (tmp_path / "a.yaml").write_text("organisation:\n  id: same-id\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("organisation: {name: B, id: same-id}\n", encoding="utf-8")
    assert organisation_id(str(tmp_path / "b.yaml")) == "same-id"
    for index in (1, 2, 3):
        share = select([str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")], index, 3)
        assert len(share) in (0, 2)  # together, so the batch reports the clash


@pytest.mark.parametrize("text", ["0/4", "5/4", "2", "a/b", "1/0"])
def test_a_bad_shard_is_refused(text):
    with pytest.raises(UserError):
        parse_shard(text)
    result = run_cli("build", "profiles", "--shard", text)
    assert result.returncode == 1
    assert "--shard" in result.stderr and "Traceback" not in result.stderr


def test_two_shards_build_the_two_settings_once(profiles_copy, tmp_path):
    built = []
    for index in (1, 2):
        out = tmp_path / f"out-{index}"
        result = run_cli("build", str(profiles_copy), "--shard", f"{index}/2", "--no-handbook", "-o", str(out), timeout=600)
        assert result.returncode == 0, result.stderr
        built += [p.name for p in out.iterdir()] if out.exists() else []
    assert sorted(built) == ["oakfield-ap", "riverside-primary"]
