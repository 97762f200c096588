namespace Mosaic.Scheduling.Planning;

/// <summary>How GPU memory limits placement (extension b). Needs memory_gb on experts and workers.</summary>
public enum MemoryConstraint
{
    /// <summary>The paper's model: memory is not modelled (one model resident at a time, assumed to fit).</summary>
    Off,

    /// <summary>Each expert placed on a worker must fit in that worker's memory on its own.</summary>
    FitEach,

    /// <summary>All experts placed on a worker stay resident together: their memory must fit at once.</summary>
    CoResident,
}
