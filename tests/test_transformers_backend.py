"""The real transformers backend on a tiny randomly initialised BERT that the tests build themselves."""

from pathlib import Path

import pytest

pytest.importorskip("torch")
import torch
from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

from factcheck.errors import ModelError
from factcheck.nli.transformers_backend import TransformersScorer, label_map
from factcheck.records import Claim, ClaimPair

pytestmark = pytest.mark.model
WORDS = "the a of to in and is was not will sign treaty sweden norway oslo council budget voted yes no met".split()


def build_tiny_model(path: Path, id2label: dict[int, str], pickle: bool = False) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS]
    try:
        tokenizer = BertTokenizerFast(vocab={t: i for i, t in enumerate(tokens)})  # transformers 5
    except (TypeError, ValueError):
        tokenizer = None
    if tokenizer is None or len(tokenizer) != len(tokens):  # transformers 4 reads a vocab file instead
        (path / "vocab.txt").write_text("\n".join(tokens) + "\n")
        tokenizer = BertTokenizerFast(vocab_file=str(path / "vocab.txt"))
    assert len(tokenizer) == len(tokens)  # a real vocabulary: the words are not all [UNK]
    torch.manual_seed(0)
    config = BertConfig(vocab_size=5 + len(WORDS), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=32, max_position_embeddings=64, num_labels=len(id2label),
                        id2label=id2label, label2id={v: k for k, v in id2label.items()})
    model = BertForSequenceClassification(config)
    model.save_pretrained(path)
    if pickle:  # the old pytorch_model.bin format, written by hand (recent transformers only write safetensors)
        (path / "model.safetensors").unlink()
        torch.save(model.state_dict(), path / "pytorch_model.bin")
    tokenizer.save_pretrained(path)
    return path


def _pair(a: str, b: str) -> ClaimPair:
    return ClaimPair(Claim("x", a, 0, len(a), 1, ()), Claim("y", b, 0, len(b), 1, ()), (), 0.0)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    # label order deliberately unlike ours: the backend must read it from config.id2label
    return build_tiny_model(tmp_path_factory.mktemp("tiny"), {0: "CONTRADICTION", 1: "NEUTRAL", 2: "ENTAILMENT"})


def test_scores_both_directions_with_labels_from_config(tiny):
    scorer = TransformersScorer(str(tiny), batch_size=2)
    pairs = [_pair("the council voted yes", "the council voted no"), _pair("sweden will sign", "sweden will not sign"),
             _pair("oslo", "the budget of oslo was not voted in the council")]
    got = scorer.score(pairs)
    tok = BertTokenizerFast.from_pretrained(tiny)
    model = BertForSequenceClassification.from_pretrained(tiny).eval()
    for pair, scores in zip(pairs, got, strict=True):
        for (prem, hyp), probs in (((pair.a.text, pair.b.text), scores.forward),
                                   ((pair.b.text, pair.a.text), scores.backward)):
            with torch.inference_mode():
                expected = model(**tok(prem, hyp, return_tensors="pt")).logits.softmax(-1)[0].tolist()
            assert probs["contradiction"] == pytest.approx(expected[0], abs=1e-5)
            assert probs["entailment"] == pytest.approx(expected[2], abs=1e-5)
            assert sum(probs.values()) == pytest.approx(1.0, abs=1e-5)
    assert scorer.score(pairs) == got  # batching and sorting do not change results
    assert scorer.model_id.startswith(tiny.name + "@")


def test_a_sentence_pair_shared_by_several_claim_pairs_is_scored_once(tiny, monkeypatch):
    # wire copies: the same two sentences in several article pairs; each pair keeps its own scores
    yes, no = "the council voted yes", "the council voted no"
    pairs = [_pair(yes, no), _pair("sweden will sign", "oslo"), _pair(yes, no), _pair(no, yes)]
    scorer = TransformersScorer(str(tiny), batch_size=2)
    seen: list[int] = []
    predict = scorer.predict

    def counting(texts, progress=None):
        seen.append(len(texts))
        return predict(texts, progress)

    monkeypatch.setattr(scorer, "predict", counting)
    done: list[float] = []
    got = scorer.score(pairs, progress=done.append)
    assert seen == [4]  # 8 directions, 4 distinct sentence pairs
    assert sum(done) == pytest.approx(len(pairs))
    assert got[2] == got[0]
    assert (got[3].forward, got[3].backward) == (got[0].backward, got[0].forward)
    alone = TransformersScorer(str(tiny), batch_size=2).score([pairs[1]])[0]
    for label, p in alone.forward.items():
        assert got[1].forward[label] == pytest.approx(p, abs=1e-5)


def test_default_batch_size_depends_on_the_precision(tiny):
    assert TransformersScorer(str(tiny), precision="bf16").batch_size == 64
    assert TransformersScorer(str(tiny), precision="fp32").batch_size == 32
    assert TransformersScorer(str(tiny), precision="bf16", batch_size=8).batch_size == 8


def test_model_without_contradiction_label_is_refused(tmp_path):
    path = build_tiny_model(tmp_path / "m", {0: "POSITIVE", 1: "NEGATIVE"})
    with pytest.raises(ModelError, match="no contradiction"):
        TransformersScorer(str(path)).score([_pair("a", "b")])


def test_pickle_weights_need_explicit_permission(tmp_path):
    path = build_tiny_model(tmp_path / "p", {0: "entailment", 1: "neutral", 2: "contradiction"}, pickle=True)
    assert not list(path.glob("*.safetensors"))
    with pytest.raises(ModelError, match="pickle"):
        TransformersScorer(str(path)).score([_pair("a", "b")])
    assert len(TransformersScorer(str(path), allow_pickle=True).score([_pair("a", "b")])) == 1


def test_not_a_model_folder(tmp_path):
    (tmp_path / "junk").mkdir()
    with pytest.raises(ModelError, match=r"config\.json"):
        TransformersScorer(str(tmp_path / "junk")).score([_pair("a", "b")])


def test_label_map_accepts_common_spellings():
    assert label_map({0: "ENTAILMENT", 1: "NEUTRAL", 2: "CONTRADICTION"}, "m") == {
        0: "entailment", 1: "neutral", 2: "contradiction"}
    assert label_map({"0": "contradiction", "1": "entailment"}, "m") == {0: "contradiction", 1: "entailment"}
    with pytest.raises(ModelError, match="LABEL_0"):
        label_map({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}, "m")


def test_cli_end_to_end_with_tiny_model(tiny, corpus, tmp_path):
    from typer.testing import CliRunner

    from factcheck.cli import app

    out = tmp_path / "out"
    res = CliRunner().invoke(app, [str(corpus), "--model", str(tiny), "-o", str(out), "--fail-on", "never"])
    assert res.exit_code == 0, res.output
    assert f"`{tiny.name}@" in (out / "consistency.md").read_text()


@pytest.mark.parametrize("precision", ["int8", "bf16"])
def test_faster_precisions_keep_scores_close(tiny, precision):
    pairs = [_pair("the council voted yes", "the council voted no"), _pair("sweden will sign", "oslo")]
    fp32 = TransformersScorer(str(tiny), precision="fp32")
    other = TransformersScorer(str(tiny), precision=precision)
    got = other.score(pairs)
    assert not fp32.model_id.endswith(("+int8", "+bf16"))
    assert other.model_id.endswith(f"+{precision}")  # cached apart from fp32 scores, named in reports
    for a, b in zip(fp32.score(pairs), got, strict=True):
        for label in ("entailment", "neutral", "contradiction"):
            assert b.forward[label] == pytest.approx(a.forward[label], abs=0.05)


def test_batches_group_inputs_by_token_count_not_characters(tiny, monkeypatch):
    # long words unknown to the vocabulary are one token each; "a a a a a a" is six
    texts = [("a a a a a a", "a a a a a a"), ("xylophonist", "zebra"),
             ("a a a a a a", "a a a a a"), ("extraordinarily", "incomprehensibilities")]
    scorer = TransformersScorer(str(tiny), batch_size=2)
    assert scorer.lengths(texts) == [15, 5, 14, 5]  # [CLS] premise [SEP] hypothesis [SEP]
    batches: list[list[tuple[str, str]]] = []
    pad = scorer._pad
    monkeypatch.setattr(scorer, "_pad", lambda tokens, idx: batches.append([texts[i] for i in idx]) or pad(tokens, idx))
    scorer.predict(texts)
    # by characters (16, 20, 22, 36) the batches would be [1, 2] and [0, 3], each padded to 15 tokens
    assert batches == [[texts[1], texts[3]], [texts[2], texts[0]]]


@pytest.mark.parametrize("side", ["right", "left"])
def test_batches_cut_from_the_ids_tokenised_once_equal_the_tokenizers_own_padding(tiny, side):
    texts = [("a a a a a a", "a a a a a a"), ("xylophonist", "zebra"), ("the council voted", "no")]
    scorer = TransformersScorer(str(tiny))
    tokens = scorer.tokenize(texts)
    scorer._tokenizer.padding_side = side
    for idx in ([0, 1, 2], [2, 1], [1]):
        ours = scorer._pad(tokens, idx)
        theirs = scorer._tokenizer([texts[i][0] for i in idx], [texts[i][1] for i in idx], padding=True,
                                   truncation=True, max_length=scorer.max_length, return_tensors="pt")
        assert set(ours) == set(theirs) == {"input_ids", "token_type_ids", "attention_mask"}
        for key, value in theirs.items():
            assert ours[key].tolist() == value.tolist(), key


def test_a_model_folder_without_tokenizer_files_is_a_model_error(tiny, tmp_path):
    import shutil

    bare = tmp_path / "bare"
    shutil.copytree(tiny, bare)
    for f in bare.iterdir():
        if f.name.startswith(("tokenizer", "vocab", "special_tokens")):
            f.unlink()
    with pytest.raises(ModelError, match="has no tokenizer"):
        TransformersScorer(str(bare)).score([_pair("Norway will sign.", "Norway will not sign.")])
