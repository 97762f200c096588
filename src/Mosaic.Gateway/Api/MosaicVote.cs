namespace Mosaic.Gateway.Api;

internal sealed record MosaicVote(string Answer, int Votes);
