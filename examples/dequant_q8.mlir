// Q8 dequantization: signed 8-bit weights times an fp16 scale, out in fp16.
//   @dequant_q8_row_f16:   out[r, c] = q[r, c] * scale[r] (one scale per row);
//                          grid = (n_rows, ceil(n_cols / 1024), 1).
//   @dequant_q8_group_f16: out[i] = q[i] * scale[i / group_size] over a flat
//                          array of n values (one scale per group of
//                          group_size consecutive values; the last group may be
//                          short); grid = (ceil(n / 1024), 1, 1).
// The product of an int8 and an fp16 is exact in fp32, so the result is the
// correctly rounded fp16 of q * scale. Masks guard the ragged tails.
//
// Dtypes: int8 weights, fp16 scales, fp16 output.
module {
  func.func @dequant_q8_row_f16(%q_ptr: !tile.ptr<i8> {tile.divisibility = 16 : i32},
                                %scale_ptr: !tile.ptr<f16>,
                                %out_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                                %n_cols: i32, %q_row_stride: i32, %out_row_stride: i32) {
    %c1024 = arith.constant 1024 : i32
    %row = tile.program_id x : i32
    %col_block = tile.program_id y : i32
    %col_start = arith.muli %col_block, %c1024 : i32
    %range = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %col_start_t = tile.splat %col_start : i32 -> tensor<1024xi32>
    %cols = arith.addi %col_start_t, %range : tensor<1024xi32>
    %n_t = tile.splat %n_cols : i32 -> tensor<1024xi32>
    %mask = arith.cmpi slt, %cols, %n_t : tensor<1024xi32>

    %scale_at = tile.addptr %scale_ptr, %row : !tile.ptr<f16>, i32
    %scale_h = tile.load %scale_at : !tile.ptr<f16>
    %scale = arith.extf %scale_h : f16 to f32
    %scale_t = tile.splat %scale : f32 -> tensor<1024xf32>

    %q_offset = arith.muli %row, %q_row_stride : i32
    %q_row = tile.addptr %q_ptr, %q_offset : !tile.ptr<i8>, i32
    %q_base = tile.splat %q_row : !tile.ptr<i8> -> tensor<1024x!tile.ptr<i8>>
    %q_ptrs = tile.addptr %q_base, %cols : tensor<1024x!tile.ptr<i8>>, tensor<1024xi32>
    %q = tile.load %q_ptrs, %mask : tensor<1024x!tile.ptr<i8>>
    %q_f = arith.sitofp %q : tensor<1024xi8> to tensor<1024xf32>
    %value = arith.mulf %q_f, %scale_t : tensor<1024xf32>
    %y = arith.truncf %value : tensor<1024xf32> to tensor<1024xf16>

    %out_offset = arith.muli %row, %out_row_stride : i32
    %out_row = tile.addptr %out_ptr, %out_offset : !tile.ptr<f16>, i32
    %out_base = tile.splat %out_row : !tile.ptr<f16> -> tensor<1024x!tile.ptr<f16>>
    %out_ptrs = tile.addptr %out_base, %cols : tensor<1024x!tile.ptr<f16>>, tensor<1024xi32>
    tile.store %out_ptrs, %y, %mask : tensor<1024x!tile.ptr<f16>>
    return
  }

  func.func @dequant_q8_group_f16(%q_ptr: !tile.ptr<i8> {tile.divisibility = 16 : i32},
                                  %scale_ptr: !tile.ptr<f16>,
                                  %out_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                                  %n: i32, %group_size: i32) {
    %c1024 = arith.constant 1024 : i32
    %pid = tile.program_id x : i32
    %start = arith.muli %pid, %c1024 : i32
    %range = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %start_t = tile.splat %start : i32 -> tensor<1024xi32>
    %offsets = arith.addi %start_t, %range : tensor<1024xi32>
    %n_t = tile.splat %n : i32 -> tensor<1024xi32>
    %mask = arith.cmpi slt, %offsets, %n_t : tensor<1024xi32>

    %q_base = tile.splat %q_ptr : !tile.ptr<i8> -> tensor<1024x!tile.ptr<i8>>
    %q_ptrs = tile.addptr %q_base, %offsets : tensor<1024x!tile.ptr<i8>>, tensor<1024xi32>
    %q = tile.load %q_ptrs, %mask : tensor<1024x!tile.ptr<i8>>

    // Consecutive values share a scale, so this gather mostly hits one line.
    %group_t = tile.splat %group_size : i32 -> tensor<1024xi32>
    %groups = arith.divsi %offsets, %group_t : tensor<1024xi32>
    %scale_base = tile.splat %scale_ptr : !tile.ptr<f16> -> tensor<1024x!tile.ptr<f16>>
    %scale_ptrs = tile.addptr %scale_base, %groups : tensor<1024x!tile.ptr<f16>>, tensor<1024xi32>
    %scale_h = tile.load %scale_ptrs, %mask : tensor<1024x!tile.ptr<f16>>
    %scale = arith.extf %scale_h : tensor<1024xf16> to tensor<1024xf32>

    %q_f = arith.sitofp %q : tensor<1024xi8> to tensor<1024xf32>
    %value = arith.mulf %q_f, %scale : tensor<1024xf32>
    %y = arith.truncf %value : tensor<1024xf32> to tensor<1024xf16>
    %out_base = tile.splat %out_ptr : !tile.ptr<f16> -> tensor<1024x!tile.ptr<f16>>
    %out_ptrs = tile.addptr %out_base, %offsets : tensor<1024x!tile.ptr<f16>>, tensor<1024xi32>
    tile.store %out_ptrs, %y, %mask : tensor<1024x!tile.ptr<f16>>
    return
  }
}
