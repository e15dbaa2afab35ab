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
  func.func @scalar_atomic_result(%p: !tile.ptr<i32>) {
    %c1 = arith.constant 1 : i32
    // expected-error @+1 {{convert-tilegpu-to-llvm: the old value of a scalar atomic would have to be broadcast from the one thread that updates it; not lowered yet}}
    %old = tile.atomic_rmw add, relaxed, gpu, %p, %c1 : i32
    tile.store %p, %old : !tile.ptr<i32>
    return
  }
}

// -----

// A tile op without a lowering is reported even when only scalars are
// involved, instead of failing later in the LLVM IR translation.

module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  func.func @block_pointer(%a: !tile.ptr<f16>, %m: i64, %row: i32) {
    // expected-error @+1 {{convert-tilegpu-to-llvm: 'tile.make_tensor_ptr' is not lowered yet}}
    %blk = tile.make_tensor_ptr %a, [%m], [%m], [%row] {order = array<i32: 0>} : !tile.ptr<tensor<64xf16>>
    return
  }
}
