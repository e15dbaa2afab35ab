/* Unit tests of the linear-layout library (passes/layout).
 *
 * Every expected value here is computed independently of the library: by
 * brute-force formulas (Triton's blocked index math, the PTX ISA mma fragment
 * tables, the swizzle formula) or written out by hand. The program stops at
 * the first failed check with a non-zero exit and otherwise prints how many
 * checks passed.
 */
#include "linear_layout.h"
#include "test/unit/check.h"
#include "test/unit/layout_test_support.h"

#include <stdlib.h>
#include <string.h>

enum { DIM0 = TILE_LAYOUT_DIM0, DIM1 = TILE_LAYOUT_DIM1 };

/* ---- Helpers ------------------------------------------------------------ */

static uint32_t randomState = 12345;

static uint32_t nextRandom(void) {
  randomState ^= randomState << 13;
  randomState ^= randomState >> 17;
  randomState ^= randomState << 5;
  return randomState;
}

static void applyOffset(const TileLinearLayout *layout, int32_t offset,
                        int32_t *coords) {
  int32_t in[TILE_LAYOUT_MAX_DIMS] = {0};
  in[tileLayoutFindInDim(layout, TILE_LAYOUT_OFFSET)] = offset;
  CHECK_OK(tileLayoutApply(layout, in, coords));
}

static void checkPrints(const TileLinearLayout *layout, const char *expected) {
  FILE *stream = tmpfile();
  CHECK(stream != NULL);
  tileLayoutPrint(layout, stream);
  rewind(stream);
  char text[1024] = {0};
  size_t length = fread(text, 1, sizeof text - 1, stream);
  fclose(stream);
  text[length] = 0;
  if (strcmp(text, expected) != 0) {
    fprintf(stderr, "printed:  %sexpected: %s", text, expected);
    exit(1);
  }
  ++checksPassed;
}

static int64_t product(const int32_t *values, int rank) {
  int64_t total = 1;
  for (int d = 0; d < rank; ++d)
    total *= values[d];
  return total;
}

/* Splits `index` over `sizes` with order[0] the fastest dim. */
static void delinearize(int64_t index, const int32_t *sizes,
                        const int32_t *order, int rank, int32_t *digits) {
  for (int i = 0; i < rank; ++i) {
    digits[order[i]] = (int32_t)(index % sizes[order[i]]);
    index /= sizes[order[i]];
  }
}

static TileLayoutEncoding blockedEncoding(int rank, const int32_t *spt,
                                          const int32_t *tpw,
                                          const int32_t *wpc,
                                          const int32_t *order) {
  TileLayoutEncoding encoding = encodingOfKind(TILE_LAYOUT_ENCODING_BLOCKED);
  for (int d = 0; d < rank; ++d) {
    encoding.u.blocked.sizePerThread[d] = spt[d];
    encoding.u.blocked.threadsPerWarp[d] = tpw[d];
    encoding.u.blocked.warpsPerCTA[d] = wpc[d];
    encoding.u.blocked.order[d] = order[d];
  }
  return encoding;
}

static TileLayoutEncoding swizzledEncoding(int rank, int vec, int perPhase,
                                           int maxPhase, const int32_t *order) {
  TileLayoutEncoding encoding =
      encodingOfKind(TILE_LAYOUT_ENCODING_SWIZZLED_SHARED);
  encoding.u.swizzledShared.vec = vec;
  encoding.u.swizzledShared.perPhase = perPhase;
  encoding.u.swizzledShared.maxPhase = maxPhase;
  for (int d = 0; d < rank; ++d)
    encoding.u.swizzledShared.order[d] = order[d];
  return encoding;
}

/* ---- Construction, product, printing ------------------------------------ */

static void testConstructionAndProduct(void) {
  TileLinearLayout a, b, c, ab, abc;
  CHECK_OK(tileLayoutIdentity1D(&a, 8, TILE_LAYOUT_REGISTER, TILE_LAYOUT_DIM0));
  checkPrints(&a, "register=[[1],[2],[4]] -> dim0:8\n");
  int32_t in = 5, out = -1;
  CHECK_OK(tileLayoutApply(&a, &in, &out));
  CHECK_EQ(out, 5);
  in = 8;
  CHECK_EQ(tileLayoutApply(&a, &in, &out), TILE_LAYOUT_ERROR_INVALID_ARGUMENT);

  CHECK_OK(tileLayoutZeros1D(&b, 4, TILE_LAYOUT_LANE, TILE_LAYOUT_DIM1));
  checkPrints(&b, "lane=[[0],[0]] -> dim1:1\n");
  CHECK_EQ(tileLayoutGetFreeVariableMask(&b, TILE_LAYOUT_LANE), 3);
  CHECK(!tileLayoutIsInjective(&b));
  CHECK(tileLayoutIsSurjective(&b));

  CHECK_EQ(tileLayoutIdentity1D(&c, 3, TILE_LAYOUT_REGISTER, TILE_LAYOUT_DIM0),
           TILE_LAYOUT_ERROR_INVALID_ARGUMENT);

  /* inner * outer: outer's bases are shifted past inner's extent. */
  TileLinearLayout r4, r2, l8;
  CHECK_OK(tileLayoutIdentity1D(&r4, 4, TILE_LAYOUT_REGISTER, TILE_LAYOUT_DIM1));
  CHECK_OK(tileLayoutIdentity1D(&r2, 2, TILE_LAYOUT_REGISTER, TILE_LAYOUT_DIM0));
  CHECK_OK(tileLayoutIdentity1D(&l8, 8, TILE_LAYOUT_LANE, TILE_LAYOUT_DIM1));
  CHECK_OK(tileLayoutProduct(&ab, &r4, &r2));
  CHECK_OK(tileLayoutProduct(&abc, &ab, &l8));
  checkPrints(&abc, "register=[[1,0],[2,0],[0,1]] lane=[[4,0],[8,0],[16,0]] "
                    "-> dim1:32 dim0:2\n");
  CHECK_EQ(tileLayoutGetOutDimSize(&abc, TILE_LAYOUT_DIM1), 32);
  CHECK_EQ(tileLayoutGetInDimSize(&abc, TILE_LAYOUT_WARP), 1);
  CHECK_EQ(tileLayoutGetNumRegisters(&abc), 8);

  /* Same dim repeated: register 2 then register 4 along dim0 -> 8. */
  TileLinearLayout twice;
  CHECK_OK(tileLayoutProduct(&twice, &r2, &r2));
  checkPrints(&twice, "register=[[1],[2]] -> dim0:4\n");

  /* Orders that disagree have no product. */
  TileLinearLayout d01, d10, bad;
  CHECK_OK(tileLayoutProduct(&d01, &r2, &r4));  /* dims [dim0, dim1] */
  CHECK_OK(tileLayoutProduct(&d10, &r4, &r2));  /* dims [dim1, dim0] */
  CHECK_EQ(tileLayoutProduct(&bad, &d01, &d10), TILE_LAYOUT_ERROR_DIM_MISMATCH);

  /* Appending a basis outside the output dim is rejected. */
  TileLayoutDimName name = TILE_LAYOUT_DIM0;
  int32_t size = 4, value = 4;
  CHECK_OK(tileLayoutInit(&c, 1, &name, &size));
  CHECK_EQ(tileLayoutAppendBasis(&c, TILE_LAYOUT_REGISTER, &value),
           TILE_LAYOUT_ERROR_INVALID_ARGUMENT);
  value = 3;
  CHECK_OK(tileLayoutAppendBasis(&c, TILE_LAYOUT_REGISTER, &value));
  checkPrints(&c, "register=[[3]] -> dim0:4\n");

  TileLinearLayout empty;
  tileLayoutInitEmpty(&empty);
  checkPrints(&empty, "->\n");
  CHECK(tileLayoutEqual(&r2, &r2));
  CHECK(!tileLayoutEqual(&r2, &r4));
}

/* ---- Random layouts: invert, compose, pseudo-invert ---------------------- */

/* Fills a layout [register, lane] -> [dim0, dim1] with random bases. */
static void randomLayout(TileLinearLayout *layout, int regBits, int laneBits,
                         int rowBits, int colBits) {
  TileLayoutDimName outs[2] = {TILE_LAYOUT_DIM0, TILE_LAYOUT_DIM1};
  int32_t sizes[2] = {1 << rowBits, 1 << colBits};
  CHECK_OK(tileLayoutInit(layout, 2, outs, sizes));
  CHECK_OK(tileLayoutAddInDim(layout, TILE_LAYOUT_REGISTER));
  CHECK_OK(tileLayoutAddInDim(layout, TILE_LAYOUT_LANE));
  for (int b = 0; b < regBits + laneBits; ++b) {
    int32_t basis[2] = {(int32_t)(nextRandom() % sizes[0]),
                        (int32_t)(nextRandom() % sizes[1])};
    CHECK_OK(tileLayoutAppendBasis(
        layout, b < regBits ? TILE_LAYOUT_REGISTER : TILE_LAYOUT_LANE, basis));
  }
}

static void randomBijection(TileLinearLayout *layout, int regBits,
                            int laneBits, int rowBits) {
  int colBits = regBits + laneBits - rowBits;
  do
    randomLayout(layout, regBits, laneBits, rowBits, colBits);
  while (!tileLayoutIsInjective(layout));
}

static void checkIdentityOnInputs(const TileLinearLayout *layout,
                                  const TileLinearLayout *inverse) {
  TileLinearLayout roundTrip;
  CHECK_OK(tileLayoutCompose(&roundTrip, layout, inverse));
  int32_t regs = tileLayoutGetInDimSize(layout, TILE_LAYOUT_REGISTER);
  int32_t lanes = tileLayoutGetInDimSize(layout, TILE_LAYOUT_LANE);
  for (int32_t r = 0; r < regs; ++r)
    for (int32_t l = 0; l < lanes; ++l) {
      int32_t in[2] = {r, l}, out[2];
      CHECK_OK(tileLayoutApply(&roundTrip, in, out));
      CHECK(out[0] == r && out[1] == l);
    }
}

static void testRandomAlgebra(void) {
  for (int trial = 0; trial < 40; ++trial) {
    int regBits = 1 + trial % 4, laneBits = 1 + (trial / 4) % 4;
    int rowBits = (regBits + laneBits) / 2;
    TileLinearLayout layout, inverse, back, again;
    randomBijection(&layout, regBits, laneBits, rowBits);
    CHECK(tileLayoutIsSurjective(&layout));
    CHECK_EQ(tileLayoutGetFreeVariableMask(&layout, TILE_LAYOUT_REGISTER), 0);
    CHECK_OK(tileLayoutInvert(&inverse, &layout));
    CHECK_EQ(inverse.numInDims, 2);
    CHECK_EQ(inverse.inNames[0], TILE_LAYOUT_DIM0);
    CHECK_EQ(inverse.outNames[1], TILE_LAYOUT_LANE);
    checkIdentityOnInputs(&layout, &inverse);
    /* inverse then layout is the identity on coordinates. */
    CHECK_OK(tileLayoutCompose(&back, &inverse, &layout));
    for (int32_t row = 0; row < (1 << rowBits); ++row)
      for (int32_t col = 0; col < (1 << (regBits + laneBits - rowBits)); ++col) {
        int32_t in[2] = {row, col}, out[2];
        CHECK_OK(tileLayoutApply(&back, in, out));
        CHECK(out[0] == row && out[1] == col);
      }
    /* Inverting twice gives the layout back exactly. */
    CHECK_OK(tileLayoutInvert(&again, &inverse));
    CHECK(tileLayoutEqual(&again, &layout));
    /* Linearity: f(x ^ y) == f(x) ^ f(y). */
    int32_t regs = 1 << regBits, lanes = 1 << laneBits;
    int32_t x[2] = {(int32_t)(nextRandom() % regs), (int32_t)(nextRandom() % lanes)};
    int32_t y[2] = {(int32_t)(nextRandom() % regs), (int32_t)(nextRandom() % lanes)};
    int32_t xy[2] = {x[0] ^ y[0], x[1] ^ y[1]}, fx[2], fy[2], fxy[2];
    CHECK_OK(tileLayoutApply(&layout, x, fx));
    CHECK_OK(tileLayoutApply(&layout, y, fy));
    CHECK_OK(tileLayoutApply(&layout, xy, fxy));
    CHECK(fxy[0] == (fx[0] ^ fy[0]) && fxy[1] == (fx[1] ^ fy[1]));
  }

  /* A non-injective layout has no inverse but a right inverse. */
  for (int trial = 0; trial < 40; ++trial) {
    TileLinearLayout layout, right, check;
    do
      randomLayout(&layout, 3, 3, 2, 2); /* 6 input bits onto 4 */
    while (!tileLayoutIsSurjective(&layout));
    CHECK_EQ(tileLayoutInvert(&right, &layout), TILE_LAYOUT_ERROR_NOT_INVERTIBLE);
    CHECK_OK(tileLayoutPseudoInvert(&right, &layout));
    CHECK_OK(tileLayoutCompose(&check, &right, &layout));
    for (int32_t row = 0; row < 4; ++row)
      for (int32_t col = 0; col < 4; ++col) {
        int32_t in[2] = {row, col}, out[2];
        CHECK_OK(tileLayoutApply(&check, in, out));
        CHECK(out[0] == row && out[1] == col);
      }
    /* Exactly two input bits are free, and the right inverse never sets them. */
    uint32_t freeRegs = tileLayoutGetFreeVariableMask(&layout, TILE_LAYOUT_REGISTER);
    uint32_t freeLanes = tileLayoutGetFreeVariableMask(&layout, TILE_LAYOUT_LANE);
    CHECK_EQ(__builtin_popcount(freeRegs) + __builtin_popcount(freeLanes), 2);
    for (int32_t bit = 0; bit < 4; ++bit) {
      int32_t in[2] = {bit < 2 ? 1 << bit : 0, bit < 2 ? 0 : 1 << (bit - 2)};
      int32_t out[2];
      CHECK_OK(tileLayoutApply(&right, in, out));
      CHECK((out[0] & (int32_t)freeRegs) == 0 && (out[1] & (int32_t)freeLanes) == 0);
    }
  }

  /* A layout missing part of its codomain has neither. */
  TileLinearLayout thin, none;
  randomLayout(&thin, 1, 1, 2, 2);
  CHECK_EQ(tileLayoutPseudoInvert(&none, &thin), TILE_LAYOUT_ERROR_NOT_INVERTIBLE);

  /* invertAndCompose: to(result(x)) == from(x) for every x. */
  for (int trial = 0; trial < 40; ++trial) {
    TileLinearLayout from, to, conversion;
    randomLayout(&from, 2 + trial % 3, 3, 3, 2);
    do
      randomLayout(&to, 3, 2 + trial % 3, 3, 2);
    while (!tileLayoutIsSurjective(&to));
    CHECK_OK(tileLayoutInvertAndCompose(&conversion, &from, &to));
    int32_t regs = tileLayoutGetInDimSize(&from, TILE_LAYOUT_REGISTER);
    for (int32_t r = 0; r < regs; ++r)
      for (int32_t l = 0; l < 8; ++l) {
        int32_t in[2] = {r, l}, hw[2], viaTo[2], direct[2];
        CHECK_OK(tileLayoutApply(&conversion, in, hw));
        CHECK_OK(tileLayoutApply(&to, hw, viaTo));
        CHECK_OK(tileLayoutApply(&from, in, direct));
        CHECK(viaTo[0] == direct[0] && viaTo[1] == direct[1]);
      }
  }

  /* Dims that agree map to themselves, and the other dims are solved without
   * them: lane 1 of `from` holds the element lane 1 of `to` holds, even
   * though register 1 of `to` holds it too. */
  {
    TileLinearLayout from, to, conversion;
    TileLayoutDimName dim0 = TILE_LAYOUT_DIM0;
    int32_t size = 4, one = 1, two = 2, zero = 0;
    CHECK_OK(tileLayoutInit(&from, 1, &dim0, &size));
    CHECK_OK(tileLayoutInit(&to, 1, &dim0, &size));
    CHECK_OK(tileLayoutAppendBasis(&from, TILE_LAYOUT_REGISTER, &one));
    CHECK_OK(tileLayoutAppendBasis(&from, TILE_LAYOUT_LANE, &one));
    CHECK_OK(tileLayoutAppendBasis(&from, TILE_LAYOUT_LANE, &zero));
    CHECK_OK(tileLayoutAppendBasis(&to, TILE_LAYOUT_REGISTER, &one));
    CHECK_OK(tileLayoutAppendBasis(&to, TILE_LAYOUT_LANE, &one));
    CHECK_OK(tileLayoutAppendBasis(&to, TILE_LAYOUT_LANE, &two));
    CHECK_OK(tileLayoutInvertAndCompose(&conversion, &from, &to));
    checkPrints(&conversion,
                "register=[[1,0]] lane=[[0,1],[0,0]] -> register:2 lane:4\n");
  }

  /* Composition is associative: register -> dim0 -> dim1 -> offset. */
  for (int trial = 0; trial < 20; ++trial) {
    TileLinearLayout f, g, h, fg, gh, left, right;
    TileLayoutDimName d0 = TILE_LAYOUT_DIM0, d1 = TILE_LAYOUT_DIM1,
                      offset = TILE_LAYOUT_OFFSET;
    int32_t s8 = 8, s16 = 16, s4 = 4;
    CHECK_OK(tileLayoutInit(&f, 1, &d0, &s8));
    CHECK_OK(tileLayoutInit(&g, 1, &d1, &s16));
    CHECK_OK(tileLayoutInit(&h, 1, &offset, &s4));
    for (int b = 0; b < 4; ++b) {
      int32_t v = (int32_t)(nextRandom() % 8);
      CHECK_OK(tileLayoutAppendBasis(&f, TILE_LAYOUT_REGISTER, &v));
    }
    for (int b = 0; b < 3; ++b) {
      int32_t v = (int32_t)(nextRandom() % 16);
      CHECK_OK(tileLayoutAppendBasis(&g, TILE_LAYOUT_DIM0, &v));
    }
    for (int b = 0; b < 4; ++b) {
      int32_t v = (int32_t)(nextRandom() % 4);
      CHECK_OK(tileLayoutAppendBasis(&h, TILE_LAYOUT_DIM1, &v));
    }
    CHECK_OK(tileLayoutCompose(&fg, &f, &g));
    CHECK_OK(tileLayoutCompose(&gh, &g, &h));
    CHECK_OK(tileLayoutCompose(&left, &fg, &h));
    CHECK_OK(tileLayoutCompose(&right, &f, &gh));
    CHECK(tileLayoutEqual(&left, &right));
    /* And g's inputs must cover f's outputs: h cannot follow f. */
    CHECK_EQ(tileLayoutCompose(&left, &f, &h), TILE_LAYOUT_ERROR_DIM_MISMATCH);
  }
}

/* ---- Transpose, reshape, sublayout -------------------------------------- */

static void testReshapeTransposeSublayout(void) {
  TileLinearLayout layout, flat, back, transposed, twice, sub, perm;
  TileLayoutDimName outs[2] = {TILE_LAYOUT_DIM0, TILE_LAYOUT_DIM1};
  int32_t sizes[2] = {4, 8};
  CHECK_OK(tileLayoutInit(&layout, 2, outs, sizes));
  for (int b = 0; b < 5; ++b) {
    int32_t basis[2] = {(int32_t)(nextRandom() % 4), (int32_t)(nextRandom() % 8)};
    CHECK_OK(tileLayoutAppendBasis(&layout, b < 3 ? TILE_LAYOUT_REGISTER
                                                  : TILE_LAYOUT_LANE, basis));
  }
  TileLayoutDimName flatName = TILE_LAYOUT_DIM0;
  int32_t flatSize = 32;
  CHECK_OK(tileLayoutReshapeOuts(&flat, &layout, 1, &flatName, &flatSize));
  for (int32_t r = 0; r < 8; ++r)
    for (int32_t l = 0; l < 4; ++l) {
      int32_t in[2] = {r, l}, coords[2], index;
      CHECK_OK(tileLayoutApply(&layout, in, coords));
      CHECK_OK(tileLayoutApply(&flat, in, &index));
      CHECK_EQ(index, coords[0] * 8 + coords[1]); /* row-major */
    }
  CHECK_OK(tileLayoutReshapeOuts(&back, &flat, 2, outs, sizes));
  CHECK(tileLayoutEqual(&back, &layout));
  int32_t otherSizes[2] = {8, 4};
  CHECK_OK(tileLayoutReshapeOuts(&back, &layout, 2, outs, otherSizes));
  for (int32_t r = 0; r < 8; ++r) {
    int32_t in[2] = {r, 3}, a[2], b[2];
    CHECK_OK(tileLayoutApply(&layout, in, a));
    CHECK_OK(tileLayoutApply(&back, in, b));
    CHECK_EQ(a[0] * 8 + a[1], b[0] * 4 + b[1]);
  }
  int32_t wrongSize = 16;
  CHECK_EQ(tileLayoutReshapeOuts(&back, &layout, 1, &flatName, &wrongSize),
           TILE_LAYOUT_ERROR_DIM_MISMATCH);

  TileLayoutDimName swapped[2] = {TILE_LAYOUT_DIM1, TILE_LAYOUT_DIM0};
  CHECK_OK(tileLayoutTransposeOuts(&transposed, &layout, swapped));
  CHECK_EQ(transposed.outNames[0], TILE_LAYOUT_DIM1);
  CHECK_EQ(transposed.bases[0][1][0], layout.bases[0][1][1]);
  CHECK_EQ(transposed.bases[1][0][1], layout.bases[1][0][0]);
  CHECK_OK(tileLayoutTransposeOuts(&twice, &transposed, outs));
  CHECK(tileLayoutEqual(&twice, &layout));
  TileLayoutDimName notPermutation[2] = {TILE_LAYOUT_DIM0, TILE_LAYOUT_DIM0};
  CHECK_EQ(tileLayoutTransposeOuts(&twice, &layout, notPermutation),
           TILE_LAYOUT_ERROR_INVALID_ARGUMENT);

  TileLayoutDimName insSwapped[2] = {TILE_LAYOUT_LANE, TILE_LAYOUT_REGISTER};
  CHECK_OK(tileLayoutTransposeIns(&transposed, &layout, insSwapped));
  CHECK_EQ(transposed.inLog2Sizes[0], 2);
  CHECK_EQ(transposed.bases[0][1][1], layout.bases[1][1][1]);
  CHECK_EQ(transposed.bases[1][2][0], layout.bases[0][2][0]);

  /* trans(x, [1, 0]): new dim0 is old dim1. */
  int32_t order[2] = {1, 0};
  CHECK_OK(tileLayoutPermuteTensorDims(&perm, &layout, order));
  CHECK_EQ(tileLayoutGetOutDimSize(&perm, TILE_LAYOUT_DIM0), 8);
  CHECK_EQ(perm.outNames[0], TILE_LAYOUT_DIM0);
  for (int32_t r = 0; r < 8; ++r) {
    int32_t in[2] = {r, 2}, a[2], b[2];
    CHECK_OK(tileLayoutApply(&layout, in, a));
    CHECK_OK(tileLayoutApply(&perm, in, b));
    CHECK(b[0] == a[1] && b[1] == a[0]);
  }

  TileLayoutDimName lane = TILE_LAYOUT_LANE, dim1 = TILE_LAYOUT_DIM1;
  CHECK_OK(tileLayoutSublayout(&sub, &layout, 1, &lane, 1, &dim1));
  CHECK_EQ(sub.numInDims, 1);
  CHECK_EQ(tileLayoutGetOutDimSize(&sub, TILE_LAYOUT_DIM1), 8);
  CHECK_EQ(sub.bases[0][0][0], layout.bases[1][0][1]);
  CHECK_EQ(sub.bases[0][1][0], layout.bases[1][1][1]);
  TileLayoutDimName warp = TILE_LAYOUT_WARP;
  CHECK_EQ(tileLayoutSublayout(&sub, &layout, 1, &warp, 1, &dim1),
           TILE_LAYOUT_ERROR_INVALID_ARGUMENT);
}

/* ---- Blocked layouts against Triton's index formulas --------------------- */

/* Triton's blocked semantics, computed the naive way: a CTA tile of
 * sizePerThread * threadsPerWarp * warpsPerCTA; registers enumerate first a
 * thread's own elements and then the tile repetitions, both with order[0]
 * fastest; coordinates wrap modulo the shape (smaller shapes broadcast). */
static void checkBlockedAgainstFormula(int rank, const int32_t *spt,
                                       const int32_t *tpw, const int32_t *wpc,
                                       const int32_t *order,
                                       const int64_t *shape) {
  TileLayoutEncoding encoding = blockedEncoding(rank, spt, tpw, wpc, order);
  TileLinearLayout layout;
  CHECK_OK(tileLayoutFromEncoding(&layout, &encoding, rank, shape));
  int32_t tile[4], reps[4];
  for (int d = 0; d < rank; ++d) {
    tile[d] = spt[d] * tpw[d] * wpc[d];
    reps[d] = shape[d] > tile[d] ? (int32_t)(shape[d] / tile[d]) : 1;
  }
  int32_t regs = (int32_t)(product(spt, rank) * product(reps, rank));
  CHECK_EQ(tileLayoutGetNumRegisters(&layout), regs);
  CHECK_EQ(tileLayoutGetInDimSize(&layout, TILE_LAYOUT_LANE), product(tpw, rank));
  CHECK_EQ(tileLayoutGetInDimSize(&layout, TILE_LAYOUT_WARP), product(wpc, rank));
  CHECK_EQ(layout.numInDims, 4);
  for (int d = 0; d < rank; ++d) {
    CHECK_EQ(layout.outNames[d], TILE_LAYOUT_DIM0 + d);
    CHECK_EQ(tileLayoutGetOutDimSize(&layout, tileLayoutTensorDim(d)), shape[d]);
  }
  for (int32_t warp = 0; warp < product(wpc, rank); ++warp)
    for (int32_t lane = 0; lane < product(tpw, rank); ++lane)
      for (int32_t reg = 0; reg < regs; ++reg) {
        int32_t elem[4], rep[4], laneId[4], warpId[4], coords[4];
        delinearize(reg % product(spt, rank), spt, order, rank, elem);
        delinearize(reg / product(spt, rank), reps, order, rank, rep);
        delinearize(lane, tpw, order, rank, laneId);
        delinearize(warp, wpc, order, rank, warpId);
        checkedCoordinatesOf(&layout, reg, lane, warp, coords);
        for (int d = 0; d < rank; ++d) {
          int64_t expected = ((int64_t)rep[d] * tile[d] +
                              (int64_t)warpId[d] * spt[d] * tpw[d] +
                              (int64_t)laneId[d] * spt[d] + elem[d]) %
                             shape[d];
          if (coords[d] != expected) {
            fprintf(stderr, "blocked mismatch reg %d lane %d warp %d dim %d\n",
                    reg, lane, warp, d);
            CHECK_EQ(coords[d], expected);
          }
        }
      }
  ++checksPassed;
}

static void testBlocked(void) {
  {
    int32_t spt[] = {1, 4}, tpw[] = {8, 4}, wpc[] = {4, 1}, order[] = {1, 0};
    int64_t larger[] = {128, 64}, exact[] = {32, 16}, smaller[] = {16, 8},
            tiny[] = {1, 2};
    checkBlockedAgainstFormula(2, spt, tpw, wpc, order, larger);
    checkBlockedAgainstFormula(2, spt, tpw, wpc, order, exact);
    checkBlockedAgainstFormula(2, spt, tpw, wpc, order, smaller);
    checkBlockedAgainstFormula(2, spt, tpw, wpc, order, tiny);
  }
  {
    int32_t spt[] = {2, 2}, tpw[] = {4, 8}, wpc[] = {2, 2}, order[] = {0, 1};
    int64_t mixed[] = {64, 4}, larger[] = {32, 128};
    checkBlockedAgainstFormula(2, spt, tpw, wpc, order, mixed);
    checkBlockedAgainstFormula(2, spt, tpw, wpc, order, larger);
  }
  {
    int32_t spt[] = {1, 2, 2}, tpw[] = {2, 4, 4}, wpc[] = {1, 2, 2},
            order[] = {2, 0, 1};
    int64_t shape[] = {4, 32, 16}, small[] = {1, 4, 64};
    checkBlockedAgainstFormula(3, spt, tpw, wpc, order, shape);
    checkBlockedAgainstFormula(3, spt, tpw, wpc, order, small);
  }
  {
    int32_t spt[] = {4}, tpw[] = {32}, wpc[] = {4}, order[] = {0};
    int64_t larger[] = {1024}, smaller[] = {64};
    checkBlockedAgainstFormula(1, spt, tpw, wpc, order, larger);
    checkBlockedAgainstFormula(1, spt, tpw, wpc, order, smaller);
  }
  {
    int32_t spt[] = {1, 1, 2, 2}, tpw[] = {2, 2, 2, 4}, wpc[] = {2, 1, 1, 2},
            order[] = {3, 2, 1, 0};
    int64_t shape[] = {4, 2, 8, 32};
    checkBlockedAgainstFormula(4, spt, tpw, wpc, order, shape);
  }

  /* The exact printed form of a small layout. */
  int32_t spt[] = {1, 2}, tpw[] = {4, 8}, wpc[] = {1, 1}, order[] = {1, 0};
  int64_t shape[] = {4, 16};
  TileLayoutEncoding encoding = blockedEncoding(2, spt, tpw, wpc, order);
  TileLinearLayout layout;
  CHECK_OK(tileLayoutFromEncoding(&layout, &encoding, 2, shape));
  checkPrints(&layout, "register=[[0,1]] lane=[[0,2],[0,4],[0,8],[1,0],[2,0]] "
                       "warp=[] block=[] -> dim0:4 dim1:16\n");

  /* Bad encodings are rejected, not asserted. */
  int32_t badOrder[] = {0, 0}, badSize[] = {3, 1};
  encoding = blockedEncoding(2, spt, tpw, wpc, badOrder);
  CHECK_EQ(tileLayoutFromEncoding(&layout, &encoding, 2, shape),
           TILE_LAYOUT_ERROR_INVALID_ARGUMENT);
  encoding = blockedEncoding(2, badSize, tpw, wpc, order);
  CHECK_EQ(tileLayoutFromEncoding(&layout, &encoding, 2, shape),
           TILE_LAYOUT_ERROR_INVALID_ARGUMENT);
  int64_t badShape[] = {4, 12};
  encoding = blockedEncoding(2, spt, tpw, wpc, order);
  CHECK_EQ(tileLayoutFromEncoding(&layout, &encoding, 2, badShape),
           TILE_LAYOUT_ERROR_INVALID_ARGUMENT);
}

static void testSlice(void) {
  int32_t spt[] = {1, 4}, tpw[] = {8, 4}, wpc[] = {4, 1}, order[] = {1, 0};
  TileLayoutEncoding parent = blockedEncoding(2, spt, tpw, wpc, order);
  TileLayoutEncoding slice = encodingOfKind(TILE_LAYOUT_ENCODING_SLICE);
  slice.u.slice.dim = 1;
  slice.u.slice.parent = &parent;
  TileLinearLayout layout;
  int64_t shape[] = {32};
  CHECK_OK(tileLayoutFromEncoding(&layout, &slice, 1, shape));
  /* Reducing dim1 leaves lanes 0-1 broadcast and no per-thread registers. */
  checkPrints(&layout, "register=[] lane=[[0],[0],[1],[2],[4]] "
                       "warp=[[8],[16]] block=[] -> dim0:32\n");
  CHECK_EQ(tileLayoutGetFreeVariableMask(&layout, TILE_LAYOUT_LANE), 3);
  CHECK_EQ(tileLayoutGetFreeVariableMask(&layout, TILE_LAYOUT_WARP), 0);

  int64_t larger[] = {128};
  CHECK_OK(tileLayoutFromEncoding(&layout, &slice, 1, larger));
  CHECK_EQ(tileLayoutGetNumRegisters(&layout), 4);
  for (int32_t warp = 0; warp < 4; ++warp)
    for (int32_t lane = 0; lane < 32; ++lane)
      for (int32_t reg = 0; reg < 4; ++reg) {
        int32_t row;
        checkedCoordinatesOf(&layout, reg, lane, warp, &row);
        CHECK_EQ(row, reg * 32 + warp * 8 + lane / 4);
      }

  /* Slicing dim0 keeps the column lanes and broadcasts over warps. */
  slice.u.slice.dim = 0;
  int64_t columns[] = {16};
  CHECK_OK(tileLayoutFromEncoding(&layout, &slice, 1, columns));
  checkPrints(&layout, "register=[[1],[2]] lane=[[4],[8],[0],[0],[0]] "
                       "warp=[[0],[0]] block=[] -> dim0:16\n");
}

/* ---- mma v2 (Ampere m16n8k16) against the PTX ISA fragment tables -------- */

static void testMmaV2(void) {
  TileLayoutEncoding mma = mmaEncoding(2, 1, 1, 16, 8, 16);
  TileLinearLayout c, a, b;
  int64_t shapeC[] = {16, 8};
  CHECK_OK(tileLayoutFromEncoding(&c, &mma, 2, shapeC));
  CHECK_EQ(tileLayoutGetNumRegisters(&c), 4);
  /* PTX ISA, mma.m16n8k16 f32 accumulator: (row, col) of c0..c3, by hand. */
  static const int32_t lane0[4][2] = {{0, 0}, {0, 1}, {8, 0}, {8, 1}};
  static const int32_t lane5[4][2] = {{1, 2}, {1, 3}, {9, 2}, {9, 3}};
  static const int32_t lane31[4][2] = {{7, 6}, {7, 7}, {15, 6}, {15, 7}};
  for (int32_t i = 0; i < 4; ++i) {
    int32_t coords[2];
    checkedCoordinatesOf(&c, i, 0, 0, coords);
    CHECK(coords[0] == lane0[i][0] && coords[1] == lane0[i][1]);
    checkedCoordinatesOf(&c, i, 5, 0, coords);
    CHECK(coords[0] == lane5[i][0] && coords[1] == lane5[i][1]);
    checkedCoordinatesOf(&c, i, 31, 0, coords);
    CHECK(coords[0] == lane31[i][0] && coords[1] == lane31[i][1]);
  }
  checkPrints(&c, "register=[[0,1],[8,0]] lane=[[0,2],[0,4],[1,0],[2,0],[4,0]]"
                  " warp=[] block=[] -> dim0:16 dim1:8\n");

  /* Warps 2x2 (row-major: warp bit 0 walks N) and tile repeats (N first). */
  mma = mmaEncoding(2, 2, 2, 16, 8, 16);
  int64_t shapeBig[] = {64, 32};
  CHECK_OK(tileLayoutFromEncoding(&c, &mma, 2, shapeBig));
  CHECK_EQ(tileLayoutGetNumRegisters(&c), 16);
  for (int32_t w = 0; w < 4; ++w)
    for (int32_t lane = 0; lane < 32; ++lane)
      for (int32_t i = 0; i < 16; ++i) {
        int32_t g = lane / 4, t = lane % 4, coords[2];
        checkedCoordinatesOf(&c, i, lane, w, coords);
        CHECK_EQ(coords[0], g + 8 * ((i >> 1) & 1) + 16 * (w >> 1) +
                                32 * ((i >> 3) & 1));
        CHECK_EQ(coords[1], t * 2 + (i & 1) + 8 * (w & 1) + 16 * ((i >> 2) & 1));
      }

  /* Operand A, f16 (kWidth 2): a0..a7 from the PTX table, by hand. */
  mma = mmaEncoding(2, 1, 1, 16, 8, 16);
  TileLayoutEncoding dotA = dotOperandEncoding(0, 2, &mma);
  int64_t shapeA[] = {16, 16};
  CHECK_OK(tileLayoutFromEncoding(&a, &dotA, 2, shapeA));
  CHECK_EQ(tileLayoutGetNumRegisters(&a), 8);
  static const int32_t aLane5[8][2] = {{1, 2},  {1, 3},  {9, 2},  {9, 3},
                                       {1, 10}, {1, 11}, {9, 10}, {9, 11}};
  static const int32_t aLane30[8][2] = {{7, 4},  {7, 5},  {15, 4},  {15, 5},
                                        {7, 12}, {7, 13}, {15, 12}, {15, 13}};
  for (int32_t i = 0; i < 8; ++i) {
    int32_t coords[2];
    checkedCoordinatesOf(&a, i, 5, 0, coords);
    CHECK(coords[0] == aLane5[i][0] && coords[1] == aLane5[i][1]);
    checkedCoordinatesOf(&a, i, 30, 0, coords);
    CHECK(coords[0] == aLane30[i][0] && coords[1] == aLane30[i][1]);
  }
  for (int32_t lane = 0; lane < 32; ++lane)
    for (int32_t i = 0; i < 8; ++i) {
      int32_t g = lane / 4, t = lane % 4, coords[2];
      checkedCoordinatesOf(&a, i, lane, 0, coords);
      CHECK_EQ(coords[0], g + 8 * ((i >> 1) & 1));
      CHECK_EQ(coords[1], t * 2 + (i & 1) + 8 * (i >> 2));
    }

  /* Operand B, f16: b0..b3 are (k, n) = (t*2 + (i&1) + 8*(i>>1), g). */
  TileLayoutEncoding dotB = dotOperandEncoding(1, 2, &mma);
  int64_t shapeB[] = {16, 8};
  CHECK_OK(tileLayoutFromEncoding(&b, &dotB, 2, shapeB));
  CHECK_EQ(tileLayoutGetNumRegisters(&b), 4);
  static const int32_t bLane5[4][2] = {{2, 1}, {3, 1}, {10, 1}, {11, 1}};
  for (int32_t i = 0; i < 4; ++i) {
    int32_t coords[2];
    checkedCoordinatesOf(&b, i, 5, 0, coords);
    CHECK(coords[0] == bLane5[i][0] && coords[1] == bLane5[i][1]);
  }
  for (int32_t lane = 0; lane < 32; ++lane)
    for (int32_t i = 0; i < 4; ++i) {
      int32_t coords[2];
      checkedCoordinatesOf(&b, i, lane, 0, coords);
      CHECK_EQ(coords[0], (lane % 4) * 2 + (i & 1) + 8 * (i >> 1));
      CHECK_EQ(coords[1], lane / 4);
    }

  /* With 2x2 warps, A is shared by the warps along N and B by those along M. */
  mma = mmaEncoding(2, 2, 2, 16, 8, 16);
  int64_t shapeA2[] = {32, 16}, shapeB2[] = {16, 16};
  CHECK_OK(tileLayoutFromEncoding(&a, &dotA, 2, shapeA2));
  CHECK_OK(tileLayoutFromEncoding(&b, &dotB, 2, shapeB2));
  CHECK_EQ(tileLayoutGetFreeVariableMask(&a, TILE_LAYOUT_WARP), 1);
  CHECK_EQ(tileLayoutGetFreeVariableMask(&b, TILE_LAYOUT_WARP), 2);
  int32_t coords[2];
  checkedCoordinatesOf(&a, 0, 0, 2, coords);
  CHECK(coords[0] == 16 && coords[1] == 0);
  checkedCoordinatesOf(&b, 0, 0, 1, coords);
  CHECK(coords[0] == 0 && coords[1] == 8);
  /* A longer K repeats in registers, never in the warps along N. */
  int64_t shapeA3[] = {32, 32};
  CHECK_OK(tileLayoutFromEncoding(&a, &dotA, 2, shapeA3));
  CHECK_EQ(tileLayoutGetNumRegisters(&a), 16);
  CHECK_EQ(tileLayoutGetFreeVariableMask(&a, TILE_LAYOUT_WARP), 1);
  checkedCoordinatesOf(&a, 8, 0, 0, coords);
  CHECK(coords[0] == 0 && coords[1] == 16);

  /* 8-bit operands (kWidth 4): four consecutive K elements per thread. */
  mma = mmaEncoding(2, 1, 1, 16, 8, 16);
  TileLayoutEncoding dotA8 = dotOperandEncoding(0, 4, &mma);
  int64_t shapeA8[] = {16, 32};
  CHECK_OK(tileLayoutFromEncoding(&a, &dotA8, 2, shapeA8));
  CHECK_EQ(tileLayoutGetContiguousElements(&a, TILE_LAYOUT_DIM1), 4);
  checkedCoordinatesOf(&a, 3, 1, 0, coords);
  CHECK(coords[0] == 0 && coords[1] == 7);

  /* Volta (version 1) is tested in linear_layout_volta_test.c. */
}

/* ---- mma v3 (Hopper wgmma accumulator) ---------------------------------- */

static void testMmaV3(void) {
  TileLayoutEncoding mma = mmaEncoding(3, 4, 1, 16, 64, 16);
  TileLinearLayout c;
  int64_t shape[] = {64, 64};
  CHECK_OK(tileLayoutFromEncoding(&c, &mma, 2, shape));
  CHECK_EQ(tileLayoutGetNumRegisters(&c), 32);
  /* PTX wgmma D fragment: row = 16*warp + g + 8*((i>>1)&1),
   * col = 8*(i>>2) + 2*t + (i&1). */
  for (int32_t w = 0; w < 4; ++w)
    for (int32_t lane = 0; lane < 32; ++lane)
      for (int32_t i = 0; i < 32; ++i) {
        int32_t coords[2];
        checkedCoordinatesOf(&c, i, lane, w, coords);
        CHECK_EQ(coords[0], 16 * w + lane / 4 + 8 * ((i >> 1) & 1));
        CHECK_EQ(coords[1], 8 * (i >> 2) + 2 * (lane % 4) + (i & 1));
      }
  /* Two warpgroups along N: warps go along M first (column-major). */
  mma = mmaEncoding(3, 4, 2, 16, 64, 16);
  int64_t wide[] = {64, 128};
  CHECK_OK(tileLayoutFromEncoding(&c, &mma, 2, wide));
  int32_t coords[2];
  checkedCoordinatesOf(&c, 0, 0, 3, coords);
  CHECK(coords[0] == 48 && coords[1] == 0);
  checkedCoordinatesOf(&c, 0, 0, 4, coords);
  CHECK(coords[0] == 0 && coords[1] == 64);
  /* wgmma takes A from registers: same fragment as mma.sync's A. */
  TileLayoutEncoding dotA = dotOperandEncoding(0, 2, &mma);
  int64_t shapeA[] = {64, 16};
  TileLinearLayout a;
  CHECK_OK(tileLayoutFromEncoding(&a, &dotA, 2, shapeA));
  checkedCoordinatesOf(&a, 5, 5, 1, coords);
  CHECK(coords[0] == 17 && coords[1] == 11);
  TileLayoutEncoding dotB = dotOperandEncoding(1, 2, &mma);
  CHECK_EQ(tileLayoutFromEncoding(&a, &dotB, 2, shapeA),
           TILE_LAYOUT_ERROR_INVALID_ARGUMENT);
  TileLayoutEncoding notWarpgroup = mmaEncoding(3, 2, 2, 16, 64, 16);
  CHECK_EQ(tileLayoutFromEncoding(&c, &notWarpgroup, 2, shape),
           TILE_LAYOUT_ERROR_INVALID_ARGUMENT);
}

/* ---- Shared layouts ----------------------------------------------------- */

static void checkSwizzle(int vec, int perPhase, int maxPhase, int64_t rows,
                         int64_t cols, bool colsAreDim1) {
  int32_t order[2] = {colsAreDim1 ? 1 : 0, colsAreDim1 ? 0 : 1};
  TileLayoutEncoding encoding =
      swizzledEncoding(2, vec, perPhase, maxPhase, order);
  int64_t shape[2] = {colsAreDim1 ? rows : cols, colsAreDim1 ? cols : rows};
  TileLinearLayout layout;
  CHECK_OK(tileLayoutFromEncoding(&layout, &encoding, 2, shape));
  CHECK(tileLayoutIsInjective(&layout) && tileLayoutIsSurjective(&layout));
  for (int32_t offset = 0; offset < rows * cols; ++offset) {
    int32_t row = (int32_t)(offset / cols);
    int32_t col = (int32_t)((offset % cols) ^
                            (((row / perPhase) % maxPhase) * vec % cols));
    int32_t coords[2];
    applyOffset(&layout, offset, coords);
    CHECK_EQ(coords[colsAreDim1 ? 0 : 1], row);
    CHECK_EQ(coords[colsAreDim1 ? 1 : 0], col);
  }
}

static void checkNvmma(int swizzleBytes, int elementBits, int64_t rows,
                       int64_t cols, bool transposed) {
  TileLayoutEncoding encoding =
      encodingOfKind(TILE_LAYOUT_ENCODING_NVMMA_SHARED);
  encoding.u.nvmmaShared.swizzleBytes = swizzleBytes;
  encoding.u.nvmmaShared.elementBits = elementBits;
  encoding.u.nvmmaShared.transposed = transposed;
  int64_t shape[2] = {transposed ? cols : rows, transposed ? rows : cols};
  TileLinearLayout layout;
  CHECK_OK(tileLayoutFromEncoding(&layout, &encoding, 2, shape));
  int32_t perPhase = 128 / swizzleBytes, maxPhase = swizzleBytes / 16;
  int32_t vec = 128 / elementBits, tileCols = swizzleBytes * 8 / elementBits;
  for (int32_t row = 0; row < rows; ++row)
    for (int32_t col = 0; col < cols; ++col) {
      /* CUTLASS-style: column tiles of swizzleBytes stacked one after the
       * other, each holding every row; 16-byte chunks XORed by the row. */
      int32_t inTile =
          (col % tileCols) ^ (((row / perPhase) % maxPhase) * vec);
      int32_t offset = (int32_t)((col / tileCols) * rows * tileCols +
                                 row * tileCols + inTile);
      int32_t coords[2];
      applyOffset(&layout, offset, coords);
      CHECK_EQ(coords[transposed ? 1 : 0], row);
      CHECK_EQ(coords[transposed ? 0 : 1], col);
    }
}

static void testShared(void) {
  checkSwizzle(8, 1, 8, 32, 64, true);
  checkSwizzle(4, 2, 4, 16, 32, true);
  checkSwizzle(2, 4, 2, 32, 16, false);
  checkSwizzle(1, 1, 1, 8, 8, true);
  checkSwizzle(8, 1, 8, 16, 16, true); /* swizzle wider than the row: wraps */
  checkNvmma(128, 16, 64, 128, false);
  checkNvmma(64, 16, 16, 64, false);
  checkNvmma(32, 32, 32, 16, false);
  checkNvmma(128, 8, 8, 256, false);
  checkNvmma(128, 16, 64, 64, true);

  /* A 3-D swizzled buffer: the batch dim is outermost. */
  int32_t order[3] = {2, 1, 0};
  TileLayoutEncoding encoding = swizzledEncoding(3, 4, 1, 4, order);
  int64_t shape[3] = {2, 8, 16};
  TileLinearLayout layout;
  CHECK_OK(tileLayoutFromEncoding(&layout, &encoding, 3, shape));
  for (int32_t offset = 0; offset < 256; ++offset) {
    int32_t batch = offset / 128, row = (offset / 16) % 8;
    int32_t col = (offset % 16) ^ ((row % 4) * 4);
    int32_t coords[3];
    applyOffset(&layout, offset, coords);
    CHECK(coords[0] == batch && coords[1] == row && coords[2] == col);
  }

  TileLayoutEncoding nvmma = encodingOfKind(TILE_LAYOUT_ENCODING_NVMMA_SHARED);
  nvmma.u.nvmmaShared.swizzleBytes = 128;
  nvmma.u.nvmmaShared.elementBits = 16;
  int64_t tooNarrow[2] = {64, 32};
  CHECK_EQ(tileLayoutFromEncoding(&layout, &nvmma, 2, tooNarrow),
           TILE_LAYOUT_ERROR_INVALID_ARGUMENT);
  nvmma.u.nvmmaShared.swizzleBytes = 48;
  int64_t fine[2] = {64, 64};
  CHECK_EQ(tileLayoutFromEncoding(&layout, &nvmma, 2, fine),
           TILE_LAYOUT_ERROR_INVALID_ARGUMENT);
}

/* ---- Queries ------------------------------------------------------------ */

static int32_t blockedContiguity(const int32_t *spt, const int32_t *order,
                                 const int64_t *shape, TileLayoutDimName dim) {
  int32_t tpw[] = {4, 8}, wpc[] = {2, 2};
  TileLayoutEncoding encoding = blockedEncoding(2, spt, tpw, wpc, order);
  TileLinearLayout layout;
  CHECK_OK(tileLayoutFromEncoding(&layout, &encoding, 2, shape));
  return tileLayoutGetContiguousElements(&layout, dim);
}

static void testContiguity(void) {
  int64_t shape[] = {64, 64}, narrow[] = {64, 2};
  int32_t rowMajor[] = {1, 0}, colMajor[] = {0, 1};
  int32_t spt14[] = {1, 4}, spt41[] = {4, 1}, spt24[] = {2, 4}, spt11[] = {1, 1};
  CHECK_EQ(blockedContiguity(spt14, rowMajor, shape, TILE_LAYOUT_DIM1), 4);
  CHECK_EQ(blockedContiguity(spt14, rowMajor, shape, TILE_LAYOUT_DIM0), 1);
  CHECK_EQ(blockedContiguity(spt41, rowMajor, shape, TILE_LAYOUT_DIM0), 4);
  CHECK_EQ(blockedContiguity(spt24, colMajor, shape, TILE_LAYOUT_DIM0), 2);
  CHECK_EQ(blockedContiguity(spt24, colMajor, shape, TILE_LAYOUT_DIM1), 1);
  CHECK_EQ(blockedContiguity(spt24, rowMajor, shape, TILE_LAYOUT_DIM1), 4);
  /* Only 2 columns: 2 of the 4 registers along dim1 exist. */
  CHECK_EQ(blockedContiguity(spt14, rowMajor, narrow, TILE_LAYOUT_DIM1), 2);
  /* One element per thread: the first register is a tile repeat. */
  CHECK_EQ(blockedContiguity(spt11, rowMajor, shape, TILE_LAYOUT_DIM1), 1);

  TileLayoutEncoding mma = mmaEncoding(2, 2, 2, 16, 8, 16);
  TileLinearLayout c;
  int64_t shapeC[] = {64, 64};
  CHECK_OK(tileLayoutFromEncoding(&c, &mma, 2, shapeC));
  CHECK_EQ(tileLayoutGetContiguousElements(&c, TILE_LAYOUT_DIM1), 2);
  CHECK_EQ(tileLayoutGetContiguousElements(&c, TILE_LAYOUT_DIM0), 1);
}

static TileLayoutConversionKind classify(const TileLayoutEncoding *src,
                                         const TileLayoutEncoding *dst,
                                         int rank, const int64_t *shape) {
  TileLinearLayout srcLayout, dstLayout;
  TileLayoutConversionKind kind;
  CHECK_OK(tileLayoutFromEncoding(&srcLayout, src, rank, shape));
  CHECK_OK(tileLayoutFromEncoding(&dstLayout, dst, rank, shape));
  CHECK_OK(tileLayoutClassifyConversion(&srcLayout, &dstLayout, &kind));
  return kind;
}

static void testConversions(void) {
  int32_t rowMajor[] = {1, 0}, colMajor[] = {0, 1};
  int32_t spt11[] = {1, 1}, spt22[] = {2, 2}, spt14[] = {1, 4};
  int32_t tpw84[] = {8, 4}, tpw48[] = {4, 8}, tpw132[] = {1, 32};
  int32_t wpc41[] = {4, 1}, wpc14[] = {1, 4}, wpc11[] = {1, 1};
  int64_t shape[] = {64, 64};

  TileLayoutEncoding a = blockedEncoding(2, spt14, tpw84, wpc41, rowMajor);
  CHECK_EQ(classify(&a, &a, 2, shape), TILE_LAYOUT_CONVERSION_NO_OP);

  /* Same threads, registers walked in the other order. */
  int64_t tiny[] = {2, 2};
  TileLayoutEncoding regRow = blockedEncoding(2, spt22, tpw132, wpc41, rowMajor);
  TileLayoutEncoding regCol = blockedEncoding(2, spt22, tpw132, wpc41, colMajor);
  CHECK_EQ(classify(&regRow, &regCol, 2, tiny),
           TILE_LAYOUT_CONVERSION_REGISTER_PERMUTATION);

  /* One warp, lanes arranged differently: shuffles. */
  TileLayoutEncoding lanes84 = blockedEncoding(2, spt11, tpw84, wpc11, rowMajor);
  TileLayoutEncoding lanes48 = blockedEncoding(2, spt11, tpw48, wpc11, rowMajor);
  int64_t small[] = {32, 32};
  CHECK_EQ(classify(&lanes84, &lanes48, 2, small),
           TILE_LAYOUT_CONVERSION_WARP_SHUFFLE);

  /* Warps along rows vs along columns: through shared memory. */
  TileLayoutEncoding b = blockedEncoding(2, spt14, tpw84, wpc14, rowMajor);
  CHECK_EQ(classify(&a, &b, 2, shape), TILE_LAYOUT_CONVERSION_SHARED_MEMORY);

  /* A reduction result (slice of dim 0) is the same as a 1-D blocked layout
   * with lanes along the row, even though both broadcast over warps. */
  TileLayoutEncoding parent = blockedEncoding(2, spt11, tpw132, wpc41, rowMajor);
  TileLayoutEncoding slice = encodingOfKind(TILE_LAYOUT_ENCODING_SLICE);
  slice.u.slice.dim = 0;
  slice.u.slice.parent = &parent;
  int32_t spt1[] = {1}, tpw32[] = {32}, wpc4[] = {4}, order1[] = {0};
  TileLayoutEncoding flat = blockedEncoding(1, spt1, tpw32, wpc4, order1);
  int64_t row[] = {32};
  CHECK_EQ(classify(&slice, &flat, 1, row), TILE_LAYOUT_CONVERSION_NO_OP);
  /* The reduction of the other dim is spread over warps: shared memory. */
  slice.u.slice.dim = 1;
  TileLayoutEncoding rowsParent = blockedEncoding(2, spt11, tpw84, wpc41, rowMajor);
  slice.u.slice.parent = &rowsParent;
  CHECK_EQ(classify(&slice, &flat, 1, row), TILE_LAYOUT_CONVERSION_SHARED_MEMORY);
  /* ... and within one warp the same move is a shuffle. */
  TileLayoutEncoding rowsOneWarp = blockedEncoding(2, spt11, tpw84, wpc11, rowMajor);
  TileLayoutEncoding flatOneWarp = blockedEncoding(1, spt1, tpw32, spt1, order1);
  slice.u.slice.parent = &rowsOneWarp;
  int64_t eight[] = {8};
  CHECK_EQ(classify(&slice, &flatOneWarp, 1, eight),
           TILE_LAYOUT_CONVERSION_WARP_SHUFFLE);

  /* mma accumulator -> dot operand A for f16 with one warp along N: the
   * fragments coincide (Triton's mma-to-dot shortcut). */
  TileLayoutEncoding mma = mmaEncoding(2, 4, 1, 16, 8, 16);
  TileLayoutEncoding dotA = dotOperandEncoding(0, 2, &mma);
  int64_t mmaShape[] = {64, 32};
  CHECK_EQ(classify(&mma, &dotA, 2, mmaShape), TILE_LAYOUT_CONVERSION_NO_OP);
  /* With warps along N the A operand needs the other warps' columns. */
  TileLayoutEncoding mma22 = mmaEncoding(2, 2, 2, 16, 8, 16);
  TileLayoutEncoding dotA22 = dotOperandEncoding(0, 2, &mma22);
  CHECK_EQ(classify(&mma22, &dotA22, 2, mmaShape),
           TILE_LAYOUT_CONVERSION_SHARED_MEMORY);
  /* Blocked -> mma is a real exchange. */
  CHECK_EQ(classify(&a, &mma, 2, shape), TILE_LAYOUT_CONVERSION_SHARED_MEMORY);

  /* Different shapes do not convert. */
  TileLinearLayout x, y;
  TileLayoutConversionKind kind;
  int64_t other[] = {64, 32};
  CHECK_OK(tileLayoutFromEncoding(&x, &a, 2, shape));
  CHECK_OK(tileLayoutFromEncoding(&y, &a, 2, other));
  CHECK_EQ(tileLayoutClassifyConversion(&x, &y, &kind),
           TILE_LAYOUT_ERROR_DIM_MISMATCH);
  CHECK(strcmp(tileLayoutConversionKindString(TILE_LAYOUT_CONVERSION_WARP_SHUFFLE),
               "warp shuffle") == 0);
}

static TileLayoutSharedAccessCost sharedCost(const int32_t *spt,
                                             const int32_t *tpw,
                                             const TileLayoutEncoding *shared,
                                             int32_t maxAccessBits) {
  int32_t wpc[] = {1, 1}, order[] = {1, 0};
  int64_t shape[] = {32, 64};
  TileLayoutEncoding blocked = blockedEncoding(2, spt, tpw, wpc, order);
  TileLinearLayout distributed, sharedLayout;
  CHECK_OK(tileLayoutFromEncoding(&distributed, &blocked, 2, shape));
  CHECK_OK(tileLayoutFromEncoding(&sharedLayout, shared, 2, shape));
  TileLayoutSharedAccessCost cost;
  CHECK_OK(tileLayoutGetSharedAccessCost(&distributed, &sharedLayout, 16,
                                         maxAccessBits, &cost));
  return cost;
}

static void testSharedAccessCost(void) {
  int32_t order[] = {1, 0};
  int32_t spt18[] = {1, 8}, tpw48[] = {4, 8}, tpw321[] = {32, 1};
  TileLayoutEncoding plain = swizzledEncoding(2, 8, 1, 1, order);
  TileLayoutEncoding swizzled = swizzledEncoding(2, 8, 1, 8, order);

  /* 8 lanes cover one 128-byte row: every access is 4 clean wavefronts. */
  TileLayoutSharedAccessCost cost = sharedCost(spt18, tpw48, &plain, 128);
  CHECK_EQ(cost.vectorElements, 8);
  CHECK_EQ(cost.accessesPerThread, 8);
  CHECK_EQ(cost.wavefronts, 32);
  CHECK_EQ(cost.idealWavefronts, 32);
  CHECK_EQ(cost.bankConflicts, 0);

  /* Each lane owns a row: all 32 lanes hit the same 4 banks. */
  cost = sharedCost(spt18, tpw321, &plain, 128);
  CHECK_EQ(cost.accessesPerThread, 8);
  CHECK_EQ(cost.wavefronts, 256);
  CHECK_EQ(cost.idealWavefronts, 32);
  CHECK_EQ(cost.bankConflicts, 224);

  /* The 128-byte swizzle spreads those rows over all banks. */
  cost = sharedCost(spt18, tpw321, &swizzled, 128);
  CHECK_EQ(cost.wavefronts, 32);
  CHECK_EQ(cost.bankConflicts, 0);

  /* 32-bit accesses: 2 halves per access, a row per lane still conflicts. */
  cost = sharedCost(spt18, tpw321, &plain, 32);
  CHECK_EQ(cost.vectorElements, 2);
  CHECK_EQ(cost.accessesPerThread, 32);
  CHECK_EQ(cost.wavefronts, 32 * 32);
  CHECK_EQ(cost.idealWavefronts, 32);
}

static void testLdmatrix(void) {
  int32_t order[] = {1, 0};
  TileLayoutEncoding mma = mmaEncoding(2, 1, 1, 16, 8, 16);
  TileLayoutEncoding dotA = dotOperandEncoding(0, 2, &mma);
  TileLayoutEncoding shared = swizzledEncoding(2, 8, 1, 8, order);
  int64_t shape[] = {16, 64};
  TileLinearLayout a, sharedLayout, blocked;
  CHECK_OK(tileLayoutFromEncoding(&a, &dotA, 2, shape));
  CHECK_OK(tileLayoutFromEncoding(&sharedLayout, &shared, 2, shape));
  bool eligible;
  int32_t matrices;
  CHECK_OK(tileLayoutIsLdmatrixEligible(&a, &sharedLayout, 16, &eligible,
                                        &matrices));
  CHECK(eligible);
  CHECK_EQ(matrices, 4);
  CHECK_OK(tileLayoutIsLdmatrixEligible(&a, &sharedLayout, 32, &eligible,
                                        &matrices));
  CHECK(!eligible);
  /* A blocked layout whose quads span 32 columns is not an 8x8 fragment. */
  int32_t spt[] = {1, 8}, tpw[] = {8, 4}, wpc[] = {1, 1};
  TileLayoutEncoding rows = blockedEncoding(2, spt, tpw, wpc, order);
  CHECK_OK(tileLayoutFromEncoding(&blocked, &rows, 2, shape));
  CHECK_OK(tileLayoutIsLdmatrixEligible(&blocked, &sharedLayout, 16, &eligible,
                                        &matrices));
  CHECK(!eligible);
}

int main(void) {
  testConstructionAndProduct();
  testRandomAlgebra();
  testReshapeTransposeSublayout();
  testBlocked();
  testSlice();
  testMmaV2();
  testMmaV3();
  testShared();
  testContiguity();
  testConversions();
  testSharedAccessCost();
  testLdmatrix();
  printf("%d checks passed\n", checksPassed);
  return 0;
}
