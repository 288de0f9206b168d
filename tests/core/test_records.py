"""briefing.records: the small subset of dataclasses the model is made of."""

from __future__ import annotations

import copy
import pickle

import pytest

from briefing.records import FrozenRecordError, field, fields, record


@record
class Point:
    """A point."""

    x: int
    y: int = 0
    tags: tuple[str, ...] = ()

    kind = "point"  # not annotated: a class attribute, not a field

    @property
    def total(self) -> int:
        return self.x + self.y


@record
class Registry:
    name: str = ""
    items: dict[str, int] = field(factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.items.update({self.name: len(self.name)})


@record(frozen=False)
class Cursor:
    at: int
    seen: list[int] = field(factory=list)


def test_fields_in_order_with_defaults():
    point = Point(1)
    assert (point.x, point.y, point.tags) == (1, 0, ())
    assert Point(1, 2, ("a",)) == Point(x=1, y=2, tags=("a",))
    assert fields(Point) == (("x", "int"), ("y", "int"), ("tags", "tuple[str, ...]"))
    assert Point.kind == "point" and point.kind == "point" and point.total == 1
    assert Point.__doc__ == "A point." and Point.__match_args__ == ("x", "y", "tags")
    with pytest.raises(TypeError):
        Point()
    with pytest.raises(TypeError):
        Point(1, 2, (), 4)


def test_equality_and_hash_follow_the_compared_fields():
    assert Point(1, 2) == Point(1, 2) and Point(1, 2) != Point(2, 1)
    assert hash(Point(1, 2)) == hash(Point(1, 2))
    assert len({Point(1, 2), Point(1, 2), Point(3)}) == 2
    assert Point(1, 2) != (1, 2, ()), "a record never equals a tuple of its values"
    assert Registry("a") == Registry("a") and hash(Registry("a")) == hash(Registry("a"))


def test_repr_shows_the_shown_fields():
    assert repr(Point(1, 2)) == "Point(x=1, y=2, tags=())"
    assert repr(Registry("ab")) == "Registry(name='ab')"


def test_immutable_and_slotted():
    point = Point(1)
    with pytest.raises(FrozenRecordError):
        point.x = 3
    with pytest.raises(AttributeError):
        del point.y
    with pytest.raises(AttributeError):
        point.other = 1  # no __dict__
    assert not hasattr(point, "__dict__")


def test_factories_give_each_record_its_own_value_and_post_init_runs():
    first, second = Registry("a"), Registry("bcd")
    assert first.items == {"a": 1} and second.items == {"bcd": 3}
    assert first.items is not second.items


def test_mutable_records_can_change_and_are_not_hashable():
    cursor = Cursor(1)
    cursor.at = 5
    cursor.seen.append(2)
    assert cursor == Cursor(5, [2]) and Cursor(1).seen is not Cursor(1).seen
    with pytest.raises(TypeError):
        hash(cursor)


def test_pickle_and_copy_keep_the_values():
    for value in (Point(1, 2, ("x",)), Registry("z"), Cursor(3, [1])):
        assert pickle.loads(pickle.dumps(value)) == value
        assert copy.deepcopy(value) == value and copy.copy(value) == value


def test_a_field_without_default_after_one_with_is_refused():
    with pytest.raises(TypeError, match="without a default"):
        @record
        class Broken:
            a: int = 0
            b: int


def test_the_search_command_imports_no_dataclasses():
    """The point of records: a warm `briefing search --json` never pays for dataclasses."""
    import subprocess
    import sys

    code = ("import sys, briefing.cache.indexes, briefing.search.engine, briefing.search.cli, briefing.cli\n"
            "print(sorted(m for m in ('dataclasses', 'inspect', 'textual', 'rich') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
