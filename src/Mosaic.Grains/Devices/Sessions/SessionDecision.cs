namespace Mosaic.Grains.Devices.Sessions;

/// <summary>What <see cref="SessionQueue.Next"/> tells the device loop to do now: one of its sealed subtypes.</summary>
internal abstract record SessionDecision;
