// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

@testable import OperationalCommands
import Policy
import ServicesCore
import Testing
import Wire

@Suite("Operational command grammar")
struct CommandParserTests {
    static func query(_ line: String) throws -> (SessionQuery, [OutputPipe]) {
        guard case .command(let parsed) = try CommandParser.parse(line), case .showSessions(let query) = parsed.command
        else {
            Issue.record("not a show services sessions command: \(line)")
            return (SessionQuery(), [])
        }
        return (query, parsed.pipes)
    }

    static func error(_ line: String) -> String {
        do {
            _ = try CommandParser.parse(line)
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func keywordsAbbreviateToUniquePrefixes() throws {
        let (query, pipes) = try Self.query("sh serv sess ext")
        #expect(query.level == .extensive && pipes.isEmpty)
        #expect(try Self.query("show services sessions").0 == SessionQuery())
    }

    /// `show chassis routing-engine | hardware` and `show system netconf` (SPEC.md §7), abbreviated too.
    @Test func chassisAndSystemCommands() throws {
        func command(_ line: String) throws -> OperationalCommand? {
            guard case .command(let parsed) = try CommandParser.parse(line) else { return nil }
            return parsed.command
        }
        #expect(try command("show chassis routing-engine") == .showRoutingEngine)
        #expect(try command("sh ch r") == .showRoutingEngine)
        #expect(try command("show chassis hardware | display xml") == .showChassisHardware)
        #expect(try command("show system netconf") == .showNetconfServer)
        #expect(try command("sh sy n") == .showNetconfServer)
        #expect(Self.error("show chassis").contains("syntax error"))
        #expect(Self.error("show s sessions").contains("ambiguous") || Self.error("show s sessions").contains("syntax error"))
    }

    @Test func optionsComeInAnyOrder() throws {
        let (a, _) = try Self.query("show services sessions protocol tcp destination-port 21 limit 5 terse")
        let (b, _) = try Self.query("show services sessions terse limit 5 destination-port 21 protocol 6")
        #expect(a == b)
        #expect(a.level == .terse && a.limit == 5 && a.filter.destinationPort == 21 && a.filter.transport == .tcp)
    }

    @Test func everyOptionParses() throws {
        let (query, _) = try Self.query(
            "show services sessions application-protocol ftp count destination-prefix 192.0.2.0/24 "
                + "interface mams-0/1/0 service-set ss1 source-port 1024 source-prefix 2001:db8::/32")
        #expect(query.filter.application == .ftp && query.count)
        #expect(query.filter.destinationPrefix == IPPrefix("192.0.2.0/24"))
        #expect(query.filter.sourcePrefix == IPPrefix("2001:db8::/32"))
        #expect(query.filter.interface == "mams-0/1/0" && query.filter.serviceSet == "ss1" && query.filter.sourcePort == 1024)
    }

    @Test func pipesChainLeftToRight() throws {
        let (_, pipes) = try Self.query("show services sessions | match TCP | except Drop | last 3 | count | no-more")
        #expect(try pipes == [.match(LinePattern("TCP")), .except(LinePattern("Drop")), .last(3), .count, .noMore])
        #expect(try Self.query("show services sessions | display xml").1 == [.displayXML])
        #expect(try Self.query("show services sessions | disp json").1 == [.displayJSON])
    }

    @Test func findTrimHoldAndSaveParse() throws {
        let (_, pipes) = try Self.query("show services sessions | find ICMP | trim 5 | hold | save /tmp/out.txt")
        #expect(try pipes == [.find(LinePattern("ICMP")), .trim(5), .hold, .save("/tmp/out.txt")])
        #expect(try Self.query("sh serv sess | f Watch | t 100000 | h | s x").1 == [.find(LinePattern("Watch")), .trim(100_000), .hold, .save("x")])
        #expect(pipes.map(\.filtersLines) == [true, true, false, false])
    }

    @Test func aQuestionMarkAfterAPipeListsEveryPipe() throws {
        #expect(try CommandParser.parse("show services sessions | ?") == .help("""
            Possible completions:
              count                Count occurrences
              display              Show additional kinds of information
              except               Show only text that does not match a pattern
              find                 Search for first occurrence of pattern
              hold                 Hold text without exiting the --More-- prompt
              last                 Display end of output only
              match                Show only text that matches a pattern
              no-more              Don't paginate output
              save                 Save output text to file
              trim                 Trim specified number of columns from start of line
            """))
        #expect(try CommandParser.parse("show services sessions | find ?") == .help("""
            Possible completions:
              <pattern>            Regular expression
            """))
        #expect(try CommandParser.parse("show services sessions | save ?") == .help("""
            Possible completions:
              <filename>           File to write the output to
            """))
    }

    @Test func unknownWordsShowACaret() {
        #expect(Self.error("show services sessions foo") == """
            show services sessions foo
                                   ^
            syntax error, expecting <command>.
            """)
        #expect(Self.error("show servces") == """
            show servces
                 ^
            syntax error, expecting <command>.
            """)
        #expect(Self.error("show services") == """
            show services
                         ^
            syntax error, expecting <command>.
            """)
    }

    @Test func ambiguousAbbreviationsListTheCandidates() {
        #expect(Self.error("show services sessions s") == """
            show services sessions s
                                   ^
            's' is ambiguous.
            Possible completions:
              service-set          Display information for a particular service set
              source-port          Display information for a particular source port (0..65535)
              source-prefix        Display information for a particular source prefix
            """)
    }

    @Test(arguments: [
        ("show services sessions destination-port 70000", 40, "error: invalid value: 70000 (destination-port: 0..65535)"),
        ("show services sessions limit 0", 29, "error: invalid value: 0 (limit: 1..4294967295)"),
        ("show services sessions source-prefix 10.0.0.0/33", 37, "error: invalid value: 10.0.0.0/33 (source-prefix: an address or prefix)"),
        ("show services sessions protocol bogus", 32, "error: invalid value: bogus (protocol: 0..255 or a name)"),
        ("show services sessions | last 0", 30, "error: invalid value: 0 (last: 1..100000)"),
        ("show services sessions brief extensive", 29, "syntax error."),
        ("show services sessions | trim 0", 30, "error: invalid value: 0 (trim: 1..100000)"),
        ("show services sessions | match a{256}", 31, "error: invalid regular expression: a{256} (repetition count above 255)"),
        ("show services sessions | find (", 30, "error: invalid regular expression: ( (parenthesis not closed)"),
        ("show services sessions | except [z-a]", 32, "error: invalid regular expression: [z-a] (range end before range start)"),
        ("show services sessions | save x | count", 32, "error: | save must be the last pipe"),
    ])
    func invalidValuesAreErrorsNotEmptyResults(line: String, column: Int, message: String) {
        #expect(Self.error(line) == line + "\n" + String(repeating: " ", count: column) + "^\n" + message)
    }

    @Test func aQuestionMarkListsTheCompletions() throws {
        guard case .help(let text) = try CommandParser.parse("show services sessions ?") else {
            Issue.record("no help")
            return
        }
        #expect(text.hasPrefix("Possible completions:\n  <[Enter]>            Execute this command\n"))
        #expect(text.contains("  destination-port     Display information for a particular destination port (0..65535)"))
        #expect(text.hasSuffix("  |                    Pipe through a command"))
        guard case .help(let partial) = try CommandParser.parse("show services sessions de?") else {
            Issue.record("no help")
            return
        }
        #expect(partial == """
            Possible completions:
              destination-port     Display information for a particular destination port (0..65535)
              destination-prefix   Display information for a particular destination prefix
            """)
    }
}

/// Patterns in double quotes, as Junos documents them for patterns with spaces or operators (issue 12:
/// `| match "ICMP"` found nothing, `| match "Forward I"` was a syntax error).
@Suite("Quoted patterns")
struct QuotedPatternTests {
    static func pipes(_ line: String) throws -> [OutputPipe] {
        guard case .command(let parsed) = try CommandParser.parse(line) else { return [] }
        return parsed.pipes
    }

    @Test func quotesAreTakenOff() throws {
        #expect(try Self.pipes(#"show services sessions | match "ICMP""#) == [.match(LinePattern("ICMP"))])
        #expect(try Self.pipes(#"show services sessions | match "TCP|UDP" | count"#) == [.match(LinePattern("TCP|UDP")), .count])
        #expect(try Self.pipes(#"show services sessions | except "Forward I""#) == [.except(LinePattern("Forward I"))])
        #expect(try Self.pipes(#"show services sessions | match "a \"b\" c""#) == [.match(LinePattern(#"a "b" c"#))])
        #expect(try Self.pipes("show services sessions | match ICMP") == [.match(LinePattern("ICMP"))])
    }

    @Test func aQuotedPipeIsPartOfThePattern() throws {
        #expect(try Self.pipes(#"show services sessions | match "|""#) == [.match(LinePattern("|"))])
    }

    @Test func wordsAndColumns() {
        let words = CommandParser.split(#"show  "a b"c d"#)
        #expect(words.map(\.text) == ["show", "a bc", "d"])
        #expect(words.map(\.column) == [0, 6, 13])
    }
}

/// A command line echoed in an error never reaches the terminal raw (issue 12, point 14).
@Suite("Command errors on a terminal")
struct CommandErrorEscapingTests {
    @Test func controlCharactersAreEscapedAndTheCaretStaysUnderTheWord() throws {
        let line = "show \u{1B}[2J services"
        #expect(throws: CommandError.self) { try CommandParser.parse(line) }
        do {
            _ = try CommandParser.parse(line)
        } catch {
            let text = "\(error)"
            #expect(!text.unicodeScalars.contains { $0.value == 0x1B })
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines[0] == #"show \x1b[2J services"#)
            #expect(lines[1] == "     ^")
        }
    }
}
