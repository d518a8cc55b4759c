// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Wire

/// One problem found in a configuration file, with its location and Junos statement path.
///
/// `description` renders it as
/// ```
/// FILE:LINE:COLUMN: error: MESSAGE
///   [edit services stateful-firewall rule r1 term t1]
/// ```
public struct ConfigurationDiagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Hashable, Sendable {
        /// The configuration is rejected.
        case error
        /// The configuration is accepted, but something looks wrong.
        case warning
    }

    /// How serious the problem is.
    public var severity: Severity
    /// Where the problem is.
    public var location: SourceLocation
    /// The hierarchy that contains the offending statement, e.g. `["services", "service-set", "s1"]`.
    public var statementPath: [String]
    /// What is wrong, in Junos wording.
    public var message: String

    /// Creates a diagnostic.
    public init(severity: Severity = .error, location: SourceLocation, statementPath: [String], message: String) {
        self.severity = severity
        self.location = location
        self.statementPath = statementPath
        self.message = message
    }

    /// The statement path in Junos style: `[edit services service-set s1]`, or `[edit]` at top level.
    public var editPath: String {
        statementPath.isEmpty ? "[edit]" : "[edit \(statementPath.joined(separator: " "))]"
    }

    /// The longest message shown, in characters: a message quotes words of the file, and a hostile
    /// file's word can be megabytes long.
    public static let messageLimit = 200

    /// The diagnostic as printed: control characters and invalid UTF-8 escaped, the message cut to
    /// ``messageLimit`` characters.
    public var description: String {
        "\(location): \(severity.rawValue): \(message.excerpt(Self.messageLimit).terminalSafe)\n  "
            + editPath.excerpt(Self.messageLimit).terminalSafe
    }
}
