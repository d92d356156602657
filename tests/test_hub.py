"""A model named by a hub id when the hub cannot be reached: the local Hugging Face cache, or one clear error."""

import os
import shutil
import socket
import time

import pytest

pytest.importorskip("torch")

from factcheck.errors import ModelError
from factcheck.nli import hub
from factcheck.nli.transformers_backend import TransformersScorer
from tests.test_transformers_backend import _pair, build_tiny_model

pytestmark = pytest.mark.model
COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture
def online_mode(monkeypatch):
    """The libraries in their normal (online) mode, with the network still refused by conftest."""
    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", *hub.PROXY_VARIABLES):
        monkeypatch.delenv(var, raising=False)
    import huggingface_hub.constants as constants

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)


def in_hub_cache(folder, repo_id: str):
    """``folder`` laid out as huggingface_hub caches a downloaded model (``$HF_HOME/hub/models--org--name``)."""
    from huggingface_hub.constants import HF_HUB_CACHE  # read once, when the library was first imported

    root = os.path.join(HF_HUB_CACHE, "models--" + repo_id.replace("/", "--"))
    os.makedirs(os.path.join(root, "refs"), exist_ok=True)
    with open(os.path.join(root, "refs", "main"), "w") as fh:
        fh.write(COMMIT)
    shutil.copytree(folder, os.path.join(root, "snapshots", COMMIT))


def test_an_uncached_hub_id_with_the_hub_out_of_reach_fails_at_once_with_what_to_do(online_mode):
    started = time.monotonic()
    with pytest.raises(ModelError, match=r"hub \(huggingface.co\) cannot be reached .*--model PATH"):
        TransformersScorer("someorg/some-nli-model").score([_pair("a b", "c d")])
    assert time.monotonic() - started < 20  # huggingface_hub alone retries for ~25 s before it fails


def test_a_cached_hub_id_loads_from_the_cache_when_the_hub_is_out_of_reach(online_mode, tmp_path):
    repo_id = f"org/tiny-{tmp_path.name}"
    in_hub_cache(build_tiny_model(tmp_path / "m", {0: "entailment", 1: "neutral", 2: "contradiction"}), repo_id)
    started = time.monotonic()
    scores = TransformersScorer(repo_id).score([_pair("the council voted yes", "the council voted no")])
    assert sum(scores[0].forward.values()) == pytest.approx(1.0, abs=1e-5)
    assert time.monotonic() - started < 20  # not after huggingface_hub's retries


def test_the_hub_check_tries_the_configured_endpoint_once_and_trusts_a_proxy(monkeypatch):
    tried = []

    def refuse(address, timeout=None):
        tried.append(address)
        raise OSError("unreachable")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setenv("HF_ENDPOINT", "http://mirror.example:8080")
    for var in hub.PROXY_VARIABLES:
        monkeypatch.delenv(var, raising=False)
    assert not hub.reachable() and tried == [("mirror.example", 8080)]
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    assert hub.reachable() and len(tried) == 1
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # the libraries read the cache themselves: nothing to check
    assert not hub.cache_only()
