// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// What a document is produced into, element by element: a tree (``JunosTreeBuilder``) or bytes as they
/// are produced (``JunosDocumentWriter``). A document written once against this protocol is the same
/// document both ways — the session listing's one definition (``SessionDocuments/buildSession(_:extensive:into:)``).
public protocol JunosElementBuilder {
    /// Opens `name` as the next child (or the root).
    mutating func open(_ name: String, attributes: [JunosAttribute])
    /// A leaf holding `text`.
    mutating func leaf(_ name: String, _ text: String)
    /// A leaf holding a decimal number.
    mutating func leaf(_ name: String, decimal value: UInt64)
    /// A leaf holding an address as ``IPAddress/description`` gives it.
    mutating func leaf(_ name: String, address: IPAddress)
    /// A leaf holding `0x` and `value` in lower-case hexadecimal, at least `minimumDigits` digits (`0x0000`).
    mutating func leaf(_ name: String, hexadecimal value: UInt64, minimumDigits: Int)
    /// Closes the innermost open element.
    mutating func close()
}

extension JunosElementBuilder {
    /// Opens `name`, without attributes.
    public mutating func open(_ name: String) { open(name, attributes: []) }
}

/// Builds the ``JunosElement`` tree of what is produced into it.
public struct JunosTreeBuilder: JunosElementBuilder {
    private var stack: [JunosElement] = []
    /// The root, once it is closed.
    public private(set) var root: JunosElement?

    public init() {}

    public mutating func open(_ name: String, attributes: [JunosAttribute]) {
        stack.append(JunosElement(name, attributes: attributes))
    }

    public mutating func leaf(_ name: String, _ text: String) {
        stack[stack.count - 1].appendLeaf(name, text)
    }

    public mutating func leaf(_ name: String, decimal value: UInt64) {
        stack[stack.count - 1].appendLeaf(name, value)
    }

    public mutating func leaf(_ name: String, address: IPAddress) {
        stack[stack.count - 1].appendLeaf(name, address.description)
    }

    public mutating func leaf(_ name: String, hexadecimal value: UInt64, minimumDigits: Int) {
        stack[stack.count - 1].appendLeaf(name, TextBuffer.text { $0.write(hexadecimal: value, minimumDigits: minimumDigits) })
    }

    public mutating func close() {
        let element = stack.removeLast()
        if stack.isEmpty { root = element } else { stack[stack.count - 1].append(element) }
    }
}
