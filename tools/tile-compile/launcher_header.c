/*===- launcher_header.c - C launchers for compiled kernels ----------------===*
 *
 * The header embeds the image so a program needs nothing at run time but
 * the tile runtime and a driver. Launch functions take the grid and the
 * kernel's parameters in order (typed from the kernel metadata) and use the
 * block shape and shared-memory size the compiler chose, so a caller cannot
 * get them wrong. Arguments the kernel was compiled to assume divisible
 * (`tile.divisibility`) are checked first: one that is not makes the launch
 * fail with the runtime's message instead of computing the wrong thing.
 *
 *===----------------------------------------------------------------------===*/

#include "tools/tile-compile/launcher_header.h"

#include <ctype.h>
#include <string.h>

/* How one parameter type reaches the runtime's argument list. */
typedef struct ParamSpelling {
  const char *type;    /* metadata type name */
  const char *cType;   /* the launcher's parameter type */
  const char *adder;   /* tileKernelArgsAdd* for it, or NULL for a blob */
} ParamSpelling;

static const ParamSpelling spellings[] = {
    {"ptr", "TileDevicePtr", "tileKernelArgsAddPointer"},
    {"i32", "int32_t", "tileKernelArgsAddI32"},
    {"i64", "int64_t", "tileKernelArgsAddI64"},
    {"f32", "float", "tileKernelArgsAddF32"},
    {"f64", "double", "tileKernelArgsAddF64"},
    {"i1", "uint8_t", NULL},
    {"i8", "int8_t", NULL},
    {"i16", "int16_t", NULL},
    {"f16", "uint16_t /* f16 bits */", NULL},
    {"bf16", "uint16_t /* bf16 bits */", NULL},
};

static const ParamSpelling *spellingOf(const char *type) {
  for (size_t i = 0; i < sizeof(spellings) / sizeof(spellings[0]); ++i)
    if (strcmp(spellings[i].type, type) == 0)
      return &spellings[i];
  return NULL;
}

/* `name` made into a C identifier, into `out`. */
static void identifier(const char *name, char *out, size_t size, bool upper) {
  size_t i = 0;
  for (; name[i] && i + 1 < size; ++i) {
    char c = name[i];
    out[i] = isalnum((unsigned char)c) ? (char)(upper ? toupper((unsigned char)c) : c) : '_';
  }
  out[i] = '\0';
}

static void writeImage(FILE *out, const char *prefix, const unsigned char *bytes,
                       size_t size) {
  fprintf(out, "static const unsigned char %s_image[%zu] = {", prefix, size);
  for (size_t i = 0; i < size; ++i)
    fprintf(out, "%s0x%02x,", i % 16 ? " " : "\n    ", bytes[i]);
  fprintf(out, "\n};\n\n");
}

static bool writeKernel(FILE *out, const TileKernelMetadata *kernel) {
  char name[256], upper[256];
  identifier(kernel->name, name, sizeof(name), false);
  identifier(kernel->name, upper, sizeof(upper), true);
  for (intptr_t i = 0; i < kernel->numParams; ++i)
    if (!spellingOf(kernel->params[i].type)) {
      fprintf(stderr, "tile-compile: kernel '%s' parameter %d has type '%s', which "
                      "the launcher cannot pass\n",
              kernel->name, (int)i, kernel->params[i].type);
      return false;
    }
  fprintf(out, "#define %s_THREADS_PER_BLOCK %d\n", upper, kernel->threadsPerBlock);
  fprintf(out, "#define %s_SHARED_BYTES %lld\n\n", upper, (long long)kernel->sharedBytes);
  fprintf(out, "/* Launches %s on `grid` program instances; `kernel` comes from\n"
               " * tileKernelGetFunction(runtime, module, \"%s\", &kernel). */\n",
          kernel->name, kernel->name);
  fprintf(out, "static inline TileRuntimeStatus %s_launch(\n    TileRuntime runtime, "
               "TileKernel kernel, TileStream stream, TileDim3 grid",
          name);
  for (intptr_t i = 0; i < kernel->numParams; ++i)
    fprintf(out, ",\n    %s arg%d", spellingOf(kernel->params[i].type)->cType, (int)i);
  fprintf(out, ") {\n  TileKernelArgs args;\n  TileRuntimeStatus status;\n");
  for (intptr_t i = 0; i < kernel->numParams; ++i) {
    const TileKernelParam *param = &kernel->params[i];
    if (param->divisibility <= 1)
      continue;
    bool address = strcmp(param->type, "ptr") == 0;
    fprintf(out, "  status = tileKernelCheckDivisibility(runtime, \"%s\", %d, (int64_t)arg%d, "
                 "%lld, %d);\n  if (status != TILE_RUNTIME_SUCCESS)\n    return status;\n",
            kernel->name, (int)i, (int)i, (long long)param->divisibility, address ? 1 : 0);
  }
  fprintf(out, "  status = tileKernelArgsCreate(runtime, &args);\n"
               "  if (status != TILE_RUNTIME_SUCCESS)\n    return status;\n");
  for (intptr_t i = 0; i < kernel->numParams; ++i) {
    const TileKernelParam *param = &kernel->params[i];
    const ParamSpelling *spelling = spellingOf(param->type);
    if (spelling->adder)
      fprintf(out, "  if (status == TILE_RUNTIME_SUCCESS)\n    status = %s(runtime, args, arg%d);\n",
              spelling->adder, (int)i);
    else
      fprintf(out, "  if (status == TILE_RUNTIME_SUCCESS)\n    status = "
                   "tileKernelArgsAddBlob(runtime, args, &arg%d, %lld, %lld);\n",
              (int)i, (long long)param->sizeBytes, (long long)param->alignBytes);
  }
  fprintf(out, "  if (status == TILE_RUNTIME_SUCCESS) {\n"
               "    TileDim3 block = {%d, %d, %d};\n"
               "    status = tileKernelLaunch(runtime, kernel, stream, grid, block, "
               "%s_SHARED_BYTES, args);\n  }\n"
               "  tileKernelArgsDestroy(runtime, args);\n  return status;\n}\n\n",
          kernel->blockDims[0] ? kernel->blockDims[0] : 1,
          kernel->blockDims[1] ? kernel->blockDims[1] : 1,
          kernel->blockDims[2] ? kernel->blockDims[2] : 1, upper);
  return true;
}

bool tileWriteLauncherHeader(FILE *out, TileBackendResult result, const char *guardName,
                             const char *sourceName) {
  char prefix[256], guard[256];
  identifier(guardName, prefix, sizeof(prefix), false);
  identifier(guardName, guard, sizeof(guard), true);
  MlirStringRef arch = tileBackendResultGetArch(result);
  fprintf(out, "/* Generated by tile-compile from %s for %.*s; do not edit.\n"
               " * Load the embedded image with %s_load_module(), then launch each\n"
               " * kernel with its *_launch function. */\n",
          sourceName, (int)arch.length, arch.data, prefix);
  fprintf(out, "#ifndef TILE_GENERATED_%s_H\n#define TILE_GENERATED_%s_H\n\n", guard, guard);
  fprintf(out, "#include \"tile-c/Runtime.h\"\n\n#include <stdint.h>\n\n");
  size_t size = 0;
  const void *cubin = tileBackendResultGetCubin(result, &size);
  if (cubin) {
    writeImage(out, prefix, cubin, size);
    fprintf(out, "/* Loads the embedded cubin; the caller owns *module. */\n"
                 "static inline TileRuntimeStatus %s_load_module(TileRuntime runtime,\n"
                 "                                              TileModule *module) {\n"
                 "  return tileModuleLoadCubin(runtime, %s_image, sizeof(%s_image), module);\n"
                 "}\n\n",
            prefix, prefix, prefix);
  } else {
    MlirStringRef ptx = tileBackendResultGetPtx(result);
    writeImage(out, prefix, (const unsigned char *)ptx.data, ptx.length);
    fprintf(out, "/* JIT-compiles the embedded PTX; the caller owns *module. */\n"
                 "static inline TileRuntimeStatus %s_load_module(TileRuntime runtime,\n"
                 "                                              TileModule *module) {\n"
                 "  TileRuntimeStringRef ptx = {(const char *)%s_image, sizeof(%s_image)};\n"
                 "  return tileModuleLoadPTX(runtime, ptx, module);\n}\n\n",
            prefix, prefix, prefix);
  }
  for (intptr_t k = 0; k < tileBackendResultGetNumKernels(result); ++k)
    if (!writeKernel(out, tileBackendResultGetKernel(result, k)))
      return false;
  fprintf(out, "#endif /* TILE_GENERATED_%s_H */\n", guard);
  return true;
}
