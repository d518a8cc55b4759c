// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import Wire

/// Which sessions a command selects (SPEC.md §2.1): the one filter of `show services sessions`, its
/// `count`, and `clear services sessions`, in a replay and in the shell. The members evaluate it on their
/// tables in place (`MemberTables` in the session engine), so nothing is copied to decide what to print
/// or clear.
///
/// A session is selected when its member is the ``interface`` (or the interface is its bundle), its
/// service set and application match, and one of its two flows matches every address, port and protocol
/// condition together.
public struct SessionFilter: Sendable, Hashable {
    /// `interface`: a member (`mams-0/0/0`) or the whole bundle (`ams0`).
    public var interface: String?
    public var serviceSet: String?
    /// `application-protocol`: the ALG (`tcp` and `udp` select sessions without one).
    public var application: ApplicationFilter?
    /// `protocol`.
    public var transport: IPProtocol?
    public var sourcePrefix: IPPrefix?
    public var destinationPrefix: IPPrefix?
    public var sourcePort: UInt16?
    public var destinationPort: UInt16?
    /// The members of one generation only (a document's body, SPEC.md §9): set by the command, not typed.
    public var generation: ServicesGeneration?

    public init() {}

    /// `true` if no condition but ``interface`` is set: every session of a selected member is selected,
    /// so counts need no look at the sessions.
    public var selectsEverySession: Bool {
        serviceSet == nil && application == nil && transport == nil && sourcePrefix == nil
            && destinationPrefix == nil && sourcePort == nil && destinationPort == nil
    }

    /// `true` if the member called `name` of `bundle` is selected by ``interface``.
    public func selects(member name: String, bundle: String) -> Bool {
        if let generation, ServicesGeneration(memberName: name) != generation { return false }
        guard let interface else { return true }
        return interface == name || interface == bundle
    }

    /// `true` if a session of a selected member is selected, given its service set's name, its ALG and its
    /// initiator flow (the responder flow is the same one reversed).
    @inlinable
    public func selects(
        serviceSet: String, alg: ApplicationLayerProtocol, transport: IPProtocol, source: IPAddress,
        sourcePort: UInt16, destination: IPAddress, destinationPort: UInt16
    ) -> Bool {
        if let want = self.serviceSet, want != serviceSet { return false }
        if let application, !application.selects(alg: alg, transport: transport) { return false }
        return flowMatches(source, sourcePort, destination, destinationPort, transport: transport)
            || flowMatches(destination, destinationPort, source, sourcePort, transport: transport)
    }

    /// `true` if `session` (of a selected member) is selected.
    public func selects(_ session: SessionSnapshot) -> Bool {
        let flow = session.initiator
        return selects(
            serviceSet: session.serviceSet, alg: session.alg, transport: flow.transport, source: flow.source,
            sourcePort: flow.sourcePort, destination: flow.destination, destinationPort: flow.destinationPort)
    }

    /// `true` if one flow, from `source` to `destination`, matches every address, port and protocol
    /// condition; ports count only for protocols that have them.
    @inlinable
    func flowMatches(
        _ source: IPAddress, _ sourcePort: UInt16, _ destination: IPAddress, _ destinationPort: UInt16,
        transport: IPProtocol
    ) -> Bool {
        if let want = self.transport, want != transport { return false }
        if let sourcePrefix, !sourcePrefix.contains(source) { return false }
        if let destinationPrefix, !destinationPrefix.contains(destination) { return false }
        let hasPorts = transport.hasPorts
        if let want = self.sourcePort, !(hasPorts && want == sourcePort) { return false }
        if let want = self.destinationPort, !(hasPorts && want == destinationPort) { return false }
        return true
    }
}

/// An `application-protocol` value (SPEC.md §2.1).
public enum ApplicationFilter: String, Sendable, Hashable, CaseIterable {
    case ftp, icmp, pptp, rtsp, sqlnet, tcp, traceroute, tftp, udp

    /// The ALGs this value selects, and the protocol a session without an ALG must have (`tcp`, `udp`).
    public var algs: (algs: [ApplicationLayerProtocol], transport: IPProtocol?) {
        switch self {
        case .tcp: ([.none], .tcp)
        case .udp: ([.none], .udp)
        case .icmp: ([.icmp, .icmpv6], nil)
        case .ftp: ([.ftp], nil)
        case .pptp: ([.pptp], nil)
        case .rtsp: ([.rtsp], nil)
        case .sqlnet: ([.sqlnet], nil)
        case .traceroute: ([.traceroute], nil)
        case .tftp: ([.tftp], nil)
        }
    }

    /// `true` if a session with ALG `alg` and protocol `transport` is selected.
    @inlinable
    public func selects(alg: ApplicationLayerProtocol, transport: IPProtocol) -> Bool {
        let (algs, wanted) = self.algs
        return algs.contains(alg) && (wanted == nil || wanted == transport)
    }
}
