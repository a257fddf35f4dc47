"""sitegen replaces only a folder it made itself (marked by `.sitegen-output`), never a user's
folder, file or link, and a failure to write the output is one `path: message` line with exit
status 1 and the previous site intact."""
from __future__ import annotations

import errno
import gc
import pathlib
from pathlib import Path

import pytest

from conftest import snapshot, copy_fixture, run_sitegen, write_files
from sitegen import cli, write
from sitegen.outdir import MARKER



@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy_fixture("basic", tmp_path / "content")
    return tmp_path


def test_a_users_folder_given_as_out_is_refused_and_kept(project: Path):
    mine = write_files(project / "mine", {"index.html": "<p>my page</p>", "drafts.txt": "notes", "img/a.png": "png"})
    result = run_sitegen("build", "--out", "mine", cwd=project)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("mine: ") and MARKER in result.stderr and "choose" in result.stderr
    assert snapshot(mine) == {"index.html": b"<p>my page</p>", "drafts.txt": b"notes", "img/a.png": b"png"}


@pytest.mark.parametrize("kind", ["file", "link", "inside content"])
def test_a_file_a_link_or_a_folder_inside_the_content_is_refused_as_out(project: Path, kind: str):
    target = write_files(project / "elsewhere", {"keep.txt": "mine"})
    out = {"file": project / "elsewhere" / "keep.txt", "link": project / "linked",
           "inside content": project / "content" / "site"}[kind]
    if kind == "link":
        out.symlink_to(target, target_is_directory=True)
    content_before = snapshot(project / "content")
    result = run_sitegen("build", "--out", str(out), cwd=project)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert snapshot(target) == {"keep.txt": b"mine"} and snapshot(project / "content") == content_before


def test_folders_beside_out_are_removed_only_when_this_build_made_them(project: Path):
    run_sitegen("build", "-q", "--no-search", cwd=project, check=True)
    assert (project / "site" / MARKER).is_file()
    backup = write_files(project / ".site.old-mybackup", {"index.html": "my backup", MARKER: "copied"})
    unmarked = write_files(project / ".site.tmp-999999999", {"index.html": "not ours"})
    run_sitegen("build", "-q", "--no-search", "--clean", cwd=project, check=True)
    assert (backup / "index.html").read_text() == "my backup"
    assert (unmarked / "index.html").read_text() == "not ours"


@pytest.fixture
def built(project: Path, monkeypatch, capsys) -> Path:
    """A project with a site built, the working folder there, the collector put back after."""
    monkeypatch.chdir(project)
    enabled = gc.isenabled()
    assert cli.main(["build", "-q", "--no-search", "--jobs", "1"]) == 0
    yield project
    if enabled:
        gc.enable()


def fails_with(message: str, capsys, clean: bool = True) -> None:
    before = snapshot(Path("site"))
    assert cli.main(["build", "-q", "--no-search", *(["--clean"] if clean else []), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ": " in err and message in err and "Traceback" not in err, err
    assert snapshot(Path("site")) == before
    assert sorted(p.name for p in Path(".").glob(".site.*")) == []


def test_a_full_disk_is_named_and_the_site_kept(built: Path, monkeypatch, capsys):
    capsys.readouterr()

    def no_space(self, rel: str, data: bytes) -> bool:
        raise OSError(errno.ENOSPC, "No space left on device", f"{self.folder}/{rel}")

    monkeypatch.setattr(write.Staging, "put", no_space)
    fails_with("the disk is full", capsys)


def test_a_full_disk_in_a_rebuild_staging_only_changes_is_named_and_the_site_kept(built: Path, monkeypatch, capsys):
    capsys.readouterr()
    page = Path("content/topics/sanctions.en.md")
    page.write_text(page.read_text("utf-8") + "\nOne more line.\n", "utf-8")

    def no_space(self, rel: str, data: bytes) -> bool:
        raise OSError(errno.ENOSPC, "No space left on device", f"{self.folder}/{rel}")

    monkeypatch.setattr(write.Overlay, "put", no_space)
    fails_with("the disk is full", capsys, clean=False)


def test_a_read_only_folder_above_out_is_named_and_the_site_kept(built: Path, monkeypatch, capsys):
    """Simulated (chmod does not stop root): making the staging folder beside site/ is refused."""
    capsys.readouterr()
    real = pathlib.Path.mkdir

    def read_only(self, *args, **kwargs):
        if self.name.startswith(".site.tmp-"):
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "mkdir", read_only)
    fails_with("make the folder above --out writable", capsys)


def test_out_on_a_mount_point_is_named_and_the_site_kept(built: Path, monkeypatch, capsys):
    """Simulated: a mount point can be neither exchanged nor renamed (EBUSY)."""
    capsys.readouterr()
    real = write._rename

    def busy(source: Path, target: Path) -> None:
        if source.name == "site":
            raise OSError(errno.EBUSY, "Device or resource busy", str(source))
        real(source, target)

    monkeypatch.setattr(write, "exchange_paths", lambda a, b: False)
    monkeypatch.setattr(write, "_rename", busy)
    fails_with("mount point", capsys)


def test_moves_refused_midway_are_finished_by_the_next_build(built: Path, monkeypatch, capsys):
    """Windows refuses to replace a file another program holds open: a rebuild that staged only
    its changes fails there with a clear error, keeps its list of moves, and the next build
    finishes them before anything else, so the site is again exactly a clean build's."""
    capsys.readouterr()
    page = Path("content/topics/sanctions.en.md")
    page.write_text(page.read_text("utf-8").replace('title: "Sanctions"', 'title: "Sanctions regime"'), "utf-8")
    real, moved = write.replace_file, []

    def refused_second(source: str, target: str) -> None:
        moved.append(target)
        if len(moved) == 2:
            raise PermissionError(errno.EACCES, "Permission denied", target)
        real(source, target)

    monkeypatch.setattr(write, "replace_file", refused_second)
    assert cli.main(["build", "-q", "--no-search", "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert len(list(Path(".").glob(".site.tmp-*"))) == 1  # kept, with the moves still to make
    monkeypatch.setattr(write, "replace_file", real)
    assert cli.main(["build", "-q", "--no-search", "--jobs", "1"]) == 0
    assert list(Path(".").glob(".site.tmp-*")) == []
    assert cli.main(["build", "-q", "--no-search", "--jobs", "1", "--clean", "--out", "clean"]) == 0
    assert snapshot(Path("site")) == snapshot(Path("clean"))
