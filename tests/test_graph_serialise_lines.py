"""Deterministic serialisation helpers."""

from qmkg.graph.serialise import canonical_lines


def test_blank_nodes_are_labelled_from_content_and_literals_are_left_alone():
    a = '_:a <http://p> _:b .\n_:b <http://q> "x _:zz ." .\n<http://s> <http://r> _:a .\n'
    b = a.replace("_:a", "_:n1").replace("_:b ", "_:n2 ").replace("_:b .", "_:n2 .")
    assert canonical_lines(a) == canonical_lines(b)
    assert any('"x _:zz ."' in line for line in canonical_lines(a))


def test_lines_without_blank_nodes_are_sorted():
    assert canonical_lines("<b> <p> <o> .\n<a> <p> <o> .\n") == ["<a> <p> <o> .", "<b> <p> <o> ."]
