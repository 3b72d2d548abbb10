using System.Text;
using Lab.Testing;

namespace Lab.Framing.Tests;

public class HeaderGuessTests
{
    [Theory]
    [MemberData(nameof(BadHeads.All), MemberType = typeof(BadHeads))]
    public void BadHeadsAreRecognised(string name, byte[] bytes, uint declared, string origin)
    {
        _ = declared;
        Assert.True(HeaderGuess.Guess(bytes.AsSpan(0, Math.Min(16, bytes.Length))).Origin == origin, name);
    }

    [Theory]
    [InlineData("GET /x", "GET")]
    [InlineData("DELETE /x", "DELETE")]
    [InlineData("OPTIONS * HTTP/1.1", "OPTIONS")]
    [InlineData("HEAD", "HEAD")]
    public void HttpMethodIsTheDetail(string head, string method)
    {
        var guess = HeaderGuess.Guess(Encoding.ASCII.GetBytes(head));
        Assert.Equal("http", guess.Origin);
        Assert.Equal(method, guess.Detail);
    }

    [Fact]
    public void TlsClientHelloReportsItsOwnVersionNotTheRecordLayers()
    {
        var guess = HeaderGuess.Guess(BadHeads.TlsClientHello);
        Assert.Equal("tls", guess.Origin);
        Assert.StartsWith("ClientHello TLS 1.2", guess.Detail);
    }

    [Fact]
    public void ProxyRespAndUnknownAreRecognised()
    {
        Assert.Equal("proxy-v1", HeaderGuess.Guess("PROXY TCP4 1.2.3.4"u8).Origin);
        Assert.Equal("proxy-v2", HeaderGuess.Guess(new byte[] { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21 }).Origin);
        Assert.Equal("resp", HeaderGuess.Guess("*3\r\n$3\r\nSET"u8).Origin);
        Assert.Equal("unknown", HeaderGuess.Guess(new byte[] { 0x7F, 0x00, 0x00, 0x01 }).Origin);
    }
}
