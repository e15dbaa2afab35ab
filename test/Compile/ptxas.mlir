// ptxas accepts what the pipeline emits, for Ampere and Hopper.
// REQUIRES: ptxas
// RUN: tile-compile %examples/vector_add.mlir -o %t.va80.ptx
// RUN: %ptxas -arch=sm_80 %t.va80.ptx -o %t.va80.cubin
// RUN: tile-compile %examples/vector_add.mlir --target cuda:90a -o %t.va90.ptx
// RUN: %ptxas -arch=sm_90a %t.va90.ptx -o %t.va90.cubin
// RUN: tile-compile %S/Inputs/vector_add_v4.mlir -o %t.v4.ptx
// RUN: %ptxas -arch=sm_80 %t.v4.ptx -o %t.v4.cubin
// RUN: tile-compile %examples/softmax.mlir -o %t.sm80.ptx
// RUN: %ptxas -arch=sm_80 %t.sm80.ptx -o %t.sm80.cubin
// RUN: tile-compile %examples/softmax.mlir --target cuda:90a -o %t.sm90.ptx
// RUN: %ptxas -arch=sm_90a %t.sm90.ptx -o %t.sm90.cubin
// RUN: tile-compile %examples/layer_norm.mlir -o %t.ln80.ptx
// RUN: %ptxas -arch=sm_80 %t.ln80.ptx -o %t.ln80.cubin
// RUN: tile-compile %examples/layer_norm.mlir --target cuda:90a -o %t.ln90.ptx
// RUN: %ptxas -arch=sm_90a %t.ln90.ptx -o %t.ln90.cubin
// Predicated vector and edge accesses with every cache modifier ptxas takes.
// RUN: tile-opt %S/Inputs/access_modifiers.mlir -convert-tilegpu-to-llvm -convert-scf-to-cf -convert-arith-to-llvm -convert-cf-to-llvm -reconcile-unrealized-casts -o %t.access.mlir
// RUN: tile-compile %t.access.mlir -o %t.access.ptx
// RUN: %ptxas -arch=sm_80 %t.access.ptx -o %t.access80.cubin
// RUN: %ptxas -arch=sm_90a %t.access.ptx -o %t.access90.cubin
// The cubin tile-compile writes itself (through the back end's ptxas) is an ELF.
// RUN: tile-compile %examples/vector_add.mlir --target cuda:90a -o %t.ptx --cubin %t.cubin
// RUN: od -A n -c -N 4 %t.cubin | FileCheck %s
// CHECK: 177   E   L   F
