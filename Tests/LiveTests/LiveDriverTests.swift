// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

import Foundation
import Glibc
import JunosConfiguration
import PacketRing
import Policy
import SessionEngine
import Synchronization
import ServicesCore
import Testing
import Wire

/// Live rings on real interfaces (SPEC.md §6): network namespaces joined by veth pairs, real frames from
/// the namespaces' kernels. Root only (CI runs `swift test` as root); every wait is bounded.
@Suite("Live rings and the inline driver", .serialized, .enabled(if: getuid() == 0), .timeLimit(.minutes(3)))
struct LiveDriverTests {
    /// The monitor on one interface sees both directions on it and tells them apart: what the interface
    /// received is the inside side's, what it sent the outside side's.
    @Test func aMonitorOnOneInterfaceSeesBothSides() throws {
        let lab = NetworkLab(namespaces: ["amsLc"], rootInterfaces: ["amsLm"])
        defer { lab.tearDown() }
        try NetworkLab.attach(
            namespace: "amsLc", inner: "amsLc0", address: "10.66.3.1", outer: "amsLm", rootAddress: "10.66.3.2")
        var source = try LiveFrameSource(
            interfaces: [LiveInterface(name: "amsLm", side: .inside, serviceSet: 0)], mode: .monitor)
        #expect(source.interfaceSides.prefix(2) == [.inside, .outside])
        // A datagram to a closed port of the root namespace: in on amsLm, and its ICMP unreachable out.
        _ = try NetworkLab.udpExchange(from: "amsLc", to: "10.66.3.2", port: 9, milliseconds: 1000)
        let sides = source.interfaceSides
        var sawRequest = false
        var sawAnswer = false
        let deadline = Date().addingTimeInterval(3)
        while !(sawRequest && sawAnswer) && Date() < deadline {
            _ = source.lend { bytes, frame in
                guard let packet = try? DecodedPacket(parsing: bytes, linkType: frame.linkType) else { return true }
                let side = sides[Int(frame.interface)]
                if packet.transport == .udp && packet.destinationPort == 9 && packet.source == IPAddress(10, 66, 3, 1) {
                    sawRequest = side == .inside
                }
                if packet.transport == .icmp && packet.icmpType == 3 && packet.source == IPAddress(10, 66, 3, 2) {
                    sawAnswer = side == .outside
                }
                return true
            }
            source.release()
            usleep(5_000)
        }
        #expect(sawRequest && sawAnswer)
        source.rings[0].readStatistics()
        #expect(source.rings[0].statistics.packets >= 2 && source.rings[0].statistics.drops == 0)
    }

    /// An inline ring holds a burst of a thousand frames (a ring of 64 KiB frames held 127), and a frame too
    /// large for its 2 KiB ring frame — a UDP GSO super-frame — is read whole from the socket, in its turn.
    @Test func anInlineRingHoldsABurstAndSuperFramesWhole() throws {
        let lab = NetworkLab(namespaces: ["amsLc"], rootInterfaces: ["amsLm"])
        defer { lab.tearDown() }
        try NetworkLab.attach(
            namespace: "amsLc", inner: "amsLc0", address: "10.66.5.1", outer: "amsLm", rootAddress: "10.66.5.2")
        var ring = try PacketRing(interface: "amsLm", kind: .inline, capturesOutgoing: false)
        // The neighbour is resolved first, so that no datagram waits for ARP.
        _ = try NetworkLab.udpExchange(from: "amsLc", to: "10.66.5.2", port: 9, milliseconds: 1000)
        let fd = try NetworkLab.socket(in: "amsLc", type: Int32(SOCK_DGRAM.rawValue))
        defer { close(fd) }
        // Not connected, so that the port unreachables that come back fail no send.
        var address = NetworkLab.address("10.66.5.2", port: 10)
        func send(_ payload: [UInt8]) -> Int {
            payload.withUnsafeBytes { bytes in
                withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(fd, bytes.baseAddress, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
        }
        let small = [UInt8](repeating: 0x11, count: 64)
        var sentSmall = 0
        for _ in 0..<1_000 where send(small) == 64 { sentSmall += 1 }
        // One send of 8 segments of 1,400 bytes (UDP_SEGMENT): one super-frame across the veth pair.
        var segment: Int32 = 1_400
        let udpSegment: Int32 = 103
        try #require(setsockopt(fd, Int32(IPPROTO_UDP), udpSegment, &segment, socklen_t(MemoryLayout<Int32>.size)) == 0)
        let large = [UInt8](repeating: 0x22, count: 11_200)
        try #require(send(large) == 11_200)

        var smalls = 0
        var superFrames = 0
        var incomplete = 0
        var orderKept = true
        let deadline = Date().addingTimeInterval(3)
        while (smalls < sentSmall || superFrames < 1) && Date() < deadline {
            while let frame = ring.take() {
                guard frame.isComplete else {
                    incomplete += 1
                    continue
                }
                ring.withBytes(of: frame) { bytes in
                    // Ethernet, IPv4 and UDP headers: 42 bytes before the payload.
                    if bytes.count == 42 + 64 && bytes[bytes.count - 1] == 0x11 {
                        smalls += 1
                        orderKept = orderKept && superFrames == 0
                    } else if bytes.count == 42 + 11_200 && frame.length == bytes.count && bytes[bytes.count - 1] == 0x22 {
                        superFrames += 1
                    }
                }
            }
            ring.releaseTaken()
            usleep(5_000)
        }
        #expect(sentSmall == 1_000 && smalls == sentSmall, "\(smalls) of \(sentSmall) small frames")
        #expect(superFrames == 1 && incomplete == 0 && orderKept)
        ring.readStatistics()
        #expect(ring.statistics.drops == 0)
    }

    @Test func aMissingInterfaceIsNamed() {
        do {
            _ = try PacketRing(interface: "amsLnone", kind: .inline, capturesOutgoing: false)
            Issue.record("opened a ring on a missing interface")
        } catch {
            #expect(error.isMissingInterface && error.interface == "amsLnone")
            #expect(error.description.contains("amsLnone"))
        }
    }

    /// http and a bulk port accepted, telnet rejected, UDP 7000 rejected, the rest discarded.
    static func inlineConfiguration() -> EngineConfiguration {
        let udpReject = ApplicationMatch(name: "udp-7000", transport: .udp, destinationPorts: 7000...7000)
        let bulk = ApplicationMatch(name: "bulk", transport: .tcp, destinationPorts: 5001...5001)
        let rule = PolicyRule(
            name: "r1", direction: .input,
            terms: [
                PolicyTerm(name: "web", applications: [PredefinedApplications.named("junos-http")!, bulk], action: .accept),
                PolicyTerm(name: "ping", applications: [PredefinedApplications.named("junos-icmp-all")!], action: .accept),
                PolicyTerm(
                    name: "no-telnet", applications: [PredefinedApplications.named("junos-telnet")!, udpReject],
                    action: .reject),
            ])
        var configuration = EngineConfiguration.builtInDefault(memberCount: 2)
        configuration.serviceSets = [ServiceSetPolicy(name: "ss1", rules: [rule])]
        return configuration
    }

    /// An inline driver running on its own thread until stopped.
    final class DriverThread: @unchecked Sendable {
        let stop = Atomic<Bool>(false)
        let finished = DispatchSemaphore(value: 0)
        let ready = DispatchSemaphore(value: 0)
        var failure: PacketRingError?
        var counters = LiveForwardingCounters()
        var frames: UInt64 = 0
        /// Sessions expired by a wall-clock tick an hour after the last packet, and the time reached then.
        var expiredByTick: UInt64 = 0
        var tickedNow: UInt64 = 0
        var tickedTo: UInt64 = 0
        /// The frames by verdict as the tick published them for `show services sessions analysis`.
        var published: LiveForwardingCounters?

        init(configuration: EngineConfiguration, interfaces: [LiveInterface]) {
            let thread = Thread { [self] in
                defer { finished.signal() }
                var driver: LiveDriver
                do {
                    driver = try LiveDriver(configuration: configuration, interfaces: interfaces, mode: .inline, seed: 1)
                } catch let error as PacketRingError {
                    failure = error
                    ready.signal()
                    return
                } catch {
                    failure = PacketRingError(interface: "?", operation: "\(error)", code: 0)
                    ready.signal()
                    return
                }
                ready.signal()
                while !stop.load(ordering: .relaxed) { _ = driver.pump(waitingAtMost: 10) }
                counters = driver.liveCounters
                frames = driver.counters.frames
                let expired = driver.counters.sessionsExpired
                tickedTo = driver.now + 3_600_000_000_000
                driver.tick(wallClock: tickedTo)
                expiredByTick = driver.counters.sessionsExpired - expired
                tickedNow = driver.now
                published = driver.tables.liveForwarding
            }
            thread.start()
            ready.wait()
        }

        /// Stops the driver and waits for its thread (once; later calls return at once).
        func finish() {
            guard !stop.exchange(true, ordering: .relaxed) else { return }
            finished.wait()
        }
    }

    /// The card between two namespaces on one subnet: accepted TCP connects (ARP crosses as a frame that is
    /// not IP), a bulk transfer crosses whole (GSO super-frames and checksums left to offload sent on with
    /// their virtio header), telnet is refused by the card's RST, UDP 7000 by its ICMP port unreachable,
    /// and a discarded flow's SYN never reaches the listener.
    @Test func inlineForwardsDropsAndRejects() throws {
        let lab = NetworkLab(namespaces: ["amsLa", "amsLb"], rootInterfaces: ["amsLi", "amsLo"])
        defer { lab.tearDown() }
        try NetworkLab.attach(namespace: "amsLa", inner: "amsLa0", address: "10.66.2.1", outer: "amsLi")
        try NetworkLab.attach(namespace: "amsLb", inner: "amsLb0", address: "10.66.2.2", outer: "amsLo")
        let driver = DriverThread(
            configuration: Self.inlineConfiguration(),
            interfaces: [
                LiveInterface(name: "amsLi", side: .inside, serviceSet: 0),
                LiveInterface(name: "amsLo", side: .outside, serviceSet: 0),
            ])
        var listeners: [Int32] = []
        defer {
            driver.finish()
            for fd in listeners { close(fd) }
        }
        try #require(driver.failure == nil, "\(driver.failure!)")
        for port: UInt16 in [80, 23, 5001, 9999] {
            listeners.append(try NetworkLab.listener(in: "amsLb", address: "10.66.2.2", port: port))
        }

        // Accepted: the handshake crosses both ways.
        let web = try NetworkLab.connect(from: "amsLa", to: "10.66.2.2", port: 80, milliseconds: 3000)
        close(web.fd)
        #expect(web.error == 0, "connect to port 80: errno \(web.error)")

        // Rejected: the card's RST, while a listener waits behind it.
        let telnet = try NetworkLab.connect(from: "amsLa", to: "10.66.2.2", port: 23, milliseconds: 2000)
        close(telnet.fd)
        #expect(telnet.error == ECONNREFUSED, "connect to port 23: errno \(telnet.error)")

        // Rejected UDP: ICMP port unreachable, which the sender's kernel reports on its connected socket.
        #expect(try NetworkLab.udpExchange(from: "amsLa", to: "10.66.2.2", port: 7000, milliseconds: 2000) == ECONNREFUSED)

        // Discarded: nothing comes back, and the listener never sees the connection.
        let dropped = try NetworkLab.connect(from: "amsLa", to: "10.66.2.2", port: 9999, milliseconds: 700)
        close(dropped.fd)
        #expect(dropped.error == ETIMEDOUT)
        #expect(accept(listeners[3], nil, nil) < 0)

        // Bulk: 4 MiB across, every byte.
        let bulk = try NetworkLab.connect(from: "amsLa", to: "10.66.2.2", port: 5001, milliseconds: 3000)
        defer { close(bulk.fd) }
        try #require(bulk.error == 0, "connect to port 5001: errno \(bulk.error)")
        var server: Int32 = -1
        var waiting = pollfd(fd: listeners[2], events: Int16(POLLIN), revents: 0)
        if poll(&waiting, 1, 2000) == 1 { server = accept(listeners[2], nil, nil) }
        try #require(server >= 0)
        defer { close(server) }
        let total = 4 << 20
        let chunk = [UInt8](repeating: 0x5A, count: 64 << 10)
        var sent = 0
        var received = 0
        var buffer = [UInt8](repeating: 0, count: 256 << 10)
        let deadline = Date().addingTimeInterval(8)
        while received < total && Date() < deadline {
            if sent < total {
                let n = chunk.withUnsafeBytes { send(bulk.fd, $0.baseAddress, min($0.count, total - sent), Int32(MSG_DONTWAIT)) }
                if n > 0 { sent += n }
            }
            var events = [pollfd(fd: server, events: Int16(POLLIN), revents: 0), pollfd(fd: bulk.fd, events: Int16(POLLOUT), revents: 0)]
            _ = poll(&events, 2, 50)
            let n = buffer.withUnsafeMutableBytes { recv(server, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if n > 0 { received += n }
        }
        #expect(received == total, "received \(received) of \(total) bytes")

        driver.finish()
        #expect(driver.counters.forwarded > 0 && driver.counters.rejected >= 2 && driver.counters.answersSent >= 2)
        #expect(driver.counters.dropped >= 1 && driver.counters.unmatched == 0)
        // The idle engine's clock moves on by the wall clock, and the sessions' timeouts end them.
        #expect(driver.expiredByTick >= 4 && driver.tickedNow == driver.tickedTo)
        // The tick published the same figures for `show services sessions analysis`.
        #expect(driver.published?.forwarded == driver.counters.forwarded)
        #expect(driver.published?.rejected == driver.counters.rejected && (driver.published?.answersSent ?? 0) >= 2)
    }

    /// A monitor driver takes the sessions of what it sees, and sends nothing.
    @Test func aMonitorDriverMakesSessions() throws {
        let lab = NetworkLab(namespaces: ["amsLc"], rootInterfaces: ["amsLm"])
        defer { lab.tearDown() }
        try NetworkLab.attach(
            namespace: "amsLc", inner: "amsLc0", address: "10.66.3.1", outer: "amsLm", rootAddress: "10.66.3.2")
        var driver = try LiveDriver(
            configuration: .builtInDefault(memberCount: 2),
            interfaces: [LiveInterface(name: "amsLm", side: .inside, serviceSet: 0)], mode: .monitor, seed: 1)
        for port: UInt16 in 9..<13 {
            _ = try NetworkLab.udpExchange(from: "amsLc", to: "10.66.3.2", port: port, milliseconds: 500)
        }
        let deadline = Date().addingTimeInterval(3)
        while driver.counters.sessionsCreated < 4 && Date() < deadline { _ = driver.pump(waitingAtMost: 20) }
        #expect(driver.counters.sessionsCreated >= 4)
        #expect(driver.liveCounters == LiveForwardingCounters())
        let statistics = driver.ringStatistics()
        #expect(statistics.count == 1 && statistics[0].interface == "amsLm" && statistics[0].statistics.drops == 0)
        // A tick publishes the ring's counters for `show services sessions analysis`.
        driver.tick(wallClock: driver.now)
        let published = driver.tables.liveInterfaces
        #expect(published.count == 1)
        #expect(published.first?.name == "amsLm" && published.first?.side == "inside")
        #expect((published.first?.framesReceived ?? 0) >= 8 && published.first?.ringDrops == 0)
    }
}
