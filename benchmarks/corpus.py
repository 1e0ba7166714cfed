"""Benchmark data: a seeded news-like English corpus and seeded watchlists of generated names.

Everything here is generated from a seed (no downloaded lists, no copied names): the same seed
and sizes give the same bytes on every machine, so figures from two runs compare.

- Watchlists: company names (place + trade name + industry + legal form, Russian trade names
  such as 'OOO "Elektrokomplekt"', Chinese "Shenzhen Huaxin Microsystems Co., Ltd.") and person
  names (Russian with patronymics, Chinese, Western, Turkish/Arabic), written as rule files in
  the project's YAML format. Lists are nested: the 1k list is the start of the 10k list, which
  is the start of the 50k and 100k lists, so every list finds the names inserted in the corpus.
- Corpus: articles (headline, dateline, paragraphs, quotes) with a watchlist name from the 1k
  list about once per 2 KB, a controlled good (drones, microchips, ball bearings…) about once
  per 2 KB and an evasion phrase about once per 5 KB (terms the shipped rules know), typographic quotes
  and dashes in most articles (as in real news copy: non-ASCII text), no-break spaces in a few
  (text that is not NFKC-normalised), and a few Cyrillic names. Written as .txt files (in
  folders of 1,000) and as one .jsonl file with the same articles.

    python benchmarks/corpus.py --out benchmarks/out --mb 50      # generate (normally run.py does)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import time
from dataclasses import dataclass
from pathlib import Path

# --- Parts of names (written for this benchmark; combined at random) ---------------------------

PLACES = [
    "Moscow", "Novosibirsk", "Yekaterinburg", "Kazan", "Samara", "Perm", "Tula", "Izhevsk",
    "Ufa", "Omsk", "Tomsk", "Saratov", "Ryazan", "Bryansk", "Kaluga", "Kursk", "Rostov",
    "Voronezh", "Chelyabinsk", "Krasnoyarsk", "Vladivostok", "Khabarovsk", "Murmansk", "Tver",
    "Minsk", "Gomel", "Vitebsk", "Brest", "Almaty", "Astana", "Tashkent", "Bishkek", "Yerevan",
    "Tbilisi", "Baku", "Istanbul", "Ankara", "Izmir", "Dubai", "Sharjah", "Ajman", "Tehran",
    "Shenzhen", "Dongguan", "Guangzhou", "Ningbo", "Xiamen", "Chengdu", "Wuhan", "Hangzhou",
    "Suzhou", "Tianjin", "Qingdao", "Harbin", "Urumqi", "Shanghai", "Beijing", "Hong Kong",
    "Macau", "Kowloon", "Zhuhai", "Foshan", "Changsha", "Xi'an", "Hefei", "Nanjing",
    "Limassol", "Larnaca", "Riga", "Narva", "Belgrade", "Sofia", "Varna", "Mersin", "Aktau",
]
RU_PLACE_HEADS = ["Krasno", "Novo", "Staro", "Belo", "Cherno", "Zlato", "Verkhne", "Nizhne",
                  "Sredne", "Zeleno", "Severo", "Yuzhno", "Pervo", "Solnechno", "Ust-"]
RU_PLACE_TAILS = ["gorsk", "dar", "yarsk", "volzhsk", "uralsk", "kamsk", "zavodsk", "dolinsk",
                  "rechensk", "polye", "selsk", "gradsk", "morsk", "lesk", "kovsk", "borsk"]
RU_ROOTS = ["Tekh", "Radio", "Elektro", "Promo", "Snab", "Komplekt", "Servis", "Pribor", "Mash",
            "Stroy", "Energo", "Avia", "Opto", "Mikro", "Impuls", "Signal", "Vektor", "Kvant",
            "Format", "Sistem", "Resurs", "Sintez", "Alfa", "Garant", "Tranzit", "Logistik",
            "Nord", "Ural", "Sibir", "Volga", "Baltik", "Polyus", "Kristall", "Metall", "Detal",
            "Tsentr", "Eksport", "Import", "Torg", "Invest", "Region", "Spets", "Glav", "Nauch",
            "Proekt", "Dvigatel", "Rotor", "Optik", "Lazer", "Radar", "Navigator", "Telekom"]
PINYIN = ["hua", "xin", "zhong", "tian", "da", "hong", "jin", "long", "feng", "sheng", "tai",
          "kang", "rui", "xing", "yuan", "bao", "hai", "guang", "ming", "wei", "heng", "tong",
          "cheng", "yi", "jia", "fu", "an", "ke", "chuang", "zhi", "hui", "li", "bo", "shun",
          "yang", "lian", "dong", "nan", "xi", "bei", "chang", "qiao", "lan", "yu", "teng",
          "sen", "hao", "jie", "rong", "quan", "ding", "mei", "run", "shen", "tuo", "wan"]
INDUSTRY = [
    "Electronics", "Precision Instruments", "Machinery", "Trading", "Logistics",
    "Semiconductor", "Aviation", "Optics", "Microsystems", "Technologies", "Engineering",
    "Components", "Import-Export", "Industrial Group", "Energy", "Shipping", "Radio Plant",
    "Scientific Research Institute", "Design Bureau", "Instrument-Making Plant", "Chemicals",
    "Electronic Components", "Supply Chain Management", "International Trade", "Navigation",
    "Defense Systems", "Telecommunication Equipment", "Machine Tools", "Bearings",
    "Power Systems", "Composite Materials", "Photonics", "Automation", "Metallurgical Works",
    "Freight Forwarding", "Marine Services", "Holding", "Development", "Science and Technology",
    "Intelligent Equipment", "Unmanned Systems", "Robotics", "Sensor Technology",
]
LEGAL_SUFFIX = ["Co., Ltd.", "Co., Limited", "Limited", "Ltd", "LLC", "JSC", "PJSC", "GmbH",
                "FZE", "FZCO", "FZ-LLC", "LLP", "Inc.", "Corp.", "Trading Co., Limited",
                "Sp. z o.o.", "Ltd. Sti.", "A.S.", "DMCC", "Pte. Ltd."]
LEGAL_PREFIX = ["OOO", "AO", "ZAO", "OAO", "PAO", "TOO", "Joint Stock Company",
                "Limited Liability Company"]
RU_FIRST = ["Sergei", "Sergey", "Aleksandr", "Alexander", "Dmitry", "Dmitri", "Andrei",
            "Andrey", "Alexei", "Aleksey", "Mikhail", "Nikolai", "Vladimir", "Igor", "Oleg",
            "Yuri", "Yury", "Pavel", "Viktor", "Konstantin", "Evgeny", "Yevgeniy", "Roman",
            "Maxim", "Artem", "Denis", "Kirill", "Anatoly", "Boris", "Gennady", "Vadim",
            "Elena", "Yelena", "Olga", "Natalia", "Tatiana", "Irina", "Svetlana", "Anna",
            "Maria", "Ekaterina", "Yulia", "Marina", "Galina", "Lyudmila", "Oksana"]
RU_PATRONYMIC_ROOTS = ["Sergeev", "Aleksandrov", "Dmitriev", "Andreev", "Alekseev", "Mikhailov",
                       "Nikolaev", "Vladimirov", "Igorev", "Olegov", "Yurev", "Pavlov",
                       "Viktorov", "Konstantinov", "Evgenev", "Romanov", "Borisov", "Petrov",
                       "Ivanov", "Fedorov", "Grigorev", "Vasilev", "Anatolev", "Valerev"]
RU_SURNAME_ROOTS = ["Kuznets", "Smirn", "Ivan", "Petr", "Sokol", "Lebed", "Kozl", "Novik",
                    "Moroz", "Volk", "Zaits", "Pavl", "Semen", "Golub", "Vinogrado", "Bogdan",
                    "Vorob", "Fedor", "Mikhail", "Belyak", "Tarasen", "Belous", "Orl", "Kiselev",
                    "Makar", "Andre", "Kovalen", "Ilyin", "Gusev", "Titov", "Kuzmin", "Kudryav",
                    "Baran", "Kulik", "Alekseev", "Stepan", "Yakovl", "Sorokin", "Sergeev",
                    "Romanenk", "Zakhar", "Borisov", "Korolev", "Gerasim", "Ponomar", "Grigor",
                    "Lazar", "Medved", "Ershov", "Nikitin", "Sobol", "Ryabov", "Polyak", "Tsvetk",
                    "Danilov", "Zhuk", "Frolov", "Zhurav", "Nikolaev", "Krylov", "Maksim",
                    "Sidor", "Osip", "Belov", "Fedot", "Dorof", "Yegorov", "Matveev", "Bobrov",
                    "Dmitriev", "Kalinin", "Anisim", "Petukh", "Antonov", "Timofe", "Nikiforov",
                    "Veselov", "Filipp", "Markov", "Bolshak", "Sukhanov", "Mironov", "Shiryaev",
                    "Aleksandr", "Konovalov", "Shestak", "Kazakov", "Efimov", "Denisov", "Gromov"]
RU_SURNAME_ENDS = ["ov", "ev", "in", "sky", "enko", "ovich", "ko", "yuk", "chuk", "ikov", "ykh"]
CN_SURNAMES = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu",
               "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo", "Zheng", "Liang",
               "Xie", "Song", "Tang", "Han", "Feng", "Deng", "Cao", "Peng", "Zeng", "Xiao",
               "Tian", "Dong", "Pan", "Yuan", "Cai", "Jiang", "Yu", "Du", "Ye", "Cheng", "Wei",
               "Su", "Lu", "Ding", "Ren", "Shen", "Yao", "Qian"]
WEST_FIRST = ["John", "Michael", "David", "James", "Robert", "William", "Thomas", "Daniel",
              "Mark", "Paul", "Peter", "Richard", "Andrew", "Stefan", "Martin", "Hans", "Klaus",
              "Pierre", "Luca", "Marco", "Jan", "Piotr", "Tomasz", "Lars", "Erik", "Sarah",
              "Laura", "Julia", "Anna", "Claire", "Sophie", "Maria", "Karin", "Emma", "Nina"]
WEST_SURNAMES = ["Miller", "Brennan", "Schmidt", "Fischer", "Weber", "Wagner", "Becker",
                 "Hoffmann", "Dubois", "Moreau", "Laurent", "Rossi", "Bianchi", "Kowalski",
                 "Nowak", "Lindqvist", "Andersen", "Jensen", "Novak", "Horvat", "Papadopoulos",
                 "Georgiou", "O'Neill", "MacLeod", "Harrington", "Whitfield", "Van der Berg",
                 "De Vries", "Janssen", "Keller", "Baumann", "Richter", "Lehmann", "Walsh"]
OTHER_FIRST = ["Ahmet", "Mehmet", "Mustafa", "Emre", "Murat", "Kemal", "Ali", "Hasan",
               "Mohammed", "Mohammad", "Ahmad", "Omar", "Khalid", "Hamid", "Reza", "Hossein",
               "Farhad", "Arman", "Nurlan", "Timur", "Rustam", "Bakhtiyar", "Aziz", "Davron"]
OTHER_SURNAMES = ["Yilmaz", "Kaya", "Demir", "Celik", "Sahin", "Ozturk", "Aydin", "Arslan",
                  "Al-Hashimi", "Al-Mansouri", "Al-Rashid", "Haddad", "Karimi", "Hosseini",
                  "Rahimi", "Tehrani", "Nazarbayev", "Abdullaev", "Karimov", "Rakhimov",
                  "Saidov", "Yusupov", "Aliyev", "Mammadov", "Hasanov", "Suleymanov"]

_CYRILLIC = [("shch", "щ"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"), ("zh", "ж"),
             ("ya", "я"), ("yu", "ю"), ("yo", "ё"), ("a", "а"), ("b", "б"), ("v", "в"),
             ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"), ("i", "и"), ("y", "ы"), ("k", "к"),
             ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"),
             ("t", "т"), ("u", "у"), ("f", "ф")]


def to_cyrillic(word: str) -> str:
    """A rough reverse transliteration ("Elektrokomplekt" → "Электрокомплект")."""
    out, i, low = [], 0, word.lower()
    while i < len(low):
        for latin, cyr in _CYRILLIC:
            if low.startswith(latin, i):
                out.append(cyr)
                i += len(latin)
                break
        else:
            out.append(low[i])
            i += 1
    text = "".join(out)
    return text[:1].upper() + text[1:]


# --- Names --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Name:
    """A watchlist entry: the name as listed and the aliases news would use."""

    kind: str  # company | person
    name: str
    aliases: tuple[str, ...]

    @property
    def terms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def _ru_word(rng: random.Random) -> str:
    first, second = rng.sample(RU_ROOTS, 2)
    return first + second.lower()


def _pinyin_word(rng: random.Random, syllables: int = 2) -> str:
    return "".join(rng.choice(PINYIN) for _ in range(syllables)).capitalize()


def _place(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.55:
        return rng.choice(PLACES)
    if roll < 0.8:
        return rng.choice(RU_PLACE_HEADS) + rng.choice(RU_PLACE_TAILS)
    return _pinyin_word(rng)


def _company(rng: random.Random) -> Name:
    roll = rng.random()
    if roll < 0.25:  # Shenzhen Huaxin Microsystems Co., Ltd.
        bare = f"{rng.choice(PLACES[41:]) if rng.random() < 0.7 else _place(rng)} " \
               f"{_pinyin_word(rng)} {rng.choice(INDUSTRY)}"
        return Name("company", f"{bare} {rng.choice(LEGAL_SUFFIX[:5])}", (bare,))
    if roll < 0.45:  # OOO "Elektrokomplekt", AO Radiopribor
        word = _ru_word(rng)
        prefix = rng.choice(LEGAL_PREFIX)
        quoted = f'{prefix} "{word}"' if rng.random() < 0.5 else f"{prefix} {word}"
        aliases = (word,) if rng.random() < 0.5 else (f"{word} {rng.choice(INDUSTRY)}",)
        if rng.random() < 0.1:  # a Cyrillic spelling, as lists give for Russian entities
            aliases += (f"ООО «{to_cyrillic(word)}»",)
        return Name("company", quoted, aliases)
    if roll < 0.65:  # Novosibirsk Precision Instruments LLC
        bare = f"{_place(rng)} {rng.choice(INDUSTRY)}"
        if rng.random() < 0.3:
            bare = f"{_place(rng)} {_ru_word(rng)} {rng.choice(INDUSTRY)}"
        return Name("company", f"{bare} {rng.choice(LEGAL_SUFFIX)}", (bare,))
    if roll < 0.75:  # Trade House Vektortorg
        word = _ru_word(rng)
        return Name("company", f"{rng.choice(['Trade House', 'Torgovy Dom', 'TD', 'NPO', 'NPP'])} "
                               f"{word}", ())
    if roll < 0.85:  # Brennan & Kaya Logistics FZE
        a, b = rng.choice(WEST_SURNAMES + OTHER_SURNAMES), rng.choice(WEST_SURNAMES)
        return Name("company", f"{a} & {b} {rng.choice(INDUSTRY)} {rng.choice(LEGAL_SUFFIX)}", ())
    # Zhongtian Rongsheng Technologies Limited
    bare = f"{_pinyin_word(rng)} {_pinyin_word(rng)} {rng.choice(INDUSTRY)}"
    return Name("company", f"{bare} {rng.choice(LEGAL_SUFFIX)}", (bare,))


def _ru_person(rng: random.Random) -> Name:
    first = rng.choice(RU_FIRST)
    female = first[-1] == "a"
    surname = rng.choice(RU_SURNAME_ROOTS)
    if not surname.endswith(("ov", "ev", "in", "ova", "eva")):
        surname += rng.choice(RU_SURNAME_ENDS)
    if female and surname.endswith(("ov", "ev", "in")):
        surname += "a"
    elif female and surname.endswith("sky"):
        surname = surname[:-2] + "aya"
    patronymic = rng.choice(RU_PATRONYMIC_ROOTS) + ("na" if female else "ich")
    full = f"{first} {patronymic} {surname}"
    return Name("person", full, (f"{first} {surname}",))


def _person(rng: random.Random) -> Name:
    roll = rng.random()
    if roll < 0.45:
        return _ru_person(rng)
    if roll < 0.7:
        given = _pinyin_word(rng, rng.choice([1, 2, 2]))
        return Name("person", f"{rng.choice(CN_SURNAMES)} {given}", ())
    if roll < 0.85:
        middle = f" {chr(rng.randrange(65, 91))}." if rng.random() < 0.4 else ""
        return Name("person", f"{rng.choice(WEST_FIRST)}{middle} {rng.choice(WEST_SURNAMES)}", ())
    return Name("person", f"{rng.choice(OTHER_FIRST)} {rng.choice(OTHER_SURNAMES)}", ())


def generate_names(count: int, seed: int) -> list[Name]:
    """``count`` distinct names (60% companies, 40% people); a prefix of a longer list."""
    rng = random.Random(f"names-{seed}")
    seen: set[str] = set()
    names: list[Name] = []
    while len(names) < count:
        entry = _company(rng) if rng.random() < 0.6 else _person(rng)
        key = entry.name.casefold()
        if key in seen:
            continue
        seen.add(key)
        names.append(entry)
    return names


def _yaml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def write_rules(names: list[Name], path: Path, label: str) -> int:
    """Write one rule per name (its aliases as further terms); return the number of terms."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        f"# Generated by benchmarks/corpus.py: {len(names):,} seeded names ({label}).",
        "defaults:",
        "  category: entity",
        "  severity: high",
        "  author: watchlist-extractor benchmarks",
        "rules:",
    ]
    terms = 0
    for number, entry in enumerate(names, start=1):
        lines.append(f"  - id: bench.{label}.{number:06d}")
        lines.append(f"    name: {_yaml_str(entry.name)}")
        lines.append(f"    tags: [kind:{entry.kind}]")
        lines.append("    terms: [" + ", ".join(_yaml_str(t) for t in entry.terms) + "]")
        terms += len(entry.terms)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return terms


# --- Articles ----------------------------------------------------------------------------------

OUTLETS = ["Newswire", "The Daily Ledger", "Baltic Times Review", "Asia Trade Monitor",
           "Eurasia Business Daily", "Reuters-style Wire", "Global Freight News"]
DATELINES = ["MOSCOW", "BEIJING", "BRUSSELS", "WASHINGTON", "LONDON", "KYIV", "ISTANBUL",
             "DUBAI", "ALMATY", "HONG KONG", "BERLIN", "TBILISI", "YEREVAN", "HELSINKI"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
COUNTRIES = ["Russia", "China", "Kazakhstan", "Kyrgyzstan", "Armenia", "Georgia", "Turkey",
             "the United Arab Emirates", "Belarus", "Uzbekistan", "Iran", "Hong Kong", "India",
             "Serbia", "Finland", "Estonia", "Latvia", "Germany", "the United States", "Japan"]
ADJ = ["Russian", "Chinese", "Kazakh", "Turkish", "European", "American", "Emirati",
       "Belarusian", "Armenian", "Georgian", "Kyrgyz", "Western", "Asian", "Indian"]
BODIES = ["the Treasury Department", "the Commerce Department", "the European Commission",
          "the Ministry of Industry and Trade", "the Federal Customs Service", "the State Council",
          "the Foreign Ministry", "the central bank", "the Office of Foreign Assets Control",
          "the Bureau of Industry and Security", "the finance ministry", "prosecutors",
          "the customs authority", "the trade ministry", "investigators", "the regulator"]
ROLES = ["a spokesman for", "a spokeswoman for", "the head of", "an analyst at",
         "a senior official at", "a researcher at", "the director of", "a lawyer for",
         "a former official at", "an economist at", "a trade consultant at"]
ORGS = ["the Centre for Strategic Research", "a Brussels think tank", "the Kiel Institute",
        "a Washington law firm", "the Free Russia Foundation", "the trade association",
        "a consultancy in London", "the Higher School of Economics", "an industry group",
        "a customs brokerage", "the Carnegie Endowment", "the Royal United Services Institute"]
PLAIN_GOODS = ["furniture", "textiles", "fertiliser", "cars", "smartphones", "laptops",
               "machine parts", "spare parts", "consumer goods", "agricultural equipment",
               "medical supplies", "steel pipes", "auto parts", "household appliances",
               "industrial equipment", "timber", "grain", "coal", "crude oil", "aluminium"]
CONTROLLED_GOODS = ["drones", "microchips", "semiconductors", "integrated circuits",
                    "ball bearings", "machine tools", "quadcopters", "thermal imaging cameras",
                    "microelectronics", "navigation modules", "radio equipment", "UAV engines",
                    "electronic components", "CNC machines", "transistors", "optical sights"]
PHRASES = ["parallel imports", "deliveries for the special military operation",
           "goods re-exported to Russia", "transshipment through third countries",
           "shell companies", "dual-use goods", "sanctions evasion", "mislabelled cargo",
           "front companies", "circumvention schemes"]
ISSUES = ["price fixing", "tax fraud", "trade disputes", "supply bottlenecks", "currency controls",
          "labour shortages", "port congestion", "food prices", "market access", "tariffs"]
TOPICS = ["the economy", "inflation", "interest rates", "the budget", "the harvest",
          "the rouble", "oil prices", "the elections", "the energy market", "public health",
          "the housing market", "shipping costs", "tourism", "the labour market"]
VERBS_SAY = ["said", "told reporters", "said in a statement", "wrote in a report",
             "said on " + "{weekday}", "told the newspaper", "confirmed", "added"]

SENTENCES = [
    "{Body} {say} that exports of {plain} to {country} rose by {pct} percent in {month}.",
    "Imports of {plain} from {country} reached {money} in the first {n} months of {year}, "
    "according to customs data.",
    "The figures could not be independently verified.",
    "Trade between {country} and {country2} has grown sharply since {year}, driven largely by "
    "{goods} and {goods2}.",
    "Analysts expect {topic} to remain under pressure for the rest of the year.",
    "{Body} did not respond to a request for comment.",
    "“{Quote},” said {person}, {role} {org}.",
    "“{Quote},” {person} {say}.",
    "The {adj} government has said it complies with all international obligations.",
    "Shipments were often declared as {plain}, according to documents reviewed by {outlet}.",
    "Much of the trade is affected by {issue}, analysts say.",
    "Experts say {issue} remain a concern despite new rules announced in {month}.",
    "Prices for {plain} in {country} have risen by {pct} percent since {month} {year}.",
    "In {month}, the company reported revenue of {money}, up {pct} percent from a year earlier.",
    "The ministry said it would publish new figures on {weekday}.",
    "Officials in {place} said the port handled a record {n},000 containers last month.",
    "A shipment of {plain} worth {money} was delayed at the border in {month}, {body} said.",
    "Several of the companies named in the report share an address in {place}.",
    "The case is part of a wider investigation into {issue} involving {adj} firms.",
    "Lawmakers in {country} are expected to vote on the measure next week.",
    "{Adj} buyers paid about {money} for {n},000 units of {plain}, the records show.",
    "The report, published on {weekday}, draws on {n},000 customs declarations.",
    "It was not clear how many of the goods reached their final destination.",
    "Demand for {plain} has fallen since the start of the year, traders said.",
    "The central bank kept its key rate unchanged at {pct} percent on {weekday}.",
    "Freight rates on the route from {place} to {place2} have doubled, logistics firms say.",
    "The move follows a similar decision by {body} in {month} {year}.",
    "Officials said the rules were aimed at {issue} rather than ordinary trade.",
    "Satellite images show new warehouses near the border crossing at {place}.",
]
# Sentences with a controlled good (about once per 2 KB) or an evasion phrase (once per 5 KB),
# the terms the shipped goods and phrases rules look for.
GOODS_SENTENCES = [
    "Exports of {cgoods} to {country} rose by {pct} percent in {month}, {body} said.",
    "A shipment of {cgoods} worth {money} was seized at the border in {month}.",
    "{Adj} buyers paid about {money} for {n},000 units of {cgoods}, the records show.",
    "{Adj} officials have repeatedly denied that {cgoods} sold abroad end up at the front.",
    "Imports of {cgoods} from {country} reached {money} in the first {n} months of {year}.",
]
PHRASE_SENTENCES = [
    "Much of the trade involves {phrase}, investigators say.",
    "Experts say {phrase} remains widespread despite new rules announced in {month}.",
    "The case is part of a wider investigation into {phrase} involving {adj} firms.",
    "Officials said the rules were aimed at {phrase} rather than ordinary trade.",
]
QUOTES = ["We are following the situation very closely", "This is a matter for the courts",
          "Our company has always complied with the law", "The numbers speak for themselves",
          "We have seen a clear shift in trade flows", "Enforcement is the weak point",
          "Nobody expected the market to adapt so quickly", "We will not comment on rumours",
          "The measures are working, but slowly", "It is a cat-and-mouse game"]
NAME_SENTENCES = [
    "{name} declined to comment.",
    "Customs records show that {name} shipped {goods} worth {money} to {country} in {month}.",
    "{name}, which was added to the sanctions list in {year}, did not reply to emails.",
    "According to the filing, {name} acted as an intermediary for {adj} buyers.",
    "The documents list {name} as the importer of record.",
    "A representative of {name} said the company had stopped deliveries to {country}.",
    "{name}’s director said all contracts were signed before the restrictions took effect.",
    "{Body} fined {name} on {weekday}, citing {issue}.",
    "Records show {name} bought {goods} from suppliers in {place}.",
    "Among the buyers was {name}, a firm registered in {place}.",
    "“We have never worked with {name},” {person} said.",
    "{name} is owned by a businessman based in {place}, registry data show.",
]
HEADLINES = [
    "{Adj} imports of {plain} surge",
    "Trade with {country} hits record as {plain} flows grow",
    "Customs data reveal new routes for {plain}",
    "{Body} widens list of sanctioned firms",
    "How {plain} reach {country} through {place}",
    "{place} becomes hub for {plain}",
    "Analysts warn on {topic} as {plain} prices climb",
    "Investigation links {adj} traders to {issue}",
]


class ArticleWriter:
    """Seeded article text; ``names`` is the pool watchlist names are drawn from."""

    def __init__(self, rng: random.Random, names: list[Name], filler_people: list[str]):
        self.rng = rng
        self.names = names
        self.people = filler_people

    def _fill(self, template: str) -> str:
        r = self.rng
        choice = r.choice
        values = {
            "body": choice(BODIES),
            "say": choice(VERBS_SAY).replace("{weekday}", choice(WEEKDAYS)),
            "goods": choice(PLAIN_GOODS),
            "cgoods": choice(CONTROLLED_GOODS),
            "issue": choice(ISSUES),
            "goods2": choice(PLAIN_GOODS),
            "plain": choice(PLAIN_GOODS),
            "country": choice(COUNTRIES),
            "country2": choice(COUNTRIES),
            "pct": str(r.randint(2, 95)),
            "month": choice(MONTHS),
            "year": str(r.randint(2014, 2026)),
            "money": f"${r.randint(1, 900)}.{r.randint(0, 9)} million",
            "n": str(r.randint(2, 40)),
            "Adj": choice(ADJ),
            "adj": choice(ADJ),
            "topic": choice(TOPICS),
            "Quote": choice(QUOTES),
            "person": choice(self.people),
            "role": choice(ROLES),
            "org": choice(ORGS),
            "outlet": choice(OUTLETS),
            "phrase": choice(PHRASES),
            "place": choice(PLACES),
            "place2": choice(PLACES),
            "weekday": choice(WEEKDAYS),
        }
        values["Body"] = values["body"][:1].upper() + values["body"][1:]
        return template.format(**values)

    def _name_mention(self) -> str:
        r = self.rng
        entry = r.choice(self.names)
        text = r.choice(entry.terms) if r.random() < 0.5 else entry.name
        if r.random() < 0.05:
            text = text.upper()
        sentence = self._fill(r.choice(NAME_SENTENCES).replace("{name}", "\0"))
        return sentence.replace("\0", text)

    def article(self, target_bytes: int) -> tuple[str, str]:
        """(headline, text) of roughly ``target_bytes``.

        About once per 2 KB a watchlist name, once per 2 KB a controlled good, once per 5 KB
        an evasion phrase; the other sentences are ordinary trade and economy news.
        """
        r = self.rng
        headline = self._fill(r.choice(HEADLINES))
        headline = headline[:1].upper() + headline[1:]
        day = r.randint(1, 28)
        parts = [headline, "",
                 f"{r.choice(DATELINES)}, {r.choice(MONTHS)} {day} ({r.choice(OUTLETS)}) — "]
        size = sum(len(p) for p in parts)
        # Countdowns (in characters) to the next name, controlled good and evasion phrase.
        gaps = {"name": 2000, "good": 2000, "phrase": 5000}
        due = {kind: r.expovariate(1 / gap) for kind, gap in gaps.items()}
        paragraph: list[str] = []
        first = True
        while size < target_bytes:
            kind = min(due, key=due.get)
            if due[kind] <= 0:
                due[kind] = r.expovariate(1 / gaps[kind])
                if kind == "name":
                    sentence = self._name_mention()
                elif kind == "good":
                    sentence = self._fill(r.choice(GOODS_SENTENCES))
                else:
                    sentence = self._fill(r.choice(PHRASE_SENTENCES))
            else:
                sentence = self._fill(r.choice(SENTENCES))
            for other in due:
                due[other] -= len(sentence) + 1
            paragraph.append(sentence)
            size += len(sentence) + 1
            if len(paragraph) >= r.randint(2, 5):
                text = " ".join(paragraph)
                if first:
                    parts[-1] += text
                    first = False
                else:
                    parts.append(text)
                parts.append("")
                paragraph = []
        if paragraph:
            parts.append(" ".join(paragraph))
        text = "\n".join(parts).rstrip() + "\n"
        roll = r.random()
        if roll < 0.35:  # plain ASCII copy (wire text)
            text = (text.replace("“", '"').replace("”", '"').replace("’", "'")
                    .replace(" — ", " - "))
        elif roll < 0.40:  # no-break spaces from a CMS: text that is not NFKC-normalised
            text = text.replace(" million", "\u00a0million").replace(" percent", "\u00a0percent")
        return headline, text


def article_sizes(rng: random.Random, total: int) -> list[int]:
    """Article lengths: mostly 1–8 KB (median ~3.5 KB), a few long reports."""
    sizes, done = [], 0
    while done < total:
        size = int(min(max(rng.lognormvariate(8.15, 0.6), 600), 60_000))
        if rng.random() < 0.01:
            size = rng.randint(40_000, 200_000)
        sizes.append(size)
        done += size
    return sizes


def generate_corpus(out: Path, total_bytes: int, seed: int, names: list[Name]) -> dict:
    """Write ``out/txt/NNN/*.txt`` and ``out/corpus.jsonl``; return a manifest."""
    rng = random.Random(f"corpus-{seed}")
    people_rng = random.Random(f"people-{seed}")
    filler_people = sorted({_person(people_rng).terms[-1] for _ in range(3000)})
    writer = ArticleWriter(rng, names, filler_people)
    txt = out / "txt"
    txt.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    total = count = 0
    with (out / "corpus.jsonl").open("w", encoding="utf-8") as jsonl:
        for number, size in enumerate(article_sizes(rng, total_bytes)):
            headline, text = writer.article(size)
            folder = txt / f"{number // 1000:03d}"
            folder.mkdir(exist_ok=True)
            data = text.encode("utf-8")
            (folder / f"article-{number:06d}.txt").write_bytes(data)
            record = {"id": f"a{number:06d}", "title": headline, "text": text}
            jsonl.write(json.dumps(record, ensure_ascii=False) + "\n")
            digest.update(data)
            total += len(data)
            count += 1
    return {"articles": count, "text_bytes": total, "sha256": digest.hexdigest()}


# --- Everything a run needs ------------------------------------------------------------------

GENERATOR_VERSION = 2  # part of the data folders' names: a change here regenerates the data
LIST_SIZES = {"1k": 1_000, "10k": 10_000, "50k": 50_000, "100k": 100_000}


def prepare(out: Path, corpus_mb: float, seed: int, *, log=print) -> dict:
    """Generate (or reuse) the watchlists and the corpus under ``out``; return the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    lists_dir = out / "watchlists"
    names_manifest = lists_dir / f"manifest-v{GENERATOR_VERSION}-seed{seed}.json"
    if names_manifest.is_file():
        lists = json.loads(names_manifest.read_text())
    else:
        started = time.perf_counter()
        all_names = generate_names(max(LIST_SIZES.values()), seed)
        lists = {}
        for label, size in LIST_SIZES.items():
            path = lists_dir / f"v{GENERATOR_VERSION}-seed{seed}" / f"names-{label}" / "names.yaml"
            terms = write_rules(all_names[:size], path, f"n{label}")
            lists[label] = {"path": str(path.parent), "names": size, "terms": terms}
        names_manifest.parent.mkdir(parents=True, exist_ok=True)
        names_manifest.write_text(json.dumps(lists, indent=2))
        log(f"  generated watchlists 1k–100k in {time.perf_counter() - started:.1f} s")
    corpus_dir = out / f"corpus-v{GENERATOR_VERSION}-{corpus_mb:g}mb-seed{seed}"
    manifest_path = corpus_dir / "manifest.json"
    if manifest_path.is_file():
        corpus = json.loads(manifest_path.read_text())
    else:
        started = time.perf_counter()
        names = generate_names(LIST_SIZES["1k"], seed)
        corpus = generate_corpus(corpus_dir, int(corpus_mb * 1_000_000), seed, names)
        corpus.update(txt=str(corpus_dir / "txt"), jsonl=str(corpus_dir / "corpus.jsonl"))
        manifest_path.write_text(json.dumps(corpus, indent=2))
        log(f"  generated a {corpus['text_bytes'] / 1e6:.1f} MB corpus "
            f"({corpus['articles']:,} articles) in {time.perf_counter() - started:.1f} s")
    return {"lists": lists, "corpus": corpus}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    parser.add_argument("--mb", type=float, default=50.0, help="corpus size in MB (10^6 bytes)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(json.dumps(prepare(args.out, args.mb, args.seed), indent=2))


if __name__ == "__main__":
    main()
