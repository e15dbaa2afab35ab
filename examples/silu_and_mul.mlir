// SiLU-and-mul, the gated MLP activation of LLaMA-style models: each row of
// x holds 2 * d values, and out[r, c] = silu(x[r, c]) * x[r, d + c] for
// c < d, where silu(g) = g / (1 + exp(-g)). Math is fp32, rounded once on the
// store. One program instance covers 1024 columns of one row; d may be any
// count (the mask guards the last block of each row).
//
// Dtypes: @silu_and_mul_f16 (fp16), @silu_and_mul_bf16 (bf16).
// Launch: grid = (n_rows, ceil(d / 1024), 1).
module {
  func.func @silu_and_mul_f16(%x_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                              %out_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                              %d: i32, %x_row_stride: i32, %out_row_stride: i32) {
    %c1024 = arith.constant 1024 : i32
    %one = arith.constant dense<1.0> : tensor<1024xf32>
    %row = tile.program_id x : i32
    %col_block = tile.program_id y : i32
    %col_start = arith.muli %col_block, %c1024 : i32
    %range = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %col_start_t = tile.splat %col_start : i32 -> tensor<1024xi32>
    %cols = arith.addi %col_start_t, %range : tensor<1024xi32>
    %d_t = tile.splat %d : i32 -> tensor<1024xi32>
    %mask = arith.cmpi slt, %cols, %d_t : tensor<1024xi32>

    // The gate is x[row, cols]; the up projection is x[row, d + cols].
    %x_offset = arith.muli %row, %x_row_stride : i32
    %x_row = tile.addptr %x_ptr, %x_offset : !tile.ptr<f16>, i32
    %gate_base = tile.splat %x_row : !tile.ptr<f16> -> tensor<1024x!tile.ptr<f16>>
    %gate_ptrs = tile.addptr %gate_base, %cols : tensor<1024x!tile.ptr<f16>>, tensor<1024xi32>
    %up_cols = arith.addi %cols, %d_t : tensor<1024xi32>
    %up_ptrs = tile.addptr %gate_base, %up_cols : tensor<1024x!tile.ptr<f16>>, tensor<1024xi32>
    %gate_in = tile.load %gate_ptrs, %mask : tensor<1024x!tile.ptr<f16>>
    %up_in = tile.load %up_ptrs, %mask : tensor<1024x!tile.ptr<f16>>
    %gate = arith.extf %gate_in : tensor<1024xf16> to tensor<1024xf32>
    %up = arith.extf %up_in : tensor<1024xf16> to tensor<1024xf32>

    // silu(g) = g / (1 + exp(-g))
    %neg_gate = arith.negf %gate : tensor<1024xf32>
    %exp_neg = math.exp %neg_gate : tensor<1024xf32>
    %den = arith.addf %one, %exp_neg : tensor<1024xf32>
    %silu = arith.divf %gate, %den : tensor<1024xf32>
    %prod = arith.mulf %silu, %up : tensor<1024xf32>
    %y = arith.truncf %prod : tensor<1024xf32> to tensor<1024xf16>

    %out_offset = arith.muli %row, %out_row_stride : i32
    %out_row = tile.addptr %out_ptr, %out_offset : !tile.ptr<f16>, i32
    %out_base = tile.splat %out_row : !tile.ptr<f16> -> tensor<1024x!tile.ptr<f16>>
    %out_ptrs = tile.addptr %out_base, %cols : tensor<1024x!tile.ptr<f16>>, tensor<1024xi32>
    tile.store %out_ptrs, %y, %mask : tensor<1024x!tile.ptr<f16>>
    return
  }

  func.func @silu_and_mul_bf16(%x_ptr: !tile.ptr<bf16> {tile.divisibility = 16 : i32},
                               %out_ptr: !tile.ptr<bf16> {tile.divisibility = 16 : i32},
                               %d: i32, %x_row_stride: i32, %out_row_stride: i32) {
    %c1024 = arith.constant 1024 : i32
    %one = arith.constant dense<1.0> : tensor<1024xf32>
    %row = tile.program_id x : i32
    %col_block = tile.program_id y : i32
    %col_start = arith.muli %col_block, %c1024 : i32
    %range = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %col_start_t = tile.splat %col_start : i32 -> tensor<1024xi32>
    %cols = arith.addi %col_start_t, %range : tensor<1024xi32>
    %d_t = tile.splat %d : i32 -> tensor<1024xi32>
    %mask = arith.cmpi slt, %cols, %d_t : tensor<1024xi32>

    // The gate is x[row, cols]; the up projection is x[row, d + cols].
    %x_offset = arith.muli %row, %x_row_stride : i32
    %x_row = tile.addptr %x_ptr, %x_offset : !tile.ptr<bf16>, i32
    %gate_base = tile.splat %x_row : !tile.ptr<bf16> -> tensor<1024x!tile.ptr<bf16>>
    %gate_ptrs = tile.addptr %gate_base, %cols : tensor<1024x!tile.ptr<bf16>>, tensor<1024xi32>
    %up_cols = arith.addi %cols, %d_t : tensor<1024xi32>
    %up_ptrs = tile.addptr %gate_base, %up_cols : tensor<1024x!tile.ptr<bf16>>, tensor<1024xi32>
    %gate_in = tile.load %gate_ptrs, %mask : tensor<1024x!tile.ptr<bf16>>
    %up_in = tile.load %up_ptrs, %mask : tensor<1024x!tile.ptr<bf16>>
    %gate = arith.extf %gate_in : tensor<1024xbf16> to tensor<1024xf32>
    %up = arith.extf %up_in : tensor<1024xbf16> to tensor<1024xf32>

    // silu(g) = g / (1 + exp(-g))
    %neg_gate = arith.negf %gate : tensor<1024xf32>
    %exp_neg = math.exp %neg_gate : tensor<1024xf32>
    %den = arith.addf %one, %exp_neg : tensor<1024xf32>
    %silu = arith.divf %gate, %den : tensor<1024xf32>
    %prod = arith.mulf %silu, %up : tensor<1024xf32>
    %y = arith.truncf %prod : tensor<1024xf32> to tensor<1024xbf16>

    %out_offset = arith.muli %row, %out_row_stride : i32
    %out_row = tile.addptr %out_ptr, %out_offset : !tile.ptr<bf16>, i32
    %out_base = tile.splat %out_row : !tile.ptr<bf16> -> tensor<1024x!tile.ptr<bf16>>
    %out_ptrs = tile.addptr %out_base, %cols : tensor<1024x!tile.ptr<bf16>>, tensor<1024xi32>
    tile.store %out_ptrs, %y, %mask : tensor<1024x!tile.ptr<bf16>>
    return
  }
}
