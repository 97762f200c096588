namespace Mosaic.Gateway.Api;

/// <summary>OpenAI's model object; <see cref="Kind"/> says whether it is the mixture or one expert.</summary>
internal sealed record ModelObject(string Id, long Created, string OwnedBy, string Kind)
{
    public string Object => "model";
}
