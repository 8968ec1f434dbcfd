"""Calls: the ``CallLeg`` protocol (the seam between call logic and media) and the
simulated leg used by tests, the IDE simulator and ``trunkline connexml simulate``."""
