using System.Buffers;
using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Mosaic.Aggregation.Extraction;

namespace Mosaic.Cli.Commands;

/// <summary>
/// <c>mosaic extract</c>: reads JSON lines <c>{"id": str, "text": str}</c> on stdin and writes
/// <c>{"id": str, "answer": str|null}</c> on stdout, one line per input line, in order. A malformed line gets one line
/// on stderr naming its line number and no output line, and the rest is still processed; blank lines are skipped.
/// Exit code 0 when every line was well formed, 2 when any was malformed or the format is unknown.
/// </summary>
internal static class ExtractCommand
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var format = new Option<string>("--format")
        {
            Description = "answer format",
            DefaultValueFactory = _ => "auto",
        };
        format.AcceptOnlyFromAmong([.. AnswerFormatNames.All]);
        var lastOption = new Option<string>("--last-option")
        {
            Description = "last option letter of multiple-choice questions (J for MMLU-Pro, D for MMLU)",
            DefaultValueFactory = _ => "J",
        };
        var command = new Command("extract", "Extract canonical final answers from model outputs (JSON lines on stdin).")
        {
            format, lastOption,
        };

        command.SetAction(parsed =>
        {
            var name = parsed.GetValue(format);
            if (!AnswerFormatNames.TryParse(name, out var answerFormat))
            {
                stderr.WriteLine($"error: unknown format '{name}' (expected one of: {string.Join(", ", AnswerFormatNames.All)})");
                return ExitCodes.UsageError;
            }

            var letter = parsed.GetValue(lastOption);
            if (letter is not { Length: 1 } || !char.IsAsciiLetter(letter[0]))
            {
                stderr.WriteLine($"error: --last-option must be a single letter, got '{letter}'");
                return ExitCodes.UsageError;
            }

            return Run(stdin, stdout, stderr, answerFormat, char.ToUpperInvariant(letter[0]));
        });
        return command;
    }

    internal static int Run(TextReader input, TextWriter output, TextWriter errors, AnswerFormat format, char lastOptionLetter)
    {
        var malformed = 0;
        var lineNumber = 0;
        while (input.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (!TryRead(line, out var id, out var text, out var problem))
            {
                errors.WriteLine($"line {lineNumber}: {problem}");
                malformed++;
                continue;
            }

            output.WriteLine(Write(id, AnswerExtractor.Extract(text, format, lastOptionLetter)));
        }

        return malformed == 0 ? ExitCodes.Success : ExitCodes.UsageError;
    }

    private static bool TryRead(string line, out string id, out string text, out string problem)
    {
        id = text = problem = string.Empty;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            problem = "not valid JSON";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "expected a JSON object with string fields \"id\" and \"text\"";
                return false;
            }

            if (!root.TryGetProperty("id", out var idValue) || idValue.ValueKind != JsonValueKind.String)
            {
                problem = "missing string field \"id\"";
                return false;
            }

            if (!root.TryGetProperty("text", out var textValue) || textValue.ValueKind != JsonValueKind.String)
            {
                problem = $"missing string field \"text\" (id {idValue.GetString()})";
                return false;
            }

            id = idValue.GetString()!;
            text = textValue.GetString()!;
            return true;
        }
    }

    private static string Write(string id, string? answer)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            if (answer is null)
            {
                writer.WriteNull("answer");
            }
            else
            {
                writer.WriteString("answer", answer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
