// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

@testable import OperationalCommands
import ServicesCore
import Testing
import Wire

/// `?`, `help` and the words Tab completes from: the values of an option are listed from the table the
/// parser resolves them with.
@Suite("Command help and completions")
struct CommandHelpTests {
    static func help(_ line: String) throws -> String {
        guard case .help(let text) = try CommandParser.parse(line) else {
            Issue.record("no help for \(line)")
            return ""
        }
        return text
    }

    static func query(_ line: String) throws -> SessionQuery? {
        guard case .command(let parsed) = try CommandParser.parse(line), case .showSessions(let query) = parsed.command
        else { return nil }
        return query
    }

    /// The Junos layout: two spaces, the name in 19 columns, two spaces, the description.
    @Test func theLayoutIsJunoss() throws {
        let text = try Self.help("show services sessions ?")
        #expect(text.hasPrefix("Possible completions:\n  <[Enter]>            Execute this command\n"))
        #expect(text.contains("\n  application-protocol  Display information about one of the following application protocols\n"))
    }

    @Test func aQuestionMarkAfterProtocolListsItsNames() throws {
        let text = try Self.help("show services sessions protocol ?")
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "Possible completions:")
        #expect(lines[1] == "  <number>             Numeric protocol value (0 .. 255)")
        #expect(lines.dropFirst(2).map { String($0.dropFirst(2).prefix { $0 != " " }) }
            == ["ah", "egp", "esp", "gre", "icmp", "icmp6", "igmp", "ipip", "ospf", "pim", "rsvp", "sctp", "tcp", "udp"])
        #expect(lines.contains("  icmp6                Internet Control Message Protocol Version 6"))
        #expect(try Self.help("show services sessions protocol ic?") == """
            Possible completions:
              icmp                 Internet Control Message Protocol
              icmp6                Internet Control Message Protocol Version 6
            """)
        // A number: what is expected.
        #expect(try Self.help("clear services sessions protocol 1?") == """
            Possible completions:
              <number>             Numeric protocol value (0 .. 255)
            """)
    }

    @Test func aQuestionMarkAfterApplicationProtocolListsItsValues() throws {
        let text = try Self.help("show services sessions application-protocol ?")
        #expect(text.split(separator: "\n").count == 1 + ApplicationFilter.allCases.count)
        #expect(text.contains("\n  sqlnet               SQL *Net\n"))
        #expect(!text.contains("<"))
        #expect(try Self.help("request replay advance ?") == """
            Possible completions:
              <seconds>            Seconds of packet time
              to-end               Replay to the end of the capture
            """)
    }

    /// Every name the help lists is one the parser takes, as it is and abbreviated to a unique prefix.
    @Test func everyListedValueParses() throws {
        for (keyword, number) in CommandParser.ipProtocols {
            #expect(try Self.query("show services sessions protocol \(keyword.name)")?.filter.transport == IPProtocol(rawValue: number))
        }
        for filter in ApplicationFilter.allCases {
            #expect(try Self.query("show services sessions application-protocol \(filter.rawValue)")?.filter.application == filter)
        }
        #expect(try Self.query("show services sessions protocol ud")?.filter.transport == .udp)
        #expect(try Self.query("show services sessions protocol icmp")?.filter.transport == .icmp)
        #expect(try Self.query("show services sessions application-protocol trac")?.filter.application == .traceroute)
        #expect(throws: CommandError.self) { try CommandParser.parse("show services sessions protocol ic") }
        guard case .command(let parsed) = try CommandParser.parse("request replay advance to") else {
            Issue.record("no command")
            return
        }
        #expect(parsed.command == .advanceReplay(seconds: nil))
    }

    @Test func helpIsTheQuestionMark() throws {
        #expect(try Self.help("help") == Self.help("?"))
        #expect(try Self.help("help").contains("\n  help                 Provide help information\n"))
        #expect(try Self.help("help show services") == Self.help("show services ?"))
        #expect(try Self.help("he sh serv sess protocol") == Self.help("show services sessions protocol ?"))
        #expect(try Self.help("show version ?") == """
            Possible completions:
              <[Enter]>            Execute this command
              |                    Pipe through a command
            """)
    }

    @Test func completionsAreTheNamesTheQuestionMarkLists() {
        #expect(CommandParser.completions("sh") == ["show"])
        #expect(CommandParser.completions("show services sessions protocol ic") == ["icmp", "icmp6"])
        #expect(CommandParser.completions("show services sessions application-protocol t") == ["tcp", "traceroute", "tftp"])
        #expect(CommandParser.completions("show services sessions de") == ["destination-port", "destination-prefix"])
        // A free-form value, a mistake: nothing to complete.
        #expect(CommandParser.completions("show services sessions destination-port ").isEmpty)
        #expect(CommandParser.completions("show bogus ").isEmpty)
    }
}
