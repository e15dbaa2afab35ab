// RUN: tile-opt %s -split-input-file -verify-diagnostics -convert-tilegpu-to-llvm | FileCheck %s --enable-var-scope

// fp8 tensors (f8E4M3FN, f8E5M2) are held as their i8 bits (types.c):
// loads, stores, constants and selects move bytes, so no f8 type reaches
// LLVM, which has none to load or keep in a register.

#b4 = #tilegpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // The table of @table_e5m2's constant (globals come first).
  // CHECK: llvm.mlir.global internal constant @__tile_constant_{{[0-9]+}}(dense<[60, -64, 56, 0]> : tensor<4xi8>) {addr_space = 1 : i32} : !llvm.array<4 x i8>

  // A masked copy with a splat `other`: four bytes per thread in one
  // 32-bit access, the fill value as its bits (1.0 in e4m3 is 0x38 = 56).
  // CHECK-LABEL: llvm.func @copy_e4m3
  // CHECK-NOT: f8E4M3FN
  // CHECK: llvm.mlir.constant(56 : i8) : i8
  // CHECK: ld.global.b32
  // CHECK: llvm.insertvalue %{{.*}} : !llvm.struct<(i8, i8, i8, i8)>
  // CHECK: st.global.b32
  // CHECK-NOT: f8E4M3FN
  // CHECK: llvm.return
  func.func @copy_e4m3(%src: !tile.ptr<f8E4M3FN> {tile.divisibility = 16 : i32},
                       %dst: !tile.ptr<f8E4M3FN> {tile.divisibility = 16 : i32}, %n: i32) {
    %r = tile.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32, #b4>
    %nt = tile.splat %n : i32 -> tensor<128xi32, #b4>
    %mask = arith.cmpi slt, %r, %nt : tensor<128xi32, #b4>
    %one = arith.constant dense<1.0> : tensor<128xf8E4M3FN, #b4>
    %sb = tile.splat %src : !tile.ptr<f8E4M3FN> -> tensor<128x!tile.ptr<f8E4M3FN>, #b4>
    %sp = tile.addptr %sb, %r : tensor<128x!tile.ptr<f8E4M3FN>, #b4>, tensor<128xi32, #b4>
    %x = tile.load %sp, %mask, %one : tensor<128x!tile.ptr<f8E4M3FN>, #b4>
    %db = tile.splat %dst : !tile.ptr<f8E4M3FN> -> tensor<128x!tile.ptr<f8E4M3FN>, #b4>
    %dp = tile.addptr %db, %r : tensor<128x!tile.ptr<f8E4M3FN>, #b4>, tensor<128xi32, #b4>
    tile.store %dp, %x, %mask : tensor<128x!tile.ptr<f8E4M3FN>, #b4>
    return
  }

  // A non-splat constant is a table of bytes: e5m2 1.0 = 0x3C, -2.0 = 0xC0,
  // 0.5 = 0x38, 0 = 0x00. A select between fp8 tensors selects bytes.
  // CHECK-LABEL: llvm.func @table_e5m2
  // CHECK: llvm.load %{{.*}} : !llvm.ptr<1> -> i8
  // CHECK: arith.select %{{.*}}, %{{.*}}, %{{.*}} : i8
  // CHECK-NOT: f8E5M2
  // CHECK: llvm.return
  func.func @table_e5m2(%dst: !tile.ptr<f8E5M2> {tile.divisibility = 16 : i32}, %flag: i1) {
    %r = tile.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32, #b4>
    %small = tile.make_range {end = 4 : i32, start = 0 : i32} : tensor<4xi32, #b4>
    %table = arith.constant dense<[1.0, -2.0, 0.5, 0.0]> : tensor<4xf8E5M2, #b4>
    %zero = arith.constant dense<0.0> : tensor<4xf8E5M2, #b4>
    %chosen = arith.select %flag, %table, %zero : tensor<4xf8E5M2, #b4>
    %db = tile.splat %dst : !tile.ptr<f8E5M2> -> tensor<4x!tile.ptr<f8E5M2>, #b4>
    %dp = tile.addptr %db, %small : tensor<4x!tile.ptr<f8E5M2>, #b4>, tensor<4xi32, #b4>
    tile.store %dp, %chosen : tensor<4x!tile.ptr<f8E5M2>, #b4>
    return
  }
}

// -----

// fp8 has no arithmetic: say so, and how to widen.

#b1 = #tilegpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:90a"} {
  func.func @add_e4m3(%src: !tile.ptr<f8E4M3FN>) {
    %r = tile.make_range {end = 32 : i32, start = 0 : i32} : tensor<32xi32, #b1>
    %sb = tile.splat %src : !tile.ptr<f8E4M3FN> -> tensor<32x!tile.ptr<f8E4M3FN>, #b1>
    %sp = tile.addptr %sb, %r : tensor<32x!tile.ptr<f8E4M3FN>, #b1>, tensor<32xi32, #b1>
    %x = tile.load %sp : tensor<32x!tile.ptr<f8E4M3FN>, #b1>
    // expected-error @below {{'arith.addf' on f8E4M3FN values is not lowered: fp8 elements are held as bits; widen them with tile.fp_to_fp to f16 or f32 first}}
    %y = arith.addf %x, %x : tensor<32xf8E4M3FN, #b1>
    tile.store %sp, %y : tensor<32x!tile.ptr<f8E4M3FN>, #b1>
    return
  }
}
