"""Every built page, of the real briefing and of the fixture site, passes the Nu Html Checker."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from conftest import ROOT, copy_fixture, html_pages, require, run_sitegen

VNU_JAR = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"  # `npm install -E vnu-jar@26.9.27`, as .ci/run does


def vnu_errors(*folders: Path) -> list[dict]:
    java = shutil.which("java")
    require(java is not None, "Java is not installed (apt-get install default-jre-headless)")
    require(VNU_JAR.is_file(), f"{VNU_JAR.relative_to(ROOT)} is missing (npm install -E vnu-jar@26.9.27)")
    result = subprocess.run([java, "-jar", str(VNU_JAR), "--errors-only", "--skip-non-html", "--format", "json",
                             *map(str, folders)], capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]


def test_every_page_is_valid_html(tmp_path):
    fixture = copy_fixture("basic", tmp_path / "content")
    run_sitegen("build", "--content", str(fixture), "--out", str(tmp_path / "fixture"), cwd=tmp_path, check=True)
    run_sitegen("build", "--content", str(ROOT / "content"), "--out", str(tmp_path / "real"), cwd=tmp_path, check=True)
    assert html_pages(tmp_path / "fixture") and html_pages(tmp_path / "real")
    errors = vnu_errors(tmp_path / "fixture", tmp_path / "real")
    assert errors == [], "\n".join(f"{e.get('url')}:{e.get('lastLine')}: {e.get('message')}" for e in errors[:20])


def test_the_checker_reports_invalid_html(tmp_path):
    (tmp_path / "bad.html").write_text('<!DOCTYPE html><html lang="en"><title>x</title><p><div></span>', "utf-8")
    assert vnu_errors(tmp_path)
