/* The collect-then-rewrite loop of passes that rewrite one kind of op
 * (see op_list.h). */
#include "passes/op_list.h"

#include <stdlib.h>

typedef struct OpList {
  TileOpMatcher matches;
  MlirOperation *ops;
  intptr_t size, capacity;
} OpList;

static MlirWalkResult collectMatching(MlirOperation op, void *userData) {
  OpList *list = userData;
  if (!list->matches(op))
    return MlirWalkResultAdvance;
  if (list->size == list->capacity) {
    intptr_t capacity = list->capacity ? 2 * list->capacity : 16;
    MlirOperation *grown = realloc(list->ops, (size_t)capacity * sizeof(*grown));
    if (!grown)
      return MlirWalkResultInterrupt;
    list->ops = grown;
    list->capacity = capacity;
  }
  list->ops[list->size++] = op;
  return MlirWalkResultAdvance;
}

MlirLogicalResult tileRewriteEachMatching(MlirOperation root, TileOpMatcher matches,
                                          TileOpRewriter rewrite, void *userData) {
  OpList list = {matches, NULL, 0, 0};
  mlirOperationWalk(root, collectMatching, &list, MlirWalkPreOrder);
  MlirRewriterBase rewriter = mlirIRRewriterCreateFromOp(root);
  MlirLogicalResult result = mlirLogicalResultSuccess();
  for (intptr_t i = 0; i < list.size && mlirLogicalResultIsSuccess(result); ++i)
    result = rewrite(rewriter, list.ops[i], userData);
  mlirIRRewriterDestroy(rewriter);
  free(list.ops);
  return result;
}
