// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Foundation
import OperationalCommands

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses XML text back into a ``JunosElement`` tree with Foundation's `XMLParser`, to check that what the
/// serialiser writes is well-formed and means what the model says.
///
/// Whitespace-only text around child elements (the indentation) is dropped; attributes come back sorted by
/// name because `XMLParser` reports them as a dictionary.
final class XMLTreeReader: NSObject, XMLParserDelegate {
    private var stack: [JunosElement] = []
    private var pendingText: [String] = []
    private(set) var root: JunosElement?
    private(set) var error: (any Error)?

    /// The tree of `text`, or `nil` if `XMLParser` rejects it.
    static func parse(_ text: String) -> JunosElement? {
        let reader = XMLTreeReader()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = reader
        guard parser.parse(), reader.error == nil else { return nil }
        return reader.root
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        let sorted = attributes.sorted { $0.key < $1.key }.map { JunosAttribute($0.key, $0.value) }
        stack.append(JunosElement(elementName, attributes: sorted))
        pendingText.append("")
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if !pendingText.isEmpty { pendingText[pendingText.count - 1] += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        var element = stack.removeLast()
        let text = pendingText.removeLast()
        if element.children.isEmpty {
            // `XMLParser` reports `<a/>` and `<a></a>` alike: both come back as empty text.
            element.text = text
        } else if !text.allSatisfy(\.isWhitespace) {
            element.text = text
        }
        if stack.isEmpty {
            root = element
        } else {
            stack[stack.count - 1].children.append(element)
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        error = parseError
    }
}
