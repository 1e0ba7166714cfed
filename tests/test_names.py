"""Name variants: listed names → the terms news writes (importers/names.py)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from watchlist_extractor.importers.names import (
    ListedName,
    NameVariants,
    PersonName,
    Term,
    Verdict,
    assess,
    clean_name,
    cyrillic_to_latin,
    latin_to_cyrillic,
    news_case,
    parse_person,
    person_variants,
    split_parenthetical,
    strip_legal_forms,
)


def terms_of(kind: str, *names: str | ListedName, russian: bool = False, country: str | None = None):
    variants = NameVariants(kind, russian=russian, country=country)
    for name in names:
        variants.add(name if isinstance(name, ListedName) else ListedName(name))
    return [t.to_yaml() for t in variants.terms()], variants.notes


# --- legal forms ---------------------------------------------------------------------------

@pytest.mark.parametrize("listed, core", [
    ("CJSC TEKHKRIM", "TEKHKRIM"),
    ("CLOSED JOINT STOCK COMPANY TEKHKRIM", "TEKHKRIM"),
    ("Closed Joint-Stock Company Tekhkrim", "Tekhkrim"),
    ("SZ DJI TECHNOLOGY CO., LTD.", "SZ DJI TECHNOLOGY"),
    ("SZ DJI Technology Co. Ltd", "SZ DJI Technology"),
    ("ROMASHKA LLC", "ROMASHKA"),
    ("DENKAR SHIP CONSTRUCTION INCORPORATED COMPANY", "DENKAR SHIP CONSTRUCTION"),  # Turkish A.S.
    ("LLC Aero-HIT", "Aero-HIT"),
    ("LIMITED LIABILITY COMPANY STATUS COMPLAINS", "STATUS COMPLAINS"),
    ("STATUS KOMPLAINS OOO", "STATUS KOMPLAINS"),
    ("OOO ROMASHKA", "ROMASHKA"),
    ("ООО «Эффектек»", "Эффектек"),
    ("Общество с ограниченной ответственностью Ромашка", "Ромашка"),
    ("AO ROMASHKA", "ROMASHKA"),
    ("PAO ROMASHKA", "ROMASHKA"),
    ("PJSC ROMASHKA", "ROMASHKA"),
    ("JSC ROMASHKA", "ROMASHKA"),
    ("OPEN JOINT STOCK COMPANY ROMASHKA", "ROMASHKA"),
    ("PUBLIC JOINT-STOCK COMPANY ROMASHKA", "ROMASHKA"),
    ("JOINT STOCK COMPANY ROMASHKA", "ROMASHKA"),
    ("AKTSIONERNOE OBSHCHESTVO ROMASHKA", "ROMASHKA"),
    ("Romashka GmbH", "Romashka"),
    ("Romashka GmbH & Co. KG", "Romashka"),
    ("Romashka Company Limited", "Romashka"),
    ("SEA ART SHIP MANAGEMENT OPC PRIVATE LIMITED", "SEA ART SHIP MANAGEMENT"),  # India
    ("Rayyan Shipping (OPC) Private Limited", "Rayyan Shipping"),
    ("Romashka Trading FZE", "Romashka Trading"),
    ("Romashka FZCO", "Romashka"),
    ("Romashka LLP", "Romashka"),
    ("Romashka Pte. Ltd.", "Romashka"),
    ("Romashka Sp. z o.o.", "Romashka"),
    ("Romashka AG", "Romashka"),
    ("Romashka S.A.", "Romashka"),
    ("Romashka S.A. de C.V.", "Romashka"),
    ("Romashka Corporation", "Romashka"),
    ("Romashka, Inc.", "Romashka"),
    ("ROMASHKA DIS TICARET LIMITED SIRKETI", "ROMASHKA"),
    ("FEDERAL STATE UNITARY ENTERPRISE ROMASHKA", "ROMASHKA"),
    ("深圳市斯尔优科技有限公司", "深圳市斯尔优科技"),
])
def test_legal_forms_are_removed(listed, core):
    assert strip_legal_forms(listed) == core


@pytest.mark.parametrize("name", ["Limited Liability Company", "JSC", "AS Trading", "Sun Co"])
def test_a_name_never_disappears(name):
    assert strip_legal_forms(name)
    assert strip_legal_forms("AS Trading") == "AS Trading"  # "AS" is a suffix-only form


def test_a_form_that_is_also_part_of_names_keeps_both_spellings():
    # "EK" after a Russian name is ЭК (electronic components), which news keeps ("Saturn EK")
    # or drops ("Simmetron"); "e.K." with its dots is a German sole trader.
    terms, _ = terms_of("entity", "SATURN EK OOO")
    assert terms == ["Saturn EK", "Saturn EK OOO", {"term": "Saturn", "weak": True}]
    terms, _ = terms_of("entity", "SIMMETRON EK OOO")
    assert terms[:3] == ["Simmetron", "Simmetron EK", "Simmetron EK OOO"]
    assert strip_legal_forms("Courier e.K.", only_dotted=True) == "Courier"


def test_legal_form_table_is_data_with_a_header():
    text = resources.files("watchlist_extractor").joinpath("data/legal_forms.yaml").read_text("utf-8")
    assert text.startswith("# ") and "Where it comes from" in text and "Licence" in text


def test_entity_keeps_the_bare_name_and_the_full_name():
    terms, _ = terms_of("entity", "CJSC TEKHKRIM", "CLOSED JOINT STOCK COMPANY TEKHKRIM")
    assert terms == ["Tekhkrim", "CJSC Tekhkrim", "Closed Joint Stock Company Tekhkrim"]
    terms, _ = terms_of("entity", "SZ DJI TECHNOLOGY CO., LTD.")
    assert terms[:2] == ["SZ DJI Technology", "SZ DJI Technology Co., Ltd"]


def test_an_acronym_among_generic_words_of_a_written_name_becomes_case_sensitive():
    terms, _ = terms_of("entity", "SZ DJI Technology Co., Ltd.")
    assert {"term": "DJI", "case_sensitive": True} in terms
    assert "DJI Technology" in terms  # news drops the city (SZ = Shenzhen)


def test_an_enterprise_type_is_no_brand_acronym():
    # "NPO" (scientific production association) stands before many Russian names: alone it
    # would flag every "NPO Mashinostroyeniya" as this company.
    terms, _ = terms_of("entity", "SIU SYSTEM JOINT STOCK COMPANY", "Joint Stock Company NPO System")
    assert {"term": "NPO", "case_sensitive": True} not in terms
    assert "Joint Stock Company NPO System" in terms


def test_an_english_word_name_is_weak_alone_and_strong_with_its_legal_form():
    terms, _ = terms_of("entity", "LIMITED LIABILITY COMPANY SPECTRUM")
    assert {"term": "Spectrum", "weak": True} in terms
    assert "LLC Spectrum" in terms and "Spectrum" not in terms


def test_a_distinctive_first_word_before_generic_words_is_a_weak_alias():
    # "Siliborn Technology Limited" is "Siliborn" in the next sentence of the article
    terms, _ = terms_of("entity", "SILIBORN TECHNOLOGY LIMITED")
    assert terms[:2] == ["Siliborn Technology", "Siliborn Technology Limited"]
    assert {"term": "Siliborn", "weak": True} in terms
    # not a plain word, nor a short word, nor before a specific word
    assert not any(isinstance(t, dict) and t["term"] == "Spectrum"
                   for t in terms_of("entity", "SPECTRUM INTERNATIONAL LLC")[0])
    assert terms_of("entity", "ALFA TECHNOLOGY LLC")[0] == ["Alfa Technology", "Alfa Technology LLC"]
    assert {"term": "Siliborn", "weak": True} not in terms_of("entity", "SILIBORN KOMPOZIT LLC")[0]


def test_a_name_ending_in_company_is_also_written_with_co():
    terms, _ = terms_of("entity", "OPEN JOINT STOCK COMPANY BELARUSIAN POTASH COMPANY")
    assert "Belarusian Potash Company" in terms and "Belarusian Potash Co" in terms
    assert not any("Co" == str(t).split()[-1] for t in terms_of("entity", "Potash Company")[0])


def test_a_name_ending_in_company_is_also_matched_without_it_as_written():
    terms, _ = terms_of("entity", "KALAYE ELECTRIC COMPANY")
    # as written only: "Belarusian Potash" is the company, "Belarusian potash" the commodity
    assert {"term": "Kalaye Electric", "case_sensitive": True} in terms
    generic, notes = terms_of("entity", "ADVANCED SYSTEMS RESEARCH COMPANY")
    assert {"term": "Advanced Systems Research", "weak": True} in generic  # judged like any alias
    assert [n.reason for n in notes] == ["generic phrase"]
    # not a legal form cut in two, nor a dangling "and"
    assert not any(str(t).endswith(("Joint Stock", "Liability")) for t in terms_of(
        "entity", "AVIA GROUP TERMINAL LIMITED LIABILITY COMPANY")[0])
    assert not any(str(t).endswith(" and") for t in terms_of("entity", "SMITH AND COMPANY")[0])




def test_a_name_starting_with_the_is_also_matched_without_it():
    terms, _ = terms_of("entity", "THE NUCLEAR REACTORS FUEL COMPANY")
    assert "The Nuclear Reactors Fuel Company" in terms and "Nuclear Reactors Fuel Company" in terms
    # the rest is judged like any alias, with its legal form removed
    terms, _ = terms_of("entity", "The Closed Joint-Stock Company Kraslesinvest")
    assert "Kraslesinvest" in terms
    # a dictionary word left alone is weak, even where the list vouches for "The ..."
    terms, _ = terms_of("entity", ListedName("The Youth", good_quality=True))
    assert {"term": "Youth", "weak": True} in terms
    # a ship keeps its registered name
    ship, _ = terms_of("vessel", "THE BEST")
    assert [t["term"] if isinstance(t, dict) else t for t in ship] == ["The Best"]




def test_news_drops_the_province_and_then_the_city():
    terms, _ = terms_of("entity", "SHANDONG SHOUGUANG LUQING PETROCHEMICAL CO., LTD.")
    assert "Shouguang Luqing Petrochemical" in terms and "Luqing Petrochemical" in terms
    # not when what is left is only generic words
    generic, _ = terms_of("entity", "Shandong Shouguang Chemical Industry Co., Ltd.")
    assert "Shouguang Chemical Industry" in generic and "Chemical Industry" not in generic


def test_a_name_ending_in_group_after_an_industry_word_is_also_matched_without_it():
    terms, _ = terms_of("entity", "Hebei Xinhai Chemical Group Co., Ltd.")
    assert {"term": "Xinhai Chemical", "case_sensitive": True} in terms
    # not after a distinctive word: "Islamic Jihad" is another organisation
    assert terms_of("entity", "ISLAMIC JIHAD GROUP")[0] == ["Islamic Jihad Group"]
    # not when only a country, a place or common words are left: a headline's "Russian Energy"
    for listed in ("RUSSIAN ENERGY GROUP", "MOSCOW EXCHANGE GROUP", "PREMIER INVESTMENT GROUP"):
        assert all(str(t).count(" ") >= 2 or "Group" in str(t) for t in terms_of("entity", listed)[0])


def test_news_drops_the_chinese_city_only_when_the_rest_is_specific():
    terms, _ = terms_of("entity", "SHENZHEN KEXIN SMART DEVELOPMENT CO., LTD.")
    assert "Kexin Smart Development" in terms
    terms, _ = terms_of("entity", "BEIJING INSTITUTE OF TECHNOLOGY")
    assert terms == ["Beijing Institute of Technology"]


# --- punctuation -----------------------------------------------------------------------------

@pytest.mark.parametrize("raw, clean", [
    ('LLC "NPP ITELMA".', "LLC NPP ITELMA"),
    ("ООО «Эффектек»", "ООО Эффектек"),
    ("“Status Compliance”", "Status Compliance"),
    ("'ABBAS, Muhammad 'Ata", "ABBAS, Muhammad Ata"),
    ("O'NEILL ASSETS CORPORATION", "O'NEILL ASSETS CORPORATION"),
    ("Tekhkrim;", "Tekhkrim"),
    ("360 Security Technology Inc. (Qihoo 360)*", "360 Security Technology Inc. (Qihoo 360)"),
    ("  two   spaces\u00a0here ", "two spaces here"),
    ("Bad\x92quote", "Bad'quote"),
])
def test_clean_name(raw, clean):
    assert clean_name(raw) == clean


def test_hyphen_variants_are_left_to_the_matcher():
    terms, _ = terms_of("entity", "LLC Aero-HIT")
    assert terms == ["Aero-HIT", "LLC Aero-HIT"]  # the matcher folds Aerohit / Aero HIT / Aero-HIT


def test_a_trailing_bracket_is_an_alias_unless_it_is_a_place():
    assert split_parenthetical("China North Industries Group Corporation Limited (NORINCO)") == (
        "China North Industries Group Corporation Limited", ["NORINCO"])
    assert split_parenthetical("PJSC VTB BANK (KIEV)") == ("PJSC VTB BANK", [])
    terms, _ = terms_of("entity", "PJSC VTB BANK (UKRAINE)")
    assert "Ukraine" not in str(terms)


@pytest.mark.parametrize("raw, cased", [
    ("TEKHKRIM", "Tekhkrim"),
    ("SZ DJI TECHNOLOGY", "SZ DJI Technology"),
    ("MINISTRY OF DEFENSE OF THE RUSSIAN FEDERATION", "Ministry of Defense of the Russian Federation"),
    ("ANGLO-CARIBBEAN CO., LTD", "Anglo-Caribbean Co., Ltd"),
    ("O'NEILL", "O'Neill"),
    ("Aero-HIT", "Aero-HIT"),  # a list's own mixed case is kept
])
def test_news_case(raw, cased):
    assert news_case(raw) == cased


def test_the_lists_own_capitals_win_over_guessed_ones():
    terms, _ = terms_of("entity", "LIMITED LIABILITY COMPANY AERO-HIT", "LLC Aero-HIT")
    assert terms[0] == "Aero-HIT"


# --- transliteration -------------------------------------------------------------------------

@pytest.mark.parametrize("cyrillic, latin", [
    ("Эффектек", ["Effektek"]),
    ("Дмитрий Викторович ПОДЛИПАНОВ", ["Dmitriy Viktorovich PODLIPANOV", "Dmitry Viktorovich PODLIPANOV",
                                      "Dmitrii Viktorovich PODLIPANOV"]),
    ("Юрий Ягода", ["Yuriy Yagoda", "Yury Yagoda", "Iurii Iagoda"]),
    ("Техкрим", ["Tekhkrim"]),
    ("Пётр Жуков", ["Pyotr Zhukov", "Petr Zhukov"]),
    ("Сергій Наумець", ["Serhii Naumets"]),  # Ukrainian: і marks the language
])
def test_cyrillic_to_latin(cyrillic, latin):
    assert cyrillic_to_latin(cyrillic) == latin


@pytest.mark.parametrize("latin, cyrillic, person", [
    ("Tekhkrim", "Техкрим", False),
    ("Aero-HIT", "Аэро-ХИТ", False),
    ("Elektron", "Электрон", False),
    ("Vladimir Vladimirovich Putin", "Владимир Владимирович Путин", True),
    ("Yevgeny Zhukovsky", "Евгений Жуковский", True),
    ("Andrey Nikolaevich", "Андрей Николаевич", True),
    ("Elena", "Елена", True),
])
def test_latin_to_cyrillic(latin, cyrillic, person):
    assert latin_to_cyrillic(latin, person=person) == cyrillic


def test_cyrillic_aliases_get_latin_forms():
    terms, _ = terms_of("entity", "LLC Effektec", "ООО Эффектек")
    assert "Effektek" in terms and "Эффектек" in terms and "Effektec" in terms


def test_russia_related_latin_names_get_a_cyrillic_form():
    assert "Техкрим" in terms_of("entity", "CJSC TEKHKRIM", russian=True)[0]
    assert "Аэро-ХИТ" in terms_of("entity", "LLC Aero-HIT", russian=True)[0]
    assert not any("Техкрим" == t for t in terms_of("entity", "CJSC TEKHKRIM")[0])
    # English names are not transliterated
    assert terms_of("entity", "LLC STATUS COMPLAINS", russian=True)[0] == [
        {"term": "Status Complains", "case_sensitive": True}, "LLC Status Complains"]
    # nor ships
    assert "Гракефул" not in str(terms_of("vessel", "GRACEFUL", russian=True)[0])


# --- people ----------------------------------------------------------------------------------

def test_putin_as_news_writes_him():
    terms, _ = terms_of("individual", ListedName("PUTIN, Vladimir Vladimirovich"))
    assert terms == ["Vladimir Vladimirovich Putin", "Vladimir Putin", "Vladimir V. Putin",
                     {"term": "Putin", "weak": True}]


def test_first_names_alone_never():
    terms, _ = terms_of("individual", ListedName("PUTIN, Vladimir Vladimirovich"), russian=True)
    assert not any(t == "Vladimir" or (isinstance(t, dict) and t["term"] in ("Vladimir", "Владимир"))
                   for t in terms)
    assert "Владимир Путин" in terms


@pytest.mark.parametrize("listed, order, person", [
    ("PUTIN, Vladimir Vladimirovich", "auto", PersonName(("Vladimir", "Vladimirovich"), "Putin")),
    ("Vladimir Vladimirovich PUTIN", "auto", PersonName(("Vladimir", "Vladimirovich"), "Putin")),
    ("Putin Vladimir Vladimirovich", "surname_first", PersonName(("Vladimir", "Vladimirovich"), "Putin")),
    ("Sudakov Andrey Dmitriyevich", "auto", PersonName(("Andrey", "Dmitriyevich"), "Sudakov")),
    ("Умаров Доку Хаматович", "auto", PersonName(("Доку", "Хаматович"), "Умаров")),
    ("ABU TEIR, Mohammed", "auto", PersonName(("Mohammed",), "Abu Teir")),
    ("Eric Badege", "auto", PersonName(("Eric",), "Badege")),
    # a particle is part of the surname after it; with one word after it, a name of its own
    ("Al Ahmar Hamid Abdullah", "surname_first", PersonName(("Hamid", "Abdullah"), "Al Ahmar")),
    ("ABU HAMZAH", "surname_first", PersonName((), "Abu Hamzah")),
])
def test_parse_person(listed, order, person):
    assert parse_person(listed, order=order) == person


def test_no_short_form_that_only_says_son_of_a_first_name():
    terms = [t for t, _ in person_variants(PersonName(("Mohammad", "Roslan"), "Bin Ahmad"))]
    assert "Mohammad Roslan Bin Ahmad" in terms and "Mohammad Bin Ahmad" not in terms
    assert "Osama Laden" in [t for t, _ in person_variants(PersonName(("Osama", "Bin"), "Laden"))]


def test_east_asian_names_also_surname_first():
    assert person_variants(PersonName(("Fangwei",), "Li"), country="CN") == [
        ("Fangwei Li", False), ("Li Fangwei", False)]


def test_a_weak_alias_of_the_list_gives_nothing_derived():
    terms, notes = terms_of("individual", ListedName("ASIA, Abu", weak=True))
    assert terms == [{"term": "Abu Asia", "weak": True}]
    assert notes[0].action == "weak"


def test_two_first_names_are_weak():
    terms, notes = terms_of("individual", ListedName("HASSAN, Ahmed"))
    assert terms[0] == {"term": "Ahmed Hassan", "weak": True}
    assert notes[0].reason == "first names only"


def test_a_nickname_is_kept_as_written():
    terms, _ = terms_of("individual", ListedName("EL CHAPO", order="as_is"))
    assert terms == ["El Chapo"]


# --- aliases that would flood a report -------------------------------------------------------

@pytest.mark.parametrize("alias, kind, action, reason", [
    ("Tekhkrim", "entity", "strong", ""),
    ("Status", "entity", "weak", "common English word"),
    ("Argument", "entity", "weak", "common English word"),
    ("Commerce", "entity", "weak", "common English word"),
    ("Technologies", "entity", "weak", "common English word"),  # inflections too
    ("China", "entity", "weak", "country name"),
    ("Russia", "entity", "weak", "country name"),
    ("Ukraine", "entity", "weak", "country name"),
    ("Russian Federation", "entity", "weak", "country name"),
    ("Nikkei", "entity", "weak", "news outlet, institution or place"),
    ("Bloomberg", "entity", "weak", "news outlet, institution or place"),
    ("Asia Times", "entity", "weak", "news outlet, institution or place"),
    ("Politico", "entity", "weak", "news outlet, institution or place"),
    ("KGB", "entity", "weak", "news outlet, institution or place"),
    ("Moscow", "entity", "weak", "news outlet, institution or place"),
    ("Omsk", "entity", "weak", "place name"),
    ("Maria", "entity", "weak", "first name"),
    ("Benson", "entity", "weak", "common surname"),
    ("Spectrum", "entity", "weak", "English word"),  # a dictionary word beyond the frequent ones
    ("Arizona", "entity", "weak", "place name"),  # a US state
    ("A", "entity", "drop", "one or two letters"),
    ("AB", "entity", "drop", "one or two letters"),
    ("1", "entity", "drop", "no letters"),
    ("FSB", "entity", "case_sensitive", "short acronym"),
    ("BNC", "entity", "weak", "three-letter acronym"),  # alone, more often something else
    ("A71", "entity", "case_sensitive", "short acronym"),
    ("EL 63", "entity", "weak", "very short name"),
    ("Trading Company", "entity", "weak", "generic phrase"),
    ("Ministry of Defence", "entity", "weak", "news outlet, institution or place"),
    ("Ministry of Industry", "entity", "weak", "generic phrase"),
    ("International Trading", "entity", "weak", "generic phrase"),
    ("China Electronics", "entity", "case_sensitive", "country and generic words"),
    ("Milling Machines", "entity", "case_sensitive", "named for its goods"),
    ("Power Machines", "entity", "case_sensitive", "named for its goods"),
    ("Ministry of Defense and Armed Forces Logistics", "entity", "strong", ""),
    # Ordinary words only: the company as written, capitalised, never the words in a sentence.
    ("Status Compliance", "entity", "case_sensitive", "name made of common words"),
    ("OFF SHORE", "entity", "case_sensitive", "name made of common words"),
    ("Shipyard International", "entity", "case_sensitive", "name made of common words"),
    ("Russian Railways", "entity", "case_sensitive", "name made of common words"),
    ("OFFSHORE", "entity", "weak", "common English word"),
    ("Sovcomflot Shipping", "entity", "strong", ""),
    ("LTE", "entity", "weak", "technical term"),
    ("PCB", "entity", "weak", "technical term"),
    ("Orlan", "entity", "weak", "product name"),
    ("Орлан", "entity", "weak", "product name"),
    ("KUB", "entity", "weak", "product name"),
    ("Orlan Systems", "entity", "strong", ""),
    ("Graceful", "vessel", "weak", "one-word ship name"),
    ("Global Star", "vessel", "weak", "vessel name made of common words"),
    ("Sergei Witte", "vessel", "weak", "ship named after a person"),  # the statesman, in most texts
    ("Kira K", "vessel", "strong", ""),
    # an untyped late entry of ordinary words may be a ship, unless an organisation noun says not
    ("Ocean Star", "unknown", "weak", "name made of common words"),
    ("Nordic Resistance Movement", "unknown", "case_sensitive", "name made of common words"),
    ("Karen National Army", "unknown", "strong", ""),
    ("Putin", "individual", "weak", "one name of a person"),
    ("Abu Ahmad", "individual", "weak", "first names only"),
    ("Vladimir Putin", "individual", "strong", ""),
    ("斯尔优科技", "entity", "strong", ""),
])
def test_assess(alias, kind, action, reason):
    verdict = assess(alias, kind)
    assert (verdict.action, verdict.reason) == (action, reason)


def test_weakened_and_dropped_aliases_are_reported():
    terms, notes = terms_of("entity", "JSC ARGUMENT", ListedName("AB"), ListedName("Banco Nacional", weak=True),
                            ListedName("BNC"))
    assert terms == ["JSC Argument", "Argument JSC", {"term": "Argument", "weak": True},
                     {"term": "Banco Nacional", "weak": True}, {"term": "BNC", "weak": True}]
    assert [(n.alias, n.action, n.reason) for n in notes] == [
        ("Argument", "weak", "common English word"),
        ("AB", "drop", "one or two letters"),
        ("Banco Nacional", "weak", "weak alias in the list"),
        ("BNC", "weak", "three-letter acronym"),
    ]


def test_a_company_named_after_a_drone_counts_with_its_legal_form():
    # "OOO ORLAN" does not make Orlan-10 drones: its bare name needs the company named too
    terms, notes = terms_of("entity", "OOO ORLAN", russian=True)
    assert terms == ["OOO Orlan", "Orlan LLC", "LLC Orlan", {"term": "Orlan", "weak": True}]
    assert ("Orlan", "weak", "product name") in [(n.alias, n.action, n.reason) for n in notes]
    terms, _ = terms_of("entity", "ООО «Орлан»")
    assert terms == ["ООО Орлан", "Orlan LLC", "LLC Orlan", {"term": "Орлан", "weak": True},
                     {"term": "Orlan", "weak": True}]


def test_english_legal_forms_only_for_ambiguous_bare_names():
    assert terms_of("entity", "AO ORION")[0] == ["AO Orion", "Orion JSC", "JSC Orion",
                                                 {"term": "Orion", "weak": True}]
    assert terms_of("entity", "OOO TEKHKRIM")[0] == ["Tekhkrim", "OOO Tekhkrim"]  # specific alone
    assert "Gas LLC" not in terms_of("entity", "OOO GAS")[0]  # a generic word says nothing more with LLC
    assert "Status GmbH" in terms_of("entity", "STATUS GMBH")[0]  # no English form for a German one
    # the list's own weak a.k.a. wins: "Citadel LLC" is also a hedge fund
    terms, _ = terms_of("entity", "OOO CITADEL", ListedName("CITADEL LLC", weak=True))
    assert {"term": "Citadel LLC", "weak": True} in terms and "LLC Citadel" not in terms


@pytest.mark.parametrize("listed, written", [
    ("OPEN JOINT STOCK COMPANY VA DEGTYAREV PLANT", "Degtyarev Plant"),
    ("P.P. SHIRSHOV INSTITUTE OF OCEANOLOGY", "Shirshov Institute of Oceanology"),
    ("JSC ACADEMICIAN M.F. RESHETNEV INFORMATION SATELLITE SYSTEMS", "Reshetnev Information Satellite Systems"),
])
def test_a_plant_named_after_a_person_without_the_initials(listed, written):
    assert written in terms_of("entity", listed)[0]


@pytest.mark.parametrize("listed, written", [
    ("V.R. FRUIT COMPANY", "V.R. Fruit Company"),  # "Fruit Company" is no one's plant
    ("A.B. SMITH TRADING", "A.B. Smith Trading"),
    ("AL HARAMAIN FOUNDATION", "AL Haramain Foundation"),  # "Al" is no initial
    ("C.I. CAFFEE VALORES", "C.I. Caffee Valores"),  # neither plant nor institute
])
def test_initials_are_kept_where_the_rest_is_no_name_of_a_plant(listed, written):
    terms = terms_of("entity", listed)[0]
    assert terms[0] == written  # (and "V.R. Fruit Co", "V.R. Fruit", as news shortens "Company")
    texts = [t if isinstance(t, str) else t["term"] for t in terms]
    assert all(t.startswith(written.split()[0]) for t in texts)


def test_product_names_cover_the_drone_and_missile_names_of_the_goods_rules():
    from watchlist_extractor.importers.names import product_names
    from watchlist_extractor.loading import load_rules

    rules_dir = Path(__file__).parents[1] / "rules"
    # the goods rules with the phrase rules their conditions name
    rules = load_rules([rules_dir / "goods", rules_dir / "phrases"]).by_id()
    for rule_id in ("good.military-drone-models", "good.drone-names-ambiguous", "good.missiles",
                    "good.missile-names-ambiguous"):
        for term in rules[rule_id].model.terms:
            if not term.term[:1].isupper() or term.term.isupper():
                continue  # "cruise missile", "MLRS": goods words and acronyms, not product names
            name = term.term.split("-")[0].split()[0].casefold()  # "Kub-BLA" → "kub"
            assert name in product_names(), f"add {name!r} to data/product_names.txt"


def test_weak_terms_are_written_as_news_writes_them():
    terms, _ = terms_of("entity", ListedName("ARGUMENT", weak=True))
    assert terms == [{"term": "Argument", "weak": True}]


def test_company_names_ending_in_a_noun_also_match_the_plural():
    terms, _ = terms_of("entity", "STATUS COMPLIANCE")
    assert terms == [{"term": "Status Compliance", "case_sensitive": True, "plurals": True}]
    assert terms_of("entity", "CHINA NORTH INDUSTRIES GROUP")[0] == ["China North Industries Group"]
    assert terms_of("individual", ListedName("COMPLIANCE, Status"))[0][0] == "Status Compliance"


@pytest.mark.parametrize("term, written", [
    (Term("Tekhkrim"), "Tekhkrim"),
    (Term("Putin", weak=True), {"term": "Putin", "weak": True}),
    (Term("DJI", case_sensitive=True), {"term": "DJI", "case_sensitive": True}),
    (Term("Status Compliance", plurals=True), {"term": "Status Compliance", "plurals": True}),
    (Term("深圳市斯尔优科技", whole_word=False), {"term": "深圳市斯尔优科技", "whole_word": False}),
])
def test_term_format(term, written):
    assert term.to_yaml() == written


@pytest.mark.parametrize("name", ["common_words.txt", "given_names.txt", "places.txt", "countries.csv",
                                  "generic_names.yaml", "legal_forms.yaml", "transliteration.yaml",
                                  "product_names.txt"])
def test_every_data_table_says_where_it_comes_from(name):
    text = resources.files("watchlist_extractor").joinpath("data", name).read_text("utf-8")
    header = "\n".join(line for line in text.splitlines()[:30] if line.startswith("#"))
    assert "comes from" in header and "Licence" in header


def test_common_words_list_is_large_and_sorted():
    text = resources.files("watchlist_extractor").joinpath("data/common_words.txt").read_text("utf-8")
    words = [w for w in text.splitlines() if w and not w.startswith("#")]
    assert len(words) > 3000
    assert words == sorted(set(words))


# --- short one-word names ------------------------------------------------------------------------

def test_a_short_name_left_without_its_legal_form_is_weak():
    # "Slava", "Kala": first names and words as often as the company; the name with its legal
    # form stays strong, and English news forms are added for Russian ones
    terms, notes = terms_of("entity", "JSC SLAVA", russian=True)
    assert "JSC Slava" in terms and "Slava JSC" in terms
    assert {"term": "Slava", "weak": True} in terms and "Slava" not in terms
    assert ("Slava", "weak", "short one-word name") in [(n.alias, n.action, n.reason) for n in notes]
    assert terms_of("entity", "KALA LIMITED")[0] == ["Kala Limited", {"term": "Kala", "weak": True}]
    # six letters and more are specific
    assert "Tekhkrim" in terms_of("entity", "CJSC TEKHKRIM")[0]


def test_a_short_acronym_without_its_legal_form_is_matched_in_capitals():
    terms, _ = terms_of("entity", "JSC GTLK")
    assert {"term": "GTLK", "case_sensitive": True} in terms


def test_a_short_alias_that_is_a_piece_of_a_longer_listed_name_is_weak():
    # OFAC's names file gives "SAIT" beside "AO NPP SAIT", with no quality: not "Niyas Sait"
    variants = NameVariants("entity", russian=True, primary="AO NPP SAIT")
    for name in ("AO NPP SAIT", "SAIT"):
        variants.add(ListedName(name))
    terms = [t.to_yaml() for t in variants.terms()]
    assert {"term": "Sait", "weak": True} in terms and "Sait" not in terms
    assert "NPP Sait" in terms


def test_a_short_name_the_list_vouches_for_stays_strong():
    # a good-quality a.k.a. (OFAC alt.csv, UK good_quality_aka, UN "Good") ...
    terms, _ = terms_of("entity", "AO NPP SAIT", ListedName("SAIT", good_quality=True))
    assert "Sait" in terms
    terms, _ = terms_of("entity", "JSC SLAVA", ListedName("SLAVA", good_quality=True))
    assert "Slava" in terms
    # ... the list's own name for the party, and an acronym that is no piece of a longer name
    variants = NameVariants("entity", primary="KAMAZ")
    variants.add(ListedName("KAMAZ"))
    assert [t.to_yaml() for t in variants.terms()] == ["Kamaz"]
    assert "Cetc" in terms_of("entity", "CHINA ELECTRONICS TECHNOLOGY GROUP CORPORATION", "CETC")[0]


def test_a_frequent_surname_is_no_weak_alias_of_its_own():
    # beside "Kim Jong-un", an article names Kim Yo-jong, Kim Keon-hee and a reporter called Kim
    assert ("Kim", True) not in person_variants(PersonName(("Jong", "Un"), "Kim"), country="KP")
    assert person_variants(PersonName(("Ayman",), "Ahmad"), country="SY") == [("Ayman Ahmad", False)]
    assert ("Assad", True) in person_variants(PersonName(("Bashar",), "Assad"), country="SY")


def test_a_korean_given_name_of_two_syllables_is_hyphenated():
    # "Kim Jong-Un" also matches "Kim Jong-un", "Kim Jong Un" and "Kim Jongun"; never "Jong Kim"
    assert person_variants(PersonName(("Jong", "Un"), "Kim"), country="KP") == [
        ("Jong-Un Kim", False), ("Kim Jong-Un", False)]
    # a Russian listed under a DPRK program keeps his given name and patronymic
    assert ("Vasili Kolchanov", False) in person_variants(
        PersonName(("Vasili", "Aleksandrovich"), "Kolchanov"), country="KP")


def test_a_chinese_given_name_the_list_splits_is_joined():
    # "YUAN, Yun Xia" is "Yuan Yunxia" in news (the hyphenated term also matches "Yun Xia");
    # never "Yun Yuan"
    assert person_variants(PersonName(("Yun", "Xia"), "Yuan"), country="CN")[:2] == [
        ("Yun-Xia Yuan", False), ("Yuan Yun-Xia", False)]
    # not names that are no pinyin ("Hasan Mahsum"), nor Wade-Giles
    assert ("Hasan Ali", False) in person_variants(PersonName(("Hasan", "Mahsum"), "Ali"), country="CN")


@pytest.mark.parametrize("alias, kind", [("HMS", "entity"), ("AFC", "entity"), ("NGO", "entity"),
                                         ("CIS", "entity"), ("Mehr", "entity"), ("Zvezda", "entity"),
                                         ("Fortuna", "entity"),
                                         ("Ursa Major", "vessel")])
def test_everyday_acronyms_outlets_and_words_are_weak(alias, kind):
    assert assess(alias, kind).action == "weak"


def test_a_kind_of_plant_without_its_town_counts_only_beside_its_party():
    # UK RUS2136 "Mechanical Plant" fired in "Izhevsk Mechanical Plant", another listed works
    for alias in ("Mechanical Plant", "Nuclear Fuel Element Plant", "Oil Bitumen Plant"):
        assert assess(alias) == Verdict("weak", "kind of plant without its place")
    # a town, a number or a name word makes it a name
    for alias in ("Kovrov Mechanical Plant", "558 Aircraft Repair Plant", "Meteor Plant",
                  "Baotou Nuclear Fuel Element Plant"):
        assert assess(alias).action in ("strong", "case_sensitive")


def test_is_ordinary_name():
    from watchlist_extractor.importers.names import is_ordinary_name
    assert all(is_ordinary_name(w) for w in ("Kim", "Wang", "Ahmad", "Ibrahim", "Doctor"))
    assert not any(is_ordinary_name(w) for w in ("Izo", "Matiullah", "LANMOU100JOU"))


@pytest.mark.parametrize("module", ["watchlist_extractor.importers.names",
                                    "watchlist_extractor.importers.csl",
                                    "watchlist_extractor.normalize", "watchlist_extractor.context"])
def test_docstring_examples(module):
    import doctest
    import importlib

    failed, attempted = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert failed == 0 and attempted > 0


def test_an_acronym_spelling_a_listed_names_initials_is_matched_in_capitals_only():
    # "Delta-Aero LLC" and "Aero India" are not Pakistan's Advanced Engineering Research
    # Organization; "AERO" is
    terms, _ = terms_of("unknown", "ADVANCED ENGINEERING RESEARCH ORGANIZATION", "AERO")
    assert {"term": "AERO", "case_sensitive": True} in terms
    assert "Advanced Engineering Research Organization" in terms
    # a word that spells no listed name's initials stays a name ("Tekhkrim")
    assert "Tekhkrim" in terms_of("entity", "CJSC TEKHKRIM", "TEKHKRIM")[0]


def test_a_brand_acronym_the_list_writes_in_capitals_is_matched_as_written():
    # "POLYUS" of the laser institute, in capitals; "Polyus" is the gold miner PJSC Polyus
    terms, _ = terms_of("entity", "POLYUS Institute")
    assert {"term": "POLYUS", "case_sensitive": True} in terms
    assert "Polyus" in terms_of("entity", "PUBLIC JOINT STOCK COMPANY POLYUS")[0]
