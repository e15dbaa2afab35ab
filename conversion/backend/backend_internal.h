/* Private interface between the files of the back end (conversion/backend).
 *
 * Every step reports failure by returning false after appending a complete
 * sentence to an error buffer; only backend_compile.c turns that text into an
 * MLIR diagnostic. Buffers own their bytes and always stay NUL-terminated.
 */
#ifndef TILE_CONVERSION_BACKEND_INTERNAL_H
#define TILE_CONVERSION_BACKEND_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "llvm-c/Core.h"
#include "llvm-c/Target.h"
#include "llvm-c/TargetMachine.h"
#include "tile-c/Backend.h"

/* A growable NUL-terminated byte string (text, or binary with a length). */
typedef struct TileBackendBuffer {
  char *data;
  size_t length;
  size_t capacity;
} TileBackendBuffer;

void tileBackendBufferAppend(TileBackendBuffer *buffer, const char *bytes,
                             size_t length);
void tileBackendBufferAppendString(TileBackendBuffer *buffer, const char *text);
void tileBackendBufferAppendFormat(TileBackendBuffer *buffer,
                                   const char *format, ...)
    __attribute__((format(printf, 2, 3)));
/* Hands the bytes to the caller (free() them) and leaves the buffer empty;
 * NULL only when out of memory. */
char *tileBackendBufferTake(TileBackendBuffer *buffer);
void tileBackendBufferFree(TileBackendBuffer *buffer);

/* The validated options: what LLVM and ptxas are told. */
typedef struct TileBackendTarget {
  char arch[16];       /* LLVM CPU and ptxas -arch, e.g. "sm_90a". */
  char features[16];   /* LLVM features, e.g. "+ptx80". */
  int ptxVersion;      /* e.g. 80. */
  int optLevel;        /* 0..3 */
  bool flushDenormalsToZero;
  int maxRegisters;    /* 0: no limit. */
} TileBackendTarget;

/* target_options.c: checks `options` and fills `target`. */
bool tileBackendParseOptions(const TileBackendOptions *options,
                             TileBackendTarget *target,
                             TileBackendBuffer *error);
/* Raises `target`'s PTX version to `required` (what the module's inline PTX
 * needs) when the options left the version to the default; fails, saying
 * why, when they asked for an older one explicitly. */
bool tileBackendRequirePtxVersion(TileBackendTarget *target, int required,
                                  int requested, TileBackendBuffer *error);

/* ptx_emit.c: the NVPTX target machine, the optimization pipeline and PTX. */
bool tileBackendCreateTargetMachine(const TileBackendTarget *target,
                                    LLVMTargetMachineRef *machine,
                                    TileBackendBuffer *error);
/* Sets the module's triple and data layout from the machine. */
void tileBackendPrepareModule(LLVMModuleRef module,
                              LLVMTargetMachineRef machine);
/* Makes every function definition that is not a kernel internal, so the
 * optimizer may inline and drop it; kernels and global variables keep their
 * linkage. */
void tileBackendInternalizeNonKernels(LLVMModuleRef module);
bool tileBackendIsKernel(LLVMValueRef function);
/* Gives every kernel the `nvvm.maxnreg` attribute (PTX `.maxnreg`). */
void tileBackendLimitRegisters(LLVMModuleRef module, int maxRegisters);
bool tileBackendOptimize(LLVMModuleRef module, LLVMTargetMachineRef machine,
                         const TileBackendTarget *target,
                         TileBackendBuffer *error);
bool tileBackendEmitPtx(LLVMModuleRef module, LLVMTargetMachineRef machine,
                        TileBackendBuffer *ptx, TileBackendBuffer *error);

/* libdevice_link.c */
bool tileBackendModuleCallsLibdevice(LLVMModuleRef module);
/* Links the libdevice functions `module` uses (and what they call) into it
 * and sets the `nvvm-reflect-ftz` module flag. */
bool tileBackendLinkLibdevice(LLVMModuleRef module, MlirStringRef path,
                              bool flushDenormalsToZero,
                              TileBackendBuffer *error);

/* ptxas_invoke.c: assembles `ptx` into `cubin`. Sets *found to false (and
 * returns true) when no ptxas exists and none was named in the options; puts
 * ptxas's warnings in `log`. */
bool tileBackendRunPtxas(MlirStringRef ptxasPath, const TileBackendTarget *target,
                         const TileBackendBuffer *ptx, TileBackendBuffer *cubin,
                         bool *found, TileBackendBuffer *log,
                         TileBackendBuffer *error);

/* kernel_metadata.c: the kernel list of a translated (not yet optimized)
 * module, owned by the caller (tileBackendFreeKernels). */
bool tileBackendCollectKernels(LLVMModuleRef module, LLVMTargetMachineRef machine,
                               int64_t sharedBytes, TileKernelMetadata **kernels,
                               intptr_t *numKernels, TileBackendBuffer *error);
void tileBackendFreeKernels(TileKernelMetadata *kernels, intptr_t numKernels);
void tileBackendRenderMetadataJson(const char *arch, int ptxVersion,
                                   const TileKernelMetadata *kernels,
                                   intptr_t numKernels,
                                   TileBackendBuffer *json);

#endif /* TILE_CONVERSION_BACKEND_INTERNAL_H */
