namespace Mosaic.Hosting;

/// <summary>A SQLite store another embedded cluster holds (<see cref="StoreLock"/>): the user's choice of data folder, reported in one line.</summary>
internal sealed class StoreInUseException(string message, Exception inner) : InvalidOperationException(message, inner);
