// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import JunosConfiguration

/// libFuzzer's entry point for the configuration parsers: the input is a configuration file (curly-brace
/// or `set` form, any bytes). A trap, a hang or unbounded recursion is a finding; so is a broken
/// invariant: every diagnostic names a line and column in the file, and a configuration that loads prints
/// in both forms to text that loads back to the same configuration.
@c(LLVMFuzzerTestOneInput)
public func fuzzConfiguration(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    // Safe: libFuzzer guarantees `size` readable bytes at `data` for the duration of the call.
    let text = unsafe String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let (configuration, diagnostics) = ConfigurationParser.parse(text, file: "fuzz.conf")
    for diagnostic in diagnostics {
        precondition(diagnostic.location.line >= 1 && diagnostic.location.column >= 1, "diagnostic without a location")
    }
    guard let configuration, !diagnostics.contains(where: { $0.severity == .error }) else { return 0 }
    precondition(
        ConfigurationParser.parse(configuration.curlyBraceText(), file: "x").configuration == configuration,
        "the curly-brace form does not load back")
    precondition(
        ConfigurationParser.parse(configuration.setCommands(), file: "x").configuration == configuration,
        "the set form does not load back")
    return 0
}
