namespace Mosaic.Gateway.Batches;

/// <summary>A byte of a line (<see cref="Position"/> counted from 1) that is not part of a UTF-8 character.</summary>
internal sealed record BadByte(int Position, byte Value);
