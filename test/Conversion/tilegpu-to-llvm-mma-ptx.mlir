// REQUIRES: ptxas
// RUN: tile-compile %examples/matmul.mlir -o %t.mm80.ptx --cubin %t.mm80.cubin --num-warps 8 --target cuda:80
// RUN: FileCheck %s --check-prefix=MATMUL < %t.mm80.ptx
// RUN: tile-compile %examples/matmul.mlir -o %t.mm90.ptx --cubin %t.mm90.cubin --num-warps 8 --target cuda:90a
// RUN: FileCheck %s --check-prefix=MATMUL < %t.mm90.ptx
// RUN: tile-compile %examples/matmul.mlir -o %t.mm75.ptx --cubin %t.mm75.cubin --num-warps 8 --target cuda:75
// RUN: FileCheck %s --check-prefix=TURING < %t.mm75.ptx
// RUN: tile-compile %examples/gemm_fp8.mlir -o %t.fp8.90.ptx --cubin %t.fp8.90.cubin --num-warps 8 --target cuda:90a
// RUN: FileCheck %s --check-prefix=FP8 < %t.fp8.90.ptx
// RUN: tile-compile %examples/gemm_fp8.mlir -o %t.fp8.89.ptx --cubin %t.fp8.89.cubin --num-warps 8 --target cuda:89
// RUN: FileCheck %s --check-prefix=FP8 < %t.fp8.89.ptx
// RUN: not tile-compile %examples/gemm_fp8.mlir -o %t.fp8.80.ptx --num-warps 8 --target cuda:80 2>&1 | FileCheck %s --check-prefix=FP8-AMPERE
// RUN: tile-compile %s -o %t.80.ptx --cubin %t.80.cubin --target cuda:80
// RUN: FileCheck %s < %t.80.ptx
// RUN: tile-compile %s -o %t.90a.ptx --cubin %t.90a.cubin --target cuda:90a
// RUN: FileCheck %s < %t.90a.ptx

// examples/matmul.mlir on tensor cores (ptxas assembles it for sm_80 and
// sm_90a through --cubin): per K step of 32, each of the 8 warps loads its
// 64x32 slice of A with 8 ldmatrix.x4 and its 32x32 slice of B (N
// contiguous) with 4 ldmatrix.x4.trans, then issues 4 x 4 tiles x 2 K
// steps = 32 mma.sync m16n8k16. B's ldmatrix sit right before the first
// mma.sync that reads them; A's stay above B's store to shared memory.
// MATMUL-LABEL: .entry matmul_kernel
// MATMUL-COUNT-8: ldmatrix.sync.aligned.m8n8.x4.shared.b16
// MATMUL-NOT: mma.sync
// MATMUL-COUNT-4: ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16
// MATMUL-COUNT-29: mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32
// MATMUL-NOT: mma.sync

// Turing has no m16n8k16: each one runs as two m16n8k8, K 0-7 then 8-15.
// TURING-LABEL: .entry matmul_kernel
// TURING-COUNT-64: mma.sync.aligned.m16n8k8.row.col.f32.f16.f16.f32
// TURING-NOT: mma.sync

// examples/gemm_fp8.mlir: fp8 mma.sync needs PTX ISA 8.4, which the back
// end raises its default to; per K step of 64 each warp loads its 64x64
// bytes of A (K contiguous) with 8 ldmatrix.x4 (four bytes per register),
// B (N contiguous) per register, and issues 4 x 4 tiles x 2 K steps = 32
// m16n8k32 with its kernel's fp8 types. Before sm_89 there is no fp8
// tensor core and no FMA fallback: the error says so.
// FP8: .version 8.4
// FP8-LABEL: .entry gemm_fp8(
// FP8-COUNT-8: ldmatrix.sync.aligned.m8n8.x4.shared.b16
// FP8-NOT: ldmatrix
// FP8-COUNT-32: mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e4m3.f32
// FP8-NOT: mma.sync
// FP8-LABEL: .entry gemm_fp8_mixed(
// FP8-COUNT-32: mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e5m2.f32
// FP8-NOT: mma.sync
// FP8-AMPERE: error: 'tile.dot' op tilegpu-accelerate-matmul: a tile.dot of fp8 inputs runs on tensor cores only: cuda:89 or newer (this module targets cuda:80)

// The other dot paths from tile IR to PTX, one 32x32x32 tile each: f32
// with ieee precision on CUDA cores (fma.rn.f32), with tf32 on tensor
// cores (m16n8k8), bf16, i8 (m16n8k32; A, K contiguous, with plain
// ldmatrix as byte pairs, B, N contiguous, per register: .trans would move
// byte pairs) and f16 into an f16 accumulator.
// CHECK-LABEL: .entry dot_f32_ieee
// CHECK-NOT: mma.sync
// CHECK: fma.rn.f32
// CHECK-NOT: mma.sync
// CHECK-LABEL: .entry dot_tf32
// CHECK: mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32
// CHECK-LABEL: .entry dot_bf16
// CHECK: ldmatrix.sync.aligned.m8n8.x4.shared.b16
// CHECK: mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32
// CHECK-LABEL: .entry dot_i8
// CHECK: ldmatrix.sync.aligned.m8n8.x4.shared.b16
// CHECK-NOT: ldmatrix
// CHECK: mma.sync.aligned.m16n8k32.row.col.satfinite.s32.s8.s8.s32
// CHECK-LABEL: .entry dot_f16acc
// CHECK: mma.sync.aligned.m16n8k16.row.col.f16.f16.f16.f16
module {
  func.func @dot_f32_ieee(%a_ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                          %b_ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                          %c_ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32}) {
    %range = tile.make_range {end = 32 : i32, start = 0 : i32} : tensor<32xi32>
    %rows = tile.expand_dims %range {axis = 1 : i32} : tensor<32xi32> -> tensor<32x1xi32>
    %cols = tile.expand_dims %range {axis = 0 : i32} : tensor<32xi32> -> tensor<1x32xi32>
    %c32 = arith.constant dense<32> : tensor<32x1xi32>
    %row_off = arith.muli %rows, %c32 : tensor<32x1xi32>
    %row_b = tile.broadcast %row_off : tensor<32x1xi32> -> tensor<32x32xi32>
    %col_b = tile.broadcast %cols : tensor<1x32xi32> -> tensor<32x32xi32>
    %off = arith.addi %row_b, %col_b : tensor<32x32xi32>
    %a_base = tile.splat %a_ptr : !tile.ptr<f32> -> tensor<32x32x!tile.ptr<f32>>
    %a_ptrs = tile.addptr %a_base, %off : tensor<32x32x!tile.ptr<f32>>, tensor<32x32xi32>
    %b_base = tile.splat %b_ptr : !tile.ptr<f32> -> tensor<32x32x!tile.ptr<f32>>
    %b_ptrs = tile.addptr %b_base, %off : tensor<32x32x!tile.ptr<f32>>, tensor<32x32xi32>
    %c_base = tile.splat %c_ptr : !tile.ptr<f32> -> tensor<32x32x!tile.ptr<f32>>
    %c_ptrs = tile.addptr %c_base, %off : tensor<32x32x!tile.ptr<f32>>, tensor<32x32xi32>
    %a = tile.load %a_ptrs : tensor<32x32x!tile.ptr<f32>>
    %b = tile.load %b_ptrs : tensor<32x32x!tile.ptr<f32>>
    %zero = arith.constant dense<0.0> : tensor<32x32xf32>
    %c = tile.dot %a, %b, %zero, inputPrecision = ieee : tensor<32x32xf32> * tensor<32x32xf32> -> tensor<32x32xf32>
    tile.store %c_ptrs, %c : tensor<32x32x!tile.ptr<f32>>
    return
  }

  func.func @dot_tf32(%a_ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                      %b_ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                      %c_ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32}) {
    %range = tile.make_range {end = 32 : i32, start = 0 : i32} : tensor<32xi32>
    %rows = tile.expand_dims %range {axis = 1 : i32} : tensor<32xi32> -> tensor<32x1xi32>
    %cols = tile.expand_dims %range {axis = 0 : i32} : tensor<32xi32> -> tensor<1x32xi32>
    %c32 = arith.constant dense<32> : tensor<32x1xi32>
    %row_off = arith.muli %rows, %c32 : tensor<32x1xi32>
    %row_b = tile.broadcast %row_off : tensor<32x1xi32> -> tensor<32x32xi32>
    %col_b = tile.broadcast %cols : tensor<1x32xi32> -> tensor<32x32xi32>
    %off = arith.addi %row_b, %col_b : tensor<32x32xi32>
    %a_base = tile.splat %a_ptr : !tile.ptr<f32> -> tensor<32x32x!tile.ptr<f32>>
    %a_ptrs = tile.addptr %a_base, %off : tensor<32x32x!tile.ptr<f32>>, tensor<32x32xi32>
    %b_base = tile.splat %b_ptr : !tile.ptr<f32> -> tensor<32x32x!tile.ptr<f32>>
    %b_ptrs = tile.addptr %b_base, %off : tensor<32x32x!tile.ptr<f32>>, tensor<32x32xi32>
    %c_base = tile.splat %c_ptr : !tile.ptr<f32> -> tensor<32x32x!tile.ptr<f32>>
    %c_ptrs = tile.addptr %c_base, %off : tensor<32x32x!tile.ptr<f32>>, tensor<32x32xi32>
    %a = tile.load %a_ptrs : tensor<32x32x!tile.ptr<f32>>
    %b = tile.load %b_ptrs : tensor<32x32x!tile.ptr<f32>>
    %zero = arith.constant dense<0.0> : tensor<32x32xf32>
    %c = tile.dot %a, %b, %zero, inputPrecision = tf32 : tensor<32x32xf32> * tensor<32x32xf32> -> tensor<32x32xf32>
    tile.store %c_ptrs, %c : tensor<32x32x!tile.ptr<f32>>
    return
  }

  func.func @dot_bf16(%a_ptr: !tile.ptr<bf16> {tile.divisibility = 16 : i32},
                      %b_ptr: !tile.ptr<bf16> {tile.divisibility = 16 : i32},
                      %c_ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32}) {
    %range = tile.make_range {end = 32 : i32, start = 0 : i32} : tensor<32xi32>
    %rows = tile.expand_dims %range {axis = 1 : i32} : tensor<32xi32> -> tensor<32x1xi32>
    %cols = tile.expand_dims %range {axis = 0 : i32} : tensor<32xi32> -> tensor<1x32xi32>
    %c32 = arith.constant dense<32> : tensor<32x1xi32>
    %row_off = arith.muli %rows, %c32 : tensor<32x1xi32>
    %row_b = tile.broadcast %row_off : tensor<32x1xi32> -> tensor<32x32xi32>
    %col_b = tile.broadcast %cols : tensor<1x32xi32> -> tensor<32x32xi32>
    %off = arith.addi %row_b, %col_b : tensor<32x32xi32>
    %a_base = tile.splat %a_ptr : !tile.ptr<bf16> -> tensor<32x32x!tile.ptr<bf16>>
    %a_ptrs = tile.addptr %a_base, %off : tensor<32x32x!tile.ptr<bf16>>, tensor<32x32xi32>
    %b_base = tile.splat %b_ptr : !tile.ptr<bf16> -> tensor<32x32x!tile.ptr<bf16>>
    %b_ptrs = tile.addptr %b_base, %off : tensor<32x32x!tile.ptr<bf16>>, tensor<32x32xi32>
    %c_base = tile.splat %c_ptr : !tile.ptr<f32> -> tensor<32x32x!tile.ptr<f32>>
    %c_ptrs = tile.addptr %c_base, %off : tensor<32x32x!tile.ptr<f32>>, tensor<32x32xi32>
    %a = tile.load %a_ptrs : tensor<32x32x!tile.ptr<bf16>>
    %b = tile.load %b_ptrs : tensor<32x32x!tile.ptr<bf16>>
    %zero = arith.constant dense<0.0> : tensor<32x32xf32>
    %c = tile.dot %a, %b, %zero : tensor<32x32xbf16> * tensor<32x32xbf16> -> tensor<32x32xf32>
    tile.store %c_ptrs, %c : tensor<32x32x!tile.ptr<f32>>
    return
  }

  func.func @dot_i8(%a_ptr: !tile.ptr<i8> {tile.divisibility = 16 : i32},
                      %b_ptr: !tile.ptr<i8> {tile.divisibility = 16 : i32},
                      %c_ptr: !tile.ptr<i32> {tile.divisibility = 16 : i32}) {
    %range = tile.make_range {end = 32 : i32, start = 0 : i32} : tensor<32xi32>
    %rows = tile.expand_dims %range {axis = 1 : i32} : tensor<32xi32> -> tensor<32x1xi32>
    %cols = tile.expand_dims %range {axis = 0 : i32} : tensor<32xi32> -> tensor<1x32xi32>
    %c32 = arith.constant dense<32> : tensor<32x1xi32>
    %row_off = arith.muli %rows, %c32 : tensor<32x1xi32>
    %row_b = tile.broadcast %row_off : tensor<32x1xi32> -> tensor<32x32xi32>
    %col_b = tile.broadcast %cols : tensor<1x32xi32> -> tensor<32x32xi32>
    %off = arith.addi %row_b, %col_b : tensor<32x32xi32>
    %a_base = tile.splat %a_ptr : !tile.ptr<i8> -> tensor<32x32x!tile.ptr<i8>>
    %a_ptrs = tile.addptr %a_base, %off : tensor<32x32x!tile.ptr<i8>>, tensor<32x32xi32>
    %b_base = tile.splat %b_ptr : !tile.ptr<i8> -> tensor<32x32x!tile.ptr<i8>>
    %b_ptrs = tile.addptr %b_base, %off : tensor<32x32x!tile.ptr<i8>>, tensor<32x32xi32>
    %c_base = tile.splat %c_ptr : !tile.ptr<i32> -> tensor<32x32x!tile.ptr<i32>>
    %c_ptrs = tile.addptr %c_base, %off : tensor<32x32x!tile.ptr<i32>>, tensor<32x32xi32>
    %a = tile.load %a_ptrs : tensor<32x32x!tile.ptr<i8>>
    %b = tile.load %b_ptrs : tensor<32x32x!tile.ptr<i8>>
    %zero = arith.constant dense<0> : tensor<32x32xi32>
    %c = tile.dot %a, %b, %zero : tensor<32x32xi8> * tensor<32x32xi8> -> tensor<32x32xi32>
    tile.store %c_ptrs, %c : tensor<32x32x!tile.ptr<i32>>
    return
  }
  func.func @dot_f16acc(%a_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                      %b_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                      %c_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32}) {
    %range = tile.make_range {end = 32 : i32, start = 0 : i32} : tensor<32xi32>
    %rows = tile.expand_dims %range {axis = 1 : i32} : tensor<32xi32> -> tensor<32x1xi32>
    %cols = tile.expand_dims %range {axis = 0 : i32} : tensor<32xi32> -> tensor<1x32xi32>
    %c32 = arith.constant dense<32> : tensor<32x1xi32>
    %row_off = arith.muli %rows, %c32 : tensor<32x1xi32>
    %row_b = tile.broadcast %row_off : tensor<32x1xi32> -> tensor<32x32xi32>
    %col_b = tile.broadcast %cols : tensor<1x32xi32> -> tensor<32x32xi32>
    %off = arith.addi %row_b, %col_b : tensor<32x32xi32>
    %a_base = tile.splat %a_ptr : !tile.ptr<f16> -> tensor<32x32x!tile.ptr<f16>>
    %a_ptrs = tile.addptr %a_base, %off : tensor<32x32x!tile.ptr<f16>>, tensor<32x32xi32>
    %b_base = tile.splat %b_ptr : !tile.ptr<f16> -> tensor<32x32x!tile.ptr<f16>>
    %b_ptrs = tile.addptr %b_base, %off : tensor<32x32x!tile.ptr<f16>>, tensor<32x32xi32>
    %c_base = tile.splat %c_ptr : !tile.ptr<f16> -> tensor<32x32x!tile.ptr<f16>>
    %c_ptrs = tile.addptr %c_base, %off : tensor<32x32x!tile.ptr<f16>>, tensor<32x32xi32>
    %a = tile.load %a_ptrs : tensor<32x32x!tile.ptr<f16>>
    %b = tile.load %b_ptrs : tensor<32x32x!tile.ptr<f16>>
    %zero = arith.constant dense<0.0> : tensor<32x32xf16>
    %c = tile.dot %a, %b, %zero : tensor<32x32xf16> * tensor<32x32xf16> -> tensor<32x32xf16>
    tile.store %c_ptrs, %c : tensor<32x32x!tile.ptr<f16>>
    return
  }
}
