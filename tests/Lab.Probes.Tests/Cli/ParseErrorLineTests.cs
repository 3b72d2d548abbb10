using System.CommandLine;
using Lab.Common.Cli;

namespace Lab.Probes.Tests.Cli;

/// <summary>The one line a command line that does not parse gets (Common/Cli), on a small tree of its own.</summary>
public class ParseErrorLineTests
{
    private static RootCommand Tree()
    {
        var census = new Command("census") { new Option<int?>("--port"), new Option<string>("--policy").OneOf("fin", "rst", "http400", "hold") };
        census.SetAction(_ => 0);
        var hidden = new Command("hold-clients") { Hidden = true };
        return new RootCommand { census, new Command("http"), hidden };
    }

    [Theory]
    [InlineData("unrecognized command 'htp'; the commands are census, http", "htp")]
    [InlineData("a command is required: census, http")]
    [InlineData("--port: 'http' is not a whole number", "census", "--port", "http")]
    [InlineData("unrecognized option '--bogus'", "census", "--bogus")]
    [InlineData("unexpected argument 'extra'", "census", "extra")]
    [InlineData("--policy: 'foo' is not one of fin, rst, http400, hold", "census", "--policy", "foo")]
    public void TheLineIsTheMistakeToFixFirstInTheWordsTyped(string line, params string[] args) =>
        Assert.Equal(line, ParseErrorLine.Of(Tree().Parse(args)));

    [Fact]
    public void ChoicesAreListedInHelpInTheirOwnOrder()
    {
        var output = new StringWriter();
        Tree().Parse(["census", "--help"]).Invoke(new InvocationConfiguration { Output = output });

        Assert.Contains("--policy <fin|rst|http400|hold>", output.ToString());
    }
}
