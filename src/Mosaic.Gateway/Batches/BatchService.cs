using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mosaic.Abstractions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Client;
using Mosaic.Gateway.Api;
using Mosaic.Gateway.Chat;
using Mosaic.Gateway.Files;
using Mosaic.Gateway.Hosting;
using Mosaic.Storage.Batches;

namespace Mosaic.Gateway.Batches;

/// <summary>
/// A batch is one MOSAIC job (the batch's id is the job's id), planned as a whole. Its record moves
/// validating → in_progress → finalizing → completed | failed | cancelled (cancelling on the way when asked), each step
/// a compare-and-set on the stored record, so any gateway — the one that created it, another one, a restarted one — can
/// take the next step and two never both take it. Every step is idempotent: the job is submitted under the batch's id
/// (a second submission is recognised), and the output and error files have ids derived from the batch's and contents
/// derived only from the input file and the job's results, so writing them twice writes the same thing once.
/// </summary>
internal sealed class BatchService(
    IBatchStore store,
    IMosaicClient client,
    BatchFileParser parser,
    PoolCatalog catalog,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<BatchService> logger)
{
    public const string Endpoint = "/v1/chat/completions";
    public const string CompletionWindow = "24h";
    private const int MaxSteps = 8;

    /// <summary>The answered count last read from each running batch's job.</summary>
    private readonly ConcurrentDictionary<string, BatchProgress> _lastProgress = new(StringComparer.Ordinal);

    /// <summary>
    /// How long a batch step or a status read waits for its job's report. A call to a silo that was SIGKILLed fails only
    /// after Orleans' response timeout (30 s) while the job resumes elsewhere within seconds: a GET of the batch waited
    /// those 30 s (helper run, 2026-12-05). Past this the step waits for the next scan and the read shows the stored counts.
    /// </summary>
    private static readonly TimeSpan ReportPatience = TimeSpan.FromSeconds(5);

    public async Task<BatchObject> CreateAsync(CreateBatchRequest request, CancellationToken ct)
    {
        var fileId = request.InputFileId is { Length: > 0 } given ? given : throw ApiException.BadRequest("'input_file_id' is required.", "missing_required_parameter", "input_file_id");
        if (request.Endpoint != Endpoint)
        {
            throw ApiException.BadRequest($"'endpoint' must be {Endpoint}, got '{request.Endpoint}'.", "invalid_value", "endpoint");
        }

        if (request.CompletionWindow != CompletionWindow)
        {
            throw ApiException.BadRequest($"'completion_window' must be {CompletionWindow}, got '{request.CompletionWindow}'.", "invalid_value", "completion_window");
        }

        ChatParameters.CheckMetadata(request.Metadata);
        if (request.OutputExpiresAfter is { ValueKind: not JsonValueKind.Null })
        {
            throw ApiException.BadRequest(
                "'output_expires_after' is not supported: a batch's output and error files are kept until they are deleted (DELETE /v1/files/{file_id}).",
                "unsupported_value", "output_expires_after");
        }

        var file = fileId.Length <= 256 ? await store.ReadFileInfoAsync(fileId, ct) : null;
        if (file is null)
        {
            throw ApiException.NotFound("file", fileId, "input_file_id");
        }

        if (file.Purpose != FilesEndpoints.BatchPurpose)
        {
            throw ApiException.BadRequest($"File '{fileId}' has purpose '{file.Purpose}'; a batch reads a file uploaded with purpose=batch.", "invalid_value", "input_file_id");
        }

        var lines = BatchFileParser.CountLines(await store.ReadFileContentAsync(fileId, ct) ?? throw ApiException.NotFound("file", fileId, "input_file_id"));
        if (lines == 0 || lines > options.Value.MaxBatchLines)
        {
            throw ApiException.BadRequest($"File '{fileId}' has {lines} request lines; a batch takes 1 to {options.Value.MaxBatchLines}.", "invalid_value", "input_file_id");
        }

        var now = time.GetUtcNow();
        var record = new BatchRecord(
            $"batch_{Guid.NewGuid():N}", BatchStatus.Validating, fileId, Endpoint, CompletionWindow, now.ToUnixTimeSeconds(),
            now.AddHours(24).ToUnixTimeSeconds(), request.Metadata);
        var stored = new StoredBatch(record.Id, record.Status.Name(), Open: true, Encode(record), now, InputFileId: fileId);
        if (await store.TryCreateBatchAsync(stored, ct) == BatchCreation.InputFileMissing)
        {
            throw ApiException.NotFound("file", fileId, "input_file_id"); // deleted since it was read above
        }

        return await DescribeAsync(await TryAdvanceAsync(stored, ct));
    }

    public async Task<BatchObject> GetAsync(string batchId, CancellationToken ct)
    {
        var stored = await ReadAsync(batchId, ct);
        return await DescribeAsync(stored.Open ? await TryAdvanceAsync(stored, ct) : stored);
    }

    /// <summary>
    /// The open batch (not yet completed, failed or cancelled) that reads <paramref name="fileId"/>, if any, among the
    /// batches stored before their row named its input file: the store checks the others itself when a file is deleted.
    /// </summary>
    public async Task<string?> OpenLegacyBatchReadingAsync(string fileId, CancellationToken ct) =>
        (await store.ListOpenBatchesAsync(ct)).Where(b => b.InputFileId is null).Select(Decode).FirstOrDefault(r => r.InputFileId == fileId)?.Id;

    public async Task<ListResponse<BatchObject>> ListAsync(string? after, int limit, CancellationToken ct)
    {
        if (after is { Length: > 256 })
        {
            return new ListResponse<BatchObject>([], false, null, null); // no batch has such an id: past it, as after any unknown id, nothing
        }

        var rows = await store.ListBatchesAsync(string.IsNullOrEmpty(after) ? null : after, limit + 1, ct);
        var page = rows.Take(limit).Select(Decode).Select(r => BatchObject.From(r, BatchProgress.Of(r))).ToArray();
        return new ListResponse<BatchObject>(page, rows.Count > limit, page.FirstOrDefault()?.Id, page.LastOrDefault()?.Id);
    }

    public async Task<BatchObject> CancelAsync(string batchId, CancellationToken ct)
    {
        var stored = await ReadAsync(batchId, ct);
        for (var attempt = 0; attempt < MaxSteps; attempt++)
        {
            var record = Decode(stored);
            if (record.Status is BatchStatus.Cancelling or BatchStatus.Cancelled)
            {
                break;
            }

            if (record.Status is not (BatchStatus.Validating or BatchStatus.InProgress))
            {
                throw ApiException.BadRequest($"Batch '{batchId}' is {record.Status.Name()}: only a validating or in-progress batch can be cancelled.", "invalid_state");
            }

            var next = record with { Status = BatchStatus.Cancelling, CancellingAt = time.GetUtcNow().ToUnixTimeSeconds() };
            var version = await store.TryUpdateBatchAsync(batchId, stored.Version, next.Status.Name(), true, Encode(next), ct);
            stored = version is { } v ? stored with { Status = next.Status.Name(), Payload = Encode(next), Version = v } : await ReadAsync(batchId, ct);
            if (version is not null)
            {
                logger.LogInformation("Batch {Batch} cancelling", batchId);
                break;
            }
        }

        return await DescribeAsync(await TryAdvanceAsync(stored, ct));
    }

    /// <summary>Takes as many steps as the batch can take now; a step that needs the cluster while it is away waits for the next scan.</summary>
    public async Task<StoredBatch> TryAdvanceAsync(StoredBatch stored, CancellationToken ct)
    {
        try
        {
            return await AdvanceAsync(stored, ct);
        }
        catch (Exception e) when (ClusterErrors.IsUnavailable(e) && !ct.IsCancellationRequested)
        {
            logger.LogDebug("Batch {Batch} waits for the cluster: {Error}", stored.BatchId, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Batch {Batch} could not advance: {Error}", stored.BatchId, e.Message);
        }

        return await store.ReadBatchAsync(stored.BatchId, ct) ?? stored;
    }

    private async Task<StoredBatch> AdvanceAsync(StoredBatch stored, CancellationToken ct)
    {
        for (var step = 0; step < MaxSteps; step++)
        {
            var record = Decode(stored);
            var next = record.Status switch
            {
                BatchStatus.Validating => await ValidateAsync(record, ct),
                BatchStatus.InProgress or BatchStatus.Cancelling => await WatchAsync(record, ct),
                BatchStatus.Finalizing => await FinalizeAsync(record, ct),
                _ => null,
            };
            if (next is null)
            {
                return stored;
            }

            var payload = Encode(next);
            if (await store.TryUpdateBatchAsync(record.Id, stored.Version, next.Status.Name(), next.Status.IsOpen(), payload, ct) is { } version)
            {
                logger.LogInformation("Batch {Batch} {From} -> {To}", record.Id, record.Status.Name(), next.Status.Name());
                stored = stored with { Status = next.Status.Name(), Open = next.Status.IsOpen(), Payload = payload, Version = version };
                continue;
            }

            // Another gateway took this step first (or a cancellation came in): continue from what it wrote.
            stored = await store.ReadBatchAsync(record.Id, ct) ?? stored;
            if (record.Status == BatchStatus.Validating && next.Status == BatchStatus.InProgress && Decode(stored).Status == BatchStatus.Cancelled)
            {
                await client.CancelAsync(record.Id); // cancelled before our submission landed: stop the job we just started
            }
        }

        return stored;
    }

    /// <summary>Reads the input file and submits the job (once: an existing job of this id is the batch's).</summary>
    private async Task<BatchRecord?> ValidateAsync(BatchRecord record, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (await store.ReadFileContentAsync(record.InputFileId, ct) is not { } content)
        {
            return Fail(record, "input_file_missing", $"The input file '{record.InputFileId}' no longer exists.");
        }

        var parsed = parser.Parse(content, record.Endpoint);
        var counted = record with { Model = parsed.Model, Total = parsed.Lines.Count, Failed = parsed.Invalid };
        if (parsed.Valid.Count == 0)
        {
            return counted with { Status = BatchStatus.Finalizing, FinalizingAt = now };
        }

        if (await ReportAsync(record.Id, ct) is null)
        {
            var spec = parsed.Job(catalog)!;
            try
            {
                await client.SubmitAsync(spec, record.Id);
                logger.LogInformation("Batch {Batch}: job submitted, {Questions} questions for model {Model} ({Invalid} bad lines)", record.Id, spec.Questions.Count, parsed.Model, parsed.Invalid);
            }
            catch (JobRejectedException e)
            {
                // "Already exists": another gateway (or this one's scan) submitted it a moment before, and its job may
                // take a moment more to answer reports (a helper saw a batch failed here while its job completed, once,
                // as a silo left the cluster).
                for (var attempt = 0; await ReportAsync(record.Id, ct) is null; attempt++)
                {
                    if (attempt == 15 || e.Reason != JobRejection.IdInUse)
                    {
                        return Fail(counted, "job_rejected", $"The cluster refused the batch's job: {e.Message}");
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
                }
            }
        }

        return counted with { Status = BatchStatus.InProgress, InProgressAt = now };
    }

    /// <summary>Moves to finalizing once the job has ended; a cancelling batch cancels its job first.</summary>
    private async Task<BatchRecord?> WatchAsync(BatchRecord record, CancellationToken ct)
    {
        var report = await ReportAsync(record.Id, ct);
        if (report is null)
        {
            return record.Status == BatchStatus.Cancelling
                ? record with { Status = BatchStatus.Cancelled, CancelledAt = time.GetUtcNow().ToUnixTimeSeconds() }
                : Fail(record, "job_missing", "The batch's job is missing from the cluster.");
        }

        if (report.Status == JobStatus.Running)
        {
            if (record.Status != BatchStatus.Cancelling)
            {
                return null;
            }

            await client.CancelAsync(record.Id);
            report = await ReportAsync(record.Id, ct);
            if (report is null or { Status: JobStatus.Running })
            {
                return null;
            }
        }

        var progress = BatchProgress.Running(record, report);
        return record with { Status = BatchStatus.Finalizing, FinalizingAt = time.GetUtcNow().ToUnixTimeSeconds(), Completed = progress.Completed, Failed = progress.Failed };
    }

    /// <summary>Writes the output and error files from the input file and the job's results, then the final status.</summary>
    private async Task<BatchRecord> FinalizeAsync(BatchRecord record, CancellationToken ct)
    {
        if (await store.ReadFileContentAsync(record.InputFileId, ct) is not { } content)
        {
            // Deleting a file an open batch reads is refused, but a deletion that raced the batch's creation can land.
            return Fail(record, "input_file_missing", $"The input file '{record.InputFileId}' was deleted before the batch's output was written.");
        }

        var parsed = parser.Parse(content, record.Endpoint);
        var report = await ReportAsync(record.Id, ct);
        var results = report is null ? [] : await client.GetResultsAsync(record.Id, ct);
        var lines = parsed.Lines.ToDictionary(l => l.Number);
        var suffix = record.Id.StartsWith("batch_", StringComparison.Ordinal) ? record.Id["batch_".Length..] : record.Id;
        var outputs = new SortedDictionary<int, string>();
        var errors = parsed.Lines.Where(l => l.Error is not null)
            .ToDictionary(l => l.Number, l => Line(suffix, l, null, new BatchLineError(l.Error!.Code ?? "invalid_request", l.Error.Message)));
        foreach (var result in results)
        {
            if (BatchLine.LineOf(result.QuestionId) is not { } number || !lines.TryGetValue(number, out var line) || line.Question is null)
            {
                logger.LogWarning("Batch {Batch}: result for unknown question {Question} ignored", record.Id, result.QuestionId);
                continue;
            }

            if (CompletionFactory.HasAnswer(result))
            {
                var completion = CompletionFactory.Completion($"chatcmpl-{suffix}-{number}", line.Question.Model, result, record.Id, line.Question.Skill, line.Question.Stop);
                outputs[number] = Line(suffix, line, new BatchLineResponse(StatusCodes.Status200OK, $"req_{suffix}_{number}", completion), null);
            }
            else
            {
                errors[number] = Line(suffix, line, null, new BatchLineError(CompletionFactory.FailureCode(result), $"line {number}: no model answered ({CompletionFactory.Failure(result)})"));
            }
        }

        var createdAt = DateTimeOffset.FromUnixTimeSeconds(record.FinalizingAt ?? record.CreatedAt);
        var outputFile = await WriteFileAsync($"file-{record.Id}-output", $"{record.Id}_output.jsonl", outputs.Values, createdAt, ct);
        var errorFile = await WriteFileAsync($"file-{record.Id}-errors", $"{record.Id}_errors.jsonl", errors.OrderBy(e => e.Key).Select(e => e.Value), createdAt, ct);
        var done = record with
        {
            Total = parsed.Lines.Count, Completed = outputs.Count, Failed = errors.Count, OutputFileId = outputFile, ErrorFileId = errorFile,
        };
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        return report?.Status switch
        {
            JobStatus.Completed => done with { Status = BatchStatus.Completed, CompletedAt = now },
            JobStatus.Cancelled => done with { Status = BatchStatus.Cancelled, CancelledAt = now },
            JobStatus.Failed => Fail(done, "job_failed", $"The batch's job failed: {report.Error}"),
            _ when parsed.Valid.Count == 0 => Fail(done, "no_valid_requests", "No line of the input file is a valid request; the error file says why for each."),
            _ when record.CancellingAt is not null => done with { Status = BatchStatus.Cancelled, CancelledAt = now },
            _ => Fail(done, "job_missing", "The batch's job is missing from the cluster."),
        };
    }

    private async Task<string?> WriteFileAsync(string id, string name, IEnumerable<string> lines, DateTimeOffset createdAt, CancellationToken ct)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        if (text.Length == 0)
        {
            return null;
        }

        await store.TryCreateFileAsync(new StoredFile(id, name, FilesEndpoints.BatchOutputPurpose, createdAt, Encoding.UTF8.GetBytes(text.ToString())), ct);
        return id;
    }

    private async Task<BatchObject> DescribeAsync(StoredBatch stored)
    {
        var record = Decode(stored);
        var progress = BatchProgress.Of(record);
        if (record.Status is BatchStatus.InProgress or BatchStatus.Cancelling)
        {
            try
            {
                if (await ReportAsync(record.Id, default) is { } report)
                {
                    progress = _lastProgress[record.Id] = BatchProgress.Running(record, report);
                }
            }
            catch (Exception e) when (ClusterErrors.IsUnavailable(e))
            {
                // The silos are away (the job resumes when they are back): the last counts this gateway read, not the
                // record's, which are only written when the batch ends and would show a running batch falling to 0.
                progress = _lastProgress.GetValueOrDefault(record.Id, progress);
            }
        }
        else
        {
            _lastProgress.TryRemove(record.Id, out _);
        }

        return BatchObject.From(record, progress);
    }

    private Task<JobReport?> ReportAsync(string jobId, CancellationToken ct) => client.GetReportAsync(jobId).WaitAsync(ReportPatience, ct);

    private async Task<StoredBatch> ReadAsync(string batchId, CancellationToken ct) =>
        (batchId.Length <= 256 ? await store.ReadBatchAsync(batchId, ct) : null) ?? throw ApiException.NotFound("batch", batchId, "batch_id");

    private BatchRecord Fail(BatchRecord record, string code, string message) => record with
    {
        Status = BatchStatus.Failed,
        FailedAt = time.GetUtcNow().ToUnixTimeSeconds(),
        Errors = [.. record.Errors ?? [], new BatchErrorItem(code, message)],
    };

    private static string Line(string suffix, BatchLine line, BatchLineResponse? response, BatchLineError? error) =>
        GatewayJson.Line(new BatchOutputLine($"batch_req_{suffix}_{line.Number}", line.CustomId, response, error));

    private static byte[] Encode(BatchRecord record) => JsonSerializer.SerializeToUtf8Bytes(record, GatewayJson.Options);

    private static BatchRecord Decode(StoredBatch stored) =>
        JsonSerializer.Deserialize<BatchRecord>(stored.Payload, GatewayJson.Options) ?? throw new InvalidDataException($"batch '{stored.BatchId}' has an empty record");
}
