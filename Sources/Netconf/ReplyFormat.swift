// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The `format` attribute of an RPC or `<command>`: the XML document (default), the CLI text in
/// `<output>`, or the Junos JSON as the text of `<rpc-reply>`.
public enum ReplyFormat: String, Sendable, Hashable, CaseIterable {
    case xml
    case text
    case json
}
