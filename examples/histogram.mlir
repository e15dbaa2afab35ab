// Histogram with atomics: hist[x[i]] += 1 for each i < n whose value lies in
// [0, num_bins); values outside are ignored. One block of 1024 values per
// program instance; each element adds 1 to its bin with a relaxed, GPU-scope
// tile.atomic_rmw add, so blocks need no coordination. hist must be zeroed
// before the launch.
//
// Dtypes: int32 values and int32 counts (@histogram_i32).
// Launch: grid = (ceil(n / 1024), 1, 1).
module {
  func.func @histogram_i32(%x_ptr: !tile.ptr<i32> {tile.divisibility = 16 : i32},
                           %hist_ptr: !tile.ptr<i32> {tile.divisibility = 16 : i32},
                           %n: i32, %num_bins: i32) {
    %c1024 = arith.constant 1024 : i32
    %zero = arith.constant dense<0> : tensor<1024xi32>
    %ones = arith.constant dense<1> : tensor<1024xi32>
    %pid = tile.program_id x : i32
    %start = arith.muli %pid, %c1024 : i32
    %range = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %start_t = tile.splat %start : i32 -> tensor<1024xi32>
    %offsets = arith.addi %start_t, %range : tensor<1024xi32>
    %n_t = tile.splat %n : i32 -> tensor<1024xi32>
    %mask = arith.cmpi slt, %offsets, %n_t : tensor<1024xi32>
    %x_base = tile.splat %x_ptr : !tile.ptr<i32> -> tensor<1024x!tile.ptr<i32>>
    %x_ptrs = tile.addptr %x_base, %offsets : tensor<1024x!tile.ptr<i32>>, tensor<1024xi32>
    %x = tile.load %x_ptrs, %mask, %zero : tensor<1024x!tile.ptr<i32>>

    %bins_t = tile.splat %num_bins : i32 -> tensor<1024xi32>
    %not_negative = arith.cmpi sge, %x, %zero : tensor<1024xi32>
    %below_bins = arith.cmpi slt, %x, %bins_t : tensor<1024xi32>
    %in_range = arith.andi %not_negative, %below_bins : tensor<1024xi1>
    %counted = arith.andi %mask, %in_range : tensor<1024xi1>
    %hist_base = tile.splat %hist_ptr : !tile.ptr<i32> -> tensor<1024x!tile.ptr<i32>>
    %bin_ptrs = tile.addptr %hist_base, %x : tensor<1024x!tile.ptr<i32>>, tensor<1024xi32>
    %old = tile.atomic_rmw add, relaxed, gpu, %bin_ptrs, %ones, %counted : tensor<1024xi32>
    return
  }
}
