// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Netconf
import Testing

/// The framing decoder and writer (SPEC.md §7, RFC 6242): every cut of the input, the mode switch, bad chunk
/// headers, oversized messages.
@Suite struct FramingTests {
    /// Feeds `input` cut at `cuts` and collects the messages.
    private func messages(_ input: [UInt8], cuts: [Int], mode: FramingDecoder.Mode, maximum: Int = 1 << 20)
        throws(FramingError) -> [String]
    {
        var decoder = FramingDecoder(mode: mode, maximumMessage: maximum)
        var result: [String] = []
        var start = 0
        for cut in cuts + [input.count] where cut >= start {
            decoder.feed(input[start..<cut])
            start = cut
            while let message = try decoder.next() { result.append(String(decoding: message, as: UTF8.self)) }
        }
        return result
    }

    @Test func endOfMessageEveryCut() throws {
        let input = Array("<hello/>]]>]]><rpc a='1'/>]]>]]>\n<rpc/>]]>]]>".utf8)
        for first in 0...input.count {
            for second in first...input.count where second - first < 9 || second == input.count {
                let got = try messages(input, cuts: [first, second], mode: .endOfMessage)
                #expect(got == ["<hello/>", "<rpc a='1'/>", "\n<rpc/>"], "cuts \(first) \(second)")
            }
        }
    }

    @Test func chunkedEveryCut() throws {
        let input = Array("\n#4\n<rpc\n#3\n/>x\n##\n\n#2\nab\n##\n".utf8)
        for first in 0...input.count {
            for second in first...input.count {
                let got = try messages(input, cuts: [first, second], mode: .chunked)
                #expect(got == ["<rpc/>x", "ab"], "cuts \(first) \(second)")
            }
        }
    }

    /// The hello ends with `]]>]]>`, the RPC in the same read is chunked: the switch between two `next()`.
    @Test func modeSwitchKeepsBufferedBytes() throws {
        var decoder = FramingDecoder()
        decoder.feed(Array("<hello/>]]>]]>\n#5\n<rpc/\n#1\n>\n##\n".utf8))
        #expect(try decoder.next().map { String(decoding: $0, as: UTF8.self) } == "<hello/>")
        decoder.mode = .chunked
        #expect(try decoder.next().map { String(decoding: $0, as: UTF8.self) } == "<rpc/>")
        #expect(try decoder.next() == nil)
        #expect(decoder.bufferedCount == 0)
    }

    @Test(arguments: [
        "x", "\nx", "\n#x", "\n#0\n", "\n#01\n", "\n##\n", "\n#12345678901\n", "\n#-1\n", "\n# 1\n",
        "\n#1\na\n#\n", "\n#1\nax", "\n#99999999999",
    ])
    func badChunkHeaders(text: String) {
        #expect(throws: FramingError.self) { _ = try messages(Array(text.utf8), cuts: [], mode: .chunked) }
        // Byte by byte, too: the error comes as soon as the header is known bad.
        let input = Array(text.utf8)
        #expect(throws: FramingError.self) { _ = try messages(input, cuts: Array(input.indices), mode: .chunked) }
    }

    @Test func oversizedMessages() {
        let big = [UInt8](repeating: UInt8(ascii: "a"), count: 5000)
        #expect(throws: FramingError.messageTooLarge(limit: 1000)) {
            _ = try messages(big, cuts: [100, 2000], mode: .endOfMessage, maximum: 1000)
        }
        // Chunked: refused at the header announcing too much, before the data comes.
        #expect(throws: FramingError.messageTooLarge(limit: 1000)) {
            _ = try messages(Array("\n#600\n".utf8) + big[..<600] + Array("\n#600\n".utf8), cuts: [], mode: .chunked, maximum: 1000)
        }
        #expect(throws: FramingError.messageTooLarge(limit: 1000)) {
            _ = try messages(Array("\n#4294967295\n".utf8), cuts: [], mode: .chunked, maximum: 1000)
        }
        // At the limit it passes.
        let atLimit = try? messages(Array(big[..<1000]) + Array("]]>]]>".utf8), cuts: [999], mode: .endOfMessage, maximum: 1000)
        #expect(atLimit?.count == 1)
    }

    @Test func memoryStaysBounded() throws {
        var decoder = FramingDecoder(maximumMessage: 1 << 20)
        let message = Array("<rpc/>]]>]]>".utf8)
        for _ in 0..<10_000 {
            decoder.feed(message)
            #expect(try decoder.next() != nil)
        }
        #expect(decoder.bufferedCount == 0)
    }

    @Test func writer() throws {
        let chunked = FramingWriter(mode: .chunked)
        #expect(chunked.part(Array("abc".utf8)) == Array("\n#3\nabc".utf8))
        #expect(chunked.part([]) == [])
        #expect(chunked.end == Array("\n##\n".utf8))
        #expect(FramingWriter().message("<x/>") == Array("<x/>]]>]]>".utf8))
        // What the writer writes, the decoder reads back.
        var decoder = FramingDecoder(mode: .chunked)
        decoder.feed(chunked.part(Array("<a>".utf8)) + chunked.part(Array("</a>".utf8)) + chunked.end)
        #expect(try decoder.next() == Array("<a></a>".utf8))
    }
}
