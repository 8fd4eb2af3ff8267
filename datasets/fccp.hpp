// Includes fast-cpp-csv-parser (<libfccp/csv.h>, namespace io) for the loaders. Its
// error classes copy file names with strncpy into a fixed buffer and terminate them
// by hand, which GCC 12 at -O3 flags as possible truncation once inlined into our
// code; the copy is correct, so that one warning is silenced here, for this header.
#pragma once

#if defined(__GNUC__) && !defined(__clang__)  // clang has no such warning
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#endif
#include <libfccp/csv.h>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
