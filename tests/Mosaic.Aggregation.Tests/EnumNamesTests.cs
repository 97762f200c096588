using System.Text.Json.Serialization;

namespace Mosaic.Aggregation.Tests;

public sealed class EnumNamesTests
{
    public enum Colour
    {
        [JsonStringEnumMemberName("red")]
        Red,

        [JsonStringEnumMemberName("dark-blue")]
        DarkBlue,
    }

    public enum Unnamed
    {
        [JsonStringEnumMemberName("one")]
        One,

        Two,
    }

    [Fact]
    public void Names_AreTheJsonMemberNames_InDeclarationOrder()
    {
        Assert.Equal(["red", "dark-blue"], EnumNames<Colour>.All);
        Assert.Equal("dark-blue", EnumNames<Colour>.NameOf(Colour.DarkBlue));
        Assert.True(EnumNames<Colour>.TryParse("dark-blue", out var parsed));
        Assert.Equal(Colour.DarkBlue, parsed);
    }

    public enum Clashing
    {
        [JsonStringEnumMemberName("one")]
        One,

        [JsonStringEnumMemberName("One")]
        Other,
    }

    /// <summary>One rule for every name users write (pool files used to take "MCQ" but refuse "Instruct").</summary>
    [Theory]
    [InlineData("Dark-Blue", Colour.DarkBlue)]
    [InlineData("DARK-BLUE", Colour.DarkBlue)]
    [InlineData(" red ", Colour.Red)]
    [InlineData("Red", Colour.Red)]
    public void TryParse_IgnoresCaseAndSurroundingSpace(string name, Colour expected)
    {
        Assert.True(EnumNames<Colour>.TryParse(name, out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData("DarkBlue")]
    [InlineData("dark_blue")]
    [InlineData("dark - blue")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_OtherSpellings_AreRefused(string? name) => Assert.False(EnumNames<Colour>.TryParse(name, out _));

    [Fact]
    public void NamesDifferingOnlyInCase_AreAProgrammingError()
    {
        var error = Assert.Throws<TypeInitializationException>(() => EnumNames<Clashing>.All);
        Assert.Equal("Clashing names 'one' twice, ignoring case", error.InnerException!.Message);
    }

    [Fact]
    public void NameOf_AnUndefinedValue_IsRejected() =>
        Assert.StartsWith("unknown Colour", Assert.Throws<ArgumentOutOfRangeException>(() => EnumNames<Colour>.NameOf((Colour)42)).Message);

    [Fact]
    public void AMemberWithoutAName_IsAProgrammingError()
    {
        var error = Assert.Throws<TypeInitializationException>(() => EnumNames<Unnamed>.All);
        Assert.Equal("Unnamed.Two has no [JsonStringEnumMemberName]", error.InnerException!.Message);
    }
}
