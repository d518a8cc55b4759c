// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// A small, strict, namespace-aware XML reader for the messages NETCONF clients send (`<hello>`, `<rpc>`):
/// elements, attributes, character data, the five predefined entities and character references, CDATA,
/// comments and processing instructions. No DTD (`<!DOCTYPE` is an error), so no entity can expand; depth
/// and element count are bounded, the input is bounded by the framing.
public struct XMLReader {
    /// Elements nested at most.
    public static let maximumDepth = 64
    /// Elements in one document at most.
    public static let maximumElements = 100_000

    private let bytes: [UInt8]
    private var index = 0
    private var elements = 0
    /// Namespace declarations in scope, innermost last: prefix ("" for the default) → URI.
    private var scopes: [[(prefix: String, uri: String)]] = []

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Reads `bytes` as one document: its root element.
    ///
    /// - Throws: ``XMLError`` for anything not well-formed, a DTD, or beyond the bounds.
    public static func parse(_ bytes: [UInt8]) throws(XMLError) -> XMLElement {
        var reader = XMLReader(bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.index = 3 }
        try reader.skipMisc()
        guard reader.peek == UInt8(ascii: "<") else { throw reader.error("expected an element") }
        let root = try reader.element(depth: 1)
        try reader.skipMisc()
        guard reader.index == bytes.count else { throw reader.error("content after the root element") }
        return root
    }

    // MARK: Bytes

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private func error(_ message: String) -> XMLError { XMLError(message, at: index) }

    private func starts(_ literal: String) -> Bool {
        var position = index
        for byte in literal.utf8 {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
        }
        return true
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"), 0x80...0xFF:
            true
        default: false
        }
    }

    private mutating func skipSpace() {
        while let byte = peek, Self.isSpace(byte) { index += 1 }
    }

    /// Skips until just after `terminator`.
    private mutating func skip(past terminator: String, what: String) throws(XMLError) {
        while index < bytes.count {
            if starts(terminator) {
                index += terminator.utf8.count
                return
            }
            index += 1
        }
        throw error("unterminated \(what)")
    }

    /// White space, comments and processing instructions (the XML declaration among them).
    private mutating func skipMisc() throws(XMLError) {
        while true {
            skipSpace()
            if starts("<?") {
                try skip(past: "?>", what: "processing instruction")
            } else if starts("<!--") {
                try skip(past: "-->", what: "comment")
            } else if starts("<!") {
                throw error("DTDs are not accepted")
            } else {
                return
            }
        }
    }

    private mutating func name() throws(XMLError) -> String {
        let first = index
        while let byte = peek, Self.isNameByte(byte) { index += 1 }
        guard index > first, bytes[first] != UInt8(ascii: "-"), bytes[first] != UInt8(ascii: ".") else {
            throw error("expected a name")
        }
        return String(decoding: bytes[first..<index], as: UTF8.self)
    }

    // MARK: Elements

    private mutating func element(depth: Int) throws(XMLError) -> XMLElement {
        guard depth <= Self.maximumDepth else { throw error("elements nested deeper than \(Self.maximumDepth)") }
        elements += 1
        guard elements <= Self.maximumElements else { throw error("more than \(Self.maximumElements) elements") }
        index += 1  // <
        let qualified = try name()
        var attributes: [XMLAttribute] = []
        var declarations: [(prefix: String, uri: String)] = []
        var isEmpty = false
        while true {
            let hadSpace = peek.map(Self.isSpace) ?? false
            skipSpace()
            guard let byte = peek else { throw error("unterminated start tag") }
            if byte == UInt8(ascii: ">") {
                index += 1
                break
            }
            if byte == UInt8(ascii: "/") {
                index += 1
                guard peek == UInt8(ascii: ">") else { throw error("expected '>'") }
                index += 1
                isEmpty = true
                break
            }
            guard hadSpace else { throw error("expected white space before an attribute") }
            let attributeName = try name()
            skipSpace()
            guard peek == UInt8(ascii: "=") else { throw error("expected '='") }
            index += 1
            skipSpace()
            let value = try quoted()
            guard !attributes.contains(where: { $0.name == attributeName }) else {
                throw error("attribute '\(attributeName)' given twice")
            }
            attributes.append(XMLAttribute(attributeName, value))
            if attributeName == "xmlns" {
                declarations.append(("", value))
            } else if attributeName.hasPrefix("xmlns:") {
                declarations.append((String(attributeName.dropFirst(6)), value))
            }
        }
        scopes.append(declarations)
        defer { scopes.removeLast() }
        let (prefix, local) = Self.split(qualified)
        guard let namespace = resolve(prefix) else { throw error("undeclared namespace prefix '\(prefix)'") }
        var element = XMLElement(
            name: local, namespace: namespace.isEmpty ? nil : namespace, attributes: attributes)
        if isEmpty { return element }
        var text: [UInt8] = []
        while true {
            guard let byte = peek else { throw error("element '\(qualified)' not closed") }
            if byte == UInt8(ascii: "<") {
                if starts("</") {
                    index += 2
                    let closing = try name()
                    guard closing == qualified else { throw error("'</\(closing)>' closes '<\(qualified)>'") }
                    skipSpace()
                    guard peek == UInt8(ascii: ">") else { throw error("expected '>'") }
                    index += 1
                    element.text = String(decoding: text, as: UTF8.self)
                    return element
                } else if starts("<!--") {
                    try skip(past: "-->", what: "comment")
                } else if starts("<![CDATA[") {
                    index += 9
                    let first = index
                    try skip(past: "]]>", what: "CDATA section")
                    text += bytes[first..<index - 3]
                } else if starts("<?") {
                    try skip(past: "?>", what: "processing instruction")
                } else if starts("<!") {
                    throw error("DTDs are not accepted")
                } else {
                    element.children.append(try self.element(depth: depth + 1))
                }
            } else if byte == UInt8(ascii: "&") {
                try reference(into: &text)
            } else {
                text.append(byte)
                index += 1
            }
        }
    }

    private mutating func quoted() throws(XMLError) -> String {
        guard let quote = peek, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
            throw error("expected a quoted value")
        }
        index += 1
        var value: [UInt8] = []
        while true {
            guard let byte = peek else { throw error("unterminated attribute value") }
            if byte == quote {
                index += 1
                return String(decoding: value, as: UTF8.self)
            }
            if byte == UInt8(ascii: "<") { throw error("'<' in an attribute value") }
            if byte == UInt8(ascii: "&") {
                try reference(into: &value)
            } else {
                value.append(byte)
                index += 1
            }
        }
    }

    /// `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` `&#N;` `&#xH;`, appended as UTF-8.
    private mutating func reference(into output: inout [UInt8]) throws(XMLError) {
        let first = index
        index += 1
        while let byte = peek, byte != UInt8(ascii: ";"), index - first < 12 { index += 1 }
        guard peek == UInt8(ascii: ";") else {
            index = first
            throw error("unterminated entity reference")
        }
        let body = String(decoding: bytes[first + 1..<index], as: UTF8.self)
        index += 1
        switch body {
        case "lt": output.append(UInt8(ascii: "<"))
        case "gt": output.append(UInt8(ascii: ">"))
        case "amp": output.append(UInt8(ascii: "&"))
        case "quot": output.append(UInt8(ascii: "\""))
        case "apos": output.append(UInt8(ascii: "'"))
        default:
            let scalar: Unicode.Scalar?
            if body.hasPrefix("#x") {
                scalar = UInt32(body.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
            } else if body.hasPrefix("#") {
                scalar = UInt32(body.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
            } else {
                scalar = nil
            }
            guard let scalar, scalar.value != 0 else {
                index = first
                throw error("unknown entity '&\(body);'")
            }
            output += Array(String(Character(scalar)).utf8)
        }
    }

    // MARK: Namespaces

    private static func split(_ qualified: String) -> (prefix: String, local: String) {
        guard let colon = qualified.firstIndex(of: ":") else { return ("", qualified) }
        return (String(qualified[..<colon]), String(qualified[qualified.index(after: colon)...]))
    }

    /// The URI `prefix` is bound to in scope: `""` for no namespace; `nil` if an explicit prefix is unbound.
    private func resolve(_ prefix: String) -> String? {
        for scope in scopes.reversed() {
            if let found = scope.last(where: { $0.prefix == prefix }) { return found.uri }
        }
        return prefix.isEmpty ? "" : (prefix == "xml" ? "http://www.w3.org/XML/1998/namespace" : nil)
    }
}
