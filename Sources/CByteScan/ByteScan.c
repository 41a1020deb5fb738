// agent-sessions: the JSON reader's byte scans (issue #17) — strings measured and decoded from stop masks, bytes
// counted, and bulk UTF-8 validation (below). The string scans have a byte loop beside them for other CPUs (the tests
// run it too); where there is no vector UTF-8 check the answer is "unknown" and the parser checks string by string.
//
// UTF-8: the lookup method of Keiser & Lemire, "Validating UTF-8 In Less Than One Instruction Per Byte" (2021): each byte's error classes are looked up from the high and low nibble of the
// byte before it and the high nibble of the byte itself (three 16-entry tables); a class is an error only when all
// three lookups name it. Third and fourth bytes of a sequence (two continuations in a row) are told apart by the
// bytes two and three back. Written here from the paper's description.
#include "ByteScan.h"

#include <string.h>

// 1 for the byte after a backslash that makes a two-byte escape.
static const uint8_t two_byte_escape[256] = {
    ['"'] = 1, ['\\'] = 1, ['/'] = 1, ['b'] = 1, ['f'] = 1, ['n'] = 1, ['r'] = 1, ['t'] = 1,
};

// The rest of `as_measure_string` from offset `i`, escapes so far having saved `saved` bytes, a byte at a time.
static int measure_bytes_from(const uint8_t *p, size_t n, size_t i, size_t saved, size_t *end, size_t *length) {
    while (i < n) {
        uint8_t b = p[i];
        if (b == '"') {
            *end = i;
            *length = i - saved;
            return 1;
        }
        if (b == '\\') {
            if (i + 1 >= n || !two_byte_escape[p[i + 1]]) return 0;
            saved++;
            i += 2;
            continue;
        }
        if (b < 0x20) return 0;
        i++;
    }
    return 0;
}

int as_measure_string_bytes(const uint8_t *p, size_t n, size_t *end, size_t *length) {
    return measure_bytes_from(p, n, 0, 0, end, length);
}

#if defined(__SSE2__)
// Bit i: byte i of the 16 at `p` is `"`, backslash or a control byte (`as_scan16`'s low half).
static inline uint64_t stops16(const uint8_t *p) { return as_scan16(p) & 0xFFFF; }
#endif

int as_measure_string(const uint8_t *p, size_t n, size_t *end, size_t *length) {
    size_t i = 0;
    size_t saved = 0;
#if defined(__SSE2__)
    while (i + 64 <= n) {
        uint64_t stops = stops16(p + i) | stops16(p + i + 16) << 16 | stops16(p + i + 32) << 32
                         | stops16(p + i + 48) << 48;
        size_t next = i + 64;
        // The stops in order: an escape's second byte is passed over (its bit cleared), the first quote ends it.
        while (stops) {
            unsigned k = (unsigned)__builtin_ctzll(stops);
            size_t j = i + k;
            uint8_t b = p[j];
            if (b == '"') {
                *end = j;
                *length = j - saved;
                return 1;
            }
            if (b != '\\' || j + 1 >= n || !two_byte_escape[p[j + 1]]) return 0;
            saved++;
            if (k >= 62) {  // the escaped byte is the block's last, or the next block's first
                next = j + 2;
                break;
            }
            stops &= ~((2ull << (k + 1)) - 1);  // bits 0 to k + 1
        }
        i = next;
    }
#endif
    return measure_bytes_from(p, n, i, saved, end, length);
}

// The byte a two-byte escape decodes to, by its second byte (0: not one).
static const uint8_t two_byte_decoded[256] = {
    ['"'] = '"', ['\\'] = '\\', ['/'] = '/', ['b'] = 0x08, ['f'] = 0x0C, ['n'] = 0x0A, ['r'] = 0x0D, ['t'] = 0x09,
};

// The rest of `as_decode_string` from offset `i` of the input and `o` of the output, a byte at a time.
static int decode_bytes_from(const uint8_t *p, size_t n, uint8_t *out, size_t i, size_t o, int high, size_t *end,
                             size_t *count, int *high_out) {
    while (i < n) {
        uint8_t b = p[i];
        if (b == '"') {
            *end = i;
            *count = o;
            *high_out = high;
            return 1;
        }
        if (b == '\\') {
            if (i + 1 >= n) return 0;
            uint8_t d = two_byte_decoded[p[i + 1]];
            if (d == 0) return 0;
            out[o++] = d;
            i += 2;
            continue;
        }
        if (b < 0x20) return 0;
        if (b >= 0x80) high = 1;
        out[o++] = b;
        i++;
    }
    return 0;
}

int as_decode_string_bytes(const uint8_t *p, size_t n, uint8_t *out, size_t *end, size_t *count, int *high) {
    return decode_bytes_from(p, n, out, 0, 0, 0, end, count, high);
}

int as_decode_string(const uint8_t *p, size_t n, uint8_t *out, size_t *end, size_t *count, int *high) {
    size_t i = 0;
    size_t o = 0;  // o <= i always (an escape writes one byte for two), so out + o has room for 16 while i + 16 <= n
    int seen_high = 0;
#if defined(__SSE2__)
    while (i + 16 <= n) {
        _mm_storeu_si128((__m128i *)(out + o), _mm_loadu_si128((const __m128i *)(p + i)));
        uint32_t m = as_scan16(p + i);
        unsigned stops = m & 0xFFFF;
        unsigned highs = m >> 16;
        if (stops == 0) {
            seen_high |= highs != 0;
            i += 16;
            o += 16;
            continue;
        }
        unsigned k = (unsigned)__builtin_ctz(stops);
        seen_high |= (highs & ((1u << k) - 1)) != 0;
        i += k;
        o += k;
        uint8_t b = p[i];
        if (b == '"') {
            *end = i;
            *count = o;
            *high = seen_high;
            return 1;
        }
        if (b != '\\' || i + 1 >= n) return 0;
        uint8_t d = two_byte_decoded[p[i + 1]];
        if (d == 0) return 0;
        out[o++] = d;
        i += 2;
    }
#endif
    return decode_bytes_from(p, n, out, i, o, seen_high, end, count, high);
}

size_t as_count_byte(const uint8_t *p, size_t n, uint8_t byte) {
    size_t count = 0;
    size_t i = 0;
#if defined(__SSE2__)
    // A match is -1 in its lane: subtracted into byte counters, summed (psadbw) before any can pass 255.
    const __m128i needle = _mm_set1_epi8((char)byte);
    while (i + 16 <= n) {
        __m128i counters = _mm_setzero_si128();
        size_t end = n - i > 16 * 255 ? i + 16 * 255 : n;
        for (; i + 16 <= end; i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
            counters = _mm_sub_epi8(counters, _mm_cmpeq_epi8(v, needle));
        }
        __m128i sums = _mm_sad_epu8(counters, _mm_setzero_si128());
        count += (size_t)_mm_cvtsi128_si32(sums) + (size_t)_mm_extract_epi16(sums, 4);
    }
#endif
    for (; i < n; i++) count += p[i] == byte;
    return count;
}

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

// Error classes, one bit each; a byte pair is wrong when the three lookups share a bit.
enum {
    TOO_SHORT = 0x01,       // a lead byte not followed by a continuation
    TOO_LONG = 0x02,        // a continuation after an ASCII byte
    OVERLONG_3 = 0x04,      // E0 80..9F
    TOO_LARGE = 0x08,       // F4 90..BF, F5..FF 90..BF
    SURROGATE = 0x10,       // ED A0..BF
    OVERLONG_2 = 0x20,      // C0/C1 followed by a continuation
    TOO_LARGE_1000 = 0x40,  // F5..FF 80..8F
    OVERLONG_4 = 0x40,      // F0 80..8F (never together with the previous: F0 vs F5..FF)
    TWO_CONTS = 0x80,       // a continuation after a continuation (an error unless a 3rd/4th byte is due)
    CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS,  // classes that do not depend on the low nibble of the byte before
};

// The three tables (16 entries each), as `char`s for the set intrinsics.
#define E(x) ((char)(x))
// By the high nibble of the byte before.
#define BEFORE_HIGH                                                                                                  \
    E(TOO_LONG), E(TOO_LONG), E(TOO_LONG), E(TOO_LONG), E(TOO_LONG), E(TOO_LONG), E(TOO_LONG), E(TOO_LONG), /* ASCII */ \
        E(TWO_CONTS), E(TWO_CONTS), E(TWO_CONTS), E(TWO_CONTS),         /* 10__ continuation */                       \
        E(TOO_SHORT | OVERLONG_2),                                      /* 1100 */                                    \
        E(TOO_SHORT),                                                   /* 1101 */                                    \
        E(TOO_SHORT | OVERLONG_3 | SURROGATE),                          /* 1110 */                                    \
        E(TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4)          /* 1111 */
// By the low nibble of the byte before.
#define LARGE (CARRY | TOO_LARGE | TOO_LARGE_1000)
#define BEFORE_LOW                                                                                                   \
    E(CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4), /* _0: C0, E0, F0 */                                             \
        E(CARRY | OVERLONG_2),                      /* _1: C1 */                                                      \
        E(CARRY), E(CARRY),                         /* _2, _3 */                                                      \
        E(CARRY | TOO_LARGE),                       /* _4: F4 */                                                      \
        E(LARGE), E(LARGE), E(LARGE), E(LARGE), E(LARGE), E(LARGE), E(LARGE), E(LARGE), /* _5 to _C */               \
        E(LARGE | SURROGATE),                       /* _D: ED */                                                      \
        E(LARGE), E(LARGE)                          /* _E, _F */
// By the high nibble of the byte itself.
#define SELF_HIGH                                                                                                    \
    E(TOO_SHORT), E(TOO_SHORT), E(TOO_SHORT), E(TOO_SHORT), E(TOO_SHORT), E(TOO_SHORT), E(TOO_SHORT),             \
        E(TOO_SHORT),                                                                      /* ASCII */                \
        E(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4),   /* 1000 */                 \
        E(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE),                     /* 1001 */                 \
        E(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE),                      /* 1010 */                 \
        E(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE),                      /* 1011 */                 \
        E(TOO_SHORT), E(TOO_SHORT), E(TOO_SHORT), E(TOO_SHORT)                             /* lead bytes */

// The errors of the 16 bytes `cur` (0x00 where right), `prev` being the 16 before them.
__attribute__((target("ssse3"))) static inline __m128i block_errors(__m128i cur, __m128i prev) {
    const __m128i nibble = _mm_set1_epi8(0x0F);
    __m128i prev1 = _mm_alignr_epi8(cur, prev, 15);
    __m128i classes = _mm_and_si128(
        _mm_and_si128(
            _mm_shuffle_epi8(_mm_setr_epi8(BEFORE_HIGH), _mm_and_si128(_mm_srli_epi16(prev1, 4), nibble)),
            _mm_shuffle_epi8(_mm_setr_epi8(BEFORE_LOW), _mm_and_si128(prev1, nibble))),
        _mm_shuffle_epi8(_mm_setr_epi8(SELF_HIGH), _mm_and_si128(_mm_srli_epi16(cur, 4), nibble)));
    // A byte two after an E0..FF lead or three after an F0..FF lead must be a continuation: there TWO_CONTS is
    // what should be, and its absence the error.
    __m128i third = _mm_subs_epu8(_mm_alignr_epi8(cur, prev, 14), _mm_set1_epi8(E(0xE0 - 0x80)));
    __m128i fourth = _mm_subs_epu8(_mm_alignr_epi8(cur, prev, 13), _mm_set1_epi8(E(0xF0 - 0x80)));
    __m128i due = _mm_and_si128(_mm_or_si128(third, fourth), _mm_set1_epi8(E(0x80)));
    return _mm_xor_si128(due, classes);
}

__attribute__((target("ssse3"))) static int utf8_valid_ssse3(const uint8_t *p, size_t n) {
    __m128i prev = _mm_setzero_si128();
    __m128i errors = _mm_setzero_si128();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m128i cur = _mm_loadu_si128((const __m128i *)(p + i));
        // ASCII after a block whose last three bytes are ASCII: no sequence reaches into it, nothing to check.
        if (_mm_movemask_epi8(cur) == 0 && (_mm_movemask_epi8(prev) & 0xE000) == 0) {
            prev = cur;
            continue;
        }
        errors = _mm_or_si128(errors, block_errors(cur, prev));
        prev = cur;
    }
    // The rest (0–15 bytes) followed by zeros: at least one zero byte after the end, so a sequence cut by the end
    // meets a byte that is not the continuation it needs.
    uint8_t tail[16] = {0};
    if (n > i) memcpy(tail, p + i, n - i);
    errors = _mm_or_si128(errors, block_errors(_mm_loadu_si128((const __m128i *)tail), prev));
    return _mm_movemask_epi8(_mm_cmpeq_epi8(errors, _mm_setzero_si128())) == 0xFFFF;
}

// The same 32 bytes at a time (AVX2 shuffles and aligns within each 16-byte half: the byte before the upper half
// comes from the lower one by a cross-half permute).
__attribute__((target("avx2"))) static inline __m256i block_errors_avx2(__m256i cur, __m256i prev) {
    const __m256i nibble = _mm256_set1_epi8(0x0F);
    __m256i before = _mm256_permute2x128_si256(prev, cur, 0x21);  // [prev's upper half, cur's lower half]
    __m256i prev1 = _mm256_alignr_epi8(cur, before, 15);
    __m256i classes = _mm256_and_si256(
        _mm256_and_si256(
            _mm256_shuffle_epi8(
                _mm256_setr_epi8(BEFORE_HIGH, BEFORE_HIGH), _mm256_and_si256(_mm256_srli_epi16(prev1, 4), nibble)),
            _mm256_shuffle_epi8(_mm256_setr_epi8(BEFORE_LOW, BEFORE_LOW), _mm256_and_si256(prev1, nibble))),
        _mm256_shuffle_epi8(
            _mm256_setr_epi8(SELF_HIGH, SELF_HIGH), _mm256_and_si256(_mm256_srli_epi16(cur, 4), nibble)));
    __m256i third = _mm256_subs_epu8(_mm256_alignr_epi8(cur, before, 14), _mm256_set1_epi8(E(0xE0 - 0x80)));
    __m256i fourth = _mm256_subs_epu8(_mm256_alignr_epi8(cur, before, 13), _mm256_set1_epi8(E(0xF0 - 0x80)));
    __m256i due = _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8(E(0x80)));
    return _mm256_xor_si256(due, classes);
}

__attribute__((target("avx2"))) static int utf8_valid_avx2(const uint8_t *p, size_t n) {
    __m256i prev = _mm256_setzero_si256();
    __m256i errors = _mm256_setzero_si256();
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m256i cur = _mm256_loadu_si256((const __m256i *)(p + i));
        if (_mm256_movemask_epi8(cur) == 0 && ((uint32_t)_mm256_movemask_epi8(prev) & 0xE0000000u) == 0) {
            prev = cur;
            continue;
        }
        errors = _mm256_or_si256(errors, block_errors_avx2(cur, prev));
        prev = cur;
    }
    uint8_t tail[32] = {0};
    if (n > i) memcpy(tail, p + i, n - i);
    errors = _mm256_or_si256(errors, block_errors_avx2(_mm256_loadu_si256((const __m256i *)tail), prev));
    return (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(errors, _mm256_setzero_si256())) == 0xFFFFFFFFu;
}

// What this CPU (and its OS, for the 256-bit registers) offers: 2 AVX2, 1 SSSE3, 0 neither. Asked once.
static int vector_level(void) {
    static volatile int known = -1;  // a race only computes the same answer twice
    int k = known;
    if (k < 0) {
        unsigned a = 0, b = 0, c = 0, d = 0;
        k = 0;
        if (__get_cpuid(1, &a, &b, &c, &d)) {
            if (c & bit_SSSE3) k = 1;
            if ((c & bit_OSXSAVE) && (c & bit_AVX)) {
                unsigned lo = 0, hi = 0;
                __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
                unsigned a7 = 0, b7 = 0, c7 = 0, d7 = 0;
                if ((lo & 6) == 6 && __get_cpuid_count(7, 0, &a7, &b7, &c7, &d7) && (b7 & bit_AVX2)) k = 2;
            }
        }
        known = k;
    }
    return k;
}

int as_utf8_valid_with(const uint8_t *p, size_t n, int level) {
    if (level > vector_level()) return -1;
    switch (level) {
    case 2: return utf8_valid_avx2(p, n);
    case 1: return utf8_valid_ssse3(p, n);
    default: return -1;
    }
}

int as_vector_level(void) { return vector_level(); }

int as_utf8_valid(const uint8_t *p, size_t n) { return as_utf8_valid_with(p, n, vector_level()); }

#else

int as_utf8_valid_with(const uint8_t *p, size_t n, int level) {
    (void)p;
    (void)n;
    (void)level;
    return -1;
}

int as_vector_level(void) { return 0; }

int as_utf8_valid(const uint8_t *p, size_t n) { return as_utf8_valid_with(p, n, 0); }

#endif
