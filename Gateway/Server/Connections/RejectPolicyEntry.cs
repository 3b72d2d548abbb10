namespace Lab.Gateway.Connections;

/// <summary>One reject policy as every part of the lab names it: the word <c>--policy</c> takes and head_error
/// lines print, what it does (help), and what a report says the gateway did (BrowserLab's "what happened").</summary>
internal sealed record RejectPolicyEntry(RejectPolicy Policy, string Name, string Does, string InAReport);
