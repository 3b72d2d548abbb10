using System.Runtime.InteropServices;

namespace Lab.Common.Cli;

/// <summary>
/// Ctrl+C (SIGINT) or SIGTERM for a measuring verb: the first one cancels the token the verb was given, so
/// it stops its load, keeps what it measured and writes its summary marked interrupted; a second one
/// ends the process at once, as a user pressing Ctrl+C twice expects.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _requested = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _signals;

    public Interruption()
    {
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    /// <summary>Cancelled at the first signal.</summary>
    public CancellationToken Token => _requested.Token;

    public bool Requested => _requested.IsCancellationRequested;

    /// <summary>The signal's name, as the line the user reads calls it.</summary>
    public string? Signal { get; private set; }

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _signals) > 1)
            return; // the second signal: the runtime's default, the process ends now
        context.Cancel = true;
        Signal = context.Signal == PosixSignal.SIGINT ? "SIGINT" : "SIGTERM";
        Console.Error.WriteLine($"interrupted ({Signal}): stopping (again to quit at once)");
        _requested.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
        _requested.Dispose();
    }
}
