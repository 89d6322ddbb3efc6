#ifndef ACCORD_CSIMDJSON_BRIDGE_H
#define ACCORD_CSIMDJSON_BRIDGE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A reusable simdjson DOM parser plus the tape it writes (AccordJSON's JSONTape layout:
/// two 64-bit words per node, `[tag | length << 8, payload]`, string bytes in one buffer).
/// Not thread-safe: one per thread.
typedef struct accord_simd_parser accord_simd_parser;

/// Outcome of `accord_simd_parse`. Anything but OK means "parse this document with jansson":
/// the fast path never decides on an error or on a document it cannot represent exactly as jansson.
typedef enum accord_simd_status {
    ACCORD_SIMD_OK = 0,
    /// simdjson refused the text (syntax, UTF-8, number range, trailing content, depth, empty...).
    ACCORD_SIMD_PARSE_ERROR = 1,
    /// An integer outside the signed 64-bit range (jansson reads it as the nearest double).
    ACCORD_SIMD_BIG_INTEGER = 2,
    /// A negative zero number (jansson reads `-0` as the integer 0).
    ACCORD_SIMD_NEGATIVE_ZERO = 3,
    /// An object probably names a member twice (jansson rejects duplicates with a located error).
    ACCORD_SIMD_DUPLICATE_KEY = 4,
    /// A member name contains U+0000 (jansson rejects it).
    ACCORD_SIMD_NUL_IN_KEY = 5,
    /// Arrays and objects nest deeper than the caller's limit.
    ACCORD_SIMD_TOO_DEEP = 6,
    /// The parser could not allocate memory.
    ACCORD_SIMD_NO_MEMORY = 7
} accord_simd_status;

/// Creates a parser; NULL when memory is short.
accord_simd_parser *accord_simd_parser_create(void);
void accord_simd_parser_destroy(accord_simd_parser *parser);

/// Parses one JSON document of `length` bytes into the parser's tape (replacing the previous one).
/// `readable` is how many bytes starting at `bytes` may be read (at least `length`); when it
/// leaves simdjson's padding (64 bytes) the text is read in place, otherwise it is copied first.
/// Containers deeper than `max_depth` (the root container is depth 1) give ACCORD_SIMD_TOO_DEEP.
accord_simd_status accord_simd_parse(accord_simd_parser *parser, const uint8_t *bytes, size_t length,
                                     size_t readable, size_t max_depth);

/// The last successful parse's node words (2 per node) and string bytes, valid until the next parse.
const uint64_t *accord_simd_words(const accord_simd_parser *parser, size_t *word_count);
const uint8_t *accord_simd_bytes(const accord_simd_parser *parser, size_t *byte_count);

/// Bytes of padding simdjson reads past the end of a document.
size_t accord_simd_padding(void);

/// The simdjson implementation chosen for this CPU (e.g. "haswell").
const char *accord_simd_implementation(void);

#ifdef __cplusplus
}
#endif

#endif
