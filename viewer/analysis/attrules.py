"""The model's attribute ruler without spaCy's general ``Matcher``: the same matches, ~5× cheaper.

The ``attribute_ruler`` of the English pipelines maps each fine-grained tag to its
part of speech and morphology and applies ~180 word exceptions; lemmas depend on it.
Its ``Matcher`` runs a state machine over every token for every pattern and was 13 %
of our spaCy time. The patterns are one or two tokens long, without operators, on
``TAG``, ``LOWER``, ``DEP`` and ``IS_SPACE`` compared by value, ``IN``, ``NOT_IN`` or
``REGEX``: here each pattern is filed under one value its first token must have, and
a token only tries the patterns filed under its own values. The matches (rule, start,
end) are exactly those the ``Matcher`` gives (checked against it over the dev corpus,
the seeds and generated libraries, and by the tests), and they are applied by the
ruler's own order and rules. A ruler holding any other kind of pattern is left as it is.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Optional

# attribute name -> how a token value is read from ``Doc.to_array`` (column order)
_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")


class _Unsupported(Exception):
    pass


def _predicate(vocab, attr: str, spec: Any) -> tuple[Callable[[int], bool], Optional[tuple[str, frozenset]]]:
    """(test of a token's value, (attr, values it must be one of) or None) for one constraint."""
    if attr == "IS_SPACE":
        if not isinstance(spec, bool):
            raise _Unsupported(attr)
        want = int(spec)
        return (lambda v: v == want), (attr, frozenset([want]))

    def h(s: Any) -> int:
        if not isinstance(s, str):
            raise _Unsupported(attr)
        return vocab.strings.add(s)

    if isinstance(spec, str):
        want = h(spec)
        return (lambda v: v == want), (attr, frozenset([want]))
    if isinstance(spec, dict) and len(spec) == 1:
        (op, value), = spec.items()
        if op == "IN" and isinstance(value, list):
            allowed = frozenset(h(s) for s in value)
            return (lambda v: v in allowed), (attr, allowed)
        if op == "NOT_IN" and isinstance(value, list):
            banned = frozenset(h(s) for s in value)
            return (lambda v: v not in banned), None
        if op == "REGEX" and isinstance(value, str):
            pattern = re.compile(value)
            memo: dict[int, bool] = {}
            strings = vocab.strings

            def search(v: int) -> bool:
                found = memo.get(v)
                if found is None:
                    found = memo[v] = bool(pattern.search(strings[v]))
                return found
            return search, None
    raise _Unsupported(attr)


class FastAttributeMatcher:
    """``AttributeRuler.match`` for the patterns described above."""

    def __init__(self, ruler) -> None:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        self._columns = [TAG, LOWER, DEP, IS_SPACE]
        vocab = ruler.vocab
        # (attr, value) -> [(rule, key, [per-token [(column, test)]])]
        self._filed: dict[tuple[int, int], list] = {}
        self._always: list = []
        preference = ("TAG", "LOWER", "DEP", "IS_SPACE")
        for rule, entry in enumerate(ruler.patterns):
            key = vocab.strings[str(rule)]
            for pattern in entry["patterns"]:
                if not pattern or len(pattern) > 3:
                    raise _Unsupported("length")
                tokens = []
                anchors: dict[str, frozenset] = {}
                for position, spec in enumerate(pattern):
                    if not isinstance(spec, dict) or not spec or any(a not in _ATTRS for a in spec):
                        raise _Unsupported(str(spec))
                    tests = []
                    for attr, value in spec.items():
                        test, anchor = _predicate(vocab, attr, value)
                        tests.append((_ATTRS.index(attr), test))
                        if position == 0 and anchor is not None:
                            anchors[attr] = anchor[1]
                    tokens.append(tests)
                compiled = (rule, key, tokens)
                anchor_attr = next((a for a in preference if a in anchors), None)
                if anchor_attr is None:
                    self._always.append(compiled)
                    continue
                column = _ATTRS.index(anchor_attr)
                for value in anchors[anchor_attr]:
                    self._filed.setdefault((column, value), []).append(compiled)

    def __call__(self, doc) -> list[tuple[int, int, int, int]]:
        """The ruler's sorted matches: (rule, key, start, end)."""
        n = len(doc)
        if n == 0:
            return []
        rows = doc.to_array(self._columns).tolist()
        filed = self._filed
        found = set()
        for start, row in enumerate(rows):
            candidates = []
            for column in (0, 1, 2, 3):
                hit = filed.get((column, row[column]))
                if hit:
                    candidates += hit
            if self._always:
                candidates += self._always
            for rule, key, tokens in candidates:
                end = start + len(tokens)
                if end > n:
                    continue
                if all(test(rows[start + k][column]) for k, tests in enumerate(tokens)
                       for column, test in tests):
                    found.add((rule, key, start, end))
        return sorted(found)


def speed_up(ruler) -> bool:
    """Give ``ruler`` (an ``AttributeRuler``) the fast matcher; False when its patterns need spaCy's."""
    from spacy.tokens._retokenize import set_token_attrs

    try:
        matcher = FastAttributeMatcher(ruler)
    except _Unsupported:
        return False
    attrs, indices = ruler.attrs, ruler.indices

    def set_annotations(doc, matches) -> None:
        for rule, _key, start, end in matches:
            index = indices[rule]
            position = start + index if index >= 0 else end + index
            if not start <= position < end:
                raise ValueError(f"attribute rule {rule}: index {index} outside its match")
            set_token_attrs(doc[position], attrs[rule])

    ruler.match = matcher
    ruler.set_annotations = set_annotations
    return True
