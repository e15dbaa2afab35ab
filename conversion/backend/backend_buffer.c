/* A small growable byte string for the back end: error sentences, the PTX
 * text, the cubin image, ptxas's log and the JSON rendering.
 *
 * Invariant: after any append, `data` is non-NULL and data[length] == '\0',
 * so text can be handed to C string functions without copying. Allocation
 * failure leaves the buffer as it was (the appended bytes are dropped).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend_internal.h"

static bool reserveBufferCapacity(TileBackendBuffer *buffer, size_t extra) {
  size_t needed = buffer->length + extra + 1;
  if (needed <= buffer->capacity)
    return true;
  size_t capacity = buffer->capacity ? buffer->capacity : 256;
  while (capacity < needed)
    capacity *= 2;
  char *data = realloc(buffer->data, capacity);
  if (!data)
    return false;
  buffer->data = data;
  buffer->capacity = capacity;
  return true;
}

void tileBackendBufferAppend(TileBackendBuffer *buffer, const char *bytes,
                             size_t length) {
  if (!reserveBufferCapacity(buffer, length))
    return;
  if (length)
    memcpy(buffer->data + buffer->length, bytes, length);
  buffer->length += length;
  buffer->data[buffer->length] = '\0';
}

void tileBackendBufferAppendString(TileBackendBuffer *buffer, const char *text) {
  tileBackendBufferAppend(buffer, text, strlen(text));
}

void tileBackendBufferAppendFormat(TileBackendBuffer *buffer,
                                   const char *format, ...) {
  va_list arguments;
  va_start(arguments, format);
  va_list copy;
  va_copy(copy, arguments);
  int length = vsnprintf(NULL, 0, format, copy);
  va_end(copy);
  if (length >= 0 && reserveBufferCapacity(buffer, (size_t)length)) {
    vsnprintf(buffer->data + buffer->length, (size_t)length + 1, format,
              arguments);
    buffer->length += (size_t)length;
  }
  va_end(arguments);
}

char *tileBackendBufferTake(TileBackendBuffer *buffer) {
  char *data = buffer->data;
  if (!data)
    data = calloc(1, 1);
  buffer->data = NULL;
  buffer->length = 0;
  buffer->capacity = 0;
  return data;
}

void tileBackendBufferFree(TileBackendBuffer *buffer) {
  free(buffer->data);
  buffer->data = NULL;
  buffer->length = 0;
  buffer->capacity = 0;
}
