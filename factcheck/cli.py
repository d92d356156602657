"""Command line: parses options, calls the library, writes the reports, returns the gate's exit code.

No pipeline logic lives here.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.core
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from factcheck import __version__
from factcheck.baseline import Status, load_baseline, mark, updated_entries, write_baseline
from factcheck.cache import FILE as CACHE_FILE
from factcheck.cache import cache_folder
from factcheck.config import Config, Thresholds, choose_baseline, merge_settings, project_settings
from factcheck.errors import FactcheckError
from factcheck.executors import Executor
from factcheck.files import atomic_write_all, check_writable
from factcheck.gate import INTERNAL_ERROR, FailOn, exit_code
from factcheck.nli.precision import Backend, Precision
from factcheck.pipeline import RunResult, Stage
from factcheck.records import Kind
from factcheck.report import Format as ReportFormat

err = Console(stderr=True, highlight=False, soft_wrap=True)
_CLICK_ERROR: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
"""Base of the usage errors (bad option, missing argument) that typer prints with the usage line: click's
own class, or the copy of it that typer ≥ 0.22 carries — found this way, it is right for both."""


class DefaultGroup(typer.core.TyperGroup):
    """``factcheck PATH …`` means ``factcheck check PATH …`` (the main job needs no sub-command)."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args.insert(0, "check")
        return super().resolve_command(ctx, args)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        """The one place errors become a line on stderr and an exit code (traceback with FACTCHECK_DEBUG=1)."""
        debug = bool(os.environ.get("FACTCHECK_DEBUG"))
        try:
            return super().invoke(ctx)
        except (typer.Exit, _CLICK_ERROR):
            raise
        except FactcheckError as exc:
            if debug:
                raise
            err.print(f"factcheck: error: {exc}", markup=False)
            ctx.exit(exc.exit_code)
        except (KeyboardInterrupt, typer.Abort):
            err.print("factcheck: interrupted; reports and baseline are unchanged", markup=False)
            ctx.exit(130)
        except Exception as exc:  # a bug: say so, and how to report it
            if debug:
                raise
            err.print(f"factcheck: internal error (a bug): {type(exc).__name__}: {exc}. Please report it with "
                      "the output of the same command run with FACTCHECK_DEBUG=1.", markup=False)
            ctx.exit(INTERNAL_ERROR)


app = typer.Typer(cls=DefaultGroup, add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Find contradictions and agreements between articles about the same story.\n\n"
                       "Usage: factcheck FOLDER [options]   (same as: factcheck check FOLDER)")


def _version(value: bool) -> None:
    if value:
        print(f"factcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Print the version and exit.")] = False) -> None:
    pass


class _RichStage(Stage):
    def __init__(self, progress: Progress) -> None:
        self.progress = progress

    def start(self, name: str, total: int) -> Callable[[float], None]:
        task = self.progress.add_task(name, total=total)
        return lambda n: self.progress.advance(task, n)


@app.command("check")
def check(
    corpus: Annotated[Path, typer.Argument(help="Folder of .txt/.md/.html articles (read recursively) or one file.")],
    model: Annotated[str | None, typer.Option("--model", "-m", envvar="FACTCHECK_MODEL",
                                              help="NLI model: a local folder or a hub model id "
                                                   "[default: the model shipped in models/]")] = None,
    output_dir: Annotated[Path | None, typer.Option("--output-dir", "-o", help="Where the reports are written "
                                                    "[default: reports]")] = None,
    baseline: Annotated[Path | None, typer.Option(help="Baseline of known findings "
                                                  "[default: OUTPUT_DIR/baseline.json if it exists].")] = None,
    no_baseline: Annotated[bool, typer.Option("--no-baseline", help="Ignore any baseline: every "
                                              "finding counts as new.")] = False,
    update_baseline: Annotated[bool, typer.Option("--update-baseline", help="Write this run's findings to the "
                                                  "baseline, keeping reviewers' statuses; exit 0.")] = False,
    fail_on: Annotated[FailOn | None, typer.Option(help="Which new findings make the exit code 1 "
                                                   "[default: contradiction].")] = None,
    contradiction_threshold: Annotated[float | None, typer.Option(
        min=0.0, max=1.0, help=f"Mean P(contradiction) of both directions needed to report a contradiction "
                               f"[default: {Thresholds.contradiction}].")] = None,
    one_way_threshold: Annotated[float | None, typer.Option(
        min=0.0, max=1.0, help="Also report a contradiction when one direction alone has at least this "
                               "P(contradiction) [default: off; see docs/quality.md].")] = None,
    agreement_threshold: Annotated[float | None, typer.Option(
        min=0.0, max=1.0, help=f"Larger P(entailment) of the two directions needed to report an agreement "
                               f"[default: {Thresholds.agreement}].")] = None,
    max_pairs_per_claim: Annotated[int | None, typer.Option(min=1, help="Compare each claim with at most this "
                                                            "many claims of other articles [default: 8].")] = None,
    batch_size: Annotated[int | None, typer.Option(min=1, help="Inputs per NLI model call "
                                                           "[default: 64 in bf16, else 32].")] = None,
    allow_pickle: Annotated[bool, typer.Option("--allow-pickle", help="Allow pickle (.bin) model weights, "
                                               "which can run code when loaded. Off: safetensors only.")] = False,
    backend: Annotated[Backend | None, typer.Option(help="What runs the NLI model: torch; onnx (ONNX Runtime, "
                                                    "pip install 'factcheck[onnx]'; the model is exported once into "
                                                    "the cache folder); auto = onnx where ONNX Runtime is installed "
                                                    "and the CPU has no bf16 hardware (AMX or AVX512-BF16; or int8 "
                                                    "is asked for), else torch "
                                                    "[default: auto].")] = None,
    precision: Annotated[Precision | None, typer.Option(help="Number format of the NLI model: fp32; bf16 (torch "
                                                        "only; fast only on CPUs with AMX or AVX512-BF16); int8 "
                                                        "(dynamic quantisation: faster, less accurate); auto = bf16 "
                                                        "on torch where the CPU has either, else fp32 "
                                                        "[default: auto].")
                         ] = None,
    compile: Annotated[bool | None, typer.Option("--compile/--no-compile", help="Compile the torch model with "
                                                 "torch.compile: ~1.2× faster NLI on long runs after a compile of "
                                                 "~25 s; needs a C++ compiler; its scores differ slightly from "
                                                 "uncompiled ones and are cached apart [default: off].")] = None,
    formats: Annotated[list[ReportFormat] | None, typer.Option("--format", "-f", help="Report formats to write "
                       "(repeat the option for several): consistency.md, .json, .sarif [default: markdown and "
                       "json]")] = None,
    cache_dir: Annotated[Path | None, typer.Option("--cache-dir", envvar="FACTCHECK_CACHE_DIR", help="Folder of "
                         "the cache of claims, pairings and NLI scores, and of ONNX exports "
                         "[default: ~/.cache/factcheck].")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache of claims, "
                        "pairings and scores (an ONNX export is still kept in the cache folder).")] = False,
    executor: Annotated[Executor | None, typer.Option(help="Run claim extraction and NLI scoring here (local) or "
                                                      "on a Ray cluster [default: local].")] = None,
    ray_address: Annotated[str | None, typer.Option(envvar="RAY_ADDRESS", help="Ray cluster to join with "
                                                    "--executor ray [default: start a local one].")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display or summary line.")] = False,
) -> None:
    """Check a folder of articles; write OUTPUT_DIR/consistency.md and .json.

    Defaults for the options can be set in [tool.factcheck] of the nearest pyproject.toml.
    Exit codes: 0 nothing new at --fail-on; 1 new findings; 2 usage, input or model error; 3 internal error.
    """
    started = time.monotonic()
    project, _ = project_settings()
    opts = merge_settings(dict(model=model, output_dir=output_dir, baseline=baseline, fail_on=fail_on,
                               contradiction_threshold=contradiction_threshold, one_way_threshold=one_way_threshold,
                               agreement_threshold=agreement_threshold, max_pairs_per_claim=max_pairs_per_claim,
                               batch_size=batch_size, precision=precision, backend=backend, compile=compile,
                               formats=formats,
                               executor=executor, ray_address=ray_address), project)
    out = Path(opts.get("output_dir", "reports"))
    chosen_baseline = choose_baseline(out, opts.get("baseline"), no_baseline, update_baseline)
    if chosen_baseline and not chosen_baseline.exists() and not update_baseline:
        raise FactcheckError(f"baseline {chosen_baseline} does not exist; create it with --update-baseline")
    try:
        gate = FailOn(opts.get("fail_on", FailOn.CONTRADICTION))
        where = Executor(opts.get("executor", Executor.LOCAL))
        number_format = Precision(opts.get("precision", Precision.AUTO))
        engine = Backend(opts.get("backend", Backend.AUTO))
        chosen_formats = [ReportFormat(f) for f in opts.get("formats") or ("markdown", "json")]
    except ValueError as exc:
        raise FactcheckError(f"[tool.factcheck]: {exc}") from exc
    config = Config(corpus=corpus, model=opts.get("model"), output_dir=out,
                    thresholds=Thresholds(opts.get("contradiction_threshold", Thresholds.contradiction),
                                          opts.get("one_way_threshold", Thresholds.one_way),
                                          opts.get("agreement_threshold", Thresholds.agreement)),
                    max_pairs_per_claim=opts.get("max_pairs_per_claim", 8), batch_size=opts.get("batch_size"),
                    baseline=chosen_baseline if chosen_baseline and chosen_baseline.exists() else None,
                    allow_pickle=allow_pickle,
                    cache_path=None if no_cache else cache_folder(cache_dir) / CACHE_FILE,
                    cache_dir=cache_dir,
                    executor=where, ray_address=opts.get("ray_address"), precision=number_format,
                    backend=engine, compile=opts.get("compile", False))
    check_writable(out)
    if update_baseline and chosen_baseline is not None:
        check_writable(chosen_baseline.parent)
    result = _run_with_progress(config, quiet)
    for notice in result.notices:
        err.print(f"factcheck: {notice}", markup=False)
    from factcheck.report import render

    atomic_write_all({out / fmt.filename: render(result, fmt) for fmt in dict.fromkeys(chosen_formats)})
    if update_baseline and chosen_baseline is not None:
        write_baseline(chosen_baseline, updated_entries(result.findings, result.baseline))
    code = 0 if update_baseline else exit_code(result.comparison, gate)
    if not quiet:
        _summary(result, out, time.monotonic() - started, chosen_baseline if update_baseline else None)
    raise typer.Exit(code)


@app.command("mark")
def mark_findings(
    fingerprints: Annotated[list[str], typer.Argument(metavar="fingerprint", help="Fingerprints of findings, "
                                                      "as the report shows them (or their first 6+ digits).")],
    false_positive: Annotated[bool, typer.Option("--false-positive/--accepted", help="Mark them false positives "
                              "(never fail the gate, left out of the report's main list) or accepted again "
                              "[default: --false-positive].", show_default=False)] = True,
    reason: Annotated[str, typer.Option(help="Why (needed for a false positive; shown in the report).")] = "",
    baseline: Annotated[Path | None, typer.Option(help="Baseline file [default: as for check: [tool.factcheck] "
                                                  "baseline, else OUTPUT_DIR/baseline.json].")] = None,
) -> None:
    """Record a reviewer's decision on findings in the baseline: false positive (with a reason) or accepted."""
    opts = merge_settings({"baseline": baseline}, project_settings()[0])
    path = choose_baseline(Path(opts.get("output_dir", "reports")), opts.get("baseline"), no_baseline=False,
                           update=True)  # the file check reads: never None here
    assert path is not None
    status = Status.FALSE_POSITIVE if false_positive else Status.ACCEPTED
    write_baseline(path, mark(load_baseline(path), fingerprints, status, reason))
    err.print(f"factcheck: {_n(len(fingerprints), 'finding')} marked {status.value} in {path}", markup=False)


cache_app = typer.Typer(no_args_is_help=True, help="Show or clear the cache (claims, pairings, NLI scores, ONNX "
                        "exports).")
app.add_typer(cache_app, name="cache")
CacheDirOption = Annotated[Path | None, typer.Option("--cache-dir", envvar="FACTCHECK_CACHE_DIR",
                                                     help="Cache folder [default: ~/.cache/factcheck].")]


@cache_app.command("info")
def cache_info(cache_dir: CacheDirOption = None) -> None:
    """What the cache folder holds: the cache file's size and entries, and the ONNX exports."""
    from factcheck.cache import describe

    print("\n".join(describe(cache_folder(cache_dir))))


@cache_app.command("clear")
def cache_clear(cache_dir: CacheDirOption = None) -> None:
    """Delete the cache file and the ONNX exports (nothing else in the folder): the next run starts cold."""
    from factcheck.cache import clear, megabytes

    folder = cache_folder(cache_dir)
    err.print(f"factcheck: cleared {folder} ({megabytes(clear(folder))} freed)", markup=False)


eval_app = typer.Typer(no_args_is_help=True, help="Measure verdict quality on labelled pairs or gold cases.")
app.add_typer(eval_app, name="eval")

ModelOption = Annotated[str | None, typer.Option("--model", "-m", envvar="FACTCHECK_MODEL",
                                                 help="NLI model folder or hub id [default: shipped model]")]
ContraOption = Annotated[float, typer.Option(min=0.0, max=1.0, help="Contradiction threshold (as in check).")]
OneWayOption = Annotated[float | None, typer.Option(min=0.0, max=1.0, help="One-direction contradiction "
                                                    "threshold (as in check) [default: off].")]
AgreeOption = Annotated[float, typer.Option(min=0.0, max=1.0, help="Agreement threshold (as in check).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
PrecisionOption = Annotated[Precision, typer.Option(help="Number format of the NLI model (as in check).")]
BackendOption = Annotated[Backend, typer.Option(help="What runs the NLI model (as in check).")]
CompileOption = Annotated[bool, typer.Option("--compile", help="Compile the torch model (as in check).")]


@eval_app.command("pairs")
def eval_pairs(
    file: Annotated[Path, typer.Argument(help="JSON lines (.jsonl or .jsonl.gz): premise, hypothesis, label.")],
    model: ModelOption = None,
    contradiction_threshold: ContraOption = Thresholds.contradiction,
    one_way_threshold: OneWayOption = Thresholds.one_way,
    agreement_threshold: AgreeOption = Thresholds.agreement,
    limit: Annotated[int | None, typer.Option(min=1, help="Only the first N pairs.")] = None,
    batch_size: Annotated[int | None, typer.Option(min=1, help="Inputs per NLI model call "
                                                   "[default: 64 in bf16, else 32].")] = None,
    precision: PrecisionOption = Precision.AUTO,
    backend: BackendOption = Backend.AUTO,
    compile: CompileOption = False,
    as_json: JsonOption = False,
) -> None:
    """Accuracy, per-class P/R/F1 and confusion of the pipeline's decision on labelled NLI pairs."""
    import json

    from factcheck.evaluate.pairs import evaluate_pairs, format_pairs_result, read_labelled_pairs
    from factcheck.pipeline import make_scorer

    pairs = read_labelled_pairs(file, limit)
    scorer = make_scorer(Config(corpus=file, model=model, batch_size=batch_size, precision=precision,
                                 backend=backend, compile=compile))
    with _progress(False) as progress:
        result = evaluate_pairs(pairs, scorer,
                                Thresholds(contradiction_threshold, one_way_threshold, agreement_threshold),
                                progress=_RichStage(progress).start("Scoring pairs", len(pairs)))
    print(json.dumps(result, indent=2) if as_json else format_pairs_result(result))


@eval_app.command("cases")
def eval_cases(
    folder: Annotated[Path, typer.Argument(help="Folder with one sub-folder per case (articles + gold.json).")],
    model: ModelOption = None,
    contradiction_threshold: ContraOption = Thresholds.contradiction,
    one_way_threshold: OneWayOption = Thresholds.one_way,
    agreement_threshold: AgreeOption = Thresholds.agreement,
    max_pairs_per_claim: Annotated[int, typer.Option(min=1, help="As in check.")] = 8,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache (as in check).")]
    = False,
    cache_dir: CacheDirOption = None,
    precision: PrecisionOption = Precision.AUTO,
    backend: BackendOption = Backend.AUTO,
    compile: CompileOption = False,
    as_json: JsonOption = False,
) -> None:
    """Run the whole pipeline on each case; precision/recall/F1 per case and micro-averaged."""
    import json

    from factcheck.claims import load_spacy
    from factcheck.evaluate.cases import evaluate_cases, format_cases_result
    from factcheck.pipeline import make_scorer

    base = Config(corpus=folder, model=model,
                  thresholds=Thresholds(contradiction_threshold, one_way_threshold, agreement_threshold),
                  max_pairs_per_claim=max_pairs_per_claim, cache_dir=cache_dir,
                  cache_path=None if no_cache else cache_folder(cache_dir) / CACHE_FILE,
                  precision=precision, backend=backend, compile=compile)
    scorer, nlp = make_scorer(base), load_spacy()
    n_cases = sum(1 for p in folder.glob("*/gold.json"))
    with _progress(False) as progress:
        result = evaluate_cases(folder, base, scorer, nlp, progress=_RichStage(progress).start("Cases", n_cases))
    print(json.dumps(result, indent=2) if as_json else format_cases_result(result))


def _progress(quiet: bool) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, transient=True, disable=quiet or not err.is_terminal)


def _run_with_progress(config: Config, quiet: bool) -> RunResult:
    from factcheck.pipeline import run

    with _progress(quiet) as progress:
        return run(config, stage=_RichStage(progress))


def _summary(result: RunResult, output_dir: Path, seconds: float, wrote_baseline: Path | None) -> None:
    comp = result.comparison
    marked = {f.fingerprint for f in comp.false_positives}
    shown = [f for f in result.findings if f.fingerprint not in marked]  # as the report counts them
    n_contra = sum(f.kind is Kind.CONTRADICTION for f in shown)
    n_new = sum(f.kind is Kind.CONTRADICTION for f in comp.new)
    n_agree = sum(f.kind is Kind.AGREEMENT for f in shown)
    for f in comp.new:
        if f.kind is Kind.CONTRADICTION and result.baseline is not None:
            err.print(f"NEW contradiction {f.fingerprint}: {f.pair.a.article_id}:{f.pair.a.line} ↔ "
                      f"{f.pair.b.article_id}:{f.pair.b.line} ({f.confidence:.2f})", markup=False)
    if comp.stale:
        err.print(f"{len(comp.stale)} baseline entr{'y' if len(comp.stale) == 1 else 'ies'} no longer found "
                  "(listed in the report)", markup=False)
    if wrote_baseline:
        err.print(f"baseline written: {wrote_baseline}", markup=False)
    err.print(f"factcheck: {_n(len(result.articles), 'article')} ({len(result.skipped)} skipped), "
              f"{_n(result.claim_stats.claims, 'claim')}, {_n(result.pairing.kept, 'pair')} scored "
              f"({result.pairs_from_cache} from cache), "
              f"{_n(n_contra, 'contradiction')} ({n_new} new), {_n(n_agree, 'agreement')}; "
              f"reports in {output_dir}/ ({seconds:.1f} s)", markup=False)


def _n(count: int, noun: str) -> str:
    """``1 article``, ``2 articles``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def main() -> None:
    """Console entry point (errors are turned into exit codes by ``DefaultGroup.invoke``)."""
    app()
