// RUN: tile-opt %s -split-input-file -convert-tilegpu-to-llvm -verify-diagnostics

module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  func.func @no_layout(%p: !tile.ptr<f32>) {
    // expected-error @+1 {{convert-tilegpu-to-llvm: tensor<64xi32> has no layout; run convert-tile-to-tilegpu first}}
    %range = tile.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    return
  }
}

// -----

#b1 = #tilegpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // expected-error @+1 {{convert-tilegpu-to-llvm: kernel argument #0 is a tensor (tensor<128xf32, #tilegpu.blocked}}
  func.func @tensor_argument(%t: tensor<128xf32, #b1>) {
    return
  }
}

// -----

module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // expected-error @+1 {{convert-tilegpu-to-llvm: only kernels (public functions) are lowered; inline private functions first (-inline)}}
  func.func private @helper(%x: f32) -> f32 {
    return %x : f32
  }
}

// -----

module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // expected-error @+1 {{convert-tilegpu-to-llvm: a kernel returns nothing; store results through pointer arguments}}
  func.func @returns(%x: f32) -> f32 {
    return %x : f32
  }
}

// -----

module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  func.func @bf16_atomic_add_before_hopper(%p: !tile.ptr<bf16>) {
    %one = arith.constant 1.0 : bf16
    // expected-error @+1 {{convert-tilegpu-to-llvm: atomic fadd on bf16 needs cuda:90 or newer (atom.add.noftz.bf16), and the module targets cuda:80; use 32-bit values instead}}
    %old = tile.atomic_rmw fadd, relaxed, gpu, %p, %one : bf16
    return
  }
}

// -----

module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:60"} {
  func.func @half_compare_and_swap_before_volta(%p: !tile.ptr<i16>) {
    %zero = arith.constant 0 : i16
    // expected-error @+1 {{convert-tilegpu-to-llvm: 16-bit compare-and-swap needs cuda:70 or newer (atom.cas.b16), and the module targets cuda:60; use 32-bit values instead}}
    %old = tile.atomic_cas relaxed, gpu, %p, %zero, %zero : i16
    return
  }
}

// -----

// A block pointer reaching the lowering says which pass rewrites it.

module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  func.func @block_pointer(%a: !tile.ptr<f16>, %m: i64, %row: i32) {
    // expected-error @+1 {{convert-tilegpu-to-llvm: block pointers are rewritten into tensors of pointers by -tile-rewrite-block-pointers, which runs before convert-tile-to-tilegpu; run it first}}
    %blk = tile.make_tensor_ptr %a, [%m], [%m], [%row] {order = array<i32: 0>} : !tile.ptr<tensor<64xf16>>
    return
  }
}
