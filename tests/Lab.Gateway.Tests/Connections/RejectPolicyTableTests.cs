using System.CommandLine;
using Lab.Common.Cli;
using Lab.Gateway.Cli;
using Lab.Gateway.Connections;

namespace Lab.Gateway.Tests.Connections;

/// <summary>Issue 26 §4: the reject policies' one table. Every policy has one row, its name parses back to it, and
/// the names, help and usage errors all come from the rows: a new policy is a row plus its behaviour.</summary>
public class RejectPolicyTableTests
{
    [Fact]
    public void EveryPolicyHasOneRowAndItsNameParsesBackToIt()
    {
        Assert.Equal(Enum.GetValues<RejectPolicy>().Order(), RejectPolicyNames.Table.Select(e => e.Policy).Order());
        Assert.Equal(RejectPolicyNames.Table.Count, RejectPolicyNames.Table.Select(e => e.Name).Distinct().Count());
        Assert.All(Enum.GetValues<RejectPolicy>(), p => Assert.Equal(p, RejectPolicyNames.Parse(RejectPolicyNames.Of(p))));
        Assert.All(RejectPolicyNames.Table, e => Assert.Matches("^[a-z0-9]+$", e.Name));
        // The words the logs and the docs hold: older run directories print exactly these.
        Assert.Equal(["fin", "rst", "http400", "hold"], RejectPolicyNames.All);
    }

    [Fact]
    public void HelpAndTheUsageErrorListWhatTheTableHolds()
    {
        var error = Assert.Throws<UsageException>(() => RejectPolicyNames.Parse("drop", "--policies"));
        Assert.Equal("--policies: 'drop' is not a policy; use fin, rst, http400 or hold", error.Message);

        var help = new StringWriter();
        GatewayCli.Create().Parse(["serve", "--help"]).Invoke(new InvocationConfiguration { Output = help });
        var text = string.Join(' ', help.ToString().Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
        Assert.All(RejectPolicyNames.Table, e => Assert.Contains($"{e.Name} ({e.Does})", text));
        Assert.Contains("--policy <fin|rst|http400|hold>", text);
    }
}
