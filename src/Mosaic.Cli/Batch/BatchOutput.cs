using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mosaic.Abstractions.Results;
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

    public static string Line(int index, BatchLine line, QuestionResult? result, string model, string jobId)
    {
        var node = new JsonObject { ["id"] = $"batch_req_{index:D6}", ["custom_id"] = line.CustomId };
        if (line.Error is { } error || result is null)
        {
            node["response"] = null;
            node["error"] = new JsonObject { ["code"] = line.Error is null ? "not_answered" : "invalid_request", ["message"] = line.Error ?? "the job ended before this question was answered" };
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
    /// Fails before any work when <paramref name="path"/> could not be written at the end: a folder, under a file, or
    /// in a folder this process may not write to. Creates nothing (a missing folder is created when the file is written).
    /// </summary>
    /// <exception cref="UsageException">The path cannot be written; the message names it and why.</exception>
    public static void CheckWritable(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new UsageException($"-o '{path}' is a folder; name the file to write, such as {Path.Combine(path, "results.jsonl")}");
        }

        var folder = Path.GetDirectoryName(full)!;
        while (!Directory.Exists(folder))
        {
            if (File.Exists(folder))
            {
                throw new UsageException($"-o '{path}': '{folder}' is a file, not a folder");
            }

            folder = Path.GetDirectoryName(folder)!;
        }

        var probe = Path.Combine(folder, $".mosaic-run-probe-{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new UsageException($"-o '{path}' cannot be written: {e.Message}");
        }
    }

    /// <summary>Writes the lines to a temporary file in the output's folder and renames it over <paramref name="path"/>.</summary>
    public static void WriteAtomically(string path, IEnumerable<string> lines)
    {
        var full = Path.GetFullPath(path);
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
        JsonSerializer.SerializeToNode(CompletionFactory.Completion($"chatcmpl-{jobId}-{index:D6}", model, result, jobId, line.Question?.Skill), GatewayJson.Options)!;
}
