using System.IO.Pipelines;
using Lab.Gateway.Connections;

namespace Lab.Gateway.Middleware;

/// <summary>
/// Counts what is written (<see cref="CountingPipeWriter"/>, which it is rather than wraps: one writer per
/// connection instead of two) and tells the connection's record when its output completes: completing the
/// output is what makes the transport close the socket, so that is the moment to note what the close will
/// put on the wire (FIN, or RST over unread bytes) and, once the transport has let go, that it did. It
/// decides nothing: <see cref="ConnectionEnding"/> does, from these reports and the others.
/// </summary>
internal sealed class ClosingPipeWriter(PipeWriter inner, ConnectionRecord record) : CountingPipeWriter(inner, record)
{
    public override void Complete(Exception? exception = null)
    {
        Record.ClosingGracefully();
        Inner.Complete(exception);
        Record.GracefulCloseSettled();
    }

    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        Record.ClosingGracefully();
        await Inner.CompleteAsync(exception);
        Record.GracefulCloseSettled(); // with inline scheduling the transport has sent its queue and closed by now
    }
}
