"""Training of the default NLI model (``python -m factcheck.training --help``).

Kept apart from the pipeline: nothing here is imported by ``factcheck`` at run time.
"""
