"""Print the pip requirements listed in environment.yml, one per line.

environment.yml is the single source of truth for dependencies; a machine without conda
installs the same pins through `pip install -r` on this script's output. Only the file's
simple shape is read (a `dependencies:` list with a nested `- pip:` list), so no YAML
library is needed before anything is installed.

Usage: python .ci/requirements.py environment.yml > requirements.txt
"""
import sys


def pip_requirements(text: str) -> list[str]:
    """The items of the `- pip:` list under `dependencies:` in an environment.yml text."""
    requirements, in_pip, pip_indent = [], False, 0
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip())
        item = line.strip()
        if item == "- pip:":
            in_pip, pip_indent = True, indent
        elif in_pip and indent > pip_indent and item.startswith("- "):
            requirements.append(item[2:].strip().strip("'\""))
        elif in_pip and indent <= pip_indent:
            in_pip = False
    if not requirements:
        raise SystemExit("environment.yml has no `- pip:` list under `dependencies:`.")
    return requirements


if __name__ == "__main__":
    with open(sys.argv[1] if len(sys.argv) > 1 else "environment.yml", encoding="utf-8") as f:
        print("\n".join(pip_requirements(f.read())))
