"""Launch tile kernels from Python through libtileruntime.so (ctypes).

The benchmarks time our kernels with the same tool as Triton's and torch's
(triton.testing.do_bench), so our launches must be Python callables on the
stream torch records its events on. This module wraps the part of
tile-c/Runtime.h that needs: load a cubin or PTX image, look a kernel up,
build its argument list from torch tensors (data_ptr()) and Python numbers,
and launch it.

Torch and the runtime share the device's primary context (both retain it
through the driver), so torch's device pointers are valid in our launches.
Launches go to torch's current stream when torch is loaded (wrapped with
tileStreamWrap when the launch is bound), else to CUDA's legacy default
stream, so they run in order with torch's work and its events time them.

Argument types come from the kernel's launch metadata (the JSON that
tile-compile writes with --metadata): `ptr` takes a tensor or an integer
address, `i32`/`i64` an int, `f32`/`f64` a float.
"""

import ctypes
import json
import os
import pathlib
import sys

REPO_ROOT = pathlib.Path(__file__).resolve().parent.parent

# Where find_runtime_library looks, after $TILE_RUNTIME_LIB.
RUNTIME_LIBRARY_CANDIDATES = (
    REPO_ROOT / "build" / "runtime" / "libtileruntime.so",
    REPO_ROOT / "bench" / ".build" / "libtileruntime.so",
)


class TileRuntimeError(RuntimeError):
    """A runtime call failed; the message is the runtime's own."""


class _Handle(ctypes.Structure):
    # Every handle of tile-c/Runtime.h is `struct { void *ptr; }` by value.
    _fields_ = [("ptr", ctypes.c_void_p)]


class _Dim3(ctypes.Structure):
    _fields_ = [("x", ctypes.c_uint), ("y", ctypes.c_uint), ("z", ctypes.c_uint)]


class _DeviceInfo(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char * 256),
        ("computeCapabilityMajor", ctypes.c_int),
        ("computeCapabilityMinor", ctypes.c_int),
        ("multiprocessorCount", ctypes.c_int),
        ("maxThreadsPerBlock", ctypes.c_int),
        ("maxSharedBytesPerBlockOptin", ctypes.c_int),
        ("totalMemoryBytes", ctypes.c_size_t),
        ("driverVersion", ctypes.c_int),
    ]


class _StringRef(ctypes.Structure):
    # TileRuntimeStringRef, passed by value.
    _fields_ = [("data", ctypes.c_char_p), ("length", ctypes.c_size_t)]


class _Options(ctypes.Structure):
    _fields_ = [("deviceOrdinal", ctypes.c_int), ("driverLibraryPath", ctypes.c_char_p)]


_Status = ctypes.c_int
_H = _Handle
_HP = ctypes.POINTER(_Handle)

# name: (restype, argtypes), as declared in tile-c/Runtime.h.
_SIGNATURES = {
    "tileRuntimeStatusGetName": (ctypes.c_char_p, [_Status]),
    "tileRuntimeCreate": (_Status, [ctypes.POINTER(_Options), _HP]),
    "tileRuntimeDestroy": (_Status, [_H]),
    "tileRuntimeGetLastError": (ctypes.c_char_p, [_H]),
    "tileRuntimeGetDeviceInfo": (_Status, [_H, ctypes.POINTER(_DeviceInfo)]),
    "tileRuntimeSynchronize": (_Status, [_H]),
    "tileModuleLoadPTX": (_Status, [_H, _StringRef, _HP]),
    "tileModuleLoadCubin": (_Status, [_H, ctypes.c_void_p, ctypes.c_size_t, _HP]),
    "tileModuleDestroy": (_Status, [_H, _H]),
    "tileKernelGetFunction": (_Status, [_H, _H, ctypes.c_char_p, _HP]),
    "tileKernelArgsCreate": (_Status, [_H, _HP]),
    "tileKernelArgsDestroy": (_Status, [_H, _H]),
    "tileKernelArgsAddPointer": (_Status, [_H, _H, ctypes.c_uint64]),
    "tileKernelArgsAddI32": (_Status, [_H, _H, ctypes.c_int32]),
    "tileKernelArgsAddI64": (_Status, [_H, _H, ctypes.c_int64]),
    "tileKernelArgsAddF32": (_Status, [_H, _H, ctypes.c_float]),
    "tileKernelArgsAddF64": (_Status, [_H, _H, ctypes.c_double]),
    "tileStreamWrap": (_Status, [_H, ctypes.c_void_p, _HP]),
    "tileKernelLaunch": (
        _Status,
        [_H, _H, _H, _Dim3, _Dim3, ctypes.c_size_t, _H],
    ),
}

_ADD_ARGUMENT = {
    "ptr": "tileKernelArgsAddPointer",
    "i32": "tileKernelArgsAddI32",
    "i64": "tileKernelArgsAddI64",
    "f32": "tileKernelArgsAddF32",
    "f64": "tileKernelArgsAddF64",
}


def find_runtime_library():
    """Returns the path of libtileruntime.so, or raises saying where it looked."""
    explicit = os.environ.get("TILE_RUNTIME_LIB")
    if explicit:
        if not os.path.exists(explicit):
            raise FileNotFoundError(f"TILE_RUNTIME_LIB={explicit} does not exist")
        return explicit
    for candidate in RUNTIME_LIBRARY_CANDIDATES:
        if candidate.exists():
            return str(candidate)
    looked = ", ".join(str(c) for c in RUNTIME_LIBRARY_CANDIDATES)
    raise FileNotFoundError(
        f"libtileruntime.so not found (looked at $TILE_RUNTIME_LIB, {looked}); "
        "build it with cmake, or with bench/run_on_device.sh, which compiles "
        "runtime/*.c when none is there"
    )


def _torch_current_stream():
    """torch's current CUDA stream (an int handle), or 0 without torch."""
    torch = sys.modules.get("torch")
    if torch is None or not torch.cuda.is_initialized():
        return 0
    return torch.cuda.current_stream().cuda_stream


class Runtime:
    """One tile runtime (driver, device, primary context) for this process."""

    def __init__(self, library_path=None, device=0):
        self.library_path = library_path or find_runtime_library()
        self._lib = ctypes.CDLL(self.library_path)
        for name, (restype, argtypes) in _SIGNATURES.items():
            function = getattr(self._lib, name)
            function.restype = restype
            function.argtypes = argtypes
        self._handle = _Handle()
        self._options = _Options(device, None)
        status = self._lib.tileRuntimeCreate(ctypes.byref(self._options), ctypes.byref(self._handle))
        if not self._handle.ptr:
            raise TileRuntimeError("tileRuntimeCreate returned no runtime (out of host memory?)")
        self._check(status, "tileRuntimeCreate")
        self._streams = {}  # CUstream handle -> wrapped TileStream

    def stream(self, cuda_stream):
        """The TileStream for CUstream `cuda_stream` (0: the default stream)."""
        if not cuda_stream:
            return _Handle()
        if cuda_stream not in self._streams:
            handle = _Handle()
            self.call("tileStreamWrap", ctypes.c_void_p(cuda_stream), ctypes.byref(handle))
            self._streams[cuda_stream] = handle
        return self._streams[cuda_stream]

    def _check(self, status, what):
        if status != 0:
            name = self._lib.tileRuntimeStatusGetName(status).decode()
            message = self._lib.tileRuntimeGetLastError(self._handle).decode(errors="replace")
            raise TileRuntimeError(f"{what}: {name}: {message}")

    def call(self, name, *args):
        """Calls runtime function `name` with the runtime first; raises on failure."""
        self._check(getattr(self._lib, name)(self._handle, *args), name)

    def device_info(self):
        """Returns the device's name, compute capability, SM count and driver version."""
        info = _DeviceInfo()
        self.call("tileRuntimeGetDeviceInfo", ctypes.byref(info))
        return {
            "name": info.name.decode(),
            "compute_capability": (info.computeCapabilityMajor, info.computeCapabilityMinor),
            "multiprocessors": info.multiprocessorCount,
            "driver_version": info.driverVersion,
        }

    def synchronize(self):
        self.call("tileRuntimeSynchronize")

    def load_module(self, cubin_path=None, ptx_path=None):
        """Loads a cubin if given and it suits the device, else JIT-loads the PTX."""
        module = _Handle()
        if cubin_path and os.path.exists(cubin_path):
            image = pathlib.Path(cubin_path).read_bytes()
            buffer = ctypes.create_string_buffer(image, len(image))
            self.call("tileModuleLoadCubin", buffer, len(image), ctypes.byref(module))
            return Module(self, module, str(cubin_path))
        if ptx_path and os.path.exists(ptx_path):
            text = pathlib.Path(ptx_path).read_bytes()
            self.call("tileModuleLoadPTX", _StringRef(text, len(text)), ctypes.byref(module))
            return Module(self, module, str(ptx_path))
        raise FileNotFoundError(f"neither {cubin_path} nor {ptx_path} exists")

    def close(self):
        if self._handle.ptr:
            status = self._lib.tileRuntimeDestroy(self._handle)
            self._handle = _Handle()
            if status != 0:
                raise TileRuntimeError(f"tileRuntimeDestroy: status {status}")


class Module:
    """A loaded image; kernels borrowed from it live as long as it does."""

    def __init__(self, runtime, handle, path):
        self.runtime, self._handle, self.path = runtime, handle, path

    def kernel(self, name, param_types, threads_per_block, shared_bytes=0, divisibility=None):
        handle = _Handle()
        self.runtime.call("tileKernelGetFunction", self._handle, name.encode(), ctypes.byref(handle))
        return Kernel(self, handle, name, param_types, threads_per_block, shared_bytes, divisibility)


class Kernel:
    """One kernel with what a launch needs: parameter types, block size, shared bytes."""

    def __init__(self, module, handle, name, param_types, threads_per_block, shared_bytes, divisibility=None):
        for param_type in param_types:
            if param_type not in _ADD_ARGUMENT:
                raise TileRuntimeError(f"kernel {name}: parameter type {param_type!r} is not supported here")
        self.module, self._handle, self.name = module, handle, name
        self.param_types = list(param_types)
        self.threads_per_block = threads_per_block
        self.shared_bytes = shared_bytes
        # What the kernel was compiled to assume of each argument (the
        # metadata's "divisibility": multiples, or byte alignment of a ptr).
        self.divisibility = list(divisibility or [1] * len(self.param_types))

    def _checked(self, index, param_type, value):
        """Argument `index` as ctypes passes it; raises when it does not fit the parameter."""
        if param_type == "ptr":
            value = value if isinstance(value, int) else value.data_ptr()
        elif param_type in ("i32", "i64"):
            if not isinstance(value, int) or isinstance(value, bool):
                raise TileRuntimeError(f"kernel {self.name}: argument {index} ({param_type}) must be an int")
            bits = 32 if param_type == "i32" else 64
            if not -(1 << (bits - 1)) <= value < (1 << (bits - 1)):
                # ctypes would wrap it silently.
                raise TileRuntimeError(f"kernel {self.name}: argument {index} = {value} does not fit {param_type}")
        else:
            return float(value)
        divisor = self.divisibility[index]
        if divisor > 1 and value % divisor:
            raise TileRuntimeError(
                f"kernel {self.name}: argument {index} = {value:#x} is not a multiple of {divisor}, "
                "which the kernel was compiled to assume (tile.divisibility)")
        return value

    def bind(self, grid, args):
        """Returns a callable that launches the kernel on `grid` with `args`.

        The argument list is built once, so each call is one tileKernelLaunch
        through ctypes; the tensors in `args` must outlive the callable.
        """
        if len(args) != len(self.param_types):
            raise TileRuntimeError(
                f"kernel {self.name} takes {len(self.param_types)} arguments "
                f"({', '.join(self.param_types)}), got {len(args)}"
            )
        values = [self._checked(index, param_type, value)
                  for index, (param_type, value) in enumerate(zip(self.param_types, args))]
        runtime = self.module.runtime
        arg_list = _Handle()
        runtime.call("tileKernelArgsCreate", ctypes.byref(arg_list))
        for param_type, value in zip(self.param_types, values):
            runtime.call(_ADD_ARGUMENT[param_type], arg_list, value)
        grid = tuple(grid) + (1,) * (3 - len(grid))
        stream = runtime.stream(_torch_current_stream())
        return BoundLaunch(self, arg_list, _Dim3(*grid), _Dim3(self.threads_per_block, 1, 1), stream)


class BoundLaunch:
    """A kernel with its arguments and grid; calling it launches it once."""

    def __init__(self, kernel, arg_list, grid, block, stream):
        self.kernel, self._args, self.grid, self.block = kernel, arg_list, grid, block
        runtime = kernel.module.runtime
        self._launch = runtime._lib.tileKernelLaunch
        self._runtime = runtime
        self._prefix = (runtime._handle, kernel._handle, stream, grid, block, kernel.shared_bytes, arg_list)

    def __call__(self):
        status = self._launch(*self._prefix)
        if status != 0:
            self._runtime._check(status, f"tileKernelLaunch({self.kernel.name})")

    def release(self):
        if self._args.ptr:
            self._runtime.call("tileKernelArgsDestroy", self._args)
            self._args = _Handle()


def load_manifest_kernel(runtime, entry, kernels_dir=None):
    """Loads manifest entry `entry` from bench/kernels/<name>.{cubin,ptx,json}.

    Prefers the cubin when its arch matches the device's compute capability
    (sm_90a suits 9.0), else the PTX (driver JIT). Returns (Kernel, how) with
    `how` saying which image was loaded.
    """
    kernels_dir = pathlib.Path(kernels_dir or REPO_ROOT / "bench" / "kernels")
    name = entry["name"]
    metadata_path = kernels_dir / f"{name}.json"
    cubin = kernels_dir / f"{name}.cubin"
    ptx = kernels_dir / f"{name}.ptx"
    if not metadata_path.exists():
        raise FileNotFoundError(f"{metadata_path} is missing: run bench/build_kernels.py on a machine with tile-compile")
    metadata = json.loads(metadata_path.read_text())
    kernel_meta = next((k for k in metadata["kernels"] if k["name"] == entry["kernel"]), None)
    if kernel_meta is None:
        raise TileRuntimeError(f"{metadata_path} has no kernel named {entry['kernel']}")
    major, minor = runtime.device_info()["compute_capability"]
    arch = metadata.get("arch", "")
    digits = "".join(ch for ch in arch if ch.isdigit())
    use_cubin = cubin.exists() and digits == f"{major}{minor}"
    module = runtime.load_module(cubin_path=str(cubin) if use_cubin else None, ptx_path=str(ptx))
    threads = kernel_meta.get("threads_per_block") or 32 * entry["num_warps"]
    kernel = module.kernel(
        entry["kernel"],
        [p["type"] for p in kernel_meta["params"]],
        threads,
        kernel_meta.get("shared_bytes", 0),
        [p.get("divisibility", 1) for p in kernel_meta["params"]],
    )
    how = f"cubin {arch}" if use_cubin else f"PTX JIT ({arch or 'unknown arch'} cubin does not suit sm_{major}{minor})"
    return kernel, how
