"""Fixtures of the report tests (the household builders are in tests/reports/households.py)."""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture
def d():
    return dt.date.fromisoformat
