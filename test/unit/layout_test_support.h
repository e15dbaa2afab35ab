/* What the linear-layout unit tests share: encodings built field by field
 * and layouts applied to (register, lane, warp). The helpers check with
 * check.h, whose counter belongs to the test program that includes them, so
 * they live here as static functions rather than in a library of their own. */
#ifndef TILE_TEST_UNIT_LAYOUT_TEST_SUPPORT_H
#define TILE_TEST_UNIT_LAYOUT_TEST_SUPPORT_H

#include "linear_layout.h"
#include "test/unit/check.h"

#include <string.h>

/* An encoding of `kind` with every other field zero. */
static inline TileLayoutEncoding encodingOfKind(TileLayoutEncodingKind kind) {
  TileLayoutEncoding encoding;
  memset(&encoding, 0, sizeof encoding);
  encoding.kind = kind;
  return encoding;
}

/* An mma accumulator encoding; warpsPerCTA past the first two stay 0. */
static inline TileLayoutEncoding mmaEncoding(int32_t version, int32_t warps0,
                                             int32_t warps1, int32_t instrM,
                                             int32_t instrN, int32_t instrK) {
  TileLayoutEncoding encoding = encodingOfKind(TILE_LAYOUT_ENCODING_MMA);
  encoding.u.mma.versionMajor = version;
  encoding.u.mma.warpsPerCTA[0] = warps0;
  encoding.u.mma.warpsPerCTA[1] = warps1;
  encoding.u.mma.instrShape[0] = instrM;
  encoding.u.mma.instrShape[1] = instrN;
  encoding.u.mma.instrShape[2] = instrK;
  return encoding;
}

/* Operand `opIdx` (0 = A, 1 = B) of a dot whose accumulator is `parent`. */
static inline TileLayoutEncoding
dotOperandEncoding(int32_t opIdx, int32_t kWidth,
                   const TileLayoutEncoding *parent) {
  TileLayoutEncoding encoding =
      encodingOfKind(TILE_LAYOUT_ENCODING_DOT_OPERAND);
  encoding.u.dotOperand.opIdx = opIdx;
  encoding.u.dotOperand.kWidth = kWidth;
  encoding.u.dotOperand.parent = parent;
  return encoding;
}

/* The coordinates `layout` gives register `reg` of `lane` in `warp`; an
 * index the layout has no input dim for is ignored. */
static inline void coordinatesOf(const TileLinearLayout *layout, int32_t reg,
                                 int32_t lane, int32_t warp, int32_t *out) {
  int32_t in[TILE_LAYOUT_MAX_DIMS] = {0};
  for (int32_t i = 0; i < layout->numInDims; ++i) {
    TileLayoutDimName name = layout->inNames[i];
    in[i] = name == TILE_LAYOUT_REGISTER ? reg
            : name == TILE_LAYOUT_LANE   ? lane
            : name == TILE_LAYOUT_WARP   ? warp
                                         : 0;
  }
  CHECK_OK(tileLayoutApply(layout, in, out));
}

/* As coordinatesOf, and checks that an index the layout has no input dim
 * for is 0. */
static inline void checkedCoordinatesOf(const TileLinearLayout *layout,
                                        int32_t reg, int32_t lane,
                                        int32_t warp, int32_t *out) {
  int32_t values[3] = {reg, lane, warp};
  TileLayoutDimName names[3] = {TILE_LAYOUT_REGISTER, TILE_LAYOUT_LANE,
                                TILE_LAYOUT_WARP};
  for (int32_t k = 0; k < 3; ++k)
    if (tileLayoutFindInDim(layout, names[k]) < 0)
      CHECK_EQ(values[k], 0);
  coordinatesOf(layout, reg, lane, warp, out);
}

#endif /* TILE_TEST_UNIT_LAYOUT_TEST_SUPPORT_H */
