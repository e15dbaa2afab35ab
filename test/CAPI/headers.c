/* Every public header compiles as strict C11 (the CMake target builds this
 * file with -std=c11 -Wall -Wextra -pedantic -Werror) and can be included
 * together, in any order, twice.
 *
 * RUN: %tile-capi-headers | FileCheck %s
 * CHECK: all tile-c headers compiled as C11
 */

#include "tile-c/Backend.h"
#include "tile-c/Passes.h"
#include "tile-c/Runtime.h"
#include "tile-c/Tile.h"
#include "tile-c/TileGPU.h"

#include "tile-c/Backend.h"
#include "tile-c/Passes.h"
#include "tile-c/Runtime.h"
#include "tile-c/Tile.h"
#include "tile-c/TileGPU.h"

#include <stdio.h>

int main(void) {
  printf("all tile-c headers compiled as C11\n");
  return 0;
}
