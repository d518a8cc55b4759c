// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The pattern of `| match`, `| except` and `| find`: a POSIX 1003.2 extended regular expression, matched
/// anywhere in a line, ignoring case, in time linear in the line.
///
/// Juniper documents the three filters as using "the regular expressions as defined in POSIX 1003.2"
/// (*Using Regular Expressions with the Pipe ( | ) Symbol*). Supported: literals, `.`, bracket expressions
/// (ranges, `^` negation, `[:digit:]` and the other POSIX classes, `[.c.]` and `[=c=]` for one character),
/// `*`, `+`, `?`, `{m}`, `{m,}`, `{m,n}` (counts up to ``maximumCount``), `|`, `(…)`, `^`, `$`, and `\c` for
/// the character `c` itself (so `\d` is `d`, as in POSIX; write `[[:digit:]]`). A `{` not followed by a
/// digit and a `)` without a `(` are ordinary characters. Empty alternatives and `()` match the empty string.
///
/// **Case.** Letters match either case (ASCII folding: `icmp` finds `ICMP`). Evidence (README, *Pipes*): Junos
/// documents its other POSIX matcher, `event-options … attributes-match … matches`, as "not case-sensitive";
/// NAPALM's emulation of Junos's `match`, `except` and `find` (`napalm/junos/junos.py`, `cli()`) searches
/// with `re.I`; an operator's `| match error` also shows `ERROR` lines. No Juniper page states it for the
/// pipe itself: that is the inference.
///
/// **Time.** The pattern is compiled to a Thompson NFA of at most ``maximumStates`` states and run as a
/// state-set simulation over the line's characters (UTF-8 decoded; a malformed byte is one U+FFFD): no
/// backtracking, so `(.*)*X` costs O(states × characters) like any other pattern.
public struct LinePattern: Hashable, Sendable, CustomStringConvertible {
    /// The largest count of `{m,n}`: POSIX's `RE_DUP_MAX`.
    public static let maximumCount = 255
    /// The deepest nesting of parentheses and repetitions.
    public static let maximumDepth = 64
    /// The most states a compiled pattern may have (repetitions written out).
    public static let maximumStates = 10_000

    /// The pattern as typed.
    public let source: String
    let program: [Instruction]
    let classes: [CharacterClass]

    /// One state of the NFA.
    enum Instruction: Hashable {
        /// Consumes a character equal to this (case-folded) scalar value.
        case character(UInt32)
        /// Consumes a character of `classes[index]`.
        case characterClass(Int)
        /// Continues at both targets.
        case split(Int, Int)
        /// Continues at the target.
        case jump(Int)
        /// Continues only at the start of the line.
        case lineStart
        /// Continues only at the end of the line.
        case lineEnd
        /// The pattern matched.
        case match
    }

    /// Compiles `source`.
    ///
    /// - Throws: ``LinePatternError`` saying what is wrong with it.
    public init(_ source: String) throws(LinePatternError) {
        self.source = source
        var parser = Parser(source)
        let tree = try parser.parse()
        var compiler = Compiler()
        try compiler.compile(tree)
        program = compiler.program
        classes = compiler.classes
    }

    public var description: String { source }

    public static func == (lhs: LinePattern, rhs: LinePattern) -> Bool { lhs.source == rhs.source }

    public func hash(into hasher: inout Hasher) { hasher.combine(source) }

    /// `true` if the pattern matches somewhere in `line` (UTF-8, without its newline).
    ///
    /// - Complexity: O(*s* × *n*) for *s* states and *n* characters. Allocates its state sets; a ``Matcher``
    ///   reuses them from line to line.
    public func matches(_ line: some Collection<UInt8>) -> Bool {
        Matcher(self).matches(line)
    }

    /// Matches one pattern against line after line, reusing its state sets.
    public struct Matcher {
        public let pattern: LinePattern
        /// The sets, kept between lines in a class, so that a matcher held in an enum case is not copied to
        /// be used; a line's simulation swaps them out into a local value, which needs no access checks.
        private let scratch: Scratch

        private final class Scratch {
            var sets = StateSets()
        }

        public init(_ pattern: LinePattern) {
            self.pattern = pattern
            scratch = Scratch()
            scratch.sets.marks = Array(repeating: -1, count: pattern.program.count)
            scratch.sets.current.reserveCapacity(pattern.program.count)
            scratch.sets.next.reserveCapacity(pattern.program.count)
        }

        /// States visited by all the lines matched so far: at most 2 × states × (characters + 1) per line.
        var steps: Int { scratch.sets.steps }

        /// `true` if the pattern matches somewhere in `line` (UTF-8, without its newline).
        ///
        /// - Complexity: O(*s* × *n*) for *s* states and *n* characters; no allocation once the sets have grown.
        public func matches(_ line: some Collection<UInt8>) -> Bool {
            var sets = StateSets()
            swap(&sets, &scratch.sets)
            defer { swap(&sets, &scratch.sets) }
            return sets.run(pattern.program, pattern.classes, over: line)
        }
    }

    /// The state sets of the simulation: the states waiting for the next character, and those after it.
    struct StateSets {
        var current: [Int] = []
        var next: [Int] = []
        /// Closure work list.
        var stack: [Int] = []
        /// `marks[state] == generation` when `state` is already in the set being built.
        var marks: [Int] = []
        var generation = 0
        var steps = 0

        /// Runs `program` over `line`: a match may start at any character, unless the program starts with
        /// `^`.
        mutating func run(_ program: [Instruction], _ classes: [CharacterClass], over line: some Collection<UInt8>) -> Bool {
            let isAnchored = program.first == .lineStart
            var index = line.startIndex
            generation += 1
            next.removeAll(keepingCapacity: true)
            if close(0, program, atStart: true, atEnd: index == line.endIndex) { return true }
            swap(&current, &next)
            while index != line.endIndex {
                if isAnchored && current.isEmpty { return false }
                let scalar: UInt32
                let byte = line[index]
                if byte < 0x80 {
                    scalar = UInt32(byte)
                    line.formIndex(after: &index)
                } else {
                    // A multi-byte character, or one U+FFFD for each malformed sequence.
                    var parser = Unicode.UTF8.ForwardParser()
                    var bytes = line[index...].makeIterator()
                    switch parser.parseScalar(from: &bytes) {
                    case .valid(let encoded):
                        scalar = Unicode.UTF8.decode(encoded).value
                        line.formIndex(&index, offsetBy: encoded.count)
                    case .error(let length):
                        scalar = 0xFFFD
                        line.formIndex(&index, offsetBy: length)
                    case .emptyInput:
                        return false
                    }
                }
                let folded = CharacterClass.folded(scalar)
                let atEnd = index == line.endIndex
                generation += 1
                next.removeAll(keepingCapacity: true)
                var position = 0
                while position < current.count {
                    let state = current[position]
                    position += 1
                    steps += 1
                    let consumes: Bool
                    switch program[state] {
                    case .character(let value): consumes = value == folded
                    case .characterClass(let member): consumes = classes[member].contains(folded)
                    default: consumes = false
                    }
                    if consumes, close(state + 1, program, atStart: false, atEnd: atEnd) { return true }
                }
                if !isAnchored, close(0, program, atStart: false, atEnd: atEnd) { return true }
                swap(&current, &next)
            }
            return false
        }

        /// Adds `state` and every state reachable from it without consuming a character to `next`, returning
        /// `true` if that reaches ``Instruction/match``. Iterative, so that no pattern deepens the stack.
        private mutating func close(_ state: Int, _ program: [Instruction], atStart: Bool, atEnd: Bool) -> Bool {
            stack.append(state)
            while let state = stack.popLast() {
                guard marks[state] != generation else { continue }
                marks[state] = generation
                steps += 1
                switch program[state] {
                case .match:
                    stack.removeAll(keepingCapacity: true)
                    return true
                case .jump(let target):
                    stack.append(target)
                case .split(let first, let second):
                    stack.append(second)
                    stack.append(first)
                case .lineStart:
                    if atStart { stack.append(state + 1) }
                case .lineEnd:
                    if atEnd { stack.append(state + 1) }
                case .character, .characterClass:
                    next.append(state)
                }
            }
            return false
        }
    }
}
