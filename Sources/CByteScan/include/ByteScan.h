// agent-sessions: the vector byte scans of the JSON reader (issue #17). Our own C, not a package: the one place
// with CPU-specific code (SSE2/SSSE3 on x86-64; portable C elsewhere). Swift inlines the `static inline` ones.
#ifndef AGENT_SESSIONS_BYTE_SCAN_H
#define AGENT_SESSIONS_BYTE_SCAN_H

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// The 16 bytes at `p`, classified: bit i (0–15) is set when byte i ends a plain run of a JSON string (`"`,
/// backslash, or a control byte < 0x20); bit 16 + i when byte i is ≥ 0x80.
static inline uint32_t as_scan16(const uint8_t *p) {
#if defined(__SSE2__)
    __m128i v = _mm_loadu_si128((const __m128i *)p);
    __m128i quote = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
    __m128i backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
    __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);  // v <= 0x1F, unsigned
    uint32_t stops = (uint32_t)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), control));
    uint32_t high = (uint32_t)_mm_movemask_epi8(v);
    return stops | (high << 16);
#else
    uint32_t m = 0;
    for (int i = 0; i < 16; i++) {
        uint8_t b = p[i];
        if (b == '"' || b == '\\' || b < 0x20) m |= 1u << i;
        if (b >= 0x80) m |= 1u << (16 + i);
    }
    return m;
#endif
}

/// Measures the JSON string whose text starts at `p` (just after its opening quote), `n` bytes being there: when
/// its only escapes are the two-byte ones (`\"` `\\` `\/` `\b` `\f` `\n` `\r` `\t`) and it has no control
/// byte, returns 1 with `*end` the offset of its closing quote and `*length` its decoded length; anything else (a
/// `\u` escape, an invalid escape, a control byte, no closing quote) returns 0 for the caller's full reading.
/// 64 bytes at a time with SSE2. UTF-8 is not checked.
int as_measure_string(const uint8_t *p, size_t n, size_t *end, size_t *length);

/// `as_measure_string` a byte at a time (what other CPUs run), for the tests.
int as_measure_string_bytes(const uint8_t *p, size_t n, size_t *end, size_t *length);

/// Decodes the JSON string whose text starts at `p` (`n` bytes there) into `out`, which must have room for `n`
/// bytes: when its only escapes are the two-byte ones and it has no control byte, returns 1 with `*end` the offset
/// of its closing quote, `*count` the bytes written and `*high` set when one of them is >= 0x80; otherwise 0 (the
/// caller decodes it fully; `out` then holds anything). 16 bytes at a time with SSE2. UTF-8 is not checked.
int as_decode_string(const uint8_t *p, size_t n, uint8_t *out, size_t *end, size_t *count, int *high);

/// `as_decode_string` a byte at a time (what other CPUs run), for the tests.
int as_decode_string_bytes(const uint8_t *p, size_t n, uint8_t *out, size_t *end, size_t *count, int *high);

/// The number of bytes equal to `byte` in the `n` bytes at `p` (16 at a time where SSE2 is).
size_t as_count_byte(const uint8_t *p, size_t n, uint8_t byte);

/// Whether the `n` bytes at `p` are well-formed UTF-8 (exactly what Swift's `String(validating:as: UTF8.self)`
/// accepts: no overlong forms, no surrogates, nothing above U+10FFFF, no cut sequence): 1 yes, 0 no, -1 when this
/// CPU has no vector check (the caller checks another way).
int as_utf8_valid(const uint8_t *p, size_t n);

/// `as_utf8_valid` with the given instructions (2 AVX2, 1 SSSE3; -1 when this CPU lacks them), for the tests.
int as_utf8_valid_with(const uint8_t *p, size_t n, int level);

/// The best vector check this CPU has: 2 AVX2, 1 SSSE3, 0 none.
int as_vector_level(void);

#endif
