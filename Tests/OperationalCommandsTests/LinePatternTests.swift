// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

@testable import OperationalCommands
import Testing

/// The patterns of `| match`, `| except` and `| find` (issue 12, points 3 and 6).
@Suite("Line patterns")
struct LinePatternTests {
    static func matches(_ pattern: String, _ text: String) throws -> Bool {
        try LinePattern(pattern).matches(Array(text.utf8))
    }

    /// POSIX extended regular expressions, ignoring case: each row is what `grep -E -i` (GNU grep 3.8,
    /// `LC_ALL=C.UTF-8`) answers for the pattern on the one-line text. `Tests/Integration/patterns_vs_grep.sh`
    /// re-checks the rows against the grep installed.
    static let posixCases: [(String, String, Bool)] = [
        // Literals, case, empty patterns, anchors.
        (#"TCP"#, #"TCP 10.0.0.1:80"#, true),
        (#"tcp"#, #"TCP 10.0.0.1:80"#, true),
        (#"icmp"#, #"ALG: ICMP, Flags: 0x0000"#, true),
        (#"Forward I"#, #"ICMP 10.99.0.1 -> 10.99.0.2 Forward I 3"#, true),
        (#"Forward  I"#, #"Forward I"#, false),
        (#""#, #"anything"#, true),
        (#"x"#, #""#, false),
        (#"^$"#, #""#, true),
        (#"^$"#, #" "#, false),
        (#"^abc$"#, #"ABC"#, true),
        (#"^abc$"#, #"abcd"#, false),
        (#"^b"#, #"abc"#, false),
        (#"c$"#, #"abc"#, true),
        (#"a^b"#, #"a^b"#, false),
        (#"a$b"#, #"a$b"#, false),
        // Any character, UTF-8 included.
        (#"a.c"#, #"xabcx"#, true),
        (#"a.c"#, #"ac"#, false),
        (#"^.$"#, #"é"#, true),
        (#"^..$"#, #"é"#, false),
        // Bracket expressions.
        (#"[abc]"#, #"xbx"#, true),
        (#"[^abc]"#, #"abc"#, false),
        (#"[^abc]"#, #"abcd"#, true),
        (#"[^a]"#, #"A"#, false),
        (#"[a-c]+x"#, #"zzbcax"#, true),
        (#"[A-C]"#, #"b"#, true),
        (#"[]a]"#, #"]"#, true),
        (#"[^]a]"#, #"]a"#, false),
        (#"[a-]"#, #"-"#, true),
        (#"[-a]"#, #"-"#, true),
        (#"[\]"#, #"\"#, true),
        (#"[[:digit:]]+"#, #"port 8080"#, true),
        (#"^[[:digit:]]+$"#, #"80a"#, false),
        (#"[[:alpha:]]"#, #"123"#, false),
        (#"[[:space:]]"#, #"a b"#, true),
        (#"[[:upper:]]"#, #"abc"#, true),
        (#"[^[:lower:]]"#, #"ABC"#, false),
        (#"[[:punct:]]"#, #"a:b"#, true),
        (#"0x[[:xdigit:]]+$"#, #"Flags: 0x1F"#, true),
        (#"[[.a.]]"#, #"A"#, true),
        (#"[[=a=]]"#, #"a"#, true),
        // Escapes.
        (#"a\.b"#, #"a.b"#, true),
        (#"a\.b"#, #"axb"#, false),
        (#"\("#, #"("#, true),
        (#"\*"#, #"a*"#, true),
        (#"\|"#, #"|"#, true),
        // Repetition.
        (#"ab*c"#, #"ac"#, true),
        (#"ab+c"#, #"ac"#, false),
        (#"ab?c"#, #"abbc"#, false),
        (#"ab{2}c"#, #"abbc"#, true),
        (#"ab{2}c"#, #"abc"#, false),
        (#"ab{2,}c"#, #"abbbbc"#, true),
        (#"ab{1,2}c"#, #"abbbc"#, false),
        (#"ab{0}c"#, #"ac"#, true),
        (#"(ab){2}"#, #"xababx"#, true),
        (#"^(ab){2}$"#, #"ababab"#, false),
        (#"a**"#, #"aaa"#, true),
        (#"a{"#, #"a{"#, true),
        (#"{"#, #"{"#, true),
        (#"(a*)*b"#, #"aaab"#, true),
        // Alternation and groups.
        (#"TCP|UDP"#, #"UDP 10.99.0.1:53"#, true),
        (#"^(TCP|UDP) "#, #"ICMP 10.99.0.1"#, false),
        (#"(a|b)c"#, #"bc"#, true),
        (#"x(a|ab)(c|bcd)y"#, #"xabcdy"#, true),
        (#"a|"#, #"x"#, true),
        (#"()"#, #"x"#, true),
        (#"(|a)b"#, #"b"#, true),
        (#")"#, #")"#, true),
        (#"a)"#, #"a)"#, true),
        // Lines of a session table.
        (#"Session: 1677721[0-9],"#, #"Service Set: default, Session: 16777218, ALG: none"#, true),
        (#"->.*:53 "#, #"UDP 10.99.0.1:56806 -> 10.99.0.2:53    Forward I 1"#, true),
        (#"^(ICMP|UDP) .*Forward +O"#, #"TCP 10.99.0.2:8080 -> 10.99.0.1:50866 Forward O 6"#, false),
        (#"(.*)*X"#, #"aaaaaaaa"#, false),
        (#"(a|aa)*b"#, #"aaaaaaaaab"#, true),
    ]

    @Test(arguments: posixCases)
    func matchesAsPOSIXExtendedRegularExpressionsIgnoringCase(pattern: String, text: String, expected: Bool) throws {
        #expect(try Self.matches(pattern, text) == expected)
    }

    /// Where POSIX leaves the meaning open or GNU grep adds to it, `ams` does as Junos's FreeBSD libc would,
    /// or as documented on ``LinePattern``.
    @Test(arguments: [
        (#"\d"#, "d", true),  // POSIX: `\d` is `d`; grep's warning aside, the same
        (#"\d"#, "5", false),
        (#"\w"#, "w", true),  // not GNU's word class
        (#"\w"#, "a", false),
        (#"a{,2}"#, "a{,2}", true),  // `{` not followed by a digit is a character
        ("É", "é", false),  // ASCII case folding only
        ("ü", "Ü", false),
        ("ü", "xüx", true),
    ])
    func choicesWherePOSIXIsSilent(pattern: String, text: String, expected: Bool) throws {
        #expect(try Self.matches(pattern, text) == expected)
    }

    @Test func malformedUTF8IsOneReplacementCharacterPerBadByte() throws {
        let line: [UInt8] = [0x61, 0xC3, 0x62]  // "a", a lead byte without its continuation, "b"
        #expect(try LinePattern("^a.b$").matches(line))
        #expect(try !LinePattern("^a..b$").matches(line))
    }

    /// The patterns that made `| match` run for ever with a backtracking engine, on a 10,000-character line:
    /// each finishes, and within the bound of a state-set simulation.
    @Test(arguments: [#"(.*)*X"#, #"(.+)+X"#, #"(a|aa)*b"#, #"(a*)*b"#, #"((a+)+)+b"#, #"(x+x+)+y"#, #"^(a?){25}a{25}$"#])
    func catastrophicPatternsRunInLinearTime(pattern: String) throws {
        let compiled = try LinePattern(pattern)
        let line = Array(repeating: UInt8(ascii: pattern.contains("x") ? "x" : "a"), count: 10_000)
        let matcher = LinePattern.Matcher(compiled)
        #expect(!matcher.matches(line))
        #expect(matcher.steps <= 2 * compiled.program.count * (line.count + 1))
    }

    @Test func theStepBoundHoldsForAMatchToo() throws {
        let compiled = try LinePattern(#"(a|aa)*b"#)
        let matcher = LinePattern.Matcher(compiled)
        let line = Array(repeating: UInt8(ascii: "a"), count: 10_000) + [UInt8(ascii: "b")]
        #expect(matcher.matches(line))
        #expect(matcher.steps <= 2 * compiled.program.count * (line.count + 1))
    }

    @Test(arguments: [
        ("(", LinePatternError.unclosedParenthesis),
        ("(a|b", .unclosedParenthesis),
        ("[a", .unclosedBracket),
        ("[", .unclosedBracket),
        ("[]", .unclosedBracket),
        ("[[:digit:", .unclosedBracket),
        ("a{2", .unclosedBrace),
        ("a{2,3", .unclosedBrace),
        (#"a\"#, .trailingBackslash),
        ("*a", .nothingToRepeat),
        ("a|+b", .nothingToRepeat),
        ("(?:a)", .nothingToRepeat),
        ("^*", .nothingToRepeat),
        ("x$+", .nothingToRepeat),
        ("{2}", .nothingToRepeat),
        ("a{256}", .countAboveLimit),
        ("a{1,999}", .countAboveLimit),
        ("a{99999999999999999999999}", .countAboveLimit),
        ("a{3,2}", .countsOutOfOrder),
        ("[z-a]", .invalidRange),
        ("[[:foo:]]", .unknownCharacterClass("foo")),
        ("[[.ab.]]", .unsupportedCollatingElement("[.ab.]")),
        ("(a{255}){255}", .tooLarge),
        ("((a{200}){200}){200}", .tooLarge),
        (String(repeating: ".{200}", count: 50) + ".{201}", .tooLarge),
    ])
    func invalidPatternsAreRefusedWithTheReason(pattern: String, error: LinePatternError) {
        #expect(throws: error) { try LinePattern(pattern) }
    }

    @Test func theLargestCountsAreAccepted() throws {
        #expect(try LinePattern("a{255}").matches(Array(repeating: UInt8(ascii: "A"), count: 255)))
        #expect(try !LinePattern("a{255}").matches(Array(repeating: UInt8(ascii: "a"), count: 254)))
        #expect(try LinePattern("(ab){0,255}c").matches(Array("c".utf8)))
    }

    /// Nesting is bounded with an error, never a stack overflow: 64 levels parse, 65 do not, and neither do
    /// 100,000 (a fuzzer's input), nor a long chain of repetitions.
    @Test func deepNestingIsAnErrorNotACrash() throws {
        func nested(_ depth: Int) -> String {
            String(repeating: "(", count: depth) + "a" + String(repeating: ")", count: depth)
        }
        #expect(try LinePattern(nested(64)).matches(Array("xax".utf8)))
        #expect(throws: LinePatternError.nestedTooDeeply) { try LinePattern(nested(65)) }
        #expect(throws: LinePatternError.nestedTooDeeply) { try LinePattern(nested(100_000)) }
        #expect(throws: LinePatternError.nestedTooDeeply) { try LinePattern(String(repeating: "(", count: 100_000)) }
        #expect(throws: LinePatternError.nestedTooDeeply) { try LinePattern("a" + String(repeating: "*", count: 100)) }
    }

    @Test func reasonsReadAsTheCLIPrintsThem() {
        #expect(LinePatternError.countAboveLimit.description == "repetition count above 255")
        #expect(LinePatternError.nestedTooDeeply.description == "nested more than 64 deep")
        #expect(LinePatternError.unknownCharacterClass("foo").description == "unknown character class [:foo:]")
    }

    @Test func patternsCompareByTheirText() throws {
        #expect(try LinePattern("TCP") == LinePattern("TCP"))
        #expect(try LinePattern("TCP") != LinePattern("tcp"))
        #expect(try LinePattern("a|b").description == "a|b")
    }
}
