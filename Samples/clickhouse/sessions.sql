-- SPDX-License-Identifier: Apache-2.0
-- Copyright (c) 2026 the ams authors
--
-- The session records of `ams replay --records` / `ams run --records` (JSON lines, README "Session
-- records") as a ClickHouse table, loaded with `INSERT INTO sessions FORMAT JSONEachRow`. The columns are
-- the keys of a line, in its order. Works on Debian bookworm's ClickHouse 18.16, which has no DateTime64:
-- `start` and `end` (RFC 3339 with milliseconds) are kept as text, and the exact times as nanoseconds since
-- the epoch (`start_ns`, `end_ns`, `recorded_ns`; toDateTime(intDiv(end_ns, 1000000000)) for a DateTime).
CREATE TABLE IF NOT EXISTS sessions
(
    member String,
    bundle String,
    service_set String,
    session_id UInt64,
    parent_id Nullable(UInt64),
    alg String,
    protocol String,
    protocol_number UInt8,
    initiator_source String,
    initiator_source_port UInt16,
    initiator_destination String,
    initiator_destination_port UInt16,
    initiator_packets UInt64,
    initiator_bytes UInt64,
    responder_source String,
    responder_source_port UInt16,
    responder_destination String,
    responder_destination_port UInt16,
    responder_packets UInt64,
    responder_bytes UInt64,
    start Nullable(String),
    end String,
    reason String,
    phase String,
    initiator_state String,
    responder_state String,
    alg_flags UInt8,
    timeout UInt32,
    start_ns Nullable(UInt64),
    end_ns UInt64,
    recorded_ns UInt64
)
ENGINE = MergeTree()
ORDER BY (member, session_id)
