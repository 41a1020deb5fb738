// agent-sessions: the redaction scans' pre-filter (issue #17): a "shufti" test of four byte positions (each byte's
// low and high nibble looked up in a 16-entry table, the two bucket bytes and-ed, the four positions and-ed), 16 or
// 32 positions per step. The tables come from Swift (Redaction/StartFilter.swift), built from the rule tables.
#include "RedactScan.h"
#include "ByteScan.h"

#include <string.h>

static uint64_t mask64_portable(const uint8_t *t, const uint8_t *p, size_t n, size_t j) {
    uint64_t m = 0;
    for (size_t k = 0; k < 64 && j + k < n; k++) {
        uint8_t acc = 0xFF;
        for (size_t q = 0; q < 4; q++) {
            uint8_t b = j + k + q < n ? p[j + k + q] : 0;
            acc &= t[q * 16 + (b & 15)] & t[64 + q * 16 + (b >> 4)];
        }
        if (acc) m |= (uint64_t)1 << k;
    }
    return m;
}

#if defined(__x86_64__)
#include <immintrin.h>

// The flags of the 16 positions at `p` (which must have 19 readable bytes).
__attribute__((target("ssse3"))) static inline uint32_t block_ssse3(const uint8_t *t, const uint8_t *p) {
    const __m128i nibble = _mm_set1_epi8(0x0F);
    __m128i acc = _mm_set1_epi8((char)0xFF);
    for (int q = 0; q < 4; q++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + q));
        __m128i lo = _mm_loadu_si128((const __m128i *)(t + q * 16));
        __m128i hi = _mm_loadu_si128((const __m128i *)(t + 64 + q * 16));
        __m128i l = _mm_shuffle_epi8(lo, _mm_and_si128(v, nibble));
        __m128i h = _mm_shuffle_epi8(hi, _mm_and_si128(_mm_srli_epi16(v, 4), nibble));
        acc = _mm_and_si128(acc, _mm_and_si128(l, h));
    }
    return 0xFFFFu & ~(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(acc, _mm_setzero_si128()));
}

__attribute__((target("ssse3"))) static uint64_t mask64_ssse3(const uint8_t *t, const uint8_t *p, size_t n, size_t j) {
    uint64_t m = 0;
    if (j + 67 <= n) {
        for (int b = 0; b < 4; b++) m |= (uint64_t)block_ssse3(t, p + j + 16 * b) << (16 * b);
        return m;
    }
    // Near the end: the last bytes followed by zeros, positions from n on cleared.
    uint8_t tail[80] = {0};
    if (j < n) memcpy(tail, p + j, n - j);
    for (int b = 0; b < 4; b++) m |= (uint64_t)block_ssse3(t, tail + 16 * b) << (16 * b);
    return j >= n ? 0 : (n - j >= 64 ? m : m & (((uint64_t)1 << (n - j)) - 1));
}

// The flags of the 32 positions at `p` (which must have 35 readable bytes).
__attribute__((target("avx2"))) static inline uint32_t block_avx2(const uint8_t *t, const uint8_t *p) {
    const __m256i nibble = _mm256_set1_epi8(0x0F);
    __m256i acc = _mm256_set1_epi8((char)0xFF);
    for (int q = 0; q < 4; q++) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(p + q));
        __m256i lo = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(t + q * 16)));
        __m256i hi = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(t + 64 + q * 16)));
        __m256i l = _mm256_shuffle_epi8(lo, _mm256_and_si256(v, nibble));
        __m256i h = _mm256_shuffle_epi8(hi, _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble));
        acc = _mm256_and_si256(acc, _mm256_and_si256(l, h));
    }
    return ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(acc, _mm256_setzero_si256()));
}

__attribute__((target("avx2"))) static uint64_t mask64_avx2(const uint8_t *t, const uint8_t *p, size_t n, size_t j) {
    if (j + 67 <= n) return (uint64_t)block_avx2(t, p + j) | (uint64_t)block_avx2(t, p + j + 32) << 32;
    uint8_t tail[80] = {0};
    if (j < n) memcpy(tail, p + j, n - j);
    uint64_t m = (uint64_t)block_avx2(t, tail) | (uint64_t)block_avx2(t, tail + 32) << 32;
    return j >= n ? 0 : (n - j >= 64 ? m : m & (((uint64_t)1 << (n - j)) - 1));
}

uint64_t as_filter_mask64_with(const uint8_t *t, const uint8_t *p, size_t n, size_t j, int level, int *ok) {
    *ok = level <= as_vector_level();
    if (!*ok) return 0;
    switch (level) {
    case 2: return mask64_avx2(t, p, n, j);
    case 1: return mask64_ssse3(t, p, n, j);
    default: return mask64_portable(t, p, n, j);
    }
}

as_filter_mask64_fn as_filter_mask64_function(void) {
    switch (as_vector_level()) {
    case 2: return mask64_avx2;
    case 1: return mask64_ssse3;
    default: return mask64_portable;
    }
}

uint64_t as_filter_mask64(const uint8_t *t, const uint8_t *p, size_t n, size_t j) {
    static as_filter_mask64_fn chosen = 0;  // a race only stores the same answer twice
    as_filter_mask64_fn f = chosen;
    if (!f) chosen = f = as_filter_mask64_function();
    return f(t, p, n, j);
}

#else

uint64_t as_filter_mask64_with(const uint8_t *t, const uint8_t *p, size_t n, size_t j, int level, int *ok) {
    *ok = level <= 0;
    return *ok ? mask64_portable(t, p, n, j) : 0;
}

as_filter_mask64_fn as_filter_mask64_function(void) { return mask64_portable; }

uint64_t as_filter_mask64(const uint8_t *t, const uint8_t *p, size_t n, size_t j) {
    return mask64_portable(t, p, n, j);
}

#endif
