// RUN: tile-opt %s -split-input-file -convert-tile-to-tilegpu -tilegpu-coalesce -tilegpu-remove-layout-conversions | FileCheck %s
// RUN: tile-opt %examples/vector_add.mlir -convert-tile-to-tilegpu -tilegpu-coalesce -tilegpu-remove-layout-conversions | FileCheck %s --check-prefix=EXAMPLE-ADD
// RUN: tile-opt %examples/softmax.mlir -convert-tile-to-tilegpu -tilegpu-coalesce -tilegpu-remove-layout-conversions | FileCheck %s --check-prefix=EXAMPLE-SOFTMAX
// RUN: tile-opt %examples/layer_norm.mlir -convert-tile-to-tilegpu -tilegpu-coalesce -tilegpu-remove-layout-conversions | FileCheck %s --check-prefix=EXAMPLE-LAYER-NORM
// RUN: tile-opt %examples/matmul.mlir -convert-tile-to-tilegpu -tilegpu-coalesce -tilegpu-remove-layout-conversions | FileCheck %s --check-prefix=EXAMPLE-MATMUL
// As tile-to-ptx runs it: again after tilegpu-accelerate-matmul, so the mma
// accumulator and the coalesced pointers are carried around the K loop.
// RUN: tile-opt %s -split-input-file -convert-tile-to-tilegpu -tilegpu-coalesce -tilegpu-remove-layout-conversions -tilegpu-accelerate-matmul -tilegpu-remove-layout-conversions | FileCheck %s --check-prefix=ACCEL
// RUN: tile-opt %examples/matmul.mlir -convert-tile-to-tilegpu -tilegpu-coalesce -tilegpu-remove-layout-conversions -tilegpu-accelerate-matmul -tilegpu-remove-layout-conversions | FileCheck %s --check-prefix=EXAMPLE-MMA

// The examples as written (no hints on n or the row strides, so the
// accesses stay scalar): the whole kernel ends in one layout.
// EXAMPLE-ADD-LABEL: func.func @add_kernel
// EXAMPLE-ADD-NOT: tilegpu.convert_layout
// EXAMPLE-ADD: return
// EXAMPLE-SOFTMAX-LABEL: func.func @softmax_kernel
// EXAMPLE-SOFTMAX-NOT: tilegpu.convert_layout
// EXAMPLE-SOFTMAX: return
// EXAMPLE-LAYER-NORM-LABEL: func.func @layer_norm_fwd
// EXAMPLE-LAYER-NORM-NOT: tilegpu.convert_layout
// EXAMPLE-LAYER-NORM: return
// The matmul too: the mask and offset chains are rebuilt in the layouts of
// the loads and the store (the dot keeps blocked operands until
// tilegpu-accelerate-matmul gives it dot_operand layouts).
// EXAMPLE-MATMUL-LABEL: func.func @matmul_kernel
// EXAMPLE-MATMUL-NOT: tilegpu.convert_layout
// EXAMPLE-MATMUL: tile.dot
// EXAMPLE-MATMUL-NOT: tilegpu.convert_layout
// EXAMPLE-MATMUL: return
// After tilegpu-accelerate-matmul: the accumulator is #mma from its constant
// through the loop; inside, only the operands' conversions (shared memory and
// ldmatrix later) remain; after it, the truncation runs in #mma and one
// conversion of the fp16 tile feeds the store.
// EXAMPLE-MMA-DAG: #[[$MMA:.*]] = #tilegpu.mma<{version = 2
// EXAMPLE-MMA-LABEL: func.func @matmul_kernel
// EXAMPLE-MMA: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : tensor<128x128xf32, #[[$MMA]]>
// EXAMPLE-MMA-NOT: tilegpu.convert_layout
// EXAMPLE-MMA: scf.for {{.*}} iter_args(%[[ACC:.*]] = %[[ZERO]], {{.*}}) -> (tensor<128x128xf32, #[[$MMA]]>,
// EXAMPLE-MMA: tilegpu.convert_layout {{.*}} -> tensor<128x32xf16, #dot_operand>
// EXAMPLE-MMA-NEXT: tilegpu.convert_layout {{.*}} -> tensor<32x128xf16, #dot_operand1>
// EXAMPLE-MMA-NEXT: %[[NEXT:.*]] = tile.dot {{.*}}, %[[ACC]] : {{.*}} -> tensor<128x128xf32, #[[$MMA]]>
// EXAMPLE-MMA-NOT: tilegpu.convert_layout
// EXAMPLE-MMA: scf.yield %[[NEXT]],
// EXAMPLE-MMA-NEXT: }
// EXAMPLE-MMA-NEXT: arith.truncf {{.*}} : tensor<128x128xf32, #[[$MMA]]> to tensor<128x128xf16, #[[$MMA]]>
// EXAMPLE-MMA: tilegpu.convert_layout {{.*}} : tensor<128x128xf16, #[[$MMA]]> -> tensor<128x128xf16, #blocked
// EXAMPLE-MMA-NOT: tilegpu.convert_layout
// EXAMPLE-MMA: return

// Vector add with aligned pointers and n a multiple of 16: the loads, the
// add and the store all end in the 4-per-thread layout, and no conversion
// is left.
// CHECK-DAG: #[[$VEC4:.*]] = #tilegpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK-LABEL: func.func @vector_add
// CHECK-NOT: tilegpu.convert_layout
// CHECK: tile.make_range {{.*}} : tensor<1024xi32, #[[$VEC4]]>
// CHECK: tile.load {{.*}} : tensor<1024x!tile.ptr<f32>, #[[$VEC4]]>
// CHECK: tile.load {{.*}} : tensor<1024x!tile.ptr<f32>, #[[$VEC4]]>
// CHECK: arith.addf {{.*}} : tensor<1024xf32, #[[$VEC4]]>
// CHECK: tile.store {{.*}} : tensor<1024x!tile.ptr<f32>, #[[$VEC4]]>
// CHECK-NOT: tilegpu.convert_layout
// CHECK: return
func.func @vector_add(%x: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                      %y: !tile.ptr<f32> {tile.divisibility = 16 : i32},
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
  %y_base = tile.splat %y : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
  %y_ptrs = tile.addptr %y_base, %offsets : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
  %xv = tile.load %x_ptrs, %mask : tensor<1024x!tile.ptr<f32>>
  %yv = tile.load %y_ptrs, %mask : tensor<1024x!tile.ptr<f32>>
  %sum = arith.addf %xv, %yv : tensor<1024xf32>
  %z_base = tile.splat %z : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
  %z_ptrs = tile.addptr %z_base, %offsets : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
  tile.store %z_ptrs, %sum, %mask : tensor<1024x!tile.ptr<f32>>
  return
}

// -----

// The softmax example with the hints Triton's JIT would add (16-divisible
// strides and n_cols): the row is loaded 4 floats per thread, and the row
// chain (load, max, exp, sum, divide, store) stays in that one layout.
// CHECK-DAG: #[[$ROW:.*]] = #tilegpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK-LABEL: func.func @softmax
// CHECK-NOT: tilegpu.convert_layout
// CHECK: arith.constant dense<0xFF800000> : tensor<1024xf32, #[[$ROW]]>
// CHECK: tile.load {{.*}} : tensor<1024x!tile.ptr<f32>, #[[$ROW]]>
// CHECK: tile.reduce{{.*}} : (tensor<1024xf32, #[[$ROW]]>) -> f32
// CHECK: math.exp {{.*}} : tensor<1024xf32, #[[$ROW]]>
// CHECK: tile.reduce{{.*}} : (tensor<1024xf32, #[[$ROW]]>) -> f32
// CHECK: arith.divf {{.*}} : tensor<1024xf32, #[[$ROW]]>
// CHECK: tile.store {{.*}} : tensor<1024x!tile.ptr<f32>, #[[$ROW]]>
// CHECK-NOT: tilegpu.convert_layout
// CHECK: return
func.func @softmax(%out: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                   %in: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                   %in_row_stride: i32 {tile.divisibility = 16 : i32},
                   %out_row_stride: i32 {tile.divisibility = 16 : i32},
                   %n_cols: i32 {tile.divisibility = 16 : i32}) {
  %row = tile.program_id x : i32
  %cols = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
  %n_t = tile.splat %n_cols : i32 -> tensor<1024xi32>
  %mask = arith.cmpi slt, %cols, %n_t : tensor<1024xi32>
  %in_offset = arith.muli %row, %in_row_stride : i32
  %in_row = tile.addptr %in, %in_offset : !tile.ptr<f32>, i32
  %in_base = tile.splat %in_row : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
  %in_ptrs = tile.addptr %in_base, %cols : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
  %neg_inf = arith.constant dense<0xFF800000> : tensor<1024xf32>
  %x = tile.load %in_ptrs, %mask, %neg_inf : tensor<1024x!tile.ptr<f32>>
  %max = tile.reduce(%x) axis = 0 : (tensor<1024xf32>) -> f32 {
  ^bb0(%a: f32, %b: f32):
    %m = arith.maxnumf %a, %b : f32
    tile.reduce.return %m : f32
  }
  %max_t = tile.splat %max : f32 -> tensor<1024xf32>
  %shifted = arith.subf %x, %max_t : tensor<1024xf32>
  %num = math.exp %shifted : tensor<1024xf32>
  %den = tile.reduce(%num) axis = 0 : (tensor<1024xf32>) -> f32 {
  ^bb0(%a: f32, %b: f32):
    %s = arith.addf %a, %b : f32
    tile.reduce.return %s : f32
  }
  %den_t = tile.splat %den : f32 -> tensor<1024xf32>
  %y = arith.divf %num, %den_t : tensor<1024xf32>
  %out_offset = arith.muli %row, %out_row_stride : i32
  %out_row = tile.addptr %out, %out_offset : !tile.ptr<f32>, i32
  %out_base = tile.splat %out_row : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
  %out_ptrs = tile.addptr %out_base, %cols : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
  tile.store %out_ptrs, %y, %mask : tensor<1024x!tile.ptr<f32>>
  return
}

// -----

// Layer norm (fp16 in and out, fp32 math) with the same hints: 8 halves per
// thread for every load and the store; the fp32 row math runs in the same
// layout, so nothing moves between threads except in the reductions.
// CHECK-DAG: #[[$HALF8:.*]] = #tilegpu.blocked<{sizePerThread = [8], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK-LABEL: func.func @layer_norm
// CHECK-NOT: tilegpu.convert_layout
// CHECK: tile.load {{.*}} : tensor<2048x!tile.ptr<f16>, #[[$HALF8]]>
// CHECK: arith.extf {{.*}} : tensor<2048xf16, #[[$HALF8]]> to tensor<2048xf32, #[[$HALF8]]>
// CHECK: arith.select {{.*}} : tensor<2048xi1, #[[$HALF8]]>, tensor<2048xf32, #[[$HALF8]]>
// CHECK: tile.load {{.*}} : tensor<2048x!tile.ptr<f16>, #[[$HALF8]]>
// CHECK: tile.load {{.*}} : tensor<2048x!tile.ptr<f16>, #[[$HALF8]]>
// CHECK: arith.truncf {{.*}} : tensor<2048xf32, #[[$HALF8]]> to tensor<2048xf16, #[[$HALF8]]>
// CHECK: tile.store {{.*}} : tensor<2048x!tile.ptr<f16>, #[[$HALF8]]>
// CHECK-NOT: tilegpu.convert_layout
// CHECK: return
func.func @layer_norm(%x_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                      %y_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                      %w_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                      %b_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
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
  return
}

// -----

// A 2-D row softmax: the row maximum (a slice of the load's layout) is
// expanded and broadcast back in the load's own layout.
// CHECK-DAG: #[[$TILE:.*]] = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [1, 32], warpsPerCTA = [4, 1], order = [1, 0]}>
// CHECK-DAG: #[[$ROWS:.*]] = #tilegpu.slice<{dim = 1, parent = #[[$TILE]]}>
// CHECK-LABEL: func.func @row_max_2d
// CHECK-NOT: tilegpu.convert_layout
// CHECK: %[[X:.*]] = tile.load {{.*}} : tensor<16x128x!tile.ptr<f32>, #[[$TILE]]>
// CHECK: tile.reduce(%[[X]]) {{.*}} -> tensor<16xf32, #[[$ROWS]]>
// CHECK: tile.expand_dims {{.*}} : tensor<16xf32, #[[$ROWS]]> -> tensor<16x1xf32, #[[$TILE]]>
// CHECK: tile.broadcast {{.*}} : tensor<16x1xf32, #[[$TILE]]> -> tensor<16x128xf32, #[[$TILE]]>
// CHECK: arith.subf {{.*}} : tensor<16x128xf32, #[[$TILE]]>
// CHECK-NOT: tilegpu.convert_layout
// CHECK: return
func.func @row_max_2d(%p: !tile.ptr<f32> {tile.divisibility = 16 : i32}) {
  %rows = tile.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
  %cols = tile.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32>
  %c128 = arith.constant dense<128> : tensor<16x1xi32>
  %r = tile.expand_dims %rows {axis = 1 : i32} : tensor<16xi32> -> tensor<16x1xi32>
  %r_off = arith.muli %r, %c128 : tensor<16x1xi32>
  %r_b = tile.broadcast %r_off : tensor<16x1xi32> -> tensor<16x128xi32>
  %c = tile.expand_dims %cols {axis = 0 : i32} : tensor<128xi32> -> tensor<1x128xi32>
  %c_b = tile.broadcast %c : tensor<1x128xi32> -> tensor<16x128xi32>
  %off = arith.addi %r_b, %c_b : tensor<16x128xi32>
  %base = tile.splat %p : !tile.ptr<f32> -> tensor<16x128x!tile.ptr<f32>>
  %ptrs = tile.addptr %base, %off : tensor<16x128x!tile.ptr<f32>>, tensor<16x128xi32>
  %x = tile.load %ptrs : tensor<16x128x!tile.ptr<f32>>
  %max = tile.reduce(%x) axis = 1 : (tensor<16x128xf32>) -> tensor<16xf32> {
  ^bb0(%a: f32, %b: f32):
    %m = arith.maxnumf %a, %b : f32
    tile.reduce.return %m : f32
  }
  %max_col = tile.expand_dims %max {axis = 1 : i32} : tensor<16xf32> -> tensor<16x1xf32>
  %max_b = tile.broadcast %max_col : tensor<16x1xf32> -> tensor<16x128xf32>
  %y = arith.subf %x, %max_b : tensor<16x128xf32>
  tile.store %ptrs, %y : tensor<16x128x!tile.ptr<f32>>
  return
}

// -----

// A transpose through memory: read column-contiguous, write row-contiguous.
// The two accesses want different layouts, so one conversion (a real data
// exchange) remains, and only one.
// CHECK-DAG: #[[$READ:.*]] = #tilegpu.blocked<{sizePerThread = [4, 1], {{.*}}, order = [0, 1]}>
// CHECK-DAG: #[[$WRITE:.*]] = #tilegpu.blocked<{sizePerThread = [1, 4], {{.*}}, order = [1, 0]}>
// CHECK-LABEL: func.func @transpose_copy
// CHECK: tile.load {{.*}} : tensor<64x64x!tile.ptr<f32>, #[[$READ]]>
// CHECK: tilegpu.convert_layout {{.*}} : tensor<64x64xf32, #[[$READ]]> -> tensor<64x64xf32, #[[$WRITE]]>
// CHECK-NOT: tilegpu.convert_layout
// CHECK: tile.store {{.*}} : tensor<64x64x!tile.ptr<f32>, #[[$WRITE]]>
func.func @transpose_copy(%src: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                          %dst: !tile.ptr<f32> {tile.divisibility = 16 : i32}) {
  %range = tile.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
  %c64 = arith.constant dense<64> : tensor<64x1xi32>
  %i = tile.expand_dims %range {axis = 1 : i32} : tensor<64xi32> -> tensor<64x1xi32>
  %i_b = tile.broadcast %i : tensor<64x1xi32> -> tensor<64x64xi32>
  %i_rows = arith.muli %i, %c64 : tensor<64x1xi32>
  %i_rows_b = tile.broadcast %i_rows : tensor<64x1xi32> -> tensor<64x64xi32>
  %j = tile.expand_dims %range {axis = 0 : i32} : tensor<64xi32> -> tensor<1x64xi32>
  %j_b = tile.broadcast %j : tensor<1x64xi32> -> tensor<64x64xi32>
  %c64_row = arith.constant dense<64> : tensor<1x64xi32>
  %j_rows = arith.muli %j, %c64_row : tensor<1x64xi32>
  %j_rows_b = tile.broadcast %j_rows : tensor<1x64xi32> -> tensor<64x64xi32>
  // src[j][i] at (i, j): contiguous along dimension 0.
  %src_off = arith.addi %i_b, %j_rows_b : tensor<64x64xi32>
  %src_base = tile.splat %src : !tile.ptr<f32> -> tensor<64x64x!tile.ptr<f32>>
  %src_ptrs = tile.addptr %src_base, %src_off : tensor<64x64x!tile.ptr<f32>>, tensor<64x64xi32>
  %v = tile.load %src_ptrs : tensor<64x64x!tile.ptr<f32>>
  // dst[i][j] at (i, j): contiguous along dimension 1.
  %dst_off = arith.addi %i_rows_b, %j_b : tensor<64x64xi32>
  %dst_base = tile.splat %dst : !tile.ptr<f32> -> tensor<64x64x!tile.ptr<f32>>
  %dst_ptrs = tile.addptr %dst_base, %dst_off : tensor<64x64x!tile.ptr<f32>>, tensor<64x64xi32>
  tile.store %dst_ptrs, %v : tensor<64x64x!tile.ptr<f32>>
  return
}

// -----

// A loop summing rows: the pointers advanced by addptr and the fp32
// accumulator are carried in the coalesced 4-per-thread layout, so the loop
// body and the store around it have no conversion.
// CHECK-DAG: #[[$VEC4:.*]] = #tilegpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK-LABEL: func.func @column_sums
// CHECK-NOT: tilegpu.convert_layout
// CHECK: scf.for {{.*}} -> (tensor<1024xf32, #[[$VEC4]]>, tensor<1024x!tile.ptr<f32>, #[[$VEC4]]>)
// CHECK: tile.load {{.*}} : tensor<1024x!tile.ptr<f32>, #[[$VEC4]]>
// CHECK: arith.addf {{.*}} : tensor<1024xf32, #[[$VEC4]]>
// CHECK: tile.addptr {{.*}} : tensor<1024x!tile.ptr<f32>, #[[$VEC4]]>, tensor<1024xi32, #[[$VEC4]]>
// CHECK: tile.store {{.*}} : tensor<1024x!tile.ptr<f32>, #[[$VEC4]]>
// CHECK-NOT: tilegpu.convert_layout
// CHECK: return
func.func @column_sums(%src: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                       %dst: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                       %rows: i32, %stride: i32 {tile.divisibility = 16 : i32}) {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %range = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
  %base = tile.splat %src : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
  %ptrs0 = tile.addptr %base, %range : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
  %step = tile.splat %stride : i32 -> tensor<1024xi32>
  %zero = arith.constant dense<0.0> : tensor<1024xf32>
  %sum, %end = scf.for %i = %c0 to %rows step %c1
      iter_args(%acc = %zero, %ptrs = %ptrs0) -> (tensor<1024xf32>, tensor<1024x!tile.ptr<f32>>) : i32 {
    %x = tile.load %ptrs : tensor<1024x!tile.ptr<f32>>
    %acc_next = arith.addf %acc, %x : tensor<1024xf32>
    %next = tile.addptr %ptrs, %step : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
    scf.yield %acc_next, %next : tensor<1024xf32>, tensor<1024x!tile.ptr<f32>>
  }
  %dst_base = tile.splat %dst : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
  %dst_ptrs = tile.addptr %dst_base, %range : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
  tile.store %dst_ptrs, %sum : tensor<1024x!tile.ptr<f32>>
  return
}

// -----

// An scf.if yielding a loaded value (scaled or not): both branches yield it
// in the load's layout, and so does the if.
// CHECK-DAG: #[[$VEC4:.*]] = #tilegpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK-LABEL: func.func @select_scaled
// CHECK-NOT: tilegpu.convert_layout
// CHECK: scf.if {{.*}} -> (tensor<1024xf32, #[[$VEC4]]>)
// CHECK: arith.mulf {{.*}} : tensor<1024xf32, #[[$VEC4]]>
// CHECK: tile.store {{.*}} : tensor<1024x!tile.ptr<f32>, #[[$VEC4]]>
// CHECK-NOT: tilegpu.convert_layout
// CHECK: return
func.func @select_scaled(%src: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                         %dst: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                         %scale: i1) {
  %range = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
  %base = tile.splat %src : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
  %ptrs = tile.addptr %base, %range : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
  %x = tile.load %ptrs : tensor<1024x!tile.ptr<f32>>
  %y = scf.if %scale -> (tensor<1024xf32>) {
    %two = arith.constant dense<2.0> : tensor<1024xf32>
    %doubled = arith.mulf %x, %two : tensor<1024xf32>
    scf.yield %doubled : tensor<1024xf32>
  } else {
    scf.yield %x : tensor<1024xf32>
  }
  %dst_base = tile.splat %dst : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
  %dst_ptrs = tile.addptr %dst_base, %range : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
  tile.store %dst_ptrs, %y : tensor<1024x!tile.ptr<f32>>
  return
}

// -----

// A hinted 64x64x32 matmul loop (contiguous K for A, N for B and C). Before
// tilegpu-accelerate-matmul the pointers are carried in their coalesced
// layouts (8 halves a thread); after it, the accumulator is carried in #mma
// too, the body converts only the loaded operands into their dot_operand
// layouts, and the epilogue truncates in #mma and converts once.
// CHECK-DAG: #[[$A:.*]] = #tilegpu.blocked<{sizePerThread = [1, 8], threadsPerWarp = [8, 4], warpsPerCTA = [4, 1], order = [1, 0]}>
// CHECK-DAG: #[[$B:.*]] = #tilegpu.blocked<{sizePerThread = [1, 8], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
// CHECK-LABEL: func.func @matmul_loop
// CHECK: scf.for {{.*}} -> (tensor<64x64xf32, #{{.*}}>, tensor<64x32x!tile.ptr<f16>, #[[$A]]>, tensor<32x64x!tile.ptr<f16>, #[[$B]]>)
// CHECK: tile.load {{.*}} : tensor<64x32x!tile.ptr<f16>, #[[$A]]>
// CHECK: tile.load {{.*}} : tensor<32x64x!tile.ptr<f16>, #[[$B]]>
// CHECK: scf.yield
// ACCEL-DAG: #[[$A:.*]] = #tilegpu.blocked<{sizePerThread = [1, 8], threadsPerWarp = [8, 4], warpsPerCTA = [4, 1], order = [1, 0]}>
// ACCEL-DAG: #[[$B:.*]] = #tilegpu.blocked<{sizePerThread = [1, 8], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
// ACCEL-DAG: #[[$MMA:.*]] = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
// ACCEL-DAG: #[[$OPA:.*]] = #tilegpu.dot_operand<{opIdx = 0, parent = #[[$MMA]], kWidth = 2}>
// ACCEL-DAG: #[[$OPB:.*]] = #tilegpu.dot_operand<{opIdx = 1, parent = #[[$MMA]], kWidth = 2}>
// ACCEL-LABEL: func.func @matmul_loop
// ACCEL: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : tensor<64x64xf32, #[[$MMA]]>
// ACCEL-NOT: tilegpu.convert_layout
// ACCEL: scf.for {{.*}} iter_args(%[[ACC:.*]] = %[[ZERO]], %[[APTRS:.*]] = %{{.*}}, %[[BPTRS:.*]] = %{{.*}}) -> (tensor<64x64xf32, #[[$MMA]]>, tensor<64x32x!tile.ptr<f16>, #[[$A]]>, tensor<32x64x!tile.ptr<f16>, #[[$B]]>)
// ACCEL-NEXT: %[[A:.*]] = tile.load %[[APTRS]] : tensor<64x32x!tile.ptr<f16>, #[[$A]]>
// ACCEL-NEXT: %[[B:.*]] = tile.load %[[BPTRS]] : tensor<32x64x!tile.ptr<f16>, #[[$B]]>
// ACCEL-NEXT: %[[OA:.*]] = tilegpu.convert_layout %[[A]] : tensor<64x32xf16, #[[$A]]> -> tensor<64x32xf16, #[[$OPA]]>
// ACCEL-NEXT: %[[OB:.*]] = tilegpu.convert_layout %[[B]] : tensor<32x64xf16, #[[$B]]> -> tensor<32x64xf16, #[[$OPB]]>
// ACCEL-NEXT: %[[NEXT:.*]] = tile.dot %[[OA]], %[[OB]], %[[ACC]] : {{.*}} -> tensor<64x64xf32, #[[$MMA]]>
// ACCEL-NEXT: %[[ANEXT:.*]] = tile.addptr %[[APTRS]], {{.*}} : tensor<64x32x!tile.ptr<f16>, #[[$A]]>
// ACCEL-NEXT: %[[BNEXT:.*]] = tile.addptr %[[BPTRS]], {{.*}} : tensor<32x64x!tile.ptr<f16>, #[[$B]]>
// ACCEL-NEXT: scf.yield %[[NEXT]], %[[ANEXT]], %[[BNEXT]]
// ACCEL-NEXT: }
// ACCEL-NEXT: %[[C:.*]] = arith.truncf {{.*}} : tensor<64x64xf32, #[[$MMA]]> to tensor<64x64xf16, #[[$MMA]]>
// ACCEL: %[[CB:.*]] = tilegpu.convert_layout %[[C]] : tensor<64x64xf16, #[[$MMA]]> -> tensor<64x64xf16, #[[$B]]>
// ACCEL-NEXT: tile.store {{.*}}, %[[CB]] : tensor<64x64x!tile.ptr<f16>, #[[$B]]>
// ACCEL-NEXT: return
func.func @matmul_loop(%a_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                       %b_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                       %c_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                       %K: i32 {tile.divisibility = 16 : i32},
                       %stride_am: i32 {tile.divisibility = 16 : i32},
                       %stride_bk: i32 {tile.divisibility = 16 : i32}) {
  %c0 = arith.constant 0 : i32
  %c32 = arith.constant 32 : i32
  %r64 = tile.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
  %r32 = tile.make_range {end = 32 : i32, start = 0 : i32} : tensor<32xi32>
  %m = tile.expand_dims %r64 {axis = 1 : i32} : tensor<64xi32> -> tensor<64x1xi32>
  %sam = tile.splat %stride_am : i32 -> tensor<64x1xi32>
  %a_rows = arith.muli %m, %sam : tensor<64x1xi32>
  %a_rows_b = tile.broadcast %a_rows : tensor<64x1xi32> -> tensor<64x32xi32>
  %k_row = tile.expand_dims %r32 {axis = 0 : i32} : tensor<32xi32> -> tensor<1x32xi32>
  %k_row_b = tile.broadcast %k_row : tensor<1x32xi32> -> tensor<64x32xi32>
  %a_off = arith.addi %a_rows_b, %k_row_b : tensor<64x32xi32>
  %a_base = tile.splat %a_ptr : !tile.ptr<f16> -> tensor<64x32x!tile.ptr<f16>>
  %a_ptrs0 = tile.addptr %a_base, %a_off : tensor<64x32x!tile.ptr<f16>>, tensor<64x32xi32>
  %k_col = tile.expand_dims %r32 {axis = 1 : i32} : tensor<32xi32> -> tensor<32x1xi32>
  %sbk = tile.splat %stride_bk : i32 -> tensor<32x1xi32>
  %b_rows = arith.muli %k_col, %sbk : tensor<32x1xi32>
  %b_rows_b = tile.broadcast %b_rows : tensor<32x1xi32> -> tensor<32x64xi32>
  %n = tile.expand_dims %r64 {axis = 0 : i32} : tensor<64xi32> -> tensor<1x64xi32>
  %n_b = tile.broadcast %n : tensor<1x64xi32> -> tensor<32x64xi32>
  %b_off = arith.addi %b_rows_b, %n_b : tensor<32x64xi32>
  %b_base = tile.splat %b_ptr : !tile.ptr<f16> -> tensor<32x64x!tile.ptr<f16>>
  %b_ptrs0 = tile.addptr %b_base, %b_off : tensor<32x64x!tile.ptr<f16>>, tensor<32x64xi32>
  %a_step = arith.constant dense<32> : tensor<64x32xi32>
  %b_step_s = arith.muli %stride_bk, %c32 : i32
  %b_step = tile.splat %b_step_s : i32 -> tensor<32x64xi32>
  %acc0 = arith.constant dense<0.0> : tensor<64x64xf32>
  %acc, %a_end, %b_end = scf.for %k = %c0 to %K step %c32
      iter_args(%acc_i = %acc0, %a_ptrs = %a_ptrs0, %b_ptrs = %b_ptrs0)
      -> (tensor<64x64xf32>, tensor<64x32x!tile.ptr<f16>>, tensor<32x64x!tile.ptr<f16>>) : i32 {
    %a = tile.load %a_ptrs : tensor<64x32x!tile.ptr<f16>>
    %b = tile.load %b_ptrs : tensor<32x64x!tile.ptr<f16>>
    %acc_next = tile.dot %a, %b, %acc_i : tensor<64x32xf16> * tensor<32x64xf16> -> tensor<64x64xf32>
    %a_next = tile.addptr %a_ptrs, %a_step : tensor<64x32x!tile.ptr<f16>>, tensor<64x32xi32>
    %b_next = tile.addptr %b_ptrs, %b_step : tensor<32x64x!tile.ptr<f16>>, tensor<32x64xi32>
    scf.yield %acc_next, %a_next, %b_next : tensor<64x64xf32>, tensor<64x32x!tile.ptr<f16>>, tensor<32x64x!tile.ptr<f16>>
  }
  %c = arith.truncf %acc : tensor<64x64xf32> to tensor<64x64xf16>
  %c_rows = arith.muli %m, %sam : tensor<64x1xi32>
  %c_rows_b = tile.broadcast %c_rows : tensor<64x1xi32> -> tensor<64x64xi32>
  %n_c = tile.broadcast %n : tensor<1x64xi32> -> tensor<64x64xi32>
  %c_off = arith.addi %c_rows_b, %n_c : tensor<64x64xi32>
  %c_base = tile.splat %c_ptr : !tile.ptr<f16> -> tensor<64x64x!tile.ptr<f16>>
  %c_ptrs = tile.addptr %c_base, %c_off : tensor<64x64x!tile.ptr<f16>>, tensor<64x64xi32>
  tile.store %c_ptrs, %c : tensor<64x64x!tile.ptr<f16>>
  return
}
