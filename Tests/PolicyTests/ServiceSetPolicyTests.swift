// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Policy
import ServicesCore
import Testing
import Wire

@Suite("Stateful-firewall policy")
struct ServiceSetPolicyTests {
    static let client = IPAddress(10, 1, 1, 2)
    static let server = IPAddress(192, 0, 2, 10)

    static func tcp(to port: UInt16, from source: IPAddress = client, to destination: IPAddress = server) -> FlowPacket {
        FlowPacket(source: source, destination: destination, sourcePort: 40000, destinationPort: port, transport: .tcp)
    }

    @Test func aServiceSetWithoutRulesAcceptsAndNamesTheALG() {
        let policy = ServiceSetPolicy(name: "s", rules: [], implicitApplications: PredefinedApplications.gateways)
        let ftp = policy.decide(Self.tcp(to: 21))
        #expect(ftp.action == .accept && ftp.alg == .ftp && ftp.state == .watch)
        let web = policy.decide(Self.tcp(to: 80))
        #expect(web.action == .accept && web.alg == .none && web.state == .forward)
        let ping = policy.decide(
            FlowPacket(source: Self.client, destination: Self.server, sourcePort: 7, destinationPort: 7,
                transport: .icmp, icmpType: 8))
        #expect(ping.alg == .icmp && ping.state == .forward)
    }

    @Test func rulesAndNoMatchingTermDiscard() {
        let rule = PolicyRule(
            name: "r1", direction: .input,
            terms: [PolicyTerm(name: "t1", applications: [PredefinedApplications.named("junos-http")!], action: .accept)])
        let policy = ServiceSetPolicy(name: "s", rules: [rule])
        #expect(policy.decide(Self.tcp(to: 80)).action == .accept)
        let other = policy.decide(Self.tcp(to: 25))
        #expect(other.action == .discard && other.state == .drop)
    }

    @Test func termsAreTriedInOrderAndTheFirstMatchWins() {
        let rule = PolicyRule(
            name: "r1", direction: .inputOutput,
            terms: [
                PolicyTerm(name: "block-one-host", sources: [.init(.prefix(IPPrefix("10.1.1.2/32")!))], action: .reject),
                PolicyTerm(name: "allow-lan", sources: [.init(.prefix(IPPrefix("10.0.0.0/8")!))], action: .accept),
            ])
        let policy = ServiceSetPolicy(name: "s", rules: [rule])
        #expect(policy.decide(Self.tcp(to: 80)).action == .reject)
        #expect(policy.decide(Self.tcp(to: 80, from: IPAddress(10, 9, 9, 9))).action == .accept)
        #expect(policy.decide(Self.tcp(to: 80, from: IPAddress(172, 16, 0, 1))).action == .discard)
        #expect(policy.decide(Self.tcp(to: 80)).state == .reject)
    }

    @Test func exceptExcludesTheMoreSpecificPrefix() {
        let sources: [AddressMatch] = [
            .init(.prefix(IPPrefix("10.0.0.0/8")!)), .init(.prefix(IPPrefix("10.1.0.0/16")!), isExcept: true),
        ]
        let policy = ServiceSetPolicy(
            name: "s", rules: [PolicyRule(name: "r", direction: .input, terms: [PolicyTerm(name: "t", sources: sources, action: .accept)])])
        #expect(policy.decide(Self.tcp(to: 80, from: IPAddress(10, 2, 0, 1))).action == .accept)
        #expect(policy.decide(Self.tcp(to: 80, from: IPAddress(10, 1, 0, 1))).action == .discard)
    }

    @Test func outputRulesDoNotApplyToTheInitiatorFlow() {
        let rule = PolicyRule(name: "r", direction: .output, terms: [PolicyTerm(name: "t", action: .reject)])
        let policy = ServiceSetPolicy(name: "s", rules: [rule])
        #expect(policy.decide(Self.tcp(to: 80), as: .initiator).action == .discard)
        #expect(policy.decide(Self.tcp(to: 80), as: .responder).action == .reject)
    }

    @Test func applicationsSetPortsTTLAndTimeout() {
        let custom = ApplicationMatch(
            name: "my-app", transport: .udp, destinationPorts: 5000...5010, alg: .none, inactivityTimeout: 120)
        let rule = PolicyRule(
            name: "r", direction: .input,
            terms: [
                PolicyTerm(name: "t1", applications: [PredefinedApplications.named("junos-traceroute")!], action: .accept),
                PolicyTerm(name: "t2", applications: [custom], action: .accept),
            ])
        let policy = ServiceSetPolicy(name: "s", rules: [rule])
        var probe = FlowPacket(
            source: Self.client, destination: Self.server, sourcePort: 40000, destinationPort: 33440, transport: .udp,
            timeToLive: 3)
        #expect(policy.decide(probe).alg == .traceroute)
        probe.timeToLive = 64
        #expect(policy.decide(probe).action == .discard)
        var app = probe
        app.destinationPort = 5005
        #expect(policy.decide(app).inactivityTimeout == 120)
    }

    @Test(arguments: [
        ("192.0.2.0/24", "192.0.2.200", true), ("192.0.2.0/24", "192.0.3.1", false), ("0.0.0.0/0", "8.8.8.8", true),
        ("2001:db8::/32", "2001:db8:ffff::1", true), ("2001:db8::/32", "2001:db9::1", false),
        ("10.0.0.1", "10.0.0.1", true), ("10.0.0.1", "10.0.0.2", false),
    ])
    func prefixesContainTheirAddresses(prefix: String, address: String, expected: Bool) {
        #expect(IPPrefix(prefix)!.contains(IPAddress(address)!) == expected)
    }

    @Test(arguments: ["10.0.0.0/33", "2001:db8::/129", "10.0.0/8", "x/8", "10.0.0.0/", "10.0.0.0/-1"])
    func badPrefixesAreRejected(_ text: String) {
        #expect(IPPrefix(text) == nil)
    }

    @Test func anIPv4PrefixNeverContainsAnIPv6Address() {
        #expect(!IPPrefix("0.0.0.0/0")!.contains(IPAddress("2001:db8::1")!))
        #expect(IPPrefix("10.1.0.0/16")!.description == "10.1.0.0/16")
    }
}
