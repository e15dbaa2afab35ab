// RMSNorm forward: y = x / sqrt(mean(x^2) + eps) * w, one program instance
// per row of n_cols <= 1024 values (any count, not only powers of two). Input,
// weight and output are half precision; the sum of squares, the scaling and
// the multiply by w are fp32, rounded once on the store. Input and output rows
// are row_stride elements apart.
//
// Dtypes: @rms_norm_f16 (fp16), @rms_norm_bf16 (bf16); eps is fp32.
// Launch: grid = (n_rows, 1, 1).
module {
  func.func @rms_norm_f16(%x_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                          %y_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                          %w_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                          %row_stride: i32, %n_cols: i32, %eps: f32) {
    %row = tile.program_id x : i32
    %cols = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %n_t = tile.splat %n_cols : i32 -> tensor<1024xi32>
    %mask = arith.cmpi slt, %cols, %n_t : tensor<1024xi32>
    // Padding columns read zero, so they add nothing to the sum of squares.
    %zero = arith.constant dense<0.0> : tensor<1024xf16>

    %row_offset = arith.muli %row, %row_stride : i32
    %x_row = tile.addptr %x_ptr, %row_offset : !tile.ptr<f16>, i32
    %x_base = tile.splat %x_row : !tile.ptr<f16> -> tensor<1024x!tile.ptr<f16>>
    %x_ptrs = tile.addptr %x_base, %cols : tensor<1024x!tile.ptr<f16>>, tensor<1024xi32>
    %x_in = tile.load %x_ptrs, %mask, %zero : tensor<1024x!tile.ptr<f16>>
    %x = arith.extf %x_in : tensor<1024xf16> to tensor<1024xf32>

    %sq = arith.mulf %x, %x : tensor<1024xf32>
    %sq_sum = tile.reduce(%sq) axis = 0 : (tensor<1024xf32>) -> f32 {
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      tile.reduce.return %s : f32
    }
    %n_f = arith.sitofp %n_cols : i32 to f32
    %mean_sq = arith.divf %sq_sum, %n_f : f32
    %mean_sq_eps = arith.addf %mean_sq, %eps : f32
    %rstd = math.rsqrt %mean_sq_eps : f32

    %w_base = tile.splat %w_ptr : !tile.ptr<f16> -> tensor<1024x!tile.ptr<f16>>
    %w_ptrs = tile.addptr %w_base, %cols : tensor<1024x!tile.ptr<f16>>, tensor<1024xi32>
    %w_in = tile.load %w_ptrs, %mask : tensor<1024x!tile.ptr<f16>>
    %w = arith.extf %w_in : tensor<1024xf16> to tensor<1024xf32>

    %rstd_t = tile.splat %rstd : f32 -> tensor<1024xf32>
    %normed = arith.mulf %x, %rstd_t : tensor<1024xf32>
    %scaled = arith.mulf %normed, %w : tensor<1024xf32>
    %y = arith.truncf %scaled : tensor<1024xf32> to tensor<1024xf16>
    %y_row = tile.addptr %y_ptr, %row_offset : !tile.ptr<f16>, i32
    %y_base = tile.splat %y_row : !tile.ptr<f16> -> tensor<1024x!tile.ptr<f16>>
    %y_ptrs = tile.addptr %y_base, %cols : tensor<1024x!tile.ptr<f16>>, tensor<1024xi32>
    tile.store %y_ptrs, %y, %mask : tensor<1024x!tile.ptr<f16>>
    return
  }

  func.func @rms_norm_bf16(%x_ptr: !tile.ptr<bf16> {tile.divisibility = 16 : i32},
                           %y_ptr: !tile.ptr<bf16> {tile.divisibility = 16 : i32},
                           %w_ptr: !tile.ptr<bf16> {tile.divisibility = 16 : i32},
                           %row_stride: i32, %n_cols: i32, %eps: f32) {
    %row = tile.program_id x : i32
    %cols = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %n_t = tile.splat %n_cols : i32 -> tensor<1024xi32>
    %mask = arith.cmpi slt, %cols, %n_t : tensor<1024xi32>
    // Padding columns read zero, so they add nothing to the sum of squares.
    %zero = arith.constant dense<0.0> : tensor<1024xbf16>

    %row_offset = arith.muli %row, %row_stride : i32
    %x_row = tile.addptr %x_ptr, %row_offset : !tile.ptr<bf16>, i32
    %x_base = tile.splat %x_row : !tile.ptr<bf16> -> tensor<1024x!tile.ptr<bf16>>
    %x_ptrs = tile.addptr %x_base, %cols : tensor<1024x!tile.ptr<bf16>>, tensor<1024xi32>
    %x_in = tile.load %x_ptrs, %mask, %zero : tensor<1024x!tile.ptr<bf16>>
    %x = arith.extf %x_in : tensor<1024xbf16> to tensor<1024xf32>

    %sq = arith.mulf %x, %x : tensor<1024xf32>
    %sq_sum = tile.reduce(%sq) axis = 0 : (tensor<1024xf32>) -> f32 {
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      tile.reduce.return %s : f32
    }
    %n_f = arith.sitofp %n_cols : i32 to f32
    %mean_sq = arith.divf %sq_sum, %n_f : f32
    %mean_sq_eps = arith.addf %mean_sq, %eps : f32
    %rstd = math.rsqrt %mean_sq_eps : f32

    %w_base = tile.splat %w_ptr : !tile.ptr<bf16> -> tensor<1024x!tile.ptr<bf16>>
    %w_ptrs = tile.addptr %w_base, %cols : tensor<1024x!tile.ptr<bf16>>, tensor<1024xi32>
    %w_in = tile.load %w_ptrs, %mask : tensor<1024x!tile.ptr<bf16>>
    %w = arith.extf %w_in : tensor<1024xbf16> to tensor<1024xf32>

    %rstd_t = tile.splat %rstd : f32 -> tensor<1024xf32>
    %normed = arith.mulf %x, %rstd_t : tensor<1024xf32>
    %scaled = arith.mulf %normed, %w : tensor<1024xf32>
    %y = arith.truncf %scaled : tensor<1024xf32> to tensor<1024xbf16>
    %y_row = tile.addptr %y_ptr, %row_offset : !tile.ptr<bf16>, i32
    %y_base = tile.splat %y_row : !tile.ptr<bf16> -> tensor<1024x!tile.ptr<bf16>>
    %y_ptrs = tile.addptr %y_base, %cols : tensor<1024x!tile.ptr<bf16>>, tensor<1024xi32>
    tile.store %y_ptrs, %y, %mask : tensor<1024x!tile.ptr<bf16>>
    return
  }
}
