/*===- function.c - kernels: func.func -> llvm.func, return -> llvm.return -===*
 *
 * Every public `func.func` is a kernel: it becomes an `llvm.func` marked
 * `nvvm.kernel` with `nvvm.maxntid = [32 * num-warps, 1, 1]`, taking
 * `!llvm.ptr<1>` for each `!tile.ptr` and scalars as they are. The body
 * moves over unchanged (its block arguments are retyped in place) and is
 * then lowered. A pointer argument with `tile.divisibility = N` promises
 * N-byte alignment, which LLVM learns through `llvm.align`. Every argument's
 * divisibility (1 without a hint) also goes on the kernel as
 * `tile.arg_divisibility`, for the back end's launch metadata: a launcher
 * must refuse arguments that break a promise the code was compiled on.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/lowering.h"
#include "dialects/builder.h"
#include "dialects/support.h"
#include "tile-c/Tile.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Dialect/LLVM.h"

enum { MAX_KERNEL_ARGUMENTS = 256 };

static MlirAttribute getAttr(MlirOperation op, const char *name) {
  return mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString(name));
}

/* The `tile.divisibility` of argument `index` (a power of two), else 1. */
static int64_t divisibilityOf(MlirOperation func, intptr_t index) {
  MlirAttribute all = getAttr(func, "arg_attrs");
  MlirAttribute dictionary = mlirAttributeIsNull(all) ||
                                     index >= mlirArrayAttrGetNumElements(all)
                                 ? (MlirAttribute){NULL}
                                 : mlirArrayAttrGetElement(all, index);
  MlirAttribute divisibility =
      mlirAttributeIsNull(dictionary)
          ? (MlirAttribute){NULL}
          : mlirDictionaryAttrGetElementByName(
                dictionary, mlirStringRefCreateFromCString("tile.divisibility"));
  if (mlirAttributeIsNull(divisibility) || !mlirAttributeIsAInteger(divisibility))
    return 1;
  int64_t value = mlirIntegerAttrGetValueInt(divisibility);
  return value >= 1 && tileIsPowerOfTwo(value) ? value : 1;
}

/* `{llvm.align = N}` for a pointer argument with tile.divisibility = N, an
 * empty dictionary otherwise. */
static MlirAttribute argumentAttrs(TileLowering *lowering, MlirOperation func,
                                   intptr_t index, MlirType type) {
  int64_t bytes = divisibilityOf(func, index);
  if (!tileTypeIsAPointer(type) || bytes == 1)
    return mlirDictionaryAttrGet(lowering->context, 0, NULL);
  MlirType i64 = mlirIntegerTypeGet(lowering->context, 64);
  MlirNamedAttribute align =
      tileNamedAttr(lowering->context, "llvm.align", mlirIntegerAttrGet(i64, bytes));
  return mlirDictionaryAttrGet(lowering->context, 1, &align);
}

MlirLogicalResult tileLowerFunction(TileLowering *lowering, MlirOperation func) {
  MlirType functionType = mlirTypeAttrGetValue(getAttr(func, "function_type"));
  MlirAttribute visibility = getAttr(func, "sym_visibility");
  if (!mlirAttributeIsNull(visibility))
    return tileLoweringError(func, "only kernels (public functions) are lowered; "
                                   "inline private functions first (-inline)");
  if (mlirFunctionTypeGetNumResults(functionType) != 0)
    return tileLoweringError(func, "a kernel returns nothing; store results "
                                   "through pointer arguments");
  intptr_t numInputs = mlirFunctionTypeGetNumInputs(functionType);
  if (numInputs > MAX_KERNEL_ARGUMENTS)
    return tileLoweringError(func, "a kernel takes at most %d arguments",
                             MAX_KERNEL_ARGUMENTS);
  MlirType inputs[MAX_KERNEL_ARGUMENTS];
  MlirAttribute argAttrs[MAX_KERNEL_ARGUMENTS];
  int64_t divisibility[MAX_KERNEL_ARGUMENTS];
  for (intptr_t i = 0; i < numInputs; ++i) {
    MlirType type = mlirFunctionTypeGetInput(functionType, i);
    if (tileIsTensor(type)) {
      char text[256];
      return tileLoweringError(func, "kernel argument #%d is a tensor (%s); pass "
                                     "a !tile.ptr and load it",
                               (int)i, tileTypeToString(type, text, sizeof(text)));
    }
    inputs[i] = tileLoweredType(lowering, func, type);
    argAttrs[i] = argumentAttrs(lowering, func, i, type);
    /* Only integers and addresses can be multiples of something. */
    divisibility[i] = tileTypeIsAPointer(type) || mlirTypeIsAInteger(type)
                          ? divisibilityOf(func, i)
                          : 1;
  }

  MlirContext context = lowering->context;
  MlirType llvmType =
      mlirLLVMFunctionTypeGet(mlirLLVMVoidTypeGet(context), numInputs, inputs, false);
  int32_t maxThreads[3] = {32 * lowering->numWarps, 1, 1};
  MlirNamedAttribute attributes[] = {
      tileNamedAttr(context, "sym_name", getAttr(func, "sym_name")),
      tileNamedAttr(context, "function_type", mlirTypeAttrGet(llvmType)),
      tileNamedAttr(context, "arg_attrs", mlirArrayAttrGet(context, numInputs, argAttrs)),
      tileNamedAttr(context, "nvvm.kernel", mlirUnitAttrGet(context)),
      tileNamedAttr(context, "nvvm.maxntid", mlirDenseI32ArrayGet(context, 3, maxThreads)),
      tileNamedAttr(context, "tile.arg_divisibility",
                    mlirDenseI64ArrayGet(context, numInputs, divisibility)),
  };
  MlirOperationState state = mlirOperationStateGet(
      mlirStringRefCreateFromCString("llvm.func"), mlirOperationGetLocation(func));
  mlirOperationStateAddAttributes(&state, sizeof(attributes) / sizeof(attributes[0]),
                                  attributes);
  MlirRegion body = mlirRegionCreate();
  mlirOperationStateAddOwnedRegions(&state, 1, &body);
  MlirOperation kernel = mlirOperationCreate(&state);
  mlirBlockInsertOwnedOperationBefore(mlirOperationGetBlock(func), func, kernel);
  body = mlirOperationGetRegion(kernel, 0);
  mlirRegionTakeBody(body, mlirOperationGetRegion(func, 0));
  mlirOperationDestroy(func);

  MlirBlock entry = mlirRegionGetFirstBlock(body);
  for (intptr_t i = 0; i < numInputs; ++i) {
    MlirValue argument = mlirBlockGetArgument(entry, i);
    MlirType original = mlirValueGetType(argument);
    if (mlirTypeEqual(original, inputs[i]))
      continue;
    mlirValueSetType(argument, inputs[i]);
    tileCastForUsers(lowering, argument, original);
  }
  return tileLowerRegion(lowering, body);
}

MlirLogicalResult tileLowerReturn(TileLowering *lowering, MlirOperation op) {
  if (mlirOperationGetNumOperands(op) != 0)
    return tileLoweringError(op, "a kernel returns nothing");
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  tileEmit(lowering, "llvm.return", mlirOperationGetLocation(op), 0, NULL,
           (MlirType){NULL}, 0, NULL);
  mlirOperationDestroy(op);
  return mlirLogicalResultSuccess();
}
