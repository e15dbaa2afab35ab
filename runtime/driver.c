/* Opens the CUDA driver library with dlopen and resolves the entry points
 * the runtime calls, so nothing links against libcuda. The library handle
 * and the table live in the TileDriver the caller owns (one per runtime);
 * nothing here is global. After a failed open the table is all NULL. */
#include "internal.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

/* dlsym returns an object pointer; ISO C has no cast from it to a function
 * pointer, so copy the bits as POSIX intends. */
static void *findSymbol(void *library, const char *symbol,
                        const char *fallback) {
  void *address = dlsym(library, symbol);
  if (!address && fallback)
    address = dlsym(library, fallback);
  return address;
}

#define TILE_DRIVER_LOAD_REQUIRED(field, symbol, fallback, parameters)         \
  {                                                                            \
    void *address = findSymbol(driver->library, symbol, fallback);             \
    if (!address) {                                                            \
      snprintf(reason, reasonCapacity,                                         \
               "tile runtime: no CUDA driver: %s has no entry point %s; the "  \
               "driver is too old or not NVIDIA's, install a driver for "      \
               "CUDA 12 or newer",                                             \
               path, symbol);                                                  \
      tileDriverClose(driver);                                                 \
      return TILE_RUNTIME_ERROR_NO_DRIVER;                                     \
    }                                                                          \
    memcpy(&driver->field, &address, sizeof(address));                         \
  }

#define TILE_DRIVER_LOAD_OPTIONAL(field, symbol, fallback, parameters)         \
  {                                                                            \
    void *address = findSymbol(driver->library, symbol, fallback);             \
    memcpy(&driver->field, &address, sizeof(address));                         \
  }

TileRuntimeStatus tileDriverOpen(TileDriver *driver, const char *path,
                                 char *reason, size_t reasonCapacity) {
  memset(driver, 0, sizeof(*driver));
  reason[0] = '\0';
  driver->library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!driver->library) {
    const char *why = dlerror();
    snprintf(reason, reasonCapacity,
             "tile runtime: no CUDA driver: dlopen(%s) failed: %s; install "
             "the NVIDIA driver or run on a GPU machine",
             path, why ? why : "unknown reason");
    return TILE_RUNTIME_ERROR_NO_DRIVER;
  }
  TILE_DRIVER_REQUIRED_ENTRY_POINTS(TILE_DRIVER_LOAD_REQUIRED)
  TILE_DRIVER_OPTIONAL_ENTRY_POINTS(TILE_DRIVER_LOAD_OPTIONAL)
  return TILE_RUNTIME_SUCCESS;
}

void tileDriverClose(TileDriver *driver) {
  if (driver->library)
    dlclose(driver->library);
  memset(driver, 0, sizeof(*driver));
}

/* Names for the results the runtime itself tests, for drivers (like the
 * toolkit's stub) whose cuGetErrorName does not answer. */
static const char *knownResultName(CUresult result) {
  switch (result) {
  case CUDA_ERROR_INVALID_VALUE:
    return "CUDA_ERROR_INVALID_VALUE";
  case CUDA_ERROR_OUT_OF_MEMORY:
    return "CUDA_ERROR_OUT_OF_MEMORY";
  case CUDA_ERROR_STUB_LIBRARY:
    return "CUDA_ERROR_STUB_LIBRARY";
  case CUDA_ERROR_NO_DEVICE:
    return "CUDA_ERROR_NO_DEVICE";
  case CUDA_ERROR_INVALID_DEVICE:
    return "CUDA_ERROR_INVALID_DEVICE";
  case CUDA_ERROR_NOT_FOUND:
    return "CUDA_ERROR_NOT_FOUND";
  }
  return NULL;
}

void tileDriverDescribeResult(const TileDriver *driver, CUresult result,
                              char *nameBuffer, size_t nameCapacity,
                              const char **name, const char **description) {
  *name = NULL;
  *description = NULL;
  if (driver->cuGetErrorName &&
      driver->cuGetErrorName(result, name) != CUDA_SUCCESS)
    *name = NULL;
  if (driver->cuGetErrorString &&
      driver->cuGetErrorString(result, description) != CUDA_SUCCESS)
    *description = NULL;
  if (!*name)
    *name = knownResultName(result);
  if (!*name) {
    snprintf(nameBuffer, nameCapacity, "CUresult %d", (int)result);
    *name = nameBuffer;
  }
  if (!*description)
    *description = "";
}
