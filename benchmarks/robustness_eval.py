"""How the parser holds up when the corpus text is damaged the way PDF extraction damages it.

    python benchmarks/robustness_eval.py [--corpus DIR] [--only NAME] [--variants clean,ooo,...]

Each corpus gazette is rewritten with one class of damage at a time, its gold line numbers
carried along, and scored with ../shared/eval/score_parse.py beside the clean text:
- headers:   a running header (gazette title, issue) and a page-number footer every ~40 lines;
- titlebox:  each document's title box (title + 文号 lines) printed after the body of its
             first page (after the notice's signature, or ~12 lines down);
- glyphs:    symbols through a broken font (～ -> 耀, ≥ -> 逸, ≤ -> 臆, ℃ -> 益, 〔〕 -> 也页);
- encodings: GB18030, UTF-16 and UTF-8 with BOM and CRLF line ends;
- all:       headers + titlebox + glyphs together.
Text that came out of its PDF out of reading order (each function's docstring says which
PDF/extraction behaviour it imitates):
- tailswap:  the next document's heading and first lines printed before the last lines of the
             previous document;
- signature: a signature block (issuer line(s), date, 此件公开发布) printed after the next page
             break, several lines below its document's text, or inside the next document;
- blanklines: every line followed by a blank line;
- pagespace: no page furniture at all, the first line of each ~40-line page starts with a space;
- nofront:   no masthead and no 目录 (everything before the first document removed);
- ooo:       nofront + signature + tailswap + titlebox + pagespace + blanklines together.
The damage is deterministic (a fixed seed). A gold field is only expected when the damaged text
still holds what it is read from: without a 目录 no toc_page (and no section unless a heading line
in the body names it), without the masthead no issue fields.
--verbose also prints the scorer's MISSED / WRONG / EXTRA lines per variant.
The figures that matter are the gaps between each damaged row and the clean one.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GLYPHS = str.maketrans({"～": "耀", "≥": "逸", "≤": "臆", "℃": "益", "〔": "也", "〕": "页"})
PAGE_LINES = 40  # text lines on a page of the damaged layouts
NEW_PAGE_CHANCE = 0.5  # share of documents that start on a new page
SEED = 16
MARKER = re.compile(r"此件\w{0,6}公开\w{0,2}|主动公开|依申请公开|不予公开")  # 公开属性 lines


def add_headers(lines: list[str], gold: dict) -> tuple[list[str], dict[int, int]]:
    """Page furniture kept in the text layer: a page-number footer, then the running header
    (gazette title and issue) of the next page, at a blank line every ~40 lines."""
    title = (gold.get("issue") or {}).get("title") or "某某人民政府公报"
    issue = gold.get("issue") or {}
    tag = f"{issue.get('year') or 2024}年第{issue.get('number') or 1}期"
    out: list[str] = []
    where: dict[int, int] = {}
    page = 1
    for i, line in enumerate(lines, 1):
        if i > 60 and i % 40 == 0 and not line.strip():
            out += ["", f"— {page} —", "", title, tag, ""]
            page += 1
        out.append(line)
        where[i] = len(out)
    return out, where


def heading_end(lines: list[str], start: int) -> int:
    """The last line of the heading block that begins at ``start``: its 文号 line (within the
    next five lines), else ``start`` itself."""
    for j in range(start, min(start + 6, len(lines))):
        if "号" in lines[j - 1] and len(lines[j - 1].strip()) <= 30:
            return j
    return start


def move_title_boxes(lines: list[str], gold: dict) -> tuple[list[str], dict[int, int]]:
    """Cut each numbered document's heading block and paste it below its first page."""
    starts = {d["start_line"] for d in gold["documents"] if d.get("doc_number")}
    moves: dict[int, tuple[int, int]] = {}  # block start -> (block end, insert after line)
    for s in sorted(starts):
        end = heading_end(lines, s)
        after = None
        for j in range(end + 1, min(end + 25, len(lines))):
            if "公开" in lines[j - 1] and len(lines[j - 1].strip()) <= 20:
                after = j
                break
        if after is None:
            after = min(end + 12, len(lines))
        if any(s < t <= after for t in starts):
            continue
        moves[s] = (end, after)
    out: list[str] = []
    where: dict[int, int] = {}
    pending: list[tuple[int, list[str]]] = []
    i = 1
    while i <= len(lines):
        if i in moves:
            end, after = moves[i]
            pending.append((after, list(range(i, end + 1))))
            i = end + 1
            continue
        out.append(lines[i - 1])
        where[i] = len(out)
        for item in [p for p in pending if p[0] == i]:
            out.append("")
            for k in item[1]:
                out.append(lines[k - 1])
                where[k] = len(out)
            out.append("")
            pending.remove(item)
        i += 1
    return out, where


Order = list  # output order: a source line number (1-based) or the text of a new line


def rebuild(lines: list[str], order: Order) -> tuple[list[str], dict[int, int]]:
    """The lines in ``order`` and where each source line went (1-based both)."""
    out: list[str] = []
    where: dict[int, int] = {}
    for item in order:
        if isinstance(item, int):
            where[item] = len(out) + 1
            out.append(lines[item - 1])
        else:
            out.append(item)
    return out, where


def doc_spans(lines: list[str], gold: dict) -> list[tuple[int, int]]:
    """(first, last) line of each gold document: its start_line up to the next one's."""
    starts = sorted({d["start_line"] for d in gold["documents"] if d.get("start_line")})
    return [(s, (starts[k + 1] - 1) if k + 1 < len(starts) else len(lines)) for k, s in enumerate(starts)]


def nonblank(lines: list[str], first: int, last: int) -> list[int]:
    return [i for i in range(first, last + 1) if lines[i - 1].strip()]


def page_starts(lines: list[str], gold: dict, page_lines: int = PAGE_LINES, seed: int = SEED) -> list[int]:
    """First line of each page of a layout with ``page_lines`` lines a page, where half the
    documents (seeded) start on a new page, as many gazettes set them."""
    rng = random.Random(seed)
    heads = {s for s, _ in doc_spans(lines, gold)}
    pages = [1]
    for i in range(2, len(lines) + 1):
        if i - pages[-1] >= page_lines or (i in heads and rng.random() < NEW_PAGE_CHANCE):
            pages.append(i)
    return pages


def swap_tails(lines: list[str], gold: dict, seed: int = SEED) -> tuple[list[str], dict[int, int]]:
    """The next document's heading and first lines printed before the previous one's last lines.

    A layout program flows each document through its own chain of text frames and writes the
    frames into the page's content stream in the order they were placed, not where they stand.
    When document k ends on the page (or in the column, or on the facing page) where document k+1
    begins, an extractor that follows the content stream prints the top of document k+1 (its
    heading and 3-10 lines) before the last 3-8 lines of document k (often its signature, date
    and 此件公开发布), which then seem to belong to document k+1."""
    rng = random.Random(seed)
    plan: dict[int, tuple[int, int]] = {}  # first line of k's tail -> (first, last) line of k+1's top
    spans = doc_spans(lines, gold)
    for (s0, e0), (s1, e1) in zip(spans, spans[1:]):
        body0 = nonblank(lines, heading_end(lines, s0) + 1, e0)
        body1 = nonblank(lines, heading_end(lines, s1) + 1, e1)
        tail, top = min(rng.randint(3, 8), len(body0) // 2), min(rng.randint(3, 10), len(body1) // 2)
        if tail and top:
            plan[body0[-tail]] = (s1, body1[top - 1])
    order: Order = []
    i = 1
    while i <= len(lines):
        if i not in plan:
            order.append(i)
            i += 1
            continue
        top_first, top_last = plan[i]
        order += [*range(top_first, top_last + 1), *range(i, top_first)]
        i = top_last + 1
    return rebuild(lines, order)


def date_pattern(iso: str) -> re.Pattern:
    """2024-07-05 -> 2024年7月5日 as printed (spaces and leading zeros allowed)."""
    y, m, d = (int(x) for x in iso.split("-"))
    return re.compile(rf"{y}\s*年\s*0?{m}\s*月\s*0?{d}\s*日")


def signed_leftover(line: str, date: re.Pattern, names: list[str]) -> str:
    """What a line holds besides the signing date, issuer names, a publication marker
    (此件公开发布, 主动公开) and punctuation: '' for a signature line."""
    rest = MARKER.sub("", date.sub("", line))
    for n in names:
        rest = rest.replace(n, "")
    return re.sub(r"[\W_]", "", rest)


def signature_block(lines: list[str], doc: dict, first: int, last: int) -> tuple[int, int] | None:
    """(first, last) line of a document's signature block: the issuer line(s) just above its
    signing date, the date (on a line of its own or after the issuer names), and a 此件公开发布
    marker just below it. A date inside other text (a speech's dateline) is not one."""
    if not doc.get("date") or not re.fullmatch(r"\d{4}-\d\d-\d\d", doc["date"]):
        return None
    issuer = doc.get("issuer") or ""
    joined = "、".join(issuer) if isinstance(issuer, list) else issuer
    names = [re.sub(r"等\d+个?部门$", "", n) for n in re.split(r"[、，,\s]+", joined) if n]
    date = date_pattern(doc["date"])
    for j in range(heading_end(lines, first) + 1, last + 1):
        if not date.search(lines[j - 1]) or signed_leftover(lines[j - 1], date, names):
            continue
        above = nonblank(lines, max(first, j - 6), j - 1)[::-1][:3]
        top = j
        for i in above:
            text = lines[i - 1].strip()
            if len(text) > 40 or "。" in text or not any(n in text for n in names):
                break
            top = i
        below = nonblank(lines, j + 1, min(last, j + 3))[:1]
        end = below[0] if below and "公开" in lines[below[0] - 1] and len(lines[below[0] - 1].strip()) <= 20 else j
        return top, end
    return None


def detach_signatures(lines: list[str], gold: dict, page_lines: int = PAGE_LINES,
                      seed: int = SEED) -> tuple[list[str], dict[int, int]]:
    """Each signature block (issuer, date, 此件公开发布) printed after the next page break.

    The signature and date are set flush right, often as a text box over the seal image; an
    extractor that reads the page's main text flow first emits such a box after the flow, and
    one that joins pages emits it after the next page's break: the block ends up several lines
    below its document's last line, inside the attached plan or among the first lines of the
    next document. The block moves past at least 3 lines of text and never into a heading."""
    spans = doc_spans(lines, gold)
    by_start = {d["start_line"]: d for d in gold["documents"] if d.get("start_line")}
    blocks = [b for s, e in spans if (b := signature_block(lines, by_start[s], s, e))]
    cut = dict(blocks)
    headings = {s: heading_end(lines, s) for s, _ in spans}
    pages = page_starts(lines, gold, page_lines, seed)
    inserts: dict[int, list[tuple[int, int]]] = {}
    for first, last in blocks:
        at = next((p for p in pages if p > last and len(nonblank(lines, last + 1, p - 1)) >= 3), len(lines) + 1)
        for s, h in headings.items():
            if s < at <= h:
                at = h + 1  # not between a title and its 文号
        for a, b in blocks:
            if a < at <= b:
                at = b + 1  # not inside another block that moves
        inserts.setdefault(at, []).append((first, last))
    order: Order = []
    i = 1
    while i <= len(lines) + 1:
        for a, b in inserts.get(i, []):
            order += range(a, b + 1)
        if i in cut:
            i = cut[i] + 1
            continue
        if i <= len(lines):
            order.append(i)
        i += 1
    return rebuild(lines, order)


def space_lines(lines: list[str], gold: dict) -> tuple[list[str], dict[int, int]]:
    """Every line followed by a blank line.

    Converters that write each line of the PDF as a paragraph of its own (PDF to Word/HTML
    exports, copying from some viewers, text layers whose line spacing exceeds the tool's
    paragraph threshold) separate every pair of lines, inside paragraphs too, with a blank line."""
    return rebuild(lines, [x for i in range(1, len(lines) + 1) for x in (i, "")])


def mark_page_starts(lines: list[str], gold: dict, page_lines: int = PAGE_LINES,
                     seed: int = SEED) -> tuple[list[str], dict[int, int]]:
    """No running header or page footer at all; the first line of each page starts with a space.

    Extractors that drop a page's header and footer (cropped to the type area, or furniture
    recognised and removed) leave the page seam marked only by the space they put at the start
    of a page's text: a heading on a new page, or a paragraph carried over from the previous
    page, then starts with a space."""
    out = list(lines)
    pages = page_starts(lines, gold, page_lines, seed)
    for p, nxt in zip(pages, [*pages[1:], len(lines) + 1]):
        first = nonblank(lines, p, nxt - 1)[:1]
        if first:
            out[first[0] - 1] = " " + lines[first[0] - 1]
    return out, {i: i for i in range(1, len(lines) + 1)}


def drop_front_matter(lines: list[str], gold: dict) -> tuple[list[str], dict[int, int]]:
    """No masthead and no 目录: the text starts with the first document.

    Cover and contents pages are often published as a separate file or as images without a
    text layer, or a site posts an issue's documents without its front matter."""
    first = min((s for s, _ in doc_spans(lines, gold)), default=1)
    return rebuild(lines, list(range(first, len(lines) + 1)))


def expectable(gold: dict, lines: list[str]) -> dict:
    """The gold without what the damaged text no longer holds: without a 目录 no toc_page and
    no section unless its name is a line of the body (a heading between documents, not a
    document's own title); without a masthead (the issue title before the first document) no
    issue fields."""
    g = json.loads(json.dumps(gold))
    first = min((d["start_line"] for d in g["documents"] if d.get("start_line")), default=len(lines) + 1)
    front = "".join("".join(lines[: first - 1]).split())
    has_toc = any(re.fullmatch(r"目\s*录", ln.strip()) for ln in lines)
    starts = {d.get("start_line") for d in g["documents"]}
    headings = {re.sub(r"[\s【】\[\]〔〕]", "", ln) for i, ln in enumerate(lines, 1) if i not in starts}
    for d in g["documents"]:
        if not has_toc:
            d["toc_page"] = None
        if not has_toc and d.get("section") and "".join(d["section"].split()) not in headings:
            d["section"] = None
    title = (g.get("issue") or {}).get("title")
    if title and "".join(title.split()) not in front:
        g["issue"] = {}
    return g


def remap(gold: dict, where: dict[int, int]) -> dict:
    g = json.loads(json.dumps(gold))
    for d in g["documents"]:
        d["start_line"] = where.get(d["start_line"], d["start_line"])
    return g


# variant -> line damages applied in this order (the encodings and glyphs act on the bytes)
LAYOUTS = {
    "headers": (add_headers,),
    "titlebox": (move_title_boxes,),
    "all": (move_title_boxes, add_headers),
    "tailswap": (swap_tails,),
    "signature": (detach_signatures,),
    "blanklines": (space_lines,),
    "pagespace": (mark_page_starts,),
    "nofront": (drop_front_matter,),
    "ooo": (drop_front_matter, detach_signatures, swap_tails, move_title_boxes, mark_page_starts, space_lines),
}
def broken_font(text: str) -> bytes:
    """Symbols through a font whose ToUnicode map points at the wrong characters."""
    return text.translate(GLYPHS).encode("utf-8")


ENCODINGS = {
    "glyphs": broken_font,
    "all": broken_font,
    "gb18030": lambda t: t.encode("gb18030"),
    "utf16": lambda t: t.encode("utf-16"),
    "bom-crlf": lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode("utf-8"),
}
VARIANTS = ["clean", "headers", "titlebox", "glyphs", "gb18030", "utf16", "bom-crlf", "all",
            "tailswap", "signature", "blanklines", "pagespace", "nofront", "ooo"]


def damage(lines: list[str], gold: dict, steps) -> tuple[list[str], dict]:
    """Apply line damages in turn; returns the lines and the gold carried along (only what the
    damaged text can still tell, see ``expectable``)."""
    where_all = {i: i for i in range(1, len(lines) + 1)}
    cur, cur_gold = lines, gold
    for step in steps:
        cur, where = step(cur, cur_gold)
        where_all = {k: where[w] for k, w in where_all.items() if w in where}
        cur_gold = remap(gold, where_all)
    return cur, expectable(cur_gold, cur)


def variant(text: str, gold: dict, name: str) -> tuple[bytes, dict]:
    """One damaged copy of a gazette's text (as bytes) with its gold."""
    lines, vgold = damage(text.split("\n"), gold, LAYOUTS.get(name, ()))
    body = "\n".join(lines)
    return ENCODINGS.get(name, lambda t: t.encode("utf-8"))(body), vgold


def score(pairs: list[tuple[Path, Path]], verbose: bool = False) -> tuple[str, list[str]]:
    """The scorer's TOTAL figures, and (``verbose``) its MISSED / WRONG / EXTRA lines."""
    args = [str(x) for pair in pairs for x in pair] + (["--verbose"] if verbose else [])
    out = subprocess.run([sys.executable, str(SHARED / "eval" / "score_parse.py"), "--pairs", *args],
                         capture_output=True, text=True)
    if not out.stdout.strip():
        return out.stderr.strip(), []
    report = out.stdout.strip().splitlines()
    return report[-1].replace("TOTAL ", ""), [x for x in report[:-1] if x.startswith("  ")]


def parse_to(src: Path, dst: Path) -> None:
    from gongbao.pipeline import parse_path

    dst.write_text(json.dumps(parse_path(src).to_dict(), ensure_ascii=False), encoding="utf-8")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    ap.add_argument("--only", default="")
    ap.add_argument("--verbose", action="store_true", help="the scorer's missed and wrong fields too")
    ap.add_argument("--variants", default=",".join(VARIANTS),
                    help=f"comma-separated, from {','.join(VARIANTS)} (default: all of them)")
    args = ap.parse_args(argv)
    variants = [v for v in args.variants.split(",") if v]
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown:
        ap.error(f"unknown variant(s) {', '.join(unknown)}; choose from {', '.join(VARIANTS)}")
    golds = sorted(args.corpus.glob(f"{args.only}*.gold.json"))
    if not golds:
        print(f"no corpus at {args.corpus}; nothing to measure")
        return 0
    results: dict[str, list[tuple[Path, Path]]] = {v: [] for v in variants}
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        for g in golds:
            name = g.name[: -len(".gold.json")]
            gold = json.loads(g.read_text(encoding="utf-8"))
            text = (args.corpus / f"{name}.txt").read_text(encoding="utf-8")
            for v in variants:
                data, vg = variant(text, gold, v)
                src = t / f"{name}.{v}.txt"
                src.write_bytes(data)
                gp = t / f"{name}.{v}.gold.json"
                gp.write_text(json.dumps(vg, ensure_ascii=False), encoding="utf-8")
                pred = t / f"{name}.{v}.pred.json"
                parse_to(src, pred)
                results[v].append((gp, pred))
        for v in variants:
            total, details = score(results[v], args.verbose)
            print(f"{v:10s} {total}", *details, sep="\n" if details else " ")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
