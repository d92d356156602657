import pytest

from factcheck.nli import precision
from factcheck.nli.precision import Precision, native_bf16, resolve


@pytest.mark.parametrize(("flags", "expected"), [("fpu avx512f avx512_bf16 amx_bf16 amx_tile", True),
                                                 ("fpu avx512f avx512_bf16", True),  # AMD Zen 4+, no AMX
                                                 ("fpu avx2 avx512f avx512_vnni", False),  # bf16 emulated
                                                 ("fpu amx_bf16x avx512_bf16_x", False)])
def test_native_bf16_reads_the_bf16_flags(tmp_path, flags, expected):
    info = tmp_path / "cpuinfo"
    info.write_text(f"processor\t: 0\nflags\t\t: {flags}\n")
    assert native_bf16(info) is expected


def test_native_bf16_is_false_without_cpuinfo(tmp_path):
    assert native_bf16(tmp_path / "absent") is False


@pytest.mark.parametrize(("native", "expected"), [(True, Precision.BF16), (False, Precision.FP32)])
def test_auto_follows_the_hardware(monkeypatch, native, expected):
    monkeypatch.setattr(precision, "native_bf16", lambda: native)
    assert resolve("auto") is expected
    assert resolve("int8") is Precision.INT8  # an explicit choice is kept


def test_unknown_precision_is_refused():
    with pytest.raises(ValueError, match="fp16"):
        resolve("fp16")
