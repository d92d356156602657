"""Print the Markdown tables of a model card from the training's eval.json (and optional extra runs).

Run: python scripts/model_card_tables.py ~/.cache/factcheck/train/eval.json
"""

import json
import sys
from pathlib import Path

NAMES = {"mnli_dev_matched_half1": "MNLI dev-matched, held-out half (by premise)",
         "snli_dev": "SNLI dev", "snli_cad_dev": "SNLI-CAD dev", "newprotocols_wiki_dev": "New-Protocols wiki dev",
         "fever_unused_2000": "FEVER-NLI pairs not in the training mix (2,000, balanced)"}


def main(path: str) -> None:
    results = json.loads(Path(path).read_text())
    print("| dev set | n | accuracy | contradiction P / R / F1 | entailment P / R / F1 | neutral P / R / F1 |")
    print("|---|---:|---:|---|---|---|")
    for name, r in results.items():
        if name == "hans":
            continue
        pc = r["per_class"]
        cells = [f"{pc[k]['precision']:.3f} / {pc[k]['recall']:.3f} / {pc[k]['f1']:.3f}"
                 for k in ("contradiction", "entailment", "neutral")]
        print(f"| {NAMES.get(name, name)} | {r['n']:,} | {r['accuracy']:.4f} | " + " | ".join(cells) + " |")
    mnli = results.get("mnli_dev_matched_half1")
    if mnli:
        print("\nP(contradiction) ≥ t on the held-out MNLI half (single direction):\n")
        print("| t | precision | recall | flagged |")
        print("|---:|---:|---:|---:|")
        for row in mnli["contradiction_curve"]:
            print(f"| {row['threshold']:.2f} | {row['precision']:.3f} | {row['recall']:.3f} | {row['flagged']} |")
    if "hans" in results:
        print("\n| HANS-style subset | accuracy | n |")
        print("|---|---:|---:|")
        for k, v in results["hans"].items():
            print(f"| {k} | {v['accuracy']:.3f} | {v['n']} |")


if __name__ == "__main__":
    main(sys.argv[1])
