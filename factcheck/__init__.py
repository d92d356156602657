"""factcheck: find contradictions and agreements between articles about the same story.

The pipeline, one module per stage: corpus → claims → pairing → nli → findings → report / gate.
"""

__version__ = "0.1.0"
