// A hinted masked load with `other`, in tilegpu form: 4 contiguous f32 per
// thread, n divisible by 16 and the offsets a range from a multiple of 1024,
// so `offsets < n` is constant over every 16 elements and each 128-bit vector
// needs one mask bit: one setp per vector, used by the vector's load and by
// the selects that fill masked-off elements with `other`.
#blocked = #tilegpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  func.func @masked_copy(%x: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                         %z: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                         %n: i32 {tile.divisibility = 16 : i32}) {
    %c1024 = arith.constant 1024 : i32
    %pid = tile.program_id x : i32
    %start = arith.muli %pid, %c1024 : i32
    %range = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32, #blocked>
    %start_t = tile.splat %start : i32 -> tensor<1024xi32, #blocked>
    %offsets = arith.addi %start_t, %range : tensor<1024xi32, #blocked>
    %n_t = tile.splat %n : i32 -> tensor<1024xi32, #blocked>
    %mask = arith.cmpi slt, %offsets, %n_t : tensor<1024xi32, #blocked>
    %x_base = tile.splat %x : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>, #blocked>
    %x_ptrs = tile.addptr %x_base, %offsets : tensor<1024x!tile.ptr<f32>, #blocked>, tensor<1024xi32, #blocked>
    %neg_inf = arith.constant dense<0xFF800000> : tensor<1024xf32, #blocked>
    %xv = tile.load %x_ptrs, %mask, %neg_inf : tensor<1024x!tile.ptr<f32>, #blocked>
    %z_base = tile.splat %z : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>, #blocked>
    %z_ptrs = tile.addptr %z_base, %offsets : tensor<1024x!tile.ptr<f32>, #blocked>, tensor<1024xi32, #blocked>
    tile.store %z_ptrs, %xv, %mask : tensor<1024x!tile.ptr<f32>, #blocked>
    return
  }
}
