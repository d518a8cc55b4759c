// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

extension LinePattern {
    /// A parsed pattern, before its repetitions are written out as states.
    indirect enum Node {
        case empty
        /// A literal character (case-folded scalar value).
        case character(UInt32)
        case characterClass(CharacterClass)
        case lineStart
        case lineEnd
        case concatenation([Node])
        case alternation([Node])
        /// `maximum` is `nil` for no upper bound.
        case repetition(Node, minimum: Int, maximum: Int?)

        /// The states ``Compiler`` writes for the node, or `limit + 1` if that is more than `limit`.
        func stateCount(limit: Int) -> Int {
            let count: Int
            switch self {
            case .empty: count = 0
            case .character, .characterClass, .lineStart, .lineEnd: count = 1
            case .concatenation(let items):
                count = items.reduce(0) { min($0 + $1.stateCount(limit: limit), limit + 1) }
            case .alternation(let branches):
                count = branches.reduce(2 * (branches.count - 1)) { min($0 + $1.stateCount(limit: limit), limit + 1) }
            case .repetition(let node, let minimum, let maximum):
                // Both counts are at most `maximumCount`, so nothing here overflows.
                let inner = node.stateCount(limit: limit)
                if let maximum {
                    count = minimum * inner + (maximum - minimum) * (inner + 1)
                } else {
                    count = minimum == 0 ? inner + 2 : minimum * inner + 1
                }
            }
            return min(count, limit + 1)
        }
    }

    /// Reads a pattern into a ``Node``: recursive descent over its Unicode scalars, at most
    /// ``LinePattern/maximumDepth`` levels deep.
    struct Parser {
        private let scalars: [Unicode.Scalar]
        private var index = 0
        private var depth = 0

        init(_ source: String) {
            scalars = Array(source.unicodeScalars)
        }

        /// The whole pattern. A `)` without its `(` is an ordinary character, so this reads to the end.
        mutating func parse() throws(LinePatternError) -> Node {
            try alternation()
        }

        private var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        private func isDigit(at position: Int) -> Bool {
            position < scalars.count && ("0"..."9").contains(scalars[position])
        }

        /// `branch | branch | …`
        private mutating func alternation() throws(LinePatternError) -> Node {
            var branches = [try concatenation()]
            while peek == "|" {
                index += 1
                branches.append(try concatenation())
            }
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }

        /// Pieces up to a `|`, the `)` closing the group, or the end.
        private mutating func concatenation() throws(LinePatternError) -> Node {
            var items: [Node] = []
            while let next = peek, next != "|", next != ")" || depth == 0 {
                items.append(try piece())
            }
            switch items.count {
            case 0: return .empty
            case 1: return items[0]
            default: return .concatenation(items)
            }
        }

        /// An atom and the repetition operators after it.
        private mutating func piece() throws(LinePatternError) -> Node {
            var (node, isAnchor) = try atom()
            var wraps = 0
            while let next = peek {
                let isInterval = next == "{" && isDigit(at: index + 1)
                guard next == "*" || next == "+" || next == "?" || isInterval else { return node }
                guard !isAnchor else { throw .nothingToRepeat }
                wraps += 1
                guard depth + wraps <= LinePattern.maximumDepth else { throw .nestedTooDeeply }
                index += 1
                let bounds: (minimum: Int, maximum: Int?)
                switch next {
                case "*": bounds = (0, nil)
                case "+": bounds = (1, nil)
                case "?": bounds = (0, 1)
                default: bounds = try interval()
                }
                node = .repetition(node, minimum: bounds.minimum, maximum: bounds.maximum)
                isAnchor = false
            }
            return node
        }

        /// One character, class, anchor or parenthesised group; `isAnchor` for `^` and `$`, which cannot
        /// be repeated.
        private mutating func atom() throws(LinePatternError) -> (node: Node, isAnchor: Bool) {
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case "(":
                depth += 1
                guard depth <= LinePattern.maximumDepth else { throw .nestedTooDeeply }
                let inner = try alternation()
                guard peek == ")" else { throw .unclosedParenthesis }
                index += 1
                depth -= 1
                return (inner, false)
            case ".":
                return (.characterClass(.any), false)
            case "^":
                return (.lineStart, true)
            case "$":
                return (.lineEnd, true)
            case "[":
                return (.characterClass(try bracket()), false)
            case "\\":
                guard let escaped = peek else { throw .trailingBackslash }
                index += 1
                return (.character(CharacterClass.folded(escaped.value)), false)
            case "*", "+", "?":
                throw .nothingToRepeat
            case "{" where isDigit(at: index):
                throw .nothingToRepeat
            default:
                return (.character(CharacterClass.folded(scalar.value)), false)
            }
        }

        /// `m}`, `m,}` or `m,n}` after a `{`.
        private mutating func interval() throws(LinePatternError) -> (Int, Int?) {
            let minimum = try count()
            var maximum: Int? = minimum
            if peek == "," {
                index += 1
                maximum = isDigit(at: index) ? try count() : nil
            }
            guard peek == "}" else { throw .unclosedBrace }
            index += 1
            if let maximum, maximum < minimum { throw .countsOutOfOrder }
            return (minimum, maximum)
        }

        /// A decimal count, at most ``LinePattern/maximumCount``.
        private mutating func count() throws(LinePatternError) -> Int {
            var value = 0
            while isDigit(at: index) {
                value = value * 10 + Int(scalars[index].value - 0x30)
                index += 1
                guard value <= LinePattern.maximumCount else { throw .countAboveLimit }
            }
            return value
        }

        /// A bracket expression after its `[`: members, ranges, `[:class:]`, `[.c.]`, `[=c=]`; `]` first is a
        /// member, `-` first or last is a member, a backslash is itself.
        private mutating func bracket() throws(LinePatternError) -> CharacterClass {
            var members = CharacterClass()
            let isNegated = peek == "^"
            if isNegated { index += 1 }
            var isFirst = true
            while true {
                guard let scalar = peek else { throw .unclosedBracket }
                if scalar == "]" && !isFirst {
                    index += 1
                    break
                }
                isFirst = false
                if scalar == "[" && index + 1 < scalars.count && scalars[index + 1] == ":" {
                    index += 2
                    let name = try delimited(by: ":")
                    guard let named = CharacterClass.named(name) else { throw .unknownCharacterClass(name) }
                    members.formUnion(named)
                    continue
                }
                let start = try bracketCharacter()
                if peek == "-" && index + 1 < scalars.count && scalars[index + 1] != "]" {
                    index += 1
                    let end = try bracketCharacter()
                    guard start <= end else { throw .invalidRange }
                    members.insert(start...end)
                } else {
                    members.insert(start...start)
                }
            }
            members.insertOtherCases()
            if isNegated { members.negate() }
            return members
        }

        /// One character of a bracket expression, `[.c.]` and `[=c=]` included.
        private mutating func bracketCharacter() throws(LinePatternError) -> UInt32 {
            let scalar = scalars[index]
            if scalar == "[" && index + 1 < scalars.count && (scalars[index + 1] == "." || scalars[index + 1] == "=") {
                let delimiter = scalars[index + 1]
                index += 2
                let name = try delimited(by: delimiter)
                guard name.unicodeScalars.count == 1, let only = name.unicodeScalars.first else {
                    throw .unsupportedCollatingElement("[\(delimiter)\(name)\(delimiter)]")
                }
                return only.value
            }
            index += 1
            return scalar.value
        }

        /// The text up to `delimiter` followed by `]`, both consumed.
        private mutating func delimited(by delimiter: Unicode.Scalar) throws(LinePatternError) -> String {
            var text = String.UnicodeScalarView()
            while true {
                guard let scalar = peek else { throw .unclosedBracket }
                if scalar == delimiter && index + 1 < scalars.count && scalars[index + 1] == "]" {
                    index += 2
                    return String(text)
                }
                text.append(scalar)
                index += 1
            }
        }
    }

    /// Writes a ``Node`` out as the states of a Thompson NFA, ending in ``Instruction/match``.
    struct Compiler {
        private(set) var program: [Instruction] = []
        private(set) var classes: [CharacterClass] = []

        /// - Throws: ``LinePatternError/tooLarge`` before writing anything, if the states would be more
        ///   than ``LinePattern/maximumStates``.
        mutating func compile(_ tree: Node) throws(LinePatternError) {
            let states = tree.stateCount(limit: LinePattern.maximumStates)
            guard states < LinePattern.maximumStates else { throw .tooLarge }
            program.reserveCapacity(states + 1)
            emit(tree)
            program.append(.match)
        }

        private mutating func emit(_ node: Node) {
            switch node {
            case .empty:
                break
            case .character(let value):
                program.append(.character(value))
            case .characterClass(let members):
                classes.append(members)
                program.append(.characterClass(classes.count - 1))
            case .lineStart:
                program.append(.lineStart)
            case .lineEnd:
                program.append(.lineEnd)
            case .concatenation(let items):
                for item in items { emit(item) }
            case .alternation(let branches):
                // split(b1, next); b1; jump end; split(b2, next); b2; jump end; …; bn; end:
                var jumps: [Int] = []
                for branch in branches.dropLast() {
                    let split = program.count
                    program.append(.split(0, 0))
                    emit(branch)
                    jumps.append(program.count)
                    program.append(.jump(0))
                    program[split] = .split(split + 1, program.count)
                }
                emit(branches[branches.count - 1])
                for jump in jumps { program[jump] = .jump(program.count) }
            case .repetition(let inner, let minimum, let maximum?):
                // `minimum` copies, then `maximum - minimum` optional ones, each reachable only after the one
                // before it, all skipping to the end.
                for _ in 0..<minimum { emit(inner) }
                var splits: [Int] = []
                for _ in minimum..<maximum {
                    splits.append(program.count)
                    program.append(.split(0, 0))
                    emit(inner)
                }
                for split in splits { program[split] = .split(split + 1, program.count) }
            case .repetition(let inner, 0, nil):
                // loop: split(body, end); body; jump loop; end:
                let loop = program.count
                program.append(.split(0, 0))
                emit(inner)
                program.append(.jump(loop))
                program[loop] = .split(loop + 1, program.count)
            case .repetition(let inner, let minimum, nil):
                // `minimum - 1` copies, then body; split(body, end).
                for _ in 1..<minimum { emit(inner) }
                let body = program.count
                emit(inner)
                program.append(.split(body, program.count + 1))
            }
        }
    }
}
