// tile.print and tile.assert on the GPU (test/gpu/gpu_debug_test.c checks
// what the device prints).
//
// debug_print: program instance p loads the 16 int32 values x[16p + i] and
// prints each of them twice, as a signed integer and, halved, as a float
// (vprintf reads it widened to double); thread 0 prints n once. 16
// elements on 128 threads: the threads that hold copies stay silent, so
// every element prints exactly once.
//   Launch: grid = (n / 16, 1, 1), n a multiple of 16.
//
// debug_assert: program instance p checks x[i] < limit for the elements
// i in [128p, 128p + 128) below n (masked-off elements load 0 and pass
// for a positive limit); a thread holding a failing element stops the
// kernel with "x must be below the limit", this file and the line of the
// tile.assert.
//   Launch: grid = (ceil(n / 128), 1, 1).
module {
  func.func @debug_print(%x: !tile.ptr<i32>, %n: i32) {
    %c16 = arith.constant 16 : i32
    %pid = tile.program_id x : i32
    %start = arith.muli %pid, %c16 : i32
    %range = tile.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %start_t = tile.splat %start : i32 -> tensor<16xi32>
    %offsets = arith.addi %start_t, %range : tensor<16xi32>
    %base = tile.splat %x : !tile.ptr<i32> -> tensor<16x!tile.ptr<i32>>
    %ptrs = tile.addptr %base, %offsets : tensor<16x!tile.ptr<i32>>, tensor<16xi32>
    %values = tile.load %ptrs : tensor<16x!tile.ptr<i32>>
    tile.print " x=" {hex = false, isSigned = array<i32: 1>} : %values : tensor<16xi32>
    %floats = arith.sitofp %values : tensor<16xi32> to tensor<16xf32>
    %half = arith.constant dense<0.5> : tensor<16xf32>
    %halved = arith.mulf %floats, %half : tensor<16xf32>
    tile.print " x/2=" {hex = false, isSigned = array<i32: 0>} : %halved : tensor<16xf32>
    tile.print " n=" {hex = false, isSigned = array<i32: 1>} : %n : i32
    return
  }

  func.func @debug_assert(%x: !tile.ptr<i32>, %n: i32, %limit: i32) {
    %c128 = arith.constant 128 : i32
    %pid = tile.program_id x : i32
    %start = arith.muli %pid, %c128 : i32
    %range = tile.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32>
    %start_t = tile.splat %start : i32 -> tensor<128xi32>
    %offsets = arith.addi %start_t, %range : tensor<128xi32>
    %n_t = tile.splat %n : i32 -> tensor<128xi32>
    %mask = arith.cmpi slt, %offsets, %n_t : tensor<128xi32>
    %base = tile.splat %x : !tile.ptr<i32> -> tensor<128x!tile.ptr<i32>>
    %ptrs = tile.addptr %base, %offsets : tensor<128x!tile.ptr<i32>>, tensor<128xi32>
    %zero = arith.constant dense<0> : tensor<128xi32>
    %values = tile.load %ptrs, %mask, %zero : tensor<128x!tile.ptr<i32>>
    %limit_t = tile.splat %limit : i32 -> tensor<128xi32>
    %below = arith.cmpi slt, %values, %limit_t : tensor<128xi32>
    tile.assert %below, "x must be below the limit" : tensor<128xi1>
    return
  }
}
