"""Word files: .docx with python-docx; .doc through a converter found on the machine."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from gongbao.text.decode import InputError


def _row_cells(row) -> list[str]:
    """A table row's cell texts; a merged cell (the same cell repeated) counts once."""
    out, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        out.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
    return out


def docx_lines(document) -> list[str]:
    """Body paragraphs and table rows (tab-separated) in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            lines.append(item.text.replace("\n", " ").strip(" \u3000"))
        elif isinstance(item, Table):
            for row in item.rows:
                cells = _row_cells(row)
                if any(cells):
                    lines.append("\t".join(cells).strip())
    while lines and not lines[-1]:
        lines.pop()
    return lines


def extract_docx(path: Path) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as e:
        raise InputError(path, f"damaged or unsupported .docx file ({e})") from None
    except Exception as e:  # lxml raises its own XMLSyntaxError for broken parts
        raise InputError(path, f"damaged .docx file ({type(e).__name__}: {e})") from None
    text = "\n".join(docx_lines(document))
    if not text.strip():
        raise InputError(path, "the .docx file has no text")
    return text + "\n"


def doc_converter() -> list[str] | None:
    """A command that turns an old Word .doc into text, if the machine has one."""
    for exe in ("soffice", "libreoffice"):
        if shutil.which(exe):
            return [exe]
    if shutil.which("antiword"):
        return ["antiword"]
    return None


def extract_doc(path: Path, deadline: float | None = None) -> str:
    conv = doc_converter()
    if conv is None:
        raise InputError(path, "old Word .doc needs LibreOffice (soffice) or antiword to convert it; neither "
                         "is installed (apt-get install libreoffice-writer-nogui, or save it as .docx)")
    timeout = max(1.0, deadline - time.monotonic()) if deadline else 300.0
    try:
        if conv[0] == "antiword":
            out = subprocess.run(["antiword", "-m", "UTF-8.txt", "-w", "0", str(path)],
                                 capture_output=True, timeout=timeout)
            if out.returncode != 0:
                raise InputError(path,
                                 f"antiword cannot read it: {out.stderr.decode('utf-8', 'replace').strip()}")
            text = out.stdout.decode("utf-8", "replace")
        else:
            with tempfile.TemporaryDirectory() as tmp:
                out = subprocess.run(
                    [conv[0], "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                     "--convert-to", "docx", "--outdir", tmp, str(path)],
                    capture_output=True, timeout=timeout,
                )
                made = Path(tmp) / (path.stem + ".docx")
                if not made.exists():
                    raise InputError(path, "LibreOffice could not convert this .doc file")
                return extract_docx(made)
    except subprocess.TimeoutExpired:
        raise InputError(path, f"timed out converting the .doc file after {timeout:.0f}s") from None
    if not text.strip():
        raise InputError(path, "the .doc file has no text")
    return text
