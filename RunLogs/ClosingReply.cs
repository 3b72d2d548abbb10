namespace Lab.Logs;

/// <summary>What the gateway answered before it closed (<c>reply</c> in <c>do_terminate</c>).</summary>
internal enum ClosingReply
{
    None,

    /// <summary>The http400 reject policy's response.</summary>
    Http400,
}
