// tilegpu input with four contiguous f32 per thread and a divisibility hint
// on n: every load and store is one predicated 128-bit access.
// RUN: tile-compile %S/Inputs/vector_add_v4.mlir -o - | FileCheck %s

// CHECK: .maxntid 128, 1, 1
// CHECK-COUNT-4: @%p{{[0-9]+}} ld.global.v4.b32 { %r{{[0-9]+}}, %r{{[0-9]+}}, %r{{[0-9]+}}, %r{{[0-9]+}} }, [ %rd{{[0-9]+}} + 0 ];
// CHECK-COUNT-2: @%p{{[0-9]+}} st.global.v4.b32 [ %rd{{[0-9]+}} + 0 ], { %r{{[0-9]+}}, %r{{[0-9]+}}, %r{{[0-9]+}}, %r{{[0-9]+}} };
// CHECK-NOT: ld.global
// CHECK-NOT: st.global
