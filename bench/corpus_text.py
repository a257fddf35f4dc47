"""Bilingual prose generator: sentences and Markdown bodies in English and Indonesian.

Text is represented as a ``Bi`` dict ``{"en": ..., "id": ...}``. Each draw from the
random generator picks aligned bank entries, so both languages say the same thing
and consume the same random numbers (the output depends only on the seed).
"""

import string

import corpus_vocab as V

LANGS = ("id", "en")
_EN, _ID = 0, 1

SENTENCES = [
    ("{actor} {verb} the {adj} {noun} on {topic} {time}.",
     "{actor} {verb} {noun} {adj} tentang {topic} {time}."),
    ("According to {outlet}, the {noun} would affect {num} {unit} across {place}.",
     "Menurut {outlet}, {noun} tersebut akan memengaruhi {num} {unit} di seluruh {place}."),
    ("Critics argued that the {noun} {clause}.",
     "Para pengkritik berpendapat bahwa {noun} tersebut {clause}."),
    ("Officials in {place} said the talks on {topic} {progress}.",
     "Pejabat di {place} mengatakan perundingan mengenai {topic} {progress}."),
    ("The {org} estimated that {topic} would cost about {num} {currency} over {n} years.",
     "{org} memperkirakan bahwa {topic} akan menelan biaya sekitar {num} {currency} "
     "dalam {n} tahun."),
    ("In a statement, {actor} called for {demand}.",
     "Dalam sebuah pernyataan, {actor} menyerukan {demand}."),
    ("{conn}, the debate over {topic} has {shift}.",
     "{conn}, perdebatan mengenai {topic} telah {shift}."),
    ("Data from the {org} show that {metric} {change} by {pct} percent in {year}.",
     "Data dari {org} menunjukkan bahwa {metric} {change} sebesar {pct} persen pada {year}."),
    ("\u201c{quote},\u201d {actor} told reporters.",
     "\u201c{quote},\u201d kata {actor} kepada wartawan."),
    ("The {noun} is expected to take effect in {year}, subject to approval by the {org}.",
     "{noun} tersebut diperkirakan mulai berlaku pada {year}, dengan syarat disetujui "
     "oleh {org}."),
    ("{actor} and {actor} met in {place} {time} to discuss {topic}.",
     "{actor} dan {actor} bertemu di {place} {time} untuk membahas {topic}."),
    ("Analysts expect {metric} to {change2} further if the {noun} is {passive} in {month}.",
     "Para analis memperkirakan {metric} akan {change2} lebih jauh jika {noun} tersebut "
     "{passive} pada bulan {month}."),
]



def _parse(template):
    return [(literal, field) for literal, field, _, _ in string.Formatter().parse(template)]


_PARSED = [(_parse(en), _parse(id_)) for en, id_ in SENTENCES]
_SLOTS = [tuple(field for _, field in en if field) for en, _ in _PARSED]

_CHANGE2 = [("rise", "naik"), ("fall", "turun"), ("recover", "pulih"), ("slow", "melambat")]
_PASSIVE = [("approved", "disetujui"), ("delayed", "ditunda"), ("revised", "direvisi"),
            ("rejected", "ditolak"), ("signed", "ditandatangani")]


def cap(text):
    """Upper-case the first letter, skipping Markdown marks (``*``, ``[``) before it."""
    for i, char in enumerate(text):
        if char.isalpha():
            return text[:i] + char.upper() + text[i + 1:]
    return text


def mid(title):
    """A title as used mid-sentence: lower-case unless it holds a proper noun."""
    if any(c.isupper() for c in title[1:]):
        return title
    return title[:1].lower() + title[1:]


def number(value, lang):
    """Group thousands the way each language does: 12,500 (en) / 12.500 (id)."""
    text = f"{value:,}"
    return text.replace(",", ".") if lang == "id" else text


class Mentions:
    """Fills sentence slots for one text, linking the first mention of an entity.

    ``actors`` and ``topics`` are ``(slug, Bi name)`` pairs of the entry being
    written; ``places`` and ``orgs`` are Bi names mentioned as plain text.
    ``plain`` turns off links and emphasis (for summaries and titles).
    """

    def __init__(self, rng, actors, topics, places, orgs, plain=False):
        self.rng = rng
        self.actors = actors
        self.topics = topics
        self.places = places
        self.orgs = orgs
        self.plain = plain
        self.linked = set()
        self.last_actor = None

    def _entity(self, kind, slug, name):
        if self.plain or (kind, slug) in self.linked:
            return name
        self.linked.add((kind, slug))
        return (f"[{name[_EN]}]({kind}:{slug})", f"[{name[_ID]}]({kind}:{slug})")

    def actor(self):
        """An actor of this entry, not the one just named if there is a choice."""
        slug, name = self.rng.choice(self.actors)
        if slug == self.last_actor and len(self.actors) > 1:
            slug, name = self.rng.choice([a for a in self.actors if a[0] != slug])
        self.last_actor = slug
        return self._entity("actor", slug, (name["en"], name["id"]))

    def topic(self):
        slug, title = self.rng.choice(self.topics)
        return self._entity("topic", slug, (mid(title["en"]), mid(title["id"])))

    def emphasis(self, pair, chance=0.08):
        if self.plain or self.rng.random() >= chance:
            return pair
        mark = "**" if self.rng.random() < 0.4 else "*"
        return tuple(f"{mark}{text}{mark}" for text in pair)

    def slot(self, name):
        rng = self.rng
        if name == "actor":
            return self.actor()
        if name == "topic":
            return self.topic()
        if name == "place":
            place = rng.choice(self.places)
            return place["en"], place["id"]
        if name == "org":
            org = rng.choice(self.orgs)
            return org["en"], org["id"]
        if name in _NUMBERS:
            value = rng.randrange(*_NUMBERS[name])
            return number(value, "en"), number(value, "id")
        if name == "year":
            year = str(rng.randrange(2015, 2031))
            return year, year
        if name == "outlet":
            outlet = rng.choice(V.OUTLETS)
            return outlet, outlet
        if name == "noun":
            return self.emphasis(rng.choice(V.NOUNS))
        if name == "metric":
            return self.emphasis(rng.choice(V.METRICS), 0.1)
        bank = _BANKS[name]
        return rng.choice(bank)

    def sentence(self):
        """One sentence as an ``(en, id)`` pair."""
        index = self.rng.randrange(len(SENTENCES))
        self.last_actor = None
        by_name = {}
        for name in _SLOTS[index]:
            by_name.setdefault(name, []).append(self.slot(name))
        en_parts, id_parts = _PARSED[index]
        return cap(_fill(en_parts, by_name, _EN)), cap(_fill(id_parts, by_name, _ID))

    def paragraph(self, count):
        pairs = [self.sentence() for _ in range(count)]
        return (" ".join(p[_EN] for p in pairs), " ".join(p[_ID] for p in pairs))


_NUMBERS = {"num": (120, 98000), "pct": (2, 48), "n": (2, 12)}
_BANKS = {
    "adj": V.ADJECTIVES, "verb": V.VERBS, "time": V.TIMES, "unit": V.UNITS,
    "clause": V.CLAUSES, "progress": V.PROGRESS, "currency": V.CURRENCIES,
    "demand": V.DEMANDS, "conn": V.CONNECTORS, "shift": V.SHIFTS,
    "change": V.CHANGES, "change2": _CHANGE2, "passive": _PASSIVE, "quote": V.QUOTES,
    "month": V.MONTHS,
}


def _fill(parts, by_name, lang):
    """Format a parsed template; a repeated slot (two actors) takes its values in order."""
    used = {}
    out = []
    for literal, field in parts:
        out.append(literal)
        if field:
            k = used.get(field, 0)
            used[field] = k + 1
            out.append(by_name[field][k][lang])
    return "".join(out)
