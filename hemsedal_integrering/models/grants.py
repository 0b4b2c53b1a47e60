"""Integration grant rates (integreringstilskudd), maintained by the user each year."""

from __future__ import annotations

from peewee import CharField, IntegerField

from .base import BaseModel


class GrantRate(BaseModel):
    """Amount in whole kroner for a calendar year, category and grant year.

    ``grant_year`` 1–5 for the yearly grant, 0 for one-time grants
    (categories 'elderly_once', 'kindergarten_once').
    """

    year = IntegerField()
    category = CharField()  # single_adult | adult_family | unaccompanied_minor | child | elderly_once | kindergarten_once
    grant_year = IntegerField()
    amount = IntegerField()

    class Meta:
        indexes = ((("year", "category", "grant_year"), True),)


MODELS = [GrantRate]
