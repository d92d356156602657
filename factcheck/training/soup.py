"""Average the weights of models fine-tuned from one starting point ("model soup", Wortsman et al. 2022).

    python -m factcheck.training.soup OUT MODEL [MODEL ...]

Every MODEL is a folder as ``python -m factcheck.training --output`` writes it (config, safetensors,
tokenizer), all of one architecture and one label order. The weights are averaged uniformly in fp32 and
written to OUT as fp16 safetensors with the first model's config and tokenizer, plus a
``training_facts.json`` that lists the ingredients and the first one's facts. The soup is one model:
the same size and speed as each ingredient. It only makes sense for runs that share a starting point
(same base, other seeds or settings); averaging unrelated models gives noise.
"""

from __future__ import annotations

import argparse
import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

from factcheck.files import replace_dir

WEIGHTS = "model.safetensors"
COPIED = ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")
"""Files taken from the first ingredient as they are (those it has)."""


def average(state_dicts: Sequence[dict[str, torch.Tensor]]) -> dict[str, torch.Tensor]:
    """The element-wise mean of tensors with the same names and shapes, in fp32."""
    if not state_dicts:
        raise ValueError("no models to average")
    names = set(state_dicts[0])
    for i, sd in enumerate(state_dicts[1:], start=2):
        if set(sd) != names:
            raise ValueError(f"model {i} has other tensors than model 1: "
                             f"{sorted(set(sd) ^ names)[:5]}")
    mean: dict[str, torch.Tensor] = {}
    for name in sorted(names):
        shapes = {tuple(sd[name].shape) for sd in state_dicts}
        if len(shapes) > 1:
            raise ValueError(f"tensor {name} has different shapes: {sorted(shapes)}")
        mean[name] = torch.stack([sd[name].to(torch.float32) for sd in state_dicts]).mean(dim=0)
    return mean


def _labels(folder: Path) -> dict:
    return json.loads((folder / "config.json").read_text(encoding="utf-8")).get("id2label", {})


def make_soup(out: Path, models: Sequence[Path]) -> Path:
    """Average ``models`` into ``out`` (see the module help); returns ``out``."""
    if not models:
        raise ValueError("no models to average")
    first = models[0]
    for m in models:
        if not (m / WEIGHTS).is_file():
            raise ValueError(f"{m} has no {WEIGHTS}")
    labels = _labels(first)
    for m in models[1:]:
        if (other := _labels(m)) != labels:
            raise ValueError(f"{m} orders its labels otherwise than {first}: {other} vs {labels}")
    mean = average([load_file(str(m / WEIGHTS)) for m in models])
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    save_file({k: v.to(torch.float16).contiguous() for k, v in mean.items()}, str(tmp / WEIGHTS),
              metadata={"format": "pt"})
    for name in COPIED:
        if (first / name).is_file():
            shutil.copy2(first / name, tmp / name)
    facts_path = first / "training_facts.json"
    facts = json.loads(facts_path.read_text(encoding="utf-8")) if facts_path.is_file() else {}
    soup = {"soup_of": [str(m) for m in models], "first_ingredient": facts}
    (tmp / "training_facts.json").write_text(json.dumps(soup, indent=2, sort_keys=True), encoding="utf-8")
    replace_dir(tmp, out)
    return out


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="folder to write the averaged model to (replaced if it exists)")
    ap.add_argument("models", type=Path, nargs="+", help="model folders fine-tuned from one starting point")
    args = ap.parse_args(argv)
    try:
        make_soup(args.out, args.models)
    except ValueError as err:
        ap.error(str(err))
    print(f"averaged {len(args.models)} models into {args.out}")


if __name__ == "__main__":
    main()
