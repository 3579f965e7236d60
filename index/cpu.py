"""What the CPU can do, read from /proc/cpuinfo: which precision runs fastest on it."""

from __future__ import annotations

from pathlib import Path


def cpu_flags() -> str:
    """The first ``flags`` line of /proc/cpuinfo ('' where there is none, e.g. off Linux)."""
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return ""
    return next((line for line in text.splitlines() if line.startswith("flags")), "")


def bf16_matmul_cpu(flags: str | None = None) -> bool:
    """True where the CPU multiplies bf16 matrices natively (AMX or AVX-512 BF16): there bf16
    autocast trains about twice as fast; elsewhere it is slower than fp32."""
    return bool(
        {"amx_bf16", "avx512_bf16"} & set((cpu_flags() if flags is None else flags).split())
    )


def amx_bf16_cpu(flags: str | None = None) -> bool:
    """True where the CPU has AMX tiles for bf16. Measured on such a CPU (2 cores, SciFact
    abstracts of ~240 word-pieces, batches of 32): MiniLM-L6 in torch bf16 embeds 143
    passages/s against 65 for the int8 ONNX model (which uses VNNI). With AVX-512 BF16 alone
    bf16 peaks at half the int8 VNNI rate, so the int8 model is kept there."""
    return "amx_bf16" in set((cpu_flags() if flags is None else flags).split())


def vnni_cpu(flags: str | None = None) -> bool:
    """True where the CPU has VNNI (``avx512_vnni``, ``avx_vnni`` or ``amx_int8``): there
    onnxruntime multiplies uint8 activations by int8 weights exactly, and 2.5 times as fast as
    by uint8 ones (``index.onnx_embedder.signed_from_unsigned``)."""
    return bool(
        {"avx512_vnni", "avx_vnni", "amx_int8"}
        & set((cpu_flags() if flags is None else flags).split())
    )
