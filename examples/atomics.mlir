// Atomics whose PTX is more than one atom instruction, each checked against
// a CPU reference by test/gpu/gpu_atomics_test.c (compiled for 4 warps, and as
// atomics_one_warp for 1):
//   @atomic_max_min_f32   max[i % bins] = max(max, x[i]) and likewise min,
//                         on floats of both signs (atom has no float max: the
//                         sign picks a signed or an unsigned integer atom on
//                         the bits);
//   @atomic_fadd_f16      out[i % bins] += x[i] in f16 (atom.add.noftz.f16);
//   @histogram_slots_i32  a histogram whose old values are used: each
//                         element's old count is its slot within its bin, so
//                         the slots of one bin are 0..count-1. Its 16-element
//                         blocks leave copies of each element in other lanes
//                         (and, on 4 warps, other warps): the old value is
//                         handed to them by a shuffle or through shared
//                         memory;
//   @ticket_counter_i32   a scalar atomic add whose old value every thread
//                         needs: tickets[pid] = counter++, a permutation;
//   @locked_increment_i32 a spin lock from atomic_cas (acquire) and
//                         atomic_rmw xchg (release) around a plain load and
//                         store of a counter: the counter ends at the number
//                         of programs.
// bf16 fadd needs cuda:90: examples/atomics_bf16.mlir.
// Launch: grid = (ceil(n / 1024)) for the first two, (ceil(n / 16)) for the
// histogram, any grid for the last two.
module {
  func.func @atomic_max_min_f32(%x_ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                                %max_ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                                %min_ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                                %n: i32, %bins: i32) {
    %c1024 = arith.constant 1024 : i32
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
    %bins_t = tile.splat %bins : i32 -> tensor<1024xi32>
    %bin = arith.remsi %offsets, %bins_t : tensor<1024xi32>
    %max_base = tile.splat %max_ptr : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
    %max_ptrs = tile.addptr %max_base, %bin : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
    %old_max = tile.atomic_rmw max, relaxed, gpu, %max_ptrs, %x, %mask : tensor<1024xf32>
    %min_base = tile.splat %min_ptr : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
    %min_ptrs = tile.addptr %min_base, %bin : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
    %old_min = tile.atomic_rmw min, relaxed, gpu, %min_ptrs, %x, %mask : tensor<1024xf32>
    return
  }

  func.func @atomic_fadd_f16(%x_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                             %out_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                             %n: i32, %bins: i32) {
    %c1024 = arith.constant 1024 : i32
    %pid = tile.program_id x : i32
    %start = arith.muli %pid, %c1024 : i32
    %range = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %start_t = tile.splat %start : i32 -> tensor<1024xi32>
    %offsets = arith.addi %start_t, %range : tensor<1024xi32>
    %n_t = tile.splat %n : i32 -> tensor<1024xi32>
    %mask = arith.cmpi slt, %offsets, %n_t : tensor<1024xi32>
    %x_base = tile.splat %x_ptr : !tile.ptr<f16> -> tensor<1024x!tile.ptr<f16>>
    %x_ptrs = tile.addptr %x_base, %offsets : tensor<1024x!tile.ptr<f16>>, tensor<1024xi32>
    %x = tile.load %x_ptrs, %mask : tensor<1024x!tile.ptr<f16>>
    %bins_t = tile.splat %bins : i32 -> tensor<1024xi32>
    %bin = arith.remsi %offsets, %bins_t : tensor<1024xi32>
    %out_base = tile.splat %out_ptr : !tile.ptr<f16> -> tensor<1024x!tile.ptr<f16>>
    %out_ptrs = tile.addptr %out_base, %bin : tensor<1024x!tile.ptr<f16>>, tensor<1024xi32>
    %old = tile.atomic_rmw fadd, relaxed, gpu, %out_ptrs, %x, %mask : tensor<1024xf16>
    return
  }

  func.func @histogram_slots_i32(%x_ptr: !tile.ptr<i32> {tile.divisibility = 16 : i32},
                                 %hist_ptr: !tile.ptr<i32> {tile.divisibility = 16 : i32},
                                 %slot_ptr: !tile.ptr<i32> {tile.divisibility = 16 : i32},
                                 %n: i32) {
    %c16 = arith.constant 16 : i32
    %ones = arith.constant dense<1> : tensor<16xi32>
    %pid = tile.program_id x : i32
    %start = arith.muli %pid, %c16 : i32
    %range = tile.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %start_t = tile.splat %start : i32 -> tensor<16xi32>
    %offsets = arith.addi %start_t, %range : tensor<16xi32>
    %n_t = tile.splat %n : i32 -> tensor<16xi32>
    %mask = arith.cmpi slt, %offsets, %n_t : tensor<16xi32>
    %x_base = tile.splat %x_ptr : !tile.ptr<i32> -> tensor<16x!tile.ptr<i32>>
    %x_ptrs = tile.addptr %x_base, %offsets : tensor<16x!tile.ptr<i32>>, tensor<16xi32>
    %x = tile.load %x_ptrs, %mask : tensor<16x!tile.ptr<i32>>
    %hist_base = tile.splat %hist_ptr : !tile.ptr<i32> -> tensor<16x!tile.ptr<i32>>
    %bin_ptrs = tile.addptr %hist_base, %x : tensor<16x!tile.ptr<i32>>, tensor<16xi32>
    %old = tile.atomic_rmw add, relaxed, gpu, %bin_ptrs, %ones, %mask : tensor<16xi32>
    %slot_base = tile.splat %slot_ptr : !tile.ptr<i32> -> tensor<16x!tile.ptr<i32>>
    %slot_ptrs = tile.addptr %slot_base, %offsets : tensor<16x!tile.ptr<i32>>, tensor<16xi32>
    tile.store %slot_ptrs, %old, %mask : tensor<16x!tile.ptr<i32>>
    return
  }

  func.func @ticket_counter_i32(%counter_ptr: !tile.ptr<i32>, %tickets_ptr: !tile.ptr<i32>) {
    %c1 = arith.constant 1 : i32
    %pid = tile.program_id x : i32
    %ticket = tile.atomic_rmw add, relaxed, gpu, %counter_ptr, %c1 : i32
    %out = tile.addptr %tickets_ptr, %pid : !tile.ptr<i32>, i32
    tile.store %out, %ticket : !tile.ptr<i32>
    return
  }

  func.func @locked_increment_i32(%lock_ptr: !tile.ptr<i32>, %count_ptr: !tile.ptr<i32>) {
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    scf.while : () -> () {
      %previous = tile.atomic_cas acquire, gpu, %lock_ptr, %c0, %c1 : i32
      %held = arith.cmpi ne, %previous, %c0 : i32
      scf.condition(%held)
    } do {
      scf.yield
    }
    %count = tile.load %count_ptr : !tile.ptr<i32>
    %next = arith.addi %count, %c1 : i32
    tile.store %count_ptr, %next : !tile.ptr<i32>
    %unlocked = tile.atomic_rmw xchg, release, gpu, %lock_ptr, %c0 : i32
    return
  }
}
