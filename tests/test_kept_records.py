"""Records kept between serve's rebuilds: used again only for the same objects, under the same
settings, and dropped once a rebuild no longer uses them."""
from __future__ import annotations

from sitegen.kept_records import KeptRecords


class Thing:
    """A model object: compared by identity, as validation hands back unchanged ones."""


def made_by(records: KeptRecords, owner: Thing, named: tuple, made: list) -> str:
    return records.get(("kind", "key"), (owner, *named), lambda: made.append(owner) or f"record {len(made)}")


def test_a_record_is_made_again_when_its_owner_or_a_named_object_is_another():
    records, made = KeptRecords(), []
    owner, actor = Thing(), Thing()
    records.start("settings")
    first = made_by(records, owner, (actor,), made)
    records.start("settings")
    assert made_by(records, owner, (actor,), made) == first and len(made) == 1
    records.start("settings")
    assert made_by(records, owner, (Thing(),), made) != first  # an actor's file changed
    assert made_by(records, Thing(), (actor,), made) not in (first,)  # the event's own
    assert len(made) == 3


def test_other_settings_or_a_rebuild_that_did_not_use_a_record_drop_it():
    records, made = KeptRecords(), []
    owner = Thing()
    records.start("settings")
    made_by(records, owner, (), made)
    records.start("other settings")
    made_by(records, owner, (), made)
    assert len(made) == 2
    records.start("other settings")  # a rebuild without this owner (its event was deleted)
    records.start("other settings")
    made_by(records, owner, (), made)
    assert len(made) == 3
