using Lab.Logs;
namespace Lab.Gateway.Connections;

/// <summary>How a connection ended, as <c>do_terminate</c> writes it.</summary>
internal readonly record struct ConnectionOutcome(TerminateReason Reason, ClosingSide ClosedBy, CloseKind CloseKind, ClosingReply Reply);
