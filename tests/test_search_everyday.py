"""Search: questions in everyday words, absent topics, question words (invented documents)."""

from __future__ import annotations

import pytest

from gongbao.data import load_lines
from gongbao.models import Document, Gazette, IssueInfo
from gongbao.search import parse_query, search
from gongbao.search.vocabulary import everyday_terms, question_words
from gongbao.store import Library

# one document per pair of lines: title, text; written in the vocabulary of 公文
DOCS = [
    ("关于做好冬季清洁取暖工作的通知", "推进散煤治理，对完成煤改电的农户给予设备补贴，禁止燃煤取暖。"),
    ("关于免除城乡群众基本殡葬服务费用的通知", "遗体火化、骨灰寄存等基本殡葬服务费用由财政承担。"),
    ("关于做好城乡居民基本医疗保险参保缴费工作的通知",
     "个人缴费标准为每人每年400元，参保后住院费用按规定报销。"),
    ("关于开展占道经营专项整治的公告", "流动摊贩不得占用道路经营，来往车辆注意安全，防止拥堵。"),
    ("关于加强古树名木保护的通告", "禁止擅自采伐古树名木，来访游客注意防火。"),
    ("关于群众看病就医便利措施的通知", "看病挂号实行预约，二级医院全部开通线上挂号。"),
    ("关于改善就医环境的通知", "医疗机构优化就医流程，减少排队时间。"),
    ("关于体育彩票公益金使用的通知", "体育彩票公益金用于全民健身，依法缴纳税收。"),
    ("关于春季植树造林的通知", "各乡镇组织植树，政策落实到村，来年验收。"),
    ("关于加强老年人养老服务的通知", "为老年人提供居家养老服务，对高龄老人按月发放补贴。"),
]


@pytest.fixture(scope="module")
def lib(tmp_path_factory) -> Library:
    lines: list[str] = []
    docs = []
    for title, text in DOCS:
        start = len(lines) + 1
        docs.append(Document(title=title, start_line=start, span_start=start, end_line=start + 1))
        lines += [title, text]
    lib = Library(tmp_path_factory.mktemp("lib") / "lib.db")
    lib.store_gazette(Gazette("t.txt", IssueInfo(), docs, lines), "/t.txt", "x")
    return lib


def titles(res) -> list[str]:
    return [h.title for h in res.hits]


@pytest.mark.parametrize("query, first", [
    ("冬天烧煤取暖有补贴吗", "关于做好冬季清洁取暖工作的通知"),  # 烧煤 -> 燃煤 散煤, 取暖 -> 清洁取暖
    ("老人去世了火化要花钱吗", "关于免除城乡群众基本殡葬服务费用的通知"),  # 去世 -> 殡葬, 花钱 -> 费用
    ("交医保一年多少钱", "关于做好城乡居民基本医疗保险参保缴费工作的通知"),
    ("路边摆摊管不管", "关于开展占道经营专项整治的公告"),  # 摆摊 -> 占道经营 流动摊贩
    ("老树能不能砍", "关于加强古树名木保护的通告"),  # 老树 -> 古树名木; 砍 found nowhere, one character
])
def test_everyday_question_finds_the_document_in_official_words(lib, query, first):
    assert titles(search(lib, query))[:1] == [first]


def test_the_users_own_word_ranks_above_the_official_term_it_stands_for(lib):
    got = titles(search(lib, "看病"))  # 看病 -> 就医: both found, the word as typed first
    assert got[:2] == ["关于群众看病就医便利措施的通知", "关于改善就医环境的通知"]


@pytest.mark.parametrize("query", [
    "台风来了怎么防",  # 台风 nowhere; 来 and 防 (one character each) are everywhere
    "地铁票价多少钱",  # 地铁 and 票价 nowhere
    "彩票中奖要交税吗",  # 中奖 nowhere; 交税 only as the official 税收, 彩票 in one passing mention
    "离婚手续怎么办",
])
def test_absent_topic_returns_nothing(lib, query):
    assert search(lib, query).hits == []


@pytest.mark.parametrize("query", ["怎么办", "多少钱", "哪些", "什么", "如何", "能不能", "吗", "怎么 哪些"])
def test_a_question_word_alone_returns_nothing(lib, query):
    assert parse_query(query).terms == []
    assert search(lib, query).hits == []


def test_a_general_word_is_searched_only_when_it_is_all_the_query_says(lib):
    assert titles(search(lib, "政策")) == ["关于春季植树造林的通知"]
    assert parse_query("植树政策").terms == ["植树"]


@pytest.mark.parametrize("query, terms", [
    ("开两会放不放假", ["开", "两会", "放假"]),  # A不A: the answer is A
    ("上了年纪每月能领多少钱", ["上了年纪", "每月", "领"]),  # 上/了/年纪 one phrase; 能领: 能 + 领
    ("村子远有公交吗", ["村子", "远", "公交"]),  # 远有, a word jieba made up: 远 + 有
    ("食品安全", ["食品安全"]),  # an everyday key (食品) is only found on word boundaries
])
def test_query_terms(query, terms):
    assert parse_query(query).terms == terms


def test_everyday_term_carries_its_official_terms():
    pq = parse_query("上了年纪")
    assert pq.forms("上了年纪") == ["上了年纪"] and "老年人" in pq.bridged["上了年纪"]
    assert pq.all_forms("上了年纪")[0] == "上了年纪"


def test_vocabulary_file_is_well_formed():
    rows = [line.split("\t") for line in load_lines("everyday_terms.tsv")]
    assert all(len(r) == 2 and r[1].split() for r in rows), [r for r in rows if len(r) != 2]
    assert len(rows) >= 300
    assert len({r[0] for r in rows}) == len(rows)  # one line per everyday phrase
    assert not [r[0] for r in rows if r[0] in question_words()]  # a question word is never bridged
    assert len(everyday_terms()) == len(rows)


def test_a_short_run_is_whole_only_when_no_question_word_was_cut_from_it():
    found_everywhere = lambda s: True  # noqa: E731 - every string "occurs in the library"
    assert parse_query("钟龙刚", found_everywhere).terms == ["钟龙刚"]
    assert parse_query("补贴多少", found_everywhere).terms == ["补贴"]


@pytest.mark.parametrize("query", ["冬天烧煤取暖有补贴吗", "老人去世了火化要花钱吗", "交医保一年多少钱",
                                   "看病", "路边摆摊管不管", "老树能不能砍", "上了年纪 补贴",
                                   "烧煤 看病 花钱"])
def test_the_total_of_an_everyday_question_is_what_it_lists(lib, query):
    from gongbao.search import ranked

    every = ranked(lib, query, cap=1000)
    res = search(lib, query)
    assert res.total_exact and res.total == len(every)
    assert [h.title for h in res.hits] == [lib.documents(every)[r].title for r in every[:10]]
