// GELU activation, elementwise over n values (any n), one block of 1024
// elements per program instance; the mask guards the ragged tail.
//   tanh form: y = 0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))
//   erf form:  y = 0.5 * x * (1 + erf(x / sqrt(2)))
// The fp16 kernels widen to fp32 for the math and round once on the store.
//
// Dtypes: @gelu_tanh_f32, @gelu_tanh_f16, @gelu_erf_f32, @gelu_erf_f16.
// Launch: grid = (ceil(n / 1024), 1, 1).
module {
  func.func @gelu_tanh_f32(%x_ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                           %y_ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                           %n: i32) {
    %c1024 = arith.constant 1024 : i32
    %one = arith.constant dense<1.0> : tensor<1024xf32>
    %half = arith.constant dense<0.5> : tensor<1024xf32>
    %coeff = arith.constant dense<0.044715> : tensor<1024xf32>
    %sqrt_2_over_pi = arith.constant dense<0.797884583> : tensor<1024xf32>
    %pid = tile.program_id x : i32
    %start = arith.muli %pid, %c1024 : i32
    %range = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %start_t = tile.splat %start : i32 -> tensor<1024xi32>
    %offsets = arith.addi %start_t, %range : tensor<1024xi32>
    %n_t = tile.splat %n : i32 -> tensor<1024xi32>
    %mask = arith.cmpi slt, %offsets, %n_t : tensor<1024xi32>
    %x_base = tile.splat %x_ptr : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
    %x_ptrs = tile.addptr %x_base, %offsets : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
    %x = tile.load %x_ptrs, %mask : tensor<1024x!tile.ptr<f32>>
    // inner = sqrt(2 / pi) * (x + 0.044715 * x^3)
    %x2 = arith.mulf %x, %x : tensor<1024xf32>
    %x3 = arith.mulf %x2, %x : tensor<1024xf32>
    %cubic = arith.mulf %x3, %coeff : tensor<1024xf32>
    %poly = arith.addf %x, %cubic : tensor<1024xf32>
    %inner = arith.mulf %poly, %sqrt_2_over_pi : tensor<1024xf32>
    %t = math.tanh %inner : tensor<1024xf32>
    %one_plus_t = arith.addf %one, %t : tensor<1024xf32>
    %half_x = arith.mulf %x, %half : tensor<1024xf32>
    %y = arith.mulf %half_x, %one_plus_t : tensor<1024xf32>
    %y_base = tile.splat %y_ptr : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
    %y_ptrs = tile.addptr %y_base, %offsets : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
    tile.store %y_ptrs, %y, %mask : tensor<1024x!tile.ptr<f32>>
    return
  }

  func.func @gelu_tanh_f16(%x_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                           %y_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                           %n: i32) {
    %c1024 = arith.constant 1024 : i32
    %one = arith.constant dense<1.0> : tensor<1024xf32>
    %half = arith.constant dense<0.5> : tensor<1024xf32>
    %coeff = arith.constant dense<0.044715> : tensor<1024xf32>
    %sqrt_2_over_pi = arith.constant dense<0.797884583> : tensor<1024xf32>
    %pid = tile.program_id x : i32
    %start = arith.muli %pid, %c1024 : i32
    %range = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %start_t = tile.splat %start : i32 -> tensor<1024xi32>
    %offsets = arith.addi %start_t, %range : tensor<1024xi32>
    %n_t = tile.splat %n : i32 -> tensor<1024xi32>
    %mask = arith.cmpi slt, %offsets, %n_t : tensor<1024xi32>
    %x_base = tile.splat %x_ptr : !tile.ptr<f16> -> tensor<1024x!tile.ptr<f16>>
    %x_ptrs = tile.addptr %x_base, %offsets : tensor<1024x!tile.ptr<f16>>, tensor<1024xi32>
    %x_in = tile.load %x_ptrs, %mask : tensor<1024x!tile.ptr<f16>>
    %x = arith.extf %x_in : tensor<1024xf16> to tensor<1024xf32>
    // inner = sqrt(2 / pi) * (x + 0.044715 * x^3)
    %x2 = arith.mulf %x, %x : tensor<1024xf32>
    %x3 = arith.mulf %x2, %x : tensor<1024xf32>
    %cubic = arith.mulf %x3, %coeff : tensor<1024xf32>
    %poly = arith.addf %x, %cubic : tensor<1024xf32>
    %inner = arith.mulf %poly, %sqrt_2_over_pi : tensor<1024xf32>
    %t = math.tanh %inner : tensor<1024xf32>
    %one_plus_t = arith.addf %one, %t : tensor<1024xf32>
    %half_x = arith.mulf %x, %half : tensor<1024xf32>
    %y32 = arith.mulf %half_x, %one_plus_t : tensor<1024xf32>
    %y = arith.truncf %y32 : tensor<1024xf32> to tensor<1024xf16>
    %y_base = tile.splat %y_ptr : !tile.ptr<f16> -> tensor<1024x!tile.ptr<f16>>
    %y_ptrs = tile.addptr %y_base, %offsets : tensor<1024x!tile.ptr<f16>>, tensor<1024xi32>
    tile.store %y_ptrs, %y, %mask : tensor<1024x!tile.ptr<f16>>
    return
  }

  func.func @gelu_erf_f32(%x_ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                          %y_ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                          %n: i32) {
    %c1024 = arith.constant 1024 : i32
    %one = arith.constant dense<1.0> : tensor<1024xf32>
    %half = arith.constant dense<0.5> : tensor<1024xf32>
    %rsqrt2 = arith.constant dense<0.707106769> : tensor<1024xf32>
    %pid = tile.program_id x : i32
    %start = arith.muli %pid, %c1024 : i32
    %range = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %start_t = tile.splat %start : i32 -> tensor<1024xi32>
    %offsets = arith.addi %start_t, %range : tensor<1024xi32>
    %n_t = tile.splat %n : i32 -> tensor<1024xi32>
    %mask = arith.cmpi slt, %offsets, %n_t : tensor<1024xi32>
    %x_base = tile.splat %x_ptr : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
    %x_ptrs = tile.addptr %x_base, %offsets : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
    %x = tile.load %x_ptrs, %mask : tensor<1024x!tile.ptr<f32>>
    %scaled_x = arith.mulf %x, %rsqrt2 : tensor<1024xf32>
    %t = math.erf %scaled_x : tensor<1024xf32>
    %one_plus_t = arith.addf %one, %t : tensor<1024xf32>
    %half_x = arith.mulf %x, %half : tensor<1024xf32>
    %y = arith.mulf %half_x, %one_plus_t : tensor<1024xf32>
    %y_base = tile.splat %y_ptr : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
    %y_ptrs = tile.addptr %y_base, %offsets : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
    tile.store %y_ptrs, %y, %mask : tensor<1024x!tile.ptr<f32>>
    return
  }

  func.func @gelu_erf_f16(%x_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                          %y_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                          %n: i32) {
    %c1024 = arith.constant 1024 : i32
    %one = arith.constant dense<1.0> : tensor<1024xf32>
    %half = arith.constant dense<0.5> : tensor<1024xf32>
    %rsqrt2 = arith.constant dense<0.707106769> : tensor<1024xf32>
    %pid = tile.program_id x : i32
    %start = arith.muli %pid, %c1024 : i32
    %range = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %start_t = tile.splat %start : i32 -> tensor<1024xi32>
    %offsets = arith.addi %start_t, %range : tensor<1024xi32>
    %n_t = tile.splat %n : i32 -> tensor<1024xi32>
    %mask = arith.cmpi slt, %offsets, %n_t : tensor<1024xi32>
    %x_base = tile.splat %x_ptr : !tile.ptr<f16> -> tensor<1024x!tile.ptr<f16>>
    %x_ptrs = tile.addptr %x_base, %offsets : tensor<1024x!tile.ptr<f16>>, tensor<1024xi32>
    %x_in = tile.load %x_ptrs, %mask : tensor<1024x!tile.ptr<f16>>
    %x = arith.extf %x_in : tensor<1024xf16> to tensor<1024xf32>
    %scaled_x = arith.mulf %x, %rsqrt2 : tensor<1024xf32>
    %t = math.erf %scaled_x : tensor<1024xf32>
    %one_plus_t = arith.addf %one, %t : tensor<1024xf32>
    %half_x = arith.mulf %x, %half : tensor<1024xf32>
    %y32 = arith.mulf %half_x, %one_plus_t : tensor<1024xf32>
    %y = arith.truncf %y32 : tensor<1024xf32> to tensor<1024xf16>
    %y_base = tile.splat %y_ptr : !tile.ptr<f16> -> tensor<1024x!tile.ptr<f16>>
    %y_ptrs = tile.addptr %y_base, %offsets : tensor<1024x!tile.ptr<f16>>, tensor<1024xi32>
    tile.store %y_ptrs, %y, %mask : tensor<1024x!tile.ptr<f16>>
    return
  }
}
