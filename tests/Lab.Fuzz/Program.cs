using Lab.Fuzz;
using SharpFuzz;

// Run under afl++ by `./lab fuzz --minutes N` (Lab.Framing.dll, where the parser lives, instrumented by SharpFuzz first).
// With a file argument, replays that one input (to reproduce a finding).
if (args.Length == 1)
{
    FramingTarget.Check(File.ReadAllBytes(args[0]));
    Console.WriteLine("ok");
    return;
}
Fuzzer.Run(stream =>
{
    using var copy = new MemoryStream();
    stream.CopyTo(copy);
    FramingTarget.Check(copy.ToArray());
});
