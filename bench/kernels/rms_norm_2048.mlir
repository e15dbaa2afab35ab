// RMSNorm forward, fp16 in and out, fp32 math, for rows of n_cols <= 2048:
// bench/kernels/rms_norm.mlir with BLOCK = 2048 and the row stride and n_cols
// hinted divisible by 16 (128-bit accesses), as Triton's JIT specializes the
// RMSNorm in bench_memory.py. y = x / sqrt(mean(x^2) + eps) * w; writes the
// row's reciprocal root mean square (fp32). The mask stays. Only for n_cols
// and the row stride multiples of 16 and 16-byte-aligned bases
// (bench_memory.py checks).
//
// Launch: grid = (n_rows, 1, 1).
module {
  func.func @rms_norm_fwd(%x_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                          %y_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                          %w_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                          %rstd_ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                          %row_stride: i32 {tile.divisibility = 16 : i32},
                          %n_cols: i32 {tile.divisibility = 16 : i32}, %eps: f32) {
    %row = tile.program_id x : i32
    %cols = tile.make_range {end = 2048 : i32, start = 0 : i32} : tensor<2048xi32>
    %n_t = tile.splat %n_cols : i32 -> tensor<2048xi32>
    %mask = arith.cmpi slt, %cols, %n_t : tensor<2048xi32>
    %zero_h = arith.constant dense<0.0> : tensor<2048xf16>

    %row_offset = arith.muli %row, %row_stride : i32
    %x_row = tile.addptr %x_ptr, %row_offset : !tile.ptr<f16>, i32
    %x_base = tile.splat %x_row : !tile.ptr<f16> -> tensor<2048x!tile.ptr<f16>>
    %x_ptrs = tile.addptr %x_base, %cols : tensor<2048x!tile.ptr<f16>>, tensor<2048xi32>
    %x_h = tile.load %x_ptrs, %mask, %zero_h : tensor<2048x!tile.ptr<f16>>
    %x = arith.extf %x_h : tensor<2048xf16> to tensor<2048xf32>

    // Padding columns load as zero, so they add nothing to the sum of squares.
    %sq = arith.mulf %x, %x : tensor<2048xf32>
    %sq_sum = tile.reduce(%sq) axis = 0 : (tensor<2048xf32>) -> f32 {
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      tile.reduce.return %s : f32
    }
    %n_f = arith.sitofp %n_cols : i32 to f32
    %mean_sq = arith.divf %sq_sum, %n_f : f32
    %mean_sq_eps = arith.addf %mean_sq, %eps : f32
    %rstd = math.rsqrt %mean_sq_eps : f32

    %w_base = tile.splat %w_ptr : !tile.ptr<f16> -> tensor<2048x!tile.ptr<f16>>
    %w_ptrs = tile.addptr %w_base, %cols : tensor<2048x!tile.ptr<f16>>, tensor<2048xi32>
    %w_h = tile.load %w_ptrs, %mask : tensor<2048x!tile.ptr<f16>>
    %w = arith.extf %w_h : tensor<2048xf16> to tensor<2048xf32>

    %rstd_t = tile.splat %rstd : f32 -> tensor<2048xf32>
    %normed = arith.mulf %x, %rstd_t : tensor<2048xf32>
    %scaled = arith.mulf %normed, %w : tensor<2048xf32>
    %y = arith.truncf %scaled : tensor<2048xf32> to tensor<2048xf16>
    %y_row = tile.addptr %y_ptr, %row_offset : !tile.ptr<f16>, i32
    %y_base = tile.splat %y_row : !tile.ptr<f16> -> tensor<2048x!tile.ptr<f16>>
    %y_ptrs = tile.addptr %y_base, %cols : tensor<2048x!tile.ptr<f16>>, tensor<2048xi32>
    tile.store %y_ptrs, %y, %mask : tensor<2048x!tile.ptr<f16>>

    %rstd_out = tile.addptr %rstd_ptr, %row : !tile.ptr<f32>, i32
    tile.store %rstd_out, %rstd : !tile.ptr<f32>
    return
  }
}
