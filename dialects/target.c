/* The one parser of tilegpu.target strings (see target.h). */
#include "dialects/target.h"

#include "mlir-c/BuiltinAttributes.h"

#include <string.h>

/* Capabilities are two to four digits; longer runs still parse (the
 * verifier accepts them) but stop growing here, so they cannot overflow. */
enum { TILE_MAX_CAPABILITY = 100000 };

int32_t tileTargetParseCapability(MlirStringRef text) {
  static const char prefix[] = "cuda:";
  size_t at = sizeof(prefix) - 1;
  if (text.length <= at || memcmp(text.data, prefix, at) != 0)
    return -1;
  int32_t value = 0, digits = 0;
  for (; at < text.length && text.data[at] >= '0' && text.data[at] <= '9'; ++at, ++digits)
    if (value < TILE_MAX_CAPABILITY)
      value = value * 10 + (text.data[at] - '0');
  if (at < text.length && text.data[at] == 'a')
    ++at;
  return digits >= 2 && at == text.length ? value : -1;
}

int32_t tileTargetCapabilityOf(MlirOperation module, int32_t fallback) {
  MlirAttribute target = mlirOperationGetAttributeByName(
      module, mlirStringRefCreateFromCString("tilegpu.target"));
  if (mlirAttributeIsNull(target) || !mlirAttributeIsAString(target))
    return fallback;
  int32_t capability = tileTargetParseCapability(mlirStringAttrGetValue(target));
  return capability < 0 ? fallback : capability;
}
