// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

// CPrefetch is header-only (see include/CPrefetch.h); SwiftPM needs one source file per C target.
#include "CPrefetch.h"
