/*===- support.c - C helpers shared by the dialects' hooks and passes -----===*/

#include "dialects/support.h"
#include "tile-c/Tile.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

MlirLogicalResult tileOpError(MlirOperation op, const char *format, ...) {
  char message[1024];
  MlirIdentifier name = mlirOperationGetName(op);
  MlirStringRef opName = mlirIdentifierStr(name);
  int prefix = snprintf(message, sizeof(message), "'%.*s' op ",
                        (int)opName.length, opName.data);
  va_list args;
  va_start(args, format);
  vsnprintf(message + prefix, sizeof(message) - (size_t)prefix, format, args);
  va_end(args);
  mlirEmitError(mlirOperationGetLocation(op), message);
  return mlirLogicalResultFailure();
}

typedef struct PrintBuffer {
  char *data;
  size_t size;
  size_t used;
} PrintBuffer;

static void appendToBuffer(MlirStringRef text, void *userData) {
  PrintBuffer *buffer = (PrintBuffer *)userData;
  size_t room = buffer->size - 1 - buffer->used;
  size_t count = text.length < room ? text.length : room;
  memcpy(buffer->data + buffer->used, text.data, count);
  buffer->used += count;
  buffer->data[buffer->used] = '\0';
}

const char *tileTypeToString(MlirType type, char *buffer, size_t size) {
  PrintBuffer printBuffer = {buffer, size, 0};
  buffer[0] = '\0';
  mlirTypePrint(type, appendToBuffer, &printBuffer);
  if (printBuffer.used == size - 1 && size > 4)
    memcpy(buffer + size - 4, "...", 4);
  return buffer;
}

const char *tileIntsToString(const int64_t *values, intptr_t count,
                             char *buffer, size_t size) {
  size_t used = (size_t)snprintf(buffer, size, "[");
  for (intptr_t i = 0; i < count && used < size; ++i)
    used += (size_t)snprintf(buffer + used, size - used, "%s%lld",
                             i ? ", " : "", (long long)values[i]);
  if (used < size)
    snprintf(buffer + used, size - used, "]");
  return buffer;
}

bool tileIsTensor(MlirType type) { return mlirTypeIsARankedTensor(type); }

MlirType tileElementTypeOf(MlirType type) {
  return mlirTypeIsAShaped(type) ? mlirShapedTypeGetElementType(type) : type;
}

intptr_t tileRankOf(MlirType type) {
  return mlirTypeIsARankedTensor(type) ? mlirShapedTypeGetRank(type) : 0;
}

intptr_t tileShapeOf(MlirType type, int64_t *shape, intptr_t capacity) {
  intptr_t rank = tileRankOf(type);
  for (intptr_t i = 0; i < rank && i < capacity; ++i)
    shape[i] = mlirShapedTypeGetDimSize(type, i);
  return rank;
}

int64_t tileNumElementsOf(MlirType type) {
  int64_t count = 1;
  intptr_t rank = tileRankOf(type);
  for (intptr_t i = 0; i < rank; ++i)
    count *= mlirShapedTypeGetDimSize(type, i);
  return count;
}

MlirAttribute tileEncodingOf(MlirType type) {
  if (!mlirTypeIsARankedTensor(type))
    return (MlirAttribute){NULL};
  return mlirRankedTensorTypeGetEncoding(type);
}

bool tileIsFloat(MlirType type) { return mlirTypeIsAFloat(type); }

bool tileIsInteger(MlirType type) { return mlirTypeIsAInteger(type); }

unsigned tileBitWidthOf(MlirType type) {
  if (mlirTypeIsAInteger(type))
    return mlirIntegerTypeGetWidth(type);
  if (mlirTypeIsAFloat(type))
    return mlirFloatTypeGetWidth(type);
  if (mlirTypeIsAIndex(type) || tileTypeIsAPointer(type))
    return 64;
  return 0;
}

bool tileIsPowerOfTwo(int64_t value) {
  return value > 0 && (value & (value - 1)) == 0;
}

bool tileGetIntAttr(MlirOperation op, const char *name, int64_t *value) {
  MlirAttribute attr = mlirOperationGetAttributeByName(
      op, mlirStringRefCreateFromCString(name));
  if (mlirAttributeIsNull(attr) || !mlirAttributeIsAInteger(attr))
    return false;
  *value = mlirIntegerAttrGetValueInt(attr);
  return true;
}

intptr_t tileGetI32ArrayAttr(MlirOperation op, const char *name,
                             int64_t *values, intptr_t capacity) {
  MlirAttribute attr = mlirOperationGetAttributeByName(
      op, mlirStringRefCreateFromCString(name));
  if (mlirAttributeIsNull(attr) || !mlirAttributeIsADenseI32Array(attr))
    return -1;
  intptr_t count = mlirDenseArrayGetNumElements(attr);
  for (intptr_t i = 0; i < count && i < capacity; ++i)
    values[i] = mlirDenseI32ArrayGetElement(attr, i);
  return count;
}

bool tileHasFlag(MlirOperation op, const char *name) {
  MlirAttribute attr = mlirOperationGetAttributeByName(
      op, mlirStringRefCreateFromCString(name));
  if (mlirAttributeIsNull(attr))
    return false;
  if (mlirAttributeIsABool(attr))
    return mlirBoolAttrGetValue(attr);
  return mlirAttributeIsAUnit(attr);
}

bool tileOperandSegment(MlirOperation op, intptr_t group, intptr_t *start,
                        intptr_t *size) {
  int64_t sizes[16];
  intptr_t groups = tileGetI32ArrayAttr(op, "operandSegmentSizes", sizes, 16);
  if (groups < 0 || group >= groups || groups > 16)
    return false;
  *start = 0;
  for (intptr_t i = 0; i < group; ++i)
    *start += sizes[i];
  *size = sizes[group];
  return true;
}

bool tileIsPermutation(const int64_t *values, intptr_t count) {
  bool seen[64] = {false};
  if (count > 64)
    return false;
  for (intptr_t i = 0; i < count; ++i) {
    if (values[i] < 0 || values[i] >= count || seen[values[i]])
      return false;
    seen[values[i]] = true;
  }
  return true;
}

TileFoldResult tileFoldNothing(void) {
  TileFoldResult result = {{NULL}, {NULL}};
  return result;
}

TileFoldResult tileFoldToValue(MlirValue value) {
  TileFoldResult result = tileFoldNothing();
  result.value = value;
  return result;
}

TileFoldResult tileFoldToAttribute(MlirAttribute attribute) {
  TileFoldResult result = tileFoldNothing();
  result.attribute = attribute;
  return result;
}

TileFoldResult tileFoldSplatConstant(MlirAttribute constant, MlirType type) {
  if (mlirAttributeIsNull(constant) || !mlirAttributeIsADenseElements(constant) ||
      !mlirDenseElementsAttrIsSplat(constant))
    return tileFoldNothing();
  return tileFoldToAttribute(mlirDenseElementsAttrSplatGet(
      type, mlirDenseElementsAttrGetSplatValue(constant)));
}
