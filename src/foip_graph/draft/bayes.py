"""A small multinomial naive Bayes, the one learner every draft model uses.

Each model (an entity's kind from its name, a claim's predicate from its cue words) counts
features per label from the curated data when a draft starts, so what it knows is what the
graph holds that day.

>>> nb = NaiveBayes()
>>> nb.add("member_of", ["join", "member"])
>>> nb.add("visited", ["visit", "trip"])
>>> nb.posterior(["join"], ["member_of", "visited"])
{'member_of': 0.6667, 'visited': 0.3333}
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable


class NaiveBayes:
    """Feature counts per label, with add-``alpha`` smoothing over the vocabulary seen."""

    def __init__(self, alpha: float = 1.0) -> None:
        self.alpha = alpha
        self.counts: dict[str, Counter] = defaultdict(Counter)
        self.totals: Counter = Counter()
        self.features: set[str] = set()

    def add(self, label: str, features: Iterable[str], weight: float = 1.0) -> None:
        for feature in features:
            self.counts[label][feature] += weight
            self.totals[label] += weight
            self.features.add(feature)

    def log_likelihood(self, label: str, features: Iterable[str]) -> float:
        """log P(features | label); features never seen in training are ignored."""
        size = len(self.features) or 1
        denominator = self.totals[label] + self.alpha * size
        counts = self.counts.get(label, {})
        return sum(math.log((counts.get(f, 0) + self.alpha) / denominator)
                   for f in features if f in self.features)

    def posterior(self, features: Iterable[str], labels: Iterable[str],
                  prior: dict[str, float] | None = None) -> dict[str, float]:
        """P(label | features) over ``labels``, from a prior (uniform by default)."""
        features, labels = list(features), list(labels)
        logs = {label: math.log((prior or {}).get(label, 1.0) or 1e-12)
                + self.log_likelihood(label, features) for label in labels}
        return softmax(logs)


def softmax(logs: dict[str, float]) -> dict[str, float]:
    """Normalised probabilities from log scores, rounded for stable output."""
    if not logs:
        return {}
    top = max(logs.values())
    exp = {k: math.exp(v - top) for k, v in logs.items()}
    total = sum(exp.values())
    return {k: round(v / total, 4) for k, v in exp.items()}
