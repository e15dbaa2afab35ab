# Checks tile.fp_to_fp's fp8 conversions on a GPU against PyTorch's float8
# casts, bit for bit: random values over the whole exponent range, exact
# ties between neighbouring fp8 values, subnormals, +-0, overflow, +-inf and
# NaN, through both lowerings (sm_80 bit arithmetic, sm_90a hardware cvt),
# which must also agree with each other. PyTorch's casts do not saturate,
# so the reference clamps to the largest finite value first (.satfinite).
#
#   tile-compile test/Conversion/tilegpu-to-llvm-conversions-ptx.mlir -o DIR/k80.ptx --target cuda:80
#   tile-compile test/Conversion/tilegpu-to-llvm-conversions-ptx.mlir -o DIR/k90.ptx --target cuda:90a
#   python3 test/gpu/fp8_round_trips.py DIR      # on a machine with an sm_90 GPU and PyTorch
import ctypes, sys, torch
cuda = ctypes.CDLL("libcuda.so.1")
def ck(r, what):
    if r != 0: raise SystemExit(f"{what} failed: {r}")
torch.zeros(1, device="cuda")  # creates the primary context
N = 1024 * 64
g = torch.Generator().manual_seed(0)
def specials(maxv):
    v = [0.0, -0.0, maxv, -maxv, maxv * 1.01, maxv * 4, float("inf"), float("-inf"), float("nan"), 1e-30, -1e-30, 2.0**-9, 2.0**-10, 2.0**-16, 2.0**-17, 3*2.0**-10]
    return torch.tensor(v)
def fill(maxv, lo_exp, hi_exp, dtype):
    m = torch.rand(N, generator=g) + 1
    e = torch.randint(lo_exp, hi_exp, (N,), generator=g).float()
    s = torch.where(torch.rand(N, generator=g) < 0.5, -1.0, 1.0)
    x = s * m * torch.exp2(e)
    # exact halfway points between neighbouring fp8 values
    codes = torch.randint(0, 0x7e, (N // 4,), generator=g, dtype=torch.uint8)
    a = codes.view(dtype).float(); b = (codes + 1).view(dtype).float()
    x[: N // 4] = (a + b) / 2
    sp = specials(maxv); x[N // 4: N // 4 + len(sp)] = sp
    return x
x = fill(448.0, -12, 9, torch.float8_e4m3fn).cuda()
h = fill(57344.0, -18, 16, torch.float8_e5m2).to(torch.float16).cuda()
def run(ptx):
    mod = ctypes.c_void_p(); fn = ctypes.c_void_p()
    ck(cuda.cuModuleLoadData(ctypes.byref(mod), open(ptx, "rb").read() + b"\0"), "load")
    ck(cuda.cuModuleGetFunction(ctypes.byref(fn), mod, b"fp8_round_trips"), "get")
    y = torch.empty(N, device="cuda"); z = torch.empty(N, device="cuda"); gg = torch.empty(N, device="cuda", dtype=torch.float16)
    ptrs = [ctypes.c_uint64(t.data_ptr()) for t in (x, h, y, z, gg)]
    args = (ctypes.c_void_p * 5)(*[ctypes.cast(ctypes.byref(p), ctypes.c_void_p) for p in ptrs])
    ck(cuda.cuLaunchKernel(fn, N // 1024, 1, 1, 128, 1, 1, 0, None, args, None), "launch")
    torch.cuda.synchronize()
    return y.cpu(), z.cpu(), gg.cpu()
def sat(v, maxv):  # reference: satfinite, NaN stays NaN
    return torch.where(v.isnan(), v, v.clamp(-maxv, maxv))
def rtz(v, dtype, maxv):
    v = sat(v, maxv)
    r = v.to(dtype)
    bits = r.view(torch.uint8).int()
    over = (r.float().abs() > v.abs()) & ~v.isnan()
    bits = torch.where(over, bits - 1, bits)
    return bits.to(torch.uint8).view(dtype).float()
xc = x.cpu(); hc = h.cpu()
ref_y = sat(xc, 448.0).to(torch.float8_e4m3fn).float()
ref_z = rtz(rtz(xc, torch.float8_e4m3fn, 448.0), torch.float8_e5m2, 57344.0)
ref_g = sat(hc.float(), 57344.0).to(torch.float8_e5m2).to(torch.float16)
def same(a, b):
    return (a.view(torch.int32 if a.dtype == torch.float32 else torch.int16) == b.view(torch.int32 if b.dtype == torch.float32 else torch.int16)) | (a.isnan() & b.isnan())
ok = True
outs = {}
for name in ("k80.ptx", "k90.ptx"):
    y, z, gg = run(sys.argv[1] + "/" + name); outs[name] = (y, z, gg)
    for label, got, ref, src in (("f32->e4m3 rtne->f32", y, ref_y, xc), ("f32->e4m3->e5m2 rtz->f32", z, ref_z, xc), ("f16->e5m2 rtne->f16", gg, ref_g, hc)):
        bad = ~same(got, ref)
        print(f"{name} {label}: {int(bad.sum())} mismatches of {N}")
        if bad.any():
            ok = False
            i = bad.nonzero()[:5].flatten()
            print("   in", src[i].tolist(), "got", got[i].tolist(), "want", ref[i].tolist())
for a, b in zip(outs["k80.ptx"], outs["k90.ptx"]):
    print("sm_80 vs sm_90a bitwise differences:", int((~same(a, b)).sum()))
print("OK" if ok else "MISMATCH")
