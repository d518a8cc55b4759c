// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the ams authors

public import ServicesCore

extension Session {
    /// The class `show services sessions count` counts the session in (SPEC.md §2.5): `invalid` when a flow
    /// drops or rejects its packets or the session is closing (FIN or RST seen), else `pending` while a TCP
    /// handshake is under way, else `valid`.
    @inlinable
    public var validity: SessionValidity { validity(in: phase) }

    /// The class the session would be counted in if its phase were `phase`.
    @inlinable
    public func validity(in phase: SessionPhase) -> SessionValidity {
        if initiatorState == .drop || initiatorState == .reject || responderState == .drop
            || responderState == .reject || phase.isClosing
        {
            return .invalid
        }
        return phase == .synSent || phase == .synReceived ? .pending : .valid
    }
}
