"""Write a HANS-style evaluation sample (lexical-overlap traps) for the training command's ``--hans``.

HANS (McCoy, Pavlick and Linzen 2019; MIT licence) is generated from templates by
``corpus_generator.py`` of https://github.com/tommccoy1/hans. This runs that generator from a checkout
of the repository (read only: it is run in a temporary folder), seeded with ``random.seed(SEED)`` and
``numpy.random.seed(SEED)``, with PER_SUBCASE pairs for each of its 30 sub-cases instead of 1,000 and
the one Python 2 ``print`` statement of ``templates.py`` made a call, and writes gzip JSON lines
(``premise``, ``hypothesis``, ``label`` = ``entailment`` / ``non-entailment``, ``heuristic``,
``subcase``). Nothing of HANS is kept in this project.

    python scripts/hans_sample.py PATH/TO/hans --out hans_sample.jsonl.gz
    python -m factcheck.training --eval-only models/factcheck-nli-minilm --hans hans_sample.jsonl.gz
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import subprocess
import sys
import tempfile
from pathlib import Path

GENERATED = "heuristics_evaluation_set.txt"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("hans", type=Path, help="a checkout of tommccoy1/hans (corpus_generator.py, templates.py)")
    ap.add_argument("--out", type=Path, required=True, help="the .jsonl.gz file to write")
    ap.add_argument("--per-subcase", type=int, default=100, help="pairs per sub-case [default: 100]")
    ap.add_argument("--seed", type=int, default=0, help="seed of random and numpy.random [default: 0]")
    args = ap.parse_args()
    sources = {name: args.hans / name for name in ("corpus_generator.py", "templates.py")}
    missing = [str(p) for p in sources.values() if not p.is_file()]
    if missing:
        sys.exit(f"hans_sample: not a HANS checkout, missing {', '.join(missing)}")
    generator = sources["corpus_generator.py"].read_text(encoding="utf-8")
    if "while count_examples < 1000:" not in generator:
        sys.exit("hans_sample: corpus_generator.py is not the version this script knows (no 1000-example loop)")
    generator = generator.replace("while count_examples < 1000:", f"while count_examples < {args.per_subcase}:")
    templates = sources["templates.py"].read_text(encoding="utf-8")
    templates = templates.replace('print "INVALID WORD", noun', 'print("INVALID WORD", noun)')
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "templates.py").write_text(templates, encoding="utf-8")
        (work / "gen.py").write_text(f"import random\nimport numpy\nrandom.seed({args.seed})\n"
                                     f"numpy.random.seed({args.seed})\n" + generator, encoding="utf-8")
        subprocess.run([sys.executable, "gen.py"], cwd=work, check=True, stdout=subprocess.DEVNULL)
        with (work / GENERATED).open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out, "wt", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps({"premise": row["sentence1"], "hypothesis": row["sentence2"],
                                 "label": row["gold_label"], "heuristic": row["heuristic"],
                                 "subcase": row["subcase"]}) + "\n")
    print(f"{len(rows)} pairs written to {args.out}")


if __name__ == "__main__":
    main()
