"""The measuring scripts in bench/ that CI does not run as `bench/run.py --smoke`: each still runs,
on a 20-article corpus, and prints the figures bench/README.md reads from it.

They reach into sitegen's stages (to time one stage alone, or to compare two versions of a
module), so a change to sitegen can break them without any other test noticing: index_step.py
did, for two rounds, when the search index began to take a `BuiltPages`.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, checkout_env, run_sitegen

BENCH = ROOT / "bench"
SECONDS = r"\d+\.\d+"


def run_script(name: str, *args: str, cwd: Path) -> str:
    """Run bench/`name` as a reader of bench/README.md would, with this checkout's sitegen; its output."""
    done = subprocess.run([sys.executable, str(BENCH / name), *args], cwd=cwd, env=checkout_env(),
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"bench/{name} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A generated 20-article corpus, and its sitegen content built once into `built/site`."""
    root = tmp_path_factory.mktemp("bench-corpus")
    run_script("corpus.py", "--articles", "20", "--out", str(root), cwd=root)
    project = root / "built"
    project.mkdir()
    run_sitegen("build", "--content", str(root / "sitegen"), "--out", str(project / "site"), cwd=project, check=True)
    return root


def test_index_step_times_the_search_index_of_a_built_site(corpus):
    site = corpus / "built" / "site"
    shards = len(list(site.glob("pagefind/*/pagefind-entry.json")))
    output = run_script("index_step.py", "--content", str(corpus / "sitegen"), "--site", str(site),
                        "--other", str(ROOT / "sitegen" / "search.py"), cwd=corpus)
    assert re.search(rf"^\d+ event records, {shards} shards$", output, re.MULTILINE), output
    assert re.search(rf"^this search\.py: {SECONDS} s", output, re.MULTILINE), output
    assert re.search(rf"^other search\.py: {SECONDS} s", output, re.MULTILINE), output
    assert len(list(site.glob("pagefind/*/pagefind-entry.json"))) == shards  # it indexed a copy


def test_phases_times_each_stage_of_a_one_article_rebuild(corpus, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(corpus / "sitegen", project / "content")
    run_sitegen("build", "--no-search", cwd=project, check=True)
    output = run_script("phases.py", "build", str(project), "2", cwd=tmp_path)
    assert re.search(rf"^rebuilds: {SECONDS} {SECONDS} mean {SECONDS} s$", output, re.MULTILINE), output
    for stage in ("load_parsed", "page_plans", "write_manifest"):
        assert re.search(rf"\b{stage}\b.*{SECONDS}", output), (stage, output)


@pytest.mark.skipif(sys.platform == "win32", reason="bench/edit_ab.py reads its builds' CPU time with the "
                    "resource module, which Windows lacks; the benchmarks are run on Linux (bench/README.md)")
def test_edit_ab_times_two_source_trees_alternating(corpus, tmp_path):
    output = run_script("edit_ab.py", "--corpus", str(corpus / "sitegen"), "--old", str(ROOT), "--new", str(ROOT),
                        "--rounds", "2", "--work", str(tmp_path / "work"), cwd=tmp_path)
    for label in ("old", "new"):
        assert re.search(rf"^{label}: wall median {SECONDS} s", output, re.MULTILINE), output


def test_card_cost_times_the_share_cards(corpus, tmp_path):
    output = run_script("card_cost.py", "--content", str(corpus / "sitegen"), "--cards", "3", "--repeat", "1",
                        cwd=tmp_path)
    assert re.search(SECONDS + r" ms", output), output
