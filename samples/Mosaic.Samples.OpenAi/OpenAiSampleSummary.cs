namespace Mosaic.Samples.OpenAi;

/// <summary>What the sample saw through the OpenAI SDK: the models, the chat answer, the streamed text and its chunk count, and the batch's end.</summary>
public sealed record OpenAiSampleSummary(
    IReadOnlyList<string> Models,
    string ChatAnswer,
    string StreamedAnswer,
    int StreamedChunks,
    string BatchId,
    string BatchStatus,
    IReadOnlyList<string> OutputCustomIds);
