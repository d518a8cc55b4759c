// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C in the interactive shell: SIGINT sets a flag instead of ending the process; the running command
/// asks it (``CommandExecutor/shouldStop``) and stops early, the pager stops, and the shell goes on.
enum Interrupt {
    /// Set by the signal handler: an atomic store is all the handler does (async-signal-safe).
    private static let flag = Atomic<Bool>(false)

    /// Catches SIGINT for the rest of the process, without `SA_RESTART`: a read waiting for a key returns
    /// `EINTR`, so the wait ends (``Terminal/readByte()``).
    static func install() {
        reset()  // initialises `flag` before the handler can touch it
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Interrupt.flag.store(true, ordering: .relaxed) }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }

    /// `true` once SIGINT arrived since the last ``reset()``.
    static var isPending: Bool { flag.load(ordering: .relaxed) }

    static func reset() { flag.store(false, ordering: .relaxed) }
}
