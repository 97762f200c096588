using System.Text.Json;
using Mosaic.Gateway.Chat;

namespace Mosaic.Gateway.Responses;

/// <summary>A validated Responses API request: the question as a chat request would ask it, and what the response echoes.</summary>
internal sealed record ResponseRequest(ChatQuestion Question, string? Instructions, double? Temperature, double? TopP, IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<JsonElement> Tools);
