"""Read one YAML file into plain Python data plus the line and column of every value.

The validator needs positions to point a contributor at the offending key, so the
file is composed once into nodes and turned into data here; nobody parses it again.
Dates stay strings (``2024-05-01``) so that they validate and export as written.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

Position = tuple[int, int]  # 1-based line and column
DataPath = tuple  # keys and indexes from the document root


class YamlSyntaxError(Exception):
    def __init__(self, message: str, line: int, column: int):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


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


def _mark(node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1



class _Builder:
    def __init__(self, doc: YamlDocument):
        self.doc = doc
        self.constructor = _Loader("")  # only its scalar constructors are used

    def build(self, node, data_path: DataPath):
        self.doc.positions[data_path] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            result = {}
            for key_node, value_node in node.value:
                key = self.build_scalar(key_node)
                if key in result:
                    raise YamlSyntaxError(f"duplicate key '{key}'", *_mark(key_node))
                self.doc.key_positions[data_path + (key,)] = _mark(key_node)
                result[key] = self.build(value_node, data_path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, data_path + (index,)) for index, item in enumerate(node.value)]
        return self.build_scalar(node)

    def build_scalar(self, node):
        if not isinstance(node, yaml.ScalarNode):
            raise YamlSyntaxError("a key must be a plain value", *_mark(node))
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value
        return self.constructor.construct_object(node, deep=True)


def load(path: Path) -> YamlDocument:
    """Parse ``path``; raise YamlSyntaxError with the position of the first problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise YamlSyntaxError("the file is missing", 1, 1) from None
    except UnicodeDecodeError as error:
        raise YamlSyntaxError(f"the file is not UTF-8 text ({error.reason})", 1, 1) from None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = " ".join(part for part in (error.context, error.problem) if part)
        raise YamlSyntaxError(f"YAML syntax error: {message}", mark.line + 1, mark.column + 1) from None
    doc = YamlDocument(path=path, data=None)
    if node is None:
        raise YamlSyntaxError("the file is empty", 1, 1)
    doc.data = _Builder(doc).build(node, ())
    return doc
