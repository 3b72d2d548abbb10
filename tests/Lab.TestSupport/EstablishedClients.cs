namespace Lab.TestSupport;

/// <summary>How many client ends are established to a local port, by <c>ss</c>: the count a test waits for before it
/// acts on connections another process opened. Only established ones count, so an earlier test's TIME_WAIT left on
/// the same port number is not one of them.</summary>
internal static class EstablishedClients
{
    public static int To(int port) =>
        Command.Output("ss", "-Htn", "state", "established", $"( dport = :{port} )").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
}
