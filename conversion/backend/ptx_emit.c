/* LLVM IR to PTX with LLVM's C API: the NVPTX target machine, the
 * optimization pipeline and code generation.
 *
 * Invariants: kernels (calling convention ptx_kernel) stay external so they
 * appear as `.entry` in the PTX; every other function definition is made
 * internal before optimizing, so after inlining nothing but the kernels (and
 * what they still call) is left. The NVPTX target is registered once per
 * process, behind pthread_once, before any target machine is made.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "backend_internal.h"
#include "llvm-c/Analysis.h"
#include "llvm-c/Support.h"
#include "llvm-c/Transforms/PassBuilder.h"

static const char nvptxTriple[] = "nvptx64-nvidia-cuda";

static pthread_once_t nvptxRegistered = PTHREAD_ONCE_INIT;

/* Shared-memory (and constant, local) pointers are 32 bits wide: every
 * ldmatrix, cp.async and shared load then carries a 32-bit address, which
 * halves the registers a GEMM's loop-invariant operand offsets hold. The
 * option is read when a target machine is made, so it is set once, before
 * the first one. */
static void useShortSharedPointers(void) {
  const char *arguments[] = {"tile", "-nvptx-short-ptr"};
  LLVMParseCommandLineOptions(2, arguments, NULL);
}

static void registerNvptxTarget(void) {
  useShortSharedPointers();
  LLVMInitializeNVPTXTargetInfo();
  LLVMInitializeNVPTXTarget();
  LLVMInitializeNVPTXTargetMC();
  LLVMInitializeNVPTXAsmPrinter();
}

static LLVMCodeGenOptLevel codeGenLevel(int optLevel) {
  switch (optLevel) {
  case 0:
    return LLVMCodeGenLevelNone;
  case 1:
    return LLVMCodeGenLevelLess;
  case 2:
    return LLVMCodeGenLevelDefault;
  default:
    return LLVMCodeGenLevelAggressive;
  }
}

/* Moves an LLVM-allocated message into the error buffer. */
static void appendLlvmMessage(TileBackendBuffer *error, const char *context,
                              char *message) {
  tileBackendBufferAppendFormat(error, "%s: %s", context,
                                message ? message : "(no message)");
  LLVMDisposeMessage(message);
}

bool tileBackendCreateTargetMachine(const TileBackendTarget *target,
                                    LLVMTargetMachineRef *machine,
                                    TileBackendBuffer *error) {
  pthread_once(&nvptxRegistered, registerNvptxTarget);
  LLVMTargetRef nvptx = NULL;
  char *message = NULL;
  if (LLVMGetTargetFromTriple(nvptxTriple, &nvptx, &message)) {
    appendLlvmMessage(error, "LLVM has no NVPTX back end", message);
    return false;
  }
  *machine = LLVMCreateTargetMachine(
      nvptx, nvptxTriple, target->arch, target->features,
      codeGenLevel(target->optLevel), LLVMRelocDefault, LLVMCodeModelDefault);
  if (!*machine) {
    tileBackendBufferAppendFormat(error,
                                  "LLVM could not create an NVPTX target "
                                  "machine for %s with %s",
                                  target->arch, target->features);
    return false;
  }
  return true;
}

void tileBackendPrepareModule(LLVMModuleRef module,
                              LLVMTargetMachineRef machine) {
  LLVMSetTarget(module, nvptxTriple);
  LLVMTargetDataRef layout = LLVMCreateTargetDataLayout(machine);
  LLVMSetModuleDataLayout(module, layout);
  LLVMDisposeTargetData(layout);
}

bool tileBackendIsKernel(LLVMValueRef function) {
  return LLVMGetFunctionCallConv(function) == LLVMPTXKernelCallConv;
}

/* Gives the string function attribute `key` = `value` to every function
 * definition, or to the kernels alone. */
static void addFunctionAttribute(LLVMModuleRef module, const char *key, const char *value,
                                 bool kernelsOnly) {
  LLVMAttributeRef attribute =
      LLVMCreateStringAttribute(LLVMGetModuleContext(module), key, (unsigned)strlen(key),
                                value, (unsigned)strlen(value));
  for (LLVMValueRef function = LLVMGetFirstFunction(module); function;
       function = LLVMGetNextFunction(function))
    if (!LLVMIsDeclaration(function) && (!kernelsOnly || tileBackendIsKernel(function)))
      LLVMAddAttributeAtIndex(function, LLVMAttributeFunctionIndex, attribute);
}

void tileBackendLimitRegisters(LLVMModuleRef module, int maxRegisters) {
  char value[16];
  snprintf(value, sizeof(value), "%d", maxRegisters);
  addFunctionAttribute(module, "nvvm.maxnreg", value, true);
}

void tileBackendInternalizeNonKernels(LLVMModuleRef module) {
  for (LLVMValueRef function = LLVMGetFirstFunction(module); function;
       function = LLVMGetNextFunction(function)) {
    if (LLVMIsDeclaration(function) || tileBackendIsKernel(function))
      continue;
    LLVMSetLinkage(function, LLVMInternalLinkage);
    LLVMSetVisibility(function, LLVMDefaultVisibility);
  }
}

/* Marks every function definition as flushing f32 denormals, which is what
 * makes NVPTX select the `.ftz` instruction forms. */
static void markFlushDenormals(LLVMModuleRef module) {
  addFunctionAttribute(module, "denormal-fp-math-f32", "preserve-sign,preserve-sign", false);
}

bool tileBackendOptimize(LLVMModuleRef module, LLVMTargetMachineRef machine,
                         const TileBackendTarget *target,
                         TileBackendBuffer *error) {
  if (target->flushDenormalsToZero)
    markFlushDenormals(module);
  char *message = NULL;
  if (LLVMVerifyModule(module, LLVMReturnStatusAction, &message)) {
    appendLlvmMessage(error, "the LLVM IR does not verify", message);
    return false;
  }
  LLVMDisposeMessage(message);
  /* globaldce first: after libdevice is linked and internalized, most of it
   * is dead, and the function pipelines should not spend time on it.
   * nvvm-reflect resolves libdevice's __nvvm_reflect queries (FTZ, arch)
   * even at O0, where nothing else would. instsimplify then folds the
   * extractvalue-of-insertvalue chains that every lowered tensor op leaves
   * (a tensor travels as a struct of its registers): left to O3, IPSCCP
   * tracks each struct field by field and takes most of the time, 80% of
   * a 128x256 GEMM's and seconds for bigger per-thread tiles. */
  char passes[96];
  snprintf(passes, sizeof(passes),
           "globaldce,nvvm-reflect,function(instsimplify),default<O%d>", target->optLevel);
  LLVMPassBuilderOptionsRef passOptions = LLVMCreatePassBuilderOptions();
  LLVMErrorRef failure = LLVMRunPasses(module, passes, machine, passOptions);
  LLVMDisposePassBuilderOptions(passOptions);
  if (failure) {
    char *failureMessage = LLVMGetErrorMessage(failure);
    tileBackendBufferAppendFormat(
        error, "the LLVM optimization pipeline '%s' failed: %s", passes,
        failureMessage);
    LLVMDisposeErrorMessage(failureMessage);
    return false;
  }
  return true;
}

bool tileBackendEmitPtx(LLVMModuleRef module, LLVMTargetMachineRef machine,
                        TileBackendBuffer *ptx, TileBackendBuffer *error) {
  LLVMMemoryBufferRef output = NULL;
  char *message = NULL;
  if (LLVMTargetMachineEmitToMemoryBuffer(machine, module, LLVMAssemblyFile,
                                          &message, &output)) {
    appendLlvmMessage(error, "NVPTX code generation failed", message);
    return false;
  }
  LLVMDisposeMessage(message);
  const char *text = LLVMGetBufferStart(output);
  size_t length = LLVMGetBufferSize(output);
  /* The buffer may or may not count a trailing NUL; the PTX text does not. */
  while (length && text[length - 1] == '\0')
    --length;
  tileBackendBufferAppend(ptx, text, length);
  LLVMDisposeMemoryBuffer(output);
  return true;
}
