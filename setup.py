"""The wheel carries the repository's ``data/`` and ``assets/`` inside the package (``dashboard/bundled/``), so an
installed dashboard finds its bundled events, stories, map outlines and page assets outside any checkout
(``dashboard/paths.py``). Everything else about the package is in ``pyproject.toml``."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
BESIDE_THE_PACKAGE = ("data", "assets")


class BuildWithData(build_py):
    """``build_py`` that also copies ``data/`` and ``assets/`` into the built package (not for an editable
    install, which reads them where they are)."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for folder in BESIDE_THE_PACKAGE:
            self.copy_tree(str(HERE / folder), str(Path(self.build_lib) / "dashboard" / "bundled" / folder))


setup(cmdclass={"build_py": BuildWithData})
