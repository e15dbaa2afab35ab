/* Modules and kernels: loading PTX (JIT-compiled by the driver) or cubin
 * with the JIT logs captured, looking kernels up, and the per-kernel facts a
 * launch checks against (threads per block, shared memory, parameter sizes).
 *
 * Invariants: a module owns its kernels (a singly linked list, one entry per
 * name looked up) and frees them with itself; a kernel's
 * `dynamicSharedAllowed` is what the driver currently lets a launch use
 * without raising CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for the driver's JIT logs; longer logs are cut (the driver always
 * terminates them). */
#define TILE_JIT_LOG_BYTES (16 * 1024)
/* Dynamic shared memory every kernel may use without opting in. */
#define TILE_DEFAULT_SHARED_BYTES (48 * 1024)

static char *copyString(const char *data, size_t length) {
  char *copy = malloc(length + 1);
  if (!copy)
    return NULL;
  memcpy(copy, data, length);
  copy[length] = '\0';
  return copy;
}

static TileModuleImpl *checkModule(TileRuntimeImpl *runtime, TileModule module,
                                   const char *function) {
  return (TileModuleImpl *)tileRuntimeCheckObject(
      runtime, module.ptr, TILE_OBJECT_MODULE, function, "module");
}

/* A kernel is checked through its module, which must still be alive. */
static TileKernelImpl *checkKernel(TileRuntimeImpl *runtime, TileKernel kernel,
                                   const char *function) {
  TileKernelImpl *impl = kernel.ptr;
  if (!impl) {
    tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                    "tile runtime: %s: kernel is a null TileKernel; get one "
                    "with tileKernelGetFunction",
                    function);
    return NULL;
  }
  if (impl->magic != TILE_OBJECT_MAGIC) {
    tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                    "tile runtime: %s: kernel is not a live TileKernel (its "
                    "module was destroyed?)",
                    function);
    return NULL;
  }
  TileModule module = {impl->module};
  return checkModule(runtime, module, function) ? impl : NULL;
}

TileKernelImpl *tileKernelCheck(TileRuntimeImpl *runtime, TileKernel kernel,
                                const char *function) {
  return checkKernel(runtime, kernel, function);
}

//===----------------------------------------------------------------------===//
// Loading
//===----------------------------------------------------------------------===//

/* Loads `image` with both JIT logs captured; on success makes the module. */
static TileRuntimeStatus loadImage(TileRuntimeImpl *runtime, const void *image,
                                   const char *what, size_t size,
                                   TileModule *moduleOut) {
  char *infoLog = calloc(1, TILE_JIT_LOG_BYTES);
  char *errorLog = calloc(1, TILE_JIT_LOG_BYTES);
  TileModuleImpl *module = calloc(1, sizeof(*module));
  TileRuntimeStatus status = TILE_RUNTIME_SUCCESS;
  if (!infoLog || !errorLog || !module) {
    status =
        tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_OUT_OF_HOST_MEMORY,
                        "tile runtime: out of host memory loading a %s", what);
    goto done;
  }
  CUjit_option options[] = {
      CU_JIT_INFO_LOG_BUFFER, CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES,
      CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES,
      CU_JIT_LOG_VERBOSE};
  void *values[] = {infoLog, (void *)(uintptr_t)TILE_JIT_LOG_BYTES, errorLog,
                    (void *)(uintptr_t)TILE_JIT_LOG_BYTES,
                    (void *)(uintptr_t)1};
  CUresult result = runtime->driver.cuModuleLoadDataEx(
      &module->module, image, sizeof(options) / sizeof(options[0]), options,
      values);
  if (result != CUDA_SUCCESS) {
    char call[96];
    snprintf(call, sizeof(call), "cuModuleLoadDataEx(%s, %zu bytes)", what,
             size);
    char *hint = malloc(TILE_JIT_LOG_BYTES + 128);
    if (hint)
      snprintf(hint, TILE_JIT_LOG_BYTES + 128,
               "fix the %s or check that this device supports its target; "
               "JIT error log:\n%s",
               what, errorLog[0] ? errorLog : "(empty)");
    status = tileRuntimeFailDriver(runtime, TILE_RUNTIME_ERROR_MODULE_LOAD,
                                   result, call, hint);
    free(hint);
    goto done;
  }
  module->infoLog = copyString(infoLog, strlen(infoLog));
  if (!module->infoLog) {
    runtime->driver.cuModuleUnload(module->module);
    status =
        tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_OUT_OF_HOST_MEMORY,
                        "tile runtime: out of host memory loading a %s", what);
    goto done;
  }
  tileRuntimeAddObject(runtime, &module->object, TILE_OBJECT_MODULE);
  moduleOut->ptr = module;
  module = NULL;
done:
  free(module);
  free(infoLog);
  free(errorLog);
  return status;
}

TileRuntimeStatus tileModuleLoadPTX(TileRuntime handle,
                                    TileRuntimeStringRef ptx,
                                    TileModule *moduleOut) {
  TILE_RUNTIME_BEGIN(handle);
  if (!moduleOut)
    return tileRuntimeFailNull(runtime, "tileModuleLoadPTX", "module",
                               "where to store the new module");
  moduleOut->ptr = NULL;
  if (!ptx.data || ptx.length == 0)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                           "tile runtime: tileModuleLoadPTX: the PTX text is "
                           "empty; pass the compiler's PTX output");
  TileRuntimeStatus status = tileRuntimeEnter(runtime);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  /* The driver reads PTX up to its NUL, which a string ref need not have. */
  char *text = copyString(ptx.data, ptx.length);
  if (!text)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_OUT_OF_HOST_MEMORY,
                           "tile runtime: out of host memory copying %zu "
                           "bytes of PTX",
                           ptx.length);
  status = loadImage(runtime, text, "PTX", ptx.length, moduleOut);
  free(text);
  return status;
}

/* Whether `image` starts like an ELF cubin or a fatbin, which is all the
 * driver's loader accepts besides PTX. */
static int looksLikeBinaryImage(const unsigned char *image, size_t size) {
  static const unsigned char elf[4] = {0x7f, 'E', 'L', 'F'};
  static const unsigned char fatbin[4] = {0x50, 0xed, 0x55, 0xba};
  return size >= 4 && (!memcmp(image, elf, 4) || !memcmp(image, fatbin, 4));
}

TileRuntimeStatus tileModuleLoadCubin(TileRuntime handle, const void *image,
                                      size_t size, TileModule *moduleOut) {
  TILE_RUNTIME_BEGIN(handle);
  if (!moduleOut)
    return tileRuntimeFailNull(runtime, "tileModuleLoadCubin", "module",
                               "where to store the new module");
  moduleOut->ptr = NULL;
  if (!image || size == 0)
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                           "tile runtime: tileModuleLoadCubin: the image is "
                           "empty; pass the bytes of a .cubin file");
  if (!looksLikeBinaryImage(image, size))
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                           "tile runtime: tileModuleLoadCubin: the image is "
                           "neither an ELF cubin nor a fatbin; load PTX text "
                           "with tileModuleLoadPTX");
  TileRuntimeStatus status = tileRuntimeEnter(runtime);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  return loadImage(runtime, image, "cubin", size, moduleOut);
}

const char *tileModuleGetInfoLog(TileRuntime handle, TileModule module) {
  TileRuntimeImpl *runtime = handle.ptr;
  TileModuleImpl *impl = module.ptr;
  if (!runtime || !impl || impl->object.magic != TILE_OBJECT_MAGIC ||
      impl->object.kind != TILE_OBJECT_MODULE ||
      impl->object.runtime != runtime)
    return "";
  return impl->infoLog;
}

void tileModuleFreeContents(TileModuleImpl *module) {
  while (module->kernels) {
    TileKernelImpl *kernel = module->kernels;
    module->kernels = kernel->next;
    kernel->magic = 0;
    free(kernel->name);
    free(kernel->parameterSizes);
    free(kernel);
  }
  free(module->infoLog);
}

TileRuntimeStatus tileModuleDestroy(TileRuntime handle, TileModule module) {
  TILE_RUNTIME_BEGIN(handle);
  TileModuleImpl *impl = checkModule(runtime, module, "tileModuleDestroy");
  return tileRuntimeDestroyObject(runtime, impl ? &impl->object : NULL,
                                  "cuModuleUnload");
}

//===----------------------------------------------------------------------===//
// Kernels
//===----------------------------------------------------------------------===//

/* Asks the driver for each parameter's size until it says there is no
 * such index (the driver has no call that gives the count, so
 * compute-sanitizer reports this one CUDA_ERROR_INVALID_VALUE per kernel
 * looked up); a driver without cuFuncGetParamInfo leaves the count unknown. */
static TileRuntimeStatus readParameterSizes(TileRuntimeImpl *runtime,
                                            TileKernelImpl *kernel) {
  kernel->parameterCount = -1;
  if (!runtime->driver.cuFuncGetParamInfo)
    return TILE_RUNTIME_SUCCESS;
  size_t capacity = 8;
  uint32_t *sizes = malloc(capacity * sizeof(*sizes));
  for (size_t index = 0; sizes; ++index) {
    size_t offset = 0, size = 0;
    CUresult result = runtime->driver.cuFuncGetParamInfo(kernel->function,
                                                         index, &offset, &size);
    if (result == CUDA_ERROR_INVALID_VALUE) {
      kernel->parameterCount = (int)index;
      kernel->parameterSizes = sizes;
      return TILE_RUNTIME_SUCCESS;
    }
    if (result != CUDA_SUCCESS || index > TILE_KERNEL_ARGS_MAX_COUNT) {
      /* Unknown or beyond what an argument list holds: do not check. */
      free(sizes);
      return TILE_RUNTIME_SUCCESS;
    }
    if (index == capacity) {
      capacity *= 2;
      uint32_t *grown = realloc(sizes, capacity * sizeof(*sizes));
      if (!grown)
        free(sizes);
      sizes = grown;
      if (!sizes)
        break;
    }
    sizes[index] = (uint32_t)size;
  }
  return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_OUT_OF_HOST_MEMORY,
                         "tile runtime: out of host memory reading the "
                         "parameters of kernel '%s'",
                         kernel->name);
}

static TileRuntimeStatus readKernelAttributes(TileRuntimeImpl *runtime,
                                              TileKernelImpl *kernel) {
  char call[160];
  CUresult result = runtime->driver.cuFuncGetAttribute(
      &kernel->staticSharedBytes, CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES,
      kernel->function);
  if (result == CUDA_SUCCESS)
    result = runtime->driver.cuFuncGetAttribute(
        &kernel->maxThreadsPerBlock, CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK,
        kernel->function);
  if (result != CUDA_SUCCESS) {
    snprintf(call, sizeof(call), "cuFuncGetAttribute(%s)", kernel->name);
    return tileRuntimeFailDriver(runtime, TILE_RUNTIME_SUCCESS, result, call,
                                 NULL);
  }
  kernel->dynamicSharedAllowed =
      kernel->staticSharedBytes < TILE_DEFAULT_SHARED_BYTES
          ? (size_t)(TILE_DEFAULT_SHARED_BYTES - kernel->staticSharedBytes)
          : 0;
  return readParameterSizes(runtime, kernel);
}

TileRuntimeStatus tileKernelGetFunction(TileRuntime handle, TileModule module,
                                        const char *name,
                                        TileKernel *kernelOut) {
  TILE_RUNTIME_BEGIN(handle);
  if (!kernelOut)
    return tileRuntimeFailNull(runtime, "tileKernelGetFunction", "kernel",
                               "where to store the kernel");
  kernelOut->ptr = NULL;
  if (!name || !name[0])
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_INVALID_ARGUMENT,
                           "tile runtime: tileKernelGetFunction: the kernel "
                           "name is empty; pass the name of a .entry in the "
                           "module");
  TileModuleImpl *impl = checkModule(runtime, module, "tileKernelGetFunction");
  if (!impl)
    return TILE_RUNTIME_ERROR_INVALID_ARGUMENT;
  for (TileKernelImpl *kernel = impl->kernels; kernel; kernel = kernel->next) {
    if (!strcmp(kernel->name, name)) {
      kernelOut->ptr = kernel;
      return TILE_RUNTIME_SUCCESS;
    }
  }
  TileRuntimeStatus status = tileRuntimeEnter(runtime);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  TileKernelImpl *kernel = calloc(1, sizeof(*kernel));
  if (kernel)
    kernel->name = copyString(name, strlen(name));
  if (!kernel || !kernel->name) {
    free(kernel);
    return tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_OUT_OF_HOST_MEMORY,
                           "tile runtime: out of host memory looking up "
                           "kernel '%s'",
                           name);
  }
  CUresult result = runtime->driver.cuModuleGetFunction(&kernel->function,
                                                        impl->module, name);
  if (result == CUDA_SUCCESS)
    status = readKernelAttributes(runtime, kernel);
  else if (result == CUDA_ERROR_NOT_FOUND)
    status = tileRuntimeFail(runtime, TILE_RUNTIME_ERROR_KERNEL_NOT_FOUND,
                             "tile runtime: the module has no kernel named "
                             "'%s'; check the .entry name in the PTX (the "
                             "compiler's metadata gives it)",
                             name);
  else
    status = tileRuntimeFailDriver(runtime, TILE_RUNTIME_SUCCESS, result,
                                   "cuModuleGetFunction", NULL);
  if (status != TILE_RUNTIME_SUCCESS) {
    free(kernel->name);
    free(kernel);
    return status;
  }
  kernel->magic = TILE_OBJECT_MAGIC;
  kernel->module = impl;
  kernel->next = impl->kernels;
  impl->kernels = kernel;
  kernelOut->ptr = kernel;
  return TILE_RUNTIME_SUCCESS;
}

const char *tileKernelGetName(TileRuntime handle, TileKernel kernel) {
  TileKernelImpl *impl = kernel.ptr;
  (void)handle;
  return impl && impl->magic == TILE_OBJECT_MAGIC ? impl->name : "";
}

TileRuntimeStatus tileKernelGetParameterCount(TileRuntime handle,
                                              TileKernel kernel, int *count) {
  TILE_RUNTIME_BEGIN(handle);
  if (!count)
    return tileRuntimeFailNull(runtime, "tileKernelGetParameterCount", "count",
                               "where to store it");
  TileKernelImpl *impl =
      checkKernel(runtime, kernel, "tileKernelGetParameterCount");
  if (!impl)
    return TILE_RUNTIME_ERROR_INVALID_ARGUMENT;
  *count = impl->parameterCount;
  return TILE_RUNTIME_SUCCESS;
}

TileRuntimeStatus tileKernelGetStaticSharedBytes(TileRuntime handle,
                                                 TileKernel kernel,
                                                 int *bytes) {
  TILE_RUNTIME_BEGIN(handle);
  if (!bytes)
    return tileRuntimeFailNull(runtime, "tileKernelGetStaticSharedBytes",
                               "bytes", "where to store it");
  TileKernelImpl *impl =
      checkKernel(runtime, kernel, "tileKernelGetStaticSharedBytes");
  if (!impl)
    return TILE_RUNTIME_ERROR_INVALID_ARGUMENT;
  *bytes = impl->staticSharedBytes;
  return TILE_RUNTIME_SUCCESS;
}

TileRuntimeStatus tileKernelRaiseDynamicShared(TileRuntimeImpl *runtime,
                                               TileKernelImpl *kernel,
                                               size_t bytes) {
  size_t limit = (size_t)runtime->maxSharedBytesPerBlockOptin;
  size_t staticBytes = (size_t)kernel->staticSharedBytes;
  if (bytes > limit || staticBytes + bytes > limit)
    return tileRuntimeFail(
        runtime, TILE_RUNTIME_ERROR_SHARED_MEMORY_LIMIT,
        "tile runtime: kernel '%s' needs %zu bytes of dynamic shared memory "
        "plus %zu static, but %s allows at most %zu bytes per block "
        "(CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN); use smaller "
        "tiles or fewer pipeline stages",
        kernel->name, bytes, staticBytes, runtime->deviceName, limit);
  CUresult result = runtime->driver.cuFuncSetAttribute(
      kernel->function, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
      (int)bytes);
  if (result != CUDA_SUCCESS) {
    char call[192];
    snprintf(call, sizeof(call),
             "cuFuncSetAttribute(%s, MAX_DYNAMIC_SHARED_SIZE_BYTES, %zu)",
             kernel->name, bytes);
    return tileRuntimeFailDriver(
        runtime, TILE_RUNTIME_ERROR_SHARED_MEMORY_LIMIT, result, call, NULL);
  }
  kernel->dynamicSharedAllowed = bytes;
  return TILE_RUNTIME_SUCCESS;
}

TileRuntimeStatus tileKernelSetMaxDynamicSharedBytes(TileRuntime handle,
                                                     TileKernel kernel,
                                                     size_t bytes) {
  TILE_RUNTIME_BEGIN(handle);
  TileKernelImpl *impl =
      checkKernel(runtime, kernel, "tileKernelSetMaxDynamicSharedBytes");
  if (!impl)
    return TILE_RUNTIME_ERROR_INVALID_ARGUMENT;
  TileRuntimeStatus status = tileRuntimeEnter(runtime);
  if (status != TILE_RUNTIME_SUCCESS)
    return status;
  return tileKernelRaiseDynamicShared(runtime, impl, bytes);
}
