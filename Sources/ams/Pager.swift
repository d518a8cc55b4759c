// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

#if canImport(Glibc)
import Glibc
#endif

/// Shows long output a screen at a time (`---(more)---`: space for a page, Enter for a line, `q` or
/// Ctrl-C to stop). With `| hold` it also waits at the end of the output, as Junos holds its `--More--`
/// prompt there.
struct Pager {
    let isEnabled: Bool
    /// `| hold`: wait for a key after the last line.
    var holdsAtEnd = false
    private let pageLines: Int
    private var shown = 0
    private var partial: [UInt8] = []
    /// Set once the user stopped the output: nothing more is shown, and the command stops.
    private(set) var isStopped = false

    init(isEnabled: Bool) {
        self.isEnabled = isEnabled
        let rows = getenv("LINES").flatMap { Int(String(cString: $0)) } ?? 24
        pageLines = max(2, rows - 1)
    }

    mutating func write(_ bytes: [UInt8]) {
        guard isEnabled else { return StandardStream.write(bytes, to: 1) }
        for byte in bytes where !isStopped {
            partial.append(byte)
            guard byte == 0x0A else { continue }
            StandardStream.write(partial, to: 1)
            partial.removeAll(keepingCapacity: true)
            shown += 1
            if shown >= pageLines { more() }
        }
    }

    mutating func finish() {
        if isEnabled && !isStopped && !partial.isEmpty { StandardStream.write(partial, to: 1) }
        partial.removeAll()
        if isEnabled && holdsAtEnd && !isStopped { more() }
    }

    private mutating func more() {
        StandardStream.write(Array("---(more)---".utf8), to: 1)
        let key = Terminal.withLocalModes({ $0 &= ~tcflag_t(ECHO | ICANON) }) { Terminal.readByte() }
        StandardStream.write(Array("\r            \r".utf8), to: 1)
        switch key {
        case UInt8(ascii: "q"), UInt8(ascii: "Q"), 3, nil: isStopped = true
        case 13, 10: shown = pageLines - 1
        default: shown = 0
        }
    }
}
