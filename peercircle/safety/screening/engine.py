"""The two entry points: `screen` gates delivery, `screen_deep` follows and may raise the level."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from peercircle.safety.screening.lexicon import URGENT, Decision, band, screen_text
from peercircle.safety.screening.result import ScreenResult, rank

# Only recent context matters for "what follows"; it also bounds the work per message.
MAX_CONTEXT = 20
CONTEXT_REASON = "context: earlier risk in conversation"


@lru_cache(maxsize=4096)
def _lexicon(text: str) -> Decision:
    # Context messages are screened again with every new message: the cache makes that free.
    return screen_text(text)


def _context_level(context: Sequence[str]) -> str:
    best = "none"
    for earlier in list(context)[-MAX_CONTEXT:]:
        level = _lexicon(earlier).level
        if rank(level) > rank(best):
            best = level
            if best == URGENT:
                break
    return best


def _apply_context(decision: Decision, context: Sequence[str]) -> ScreenResult:
    level, score, reasons = decision.level, decision.score, list(decision.reasons)
    earlier = _context_level(context) if context and level != URGENT else "none"
    # Earlier risk turns specifics ("tonight", "pills", a goodbye) into urgent, and keeps an ongoing
    # crisis urgent while the writer is still talking about how they feel.
    if earlier != "none" and (decision.escalatable or (earlier == URGENT and level == "concern")):
        level = URGENT
        score = band(URGENT, max(score, 0.75))
        reasons.extend(decision.pending_reasons)
        reasons.append(CONTEXT_REASON)
    return ScreenResult(level=level, score=score, reasons=reasons)


def screen(text: str, *, context: Sequence[str] | Callable[[], Sequence[str]] = ()) -> ScreenResult:
    """Gating pass: lexicon and conversation context only, a fraction of a millisecond per message.

    `context` is the earlier messages of the same conversation, oldest first, or a function returning
    them: it is called only when earlier risk could change this message's level, so a caller that must
    read (and decrypt) the context from a database skips that for most messages.
    """
    decision = _lexicon(text)
    if not _context_matters(decision):
        return _apply_context(decision, ())
    return _apply_context(decision, context() if callable(context) else context)


def _context_matters(decision: Decision) -> bool:
    """Whether earlier risk can raise this decision (the conditions `_apply_context` acts on)."""
    return decision.level != URGENT and (decision.escalatable or decision.level == "concern")


def combine(
    fast: ScreenResult, probabilities: dict[str, float], *, risk_threshold: float, urgent_threshold: float
) -> ScreenResult:
    """Raise a lexicon result where the classifier is confident; never lower it.

    A `none` the model finds risky becomes `concern`; a `concern` (the lexicon's or the model's) the model
    finds urgent-like becomes `urgent`. So the model can raise a message the lexicon missed straight to
    urgent, but only when it clears both thresholds.
    """
    p_urgent = probabilities.get("urgent", 0.0)
    p_risk = probabilities.get("concern", 0.0) + p_urgent
    level, score, reasons = fast.level, fast.score, list(fast.reasons)
    if level == "none" and p_risk >= risk_threshold:
        level = "concern"
        reasons.append(f"model: resembles risk messages ({p_risk:.2f})")
    if level == "concern" and p_urgent >= urgent_threshold:
        level = URGENT
        reasons.append(f"model: resembles urgent messages ({p_urgent:.2f})")
    if level != fast.level:
        score = band(level, max(score, p_risk if level == "concern" else max(p_urgent, 0.75)))
    return ScreenResult(level=level, score=score, reasons=reasons)


def screen_deep(text: str, *, context: Sequence[str] = ()) -> ScreenResult:
    """Full stack: lexicon, context, then the embedding classifier (about 5-10 ms more on CPU).

    Run it after delivery (see `ascreen_deep`) and raise an alert when `raised(fast, deep)` is true.
    """
    return screen_deep_many([text], context=context)[0]


MODEL_MIN_WORDS = 5
_WORD = re.compile(r"[^\W\d_]{2,}")


def has_model_content(text: str) -> bool:
    """The embedding model is unreliable on a few words ("ok", "A.", "Breathe out slowly.") and fired on
    them in product tests, so very short texts get the lexicon and context only (which know "kms",
    "bye forever" and the like)."""
    return len(_WORD.findall(text)) >= MODEL_MIN_WORDS


def screen_deep_many(texts: Sequence[str], *, context: Sequence[str] = ()) -> list[ScreenResult]:
    """`screen_deep` for several messages sharing one context, embedding them in one batch."""
    from peercircle.safety.screening.classifier import default_model, predict

    model = default_model()
    fast = [screen(text, context=context) for text in texts]
    pending = [i for i, result in enumerate(fast) if model_can_raise(texts[i], fast[i])]
    results = list(fast)
    if pending:
        probabilities = predict([texts[i] for i in pending], model)
        for i, probs in zip(pending, probabilities, strict=True):
            results[i] = deepen(
                texts[i],
                fast[i],
                probs,
                risk_threshold=model.risk_threshold,
                urgent_threshold=model.urgent_threshold,
            )
    return results


def model_can_raise(text: str, fast: ScreenResult) -> bool:
    """Whether the deep pass consults the model at all for this message."""
    return fast.level != URGENT and has_model_content(text)


def deepen(
    text: str,
    fast: ScreenResult,
    probabilities: dict[str, float],
    *,
    risk_threshold: float,
    urgent_threshold: float,
) -> ScreenResult:
    """The deep pass's verdict on one message from its gating result and the model's probabilities.

    `screen_deep_many` applies it with the shipped thresholds; training applies it to out-of-author
    predictions, so the figures it prints are the full stack's, not the model's alone.
    """
    if not model_can_raise(text, fast):
        return fast
    deep = combine(fast, probabilities, risk_threshold=risk_threshold, urgent_threshold=urgent_threshold)
    return _specifics_with_model_risk(text, fast, deep)


def _specifics_with_model_risk(text: str, fast: ScreenResult, deep: ScreenResult) -> ScreenResult:
    """The lexicon's own rule, with the model as the feeling detector.

    A method, time or preparation word next to a risk feeling is urgent. When the lexicon saw only the
    specific ("tonight", "pills", a goodbye) and no feeling it knows, but the model finds the message as a
    whole risky, the pair is urgent too.
    """
    decision = _lexicon(text)
    if fast.level != "none" or deep.level != "concern" or not decision.pending_reasons:
        return deep
    reasons = [
        *deep.reasons,
        *decision.pending_reasons,
        "combined: model risk with method, time or preparation",
    ]
    return ScreenResult(level=URGENT, score=band(URGENT, 0.75), reasons=reasons)


async def ascreen_deep(text: str, *, context: Sequence[str] = ()) -> ScreenResult:
    """`screen_deep` off the event loop, for a consumer that screens after delivery."""
    return await asyncio.to_thread(screen_deep, text, context=tuple(context))
