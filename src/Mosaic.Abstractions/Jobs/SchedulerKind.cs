using System.ComponentModel;
using System.Text.Json.Serialization;
using Mosaic.Aggregation;

namespace Mosaic.Abstractions.Jobs;

/// <summary>How a job's expert stage is placed on the workers.</summary>
[TypeConverter(typeof(EnumNameConverter<SchedulerKind>))]
public enum SchedulerKind
{
    /// <summary>MOSAIC's ILP (CP-SAT): joint placement and prompt assignment, heavy experts replicated.</summary>
    [JsonStringEnumMemberName("mosaic")]
    Mosaic,

    /// <summary>The paper's baseline: experts dealt to workers in turn, each expert's prompts on one worker.</summary>
    [JsonStringEnumMemberName("round-robin")]
    RoundRobin,

    /// <summary>Every expert on every worker, its prompts split evenly, one expert after another.</summary>
    [JsonStringEnumMemberName("data-parallel")]
    DataParallel,

    /// <summary>Longest-processing-time-first greedy with replication (the ILP's warm start).</summary>
    [JsonStringEnumMemberName("lpt")]
    Lpt,
}
