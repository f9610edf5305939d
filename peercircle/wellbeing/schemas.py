from __future__ import annotations

import datetime as dt

from ninja import Schema


class OptionOut(Schema):
    value: int
    label: str


class ItemOut(Schema):
    number: int
    text: str
    options: list[OptionOut]


class InstrumentOut(Schema):
    key: str
    name: str
    short_name: str
    instructions: str
    time_frame: str | None
    items: list[ItemOut]
    higher_is_better: bool
    meaningful_change: float
    value_range: tuple[float, float]
    source: str
    asks_about_suicide: bool


class OfferOut(Schema):
    kind: str | None
    instruments: list[str]
    interval_days: int


class ResponseIn(Schema):
    instrument: str
    answers: list[int]


class SupportOut(Schema):
    message: str
    help_url: str
    safety_plan_url: str
    note: str


class ResponseOut(Schema):
    id: int
    instrument: str
    value: float
    total: int
    subscores: dict[str, int]
    band: str
    band_label: str
    flags: list[str]
    taken_at: dt.datetime
    support: SupportOut | None = None


class TrendPointOut(Schema):
    taken_at: dt.datetime
    value: float
    band: str


class TrendOut(Schema):
    instrument: str
    meaningful_change: float
    higher_is_better: bool
    baseline: float | None
    points: list[TrendPointOut]


class OkOut(Schema):
    ok: bool
