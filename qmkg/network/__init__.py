"""Networks projected from the graph (networkx), their metrics, and offline views.

>>> from qmkg import network
>>> "organiser-theme" in network.KINDS
True
"""

from qmkg.network.metrics import (
    Bridge,
    Community,
    NetworkMetrics,
    Score,
    analyse,
    betweenness,
    bridges,
    communities,
    weighted_degree,
)
from qmkg.network.projections import *  # noqa: F403
from qmkg.network.projections import __all__ as _projections

__all__ = [*_projections, "Bridge", "Community", "NetworkMetrics", "Score", "analyse", "betweenness", "bridges",
           "communities", "weighted_degree"]
