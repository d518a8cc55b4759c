// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore
public import Wire

/// How much `show services sessions` prints.
public enum DetailLevel: String, Sendable, Hashable, CaseIterable {
    case terse
    case brief
    case extensive
}

/// The filters and form of a `show services sessions` command (SPEC.md §2.1).
public struct SessionQuery: Sendable, Hashable {
    public var level: DetailLevel = .brief
    /// `count`: print the number of matching sessions per member and service set.
    public var count = false
    /// `application-protocol`: the ALG (`tcp` and `udp` select sessions without one).
    public var applicationProtocol: ApplicationFilter?
    public var destinationPort: UInt16?
    public var destinationPrefix: IPPrefix?
    /// `interface`: a member (`mams-0/0/0`) or the whole bundle (`ams0`).
    public var interface: String?
    /// `limit`: at most this many sessions are printed.
    public var limit: Int?
    public var transport: IPProtocol?
    public var serviceSet: String?
    public var sourcePort: UInt16?
    public var sourcePrefix: IPPrefix?

    public init() {}

    /// An `application-protocol` value.
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
        func selects(alg: ApplicationLayerProtocol, transport: IPProtocol) -> Bool {
            let (algs, wanted) = self.algs
            return algs.contains(alg) && (wanted == nil || wanted == transport)
        }
    }

    /// `true` if any filter but `interface` is set, so that counts need the sessions themselves.
    public var isFiltered: Bool {
        applicationProtocol != nil || destinationPort != nil || destinationPrefix != nil || sourcePort != nil
            || sourcePrefix != nil || transport != nil || limit != nil || serviceSet != nil
    }

    /// `true` if the member called `name` of `bundle` is selected by `interface`.
    public func selects(member name: String, bundle: String) -> Bool {
        guard let interface else { return true }
        return interface == name || interface == bundle
    }

    /// `true` if `session` is selected: its service set and ALG match, and one of its flows matches every
    /// address, port and protocol filter together (SPEC.md §2.1).
    public func selects(_ session: SessionSnapshot) -> Bool {
        if let serviceSet, serviceSet != session.serviceSet { return false }
        if let applicationProtocol,
            !applicationProtocol.selects(alg: session.alg, transport: session.initiator.transport)
        {
            return false
        }
        return flowMatches(session.initiator) || flowMatches(session.responder)
    }

    func flowMatches(_ flow: FlowSnapshot) -> Bool {
        if let transport, transport != flow.transport { return false }
        if let sourcePrefix, !sourcePrefix.contains(flow.source) { return false }
        if let destinationPrefix, !destinationPrefix.contains(flow.destination) { return false }
        if let sourcePort, !(flow.hasPorts && flow.sourcePort == sourcePort) { return false }
        if let destinationPort, !(flow.hasPorts && flow.destinationPort == destinationPort) { return false }
        return true
    }

    /// The members with only the selected sessions, at most ``limit`` of them in all, in order; service-set
    /// counts recomputed from what is selected.
    public func apply(to members: [MemberSnapshot]) -> [MemberSnapshot] {
        var remaining = limit ?? Int.max
        return members.map { member in
            var selected = member
            guard selects(member: member.name, bundle: member.bundle) else {
                selected.keepOnly([])
                return selected
            }
            // A snapshot with counts only (no sessions copied out) keeps its counts when nothing but the
            // interface is filtered.
            if member.sessions.isEmpty && !isFiltered { return selected }
            var kept: [SessionSnapshot] = []
            for session in member.sessions where remaining > 0 && selects(session) {
                kept.append(session)
                remaining -= 1
            }
            selected.keepOnly(kept)
            return selected
        }
    }
}
