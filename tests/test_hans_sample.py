"""HANS-style traps: scripts/hans_sample.py on a stand-in for the generator (the real one is not in this
project), and the summary the training command prints for them."""

import gzip
import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "hans_sample.py"

# The two lines hans_sample.py rewrites, in a generator that writes HANS's TSV columns.
GENERATOR = """from templates import *
import random
fo = open("heuristics_evaluation_set.txt", "w")
fo.write("gold_label\\tsentence1_binary_parse\\tsentence2_binary_parse\\tsentence1_parse\\tsentence2_parse\\t"
         "sentence1\\tsentence2\\tpairID\\theuristic\\tsubcase\\ttemplate\\n")
for label in ("entailment", "non-entailment"):
    count_examples = 0
    while count_examples < 1000:
        check("doctor")
        fo.write(label + "\\t-\\t-\\t-\\t-\\tThe doctor saw " + str(random.randint(0, 10**6)) + " lawyers .\\t"
                 "The lawyers saw the doctor .\\tex\\tlexical_overlap\\tln_subject/object_swap\\ttemp1\\n")
        count_examples += 1
fo.close()
"""
TEMPLATES = """def check(noun):
    if noun not in ["doctor"]:
        print "INVALID WORD", noun
"""


def _run(hans: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), str(hans), "--out", str(out), *extra],
                          capture_output=True, text=True)


def _rows(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_it_runs_the_generator_with_fewer_pairs_a_seed_and_python3_prints(tmp_path):
    hans = tmp_path / "hans"
    hans.mkdir()
    (hans / "corpus_generator.py").write_text(GENERATOR)
    (hans / "templates.py").write_text(TEMPLATES)
    first, again, other = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.gz", tmp_path / "c.jsonl.gz"
    assert _run(hans, first, "--per-subcase", "3").returncode == 0
    rows = _rows(first)
    assert [r["label"] for r in rows] == ["entailment"] * 3 + ["non-entailment"] * 3
    assert rows[0]["hypothesis"] == "The lawyers saw the doctor ."
    assert rows[0]["heuristic"] == "lexical_overlap" and rows[0]["subcase"] == "ln_subject/object_swap"
    assert _run(hans, again, "--per-subcase", "3").returncode == 0
    assert _rows(again) == rows
    assert _run(hans, other, "--per-subcase", "3", "--seed", "1").returncode == 0
    assert _rows(other) != rows
    assert sorted(p.name for p in hans.iterdir()) == ["corpus_generator.py", "templates.py"]


def test_a_folder_without_the_generator_is_refused(tmp_path):
    res = _run(tmp_path, tmp_path / "out.jsonl.gz")
    assert res.returncode != 0 and "not a HANS checkout" in res.stderr
    assert not (tmp_path / "out.jsonl.gz").exists()


def test_the_hans_summary_counts_entailment_right_and_contradiction_said():
    from factcheck.training.evaluate import summarise_entailment_binary

    rows = [{"label": "entailment", "heuristic": "lexical_overlap"},
            {"label": "non-entailment", "heuristic": "lexical_overlap"},
            {"label": "non-entailment", "heuristic": "lexical_overlap"},
            {"label": "entailment", "heuristic": "subsequence"}]
    probs = [{"entailment": 0.7, "neutral": 0.2, "contradiction": 0.1},  # right
             {"entailment": 0.1, "neutral": 0.3, "contradiction": 0.6},  # right, and said contradiction
             {"entailment": 0.5, "neutral": 0.4, "contradiction": 0.1},  # wrong
             {"entailment": 0.2, "neutral": 0.7, "contradiction": 0.1}]  # wrong
    out = summarise_entailment_binary(rows, probs)
    assert out["all"] == {"accuracy": 0.5, "said_contradiction": 0.25, "n": 4}
    assert out["lexical_overlap/non-entailment"] == {"accuracy": 0.5, "said_contradiction": 0.5, "n": 2}
    assert out["subsequence/entailment"] == {"accuracy": 0.0, "said_contradiction": 0.0, "n": 1}
