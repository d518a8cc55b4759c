// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The `<rpc-reply>` envelope of `| display xml` and the namespaces that name the Junos release
/// (SPEC.md §2.6; the shape of captured Junos replies).
///
/// ```xml
/// <rpc-reply xmlns:junos="http://xml.juniper.net/junos/19.4R3/junos">
///     <msp-session-table xmlns="http://xml.juniper.net/junos/19.4R3/junos-adaptive-services">
///     …
///     </msp-session-table>
///     <cli>
///         <banner></banner>
///     </cli>
/// </rpc-reply>
/// ```
///
/// `| display json` has no envelope: it is the body's ``JunosElement/prettyJSONText()``, as the Junos CLI
/// prints it.
public enum JunosReply {
    /// The Junos release `ams` emulates (MS-MPC / AMS, SPEC.md §2.6): what `show version` reports as `Junos:`
    /// and what every namespace that names a release carries (a real device puts its own there: `17.1I0`,
    /// `19.4R0`). The one place it is written.
    public static let release = "19.4R3"

    /// `http://xml.juniper.net/junos/<release>/junos`, the `xmlns:junos` of `<rpc-reply>`.
    public static func junosNamespace(release: String = JunosReply.release) -> String {
        "http://xml.juniper.net/junos/\(release)/junos"
    }

    /// `http://xml.juniper.net/junos/<release>/junos-adaptive-services`, the `xmlns` of services replies.
    public static func adaptiveServicesNamespace(release: String = JunosReply.release) -> String {
        "http://xml.juniper.net/junos/\(release)/junos-adaptive-services"
    }

    /// `<rpc-reply xmlns:junos="…">` holding `body`, then `<cli><banner>banner</banner></cli>`.
    public static func envelope(
        _ body: JunosElement, release: String = JunosReply.release, banner: String = ""
    ) -> JunosElement {
        envelope([body], release: release, banner: banner)
    }

    /// The envelope holding `bodies`, one after another (a reply about members of both generations).
    public static func envelope(
        _ bodies: [JunosElement], release: String = JunosReply.release, banner: String = ""
    ) -> JunosElement {
        JunosElement(
            "rpc-reply",
            attributes: [JunosAttribute("xmlns:junos", junosNamespace(release: release))],
            children: bodies + [JunosElement("cli", children: [.leaf("banner", banner)])]
        )
    }

    /// The complete `| display xml` text: the envelope around `body`, 4-space indented, ending with `\n`.
    public static func displayXML(_ body: JunosElement, release: String = JunosReply.release, banner: String = "") -> String {
        envelope(body, release: release, banner: banner).xmlText(indent: 4)
    }

    /// The complete `| display json` text: `body` alone, in the Junos JSON convention, pretty-printed as the
    /// Junos CLI prints it (SPEC.md §2.6).
    public static func displayJSON(_ body: JunosElement) -> String {
        body.prettyJSONText()
    }

    /// The `| display json` text of several bodies: one object with a member per body name (for one body,
    /// ``displayJSON(_:)-(JunosElement)``'s bytes; *ours* for several, as the XML holds them side by side).
    public static func displayJSON(_ bodies: [JunosElement]) -> String {
        TextBuffer.text { output in
            JunosElement("rpc-reply", children: bodies).writePrettyJSONObject(indent: 0, to: &output)
            output.newline()
        }
    }

    /// `| display xml` or `| display json`.
    public enum Display: Sendable {
        case xml
        case json
    }

    /// The complete `| display xml` or `| display json` text of `body`.
    public static func display(_ display: Display, _ body: JunosElement) -> String {
        display == .xml ? displayXML(body) : displayJSON(body)
    }

    /// The complete `| display xml` or `| display json` text of `body`, its envelope naming `release`.
    public static func display(_ display: Display, _ body: JunosElement, release: String) -> String {
        self.display(display, [body], release: release)
    }

    /// The complete `| display xml` or `| display json` text of `bodies`, the envelope naming `release`.
    public static func display(_ display: Display, _ bodies: [JunosElement], release: String) -> String {
        display == .xml ? envelope(bodies, release: release).xmlText(indent: 4) : displayJSON(bodies)
    }

    /// A writer for a `display` of a body written part by part into `output` (``JunosDocumentWriter``): for
    /// xml, the envelope is opened; the body is the next element opened.
    public static func beginDisplay(
        _ display: Display, release: String = JunosReply.release, output: TextBuffer
    ) -> JunosDocumentWriter {
        switch display {
        case .xml:
            var writer = JunosDocumentWriter(style: .xml(indent: 4), output: output)
            writer.open("rpc-reply", attributes: [JunosAttribute("xmlns:junos", junosNamespace(release: release))])
            return writer
        case .json:
            return JunosDocumentWriter(style: .prettyJSON, output: output)
        }
    }

    /// Ends the display ``beginDisplay(_:release:output:)`` started, once its bodies are closed: for xml, the
    /// envelope's `<cli>` and end; for json, the document's.
    public static func endDisplay(_ writer: inout JunosDocumentWriter) {
        if writer.isOpen {
            writer.write(JunosElement("cli", children: [.leaf("banner", "")]))
            writer.close()
        }
        writer.endDocument()
    }
}
