using Quarry.Core.Readers;

namespace Quarry.Core.Tests;

public class EntryNamesTests
{
    [Theory]
    [InlineData("a/b/invoice.pdf", "a/b/invoice.pdf")]
    [InlineData("../../etc/passwd", "etc/passwd")]
    [InlineData("/abs/x.txt", "abs/x.txt")]
    [InlineData("C:\\win\\x.txt", "win/x.txt")]
    [InlineData("c:/win/x.txt", "win/x.txt")]
    [InlineData("C:x.txt", "x.txt")]
    [InlineData("a/./b/../c.txt", "a/c.txt")]
    [InlineData("../../a/../../b.txt", "b.txt")]
    [InlineData("\\\\server\\share\\x.txt", "server/share/x.txt")]
    [InlineData("a//b///c.txt", "a/b/c.txt")]
    [InlineData("in\u0000voi\u001Fce\r\n.pdf", "invoice.pdf")]
    [InlineData(" a / b.txt ", "a/b.txt")]
    [InlineData("...", "...")]
    [InlineData("résumé 2024.pdf", "résumé 2024.pdf")]
    public void NamesBecomeSafeRelativePaths(string name, string expected) =>
        Assert.Equal(expected, EntryNames.Sanitize(name, "fallback"));

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("/")]
    [InlineData("../..")]
    [InlineData("C:\\")]
    [InlineData("C:")]
    [InlineData("\u0001\u0002")]
    [InlineData(" . / .. ")]
    public void ANameWithNothingLeftGetsTheFallback(string? name) =>
        Assert.Equal("entry-3", EntryNames.Sanitize(name, "entry-3"));

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\me\\invoice.pdf", "invoice.pdf")]
    [InlineData("invoice.pdf", "invoice.pdf")]
    [InlineData("..", "x")]
    public void FileNameKeepsOnlyTheLastSegment(string name, string expected) =>
        Assert.Equal(expected, EntryNames.FileName(name, "x"));
}
