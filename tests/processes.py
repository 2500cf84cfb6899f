"""Which live processes a test started: found by a string in their command lines, or by pid."""

from pathlib import Path


def command_lines_naming(text: str) -> list[str]:
    """The command lines (at most 300 characters each) of live processes that contain ``text``."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            line = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in line:
            found.append(line[:300])
    return found


def ended(pid: int) -> bool:
    """Whether process ``pid`` has ended (a zombie that nobody reaps has)."""
    try:
        return "\nState:\tZ" in Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
