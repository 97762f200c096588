using Microsoft.AspNetCore.Connections;

namespace Mosaic.Gateway.Hosting;

/// <summary>
/// Kestrel's "Failed to bind to address http://127.0.0.1:8080: address already in use." out of a failed host start,
/// where it may sit inside the host's AggregateException of failed hosted services.
/// </summary>
internal static class BindFailure
{
    public static string? Message(Exception exception) => exception switch
    {
        IOException { InnerException: AddressInUseException } e => e.Message,
        AggregateException a => a.InnerExceptions.Select(Message).FirstOrDefault(m => m is not null),
        { InnerException: { } inner } => Message(inner),
        _ => null,
    };
}
