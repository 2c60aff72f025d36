"""Read one YAML file into plain Python data plus the line and column of every value.

The validator needs positions to point a contributor at the offending key, so the data
is built here, once, straight from libyaml's parse events; nobody parses the file again.
Dates stay strings (``2024-05-01``) so that they validate and export as written.

Curated content is plain data, so what YAML offers beyond that is refused at its
position before anything is built: anchors and aliases (an alias "bomb" would otherwise
expand to gigabytes), merge keys and tags (``!!python/...``, ``!custom``). The file size
and the nesting depth are bounded, so no file can make a check slow or memory-hungry.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import files

try:
    _Parser = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Parser = yaml.SafeLoader

MAX_BYTES = 1_000_000  # 1 MB: the largest shipped file (plan.yml) is 38 KB
MAX_DEPTH = 20  # levels of nested mappings and lists; content uses at most 6

Position = tuple[int, int]  # 1-based line and column
DataPath = tuple  # keys and indexes from the document root

# Plain (untagged) scalars are resolved as YAML 1.1 does, with PyYAML's safe constructors.
_SCALARS = yaml.SafeLoader("")
_TAG = "tag:yaml.org,2002:"
_AS_TEXT = {_TAG + "str", _TAG + "timestamp", _TAG + "value"}  # dates stay as written; '=' is text


class YamlSyntaxError(files.FileError):
    """A file that is not plain YAML data, or cannot be read, with the position of the problem."""


@dataclass
class YamlDocument:
    path: Path
    data: object
    positions: dict = field(default_factory=dict)  # DataPath -> Position of the value
    key_positions: dict = field(default_factory=dict)  # DataPath -> Position of the key

    def position(self, data_path: DataPath, key: bool = False) -> Position:
        """The nearest known position: the value itself, else its closest parent."""
        table = self.key_positions if key else self.positions
        data_path = tuple(data_path)
        while data_path:
            if data_path in table:
                return table[data_path]
            if data_path in self.positions:
                return self.positions[data_path]
            data_path = data_path[:-1]
        return self.positions.get((), (1, 1))


def _mark(event) -> Position:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _error(message: str, event) -> YamlSyntaxError:
    return YamlSyntaxError(message, *_mark(event))


class _Builder:
    """Plain data from the event stream, refusing what curated content never needs."""

    def __init__(self, parser, doc: YamlDocument):
        self.next = parser.get_event
        self.doc = doc

    def value(self, event, data_path: DataPath, depth: int):
        self.doc.positions[data_path] = _mark(event)
        kind = type(event)
        if kind is yaml.ScalarEvent:
            return self.scalar(event)
        if depth >= MAX_DEPTH:
            raise _error(f"nested more than {MAX_DEPTH} levels deep; content files are flat lists and mappings", event)
        if kind is yaml.SequenceStartEvent:
            items = []
            while type(event := self.checked()) is not yaml.SequenceEndEvent:
                items.append(self.value(event, data_path + (len(items),), depth + 1))
            return items
        result = {}  # a MappingStartEvent
        while type(event := self.checked()) is not yaml.MappingEndEvent:
            if type(event) is not yaml.ScalarEvent:
                raise _error("a key must be a plain value", event)
            key = self.scalar(event, is_key=True)
            if key in result:
                raise _error(f"duplicate key '{key}'", event)
            self.doc.key_positions[data_path + (key,)] = _mark(event)
            result[key] = self.value(self.checked(), data_path + (key,), depth + 1)
        return result

    def checked(self):
        event = self.next()
        if type(event) is yaml.AliasEvent:
            raise _error(f"aliases (*{event.anchor}) are not allowed in content: write the value out in full", event)
        if getattr(event, "anchor", None) is not None:
            raise _error(f"anchors (&{event.anchor}) are not allowed in content: write each value out in full", event)
        if getattr(event, "tag", None) is not None:
            tag = event.tag.replace(_TAG, "!!")
            raise _error(f"tags such as '{tag}' are not allowed in content: write the plain value", event)
        return event

    def scalar(self, event, is_key: bool = False):
        tag = _SCALARS.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _TAG + "merge":
            raise _error("merge keys (<<) are not allowed in content: write the fields out in full", event)
        if tag in _AS_TEXT:
            return event.value
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
        try:
            return _SCALARS.yaml_constructors[tag](_SCALARS, node)
        except (ValueError, OverflowError):  # e.g. a number of thousands of digits
            raise _error(f"cannot read this {'key' if is_key else 'value'} as a number; put it in quotes to keep it as text", event) from None


def load(path: Path, max_bytes: int = MAX_BYTES) -> YamlDocument:
    """Parse ``path``; raise a FileError (YamlSyntaxError) with the position of the first problem."""
    text = files.read_text(path, max_bytes)
    doc = YamlDocument(path=path, data=None)
    parser = _Parser(text)
    try:
        builder = _Builder(parser, doc)
        builder.next()  # StreamStart
        if type(builder.next()) is yaml.StreamEndEvent:  # else DocumentStart
            raise YamlSyntaxError("the file is empty", 1, 1)
        event = builder.checked()
        doc.data = builder.value(event, (), 0)
        builder.next()  # DocumentEnd
        event = builder.next()
        if type(event) is not yaml.StreamEndEvent:
            raise _error("a file holds one YAML document: remove the second '---' and what follows", event)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = " ".join(part for part in (error.context, error.problem) if part)
        raise YamlSyntaxError(f"YAML syntax error: {message}", mark.line + 1, mark.column + 1) from None
    finally:
        parser.dispose()
    return doc
