"""Deterministic demo data, generated through the services (see ``plan``)."""

from .generate import DemoSummary, fill_demo_data

__all__ = ["DemoSummary", "fill_demo_data"]
