/* Kernel launch metadata: for each kernel of a translated module, its name,
 * its parameters as the launcher passes them, its block shape and its
 * dynamic shared memory; and a JSON rendering of the list.
 *
 * Kernels are the functions with LLVM's ptx_kernel calling convention (what
 * MLIR's `nvvm.kernel` becomes). The block shape comes from the function
 * attribute "nvvm.maxntid" (or "nvvm.reqntid"), the text "x,y,z" that MLIR
 * writes for `nvvm.maxntid = array<i32: x, y, z>`. Parameter sizes come from
 * the NVPTX data layout, so they match what the kernel reads.
 *
 * Invariant: every string a TileKernelMetadata points to is its own heap
 * copy, freed by tileBackendFreeKernels.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend_internal.h"

static char *copyString(const char *text, size_t length) {
  char *copy = malloc(length + 1);
  if (copy) {
    memcpy(copy, text, length);
    copy[length] = '\0';
  }
  return copy;
}

static char *describeParamType(LLVMTypeRef type) {
  char name[32];
  switch (LLVMGetTypeKind(type)) {
  case LLVMPointerTypeKind:
    return copyString("ptr", 3);
  case LLVMIntegerTypeKind:
    snprintf(name, sizeof(name), "i%u", LLVMGetIntTypeWidth(type));
    return copyString(name, strlen(name));
  case LLVMHalfTypeKind:
    return copyString("f16", 3);
  case LLVMBFloatTypeKind:
    return copyString("bf16", 4);
  case LLVMFloatTypeKind:
    return copyString("f32", 3);
  case LLVMDoubleTypeKind:
    return copyString("f64", 3);
  default: {
    char *spelled = LLVMPrintTypeToString(type);
    char *copy = copyString(spelled, strlen(spelled));
    LLVMDisposeMessage(spelled);
    return copy;
  }
  }
}

static bool readStringFunctionAttribute(LLVMValueRef function, const char *key,
                                        const char **value, unsigned *length) {
  LLVMAttributeRef attribute = LLVMGetStringAttributeAtIndex(
      function, LLVMAttributeFunctionIndex, key, (unsigned)strlen(key));
  if (!attribute)
    return false;
  *value = LLVMGetStringAttributeValue(attribute, length);
  return true;
}

/* Parses "x", "x,y" or "x,y,z" into dims (missing ones are 1). */
static bool parseBlockDims(const char *text, unsigned length,
                           int32_t dims[3]) {
  char copy[64];
  if (length == 0 || length >= sizeof(copy))
    return false;
  memcpy(copy, text, length);
  copy[length] = '\0';
  dims[0] = dims[1] = dims[2] = 1;
  char *cursor = copy;
  for (int i = 0; i < 3; ++i) {
    char *end = NULL;
    long value = strtol(cursor, &end, 10);
    if (end == cursor || value <= 0 || value > 1024)
      return false;
    dims[i] = (int32_t)value;
    if (*end == '\0')
      return true;
    if (*end != ',')
      return false;
    cursor = end + 1;
  }
  return false;
}

static bool readBlockDims(LLVMValueRef function, TileKernelMetadata *kernel,
                          TileBackendBuffer *error) {
  static const char *const keys[] = {"nvvm.maxntid", "nvvm.reqntid"};
  for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); ++i) {
    const char *value = NULL;
    unsigned length = 0;
    if (!readStringFunctionAttribute(function, keys[i], &value, &length))
      continue;
    if (!parseBlockDims(value, length, kernel->blockDims)) {
      tileBackendBufferAppendFormat(
          error,
          "kernel '%s' has %s = \"%.*s\"; expected one to three positive "
          "thread counts",
          kernel->name, keys[i], (int)length, value);
      return false;
    }
    kernel->threadsPerBlock =
        kernel->blockDims[0] * kernel->blockDims[1] * kernel->blockDims[2];
    return true;
  }
  return true;
}

static bool describeKernel(LLVMValueRef function, LLVMTargetDataRef layout,
                           int64_t sharedBytes, TileKernelMetadata *kernel,
                           TileBackendBuffer *error) {
  size_t nameLength = 0;
  const char *name = LLVMGetValueName2(function, &nameLength);
  kernel->name = copyString(name, nameLength);
  kernel->sharedBytes = sharedBytes;
  unsigned count = LLVMCountParams(function);
  TileKernelParam *params = calloc(count ? count : 1, sizeof(*params));
  kernel->params = params;
  if (!kernel->name || !params) {
    tileBackendBufferAppendString(error, "out of memory for kernel metadata");
    return false;
  }
  kernel->numParams = count;
  for (unsigned i = 0; i < count; ++i) {
    LLVMTypeRef type = LLVMTypeOf(LLVMGetParam(function, i));
    params[i].type = describeParamType(type);
    if (!params[i].type) {
      tileBackendBufferAppendString(error, "out of memory for kernel metadata");
      return false;
    }
    params[i].divisibility = 1; /* until tileBackendReadDivisibility */
    params[i].sizeBytes = (int64_t)LLVMABISizeOfType(layout, type);
    params[i].alignBytes = LLVMABIAlignmentOfType(layout, type);
    if (LLVMGetTypeKind(type) == LLVMPointerTypeKind)
      params[i].addressSpace = (int32_t)LLVMGetPointerAddressSpace(type);
  }
  return readBlockDims(function, kernel, error);
}

static intptr_t countKernels(LLVMModuleRef module) {
  intptr_t count = 0;
  for (LLVMValueRef function = LLVMGetFirstFunction(module); function;
       function = LLVMGetNextFunction(function))
    if (!LLVMIsDeclaration(function) && tileBackendIsKernel(function))
      ++count;
  return count;
}

bool tileBackendCollectKernels(LLVMModuleRef module, LLVMTargetMachineRef machine,
                               int64_t sharedBytes, TileKernelMetadata **kernels,
                               intptr_t *numKernels, TileBackendBuffer *error) {
  intptr_t count = countKernels(module);
  TileKernelMetadata *list = calloc(count ? (size_t)count : 1, sizeof(*list));
  if (!list) {
    tileBackendBufferAppendString(error, "out of memory for kernel metadata");
    return false;
  }
  LLVMTargetDataRef layout = LLVMCreateTargetDataLayout(machine);
  intptr_t filled = 0;
  bool ok = true;
  for (LLVMValueRef function = LLVMGetFirstFunction(module); ok && function;
       function = LLVMGetNextFunction(function)) {
    if (LLVMIsDeclaration(function) || !tileBackendIsKernel(function))
      continue;
    ok = describeKernel(function, layout, sharedBytes, &list[filled++], error);
  }
  LLVMDisposeTargetData(layout);
  if (!ok) {
    tileBackendFreeKernels(list, filled);
    return false;
  }
  *kernels = list;
  *numKernels = count;
  return true;
}

void tileBackendFreeKernels(TileKernelMetadata *kernels, intptr_t numKernels) {
  if (!kernels)
    return;
  for (intptr_t k = 0; k < numKernels; ++k) {
    for (intptr_t i = 0; i < kernels[k].numParams; ++i)
      free((char *)kernels[k].params[i].type);
    free((TileKernelParam *)kernels[k].params);
    free((char *)kernels[k].name);
  }
  free(kernels);
}

static void appendJsonString(TileBackendBuffer *json, const char *text) {
  tileBackendBufferAppendString(json, "\"");
  for (const unsigned char *c = (const unsigned char *)text; *c; ++c) {
    if (*c == '"' || *c == '\\')
      tileBackendBufferAppendFormat(json, "\\%c", *c);
    else if (*c < 0x20)
      tileBackendBufferAppendFormat(json, "\\u%04x", *c);
    else
      tileBackendBufferAppend(json, (const char *)c, 1);
  }
  tileBackendBufferAppendString(json, "\"");
}

static void appendKernelJson(TileBackendBuffer *json,
                             const TileKernelMetadata *kernel) {
  tileBackendBufferAppendString(json, "{\"name\": ");
  appendJsonString(json, kernel->name);
  tileBackendBufferAppendFormat(
      json,
      ", \"threads_per_block\": %d, \"block_dims\": [%d, %d, %d], "
      "\"shared_bytes\": %lld, \"params\": [",
      kernel->threadsPerBlock, kernel->blockDims[0], kernel->blockDims[1],
      kernel->blockDims[2], (long long)kernel->sharedBytes);
  for (intptr_t i = 0; i < kernel->numParams; ++i) {
    const TileKernelParam *param = &kernel->params[i];
    tileBackendBufferAppendString(json, i ? ", {\"type\": " : "{\"type\": ");
    appendJsonString(json, param->type);
    tileBackendBufferAppendFormat(json, ", \"size\": %lld, \"align\": %lld",
                                  (long long)param->sizeBytes,
                                  (long long)param->alignBytes);
    if (strcmp(param->type, "ptr") == 0)
      tileBackendBufferAppendFormat(json, ", \"address_space\": %d",
                                    param->addressSpace);
    if (param->divisibility > 1)
      tileBackendBufferAppendFormat(json, ", \"divisibility\": %lld",
                                    (long long)param->divisibility);
    tileBackendBufferAppendString(json, "}");
  }
  tileBackendBufferAppendString(json, "]}");
}

void tileBackendRenderMetadataJson(const char *arch, int ptxVersion,
                                   const TileKernelMetadata *kernels,
                                   intptr_t numKernels,
                                   TileBackendBuffer *json) {
  tileBackendBufferAppendString(json, "{\"arch\": ");
  appendJsonString(json, arch);
  tileBackendBufferAppendFormat(json, ", \"ptx_version\": %d, \"kernels\": [",
                                ptxVersion);
  for (intptr_t k = 0; k < numKernels; ++k) {
    if (k)
      tileBackendBufferAppendString(json, ", ");
    appendKernelJson(json, &kernels[k]);
  }
  tileBackendBufferAppendString(json, "]}");
}
