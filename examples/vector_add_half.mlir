// Vector add in half precision: z[i] = x[i] + y[i] for i < n, one block of
// 1024 elements per program instance. The sum is computed in the element
// type itself (one rounding, as `x + y` does in Triton), so the fp16 kernel
// uses `add.f16` and the bf16 one `add.bf16` (or its sm_80 emulation). The
// mask guards the ragged tail when n is not a multiple of the block.
//
// Dtypes: @add_kernel_f16 (fp16), @add_kernel_bf16 (bf16).
// Launch: grid = (ceil(n / 1024), 1, 1).
module {
  func.func @add_kernel_f16(%x: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                            %y: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                            %z: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                            %n: i32) {
    %c1024 = arith.constant 1024 : i32
    %pid = tile.program_id x : i32
    %start = arith.muli %pid, %c1024 : i32
    %range = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %start_t = tile.splat %start : i32 -> tensor<1024xi32>
    %offsets = arith.addi %start_t, %range : tensor<1024xi32>
    %n_t = tile.splat %n : i32 -> tensor<1024xi32>
    %mask = arith.cmpi slt, %offsets, %n_t : tensor<1024xi32>
    %x_base = tile.splat %x : !tile.ptr<f16> -> tensor<1024x!tile.ptr<f16>>
    %x_ptrs = tile.addptr %x_base, %offsets : tensor<1024x!tile.ptr<f16>>, tensor<1024xi32>
    %y_base = tile.splat %y : !tile.ptr<f16> -> tensor<1024x!tile.ptr<f16>>
    %y_ptrs = tile.addptr %y_base, %offsets : tensor<1024x!tile.ptr<f16>>, tensor<1024xi32>
    %xv = tile.load %x_ptrs, %mask : tensor<1024x!tile.ptr<f16>>
    %yv = tile.load %y_ptrs, %mask : tensor<1024x!tile.ptr<f16>>
    %sum = arith.addf %xv, %yv : tensor<1024xf16>
    %z_base = tile.splat %z : !tile.ptr<f16> -> tensor<1024x!tile.ptr<f16>>
    %z_ptrs = tile.addptr %z_base, %offsets : tensor<1024x!tile.ptr<f16>>, tensor<1024xi32>
    tile.store %z_ptrs, %sum, %mask : tensor<1024x!tile.ptr<f16>>
    return
  }

  func.func @add_kernel_bf16(%x: !tile.ptr<bf16> {tile.divisibility = 16 : i32},
                             %y: !tile.ptr<bf16> {tile.divisibility = 16 : i32},
                             %z: !tile.ptr<bf16> {tile.divisibility = 16 : i32},
                             %n: i32) {
    %c1024 = arith.constant 1024 : i32
    %pid = tile.program_id x : i32
    %start = arith.muli %pid, %c1024 : i32
    %range = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %start_t = tile.splat %start : i32 -> tensor<1024xi32>
    %offsets = arith.addi %start_t, %range : tensor<1024xi32>
    %n_t = tile.splat %n : i32 -> tensor<1024xi32>
    %mask = arith.cmpi slt, %offsets, %n_t : tensor<1024xi32>
    %x_base = tile.splat %x : !tile.ptr<bf16> -> tensor<1024x!tile.ptr<bf16>>
    %x_ptrs = tile.addptr %x_base, %offsets : tensor<1024x!tile.ptr<bf16>>, tensor<1024xi32>
    %y_base = tile.splat %y : !tile.ptr<bf16> -> tensor<1024x!tile.ptr<bf16>>
    %y_ptrs = tile.addptr %y_base, %offsets : tensor<1024x!tile.ptr<bf16>>, tensor<1024xi32>
    %xv = tile.load %x_ptrs, %mask : tensor<1024x!tile.ptr<bf16>>
    %yv = tile.load %y_ptrs, %mask : tensor<1024x!tile.ptr<bf16>>
    %sum = arith.addf %xv, %yv : tensor<1024xbf16>
    %z_base = tile.splat %z : !tile.ptr<bf16> -> tensor<1024x!tile.ptr<bf16>>
    %z_ptrs = tile.addptr %z_base, %offsets : tensor<1024x!tile.ptr<bf16>>, tensor<1024xi32>
    tile.store %z_ptrs, %sum, %mask : tensor<1024x!tile.ptr<bf16>>
    return
  }
}
