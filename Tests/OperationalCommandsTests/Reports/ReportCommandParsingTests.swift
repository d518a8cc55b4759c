// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import OperationalCommands
import Testing

/// The grammar of the reports on the bundle and its members: `show interfaces load-balancing [detail]
/// [amsN]`, `show services sessions utilization [interface I]`, `show services service-sets summary
/// [interface I]` — abbreviations, `?` and Tab.
@Suite("Report commands: parsing and help")
struct ReportCommandParsingTests {
    static func command(_ line: String) throws -> OperationalCommand? {
        guard case .command(let parsed) = try CommandParser.parse(line) else { return nil }
        return parsed.command
    }

    static func help(_ line: String) throws -> String {
        guard case .help(let text) = try CommandParser.parse(line) else {
            Issue.record("no help for \(line)")
            return ""
        }
        return text
    }

    @Test func loadBalancingTakesDetailAndABundleInEitherOrder() throws {
        #expect(try Self.command("show interfaces load-balancing") == .showLoadBalancing(bundle: nil, detail: false))
        #expect(try Self.command("show interfaces load-balancing detail") == .showLoadBalancing(bundle: nil, detail: true))
        #expect(try Self.command("sh int load det") == .showLoadBalancing(bundle: nil, detail: true))
        #expect(try Self.command("sh int load d ams0") == .showLoadBalancing(bundle: "ams0", detail: true))
        #expect(try Self.command("sh int load ams0 detail") == .showLoadBalancing(bundle: "ams0", detail: true))
        #expect(try Self.command("sh int load ams0") == .showLoadBalancing(bundle: "ams0", detail: false))
        guard case .command(let parsed) = try CommandParser.parse("show interfaces load-balancing detail | display xml")
        else {
            Issue.record("no command")
            return
        }
        #expect(parsed.pipes == [.displayXML])
        // Each at most once.
        #expect(throws: CommandError.self) { try CommandParser.parse("show interfaces load-balancing detail detail") }
        #expect(throws: CommandError.self) { try CommandParser.parse("show interfaces load-balancing ams0 ams1") }
    }

    @Test func loadBalancingHelpListsDetailAndTheBundle() throws {
        #expect(try Self.help("show interfaces load-balancing ?") == """
            Possible completions:
              <[Enter]>            Execute this command
              <interface-name>     Name of an amsN interface
              detail               Display detailed output
              |                    Pipe through a command
            """)
        #expect(try Self.help("show interfaces load-balancing detail ?") == """
            Possible completions:
              <[Enter]>            Execute this command
              <interface-name>     Name of an amsN interface
              |                    Pipe through a command
            """)
        #expect(try Self.help("show interfaces load-balancing ams0 de?") == """
            Possible completions:
              detail               Display detailed output
            """)
        #expect(try Self.help("show interfaces load-balancing ams0 detail ?") == """
            Possible completions:
              <[Enter]>            Execute this command
              |                    Pipe through a command
            """)
        #expect(CommandParser.completions("show interfaces load-balancing ") == ["detail"])
        #expect(CommandParser.completions("show interfaces load-balancing d") == ["detail"])
    }

    @Test func utilizationIsASessionsReportWithAnInterface() throws {
        #expect(try Self.command("show services sessions utilization") == .showUtilization(interface: nil))
        #expect(try Self.command("sh serv sess u") == .showUtilization(interface: nil))
        #expect(try Self.command("sh serv sess util int mams-0/1/0") == .showUtilization(interface: "mams-0/1/0"))
        #expect(try Self.command("sh serv sess an") == .showAnalysis(interface: nil))
        // A report takes no session filter, and the filters take no report; clear has neither.
        #expect(throws: CommandError.self) { try CommandParser.parse("show services sessions utilization count") }
        #expect(throws: CommandError.self) { try CommandParser.parse("show services sessions count utilization") }
        #expect(throws: CommandError.self) { try CommandParser.parse("clear services sessions utilization") }
    }

    @Test func utilizationHelp() throws {
        let sessions = try Self.help("show services sessions ?").split(separator: "\n")
        #expect(sessions.contains("  utilization          Display statistical details about session utilization"))
        #expect(sessions.last == "  |                    Pipe through a command")
        #expect(try Self.help("show services sessions u?") == """
            Possible completions:
              utilization          Display statistical details about session utilization
            """)
        #expect(try Self.help("show services sessions utilization ?") == """
            Possible completions:
              <[Enter]>            Execute this command
              interface            Name of interface
              |                    Pipe through a command
            """)
        #expect(try Self.help("show services sessions utilization interface ?") == """
            Possible completions:
              <interface>          Interface name
            """)
        #expect(!(try Self.help("clear services sessions ?")).contains("utilization"))
        #expect(CommandParser.completions("show services sessions ut") == ["utilization"])
    }

    @Test func serviceSetsSummaryHelp() throws {
        #expect(try Self.command("sh serv service-sets sum") == .showServiceSetsSummary(interface: nil))
        #expect(try Self.help("show services service-sets summary ?") == """
            Possible completions:
              <[Enter]>            Execute this command
              interface            Name of interface
              |                    Pipe through a command
            """)
    }
}
