// Every example kernel parses, verifies, and survives a round trip and the
// tile-level simplifications.
// RUN: tile-opt %examples/vector_add.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=ADD
// RUN: tile-opt %examples/softmax.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=SOFTMAX
// RUN: tile-opt %examples/layer_norm.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=LAYERNORM
// RUN: tile-opt %examples/matmul.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=MATMUL

// ADD-LABEL: func.func @add_kernel
// ADD-COUNT-2: tile.load
// ADD: arith.addf
// ADD: tile.store

// SOFTMAX-LABEL: func.func @softmax_kernel
// SOFTMAX: tile.reduce
// SOFTMAX: math.exp
// SOFTMAX: tile.reduce
// SOFTMAX: tile.store

// LAYERNORM-LABEL: func.func @layer_norm_fwd
// LAYERNORM: math.rsqrt
// LAYERNORM: arith.truncf
// LAYERNORM-COUNT-3: tile.store

// MATMUL-LABEL: func.func @matmul_kernel
// MATMUL: scf.for
// MATMUL: tile.dot
// MATMUL: scf.yield
// MATMUL: tile.store
