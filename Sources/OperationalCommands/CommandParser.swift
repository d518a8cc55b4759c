// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ServicesCore
import Wire

/// The Junos operational command grammar for sessions (SPEC.md §2): keywords abbreviated to any unique
/// prefix, options in any order, `?` for the possible completions, errors with a caret.
public enum CommandParser {
    /// One keyword of the grammar, with its `?` description.
    struct Keyword {
        var name: String
        var help: String
    }

    static let topKeywords = [
        Keyword(name: "clear", help: "Clear information in the system"),
        Keyword(name: "help", help: "Provide help information"),
        Keyword(name: "request", help: "Make system-level requests"),
        Keyword(name: "show", help: "Show system information"),
    ]
    static let showKeywords = [
        Keyword(name: "chassis", help: "Show chassis information"),
        Keyword(name: "configuration", help: "Show current configuration"),
        Keyword(name: "interfaces", help: "Show interface information"),
        Keyword(name: "services", help: "Show services information"),
        Keyword(name: "system", help: "Show system information"),
        Keyword(name: "version", help: "Show software process revision levels"),
    ]
    static let chassisKeywords = [
        Keyword(name: "hardware", help: "Show installed hardware components"),
        Keyword(name: "routing-engine", help: "Show Routing Engine information"),
    ]
    static let systemKeywords = [
        Keyword(name: "netconf", help: "Show the NETCONF server: address, host key, sessions (ams)")
    ]
    static let requestKeywords = [
        Keyword(name: "replay", help: "Step through the capture being replayed (ams cli --replay)"),
        Keyword(name: "system", help: "System operations (ams run)"),
    ]
    static let interfacesKeywords = [
        Keyword(name: "load-balancing", help: "Show load-balancing status of aggregated multiservices interfaces")
    ]
    static let servicesKeywords = [
        Keyword(name: "service-sets", help: "Show service set information"),
        Keyword(name: "sessions", help: "Show session table information"),
    ]

    /// The options of `show services sessions`, with the descriptions of the command reference
    /// (`show-services-sessions.txt`).
    static let sessionOptions = [
        Keyword(name: "analysis", help: "Display session analysis statistics"),
        Keyword(name: "application-protocol", help: "Display information about one of the following application protocols"),
        Keyword(name: "brief", help: "Display the specified level of output"),
        Keyword(name: "count", help: "Display a count of the matching entries"),
        Keyword(name: "destination-port", help: "Display information for a particular destination port (0..65535)"),
        Keyword(name: "destination-prefix", help: "Display information for a particular destination prefix"),
        Keyword(name: "extensive", help: "Display the specified level of output"),
        Keyword(name: "interface", help: "Display information about a particular interface"),
        Keyword(name: "limit", help: "Maximum number of entries to display"),
        Keyword(name: "protocol", help: "Display information about one of the following IP types"),
        Keyword(name: "service-set", help: "Display information for a particular service set"),
        Keyword(name: "source-port", help: "Display information for a particular source port (0..65535)"),
        Keyword(name: "source-prefix", help: "Display information for a particular source prefix"),
        Keyword(name: "terse", help: "Display the specified level of output"),
        Keyword(name: "utilization", help: "Display statistical details about session utilization"),
    ]

    /// The options of `show services sessions` that are reports per member of their own, each taking only
    /// `[interface I]`.
    static let memberReports: Set = ["analysis", "utilization"]

    /// The pipes, with the descriptions Junos's `| ?` gives (Juniper, *Filtering Operational Command Output*).
    static let pipeKeywords = [
        Keyword(name: "count", help: "Count occurrences"),
        Keyword(name: "display", help: "Show additional kinds of information"),
        Keyword(name: "except", help: "Show only text that does not match a pattern"),
        Keyword(name: "find", help: "Search for first occurrence of pattern"),
        Keyword(name: "hold", help: "Hold text without exiting the --More-- prompt"),
        Keyword(name: "last", help: "Display end of output only"),
        Keyword(name: "match", help: "Show only text that matches a pattern"),
        Keyword(name: "no-more", help: "Don't paginate output"),
        Keyword(name: "save", help: "Save output text to file"),
        Keyword(name: "trim", help: "Trim specified number of columns from start of line"),
    ]
    static let displayKeywords = [
        Keyword(name: "json", help: "Show output in JSON format"),
        Keyword(name: "set", help: "Show 'set' commands that create configuration"),
        Keyword(name: "xml", help: "Show output in XML format"),
    ]

    /// A word of the command line and the column it starts at. A word in double quotes (`"Forward I"`,
    /// `"TCP|UDP"`) is one word without its quotes, as Junos takes a pattern with spaces or operators.
    struct Word {
        var text: String
        var column: Int
        var isQuoted = false

        /// `true` for the pipe symbol itself (not a quoted `|`).
        var isPipe: Bool { text == "|" && !isQuoted }
    }

    /// Parses one command line.
    ///
    /// - Throws: ``CommandError`` with the exact text to print.
    public static func parse(_ line: String) throws(CommandError) -> CommandParseResult {
        do throws(Stop) {
            return .command(try command(line))
        } catch {
            switch error {
            case .error(let commandError): throw commandError
            case .help(let help): return .help(help.text)
            }
        }
    }

    /// The words the last word of `line` can become (keywords, named values), as `?` lists them: what Tab
    /// completes from. Empty where `line` has an error, or where a value is free-form (a port, a prefix).
    public static func completions(_ line: String) -> [String] {
        do throws(Stop) {
            _ = try command(line + "?")
            return []
        } catch {
            guard case .help(let help) = error else { return [] }
            return help.names.map(\.name)
        }
    }

    /// The command `line` holds; `help WORDS…` asks what `WORDS… ?` asks.
    static func command(_ line: String) throws(Stop) -> ParsedCommand {
        var words = split(line)
        if let first = words.first, resolve(first.text, among: topKeywords) == "help" {
            words = words.drop { resolve($0.text, among: topKeywords) == "help" } + [Word(text: "?", column: line.count)]
        }
        var cursor = Cursor(line: line, words: words)
        let verb = try cursor.keyword(among: topKeywords, allowsEnter: false)
        let command: OperationalCommand
        if verb == "request", try cursor.keyword(among: requestKeywords, allowsEnter: false) == "system" {
            _ = try cursor.keyword(among: [Keyword(name: "configuration", help: "Configuration operations")], allowsEnter: false)
            _ = try cursor.keyword(
                among: [Keyword(name: "reload", help: "Re-read the configuration file and apply it (ams run)")],
                allowsEnter: false)
            command = .reloadConfiguration
        } else if verb == "request" {
            _ = try cursor.keyword(among: [Keyword(name: "advance", help: "Replay more of the capture")], allowsEnter: false)
            let value = try cursor.value(for: "seconds", expecting: "Seconds of packet time", names: advanceValues)
            if resolve(value.text, among: advanceValues) != nil {
                command = .advanceReplay(seconds: nil)
            } else if let seconds = Double(value.text), seconds >= 0, seconds.isFinite {
                command = .advanceReplay(seconds: seconds)
            } else {
                throw cursor.error("error: invalid value: \(value.text) (seconds of packet time, or to-end)", at: value)
            }
        } else if verb == "clear" {
            _ = try cursor.keyword(among: [Keyword(name: "services", help: "Clear services information")], allowsEnter: false)
            _ = try cursor.keyword(among: [Keyword(name: "sessions", help: "Remove established sessions from sessions table")], allowsEnter: false)
            command = .clearSessions(try sessionQuery(&cursor, options: clearOptions))
        } else {
            switch try cursor.keyword(among: showKeywords, allowsEnter: false) {
            case "configuration":
                command = .showConfiguration
            case "version":
                command = .showVersion
            case "chassis":
                let what = try cursor.keyword(among: chassisKeywords, allowsEnter: false)
                command = what == "hardware" ? .showChassisHardware : .showRoutingEngine
            case "system":
                _ = try cursor.keyword(among: systemKeywords, allowsEnter: false)
                command = .showNetconfServer
            case "interfaces":
                _ = try cursor.keyword(among: interfacesKeywords, allowsEnter: false)
                command = try loadBalancing(&cursor)
            default:
                if try cursor.keyword(among: servicesKeywords, allowsEnter: false) == "service-sets" {
                    _ = try cursor.keyword(
                        among: [Keyword(name: "summary", help: "Display summary of service sets")], allowsEnter: false)
                    command = .showServiceSetsSummary(interface: try reportInterface(&cursor))
                } else if let word = cursor.peek, !word.isPipe, !word.text.hasSuffix("?"),
                    let report = resolve(word.text, among: sessionOptions), memberReports.contains(report)
                {
                    _ = cursor.next()
                    let interface = try reportInterface(&cursor)
                    command =
                        report == "analysis" ? .showAnalysis(interface: interface) : .showUtilization(interface: interface)
                } else {
                    command = .showSessions(try sessionQuery(&cursor, options: sessionOptions))
                }
            }
        }
        // The command is complete here: `?` lists Enter and the pipes.
        if cursor.peek?.text == "?" { throw .help(Help(allowsEnter: true)) }
        return ParsedCommand(command: command, pipes: try parsePipes(&cursor))
    }

    /// Why parsing stopped early: an error, or `?`.
    enum Stop: Error {
        case error(CommandError)
        case help(Help)
    }

    /// The name among `keywords` that `text` stands for: the one spelled `text`, or the only one it is a
    /// prefix of. Keywords and named values are resolved alike.
    static func resolve(_ text: String, among keywords: [Keyword]) -> String? {
        if let exact = keywords.first(where: { $0.name == text }) { return exact.name }
        let matches = keywords.filter { $0.name.hasPrefix(text) }
        return matches.count == 1 ? matches[0].name : nil
    }

    /// The words of a command line and how far parsing has got.
    struct Cursor {
        var line: String
        var words: [Word]
        var position = 0

        init(line: String, words: [Word]) {
            self.line = line
            self.words = words
        }

        var isAtEnd: Bool { position >= words.count }
        var peek: Word? { isAtEnd ? nil : words[position] }

        mutating func next() -> Word? {
            guard let word = peek else { return nil }
            position += 1
            return word
        }

        func error(_ message: String, at word: Word?) -> Stop {
            .error(CommandError(line: line, column: word?.column ?? line.count, message: message))
        }

        /// The next word resolved among `keywords` by unique prefix; `nil` at the end when `allowsEnter`.
        mutating func keyword(among keywords: [Keyword], allowsEnter: Bool) throws(Stop) -> String? {
            guard let word = next() else {
                if allowsEnter { return nil }
                throw error("syntax error, expecting <command>.", at: nil)
            }
            if word.text.hasSuffix("?") {
                let stem = String(word.text.dropLast())
                let candidates = keywords.filter { $0.name.hasPrefix(stem) }
                throw .help(Help(names: candidates, allowsEnter: allowsEnter && stem.isEmpty))
            }
            if let name = resolve(word.text, among: keywords) { return name }
            let matches = keywords.filter { $0.name.hasPrefix(word.text) }
            if matches.isEmpty { throw error("syntax error, expecting <command>.", at: word) }
            throw error("'\(word.text)' is ambiguous.\n" + Help(names: matches).text, at: word)
        }

        /// The value after an option. `?` describes it: `<option>` and `description` for a value typed
        /// freely (none when `description` is `nil`), then the `names` it may also be — those the word
        /// before `?` begins.
        mutating func value(for option: String, expecting description: String?, names: [Keyword] = []) throws(Stop) -> Word {
            guard let word = next() else {
                throw error("syntax error, expecting <\(description ?? option)>.", at: nil)
            }
            if word.text.hasSuffix("?") && (word.text == "?" || !names.isEmpty) {
                let stem = String(word.text.dropLast())
                let candidates = names.filter { $0.name.hasPrefix(stem) }
                let placeholder = description.map { Keyword(name: "<\(option)>", help: $0) }
                throw .help(Help(placeholder: stem.isEmpty || candidates.isEmpty ? placeholder : nil, names: candidates))
            }
            return word
        }
    }

    /// The options of `show services sessions`, in any order, up to a pipe or the end.
    /// The options of `clear services sessions`: the filters of show, without level, count and limit.
    static let clearOptions = sessionOptions.filter {
        !memberReports.contains($0.name) && !["brief", "extensive", "terse", "count", "limit"].contains($0.name)
    }

    static func sessionQuery(_ cursor: inout Cursor, options: [Keyword]) throws(Stop) -> SessionQuery {
        var query = SessionQuery()
        var seen: Set<String> = []
        while let word = cursor.peek, !word.isPipe {
            guard let option = try cursor.keyword(among: options, allowsEnter: true) else { break }
            let isLevel = option == "brief" || option == "extensive" || option == "terse"
            if !seen.insert(isLevel ? "level" : option).inserted {
                throw cursor.error("syntax error.", at: word)
            }
            switch option {
            case _ where memberReports.contains(option): throw cursor.error("syntax error.", at: word)
            case "brief": query.level = .brief
            case "extensive": query.level = .extensive
            case "terse": query.level = .terse
            case "count": query.count = true
            case "application-protocol":
                let value = try cursor.value(for: option, expecting: nil, names: applicationProtocolValues)
                guard let name = resolve(value.text, among: applicationProtocolValues), let filter = ApplicationFilter(rawValue: name)
                else { throw cursor.error("syntax error, expecting <application-protocol>.", at: value) }
                query.filter.application = filter
            case "destination-port", "source-port":
                let value = try cursor.value(for: option, expecting: "Port number (0..65535)")
                guard let port = UInt16(value.text) else {
                    throw cursor.error("error: invalid value: \(value.text) (\(option): 0..65535)", at: value)
                }
                if option == "destination-port" { query.filter.destinationPort = port } else { query.filter.sourcePort = port }
            case "destination-prefix", "source-prefix":
                let value = try cursor.value(for: option, expecting: "Address or prefix (IPv4 or IPv6)")
                guard let prefix = IPPrefix(value.text) else {
                    throw cursor.error("error: invalid value: \(value.text) (\(option): an address or prefix)", at: value)
                }
                if option == "destination-prefix" { query.filter.destinationPrefix = prefix } else { query.filter.sourcePrefix = prefix }
            case "interface":
                let value = try cursor.value(for: option, expecting: "Interface name (mams-F/P/0, vms-F/P/0 or amsN)")
                guard value.text.hasPrefix("mams-") || value.text.hasPrefix("vms-") || value.text.hasPrefix("ams") else {
                    throw cursor.error("error: invalid value: \(value.text) (interface: mams-F/P/0, vms-F/P/0 or amsN)", at: value)
                }
                query.filter.interface = value.text
            case "limit":
                let value = try cursor.value(for: option, expecting: "Maximum number of entries (1..4294967295)")
                guard let limit = UInt32(value.text), limit > 0 else {
                    throw cursor.error("error: invalid value: \(value.text) (limit: 1..4294967295)", at: value)
                }
                query.limit = Int(limit)
            case "protocol":
                let value = try cursor.value(for: "number", expecting: "Numeric protocol value (0 .. 255)", names: protocolValues)
                guard let number = UInt8(value.text) ?? resolve(value.text, among: protocolValues).flatMap(protocolNumber) else {
                    throw cursor.error("error: invalid value: \(value.text) (protocol: 0..255 or a name)", at: value)
                }
                query.filter.transport = IPProtocol(rawValue: number)
            case "service-set":
                query.filter.serviceSet = try cursor.value(for: option, expecting: "Name of service set").text
            default:
                break
            }
        }
        return query
    }

    /// `| count`, `| match P`, `| except P`, `| find P`, `| last N`, `| trim N`, `| hold`, `| no-more`,
    /// `| display xml|json|set`, chained, and `| save FILE` last.
    static func parsePipes(_ cursor: inout Cursor) throws(Stop) -> [OutputPipe] {
        var pipes: [OutputPipe] = []
        while let bar = cursor.next() {
            guard bar.isPipe else { throw cursor.error("syntax error, expecting <command>.", at: bar) }
            if case .save = pipes.last { throw cursor.error("error: | save must be the last pipe", at: bar) }
            let keyword = try cursor.keyword(among: pipeKeywords, allowsEnter: false) ?? ""
            switch keyword {
            case "count": pipes.append(.count)
            case "hold": pipes.append(.hold)
            case "no-more": pipes.append(.noMore)
            case "match", "except", "find":
                let word = try cursor.value(for: "pattern", expecting: "Regular expression")
                let pattern: LinePattern
                do {
                    pattern = try LinePattern(word.text)
                } catch {
                    throw cursor.error("error: invalid regular expression: \(word.text) (\(error))", at: word)
                }
                switch keyword {
                case "match": pipes.append(.match(pattern))
                case "except": pipes.append(.except(pattern))
                default: pipes.append(.find(pattern))
                }
            case "last", "trim":
                let noun = keyword == "last" ? "lines" : "columns"
                let value = try cursor.value(for: noun, expecting: "Number of \(noun) (1..100000)")
                guard let number = Int(value.text), (1...100_000).contains(number) else {
                    throw cursor.error("error: invalid value: \(value.text) (\(keyword): 1..100000)", at: value)
                }
                pipes.append(keyword == "last" ? .last(number) : .trim(number))
            case "save":
                pipes.append(.save(try cursor.value(for: "filename", expecting: "File to write the output to").text))
            case "display":
                switch try cursor.keyword(among: displayKeywords, allowsEnter: false) {
                case "xml": pipes.append(.displayXML)
                case "json": pipes.append(.displayJSON)
                default: pipes.append(.displaySet)
                }
            default:
                break
            }
        }
        return pipes
    }

    /// The words of `line`: separated by spaces and tabs; a double-quoted part belongs to its word, without
    /// the quotes (a backslash inside quotes keeps the next character as it is; an unclosed quote runs to
    /// the end of the line).
    static func split(_ line: String) -> [Word] {
        var words: [Word] = []
        var current = ""
        var start = 0
        var isQuoted = false
        var inQuotes = false
        var escaped = false
        var hasWord = false
        for (column, character) in line.enumerated() {
            if inQuotes {
                if escaped {
                    current.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inQuotes = false
                } else {
                    current.append(character)
                }
            } else if character == " " || character == "\t" {
                if hasWord { words.append(Word(text: current, column: start, isQuoted: isQuoted)) }
                current = ""
                hasWord = false
                isQuoted = false
            } else {
                if !hasWord {
                    start = column
                    hasWord = true
                }
                if character == "\"" {
                    inQuotes = true
                    isQuoted = true
                } else {
                    current.append(character)
                }
            }
        }
        if hasWord { words.append(Word(text: current, column: start, isQuoted: isQuoted)) }
        return words
    }
}

extension String {
    /// Left-justified in `width` columns.
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

extension String {
    /// `value` rounded to `digits` decimals (printf `%.<digits>f` for the values shown here), without
    /// Foundation.
    public init(fixed value: Double, digits: Int) {
        var scale = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((value * Double(scale)).rounded())
        guard digits > 0 else {
            self = String(scaled)
            return
        }
        let fraction = String(abs(scaled % scale))
        self = "\(scaled / scale)." + String(repeating: "0", count: digits - fraction.count) + fraction
    }

    /// Right-justified in `width` columns.
    func rightAligned(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
