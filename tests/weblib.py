"""A small library for the web and API tests: gazettes written for these tests, ingested for real.

- tests/fixtures/web/*.txt: two issues of an invented county gazette that cite each other;
- a hostile issue whose title and text carry <script> and HTML (written here, at test time);
- an issue built in code with extracted facts (tasks, appointments, money, citations), so the
  fact pages do not depend on the extractors' progress.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from gongbao.models import Appointment, Citation, Document, Gazette, IssueInfo, MoneyRule, Task
from gongbao.store import Library
from gongbao.store.ingest import ingest_paths

FIX = Path(__file__).parent / "fixtures" / "web"

HOSTILE = """恶意县人民政府公报

2024年第1期（总第1期）

恶意县人民政府办公室 主管主办

2024年3月31日出版

目 录

县政府文件

关于<script>alert('toc')</script>加强管理的通知

恶政发〔2024〕1号 1

恶意县人民政府 关于<script>alert('title')</script>加强管理的通知

恶政发〔2024〕1号

各乡镇人民政府：

现将有关事项通知如下：<img src=x onerror=alert('body')>补贴发放按<b>原标准</b>执行。

恶意县人民政府

2024年3月1日

(此件公开发布)
"""

FACTS_LINES = [
    "青禾县人民政府公报",  # 1
    "2024年第4期（总第28期）",  # 2
    "青禾县人民政府 关于推进冬季清洁取暖工作任务分工的通知",  # 3
    "青政发〔2024〕9号",  # 4
    "各乡镇人民政府，县直各有关单位：",  # 5
    "根据《青禾县2024年农村清洁取暖补贴实施办法》（青政发〔2024〕7号），现将任务分工通知如下。",  # 6
    "一、完成煤改电改造。牵头单位：县住建局；责任单位：县财政局。2024年6月30日前完成。",  # 7
    "二、建立长效运行机制。牵头单位：县发改局。2099年12月31日前完成。",  # 8
    "煤改电设备购置补贴每户3300元，其中市级2100元、县级1200元。",  # 9
    "任命张明为县交通运输局局长，试用期一年。",  # 10
    "免去李锐的县交通运输局副局长职务。",  # 11
    "青禾县人民政府",  # 12
    "2024年10月8日",  # 13
]


def facts_gazette() -> Gazette:
    doc = Document(
        title="青禾县人民政府关于推进冬季清洁取暖工作任务分工的通知", doc_number="青政发〔2024〕9号",
        issuer="青禾县人民政府", issuers=["青禾县人民政府"], doc_type="通知", date="2024-10-08",
        recipients=["各乡镇人民政府", "县直各有关单位"], section="县政府文件", start_line=3, end_line=13,
        span_start=3, cites=["青政发〔2024〕7号"],
        lines={"title": [3], "issuer": [3], "doc_number": [4], "recipients": [5], "signature": [12],
               "date": [13]},
        citations=[Citation(cited_number="青政发〔2024〕7号",
                            cited_title="青禾县2024年农村清洁取暖补贴实施办法",
                            relation="basis", line=6)],
        tasks=[Task(task="完成煤改电改造", lead=["县住建局"], units=["县住建局", "县财政局"],
                    deadline="2024-06-30",
                    deadline_text="2024年6月30日前", line=7),
               Task(task="建立长效运行机制", lead=["县发展和改革局"], units=["县发展和改革局"],
                    deadline="2099-12-31", deadline_text="2099年12月31日前", line=8)],
        money=[MoneyRule(amount=3300, rate=None, unit="户", kind="subsidy", beneficiary="农村居民用户",
                         condition=None, cap=None, split={"市级": 2100, "县级": 1200}, line=9,
                         text="煤改电设备购置补贴每户3300元")],
        appointments=[Appointment(person="张明", action="appoint", post="县交通运输局局长",
                                  organ="青禾县人民政府",
                                  note="试用期一年", line=10),
                      Appointment(person="李锐", action="remove", post="县交通运输局副局长",
                                  organ="青禾县人民政府",
                                  note=None, line=11)],
    )
    issue = IssueInfo(title="青禾县人民政府公报", year=2024, number=4, total_number=28,
                      published="2024-10-31",
                      publisher="青禾县人民政府办公室")
    return Gazette(source="facts.txt", issue=issue, documents=[doc], lines=list(FACTS_LINES))


def build_library(tmp: Path) -> Path:
    """Ingest the fixtures into tmp/library.db and return its path."""
    src = tmp / "gazettes"
    shutil.copytree(FIX, src)
    (src / "恶意县人民政府公报2024年第1期.txt").write_text(HOSTILE, encoding="utf-8")
    db = tmp / "library.db"
    lib = Library(db)
    report = ingest_paths(lib, [src], workers=1)
    assert report.ok, report.failed
    lib.store_gazette(facts_gazette(), str(tmp / "facts.txt"), "0" * 64)
    lib.close()
    return db
