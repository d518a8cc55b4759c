// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// Why a trace could not be written.
enum GeneratorError: Error, CustomStringConvertible {
    case io(String)
    case invalid(String)

    var description: String {
        switch self {
        case .io(let message): "I/O error: \(message)"
        case .invalid(let message): message
        }
    }
}
