"""Matching: each point of the spec, comparing whole Match values where it matters."""

from __future__ import annotations

import pytest

from watchlist_extractor import Match, RuleError, load_rules, scan_text

RULES = """\
rules:
  - id: entity.dji
    category: entity
    severity: high
    name: SZ DJI Technology Co., Ltd.
    terms: [SZ DJI Technology, Da-Jiang Innovations, {term: DJI, case_sensitive: true}]
  - id: entity.kexin
    category: entity
    terms: [Shenzhen Kexin Smart Development, Kexin]
  - id: entity.bingo
    category: entity
    terms: ["Xi'an Bingo Intelligent Aviation Technology"]
  - id: entity.russia-mod
    category: entity
    terms: ["Russia's Defence Ministry"]
  - id: entity.aerohit
    category: entity
    terms: [Aero-HIT]
  - id: entity.tekhkrim
    category: entity
    terms: [Tekhkrim, Техкрим]
  - id: good.uav
    category: good
    terms: [drone, UAV, unmanned aerial vehicle, kamikaze drone, battery]
    patterns: ['ZT-\\d{2,4}']
  - id: phrase.smo
    category: phrase
    severity: critical
    terms: [special military operation, for use in the special military operation]
"""


@pytest.fixture
def compiled(compile_yaml):
    return compile_yaml(RULES)


def found(text, compiled):
    return [(m.rule_id, m.matched_text) for m in scan_text(text, compiled)]


def test_whole_match_record(compiled):
    text = "Intro line.\nRussian firms bought DJI's drones. Then more."
    (dji, drones) = scan_text(text, compiled, "news/a.txt")
    assert dji == Match(
        document="news/a.txt", line=2, column=22, start=33, end=36, category="entity",
        rule_id="entity.dji", rule_name="SZ DJI Technology Co., Ltd.", severity="high",
        matched_text="DJI", context="Russian firms bought DJI's drones.",
        context_match_start=21, context_match_end=24, sentence_start=12, sentence_end=46,
        term="DJI", weak=False, also_rules=(), duplicate_of="")
    assert (drones.rule_id, drones.matched_text, drones.term) == ("good.uav", "drones", "drone")


def test_case_insensitive_by_default_and_case_sensitive_terms(compiled):
    assert found("SHENZHEN KEXIN SMART DEVELOPMENT and UAV and uav", compiled) == [
        ("entity.kexin", "SHENZHEN KEXIN SMART DEVELOPMENT"), ("good.uav", "UAV"),
        ("good.uav", "uav")]
    assert found("dji and Dji are not DJI", compiled) == [("entity.dji", "DJI")]


@pytest.mark.parametrize("text", ["DJIBOUTI", "the DJIs", "xDJI", "Kexinx", "undrone", "drone2",
                                  "drone_x", "UAVS3"])
def test_whole_words_only(compiled, text):
    assert found(text, compiled) == []


def test_whole_word_unicode_aware(compiled):
    # Cyrillic letters around a term are word characters: no match inside a Cyrillic word.
    assert found("ТехкримОВ", compiled) == []
    assert found("компания Техкрим поставила", compiled) == [("entity.tekhkrim", "Техкрим")]
    assert found("éDJI", compiled) == []


def test_case_folded_beyond_ascii(compiled):
    # The literal engines lower-case only ASCII letters in their view of the text; a Cyrillic
    # term keeps RE2's own case folding.
    assert found("КОМПАНИЯ ТЕХКРИМ", compiled) == [("entity.tekhkrim", "ТЕХКРИМ")]
    assert found("tekhKRIM", compiled) == [("entity.tekhkrim", "tekhKRIM")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Xi’an Bingo Intelligent Aviation Technology", "Xi’an Bingo Intelligent Aviation Technology"),
    ("Xi'an Bingo Intelligent Aviation Technology", "Xi'an Bingo Intelligent Aviation Technology"),
    ("Russia’s Defence Ministry", "Russia’s Defence Ministry"),
    ("Xi'an Bingo\nIntelligent   Aviation Technology", "Xi'an Bingo\nIntelligent   Aviation Technology"),
    ("Xi'an Bingo\r\n\tIntelligent Aviation\fTechnology", "Xi'an Bingo\r\n\tIntelligent Aviation\fTechnology"),
    ("Xi'an Bingo Intelligent\u00a0Aviation Technology", "Xi'an Bingo Intelligent\u00a0Aviation Technology"),
    ("Aerohit", "Aerohit"), ("Aero-HIT", "Aero-HIT"), ("Aero – HIT", "Aero – HIT"),
    ("aero\n-\nhit", "aero\n-\nhit"), ("Aero−Hit", "Aero−Hit"),
    ("AERO HIT", "AERO HIT"),
])
def test_normalised_variants(compiled, text, expected):
    assert [m.matched_text for m in scan_text(text, compiled) if m.category == "entity"] == [expected]


def test_nfkc_full_width_and_offsets_in_original(compiled):
    text = "Ｄａ‐Ｊｉａｎｇ Innovations shipped ﬁve drones"
    matches = scan_text(text, compiled)
    assert [(m.matched_text, text[m.start:m.end]) for m in matches] == [
        ("Ｄａ‐Ｊｉａｎｇ Innovations", "Ｄａ‐Ｊｉａｎｇ Innovations"), ("drones", "drones")]


def test_possessives_and_plurals(compiled):
    assert found("DJI's and DJI’s parts; UAVs, batteries, kamikaze drones; drones'", compiled) == [
        ("entity.dji", "DJI"), ("entity.dji", "DJI"), ("good.uav", "UAVs"),
        ("good.uav", "batteries"), ("good.uav", "kamikaze drones"), ("good.uav", "drones")]


def test_no_plurals_for_entities(compiled):
    assert found("Tekhkrims", compiled) == []


def test_longest_match_wins_within_a_category(compiled):
    text = "from Shenzhen Kexin Smart Development, an electronic devices maker"
    assert found(text, compiled) == [("entity.kexin", "Shenzhen Kexin Smart Development")]
    assert found("the SZ DJI Technology unit", compiled) == [("entity.dji", "SZ DJI Technology")]


def test_overlaps_across_categories_are_both_kept(compiled):
    assert found('marked "for use in the special military operation" (drones)', compiled) == [
        ("phrase.smo", "for use in the special military operation"), ("good.uav", "drones")]


def test_adjacent_terms_share_a_boundary(compiled):
    assert found("DJI DJI,DJI", compiled) == [("entity.dji", "DJI")] * 3


def test_longer_term_that_fails_its_boundary_falls_back_to_shorter(compile_yaml):
    compiled = compile_yaml("rules:\n  - id: e.h\n    category: entity\n"
                            "    terms: [Huawei, Huawei Tech]\n")
    assert [m.matched_text for m in scan_text("Huawei Technologies", compiled)] == ["Huawei"]


def test_accents_are_optional_on_both_sides_and_quotes_stay_verbatim(compile_yaml):
    compiled = compile_yaml("rules:\n  - id: e.k\n    category: entity\n"
                            "    terms: [KOCAK DIS TICARET, Nicolás Maduro]\n")
    text = "Koçak Dış Ticaret shipped parts; Nicolas Maduro and NICOLÁS MADURO said no."
    matches = scan_text(text, compiled)
    assert [m.matched_text for m in matches] == ["Koçak Dış Ticaret", "Nicolas Maduro",
                                                  "NICOLÁS MADURO"]
    assert all(text[m.start:m.end] == m.matched_text for m in matches)


def test_a_name_matches_in_each_of_its_spellings_and_is_quoted_as_written(compile_yaml):
    compiled = compile_yaml("rules:\n  - id: e.p\n    category: entity\n"
                            "    terms: [Hassan Muhammad Daqqou, {term: Sergei Ivanov, case_sensitive: true}]\n")
    text = "«Hasan Mohammed Daqqou» met SERGEY IVANOV and Sergey Ivanov."
    matches = scan_text(text, compiled)
    assert [m.matched_text for m in matches] == ["Hasan Mohammed Daqqou", "Sergey Ivanov"]
    assert all(text[m.start:m.end] == m.matched_text for m in matches)
    assert matches[0].context == text


def test_regex_patterns(compiled):
    assert found("100 ZT-180 drones; ZT-18000000 no", compiled) == [
        ("good.uav", "ZT-180"), ("good.uav", "drones")]


def test_offsets_refer_to_original_text(compiled):
    text = "«Ｄａ‐Ｊｉａｎｇ Innovations» — Техкрим’s drones"
    for m in scan_text(text, compiled):
        assert text[m.start:m.end] == m.matched_text
        assert m.context[m.context_match_start:m.context_match_end] == m.matched_text


def test_same_span_on_two_rules_is_one_match(compile_yaml):
    compiled = compile_yaml("""\
        rules:
          - id: list-a.1
            category: entity
            severity: high
            terms: [Tekhkrim]
            source: {list: OFAC SDN}
          - id: list-b.1
            category: entity
            terms: [CJSC Tekhkrim, Tekhkrim]
            source: {list: UK sanctions}
        """)
    (m,) = scan_text("Tekhkrim did not respond", compiled)
    assert (m.rule_id, m.also_rules) == ("list-a.1", ("list-b.1",))


def test_other_rules_on_a_span_are_kept_when_a_weak_alias_also_counts(compile_yaml):
    """A weak alias that counts elsewhere in the document must not drop the other rules listed
    on a strong match (they were lost when only the first winners were resolved again)."""
    compiled = compile_yaml("""\
        rules:
          - id: list-a.1
            category: entity
            severity: high
            terms: [Tekhkrim]
          - id: list-b.1
            category: entity
            terms: [Tekhkrim]
          - id: list-a.2
            category: entity
            terms: [Sinno Electronics, {term: Sinno, weak: true}]
        """)
    matches = scan_text("Tekhkrim and Sinno Electronics. Sinno declined to comment.", compiled)
    assert [(m.matched_text, m.rule_id, m.also_rules) for m in matches] == [
        ("Tekhkrim", "list-a.1", ("list-b.1",)),
        ("Sinno Electronics", "list-a.2", ()),
        ("Sinno", "list-a.2", ()),
    ]


def test_weak_alias_needs_a_strong_alias_in_the_document(compile_yaml):
    compiled = compile_yaml("""\
        rules:
          - id: entity.putin
            category: entity
            terms: [Vladimir Putin, {term: Putin, weak: true}]
        """)
    assert found("Putin said so. PUTIN", compiled) == []
    assert found("Vladimir Putin spoke. Later Putin left; putin no.", compiled) == [
        ("entity.putin", "Vladimir Putin"), ("entity.putin", "Putin")]


def test_a_weak_surname_after_another_first_name_names_another_person(compile_yaml):
    compiled = compile_yaml("""\
        rules:
          - id: entity.komarov
            category: entity
            terms: [Andrey Komarov, {term: Komarov, weak: true}]
        """)
    text = ("Andrey Komarov was designated. Sergei Komarov, a coach, disagreed. "
            "Komarov denied it. In May Komarov resigned; Director Komarov left.")
    assert found(text, compiled) == [("entity.komarov", "Andrey Komarov")] + [
        ("entity.komarov", "Komarov")] * 3


def test_a_name_that_holds_its_near_term_needs_no_other(compile_yaml):
    compiled = compile_yaml("""\
        rules:
          - id: entity.iot
            category: entity
            terms: [{term: Iranian Oil Terminals Company, case_sensitive: true}, {term: Terminals Company, weak: true}]
            near: {terms: [Iran, Iranian], within: sentence}
          - id: phrase.designated-person
            category: phrase
            terms: [designated person]
            near: {terms: [designated, sanctions], within: sentence}
        """)
    assert found("Iranian Oil Terminals Company loaded the tanker.", compiled) == [
        ("entity.iot", "Iranian Oil Terminals Company")]
    assert found("Terminals Company loaded the tanker.", compiled) == []
    # names only: a phrase rule's near words may repeat its own on purpose
    assert found("The school named a designated person for safeguarding.", compiled) == []


def test_near_condition_words_and_sentence(compile_yaml):
    compiled = compile_yaml("""\
        rules:
          - id: good.uav
            category: good
            terms: [drone]
          - id: good.veles
            category: good
            terms: [{term: Veles, weak: true}]
            near: {terms: [drone, UAV], within: 3}
          - id: phrase.civilian-model
            category: phrase
            terms: [civilian model, civilian models]
            near: {categories: [good]}
        """)
    assert found("Their main drone, Veles, flies.", compiled) == [
        ("good.uav", "drone"), ("good.veles", "Veles")]
    assert found("Veles is a Slavic god worshipped long ago by many people.", compiled) == []
    assert found("The drones were described as civilian models.", compiled) == [
        ("good.uav", "drones"), ("phrase.civilian-model", "civilian models")]
    assert found("A civilian model of a car. A drone.", compiled) == [("good.uav", "drone")]


def test_exclusions(compile_yaml):
    compiled = compile_yaml("""\
        rules:
          - id: entity.veles
            category: entity
            terms: [Veles]
            exclude:
              - inside: [Veles Capital]
              - near: {terms: [god, deity], within: 4}
        """)
    assert found("Veles Capital bought bonds.", compiled) == []
    assert found("Veles, the Slavic god of cattle", compiled) == []
    assert found("Veles shipped parts to Moscow.", compiled) == [("entity.veles", "Veles")]


def test_an_exclusion_word_inside_the_match_counts_too(compile_yaml):
    # A pattern can span the very word that shows the wrong context ("smuggled tonnes of
    # pangolin scales into China"); a near term must stand outside the match, an exclusion not.
    compiled = compile_yaml("""\
        rules:
          - id: phrase.smuggled-into
            category: phrase
            patterns: ['smuggled\\s+(?:\\w+\\s+){0,5}?into\\s+\\w+']
            exclude:
              - near: {terms: [pangolin, ivory], within: sentence}
        """)
    assert found("They smuggled tonnes of pangolin scales into China.", compiled) == []
    assert found("They smuggled drones into Russia.", compiled) == [
        ("phrase.smuggled-into", "smuggled drones into Russia")]


def test_a_term_or_pattern_has_exclusions_of_its_own(compile_yaml):
    # a raid tally excludes the generic word, not the named models of the same rule
    compiled = compile_yaml("""\
        rules:
          - id: good.missiles
            category: good
            terms:
              - Kinzhal
              - {term: missile, exclude: [{near: {terms: [overnight, air defences], within: sentence}}]}
            patterns:
              - regex: 'Kh-\\d{2,3}'
                exclude: [{inside: [Kh-101 replica]}]
          - id: good.other
            category: good
            terms: [{term: rocket, exclude: [{near: {rules: [good.missiles]}}]}]
        """)
    assert found("Air defences shot down 40 missiles and six Kinzhal overnight.", compiled) == [
        ("good.missiles", "Kinzhal")]
    assert found("Customs seized missile parts and a Kh-101 bound for Russia.", compiled) == [
        ("good.missiles", "missile"), ("good.missiles", "Kh-101")]
    assert found("A Kh-101 replica stood beside a Kh-55.", compiled) == [("good.missiles", "Kh-55")]
    # an exclusion's near may name other rules, as the rule's own may
    assert found("A rocket and a Kinzhal.", compiled) == [("good.missiles", "Kinzhal")]
    assert found("A rocket was launched.", compiled) == [("good.other", "rocket")]


def test_a_term_exclusion_naming_an_unknown_rule_is_an_error(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("rules:\n  - id: good.x\n    category: good\n"
                    "    terms: [{term: rocket, exclude: [{near: {rules: [good.missile]}}]}]\n",
                    encoding="utf-8")
    with pytest.raises(RuleError, match="unknown rule id 'good.missile'"):
        load_rules([path])


def test_exclude_part_of_name(compile_yaml):
    compiled = compile_yaml("""\
        rules:
          - id: entity.ship-star
            category: entity
            terms: [{term: Star, weak: true}]
            near: {terms: [tanker, vessel, MT, M/T, IMO], within: 1}
            exclude:
              - part_of_name: true
        """)
    for text in ("the tanker Star left", "the M/T Star left", "MT Star left", "the Star tanker left",
                 "The tanker Star (IMO 9301421) left", "Tanker Star left", "The Star tanker left"):
        assert found(text, compiled) == [("entity.ship-star", "Star")], text
    # one word of a longer name: a capitalised word, a number or a model number next to it,
    # "<Name> of" before it
    for text in ("the tanker Andromeda Star left", "the Andromeda Star tanker left",
                 "the tanker Star Alpha left", "the tanker Star 7 left", "the tanker Star II left",
                 "the tanker Gulf of Star", "tankers near the Star",
                 "tankers and trucks such as the Star SX2190 6x6",  # a model number
                 "a Star-flagged tanker", "the Star-registered vessel"):  # an adjective
        assert found(text, compiled) == [], text


def test_near_within_one_word_reads_slashed_designations_as_one_word(compile_yaml):
    compiled = compile_yaml("""\
        rules:
          - id: entity.ship
            category: entity
            terms: [{term: Laconia, weak: true}]
            near: {terms: [M/T, tanker], within: 1}
        """)
    assert found("the M/T Laconia", compiled) == [("entity.ship", "Laconia")]
    assert found("tankers in the Gulf of Laconia", compiled) == []


def test_near_lists_counts_a_ship_word_before_a_list_of_names(compile_yaml):
    compiled = compile_yaml("""\
        rules:
          - id: entity.ship
            category: entity
            terms: [{term: Marina, weak: true}, {term: Laconia, weak: true}]
            near: {terms: [tanker, vessel, IMO], within: 1, lists: true}
            exclude:
              - part_of_name: true
        """)
    ship = [("entity.ship", "Marina")]
    for text in ("OFAC sanctioned two LPG tankers, Alpha Gas and Marina, on Thursday.",
                 "The tankers Eventin, Pioneer and Marina were seen off Malaysia.",
                 "the tanker Sofia (IMO 9301421), Victoria or Marina",
                 "Three vessels: Eventin, Sea Owl I and Marina.",
                 "the tankers Marina and Eventin"):  # a plural right before the first name
        assert found(text, compiled) == ship, text
    for text in ("Marina, Sofia and Olga attended the dinner.",  # no ship word before the list
                 "The tankers and Marina left.",  # not a list of names
                 "The Marina tankers left.",  # a plural counts only before a list
                 "The tanker left; later Eventin and Marina arrived."):  # not the word before
        assert found(text, compiled) == [], text
    # without ``lists`` only the first name of the list is next to the ship word
    plain = compile_yaml("""\
        rules:
          - id: entity.ship
            category: entity
            terms: [{term: Marina, weak: true}]
            near: {terms: [tanker], within: 1}
        """)
    assert found("The tanker Eventin, Pioneer and Marina left.", plain) == []
    # in an exclusion too: the names of a list after "towns" are not the ships
    excluded = compile_yaml("""\
        rules:
          - id: entity.ship
            category: entity
            terms: [Marina]
            exclude: [{near: {terms: [town], within: 1, lists: true}}]
        """)
    assert found("The towns Sofia, Olga and Marina.", excluded) == []
    assert found("The tanker Marina.", excluded) == [("entity.ship", "Marina")]


def test_near_lists_needs_terms_and_a_distance_in_words(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("rules:\n  - id: entity.ship\n    category: entity\n    terms: [Marina]\n"
                    "    near: {terms: [tanker], within: sentence, lists: true}\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"bad\.yaml:5.*lists needs terms and a distance"):
        load_rules([path])


def test_a_term_written_with_a_space_matches_the_hyphenated_form(compile_yaml):
    compiled = compile_yaml("""\
        rules:
          - id: entity.aq
            category: entity
            terms: [al Qaeda, Gazprom Neft]
          - id: phrase.dual-use
            category: phrase
            terms: [dual use goods]
          - id: good.orlan
            category: good
            patterns: ['Orlan-\\d{2}']
        """)
    text = "Al-Qaeda and Gazprom-Neft moved dual-use goods and Orlan-10 drones."
    assert found(text, compiled) == [("entity.aq", "Al-Qaeda"), ("entity.aq", "Gazprom-Neft"),
                                     ("phrase.dual-use", "dual-use goods"),
                                     ("good.orlan", "Orlan-10")]
    # a web address is not prose: nothing in it is a mention
    assert found("See https://example.com/dual-use-goods-rules today.", compiled) == []
    assert found("Orlan-10 units flew (https://example.com/news/Orlan-10).", compiled) == [
        ("good.orlan", "Orlan-10")]
    assert found("See www.al-qaeda-watch.org or al - Qaeda.", compiled) == [("entity.aq", "al - Qaeda")]
    # the Unicode hyphen (and the non-breaking one, NFKC's U+2010) joins words too; a dash does not
    assert found("dual\u2010use goods, dual\u2011use goods", compiled) == [
        ("phrase.dual-use", "dual\u2010use goods"), ("phrase.dual-use", "dual\u2011use goods")]
    # a term that ends or begins at such a hyphen ("Gazprom" of "Gazprom\u2011Neft\u2011owned")
    assert found("the al\u2011Qaeda\u2011linked and Gazprom\u2010Neft\u2011owned firms", compiled) == [
        ("entity.aq", "al\u2011Qaeda"), ("entity.aq", "Gazprom\u2010Neft")]
    assert found("al – Qaeda", compiled) == []


def test_an_ampersand_and_the_word_and_are_one(compile_yaml):
    compiled = compile_yaml("""\
        rules:
          - id: entity.ms
            category: entity
            terms: [M & S Trading, AT&T Gulf]
          - id: entity.ti
            category: entity
            terms: [Trading and Investment Co]
        """)
    text = ("M and S Trading, M&S Trading and M & S trading paid; so did AT & T Gulf, AT and T "
            "Gulf, Trading & Investment Co and TRADING AND INVESTMENT CO.")
    assert found(text, compiled) == [
        ("entity.ms", "M and S Trading"), ("entity.ms", "M&S Trading"),
        ("entity.ms", "M & S trading"), ("entity.ms", "AT & T Gulf"),
        ("entity.ms", "AT and T Gulf"),
        ("entity.ti", "Trading & Investment Co"), ("entity.ti", "TRADING AND INVESTMENT CO")]
    # "and" is a word of its own, not letters inside one
    assert found("M Sand S Trading, Trading andInvestment Co, Trading Band Investment Co", compiled) == []


def test_a_weak_alias_counts_when_its_strong_alias_lost_the_span_to_a_longer_match(compile_yaml):
    compiled = compile_yaml("""\
        rules:
          - id: phrase.smo
            category: phrase
            terms: [special military operation, {term: SVO, weak: true}]
          - id: phrase.needs
            category: phrase
            terms: [for the needs of the special military operation]
        """)
    assert found("Drones went for the needs of the special military operation (SVO).", compiled) == [
        ("phrase.needs", "for the needs of the special military operation"), ("phrase.smo", "SVO")]
    assert found("Drones went to the SVO zone.", compiled) == []


def test_near_within_document(compile_yaml):
    compiled = compile_yaml("""\
        rules:
          - id: entity.ship
            category: entity
            terms: [{term: Eventin, weak: true}]
            near: {terms: [tanker, vessel], within: document}
        """)
    text = "A shadow fleet tanker lost power.\n\nOff the coast of Ruegen, Eventin began to drift."
    assert found(text, compiled) == [("entity.ship", "Eventin")]
    assert found("Eventin began to drift. Nothing else.", compiled) == []


def test_a_weak_entity_alias_inside_a_goods_mention_names_the_goods(compile_yaml):
    compiled = compile_yaml("""\
        rules:
          - id: entity.orlan
            category: entity
            terms: [OOO Orlan, Orlan LLC, {term: Orlan, weak: true}]
          - id: good.drone
            category: good
            terms: [drone]
            patterns: ['Orlan-\\d{2}']
          - id: good.drone-names
            category: good
            terms: [{term: Orlan, weak: true}]
            near: {rules: [good.drone], within: sentence}
        """)
    assert found("OOO Orlan imported chips. Orlan-10 units flew; the Orlan drone too. Orlan paid.",
                 compiled) == [
        ("entity.orlan", "OOO Orlan"), ("good.drone", "Orlan-10"), ("good.drone-names", "Orlan"),
        ("good.drone", "drone"), ("entity.orlan", "Orlan")]


def test_a_goods_word_inside_an_entity_name_is_part_of_the_name(compile_yaml):
    compiled = compile_yaml("""\
        rules:
          - id: entity.kazan
            category: entity
            terms: [Kazan Gunpowder Plant]
          - id: good.explosives
            category: good
            terms: [gunpowder, nitrocellulose]
        """)
    assert found("Nitrocellulose went to the Kazan Gunpowder Plant, not gunpowder.", compiled) == [
        ("good.explosives", "Nitrocellulose"), ("entity.kazan", "Kazan Gunpowder Plant"),
        ("good.explosives", "gunpowder")]


def test_whole_word_false_matches_inside_words(compile_yaml):
    compiled = compile_yaml("rules:\n  - id: g.x\n    category: good\n"
                            "    terms: [{term: copter, whole_word: false, plurals: false}]\n")
    assert found("a quadcopter", compiled) == [("g.x", "copter")]


def test_cost_does_not_grow_per_term(compile_yaml):
    """Ten thousand names compile into one engine per category, not one regex per name."""
    names = "\n".join(f"      - Company Number {i} Trading" for i in range(10_000))
    compiled = compile_yaml(f"rules:\n  - id: e.many\n    category: entity\n    terms:\n{names}\n")
    assert len(compiled.literal_engines) == 1
    assert found("paid Company Number 9876 Trading in cash", compiled) == [
        ("e.many", "Company Number 9876 Trading")]


def test_longer_term_starting_inside_an_earlier_match_wins(compile_yaml):
    compiled = compile_yaml("""\
        rules:
          - id: entity.iran-mod
            category: entity
            terms: ["Iran's Ministry of Defense"]
          - id: entity.modafl
            category: entity
            terms: [Ministry of Defense and Armed Forces Logistics]
        """)
    text = "Iran's Ministry of Defense and Armed Forces Logistics signed"
    assert found(text, compiled) == [
        ("entity.modafl", "Ministry of Defense and Armed Forces Logistics")]
    assert found("Iran's Ministry of Defense said", compiled) == [
        ("entity.iran-mod", "Iran's Ministry of Defense")]


def test_term_found_inside_its_whole_word_match(compile_yaml):
    # Literal engines match the term with its boundary characters and possessive; the term is
    # cut out of that match. Terms that begin or end with punctuation or "'s" must survive it.
    compiled = compile_yaml("""\
        rules:
          - id: entity.hk
            category: entity
            terms: ["Asia Pacific Links Co., Ltd."]
          - id: entity.macys
            category: entity
            terms: ["Macy's"]
          - id: phrase.smo
            category: phrase
            terms: [special military operation]
        """)
    text = "'special military operation' cargo. Macy's and Macy's' stores. Asia Pacific Links Co., Ltd."
    matches = scan_text(text, compiled)
    assert [(m.rule_id, m.matched_text) for m in matches] == [
        ("phrase.smo", "special military operation"), ("entity.macys", "Macy's"),
        ("entity.macys", "Macy's"), ("entity.hk", "Asia Pacific Links Co., Ltd.")]
    assert all(text[m.start:m.end] == m.matched_text for m in matches)


# Whole-word regexes are searched without their word boundaries and checked in Python; these
# texts put matches against every kind of neighbour, where the bounded regex must decide.
_WORD_TEXTS = [
    "Kh-101 and Kh-555 missiles; Kh-101x is not one, nor xKh-101; (Kh-22)",
    "Kh-101Kh-101 Kh-101-Kh-101 Kh-101's range, Kh-101’s range",
    "Techkrim Kh-101, Kh-101ж, жKh-101, Kh-101é, éKh-101, Kh-101\u0301 Kh-101_",
    "Kh-101",
    "",
    "described as spare parts, labelled as 'household goods', declared\nas machinery",
]


@pytest.mark.parametrize("text", _WORD_TEXTS)
def test_whole_word_regex_checked_in_python_finds_what_the_bounded_regex_finds(text):
    from watchlist_extractor import matcher
    from watchlist_extractor.compiler import WordRegex

    data = text.encode("utf-8")
    for body in [r"Kh[\s\-]?\d{2,3}", r"(?i:(?:described|labell?ed|declared)\s+as\s+\S+)", "x?Kh"]:
        regex = WordRegex(body)
        bounded = matcher._spans(regex.bounded.compiled, data)
        assert matcher._word_spans(regex, data) == bounded, body
        assert matcher._has_term(regex, text) == bool(bounded), body
    clean = WordRegex(r"Kh[\s\-]?\d{2,3}").unbounded.compiled
    assert matcher._spans_if_whole_words(clean, b"Kh-101 and Kh 55.") == [(0, 6), (11, 16)]


def test_patterns_named_by_several_small_sets_or_one_are_the_same(compile_yaml, monkeypatch):
    from watchlist_extractor import compiler

    monkeypatch.setattr(compiler, "PATTERNS_PER_SET", 2)
    monkeypatch.setattr(compiler, "SINGLE_SET_AFTER", 200)
    patterns = "\n".join(f"    - '{p}'" for p in
                         [r"Kh-\d{2,3}", r"Orlan-\d{2}", r"9M\d{3}", r"ZT-\d{2,4}", "Shahed-136"])
    compiled = compile_yaml(f"""\
rules:
  - id: good.models
    category: good
    terms: [drone]
    patterns:
{patterns}
""")
    engine = compiled.pattern_engine
    assert len(engine.prefilters) == 3
    text = b"Kh-101 missiles, Orlan-10 and ZT-180 drones; 9M723 and Shahed-136. " * 2
    before = engine.candidates(text)
    assert len(engine.prefilters) == 3  # 140 bytes scanned
    after = engine.candidates(text)
    assert len(engine.prefilters) == 1
    assert [p.pattern for p in before] == [p.pattern for p in after]
    assert len(before) == 5


def test_the_s_of_a_possessive_does_not_start_a_term(compile_yaml):
    compiled = compile_yaml("""\
rules:
  - id: entity.s-cape
    category: entity
    terms: [S-Cape, S-Cape Limited]
""")
    text = "Ships went around Africa's Cape of Good Hope; Africa’s Cape too. S-Cape Limited and S Cape."
    found = [m.matched_text for m in scan_text(text, compiled)]
    assert found == ["S-Cape Limited", "S Cape"]


def test_a_quoted_nickname_inside_a_name_is_part_of_the_match(compile_yaml):
    compiled = compile_yaml("""\
rules:
  - id: entity.balakaev
    category: entity
    terms: [Ilya Balakaev]
  - id: entity.sinbad
    category: entity
    terms: [Sinbad]
""")
    text = ('Ilya "Ilia" Balakaev, 38, was charged. Ilya “Ilia” Balakaev denied it. '
            'OFAC named the mixer "Sinbad" Tuesday; Treasury "Sinbad" Report.')
    found = [(m.matched_text, m.start, m.context) for m in scan_text(text, compiled)]
    assert found[0] == ('Ilya "Ilia" Balakaev', 0, 'Ilya "Ilia" Balakaev, 38, was charged.')
    assert found[1][0] == "Ilya “Ilia” Balakaev"
    assert [f[0] for f in found[2:]] == ["Sinbad", "Sinbad"]  # after a word that is no first name


def test_a_persons_name_does_not_start_inside_a_hyphenated_given_name(compile_yaml):
    compiled = compile_yaml("""\
rules:
  - id: entity.wei-sun
    category: entity
    tags: [type:individual]
    terms: [Wei Sun]
  - id: entity.wagner
    category: entity
    tags: [type:entity]
    terms: [Wagner]
""")
    assert found('The broker Ting-Wei "Willy" Sun was charged.', compiled) == []
    assert found("Ting-Wei Sun met Wei Sun.", compiled) == [("entity.wei-sun", "Wei Sun")]
    # a company or group keeps its prefixed mentions: "ex-Wagner fighters"
    assert found("ex-Wagner fighters", compiled) == [("entity.wagner", "Wagner")]


def test_a_match_never_runs_over_a_blank_line(compile_yaml):
    compiled = compile_yaml("""\
rules:
  - id: phrase.smuggled-to
    category: phrase
    patterns: ['smuggl\\w*\\W+(?:\\w+\\W+){0,6}?to (?:China|Russia)']
""")
    # a headline, then the first paragraph: not one phrase
    assert found("Chip smugglers caught\n\nThe pair shipped servers to China.", compiled) == []
    assert found("Chip smugglers caught\n \nThe pair shipped servers to China.", compiled) == []
    # a line break inside one paragraph is not a blank line
    assert found("they smuggled the chips\nto China", compiled) == [
        ("phrase.smuggled-to", "smuggled the chips\nto China")]
