import pytest

from gongbao.extract.units import ENV_VAR, canonical_unit, load_aliases, same_unit, unit_names


def test_aliases_map_to_one_canonical_name_keeping_the_prefix():
    assert canonical_unit("区发改局") == "区发展和改革局"
    assert canonical_unit("区发展改革局") == "区发展和改革局"
    assert same_unit("县审批局", "县行政审批服务管理局")
    assert canonical_unit("市生态环境局盐湖分局") == "市生态环境局盐湖分局"
    assert canonical_unit("交城县 教体局") == "交城县教育体育局"


def test_user_table_extends_the_packaged_one(tmp_path, monkeypatch):
    extra = tmp_path / "mine.tsv"
    extra.write_text("# mine\n乡村振兴局\t振兴局\n", encoding="utf-8")
    table = load_aliases(extra)
    assert canonical_unit("区振兴局", table) == "区乡村振兴局"
    assert canonical_unit("区发改局", table) == "区发展和改革局"
    monkeypatch.setenv(ENV_VAR, str(extra))
    assert canonical_unit("县振兴局", load_aliases()) == "县乡村振兴局"


def test_unreadable_user_table_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="missing.tsv"):
        load_aliases(tmp_path / "missing.tsv")


@pytest.mark.parametrize("name, names", [
    ("县住房和城乡建设局",
     ["县住房和城乡建设局", "县住建局", "县住房城乡建设局", "县住房和城乡建设管理局", "县住建管理局"]),
    ("区发改局", ["区发改局", "区发展和改革局", "区发展改革局", "区发改委员会"]),
    ("某某协会", ["某某协会"]),
    (" ", []),
])
def test_every_name_of_an_organ(name, names):
    found = unit_names(name)
    assert found[:1] == names[:1] and sorted(found) == sorted(names)
