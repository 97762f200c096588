namespace Mosaic.Abstractions;

/// <summary>A job the cluster refused at submission; the message says why in one line.</summary>
public sealed class JobRejectedException(string message) : Exception(message);
