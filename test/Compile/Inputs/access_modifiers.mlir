// Cache modifiers, eviction priorities and ragged-edge vectors, lowered
// without tilegpu-coalesce so the layout keeps four elements per thread;
// test/Compile/ptxas.mlir assembles the PTX.
#b4 = #tilegpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  func.func @ragged(%x: !tile.ptr<f32> {tile.divisibility = 16 : i32}, %n: i32) {
    %range = tile.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32, #b4>
    %n_t = tile.splat %n : i32 -> tensor<128xi32, #b4>
    %mask = arith.cmpi slt, %range, %n_t : tensor<128xi32, #b4>
    %zero = arith.constant dense<0.0> : tensor<128xf32, #b4>
    %xb = tile.splat %x : !tile.ptr<f32> -> tensor<128x!tile.ptr<f32>, #b4>
    %xp = tile.addptr %xb, %range : tensor<128x!tile.ptr<f32>, #b4>, tensor<128xi32, #b4>
    %v = tile.load %xp, %mask, %zero cacheModifier = cg evictionPolicy = evict_last : tensor<128x!tile.ptr<f32>, #b4>
    %w = tile.load %xp, %mask, %zero evictionPolicy = evict_first : tensor<128x!tile.ptr<f32>, #b4>
    %s = arith.addf %v, %w : tensor<128xf32, #b4>
    tile.store %xp, %s, %mask cacheModifier = cs : tensor<128x!tile.ptr<f32>, #b4>
    tile.store %xp, %s, %mask cacheModifier = wt : tensor<128x!tile.ptr<f32>, #b4>
    return
  }
}
