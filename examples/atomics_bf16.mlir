// out[i % bins] += x[i] in bf16 (atom.add.noftz.bf16, which needs cuda:90:
// the GPU suite compiles this example for sm_90a only), checked by
// test/gpu/gpu_misc_test.c.
// Launch: grid = (ceil(n / 1024), 1, 1).
module {
  func.func @atomic_fadd_bf16(%x_ptr: !tile.ptr<bf16> {tile.divisibility = 16 : i32},
                              %out_ptr: !tile.ptr<bf16> {tile.divisibility = 16 : i32},
                              %n: i32, %bins: i32) {
    %c1024 = arith.constant 1024 : i32
    %pid = tile.program_id x : i32
    %start = arith.muli %pid, %c1024 : i32
    %range = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %start_t = tile.splat %start : i32 -> tensor<1024xi32>
    %offsets = arith.addi %start_t, %range : tensor<1024xi32>
    %n_t = tile.splat %n : i32 -> tensor<1024xi32>
    %mask = arith.cmpi slt, %offsets, %n_t : tensor<1024xi32>
    %x_base = tile.splat %x_ptr : !tile.ptr<bf16> -> tensor<1024x!tile.ptr<bf16>>
    %x_ptrs = tile.addptr %x_base, %offsets : tensor<1024x!tile.ptr<bf16>>, tensor<1024xi32>
    %x = tile.load %x_ptrs, %mask : tensor<1024x!tile.ptr<bf16>>
    %bins_t = tile.splat %bins : i32 -> tensor<1024xi32>
    %bin = arith.remsi %offsets, %bins_t : tensor<1024xi32>
    %out_base = tile.splat %out_ptr : !tile.ptr<bf16> -> tensor<1024x!tile.ptr<bf16>>
    %out_ptrs = tile.addptr %out_base, %bin : tensor<1024x!tile.ptr<bf16>>, tensor<1024xi32>
    %old = tile.atomic_rmw fadd, relaxed, gpu, %out_ptrs, %x, %mask : tensor<1024xbf16>
    return
  }
}
