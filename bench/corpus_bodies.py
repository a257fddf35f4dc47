"""Markdown bodies (articles, topic backgrounds, actor profiles) in both languages.

A body is built as a list of ``(en, id)`` blocks joined by blank lines. The
English word count steers the length; the Indonesian text follows the same
plan, so both translations have the same structure.
"""

import corpus_vocab as V

_EN, _ID = 0, 1


def _join(blocks):
    return {"en": "\n\n".join(b[_EN] for b in blocks),
            "id": "\n\n".join(b[_ID] for b in blocks)}


def _words(blocks):
    return sum(len(b[_EN].split()) for b in blocks)


def _list(mentions, count, ordered):
    items = [mentions.sentence() for _ in range(count)]
    markers = [f"{i}." if ordered else "-" for i in range(1, count + 1)]
    return tuple("\n".join(f"{mk} {it[lang]}" for mk, it in zip(markers, items, strict=True))
                 for lang in (_EN, _ID))


def _quote(mentions):
    en, id_ = mentions.sentence()
    return f"> {en}", f"> {id_}"


def _table(rng):
    """A small data table: year, metric, change in percent (decimal comma in id)."""
    head_en, head_id = V.TABLE_HEAD
    rows_en = ["| " + " | ".join(head_en) + " |", "| --- | --- | ---: |"]
    rows_id = ["| " + " | ".join(head_id) + " |", "| --- | --- | ---: |"]
    year = rng.randrange(2012, 2020)
    for offset in range(rng.randrange(3, 6)):
        metric = rng.choice(V.METRICS)
        change = rng.randrange(-150, 300) / 10
        text = f"{change:+.1f}%"
        rows_en.append(f"| {year + offset} | {metric[_EN]} | {text} |")
        rows_id.append(f"| {year + offset} | {metric[_ID]} | {text.replace('.', ',')} |")
    return "\n".join(rows_en), "\n".join(rows_id)


def _section_extra(mentions, state):
    """Maybe one list, block quote or (once per body) table after a section."""
    rng = mentions.rng
    roll = rng.random()
    if roll < 0.3:
        return _list(mentions, rng.randrange(3, 6), ordered=False)
    if roll < 0.5:
        return _quote(mentions)
    if roll < 0.62 and not state["table"]:
        state["table"] = True
        return _table(rng)
    if roll < 0.72:
        return _list(mentions, rng.randrange(3, 5), ordered=True)
    return None


def _sections(mentions, blocks, target, level="##"):
    rng = mentions.rng
    headings = rng.sample(V.HEADINGS, len(V.HEADINGS))
    state = {"table": False}
    while _words(blocks) < target and headings:
        heading = headings.pop()
        blocks.append((f"{level} {heading[_EN]}", f"{level} {heading[_ID]}"))
        blocks.append(mentions.paragraph(rng.randrange(3, 6)))
        extra = _section_extra(mentions, state)
        if extra:
            blocks.append(extra)
        if rng.random() < 0.5:
            blocks.append(mentions.paragraph(rng.randrange(2, 4)))


def _closing(related, source_outlet, source_url):
    see_en, see_id = V.SEE_ALSO
    lines_en, lines_id = [], []
    if related:
        links_en = ", ".join(f"[{t['en']}](article:{s})" for s, t in related)
        links_id = ", ".join(f"[{t['id']}](article:{s})" for s, t in related)
        lines_en.append(f"*{see_en}:* {links_en}.")
        lines_id.append(f"*{see_id}:* {links_id}.")
    lines_en.append(f"The original report is available from [{source_outlet}]({source_url}).")
    lines_id.append(f"Laporan aslinya tersedia di [{source_outlet}]({source_url}).")
    return "\n\n".join(lines_en), "\n\n".join(lines_id)


def article_body(mentions, related, outlet, url, target=600):
    """About ``target`` words: a lead, sections with lists/quotes/a table, links."""
    blocks = [mentions.paragraph(3)]
    closing = _closing(related, outlet, url)
    _sections(mentions, blocks, target - _words([closing]) - 45)
    blocks.append(closing)
    return _join(blocks)


def _list_section(mentions, level):
    """Shape b's section: a heading, one or two sentences, and most often a list."""
    rng = mentions.rng
    heading = rng.choice(V.HEADINGS)
    blocks = [(f"{level} {heading[_EN]}", f"{level} {heading[_ID]}"), mentions.paragraph(1)]
    if rng.random() < 0.75:
        blocks.append(_list(mentions, rng.randrange(3, 7), ordered=rng.random() < 0.3))
    return blocks


def listed_article_body(mentions, related, outlet, url, target=420):
    """Shape b: shorter bodies made of many short sections under `##` and `###` headings,
    most of them with a list, and no tables or quotes."""
    blocks = [mentions.paragraph(2)]
    closing = _closing(related, outlet, url)
    sections = 0
    while _words(blocks) < target - _words([closing]):
        blocks += _list_section(mentions, "###" if sections % 3 else "##")
        sections += 1
    blocks.append(closing)
    return _join(blocks)


def topic_body(mentions, target=260):
    blocks = [mentions.paragraph(3)]
    _sections(mentions, blocks, target)
    return _join(blocks)


def actor_body(mentions, target=110):
    blocks = [mentions.paragraph(2)]
    if mentions.rng.random() < 0.5:
        blocks.append(_list(mentions, 3, ordered=False))
    while _words(blocks) < target:
        blocks.append(mentions.paragraph(2))
    return _join(blocks)


def headline(mentions):
    """A headline such as 'Adi Santoso rejects new export ban on palm oil'."""
    rng = mentions.rng
    actor = mentions.actor()
    verb, adj, noun = rng.choice(V.HEADLINE_VERBS), rng.choice(V.ADJECTIVES), rng.choice(V.NOUNS)
    topic = mentions.topic()
    en = f"{actor[_EN]} {verb[_EN]} {adj[_EN]} {noun[_EN]} on {topic[_EN]}"
    id_ = f"{actor[_ID]} {verb[_ID]} {noun[_ID]} {adj[_ID]} soal {topic[_ID]}"
    return {"en": en, "id": id_[:1].upper() + id_[1:]}


def summary(mentions):
    en, id_ = mentions.sentence()
    return {"en": en, "id": id_}
