// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Foundation
import JunosConfiguration
import OperationalCommands
import PacketCapture
import Policy
import ServicesCore
import SessionEngine
import SessionService
import Testing
import Wire

/// Several AMS bundles in one configuration (Junos lets service sets use different bundles on one router):
/// the engine runs every bundle, a service set's sessions live only on its bundle's members, and the owner
/// rule chooses among them as the engine of that bundle alone would.
///
/// A replay decides a frame's service set by its outer VLAN (a capture has no interface), so the sample
/// capture is replayed twice over, tagged with each service set's VLAN.
@Suite("Several bundles")
struct MultipleBundleTests {
    /// `ams0` (two `mams-`, VLAN 100, service set `ss-a`) and `ams1` (two `mams-`, VLAN 200, service set
    /// `ss-b`, hash keys destination-ip/source-ip, many-to-one).
    static let twoBundles = """
        set interfaces ams0 load-balancing-options member-interface mams-0/0/0
        set interfaces ams0 load-balancing-options member-interface mams-0/1/0
        set interfaces ams0 unit 1 family inet
        set interfaces ams0 unit 1 vlan-id 100
        set interfaces ams1 load-balancing-options member-interface mams-1/0/0
        set interfaces ams1 load-balancing-options member-interface mams-1/1/0
        set interfaces ams1 load-balancing-options high-availability-options many-to-one preferred-backup mams-1/1/0
        set interfaces ams1 unit 1 family inet
        set interfaces ams1 unit 1 vlan-id 200
        set services service-set ss-a interface-service service-interface ams0.1
        set services service-set ss-b interface-service service-interface ams1.1
        set services service-set ss-b interface-service load-balancing-options hash-keys ingress-key destination-ip
        set services service-set ss-b interface-service load-balancing-options hash-keys egress-key source-ip
        """

    static func engine(_ text: String) throws -> EngineConfiguration {
        try ConfiguredReplayTests.engine(text)
    }

    /// `text` without the lines that mention any of `words`.
    static func without(_ words: [String], _ text: String) -> String {
        text.split(separator: "\n").filter { line in !words.contains { line.contains($0) } }.joined(separator: "\n")
    }

    /// The sample capture with every frame once per VLAN of `vlans` (802.1Q-tagged), in its order.
    static func taggedSample(_ vlans: [UInt16]) throws -> String {
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: OperationalOutputTests.sample)))
        var writer = PcapWriter(linkType: .ethernet, nanosecondResolution: true)
        var reader = try CaptureReader(data.span)
        while let frame = try reader.next(data.span) {
            let bytes = Array(data[frame.byteRange])
            for vlan in vlans {
                writer.append(
                    Array(bytes[..<12]) + [0x81, 0x00, UInt8(vlan >> 8), UInt8(vlan & 0xFF)] + Array(bytes[12...]),
                    timestamp: frame.timestamp)
            }
        }
        return try ReplayHarness.temporaryFile(writer.bytes)
    }

    static func replay(_ path: String, _ configuration: EngineConfiguration, mode: ReplayHarness.Mode = .sequential)
        throws -> ReplayResult
    {
        try ReplayHarness.replay(path: path, mode: mode, configuration: configuration)
    }

    @Test func theConfigurationRunsEveryBundleUsed() throws {
        let configuration = try Self.engine(Self.twoBundles)
        #expect(configuration.bundles.map(\.name) == ["ams0", "ams1"])
        #expect(configuration.members == ["mams-0/0/0", "mams-0/1/0", "mams-1/0/0", "mams-1/1/0"])
        #expect(configuration.serviceSets.map(\.name) == ["ss-a", "ss-b"])
        #expect(configuration.serviceSetBundles == [0, 1])
        #expect(configuration.memberRange(ofBundle: 1) == 2..<4)
        #expect(configuration.bundle(ofMember: 3).name == "ams1" && configuration.bundle(ofMember: 1).name == "ams0")
        #expect(configuration.bundles[0].ingressKey == .sourceIP && configuration.bundles[1].ingressKey == .destinationIP)
        #expect(configuration.bundles[1].egressKey == .sourceIP && configuration.bundles[1].highAvailability == .manyToOne)
        #expect(configuration.vlanServiceSets == [100: 0, 200: 1])
        // An interface no service set uses is not run.
        let unused = Self.without(["ss-b"], Self.twoBundles)
        #expect(try Self.engine(unused).members == ["mams-0/0/0", "mams-0/1/0"])
    }

    /// Each bundle runs by its own timers and session limit (its `services-options`): the first service
    /// set's bundle's are the engine's, another's apply to its own members only.
    @Test func eachBundleRunsByItsOwnTimers() throws {
        let text = Self.twoBundles + """

            set interfaces ams1 services-options inactivity-timeout 100
            set interfaces ams1 services-options session-limit maximum 7
            set interfaces ams1 services-options session-timeout 900
            """
        let configuration = try Self.engine(text)
        #expect(configuration.timing(ofBundle: 0).inactivityTimeout == 30)
        #expect(configuration.timing(ofBundle: 1).inactivityTimeout == 100)
        #expect(configuration.timing(ofBundle: 1).sessionLimit == 7 && configuration.timing(ofBundle: 0).sessionLimit == nil)
        #expect(configuration.asSeen(byMember: 3).inactivityTimeout == 100)
        #expect(configuration.asSeen(byMember: 0).inactivityTimeout == 30)
        #expect(configuration.sessionTimeout(serviceSet: 1) == 900 && configuration.sessionTimeout(serviceSet: 0) == nil)
        #expect(configuration.sessionCapacity == nil)
        let both = try Self.replay(try Self.taggedSample([100, 200]), configuration)
        var bundlesWithUDP = Set<String>()
        for member in both.members {
            let udp = member.sessions.filter { $0.initiator.transport == .udp }
            if !udp.isEmpty { bundlesWithUDP.insert(member.bundle) }
            // An established UDP flow's timeout is its bundle's inactivity timeout.
            #expect(udp.allSatisfy { $0.initiator.timeout == (member.bundle == "ams1" ? 100 : 30) }, "\(member.name)")
            #expect(member.sessions.count <= (member.bundle == "ams1" ? 7 : .max))
            #expect(member.sessions.allSatisfy { $0.sessionTimeout == (member.bundle == "ams1" ? 900 : nil) })
        }
        #expect(bundlesWithUDP == ["ams0", "ams1"])
    }

    @Test func aMemberInTwoBundlesIsRefused() throws {
        let text = Self.twoBundles.replacingOccurrences(of: "ams1 load-balancing-options member-interface mams-1/0/0", with: "ams1 load-balancing-options member-interface mams-0/0/0")
        let (parsed, _) = ConfigurationParser.parse(text, file: "test.conf")
        guard let parsed else { return }  // refused by the parser already
        #expect(throws: ConfigurationError.self) { try EngineConfiguration(configuration: parsed) }
    }

    /// Each service set's sessions are on its bundle's members only, and on the same member within the
    /// bundle as the engine of that bundle alone puts them.
    @Test(arguments: ReplayHarness.Mode.allCases)
    func eachServiceSetStaysOnItsBundle(mode: ReplayHarness.Mode) throws {
        let both = try Self.replay(try Self.taggedSample([100, 200]), try Self.engine(Self.twoBundles), mode: mode)
        let members = both.members
        #expect(members.map(\.name) == ["mams-0/0/0", "mams-0/1/0", "mams-1/0/0", "mams-1/1/0"])
        #expect(members.map(\.bundle) == ["ams0", "ams0", "ams1", "ams1"])
        for member in members {
            #expect(!member.sessions.isEmpty)
            #expect(member.sessions.allSatisfy { $0.serviceSet == (member.bundle == "ams0" ? "ss-a" : "ss-b") })
        }
        let alone = [
            try Self.replay(try Self.taggedSample([100]), try Self.engine(Self.without(["ams1", "ss-b"], Self.twoBundles))),
            try Self.replay(try Self.taggedSample([200]), try Self.engine(Self.without(["ams0", "ss-a"], Self.twoBundles))),
        ]
        for (bundle, single) in alone.enumerated() {
            #expect(single.members.count == 2)
            for index in 0..<2 {
                #expect(
                    ReplayHarness.sessionSet(members: [members[bundle * 2 + index]])
                        == ReplayHarness.sessionSet(members: [single.members[index]]))
            }
        }
        // Each bundle's own hash keys: a session (not an ALG child) lives where its initiator's source
        // (ams0's ingress key) or destination (ams1's) hashes to among the bundle's members.
        let selector = MemberSelector(memberCount: 2)
        for (index, member) in members.enumerated() {
            for session in member.sessions where session.parentID == nil {
                let key = index < 2 ? session.initiator.source : session.initiator.destination
                #expect(selector.member(for: key) == index % 2)
            }
        }
    }

    /// Each bundle chooses with its own hash keys: on many addresses, ams0's sessions go by their
    /// initiator's source (ingress source-ip), ams1's by its destination (ingress destination-ip), and the
    /// choice within a bundle is that of the bundle's engine alone.
    @Test func eachBundleHashesWithItsOwnKeys() throws {
        func capture(_ vlans: [UInt16]) throws -> String {
            var h = ReplayHarness()
            for client in UInt8(1)...24 {
                for vlan in vlans {
                    h.add(FrameBuilder(link: .ethernet(vlans: [vlan])).udp(
                        from: IPAddress(10, 0, 0, client), port: 1000, to: IPAddress(192, 0, 2, client &* 7), port: 53), at: 0)
                }
            }
            return try ReplayHarness.temporaryFile(h.pcap())
        }
        let members = try Self.replay(try capture([100, 200]), try Self.engine(Self.twoBundles)).members
        let selector = MemberSelector(memberCount: 2)
        var moved = 0
        for (index, member) in members.enumerated() {
            #expect(member.sessions.count > 4)
            for session in member.sessions {
                let (source, destination) = (session.initiator.source, session.initiator.destination)
                #expect(selector.member(for: index < 2 ? source : destination) == index % 2)
                if selector.member(for: source) != selector.member(for: destination) { moved += 1 }
            }
        }
        #expect(moved > 8)
        let alone = try Self.replay(try capture([200]), try Self.engine(Self.without(["ams0", "ss-a"], Self.twoBundles)))
        for index in 0..<2 {
            #expect(
                ReplayHarness.sessionSet(members: [members[2 + index]])
                    == ReplayHarness.sessionSet(members: [alone.members[index]]))
        }
    }

    /// The commands of every bundle, and filters by bundle and member.
    @Test func commandsCoverEveryBundle() throws {
        let capture = try Self.taggedSample([100, 200])
        func run(_ line: String) throws -> String {
            try BundleReportTests.run(line, capture: capture, configuration: Self.twoBundles)
        }
        #expect(try run("show interfaces load-balancing") == """
            Interface        State    Last change   Members
            ams0             Up       00:00:03      2
            ams1             Up       00:00:03      2

            """)
        let detail = try run("show interfaces load-balancing detail")
        #expect(detail.components(separatedBy: "Load-balancing interfaces detail").count == 2)
        #expect(detail.contains("Interface        : ams0") && detail.contains("HA Model       : Many-to-one"))
        let ams1 = try run("show interfaces load-balancing ams1 detail")
        #expect(ams1.hasPrefix("Load-balancing interfaces detail\nInterface        : ams1\n"))
        #expect(!ams1.contains("ams0") && ams1.contains("mams-1/1/0   10       Active"))
        let xml = try run("show interfaces load-balancing detail | display xml")
        #expect(xml.components(separatedBy: "<interface-load-balancing-member-detail>").count == 3)
        #expect(throws: CommandFailure.self) { try run("show interfaces load-balancing ams2") }

        let listing = try run("show services sessions interface ams1")
        #expect(listing.contains("mams-1/0/0 (ams1)") && listing.contains("mams-1/1/0 (ams1)"))
        #expect(!listing.contains("ams0") && !listing.contains("ss-a"))
        let one = try run("show services sessions interface mams-1/1/0")
        #expect(one.contains("mams-1/1/0 (ams1)") && !one.contains("mams-1/0/0") && !one.contains("ams0"))
        let count = try run("show services sessions count")
        for member in ["mams-0/0/0", "mams-0/1/0", "mams-1/0/0", "mams-1/1/0"] { #expect(count.contains(member)) }
        let summary = try run("show services service-sets summary")
        for member in ["mams-0/0/0", "mams-1/1/0"] { #expect(summary.contains(member)) }
        let utilization = try run("show services sessions utilization interface ams1")
        #expect(utilization.contains("mams-1/0/0") && !utilization.contains("mams-0/0/0"))
    }

    /// An MS-MPC bundle and a Next Gen one side by side (the stateful-firewall and next-gen samples, which
    /// find the same sessions): each prints its own form — Next Gen sessions name their policy.
    /// The stateful-firewall sample on `ams0` (MS-MPC, VLAN 100) and the next-gen sample on `ams1` (`vms-1/…`,
    /// VLANs 200/201): the two samples find the same sessions.
    static func bothGenerations() throws -> String {
        func sample(_ name: String) throws -> Configuration {
            let path = ConfiguredReplayTests.samples.appendingPathComponent("config/\(name)").path
            return try #require(ConfigurationParser.parse(try String(contentsOfFile: path, encoding: .utf8), file: path).configuration)
        }
        let nextGen = try sample("next-gen.conf").setCommands()
            .replacingOccurrences(of: "ams0", with: "ams1").replacingOccurrences(of: "vms-0/", with: "vms-1/")
            .replacingOccurrences(of: "service-set ss1 ", with: "service-set ss-ng ")
        return try sample("stateful-firewall.conf").setCommands() + "\n" + nextGen + """

            set interfaces ams0 unit 1 vlan-id 100
            set interfaces ams1 unit 1 vlan-id 200
            set interfaces ams1 unit 2 vlan-id 201
            """
    }

    @Test func bothGenerationsSideBySide() throws {
        let text = try Self.bothGenerations()
        let configuration = try Self.engine(text)
        #expect(configuration.bundles.map(\.generation) == [.msMPC, .nextGen])
        #expect(configuration.members == ["mams-0/0/0", "mams-0/1/0", "vms-1/0/0", "vms-1/1/0"])
        let members = try Self.replay(try Self.taggedSample([100, 200]), configuration).members
        #expect(members.map(\.generation) == [.msMPC, .msMPC, .nextGen, .nextGen])
        let sessions = members.flatMap(\.sessions)
        #expect(sessions.filter { $0.serviceSet == "ss1" }.allSatisfy { $0.policy == nil })
        #expect(sessions.filter { $0.serviceSet == "ss-ng" && $0.parentID == nil }.allSatisfy { $0.policy != nil })
        #expect(members[..<2].allSatisfy { $0.sessions.allSatisfy { $0.serviceSet == "ss1" } })
        #expect(members[2...].allSatisfy { $0.sessions.allSatisfy { $0.serviceSet == "ss-ng" } })
        // The same sessions, on the same member within each bundle.
        for index in 0..<2 {
            #expect(!members[index].sessions.isEmpty)
            #expect(
                ReplayHarness.sessionSet(members: [members[index]]) == ReplayHarness.sessionSet(members: [members[2 + index]]))
        }
        let brief = SessionTableRenderer.brief(members)
        #expect(brief.contains("vms-1/0/0") && brief.contains("mams-0/0/0"))
    }

    /// A listing or count over both generations is one reply holding both bodies — `<msp-session-table>` then
    /// `<flow-session-information>` (the members' order), in JSON one object with both — byte for byte the
    /// trees' documents; one generation's members alone give that body alone.
    @Test func documentsOverBothGenerationsHoldBothBodies() throws {
        let text = try Self.bothGenerations()
        let configuration = try #require(ConfigurationParser.parse(text, file: "test.conf").configuration)
        let capture = try Self.taggedSample([100, 200])
        let members = try Self.replay(capture, try Self.engine(text)).members
        let units = ServiceSetUnits(configuration)
        func run(_ line: String) throws -> String {
            try BundleReportTests.run(line, capture: capture, configuration: text)
        }
        for (display, pipe) in [(JunosReply.Display.xml, "xml"), (.json, "json")] {
            for extensive in [false, true] {
                let level = extensive ? " extensive" : ""
                let both = JunosReply.display(
                    display,
                    [SessionDocuments.sessionTable(Array(members[..<2]), extensive: extensive),
                     SessionDocuments.nextGenSessionTable(Array(members[2...]), extensive: extensive, units: units)],
                    release: JunosReply.release)
                #expect(try run("show services sessions\(level) | display \(pipe)") == both)
                let nextGenOnly = JunosReply.display(
                    display, SessionDocuments.nextGenSessionTable(Array(members[2...]), extensive: extensive, units: units),
                    release: JunosReply.nextGenRelease)
                #expect(try run("show services sessions\(level) interface ams1 | display \(pipe)") == nextGenOnly)
            }
            let rows = members.flatMap { member in
                Dictionary(grouping: member.sessions, by: \.serviceSet).keys.sorted().map { serviceSet in
                    (member.name, serviceSet, member.sessions.filter { $0.serviceSet == serviceSet }.count)
                }
            }
            let count = try run("show services sessions count | display \(pipe)")
            #expect(count.contains(display == .xml ? "<service-msp-sess-count-information" : "\"service-msp-sess-count-information\""))
            #expect(count.contains(display == .xml ? "<usf-session-count-information" : "\"usf-session-count-information\""))
            #expect(rows.count == 4 && rows.allSatisfy { $0.2 > 0 })
        }
        // The JSON is one object whose members are the bodies.
        let json = try JSONSerialization.jsonObject(with: Data(try run("show services sessions | display json").utf8))
        let object = try #require(json as? [String: Any])
        #expect(Set(object.keys) == ["msp-session-table", "flow-session-information"])
        let limited = try run("show services sessions limit 3 | display xml")
        #expect(limited.components(separatedBy: "<msp-session>").count - 1 == 3)
        #expect(limited.contains("<displayed-session-count>0</displayed-session-count>"))
    }

    /// The router reports the Next Gen release (21.2R3, SPEC.md §9) when every bundle is Next Gen, in
    /// `show version`, `show chassis …` and their envelopes; with an MS-MPC bundle among them, 19.4R3.
    @Test func theReleaseReportedIsTheCardsWhenEveryBundleIsNextGen() throws {
        func run(_ line: String, _ text: String?) throws -> String {
            try BundleReportTests.run(line, configuration: text)
        }
        let path = ConfiguredReplayTests.samples.appendingPathComponent("config/next-gen.conf").path
        let nextGen = try String(contentsOfFile: path, encoding: .utf8)
        let both = try Self.bothGenerations()
        for (text, release) in [(nextGen, "21.2R3"), (both, "19.4R3"), (nil, "19.4R3")] {
            #expect(try run("show version", text).contains("\nJunos: \(release)\n"))
            let xml = try run("show version | display xml", text)
            #expect(xml.hasPrefix("<rpc-reply xmlns:junos=\"http://xml.juniper.net/junos/\(release)/junos\">"))
            #expect(xml.contains("<junos-version>\(release)</junos-version>"))
            let chassis = try run("show chassis hardware | display xml", text)
            #expect(chassis.contains("junos/\(release)/junos-chassis") && chassis.contains("junos/\(release)/junos\""))
        }
        #expect(try run("show version", nil) == (try run("show version", Self.twoBundles)))
    }

    /// A reload keeps the bundles and their members, or is refused; a service set moved to another bundle
    /// loses its sessions.
    @Test func aReloadKeepsTheBundles() throws {
        // A third service set keeps ams1 in use when ss-b moves.
        let three = Self.twoBundles + """

            set interfaces ams1 unit 3 vlan-id 300
            set services service-set ss-c interface-service service-interface ams1.3
            set interfaces ams0 unit 2 vlan-id 201
            """
        var driver = PacedReplayDriver(
            file: try CaptureFile(path: try Self.taggedSample([100, 200])), configuration: try Self.engine(three),
            pace: .asFastAsPossible, wallClock: { 0 })
        while driver.pump(atWallClock: 0) != .ended {}
        let live = driver.tables.liveSessions
        let ssB = driver.tables.snapshot().flatMap(\.sessions).filter { $0.serviceSet == "ss-b" }.count
        #expect(live > ssB && ssB > 0)
        #expect(try driver.reconfigure(try Self.engine(three)) == ReconfigurationOutcome(kept: live, ended: 0))

        let renamed = three.replacingOccurrences(of: "mams-1/1/0", with: "mams-2/1/0")
        let renamedEngine = try Self.engine(renamed)
        do {
            _ = try driver.reconfigure(renamedEngine)
            Issue.record("a renamed member was taken")
        } catch {
            #expect(error.description.contains("ams1 (mams-1/0/0, mams-2/1/0)") && error.description.contains("restart of ams run"))
        }
        let fewer = Self.without(["ams1", "ss-b", "ss-c"], three)
        #expect(throws: ReconfigurationError.self) { try driver.reconfigure(try Self.engine(fewer)) }
        #expect(driver.tables.liveSessions == live)

        let moved = three.replacingOccurrences(of: "ss-b interface-service service-interface ams1.1", with: "ss-b interface-service service-interface ams0.2")
        #expect(try driver.reconfigure(try Self.engine(moved)) == ReconfigurationOutcome(kept: live - ssB, ended: ssB))
        #expect(driver.tables.snapshot().flatMap(\.sessions).allSatisfy { $0.serviceSet == "ss-a" })
    }
}
