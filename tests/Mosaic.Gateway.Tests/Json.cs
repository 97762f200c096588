using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Mosaic.Gateway.Tests;

/// <summary>Raw HTTP and JSON helpers for checks the SDK does not expose (status codes, error bodies, extensions).</summary>
internal static class Json
{
    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Body(object value) => Body(JsonSerializer.Serialize(value));

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>Asserts OpenAI's error shape with the status and code, and returns the error object.</summary>
    public static async Task<JsonElement> AssertErrorAsync(HttpResponseMessage response, int status, string? code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.DoesNotContain("\n", error.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        Assert.True(error.TryGetProperty("param", out _));
        Assert.Equal(code, error.GetProperty("code").GetString());
        return error;
    }

    public static string[] Lines(string jsonl) => jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient http, string url, object value) => http.PostAsJsonAsync(url, value);
}
