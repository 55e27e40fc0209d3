"""The Python API: loading, describing and evaluating a policy, and reading the decision."""

from __future__ import annotations

import copy
import datetime
import decimal
import json
import pickle
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any, Dict, List

import pytest

import aturan
from conftest import CASES, SEMARANG


def case(name: str) -> Dict[str, Any]:
    for c in CASES:
        if c["name"].startswith(name + ":"):
            return copy.deepcopy(c)
    raise KeyError(name)


AS_OF = "2025-12-31"


# ------------------------------------------------------------------ loading and describing


def test_from_file_and_from_source_compile_the_same_policy(policy: aturan.Policy) -> None:
    text = SEMARANG.read_text(encoding="utf-8")
    again = aturan.Policy.from_source(text, name="semarang.aturan")
    assert again.name == policy.name
    assert again.version == policy.version
    assert again.source_hash == policy.source_hash
    assert again.file_name == "semarang.aturan"
    assert policy.file_name == str(SEMARANG)
    assert again.source == text


def test_a_byte_order_mark_before_the_policy_is_not_part_of_it(policy: aturan.Policy, tmp_path: Any) -> None:
    text = SEMARANG.read_text(encoding="utf-8")
    path = tmp_path / "semarang.aturan"
    path.write_text(text, encoding="utf-8-sig")  # what Windows Notepad writes
    facts = case("Budi")["facts"]
    expected = policy.evaluate(facts, as_of=AS_OF).to_dict()["outcomes"]
    for marked in (aturan.Policy.from_file(path), aturan.Policy.from_source("\ufeff" + text)):
        assert marked.evaluate(facts, as_of=AS_OF).to_dict()["outcomes"] == expected
    with pytest.raises(aturan.PolicyError) as caught:
        aturan.Policy.from_source('\ufeffpolis "x" version "1"\n')
    first = caught.value.diagnostics[0]
    assert (first.line, first.column) == (1, 1)


def test_from_file_accepts_a_path_object_and_text(policy: aturan.Policy) -> None:
    assert aturan.Policy.from_file(str(SEMARANG)).source_hash == policy.source_hash


def test_policy_header(policy: aturan.Policy) -> None:
    assert policy.name == "Kinerja dan Disiplin ASN Kota Semarang"
    assert policy.version == "2025.1"
    assert policy.source_hash.startswith("sha256:")
    assert policy.effective_from == datetime.date(2022, 1, 1)
    assert isinstance(policy.description, str)
    assert "Policy" in repr(policy) and policy.name in repr(policy)


def test_facts_schema_params_and_rules_are_data(policy: aturan.Policy) -> None:
    fields = {f["name"]: f for f in policy.facts_schema["fields"]}
    assert {"nip", "presensi", "kinerja", "pelatihan"} <= set(fields)
    assert fields["kinerja"]["type"]["type"] == "list"
    params = {p["name"]: p for p in policy.params}
    assert params["bonus_tpp_persen"]["default"] == 10
    rules = policy.rules
    assert rules and all({"id", "title", "source", "kind", "codes"} <= set(r) for r in rules)
    assert any("PP 94/2021" in r["source"] for r in rules)
    json.dumps(policy.facts_schema)  # plain data


def test_check_returns_warnings_as_diagnostics(policy: aturan.Policy) -> None:
    warnings = policy.check()
    assert isinstance(warnings, list)
    assert all(isinstance(w, aturan.Diagnostic) and w.severity == "warning" for w in warnings)


def test_run_tests_runs_the_policy_examples(policy: aturan.Policy) -> None:
    results = policy.run_tests()
    assert results, "the Semarang policy has examples"
    for r in results:
        assert isinstance(r, aturan.TestResult)
        assert r.passed, (r.name, r.failures, r.error)


def test_a_failed_test_says_why_an_expected_outcome_is_not_given() -> None:
    p = aturan.Policy.from_source(
        'policy "P" version "1"\nfacts { ak: int }\n'
        'rule kp "KP" source "S" when ak >= 50 then promotion kp\n'
        'example "Joko" on 2025-12-31 {\n    given { ak: 40 }\n    expect promotion kp\n}\n'
    )
    failure = p.run_tests()[0].failures[0]
    assert failure.why == ["kp: ak >= 50: 40, required >= 50 — not met; short by 10"]
    assert p.run_tests(lang="id")[0].failures[0].why == [
        "kp: ak >= 50: 40, disyaratkan >= 50 — tidak terpenuhi; kekurangan 10"
    ]


def test_run_tests_says_why_an_example_could_not_be_evaluated_in_either_language() -> None:
    p = aturan.Policy.from_source(
        'policy "P" version "1"\nfacts { a: int }\n'
        'rule r "R" source "S" when 10 / a > 1 then notice n\n'
        'example "bad" on 2025-12-31 {\n    given { a: 0 }\n    expect notice n\n}\n'
    )
    assert p.run_tests()[0].error == "division by zero in `10 / a` (line 3, column 28)"
    assert p.run_tests(lang="id")[0].error == "pembagian dengan nol dalam `10 / a` (baris 3, kolom 28)"
    with pytest.raises(ValueError):
        p.run_tests(lang="fr")


# ------------------------------------------------------------------ evaluating one employee


def test_evaluate_reads_the_decision(policy: aturan.Policy) -> None:
    d = policy.evaluate(case("Sari")["facts"], as_of=AS_OF)
    assert isinstance(d, aturan.Decision)
    assert d.sanction is not None
    assert d.sanction.code == "teguran_lisan"
    assert d.sanction.kind == "sanction"
    assert d.sanction.level == "ringan"
    assert "PP 94/2021" in d.sanction.source
    assert d.sanction.rule and d.sanction.title
    rewards = {o.code: o.params for o in d.rewards}
    assert rewards["tpp"] == {"persen": 85}
    assert [o.code for o in d.promotions] == ["kp_reguler"]
    assert d.promotions[0].params == {"ke": "III/b"}
    assert d.notices == []
    assert d.undetermined == []
    assert d.as_of == datetime.date(2025, 12, 31)
    assert d.explanation is None
    assert d.policy["name"] == policy.name
    assert d.policy["engine"].startswith("aturan ")
    assert [o.code for o in d.outcomes][0] == "teguran_lisan"


def test_numbers_come_back_as_int_or_decimal(policy: aturan.Policy) -> None:
    d = policy.evaluate(case("Hadi")["facts"], as_of=AS_OF)
    persen = {o.code: o.params["persen"] for o in d.rewards if "persen" in o.params}
    for value in persen.values():
        assert isinstance(value, (int, Decimal)) and not isinstance(value, bool)
    assert persen["tpp"] == 100
    assert isinstance(d.params["bonus_tpp_persen"], (int, Decimal))


def test_as_of_accepts_date_string_and_defaults_to_today(policy: aturan.Policy) -> None:
    facts = case("Budi")["facts"]
    by_text = policy.evaluate(facts, as_of="2025-12-31")
    by_date = policy.evaluate(facts, as_of=datetime.date(2025, 12, 31))
    by_datetime = policy.evaluate(facts, as_of=datetime.datetime(2025, 12, 31, 9, 30))
    assert by_text.to_json() == by_date.to_json() == by_datetime.to_json()
    assert policy.evaluate(facts).as_of == datetime.date.today()
    np = pytest.importorskip("numpy")
    assert policy.evaluate(facts, as_of=np.datetime64("2025-12-31")).to_json() == by_text.to_json()
    # A year or a month is no day to decide on (it would be its first day).
    for span, said in [("2025", "a year"), ("2025-12", "a month")]:
        with pytest.raises(aturan.EvaluationError, match=f"numpy.datetime64 of {said}, not a day") as err:
            policy.evaluate(facts, as_of=np.datetime64(span))
        assert err.value.code == "option"
    with pytest.raises(aturan.EvaluationError, match="satu tahun, bukan hari"):
        policy.evaluate_many([facts], as_of=np.datetime64("2025"), lang="id")


def test_a_timestamp_with_a_time_of_day_is_refused_as_a_date_naming_the_field(policy: aturan.Policy) -> None:
    pd = pytest.importorskip("pandas")
    facts = case("Budi")["facts"]
    at_midnight = policy.evaluate(dict(facts, tmt_cpns=pd.Timestamp(facts["tmt_cpns"])), as_of=AS_OF)
    assert at_midnight.to_json() == policy.evaluate(facts, as_of=AS_OF).to_json()
    # Which day 08:00 means depends on a time zone: not cut to a date unasked.
    with pytest.raises(aturan.FactsError, match="tmt_cpns"):
        policy.evaluate(dict(facts, tmt_cpns=pd.Timestamp(facts["tmt_cpns"] + " 08:00")), as_of=AS_OF)


@pytest.mark.parametrize("text", ["2025-1-5", "+2025-01-05", "2025-12-31T00:00", "2025-02-29"])
def test_as_of_takes_the_one_date_form_of_every_layer(policy: aturan.Policy, text: str) -> None:
    # An evaluation error with code `option` (what a web service answers with a 4xx), in the
    # language asked for.
    # The form is right in `2025-02-29`: the day is what does not exist.
    en, id_ = ("is not a day of the calendar", "bukan tanggal di kalender") if text == "2025-02-29" else (
        "is not a date; expected YYYY-MM-DD",
        "bukan tanggal; seharusnya YYYY-MM-DD",
    )
    with pytest.raises(aturan.EvaluationError, match=en) as err:
        policy.evaluate(case("Budi")["facts"], as_of=text)
    assert err.value.code == "option"
    with pytest.raises(aturan.EvaluationError, match=id_):
        policy.evaluate(case("Budi")["facts"], as_of=text, lang="id")
    with pytest.raises(aturan.EvaluationError, match=en) as err:
        policy.evaluate_many([case("Budi")["facts"]], as_of=text)
    assert err.value.code == "option"


def test_facts_accept_python_dates_and_decimals(policy: aturan.Policy) -> None:
    facts = case("Budi")["facts"]
    typed = copy.deepcopy(facts)
    typed["tmt_cpns"] = datetime.date(2010, 1, 1)
    typed["tmt_golongan"] = datetime.date(2021, 10, 1)
    typed["jabatan"]["tmt"] = datetime.datetime(2015, 1, 1)
    typed["kinerja"][1]["nilai_skp"] = Decimal("86.5")
    typed["kinerja"] = tuple(typed["kinerja"])
    assert policy.evaluate(typed, as_of=AS_OF).to_json() == policy.evaluate(facts, as_of=AS_OF).to_json()
    # numpy dates, in any unit, as a datetime64 column gives them.
    np = pytest.importorskip("numpy")
    typed["tmt_cpns"] = np.datetime64("2010-01-01")
    typed["tmt_golongan"] = np.datetime64("2021-10-01T00:00:00.000000000")
    assert policy.evaluate(typed, as_of=AS_OF).to_json() == policy.evaluate(facts, as_of=AS_OF).to_json()
    typed["tmt_cpns"] = np.datetime64("NaT")
    assert policy.evaluate(typed, as_of=AS_OF).to_json() == policy.evaluate(dict(facts, tmt_cpns=None), as_of=AS_OF).to_json()


def test_scores_are_exact_decimals(policy: aturan.Policy) -> None:
    """89.995 is below 90 (regulations.md §2), as float and as Decimal."""
    facts = case("Hadi")["facts"]
    year = int(AS_OF[:4])
    for entry in facts["kinerja"]:
        if entry["tahun"] == year:
            entry["nilai_skp"] = 89.995
    as_float = policy.evaluate(facts, as_of=AS_OF)
    for entry in facts["kinerja"]:
        if entry["tahun"] == year:
            entry["nilai_skp"] = Decimal("89.995")
    as_decimal = policy.evaluate(facts, as_of=AS_OF)
    for d in (as_float, as_decimal):
        assert {o.code: o.params for o in d.rewards}["tpp"] == {"persen": 85}


def test_params_override_a_default(policy: aturan.Policy) -> None:
    facts = case("Hadi")["facts"]
    default = policy.evaluate(facts, as_of=AS_OF)
    assert {o.code: o.params for o in default.rewards}["tpp_bonus"] == {"persen": 10}
    more = policy.evaluate(facts, as_of=AS_OF, params={"bonus_tpp_persen": 15})
    assert {o.code: o.params for o in more.rewards}["tpp_bonus"] == {"persen": 15}
    assert more.params["bonus_tpp_persen"] == 15
    exact = policy.evaluate(facts, as_of=AS_OF, params={"bonus_tpp_persen": Decimal("12.5")})
    assert {o.code: o.params for o in exact.rewards}["tpp_bonus"] == {"persen": Decimal("12.5")}


def test_set_aside_sanctions_say_why(policy: aturan.Policy) -> None:
    d = policy.evaluate(case("Lina")["facts"], as_of=AS_OF)
    assert d.sanction is not None and d.sanction.code == "hukuman_disiplin_sedang"
    assert d.set_aside, "the lighter absence sanction is set aside"
    for s in d.set_aside:
        assert isinstance(s, aturan.SetAside)
        assert s.kind == "sanction" and s.by and s.reason
        assert "SetAside" in repr(s)


def test_missing_facts_make_outcomes_undetermined(policy: aturan.Policy) -> None:
    d = policy.evaluate(case("Rudi")["facts"], as_of=AS_OF)
    codes = sorted(u.code for u in d.undetermined)
    assert codes == ["kp_reguler", "tpp", "tpp_bonus"]
    for u in d.undetermined:
        assert isinstance(u, aturan.Undetermined)
        assert u.missing and all(isinstance(m, str) for m in u.missing)
    assert d.sanction is None


def test_an_absent_fact_is_not_an_error(policy: aturan.Policy) -> None:
    facts = case("Budi")["facts"]
    del facts["presensi"]
    d = policy.evaluate(facts, as_of=AS_OF)
    assert any(u.kind == "sanction" for u in d.undetermined)


def test_explain_gives_a_structured_trace_and_text(policy: aturan.Policy) -> None:
    d = policy.evaluate(case("Tono")["facts"], as_of=AS_OF, explain=True)
    assert d.explanation
    for trace in d.explanation:
        assert isinstance(trace, aturan.RuleTrace)
        assert trace.result in (True, False, None)
        assert trace.kind in ("sanction", "reward", "promotion", "notice")
        for c in trace.conditions:
            assert isinstance(c, aturan.ConditionTrace)
            assert c.result in (True, False, None)
            assert isinstance(c.note, str)
    text = d.explain()
    assert isinstance(text, str) and text.strip()
    assert d.to_dict()["explanation"]
    # A time requirement not met yet gives the day it holds from, as a date.
    budi = policy.evaluate(case("Budi")["facts"], as_of="2025-06-30", explain=True)
    days = [c.holds_from for t in budi.explanation for c in t.conditions if c.holds_from is not None]
    assert days and all(isinstance(day, datetime.date) for day in days)
    assert all(c.holds_from is None for t in d.explanation for c in t.conditions if c.result is not False)
    # A number that misses its threshold gives by how much: whole as int, else as Decimal.
    joko = dict(case("Joko")["facts"], angka_kredit=40)
    conditions = [c for t in policy.evaluate(joko, as_of="2025-12-31", explain=True).explanation for c in t.conditions]
    gaps = {c.text: c.gap for c in conditions if c.gap is not None}
    assert gaps["angka_kredit_dinilai >= syarat_angka_kredit(jabatan.jenjang)"] == 10
    assert type(gaps["angka_kredit_dinilai >= syarat_angka_kredit(jabatan.jenjang)"]) is int
    assert gaps["row 1: kinerja_ini.nilai_skp >= 90"] == decimal.Decimal("3.5")
    assert all(c.gap is None for c in conditions if c.result is not False)
    # An exception names the rule whose outcome it replaces; the text lists what is not given.
    traces = {t.rule: t for t in policy.evaluate(joko, as_of="2025-12-31", explain=True).explanation}
    assert traces["tpp_status_khusus"].exception_to == "tpp" and traces["tpp"].exception_to is None
    assert traces["satyalancana_10"].codes == ["satyalancana_karya_satya_10"]
    text = policy.evaluate(joko, as_of="2025-12-31", explain=True).explain()
    assert "Not given:\n" in text and "promotion kp_pilihan_fungsional" in text.split("Explanation:")[0]
    # A rule outside its own effective period says so as data, not only in its summary.
    dated = aturan.Policy.from_source(
        'policy "P"\nfacts { a: int }\nrule lama "L" source "S" effective until 2020-12-31 when a > 0 then notice lama\n'
        'rule baru "B" source "S" when a > 0 then notice baru\n'
    )
    traces = dated.evaluate({"a": 1}, as_of="2025-01-01", explain=True).explanation
    assert [(t.rule, t.in_effect) for t in traces] == [("lama", False), ("baru", True)]


def test_language_of_texts(policy: aturan.Policy) -> None:
    facts = case("Lina")["facts"]
    en = policy.evaluate(facts, as_of=AS_OF, explain=True)
    id_ = policy.evaluate(facts, as_of=AS_OF, explain=True, lang="id")
    assert en.lang == "en" and id_.lang == "id"
    assert en.explain() != id_.explain()
    assert "Penjelasan" in id_.explain() or "Penjelasan" in id_.explain().title()
    assert [s.reason for s in en.set_aside] != [s.reason for s in id_.set_aside]
    # A language tag as an Accept-Language header gives it.
    for tag in ("id-ID", "ID", "id_ID"):
        assert policy.evaluate(facts, as_of=AS_OF, explain=True, lang=tag).explain() == id_.explain()
    assert policy.evaluate(facts, as_of=AS_OF, lang="en-US").lang == "en"
    with pytest.raises(ValueError, match="unknown language `fr-FR`"):
        policy.evaluate(facts, as_of=AS_OF, lang="fr-FR")


def test_to_dict_and_to_json_agree(policy: aturan.Policy) -> None:
    d = policy.evaluate(case("Wati")["facts"], as_of=AS_OF)
    text = d.to_json()
    assert "\n" not in text
    assert d.to_dict() == json.loads(text, parse_float=Decimal)
    notices = [o for o in d.to_dict()["outcomes"] if o["kind"] == "notice"]
    assert notices[0]["code"] == "kurang_jp" and notices[0]["params"] == {"kekurangan": 8}


def test_repr_is_useful(policy: aturan.Policy) -> None:
    d = policy.evaluate(case("Sari")["facts"], as_of=AS_OF)
    text = repr(d)
    assert text.startswith("<Decision as_of=2025-12-31")
    assert "sanction=teguran_lisan" in text
    assert "tpp(persen=85)" in text
    assert "kp_reguler(ke=III/b)" in text
    assert "teguran_lisan" in repr(d.sanction)


def test_decisions_compare_by_value(policy: aturan.Policy) -> None:
    facts = case("Sari")["facts"]
    assert policy.evaluate(facts, as_of=AS_OF) == policy.evaluate(facts, as_of=AS_OF)
    assert policy.evaluate(facts, as_of=AS_OF) != policy.evaluate(case("Budi")["facts"], as_of=AS_OF)
    assert policy.evaluate(facts, as_of=AS_OF).sanction == policy.evaluate(facts, as_of=AS_OF).sanction


# ------------------------------------------------------------------ sharing


def test_policy_is_shared_between_threads(policy: aturan.Policy) -> None:
    work = [(c["facts"], c["as_of"]) for c in CASES] * 20
    expected = [policy.evaluate(f, as_of=a).to_json() for f, a in work]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda fa: policy.evaluate(fa[0], as_of=fa[1]).to_json(), work))
    assert got == expected


def test_policy_pickles(policy: aturan.Policy) -> None:
    again = pickle.loads(pickle.dumps(policy))
    assert again.source_hash == policy.source_hash
    facts = case("Agus")["facts"]
    assert again.evaluate(facts, as_of=AS_OF).to_json() == policy.evaluate(facts, as_of=AS_OF).to_json()


def test_decisions_and_outcomes_pickle_and_copy(policy: aturan.Policy) -> None:
    """Decisions come back from worker processes (ProcessPoolExecutor, multiprocessing)."""
    for name in ("Agus", "Budi"):
        d = policy.evaluate(case(name)["facts"], as_of=AS_OF, explain=True, lang="id")
        for again in (pickle.loads(pickle.dumps(d)), copy.copy(d), copy.deepcopy(d)):
            assert again == d
            assert again.to_json() == d.to_json()
            assert again.explain() == d.explain()
            assert again.lang == "id"
        for o in d.outcomes:
            back = pickle.loads(pickle.dumps(o))
            assert back == o and back.params == o.params and back.level == o.level


def test_every_part_of_a_decision_pickles() -> None:
    """A worker may return `decision.undetermined` or `decision.explanation` alone."""
    parts: Dict[str, List[Any]] = {"set_aside": [], "undetermined": [], "rule": [], "condition": []}
    policy = aturan.Policy.from_file(SEMARANG)
    for c in CASES:
        d = policy.evaluate(c["facts"], as_of=c["as_of"], explain=True)
        parts["set_aside"] += d.set_aside
        parts["undetermined"] += d.undetermined
        parts["rule"] += d.explanation or []
        parts["condition"] += [cond for r in d.explanation or [] for cond in r.conditions]
    for kind, found in parts.items():
        assert found, f"the cases give no {kind}"
        for part in found:
            back = pickle.loads(pickle.dumps(part))
            assert back == part and type(back) is type(part) and repr(back) == repr(part), kind
    some = parts["set_aside"][0]
    assert pickle.loads(pickle.dumps(some)).params == some.params


def test_dates_come_back_as_dates_and_texts_as_texts_as_the_policy_declares_them() -> None:
    p = aturan.Policy.from_source(
        'policy "P" version "1"\nfacts { tmt: date\n nomor: text }\n'
        'param mulai: date = 2025-01-01\nparam kode: text = "2025-02-02"\n'
        'rule r "R" source "S" when tmt <= mulai then notice n(sejak: add_years(tmt, 4), sk: nomor)\n'
    )
    d = p.evaluate({"tmt": "2021-10-01", "nomor": "2025-03-03"}, as_of="2025-12-31")
    params = d.notices[0].params
    assert params == {"sejak": datetime.date(2025, 10, 1), "sk": "2025-03-03"}
    assert d.params == {"mulai": datetime.date(2025, 1, 1), "kode": "2025-02-02"}
    again = pickle.loads(pickle.dumps(d))
    assert again == d
    assert again.notices[0].params == params and again.params == d.params
    assert pickle.loads(pickle.dumps(d.notices[0])).params == params


def test_misspelt_fields_name_the_fact_they_may_be(policy: aturan.Policy) -> None:
    facts = {"status": "PNS", "presensi": {"tahun": 2025, "alpa_hri": 12}, "nama": "Budi"}
    assert policy.misspelt_fields(facts) == [("presensi.alpa_hri", "presensi.alpa_hari")]
    assert policy.misspelt_fields({"nama": "Budi", "unit_kerja": "x"}) == []
    # A byte-order mark before the first key of a CSV row (csv.DictReader without utf-8-sig).
    assert policy.misspelt_fields({"\ufeffnip": "1", "status": "PNS"}) == [("\ufeffnip", "nip")]
    assert policy.misspelt_fields({"\u00ef\u00bb\u00bfstatus": "PNS"}) == [("\u00ef\u00bb\u00bfstatus", "status")]


def test_flat_dotted_keys_in_one_employees_dict_are_warned_about(policy: aturan.Policy) -> None:
    """`{"presensi.alpa_hari": 30}` (a flat frame's `to_dict`) leaves presensi missing: said."""
    facts = {"status": "PNS", "presensi.tahun": 2025, "presensi.alpa_hari": 30}
    with pytest.warns(UserWarning, match=r"keys such as `presensi\.tahun`, `presensi\.alpa_hari` are not nested"):
        decision = policy.evaluate(facts, as_of=AS_OF)
    assert decision.sanction is None and decision.undetermined


def test_evaluate_json_reads_facts_text_as_every_layer_does(policy: aturan.Policy) -> None:
    facts = case("Budi")["facts"]
    text = json.dumps(facts)
    expected = policy.evaluate(facts, as_of=AS_OF).to_json()
    assert policy.evaluate_json(text, as_of=AS_OF).to_json() == expected
    assert policy.evaluate_json(text.encode(), as_of=AS_OF).to_json() == expected
    # Exact numbers: `json.loads` would read this score as the float 90.0, and pay 100 %.
    exact = text.replace('"nilai_skp": 86.5', '"nilai_skp": 89.99999999999999999')
    assert exact != text
    tpp = {o.code: o.params for o in policy.evaluate_json(exact, as_of=AS_OF).rewards}["tpp"]
    assert tpp == {"persen": 85}
    assert {o.code: o.params for o in policy.evaluate(json.loads(exact), as_of=AS_OF).rewards}["tpp"] == {"persen": 100}
    # A field named twice, which `json.loads` settles silently, and text that is not JSON.
    with pytest.raises(aturan.FactsError, match="`alpa_hari` is given twice") as err:
        policy.evaluate_json('{"presensi": {"alpa_hari": 3, "alpa_hari": 30}}', as_of=AS_OF)
    assert (err.value.code, err.value.issues) == ("json", [])
    with pytest.raises(aturan.FactsError, match="^the facts are not JSON text: .* at line 1 column 18$"):
        policy.evaluate_json('{"status": "PNS",}', as_of=AS_OF)
    with pytest.raises(aturan.FactsError, match="^fakta bukan teks JSON: .*koma berlebih.* pada baris 1 kolom 18$"):
        policy.evaluate_json('{"status": "PNS",}', as_of=AS_OF, lang="id")
    # Facts that read but do not match have their own code.
    with pytest.raises(aturan.FactsError) as err:
        policy.evaluate_json('{"status": "PNX"}', as_of=AS_OF)
    assert (err.value.code, err.value.issues[0].path) == ("facts", "status")
    with pytest.raises(aturan.FactsError, match="not UTF-8"):
        policy.evaluate_json(b'{"nama": "Andr\xe9"}', as_of=AS_OF)
    with pytest.raises(TypeError, match="must be a str or bytes"):
        policy.evaluate_json(facts, as_of=AS_OF)  # type: ignore[arg-type]
    # The buffers frameworks hand a body over in read as its bytes.
    body = json.dumps(facts).encode()
    expected = policy.evaluate_json(body, as_of=AS_OF).to_json()
    assert policy.evaluate_json(bytearray(body), as_of=AS_OF).to_json() == expected
    assert policy.evaluate_json(memoryview(body), as_of=AS_OF).to_json() == expected


def test_help_shows_what_the_stubs_say_for_the_evaluation_methods() -> None:
    # `help(policy.evaluate)` read one line, and `evaluate_many`'s pointed at itself; an editor
    # shows the stubs' text: the two are one text.
    import ast
    import inspect
    from pathlib import Path

    stub = ast.parse((Path(aturan.__file__).parent / "_aturan.pyi").read_text(encoding="utf-8"))
    policy_class = next(n for n in stub.body if isinstance(n, ast.ClassDef) and n.name == "Policy")
    stubbed = {
        f.name: ast.get_docstring(f) for f in policy_class.body if isinstance(f, ast.FunctionDef)
    }
    for name in ["evaluate", "evaluate_json", "evaluate_many"]:
        runtime = inspect.getdoc(getattr(aturan.Policy, name))
        assert runtime == stubbed[name], name
        assert runtime is not None and len(runtime.splitlines()) >= 5, name
