"""qmkg: the knowledge graph of China's National Quality Month (全国"质量月").

The public API is small:

>>> import qmkg
>>> qmkg.__version__
'0.1.0'

``qmkg.open_graph(path)`` opens a built graph for named queries (see :mod:`qmkg.query.library`),
``qmkg.pipeline.build_notices(paths)`` builds one from notices.
"""

__version__ = "0.1.0"


def open_graph(path=None, *, endpoint=None):
    """Open a built graph (a Turtle file, default the bundled 2024 graph) or a remote endpoint.

    Returns a :class:`qmkg.query.library.QueryService`.
    """
    from qmkg.query.library import QueryService

    return QueryService.open(path, endpoint=endpoint)


__all__ = ["__version__", "open_graph"]
