// A kernel whose inline PTX is not an instruction: LLVM copies it into the
// PTX unchecked, so ptxas must reject it and the back end must report
// ptxas's message.
module {
  llvm.func @bad_asm_kernel(%out: !llvm.ptr<1>)
      attributes {nvvm.kernel, nvvm.maxntid = array<i32: 32, 1, 1>} {
    %v = llvm.inline_asm has_side_effects "not_a_ptx_instruction.u32 $0;", "=r" : () -> i32
    llvm.store %v, %out : i32, !llvm.ptr<1>
    llvm.return
  }
}
