/*===- launcher_header.h - C launchers for compiled kernels -------*- C -*-===*
 *
 * `tile-compile --header` writes a self-contained C header: the cubin (or
 * PTX) as a byte array, a loader for it and, per kernel, a launch function
 * with one typed C parameter per kernel parameter, built on tile-c/Runtime.h.
 *
 *===----------------------------------------------------------------------===*/

#ifndef TILE_TOOLS_TILE_COMPILE_LAUNCHER_HEADER_H
#define TILE_TOOLS_TILE_COMPILE_LAUNCHER_HEADER_H

#include "tile-c/Backend.h"

#include <stdbool.h>
#include <stdio.h>

/// Writes the header for `result` to `out`; `guardName` names the include
/// guard and the loader (e.g. "vector_add"). Returns false if a kernel has
/// a parameter type the runtime cannot pass, after printing why to stderr.
bool tileWriteLauncherHeader(FILE *out, TileBackendResult result, const char *guardName,
                             const char *sourceName);

#endif /* TILE_TOOLS_TILE_COMPILE_LAUNCHER_HEADER_H */
