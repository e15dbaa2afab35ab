// A hinted masked load with `other` (n divisible by 16, offsets a range from
// a multiple of 1024): the mask is constant over each 4-element vector, so
// each vector gets one predicate, computed once (one setp per vector, not
// per element) and shared by the predicated ld.global.v4, the four selects
// of `other` and the st.global.v4. A per-element select condition made LLVM
// keep one compare per element (bench softmax: 66 setp instead of 18).
// RUN: tile-compile %S/Inputs/masked_load_other_v4.mlir -o - | FileCheck %s

// CHECK: .maxntid 128, 1, 1
// CHECK-COUNT-2: setp.lt.s32
// CHECK-NOT: setp
// CHECK: @[[P1:%p[0-9]+]] ld.global.v4.b32 { [[A:%r[0-9]+]], [[B:%r[0-9]+]], [[C:%r[0-9]+]], [[D:%r[0-9]+]] }
// CHECK-NOT: setp
// CHECK: @[[P2:%p[0-9]+]] ld.global.v4.b32 { [[E:%r[0-9]+]], [[F:%r[0-9]+]], [[G:%r[0-9]+]], [[H:%r[0-9]+]] }
// CHECK-NOT: setp
// CHECK-DAG: selp.b32 {{%r[0-9]+}}, [[A]], -8388608, [[P1]];
// CHECK-DAG: selp.b32 {{%r[0-9]+}}, [[B]], -8388608, [[P1]];
// CHECK-DAG: selp.b32 {{%r[0-9]+}}, [[C]], -8388608, [[P1]];
// CHECK-DAG: selp.b32 {{%r[0-9]+}}, [[D]], -8388608, [[P1]];
// CHECK-DAG: selp.b32 {{%r[0-9]+}}, [[E]], -8388608, [[P2]];
// CHECK-DAG: selp.b32 {{%r[0-9]+}}, [[F]], -8388608, [[P2]];
// CHECK-DAG: selp.b32 {{%r[0-9]+}}, [[G]], -8388608, [[P2]];
// CHECK-DAG: selp.b32 {{%r[0-9]+}}, [[H]], -8388608, [[P2]];
// CHECK-DAG: @[[P1]] st.global.v4.b32
// CHECK-DAG: @[[P2]] st.global.v4.b32
// CHECK-NOT: setp
// CHECK-NOT: ld.global
// CHECK-NOT: st.global
// CHECK: ret;
