// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import ServicesCore
import Wire

/// A small two-member table: an FTP control session and its FTP data child on `mams-5/0/0`, an ICMP
/// session (no ports) on `mams-5/1/0`, plus an empty member that every document must leave out.
enum DocumentFixtures {
    static let client = IPAddress(10, 1, 1, 2)
    static let server = IPAddress(192, 0, 2, 10)

    static func flow(
        _ transport: IPProtocol, _ source: IPAddress, _ sourcePort: UInt16, _ destination: IPAddress,
        _ destinationPort: UInt16, _ state: FlowState, _ role: FlowRole, frames: UInt64, bytes: UInt64, timeout: UInt32
    ) -> FlowSnapshot {
        FlowSnapshot(
            transport: transport, source: source, sourcePort: sourcePort, destination: destination,
            destinationPort: destinationPort, hasPorts: transport.hasPorts, state: state, role: role,
            frames: frames, bytes: bytes, timeout: timeout)
    }

    static let ftpControl = SessionSnapshot(
        id: 16_777_217, serviceSet: "ss1", alg: .ftp, flags: 0, ipAction: false, offload: false, asymmetric: false,
        parentID: nil, sessionTimeout: nil,
        initiator: flow(.tcp, client, 36412, server, 21, .watch, .initiator, frames: 13, bytes: 1289, timeout: 30),
        responder: flow(.tcp, server, 21, client, 36412, .watch, .responder, frames: 12, bytes: 1031, timeout: 30))

    static let ftpData = SessionSnapshot(
        id: 16_777_218, serviceSet: "ss1", alg: .ftp, flags: 0x20_0000, ipAction: false, offload: false,
        asymmetric: false, parentID: 16_777_217, sessionTimeout: nil,
        initiator: flow(.tcp, server, 20, client, 40000, .forward, .initiator, frames: 7, bytes: 5000, timeout: 30),
        responder: flow(.tcp, client, 40000, server, 20, .forward, .responder, frames: 5, bytes: 260, timeout: 30))

    static let ping = SessionSnapshot(
        id: 33_554_433, serviceSet: "ss2", alg: .icmp, flags: 0, ipAction: false, offload: false, asymmetric: false,
        parentID: nil, sessionTimeout: nil,
        initiator: flow(.icmp, IPAddress(10, 1, 1, 3), 0, server, 0, .forward, .initiator, frames: 4, bytes: 336, timeout: 60),
        responder: flow(.icmp, server, 0, IPAddress(10, 1, 1, 3), 0, .forward, .responder, frames: 4, bytes: 336, timeout: 60))

    static let members = [
        MemberSnapshot(
            name: "mams-5/0/0", bundle: "ams0", sessions: [ftpControl, ftpData],
            serviceSetCounts: [("ss1", 2), ("ss2", 0)]),
        MemberSnapshot(
            name: "mams-5/1/0", bundle: "ams0", sessions: [ping],
            serviceSetCounts: [("ss1", 0), ("ss2", 1)]),
        MemberSnapshot(name: "mams-6/0/0", bundle: "ams0", sessions: [], serviceSetCounts: [("ss1", 0), ("ss2", 0)]),
    ]

    /// The `count` rows of the two members, zero counts included (the FTP data child still in its handshake).
    static let countRows = [
        SessionCountRow(member: "mams-5/0/0", serviceSet: "ss1", valid: 1, pending: 1),
        SessionCountRow(member: "mams-5/0/0", serviceSet: "ss2"),
        SessionCountRow(member: "mams-5/1/0", serviceSet: "ss1"),
        SessionCountRow(member: "mams-5/1/0", serviceSet: "ss2", valid: 1),
    ]
}
