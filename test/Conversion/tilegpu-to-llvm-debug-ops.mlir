// RUN: tile-opt %s -split-input-file -verify-diagnostics -convert-tilegpu-to-llvm | FileCheck %s

// tile.print and tile.assert (debug_ops.c): one vprintf per element a thread
// owns, with the format built at compile time and the values passed through
// an alloca'd struct; __assertfail where a condition is false.

// Every element is owned once, two per thread: two unguarded calls, each
// storing pid, index and value into the entry block's buffer.
// CHECK-DAG: llvm.mlir.global internal constant @[[$FORMAT:__tile_str_[0-9]+]]("pid (%u, %u, %u) idx (%u) x: %d\0A\00") {addr_space = 0 : i32}
// CHECK-DAG: llvm.func @vprintf(!llvm.ptr, !llvm.ptr) -> i32
// CHECK-LABEL: llvm.func @print_tensor
// CHECK: %[[ONE:.*]] = llvm.mlir.constant(1 : i64) : i64
// CHECK-NEXT: %[[BUFFER:.*]] = llvm.alloca %[[ONE]] x !llvm.struct<(i32, i32, i32, i32, i32)> : (i64) -> !llvm.ptr
// CHECK-DAG: %[[PIDX:.*]] = nvvm.read.ptx.sreg.ctaid.x : i32
// CHECK-DAG: %[[PIDY:.*]] = nvvm.read.ptx.sreg.ctaid.y : i32
// CHECK-DAG: %[[PIDZ:.*]] = nvvm.read.ptx.sreg.ctaid.z : i32
// CHECK: %[[STRING:.*]] = llvm.mlir.addressof @[[$FORMAT]] : !llvm.ptr
// CHECK-NOT: scf.if
// CHECK: %[[F0:.*]] = llvm.insertvalue %[[PIDX]], %{{.*}}[0]
// CHECK: llvm.insertvalue %[[PIDY]], %[[F0]][1]
// CHECK: llvm.store %{{.*}}, %[[BUFFER]] : !llvm.struct<(i32, i32, i32, i32, i32)>, !llvm.ptr
// CHECK-NEXT: llvm.call @vprintf(%[[STRING]], %[[BUFFER]]) : (!llvm.ptr, !llvm.ptr) -> i32
// CHECK: llvm.store %{{.*}}, %[[BUFFER]]
// CHECK-NEXT: llvm.call @vprintf(%[[STRING]], %[[BUFFER]])
// CHECK-NOT: llvm.call
// CHECK: llvm.return
#pairs = #tilegpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  func.func @print_tensor() {
    %r = tile.make_range {end = 256 : i32, start = 0 : i32} : tensor<256xi32, #pairs>
    tile.print " x: " {hex = false, isSigned = array<i32: 1>} : %r : tensor<256xi32, #pairs>
    return
  }
}

// -----

// 64 elements on 128 threads: warps 2 and 3 hold copies of warps 0 and 1
// and stay silent. 2 elements in 4 registers: registers 2 and 3 repeat 0
// and 1 and are skipped.
// CHECK-DAG: llvm.mlir.global internal constant @{{.*}}("pid (%u, %u, %u) idx (%u, %u) %u\0A\00")
// CHECK-LABEL: llvm.func @print_copies
// CHECK: %[[TWO:.*]] = llvm.mlir.constant(2 : i32) : i32
// CHECK-NEXT: %[[BIT:.*]] = llvm.and %{{.*}}, %[[TWO]] : i32
// CHECK: %[[OWNER:.*]] = llvm.icmp "eq" %[[BIT]], %{{.*}} : i32
// CHECK-NEXT: scf.if %[[OWNER]] {
// CHECK-COUNT-1: llvm.call @vprintf
// CHECK-NEXT: }
// CHECK-COUNT-2: llvm.call @vprintf
// CHECK-NOT: llvm.call @vprintf
// CHECK: llvm.return
#spread = #tilegpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [1, 32], warpsPerCTA = [1, 4], order = [1, 0]}>
#four = #tilegpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  func.func @print_copies() {
    %c = arith.constant dense<7> : tensor<1x64xi32, #spread>
    tile.print "" {hex = false, isSigned = array<i32: 0>} : %c : tensor<1x64xi32, #spread>
    %r = tile.make_range {end = 2 : i32, start = 0 : i32} : tensor<2xi32, #four>
    tile.print " r=" {hex = false, isSigned = array<i32: 0>} : %r : tensor<2xi32, #four>
    return
  }
}

// -----

// Scalars print once per program, from thread 0. Several operands print
// one after the other, each labelled; '%' in the prefix prints as itself.
// With hex, a value prints by its bits, zero-padded to its width. A print
// without operands prints the prefix.
// CHECK-DAG: llvm.mlir.global internal constant @[[$HEX32:__tile_str_[0-9]+]]("pid (%u, %u, %u) n=%%d (operand 0) 0x%08x\0A\00")
// CHECK-DAG: llvm.mlir.global internal constant @[[$HEX16:__tile_str_[0-9]+]]("pid (%u, %u, %u) n=%%d (operand 1) 0x%04x\0A\00")
// CHECK-DAG: llvm.mlir.global internal constant @[[$HELLO:__tile_str_[0-9]+]]("pid (%u, %u, %u) hello\0A\00")
// CHECK-LABEL: llvm.func @print_scalars(
// CHECK-SAME: %[[N:[^:]*]]: i32, %[[F:[^:]*]]: f16)
// CHECK: %[[S32:.*]] = llvm.mlir.addressof @[[$HEX32]]
// CHECK: %[[TID:.*]] = nvvm.read.ptx.sreg.tid.x : i32
// CHECK: %[[FIRST:.*]] = llvm.icmp "eq" %[[TID]], %{{.*}} : i32
// CHECK-NEXT: scf.if %[[FIRST]] {
// CHECK: llvm.insertvalue %[[N]], %{{.*}}[3] : !llvm.struct<(i32, i32, i32, i32)>
// CHECK: llvm.call @vprintf(%[[S32]],
// CHECK: }
// CHECK: %[[S16:.*]] = llvm.mlir.addressof @[[$HEX16]]
// CHECK: scf.if
// CHECK: %[[BITS:.*]] = llvm.bitcast %[[F]] : f16 to i16
// CHECK-NEXT: %[[WIDE:.*]] = llvm.zext %[[BITS]] : i16 to i32
// CHECK: llvm.insertvalue %[[WIDE]], %{{.*}}[3] : !llvm.struct<(i32, i32, i32, i32)>
// CHECK: llvm.call @vprintf(%[[S16]],
// CHECK: %[[SHELLO:.*]] = llvm.mlir.addressof @[[$HELLO]]
// CHECK: scf.if
// CHECK: llvm.store %{{.*}} : !llvm.struct<(i32, i32, i32)>, !llvm.ptr
// CHECK: llvm.call @vprintf(%[[SHELLO]],
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  func.func @print_scalars(%n: i32, %f: f16) {
    tile.print " n=%d " {hex = true, isSigned = array<i32: 0, 0>} : %n, %f : i32, f16
    tile.print "hello" {hex = false, isSigned = array<i32>}
    return
  }
}

// -----

// The conversion each element type needs: floats widen to double for %f,
// narrow integers extend to 32 bits (by isSigned; i1 always unsigned),
// 64-bit ones print with ll, pointers with %p.
// CHECK-DAG: ("pid (%u, %u, %u) idx (%u) (operand 0) %f\0A\00")
// CHECK-DAG: ("pid (%u, %u, %u) idx (%u) (operand 1) %f\0A\00")
// CHECK-DAG: ("pid (%u, %u, %u) idx (%u) (operand 2) %d\0A\00")
// CHECK-DAG: ("pid (%u, %u, %u) idx (%u) (operand 3) %u\0A\00")
// CHECK-DAG: ("pid (%u, %u, %u) (operand 4) %lld\0A\00")
// CHECK-DAG: ("pid (%u, %u, %u) (operand 5) %llu\0A\00")
// CHECK-DAG: ("pid (%u, %u, %u) idx (%u) (operand 6) %p\0A\00")
// CHECK-DAG: ("pid (%u, %u, %u) (operand 7) %f\0A\00")
// CHECK-LABEL: llvm.func @print_types
// CHECK: llvm.fpext %{{.*}} : f32 to f64
// CHECK: llvm.insertvalue %{{.*}}[4] : !llvm.struct<(i32, i32, i32, i32, f64)>
// CHECK: llvm.fpext %{{.*}} : bf16 to f64
// CHECK: llvm.sext %{{.*}} : i8 to i32
// CHECK: llvm.zext %{{.*}} : i1 to i32
// CHECK: llvm.insertvalue %{{.*}}[3] : !llvm.struct<(i32, i32, i32, i64)>
// CHECK: llvm.insertvalue %{{.*}}[3] : !llvm.struct<(i32, i32, i32, i64)>
// CHECK: llvm.insertvalue %{{.*}}[4] : !llvm.struct<(i32, i32, i32, i32, ptr<1>)>
// CHECK-NOT: llvm.fpext
// CHECK: llvm.insertvalue %{{.*}}[3] : !llvm.struct<(i32, i32, i32, f64)>
#one = #tilegpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  func.func @print_types(%p: !tile.ptr<f32>, %l: i64, %d: f64) {
    %r = tile.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32, #one>
    %x = arith.sitofp %r : tensor<128xi32, #one> to tensor<128xf32, #one>
    %b = arith.sitofp %r : tensor<128xi32, #one> to tensor<128xbf16, #one>
    %c = arith.trunci %r : tensor<128xi32, #one> to tensor<128xi8, #one>
    %m = arith.trunci %r : tensor<128xi32, #one> to tensor<128xi1, #one>
    %ptrs = tile.splat %p : !tile.ptr<f32> -> tensor<128x!tile.ptr<f32>, #one>
    tile.print "" {hex = false, isSigned = array<i32: 0, 0, 1, 1, 1, 0, 0, 0>} : %x, %b, %c, %m, %l, %l, %ptrs, %d : tensor<128xf32, #one>, tensor<128xbf16, #one>, tensor<128xi8, #one>, tensor<128xi1, #one>, i64, i64, tensor<128x!tile.ptr<f32>, #one>, f64
    return
  }
}

// -----

// An assert calls __assertfail where any element this thread holds is
// false, with the message, the op's file and line, and the kernel's name.
// CHECK-DAG: llvm.func @__assertfail(!llvm.ptr, !llvm.ptr, i32, !llvm.ptr, i64)
// CHECK-DAG: llvm.mlir.global internal constant @[[$MESSAGE:__tile_str_[0-9]+]]("x < 3\00")
// CHECK-DAG: llvm.mlir.global internal constant @[[$FILE:__tile_str_[0-9]+]]("kernel.py\00")
// CHECK-DAG: llvm.mlir.global internal constant @[[$KERNEL:__tile_str_[0-9]+]]("check\00")
// CHECK-DAG: llvm.mlir.global internal constant @[[$SCALAR:__tile_str_[0-9]+]]("n > 0\00")
// CHECK-LABEL: llvm.func @check
// CHECK: %[[TRUE:.*]] = llvm.mlir.constant(true) : i1
// CHECK: %[[E0:.*]] = llvm.extractvalue %{{.*}}[0] : !llvm.struct<(i1, i1)>
// CHECK: %[[E1:.*]] = llvm.extractvalue %{{.*}}[1] : !llvm.struct<(i1, i1)>
// CHECK: %[[F0:.*]] = llvm.xor %[[E0]], %[[TRUE]] : i1
// CHECK: %[[F1:.*]] = llvm.xor %[[E1]], %[[TRUE]] : i1
// CHECK: %[[FAILED:.*]] = llvm.or %[[F0]], %[[F1]] : i1
// CHECK-DAG: %[[MSG:.*]] = llvm.mlir.addressof @[[$MESSAGE]] : !llvm.ptr
// CHECK-DAG: %[[FILENAME:.*]] = llvm.mlir.addressof @[[$FILE]] : !llvm.ptr
// CHECK-DAG: %[[LINE:.*]] = llvm.mlir.constant(42 : i32) : i32
// CHECK-DAG: %[[NAME:.*]] = llvm.mlir.addressof @[[$KERNEL]] : !llvm.ptr
// CHECK-DAG: %[[SIZE:.*]] = llvm.mlir.constant(1 : i64) : i64
// CHECK: scf.if %[[FAILED]] {
// CHECK-NEXT: llvm.call @__assertfail(%[[MSG]], %[[FILENAME]], %[[LINE]], %[[NAME]], %[[SIZE]]) : (!llvm.ptr, !llvm.ptr, i32, !llvm.ptr, i64) -> ()
// CHECK-NEXT: }
// CHECK: %[[OK:.*]] = llvm.icmp "sgt"
// CHECK: %[[NOT:.*]] = llvm.xor %[[OK]], %{{.*}} : i1
// CHECK: llvm.mlir.addressof @[[$SCALAR]]
// CHECK: scf.if %[[NOT]] {
// CHECK-NEXT: llvm.call @__assertfail
#pairs = #tilegpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  func.func @check(%n: i32) {
    %r = tile.make_range {end = 256 : i32, start = 0 : i32} : tensor<256xi32, #pairs>
    %three = arith.constant dense<3> : tensor<256xi32, #pairs>
    %ok = arith.cmpi slt, %r, %three : tensor<256xi32, #pairs>
    tile.assert %ok, "x < 3" : tensor<256xi1, #pairs> loc("kernel.py":42:7)
    %c0 = llvm.mlir.constant(0 : i32) : i32
    %positive = llvm.icmp "sgt" %n, %c0 : i32
    tile.assert %positive, "n > 0" : i1
    return
  }
}

// -----

module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  func.func @print_fp8(%x: f8E4M3FN) {
    // expected-error @+1 {{convert-tilegpu-to-llvm: cannot print elements of type f8E4M3FN; print integers of at most 64 bits, f16, bf16, f32, f64 or pointers (convert the value first)}}
    tile.print "" {hex = false, isSigned = array<i32: 0>} : %x : f8E4M3FN
    return
  }
}

// -----

module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  func.func @long_prefix() {
    // expected-error @+1 {{convert-tilegpu-to-llvm: the prefix has 520 bytes; vprintf formats here take at most 512, so shorten it}}
    tile.print "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01234567" {hex = false, isSigned = array<i32>}
    return
  }
}
