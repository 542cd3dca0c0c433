"""save_figure writes the images, the data and the caption, and leaves nothing half-written."""

from __future__ import annotations

import os
import stat

import pandas as pd
import pytest

from analysis import timeline
from analysis.charts import plot_volume, save_figure


@pytest.fixture(scope="module")
def weekly(tables) -> pd.DataFrame:
    return timeline.article_counts(tables["articles"], freq="week")


def test_all_five_files_are_written_and_the_csv_round_trips(weekly, tmp_path) -> None:
    fig = plot_volume(weekly, freq="week", source="Source: reuters")
    caption = "Articles published per week, reuters, 2 to 15 March 1987; 870 articles."
    paths = save_figure(fig, "volume-weekly", data=weekly, caption=caption, figures_dir=tmp_path / "figures")
    assert [path.name for path in paths] == [f"volume-weekly.{suffix}" for suffix in ("png", "svg", "pdf", "csv", "txt")]
    assert sorted(path.name for path in (tmp_path / "figures").iterdir()) == sorted(path.name for path in paths)
    assert paths[0].read_bytes().startswith(b"\x89PNG") and paths[2].read_bytes().startswith(b"%PDF")
    assert "Source: reuters" in paths[1].read_text(encoding="utf-8"), "SVG text stays text"
    back = pd.read_csv(paths[3])
    back["period"] = pd.to_datetime(back["period"]).dt.tz_convert("Asia/Tehran")
    pd.testing.assert_frame_equal(back, weekly, check_dtype=False)
    assert paths[4].read_text(encoding="utf-8") == caption + "\n"


def test_a_failed_write_leaves_the_old_files_and_no_temporary_ones(weekly, tmp_path) -> None:
    fig = plot_volume(weekly, freq="week")
    save_figure(fig, "volume", data=weekly, caption="first", figures_dir=tmp_path, formats=("png",))

    class Unwritable(pd.DataFrame):
        def to_csv(self, *args, **kwargs):
            raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        save_figure(fig, "volume", data=Unwritable(weekly), caption="second", figures_dir=tmp_path, formats=("png",))
    assert sorted(path.name for path in tmp_path.iterdir()) == ["volume.csv", "volume.png", "volume.txt"]
    assert (tmp_path / "volume.txt").read_text(encoding="utf-8") == "first\n"


@pytest.mark.parametrize(("name", "formats", "message"), [
    ("../volume", ("png",), r"name='../volume' is invalid"),
    ("volume", ("png", "jpg"), r"formats=\('png', 'jpg'\) is invalid; must be some of \['png', 'svg', 'pdf'\]"),
])
def test_bad_names_and_formats_are_refused(weekly, tmp_path, name, formats, message) -> None:
    with pytest.raises(ValueError, match=message):
        save_figure(plot_volume(weekly, freq="week"), name, data=weekly, caption="", figures_dir=tmp_path,
                    formats=formats)


@pytest.mark.parametrize(("umask", "file_mode", "folder_mode"), [(0o022, 0o644, 0o755), (0o077, 0o600, 0o700)],
                         ids=["umask-022", "umask-077"])
def test_saved_files_follow_the_users_umask(weekly, tmp_path, umask, file_mode, folder_mode) -> None:
    previous = os.umask(umask)
    try:
        paths = save_figure(plot_volume(weekly, freq="week"), "volume", data=weekly, caption="c",
                            figures_dir=tmp_path / "figures")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "figures").stat().st_mode) == folder_mode
    assert {path.name: stat.S_IMODE(path.stat().st_mode) for path in paths} == {path.name: file_mode for path in paths}
