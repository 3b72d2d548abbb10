namespace Lab.BrowserLab.Fit;

/// <summary>One load in a run: a navigation (<see cref="Index"/> 0 of its chain) or the error page's reload
/// number <see cref="Index"/> (<see cref="Kind"/>: navigation, auto-reload or network-change), starting at its first event (seconds since the run's first navigation, on the
/// gateway's times shifted onto the browser's clock), with what the gateway saw of it.</summary>
internal sealed record RunLoad(int Chain, int Index, string Kind, double StartS, IReadOnlyList<LoadEvent> Events);
