"""Models named by a Hugging Face hub id: read from the local Hugging Face cache when the hub cannot be
reached, instead of huggingface_hub's ~25 s of retries before it fails (or falls back to the cache).

A model folder never touches the network; neither does a hub id under ``HF_HUB_OFFLINE=1``.
"""

from __future__ import annotations

import os
import socket
import urllib.parse

DEFAULT_ENDPOINT = "https://huggingface.co"
PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")


def endpoint() -> str:
    return os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT


def offline_by_setting() -> bool:
    """``HF_HUB_OFFLINE`` (or ``TRANSFORMERS_OFFLINE``) set: the libraries read the cache only, at once."""
    return any(os.environ.get(v, "").strip().upper() in ("1", "ON", "YES", "TRUE")
               for v in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))


def reachable(timeout: float = 3.0) -> bool:
    """Whether the hub's host accepts a TCP connection within ``timeout`` seconds. Behind a proxy this
    cannot be told cheaply, so it is assumed (the download then fails as the libraries make it fail)."""
    if any(os.environ.get(v) for v in PROXY_VARIABLES):
        return True
    url = urllib.parse.urlsplit(endpoint())
    if not url.hostname:
        return True  # a malformed HF_ENDPOINT: left to huggingface_hub to report
    try:
        socket.create_connection((url.hostname, url.port or (80 if url.scheme == "http" else 443)), timeout).close()
    except OSError:
        return False
    return True


def cache_only() -> bool:
    """For a hub id (not a local folder): load with ``local_files_only`` because the hub is out of reach."""
    return not offline_by_setting() and not reachable()


def unreachable_message(model: str) -> str:
    return (f"cannot load NLI model {model}: it is not a local folder, the Hugging Face hub "
            f"({urllib.parse.urlsplit(endpoint()).hostname}) cannot be reached from here, and the model is not in "
            "the local Hugging Face cache; pass a model folder (--model PATH), or run once where the hub is "
            "reachable so that the model is cached")
