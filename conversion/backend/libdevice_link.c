/* Links NVIDIA's libdevice (the `__nv_*` math functions, as LLVM bitcode)
 * into a kernel module that calls it.
 *
 * Only what the module uses is read and linked: libdevice is loaded lazily
 * and each of its definitions is made linkonce_odr first, so LLVM's linker
 * copies (and the bitcode reader materializes) just the functions the module
 * declares and what those call. The linked functions become internal later
 * (tileBackendInternalizeNonKernels), so after inlining nothing of libdevice
 * is left but inlined code.
 *
 * Invariant: after a successful link no `__nv_*` declaration remains.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend_internal.h"
#include "llvm-c/BitReader.h"
#include "llvm-c/Linker.h"

static const char libdevicePrefix[] = "__nv_";
static const char libdeviceRelativePath[] = "nvvm/libdevice/libdevice.10.bc";
static const char defaultCudaHome[] = "/usr/local/cuda";

static bool isLibdeviceDeclaration(LLVMValueRef function) {
  size_t length = 0;
  const char *name = LLVMGetValueName2(function, &length);
  return LLVMIsDeclaration(function) && length >= sizeof(libdevicePrefix) - 1 &&
         memcmp(name, libdevicePrefix, sizeof(libdevicePrefix) - 1) == 0;
}

bool tileBackendModuleCallsLibdevice(LLVMModuleRef module) {
  for (LLVMValueRef function = LLVMGetFirstFunction(module); function;
       function = LLVMGetNextFunction(function))
    if (isLibdeviceDeclaration(function))
      return true;
  return false;
}

/* Picks the libdevice file: the option, else under $CUDA_HOME, else under
 * /usr/local/cuda. Fills `path` (a NUL-terminated copy). */
static bool findLibdevice(MlirStringRef option, TileBackendBuffer *path,
                          TileBackendBuffer *error) {
  if (option.length) {
    tileBackendBufferAppend(path, option.data, option.length);
    if (access(path->data, R_OK) == 0)
      return true;
    tileBackendBufferAppendFormat(
        error, "cannot read libdevice at '%s' (the libdevicePath option)",
        path->data);
    return false;
  }
  const char *cudaHome = getenv("CUDA_HOME");
  if (cudaHome && *cudaHome) {
    tileBackendBufferAppendFormat(path, "%s/%s", cudaHome,
                                  libdeviceRelativePath);
    if (access(path->data, R_OK) == 0)
      return true;
    path->length = 0;
  }
  tileBackendBufferAppendFormat(path, "%s/%s", defaultCudaHome,
                                libdeviceRelativePath);
  if (access(path->data, R_OK) == 0)
    return true;
  tileBackendBufferAppendFormat(
      error,
      "the module calls libdevice (__nv_*) functions but libdevice was not "
      "found at %s or under $CUDA_HOME; set the libdevicePath option",
      path->data);
  return false;
}

static bool loadLibdeviceLazily(const char *path, LLVMContextRef context,
                                LLVMModuleRef *libdevice,
                                TileBackendBuffer *error) {
  LLVMMemoryBufferRef bitcode = NULL;
  char *message = NULL;
  if (LLVMCreateMemoryBufferWithContentsOfFile(path, &bitcode, &message)) {
    tileBackendBufferAppendFormat(error, "cannot read libdevice '%s': %s", path,
                                  message ? message : "(no message)");
    LLVMDisposeMessage(message);
    return false;
  }
  /* On success the module owns the buffer; on failure we still do. */
  if (LLVMGetBitcodeModuleInContext2(context, bitcode, libdevice)) {
    LLVMDisposeMemoryBuffer(bitcode);
    tileBackendBufferAppendFormat(error, "'%s' is not valid LLVM bitcode",
                                  path);
    return false;
  }
  return true;
}

/* Makes libdevice agree with the kernel module on triple and data layout (so
 * the linker does not warn) and makes each definition linkonce_odr (so the
 * linker takes only the ones referenced). Neither needs a function body, so
 * nothing is materialized here. */
static void prepareLibdeviceForLinking(LLVMModuleRef libdevice,
                                       LLVMModuleRef module) {
  LLVMSetTarget(libdevice, LLVMGetTarget(module));
  LLVMSetDataLayout(libdevice, LLVMGetDataLayoutStr(module));
  for (LLVMValueRef function = LLVMGetFirstFunction(libdevice); function;
       function = LLVMGetNextFunction(function))
    if (!LLVMIsDeclaration(function) &&
        LLVMGetLinkage(function) == LLVMExternalLinkage)
      LLVMSetLinkage(function, LLVMLinkOnceODRLinkage);
}

static bool checkAllLibdeviceCallsResolved(LLVMModuleRef module,
                                           const char *path,
                                           TileBackendBuffer *error) {
  for (LLVMValueRef function = LLVMGetFirstFunction(module); function;
       function = LLVMGetNextFunction(function)) {
    if (!isLibdeviceDeclaration(function))
      continue;
    size_t length = 0;
    const char *name = LLVMGetValueName2(function, &length);
    tileBackendBufferAppendFormat(
        error, "libdevice ('%s') has no function '%.*s' that the module calls",
        path, (int)length, name);
    return false;
  }
  return true;
}

static void setReflectFtzFlag(LLVMModuleRef module, bool flushDenormalsToZero) {
  static const char key[] = "nvvm-reflect-ftz";
  LLVMContextRef context = LLVMGetModuleContext(module);
  LLVMValueRef value = LLVMConstInt(LLVMInt32TypeInContext(context),
                                    flushDenormalsToZero ? 1 : 0, false);
  LLVMAddModuleFlag(module, LLVMModuleFlagBehaviorOverride, key,
                    sizeof(key) - 1, LLVMValueAsMetadata(value));
}

bool tileBackendLinkLibdevice(LLVMModuleRef module, MlirStringRef pathOption,
                              bool flushDenormalsToZero,
                              TileBackendBuffer *error) {
  TileBackendBuffer path = {0};
  LLVMModuleRef libdevice = NULL;
  bool ok = findLibdevice(pathOption, &path, error) &&
            loadLibdeviceLazily(path.data, LLVMGetModuleContext(module),
                                &libdevice, error);
  if (ok) {
    prepareLibdeviceForLinking(libdevice, module);
    /* LLVMLinkModules2 consumes libdevice either way; its own messages go to
     * the context's diagnostic handler. */
    if (LLVMLinkModules2(module, libdevice)) {
      tileBackendBufferAppendFormat(
          error, "linking libdevice '%s' into the module failed", path.data);
      ok = false;
    }
  }
  ok = ok && checkAllLibdeviceCallsResolved(module, path.data, error);
  if (ok)
    setReflectFtzFlag(module, flushDenormalsToZero);
  tileBackendBufferFree(&path);
  return ok;
}
