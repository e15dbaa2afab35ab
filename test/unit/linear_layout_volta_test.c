/* Unit tests of the Volta (mma version 1, mma.m8n8k4) linear layouts of
 * passes/layout/layout_conversions.c.
 *
 * Expected values come from the PTX ISA's m8n8k4 fragment tables (f16 A
 * row-major, B column-major, f32 C), written out by hand for a few lanes
 * and as the table's formulas for every lane, with quad-pair p = lanes
 * 4p..4p+3 and 16+4p..16+4p+3 placed at (8 * (p & 1), 8 * (p >> 1)) of a
 * warp's 16x16 tile and warps numbered along M first. The program stops at
 * the first failed check with a non-zero exit.
 */
#include "linear_layout.h"
#include "test/unit/check.h"
#include "test/unit/layout_test_support.h"

#include <stdlib.h>

/* Volta's accumulator encoding: instrShape {16, 16}, no K entry. */
static TileLayoutEncoding voltaEncoding(int32_t warpsM, int32_t warpsN) {
  return mmaEncoding(1, warpsM, warpsN, 16, 16, 0);
}

static void checkLane(const TileLinearLayout *layout, int32_t lane,
                      int32_t count, const int32_t (*expected)[2]) {
  for (int32_t i = 0; i < count; ++i) {
    int32_t at[2];
    checkedCoordinatesOf(layout, i, lane, 0, at);
    if (at[0] != expected[i][0] || at[1] != expected[i][1])
      fprintf(stderr, "lane %d register %d: (%d, %d), expected (%d, %d)\n",
              lane, i, at[0], at[1], expected[i][0], expected[i][1]);
    CHECK(at[0] == expected[i][0] && at[1] == expected[i][1]);
  }
}

/* ---- The accumulator ---------------------------------------------------- */

static void testAccumulatorOneWarp(void) {
  TileLayoutEncoding mma = voltaEncoding(1, 1);
  TileLinearLayout c;
  int64_t shape[] = {16, 16};
  CHECK_OK(tileLayoutFromEncoding(&c, &mma, 2, shape));
  CHECK_EQ(tileLayoutGetNumRegisters(&c), 8);
  CHECK(tileLayoutIsInjective(&c) && tileLayoutIsSurjective(&c));
  /* PTX ISA m8n8k4 f32 C/D: (row, col) of c0..c7, by hand. Lanes 0 and 3
   * are quad-pair 0's low group; 5 is quad-pair 1 (rows + 8); 10 is
   * quad-pair 2 (cols + 8); 18 is quad-pair 0's high group (rows + 4);
   * 31 is quad-pair 3's high group. */
  static const int32_t lane0[8][2] = {{0, 0}, {0, 1}, {2, 0}, {2, 1},
                                      {0, 4}, {0, 5}, {2, 4}, {2, 5}};
  static const int32_t lane3[8][2] = {{1, 2}, {1, 3}, {3, 2}, {3, 3},
                                      {1, 6}, {1, 7}, {3, 6}, {3, 7}};
  static const int32_t lane5[8][2] = {{9, 0},  {9, 1},  {11, 0}, {11, 1},
                                      {9, 4},  {9, 5},  {11, 4}, {11, 5}};
  static const int32_t lane10[8][2] = {{0, 10}, {0, 11}, {2, 10}, {2, 11},
                                       {0, 14}, {0, 15}, {2, 14}, {2, 15}};
  static const int32_t lane18[8][2] = {{4, 2}, {4, 3}, {6, 2}, {6, 3},
                                       {4, 6}, {4, 7}, {6, 6}, {6, 7}};
  static const int32_t lane31[8][2] = {{13, 10}, {13, 11}, {15, 10},
                                       {15, 11}, {13, 14}, {13, 15},
                                       {15, 14}, {15, 15}};
  checkLane(&c, 0, 8, lane0);
  checkLane(&c, 3, 8, lane3);
  checkLane(&c, 5, 8, lane5);
  checkLane(&c, 10, 8, lane10);
  checkLane(&c, 18, 8, lane18);
  checkLane(&c, 31, 8, lane31);
}

static void testAccumulatorWarpsAndRepeats(void) {
  /* 2x2 warps, numbered along M first; a 64x64 tensor repeats the 32x32
   * CTA tile in registers, along N first. */
  TileLayoutEncoding mma = voltaEncoding(2, 2);
  TileLinearLayout c;
  int64_t shape[] = {64, 64};
  CHECK_OK(tileLayoutFromEncoding(&c, &mma, 2, shape));
  CHECK_EQ(tileLayoutGetNumRegisters(&c), 32);
  for (int32_t w = 0; w < 4; ++w)
    for (int32_t l = 0; l < 32; ++l)
      for (int32_t i = 0; i < 32; ++i) {
        int32_t at[2];
        checkedCoordinatesOf(&c, i, l, w, at);
        CHECK_EQ(at[0], (l & 1) + (i & 2) + 4 * ((l >> 4) & 1) +
                            8 * ((l >> 2) & 1) + 16 * (w & 1) +
                            32 * ((i >> 4) & 1));
        CHECK_EQ(at[1], (i & 4) + (l & 2) + (i & 1) + 8 * ((l >> 3) & 1) +
                            16 * (w >> 1) + 32 * ((i >> 3) & 1));
      }
  /* Narrower than a warp tile: N = 8 makes quad-pairs 2 and 3 copies of
   * 0 and 1 (lane bit 3 free); M = 16 leaves the second warp along M a
   * copy as well. */
  int64_t narrow[] = {16, 8};
  CHECK_OK(tileLayoutFromEncoding(&c, &mma, 2, narrow));
  CHECK_EQ(tileLayoutGetNumRegisters(&c), 8);
  CHECK_EQ(tileLayoutGetFreeVariableMask(&c, TILE_LAYOUT_LANE), 8);
  CHECK_EQ(tileLayoutGetFreeVariableMask(&c, TILE_LAYOUT_WARP), 3);
  CHECK(tileLayoutIsSurjective(&c));
}

/* ---- The operands ------------------------------------------------------- */

static void testOperandsOneWarp(void) {
  TileLayoutEncoding mma = voltaEncoding(1, 1);
  TileLayoutEncoding dotA = dotOperandEncoding(0, 2, &mma);
  TileLayoutEncoding dotB = dotOperandEncoding(1, 2, &mma);
  TileLinearLayout a, b;
  int64_t shapeA[] = {16, 4}, shapeB[] = {4, 16};
  CHECK_OK(tileLayoutFromEncoding(&a, &dotA, 2, shapeA));
  CHECK_OK(tileLayoutFromEncoding(&b, &dotB, 2, shapeB));
  CHECK_EQ(tileLayoutGetNumRegisters(&a), 4);
  CHECK_EQ(tileLayoutGetNumRegisters(&b), 4);
  /* PTX ISA m8n8k4 row-major A: a0..a3 of a lane are row
   * (lane % 4) + 4 * (lane >= 16) of its quad-pair, cols 0..3. */
  static const int32_t aLane0[4][2] = {{0, 0}, {0, 1}, {0, 2}, {0, 3}};
  static const int32_t aLane5[4][2] = {{9, 0}, {9, 1}, {9, 2}, {9, 3}};
  static const int32_t aLane10[4][2] = {{2, 0}, {2, 1}, {2, 2}, {2, 3}};
  static const int32_t aLane13[4][2] = {{9, 0}, {9, 1}, {9, 2}, {9, 3}};
  static const int32_t aLane31[4][2] = {{15, 0}, {15, 1}, {15, 2}, {15, 3}};
  checkLane(&a, 0, 4, aLane0);
  checkLane(&a, 5, 4, aLane5);
  checkLane(&a, 10, 4, aLane10);
  checkLane(&a, 13, 4, aLane13); /* quad-pair 3 shares quad-pair 1's rows */
  checkLane(&a, 31, 4, aLane31);
  /* Column-major B: b0..b3 are rows (K) 0..3 of col
   * (lane % 4) + 4 * (lane >= 16) of its quad-pair. */
  static const int32_t bLane0[4][2] = {{0, 0}, {1, 0}, {2, 0}, {3, 0}};
  static const int32_t bLane5[4][2] = {{0, 1}, {1, 1}, {2, 1}, {3, 1}};
  static const int32_t bLane10[4][2] = {{0, 10}, {1, 10}, {2, 10}, {3, 10}};
  static const int32_t bLane18[4][2] = {{0, 6}, {1, 6}, {2, 6}, {3, 6}};
  static const int32_t bLane31[4][2] = {{0, 15}, {1, 15}, {2, 15}, {3, 15}};
  checkLane(&b, 0, 4, bLane0);
  checkLane(&b, 5, 4, bLane5);
  checkLane(&b, 10, 4, bLane10);
  checkLane(&b, 18, 4, bLane18);
  checkLane(&b, 31, 4, bLane31);
  CHECK_EQ(tileLayoutGetFreeVariableMask(&a, TILE_LAYOUT_LANE), 8);
  CHECK_EQ(tileLayoutGetFreeVariableMask(&b, TILE_LAYOUT_LANE), 4);
  CHECK_EQ(tileLayoutGetContiguousElements(&a, TILE_LAYOUT_DIM1), 4);
  CHECK_EQ(tileLayoutGetContiguousElements(&b, TILE_LAYOUT_DIM0), 4);
}

static void testOperandsWarpsAndRepeats(void) {
  /* 2x2 warps: A is shared by the warps along N (warp bit 1), B by those
   * along M (warp bit 0); longer K repeats in registers first. */
  TileLayoutEncoding mma = voltaEncoding(2, 2);
  TileLayoutEncoding dotA = dotOperandEncoding(0, 2, &mma);
  TileLayoutEncoding dotB = dotOperandEncoding(1, 2, &mma);
  TileLinearLayout a, b;
  int64_t shapeA[] = {64, 32}, shapeB[] = {32, 64};
  CHECK_OK(tileLayoutFromEncoding(&a, &dotA, 2, shapeA));
  CHECK_OK(tileLayoutFromEncoding(&b, &dotB, 2, shapeB));
  CHECK_EQ(tileLayoutGetNumRegisters(&a), 64);
  CHECK_EQ(tileLayoutGetNumRegisters(&b), 64);
  CHECK_EQ(tileLayoutGetFreeVariableMask(&a, TILE_LAYOUT_WARP), 2);
  CHECK_EQ(tileLayoutGetFreeVariableMask(&b, TILE_LAYOUT_WARP), 1);
  for (int32_t w = 0; w < 4; ++w)
    for (int32_t l = 0; l < 32; ++l)
      for (int32_t i = 0; i < 64; ++i) {
        int32_t at[2];
        int32_t inQuadPair = (l & 3) + 4 * ((l >> 4) & 1);
        checkedCoordinatesOf(&a, i, l, w, at);
        CHECK_EQ(at[0], inQuadPair + 8 * ((l >> 2) & 1) + 16 * (w & 1) +
                            32 * ((i >> 5) & 1));
        CHECK_EQ(at[1], i & 31);
        checkedCoordinatesOf(&b, i, l, w, at);
        CHECK_EQ(at[0], i & 31);
        CHECK_EQ(at[1], inQuadPair + 8 * ((l >> 3) & 1) + 16 * (w >> 1) +
                            32 * ((i >> 5) & 1));
      }
}

/* ---- What Volta does not take ------------------------------------------- */

static void testRejected(void) {
  TileLinearLayout layout;
  TileLayoutEncoding mma = voltaEncoding(1, 1);
  int64_t shape2[] = {16, 16}, shape3[] = {2, 16, 16};
  mma.u.mma.warpsPerCTA[2] = 1;
  CHECK_EQ(tileLayoutFromEncoding(&layout, &mma, 3, shape3),
           TILE_LAYOUT_ERROR_UNSUPPORTED);
  mma.u.mma.instrShape[1] = 8;
  CHECK_EQ(tileLayoutFromEncoding(&layout, &mma, 2, shape2),
           TILE_LAYOUT_ERROR_INVALID_ARGUMENT);
  mma = voltaEncoding(1, 1);
  TileLayoutEncoding dotA = dotOperandEncoding(0, 4, &mma);
  CHECK_EQ(tileLayoutFromEncoding(&layout, &dotA, 2, shape2),
           TILE_LAYOUT_ERROR_INVALID_ARGUMENT);
  CHECK_EQ(layout.numInDims, 0); /* zeroed on error */
}

int main(void) {
  testAccumulatorOneWarp();
  testAccumulatorWarpsAndRepeats();
  testOperandsOneWarp();
  testOperandsWarpsAndRepeats();
  testRejected();
  printf("%d checks passed\n", checksPassed);
  return 0;
}
