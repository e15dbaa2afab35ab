// Copy as Triton's JIT specializes it for n % 16 == 0: bench/kernels/copy.mlir
// with n hinted divisible by 16 (128-bit loads and stores). Only for n a
// multiple of 16 and 16-byte-aligned x, z (bench_memory.py checks).
//
// Launch: grid = (ceil(n / 1024), 1, 1).
module {
  func.func @copy_kernel(%x: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                         %z: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                         %n: i32 {tile.divisibility = 16 : i32}) {
    %c1024 = arith.constant 1024 : i32
    %pid = tile.program_id x : i32
    %start = arith.muli %pid, %c1024 : i32
    %range = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %start_t = tile.splat %start : i32 -> tensor<1024xi32>
    %offsets = arith.addi %start_t, %range : tensor<1024xi32>
    %n_t = tile.splat %n : i32 -> tensor<1024xi32>
    %mask = arith.cmpi slt, %offsets, %n_t : tensor<1024xi32>
    %x_base = tile.splat %x : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
    %x_ptrs = tile.addptr %x_base, %offsets : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
    %xv = tile.load %x_ptrs, %mask : tensor<1024x!tile.ptr<f32>>
    %z_base = tile.splat %z : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
    %z_ptrs = tile.addptr %z_base, %offsets : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
    tile.store %z_ptrs, %xv, %mask : tensor<1024x!tile.ptr<f32>>
    return
  }
}
