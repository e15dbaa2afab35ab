// Row reductions: one program instance per row of n_cols <= 1024 values (any
// count; masked columns read the identity of the reduction, 0 or -inf).
//   @row_sum_f32:    out[r] = sum of x[r, :] (fp32)
//   @row_sum_f16:    out[r] = sum of x[r, :], fp16 in, fp32 sum and out
//   @row_max_f32:    out[r] = max of x[r, :] (fp32)
//   @row_argmax_f32: max[r], index[r] = the largest value of x[r, :] and the
//                    first column holding it, from one two-operand tile.reduce
//   @row_logsumexp_f32: out[r] = log(sum of exp(x[r, :])), reduced with the
//                    combiner log(exp(a) + exp(b)) (libdevice math in a
//                    combiner; masked columns read -inf, whose exp is 0)
// Rows are row_stride elements apart.
//
// Launch: grid = (n_rows, 1, 1).
module {
  func.func @row_sum_f32(%x_ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                         %out_ptr: !tile.ptr<f32>,
                         %row_stride: i32, %n_cols: i32) {
    %row = tile.program_id x : i32
    %cols = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %n_t = tile.splat %n_cols : i32 -> tensor<1024xi32>
    %mask = arith.cmpi slt, %cols, %n_t : tensor<1024xi32>
    %row_offset = arith.muli %row, %row_stride : i32
    %x_row = tile.addptr %x_ptr, %row_offset : !tile.ptr<f32>, i32
    %x_base = tile.splat %x_row : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
    %x_ptrs = tile.addptr %x_base, %cols : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
    %zero = arith.constant dense<0.0> : tensor<1024xf32>
    %x = tile.load %x_ptrs, %mask, %zero : tensor<1024x!tile.ptr<f32>>
    %sum = tile.reduce(%x) axis = 0 : (tensor<1024xf32>) -> f32 {
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      tile.reduce.return %s : f32
    }
    %sum_at = tile.addptr %out_ptr, %row : !tile.ptr<f32>, i32
    tile.store %sum_at, %sum : !tile.ptr<f32>
    return
  }

  func.func @row_sum_f16(%x_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                         %out_ptr: !tile.ptr<f32>,
                         %row_stride: i32, %n_cols: i32) {
    %row = tile.program_id x : i32
    %cols = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %n_t = tile.splat %n_cols : i32 -> tensor<1024xi32>
    %mask = arith.cmpi slt, %cols, %n_t : tensor<1024xi32>
    %row_offset = arith.muli %row, %row_stride : i32
    %x_row = tile.addptr %x_ptr, %row_offset : !tile.ptr<f16>, i32
    %x_base = tile.splat %x_row : !tile.ptr<f16> -> tensor<1024x!tile.ptr<f16>>
    %x_ptrs = tile.addptr %x_base, %cols : tensor<1024x!tile.ptr<f16>>, tensor<1024xi32>
    %zero = arith.constant dense<0.0> : tensor<1024xf16>
    %x_h = tile.load %x_ptrs, %mask, %zero : tensor<1024x!tile.ptr<f16>>
    %x = arith.extf %x_h : tensor<1024xf16> to tensor<1024xf32>
    %sum = tile.reduce(%x) axis = 0 : (tensor<1024xf32>) -> f32 {
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      tile.reduce.return %s : f32
    }
    %sum_at = tile.addptr %out_ptr, %row : !tile.ptr<f32>, i32
    tile.store %sum_at, %sum : !tile.ptr<f32>
    return
  }

  func.func @row_max_f32(%x_ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                         %out_ptr: !tile.ptr<f32>,
                         %row_stride: i32, %n_cols: i32) {
    %row = tile.program_id x : i32
    %cols = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %n_t = tile.splat %n_cols : i32 -> tensor<1024xi32>
    %mask = arith.cmpi slt, %cols, %n_t : tensor<1024xi32>
    %row_offset = arith.muli %row, %row_stride : i32
    %x_row = tile.addptr %x_ptr, %row_offset : !tile.ptr<f32>, i32
    %x_base = tile.splat %x_row : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
    %x_ptrs = tile.addptr %x_base, %cols : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
    %neg_inf = arith.constant dense<0xFF800000> : tensor<1024xf32>
    %x = tile.load %x_ptrs, %mask, %neg_inf : tensor<1024x!tile.ptr<f32>>
    %max = tile.reduce(%x) axis = 0 : (tensor<1024xf32>) -> f32 {
    ^bb0(%a: f32, %b: f32):
      %m = arith.maxnumf %a, %b : f32
      tile.reduce.return %m : f32
    }
    %max_at = tile.addptr %out_ptr, %row : !tile.ptr<f32>, i32
    tile.store %max_at, %max : !tile.ptr<f32>
    return
  }

  func.func @row_logsumexp_f32(%x_ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                               %out_ptr: !tile.ptr<f32>,
                               %row_stride: i32, %n_cols: i32) {
    %row = tile.program_id x : i32
    %cols = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %n_t = tile.splat %n_cols : i32 -> tensor<1024xi32>
    %mask = arith.cmpi slt, %cols, %n_t : tensor<1024xi32>
    %row_offset = arith.muli %row, %row_stride : i32
    %x_row = tile.addptr %x_ptr, %row_offset : !tile.ptr<f32>, i32
    %x_base = tile.splat %x_row : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
    %x_ptrs = tile.addptr %x_base, %cols : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
    %neg_inf = arith.constant dense<0xFF800000> : tensor<1024xf32>
    %x = tile.load %x_ptrs, %mask, %neg_inf : tensor<1024x!tile.ptr<f32>>
    %lse = tile.reduce(%x) axis = 0 : (tensor<1024xf32>) -> f32 {
    ^bb0(%a: f32, %b: f32):
      %ea = math.exp %a : f32
      %eb = math.exp %b : f32
      %sum = arith.addf %ea, %eb : f32
      %l = math.log %sum : f32
      tile.reduce.return %l : f32
    }
    %lse_at = tile.addptr %out_ptr, %row : !tile.ptr<f32>, i32
    tile.store %lse_at, %lse : !tile.ptr<f32>
    return
  }

  func.func @row_argmax_f32(%x_ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                            %max_ptr: !tile.ptr<f32>,
                            %index_ptr: !tile.ptr<i32>,
                            %row_stride: i32, %n_cols: i32) {
    %row = tile.program_id x : i32
    %cols = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %n_t = tile.splat %n_cols : i32 -> tensor<1024xi32>
    %mask = arith.cmpi slt, %cols, %n_t : tensor<1024xi32>
    %row_offset = arith.muli %row, %row_stride : i32
    %x_row = tile.addptr %x_ptr, %row_offset : !tile.ptr<f32>, i32
    %x_base = tile.splat %x_row : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
    %x_ptrs = tile.addptr %x_base, %cols : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
    %neg_inf = arith.constant dense<0xFF800000> : tensor<1024xf32>
    %x = tile.load %x_ptrs, %mask, %neg_inf : tensor<1024x!tile.ptr<f32>>
    // Value and column reduce together; on equal values the smaller column
    // wins, so the result is the first maximum, as torch.argmax gives.
    %max, %index = tile.reduce(%x, %cols) axis = 0 : (tensor<1024xf32>, tensor<1024xi32>) -> (f32, i32) {
    ^bb0(%a: f32, %a_index: i32, %b: f32, %b_index: i32):
      %greater = arith.cmpf ogt, %a, %b : f32
      %equal = arith.cmpf oeq, %a, %b : f32
      %earlier = arith.cmpi slt, %a_index, %b_index : i32
      %tie_to_a = arith.andi %equal, %earlier : i1
      %take_a = arith.ori %greater, %tie_to_a : i1
      %m = arith.select %take_a, %a, %b : f32
      %i = arith.select %take_a, %a_index, %b_index : i32
      tile.reduce.return %m, %i : f32, i32
    }
    %max_at = tile.addptr %max_ptr, %row : !tile.ptr<f32>, i32
    tile.store %max_at, %max : !tile.ptr<f32>
    %index_at = tile.addptr %index_ptr, %row : !tile.ptr<i32>, i32
    tile.store %index_at, %index : !tile.ptr<i32>
    return
  }
}
