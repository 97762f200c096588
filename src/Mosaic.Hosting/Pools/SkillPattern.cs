using System.Text.RegularExpressions;

namespace Mosaic.Hosting.Pools;

/// <summary>A skill the router knows, recognised in a question's text by a regular expression.</summary>
internal sealed record SkillPattern(string Name, Regex Pattern);
