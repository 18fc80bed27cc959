"""The Test Card sentence an experiment gets when the team has not written its own, in the
workspace's language: "We believe that ⟨solution⟩ will ⟨increase/decrease⟩ ⟨metric⟩ at ⟨steps⟩ —
we are right if ⟨criterion⟩", and the criterion "⟨metric⟩ rises/falls by at least ⟨effect⟩".

The team's own words (solution, metric, step titles) go in as they are, so in languages that
inflect (Finnish, German) the sentence quotes them rather than bending them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Phrases:
    believe: str       # the sentence, with {solution} {verb} {metric} {place}
    right: str         # " — we are right if {criterion}"
    verbs: dict[str, str]        # direction → the sentence's verb
    movement: dict[str, str]     # direction → the criterion's verb ("rises" / "falls")
    at_least: str      # "{metric} {verb} by at least {effect}"
    point: str         # one percentage point
    points: str        # several
    and_: str
    quotes: tuple[str, str]
    at: tuple[str, str]  # before one step, before several
    no_steps: str        # the place when no step is left
    this_solution: str
    the_metric: str
    decimal_comma: bool = True
    any_change: str = "{metric} {verb}"  # the criterion when any change the right way counts


PHRASES = {
    "en": Phrases("We believe that {solution} will {verb} {metric} {place}", " — we are right if {criterion}",
                  {"increase": "increase", "decrease": "decrease"}, {"increase": "rises", "decrease": "falls"},
                  "{metric} {verb} by at least {effect}", "percentage point", "percentage points", "and",
                  ("“", "”"), ("at", "at"), "at the chosen steps", "this solution", "the metric", decimal_comma=False),
    "sv": Phrases("Vi tror att {solution} kommer att {verb} {metric} {place}", " — vi har rätt om {criterion}",
                  {"increase": "öka", "decrease": "minska"}, {"increase": "ökar", "decrease": "minskar"},
                  "{metric} {verb} med minst {effect}", "procentenhet", "procentenheter", "och",
                  ("”", "”"), ("vid", "vid"), "vid de valda stegen", "lösningen", "måttet"),
    "da": Phrases("Vi tror, at {solution} vil {verb} {metric} {place}", " — vi har ret, hvis {criterion}",
                  {"increase": "øge", "decrease": "mindske"}, {"increase": "stiger", "decrease": "falder"},
                  "{metric} {verb} med mindst {effect}", "procentpoint", "procentpoint", "og",
                  ("»", "«"), ("ved", "ved"), "ved de valgte trin", "løsningen", "målet"),
    "no": Phrases("Vi tror at {solution} vil {verb} {metric} {place}", " — vi har rett hvis {criterion}",
                  {"increase": "øke", "decrease": "redusere"}, {"increase": "øker", "decrease": "synker"},
                  "{metric} {verb} med minst {effect}", "prosentpoeng", "prosentpoeng", "og",
                  ("«", "»"), ("ved", "ved"), "ved de valgte stegene", "løsningen", "målet"),
    "fi": Phrases("Uskomme, että ratkaisu ”{solution}” {verb} mittaria ”{metric}” {place}",
                  " — olemme oikeassa, jos {criterion}",
                  {"increase": "kasvattaa", "decrease": "pienentää"}, {"increase": "kasvaa", "decrease": "pienenee"},
                  "mittari ”{metric}” {verb} vähintään {effect}", "prosenttiyksikön", "prosenttiyksikköä", "ja",
                  ("”", "”"), ("vaiheessa", "vaiheissa"), "valituissa vaiheissa", "…", "…",
                  any_change="mittari ”{metric}” {verb}"),
    "de": Phrases("Wir glauben, dass {solution} {metric} {place} {verb} wird", " — wir liegen richtig, wenn "
                  "{criterion}", {"increase": "steigern", "decrease": "senken"},
                  {"increase": "steigt", "decrease": "sinkt"}, "{metric} um mindestens {effect} {verb}",
                  "Prozentpunkt", "Prozentpunkte", "und", ("„", "“"), ("bei", "bei"), "bei den gewählten Schritten", "diese Lösung", "die Kennzahl"),
}


def phrases(language: str) -> Phrases:
    return PHRASES.get(language, PHRASES["en"])


def _number(value: float, words: Phrases) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if words.decimal_comma else text


def effect_text(kind: str, unit: str, amount: float | None, language: str = "en") -> str:
    """A minimum effect as a reader says it: "3 percentage points", "0,3 poäng"."""
    if amount is None:
        return ""
    words = phrases(language)
    if kind == "proportion":
        points = amount * 100
        return f"{_number(points, words)} {words.point if points == 1 else words.points}"
    return f"{_number(amount, words)} {unit}".strip()


def default_criterion(kind: str, metric: str, unit: str, direction: str, minimum_effect: float | None,
                      language: str = "en") -> str:
    """"⟨metric⟩ rises by at least ⟨effect⟩"; any change the right way when the effect is 0; nothing
    for a qualitative metric or without a minimum effect."""
    if kind == "qualitative" or minimum_effect is None:
        return ""
    words = phrases(language)
    metric, verb = metric or words.the_metric, words.movement[direction]
    if minimum_effect == 0:  # any change the right way counts: "⟨metric⟩ falls"
        return words.any_change.format(metric=metric, verb=verb)
    return words.at_least.format(metric=metric, verb=verb, effect=effect_text(kind, unit, minimum_effect, language))


def hypothesis(solution: str, direction: str, metric: str, step_titles: list[str], criterion: str,
               language: str = "en") -> str:
    words = phrases(language)
    left, right = words.quotes
    quoted = [f"{left}{title}{right}" for title in step_titles]
    if not quoted:
        place = words.no_steps
    elif len(quoted) == 1:
        place = f"{words.at[0]} {quoted[0]}"
    else:
        place = f"{words.at[1]} {', '.join(quoted[:-1])} {words.and_} {quoted[-1]}"
    sentence = words.believe.format(solution=solution or words.this_solution, verb=words.verbs[direction],
                                    metric=metric or words.the_metric, place=place)
    return sentence + words.right.format(criterion=criterion) if criterion else sentence
