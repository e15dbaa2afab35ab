// With one warp, examples/transpose.mlir's change of layout stays within the
// warp: it lowers to shfl.sync.idx (one per 32-bit register) with no shared
// memory and no barrier; ptxas accepts it. The GPU suite runs this kernel as
// transpose_one_warp.
// RUN: tile-compile %examples/transpose.mlir --target cuda:90a --num-warps 1 -o %t.ptx
// RUN: FileCheck %s < %t.ptx
// CHECK-LABEL: .entry transpose_f32
// CHECK-NOT: bar.sync
// CHECK: shfl.sync.idx.b32
// CHECK-NOT: bar.sync
// CHECK-NOT: .shared
// CHECK-LABEL: .entry transpose_f16
// CHECK-NOT: bar.sync
// CHECK: shfl.sync.idx.b32
// CHECK-NOT: bar.sync
