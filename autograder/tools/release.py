"""Regenerate the student notebooks in release/ from source/, and the README's Colab badges.

Usage: python -m autograder.tools.release [ASSIGNMENT ...]   (all assignments when none is named)
"""

import argparse
import os
from pathlib import Path

from autograder.pipeline import colab
from autograder.pipeline.course_api import course_api, generate_release


def assignments(root: str) -> list[str]:
    """The assignment folders under ``source/``, in course order."""
    source = os.path.join(root, "source")
    return sorted(
        name
        for name in os.listdir(source)
        if os.path.isdir(os.path.join(source, name)) and not name.startswith(".")
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*", help="assignment folders under source/")
    parser.add_argument("--root", default=".", help="the course folder (default: the current one)")
    args = parser.parse_args(argv)
    api = course_api(args.root)
    for assignment in args.assignments or assignments(args.root):
        generate_release(api, assignment)
        print(f"release/{assignment} regenerated")
    home = colab.course_home(args.root)
    colab.update_readme(Path(args.root) / "README.md", home, assignments(args.root))
    print(f"README's Colab badges point at {home.repository} ({home.tag})")
    if home.is_placeholder:
        print(
            f"warning: {home.repository} is a placeholder: set [project.urls] Repository in "
            "pyproject.toml to the course's public home and run make release again"
        )


if __name__ == "__main__":
    main()
