// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import OperationalCommands

/// A fixed session table, as `show services sessions` prints it, for the pipes to filter.
private let sampleTable: [UInt8] = Array(
    """
    mams-0/0/0 (ams0)
    Service Set: default, Session: 16777217, ALG: icmp, Flags: 0x0000, IP Action: no, Offload: no, Asymmetric: no
    ICMP          10.99.0.1        ->       10.99.0.2        Forward  I               3
    ICMP          10.99.0.2        ->       10.99.0.1        Forward  O               3
    Service Set: default, Session: 16777218, ALG: none, Flags: 0x0000, IP Action: no, Offload: no, Asymmetric: no
    TCP           10.99.0.1:50866  ->       10.99.0.2:8080   Forward  I               7
    TCP           10.99.0.2:8080   ->       10.99.0.1:50866  Forward  O               6
    Service Set: default, Session: 16777220, ALG: ftp, Flags: 0x0000, IP Action: no, Offload: no, Asymmetric: no
    TCP           10.99.0.1:55182  ->       10.99.0.2:21     Watch    I              12
    TCP           10.99.0.2:21     ->       10.99.0.1:55182  Watch    O              13
    mams-0/1/0 (ams0)
    Service Set: default, Session: 33554434, ALG: icmpv6, Flags: 0x0000, IP Action: no, Offload: no, Asymmetric: no
    ICMPV6       fd00:99::1        ->      fd00:99::2        Forward  I               2
    ICMPV6       fd00:99::2        ->      fd00:99::1        Forward  O               2
    Service Set: default, Session: 33554435, ALG: none, Flags: 0x0000, IP Action: no, Offload: no, Asymmetric: no
    TCP          fd00:99::1:40806  ->      fd00:99::2:8080   Forward  I               7
    TCP          fd00:99::2:8080   ->      fd00:99::1:40806  Forward  O               6

    """.utf8)

/// libFuzzer's entry point for the operational command parser and the text pipes: each line of the input is a
/// command line, as typed in the shell or given to `ams replay`. A trap or a hang is a finding; an error must
/// point inside the line (its caret column at most the line's length).
///
/// A line that parses has its line filters (`match`, `except`, `find`, `count`, `last`, `trim`) run over a
/// fixed session table through ``LinePipeline``, fed in chunks the input's length decides, so that hostile
/// patterns (`(.*)*X`, deep nesting, `{255}` counts) are run, not only compiled. `save` writes nothing here:
/// the executor, not the pipeline, opens its file. Each line's Tab completions are asked for too.
@c(LLVMFuzzerTestOneInput)
public func fuzzCommands(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    // Safe: libFuzzer guarantees `size` readable bytes at `data` for the duration of the call.
    let text = unsafe String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for line in text.split(separator: "\n", omittingEmptySubsequences: true).prefix(16) {
        let line = String(line)
        // Tab: the completions of any prefix are words that the line can go on with.
        for candidate in CommandParser.completions(line) {
            precondition(!candidate.isEmpty && !candidate.contains(" "), "a completion that is not one word")
        }
        do {
            guard case .command(let parsed) = try CommandParser.parse(line) else { continue }
            var lines = 0
            var pipeline = LinePipeline(parsed.pipes) { output in
                precondition(output.last == 0x0A, "a line without its newline")
                lines += 1
            }
            let chunk = 1 + size % 97
            var start = 0
            while start < sampleTable.count {
                pipeline.feed(Array(sampleTable[start..<min(sampleTable.count, start + chunk)]))
                start += chunk
            }
            pipeline.finish()
            if !parsed.pipes.contains(where: \.filtersLines) {
                precondition(lines == sampleTable.count(where: { $0 == 0x0A }), "lines lost without a line filter")
            }
        } catch let error as CommandError {
            if let column = error.column {
                precondition(column >= 0 && column <= line.count, "caret outside the line")
            }
        } catch {
            preconditionFailure("an error that is not a CommandError: \(error)")
        }
    }
    return 0
}
