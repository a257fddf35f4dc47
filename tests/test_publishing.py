"""GitHub Pages: the deploy workflow, .nojekyll, CNAME for a custom domain (reproducible output: test_search_index.py)."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from conftest import ROOT, run_sitegen
from sitegen.config import SETTINGS

WORKFLOW = ROOT / ".github/workflows/pages.yml"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text("utf-8"))


def readme_build_command() -> str:
    """The README's set-up command that builds the briefing, as the workflow must run it."""
    readme = (ROOT / "README.md").read_text("utf-8")
    return next(line.strip() for line in readme.splitlines() if line.strip().endswith("sitegen build"))


def test_workflow_builds_with_the_readme_command_and_deploys_with_pinned_actions():
    flow = workflow()
    triggers = flow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    steps = [step for job in flow["jobs"].values() for step in job["steps"]]
    assert readme_build_command() in [step.get("run") for step in steps]
    used = [step["uses"] for step in steps if "uses" in step]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert any(u.startswith(action + "@") for u in used), action
    assert all(re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", u) for u in used), used
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"


def test_workflow_checks_strictly_before_it_builds():
    """Placeholders, missing translations and dead entry links stop the publication."""
    steps = workflow()["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    check = next(i for i, run in enumerate(runs) if run.endswith("sitegen check --strict"))
    build = next(i for i, run in enumerate(runs) if run.endswith("sitegen build"))
    assert check < build


def test_workflow_has_least_permissions_and_a_concurrency_group():
    flow = workflow()
    assert flow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert all("permissions" not in job for job in flow["jobs"].values())
    assert flow["concurrency"]["group"]
    deploy = flow["jobs"]["deploy"]
    assert deploy["environment"]["name"] == "github-pages" and deploy["needs"] == "build"


def site_yaml(extra: str = "", base_url: str = "https://example.github.io/briefing/") -> str:
    return (f'title: {{id: "Uji", en: "Test"}}\ndescription: {{id: "Uji.", en: "Test."}}\n'
            f'base_url: "{base_url}"\nlanguages: [id, en]\n{extra}')


def build_with(tmp_path: Path, basic_content: Path, text: str):
    (basic_content / "site.yaml").write_text(text, "utf-8")
    return run_sitegen("build", "--content", str(basic_content), "--out", str(tmp_path / "site"), cwd=tmp_path)


def test_custom_domain_writes_cname_and_project_page_does_not(tmp_path, basic_content):
    result = build_with(tmp_path, basic_content, site_yaml())
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/.nojekyll").is_file()
    assert not (tmp_path / "site/CNAME").exists()
    result = build_with(tmp_path, basic_content,
                        site_yaml("cname: briefing.example.org\n", "https://briefing.example.org/"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/CNAME").read_text("utf-8") == "briefing.example.org\n"
    assert "Sitemap: https://briefing.example.org/sitemap.xml" in (tmp_path / "site/robots.txt").read_text("utf-8")


def test_a_cname_that_is_not_base_urls_host_is_an_error_with_its_line(tmp_path, basic_content):
    (tmp_path / "site").mkdir()
    (tmp_path / "site/index.html").write_text("previous site", "utf-8")
    (tmp_path / "site/.sitegen-output").write_text("a site sitegen made", "utf-8")
    result = build_with(tmp_path, basic_content, site_yaml("cname: briefing.example.org\n"))
    assert result.returncode == 1
    assert "site.yaml:5: cname: 'briefing.example.org' is not the host of base_url" in result.stderr + result.stdout
    assert (tmp_path / "site/index.html").read_text("utf-8") == "previous site"
    result = build_with(tmp_path, basic_content, site_yaml("cname: https://briefing.example.org/\n"))
    assert "site.yaml:5: cname: expected a bare host name" in result.stderr + result.stdout


def test_every_setting_is_documented():
    doc = (ROOT / "docs/content-format.md").read_text("utf-8")
    for key in SETTINGS:
        assert re.search(rf"^\|\s*`{key}`", doc, re.M), f"site.yaml setting {key!r} is missing from docs/content-format.md"
