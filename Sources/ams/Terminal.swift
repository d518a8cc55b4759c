// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

#if canImport(Glibc)
import Glibc
#endif

/// The terminal of the interactive shell: its local modes, and the bytes typed on it.
enum Terminal {
    /// Runs `body` with the local modes (`c_lflag`) of standard input changed by `change`, then puts them
    /// back as they were.
    static func withLocalModes<Result>(_ change: (inout tcflag_t) -> Void, _ body: () throws -> Result) rethrows -> Result {
        var original = termios()
        tcgetattr(0, &original)
        var changed = original
        change(&changed.c_lflag)
        tcsetattr(0, TCSANOW, &changed)
        defer { tcsetattr(0, TCSANOW, &original) }
        return try body()
    }

    /// The next byte typed, or `nil` at the end of input. A SIGINT that ends the wait (``Interrupt``) reads
    /// as Ctrl-C (3).
    static func readByte() -> UInt8? {
        var byte: UInt8 = 0
        while true {
            let count = Glibc.read(0, &byte, 1)
            if count == 1 { return byte }
            if count < 0 && errno == EINTR {
                if Interrupt.isPending { return 3 }
                continue
            }
            return nil
        }
    }

    static func write(_ text: String) { StandardStream.write(Array(text.utf8), to: 1) }

    /// Rings the terminal's bell: a key that does nothing here.
    static func bell() { write("\u{07}") }
}
