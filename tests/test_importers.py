"""Importers: each official list format on small real excerpts (tests/data/lists), filters, sources,
validation against the rule schema, bad input files, and byte-identical regeneration."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
import yaml

from watchlist_extractor.errors import WatchlistError
from watchlist_extractor.importers import (
    FORMATS,
    import_list,
    regenerate_shipped_rules,
    write_rule_file,
)
from watchlist_extractor.loading import load_rule_file
from watchlist_extractor.model import RuleFileModel

LISTS = Path(__file__).parent / "data" / "lists"
SDN = LISTS / "ofac_sdn" / "sdn.csv"
SDN_NAMES = LISTS / "ofac_sdn_advanced_names" / "sdn_entities.jsonl"
NONSDN = LISTS / "ofac_consolidated_nonsdn" / "cons_prim.csv"
CSL = LISTS / "us_csl" / "csl_subset_2023-11.csv"
UK = LISTS / "uk_sanctions"
UN = LISTS / "un_consolidated" / "UN_consolidated.xml"
EU_833 = LISTS / "eu_reg833_reg269" / "32014R0833.csv"
EU_269 = LISTS / "eu_reg833_reg269" / "32014R0269.csv"
DOD_1260H = LISTS / "us_dod_1260h" / "sanctions.csv"
NDAA_1286 = LISTS / "us_ndaa_1286" / "section_1286.csv"
MIEU = LISTS / "us_bis_mieu" / "mieu.csv"

EVERY_FORMAT = [
    ("ofac-sdn", SDN), ("ofac-sdn-names", SDN_NAMES), ("ofac-nonsdn", NONSDN), ("csl", CSL),
    ("uk", UK), ("un", UN), ("opensanctions", EU_833), ("opensanctions", EU_269),
    ("opensanctions", DOD_1260H), ("opensanctions", NDAA_1286), ("opensanctions", MIEU),
]


def rule(result, rule_id):
    return next(r for r in result.rules if r["id"] == rule_id)


def plain_terms(r):
    return [t if isinstance(t, str) else t["term"] for t in r["terms"]]


# --- every format -----------------------------------------------------------------------------

def test_formats_are_the_documented_ones():
    assert FORMATS == ("ofac-sdn", "ofac-sdn-names", "ofac-nonsdn", "csl", "uk", "un", "opensanctions")


@pytest.mark.parametrize("fmt, path", EVERY_FORMAT, ids=lambda v: getattr(v, "name", v))
def test_every_format_imports_and_validates(fmt, path, tmp_path):
    result = import_list(fmt, path)
    assert result.rules and result.report.rules == len(result.rules)
    assert len({r["id"] for r in result.rules}) == len(result.rules)
    model = result.to_model()
    assert all(r.source and r.source.list and r.source.entry_id for r in model.rules)
    assert all(any(t.startswith("type:") for t in r.tags) for r in model.rules)
    # the written file loads back to the same data and passes the project's loader
    out = tmp_path / "rules.yaml"
    write_rule_file(result, out)
    data = yaml.load(out.read_text("utf-8"), Loader=yaml.CSafeLoader)
    assert data == result.file_data()
    RuleFileModel.model_validate({"rules": [{**data["defaults"], **r} for r in data["rules"]]})
    loaded = load_rule_file(out)
    assert loaded.problems == [] and len(loaded.rules) == len(result.rules)


# --- OFAC -------------------------------------------------------------------------------------

def test_ofac_sdn_legacy_csv():
    result = import_list("ofac-sdn", SDN, list_date="2024-05-03")
    assert result.info.list_name == "OFAC SDN" and result.shippable
    tekhkrim = rule(result, "ofac-sdn.43225")
    assert tekhkrim["source"] == {
        "list": "OFAC SDN", "entry_id": "43225", "program": "RUSSIA-EO14024", "list_date": "2024-05-03",
        "url": "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=43225"}
    assert tekhkrim["tags"] == ["program:RUSSIA-EO14024", "type:entity", "country:RU"]
    assert plain_terms(tekhkrim)[:2] == ["Tekhkrim", "Closed Joint Stock Company Tekhkrim"]
    assert "Techcrim" in plain_terms(tekhkrim)  # from alt.csv beside sdn.csv
    assert "Техкрим" in plain_terms(tekhkrim)  # Russia-related: a Cyrillic form
    # the weak a.k.a. in the remarks
    assert {"term": "BNC", "weak": True} in rule(result, "ofac-sdn.306")["terms"]
    # alt.csv is newer than sdn.csv: aliases of later entries are reported, not imported
    assert any("not in sdn.csv" in w for w in result.report.warnings)
    assert not any(r["id"] == "ofac-sdn.49193" for r in result.rules)


def test_ofac_sdn_names_joins_sdn_csv_and_keeps_later_designations():
    result = import_list("ofac-sdn-names", SDN_NAMES)  # sdn.csv found in ../ofac_sdn
    putin = rule(result, "ofac-sdn.35096")
    assert putin["tags"] == ["program:RUSSIA-EO14024", "type:individual", "country:RU"]
    assert putin["terms"][:6] == ["Vladimir Vladimirovich Putin", "Владимир Владимирович Путин", "Vladimir Putin",
                                  "Владимир Путин", "Vladimir V. Putin", {"term": "Putin", "weak": True}]
    aero = rule(result, "ofac-sdn.49193")  # designated after sdn.csv: no program, type from its names
    assert aero["tags"] == ["type:entity", "country:RU"] and "program" not in aero["source"]
    assert plain_terms(aero)[:2] == ["Aero-HIT", "Limited Liability Company Aero-HIT"]
    status = rule(result, "ofac-sdn.45047")
    assert {"term": "Status Compliance", "case_sensitive": True, "plurals": True} in status["terms"]
    assert {"term": "Status-IT", "weak": True} in status["terms"]  # the list's capitals, weak a.k.a.
    assert any("delisted" in w for w in result.report.warnings)


def test_ofac_sdn_names_without_sdn_csv(tmp_path):
    alone = tmp_path / "sdn_entities.jsonl"
    shutil.copy(SDN_NAMES, alone)
    result = import_list("ofac-sdn-names", alone)
    assert any("types and programs unknown" in w for w in result.report.warnings)
    assert rule(result, "ofac-sdn.43225")["tags"][0] == "type:entity"


def test_ships_named_with_one_word_count_only_next_to_a_ship_word():
    result = import_list("ofac-sdn", SDN)
    yacht = rule(result, "ofac-sdn.37444")
    # as written and in capitals, as ship names are often written ("the yacht GRACEFUL")
    assert yacht["terms"] == [{"term": "Graceful", "weak": True}, {"term": "GRACEFUL", "weak": True}]
    assert "yacht" in yacht["near"]["terms"] and yacht["near"]["within"] == 1
    assert yacht["exclude"][0] == {"part_of_name": True}  # not "Graceful" in "Graceful Star"
    assert "ship broker" in yacht["exclude"][1]["near"]["terms"]  # nor "Oslo ship broker"
    # a name of several ordinary words keeps a window of a few words around it
    bridge = rule(result, "ofac-sdn.40888")
    assert bridge["terms"] == [{"term": "Golden Bridge", "weak": True},
                               {"term": "GOLDEN BRIDGE", "weak": True}]
    assert "tanker" in bridge["near"]["terms"] and bridge["near"]["within"] == 8
    assert bridge["exclude"][0] == {"part_of_name": True}


def test_late_names_without_type_or_country_are_judged_as_ships(tmp_path):
    names = tmp_path / "sdn_entities.jsonl"
    names.write_text('{"entity_id": 90001, "names": [{"full_name": "EVENTIN", "is_primary": true}]}\n'
                     '{"entity_id": 90002, "names": [{"full_name": "BUK", "is_primary": true}]}\n',
                     encoding="utf-8")
    result = import_list("ofac-sdn-names", names)
    # "Eventin" is distinctive (a company would keep it as a strong alias): counted in a document
    # about ships; "BUK" is an acronym-like word: only next to a ship word
    for rule_id, name, within in (("ofac-sdn.90001", "Eventin", "document"),
                                  ("ofac-sdn.90002", "BUK", 1)):
        ship = rule(result, rule_id)
        assert ship["tags"] == ["type:unknown"]  # what OFAC says is unknown; only the judging changes
        assert ship["terms"][0] == {"term": name, "weak": True} and ship["near"]["within"] == within


def test_late_names_of_people_written_surname_first(tmp_path):
    """The names file writes people surname first and gives no type: a name with a country,
    no legal form, and a first name after a surname-like word is a person."""
    names = tmp_path / "sdn_entities.jsonl"
    add = tmp_path / "add.csv"  # countries for entries sdn.csv lacks come from add.csv beside it
    sdn = tmp_path / "sdn.csv"
    sdn.write_text('36,"AEROCARIBBEAN AIRLINES",-0-,"CUBA",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n',
                   encoding="utf-8")
    (tmp_path / "alt.csv").write_text('36,12,"aka","AERO-CARIBBEAN",-0-\n'
                                      '90020,13,"aka","QASIR, Ja\'afar Mohamed",-0-\n'
                                      '90021,14,"aka","OJSC ROSNEFT OIL COMPANY",-0-\n'
                                      '90021,15,"aka","ROSNEFT OIL COMPANY",-0-\n', encoding="utf-8")
    add.write_text('90011,1,-0-,-0-,"Russia",-0-\n90012,2,-0-,-0-,"Mexico",-0-\n'
                   '90013,3,-0-,-0-,"United Arab Emirates",-0-\n90014,4,-0-,-0-,"Venezuela",-0-\n'
                   '90016,5,-0-,-0-,"Mexico",-0-\n90017,6,-0-,-0-,"Qatar",-0-\n'
                   '90018,7,-0-,-0-,"Malaysia",-0-\n90019,8,-0-,-0-,"Russia",-0-\n'
                   '90022,9,-0-,-0-,"Lithuania",-0-\n90040,10,-0-,-0-,"India",-0-\n'
                   '90041,11,-0-,-0-,"India",-0-\n',
                   encoding="utf-8")
    names.write_text(
        '{"entity_id": 90011, "names": [{"full_name": "Mendeleev Sergey", "is_primary": true}]}\n'
        '{"entity_id": 90012, "names": [{"full_name": "CASTANEDA MEZA Juan Carlos", "is_primary": true}]}\n'
        '{"entity_id": 90013, "names": [{"full_name": "Zhang Jian", "is_primary": true}]}\n'
        '{"entity_id": 90014, "names": [{"full_name": "Hernandez Larez Johan Alexander", "is_primary": true}]}\n'
        '{"entity_id": 90015, "names": [{"full_name": "Sirius Star", "is_primary": true}]}\n'
        '{"entity_id": 90016, "names": [{"full_name": "Viramontes Sesteaga Alan", "is_primary": true}]}\n'
        '{"entity_id": 90017, "names": [{"full_name": "Al Ahmar Hamid Abdullah Hussein", "is_primary": true}]}\n'
        '{"entity_id": 90018, "names": [{"full_name": "Bin Ahmad Mohammad Roslan", "is_primary": true}]}\n'
        '{"entity_id": 90019, "names": [{"full_name": "GHAIRAT Hushang", "is_primary": true}]}\n'
        '{"entity_id": 90022, "names": [{"full_name": "UAB Flavour Labs", "is_primary": true}]}\n'
        '{"entity_id": 90040, "names": [{"full_name": "Choudhary Sandeep Singh", "is_primary": true}]}\n'
        '{"entity_id": 90041, "names": [{"full_name": "Keot Dipankar Rajendra", "is_primary": true}]}\n',
        encoding="utf-8")
    result = import_list("ofac-sdn-names", names, sdn_csv=sdn)
    mendeleev = rule(result, "ofac-sdn.90011")
    assert "type:individual" in mendeleev["tags"]
    assert "Sergey Mendeleev" in plain_terms(mendeleev)
    assert {"term": "Mendeleev", "weak": True} in mendeleev["terms"]  # a surname alone is weak
    assert plain_terms(rule(result, "ofac-sdn.90012"))[0] == "Juan Carlos Castaneda Meza"  # capitals
    assert {"Jian Zhang", "Zhang Jian"} <= set(plain_terms(rule(result, "ofac-sdn.90013")))  # as written too
    assert "Johan Alexander Hernandez Larez" in plain_terms(rule(result, "ofac-sdn.90014"))  # two surnames
    assert "type:individual" not in rule(result, "ofac-sdn.90015")["tags"]  # a ship: no country
    # the known first names at the end are the first names, whatever the surname's length; a
    # particle belongs to the surname after it
    assert "Alan Viramontes Sesteaga" in plain_terms(rule(result, "ofac-sdn.90016"))
    assert "Hamid Abdullah Hussein Al Ahmar" in plain_terms(rule(result, "ofac-sdn.90017"))
    assert "Mohammad Roslan Bin Ahmad" in plain_terms(rule(result, "ofac-sdn.90018"))
    # the file's capitals mark the surname even without a known first name; not a firm's
    # legal-form acronym
    ghairat = rule(result, "ofac-sdn.90019")
    assert "type:individual" in ghairat["tags"] and "Hushang Ghairat" in plain_terms(ghairat)
    assert "type:individual" not in rule(result, "ofac-sdn.90022")["tags"]
    # designated after the names file: known only by the a.k.a.s of the newer alt.csv
    qasir = rule(result, "ofac-sdn.90020")
    assert "type:individual" in qasir["tags"] and "Ja'afar Mohamed Qasir" in plain_terms(qasir)
    assert "Rosneft Oil Company" in plain_terms(rule(result, "ofac-sdn.90021"))
    assert any("only in alt.csv" in w for w in result.report.warnings)
    # Indian nationals are written surname, given name, father's name: "Keot Dipankar Rajendra"
    # is Dipankar Rajendra Keot even though only the father's name is a known first name
    choudhary = rule(result, "ofac-sdn.90040")
    assert "type:individual" in choudhary["tags"]
    assert "Sandeep Singh Choudhary" in plain_terms(choudhary)
    assert "Dipankar Rajendra Keot" in plain_terms(rule(result, "ofac-sdn.90041"))


def test_a_korean_posted_abroad_keeps_the_korean_name_order(tmp_path):
    """KIM, Sang Man: DPRK program, addresses in Russia and North Korea. News writes him "Kim
    Sang Man"; a Russian of the Russia program with a Hong Kong address keeps the Russian order."""
    sdn = tmp_path / "sdn.csv"
    sdn.write_text('43377,"KIM, Sang Man","individual","DPRK4",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n'
                   '90030,"SAVELOV, Marat","individual","RUSSIA-EO14024",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n',
                   encoding="utf-8")
    (tmp_path / "add.csv").write_text(
        '43377,1,-0-,"Vladivostok","Russia",-0-\n43377,2,-0-,"Pyongyang","Korea, North",-0-\n'
        '90030,3,-0-,"Moscow","Russia",-0-\n90030,4,-0-,-0-,"Hong Kong",-0-\n', encoding="utf-8")
    result = import_list("ofac-sdn", sdn)
    assert "Kim Sang-Man" in plain_terms(rule(result, "ofac-sdn.43377"))
    savelov = plain_terms(rule(result, "ofac-sdn.90030"))
    assert savelov[:2] == ["Marat Savelov", "Марат Савелов"]
    assert not any(t.startswith("Savelov ") for t in savelov)


def test_ships_named_with_one_word_in_articles(tmp_path):
    from watchlist_extractor import compile_rules, load_rules, scan_text

    out = tmp_path / "uk.yaml"
    write_rule_file(import_list("uk", UK), out, report=False)
    compiled = compile_rules(load_rules([out]))

    def ships(text):
        return [m.matched_text for m in scan_text(text, compiled) if m.rule_id in ("uk.rus2894", "uk.rus3342")]

    assert ships("The tanker Veles and MT Briont loaded at Primorsk; the Briont tanker left.") == [
        "Veles", "Briont", "Briont"]
    assert ships("Briont (IMO 9254927) and the Cameroon-flagged Veles sailed.") == ["Briont", "Veles"]
    assert ships("Two tankers, the Cameroon-flagged VELES and BRIONT, sailed.") == ["VELES", "BRIONT"]
    assert ships("Tankers waited near the Veles Capital office; the tanker Briont Star sailed.") == []
    # "Briont" is a distinctive name: in a story about tankers it is the ship wherever it stands;
    # "Veles" (a plain word in news: a god, a town) still needs a ship word next to it
    assert ships("Veles drones and two tankers, Briont among them, were seen.") == ["Briont"]
    assert ships("Briont drones were seen.") == []  # no ship anywhere in the document
    assert ships("Tankers sailed. Briont Bay is calm; the port of Briont closed.") == []  # places
    assert ships("Tankers sailed; the Marshall Islands-flagged Briont too.") == ["Briont"]  # a flag
    assert ships("said Veles ship broker Fearnleys; Briont tanker rates rose.") == []  # markets


def test_generic_names_count_in_a_sentence_naming_the_country():
    mss = rule(import_list("ofac-sdn", SDN), "ofac-sdn.20129")
    assert mss["terms"][0] == {"term": "Ministry of State Security", "weak": True}
    assert mss["near"] == {"terms": ["North Korea", "Korea North", "Democratic People's Republic of Korea",
                                     "DPRK", "Korea Democratic People's Republic of", "North Korean"],
                           "within": "sentence"}


def test_ofac_nonsdn():
    result = import_list("ofac-nonsdn", NONSDN)
    assert result.info.severity == "medium" and result.defaults["severity"] == "medium"
    dji = rule(result, "ofac-nonsdn.33111")
    assert dji["tags"] == ["program:CMIC-EO13959", "type:entity", "country:CN"]
    assert plain_terms(dji)[:2] == ["SZ DJI Technology", "SZ DJI Technology Co., Ltd"]
    norinco = rule(result, "ofac-nonsdn.30957")
    assert "China North Industries Group" in plain_terms(norinco)


# --- CSL --------------------------------------------------------------------------------------

def test_csl_sub_lists_become_tags_and_severities():
    result = import_list("csl", CSL)
    assert result.info.list_date == "2022-08-24"  # the latest start_date in the excerpt
    assert not any(r["name"] == "name" for r in result.rules)  # the repeated header row is skipped
    codes = {t for r in result.rules for t in r["tags"] if t.startswith("list:")}
    assert {"list:EL", "list:MEU", "list:UVL", "list:DPL", "list:ISN", "list:DTC", "list:SDN",
            "list:CMIC"} <= codes
    gru = rule(result, "csl.el.main-intelligence-directorate")
    assert gru["source"]["list"] == "US CSL: Entity List (EL)" and "severity" not in gru  # medium
    assert {"term": "GRU", "case_sensitive": True} in gru["terms"]
    assert rule(result, "csl.dpl.aaron-abraham-villa")["severity"] == "high"
    assert rule(result, "csl.uvl.atlas-sanatgaran")["severity"] == "low"


def test_csl_names_joined_in_one_alias_are_split():
    # alt_names items of the November 2023 CSL (ISN and EL rows) that hold several names
    from watchlist_extractor.importers.csl import split_joined_aliases

    assert split_joined_aliases("MODAFL, Ministry Of Defense And Support For Armed Forces "
                                "Logisitcs, MODSAF") == [
        "MODAFL", "Ministry Of Defense And Support For Armed Forces Logisitcs", "MODSAF"]
    assert split_joined_aliases("Eyvaz Technic, Eyvaz Technik, Eyvaz Technic Industrial") == [
        "Eyvaz Technic", "Eyvaz Technik", "Eyvaz Technic Industrial"]
    assert split_joined_aliases("JSC NIIP, f.k.a., Otkrytoe Aktsionernoe Obshchestvo") == [
        "JSC NIIP", "Otkrytoe Aktsionernoe Obshchestvo"]
    # one name with commas stays one name
    for name in ("Massandra State Concern, National Production and Agrarian Union, OJSC",
                 "Beijing Tianhua, Ltd.", "Rostec, JSC"):
        assert split_joined_aliases(name) == [name]


def test_csl_names_are_cleaned_of_the_federal_registers_writing(tmp_path):
    # the real Entity List row (2001), with its "; and ..." alias, parent organisation and
    # quotation marks lost in the file's encoding
    header = CSL.read_text(encoding="utf-8").splitlines()[0]
    row = ('x,"Entity List (EL) - Bureau of Industry and Security",,,,"Baotou Guanghua Chemical '
           'Industrial Corporation (Parent Organization: China National Nuclear Group Corporation '
           '(CNNC))",,"202 Factory Baotou, Inner Mongolia, CN",,2001-05-14,,,,,,,,,,,,,"202 Plant, '
           'Baotou Nuclear Energy Facility; Baotou Nuclear Fuel Element Plant; and China Nuclear '
           'Baotou Guanghua; AO ?Yaltinskaya Kinostudiya?",,,,,,')
    path = tmp_path / "csl.csv"
    path.write_text(header + "\n" + row + "\n", encoding="utf-8")
    (baotou,) = import_list("csl", path).rules
    # the rule id stays that of the list's own spelling
    assert baotou["id"] == "csl.el.baotou-guanghua-chemical-industrial-corporation-parent"
    assert baotou["name"] == "Baotou Guanghua Chemical Industrial Corporation"
    terms = plain_terms(baotou)
    assert "China Nuclear Baotou Guanghua" in terms and "Guanghua Chemical Industrial" in terms
    assert "Yaltinskaya Kinostudiya" in terms
    assert not any(t.startswith("and ") or "?" in t or "Parent" in t for t in terms)


def test_csl_rows_of_one_party_at_several_addresses_are_one_rule():
    result = import_list("csl", CSL, lists=["EL"])
    names = [r["name"] for r in result.rules]
    assert len(names) == len(set(names))


# --- UK and UN --------------------------------------------------------------------------------

def test_uk():
    result = import_list("uk", UK / "subjects.csv")
    assert result.info.list_date == "2026-04-16"
    putin = rule(result, "uk.rus0251")
    assert putin["source"]["program"] == "Russia" and putin["tags"] == ["program:Russia", "type:individual"]
    assert "Vladimir Putin" in plain_terms(putin)
    autel = rule(result, "uk.rus2299")
    assert plain_terms(autel) == ["Autel Robotics", "Autel Robotics Co., Ltd"]
    assert "near" in rule(result, "uk.rus2907")  # ship WALL
    # Korean names (DPR regime) are also written surname first, the given name hyphenated (which also
    # matches "Kim Pyong Chol")
    assert "Kim Pyong-Chol" in plain_terms(rule(result, "uk.dpr0023"))


def test_uk_needs_both_files(tmp_path):
    shutil.copy(UK / "subjects.csv", tmp_path / "subjects.csv")
    with pytest.raises(WatchlistError, match="subject_names.csv"):
        import_list("uk", tmp_path / "subjects.csv")


def test_un():
    result = import_list("un", UN)
    assert result.info.list_date == "2026-02-27"
    aqi = rule(result, "un.qde.115")
    assert aqi["source"]["program"] == "Al-Qaida" and "AL-Qaida in Iraq" in plain_terms(aqi)
    assert "القاعده في العراق" in plain_terms(aqi)  # original script
    umarov = rule(result, "un.qdi.290")
    assert {"Doku Umarov", "Доку Хаматович Умаров", "Доку Умаров"} <= set(plain_terms(umarov))
    yun = rule(result, "un.kpi.001")  # FIRST_NAME is the family name
    assert plain_terms(yun)[:2] == ["Yun Ho-Jin", "Ho-Jin Yun"]
    low = rule(result, "un.qdi.001")
    assert {"term": "Ibrahim al-Madani", "weak": True} in low["terms"]  # quality "Low"


# --- OpenSanctions (CC BY-NC: imports, never shipped) -----------------------------------------

@pytest.mark.parametrize("path, name, severity", [
    (EU_833, "EU Regulation 833/2014", "medium"),
    (EU_269, "EU Regulation 269/2014", "high"),
    (DOD_1260H, "US DoD Section 1260H", "medium"),
    (NDAA_1286, "US NDAA Section 1286", "low"),
    (MIEU, "BIS Military-Intelligence End User List", "medium"),
])
def test_opensanctions_layouts_are_sniffed(path, name, severity):
    result = import_list("opensanctions", path)
    assert result.info.list_name == name and result.info.severity == severity
    assert not result.shippable
    text = io.StringIO()
    write_rule_file(result, text)
    assert "NOT FOR SHIPPING" in text.getvalue()


def test_eu_aliases_in_two_scripts():
    result = import_list("opensanctions", EU_833)
    effektec = rule(result, "eu-833.iv.896")
    assert {"Effektec", "Эффектек", "Effektek"} <= set(plain_terms(effektec))
    chinese = rule(result, "eu-833.iv.897")
    assert {"term": "深圳市斯尔优科技", "whole_word": False} in chinese["terms"]


def test_dod_1260h_one_rule_per_company_and_ended_rows_left_out():
    result = import_list("opensanctions", DOD_1260H)
    assert any("end date" in w for w in result.report.warnings)
    ids = [r["id"] for r in result.rules]
    assert "dod-1260h.aerospace-ch-uav-co-ltd" in ids and len(ids) == len(set(ids))
    dji = rule(result, "dod-1260h.shenzhen-dji-technology-co-ltd")
    assert {"term": "DJI", "case_sensitive": True} in dji["terms"]


# --- filters ----------------------------------------------------------------------------------

def test_filter_by_program():
    result = import_list("ofac-sdn", SDN, programs=["RUSSIA-EO14024"])
    assert result.rules and all("program:RUSSIA-EO14024" in r["tags"] for r in result.rules)
    assert result.report.filtered["program"] > 0


def test_filter_by_type():
    for kind in ("individual", "vessel", "aircraft", "entity"):
        result = import_list("ofac-sdn", SDN, types=[kind])
        assert result.rules and all(f"type:{kind}" in r["tags"] for r in result.rules)


def test_filter_by_country_code_or_name():
    by_code = import_list("ofac-sdn", SDN, countries=["RU"])
    by_name = import_list("ofac-sdn", SDN, countries=["Russia"])
    assert by_code.rules == by_name.rules
    assert all("country:RU" in r["tags"] for r in by_code.rules)


def test_filter_by_csl_sub_list():
    result = import_list("csl", CSL, lists=["EL", "MEU"])
    assert {t for r in result.rules for t in r["tags"] if t.startswith("list:")} == {"list:EL", "list:MEU"}


def test_filters_combine():
    result = import_list("ofac-sdn", SDN, programs=["RUSSIA-EO14024"], types=["individual"], countries=["RU"])
    assert {r["id"] for r in result.rules} >= {"ofac-sdn.35096", "ofac-sdn.35220"}
    assert all("type:individual" in r["tags"] for r in result.rules)


# --- bad input: one line naming the file and what to do ---------------------------------------

@pytest.mark.parametrize("fmt, path, message", [
    ("ofac-sdn", CSL, "not an OFAC sdn.csv row"),
    ("ofac-sdn", LISTS / "missing.csv", "no such file"),
    ("ofac-nonsdn", LISTS / "us_csl", "folder has no cons_prim.csv"),
    ("ofac-sdn-names", SDN, "not an OFAC names record"),
    ("csl", SDN, "not a Consolidated Screening List CSV"),
    ("un", CSL, "not valid XML"),
    ("opensanctions", LISTS / "us_fcc_covered_list" / "table.csv", "names equipment and services"),
    ("opensanctions", CSL, "unknown OpenSanctions CSV layout"),
])
def test_bad_input_files(fmt, path, message):
    with pytest.raises(WatchlistError) as info:
        import_list(fmt, path)
    text = str(info.value)
    assert message in text and path.name in text and "\n" not in text


def test_a_foreign_xml_file(tmp_path):
    other = tmp_path / "other.xml"
    other.write_text("<root/>", encoding="utf-8")
    with pytest.raises(WatchlistError, match=r"other.xml: not the UN consolidated list"):
        import_list("un", other)


@pytest.mark.parametrize("kwargs, message", [
    ({"fmt": "sdn"}, "unknown list format 'sdn'"),
    ({"types": ["ship-or-plane"]}, "unknown type 'ship-or-plane'"),
    ({"countries": ["Atlantis"]}, "unknown country 'Atlantis'"),
    ({"list_date": "May 2024"}, "write it as YYYY-MM-DD"),
])
def test_bad_options(kwargs, message):
    fmt = kwargs.pop("fmt", "ofac-sdn")
    with pytest.raises(WatchlistError, match=message):
        import_list(fmt, SDN, **kwargs)


# --- writing and regenerating -----------------------------------------------------------------

def test_written_file_is_compact_and_starts_with_its_provenance(tmp_path):
    result = import_list("ofac-sdn", SDN, list_date="2024-05-03")
    paths = write_rule_file(result, tmp_path / "sdn.yaml")
    assert [p.name for p in paths] == ["sdn.yaml", "sdn.report.tsv"]
    text = paths[0].read_text("utf-8")
    assert text.startswith("# OFAC Specially Designated Nationals and Blocked Persons List (SDN)\n"
                           "# List date: 2024-05-03. Licence: public domain")
    assert "  terms: [Tekhkrim, Closed Joint Stock Company Tekhkrim, " in text
    report = paths[1].read_text("utf-8").splitlines()
    assert report[2] == "rule_id\taction\treason\talias"
    assert "ofac-sdn.306\tweak\tthree-letter acronym\tBNC" in report


def test_write_to_a_stream_writes_no_report():
    result = import_list("un", UN)
    stream = io.StringIO()
    assert write_rule_file(result, stream) == []
    assert yaml.safe_load(stream.getvalue()) == result.file_data()
    assert result.summary().startswith("UN Security Council Consolidated List (un): 13 entries read")


def test_regeneration_is_byte_identical_and_ships_only_open_lists(tmp_path):
    first = regenerate_shipped_rules(LISTS, tmp_path / "a")
    second = regenerate_shipped_rules(LISTS, tmp_path / "b")
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == ["PROVENANCE.md", "csl.report.tsv", "csl.yaml", "ofac-nonsdn.report.tsv", "ofac-nonsdn.yaml",
                     "ofac-sdn.report.tsv", "ofac-sdn.yaml", "uk.report.tsv", "uk.yaml", "un.report.tsv", "un.yaml"]
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert all(r.shippable for r in first.results.values())
    def counts(regenerated):
        return [line for line in regenerated if not line.startswith("wrote ")]

    assert counts(first) == counts(second) != []
    for name in names:
        if name.endswith(".yaml"):
            head = (tmp_path / "a" / name).read_text("utf-8").splitlines()[:8]
            assert head[0].startswith("# ") and head[1].startswith("# List date: ")
            assert any("Licence:" in line for line in head)
            assert "# Regenerate: watchlist rules regenerate ../shared/data/lists" in head


def test_regeneration_removes_its_old_files_only(tmp_path):
    out = tmp_path / "lists"
    regenerate_shipped_rules(LISTS, out)
    (out / "old-list.yaml").write_text((out / "un.yaml").read_text("utf-8"), encoding="utf-8")
    (out / "old-list.report.tsv").write_text("x\n", encoding="utf-8")
    (out / "mine.yaml").write_text("rules: []\n", encoding="utf-8")
    result = regenerate_shipped_rules(LISTS, out)
    assert sorted(p.name for p in result.removed) == ["old-list.report.tsv", "old-list.yaml"]
    assert (out / "mine.yaml").exists()


def test_shipped_csl_is_the_bis_and_state_part(tmp_path):
    result = regenerate_shipped_rules(LISTS, tmp_path).results["csl"]
    codes = {t for r in result.rules for t in r["tags"] if t.startswith("list:")}
    assert codes <= {"list:EL", "list:MEU", "list:UVL", "list:DPL", "list:ISN", "list:DTC"}


def test_shipped_nonsdn_rules_carry_the_csl_aliases(tmp_path):
    result = regenerate_shipped_rules(LISTS, tmp_path).results["ofac-nonsdn"]
    assert "Norinco" in plain_terms(rule(result, "ofac-nonsdn.30957"))
    assert {"term": "DJI", "case_sensitive": True} in rule(result, "ofac-nonsdn.33111")["terms"]


def test_regeneration_needs_the_list_folder(tmp_path):
    with pytest.raises(WatchlistError, match="no such folder"):
        regenerate_shipped_rules(tmp_path / "nowhere", tmp_path / "out")
    (tmp_path / "partial").mkdir()
    with pytest.raises(WatchlistError, match="sdn_entities.jsonl"):
        regenerate_shipped_rules(tmp_path / "partial", tmp_path / "out")


# --- short one-word names and the quality the lists give --------------------------------------

def test_a_short_alias_of_unknown_quality_is_weak_and_a_good_one_strong(tmp_path):
    # OFAC's names file (no quality) gives "SAIT" beside "AO NPP SAIT": weak, so that "Niyas Sait"
    # is not the company; an a.k.a. of alt.csv is vouched for by OFAC and stays strong
    names = tmp_path / "sdn_entities.jsonl"
    names.write_text('{"entity_id": 50006, "names": [{"full_name": "AO NPP SAIT", "is_primary": true, '
                     '"type_id": "1403"}, {"full_name": "SAIT", "is_primary": false, "type_id": "1400"}]}\n',
                     encoding="utf-8")
    sait = rule(import_list("ofac-sdn-names", names), "ofac-sdn.50006")
    assert {"term": "Sait", "weak": True} in sait["terms"] and "NPP Sait" in sait["terms"]
    subjects = tmp_path / "subjects.csv"
    subjects.write_text("unique_id,subject_type,un_reference_number,ofsi_group_id,date_designated,last_updated\n"
                        "RUS9001,entity,,1,01/01/2024,01/01/2024\nRUS9002,entity,,2,01/01/2024,01/01/2024\n",
                        encoding="utf-8")
    (tmp_path / "subject_names.csv").write_text(
        "name_id,unique_id,name_type,alias_strength,full_name,name_6,name_1,name_2,name_3,name_4,name_5\n"
        "1,RUS9001,primary,,JSC SLAVA,JSC SLAVA,,,,,\n2,RUS9001,alias,good_quality_aka,SLAVA,SLAVA,,,,,\n"
        "3,RUS9002,primary,,JSC SAIT,JSC SAIT,,,,,\n4,RUS9002,alias,,SAIT,SAIT,,,,,\n", encoding="utf-8")
    result = import_list("uk", subjects)
    assert "Slava" in rule(result, "uk.rus9001")["terms"]
    assert {"term": "Sait", "weak": True} in rule(result, "uk.rus9002")["terms"]


def test_a_frequent_name_alone_does_not_count_next_to_the_country(tmp_path):
    # "HABIB, Salah" has only weak names (two first names): they count in a sentence naming his
    # countries, but "Habib" alone next to "Syria" is anyone called Habib
    sdn = tmp_path / "sdn.csv"
    sdn.write_text('20222,"HABIB, Salah","individual","SYRIA","Position: Owner",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
                   '"DOB 05 Jul 1962; POB Ain el-Karm, Syria; citizen France; alt. citizen Syria."\n',
                   encoding="utf-8")
    result = import_list("ofac-sdn", sdn)
    habib = rule(result, "ofac-sdn.20222")
    assert habib["terms"] == [{"term": "Salah Habib", "weak": True}] and "Syria" in habib["near"]["terms"]
    assert any(n.alias == "Habib" and n.action == "drop" for n in result.report.notes)


def test_a_ships_number_is_written_both_ways():
    # "BELLA 1" (OFAC SDN 49248) is "Bella I" in the press, and "GRACE I" is "Grace 1"; the other
    # form is weak, so "GoPro Hero 2" is not the tanker HERO II
    from watchlist_extractor.importers._core import _with_numeral_forms
    from watchlist_extractor.importers.names import Term

    terms = _with_numeral_forms([Term("Bella 1", weak=True), Term("Hero II"), Term("Sea Star")])
    assert [t.to_yaml() for t in terms] == [
        {"term": "Bella 1", "weak": True}, "Hero II", "Sea Star",
        {"term": "Bella I", "weak": True}, {"term": "Hero 2", "weak": True}]


def test_a_ships_weak_one_word_name_also_counts_beside_a_ship_word():
    # OFAC SDN 27280 is "SOBAR", a.k.a. "RISE DIGNITY": "Sobar" alone is weak (it counts beside
    # "Rise Dignity"), and a second rule citing the same entry takes it next to a ship word
    from watchlist_extractor.importers._core import VESSEL_DESIGNATIONS, _ship_word_rule
    from watchlist_extractor.importers.names import Term

    rule = {"id": "ofac-sdn.27280", "name": "SOBAR", "source": {"entry_id": "27280"},
            "tags": ["type:vessel"]}
    extra = _ship_word_rule(rule, [Term("Rise Dignity"), Term("Sobar", weak=True)])
    assert extra is not None and extra["id"] == "ofac-sdn.27280-beside-ship-word"
    assert extra["source"] == rule["source"]
    assert extra["near"] == {"terms": VESSEL_DESIGNATIONS, "within": 1, "lists": True}
    assert extra["terms"] == [{"term": "Sobar", "weak": True}, {"term": "SOBAR", "weak": True}]
    assert _ship_word_rule(rule, [Term("Rise Dignity")]) is None
