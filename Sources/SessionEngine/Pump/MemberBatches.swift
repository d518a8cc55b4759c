// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

/// The ``PacketSink`` of every replay: packets are written straight into their member's current batch (a
/// cache-line-aligned buffer of its ``MemberLane``); a full batch is delivered — queued for the
/// ``ReplayCrew`` to run on whichever thread is free, or, without a crew, run at once on this thread.
///
/// With `keeping` set, packets routed to the members it leaves out are not processed, only counted
/// (``leftOut``): the sink of a member that reads the whole capture itself (`--independent-members`), which
/// keeps that member's — those sinks meet at a `barrier` when they settle —, or of a shard of the members
/// (`--member-shard`, ``MemberShard``). Without it, the test costs one predictable branch per packet.
struct MemberBatches: PacketSink, ~Copyable {
    let lanes: [MemberLane]
    /// Runs the members in parallel; `nil`: they run inline, on the pump's thread.
    let crew: ReplayCrew?
    /// `true` when some members' packets are left out (``keeps``).
    let filters: Bool
    /// Per member, `true` if its packets are processed (all, unless ``filters``).
    private let keeps: UnsafeMutableBufferPointer<Bool>
    /// Per member, the packets routed to it and left out (0 for the members kept).
    let leftOut: UnsafeMutableBufferPointer<UInt64>
    /// Where the sinks of independent members wait for each other in ``settle(_:)``.
    let barrier: ReplayBarrier?
    /// Packets per batch (every lane's batches have the same size).
    private let capacity: Int
    /// Per member, the batch being filled (`nil` for the members left out).
    private var filling: [PacketBatch?]
    /// Per member, where the next packet goes in its batch, and how many the batch holds.
    private let staging: UnsafeMutableBufferPointer<UnsafeMutablePointer<SessionPacket>>
    private let staged: UnsafeMutableBufferPointer<Int>

    /// - Parameters:
    ///   - keeping: per member, `true` if its packets are processed (at least one); `nil`: every member's.
    ///   - barrier: for independent members, shared by the sinks of all of them (one party each).
    init(lanes: [MemberLane], crew: ReplayCrew?, keeping: [Bool]? = nil, barrier: ReplayBarrier? = nil) {
        self.lanes = lanes
        self.crew = crew
        self.barrier = barrier
        let kept = keeping ?? Array(repeating: true, count: lanes.count)
        filters = kept.contains(false)
        keeps = .allocate(capacity: lanes.count)
        _ = keeps.initialize(from: kept)
        leftOut = .allocate(capacity: lanes.count)
        leftOut.initialize(repeating: 0)
        filling = lanes.indices.map { member in kept[member] ? lanes[member].takeEmpty()! : nil }
        let first = filling.first { $0 != nil }!!
        capacity = first.packets.count
        staging = .allocate(capacity: lanes.count)
        // Members left out are never written to; their pointer is the kept member's, never used.
        for member in lanes.indices { staging[member] = (filling[member] ?? first).packets.baseAddress! }
        staged = .allocate(capacity: lanes.count)
        staged.initialize(repeating: 0)
    }

    deinit {
        // Batches still being filled go back to their lanes (nothing is in them after `flush`).
        for member in lanes.indices { if let batch = filling[member] { lanes[member].giveBack(batch) } }
        staging.deallocate()
        staged.deallocate()
        keeps.deallocate()
        leftOut.deallocate()
    }

    @inline(__always)
    mutating func take(_ packet: SessionPacket, member: Int) {
        if filters && !keeps[member] {
            leftOut[member] &+= 1
            return
        }
        let slot = staged[member]
        // `slot` < the batch's capacity: a full batch is delivered below and a new one started.
        staging[member][slot] = packet
        staged[member] = slot &+ 1
        if slot &+ 1 == capacity { deliver(member) }
    }

    /// A group of one member's packets: run at once, without a copy into a batch, where the member runs
    /// inline and has nothing waiting (one member: the whole replay goes this way).
    mutating func take(group packets: Span<SessionPacket>, member: Int) {
        guard crew == nil, !filters || keeps[member], staged[member] == 0 else {
            for index in packets.indices { take(packets[index], member: member) }
            return
        }
        lanes[member].processor.process(batch: packets)
    }

    mutating func flush() {
        for member in lanes.indices where staged[member] > 0 { deliver(member) }
    }

    /// Delivers what was taken, and then, once every member has processed everything it was given — run
    /// inline, or by the crew (this thread helping), or, for independent members, each by its own pump,
    /// which all reach this point at the same packet — lends `body` their sessions. Independent members'
    /// pumps wait for each other before (every member is done) and after (no one reads a member any more).
    mutating func settle(_ body: (MemberSessions?) -> Void) {
        flush()
        crew?.settle()
        barrier?.wait()
        body(MemberSessions(lanes: lanes))
        barrier?.wait()
    }

    /// Hands member `member`'s batch over and starts its next one.
    private mutating func deliver(_ member: Int) {
        var batch = filling[member]!
        batch.count = staged[member]
        if let crew {
            crew.push(batch, to: member)
            batch = crew.emptyBatch(for: member)
            filling[member] = batch
        } else {
            lanes[member].run(batch)
            batch.count = 0
        }
        staging[member] = batch.packets.baseAddress!
        staged[member] = 0
    }
}
