// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

@testable import OperationalCommands
import ServicesCore
import Testing

/// `show interfaces load-balancing [detail]` (SPEC.md §2.10): the real MX480 layout, its XML and the
/// Junos elapsed-time form of `Last change`.
@Suite("show interfaces load-balancing output")
struct LoadBalancingOutputTests {
    /// The bundle of SPEC.md §2.10's capture, up 1w2d 00:17; the capture's states other than `Active` come
    /// from member failure, which ams does not have, so its four members are all active here.
    static let ams1 = BundleSnapshot(
        name: "ams1", secondsSinceChange: 9 * 86_400 + 17 * 60, highAvailability: .none,
        members: ["mams-2/1/0", "mams-3/1/0", "mams-8/1/0", "mams-9/1/0"].map { .init(name: $0, state: .active) })

    @Test func detailIsTheRealLayout() {
        let text = TextBuffer.text { SessionTableRenderer.writeLoadBalancingDetail(Self.ams1, to: &$0) }
        #expect(text == """
            Load-balancing interfaces detail
            Interface        : ams1
              State          : Up
              Last change    : 1w2d 00:17
              Member count   : 4
              HA Model       : None
              Members        :
                  Interface    Weight   State
                  mams-2/1/0   10       Active
                  mams-3/1/0   10       Active
                  mams-8/1/0   10       Active
                  mams-9/1/0   10       Active

            """)
    }

    @Test(arguments: [(HighAvailabilityModel.none, "None"), (.manyToOne, "Many-to-one"), (.oneToOne, "One-to-one")])
    func theHAModelIsNamedAsJunosNamesIt(model: HighAvailabilityModel, name: String) {
        var bundle = Self.ams1
        bundle.highAvailability = model
        let text = TextBuffer.text { SessionTableRenderer.writeLoadBalancingDetail(bundle, to: &$0) }
        #expect(text.split(separator: "\n")[5] == "  HA Model       : \(name)")
        #expect(SessionDocuments.loadBalancingDetail(bundle).xmlText().contains("<ha-model>\(name)</ha-model>"))
    }

    @Test func withoutDetailOneLinePerBundle() {
        let text = TextBuffer.text { SessionTableRenderer.writeLoadBalancing(Self.ams1, to: &$0) }
        #expect(text == """
            Interface        State    Last change   Members
            ams1             Up       1w2d 00:17    4

            """)
    }

    @Test func detailDocument() {
        var bundle = Self.ams1
        bundle.members.removeLast(2)
        #expect(SessionDocuments.loadBalancingDetail(bundle).xmlText() == """
            <interface-load-balancing-detail>
                <interface-load-balancing-member-detail>
                    <interface-name>ams1</interface-name>
                    <state>Up</state>
                    <member-count>2</member-count>
                    <ha-model>None</ha-model>
                    <member-interface>
                        <member-name>mams-2/1/0</member-name>
                        <member-weight>10</member-weight>
                        <member-state>Active</member-state>
                    </member-interface>
                    <member-interface>
                        <member-name>mams-3/1/0</member-name>
                        <member-weight>10</member-weight>
                        <member-state>Active</member-state>
                    </member-interface>
                </interface-load-balancing-member-detail>
            </interface-load-balancing-detail>

            """)
    }

    /// The real JSNAP health check: `iterate interface-load-balancing-member-detail/member-interface { id
    /// member-name; is-equal member-state, "Active"; }` finds every member.
    @Test func theHealthCheckPathFindsEveryMember() {
        let document = SessionDocuments.loadBalancingDetail(Self.ams1)
        let members = document.children(named: "interface-load-balancing-member-detail")
            .flatMap { $0.children(named: "member-interface") }
        #expect(members.map { $0.children(named: "member-name").first?.text } == Self.ams1.members.map(\.name))
        #expect(members.allSatisfy { $0.children(named: "member-state").first?.text == "Active" })
    }

    /// Junos's forms: `hh:mm:ss` under a day (`Last flapped … (04:33:20 ago)` in the interfaces reference),
    /// else days, with weeks from seven days on, and `hh:mm` (`1w2d 00:17`, `48w5d 00:13`).
    static let elapsedTimes: [(seconds: UInt64, text: String)] = {
        let (minute, hour, day): (UInt64, UInt64, UInt64) = (60, 3_600, 86_400)
        return [
            (0, "00:00:00"), (3, "00:00:03"), (4 * hour + 33 * minute + 20, "04:33:20"), (day - 1, "23:59:59"),
            (day, "1d 00:00"), (3 * day + 20 * hour + 41 * minute + 59, "3d 20:41"), (7 * day, "1w0d 00:00"),
            (9 * day + 17 * minute, "1w2d 00:17"), (341 * day + 13 * minute, "48w5d 00:13"),
        ]
    }()

    @Test(arguments: elapsedTimes)
    func lastChangeIsWrittenAsJunosWritesElapsedTime(seconds: UInt64, text: String) {
        #expect(SessionTableRenderer.elapsedText(seconds: seconds) == text)
    }

    @Test func aBundleWithoutActiveMembersIsDown() {
        let empty = BundleSnapshot(name: "ams0", secondsSinceChange: 0, highAvailability: .none, members: [])
        #expect(empty.state == "Down" && Self.ams1.state == "Up")
    }
}
