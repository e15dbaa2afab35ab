// Fused softmax and layer norm through the whole pipeline: reductions become
// butterfly shuffles plus a shared-memory step across warps, exp and rsqrt
// come from libdevice, the row statistics of layer norm are stored once.
// RUN: tile-compile %examples/softmax.mlir -o - | FileCheck %s --check-prefix=SOFTMAX
// RUN: tile-compile %examples/layer_norm.mlir -o - | FileCheck %s --check-prefix=LAYERNORM

// SOFTMAX: .visible .entry softmax_kernel(
// SOFTMAX: .maxntid 128, 1, 1
// SOFTMAX: ld.global.b32
// SOFTMAX: shfl.sync.bfly.b32
// SOFTMAX: bar.sync
// SOFTMAX: ex2.approx
// SOFTMAX: st.global.b32
// SOFTMAX-NOT: __nv_

// LAYERNORM: .visible .entry layer_norm_fwd(
// LAYERNORM: ld.global.b16
// LAYERNORM: shfl.sync.bfly.b32
// LAYERNORM: rsqrt.approx
// LAYERNORM: st.global.b16
// LAYERNORM: st.global.b32
// LAYERNORM-NOT: __nv_
