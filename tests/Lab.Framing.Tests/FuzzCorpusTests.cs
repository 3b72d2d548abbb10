using Lab.Fuzz;

namespace Lab.Framing.Tests;

/// <summary>The fuzzer's corpus (tests/Lab.Fuzz/corpus, seeds and whatever `./lab fuzz` kept) replayed
/// through its target on every test run: a past finding can never come back unnoticed.</summary>
public class FuzzCorpusTests
{
    public static TheoryData<string> Inputs()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "FuzzCorpus")).Order())
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void CorpusInputAgreesWithTheReferenceDecoder(string name) =>
        FramingTarget.Check(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "FuzzCorpus", name)));
}
