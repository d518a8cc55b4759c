// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The command line being typed — printable ASCII, at most ``CommandLineReader/maximumLength`` bytes —
/// and the cursor, with the edits of the editing keys. A word is a run of characters other than spaces
/// and tabs, as the command parser splits words.
struct EditedLine: Equatable {
    private(set) var bytes: [UInt8]
    /// Bytes before the cursor.
    private(set) var cursor: Int

    init(_ text: String = "") {
        bytes = Array(text.utf8.prefix(CommandLineReader.maximumLength))
        cursor = bytes.count
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }
    var textBeforeCursor: String { String(decoding: bytes[..<cursor], as: UTF8.self) }
    var isEmpty: Bool { bytes.isEmpty }
    var isCursorAtEnd: Bool { cursor == bytes.count }

    /// Inserts `text` at the cursor; `false` (and nothing inserted) if the line would grow past its bound.
    @discardableResult
    mutating func insert(_ text: some Collection<UInt8>) -> Bool {
        guard bytes.count + text.count <= CommandLineReader.maximumLength else { return false }
        bytes.insert(contentsOf: text, at: cursor)
        cursor += text.count
        return true
    }

    /// Applies an editing key (motion or deletion); `false` for a key that is not one.
    mutating func apply(_ key: Key) -> Bool {
        switch key {
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(bytes.count, cursor + 1)
        case .home: cursor = 0
        case .end: cursor = bytes.count
        case .wordLeft: cursor = wordStart(before: cursor)
        case .wordRight: cursor = wordEnd(after: cursor)
        case .backspace:
            guard cursor > 0 else { break }
            bytes.remove(at: cursor - 1)
            cursor -= 1
        case .delete:
            if cursor < bytes.count { bytes.remove(at: cursor) }
        case .deleteWordBefore:
            let start = wordStart(before: cursor)
            bytes.removeSubrange(start..<cursor)
            cursor = start
        case .deleteWordAfter:
            bytes.removeSubrange(cursor..<wordEnd(after: cursor))
        case .deleteToEnd:
            bytes.removeSubrange(cursor...)
        case .deleteToStart:
            bytes.removeSubrange(..<cursor)
            cursor = 0
        default:
            return false
        }
        return true
    }

    private func isBlank(_ index: Int) -> Bool { bytes[index] == 32 || bytes[index] == 9 }

    /// The start of the word at or before `index`: blanks before it skipped, then the word.
    private func wordStart(before index: Int) -> Int {
        var start = index
        while start > 0 && isBlank(start - 1) { start -= 1 }
        while start > 0 && !isBlank(start - 1) { start -= 1 }
        return start
    }

    /// The end of the word at or after `index`: blanks skipped, then the word.
    private func wordEnd(after index: Int) -> Int {
        var end = index
        while end < bytes.count && isBlank(end) { end += 1 }
        while end < bytes.count && !isBlank(end) { end += 1 }
        return end
    }
}
