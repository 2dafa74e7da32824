"""Legacy Word ``.doc`` through a converter found at run time: antiword, else catdoc (Debian packages).

Both print the document's text as UTF-8; antiword keeps paragraphs apart with
blank lines and wraps lines, which the splitter's reflow joins again. Without
either tool the file is refused with a message saying how to get one.
"""

import os
import shutil
import subprocess
import tempfile

from ..errors import ReadError
from .text import lines

_TIMEOUT = 120


def converters():
    """The converter commands available here, best first."""
    found = []
    for tool, args in (("antiword", ["-m", "UTF-8.txt", "-w", "0"]), ("catdoc", ["-d", "utf-8", "-w"])):
        exe = shutil.which(tool)
        if exe:
            found.append([exe, *args])
    return found


def read_text(path, data):
    """The text of a .doc file whose bytes are ``data``."""
    tools = converters()
    if not tools:
        raise ReadError(f"{path}: cannot read .doc without antiword or catdoc "
                        "(apt-get install antiword), or save it as .docx")
    if not data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError(f"{path}: not a Word .doc file (no OLE2 header)")
    reason = ""
    handle, name = tempfile.mkstemp(suffix=".doc")  # a zip member has no file of its own
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        for command in tools:
            try:
                done = subprocess.run([*command, name], capture_output=True, timeout=_TIMEOUT)
            except (OSError, subprocess.TimeoutExpired) as exc:
                reason = str(exc)
                continue
            if done.returncode == 0 and done.stdout.strip():
                return _paragraphs(lines(done.stdout.decode("utf-8", "replace")))
            reason = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no text"])[-1]
    finally:
        os.unlink(name)
    raise ReadError(f"{path}: .doc not readable ({reason})")


def _paragraphs(text):
    """Converter output with form feeds dropped and runs of blank lines made one."""
    out, blank = [], False
    for line in text.replace("\f", "\n").split("\n"):
        if line.strip():
            out.append(line.strip())
            blank = False
        elif not blank and out:
            out.append("")
            blank = True
    return "\n".join(out).strip() + "\n"
