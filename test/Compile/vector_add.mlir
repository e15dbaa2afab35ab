// The vector-add example from tile source to PTX through the whole pipeline.
// n has no divisibility hint, so the ragged tail needs a predicate per
// element: eight predicated 32-bit loads per operand and eight stores.
// RUN: tile-compile %examples/vector_add.mlir -o - | FileCheck %s
// RUN: tile-compile %examples/vector_add.mlir --target cuda:90a --num-warps 8 -o - | FileCheck %s --check-prefix=SM90
// RUN: tile-compile %examples/vector_add.mlir --max-registers 64 -o - | FileCheck %s --check-prefix=MAXNREG

// CHECK: .target sm_80
// CHECK: .visible .entry add_kernel(
// CHECK-NEXT: .param .u64 .ptr .global .align 16 add_kernel_param_0,
// CHECK: .param .u32 add_kernel_param_3
// CHECK: .maxntid 128, 1, 1
// CHECK: mov.u32 {{.*}}%ctaid.x
// CHECK: mov.u32 {{.*}}%tid.x
// CHECK-COUNT-16: @%p{{[0-9]+}} ld.global.b32 %r{{[0-9]+}}, [ %rd{{[0-9]+}} + 0 ];
// CHECK-COUNT-8: add.rn.f32
// CHECK-COUNT-8: @%p{{[0-9]+}} st.global.b32 [ %rd{{[0-9]+}} + 0 ], %r{{[0-9]+}};
// CHECK: ret;

// 8 warps: 4 elements per thread of the 1024-element block.
// SM90: .target sm_90a
// SM90: .maxntid 256, 1, 1
// SM90-COUNT-4: st.global.b32
// SM90-NOT: st.global

// --max-registers caps every kernel's registers with .maxnreg.
// MAXNREG: .visible .entry add_kernel(
// MAXNREG: .maxntid 128, 1, 1
// MAXNREG-NEXT: .maxnreg 64
