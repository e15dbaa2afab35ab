/* tileBackendCompile: the back end's one entry point, and the result object.
 *
 * The steps, each in its own file: check the options (target_options.c),
 * translate the LLVM-dialect module to LLVM IR with MLIR's C API, read the
 * kernel metadata (kernel_metadata.c), link libdevice when `__nv_*` is called
 * (libdevice_link.c), internalize, optimize and emit PTX (ptx_emit.c), and run
 * ptxas (ptxas_invoke.c).
 *
 * Invariants: the MLIR module is never changed; each compile has its own
 * LLVMContext, so compiles on different threads share nothing but the
 * once-registered NVPTX target; every failure becomes exactly one error
 * diagnostic on the module's location, carrying LLVM's and ptxas's messages,
 * and leaves *result null.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backend_internal.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/Diagnostics.h"
#include "mlir-c/RegisterEverything.h"
#include "mlir-c/Target/LLVMIR.h"

static const char sharedBytesAttributeName[] = "tilegpu.shared";
/* The lowering records here the PTX version its inline PTX needs (fp8
 * mma.sync: 8.4), which the default of 8.0 may be below. */
static const char minPtxVersionAttributeName[] = "tilegpu.min-ptx-version";

typedef struct BackendResult {
  char *ptx;
  size_t ptxLength;
  char *cubin;
  size_t cubinSize;
  char *log;
  size_t logLength;
  char arch[16];
  int ptxVersion;
  TileKernelMetadata *kernels;
  intptr_t numKernels;
  TileBackendTimings timings;
} BackendResult;

/* Everything one compile holds while it runs. */
typedef struct BackendRun {
  const TileBackendOptions *options;
  TileBackendTarget target;
  LLVMContextRef context;
  LLVMTargetMachineRef machine;
  LLVMModuleRef module;
  int64_t sharedBytes;
  TileKernelMetadata *kernels;
  intptr_t numKernels;
  TileBackendBuffer ptx, cubin, log, error;
  /* Errors LLVM reports through the context's diagnostic handler. */
  TileBackendBuffer llvmErrors;
  TileBackendTimings timings;
} BackendRun;

TileBackendOptions tileBackendOptionsGetDefault(void) {
  TileBackendOptions options;
  memset(&options, 0, sizeof(options));
  options.target = mlirStringRefCreateFromCString("cuda:80");
  options.optLevel = 3;
  options.ptxasPath = mlirStringRefCreate(NULL, 0);
  options.libdevicePath = mlirStringRefCreate(NULL, 0);
  options.emitCubin = true;
  return options;
}

static double nowMs(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)now.tv_sec * 1e3 + (double)now.tv_nsec * 1e-6;
}

/* LLVM's diagnostics (linker conflicts, inline-asm errors during codegen)
 * arrive here instead of being printed; errors fail the compile, warnings go
 * to the result's log. Remarks and notes (e.g. NVPTX's per-function
 * instruction counts) are optimizer chatter and are dropped. */
static void collectLlvmDiagnostic(LLVMDiagnosticInfoRef info, void *userData) {
  BackendRun *run = userData;
  LLVMDiagnosticSeverity severity = LLVMGetDiagInfoSeverity(info);
  if (severity == LLVMDSRemark || severity == LLVMDSNote)
    return;
  char *description = LLVMGetDiagInfoDescription(info);
  TileBackendBuffer *into =
      severity == LLVMDSError ? &run->llvmErrors : &run->log;
  tileBackendBufferAppendFormat(into, "LLVM %s: %s\n",
                                severity == LLVMDSError ? "error" : "warning",
                                description ? description : "");
  LLVMDisposeMessage(description);
}

static bool readSharedBytes(MlirModule module, int64_t *sharedBytes,
                            TileBackendBuffer *error) {
  MlirAttribute attribute = mlirOperationGetAttributeByName(
      mlirModuleGetOperation(module),
      mlirStringRefCreateFromCString(sharedBytesAttributeName));
  *sharedBytes = 0;
  if (mlirAttributeIsNull(attribute))
    return true;
  if (!mlirAttributeIsAInteger(attribute) ||
      mlirIntegerAttrGetValueInt(attribute) < 0) {
    tileBackendBufferAppendFormat(
        error,
        "the module attribute '%s' must be a non-negative integer (the "
        "dynamic shared memory in bytes)",
        sharedBytesAttributeName);
    return false;
  }
  *sharedBytes = mlirIntegerAttrGetValueInt(attribute);
  return true;
}

static bool raisePtxVersionForModule(BackendRun *run, MlirModule module) {
  MlirAttribute attribute = mlirOperationGetAttributeByName(
      mlirModuleGetOperation(module),
      mlirStringRefCreateFromCString(minPtxVersionAttributeName));
  if (mlirAttributeIsNull(attribute))
    return true;
  if (!mlirAttributeIsAInteger(attribute)) {
    tileBackendBufferAppendFormat(
        &run->error, "the module attribute '%s' must be an integer (a PTX version "
                     "times ten)",
        minPtxVersionAttributeName);
    return false;
  }
  return tileBackendRequirePtxVersion(&run->target,
                                      (int)mlirIntegerAttrGetValueInt(attribute),
                                      run->options->ptxVersion, &run->error);
}

static bool translateToLlvmIr(BackendRun *run, MlirModule module) {
  MlirContext context = mlirModuleGetContext(module);
  mlirRegisterAllLLVMTranslations(context);
  run->module =
      mlirTranslateModuleToLLVMIR(mlirModuleGetOperation(module), run->context);
  if (!run->module) {
    tileBackendBufferAppendString(
        &run->error,
        "the module could not be translated to LLVM IR (see the errors "
        "before this one); it must be entirely in the LLVM and NVVM dialects");
    return false;
  }
  tileBackendPrepareModule(run->module, run->machine);
  return true;
}

static bool collectKernels(BackendRun *run) {
  if (!tileBackendCollectKernels(run->module, run->machine, run->sharedBytes,
                                 &run->kernels, &run->numKernels, &run->error))
    return false;
  if (run->numKernels > 0)
    return true;
  tileBackendBufferAppendString(
      &run->error, "the module has no kernel; mark the entry llvm.func with "
                   "the nvvm.kernel attribute");
  return false;
}

/* Each kernel's `tile.arg_divisibility` (what convert-tilegpu-to-llvm
 * records of the arguments' tile.divisibility) into its parameters. */
static void readDivisibility(BackendRun *run, MlirModule module) {
  MlirBlock body = mlirModuleGetBody(module);
  for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op)) {
    MlirAttribute name =
        mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("sym_name"));
    MlirAttribute divisibility = mlirOperationGetAttributeByName(
        op, mlirStringRefCreateFromCString("tile.arg_divisibility"));
    if (mlirAttributeIsNull(name) || !mlirAttributeIsAString(name) ||
        mlirAttributeIsNull(divisibility) || !mlirAttributeIsADenseI64Array(divisibility))
      continue;
    MlirStringRef text = mlirStringAttrGetValue(name);
    for (intptr_t k = 0; k < run->numKernels; ++k) {
      TileKernelMetadata *kernel = &run->kernels[k];
      if (strlen(kernel->name) != text.length ||
          strncmp(kernel->name, text.data, text.length) != 0 ||
          mlirDenseArrayGetNumElements(divisibility) != kernel->numParams)
        continue;
      for (intptr_t i = 0; i < kernel->numParams; ++i)
        ((TileKernelParam *)kernel->params)[i].divisibility =
            mlirDenseI64ArrayGetElement(divisibility, i);
    }
  }
}

static bool linkLibdeviceIfCalled(BackendRun *run) {
  if (!tileBackendModuleCallsLibdevice(run->module))
    return true;
  return tileBackendLinkLibdevice(run->module, run->options->libdevicePath,
                                  run->target.flushDenormalsToZero,
                                  &run->error);
}

/* Turns errors LLVM reported through its diagnostic handler into a failure
 * of the step that just ran. */
static bool noLlvmErrors(BackendRun *run, const char *step) {
  if (!run->llvmErrors.length)
    return true;
  tileBackendBufferAppendFormat(&run->error, "%s failed:\n%s", step,
                                run->llvmErrors.data);
  return false;
}

static bool assembleCubinIfAsked(BackendRun *run) {
  if (!run->options->emitCubin)
    return true;
  bool found = false;
  if (!tileBackendRunPtxas(run->options->ptxasPath, &run->target, &run->ptx,
                           &run->cubin, &found, &run->log, &run->error))
    return false;
  if (!found)
    tileBackendBufferAppendString(
        &run->log, "ptxas not found (searched $PATH, $CUDA_HOME/bin and "
                   "/usr/local/cuda/bin); the result holds PTX only, which "
                   "the driver compiles at load time\n");
  return true;
}

static bool runBackendSteps(BackendRun *run, MlirModule module) {
  double start = nowMs();
  if (!readSharedBytes(module, &run->sharedBytes, &run->error) ||
      !raisePtxVersionForModule(run, module) ||
      !tileBackendCreateTargetMachine(&run->target, &run->machine,
                                      &run->error) ||
      !translateToLlvmIr(run, module) || !collectKernels(run))
    return false;
  readDivisibility(run, module);
  double translated = nowMs();
  run->timings.translateMs = translated - start;
  if (!linkLibdeviceIfCalled(run) || !noLlvmErrors(run, "linking libdevice"))
    return false;
  double linked = nowMs();
  run->timings.linkMs = linked - translated;
  tileBackendInternalizeNonKernels(run->module);
  if (run->target.maxRegisters)
    tileBackendLimitRegisters(run->module, run->target.maxRegisters);
  if (!tileBackendOptimize(run->module, run->machine, &run->target,
                           &run->error) ||
      !noLlvmErrors(run, "optimizing"))
    return false;
  double optimized = nowMs();
  run->timings.optimizeMs = optimized - linked;
  if (!tileBackendEmitPtx(run->module, run->machine, &run->ptx, &run->error) ||
      !noLlvmErrors(run, "NVPTX code generation"))
    return false;
  double emitted = nowMs();
  run->timings.emitPtxMs = emitted - optimized;
  if (!assembleCubinIfAsked(run))
    return false;
  run->timings.ptxasMs = nowMs() - emitted;
  return true;
}

static BackendResult *takeResult(BackendRun *run) {
  BackendResult *result = calloc(1, sizeof(*result));
  if (!result)
    return NULL;
  result->ptxLength = run->ptx.length;
  result->ptx = tileBackendBufferTake(&run->ptx);
  result->cubinSize = run->cubin.length;
  result->cubin = run->cubin.length ? tileBackendBufferTake(&run->cubin) : NULL;
  result->logLength = run->log.length;
  result->log = tileBackendBufferTake(&run->log);
  memcpy(result->arch, run->target.arch, sizeof(result->arch));
  result->ptxVersion = run->target.ptxVersion;
  result->kernels = run->kernels;
  result->numKernels = run->numKernels;
  run->kernels = NULL;
  run->numKernels = 0;
  result->timings = run->timings;
  return result;
}

static void releaseRun(BackendRun *run) {
  if (run->module)
    LLVMDisposeModule(run->module);
  if (run->machine)
    LLVMDisposeTargetMachine(run->machine);
  if (run->context)
    LLVMContextDispose(run->context);
  tileBackendFreeKernels(run->kernels, run->numKernels);
  tileBackendBufferFree(&run->ptx);
  tileBackendBufferFree(&run->cubin);
  tileBackendBufferFree(&run->log);
  tileBackendBufferFree(&run->error);
  tileBackendBufferFree(&run->llvmErrors);
}

MlirLogicalResult tileBackendCompile(MlirModule module,
                                     const TileBackendOptions *options,
                                     TileBackendResult *result) {
  if (result)
    result->ptr = NULL;
  if (mlirModuleIsNull(module))
    return mlirLogicalResultFailure();
  MlirLocation location =
      mlirOperationGetLocation(mlirModuleGetOperation(module));
  BackendRun run;
  memset(&run, 0, sizeof(run));
  run.options = options;
  bool ok = true;
  if (!result) {
    tileBackendBufferAppendString(&run.error, "no result pointer was given");
    ok = false;
  }
  ok = ok && tileBackendParseOptions(options, &run.target, &run.error);
  if (ok) {
    run.context = LLVMContextCreate();
    LLVMContextSetDiagnosticHandler(run.context, collectLlvmDiagnostic, &run);
    ok = runBackendSteps(&run, module);
  }
  if (ok) {
    result->ptr = takeResult(&run);
    if (!result->ptr) {
      tileBackendBufferAppendString(&run.error, "out of memory for the result");
      ok = false;
    }
  }
  if (!ok) {
    TileBackendBuffer message = {0};
    tileBackendBufferAppendFormat(&message, "tile backend: %s",
                                  run.error.data ? run.error.data
                                                 : "unknown failure");
    mlirEmitError(location, message.data);
    tileBackendBufferFree(&message);
  }
  releaseRun(&run);
  return ok ? mlirLogicalResultSuccess() : mlirLogicalResultFailure();
}

static BackendResult *unwrapResult(TileBackendResult result) {
  return (BackendResult *)result.ptr;
}

void tileBackendResultDestroy(TileBackendResult result) {
  BackendResult *storage = unwrapResult(result);
  if (!storage)
    return;
  free(storage->ptx);
  free(storage->cubin);
  free(storage->log);
  tileBackendFreeKernels(storage->kernels, storage->numKernels);
  free(storage);
}

MlirStringRef tileBackendResultGetPtx(TileBackendResult result) {
  BackendResult *storage = unwrapResult(result);
  return mlirStringRefCreate(storage->ptx, storage->ptxLength);
}

bool tileBackendResultHasCubin(TileBackendResult result) {
  return unwrapResult(result)->cubinSize > 0;
}

const void *tileBackendResultGetCubin(TileBackendResult result,
                                      size_t *sizeBytes) {
  BackendResult *storage = unwrapResult(result);
  if (sizeBytes)
    *sizeBytes = storage->cubinSize;
  return storage->cubin;
}

MlirStringRef tileBackendResultGetArch(TileBackendResult result) {
  return mlirStringRefCreateFromCString(unwrapResult(result)->arch);
}

int tileBackendResultGetPtxVersion(TileBackendResult result) {
  return unwrapResult(result)->ptxVersion;
}

MlirStringRef tileBackendResultGetLog(TileBackendResult result) {
  BackendResult *storage = unwrapResult(result);
  return mlirStringRefCreate(storage->log, storage->logLength);
}

TileBackendTimings tileBackendResultGetTimings(TileBackendResult result) {
  return unwrapResult(result)->timings;
}

intptr_t tileBackendResultGetNumKernels(TileBackendResult result) {
  return unwrapResult(result)->numKernels;
}

const TileKernelMetadata *tileBackendResultGetKernel(TileBackendResult result,
                                                     intptr_t pos) {
  BackendResult *storage = unwrapResult(result);
  if (pos < 0 || pos >= storage->numKernels)
    return NULL;
  return &storage->kernels[pos];
}

void tileBackendResultPrintMetadataJson(TileBackendResult result,
                                        MlirStringCallback callback,
                                        void *userData) {
  BackendResult *storage = unwrapResult(result);
  TileBackendBuffer json = {0};
  tileBackendRenderMetadataJson(storage->arch, storage->ptxVersion,
                                storage->kernels, storage->numKernels, &json);
  callback(mlirStringRefCreate(json.data, json.length), userData);
  tileBackendBufferFree(&json);
}
