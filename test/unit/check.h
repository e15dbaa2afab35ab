/* The checks of the C unit tests: each stops the program at the first
 * failure with file:line and what failed, and otherwise counts itself in
 * `checksPassed`, which the test prints at the end. One test program is one
 * translation unit, so the counter lives here. */
#ifndef TILE_TEST_UNIT_CHECK_H
#define TILE_TEST_UNIT_CHECK_H

#include <stdio.h>
#include <stdlib.h>

static int checksPassed;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      exit(1);                                                                 \
    }                                                                          \
    ++checksPassed;                                                            \
  } while (0)

#define CHECK_EQ(actual, expected)                                             \
  do {                                                                         \
    long long actualValue = (long long)(actual);                               \
    long long expectedValue = (long long)(expected);                           \
    if (actualValue != expectedValue) {                                        \
      fprintf(stderr, "%s:%d: %s is %lld, expected %lld\n", __FILE__,          \
              __LINE__, #actual, actualValue, expectedValue);                  \
      exit(1);                                                                 \
    }                                                                          \
    ++checksPassed;                                                            \
  } while (0)

/* For the linear-layout library's status codes. */
#define CHECK_OK(call) CHECK_EQ((call), TILE_LAYOUT_OK)

#endif /* TILE_TEST_UNIT_CHECK_H */
