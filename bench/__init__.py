"""The qmkg benchmark harness and its scale-data generator: ``python -m bench [--quick]``."""
