"""Measuring verdict quality: labelled NLI pairs (``pairs``) and multi-article cases with gold (``cases``)."""
