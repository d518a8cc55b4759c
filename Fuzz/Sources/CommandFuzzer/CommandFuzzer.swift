// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import OperationalCommands

/// libFuzzer's entry point for the operational command parser: each line of the input is a command line,
/// as typed in the shell or given to `ams replay`. A trap or a hang is a finding; an error must point
/// inside the line (its caret column at most the line's length).
///
/// The pipes' patterns are parsed (and compiled) here but not run over text: patterns that take
/// exponential time are a known open problem (issue 12, point 3).
@c(LLVMFuzzerTestOneInput)
public func fuzzCommands(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    // Safe: libFuzzer guarantees `size` readable bytes at `data` for the duration of the call.
    let text = unsafe String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for line in text.split(separator: "\n", omittingEmptySubsequences: true).prefix(16) {
        let line = String(line)
        do {
            _ = try CommandParser.parse(line)
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
