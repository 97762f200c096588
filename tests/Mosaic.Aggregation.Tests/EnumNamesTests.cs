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

    [Theory]
    [InlineData("DarkBlue")]
    [InlineData("Dark-Blue")]
    [InlineData(" red")]
    [InlineData(null)]
    public void TryParse_IsExact(string? name) => Assert.False(EnumNames<Colour>.TryParse(name, out _));

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
