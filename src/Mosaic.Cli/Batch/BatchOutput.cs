using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mosaic.Abstractions.Results;
using Mosaic.Gateway.Batches;
using Mosaic.Gateway.Chat;
using Mosaic.Gateway.Hosting;

namespace Mosaic.Cli.Batch;

/// <summary>
/// Output lines in the OpenAI Batch format:
/// <c>{"id", "custom_id", "response": {"status_code": 200, "request_id", "body": &lt;chat.completion&gt;}, "error": null}</c>,
/// or <c>"response": null, "error": {"code", "message"}</c> for a line that could not be answered. The completion's
/// message is the final MoA answer: the aggregator's response, or the response of an expert in the majority when the
/// gate skipped the aggregator; its <c>mosaic</c> object carries each expert's extracted answer, the votes and the gate's
/// decision, the same object the gateway answers with (<see cref="CompletionFactory"/>). The file is written whole to a temporary file beside the output and renamed over it, so a killed run
/// leaves no partial output.
/// </summary>
internal static class BatchOutput
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="jobError">Why the job ended early, for the lines it left unanswered (null: it completed).</param>
    /// <param name="customId">The line's name in the output (<see cref="BatchRequests.CustomIds"/>).</param>
    public static string Line(int index, BatchLine line, string customId, QuestionResult? result, string model, string jobId, string? jobError = null)
    {
        var node = new JsonObject { ["id"] = $"batch_req_{index:D6}", ["custom_id"] = customId };
        if (line.Error is { } error || result is null)
        {
            node["response"] = null;
            node["error"] = new JsonObject
            {
                ["code"] = line.Error is null ? "not_answered" : line.Error.Code ?? "invalid_request",
                ["message"] = line.Error?.Message ?? $"the job ended before this question was answered{(jobError is null ? "" : $" ({jobError})")}",
            };
        }
        else if (!CompletionFactory.HasAnswer(result))
        {
            // Every call failed: an error, as the gateway's batches answer it, not a 200 with empty content.
            node["response"] = null;
            node["error"] = new JsonObject
            {
                ["code"] = CompletionFactory.FailureCode(result),
                ["message"] = $"line {line.Number}: no model answered ({CompletionFactory.Failure(result)})",
            };
        }
        else
        {
            node["response"] = new JsonObject
            {
                ["status_code"] = 200,
                ["request_id"] = $"{jobId}-{index:D6}",
                ["body"] = Completion(index, line, result, model, jobId),
            };
            node["error"] = null;
        }

        return node.ToJsonString(Compact);
    }

    /// <summary>
    /// Writes the lines to a temporary file in the output's folder and renames it over <paramref name="path"/> (as
    /// <see cref="OutputFiles.CheckWritable"/> returned it), so a killed run leaves no partial file; a device or a FIFO is written in place.
    /// </summary>
    public static void WriteAtomically(string path, IEnumerable<string> lines)
    {
        var full = Path.GetFullPath(path);
        if (FileKinds.Of(full) == FileKind.Special)
        {
            using var special = new StreamWriter(new FileStream(full, FileMode.Open, FileAccess.Write), new System.Text.UTF8Encoding(false));
            foreach (var line in lines)
            {
                special.Write(line);
                special.Write('\n');
            }

            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = $"{full}.{Environment.ProcessId}.tmp";
        try
        {
            using (var writer = new StreamWriter(temporary, append: false, new System.Text.UTF8Encoding(false)))
            {
                foreach (var line in lines)
                {
                    writer.Write(line);
                    writer.Write('\n');
                }

                writer.Flush();
                ((FileStream)writer.BaseStream).Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>The gateway's own <c>chat.completion</c> (its <c>mosaic</c> extension included), so a batch file gets the same output lines from <c>mosaic run</c> and from the gateway.</summary>
    private static JsonNode Completion(int index, BatchLine line, QuestionResult result, string model, string jobId) =>
        JsonSerializer.SerializeToNode(CompletionFactory.Completion($"chatcmpl-{jobId}-{index:D6}", model, result, jobId, line.Question?.Skill, line.Question?.Stop), GatewayJson.Options)!;
}
