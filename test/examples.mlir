// Every example kernel parses, verifies, and survives a round trip and the
// tile-level simplifications.
// RUN: tile-opt %examples/vector_add.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=ADD
// RUN: tile-opt %examples/softmax.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=SOFTMAX
// RUN: tile-opt %examples/layer_norm.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=LAYERNORM
// RUN: tile-opt %examples/matmul.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=MATMUL
// RUN: tile-opt %examples/vector_add_half.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=ADDHALF
// RUN: tile-opt %examples/rms_norm.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=RMSNORM
// RUN: tile-opt %examples/gelu.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=GELU
// RUN: tile-opt %examples/silu_and_mul.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=SILU
// RUN: tile-opt %examples/dequant_q8.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=Q8
// RUN: tile-opt %examples/dequant_q4.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=Q4
// RUN: tile-opt %examples/row_reductions.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=ROWRED
// RUN: tile-opt %examples/cumsum.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=CUMSUM
// RUN: tile-opt %examples/transpose.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=TRANSPOSE
// RUN: tile-opt %examples/histogram.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=HIST
// RUN: tile-opt %examples/atomics.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=ATOMICS
// RUN: tile-opt %examples/atomics_bf16.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=ATOMICSBF16
// RUN: tile-opt %examples/gemm_f16.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=GEMMF16
// RUN: tile-opt %examples/gemm_f16_acc16.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=GEMMACC16
// RUN: tile-opt %examples/gemm_bf16.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=GEMMBF16
// RUN: tile-opt %examples/gemm_tf32.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=GEMMTF32
// RUN: tile-opt %examples/gemm_tf32x3.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=GEMMTF32X3
// RUN: tile-opt %examples/gemm_f32_ieee.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=GEMMIEEE
// RUN: tile-opt %examples/gemm_i8.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=GEMMI8
// RUN: tile-opt %examples/gemm_fp8.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=GEMMFP8
// RUN: tile-opt %examples/gemm_batched.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=GEMMBATCH
// RUN: tile-opt %examples/gemm_epilogue.mlir -verify-each -tile-combine -canonicalize | tile-opt | FileCheck %s --check-prefix=GEMMEPI

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

// ADDHALF-LABEL: func.func @add_kernel_f16
// ADDHALF-COUNT-2: tile.load {{.*}} : tensor<1024x!tile.ptr<f16>>
// ADDHALF: arith.addf {{.*}} : tensor<1024xf16>
// ADDHALF: tile.store {{.*}} : tensor<1024x!tile.ptr<f16>>
// ADDHALF-LABEL: func.func @add_kernel_bf16
// ADDHALF-COUNT-2: tile.load {{.*}} : tensor<1024x!tile.ptr<bf16>>
// ADDHALF: arith.addf {{.*}} : tensor<1024xbf16>
// ADDHALF: tile.store {{.*}} : tensor<1024x!tile.ptr<bf16>>

// RMSNORM-LABEL: func.func @rms_norm_f16
// RMSNORM: arith.extf {{.*}} : tensor<1024xf16> to tensor<1024xf32>
// RMSNORM: tile.reduce
// RMSNORM: math.rsqrt
// RMSNORM: arith.truncf {{.*}} : tensor<1024xf32> to tensor<1024xf16>
// RMSNORM: tile.store
// RMSNORM-LABEL: func.func @rms_norm_bf16
// RMSNORM: arith.extf {{.*}} : tensor<1024xbf16> to tensor<1024xf32>
// RMSNORM: tile.reduce
// RMSNORM: math.rsqrt
// RMSNORM: arith.truncf {{.*}} : tensor<1024xf32> to tensor<1024xbf16>
// RMSNORM: tile.store

// GELU-LABEL: func.func @gelu_tanh_f32
// GELU: math.tanh {{.*}} : tensor<1024xf32>
// GELU: tile.store {{.*}} : tensor<1024x!tile.ptr<f32>>
// GELU-LABEL: func.func @gelu_tanh_f16
// GELU: arith.extf
// GELU: math.tanh {{.*}} : tensor<1024xf32>
// GELU: arith.truncf
// GELU: tile.store {{.*}} : tensor<1024x!tile.ptr<f16>>
// GELU-LABEL: func.func @gelu_erf_f32
// GELU: math.erf {{.*}} : tensor<1024xf32>
// GELU: tile.store {{.*}} : tensor<1024x!tile.ptr<f32>>
// GELU-LABEL: func.func @gelu_erf_f16
// GELU: arith.extf
// GELU: math.erf {{.*}} : tensor<1024xf32>
// GELU: arith.truncf
// GELU: tile.store {{.*}} : tensor<1024x!tile.ptr<f16>>

// SILU-LABEL: func.func @silu_and_mul_f16
// SILU: tile.program_id y
// SILU-COUNT-2: tile.load {{.*}} : tensor<1024x!tile.ptr<f16>>
// SILU: math.exp
// SILU: arith.divf
// SILU: arith.mulf
// SILU: tile.store {{.*}} : tensor<1024x!tile.ptr<f16>>
// SILU-LABEL: func.func @silu_and_mul_bf16
// SILU-COUNT-2: tile.load {{.*}} : tensor<1024x!tile.ptr<bf16>>
// SILU: math.exp
// SILU: tile.store {{.*}} : tensor<1024x!tile.ptr<bf16>>

// Q8-LABEL: func.func @dequant_q8_row_f16
// Q8: tile.load {{.*}} : !tile.ptr<f16>
// Q8: tile.load {{.*}} : tensor<1024x!tile.ptr<i8>>
// Q8: arith.sitofp {{.*}} : tensor<1024xi8> to tensor<1024xf32>
// Q8: arith.truncf
// Q8: tile.store {{.*}} : tensor<1024x!tile.ptr<f16>>
// Q8-LABEL: func.func @dequant_q8_group_f16
// Q8: tile.load {{.*}} : tensor<1024x!tile.ptr<i8>>
// Q8: arith.divsi
// Q8: tile.load {{.*}} : tensor<1024x!tile.ptr<f16>>
// Q8: tile.store {{.*}} : tensor<1024x!tile.ptr<f16>>

// Q4-LABEL: func.func @dequant_q4_group_f16
// Q4: tile.load {{.*}} : tensor<1024x!tile.ptr<i8>>
// Q4: arith.andi {{.*}} : tensor<1024xi8>
// Q4: arith.shrui {{.*}} : tensor<1024xi8>
// Q4: tile.join {{.*}} : tensor<1024xi8> -> tensor<1024x2xi8>
// Q4: tile.reshape {{.*}} : tensor<1024x2xi8> -> tensor<2048xi8>
// Q4: arith.extui {{.*}} : tensor<2048xi8> to tensor<2048xi32>
// Q4: arith.subi
// Q4: tile.store {{.*}} : tensor<2048x!tile.ptr<f16>>

// ROWRED-LABEL: func.func @row_sum_f32
// ROWRED: tile.reduce({{.*}}) axis = 0 : (tensor<1024xf32>) -> f32
// ROWRED: arith.addf
// ROWRED: tile.store {{.*}} : !tile.ptr<f32>
// ROWRED-LABEL: func.func @row_sum_f16
// ROWRED: arith.extf
// ROWRED: tile.reduce({{.*}}) axis = 0 : (tensor<1024xf32>) -> f32
// ROWRED-LABEL: func.func @row_max_f32
// ROWRED: tile.reduce({{.*}}) axis = 0 : (tensor<1024xf32>) -> f32
// ROWRED: arith.maxnumf
// ROWRED-LABEL: func.func @row_argmax_f32
// ROWRED: tile.reduce({{.*}}, {{.*}}) axis = 0 : (tensor<1024xf32>, tensor<1024xi32>) -> (f32, i32)
// ROWRED: ^bb0(%{{.*}}: f32, %{{.*}}: i32, %{{.*}}: f32, %{{.*}}: i32):
// ROWRED: arith.cmpf ogt
// ROWRED: tile.reduce.return {{.*}} : f32, i32
// ROWRED: tile.store {{.*}} : !tile.ptr<f32>
// ROWRED: tile.store {{.*}} : !tile.ptr<i32>

// CUMSUM-LABEL: func.func @cumsum_f32
// CUMSUM: tile.scan({{.*}}) axis = 0 : (tensor<1024xf32>) -> tensor<1024xf32>
// CUMSUM: arith.addf
// CUMSUM: tile.scan.return
// CUMSUM: tile.store {{.*}} : tensor<1024x!tile.ptr<f32>>
// CUMSUM-LABEL: func.func @cumsum_i32
// CUMSUM: tile.scan({{.*}}) axis = 0 : (tensor<1024xi32>) -> tensor<1024xi32>
// CUMSUM: arith.addi
// CUMSUM: tile.scan.return

// TRANSPOSE-LABEL: func.func @transpose_f32
// TRANSPOSE: tile.load {{.*}} : tensor<64x64x!tile.ptr<f32>>
// TRANSPOSE: tile.trans {{.*}} {order = array<i32: 1, 0>} : tensor<64x64xf32> -> tensor<64x64xf32>
// TRANSPOSE: tile.store {{.*}} : tensor<64x64x!tile.ptr<f32>>
// TRANSPOSE-LABEL: func.func @transpose_f16
// TRANSPOSE: tile.trans {{.*}} {order = array<i32: 1, 0>} : tensor<64x64xf16> -> tensor<64x64xf16>
// TRANSPOSE: tile.store {{.*}} : tensor<64x64x!tile.ptr<f16>>

// HIST-LABEL: func.func @histogram_i32
// HIST: tile.load {{.*}} : tensor<1024x!tile.ptr<i32>>
// HIST: tile.addptr {{.*}} : tensor<1024x!tile.ptr<i32>>, tensor<1024xi32>
// HIST: tile.atomic_rmw add, relaxed, gpu, {{.*}} : tensor<1024xi32>

// ATOMICS-LABEL: func.func @atomic_max_min_f32
// ATOMICS: tile.atomic_rmw max, relaxed, gpu, {{.*}} : tensor<1024xf32>
// ATOMICS: tile.atomic_rmw min, relaxed, gpu, {{.*}} : tensor<1024xf32>
// ATOMICS-LABEL: func.func @atomic_fadd_f16
// ATOMICS: tile.atomic_rmw fadd, relaxed, gpu, {{.*}} : tensor<1024xf16>
// ATOMICS-LABEL: func.func @histogram_slots_i32
// ATOMICS: %[[OLD:.*]] = tile.atomic_rmw add, relaxed, gpu, {{.*}} : tensor<16xi32>
// ATOMICS: tile.store %{{.*}}, %[[OLD]], %{{.*}} : tensor<16x!tile.ptr<i32>>
// ATOMICS-LABEL: func.func @ticket_counter_i32
// ATOMICS: tile.atomic_rmw add, relaxed, gpu, {{.*}} : i32
// ATOMICS-LABEL: func.func @locked_increment_i32
// ATOMICS: scf.while
// ATOMICS: tile.atomic_cas acquire, gpu, {{.*}} : i32
// ATOMICS: tile.atomic_rmw xchg, release, gpu, {{.*}} : i32

// ATOMICSBF16-LABEL: func.func @atomic_fadd_bf16
// ATOMICSBF16: tile.atomic_rmw fadd, relaxed, gpu, {{.*}} : tensor<1024xbf16>

// GEMMF16-LABEL: func.func @gemm_f16
// GEMMF16: scf.for
// GEMMF16: tile.dot {{.*}} : tensor<128x32xf16> * tensor<32x128xf16> -> tensor<128x128xf32>
// GEMMF16: arith.truncf {{.*}} : tensor<128x128xf32> to tensor<128x128xf16>
// GEMMF16: tile.store {{.*}} : tensor<128x128x!tile.ptr<f16>>

// GEMMACC16-LABEL: func.func @gemm_f16_acc16
// GEMMACC16: tile.dot {{.*}} : tensor<128x32xf16> * tensor<32x128xf16> -> tensor<128x128xf16>
// GEMMACC16: tile.store {{.*}} : tensor<128x128x!tile.ptr<f16>>

// GEMMBF16-LABEL: func.func @gemm_bf16
// GEMMBF16: tile.dot {{.*}} : tensor<128x32xbf16> * tensor<32x128xbf16> -> tensor<128x128xf32>
// GEMMBF16: arith.truncf {{.*}} : tensor<128x128xf32> to tensor<128x128xbf16>
// GEMMBF16: tile.store {{.*}} : tensor<128x128x!tile.ptr<bf16>>

// tf32 is the dot's default input precision, so the printer leaves it out.
// GEMMTF32-LABEL: func.func @gemm_tf32
// GEMMTF32: tile.dot {{.*}} : tensor<128x16xf32> * tensor<16x128xf32> -> tensor<128x128xf32>
// GEMMTF32: tile.store {{.*}} : tensor<128x128x!tile.ptr<f32>>

// GEMMIEEE-LABEL: func.func @gemm_f32_ieee
// GEMMIEEE: tile.dot {{.*}} inputPrecision = {{ *}}ieee : tensor<64x16xf32> * tensor<16x64xf32> -> tensor<64x64xf32>
// GEMMIEEE: tile.store {{.*}} : tensor<64x64x!tile.ptr<f32>>

// GEMMTF32X3-LABEL: func.func @gemm_tf32x3
// GEMMTF32X3: tile.dot {{.*}}, inputPrecision = tf32x3 : tensor<128x16xf32> * tensor<16x128xf32> -> tensor<128x128xf32>
// GEMMTF32X3: tile.store {{.*}} : tensor<128x128x!tile.ptr<f32>>

// GEMMFP8-LABEL: func.func @gemm_fp8(
// GEMMFP8: tile.dot {{.*}} : tensor<128x64xf8E4M3FN> * tensor<64x128xf8E4M3FN> -> tensor<128x128xf32>
// GEMMFP8: arith.truncf {{.*}} : tensor<128x128xf32> to tensor<128x128xf16>
// GEMMFP8-LABEL: func.func @gemm_fp8_mixed(
// GEMMFP8: tile.dot {{.*}} : tensor<128x64xf8E4M3FN> * tensor<64x128xf8E5M2> -> tensor<128x128xf32>

// GEMMI8-LABEL: func.func @gemm_i8
// GEMMI8: tile.dot {{.*}} : tensor<128x64xi8> * tensor<64x128xi8> -> tensor<128x128xi32>
// GEMMI8: tile.store {{.*}} : tensor<128x128x!tile.ptr<i32>>

// GEMMBATCH-LABEL: func.func @gemm_batched_f16
// GEMMBATCH-DAG: tile.program_id {{ *}}x
// GEMMBATCH-DAG: tile.program_id {{ *}}y
// GEMMBATCH: tile.dot {{.*}} : tensor<64x32xf16> * tensor<32x64xf16> -> tensor<64x64xf32>
// GEMMBATCH: tile.store {{.*}} : tensor<64x64x!tile.ptr<f16>>

// GEMMEPI-LABEL: func.func @gemm_bias_gelu_f16
// GEMMEPI: tile.dot {{.*}} -> tensor<128x128xf32>
// GEMMEPI: tile.load {{.*}} : tensor<128x!tile.ptr<f16>>
// GEMMEPI: math.tanh {{.*}} : tensor<128x128xf32>
// GEMMEPI: arith.truncf {{.*}} : tensor<128x128xf32> to tensor<128x128xf16>
// GEMMEPI-LABEL: func.func @gemm_bias_silu_f16
// GEMMEPI: math.exp {{.*}} : tensor<128x128xf32>
// GEMMEPI: arith.divf
// GEMMEPI: arith.truncf {{.*}} to tensor<128x128xf16>
// GEMMEPI-LABEL: func.func @gemm_bias_gelu_bf16
// GEMMEPI: math.tanh
// GEMMEPI: arith.truncf {{.*}} to tensor<128x128xbf16>
// GEMMEPI-LABEL: func.func @gemm_bias_silu_bf16
// GEMMEPI: math.exp
// GEMMEPI: arith.truncf {{.*}} to tensor<128x128xbf16>
