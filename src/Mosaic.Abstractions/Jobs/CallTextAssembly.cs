using System.Text;

namespace Mosaic.Abstractions.Jobs;

/// <summary>
/// Joins the parts of a streaming job's call texts (<see cref="JobProgress.Texts"/>) into each call's text so far. A
/// part replaces what the call's text held from its offset on; a part that begins past the text's end (a watch that
/// broke and started again sends whole texts, so this does not arise from one client's watch) is dropped.
/// </summary>
public sealed class CallTextAssembly
{
    private readonly Dictionary<(string QuestionId, int? Slot), StringBuilder> _texts = [];

    public void Add(IEnumerable<CallText>? parts)
    {
        foreach (var part in parts ?? [])
        {
            var key = (part.QuestionId, part.Slot);
            if (!_texts.TryGetValue(key, out var text))
            {
                _texts[key] = text = new StringBuilder();
            }

            if (part.Offset <= text.Length)
            {
                text.Length = part.Offset;
                text.Append(part.Text);
            }
        }
    }

    /// <summary>
    /// The text so far of slot <paramref name="slot"/> of question <paramref name="questionId"/> (null: its aggregator
    /// call), or null before any part of it.
    /// </summary>
    public string? TextOf(string questionId, int? slot) => _texts.TryGetValue((questionId, slot), out var text) ? text.ToString() : null;
}
