"""Crisis screening: pure Python, no Django, no database, no network.

    from peercircle.safety.screening import screen, screen_deep, raised

    fast = screen(text, context=earlier_messages)        # gates delivery
    deep = screen_deep(text, context=earlier_messages)   # follows; alert again if raised(fast, deep)

Layers, each measured by `python -m bench.screening`:

1. Lexicon (`normalise`, `lexicon`): folds slang and evasive spellings, blanks idioms, finds signals with
   their subject and negation, and combines them so that method, means, plan, time and farewell words
   weigh more than feeling words. Tens of microseconds per message.
2. Conversation context (`engine`): earlier risk in the same conversation turns specifics that follow
   ("tonight", "I have enough now") into urgent. Earlier messages are cached, so context is nearly free.
3. Classifier (`classifier`, `train`): logistic regression on the local 384-dim sentence embeddings plus
   similarity to the nearest hand-written exemplars of each level, trained on the development set. It only
   raises a level, up to urgent, at thresholds chosen leaving one author out at a time: on authors it
   never saw, the model alone flags at most 5% of development `none` messages (about 8% with the
   lexicon's own false alarms on a new writer) and raises at most 10% of `concern` messages to urgent.

Why the classifier is a second pass: one embedding costs about 5-6 ms on an idle CPU and far more when
the two shared cores are busy, so lexicon + embedding cannot hold a p99 under 10 ms on the path that gates
delivery. `screen()` is therefore lexicon + context only, and gates delivery. `screen_deep()` (or
`ascreen_deep()` from async code) runs the full stack after delivery; the caller compares with
`raised(fast, deep)` and raises or upgrades the alert when the deep pass found a higher level. The deep
pass never lowers a level, so a fast-path alert is never withdrawn by the model.
"""

from peercircle.safety.screening.engine import ascreen_deep, screen, screen_deep, screen_deep_many
from peercircle.safety.screening.result import LEVELS, ScreenResult, raised

__all__ = ["LEVELS", "ScreenResult", "ascreen_deep", "raised", "screen", "screen_deep", "screen_deep_many"]
