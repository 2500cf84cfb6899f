"""The Colab badge and setup cell at the top of every release notebook, and the README's badges.

Everything is built from one setting, the repository URL in ``pyproject.toml``'s
``[project.urls] Repository``, and the release's tag ``v<version>``. ``make release`` writes
them; a fork sets its own URL there and runs ``make release`` again.
"""

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import nbformat

PLACEHOLDER_OWNER = "OWNER"  # the URL's owner until the course has a public home
GENERATED = "colab"  # metadata key ``course.generated`` of the cells written here
COLAB = "https://colab.research.google.com/github"
BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"
README_BEGIN = "<!-- colab badges: written by `make release` -->"
README_END = "<!-- end of colab badges -->"

SETUP_TEMPLATE = '''\
# Setup. On Colab this installs the course's helpers (`course` and the checks) from
# {repository} at {tag}, and nothing else: Colab's own torch stays.
# Anywhere else it does nothing: the local install (`make setup`) is used.
import sys

if "google.colab" in sys.modules:
    import subprocess

    PACKAGE = "{package} @ git+{repository}@{tag}"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", PACKAGE], check=True)
    print(f"Colab: installed {{PACKAGE}}")
else:
    print("Not on Colab: using the course package installed locally.")
'''


@dataclass(frozen=True)
class Home:
    """Where the course lives: its package name, repository URL and release tag."""

    package: str
    repository: str
    tag: str

    @property
    def is_placeholder(self) -> bool:
        return f"/{PLACEHOLDER_OWNER}/" in self.repository

    def github_path(self) -> str:
        """``owner/name`` of a GitHub URL (Colab opens notebooks from GitHub)."""
        match = re.fullmatch(r"https://github\.com/([^/]+/[^/]+?)(?:\.git)?/?", self.repository)
        if match is None:
            raise ValueError(
                f"repository URL {self.repository!r} is not https://github.com/<owner>/<name>: "
                "Colab's badges open notebooks from GitHub"
            )
        return match.group(1)

    def colab_url(self, assignment: str) -> str:
        notebook = f"release/{assignment}/{assignment}.ipynb"
        return f"{COLAB}/{self.github_path()}/blob/{self.tag}/{notebook}"

    def badge(self, assignment: str) -> str:
        return f"[![Open In Colab]({BADGE_IMAGE})]({self.colab_url(assignment)})"


def course_home(root) -> Home:
    """The :class:`Home` set in ``<root>/pyproject.toml``."""
    path = Path(root) / "pyproject.toml"
    project = tomllib.loads(path.read_text())["project"]
    repository = project.get("urls", {}).get("Repository")
    if not repository:
        raise ValueError(f"{path} sets no [project.urls] Repository: the Colab cells need it")
    return Home(project["name"], repository.rstrip("/"), f"v{project['version']}")


def setup_source(home: Home) -> str:
    """The setup cell's code: on Colab, install the package from ``home`` at its tag."""
    return SETUP_TEMPLATE.format(package=home.package, repository=home.repository, tag=home.tag)


def setup_cells(home: Home, assignment: str) -> list:
    """The badge (markdown) and the setup (code) cell that open ``assignment``'s release."""
    meta = {"course": {"generated": GENERATED}}
    return [
        nbformat.v4.new_markdown_cell(home.badge(assignment), metadata=meta, id="colab-badge"),
        nbformat.v4.new_code_cell(setup_source(home), metadata=meta, id="colab-setup"),
    ]


def is_generated(cell) -> bool:
    return cell.get("metadata", {}).get("course", {}).get("generated") == GENERATED


def add_setup_cells(path: Path, home: Home, assignment: str) -> None:
    """Open the notebook at ``path`` with the badge and the setup cell (replacing older ones)."""
    nb = nbformat.read(path, as_version=4)
    nb.cells = setup_cells(home, assignment) + [c for c in nb.cells if not is_generated(c)]
    nbformat.write(nb, path)


def readme_badges(home: Home, assignments: list[str]) -> str:
    """The README's block of badges, one line per release notebook."""
    lines = [f"- `{assignment}` {home.badge(assignment)}" for assignment in assignments]
    return "\n".join([README_BEGIN, *lines, README_END])


def update_readme(path: Path, home: Home, assignments: list[str]) -> None:
    """Replace the README's block of badges with one built from ``home``."""
    text = Path(path).read_text()
    start, end = text.find(README_BEGIN), text.find(README_END)
    if start < 0 or end < start:
        raise ValueError(f"{path} has no block between {README_BEGIN!r} and {README_END!r}")
    block = readme_badges(home, assignments)
    Path(path).write_text(text[:start] + block + text[end + len(README_END) :])
