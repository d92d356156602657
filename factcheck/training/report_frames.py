"""Report-frame pairs: a sentence against the same sentence framed as false, true or only reported.

Two accounts of a story often disagree by *stance*, not by wording: one outlet states "the president
adopted a godson to stop a werewolf curse", another that "the report that the president adopted a godson
to stop a werewolf curse is false". NLI training data rarely frames a whole sentence this way, so the
model reads the pair as a paraphrase. The frames here are the writer's own assertion about the embedded
sentence S, so their labels follow from the words (no annotation):

- "It is not true that s." / "The report that s is false." / … → S: **contradiction** (both ways);
- "It is true that s." / "Officials confirmed that s." → S: **entailment** (the frame is factive);
- "Some reports claimed that s." / "It is not clear whether s." → S: **neutral** (only reported);
- a false-frame around *another* sentence S′ → S: **neutral** (the frame's words alone decide nothing).

Sentences are taken from the premises and hypotheses of the mix's MNLI-genre pairs: one plain declarative
sentence of 5–25 words whose first word is a pronoun or determiner (so lower-casing it is safe).
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

from factcheck.training.data import NliPair

SOURCE = "report_frames"
FALSE_FRAMES = ("It is not true that {s}.", "The report that {s} is false.", "Claims that {s} are untrue.",
                "Contrary to earlier reports, it is false that {s}.", "It was a hoax that {s}.")
TRUE_FRAMES = ("It is true that {s}.", "Officials confirmed that {s}.", "Reports that {s} turned out to be accurate.")
REPORTED_FRAMES = ("Some reports claimed that {s}.", "It is not clear whether {s}.",
                   "Officials were asked whether {s}.", "Critics alleged that {s}.")
TRAINING = (FALSE_FRAMES, TRUE_FRAMES, REPORTED_FRAMES)
PROBE = (("Reports that {s} were wrong.", "It is untrue that {s}.", "The story that {s} was fabricated."),
         ("Police confirmed that {s}.", "It is a fact that {s}."),
         ("Rumours suggested that {s}.", "Witnesses were asked whether {s}."))
"""Wordings never trained on (false, true, reported), for the probe this module's command writes."""
_FIRST = frozenset("""the a an this that these those there it he she they we you his her their our its my some many
most several one two three no every each all""".split())
_PLAIN = re.compile(r"^[A-Z][a-z]*(?: [^\s?!;:\"“”]+){4,24}\.$")


def frameable(sentence: str) -> str | None:
    """The sentence lower-cased at its start and without its full stop, ready to embed, or None."""
    text = sentence.strip()
    if not _PLAIN.match(text) or text.split()[0].lower() not in _FIRST:
        return None
    return text[0].lower() + text[1:-1]


def framed_pairs(pairs: Sequence[NliPair], n: int, seed: int, sources: frozenset[str] | None = None,
                 frames: tuple[tuple[str, ...], ...] = TRAINING) -> list[NliPair]:
    """Up to ``n`` report-frame pairs from the sentences of ``sources``' pairs (all if None), chosen
    with ``seed``: 40% false frames (half with the frame as premise, half as hypothesis), 20% true frames,
    20% reported frames, 20% false frames around an unrelated sentence. ``frames``: the (false, true,
    reported) wordings."""
    false, true, reported = frames
    rng = random.Random(seed)
    pool = sorted({text for p in pairs if sources is None or p.source in sources
                   for text in (p.premise, p.hypothesis) if frameable(text)})
    rng.shuffle(pool)
    out: list[NliPair] = []
    for i, sentence in enumerate(pool[:n]):
        s = frameable(sentence)
        kind = i % 5
        if kind in (0, 1):
            framed = rng.choice(false).format(s=s)
            premise, hypothesis = (framed, sentence) if kind == 0 else (sentence, framed)
            out.append(NliPair(premise, hypothesis, "contradiction", SOURCE))
        elif kind == 2:
            out.append(NliPair(rng.choice(true).format(s=s), sentence, "entailment", SOURCE))
        elif kind == 3:
            out.append(NliPair(rng.choice(reported).format(s=s), sentence, "neutral", SOURCE))
        elif len(pool) > 1:  # the sentence half the shuffled pool away: another premise's, as a rule
            other = frameable(pool[(i + len(pool) // 2) % len(pool)])
            out.append(NliPair(rng.choice(false).format(s=other), sentence, "neutral", SOURCE))
    return out


def main(argv: Sequence[str] | None = None) -> None:
    from factcheck.training.data import probe_parser, read_pairs, write_pairs

    args = probe_parser(
        "python -m factcheck.training.report_frames",
        "Write a report-frame probe: pairs made from the sentences of an NLI file (e.g. the held-out MNLI half "
        "of `python -m factcheck.training --export-heldout`) in frame wordings never trained on. Score it with "
        "`factcheck eval pairs`.", 1000).parse_args(argv)
    made = framed_pairs(read_pairs(args.source), args.n, args.seed, frames=PROBE)
    write_pairs(args.output, made)
    print(f"{args.output}: {len(made)} pairs")


if __name__ == "__main__":
    main()
