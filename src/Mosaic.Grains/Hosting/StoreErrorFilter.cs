using Mosaic.Abstractions;
using Mosaic.Storage;

namespace Mosaic.Grains.Hosting;

/// <summary>
/// A grain call that ends with the store's own error (<see cref="MosaicStorageException"/>: a missing table and the
/// script that creates it) ends with <see cref="JobStoreException"/> instead, its message and the driver's exception
/// kept. Orleans sends back only exception types the caller can read: until 2026-12-06 a silo on SQLite or PostgreSQL
/// whose job table was missing answered every caller with "Could not find a codec for type
/// Mosaic.Storage.MosaicStorageException" (a 500 <c>internal_error</c> at the gateway).
/// </summary>
internal sealed class StoreErrorFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (MosaicStorageException e)
        {
            throw new JobStoreException(e.Message, e.InnerException);
        }
    }
}
