using System.Text.Json;
using Mosaic.Gateway.Hosting;

namespace Mosaic.Gateway.Tests;

/// <summary>
/// JSON errors name the line and byte counted from 1, where System.Text.Json counts from 0 and appends its path; its
/// advice to the program ("Change the reader options.") is left out.
/// </summary>
public sealed class JsonErrorTextTests
{
    [Theory]
    [InlineData("{\n  \"a\": [\n    oops\n", "'o' is an invalid start of a value at line 3, byte 5")]
    [InlineData("{\"custom_id\": \"b\", nope}", "'n' is an invalid start of a property name. Expected a '\"' at byte 20")]
    [InlineData("{\"a\": 1,}", "The JSON object contains a trailing comma at the end which is not supported in this mode at byte 9")]
    [InlineData("{\"é\": x}", "'x' is an invalid start of a value at byte 8")] // 'é' is two bytes
    public void Describe_CountsFromOne_WithoutTheReadersAdvice(string json, string expected)
    {
        var error = Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(json));

        Assert.Equal(expected, JsonErrorText.Describe(error));
    }
}
