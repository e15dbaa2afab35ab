// A kernel that still holds an op with no LLVM IR translation (a leftover
// unrealized_conversion_cast): translation must fail with MLIR's own
// diagnostic, followed by the back end's.
module {
  llvm.func @leftover_cast_kernel(%out: !llvm.ptr<1>, %v: i32)
      attributes {nvvm.kernel, nvvm.maxntid = array<i32: 32, 1, 1>} {
    %c = builtin.unrealized_conversion_cast %v : i32 to i32
    llvm.store %c, %out : i32, !llvm.ptr<1>
    llvm.return
  }
}
