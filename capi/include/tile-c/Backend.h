/*===- tile-c/Backend.h - LLVM dialect to PTX and cubin -----------*- C -*-===*
 *
 * The last step of the compiler: a module already in the LLVM and NVVM
 * dialects (kernels are `llvm.func` with `nvvm.kernel` and `nvvm.maxntid`)
 * becomes LLVM IR, gets libdevice linked when it calls `__nv_*` functions, is
 * optimized, emitted as PTX by LLVM's NVPTX back end and, when `ptxas` is
 * available, assembled into a cubin. Each kernel's launch metadata (name,
 * parameters, threads per block, dynamic shared memory) comes with the result.
 *
 * Errors are MLIR diagnostics on the module's location, so the caller's
 * diagnostic handler sees them; no function here aborts or exits.
 *
 * Process-wide state: the first compile sets LLVM's `-nvptx-short-ptr`
 * option (32-bit shared-memory addresses) in the libLLVM it runs on, once.
 * A host program that parses that same option into the same libLLVM itself
 * would make LLVM reject the second occurrence.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TILE_C_BACKEND_H
#define TILE_C_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mlir-c/IR.h"
#include "mlir-c/Support.h"

#ifdef __cplusplus
extern "C" {
#endif

//===----------------------------------------------------------------------===//
// Options
//===----------------------------------------------------------------------===//

/// How to compile. Start from tileBackendOptionsGetDefault() and change the
/// fields you need; the strings are borrowed for the duration of the
/// tileBackendCompile call only.
typedef struct TileBackendOptions {
  /// The GPU, as `cuda:<arch>`: cuda:70, cuda:75, cuda:80, cuda:86, cuda:87,
  /// cuda:89, cuda:90, cuda:90a, cuda:100, cuda:100a, cuda:103, cuda:120,
  /// cuda:120a, cuda:121 ... (an unknown one is an error that lists them).
  MlirStringRef target;
  /// LLVM optimization and code-generation level, 0 to 3; also passed to
  /// ptxas as -O<level>.
  int optLevel;
  /// Flush single-precision denormals to zero: selects libdevice's FTZ paths
  /// (module flag `nvvm-reflect-ftz`) and the `.ftz` PTX instructions.
  bool flushDenormalsToZero;
  /// PTX ISA version times ten (80 = PTX 8.0), or 0 for the target's default
  /// (8.0 up to sm_90a, the minimum LLVM accepts for newer GPUs), raised to
  /// what the module's instructions need (8.4 for fp8 mma.sync; the module
  /// attribute `tilegpu.min-ptx-version` says so).
  int ptxVersion;
  /// Path of the `ptxas` to run; empty: search $PATH, then
  /// /usr/local/cuda/bin/ptxas.
  MlirStringRef ptxasPath;
  /// Path of libdevice bitcode; empty: $CUDA_HOME/nvvm/libdevice/
  /// libdevice.10.bc, then /usr/local/cuda/nvvm/libdevice/libdevice.10.bc.
  MlirStringRef libdevicePath;
  /// Assemble a cubin with ptxas. When ptxas cannot be found the result holds
  /// PTX only (the driver can JIT it) and the log says so.
  bool emitCubin;
  /// Registers per thread that every kernel may use (PTX `.maxnreg`), 24 to
  /// 255, or 0 for ptxas's own choice. A lower limit lets more program
  /// instances share an SM, at the risk of spills (ptxas -v reports them).
  int maxRegisters;
} TileBackendOptions;

/// Returns the default options: target cuda:80, optLevel 3, no FTZ, default
/// PTX version, ptxas and libdevice found automatically, emitCubin true.
/// The strings in the returned value are static.
MLIR_CAPI_EXPORTED TileBackendOptions tileBackendOptionsGetDefault(void);

//===----------------------------------------------------------------------===//
// Kernel metadata
//===----------------------------------------------------------------------===//

/// One kernel parameter as the launcher must pass it.
typedef struct TileKernelParam {
  /// Short type name: `ptr`, `i1`, `i8`, `i16`, `i32`, `i64`, `f16`, `bf16`,
  /// `f32`, `f64`, or LLVM's spelling of any other type. Owned by the result.
  const char *type;
  /// Size in bytes in the kernel's parameter space.
  int64_t sizeBytes;
  /// Alignment in bytes in the kernel's parameter space.
  int64_t alignBytes;
  /// Address space of a `ptr` parameter (1 = global); 0 for non-pointers.
  int32_t addressSpace;
  /// What the kernel was compiled to assume of the argument (its
  /// `tile.divisibility`): an integer that is a multiple of this, a `ptr`
  /// aligned to this many bytes; 1 for nothing. A launcher must refuse
  /// arguments that break it: the code may read or write the wrong elements.
  int64_t divisibility;
} TileKernelParam;

/// What a launcher needs to know about one kernel.
typedef struct TileKernelMetadata {
  /// The kernel's symbol name in the PTX/cubin. Owned by the result.
  const char *name;
  /// Number of entries in `params`.
  intptr_t numParams;
  /// The parameters in order. Owned by the result.
  const TileKernelParam *params;
  /// Block shape from `nvvm.maxntid` (or `nvvm.reqntid`); {0, 0, 0} when the
  /// kernel carries neither.
  int32_t blockDims[3];
  /// Threads per block: the product of `blockDims`, 0 when unknown.
  int32_t threadsPerBlock;
  /// Dynamic shared memory to request at launch, in bytes: the builtin
  /// module's `tilegpu.shared` integer attribute, 0 without it.
  int64_t sharedBytes;
} TileKernelMetadata;

//===----------------------------------------------------------------------===//
// Result
//===----------------------------------------------------------------------===//

/// What tileBackendCompile produced: PTX, maybe a cubin, kernel metadata and
/// a log. Owned by the caller; free it with tileBackendResultDestroy.
typedef struct TileBackendResult {
  void *ptr;
} TileBackendResult;

/// Wall-clock time of each back-end stage of one compile, in milliseconds.
typedef struct TileBackendTimings {
  double translateMs; ///< MLIR LLVM dialect -> LLVM IR, metadata.
  double linkMs;      ///< libdevice load and link (0 when not needed).
  double optimizeMs;  ///< The LLVM optimization pipeline.
  double emitPtxMs;   ///< NVPTX code generation.
  double ptxasMs;     ///< Running ptxas (0 when not run).
} TileBackendTimings;

/// Compiles `module` (LLVM + NVVM dialects, unchanged by this call) to PTX
/// and, if asked and ptxas is available, a cubin. On success `*result` is a
/// new result owned by the caller. On failure `*result` is null, and an
/// error diagnostic on the module's location says what went wrong (a bad
/// option names the bad value and the accepted ones; a ptxas failure carries
/// ptxas's own log, and the command that reproduces it on the kept PTX).
/// Each call has its own LLVM context, so compiles may run on several threads
/// at once; the first call on an MlirContext registers the LLVM IR
/// translations in it, so make that one before going concurrent.
MLIR_CAPI_EXPORTED MlirLogicalResult
tileBackendCompile(MlirModule module, const TileBackendOptions *options,
                   TileBackendResult *result);

/// Returns true if `result` holds nothing (as after a failed compile).
static inline bool tileBackendResultIsNull(TileBackendResult result) {
  return !result.ptr;
}

/// Frees the result and everything it owns; a null result is ignored.
MLIR_CAPI_EXPORTED void tileBackendResultDestroy(TileBackendResult result);

/// Returns the PTX text (not counting its terminating NUL, which is there).
/// Borrowed: valid until the result is destroyed.
MLIR_CAPI_EXPORTED MlirStringRef tileBackendResultGetPtx(TileBackendResult result);

/// Returns true if the result holds a cubin from ptxas.
MLIR_CAPI_EXPORTED bool tileBackendResultHasCubin(TileBackendResult result);

/// Returns the cubin (an ELF image) and stores its size in `*sizeBytes`;
/// NULL and 0 when there is none. Borrowed: valid until the result is
/// destroyed.
MLIR_CAPI_EXPORTED const void *
tileBackendResultGetCubin(TileBackendResult result, size_t *sizeBytes);

/// Returns the GPU architecture compiled for, e.g. `sm_90a`. Borrowed.
MLIR_CAPI_EXPORTED MlirStringRef tileBackendResultGetArch(TileBackendResult result);

/// Returns the PTX ISA version used, times ten (e.g. 80).
MLIR_CAPI_EXPORTED int tileBackendResultGetPtxVersion(TileBackendResult result);

/// Returns notes and warnings that did not stop the compile (ptxas warnings,
/// "ptxas not found"), empty if none. Borrowed.
MLIR_CAPI_EXPORTED MlirStringRef tileBackendResultGetLog(TileBackendResult result);

/// Returns how long each stage took.
MLIR_CAPI_EXPORTED TileBackendTimings
tileBackendResultGetTimings(TileBackendResult result);

/// Returns the number of kernels (functions marked `nvvm.kernel`).
MLIR_CAPI_EXPORTED intptr_t tileBackendResultGetNumKernels(TileBackendResult result);

/// Returns kernel `pos` (0 <= pos < count), or NULL when out of range.
/// Borrowed: valid until the result is destroyed.
MLIR_CAPI_EXPORTED const TileKernelMetadata *
tileBackendResultGetKernel(TileBackendResult result, intptr_t pos);

/// Renders the arch, PTX version and kernel metadata as one JSON object and
/// passes it to `callback` (possibly in several pieces).
MLIR_CAPI_EXPORTED void
tileBackendResultPrintMetadataJson(TileBackendResult result,
                                   MlirStringCallback callback, void *userData);

#ifdef __cplusplus
}
#endif

#endif // TILE_C_BACKEND_H
