// Every example kernel compiles from tile source to a cubin that CUDA's
// ptxas accepts, for the Ampere (sm_80) and Hopper (sm_90a) targets, with the
// warps the GPU suite uses. (The GPU suite runs them; this proves the
// compile on any machine with ptxas.) gemm_fp8 and gemm_contiguous_fp8
// need fp8 tensor cores: sm_90a only.
// REQUIRES: ptxas
// RUN: for target in cuda:80 cuda:90a; do \
// RUN:   for example in vector_add vector_add_half softmax layer_norm rms_norm gelu \
// RUN:       silu_and_mul dequant_q8 dequant_q4 row_reductions cumsum transpose \
// RUN:       histogram atomics debug_ops; do \
// RUN:     tile-compile %examples/$example.mlir --target $target --num-warps 4 \
// RUN:       -o %t.ptx --cubin %t.cubin || exit 1; \
// RUN:   done; \
// RUN:   for example in matmul gemm_f16 gemm_f16_acc16 gemm_bf16 gemm_tf32 gemm_tf32x3 \
// RUN:       gemm_i8 gemm_epilogue gemm_contiguous; do \
// RUN:     tile-compile %examples/$example.mlir --target $target --num-warps 8 \
// RUN:       -o %t.ptx --cubin %t.cubin || exit 1; \
// RUN:   done; \
// RUN:   tile-compile %examples/gemm_f32_ieee.mlir --target $target --num-warps 4 -o %t.ptx --cubin %t.cubin || exit 1; \
// RUN:   tile-compile %examples/gemm_batched.mlir --target $target --num-warps 4 -o %t.ptx --cubin %t.cubin || exit 1; \
// RUN:   tile-compile %examples/gemm_block_pointers.mlir --target $target --num-warps 4 -o %t.ptx --cubin %t.cubin || exit 1; \
// RUN:   tile-compile %examples/atomics.mlir --target $target --num-warps 1 -o %t.ptx --cubin %t.cubin || exit 1; \
// RUN: done; \
// RUN: tile-compile %examples/atomics_bf16.mlir --target cuda:90a --num-warps 4 -o %t.ptx --cubin %t.cubin || exit 1; \
// RUN: tile-compile %examples/gemm_fp8.mlir --target cuda:90a --num-warps 8 -o %t.ptx --cubin %t.cubin || exit 1; \
// RUN: tile-compile %examples/gemm_contiguous_fp8.mlir --target cuda:90a --num-warps 8 -o %t.ptx --cubin %t.cubin || exit 1; \
// RUN: echo all examples compiled | FileCheck %s
// CHECK: all examples compiled
