// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

// CPacketRing is header-only (see include/CPacketRing.h); SwiftPM needs one source file per C target.
#include "CPacketRing.h"
