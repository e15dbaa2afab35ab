// The PTX of examples/atomics.mlir's multi-instruction atomics, which the GPU
// suite (gpu_atomics_test) runs: the float max/min sign trick, a scalar
// atomic whose old value every thread reads, and an atomic_cas spin loop.
// (Their GPU failures, reported as faults, were the test downloading guard
// bytes past in/out buffers allocated without them; this pins the kernels
// that were checked correct then.) ptxas accepts both: examples_ptxas.mlir.
// RUN: tile-compile %examples/atomics.mlir --target cuda:90a --num-warps 4 -o %t.ptx
// RUN: FileCheck %s --check-prefix=W4 < %t.ptx
// RUN: tile-compile %examples/atomics.mlir --target cuda:90a --num-warps 1 -o %t1.ptx
// RUN: FileCheck %s --check-prefix=W1 < %t1.ptx

// max: non-negative bits (signed > -1) take atom.max.s32, negative ones
// atom.min.u32, each predicated on the mask and the sign; min mirrors it.
// W4-LABEL: .entry atomic_max_min_f32(
// W4: setp.lt.s32 [[NEG:%p[0-9]+]], [[X:%r[0-9]+]], 0;
// W4: setp.gt.s32 [[POS:%p[0-9]+]], [[X]], -1;
// W4: and.pred [[PMAX:%p[0-9]+]], [[MASK:%p[0-9]+]], [[POS]];
// W4: @[[PMAX]] atom.relaxed.gpu.global.max.s32 %r{{[0-9]+}}, [ [[MAXP:%rd[0-9]+]] + 0 ], [[X]];
// W4: and.pred [[PMIN:%p[0-9]+]], [[MASK]], [[NEG]];
// W4: @[[PMIN]] atom.relaxed.gpu.global.min.u32 %r{{[0-9]+}}, [ [[MAXP]] + 0 ], [[X]];
// W4: @[[PMAX]] atom.relaxed.gpu.global.min.s32 %r{{[0-9]+}}, [ [[MINP:%rd[0-9]+]] + 0 ], [[X]];
// W4: @[[PMAX2:%p[0-9]+]] atom.relaxed.gpu.global.max.u32 %r{{[0-9]+}}, [ [[MINP]] + 0 ], [[X]];
// W4: ret;

// Scalar ticket: thread 0 (lane 0 of warp 0) does the atom, writes the old
// value to the shared scratch at offset 0, a barrier, every thread reads it.
// W4-LABEL: .entry ticket_counter_i32(
// W4: setp.ne.b32 [[NOT0:%p[0-9]+]], [[T:%r[0-9]+]], 0;
// W4: setp.eq.b32 [[IS0:%p[0-9]+]], [[T]], 0;
// W4: @[[IS0]] atom.relaxed.gpu.global.add.u32 [[OLD:%r[0-9]+]], [ [[CTR:%rd[0-9]+]] + 0 ], %r{{[0-9]+}};
// W4: @[[NOT0]] bra [[SKIP:\$L__BB[0-9_]+]];
// W4: st.shared.b32 [global_smem], [[OLD]];
// W4: [[SKIP]]:
// W4: bar.sync 0;
// W4: ld.shared.b32 [[TICKET:%r[0-9]+]], [global_smem];
// W4: @[[IS0]] st.global.b32 [ %rd{{[0-9]+}} + 0 ], [[TICKET]];
// W4: ret;

// Spin lock: a barrier before each CAS (the previous iteration's reads of
// the scratch are done), thread 0's acquire CAS, its old value through
// shared memory, a barrier, the loop on the broadcast value; release xchg.
// W4-LABEL: .entry locked_increment_i32(
// W4: [[LOOP:\$L__BB[0-9_]+]]:
// W4-NEXT: bar.sync 0;
// W4: @[[IS0L:%p[0-9]+]] atom.acquire.gpu.global.cas.b32 [[PREV:%r[0-9]+]], [ [[LOCK:%rd[0-9]+]] + 0 ], %r{{[0-9]+}}, %r{{[0-9]+}};
// W4: st.shared.b32 [global_smem], [[PREV]];
// W4: @[[IS0L]] st.global.b32
// W4: @[[IS0L]] atom.release.gpu.global.exch.b32 %r{{[0-9]+}}, [ [[LOCK]] + 0 ], %r{{[0-9]+}};
// W4: ret;

// One warp: the old values reach the other lanes by a shuffle from lane 0.
// W1-LABEL: .entry ticket_counter_i32(
// W1-NOT: bar.sync
// W1: setp.eq.b32 [[IS0:%p[0-9]+]], %r{{[0-9]+}}, 0;
// W1: @[[IS0]] atom.relaxed.gpu.global.add.u32 [[OLD:%r[0-9]+]],
// W1: shfl.sync.idx.b32 [[TICKET:%r[0-9]+]], [[OLD]], 0, 31, -1;
// W1: @[[IS0]] st.global.b32 [ %rd{{[0-9]+}} + 0 ], [[TICKET]];
// W1-LABEL: .entry locked_increment_i32(
// W1-NOT: bar.sync
// W1: setp.eq.b32 [[IS0L:%p[0-9]+]], %r{{[0-9]+}}, 0;
// W1: [[LOOP:\$L__BB[0-9_]+]]:
// W1: @[[IS0L]] atom.acquire.gpu.global.cas.b32 [[PREV:%r[0-9]+]],
// W1: shfl.sync.idx.b32 [[B:%r[0-9]+]], [[PREV]], 0, 31, -1;
// W1: setp.ne.b32 [[HELD:%p[0-9]+]], [[B]], 0;
// W1: @[[HELD]] bra [[LOOP]];
// W1: @[[IS0L]] atom.release.gpu.global.exch.b32
// W1-NOT: bar.sync
// W1: ret;
