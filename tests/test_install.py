"""Installable (#26): the wheel built from the repository carries the bundled data, the partial plotly.js, the
pages and the map outlines; from a fresh virtual environment, outside any checkout, ``import dashboard``,
``python -m dashboard`` and the ``conflict-timeline`` command work — the acceptance's export of the talks
included (every label whole, a title and the source line, no range slider on paper, a one-page vector PDF)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ACCEPTANCE = """
import dashboard
v = dashboard.open().view(type="talks", start="2023-04-01", end="2023-06-30")
v.export("t.png"); v.export("t.svg"); v.export("t.pdf")
print(dashboard.__file__)
print(v.count)
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built as a release would be from a copy of the working tree (pip builds in the tree it is
    given; no isolation: the build needs only setuptools, pinned in requirements-dev.txt)."""
    out, tree = tmp_path_factory.mktemp("dist"), tmp_path_factory.mktemp("tree") / "repository"
    shutil.copytree(REPO, tree, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "build", "dist",
                                                               "*.egg-info", "__pycache__", ".pytest_cache"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                            str(out), str(tree)], capture_output=True, text=True, cwd=out)
    assert built.returncode == 0, built.stdout + built.stderr
    return next(out.glob("*.whl"))


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed; its dependencies are this environment's (found
    through a .pth line), the package itself only the wheel's — never the checkout."""
    home = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(home)], check=True)
    site = Path(subprocess.run([str(home / "bin" / "python"), "-c", "import site; print(site.getsitepackages()[0])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([str(home / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps", "--ignore-installed",
                    str(wheel)], check=True, capture_output=True, text=True, cwd=home)
    return home


def run(home: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DASHBOARD_STORIES")}
    return subprocess.run(args, capture_output=True, text=True, cwd=cwd, timeout=240,
                          env={**environment, "PATH": f"{home / 'bin'}:{environment.get('PATH', '')}"})


def test_the_wheel_carries_the_data_the_bundle_the_pages_and_the_map(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("dashboard/bundled/data/events.csv", "dashboard/bundled/data/actors.csv",
                   "dashboard/bundled/data/stories/brussels-may-2023.md", "dashboard/bundled/assets/dashboard.css",
                   "dashboard/static/plotly.min.js", "dashboard/templates/embed.html",
                   "dashboard/language/locales/hy/LC_MESSAGES/messages.po"):
        assert needed in names, needed
    assert any(n.startswith("dashboard/bundled/data/boundaries/") for n in names)  # the map's outlines
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "conflict-timeline = dashboard.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_the_acceptance_export_works_from_the_installed_package(installed, tmp_path):
    result = run(installed, str(installed / "bin" / "python"), "-c", ACCEPTANCE, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    where, count = result.stdout.split()
    assert Path(where).is_relative_to(installed) and not Path(where).is_relative_to(REPO)
    assert count == "5"
    svg = (tmp_path / "t.svg").read_text(encoding="utf-8")
    assert "Washington talks" in svg and "Timeline: 5 of 19 events" in svg and "Source: Euronews with AFP" in svg
    assert "rangeslider" not in svg
    pdf = (tmp_path / "t.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    assert b"/FontFile" in pdf and b"/Subtype /Image" not in pdf
    assert (tmp_path / "t.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_command_and_the_module_work_from_the_installed_package(installed, tmp_path):
    exported = run(installed, "conflict-timeline", "export", "events", "--format", "csv", "--type", "talks",
                   "-o", "talks.csv", cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert len((tmp_path / "talks.csv").read_text(encoding="utf-8").splitlines()) == 6  # header and five talks
    validated = run(installed, str(installed / "bin" / "python"), "-m", "dashboard", "validate", cwd=tmp_path)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert "OK" in validated.stdout
    # the workbench never saves into the package's own copy of the data (an upgrade would replace it)
    editor = run(installed, str(installed / "bin" / "python"), "-c",
                 "from dashboard.settings import Settings; from dashboard.web.curating import editor_of; "
                 "from dashboard.paths import BUNDLED; assert BUNDLED.is_dir(); "
                 "print(editor_of(Settings(editor_token='secret')))", cwd=tmp_path)
    assert editor.returncode == 0 and editor.stdout.strip() == "None", editor.stdout + editor.stderr


def test_the_installed_dashboard_serves_its_page_and_assets(installed, tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(["conflict-timeline", "serve", "--port", str(port)], cwd=tmp_path,
                              env={**os.environ, "PATH": f"{installed / 'bin'}:{os.environ.get('PATH', '')}"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base, deadline = f"http://127.0.0.1:{port}", time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/health", timeout=5) as answer:
                    break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "the installed dashboard did not start"
                time.sleep(0.3)
        with urllib.request.urlopen(f"{base}/", timeout=10) as answer:
            page = answer.read().decode()
        css = re.search(r'href="(/assets/dashboard\.css[^"]*)"', page)
        assert css, "the page links the project's stylesheet"
        with urllib.request.urlopen(base + css.group(1), timeout=10) as answer:
            assert answer.status == 200 and b"player-count" in answer.read()
        with urllib.request.urlopen(f"{base}/embed/timeline?type=talks", timeout=30) as answer:
            assert "Washington talks" in answer.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=30)
