// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import OperationalCommands

/// The `<rpc-reply>` around every answer (netconf-research.md §2.4): the base namespace, the `junos`
/// namespace of the emulated release, then every attribute of the client's `<rpc>` echoed (`message-id`
/// among them) except its own default namespace and `junos` prefix.
public enum NetconfReply {
    /// `<rpc-reply xmlns=… xmlns:junos=… message-id=…>` and a line break.
    public static func header(echoing attributes: [XMLAttribute], release: String = JunosReply.release) -> String {
        var text = "<rpc-reply xmlns=\"\(NetconfHello.baseNamespace)\" xmlns:junos=\"\(JunosReply.junosNamespace(release: release))\""
        for attribute in attributes where attribute.name != "xmlns" && attribute.name != "xmlns:junos" {
            text += " \(attribute.name)=\"\(escaped(attribute.value, quotes: true))\""
        }
        return text + ">\n"
    }

    public static let footer = "</rpc-reply>\n"

    /// A whole reply holding `body`.
    public static func complete(_ body: String, echoing attributes: [XMLAttribute], release: String = JunosReply.release) -> String {
        header(echoing: attributes, release: release) + body + footer
    }

    /// `<ok/>`, the reply to `close-session` and `kill-session`.
    public static func ok(echoing attributes: [XMLAttribute], release: String = JunosReply.release) -> String {
        complete("<ok/>\n", echoing: attributes, release: release)
    }

    /// `text` with `&`, `<`, `>` (and with `quotes`, `"`) escaped.
    public static func escaped(_ text: String, quotes: Bool = false) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"" where quotes: output += "&quot;"
            default: output.unicodeScalars.append(character)
            }
        }
        return output
    }
}
