namespace Lab.Gateway.Connections;

/// <summary>What the gateway answered before it closed (<c>reply</c> in <c>do_terminate</c>).</summary>
internal enum ClosingReply
{
    None,

    /// <summary>The <see cref="RejectPolicy.Http400"/> response.</summary>
    Http400,
}
