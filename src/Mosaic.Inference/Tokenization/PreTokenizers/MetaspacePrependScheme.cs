namespace Mosaic.Inference.Tokenization.PreTokenizers;

/// <summary>When Metaspace puts its replacement character in front of a piece.</summary>
internal enum MetaspacePrependScheme
{
    Always,
    First,
    Never,
}
