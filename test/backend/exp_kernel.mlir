// A kernel that calls libdevice's expf: out[i] = exp(x[i]) for i < n.
// The back end must link libdevice, inline __nv_expf (ex2.approx + FMAs) and
// leave no call to it. tilegpu.shared is the dynamic shared memory the
// metadata reports.
module attributes {tilegpu.shared = 256 : i32} {
  llvm.func @__nv_expf(f32) -> f32
  llvm.func @exp_kernel(%x: !llvm.ptr<1>, %out: !llvm.ptr<1>, %n: i32)
      attributes {nvvm.kernel, nvvm.maxntid = array<i32: 128, 1, 1>} {
    %tid = nvvm.read.ptx.sreg.tid.x : i32
    %ctaid = nvvm.read.ptx.sreg.ctaid.x : i32
    %ntid = nvvm.read.ptx.sreg.ntid.x : i32
    %base = llvm.mul %ctaid, %ntid : i32
    %i = llvm.add %base, %tid : i32
    %inside = llvm.icmp "slt" %i, %n : i32
    llvm.cond_br %inside, ^body, ^exit
  ^body:
    %i64 = llvm.sext %i : i32 to i64
    %px = llvm.getelementptr %x[%i64] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, f32
    %po = llvm.getelementptr %out[%i64] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, f32
    %a = llvm.load %px : !llvm.ptr<1> -> f32
    %e = llvm.call @__nv_expf(%a) : (f32) -> f32
    llvm.store %e, %po : f32, !llvm.ptr<1>
    llvm.br ^exit
  ^exit:
    llvm.return
  }
}
