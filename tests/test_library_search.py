"""Search: each query kind, normalization, filters, facets, pagination, hostile input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fakeparse import fake_parse_path
from gongbao.search import parse_query, search
from gongbao.match import Filters, Phrase
from gongbao.store import Library
from gongbao.store.textindex import index_tokens
from gongbao.text.searchform import norm

FIX = Path(__file__).parent / "fixtures" / "library"


@pytest.fixture(scope="module")
def lib(tmp_path_factory) -> Library:
    lib = Library(tmp_path_factory.mktemp("lib") / "lib.db")
    for f in sorted(FIX.glob("*.txt")):
        lib.store_gazette(fake_parse_path(f), str(f), f.name)
    return lib


def numbers(res) -> list[str]:
    return [h.doc_number for h in res.hits]


def test_two_character_topic(lib):
    res = search(lib, "消防")
    assert numbers(res) == ["示政办发〔2024〕5号"]
    assert "<mark>消防</mark>" in res.hits[0].snippet


def test_title_match_ranks_above_passing_mention(lib):
    # 补贴 is in the 以旧换新 title's body and the 清洁取暖 body; 幼儿园 in one title, one body
    res = search(lib, "幼儿园")
    assert numbers(res)[0] == "样政办发〔2023〕12号" and len(res.hits) == 2


@pytest.mark.parametrize("q", ["示政发〔2024〕3号", "示政发[2024]3号", "示政发(2024)3号", "示政发（2024）3号",
                               "示政发【2024】3号", "示政发 [2024] 3 号", "示政发［２０２４］３号"])
def test_doc_number_in_any_bracket_form_is_first(lib, q):
    res = search(lib, q)
    assert res.hits[0].doc_number == "示政发〔2024〕3号"
    assert set(numbers(res)[1:]) == {"示政发〔2024〕7号", "样政发〔2023〕8号"}  # the documents citing it


def test_doc_number_made_of_common_bigrams_finds_citing_documents_in_the_store(lib, monkeypatch):
    import gongbao.search.engine as engine

    # in a large library the mentions of such a 文号 are not scanned for: parsed citations answer
    monkeypatch.setattr(engine, "MENTION_SCAN_MAX", 0)
    res = search(lib, "示政发[2024]3号")
    assert res.hits[0].doc_number == "示政发〔2024〕3号"
    assert set(numbers(res)[1:]) == {"示政发〔2024〕7号", "样政发〔2023〕8号"}
    assert numbers(search(lib, "示政发[2024]3号", Filters(year=2023))) == ["样政发〔2023〕8号"]


def test_long_phrase_and_person_and_place(lib):
    assert numbers(search(lib, "对已完成改造的农户继续发放运行补贴")) == ["示政发〔2024〕3号"]
    assert numbers(search(lib, "张明华")) == ["示政任〔2024〕2号"]
    assert numbers(search(lib, "李建国")) == ["示政任〔2024〕2号"]
    assert numbers(search(lib, "样例县 幼儿园"))[0] == "样政办发〔2023〕12号"  # both terms first


def test_traditional_and_full_width_queries(lib):
    assert numbers(search(lib, "消防安全")) == numbers(search(lib, "消防安全"))
    assert numbers(search(lib, "殯葬服務")) == ["样政发〔2023〕8号"]
    assert numbers(search(lib, "３３００元")) == ["示政发〔2024〕3号"]


def test_question_words_are_not_required(lib):
    assert numbers(search(lib, "煤改电每户补贴多少钱"))[0] == "示政发〔2024〕3号"
    assert numbers(search(lib, "样例县免费殡葬服务包括哪些项目"))[0] == "样政发〔2023〕8号"


def test_absent_topic_returns_nothing(lib):
    assert search(lib, "地铁建设").hits == []  # 建设 alone is not the topic
    assert search(lib, "航天").total == 0


def test_reworded_query_finds_by_parts(lib):
    assert numbers(search(lib, "旧家电换新补贴"))[0] == "示政发〔2024〕7号"


def test_filters_facets_pagination(lib):
    all_ = search(lib, "人民政府", limit=100)
    assert all_.total == 6
    assert {h.doc_number for h in search(lib, "人民政府",
                                         Filters(year=2023)).hits} == {"样政办发〔2023〕12号",
                                                                       "样政发〔2023〕8号"}
    assert numbers(search(lib, "人民政府",
                          Filters(issuer="办公室", region="示例区"))) == ["示政办发〔2024〕5号"]
    got = search(lib, "人民政府", Filters(date_from="2024-04-01", date_to="2024-06-30"))
    assert set(numbers(got)) == {"示政办发〔2024〕5号", "示政任〔2024〕2号"}
    assert search(lib, "人民政府", Filters(doc_type="批复")).total == 0
    facets = dict(all_.facets["region"])
    assert facets == {"示例区": 4, "样例县": 2}
    p1 = search(lib, "人民政府", limit=4, page=1)
    p2 = search(lib, "人民政府", limit=4, page=2)
    assert len(p1.hits) == 4 and len(p2.hits) == 2 and not {h.id for h in p1.hits} & {h.id for h in p2.hits}
    dated = [h.date for h in search(lib, "人民政府", sort="date", limit=10).hits]
    assert dated == sorted(dated, reverse=True)


HOSTILE = ['"', '""消防', "消防 OR 补贴", "NEAR(消防 补贴)", "消防*", "title:消防",
           "'; DROP TABLE documents; --",
           "(((", "【】〔〕[]", "\x00\x01消防\x1b[31m", "消" * 5000, "-消防", "^消防", "AND", "{消防}", "\\",
           "%_"]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_never_fail(lib, q):
    res = search(lib, q)
    assert res.total >= 0
    assert lib.count_documents() == 6


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_a_valid_query(lib, q):
    search(lib, q)


def test_query_syntax_in_a_phrase_is_only_text(lib):
    assert lib.match_count(Phrase("消防")) > 0
    assert lib.match_count(Phrase(norm('消防" OR x:y*'))) == 0
    assert lib.match_count(Phrase(norm("消防 OR 补贴"))) == 0
    assert lib.match_count(Phrase("*")) == 0 and lib.match_count(Phrase(".")) == 0


def test_normalization_same_at_index_and_query_time():
    assert norm("運鹽政發［2024］10號") == norm("运盐政发〔2024〕10号")
    assert norm("消 防\n安全") == "消防安全"
    assert index_tokens("消防安全") == "消防 防安 安全"
    assert index_tokens("补贴。a") == "补贴 贴。 。a" and index_tokens("补") == "补"
    assert norm("运城\u2004市") == "运城市"  # every kind of space goes


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=()), min_size=0, max_size=600))
def test_long_texts_normalize_as_short_ones(text):
    from gongbao.text.canonical import canonical_table

    # long texts take the numpy path, short ones str.translate: the same search form either way
    assert norm(text * 3) == (text * 3).translate(canonical_table())


def test_parse_query_splits_docnum_and_drops_question_words():
    pq = parse_query("运盐政发[2024]10号 补贴多少钱")
    assert pq.doc_numbers == ["运盐政发〔2024〕10号"] and pq.terms == ["补贴"]


def test_two_word_compound_needs_its_words_together(lib):
    # 乡镇 and 补贴 both occur in the 清洁取暖 notice, but lines apart: no 乡镇补贴 there
    assert search(lib, "乡镇补贴").hits == []
    assert numbers(search(lib, "乡镇 补贴"))[0] == "示政发〔2024〕3号"
    assert numbers(search(lib, "幼儿园养老")) == ["示政办发〔2024〕5号"]  # 幼儿园、养老院


def test_doc_number_without_hao_and_abbreviation(lib):
    assert numbers(search(lib, "示政任[2024]2"))[0] == "示政任〔2024〕2号"
    assert parse_query("住建局").variants["住建局"][:2] == ["住建局", "住房和城乡建设局"]


def test_doc_number_mention_must_match_whole_number(tmp_path):
    from gongbao.models import Document, Gazette, IssueInfo

    lines = ["标题甲", "根据某政发〔2024〕13号文件精神执行。", "标题乙", "依据某政发（2024）3号办理。"]
    docs = [Document(title="标题甲", start_line=1, span_start=1, end_line=2),
            Document(title="标题乙", start_line=3, span_start=3, end_line=4)]
    lib = Library(tmp_path / "l.db")
    lib.store_gazette(Gazette("t.txt", IssueInfo(), docs, lines), "/t.txt", "x")
    assert [h.title for h in search(lib, "某政发[2024]3号").hits] == ["标题乙"]


def _titled_library(tmp_path: Path, lines: list[str]) -> Library:
    """A library of documents given as (title, text) line pairs, and four unrelated ones (so that
    every word of a query has an idf above 0)."""
    from gongbao.models import Document, Gazette, IssueInfo

    for topic in ("春季植树", "防汛抗旱", "秋粮收购", "冬季供暖"):
        lines = lines + [f"关于{topic}的通知", f"做好{topic}。"]
    docs = [Document(title=lines[i], start_line=i + 1, span_start=i + 1, end_line=i + 2)
            for i in range(0, len(lines), 2)]
    lib = Library(tmp_path / "l.db")
    lib.store_gazette(Gazette("t.txt", IssueInfo(), docs, lines), "/t.txt", "x")
    return lib


def test_two_character_term_across_title_words_earns_no_title_credit(tmp_path):
    lines = ["关于推进城乡环卫一体化工作的通知", "做好一体化工作，落实一体化工作责任，完善一体化工作机制。",
             "关于小化工企业专项整治的通知", "整治企业，" + "加强安全生产监管，落实企业主体责任。" * 4]
    lib = _titled_library(tmp_path, lines)
    assert [h.title for h in search(lib, "化工").hits][0] == lines[2]
    assert [h.title for h in search(lib, "一体化").hits] == [lines[0]]


def test_estimated_frequencies_for_very_common_terms(lib, monkeypatch):
    import gongbao.search.engine as engine

    want = search(lib, "消防 人民政府")
    monkeypatch.setattr(engine, "EXACT_DF", 0)
    engine._COUNTS.clear()
    got = search(lib, "消防 人民政府")
    assert numbers(got)[0] == numbers(want)[0] == "示政办发〔2024〕5号"
    assert search(lib, "人民政府", limit=100).total == 6


def test_a_passage_pasted_with_its_particles_is_a_phrase(tmp_path):
    """A passage copied from a document keeps its 和/的 inside: those are dropped as words but the
    passage as typed is still searched for, and the document holding it comes first, its snippet
    on it. A question (a word such as 多少钱 cut out of it, or a run the library does not hold) is
    not a passage."""
    assert parse_query("强制性标准和设备淘汰").phrases == ["强制性标准和设备淘汰"]
    assert parse_query("孩子读书要花多少钱").phrases == []
    # with a library to ask: a run that lost a particle is a passage only when it holds it
    assert parse_query("强制性标准和设备淘汰", lambda t: t == "强制性标准和设备淘汰").phrases != []
    assert parse_query("村里的路坏了谁来修", lambda t: False).phrases == []
    assert parse_query("农村公路养护", lambda t: False).phrases == ["农村公路养护"]  # nothing dropped
    lines = ["关于标准化工作的通知", "完善强制性标准体系。" * 3 + "加快老旧设备淘汰，设备淘汰要有序。" * 3,
             "关于推进设备更新的通知", "各部门要严格执行强制性标准和设备淘汰制度，推动更新。"]
    lib = _titled_library(tmp_path, lines)
    hits = search(lib, "强制性标准和设备淘汰").hits
    assert [h.title for h in hits] == [lines[2], lines[0]]
    assert "<mark>强制性标准和设备淘汰</mark>" in hits[0].snippet
