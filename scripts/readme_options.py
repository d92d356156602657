"""Rewrite the options block of README.md from `factcheck check --help` (tests check it is current).

Run: python scripts/readme_options.py
"""

from pathlib import Path

from typer.testing import CliRunner

from factcheck.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"


def help_text() -> str:
    return CliRunner().invoke(app, ["check", "--help"], terminal_width=100, env={"COLUMNS": "100"},
                              prog_name="factcheck").output.strip()


def main() -> None:
    text = README.read_text(encoding="utf-8")
    head, rest = text.split("<!-- options:start -->")
    _, tail = rest.split("<!-- options:end -->")
    README.write_text(f"{head}<!-- options:start -->\n```\n{help_text()}\n```\n<!-- options:end -->{tail}",
                      encoding="utf-8")


if __name__ == "__main__":
    main()
