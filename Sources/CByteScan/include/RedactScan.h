// agent-sessions: the vector pre-filter of the redaction scans (issue #17). Our own C, beside ByteScan.h: which
// positions can start one of a list of byte patterns, 16 or 32 positions per step (SSSE3/AVX2 on x86-64, chosen at
// run time; portable C elsewhere, and the reference the tests compare the vector code with).
#ifndef AGENT_SESSIONS_REDACT_SCAN_H
#define AGENT_SESSIONS_REDACT_SCAN_H

#include <stddef.h>
#include <stdint.h>

/// The filter's tables, 128 bytes: `lo[q][16]` for q = 0..3, then `hi[q][16]`. Each of up to 8 buckets is a bit;
/// position j is flagged when, for some bucket k, every byte b = p[j + q] (q = 0..3; 0 past the end) has bit k set
/// in both `lo[q][b & 15]` and `hi[q][b >> 4]`.
enum { AS_FILTER_TABLE_SIZE = 128 };

/// The flags of the 64 positions `j ..< j + 64`: bit k set when position j + k (< n) is flagged. With the best
/// instructions this CPU has (64 positions per call: the caller walks the set bits).
uint64_t as_filter_mask64(const uint8_t *tables, const uint8_t *p, size_t n, size_t j);

/// `as_filter_mask64` for this CPU's instructions, as a function the caller keeps (no choice made per call).
typedef uint64_t (*as_filter_mask64_fn)(const uint8_t *tables, const uint8_t *p, size_t n, size_t j);
as_filter_mask64_fn as_filter_mask64_function(void);

/// `as_filter_mask64` with the given instructions (2 AVX2, 1 SSSE3, 0 portable), for the tests; 0 with `*ok` = 0
/// when this CPU lacks them.
uint64_t as_filter_mask64_with(const uint8_t *tables, const uint8_t *p, size_t n, size_t j, int level, int *ok);

#endif
