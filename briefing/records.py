"""Record classes for the data model, cheap to define.

Every `briefing search` imports the model, the dates and the search code
before it can answer. `dataclasses` costs about 25 ms to import on a small
machine (it pulls in `inspect`, `ast` and `dis`) and about 1 ms per class to
generate its methods; with sixteen classes that was a third of a warm
search. `record` does the part of it this project uses, with one `exec` per
class:

* `__init__` taking the fields in order, with defaults (`field(factory=…)`
  for a fresh mutable default) and `__post_init__` called if defined;
* `__eq__` and (for immutable records) `__hash__` over the compared fields,
  unless the class defines its own; `__repr__`; `__match_args__`;
* `__slots__`, immutability (`record`) or not (`record(frozen=False)`),
  and pickling;
* `fields(cls)`: (name, annotation as written) of each field.

Fields are the class's annotated names, in order; other class attributes,
methods and properties stay as written.
"""

from __future__ import annotations

from operator import attrgetter

_MISSING = object()


class FrozenRecordError(AttributeError):
    """An assignment to a field of an immutable record."""


class Field:
    """How a field behaves: its default (a value or a factory), whether it is compared and shown."""

    __slots__ = ("default", "factory", "compare", "repr")

    def __init__(self, default=_MISSING, factory=None, compare: bool = True, repr: bool = True) -> None:
        self.default, self.factory, self.compare, self.repr = default, factory, compare, repr


def field(*, default=_MISSING, factory=None, compare: bool = True, repr: bool = True):
    return Field(default, factory, compare, repr)


def fields(cls: type) -> tuple[tuple[str, str], ...]:
    """(name, annotation as written) of each field of a record class, in order."""
    recorded: tuple[tuple[str, str], ...] = getattr(cls, "__record_fields__")  # set by `record`, unknown to a checker
    return recorded


TYPE_CHECKING = False
if TYPE_CHECKING:  # a type checker sees records as the dataclasses they behave like
    from typing import dataclass_transform
else:
    def dataclass_transform(**_options):
        return lambda function: function


@dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
def record(cls: type | None = None, *, frozen: bool = True):
    """Make `cls` a slotted record class (immutable unless frozen=False)."""
    def make(cls: type) -> type:
        return _make(cls, frozen)

    return make if cls is None else make(cls)


def _make(cls: type, frozen: bool) -> type:
    annotations = cls.__dict__.get("__annotations__", {})
    names = tuple(name for name, annotation in annotations.items() if not str(annotation).startswith("ClassVar"))
    specs: dict[str, Field] = {}
    for name in names:
        value = cls.__dict__.get(name, _MISSING)
        specs[name] = value if isinstance(value, Field) else Field(default=value)

    namespace = {key: value for key, value in cls.__dict__.items()
                 if key not in specs and key not in ("__dict__", "__weakref__")}
    namespace.update(__slots__=names, __match_args__=names, __init__=_initializer(cls, specs, frozen),
                     __record_fields__=tuple((name, str(annotations[name])) for name in names))
    # The rest is the same for every record, over its field values (attrgetter runs in C).
    values = attrgetter(*names) if len(names) > 1 else (lambda record: (getattr(record, names[0]),)) if names \
        else (lambda record: ())
    compared = [name for name in names if specs[name].compare]
    compared_values = values if len(compared) == len(names) else attrgetter(*compared) if len(compared) > 1 \
        else (lambda record: tuple(getattr(record, name) for name in compared))
    shown = [name for name in names if specs[name].repr]

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return compared_values(self) == compared_values(other)
        return NotImplemented

    def __hash__(self):
        return hash(compared_values(self))

    def __repr__(self):
        fields_shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({fields_shown})"

    def __getstate__(self):
        return values(self)

    def __setstate__(self, state):
        for name, value in zip(names, state):
            object.__setattr__(self, name, value)

    def __setattr__(self, name, value):
        raise FrozenRecordError(f"cannot assign to field {name!r}")

    def __delattr__(self, name):
        raise FrozenRecordError(f"cannot delete field {name!r}")

    namespace.setdefault("__eq__", __eq__)
    namespace.setdefault("__repr__", __repr__)
    namespace.update(__getstate__=__getstate__, __setstate__=__setstate__)
    if namespace.get("__hash__") is None:
        namespace["__hash__"] = __hash__ if frozen else None
    if frozen:
        namespace.update(__setattr__=__setattr__, __delattr__=__delattr__)
    made = type(cls)(cls.__name__, cls.__bases__, namespace)
    made.__qualname__ = cls.__qualname__
    for function in (__eq__, __hash__, __repr__, __getstate__, __setstate__, __setattr__, __delattr__, namespace["__init__"]):
        function.__qualname__ = f"{cls.__qualname__}.{function.__name__}"
    return made


def _initializer(cls: type, specs: dict[str, Field], frozen: bool):
    """`__init__` as source, compiled once: records are made by the million, it must be plain code."""
    scope: dict = {"_MISSING": _MISSING, "_set": object.__setattr__}
    parameters, body = [], []
    for name, spec in specs.items():
        if spec.factory is not None:
            parameters.append(f"{name}=_MISSING")
            scope[f"_factory_{name}"] = spec.factory
            value = f"_factory_{name}() if {name} is _MISSING else {name}"
        elif spec.default is not _MISSING:
            parameters.append(f"{name}=_default_{name}")
            scope[f"_default_{name}"] = spec.default
            value = name
        else:
            if any("=" in parameter for parameter in parameters):
                raise TypeError(f"{cls.__name__}: field '{name}' without a default follows one with a default")
            parameters.append(name)
            value = name
        body.append(f" _set(self, {name!r}, {value})" if frozen else f" self.{name} = {value}")
    if "__post_init__" in cls.__dict__:
        body.append(" self.__post_init__()")
    source = f"def __init__(self, {', '.join(parameters)}):\n" + "\n".join(body or [" pass"])
    exec(source, scope)  # noqa: S102 - built above from the class's own field names
    return scope["__init__"]
