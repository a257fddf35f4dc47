"""Every UI string in the theme and the code has an Indonesian translation."""
import re

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from conftest import ROOT

KEYWORDS = {"_": None, "gettext": None, "N_": None, "ngettext": (1, 2)}


def ui_strings() -> set:
    found = set()
    method_map = [("sitegen/**.py", "python"), ("templates/**.html", "jinja2")]
    options = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    for _, _, message, _, _ in extract_from_dir(str(ROOT), method_map, options, keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_ui_string_is_translated_into_indonesian():
    with open(ROOT / "locale/id/LC_MESSAGES/messages.po", "rb") as handle:
        catalog = read_po(handle, locale="id")
    strings = ui_strings()
    assert len(strings) > 40
    missing = sorted(s for s in strings if not catalog.get(s) or not catalog.get(s).string
                     or (isinstance(catalog.get(s).string, tuple) and not all(catalog.get(s).string)))
    assert missing == []


def test_placeholders_survive_translation():
    with open(ROOT / "locale/id/LC_MESSAGES/messages.po", "rb") as handle:
        catalog = read_po(handle, locale="id")
    for message in catalog:
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        targets = message.string if isinstance(message.string, tuple) else (message.string,)
        for target in targets:
            assert set(re.findall(r"%\(\w+\)[sd]", source)) == set(re.findall(r"%\(\w+\)[sd]", target)), source
