namespace Lab.Bench;

/// <summary>The reject storm's run directory after one slice, as its verdict reads it: the gateway's RSS, the
/// names of the files in the directory, and their bytes.</summary>
internal sealed record RejectStormSlice(int Slice, long RssKiB, IReadOnlyList<string> Files, long Bytes);
