// Layer norm forward, fp16 in and out, fp32 math, as Triton's JIT
// specializes 05-layer-norm's forward for rows of n_cols <= 2048: one program
// instance per row, BLOCK = 2048, the whole row in registers (one pass over x
// instead of the tutorial's three loops, which run once each at this size).
// y = (x - mean) / sqrt(var + eps) * w + b; writes the row's mean and
// reciprocal standard deviation (fp32). Row stride and n_cols hinted
// divisible by 16 (128-bit accesses); the mask stays. Only for n_cols and
// the row stride multiples of 16 and 16-byte-aligned bases
// (bench_memory.py checks).
//
// Launch: grid = (n_rows, 1, 1).
module {
  func.func @layer_norm_fwd(%x_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                            %y_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                            %w_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                            %b_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                            %mean_ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                            %rstd_ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                            %row_stride: i32 {tile.divisibility = 16 : i32},
                            %n_cols: i32 {tile.divisibility = 16 : i32}, %eps: f32) {
    %row = tile.program_id x : i32
    %cols = tile.make_range {end = 2048 : i32, start = 0 : i32} : tensor<2048xi32>
    %n_t = tile.splat %n_cols : i32 -> tensor<2048xi32>
    %mask = arith.cmpi slt, %cols, %n_t : tensor<2048xi32>
    %zero_h = arith.constant dense<0.0> : tensor<2048xf16>
    %zero = arith.constant dense<0.0> : tensor<2048xf32>

    %row_offset = arith.muli %row, %row_stride : i32
    %x_row = tile.addptr %x_ptr, %row_offset : !tile.ptr<f16>, i32
    %x_base = tile.splat %x_row : !tile.ptr<f16> -> tensor<2048x!tile.ptr<f16>>
    %x_ptrs = tile.addptr %x_base, %cols : tensor<2048x!tile.ptr<f16>>, tensor<2048xi32>
    %x_h = tile.load %x_ptrs, %mask, %zero_h : tensor<2048x!tile.ptr<f16>>
    %x = arith.extf %x_h : tensor<2048xf16> to tensor<2048xf32>

    %sum = tile.reduce(%x) axis = 0 : (tensor<2048xf32>) -> f32 {
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      tile.reduce.return %s : f32
    }
    %n_f = arith.sitofp %n_cols : i32 to f32
    %mean = arith.divf %sum, %n_f : f32
    %mean_t = tile.splat %mean : f32 -> tensor<2048xf32>
    %centered = arith.subf %x, %mean_t : tensor<2048xf32>
    // Padding columns must not count towards the variance.
    %centered_m = arith.select %mask, %centered, %zero : tensor<2048xi1>, tensor<2048xf32>
    %sq = arith.mulf %centered_m, %centered_m : tensor<2048xf32>
    %sq_sum = tile.reduce(%sq) axis = 0 : (tensor<2048xf32>) -> f32 {
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      tile.reduce.return %s : f32
    }
    %var = arith.divf %sq_sum, %n_f : f32
    %var_eps = arith.addf %var, %eps : f32
    %rstd = math.rsqrt %var_eps : f32

    %w_base = tile.splat %w_ptr : !tile.ptr<f16> -> tensor<2048x!tile.ptr<f16>>
    %w_ptrs = tile.addptr %w_base, %cols : tensor<2048x!tile.ptr<f16>>, tensor<2048xi32>
    %w_h = tile.load %w_ptrs, %mask : tensor<2048x!tile.ptr<f16>>
    %w = arith.extf %w_h : tensor<2048xf16> to tensor<2048xf32>
    %b_base = tile.splat %b_ptr : !tile.ptr<f16> -> tensor<2048x!tile.ptr<f16>>
    %b_ptrs = tile.addptr %b_base, %cols : tensor<2048x!tile.ptr<f16>>, tensor<2048xi32>
    %b_h = tile.load %b_ptrs, %mask : tensor<2048x!tile.ptr<f16>>
    %b = arith.extf %b_h : tensor<2048xf16> to tensor<2048xf32>

    %rstd_t = tile.splat %rstd : f32 -> tensor<2048xf32>
    %normed = arith.mulf %centered, %rstd_t : tensor<2048xf32>
    %scaled = arith.mulf %normed, %w : tensor<2048xf32>
    %shifted = arith.addf %scaled, %b : tensor<2048xf32>
    %y = arith.truncf %shifted : tensor<2048xf32> to tensor<2048xf16>
    %y_row = tile.addptr %y_ptr, %row_offset : !tile.ptr<f16>, i32
    %y_base = tile.splat %y_row : !tile.ptr<f16> -> tensor<2048x!tile.ptr<f16>>
    %y_ptrs = tile.addptr %y_base, %cols : tensor<2048x!tile.ptr<f16>>, tensor<2048xi32>
    tile.store %y_ptrs, %y, %mask : tensor<2048x!tile.ptr<f16>>

    %mean_out = tile.addptr %mean_ptr, %row : !tile.ptr<f32>, i32
    tile.store %mean_out, %mean : !tile.ptr<f32>
    %rstd_out = tile.addptr %rstd_ptr, %row : !tile.ptr<f32>, i32
    tile.store %rstd_out, %rstd : !tile.ptr<f32>
    return
  }
}
