// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

#ifndef AMS_CPREFETCH_H
#define AMS_CPREFETCH_H

/// Asks the CPU to start loading the cache line at `address` (a hint: it never faults, never blocks).
///
/// Swift has no prefetch intrinsic. A plain load used as a prefetch holds up instruction retirement
/// until the data arrives, which limits how many misses overlap; this instruction does not.
static inline void ams_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
